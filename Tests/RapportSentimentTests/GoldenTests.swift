import Foundation
import Testing

@testable import RapportSentiment

/// Byte-for-byte regression gate for speed work: `rapport sentiment --engine rapport --explain` output over
/// ~5,600 varied lines (generated sentences with emoji, Unicode case and space oddities, CJK, plus
/// multi-sentence, non-English and punctuation-heavy lines), captured before any optimisation.
@Suite("Golden output")
struct GoldenTests {
    static let directory = Fixture.repoRoot + "/Tests/RapportSentimentTests/Fixtures/golden"

    /// Scores every line of `input.txt` the way the CLI does (CR stripped, invalid UTF-8 repaired).
    static func render(_ engine: SentimentEngineKind, explain: Bool) throws -> [UInt8] {
        let input = try Data(contentsOf: URL(fileURLWithPath: directory + "/input.txt"))
        let analyzer = Fixture.analyzer(engine)
        analyzer.findsMarkers = explain
        analyzer.collectsEvidence = explain
        var out: [UInt8] = []
        var lines = [UInt8](input).split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        for var line in lines {
            if line.last == 0x0D { line = line.dropLast() }
            var text = String(decoding: line, as: UTF8.self)
            text.withUTF8 { p in
                SentimentOutput.appendLine(text: p, result: analyzer.analyze(utf8: p), explain: explain, to: &out)
            }
            out.append(0x0A)
        }
        return out
    }

    @Test(arguments: [("rapport-explain.ndjson", SentimentEngineKind.rapport)])
    func identicalToCapturedOutput(file: String, engine: SentimentEngineKind) throws {
        let expected = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.directory + "/" + file)))
        let actual = try Self.render(engine, explain: true)
        #expect(actual.count == expected.count)
        let firstDifference = zip(actual, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(firstDifference == nil, "first differing byte at \(firstDifference ?? -1)")
    }
}
