import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// The NDJSON that `rapport ingest` prints for the demo corpus and the fixture exports, byte for byte as
/// captured before the reader's performance work (Fixtures/slack/golden/*.ndjson). Same steps as
/// `IngestCommand`: an evidence-only pass infers "us", then every message is classified and encoded with
/// `MessageJSON`. Paths in locators are relative to the repository root, as when run from there.
@Suite("Slack export: golden NDJSON")
struct SlackGoldenTests {
    static let cases: [(path: String, golden: String)] = [
        ("corpora/demo/slack", "demo"),
        ("Tests/RapportIngestTests/Fixtures/slack/modern", "modern"),
        ("Tests/RapportIngestTests/Fixtures/slack/old2016", "old2016"),
    ]

    static func ndjson(_ relative: String) throws(RapportError) -> [UInt8] {
        var options = IngestOptions()
        options.dataDirectory = SlackFixtures.repo
        let ingestor = Ingestor(options: options)
        let root = SlackFixtures.repo + "/"
        let plan = try ingestor.plan([root + relative])
        var quick = ingestor
        quick.options.evidenceOnly = true
        var scratch = IngestSummary()
        var evidence = UsEvidence()
        try quick.ingest(plan, summary: &scratch, evidence: &evidence) { _ in }
        let us = evidence.infer()
        var summary = IngestSummary()
        var ignored = UsEvidence()
        var out: [UInt8] = []
        try ingestor.ingest(plan, summary: &summary, evidence: &ignored) { message throws(RapportError) in
            var m = message
            m.direction = us.classify(m)
            MessageJSON.append(m, to: &out)
            out.append(0x0A)
        }
        // Locators hold the path as given; the golden files were captured from the repository root.
        let text = String(decoding: out, as: UTF8.self).replacingOccurrences(of: "\"" + root, with: "\"")
        return Array(text.utf8)
    }

    @Test(arguments: cases.indices)
    func byteIdentical(_ index: Int) throws {
        let (path, golden) = Self.cases[index]
        let url = URL(fileURLWithPath: SlackFixtures.dir + "/golden/" + golden + ".ndjson")
        let expected = try [UInt8](Data(contentsOf: url))
        let actual = try Self.ndjson(path)
        #expect(actual.count == expected.count)
        if actual != expected {
            let a = String(decoding: actual, as: UTF8.self).split(separator: "\n")
            let e = String(decoding: expected, as: UTF8.self).split(separator: "\n")
            let first = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
            Issue.record("\(golden): first differing line \(first + 1)")
        }
    }
}
