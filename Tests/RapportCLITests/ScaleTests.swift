import Foundation
import Testing

/// Map/reduce over partials: every shard mapped by its own `rapport ingest --partials` process and
/// reduced by `rapport analyze --from-partials` must give the single-pass report byte for byte.
@Suite(.serialized) struct ScaleTests {
    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "rapport-scale-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Maps each shard of `corpora/demo` in its own process into `dir`; returns the shard lines.
    static func mapShards(into dir: URL, extra: [String]) throws -> [String] {
        let listing = try CLIRunner.run(["ingest", "--list-shards", "corpora/demo"])
        #expect(listing.status == 0, "\(listing.stderr)")
        let shards = listing.stdout.split(separator: "\n").map(String.init)
        for (i, shard) in shards.enumerated() {
            let spec = dir.appendingPathComponent("spec-\(i).txt")
            try Data((shard + "\n").utf8).write(to: spec)
            let out = dir.appendingPathComponent("partials/shard-\(i).ndjson").path
            let r = try CLIRunner.run(["ingest", "--shards", spec.path, "--partials", out] + extra)
            #expect(r.status == 0, "\(r.stderr)")
        }
        return shards
    }

    @Test(arguments: [[String](), ["--as-of", "2026-07-10"]])
    func shardedReduceEqualsOnePass(extra: [String]) throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("partials"), withIntermediateDirectories: true)
        let one = try CLIRunner.run(["analyze", "corpora/demo", "--format", "json"] + extra)
        #expect(one.status == 0, "\(one.stderr)")
        let shards = try Self.mapShards(into: dir, extra: extra)
        // The mbox, the Slack export's metadata and its 6 conversation folders, 4 ticket pages.
        #expect(shards.count == 12)
        #expect(shards.filter { $0.contains("\"slack_conversation\"") }.count == 6)
        let reduced = try CLIRunner.run(
            ["analyze", "--from-partials", dir.appendingPathComponent("partials").path, "--format", "json"] + extra)
        #expect(reduced.status == 0, "\(reduced.stderr)")
        #expect(!one.stdout.isEmpty)
        #expect(reduced.stdout == one.stdout)

        // Concatenated in reverse order into one file: the same report (order-independent reduce).
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("partials").path)
            .sorted().reversed()
        var all = Data()
        for f in files {
            all.append(try Data(contentsOf: dir.appendingPathComponent("partials/" + f)))
        }
        let single = dir.appendingPathComponent("all.ndjson")
        try all.write(to: single)
        let again = try CLIRunner.run(["analyze", "--from-partials", single.path, "--format", "json"] + extra)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout == one.stdout)
    }

    @Test func partialsFromOneProcessEqualOnePass() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("demo.ndjson").path
        let map = try CLIRunner.run(["ingest", "corpora/demo", "--partials", file])
        #expect(map.status == 0, "\(map.stderr)")
        let header = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").first ?? ""
        #expect(header.hasPrefix(#"{"header":{"config_hash":""#))
        #expect(header.contains(#""format":"rapport-partials""#))
        #expect(header.contains(#""version":1"#))
        let one = try CLIRunner.run(["analyze", "corpora/demo", "--format", "json"])
        let reduced = try CLIRunner.run(["analyze", "--from-partials", file, "--format", "json"])
        #expect(reduced.status == 0, "\(reduced.stderr)")
        #expect(reduced.stdout == one.stdout)
    }

    /// Nothing used (no message involves "us"): the shards dropped old text, but no window needs it.
    @Test func partialsWithNothingUsedEqualOnePass() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("mail.ndjson").path
        let me = ["--me", "nobody@nowhere.example"]
        let map = try CLIRunner.run(["ingest", "corpora/demo/mail/inbox.mbox", "--partials", file] + me)
        #expect(map.status == 0, "\(map.stderr)")
        let one = try CLIRunner.run(["analyze", "corpora/demo/mail/inbox.mbox", "--format", "json"] + me)
        let reduced = try CLIRunner.run(["analyze", "--from-partials", file, "--format", "json"])
        #expect(reduced.status == 0, "\(reduced.stderr)")
        #expect(!one.stdout.isEmpty)
        #expect(reduced.stdout == one.stdout)
    }

    @Test func brokenPartialsAreClearErrors() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("demo.ndjson").path
        let map = try CLIRunner.run(["ingest", "corpora/demo/mail/inbox.mbox", "--partials", file])
        #expect(map.status == 0, "\(map.stderr)")
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        // Truncated: the end line is missing.
        let truncated = dir.appendingPathComponent("truncated.ndjson").path
        try Data(lines.dropLast().joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: truncated))
        let r1 = try CLIRunner.run(["analyze", "--from-partials", truncated])
        #expect(r1.status == 1)
        #expect(r1.stderr.contains("truncated partials file"))
        // The same shard twice.
        let twice = dir.appendingPathComponent("twice.ndjson").path
        try Data((lines + lines).joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: twice))
        let r2 = try CLIRunner.run(["analyze", "--from-partials", twice])
        #expect(r2.status == 1)
        #expect(r2.stderr.contains("given twice"))
        // A different config at reduce time.
        let config = dir.appendingPathComponent("config.json")
        try Data(#"{"analysis":{"timelineDays":30}}"#.utf8).write(to: config)
        let r3 = try CLIRunner.run(["analyze", "--from-partials", file, "--config", config.path])
        #expect(r3.status != 0)
        #expect(r3.stderr.contains("config"))
    }

    @Test(
        .enabled(
            if: ProcessInfo.processInfo.environment["RAPPORT_TEST_SPARK"] == "1",
            "Spark job skipped: set RAPPORT_TEST_SPARK=1 to run scale/test_spark.sh (needs Java 17 and PyPI)"))
    func sparkLocalModeEqualsOnePass() throws {
        guard let binary = CLIRunner.binary else {
            Issue.record("rapport binary not built")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [CLIRunner.repoRoot.appendingPathComponent("scale/test_spark.sh").path, binary.path]
        process.currentDirectoryURL = CLIRunner.repoRoot
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}
