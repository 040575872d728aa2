import Foundation
import Testing

/// The same files give the same report, whatever order they are named in and whether they are named
/// one by one or as their folder.
@Suite("Input order: CLI")
struct InputOrderCLITests {
    /// Before: the inputs were read and listed in the order given, so naming the same files in another
    /// order changed the report's bytes (and which copy of a duplicate was kept).
    @Test func inputOrderDoesNotChangeTheReport() throws {
        let orders = [
            ["corpora/demo"],
            ["corpora/demo/tickets", "corpora/demo/slack", "corpora/demo/mail/inbox.mbox"],
            ["corpora/demo/slack", "corpora/demo/mail", "corpora/demo/tickets"],
        ]
        var outputs: [String] = []
        for paths in orders {
            let r = try CLIRunner.run(["analyze"] + paths + ["--format", "json"])
            #expect(r.status == 0, "\(r.stderr)")
            outputs.append(r.stdout)
        }
        #expect(outputs[1] == outputs[0])
        #expect(outputs[2] == outputs[0])
        #expect(outputs[0].contains(#""path" : "corpora/demo/mail/inbox.mbox""#))
    }
}
