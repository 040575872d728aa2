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
