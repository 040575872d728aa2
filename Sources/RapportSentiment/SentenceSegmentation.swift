import RapportText

/// Byte-level UAX #29 sentence segmentation (rules SB3–SB11, 998) with the Sentence_Break classes of the
/// linked ICU: read once into a table for the ranges `WordClasses` covers (ASCII, Latin to Cyrillic,
/// general punctuation to symbols, emoji), asked of ICU per character elsewhere (CJK, Thai, Hebrew, ...:
/// unlike word segmentation, ICU's root sentence rules use no dictionary, only the property). The
/// segments are exactly ICU's root-locale sentence segments (checked by `SentenceSegmentationTests` on
/// every code point of the BMP in nine contexts); only invalid UTF-8 goes to ICU.
enum SentenceSegmentation {
    typealias P = SentenceBreakProperty
    static let unsupported: UInt8 = 0xFF

    /// Sentence_Break class per code point of the supported ranges.
    final class Classes: Sendable {
        static let shared = Classes()
        private let table = CodePointClassTable(unsupported: unsupported) { cp in P.of(cp) ?? unsupported }

        private init() {}

        @inline(__always)
        func of(_ cp: UInt32) -> UInt8 {
            let c = table.of(cp)
            return c != unsupported ? c : Self.outsideTable(cp)
        }

        /// The class of a code point outside the table's ranges, from ICU.
        @inline(never)
        private static func outsideTable(_ cp: UInt32) -> UInt8 { P.of(cp) ?? unsupported }
    }

    /// Class and byte length of the character at `k`; `unsupported` for invalid UTF-8.
    @inline(__always)
    static func classAt(_ s: UnsafeBufferPointer<UInt8>, _ k: Int, _ classes: Classes) -> (UInt8, Int) {
        let b0 = s[k]
        if b0 < 0x80 { return (classes.of(UInt32(b0)), 1) }
        guard let (cp, length) = UTF8Scalar.decode(s, at: k, end: s.count) else { return (unsupported, 1) }
        return (classes.of(cp), length)
    }

    /// Appends the sentence ranges of `s` to `out` (which must be empty) and returns true, or returns false
    /// (leaving `out` empty) when `s` is not valid UTF-8.
    static func segment(_ s: UnsafeBufferPointer<UInt8>, into out: inout [Range<Int>]) -> Bool {
        let classes = Classes.shared
        let n = s.count
        /// Position after the Extend/Format characters from `k` (SB5), or -1 on an unsupported one.
        @inline(__always) func skipExtend(_ k: Int) -> Int {
            var k = k
            while k < n {
                let (d, dl) = classAt(s, k, classes)
                guard d == P.extend || d == P.format else { break }
                k += dl
            }
            return k
        }
        var start = 0
        var i = 0
        var prev = P.other  // previous class other than Extend/Format (SB7)
        while i < n {
            // Eight ASCII bytes without a terminator (. ! ?) or paragraph separator (LF, CR) only update
            // `prev` (no ASCII character is Extend or Format): it becomes the class of the last one.
            if i + 8 <= n, let base = s.baseAddress {
                let v = SWAR.load(base + i)
                let stop =
                    v & SWAR.high | SWAR.equal(v, 0x2E) | SWAR.equal(v, 0x21) | SWAR.equal(v, 0x3F)
                    | SWAR.equal(v, 0x0A) | SWAR.equal(v, 0x0D)
                if stop == 0 {
                    prev = classes.of(UInt32(s[i + 7]))
                    i += 8
                    continue
                }
            }
            let (c, len) = classAt(s, i, classes)
            switch c {
            case unsupported:
                out.removeAll(keepingCapacity: true)
                return false
            case P.cr, P.lf, P.sep:
                // SB3, SB4: break after a paragraph separator (CR LF as one).
                i += len
                if c == P.cr && i < n && s[i] == 0x0A { i += 1 }
                out.append(start..<i)
                start = i
                prev = P.other
            case P.aTerm, P.sTerm:
                let after = skipExtend(i + len)
                var k = after
                let next = k < n ? classAt(s, k, classes).0 : P.other
                // SB6 (ATerm × Numeric), SB7 (Upper/Lower ATerm × Upper).
                if c == P.aTerm && (next == P.numeric || (next == P.upper && (prev == P.upper || prev == P.lower))) {
                    prev = c
                    i = after
                    continue
                }
                // SB9, SB10: Close* Sp* stay with the terminator.
                while k < n && classAt(s, k, classes).0 == P.close { k = skipExtend(k + classAt(s, k, classes).1) }
                while k < n && classAt(s, k, classes).0 == P.sp { k = skipExtend(k + classAt(s, k, classes).1) }
                if k >= n {
                    i = n
                    break
                }
                let (d, dl) = classAt(s, k, classes)
                if d == P.cr || d == P.lf || d == P.sep {
                    // SB9/SB10 then SB11: the separator ends the sentence.
                    k += dl
                    if d == P.cr && k < n && s[k] == 0x0A { k += 1 }
                    out.append(start..<k)
                    start = k
                    i = k
                    prev = P.other
                    continue
                }
                var continues = d == P.sContinue || d == P.aTerm || d == P.sTerm  // SB8a
                if !continues && c == P.aTerm {
                    // SB8: ATerm Close* Sp* × (¬(OLetter | Upper | Lower | ParaSep | SATerm))* Lower.
                    var m = k
                    while m < n {
                        let (e, el) = classAt(s, m, classes)
                        if e == unsupported {
                            out.removeAll(keepingCapacity: true)
                            return false
                        }
                        if e == P.oLetter || e == P.upper || e == P.lower || e == P.sep || e == P.cr || e == P.lf
                            || e == P.aTerm || e == P.sTerm
                        {
                            continues = e == P.lower
                            break
                        }
                        m += el
                    }
                }
                if continues {
                    prev = c
                    i = after
                    continue
                }
                out.append(start..<k)  // SB11
                start = k
                i = k
                prev = P.other
            default:
                if c != P.extend && c != P.format { prev = c }
                i += len
            }
        }
        if start < n { out.append(start..<n) }
        return true
    }
}
