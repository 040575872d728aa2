import RapportCore
import RapportText

/// Word_Break classes (as `WordSegmenter` numbers them) of the non-ASCII code points the byte-level
/// segmenter handles (the ranges of ``CodePointClassTable``), read once from the linked ICU's property
/// data. Everything else, and every class without a byte-level rule (Hebrew_Letter, Katakana,
/// CR/LF/Newline, an Extended_Pictographic letter...), is `unsupported`: such text
/// goes to ICU. ASCII is classified by `WordSegmenter.classOf` and never looked up here.
final class WordClasses: Sendable {
    static let shared = WordClasses()

    private let table = CodePointClassTable(unsupported: WordSegmenter.unsupported, classify: classify)

    private init() {}

    private static func classify(_ cp: UInt32) -> UInt8 {
        guard let p = WordBreakProperty.of(cp) else { return WordSegmenter.unsupported }
        if p.extendedPictographic {
            return p.wordBreak == WordBreakProperty.other ? WordSegmenter.pictographic : WordSegmenter.unsupported
        }
        switch p.wordBreak {
        case WordBreakProperty.other: return WordSegmenter.other
        case WordBreakProperty.aLetter: return WordSegmenter.letter
        case WordBreakProperty.numeric: return WordSegmenter.numeric
        case WordBreakProperty.midNumLet, WordBreakProperty.singleQuote: return WordSegmenter.midNumLet
        case WordBreakProperty.midNum: return WordSegmenter.midNum
        case WordBreakProperty.midLetter: return WordSegmenter.midLetter
        case WordBreakProperty.extendNumLet: return WordSegmenter.extendNumLet
        case WordBreakProperty.wSegSpace: return WordSegmenter.space
        case WordBreakProperty.extend, WordBreakProperty.format: return WordSegmenter.extend
        case WordBreakProperty.zwj: return WordSegmenter.zwj
        case WordBreakProperty.regionalIndicator: return WordSegmenter.regional
        default: return WordSegmenter.unsupported
        }
    }

    /// The class of non-ASCII code point `cp`.
    @inline(__always)
    func of(_ cp: UInt32) -> UInt8 { table.of(cp) }
}

extension WordSegmenter {
    /// Class and byte length of the character at `k` (`k < hi`); `unsupported` for invalid UTF-8.
    @inline(__always)
    static func classAt(
        _ s: UnsafeBufferPointer<UInt8>, _ k: Int, _ hi: Int, _ classes: WordClasses
    ) -> (UInt8, Int) {
        let b0 = s[k]
        if b0 < 0x80 { return (classOf(b0), 1) }
        guard let (cp, length) = UTF8Scalar.decode(s, at: k, end: hi) else { return (unsupported, 1) }
        return (classes.of(cp), length)
    }

    /// Segments `s[lo..<hi]` (both ends safe points) into `out` like ICU; returns the segment count, or -1
    /// when the piece holds a character or sequence without a byte-level rule (the caller uses ICU).
    /// Rules: 3 (CR × LF), 3a/3b, 3c (ZWJ × Extended_Pictographic, only inside emoji sequences), 3d,
    /// 4 (Extend/Format/ZWJ attach to the preceding character and are skipped by the later rules), 5–13b,
    /// 15/16 (regional indicators in pairs), 999; statuses as in ``segmentASCII(_:_:_:_:)``.
    static func segmentMixed(
        _ s: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int, _ classes: WordClasses,
        into out: UnsafeMutablePointer<TextSegment>
    ) -> Int {
        /// Skips Extend/Format/ZWJ from `j`; returns the new position and whether the last one was ZWJ.
        @inline(__always) func absorb(_ j: Int) -> (Int, Bool) {
            var j = j
            var zwjLast = false
            while j < hi {
                let (d, dl) = classAt(s, j, hi, classes)
                guard d == extend || d == zwj else { break }
                zwjLast = d == zwj
                j += dl
            }
            return (j, zwjLast)
        }
        var count = 0
        var i = lo
        while i < hi {
            let (c, len) = classAt(s, i, hi, classes)
            var j = i + len
            var status: Int32 = 0
            var zwjLast = false
            switch c {
            case unsupported, extend, zwj:
                // Unknown classes, and Extend/Format/ZWJ that start a segment (after a line break).
                return -1
            case cr:
                if j < hi && s[j] == 0x0A { j += 1 }
            case newline:
                break
            case space:
                while j < hi {
                    let (d, dl) = classAt(s, j, hi, classes)
                    guard d == space else { break }
                    j += dl
                }
                (j, zwjLast) = absorb(j)
            case letter, numeric, extendNumLet:
                var last = c
                var lastEnd = j
                status = c == letter ? 200 : (c == numeric ? 100 : 0)
                (j, zwjLast) = absorb(j)
                while j < hi {
                    let (d, dl) = classAt(s, j, hi, classes)
                    if zwjLast && d == pictographic { return -1 }
                    if d == letter || d == numeric || d == extendNumLet {
                        if d == letter {
                            status = 200
                        } else if d == numeric {
                            status = 100
                        } else if last == extendNumLet {
                            status = 200
                        }
                        last = d
                        lastEnd = j + dl
                        (j, zwjLast) = absorb(lastEnd)
                        continue
                    }
                    if d == midNumLet || d == midNum || d == midLetter {
                        let (k, zwjMid) = absorb(j + dl)
                        if k < hi {
                            let (e, el) = classAt(s, k, hi, classes)
                            if zwjMid && e == pictographic { return -1 }
                            if last == letter && (d == midNumLet || d == midLetter) && e == letter {
                                status = 200
                                lastEnd = k + el
                                (j, zwjLast) = absorb(lastEnd)
                                continue
                            }
                            if last == numeric && (d == midNumLet || d == midNum) && e == numeric {
                                status = 100
                                lastEnd = k + el
                                (j, zwjLast) = absorb(lastEnd)
                                continue
                            }
                        }
                    }
                    break
                }
                // ICU: Extend/Format/ZWJ after a final ExtendNumLet end the word by its untagged rule 4.
                if last == extendNumLet && j > lastEnd { status = 0 }
            case regional:
                // Rules 15/16: a regional indicator joins the next one (Extend/Format/ZWJ between them are
                // transparent); a third starts a new segment. A segment starts after a non-indicator (a
                // safe point or a segment end), so counting from its start is counting the run. Status 0.
                (j, zwjLast) = absorb(j)
                if j < hi {
                    let (d, dl) = classAt(s, j, hi, classes)
                    if d == regional { (j, zwjLast) = absorb(j + dl) }
                }
            case pictographic:
                (j, zwjLast) = absorb(j)
                // Rule 3c: an emoji ZWJ sequence continues with the next pictograph.
                while zwjLast && j < hi {
                    let (d, dl) = classAt(s, j, hi, classes)
                    guard d == pictographic else { break }
                    (j, zwjLast) = absorb(j + dl)
                }
                zwjLast = false
            default:
                (j, zwjLast) = absorb(j)
            }
            // A ZWJ ending a non-emoji segment before a pictograph: rule 3c joins them (rare; ICU decides).
            if zwjLast && j < hi && classAt(s, j, hi, classes).0 == pictographic { return -1 }
            out[count] = TextSegment(start: i, end: j, status: status)
            count += 1
            i = j
        }
        return count
    }
}
