import Foundation
public import RapportCore

/// Where a ticket timestamp's UTC offset comes from when the text itself carries none.
public enum TicketTimeZone: Sendable, Hashable {
    /// A fixed offset in seconds east of UTC.
    case offset(Int32)
    /// An IANA zone name (`Europe/Berlin`), resolved for the date in question (daylight saving).
    case named(String)

    /// Parses `UTC`, `Z`, `+02:00`, `-0500`, `GMT+1`, a known abbreviation (`PST`), an IANA name, or a
    /// helpdesk label `(GMT+01:00) Berlin` (named when the place is known, else its fixed offset).
    public init?(_ text: String) {
        var t = text.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return nil }
        if t.hasPrefix("(") {
            if let id = TicketZoneLabel.resolve(t) {
                self = .named(id)
                return
            }
            guard let close = t.firstIndex(of: ")") else { return nil }
            t = String(t[t.index(after: t.startIndex)..<close])
        }
        if let off = TicketDateParser.parseOffset(Array(t.utf8)[...]) {
            self = .offset(off)
        } else if let abbr = TicketDateParser.zoneAbbreviations[t.uppercased()] {
            self = .offset(abbr)
        } else if t.contains("/"), TimeZone(identifier: t) != nil {
            self = .named(t)
        } else {
            return nil
        }
    }

    /// The offset that applies at a local civil time (seconds since epoch as if it were UTC).
    func offset(atLocal local: Int64) -> Int32 {
        switch self {
        case .offset(let o): return o
        case .named(let name):
            guard let zone = TimeZone(identifier: name) else { return 0 }
            // Two rounds: guess with the offset at the local time read as UTC, then correct.
            var guess = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local)))
            guess = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local - Int64(guess))))
            return Int32(guess)
        }
    }
}

/// A tolerant parser for the timestamps helpdesk pages print.
///
/// Tried in order: ISO 8601 (also without seconds, with a fraction, `+0000`, or a bare date),
/// Unix epoch seconds / milliseconds, the profile's formats (ICU-style patterns such as
/// `MMM d, yyyy HH:mm`, `dd/MMM/yy h:mm a`, `EEE MMM d HH:mm:ss yyyy`), then a heuristic reading
/// of free text (`March 5, 2024 at 3:04 PM`, `2024-03-05 15:04:05 PDT`, `5 Mar 2024 15:04`).
/// A zone in the text (offset or abbreviation) wins; otherwise `zone`; otherwise UTC.
/// The offset is kept in the ``Timestamp``. Never traps; `nil` when nothing sensible is found.
public struct TicketDateParser: Sendable {
    /// Profile formats, tried before the heuristics.
    public var formats: [String]
    /// The zone used when the text has none.
    public var zone: TicketTimeZone?
    /// For all-numeric dates like `03/04/2024`: true reads day first (`dd/MM`), false month first.
    public var dayFirst: Bool

    public init(formats: [String] = [], zone: TicketTimeZone? = nil, dayFirst: Bool = false) {
        self.formats = formats
        self.zone = zone
        self.dayFirst = dayFirst
    }

    /// Parses a timestamp; `nil` when it is not one.
    public func parse(_ text: String) -> Timestamp? { parseDetailed(text)?.timestamp }

    /// Parses a timestamp and says whether the text itself carried its zone (offset, abbreviation,
    /// IANA name, or an epoch value).
    public func parseDetailed(_ text: String) -> (timestamp: Timestamp, zoneInText: Bool)? {
        guard let result = parseInner(text) else { return nil }
        // The text carries its own zone when the default zone makes no difference.
        var a = self
        a.zone = nil
        var b = self
        b.zone = .offset(13 * 3600 + 17 * 60)
        let explicit = a.parseInner(text) == b.parseInner(text)
        return (result, explicit)
    }

    func parseInner(_ text: String) -> Timestamp? {
        var trimmed = TicketExtractor.trimWhitespace(text)
        if trimmed.utf8.contains(0x25), let decoded = Self.percentDecoded(trimmed) { trimmed = decoded }
        guard !trimmed.isEmpty, trimmed.utf8.count <= 200 else { return nil }
        if let t = Self.parseISO(trimmed, zone: zone) { return t }
        if let t = Self.parseEpoch(trimmed, zone: zone) { return t }
        let bytes = Array(trimmed.utf8)
        for format in formats {
            if let f = Fields(format: format, text: bytes), let t = f.timestamp(zone: zone) { return t }
        }
        return Fields(heuristic: bytes, dayFirst: dayFirst)?.timestamp(zone: zone)
    }

    /// A query value as links carry it (`2024-03-05T09%3A14%3A22%2B01%3A00`, Trac's timeline links):
    /// `%XX` escapes decoded; `nil` when an escape is malformed or the result is not UTF-8.
    static func percentDecoded(_ s: String) -> String? {
        let b = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 65...70: return c - 55
            case 97...102: return c - 87
            default: return nil
            }
        }
        while i < b.count {
            if b[i] == 0x25 {
                guard i + 2 < b.count, let h = hex(b[i + 1]), let l = hex(b[i + 2]) else { return nil }
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    // MARK: ISO 8601 and epoch

    static func parseISO(_ s: String, zone: TicketTimeZone?) -> Timestamp? {
        let b = Array(s.utf8)
        guard b.count >= 10, isDigit(b[0]), isDigit(b[3]), b[4] == 45, b[7] == 45 else { return nil }
        guard let y = number(b, 0, 4), let mo = number(b, 5, 2), let d = number(b, 8, 2) else { return nil }
        var i = 10
        var h = 0
        var mi = 0
        var se = 0
        var micro = 0
        if i < b.count, b[i] == 84 || b[i] == 116 || b[i] == 32 {
            i += 1
            guard let hh = number(b, i, 2), i + 5 <= b.count, b[i + 2] == 58, let mm = number(b, i + 3, 2) else {
                return nil
            }
            h = hh
            mi = mm
            i += 5
            if i + 3 <= b.count, b[i] == 58, let ss = number(b, i + 1, 2) {
                se = ss
                i += 3
                if i < b.count, b[i] == 46 || b[i] == 44 {
                    i += 1
                    var digits = 0
                    while i < b.count, isDigit(b[i]) {
                        if digits < 6 { micro = micro * 10 + Int(b[i] - 48) }
                        digits += 1
                        i += 1
                    }
                    if digits == 0 { return nil }
                    for _ in digits..<max(digits, 6) { micro *= 10 }
                }
            }
        }
        while i < b.count, b[i] == 32 { i += 1 }
        var offset: Int32?
        if i < b.count {
            guard
                let o = parseOffset(b[i...]) ?? zoneAbbreviations[String(decoding: b[i...], as: UTF8.self).uppercased()]
            else { return nil }
            offset = o
        }
        guard (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, se < 61 else { return nil }
        let f = Fields(year: y, month: mo, day: d, hour: h, minute: mi, second: se, micro: micro, offset: offset)
        return f.timestamp(zone: zone)
    }

    static func parseEpoch(_ s: String, zone: TicketTimeZone?) -> Timestamp? {
        let b = Array(s.utf8)
        guard b.count == 10 || b.count == 13, b.allSatisfy(isDigit), let v = Int64(s) else { return nil }
        let seconds = b.count == 13 ? v / 1000 : v
        let micro = b.count == 13 ? Int32(v % 1000) * 1000 : 0
        var off: Int32 = 0
        if let zone { off = zone.offset(atLocal: seconds) }
        return Timestamp(seconds: seconds, microseconds: micro, utcOffset: off)
    }

    // MARK: Fields

    struct Fields {
        var year: Int?
        var month: Int?
        var day: Int?
        var hour = 0
        var minute = 0
        var second = 0
        var micro = 0
        var pm: Bool?
        var offset: Int32?
        var zoneName: String?

        init(
            year: Int?, month: Int?, day: Int?, hour: Int, minute: Int, second: Int, micro: Int, offset: Int32?
        ) {
            self.year = year
            self.month = month
            self.day = day
            self.hour = hour
            self.minute = minute
            self.second = second
            self.micro = micro
            self.offset = offset
        }

        func timestamp(zone: TicketTimeZone?) -> Timestamp? {
            guard var y = year, let mo = month, let d = day else { return nil }
            if y < 100 { y += y < 70 ? 2000 : 1900 }
            var h = hour
            if let pm {
                guard (1...12).contains(h) else { return nil }
                if pm && h < 12 { h += 12 }
                if !pm && h == 12 { h = 0 }
            }
            guard (1...12).contains(mo), (1...31).contains(d), (0..<24).contains(h), (0..<60).contains(minute),
                (0..<61).contains(second), (1000...9999).contains(y), d <= TicketDateParser.daysIn(month: mo, year: y)
            else { return nil }
            let local =
                Int64(Timestamp.daysFromCivil(year: y, month: mo, day: d)) * 86_400 + Int64(h) * 3600
                + Int64(minute) * 60 + Int64(second)
            var off: Int32 = 0
            if let offset {
                off = offset
            } else if let zoneName, let z = TicketTimeZone(zoneName) {
                off = z.offset(atLocal: local)
            } else if let zone {
                off = zone.offset(atLocal: local)
            }
            return Timestamp(
                year: y, month: mo, day: d, hour: h, minute: minute, second: second, microseconds: Int32(micro),
                utcOffset: off)
        }

        /// Reads `text` with an ICU-style pattern. Letters outside quotes are fields; other pattern
        /// characters match themselves, and runs of spaces/commas in the text are matched loosely.
        init?(format: String, text: [UInt8]) {
            let p = Array(format.utf8)
            var pi = 0
            var ti = 0
            func skipSpace() { while ti < text.count, text[ti] == 32 || text[ti] == 9 || text[ti] == 10 { ti += 1 } }
            while pi < p.count {
                let c = p[pi]
                if c == 39 {  // 'literal'
                    pi += 1
                    while pi < p.count, p[pi] != 39 {
                        guard ti < text.count, lower(text[ti]) == lower(p[pi]) else { return nil }
                        pi += 1
                        ti += 1
                    }
                    pi += 1
                    continue
                }
                if isLetter(c) {
                    var n = 0
                    while pi < p.count, p[pi] == c {
                        n += 1
                        pi += 1
                    }
                    switch c {
                    case 121:  // y
                        guard let v = Self.digits(text, &ti, min: n == 2 ? 2 : 2, max: n == 2 ? 2 : 4) else {
                            return nil
                        }
                        year = v
                    case 77, 76:  // M, L
                        if n >= 3 {
                            guard let m = TicketDateParser.monthName(text, &ti) else { return nil }
                            month = m
                        } else {
                            guard let v = Self.digits(text, &ti, min: n, max: 2) else { return nil }
                            month = v
                        }
                    case 100:  // d
                        guard let v = Self.digits(text, &ti, min: n, max: 2) else { return nil }
                        day = v
                        TicketDateParser.skipOrdinal(text, &ti)
                    case 72, 104, 107, 75:  // H h k K
                        guard let v = Self.digits(text, &ti, min: n, max: 2) else { return nil }
                        hour = c == 107 && v == 24 ? 0 : v
                    case 109:  // m
                        guard let v = Self.digits(text, &ti, min: n, max: 2) else { return nil }
                        minute = v
                    case 115:  // s
                        guard let v = Self.digits(text, &ti, min: n, max: 2) else { return nil }
                        second = v
                    case 83:  // S fraction
                        let start = ti
                        guard var v = Self.digits(text, &ti, min: 1, max: 9) else { return nil }
                        var digits = ti - start
                        while digits > 6 {
                            v /= 10
                            digits -= 1
                        }
                        while digits < 6 {
                            v *= 10
                            digits += 1
                        }
                        micro = v
                    case 97:  // a
                        guard let isPM = TicketDateParser.meridiem(text, &ti) else { return nil }
                        pm = isPM
                    case 69:  // E weekday name
                        guard TicketDateParser.skipWord(text, &ti) else { return nil }
                        if ti < text.count, text[ti] == 46 { ti += 1 }
                    case 122, 90, 88, 120, 79, 86, 118:  // z Z X x O V v
                        skipSpace()
                        guard let z = TicketDateParser.zone(text, &ti) else { return nil }
                        if let o = z.offset { offset = o } else { zoneName = z.name }
                    default:
                        return nil
                    }
                    continue
                }
                if c == 32 || c == 44 {
                    // Loose separators: any run of spaces/commas (also none) matches.
                    while ti < text.count, text[ti] == 32 || text[ti] == 44 || text[ti] == 9 || text[ti] == 10 {
                        ti += 1
                    }
                    pi += 1
                    continue
                }
                guard ti < text.count, text[ti] == c else { return nil }
                ti += 1
                pi += 1
            }
            skipSpace()
            // A trailing zone the pattern did not mention is still honored.
            if ti < text.count, offset == nil, zoneName == nil, let z = TicketDateParser.zone(text, &ti) {
                if let o = z.offset { offset = o } else { zoneName = z.name }
                skipSpace()
            }
            guard ti == text.count else { return nil }
        }

        /// Reads free text: words are month names, weekdays, AM/PM or zones; `h:mm[:ss]` is the time;
        /// a 4-digit number is the year; other numbers fill day/month.
        init?(heuristic text: [UInt8], dayFirst: Bool) {
            var i = 0
            var numbers: [(value: Int, width: Int)] = []
            var sawTime = false
            while i < text.count {
                let c = text[i]
                if isDigit(c) {
                    let start = i
                    while i < text.count, isDigit(text[i]) { i += 1 }
                    guard i - start <= 4, let v = number(text, start, i - start) else { return nil }
                    if !sawTime, i < text.count, text[i] == 58, i + 2 < text.count, isDigit(text[i + 1]) {
                        // time h:mm[:ss[.fff]]
                        hour = v
                        i += 1
                        guard let mm = number(text, i, 2) else { return nil }
                        minute = mm
                        i += 2
                        if i + 2 < text.count, text[i] == 58, let ss = number(text, i + 1, 2) {
                            second = ss
                            i += 3
                            if i < text.count, text[i] == 46 || text[i] == 44 {
                                i += 1
                                var frac = 0
                                var digits = 0
                                while i < text.count, isDigit(text[i]) {
                                    if digits < 6 { frac = frac * 10 + Int(text[i] - 48) }
                                    digits += 1
                                    i += 1
                                }
                                for _ in digits..<max(digits, 6) { frac *= 10 }
                                micro = frac
                            }
                        }
                        sawTime = true
                        continue
                    }
                    numbers.append((v, i - start))
                    TicketDateParser.skipOrdinal(text, &i)
                    continue
                }
                if c == 43 || (c == 45 && sawTime && i > 0 && text[i - 1] == 32) {
                    if let o = TicketDateParser.parseOffsetPrefix(text, &i) {
                        offset = o
                        continue
                    }
                    i += 1
                    continue
                }
                if isLetter(c) {
                    var j = i
                    if let m = TicketDateParser.monthName(text, &j), month == nil {
                        month = m
                        i = j
                        continue
                    }
                    j = i
                    if let isPM = TicketDateParser.meridiem(text, &j), j == text.count || !isLetter(text[j]) {
                        pm = isPM
                        i = j
                        continue
                    }
                    j = i
                    if sawTime, let z = TicketDateParser.zone(text, &j) {
                        if let o = z.offset { offset = o } else { zoneName = z.name }
                        i = j
                        continue
                    }
                    while i < text.count, isLetter(text[i]) || text[i] >= 0x80 { i += 1 }
                    continue
                }
                i += 1
            }
            // Assign numbers: a 4-digit (or > 31) value is the year.
            var rest: [Int] = []
            for n in numbers {
                if year == nil, n.width == 4 || n.value > 31 {
                    year = n.value
                } else {
                    rest.append(n.value)
                }
            }
            if month != nil {
                // "March 5 2024", "5 Mar 24"
                guard let first = rest.first else { return nil }
                day = first
                if year == nil, rest.count >= 2 { year = rest[1] }
            } else {
                guard rest.count >= 2 else { return nil }
                let firstWasYear = numbers.first.map { $0.width == 4 } ?? false
                if firstWasYear {
                    month = rest[0]
                    day = rest[1]  // yyyy-MM-dd / yyyy/MM/dd
                } else if dayFirst || rest[0] > 12 {
                    day = rest[0]
                    month = rest[1]
                } else {
                    month = rest[0]
                    day = rest[1]
                }
                if year == nil, rest.count >= 3 { year = rest[2] }
            }
            guard year != nil else { return nil }
        }

        static func digits(_ t: [UInt8], _ i: inout Int, min: Int, max: Int) -> Int? {
            var v = 0
            var n = 0
            while i < t.count, n < max, isDigit(t[i]) {
                v = v * 10 + Int(t[i] - 48)
                n += 1
                i += 1
            }
            return n >= Swift.max(min, 1) ? v : nil
        }
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // MARK: Lexical helpers

    static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    static func isLetter(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) }
    static func lower(_ c: UInt8) -> UInt8 { c >= 65 && c <= 90 ? c + 32 : c }

    static func number(_ b: [UInt8], _ start: Int, _ count: Int) -> Int? {
        guard start >= 0, count > 0, start + count <= b.count else { return nil }
        var v = 0
        for k in start..<(start + count) {
            guard isDigit(b[k]) else { return nil }
            v = v * 10 + Int(b[k] - 48)
        }
        return v
    }

    static func skipOrdinal(_ t: [UInt8], _ i: inout Int) {
        guard i + 1 < t.count else { return }
        let a = lower(t[i])
        let b = lower(t[i + 1])
        if (a == 115 && b == 116) || (a == 110 && b == 100) || (a == 114 && b == 100) || (a == 116 && b == 104) {
            if i + 2 >= t.count || !isLetter(t[i + 2]) { i += 2 }
        }
    }

    static func skipWord(_ t: [UInt8], _ i: inout Int) -> Bool {
        let start = i
        while i < t.count, isLetter(t[i]) || t[i] >= 0x80 { i += 1 }
        return i > start
    }

    static let months: [(String, Int)] = [
        ("january", 1), ("february", 2), ("march", 3), ("april", 4), ("may", 5), ("june", 6), ("july", 7),
        ("august", 8), ("september", 9), ("october", 10), ("november", 11), ("december", 12),
        ("sept", 9), ("jan", 1), ("feb", 2), ("mar", 3), ("apr", 4), ("jun", 6), ("jul", 7), ("aug", 8),
        ("sep", 9), ("oct", 10), ("nov", 11), ("dec", 12),
        // German, French, Spanish forms that differ from the English prefixes.
        ("januar", 1), ("februar", 2), ("märz", 3), ("mär", 3), ("mai", 5), ("juni", 6), ("juli", 7),
        ("oktober", 10), ("okt", 10), ("dezember", 12), ("dez", 12), ("janvier", 1), ("février", 2),
        ("mars", 3), ("avril", 4), ("juin", 6), ("juillet", 7), ("août", 8), ("septembre", 9),
        ("octobre", 10), ("novembre", 11), ("décembre", 12), ("enero", 1), ("febrero", 2), ("marzo", 3),
        ("abril", 4), ("mayo", 5), ("junio", 6), ("julio", 7), ("agosto", 8), ("septiembre", 9),
        ("octubre", 10), ("noviembre", 11), ("diciembre", 12), ("ene", 1), ("abr", 4), ("ago", 8), ("dic", 12),
    ]

    /// A month name (full or abbreviated, optional trailing dot) at `i`: the whole word must be one.
    static func monthName(_ t: [UInt8], _ i: inout Int) -> Int? {
        var j = i
        while j < t.count, isLetter(t[j]) || t[j] >= 0x80 { j += 1 }
        guard j > i else { return nil }
        let word = String(decoding: t[i..<j], as: UTF8.self).lowercased()
        for (name, m) in months where name == word {
            i = j
            if i < t.count, t[i] == 46 { i += 1 }
            return m
        }
        return nil
    }

    /// AM/PM (also `a.m.`, `p.m.`).
    static func meridiem(_ t: [UInt8], _ i: inout Int) -> Bool? {
        guard i < t.count else { return nil }
        let c = lower(t[i])
        guard c == 97 || c == 112 else { return nil }
        var j = i + 1
        if j < t.count, t[j] == 46 { j += 1 }
        guard j < t.count, lower(t[j]) == 109 else { return nil }
        j += 1
        if j < t.count, t[j] == 46 { j += 1 }
        i = j
        return c == 112
    }

    static func parseOffset(_ s: ArraySlice<UInt8>) -> Int32? {
        let b = Array(s)
        var i = 0
        var upper = String(decoding: b, as: UTF8.self).uppercased()
        if upper == "Z" || upper == "UTC" || upper == "GMT" || upper == "UT" { return 0 }
        if upper.hasPrefix("UTC") || upper.hasPrefix("GMT") {
            upper.removeFirst(3)
            i = 3
        }
        guard i < b.count, b[i] == 43 || b[i] == 45 else { return nil }
        var k = i
        guard let o = parseOffsetPrefix(b, &k), k == b.count else { return nil }
        return o
    }

    /// `+HH:MM`, `+HHMM`, `+HH`, `+H` at `i`.
    static func parseOffsetPrefix(_ b: [UInt8], _ i: inout Int) -> Int32? {
        guard i < b.count, b[i] == 43 || b[i] == 45 else { return nil }
        let sign: Int32 = b[i] == 45 ? -1 : 1
        var j = i + 1
        var digits: [Int32] = []
        while j < b.count, digits.count < 4 {
            if isDigit(b[j]) {
                digits.append(Int32(b[j] - 48))
                j += 1
            } else if b[j] == 58, digits.count == 2 {
                j += 1
            } else {
                break
            }
        }
        let h: Int32
        let m: Int32
        switch digits.count {
        case 1: (h, m) = (digits[0], 0)
        case 2: (h, m) = (digits[0] * 10 + digits[1], 0)
        case 4: (h, m) = (digits[0] * 10 + digits[1], digits[2] * 10 + digits[3])
        default: return nil
        }
        guard h <= 14, m < 60 else { return nil }
        i = j
        return sign * (h * 3600 + m * 60)
    }

    /// A zone at `i`: an offset, `UTC±h`, an abbreviation, or an IANA name (`Europe/Paris`).
    static func zone(_ t: [UInt8], _ i: inout Int) -> (offset: Int32?, name: String?)? {
        var j = i
        if j < t.count, t[j] == 40 { j += 1 }  // "(PST)"
        if let o = parseOffsetPrefix(t, &j) {
            i = j
            return (o, nil)
        }
        let start = j
        while j < t.count, isLetter(t[j]) || t[j] == 47 || t[j] == 95 { j += 1 }
        guard j > start else { return nil }
        let word = String(decoding: t[start..<j], as: UTF8.self)
        var offset: Int32?
        var name: String?
        if word.uppercased() == "UTC" || word.uppercased() == "GMT" || word.uppercased() == "Z" {
            var k = j
            offset = parseOffsetPrefix(t, &k) ?? 0
            j = k
        } else if let o = zoneAbbreviations[word.uppercased()] {
            offset = o
        } else if word.contains("/"), TimeZone(identifier: word) != nil {
            name = word
        } else {
            return nil
        }
        if j < t.count, t[j] == 41 { j += 1 }
        i = j
        return (offset, name)
    }

    /// Common zone abbreviations (IST is read as India, the common reading in support tools).
    static let zoneAbbreviations: [String: Int32] = [
        "UTC": 0, "GMT": 0, "UT": 0, "Z": 0, "WET": 0, "BST": 3600, "IST": 19_800, "WEST": 3600, "CET": 3600,
        "CEST": 7200, "MET": 3600, "MEST": 7200, "EET": 7200, "EEST": 10_800, "MSK": 10_800, "EST": -18_000,
        "EDT": -14_400, "CST": -21_600, "CDT": -18_000, "MST": -25_200, "MDT": -21_600, "PST": -28_800,
        "PDT": -25_200, "AKST": -32_400, "AKDT": -28_800, "HST": -36_000, "AST": -14_400, "ADT": -10_800,
        "NST": -12_600, "NDT": -9000, "JST": 32_400, "KST": 32_400, "HKT": 28_800, "SGT": 28_800,
        "AWST": 28_800, "ACST": 34_200, "ACDT": 37_800, "AEST": 36_000, "AEDT": 39_600, "NZST": 43_200,
        "NZDT": 46_800, "BRT": -10_800, "ART": -10_800, "CAT": 7200, "EAT": 10_800, "WAT": 3600, "SAST": 7200,
    ]
}
