import Foundation
import RapportCore
import Testing

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

    /// A zip archive of `entries` (name, bytes), stored without compression (CRC-32 and sizes filled in).
    static func storedZip(_ entries: [(String, [UInt8])]) -> [UInt8] {
        func le(_ v: Int, _ n: Int) -> [UInt8] { (0..<n).map { UInt8((v >> (8 * $0)) & 0xFF) } }
        func crc32(_ bytes: [UInt8]) -> Int {
            var c: UInt32 = 0xFFFF_FFFF
            for b in bytes {
                c ^= UInt32(b)
                for _ in 0..<8 { c = (c >> 1) ^ (c & 1 == 1 ? 0xEDB8_8320 : 0) }
            }
            return Int(c ^ 0xFFFF_FFFF)
        }
        var out: [UInt8] = []
        var central: [UInt8] = []
        for (name, data) in entries {
            let n = Array(name.utf8)
            let crc = crc32(data)
            let offset = out.count
            let common =
                le(20, 2) + le(0, 2) + le(0, 2) + le(0, 2) + le(0x21, 2) + le(crc, 4) + le(data.count, 4)
                + le(data.count, 4) + le(n.count, 2) + le(0, 2)
            out += le(0x0403_4B50, 4) + common + n + data
            central +=
                le(0x0201_4B50, 4) + le(20, 2) + common + le(0, 2) + le(0, 2) + le(0, 2) + le(0, 4)
                + le(offset, 4) + n
        }
        let start = out.count
        out += central
        out +=
            le(0x0605_4B50, 4) + le(0, 2) + le(0, 2) + le(entries.count, 2) + le(entries.count, 2)
            + le(central.count, 4) + le(start, 4) + le(0, 2)
        return out
    }
}

/// Suites that read one saved message at a time (the real-world triage rounds).
protocol SavedMessageReading {}

extension SavedMessageReading {
    /// Reads `text` as one saved message; expects it read and emitted.
    func read(_ text: String) throws -> (Message, IngestSummary) {
        let (ms, summary) = try TempTree.readSavedMessage(Array(text.utf8))
        #expect(summary.read == 1 && summary.emitted == 1)
        return (try #require(ms.first), summary)
    }

    /// The message of ``read(_:)``.
    func message(_ text: String) throws -> Message { try read(text).0 }
}

/// One temporary folder per test process for files that tests share or do not remove one by one (ticket pages,
/// profile folders), removed when the process exits.
enum TestTemp {
    static let root: String = {
        let dir = NSTemporaryDirectory() + "rapport-tests-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: NSTemporaryDirectory() + "rapport-tests-\(getpid())") }
        return dir
    }()
}
