import Foundation
public import RapportCore

/// Working time between two instants in one side's local time.
///
/// The local time comes from the UTC offsets seen on that side's own messages (an ``OffsetTimeline``),
/// so a DST change shows up as a change of offset between two of their messages. The change is placed at
/// the start of the first non-working day (weekend or holiday) after the last message with the old offset
/// (DST switches happen on Sunday nights in Europe and North America), or at the first message with the
/// new offset when no non-working day lies between them.
public struct BusinessCalendar: Sendable, Hashable {
    /// Working window in minutes after local midnight.
    public var startMinute: Int
    public var endMinute: Int
    /// Non-working weekdays (0 = Sunday).
    public var weekend: Set<Int>
    /// Days off, as days since the epoch (local calendar).
    public var holidays: Set<Int>

    public init(startMinute: Int = 540, endMinute: Int = 1020, weekend: Set<Int> = [0, 6], holidays: Set<Int> = []) {
        self.startMinute = startMinute
        self.endMinute = max(startMinute, endMinute)
        self.weekend = weekend
        self.holidays = holidays
    }

    public init(_ config: AnalysisConfig.BusinessHours) {
        self.init(
            startMinute: Self.parseClock(config.start) ?? 540, endMinute: Self.parseClock(config.end) ?? 1020,
            weekend: Set(config.weekend), holidays: Set(config.holidays.compactMap(Self.parseDay)))
    }

    /// Seconds of working time per working day.
    public var daySeconds: Double { Double(endMinute - startMinute) * 60 }

    /// Whether a local day (days since the epoch) is a working day.
    public func isWorkingDay(_ day: Int64) -> Bool {
        let weekday = Int(((day % 7) + 11) % 7)
        return !weekend.contains(weekday) && !holidays.contains(Int(day))
    }

    /// Whether an instant falls inside working hours at a given offset.
    public func isWorkingTime(_ t: Timestamp) -> Bool {
        let local = t.seconds + Int64(t.utcOffset)
        let day = Self.floorDiv(local, 86_400)
        let minute = Int((local - day * 86_400) / 60)
        return isWorkingDay(day) && minute >= startMinute && minute < endMinute
    }

    /// Working seconds in `[from, to]` (UTC seconds) for a side whose offsets are `offsets`.
    public func businessSeconds(from: Double, to: Double, offsets: OffsetTimeline) -> Double {
        guard to > from else { return 0 }
        var total = 0.0
        // Walk segments of constant offset.
        for segment in offsets.segments(from: from, to: to, calendar: self) {
            total += businessSeconds(from: segment.from, to: segment.to, offset: segment.offset)
        }
        return total
    }

    /// Working seconds in `[from, to]` at a fixed offset.
    public func businessSeconds(from: Double, to: Double, offset: Int32) -> Double {
        guard to > from else { return 0 }
        let off = Double(offset)
        let localFrom = from + off
        let localTo = to + off
        var day = Self.floorDiv(Int64(localFrom.rounded(.down)), 86_400)
        let lastDay = Self.floorDiv(Int64(localTo.rounded(.down)), 86_400)
        var total = 0.0
        while day <= lastDay {
            if isWorkingDay(day) {
                let ws = Double(day * 86_400) + Double(startMinute * 60)
                let we = Double(day * 86_400) + Double(endMinute * 60)
                let s = max(ws, localFrom)
                let e = min(we, localTo)
                if e > s { total += e - s }
            }
            day += 1
        }
        return total
    }

    /// The first non-working local day starting after `instant` (at `offset`), as the UTC instant of its
    /// local midnight; nil when none within 14 days.
    func nextNonWorkingMidnight(after instant: Double, offset: Int32) -> Double? {
        let localDay = Self.floorDiv(Int64((instant + Double(offset)).rounded(.down)), 86_400)
        for d in (localDay + 1)...(localDay + 14) where !isWorkingDay(d) {
            return Double(d * 86_400) - Double(offset)
        }
        return nil
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// `HH:MM` → minutes after midnight.
    public static func parseClock(_ s: String) -> Int? {
        let parts = s.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0..<60).contains(m)
        else { return nil }
        let total = h * 60 + m
        return total <= 1440 ? total : nil
    }

    /// `YYYY-MM-DD` → days since the epoch.
    public static func parseDay(_ s: String) -> Int? {
        let parts = s.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]),
            let d = Int(parts[2]),
            (1...12).contains(m), (1...31).contains(d)
        else { return nil }
        return Timestamp.daysFromCivil(year: y, month: m, day: d)
    }

    /// Reads a holidays file: one `YYYY-MM-DD` per line; blank lines and `#` comments ignored.
    public static func readHolidays(path: String) throws(RapportError) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RapportError(.missingInput, "holidays file cannot be read", file: path, remedy: "check the path")
        }
        var days: [String] = []
        for (i, raw) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated()
        {
            var line = Substring(raw)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            guard parseDay(trimmed) != nil else {
                throw RapportError(.invalidConfiguration, "not a YYYY-MM-DD date: \(trimmed)", file: path, line: i + 1)
            }
            days.append(trimmed)
        }
        return days
    }
}

/// The UTC offsets one side was seen writing with, over time (change points only).
public struct OffsetTimeline: Sendable, Hashable {
    /// (instant, offset) observations sorted by instant, consecutive equal offsets collapsed.
    public private(set) var points: [(Double, Int32)] = []

    public static func == (a: OffsetTimeline, b: OffsetTimeline) -> Bool {
        a.points.count == b.points.count && zip(a.points, b.points).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }

    public func hash(into hasher: inout Hasher) {
        for p in points {
            hasher.combine(p.0)
            hasher.combine(p.1)
        }
    }

    public init() {}

    /// Builds from observations in any order.
    public init(observations: [(Double, Int32)]) {
        let sorted = observations.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        for o in sorted where points.last?.1 != o.1 { points.append(o) }
    }

    /// The offset seen at or before `t` (the first one before any observation); nil when empty.
    public func offset(at t: Double) -> Int32? {
        guard var best = points.first?.1 else { return nil }
        for p in points {
            if p.0 <= t { best = p.1 } else { break }
        }
        return best
    }

    struct Segment {
        var from: Double
        var to: Double
        var offset: Int32
    }

    /// Splits `[from, to]` into constant-offset segments, placing each change as documented on
    /// ``BusinessCalendar``.
    func segments(from: Double, to: Double, calendar: BusinessCalendar) -> [Segment] {
        guard !points.isEmpty else { return [Segment(from: from, to: to, offset: 0)] }
        // Switch instants: for change point i (i ≥ 1), between points[i-1] and points[i].
        var switches: [(Double, Int32)] = []
        for i in 1..<points.count {
            let prev = points[i - 1]
            let next = points[i]
            var at = next.0
            if let m = calendar.nextNonWorkingMidnight(after: prev.0, offset: prev.1), m < next.0 { at = m }
            switches.append((at, next.1))
        }
        var current = points[0].1
        for s in switches where s.0 <= from { current = s.1 }
        var result: [Segment] = []
        var cursor = from
        for s in switches where s.0 > from && s.0 < to {
            result.append(Segment(from: cursor, to: s.0, offset: current))
            cursor = s.0
            current = s.1
        }
        result.append(Segment(from: cursor, to: to, offset: current))
        return result
    }
}
