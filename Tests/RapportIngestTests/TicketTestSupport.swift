import Foundation
import RapportCore
import RapportIngest

/// Shared helpers for the ticket tests: fixture and profile locations (via `#filePath`) and a
/// reader that collects messages, summary and evidence.
enum TicketFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/tickets").path
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    static let profiles = repository + "/profiles/tickets"

    static func path(_ name: String) -> String { directory + "/" + name }

    struct Result {
        var messages: [Message] = []
        var summary = IngestSummary()
        var evidence = UsEvidence()
    }

    static func read(
        _ path: String, options: IngestOptions = IngestOptions(), reader: TicketReader? = nil
    ) throws -> Result {
        var r = Result()
        let reader = reader ?? TicketReader(profileDirectory: profiles)
        var messages: [Message] = []
        try reader.read(path: path, options: options, summary: &r.summary, evidence: &r.evidence) { m in
            messages.append(m)
        }
        r.messages = messages
        return r
    }

    /// A temporary file holding `bytes` (in `TestTemp.root`, removed when the test process exits).
    static func temporary(_ bytes: [UInt8], name: String) throws -> String {
        let dir = URL(fileURLWithPath: TestTemp.root + "/tickets")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let p = dir.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: p))
        return p
    }
}
