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
        let root = SlackFixtures.repo + "/"
        var out: [UInt8] = []
        _ = try SlackFixtures.ingestLikeCLI(root + relative) {
            out += Array($0.utf8)
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

@Suite("Slack export: byte-level helpers")
struct SlackByteHelperTests {
    @Test(arguments: [(0, "$[0]"), (7, "$[7]"), (10, "$[10]"), (123_456, "$[123456]")])
    func elementPath(_ index: Int, _ expected: String) {
        #expect(SlackConversationReader.elementPath(index) == expected)
    }

    @Test func joined() {
        #expect(SlackConversationReader.joined("C01", "1682935200.000100") == "C01/1682935200.000100")
        #expect(SlackConversationReader.joined("", "x") == "/x")
    }

    @Test(arguments: [
        ("2020-01-02.json", true), ("2020-1-02.json", false), ("2020-01-02.jsonx", false),
        ("2020-01-02.JSON", false), ("2020_01-02.json", false), ("abcd-01-02.json", false),
        ("2020-01-02json.", false),
    ])
    func dayFileNames(_ name: String, _ expected: Bool) {
        #expect(SlackExportState.isDayFile(name) == expected)
    }
}
