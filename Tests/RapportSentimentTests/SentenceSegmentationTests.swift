import RapportText
import Testing

@testable import RapportSentiment

/// `SentenceSegmentation` must give exactly ICU's sentence segments whenever it does not hand over to ICU.
@Suite("Sentence segmentation fast path")
struct SentenceSegmentationTests {
    static let alphabet: [String] = [
        "a", "b", "z", "A", "B", "Q", "0", "7", ".", ".", "!", "?", "?", ",", ";", ":", "-", "'", "\"", "(", ")",
        "[", "]", "{", "}", " ", " ", " ", "  ", "\t", "\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "@", "#", "/",
        "é", "É", "ß", "Σ", "ж", "Ж", "ª", "\u{301}", "\u{AD}", "\u{200D}", "\u{FE0F}", "\u{A0}", "\u{2003}",
        "\u{85}", "\u{2028}", "\u{2029}", "\u{AB}", "\u{BB}", "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}",
        "\u{2026}", "\u{2024}", "\u{203C}", "\u{2047}", "\u{2014}", "\u{2013}", "\u{FE52}", "\u{1F600}",
        "\u{1F44D}", "\u{1F3FD}", "\u{2764}", "ǅ", "ʰ", "\u{3002}", "日", "\u{FF01}",
    ]

    static func icuRanges(_ icu: Segmenter, _ text: String) -> [Range<Int>] {
        var copy = text
        return copy.withUTF8 { icu.segments($0).map(\.range) }
    }

    /// The byte-level ranges, or nil when the text goes to ICU.
    static func fastRanges(_ text: String) -> [Range<Int>]? {
        var copy = text
        var out: [Range<Int>] = []
        let handled = copy.withUTF8 { SentenceSegmentation.segment($0, into: &out) }
        return handled ? out : nil
    }

    @Test func randomTextEqualsICU() throws {
        let icu = try Segmenter(.sentence)
        var rng = SplitMix(seed: 41)
        var handled = 0
        for _ in 0..<60000 {
            var text = ""
            for _ in 0..<(Int(rng.next() % 30)) { text += Self.alphabet[Int(rng.next() % UInt64(Self.alphabet.count))] }
            guard let fast = Self.fastRanges(text) else { continue }
            handled += 1
            #expect(fast == Self.icuRanges(icu, text), "\(text.debugDescription)")
        }
        #expect(handled > 30000)
    }

    /// Every code point in sentence-rule contexts (terminators, closers, spaces, case).
    @Test func everySupportedCodePointEqualsICU() throws {
        let icu = try Segmenter(.sentence)
        // The whole BMP (outside the class table the classes come from ICU per character) and the
        // supplementary blocks with letters, digits, emoji and tags.
        let ranges: [ClosedRange<UInt32>] = [
            0x00...0xFFFD, 0x10000...0x1019F, 0x1D400...0x1D7FF, 0x1F000...0x1FAFF, 0x20000...0x2001F,
            0xE0000...0xE007F,
        ]
        let contexts = [
            ("a. ", "b"), ("A.", "B"), ("x", ". y"), ("Go. ", " Now"), ("1.", "2"), ("Hi! ", ""), ("e.g.", " no"),
            ("Ok. ", "c."), ("", ""),
        ]
        var checked = 0
        for range in ranges {
            for cp in range {
                guard let scalar = Unicode.Scalar(cp) else { continue }
                let c = String(Character(scalar))
                for (before, after) in contexts {
                    let text = before + c + after
                    let fast = Self.fastRanges(text)
                    #expect(fast != nil, "\(text.debugDescription)")
                    #expect(fast == Self.icuRanges(icu, text), "\(text.debugDescription)")
                    checked += 1
                }
            }
        }
        #expect(checked > 70_000)
    }

    @Test func examples() throws {
        #expect(Self.fastRanges("Hello there. How are you? Fine!") == [0..<13, 13..<26, 26..<31])
        #expect(Self.fastRanges("e.g. this is one. U.S. Army") == [0..<18, 18..<23, 23..<27])
        #expect(Self.fastRanges("Pi is 3.14 (roughly). \"Yes.\" Next") == [0..<22, 22..<29, 29..<33])
        #expect(Self.fastRanges("Line one\nLine two") == [0..<9, 9..<17])
        #expect(Self.fastRanges("Café. Très bien 😀! Ok") == [0..<7, 7..<24, 24..<26])
        // CJK, Thai, Hebrew: classes asked of ICU per character (no dictionary in sentence rules).
        #expect(Self.fastRanges("日本語。テスト") == [0..<12, 12..<21])
        #expect(Self.fastRanges("好！真的吗？是") == [0..<6, 6..<18, 18..<21])
        var out: [Range<Int>] = []
        #expect(
            !([0x61, 0xFF, 0x62] as [UInt8]).withUnsafeBufferPointer { SentenceSegmentation.segment($0, into: &out) })
        #expect(out.isEmpty)
        let icu = try Segmenter(.sentence)
        for text in [
            "e.g. this is one. U.S. Army", "Café. Très bien 😀! Ok", "Pi is 3.14 (roughly). \"Yes.\" Next", "日本語。テスト",
            "好！真的吗？是", "สวัสดี. ครับ", "שלום. עולם",
        ] {
            #expect(Self.fastRanges(text) == Self.icuRanges(icu, text))
        }
    }
}
