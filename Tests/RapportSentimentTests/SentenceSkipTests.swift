import RapportText
import Testing

@testable import RapportSentiment

/// The Rapport engine skips ICU sentence segmentation when `mayHaveSentenceBreak` is false; ICU must then
/// find exactly one sentence spanning the text.
@Suite("Sentence pass skip")
struct SentenceSkipTests {
    static let safe: [String] = [
        "a", "Z", "7", " ", " ", ",", ";", ":", "'", "\"", "(", ")", "-", "_", "#", "\t", "é", "ß", "ǅ", "\u{301}",
        "Σ", "ά", "Ж", "\u{A0}", "\u{2019}", "\u{201C}", "\u{2014}", "\u{2026}", "\u{200B}", "\u{200D}", "\u{FE0F}",
        "\u{2764}", "\u{2757}", "\u{2753}", "\u{1F600}", "\u{1F3FD}", "\u{1F1E9}", "\u{E0067}", "\u{2192}", "\u{231A}",
        "\u{2B50}", "\u{202F}",
    ]
    static let breaking: [String] = [
        ".", "!", "?", "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}", "\u{2024}", "\u{203C}",
        "\u{2049}", "\u{3002}", "\u{FF01}", "\u{FF1F}", "\u{FF0E}", "\u{37E}", "\u{589}", "\u{61F}", "\u{964}",
        "\u{3000}",
    ]

    @Test func skippedTextsAreOneSentenceForICU() throws {
        let sentences = try Segmenter(.sentence)
        var rng = SplitMix(seed: 42)
        var skipped = 0
        for round in 0..<20000 {
            var text = ""
            let count = Int(rng.next() % 24) + 1
            for _ in 0..<count {
                let pickBreaking = round % 2 == 1 && rng.next() % 8 == 0
                let pool = pickBreaking ? Self.breaking : Self.safe
                text += pool[Int(rng.next() % UInt64(pool.count))]
            }
            var copy = text
            let (may, segments) = copy.withUTF8 { p in
                (RapportEngine.mayHaveSentenceBreak(p), sentences.segments(p))
            }
            if round % 2 == 0 { #expect(!may, "only safe characters: \(text.debugDescription)") }
            if !may {
                skipped += 1
                let whole = [0..<text.utf8.count]
                #expect(segments.map(\.range) == whole, "ICU splits \(text.debugDescription)")
            }
        }
        #expect(skipped >= 10000)
    }

    /// Terminators only at the end (with spaces among them) are skipped too; anything after them is not.
    @Test func trailingTerminatorsAreOneSentenceForICU() throws {
        let sentences = try Segmenter(.sentence)
        var rng = SplitMix(seed: 7)
        let tail = [".", "!", "?", " ", "...", "?!"]
        var skipped = 0
        for round in 0..<20000 {
            var text = ""
            for _ in 0..<(Int(rng.next() % 16) + 1) { text += Self.safe[Int(rng.next() % UInt64(Self.safe.count))] }
            text += [".", "!", "?"][Int(rng.next() % 3)]
            for _ in 0..<Int(rng.next() % 4) { text += tail[Int(rng.next() % UInt64(tail.count))] }
            if round % 2 == 1 { text += Self.safe[Int(rng.next() % UInt64(Self.safe.count))] }
            var copy = text
            let (may, segments) = copy.withUTF8 { p in
                (RapportEngine.mayHaveSentenceBreak(p), sentences.segments(p))
            }
            if round % 2 == 0 { #expect(!may, "only a final terminator run: \(text.debugDescription)") }
            if !may {
                skipped += 1
                #expect(segments.map(\.range) == [0..<text.utf8.count], "ICU splits \(text.debugDescription)")
            }
        }
        #expect(skipped >= 10000)
    }
}

/// Deterministic pseudo-random numbers (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
