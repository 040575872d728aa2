public import RapportCore

/// Mail date parsing on bytes: RFC 5322 and the obsolete forms (2- and 3-digit years, named and
/// military zones, no seconds, no weekday, comments), asctime (`Fri Sep 16 22:26:51 2016`, also
/// with a zone as Gmail writes it), ISO 8601 (`2016-09-16T22:26:51+02:00`), localized month names
/// (`3 Mär 2025`, `4 févr. 2025`, see ``localizedMonth(_:)``) and numeric `m/d/yyyy` when the order is
/// not a guess (see ``slashDate(_:_:twelveHour:offset:unknownZone:)``).
public enum MailDate {
    /// Parses a date; `nil` when no plausible date is found. The UTC offset is kept.
    public static func parse(_ s: String) -> Timestamp? { parse(Array(s.utf8)) }

    /// Parses a date from bytes.
    public static func parse(_ v: [UInt8]) -> Timestamp? { parseChecked(v)?.time }

    /// Parses a date from bytes and says whether it is *certain*: false when the zone could not be
    /// read (an unknown name such as `Europe/Berlin` or `H0500`, a military letter other than `Z`, which
    /// RFC 5322 §4.3 makes "-0000", i.e. unknown) — the time is then taken as UTC — or when the day does
    /// not exist in its month (31 Feb, which the calendar arithmetic would roll over into March). A caller
    /// with another source for the date (`Received:`) should prefer it.
    public static func parseChecked(_ v: [UInt8]) -> (time: Timestamp, certain: Bool)? {
        var unknownZone = false
        var year: Int?
        var month: Int?
        var day: Int?
        var hour: Int?
        var minute = 0
        var second = 0
        var offset: Int?
        var pm: Bool?
        // `m/d/yyyy` (and `d/m/yyyy`): the first two numbers, resolved at the end (see `slashDate`).
        var slash: (a: Int, b: Int)?
        // A month word before any digit is provisional: Spanish `martes`/`mar.` and French `mardi` (Tuesday)
        // start like `Mar`; a later month word replaces it.
        var monthProvisional = false
        var digitSeen = false
        var i = 0
        let n = v.count
        @inline(__always) func digit(_ k: Int) -> Bool { k < n && v[k] >= 0x30 && v[k] <= 0x39 }
        func number(_ k: inout Int) -> (Int, Int) {
            var x = 0
            var c = 0
            while digit(k) && c < 9 {
                x = x * 10 + Int(v[k] - 0x30)
                k += 1
                c += 1
            }
            while digit(k) { k += 1 }
            return (x, c)
        }
        while i < n {
            let c = v[i]
            if c == 0x28 {
                // comment
                var depth = 0
                while i < n {
                    if v[i] == 0x28 { depth += 1 }
                    if v[i] == 0x29 {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    i += 1
                }
                i += 1
                continue
            }
            if (c == 0x2B || c == 0x2D) && digit(i + 1) && hour != nil && offset == nil {
                var k = i + 1
                let start = k
                let (x, cnt) = number(&k)
                var off: Int?
                if cnt == 4 {
                    off = (x / 100) * 3600 + (x % 100) * 60
                } else if cnt <= 2 && k < n && v[k] == 0x3A && digit(k + 1) {
                    var k2 = k + 1
                    let (m, mc) = number(&k2)
                    if mc == 2 {
                        off = x * 3600 + m * 60
                        k = k2
                    }
                } else if cnt <= 2 {
                    off = x * 3600
                }
                if let o = off, o <= 18 * 3600, k - start <= 5 {
                    offset = c == 0x2D ? -o : o
                    i = k
                    continue
                }
                i = k
                continue
            }
            if digit(i) {
                digitSeen = true
                var k = i
                let (x, cnt) = number(&k)
                if k < n && v[k] == 0x2E && digit(k + 1) && cnt <= 2 && year == nil && month == nil && hour == nil {
                    // `3.03.2025`: dots mean day.month.year wherever they are used (never M/D).
                    var k2 = k + 1
                    let (mo, c2) = number(&k2)
                    if c2 <= 2 && k2 < n && v[k2] == 0x2E && digit(k2 + 1) {
                        var k3 = k2 + 1
                        let (z, c3) = number(&k3)
                        if c3 == 4 {
                            day = x
                            month = mo
                            year = z
                            i = k3
                            continue
                        }
                    }
                }
                if k < n && v[k] == 0x2F && digit(k + 1) && year == nil && month == nil && hour == nil {
                    // `3/14/2025`, `14/3/2025`, `2025/03/14`: numbers separated by slashes, 4-digit year.
                    var k2 = k + 1
                    let (y2, c2) = number(&k2)
                    if c2 <= 2 && k2 < n && v[k2] == 0x2F && digit(k2 + 1) {
                        var k3 = k2 + 1
                        let (z, c3) = number(&k3)
                        if cnt <= 2 && c3 == 4 {
                            slash = (x, y2)
                            year = z
                        } else if cnt == 4 && c3 <= 2 {
                            year = x
                            month = y2
                            day = z
                        } else {
                            return nil
                        }
                        i = k3
                        continue
                    }
                }
                if k < n && v[k] == 0x3A && hour == nil {
                    // time hh:mm[:ss[.fff]]
                    var k2 = k + 1
                    let (m, mc) = number(&k2)
                    if mc >= 1 && mc <= 2 {
                        hour = x
                        minute = m
                        k = k2
                        if k < n && v[k] == 0x3A && digit(k + 1) {
                            var k3 = k + 1
                            let (s, _) = number(&k3)
                            second = s
                            k = k3
                            if k < n && (v[k] == 0x2E || v[k] == 0x2C) && digit(k + 1) {
                                k += 1
                                _ = number(&k)
                            }
                        }
                    }
                    i = k
                    continue
                }
                if k < n && v[k] == 0x2D && digit(k + 1) && cnt == 4 && year == nil {
                    // ISO 8601 date yyyy-mm-dd
                    var k2 = k + 1
                    let (mo, _) = number(&k2)
                    if k2 < n && v[k2] == 0x2D && digit(k2 + 1) {
                        var k3 = k2 + 1
                        let (d, _) = number(&k3)
                        year = x
                        month = mo
                        day = d
                        k = k3
                        if k < n && (v[k] == 0x54 || v[k] == 0x74) { k += 1 }
                        i = k
                        continue
                    }
                }
                if cnt >= 3 && year == nil {
                    year = cnt == 3 ? x + 1900 : x
                } else if day == nil && cnt <= 2 && x >= 1 && x <= 31 {
                    day = x
                } else if year == nil && cnt <= 2 {
                    year = x < 50 ? 2000 + x : 1900 + x
                }
                i = k
                continue
            }
            if MboxSplitter.isLetter(c) || c >= 0x80 {
                var k = i
                while k < n && (MboxSplitter.isLetter(v[k]) || v[k] >= 0x80) { k += 1 }
                let len = k - i
                let monthOpen = month == nil || (monthProvisional && hour == nil)
                if len >= 3, monthOpen, let m = monthNumber(v[i], v[i + 1], v[i + 2]) {
                    month = m
                    monthProvisional = !digitSeen
                } else if monthOpen && hour == nil && !(len == 3 && isWeekday(v[i], v[i + 1], v[i + 2])),
                    let m = localizedMonth(v[i..<k])
                {
                    month = m
                    monthProvisional = false
                } else if c >= 0x80 {
                    // Other non-ASCII words (a localized weekday or zone name) say nothing.
                } else if len == 2 && (v[i] | 0x20) == 0x70 && (v[i + 1] | 0x20) == 0x6D {
                    pm = true
                } else if len == 2 && (v[i] | 0x20) == 0x61 && (v[i + 1] | 0x20) == 0x6D {
                    pm = false
                } else if hour != nil && offset == nil {
                    let numericFollows = k + 1 < n && (v[k] == 0x2B || v[k] == 0x2D) && digit(k + 1)
                    if let z = zone(v[i..<k]) {
                        // `GMT+0200`, `UTC-5`: the numeric offset that follows is the zone.
                        if !(z == 0 && numericFollows) { offset = z }
                        if len == 1 && (v[i] | 0x20) != 0x7A { unknownZone = true }
                    } else if !(len >= 3 && isWeekday(v[i], v[i + 1], v[i + 2])) {
                        unknownZone = true
                    }
                }
                i = k
                continue
            }
            i += 1
        }
        if let (a, b) = slash {
            guard month == nil, day == nil,
                let (mo, d) = slashDate(a, b, twelveHour: pm != nil, offset: offset, unknownZone: unknownZone)
            else { return nil }
            month = mo
            day = d
        }
        guard let y0 = year, let mo = month, let d = day else { return nil }
        var y = y0
        if y < 100 { y = y < 50 ? 2000 + y : 1900 + y }
        guard (1...12).contains(mo), (1...31).contains(d), y >= 1900, y <= 2200 else { return nil }
        var h = hour ?? 0
        if let pm {
            if pm && h < 12 { h += 12 }
            if !pm && h == 12 { h = 0 }
        }
        guard h < 24, minute < 60, second <= 60 else { return nil }
        let off = offset ?? 0
        let time = Timestamp(
            year: y, month: mo, day: d, hour: h, minute: minute, second: second, utcOffset: Int32(off))
        let dayExists = d <= daysIn(month: mo, year: y)
        return (time, dayExists && !unknownZone)
    }

    /// Month and day of `a/b/yyyy`. Taken only when the order is not a guess: one number over 12 fixes
    /// it (`3/14/2025` is M/D, `14/3/2025` D/M), equal numbers need none (`3/3/2025`). Both 12 or less and
    /// different (`3/4/2025`) is read as US M/D only when the rest is clearly American: a 12-hour clock
    /// (`AM`/`PM`) with a North American zone (`EST`…`HST` or −04:00 to −10:00). Anything else is
    /// ambiguous (Europe, Latin America, Australia write D/M, some with AM/PM) and gives `nil`, so the
    /// caller falls back to `Received:`.
    static func slashDate(_ a: Int, _ b: Int, twelveHour: Bool, offset: Int?, unknownZone: Bool) -> (Int, Int)? {
        guard (1...31).contains(a), (1...31).contains(b) else { return nil }
        if a > 12 && b > 12 { return nil }
        if a > 12 { return (b, a) }
        if b > 12 || a == b { return (a, b) }
        guard twelveHour, !unknownZone, let o = offset, o <= -4 * 3600, o >= -10 * 3600 else { return nil }
        return (a, b)
    }

    /// Month names and abbreviations of German, French, Spanish, Italian, Dutch and Portuguese mail
    /// clients whose first three letters are not the English ones (`Mär`, `Mrz`, `Okt`, `Dez`, `Mai`,
    /// `févr.`, `avr.`, `juin`, `juil.`, `août`, `déc.`, `ene`, `abr`, `ago`, `dic`, `gen`, `mag`, `giu`,
    /// `lug`, `set`, `ott`, `mrt`, `mei`, `fev`, `out`, …), any case, with or without accents. The word is
    /// matched whole (ASCII letters and UTF-8 bytes), so prose never becomes a month by its prefix.
    static func localizedMonth(_ w: ArraySlice<UInt8>) -> Int? {
        guard w.count >= 3, w.count <= 12 else { return nil }
        var key: [UInt8] = []
        key.reserveCapacity(w.count)
        var j = w.startIndex
        while j < w.endIndex {
            let c = w[j]
            if c == 0xC3, j + 1 < w.endIndex, w[j + 1] >= 0x80, w[j + 1] <= 0x9E {
                // Latin-1 capital (`Ä`, `É`) → small.
                key.append(c)
                key.append(w[j + 1] + 0x20)
                j += 2
                continue
            }
            key.append(c < 0x80 ? c | 0x20 : c)
            j += 1
        }
        for (name, m) in localizedMonths where name.count == key.count && name == key { return m }
        return nil
    }

    static let localizedMonths: [([UInt8], Int)] = {
        let table: [(String, Int)] = [
            // German (also Austrian `Jänner`)
            ("mär", 3), ("mrz", 3), ("märz", 3), ("maerz", 3), ("marz", 3), ("mai", 5), ("okt", 10),
            ("oktober", 10), ("dez", 12), ("dezember", 12), ("jän", 1), ("jänner", 1), ("jaen", 1),
            // French
            ("févr", 2), ("fevr", 2), ("fév", 2), ("fev", 2), ("février", 2), ("fevrier", 2), ("avr", 4),
            ("avril", 4), ("juin", 6), ("juil", 7), ("juillet", 7), ("août", 8), ("aout", 8), ("aoû", 8),
            ("déc", 12), ("décembre", 12), ("decembre", 12),
            // Spanish
            ("ene", 1), ("enero", 1), ("abr", 4), ("abril", 4), ("ago", 8), ("agosto", 8), ("dic", 12),
            ("diciembre", 12), ("setiembre", 9), ("maj", 5),
            // Italian
            ("gen", 1), ("gennaio", 1), ("mag", 5), ("maggio", 5), ("giu", 6), ("giugno", 6), ("lug", 7),
            ("luglio", 7), ("set", 9), ("sett", 9), ("settembre", 9), ("ott", 10), ("ottobre", 10), ("dicembre", 12),
            // Dutch
            ("mrt", 3), ("maart", 3), ("mei", 5),
            // Portuguese
            ("fevereiro", 2), ("maio", 5), ("setembro", 9), ("out", 10), ("outubro", 10), ("dezembro", 12),
        ]
        return table.map { (Array($0.0.utf8), $0.1) }
    }()

    /// Days in a month of the proleptic Gregorian calendar.
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `Mon`…`Sun` (any case).
    static func isWeekday(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Bool {
        let key = (UInt32(a | 0x20) << 16) | (UInt32(b | 0x20) << 8) | UInt32(c | 0x20)
        switch key {
        case 0x6D_6F6E, 0x74_7565, 0x77_6564, 0x74_6875, 0x66_7269, 0x73_6174, 0x73_756E: return true
        default: return false
        }
    }

    /// `Jan`…`Dec` (any case) → 1…12.
    static func monthNumber(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int? {
        let key = (UInt32(a | 0x20) << 16) | (UInt32(b | 0x20) << 8) | UInt32(c | 0x20)
        switch key {
        case 0x6A_616E: return 1  // jan
        case 0x66_6562: return 2  // feb
        case 0x6D_6172: return 3  // mar
        case 0x61_7072: return 4  // apr
        case 0x6D_6179: return 5  // may
        case 0x6A_756E: return 6  // jun
        case 0x6A_756C: return 7  // jul
        case 0x61_7567: return 8  // aug
        case 0x73_6570: return 9  // sep
        case 0x6F_6374: return 10  // oct
        case 0x6E_6F76: return 11  // nov
        case 0x64_6563: return 12  // dec
        default: return nil
        }
    }

    /// Named zones; military single letters (and unknown names) mean -0000 per RFC 5322 → offset 0.
    static func zone(_ s: ArraySlice<UInt8>) -> Int? {
        let name = String(decoding: s, as: UTF8.self).uppercased()
        switch name {
        case "UT", "UTC", "GMT", "Z", "WET": return 0
        case "EST": return -5 * 3600
        case "EDT": return -4 * 3600
        case "CST": return -6 * 3600
        case "CDT": return -5 * 3600
        case "MST": return -7 * 3600
        case "MDT": return -6 * 3600
        case "PST": return -8 * 3600
        case "PDT": return -7 * 3600
        case "AKST": return -9 * 3600
        case "AKDT": return -8 * 3600
        case "HST": return -10 * 3600
        case "BST", "CET", "MET", "WEST", "MEZ", "WAT": return 3600
        case "CEST", "MEST", "MESZ", "EET", "SAST", "CAT": return 2 * 3600
        case "EAT": return 3 * 3600
        case "ICT", "WIB": return 7 * 3600
        case "SGT", "HKT", "AWST", "PHT": return 8 * 3600
        case "AST": return -4 * 3600
        case "ADT", "BRT", "ART": return -3 * 3600
        case "EEST", "MSK": return 3 * 3600
        case "IST": return 5 * 3600 + 1800
        case "JST", "KST": return 9 * 3600
        case "AEST": return 10 * 3600
        case "AEDT": return 11 * 3600
        case "NZST": return 12 * 3600
        case "NZDT": return 13 * 3600
        default:
            if s.count == 1 && name != "J" { return 0 }
            return nil
        }
    }
}
