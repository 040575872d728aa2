/// A moment in time that keeps the UTC offset it was written with.
///
/// Stored as whole seconds since the Unix epoch (UTC) plus microseconds, so Slack's `ts`
/// (`1545668983.435175`) round-trips exactly; `utcOffset` is the author's offset in seconds
/// (business-hours latency needs the author's local time). Ordering and equality of instants use
/// ``instant`` only (see ``isSameInstant(as:)``); `==` also compares the offset.
public struct Timestamp: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var seconds: Int64
    public var microseconds: Int32
    public var utcOffset: Int32

    public init(seconds: Int64, microseconds: Int32 = 0, utcOffset: Int32 = 0) {
        self.seconds = seconds
        self.microseconds = microseconds
        self.utcOffset = utcOffset
    }

    /// Seconds since the epoch as a floating-point value.
    public var instant: Double { Double(seconds) + Double(microseconds) / 1_000_000 }

    public func isSameInstant(as other: Timestamp) -> Bool {
        seconds == other.seconds && microseconds == other.microseconds
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        (lhs.seconds, lhs.microseconds, lhs.utcOffset) < (rhs.seconds, rhs.microseconds, rhs.utcOffset)
    }

    /// Builds a timestamp from a civil date-time in the given offset. Out-of-range fields are
    /// normalized arithmetically (e.g. second 60 rolls over), never trapping.
    public init(
        year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
        microseconds: Int32 = 0, utcOffset: Int32 = 0
    ) {
        let days = Self.daysFromCivil(year: year, month: month, day: day)
        let local = Int64(days) * 86_400 + Int64(hour) * 3600 + Int64(minute) * 60 + Int64(second)
        self.init(seconds: local - Int64(utcOffset), microseconds: microseconds, utcOffset: utcOffset)
    }

    /// The local civil fields in this timestamp's own offset.
    public var local: CivilTime { CivilTime(epochSeconds: seconds + Int64(utcOffset)) }

    /// The same instant seen at another offset.
    public func at(offset: Int32) -> Timestamp {
        Timestamp(seconds: seconds, microseconds: microseconds, utcOffset: offset)
    }

    /// ISO 8601 with the original offset: `2016-09-16T22:26:51+02:00`, with `.ffffff` when
    /// microseconds are present.
    public var iso8601: String {
        var out: [UInt8] = []
        out.reserveCapacity(32)
        appendISO8601(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends ``iso8601`` as UTF-8 to `out` (built on bytes: NDJSON writes one per message).
    public func appendISO8601(to out: inout [UInt8]) {
        let c = local
        Self.appendPadded(c.year, 4, &out)
        out.append(0x2D)
        Self.appendPadded(c.month, 2, &out)
        out.append(0x2D)
        Self.appendPadded(c.day, 2, &out)
        out.append(0x54)
        Self.appendPadded(c.hour, 2, &out)
        out.append(0x3A)
        Self.appendPadded(c.minute, 2, &out)
        out.append(0x3A)
        Self.appendPadded(c.second, 2, &out)
        if microseconds != 0 {
            out.append(0x2E)
            Self.appendPadded(Int(microseconds), 6, &out)
        }
        let off = Int(utcOffset)
        out.append(off < 0 ? 0x2D : 0x2B)
        Self.appendPadded(abs(off) / 3600, 2, &out)
        out.append(0x3A)
        Self.appendPadded(abs(off) % 3600 / 60, 2, &out)
    }

    /// ``pad(_:_:)`` appended as bytes: `-` for a negative value, then its decimal digits left-padded with
    /// zeros to `width`.
    static func appendPadded(_ value: Int, _ width: Int, _ out: inout [UInt8]) {
        if value < 0 { out.append(0x2D) }
        let v = value.magnitude
        // Digits counted first, then written from the most significant: no reversing in `out` (a slice's
        // `reverse()` there copied the whole buffer).
        var digits = 1
        var scale: UInt = 1
        while v / scale >= 10 {
            scale *= 10
            digits += 1
        }
        for _ in digits..<max(digits, width) { out.append(0x30) }
        while scale > 0 {
            out.append(0x30 + UInt8(v / scale % 10))
            scale /= 10
        }
    }

    public var description: String { iso8601 }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(abs(value))
        let padded = digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        return value < 0 ? "-" + padded : padded
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    // MARK: Codable as the ISO 8601 string (lossless: offset and microseconds included)

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        guard let t = Timestamp(iso8601: s) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an ISO 8601 timestamp: \(s)")
        }
        self = t
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(iso8601)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.ffffff](Z|±HH:MM)` (the form ``iso8601`` writes; also a space
    /// instead of `T`, and `±HHMM`).
    public init?(iso8601 s: String) {
        let b = Array(s.utf8)
        var i = 0
        func num(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in 0..<n {
                let d = b[i + k]
                guard d >= 48 && d <= 57 else { return nil }
                v = v * 10 + Int(d - 48)
            }
            i += n
            return v
        }
        func lit(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let y = num(4), lit(45), let mo = num(2), lit(45), let d = num(2) else { return nil }
        guard i < b.count, b[i] == 84 || b[i] == 32 || b[i] == 116 else { return nil }
        i += 1
        guard let h = num(2), lit(58), let mi = num(2), lit(58), let se = num(2) else { return nil }
        var micro = 0
        if lit(46) {
            var digits = 0
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                if digits < 6 { micro = micro * 10 + Int(b[i] - 48) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 6) { micro *= 10 }
        }
        var offset = 0
        if lit(90) || lit(122) {
            offset = 0
        } else if i < b.count, b[i] == 43 || b[i] == 45 {
            let sign = b[i] == 45 ? -1 : 1
            i += 1
            guard let oh = num(2) else { return nil }
            _ = lit(58)
            guard let om = num(2) else { return nil }
            offset = sign * (oh * 3600 + om * 60)
        } else {
            return nil
        }
        guard i == b.count, (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, se < 61 else { return nil }
        self.init(
            year: y, month: mo, day: d, hour: h, minute: mi, second: se, microseconds: Int32(micro),
            utcOffset: Int32(offset))
    }
}

/// Civil (calendar) fields of a moment in some offset.
public struct CivilTime: Sendable, Hashable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// 0 = Sunday … 6 = Saturday.
    public var weekday: Int

    public init(epochSeconds: Int64) {
        var days = epochSeconds / 86_400
        var rem = epochSeconds % 86_400
        if rem < 0 {
            rem += 86_400
            days -= 1
        }
        hour = Int(rem / 3600)
        minute = Int(rem % 3600 / 60)
        second = Int(rem % 60)
        let z = Int(days) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        let wd = (Int(days) % 7 + 11) % 7  // 1970-01-01 was a Thursday (4)
        weekday = wd
    }

    /// `YYYY-MM` key used for monthly statistics.
    public var monthKey: String { Timestamp.pad(year, 4) + "-" + Timestamp.pad(month, 2) }
    /// `YYYY-MM-DD`.
    public var dayKey: String { monthKey + "-" + Timestamp.pad(day, 2) }
}
