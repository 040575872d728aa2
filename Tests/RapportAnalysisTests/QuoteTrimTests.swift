import Foundation
import Testing

@testable import RapportAnalysis

/// Evidence excerpts trim space separators on bytes (2026-12-08; Foundation's `trimmingCharacters(in:
/// .whitespaces)` took ≈ 70,000 instructions per excerpt). Same result as Foundation's on seeded strings of
/// every scalar of Foundation's set, near-misses (line separator, NEL, no-break hyphen, BOM) and text; and the
/// set itself, scalar by scalar.
@Suite struct QuoteTrimTests {
    @Test func trimsLikeFoundation() {
        let pieces = [
            " ", "\t", "\u{A0}", "\u{1680}", "\u{2000}", "\u{2005}", "\u{200A}", "\u{202F}", "\u{205F}", "\u{3000}",
            "\u{200B}", "\u{2028}", "\u{85}", "\u{2011}", "\u{FEFF}", "a", "é", "日", "🙂", "e\u{301}", "\n",
        ]
        var rng = WarningsSimulation.RNG(state: 17)
        for _ in 0..<5_000 {
            let text = (0..<Int(rng.next() % 9)).map { _ in rng.pick(pieces) }.joined()
            #expect(
                Quote.trimmingSpaceSeparators(text) == text.trimmingCharacters(in: .whitespaces),
                "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        #expect(Quote.excerpt("  Hello\tthere \u{A0}", around: nil) == "Hello there")
        // Every scalar Foundation trims, and only those, alone between two letters' worth of text.
        for v in 0..<0x3100 {
            guard let scalar = Unicode.Scalar(v) else { continue }
            let t = String(Character(scalar))
            #expect(
                Quote.trimmingSpaceSeparators(t) == t.trimmingCharacters(in: .whitespaces), "U+\(String(v, radix: 16))")
        }
    }
}
