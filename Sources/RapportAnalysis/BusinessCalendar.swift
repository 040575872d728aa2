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
        BusinessClock(calendar: self, offsets: offsets).businessSeconds(from: from, to: to)
    }

    /// Working seconds in `[from, to]` at a fixed offset. Whole weeks in between are counted
    /// arithmetically (holidays subtracted), so long spans cost O(holidays), not O(days).
    public func businessSeconds(from: Double, to: Double, offset: Int32) -> Double {
        guard to > from else { return 0 }
        let off = Double(offset)
        let localFrom = from + off
        let localTo = to + off
        let firstDay = Self.floorDiv(Int64(localFrom.rounded(.down)), 86_400)
        let lastDay = Self.floorDiv(Int64(localTo.rounded(.down)), 86_400)
        func partial(_ day: Int64) -> Double {
            guard isWorkingDay(day) else { return 0 }
            let ws = Double(day * 86_400) + Double(startMinute * 60)
            let we = Double(day * 86_400) + Double(endMinute * 60)
            let s = max(ws, localFrom)
            let e = min(we, localTo)
            return e > s ? e - s : 0
        }
        if lastDay - firstDay < 16 {
            var total = 0.0
            var day = firstDay
            while day <= lastDay {
                total += partial(day)
                day += 1
            }
            return total
        }
        // First and last day partially; the days in between are full working days when working.
        let inner = workingDays(from: firstDay + 1, through: lastDay - 1)
        return partial(firstDay) + partial(lastDay) + Double(inner) * daySeconds
    }

    /// Number of working days in `[a, b]` (local days since the epoch).
    func workingDays(from a: Int64, through b: Int64) -> Int64 {
        guard b >= a else { return 0 }
        let n = b - a + 1
        let weeks = n / 7
        var count = weeks * Int64(7 - weekend.count)
        var day = a + weeks * 7
        while day <= b {
            let weekday = Int(((day % 7) + 11) % 7)
            if !weekend.contains(weekday) { count += 1 }
            day += 1
        }
        for h in holidays where Int64(h) >= a && Int64(h) <= b {
            let weekday = Int(((Int64(h) % 7) + 11) % 7)
            if !weekend.contains(weekday) { count -= 1 }
        }
        return count
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

/// The UTC offsets one side was seen writing with, over time: runs of equal offsets.
public struct OffsetTimeline: Sendable, Hashable {
    /// Runs sorted by time: first and last instant seen with `offset`.
    public struct Run: Sendable, Hashable {
        public var first: Double
        public var last: Double
        public var offset: Int32
    }

    public private(set) var runs: [Run] = []

    public init() {}

    /// Builds from observations in any order.
    public init(observations: [(Double, Int32)]) {
        let sorted = observations.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        for o in sorted {
            if let l = runs.last, l.offset == o.1 {
                runs[runs.count - 1].last = o.0
            } else {
                runs.append(Run(first: o.0, last: o.0, offset: o.1))
            }
        }
    }

    /// The offset seen at or before `t` (the first one before any observation); nil when empty.
    public func offset(at t: Double) -> Int32? {
        guard var best = runs.first?.offset else { return nil }
        for r in runs {
            if r.first <= t { best = r.offset } else { break }
        }
        return best
    }
}

/// One side's working clock: a calendar plus where its offset changes (see ``BusinessCalendar``).
/// Prepared once per contact; each query costs O(log changes + days in the span).
public struct BusinessClock: Sendable {
    struct Switch {
        /// When the new offset takes effect.
        var at: Double
        /// When the change became observable (the first message with the new offset).
        var knownAt: Double
        var offset: Int32
    }

    let calendar: BusinessCalendar
    let initial: Int32
    let switches: [Switch]

    public init(calendar: BusinessCalendar, offsets: OffsetTimeline) {
        self.calendar = calendar
        initial = offsets.runs.first?.offset ?? 0
        var sw: [Switch] = []
        for (prev, next) in zip(offsets.runs, offsets.runs.dropFirst()) {
            var at = next.first
            if let m = calendar.nextNonWorkingMidnight(after: prev.last, offset: prev.offset), m < next.first { at = m }
            sw.append(Switch(at: at, knownAt: next.first, offset: next.offset))
        }
        switches = sw
    }

    /// Working seconds in `[from, to]`, using only offset changes observable by `to` (so a replay as of
    /// an earlier date computes the same value).
    public func businessSeconds(from: Double, to: Double) -> Double {
        guard to > from else { return 0 }
        if switches.isEmpty { return calendar.businessSeconds(from: from, to: to, offset: initial) }
        // Switches known by `to` form a prefix (knownAt is increasing).
        var lo = 0
        var hi = switches.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if switches[mid].knownAt <= to { lo = mid + 1 } else { hi = mid }
        }
        let usable = switches[0..<lo]
        var current = initial
        var index = usable.startIndex
        while index < usable.endIndex, usable[index].at <= from {
            current = usable[index].offset
            index += 1
        }
        var total = 0.0
        var cursor = from
        while index < usable.endIndex, usable[index].at < to {
            total += calendar.businessSeconds(from: cursor, to: usable[index].at, offset: current)
            cursor = usable[index].at
            current = usable[index].offset
            index += 1
        }
        return total + calendar.businessSeconds(from: cursor, to: to, offset: current)
    }
}

/// Our side's working clocks for one contact: one per person of ours who wrote to the contact (each from
/// the UTC offsets of that person's own messages), and one over all of our messages together.
///
/// A team answering from several time zones (follow-the-sun support) is not one clock: mixed into one
/// timeline, a Berlin reply between two New York ones would read as two offset changes. So our reply's
/// business latency is measured on its author's clock, and an item waiting on us ages on the clock of the
/// last person of ours who wrote in that thread (the whole side's clock when none of us has yet).
struct OurClocks {
    let combined: BusinessClock
    let byAuthor: [Int32: BusinessClock]

    /// - Parameter observations: (author, instant, UTC offset) of our messages, in any order.
    init(calendar: BusinessCalendar, observations: [(author: Int32, instant: Double, offset: Int32)]) {
        let all = BusinessClock(
            calendar: calendar, offsets: OffsetTimeline(observations: observations.map { ($0.instant, $0.offset) }))
        combined = all
        var grouped: [Int32: [(Double, Int32)]] = [:]
        for o in observations { grouped[o.author, default: []].append((o.instant, o.offset)) }
        if grouped.count <= 1 {
            // One person: their clock is the side's clock.
            byAuthor = grouped.mapValues { _ in all }
        } else {
            byAuthor = grouped.mapValues {
                BusinessClock(calendar: calendar, offsets: OffsetTimeline(observations: $0))
            }
        }
    }

    /// The clock of `author` (the side's clock for nil or a person without messages to this contact).
    func clock(_ author: Int32?) -> BusinessClock {
        guard let author, let c = byAuthor[author] else { return combined }
        return c
    }
}
