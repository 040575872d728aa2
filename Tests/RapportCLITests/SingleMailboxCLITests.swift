import Foundation
import Testing

/// `rapport analyze MBOX` without --me infers "us" from the mail reader's own index pass (no reading pass
/// of its own): the analysis must be the one of the same "us" given explicitly.
@Suite("One mailbox: us from the index pass")
struct SingleMailboxCLITests {
    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func inferredUsGivesTheAnalysisOfTheExplicitOne() throws {
        let mbox = "corpora/demo/mail/inbox.mbox"
        let inferred = try CLIRunner.run(["analyze", mbox, "--format", "json"])
        #expect(inferred.status == 0, "\(inferred.stderr)")
        #expect(
            inferred.stderr.contains(
                "rapport: us: inferred from Gmail Sent label: maya.lindqvist@rapport-demo.io; internal domains: rapport-demo.io"
            ))
        let given = try CLIRunner.run([
            "analyze", mbox, "--me", "maya.lindqvist@rapport-demo.io", "--internal-domain", "rapport-demo.io",
            "--format", "json",
        ])
        #expect(given.status == 0, "\(given.stderr)")
        let a = try Self.json(inferred.stdout)
        let b = try Self.json(given.stdout)
        for key in ["accounts", "unaffiliated", "warnings", "analysis", "summary", "inputs"] {
            let x = try JSONSerialization.data(withJSONObject: try #require(a[key]), options: [.sortedKeys])
            let y = try JSONSerialization.data(withJSONObject: try #require(b[key]), options: [.sortedKeys])
            #expect(x == y, "\(key)")
        }
        let us = try #require(a["us"] as? [String: Any])
        #expect(us["identities"] as? [String] == ["maya.lindqvist@rapport-demo.io"])
        #expect(us["inferred"] as? Bool == true)
        #expect((a["accounts"] as? [Any])?.isEmpty == false)
    }
}
