import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Helpers shared by the bad-input suites: temporary folders, whole-pipeline reads and the accounting
/// equation every read must satisfy.
enum BadInput {
    static let testsDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let repo = testsDir.deletingLastPathComponent().deletingLastPathComponent()
    static let badFixtures = testsDir.appendingPathComponent("Fixtures/bad").path

    /// A fresh temporary directory (removed by the caller with `cleanup`).
    static func tempDir(_ tag: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("rapport-bad-\(tag)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }

    static func cleanup(_ dir: String) {
        // chmod'ed children must be readable again before removal.
        if let e = FileManager.default.enumerator(atPath: dir) {
            for case let p as String in e { chmod(dir + "/" + p, 0o755) }
        }
        try? FileManager.default.removeItem(atPath: dir)
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    struct Outcome {
        var messages: [Message] = []
        var summary = IngestSummary()
        var error: RapportError?
        var seconds: Double = 0
    }

    /// Plans and ingests `paths` the way the CLI does; a thrown `RapportError` is captured, not fatal.
    static func ingest(_ paths: [String], options: IngestOptions = defaultOptions()) -> Outcome {
        var out = Outcome()
        let start = DispatchTime.now()
        let ingestor = Ingestor(options: options)
        var evidence = UsEvidence()
        var summary = IngestSummary()
        var messages: [Message] = []
        do throws(RapportError) {
            let plan = try ingestor.plan(paths)
            try ingestor.ingest(plan, summary: &summary, evidence: &evidence) { messages.append($0) }
        } catch {
            out.error = error
        }
        out.messages = messages
        out.summary = summary
        out.seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return out
    }

    static func defaultOptions() -> IngestOptions {
        var o = IngestOptions()
        o.dataDirectory = repo.path
        return o
    }

    /// `read == emitted + skipped`, `used == emitted − excluded`, nothing negative.
    static func checkAccounting(_ s: IngestSummary, _ label: String, sourceLocation: SourceLocation = #_sourceLocation)
    {
        #expect(s.read == s.emitted + s.skippedTotal, "\(label): \(s.line)", sourceLocation: sourceLocation)
        #expect(s.used == s.emitted - s.excludedTotal, "\(label): \(s.line)", sourceLocation: sourceLocation)
        #expect(s.used >= 0 && s.emitted >= 0, "\(label): \(s.line)", sourceLocation: sourceLocation)
        #expect(s.skipped.values.allSatisfy { $0 > 0 }, "\(label): \(s.line)", sourceLocation: sourceLocation)
        #expect(s.problems.count <= IngestSummary.maxProblems, sourceLocation: sourceLocation)
    }

    /// A minimal valid mail message with a Message-ID.
    static func mail(_ id: String, body: String = "Hello there, all good.", extraHeaders: String = "") -> String {
        "From sender@example.com Mon Jan  1 10:00:00 2024\n"
            + "From: Sender <sender@example.com>\nTo: client@example.org\nSubject: test \(id)\n"
            + "Date: Mon, 1 Jan 2024 10:00:00 +0000\nMessage-ID: <\(id)@example.com>\n" + extraHeaders
            + "\n" + body + "\n\n"
    }

    /// Runs `body` and returns its duration in seconds.
    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now()
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    /// Generous bound for "1 MB of pathological input finishes": catches quadratic blowups (minutes to
    /// hours at 1 MB), not a benchmark. Debug builds on a loaded 2-core machine need ~15 s for some
    /// linear megabyte cases (invalid UTF-8 repair); sanitizer builds run several times slower still.
    static let linearBound: Double = ProcessInfo.processInfo.environment["RAPPORT_SANITIZER"] == nil ? 40 : 240
}
