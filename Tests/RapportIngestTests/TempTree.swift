import Foundation
import RapportCore

@testable import RapportIngest

/// Files written into a fresh temporary folder for a test (the caller removes it, usually in `defer`).
enum TempTree {
    /// Writes `files` (relative path → text; folders are created) under a new temporary folder and returns
    /// its path.
    static func write(_ files: [String: String]) throws -> String {
        let dir = NSTemporaryDirectory() + "rapport-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, text) in files { try write(Array(text.utf8), to: dir + "/" + name) }
        return dir
    }

    /// Writes `bytes` to `path`, creating its folder.
    static func write(_ bytes: [UInt8], to path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Writes a Slack export from `files` into a temporary folder, reads it with `reader` and removes it.
    static func readSlackExport(
        _ files: [String: String], reader: SlackExportReader = SlackExportReader()
    ) throws -> SlackFixtures.Result {
        let dir = try write(files)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var options = IngestOptions()
        options.dataDirectory = SlackFixtures.repo
        var summary = IngestSummary()
        var evidence = UsEvidence()
        var messages: [Message] = []
        try reader.read(path: dir, options: options, summary: &summary, evidence: &evidence) { messages.append($0) }
        return SlackFixtures.Result(messages: messages, summary: summary, evidence: evidence)
    }

    /// Writes one saved message (`name` in a temporary folder), reads it as `.eml` and removes the folder.
    static func readSavedMessage(
        _ bytes: [UInt8], name: String = "m.eml"
    ) throws -> (messages: [Message], summary: IngestSummary) {
        let dir = try write([:])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try write(bytes, to: dir + "/" + name)
        let (ms, summary, _) = try readMail(dir + "/" + name, format: .eml)
        return (ms, summary)
    }
}
