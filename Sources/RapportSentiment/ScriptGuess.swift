/// Script-based language identification (see docs/sentiment.md, "Language"): counts letters per script
/// and names the dominant one. Han with any kana → "ja"; Han → "zh"; Hangul → "ko"; Thai → "th";
/// scripts shared by many languages get their ISO 15924 code ("Cyrl", "Arab", "Grek", "Hebr", "Deva",
/// "Other"). Latin (or no letters at all: emoji, numbers) goes on to the stopword check.
struct ScriptGuess {
    var language: String
    var isLatinOrNone: Bool

    static func dominant(_ text: UnsafeBufferPointer<UInt8>) -> ScriptGuess {
        var latin = 0
        var han = 0
        var kana = 0
        var hangul = 0
        var thai = 0
        var cyrillic = 0
        var arabic = 0
        var greek = 0
        var hebrew = 0
        var devanagari = 0
        var other = 0
        var i = 0
        let n = text.count
        // ASCII letters are only counted when some non-Latin letter turns up (`asciiLetters`): without one,
        // the text is Latin (or has no letters) whatever their number.
        while i < n {
            // Eight ASCII bytes at a time.
            while i + 8 <= n {
                let high = SWAR.load(text.baseAddress! + i) & SWAR.high
                if high != 0 {
                    i += high.trailingZeroBitCount >> 3  // to the first non-ASCII byte
                    break
                }
                i += 8
            }
            if i >= n { break }
            let b = text[i]
            if b < 0x80 {
                i += 1
                continue
            }
            // Han (U+4E00–U+9FFF: lead bytes E4 (second byte ≥ B8) to E9), kana (U+3040–U+30FF: E3 81–83) and
            // Thai (U+0E00–U+0E7F: E0 B8–B9) without decoding; continuation bytes checked, so the sequence is
            // the valid UTF-8 of such a code point.
            if b &- 0xE0 < 0x0A && i + 2 < n && text[i + 1] & 0xC0 == 0x80 && text[i + 2] & 0xC0 == 0x80 {
                let b1 = text[i + 1]
                if b >= 0xE5 || (b == 0xE4 && b1 >= 0xB8) {
                    han += 1
                    i += 3
                    continue
                }
                if b == 0xE3 && b1 &- 0x81 < 3 {
                    kana += 1
                    i += 3
                    continue
                }
                if b == 0xE0 && b1 &- 0xB8 < 2 {
                    thai += 1
                    i += 3
                    continue
                }
            }
            // Code points `decode` would give without a script, skipped on their bytes: emoji and symbols
            // (U+1F000–U+1FFFF: F0 or F8, then a byte with low bits 0x1F), General Punctuation to the
            // dingbats (U+2000–U+2FFF: E2) and the variation selectors (U+FE00–U+FE3F: EF, low bits 0x38).
            if b == 0xF0 || b == 0xF8 {
                if i + 3 < n && text[i + 1] & 0x3F == 0x1F {
                    i += 4
                    continue
                }
            } else if (b == 0xE2 || b == 0xEF) && i + 2 < n && (b == 0xE2 || text[i + 1] & 0x3F == 0x38) {
                i += 3
                continue
            }
            let (cp, len) = PythonText.decode(text, i)
            i += len
            if cp &- 0x1F000 < 0x1000 { continue }  // emoji and symbols: no script
            switch cp {
            case 0xC0...0x24F where cp != 0xD7 && cp != 0xF7: latin += 1
            case 0x1E00...0x1EFF, 0xFF21...0xFF3A, 0xFF41...0xFF5A: latin += 1
            case 0x370...0x3FF, 0x1F00...0x1FFF: greek += 1
            case 0x400...0x52F: cyrillic += 1
            case 0x590...0x5FF: hebrew += 1
            case 0x600...0x6FF, 0x750...0x77F, 0xFB50...0xFDFF, 0xFE70...0xFEFF: arabic += 1
            case 0x900...0x97F: devanagari += 1
            case 0xE00...0xE7F: thai += 1
            case 0x1100...0x11FF, 0x3130...0x318F, 0xAC00...0xD7AF: hangul += 1
            case 0x3040...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F: kana += 1
            case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FFFF: han += 1
            case 0x0250...0x02AF: latin += 1
            case 0x0530...0x058F, 0x10A0...0x10FF, 0x0980...0x0DFF, 0x0E80...0x0FFF, 0x1780...0x17FF: other += 1
            default: break
            }
        }
        let nonLatin = han + kana + hangul + thai + cyrillic + arabic + greek + hebrew + devanagari + other
        if nonLatin == 0 || nonLatin <= latin + asciiLetters(text) {
            return ScriptGuess(language: "en", isLatinOrNone: true)
        }
        let candidates: [(Int, String)] = [
            (han + kana, kana > 0 ? "ja" : "zh"), (hangul, "ko"), (thai, "th"), (cyrillic, "Cyrl"),
            (arabic, "Arab"), (greek, "Grek"), (hebrew, "Hebr"), (devanagari, "Deva"), (other, "Other"),
        ]
        var best = candidates[0]
        for c in candidates.dropFirst() where c.0 > best.0 { best = c }
        return ScriptGuess(language: best.1, isLatinOrNone: false)
    }

    /// The number of ASCII letters in `text`, eight bytes at a time.
    static func asciiLetters(_ text: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        var i = 0
        let n = text.count
        if let base = text.baseAddress {
            while i + 8 <= n {
                let v = SWAR.load(base + i)
                count += SWAR.markedBytes(SWAR.inRange(v | 0x2020_2020_2020_2020, 0x61, 0x7A))
                i += 8
            }
        }
        while i < n {
            let l = text[i] | 0x20
            if l >= 0x61 && l <= 0x7A { count += 1 }
            i += 1
        }
        return count
    }
}

extension SWAR {
    /// The number of bytes of `mask` that are 0x80 (every other byte 0): a multiply adds them up, where
    /// `nonzeroBitCount` is a dozen instructions on baseline x86-64 (no POPCNT).
    @inline(__always)
    static func markedBytes(_ mask: UInt64) -> Int {
        Int(truncatingIfNeeded: ((mask >> 7) &* ones) >> 56)
    }
}
