import Foundation
import Testing

@Suite struct StoreCLITests {
    /// `analyze --store` twice over the demo corpus: the second run adds nothing new, scores the same,
    /// and `history` shows both snapshots.
    @Test func analyzeStoreIsIncrementalAndHistorySpansRuns() throws {
        let db = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-store-\(getpid()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: db) }
        let plain = try CLIRunner.run(["analyze", "corpora/demo", "--format", "json"])
        #expect(plain.status == 0)
        let first = try CLIRunner.run(["analyze", "corpora/demo", "--store", "--store-path", db, "--format", "json"])
        #expect(first.status == 0)
        #expect(first.stderr.contains("128 new, 0 already stored"))
        let second = try CLIRunner.run(["analyze", "corpora/demo", "--store", "--store-path", db, "--format", "json"])
        #expect(second.status == 0)
        #expect(second.stderr.contains("0 new, 128 already stored"))
        #expect(try accounts(second.stdout) == accounts(plain.stdout))
        let history = try CLIRunner.run(["history", "northwind.example", "--store-path", db])
        #expect(history.status == 0)
        #expect(history.stdout.contains("2 snapshots"))
    }

    private func accounts(_ json: String) throws -> [String] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let accounts = object?["accounts"] as? [[String: Any]] ?? []
        return accounts.map { a in
            let score = a["score"] as? [String: Any]
            return "\(a["id"] ?? "")=\(score?["level"] ?? "")/\(score?["points"] ?? "")"
        }
    }
}
