import Foundation
import RapportText
import Testing

@testable import RapportSentiment

/// `WordSegmenter` (ASCII state machine + ICU on non-ASCII islands) must give exactly ICU's word segments
/// and rule statuses.
@Suite("Word segmentation fast path")
struct WordSegmenterTests {
    /// Every ASCII Word_Break class (and characters ICU tailors: `@`, `:`), plus tabs and controls.
    static let ascii: [String] = [
        "a", "Z", "q", "@", "0", "7", ".", "'", ",", ";", "_", " ", "  ", "\r", "\n", "\r\n", "\u{0B}", "\u{0C}",
        "\t", ":", "!", "?", "-", "\"", "#", "/", "(", ")", "<", "3", "\u{7F}", "\u{01}", "\u{1F}",
    ]
    /// Non-ASCII characters of many Word_Break classes: letters, Extend, Format, ZWJ, emoji and modifiers,
    /// regional indicators, spaces, MidNumLet, Hebrew, Katakana, Hiragana, Han, Thai (dictionary), Hangul.
    static let other: [String] = [
        "é", "ß", "Σ", "Ж", "\u{301}", "\u{200B}", "\u{200D}", "\u{200E}", "\u{FE0F}", "\u{A0}", "\u{3000}",
        "\u{2003}", "\u{202F}", "\u{2019}", "\u{2018}", "\u{2024}", "\u{FF0E}", "\u{1F600}", "\u{1F3FD}",
        "\u{1F469}", "\u{2640}", "\u{2764}", "\u{1F1E9}", "\u{1F1EA}", "\u{E0067}", "א", "\u{5F4}", "カ", "ー",
        "ひ", "日本", "ภาษาไทย", "한", "\u{2028}", "\u{85}", "\u{FF1A}", "\u{B7}", "\u{660}", "\u{2014}", "™",
    ]

    static func icuSegments(_ icu: Segmenter, _ text: String) -> [TextSegment] {
        var copy = text
        return copy.withUTF8 { icu.segments($0) }
    }

    static func fastSegments(_ fast: WordSegmenter, _ text: String) -> [TextSegment] {
        var copy = text
        var result: [TextSegment] = []
        copy.withUTF8 { p in fast.forEachSegment(p) { result.append($0) } }
        return result
    }

    @Test func asciiEqualsICU() throws {
        let icu = try Segmenter(.word)
        let fast = try WordSegmenter()
        var rng = SplitMix(seed: 6)
        for _ in 0..<30000 {
            var text = ""
            for _ in 0..<(Int(rng.next() % 40)) { text += Self.ascii[Int(rng.next() % UInt64(Self.ascii.count))] }
            let expected = Self.icuSegments(icu, text)
            #expect(Self.fastSegments(fast, text) == expected, "\(text.debugDescription)")
        }
    }

    @Test func mixedTextEqualsICU() throws {
        let icu = try Segmenter(.word)
        let fast = try WordSegmenter()
        var rng = SplitMix(seed: 29)
        for _ in 0..<30000 {
            var text = ""
            for _ in 0..<(Int(rng.next() % 40)) {
                let pool = rng.next() % 4 == 0 ? Self.other : Self.ascii
                text += pool[Int(rng.next() % UInt64(pool.count))]
            }
            let expected = Self.icuSegments(icu, text)
            #expect(Self.fastSegments(fast, text) == expected, "\(text.debugDescription)")
        }
    }

    /// Characters the byte-level path handles itself (Latin, Greek and Cyrillic letters, combining marks,
    /// soft hyphen, spaces, Mid* punctuation, symbols, emoji with ZWJ/VS16/skin tones/tags) plus a few
    /// it must hand to ICU, weighted towards emoji sequences.
    static let mixed: [String] = [
        "é", "É", "ñ", "ß", "ø", "Ł", "ő", "ǅ", "ɐ", "ʼ", "ˆ", "Σ", "ά", "Ж", "ё", "ẞ", "ệ", "ᾳ", "ª", "º", "µ",
        "\u{301}", "\u{308}", "\u{327}", "\u{20E3}", "\u{AD}", "\u{200C}", "\u{200D}", "\u{200D}", "\u{200E}",
        "\u{2060}", "\u{FE0F}", "\u{FE0E}", "\u{E0067}", "\u{E007F}", "\u{A0}", "\u{2003}", "\u{2009}",
        "\u{202F}", "\u{205F}", "\u{2019}", "\u{2018}", "\u{2024}", "\u{2027}", "\u{B7}", "\u{2044}",
        "\u{203F}", "\u{2014}", "\u{2026}", "\u{201C}", "\u{AB}", "\u{D7}", "\u{BF}", "\u{B2}", "\u{BD}",
        "\u{A9}", "\u{AE}", "\u{2122}", "\u{2139}", "\u{2194}", "\u{231A}", "\u{24C2}", "\u{25B6}",
        "\u{2600}", "\u{2640}", "\u{2642}", "\u{2764}", "\u{2705}", "\u{2B50}", "\u{216B}", "\u{2160}",
        "\u{1F600}", "\u{1F602}", "\u{1F44D}", "\u{1F469}", "\u{1F468}", "\u{1F467}", "\u{1F3FB}",
        "\u{1F3FD}", "\u{1F3FF}", "\u{1F3F4}", "\u{1F308}", "\u{1F525}", "\u{1F9D1}", "\u{1FAE0}",
        "\u{1F004}", "\u{1F170}", "\u{1F1E9}", "\u{1F1EA}", "\u{2028}", "\u{85}", "א", "カ", "日", "ก",
        "\u{1F469}\u{200D}\u{1F4BB}", "\u{2764}\u{FE0F}", "\u{1F44D}\u{1F3FD}", "\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}",
        "e\u{301}", "\u{FFFD}", "\u{10FFFF}",
    ]

    @Test func latinAndEmojiEqualICU() throws {
        let icu = try Segmenter(.word)
        let fast = try WordSegmenter()
        var rng = SplitMix(seed: 77)
        var byteLevel = 0
        for _ in 0..<60000 {
            var text = ""
            for _ in 0..<(Int(rng.next() % 24)) {
                let pool = rng.next() % 2 == 0 ? Self.mixed : Self.ascii
                text += pool[Int(rng.next() % UInt64(pool.count))]
            }
            let expected = Self.icuSegments(icu, text)
            #expect(Self.fastSegments(fast, text) == expected, "\(text.debugDescription)")
            if let segments = Self.byteLevelSegments(text) {
                #expect(segments == expected, "\(text.debugDescription)")
                byteLevel += 1
            }
        }
        // Most random texts are handled without ICU (the rest hold a character or sequence ICU must see).
        #expect(byteLevel > 20000)
    }

    /// The byte-level segments of a whole text, or nil when it hands the text to ICU.
    static func byteLevelSegments(_ text: String) -> [TextSegment]? {
        var copy = text
        return copy.withUTF8 { p in
            withUnsafeTemporaryAllocation(of: TextSegment.self, capacity: p.count + 1) { buf in
                let count = WordSegmenter.segmentMixed(p, 0, p.count, WordClasses.shared, into: buf.baseAddress!)
                return count < 0 ? nil : Array(buf[0..<count])
            }
        }
    }

    /// Latin, Greek, Cyrillic, punctuation, symbols and emoji sequences take the byte-level path (no ICU),
    /// with ICU's result (since round 7 flags too); CJK, Thai and Hebrew do not.
    @Test func byteLevelPathCoversLatinAndEmoji() throws {
        let icu = try Segmenter(.word)
        let handled = [
            "Café naïve façade, déjà-vu",
            "Straße \u{1F600} \u{1F44D}\u{1F3FD} \u{2764}\u{FE0F} \u{1F469}\u{200D}\u{1F4BB} done!",
            "Ça va? Très bien \u{2014} merci\u{2026} \u{AB}oui\u{BB}", "Ελληνικά и русский",
            "\u{BD} \u{D7} 3\u{2122} \u{A9}",
            "it\u{2019}s e\u{301}te\u{301} 3\u{2024}5 a\u{B7}b \u{1F3F3}\u{FE0F}\u{200D}\u{1F308}",
            "\u{1D420}\u{1D42B}\u{1D41E}\u{1D41A}\u{1D42D} \u{1D7D1}\u{1D7CE} \u{FB01}ne \u{FB00}",
            // (round 7) Regional indicators: flags, and an odd run.
            "we \u{1F1E9}\u{1F1EA} won \u{1F1E7}\u{1F1F2}\u{1F1FA}!",
        ]
        for text in handled {
            let segments = Self.byteLevelSegments(text)
            #expect(segments != nil, "\(text.debugDescription)")
            #expect(segments == Self.icuSegments(icu, text), "\(text.debugDescription)")
        }
        #expect(
            Self.byteLevelSegments("Café 😀 naïve") == [
                TextSegment(start: 0, end: 5, status: 200), TextSegment(start: 5, end: 6, status: 0),
                TextSegment(start: 6, end: 10, status: 0), TextSegment(start: 10, end: 11, status: 0),
                TextSegment(start: 11, end: 17, status: 200),
            ])
        // Mathematical bold "great 30" and the ligature "ﬁne": letters (200) and digits (100), no ICU.
        #expect(
            Self.byteLevelSegments("\u{1D420}\u{1D42B}\u{1D41E}\u{1D41A}\u{1D42D} \u{1D7D1}\u{1D7CE} \u{FB01}ne") == [
                TextSegment(start: 0, end: 20, status: 200), TextSegment(start: 20, end: 21, status: 0),
                TextSegment(start: 21, end: 29, status: 100), TextSegment(start: 29, end: 30, status: 0),
                TextSegment(start: 30, end: 35, status: 200),
            ])
        for text in ["日本語", "ภาษาไทย", "שלום", "a\u{200D}\u{1F600}", "x\u{2028}y", "カタカナ"] {
            #expect(Self.byteLevelSegments(text) == nil, "\(text.debugDescription)")
        }
    }

    /// Every code point the byte-level path classifies, alone and between letters, digits, spaces and
    /// emoji (so a wrong class shows up as a different boundary or status).
    @Test func everySupportedCodePointEqualsICU() throws {
        let icu = try Segmenter(.word)
        let fast = try WordSegmenter()
        let ranges: [ClosedRange<UInt32>] = [
            0x80...0x52F, 0x1D00...0x1FFF, 0x2000...0x2BFF, 0xFE00...0xFE0F, 0x1F000...0x1FAFF, 0xE0000...0xE007F,
            0xFB00...0xFB4F, 0x1D400...0x1D7FF, 0x3000...0x3000,
        ]
        let contexts = [
            ("a", "b"), ("1", "2"), (" ", " "), ("\u{1F600}", "\u{1F600}"), ("a.", "b"), ("1,", "2"), ("x", "\u{301}"),
            ("\u{200D}", "\u{1F600}"), ("_", "_"), ("", ""),
        ]
        var checked = 0
        for range in ranges {
            for cp in range {
                guard let scalar = Unicode.Scalar(cp) else { continue }
                let c = String(Character(scalar))
                for (before, after) in contexts {
                    let text = before + c + after
                    #expect(Self.fastSegments(fast, text) == Self.icuSegments(icu, text), "\(text.debugDescription)")
                    checked += 1
                }
            }
        }
        #expect(checked > 70_000)
    }

    /// The golden input (5,616 varied lines: emoji, CJK, Unicode case and space oddities) line by line
    /// and as one text.
    @Test func realTextEqualsICU() throws {
        let icu = try Segmenter(.word)
        let fast = try WordSegmenter()
        let path = GoldenTests.directory + "/input.txt"
        let input = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        let lines = input.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count > 5000)
        for line in lines {
            #expect(Self.fastSegments(fast, line) == Self.icuSegments(icu, line), "\(line.debugDescription)")
        }
        #expect(Self.fastSegments(fast, input) == Self.icuSegments(icu, input))
    }
}
