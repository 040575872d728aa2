import Foundation
import Testing

@Suite struct CLITests {
    @Test func helpListsCommands() throws {
        let r = try CLIRunner.run(["--help"])
        #expect(r.status == 0)
        for command in ["analyze", "ingest", "sentiment", "thread", "warnings", "config", "history"] {
            #expect(r.stdout.contains("  \(command) "), "missing \(command)")
        }
    }

    @Test func missingPathExits2() throws {
        let r = try CLIRunner.run(["ingest", "/nonexistent/rapport-input"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("no such file or directory"))
        #expect(r.stdout.isEmpty)
    }

    @Test func unknownFormatExits2() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-cli-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("notes.bin")
        try Data([0x00, 0x01, 0x02, 0xFF]).write(to: file)
        let r = try CLIRunner.run(["ingest", file.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("unrecognized input format"))
        #expect(r.stderr.contains("--input-format"))
    }

    @Test func badInputFormatValueIsAUsageError() throws {
        let r = try CLIRunner.run(["ingest", "--input-format", "pdf", "x"])
        #expect(r.status == 64 || r.status == 2)
        #expect(r.stderr.contains("--input-format"))
    }
}

@Suite struct DemoCLITests {
    /// The demo corpus: the cooling account is warned (act-level) and `warnings` exits 4 for cron.
    @Test func warningsExitFourOnActLevel() throws {
        let r = try CLIRunner.run(["warnings", "corpora/demo"])
        #expect(r.status == 4)
        #expect(r.stdout.contains("explicit-risk"))
        #expect(r.stdout.contains("harbourline.example"))
        #expect(!r.stdout.contains("northwind.example"))
    }

    /// Every command works on the demo corpus (no "not built" exits).
    @Test(arguments: [
        ["analyze", "corpora/demo"], ["analyze", "corpora/demo", "--format", "csv"],
        ["ingest", "corpora/demo"], ["thread", "corpora/demo"], ["config", "--dump"],
    ])
    func commandsWorkOnDemo(_ arguments: [String]) throws {
        let r = try CLIRunner.run(arguments)
        #expect(r.status == 0, "\(arguments): \(r.stderr)")
        #expect(!r.stdout.isEmpty)
    }

    @Test func analyzeIsDeterministic() throws {
        let a = try CLIRunner.run(["analyze", "corpora/demo", "--format", "json"])
        let b = try CLIRunner.run(["analyze", "corpora/demo", "--format", "json"])
        #expect(a.status == 0)
        #expect(a.stdout == b.stdout)
    }
}
