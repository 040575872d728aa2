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
