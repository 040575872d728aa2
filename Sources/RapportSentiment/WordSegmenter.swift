import RapportCore
import RapportText

/// ICU word segmentation (root locale) with a byte-level fast path for ASCII, Latin, Greek, Cyrillic,
/// general punctuation, symbols and emoji.
///
/// ASCII stretches are segmented by a small state machine that reproduces ICU 72's word boundaries and
/// rule statuses for ASCII exactly (letters and `@` are ALetter, digits Numeric, `.` and `'` MidNumLet /
/// Single_Quote, `,` and `;` MidNum, `_` ExtendNumLet, U+0020 WSegSpace, CR LF VT FF line breaks; `:` is
/// not MidLetter in ICU). Text around a non-ASCII character is cut into *pieces* at *safe points*:
/// positions `p` with a space at `p - 1` and an ASCII non-space at `p` (or the text's ends). ICU always
/// breaks there and no rule looks across such a point (rules 6/7/11/12 look one character past a Mid*
/// character, never past a space; rule 3d only joins spaces; rule 4 only attaches Extend/Format/ZWJ,
/// which are non-ASCII), so segmenting the pieces separately gives the same segments as segmenting the
/// whole text. A piece whose code points all have a Word_Break class from ``WordClasses`` (taken from
/// the linked ICU's own property data) is segmented by the same state machine extended with UAX #29
/// rule 4 (Extend, Format and ZWJ attach to the preceding character and are transparent to the other
/// rules), rule 3c (ZWJ × Extended_Pictographic inside emoji sequences) and rules 15/16 (regional
/// indicators in pairs); anything else — dictionary scripts (CJK, Thai, ...), Hebrew, Katakana, line
/// separators, invalid UTF-8, or a ZWJ joining an emoji to a non-emoji — goes to ICU.
/// `WordSegmenterTests` checks the result against ICU on large random and real inputs.
struct WordSegmenter {
    private let icu: Segmenter

    init() throws(RapportError) { icu = try Segmenter(.word) }

    /// Calls `body` for each segment of `text`, exactly as `Segmenter(.word).forEachSegment` would.
    func forEachSegment(_ text: UnsafeBufferPointer<UInt8>, _ body: (TextSegment) -> Void) {
        var all = Int.min
        withUnsafePointer(to: &all) { forEachSegment(text, nonWordsFrom: $0, body) }
    }

    /// ``forEachSegment(_:_:)``, except that segments of ASCII text with status 0 (spaces, punctuation)
    /// that start before `floor.pointee` are left out (`body` may raise the floor as it goes: the Rapport
    /// engine only needs such a segment where an emoticon starts). Segments of pieces around non-ASCII
    /// characters are all reported.
    @inline(__always)
    func forEachSegment(
        _ text: UnsafeBufferPointer<UInt8>, nonWordsFrom floor: UnsafePointer<Int>, _ body: (TextSegment) -> Void
    ) {
        let n = text.count
        var pos = 0
        var i = 0
        while i < n {
            // Eight ASCII bytes at a time up to the next non-ASCII byte.
            if i + 8 <= n, let base = text.baseAddress {
                let high = SWAR.load(base + i) & SWAR.high
                if high == 0 {
                    i += 8
                    continue
                }
                i += high.trailingZeroBitCount >> 3
            }
            if text[i] < 0x80 {
                i += 1
                continue
            }
            var l = i
            while !Self.isSafe(text, l) { l -= 1 }
            var r = i + 1
            while r < n && !Self.isSafe(text, r) { r += 1 }
            if pos < l { Self.segmentASCII(text, pos, l, floor, body) }
            let done = withUnsafeTemporaryAllocation(of: TextSegment.self, capacity: r - l) { buf in
                let count = Self.segmentMixed(text, l, r, WordClasses.shared, into: buf.baseAddress!)
                if count < 0 { return false }
                for k in 0..<count { body(buf[k]) }
                return true
            }
            if !done {
                icu.forEachSegment(UnsafeBufferPointer(rebasing: text[l..<r])) { seg in
                    body(TextSegment(start: seg.start + l, end: seg.end + l, status: seg.status))
                }
            }
            pos = r
            i = r
        }
        if pos < n { Self.segmentASCII(text, pos, n, floor, body) }
    }

    /// A position where ICU always breaks and no rule looks across (see the type's documentation).
    @inline(__always)
    static func isSafe(_ s: UnsafeBufferPointer<UInt8>, _ p: Int) -> Bool {
        p == 0 || p == s.count || (s[p - 1] == 0x20 && s[p] < 0x80 && s[p] != 0x20)
    }

    // Word_Break classes of ASCII bytes as ICU 72 uses them.
    static let other: UInt8 = 0
    static let letter: UInt8 = 1
    static let numeric: UInt8 = 2
    static let midNumLet: UInt8 = 3
    static let midNum: UInt8 = 4
    static let extendNumLet: UInt8 = 5
    static let space: UInt8 = 6
    static let cr: UInt8 = 7
    static let newline: UInt8 = 8
    // Non-ASCII only (see `WordClasses`).
    static let midLetter: UInt8 = 9
    static let pictographic: UInt8 = 10
    static let extend: UInt8 = 11
    static let zwj: UInt8 = 12
    static let regional: UInt8 = 13
    static let unsupported: UInt8 = 0xFF

    /// The class of an ASCII byte (comparisons only: no table access, no retain in the hot loop).
    @inline(__always)
    static func classOf(_ b: UInt8) -> UInt8 {
        let l = b | 0x20
        if (l >= 0x61 && l <= 0x7A) || b == 0x40 { return letter }
        if b >= 0x30 && b <= 0x39 { return numeric }
        if b == 0x20 { return space }
        if b == 0x2E || b == 0x27 { return midNumLet }
        if b == 0x2C || b == 0x3B { return midNum }
        if b == 0x5F { return extendNumLet }
        if b == 0x0D { return cr }
        if b >= 0x0A && b <= 0x0C { return newline }
        return other
    }

    /// Segments ASCII `s[lo..<hi]` (both ends safe points) like ICU: rules 3, 3d, 5–13b, 999.
    /// Status: 200 after a letter, 100 after a digit; `_` keeps the status before it, except that two
    /// `_` in a row give 200 and a lone `_` 0 (ICU's rule tags for 13a/13b).
    @inline(__always)
    static func segmentASCII(
        _ s: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int, _ floor: UnsafePointer<Int>,
        _ body: (TextSegment) -> Void
    ) {
        do {
            var i = lo
            while i < hi {
                let c = classOf(s[i])
                var j = i + 1
                var status: Int32 = 0
                switch c {
                case cr:
                    if j < hi && s[j] == 0x0A { j += 1 }
                case space:
                    while j < hi && s[j] == 0x20 { j += 1 }
                case letter, numeric, extendNumLet:
                    var last = c
                    status = c == letter ? 200 : (c == numeric ? 100 : 0)
                    while j < hi {
                        // After a letter (status is then 200), ASCII letters eight at a time.
                        if last == letter && j + 8 <= s.count, let base = s.baseAddress {
                            let v = SWAR.load(base + j)
                            let other = ~SWAR.inRange(v | 0x2020_2020_2020_2020, 0x61, 0x7A) & SWAR.high
                            if other == 0 {
                                j = min(j + 8, hi)
                                continue
                            }
                            // The byte after the letters is classified below, without a second load.
                            j += other.trailingZeroBitCount >> 3
                            if j >= hi {
                                j = hi
                                break
                            }
                        }
                        let d = classOf(s[j])
                        if d == letter || d == numeric || d == extendNumLet {
                            if d == letter {
                                status = 200
                            } else if d == numeric {
                                status = 100
                            } else if last == extendNumLet {
                                status = 200
                            }
                            last = d
                            j += 1
                            continue
                        }
                        if (d == midNumLet || d == midNum) && j + 1 < hi {
                            let e = classOf(s[j + 1])
                            if last == letter && d == midNumLet && e == letter {
                                status = 200
                                j += 2
                                continue
                            }
                            if last == numeric && e == numeric {
                                status = 100
                                j += 2
                                continue
                            }
                        }
                        break
                    }
                default:
                    break
                }
                if status != 0 || i >= floor.pointee { body(TextSegment(start: i, end: j, status: status)) }
                i = j
            }
        }
    }
}
