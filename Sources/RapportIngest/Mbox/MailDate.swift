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
        parseFull(v).map { ($0.time, $0.certain) }
    }

    /// ``parseChecked(_:)`` and whether the date says its zone (a numeric offset or a zone name; an
    /// unreadable zone counts as said). A date without one (`2019-03-12T10:22:00`, `12.03.19 10:22`) is
    /// the author's wall clock read as UTC: the caller may find the offset elsewhere (`Received:`).
    public static func parseFull(_ v: [UInt8]) -> (time: Timestamp, certain: Bool, zoned: Bool)? {
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
        // A short number after a complete date where the time should be, never followed by one
        // (`12 Mar 2019 10 o'clock`, `10 Uhr`): the time is unreadable, not midnight.
        var strayHour = false
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
                if let unit = cjkUnit(v, k) {
                    // `2019年3月12日`, `2019년 3월 12일`: the unit after the number says what it is.
                    switch unit.field {
                    case 0: if year == nil { year = x }
                    case 1: if month == nil || monthProvisional { month = x }
                    case 2: if day == nil { day = x }
                    case 3: if hour == nil { hour = x }
                    case 4: minute = x
                    default: second = x
                    }
                    monthProvisional = false
                    i = k + unit.length
                    continue
                }
                if k < n && v[k] == 0x2E && digit(k + 1) && cnt == 4 && year == nil && month == nil && hour == nil {
                    // `2019.03.12`: a 4-digit year first (Korean, Hungarian, Chinese clients) is y.m.d.
                    var k2 = k + 1
                    let (mo, c2) = number(&k2)
                    if c2 <= 2 && k2 < n && v[k2] == 0x2E && digit(k2 + 1) {
                        var k3 = k2 + 1
                        let (d, c3) = number(&k3)
                        if c3 <= 2 {
                            year = x
                            month = mo
                            day = d
                            i = k3
                            continue
                        }
                    }
                }
                if k < n && v[k] == 0x2E && cnt <= 2 && day != nil && month == nil && year == nil && hour == nil
                    && !digit(k + 1)
                {
                    // `12. 3. 2019`: Czech, Slovak and German write the month as a number with a dot too.
                    month = x
                    i = k + 1
                    continue
                }
                if k + 2 < n && v[k] == 0x2E && digit(k + 1) && digit(k + 2) && !digit(k + 3) && cnt <= 2
                    && year != nil && month != nil && day != nil && hour == nil && !(i > 0 && v[i - 1] == 0x2E)
                {
                    // `12.3.2019 klo 10.22`, `kl. 10.22`: Finnish, Danish and Norwegian times with a dot, after
                    // a complete date; with seconds, `10.22.33` (round-11 triage; Python's `email` reads it
                    // too). Four dotted numbers are an IP address, not a time.
                    let secs = k + 3 < n && v[k + 3] == 0x2E && digit(k + 4)
                    if !secs || (digit(k + 5) && !digit(k + 6) && !(k + 6 < n && v[k + 6] == 0x2E)) {
                        hour = x
                        minute = Int(v[k + 1] - 0x30) * 10 + Int(v[k + 2] - 0x30)
                        second = secs ? Int(v[k + 4] - 0x30) * 10 + Int(v[k + 5] - 0x30) : 0
                        i = secs ? k + 6 : k + 3
                        continue
                    }
                }
                if cnt == 8 && k + 4 < n && (v[k] == 0x54 || v[k] == 0x74) && digit(k + 1) && year == nil
                    && month == nil && hour == nil
                {
                    // Basic ISO 8601 without separators (`20190312T102200Z`, `20190312T1022+0100`: scripts,
                    // calendar-minded tools; round-11 triage). The zone after it is read as usual.
                    var k2 = k + 1
                    let t0 = k2
                    let (t, tc) = number(&k2)
                    guard k2 - t0 == 4 || k2 - t0 == 6 else { return nil }
                    year = x / 10000
                    month = x / 100 % 100
                    day = x % 100
                    hour = tc == 6 ? t / 10000 : t / 100
                    minute = tc == 6 ? t / 100 % 100 : t % 100
                    second = tc == 6 ? t % 100 : 0
                    if k2 + 1 < n && (v[k2] == 0x2E || v[k2] == 0x2C) && digit(k2 + 1) {
                        k2 += 1
                        _ = number(&k2)
                    }
                    i = k2
                    continue
                }
                if k < n && v[k] == 0x2E && digit(k + 1) && cnt <= 2 && year == nil && month == nil && hour == nil {
                    // `3.03.2025`, `03.12.19`: dots mean day.month.year wherever they are used (never M/D).
                    var k2 = k + 1
                    let (mo, c2) = number(&k2)
                    if c2 <= 2 && k2 < n && v[k2] == 0x2E && digit(k2 + 1) {
                        var k3 = k2 + 1
                        let (z, c3) = number(&k3)
                        if c3 == 4 || c3 == 2 {
                            day = x
                            month = mo
                            year = z
                            i = k3
                            continue
                        }
                    }
                }
                if k < n && v[k] == 0x2F && digit(k + 1) && year == nil && month == nil && hour == nil {
                    // `3/14/2025`, `14/3/2025`, `12/03/19`, `2025/03/14`: numbers separated by slashes; a
                    // 2-digit year last as in RFC 5322's obsolete years (00–49 → 20xx, 50–99 → 19xx).
                    var k2 = k + 1
                    let (y2, c2) = number(&k2)
                    if c2 <= 2 && k2 < n && v[k2] == 0x2F && digit(k2 + 1) {
                        var k3 = k2 + 1
                        let (z, c3) = number(&k3)
                        if cnt <= 2 && (c3 == 4 || c3 == 2) {
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
                } else if cnt <= 2 && month != nil && day != nil && hour == nil && offset == nil
                    && (k >= n || v[k] != 0x2E) && !(i > 0 && v[i - 1] == 0x2E)
                {
                    strayHour = true
                }
                i = k
                continue
            }
            if MboxSplitter.isLetter(c) || c >= 0x80 {
                var k = i
                while k < n && (MboxSplitter.isLetter(v[k]) || v[k] >= 0x80) { k += 1 }
                let len = k - i
                let monthOpen = month == nil || (monthProvisional && hour == nil)
                // Localized names first: Finnish `marraskuuta` (November) starts like `Mar`.
                if monthOpen && hour == nil && len >= 2 && !(len == 3 && isWeekday(v[i], v[i + 1], v[i + 2])),
                    let m = localizedMonth(v[i..<k])
                {
                    // Before any digit it may be a weekday (Turkish `Paz` is Sunday, Polish `paź` October).
                    month = m
                    monthProvisional = !digitSeen
                } else if len >= 3, monthOpen, let m = monthNumber(v[i], v[i + 1], v[i + 2]) {
                    month = m
                    monthProvisional = !digitSeen
                } else if c >= 0x80 {
                    // Other non-ASCII words (a localized weekday or zone name) say nothing, except the
                    // Chinese, Japanese and Korean half-day words (`下午` pm, `上午` am, …).
                    if let half = cjkHalfDay(v[i..<k]) { pm = half }
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
        guard let y0 = year, let mo = month, let d = day, !(strayHour && hour == nil) else { return nil }
        var y = y0
        if y < 100 { y = y < 50 ? 2000 + y : 1900 + y }
        guard (1...12).contains(mo), (1...31).contains(d), y >= 1900, y <= 2200 else { return nil }
        var h = hour ?? 0
        if let pm {
            if pm && h < 12 { h += 12 }
            if !pm && h == 12 { h = 0 }
        }
        // `24:00:00` is the end of the day (ISO 8601), i.e. the next day's midnight, as Thunderbird, JavaMail
        // and Python's `mktime_tz` read it; any other impossible time (`24:30`, `27:10`, minute 60, second
        // 61) is no date: the caller falls back to `Received:` and counts the header as unreadable.
        guard h < 24 || (h == 24 && minute == 0 && second == 0), minute < 60, second <= 60 else { return nil }
        let off = offset ?? 0
        let time = Timestamp(
            year: y, month: mo, day: d, hour: h, minute: minute, second: second, utcOffset: Int32(off))
        let dayExists = d <= daysIn(month: mo, year: y)
        return (time, dayExists && !unknownZone, offset != nil || unknownZone)
    }

    /// The CJK date unit at `k`: 年/년 (year, field 0), 月/월 (month, 1), 日/일 (day, 2), 時/时/点/시
    /// (hour, 3), 分/분 (minute, 4), 秒/초 (second, 5), and its length.
    static func cjkUnit(_ v: [UInt8], _ k: Int) -> (field: Int, length: Int)? {
        guard k + 2 < v.count, v[k] >= 0xE5 else { return nil }
        switch (v[k], v[k + 1], v[k + 2]) {
        case (0xE5, 0xB9, 0xB4), (0xEB, 0x85, 0x84): return (0, 3)  // 年 년
        case (0xE6, 0x9C, 0x88), (0xEC, 0x9B, 0x94): return (1, 3)  // 月 월
        case (0xE6, 0x97, 0xA5), (0xEC, 0x9D, 0xBC): return (2, 3)  // 日 일
        case (0xE6, 0x99, 0x82), (0xE6, 0x97, 0xB6), (0xE7, 0x82, 0xB9), (0xEC, 0x8B, 0x9C): return (3, 3)  // 時 时 点 시
        case (0xE5, 0x88, 0x86), (0xEB, 0xB6, 0x84): return (4, 3)  // 分 분
        case (0xE7, 0xA7, 0x92), (0xEC, 0xB4, 0x88): return (5, 3)  // 秒 초
        default: return nil
        }
    }

    /// A word holding 下午/午後/오후 (pm: true) or 上午/午前/오전 (pm: false).
    static func cjkHalfDay(_ w: ArraySlice<UInt8>) -> Bool? {
        let marks: [([UInt8], Bool)] = [
            ([0xE4, 0xB8, 0x8B, 0xE5, 0x8D, 0x88], true), ([0xE5, 0x8D, 0x88, 0xE5, 0xBE, 0x8C], true),
            ([0xEC, 0x98, 0xA4, 0xED, 0x9B, 0x84], true), ([0xE4, 0xB8, 0x8A, 0xE5, 0x8D, 0x88], false),
            ([0xE5, 0x8D, 0x88, 0xE5, 0x89, 0x8D], false), ([0xEC, 0x98, 0xA4, 0xEC, 0xA0, 0x84], false),
        ]
        guard w.count >= 6 else { return nil }
        var j = w.startIndex
        while j + 6 <= w.endIndex {
            for (m, isPM) in marks where w[j] == m[0] && w[j..<(j + 6)].elementsEqual(m) { return isPM }
            j += 1
        }
        return nil
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

    /// Month names and abbreviations of localized mail clients whose first three letters are not the
    /// English ones: German, French, Spanish, Italian, Dutch, Portuguese (`Mär`, `Mrz`, `Okt`, `Dez`, `Mai`,
    /// `févr.`, `avr.`, `juin`, `juil.`, `août`, `déc.`, `ene`, `abr`, `ago`, `dic`, `gen`, `mag`, `giu`,
    /// `lug`, `set`, `ott`, `mrt`, `mei`, `fev`, `out`, …), Scandinavian (`maj`, `okt`, `des`, `desember`),
    /// Polish (`sty`, `lutego`, `kwietnia`, `paź`, …, nominative and genitive), Czech (`ledna`, `února`,
    /// `září`, …), Finnish (`maaliskuuta`, `marraskuu`, `joulukuuta`, …), Turkish (`Ocak`, `Şubat`, `Eylül`,
    /// `Aralık`, …) and Russian (`янв`, `марта`, `Сентября`, …), any case (ASCII, Latin-1, Latin
    /// Extended-A and Cyrillic capitals folded on the bytes), with or without accents. The word is matched
    /// whole, so prose never becomes a month by its prefix.
    static func localizedMonth(_ w: ArraySlice<UInt8>) -> Int? {
        guard w.count >= 2, w.count <= 24 else { return nil }
        var key: [UInt8] = []
        key.reserveCapacity(w.count)
        var j = w.startIndex
        while j < w.endIndex {
            let c = w[j]
            if c >= 0x80, j + 1 < w.endIndex {
                let (x, y) = foldCapital(c, w[j + 1])
                key.append(x)
                key.append(y)
                j += 2
                continue
            }
            key.append(c < 0x80 ? c | 0x20 : c)
            j += 1
        }
        return localizedMonths[key]
    }

    /// A two-byte UTF-8 capital letter → its small letter: Latin-1 (`Ä` → `ä`), Latin Extended-A (`Č` →
    /// `č`, `Ł` → `ł`, `Ş` → `ş`, `Ź` → `ź`; `İ` stays, its small `i` is ASCII) and Cyrillic (`Я` → `я`,
    /// `Ё` → `ё`). Other pairs are returned as they are.
    static func foldCapital(_ a: UInt8, _ b: UInt8) -> (UInt8, UInt8) {
        guard a >= 0xC3, a <= 0xD1, b >= 0x80, b <= 0xBF else { return (a, b) }
        let cp = (Int(a & 0x1F) << 6) | Int(b & 0x3F)
        var lower = cp
        switch cp {
        case 0xC0...0xDE where cp != 0xD7: lower = cp + 0x20
        case 0x100...0x12F, 0x132...0x137, 0x14A...0x177: lower = cp | 1
        case 0x139...0x148, 0x179...0x17E: lower = cp & 1 == 1 ? cp + 1 : cp
        case 0x400...0x40F: lower = cp + 0x50
        case 0x410...0x42F: lower = cp + 0x20
        default: break
        }
        return (UInt8(0xC0 | (lower >> 6)), UInt8(0x80 | (lower & 0x3F)))
    }

    static let localizedMonths: [[UInt8]: Int] = {
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
            // Swedish, Danish, Norwegian (the rest start like the English names: `mars`, `marts`, `augusti`)
            ("des", 12), ("desember", 12),
            // Polish: abbreviation, nominative, genitive (as dates write it), without diacritics too
            ("sty", 1), ("styczeń", 1), ("styczen", 1), ("stycznia", 1), ("lut", 2), ("luty", 2), ("lutego", 2),
            ("marzec", 3), ("marca", 3), ("kwi", 4), ("kwiecień", 4), ("kwiecien", 4), ("kwietnia", 4),
            ("maja", 5), ("cze", 6), ("czerwiec", 6), ("czerwca", 6), ("lip", 7), ("lipiec", 7), ("lipca", 7),
            ("sie", 8), ("sierpień", 8), ("sierpien", 8), ("sierpnia", 8), ("wrz", 9), ("wrzesień", 9),
            ("wrzesien", 9), ("września", 9), ("wrzesnia", 9), ("paź", 10), ("paz", 10), ("październik", 10),
            ("pazdziernik", 10), ("października", 10), ("pazdziernika", 10), ("lis", 11), ("listopad", 11),
            ("listopada", 11), ("gru", 12), ("grudzień", 12), ("grudzien", 12), ("grudnia", 12),
            // Czech: nominative and genitive (the 3-letter abbreviations are English words: left out)
            ("leden", 1), ("ledna", 1), ("únor", 2), ("unor", 2), ("února", 2), ("unora", 2), ("březen", 3),
            ("brezen", 3), ("března", 3), ("brezna", 3), ("duben", 4), ("dubna", 4), ("květen", 5),
            ("kveten", 5), ("května", 5), ("kvetna", 5), ("červen", 6), ("cerven", 6), ("června", 6),
            ("cervna", 6), ("červenec", 7), ("cervenec", 7), ("července", 7), ("cervence", 7), ("srpen", 8),
            ("srpna", 8), ("září", 9), ("zari", 9), ("říjen", 10), ("rijen", 10), ("října", 10), ("rijna", 10),
            ("listopadu", 11), ("prosinec", 12), ("prosince", 12),
            // Finnish: stem, -kuu, -kuuta (partitive, as dates write it), abbreviation with -k
            ("tammi", 1), ("tammikuu", 1), ("tammikuuta", 1), ("tammik", 1), ("helmi", 2), ("helmikuu", 2),
            ("helmikuuta", 2), ("helmik", 2), ("maalis", 3), ("maaliskuu", 3), ("maaliskuuta", 3),
            ("maalisk", 3), ("huhti", 4), ("huhtikuu", 4), ("huhtikuuta", 4), ("huhtik", 4), ("touko", 5),
            ("toukokuu", 5), ("toukokuuta", 5), ("toukok", 5), ("kesä", 6), ("kesäkuu", 6), ("kesäkuuta", 6),
            ("kesäk", 6), ("heinä", 7), ("heinäkuu", 7), ("heinäkuuta", 7), ("heinäk", 7), ("elo", 8),
            ("elokuu", 8), ("elokuuta", 8), ("elok", 8), ("syys", 9), ("syyskuu", 9), ("syyskuuta", 9),
            ("syysk", 9), ("loka", 10), ("lokakuu", 10), ("lokakuuta", 10), ("lokak", 10), ("marras", 11),
            ("marraskuu", 11), ("marraskuuta", 11), ("marrask", 11), ("joulu", 12), ("joulukuu", 12),
            ("joulukuuta", 12), ("jouluk", 12),
            // Turkish (`Mart`, `Mayıs` start like the English names)
            ("oca", 1), ("ocak", 1), ("şub", 2), ("şubat", 2), ("sub", 2), ("subat", 2), ("nis", 4), ("nisan", 4),
            ("haz", 6), ("haziran", 6), ("tem", 7), ("temmuz", 7), ("ağu", 8), ("ağustos", 8), ("agu", 8),
            ("agustos", 8), ("eyl", 9), ("eylül", 9), ("eylul", 9), ("eki", 10), ("ekim", 10), ("kas", 11),
            ("kasım", 11), ("kasim", 11), ("ara", 12), ("aralık", 12), ("aralik", 12),
            // Russian: abbreviation, nominative, genitive (as dates write it)
            ("янв", 1), ("январь", 1), ("января", 1), ("фев", 2), ("февр", 2), ("февраль", 2), ("февраля", 2),
            ("мар", 3), ("март", 3), ("марта", 3), ("апр", 4), ("апрель", 4), ("апреля", 4), ("май", 5),
            ("мая", 5), ("июн", 6), ("июнь", 6), ("июня", 6), ("июл", 7), ("июль", 7), ("июля", 7), ("авг", 8),
            ("август", 8), ("августа", 8), ("сен", 9), ("сент", 9), ("сентябрь", 9), ("сентября", 9),
            ("окт", 10), ("октябрь", 10), ("октября", 10), ("ноя", 11), ("нояб", 11), ("ноябрь", 11),
            ("ноября", 11), ("дек", 12), ("декабрь", 12), ("декабря", 12),
        ]
        var map: [[UInt8]: Int] = [:]
        for (name, m) in table { map[Array(name.utf8)] = m }
        return map
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
