import Foundation
import Testing

/// The built binary on hostile inputs: exit status, the message on stderr, and that valid messages
/// around the bad ones are still printed.
@Suite("Bad input: CLI", .serialized)
struct BadInputCLITests {
    static let badFixtures = CLIRunner.repoRoot.appendingPathComponent("Tests/RapportIngestTests/Fixtures/bad").path
    static let mailFixtures = CLIRunner.repoRoot.appendingPathComponent("Tests/RapportIngestTests/Fixtures/mail").path

    static func tempDir(_ tag: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("rapport-cli-bad-\(tag)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }

    static func cleanup(_ dir: String) {
        if let e = FileManager.default.enumerator(atPath: dir) {
            for case let p as String in e { chmod(dir + "/" + p, 0o755) }
        }
        try? FileManager.default.removeItem(atPath: dir)
    }

    static func eml(_ id: String, body: String = "All good here.") -> String {
        "From: Ana <ana@acme.com>\nTo: bo@client.org\nSubject: s \(id)\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n"
            + "Message-ID: <\(id)@acme.com>\n\n\(body)\n"
    }

    static func write(_ s: String, _ path: String) throws { try Data(s.utf8).write(to: URL(fileURLWithPath: path)) }

    /// Message ids printed on stdout (one NDJSON object per line).
    static func ids(_ stdout: String) -> [String] {
        stdout.split(separator: "\n").compactMap { line in
            guard let data = line.data(using: .utf8),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { return nil }
            return object["id"] as? String
        }
    }

    /// "messages read N" from the summary line on stderr.
    static func summaryCount(_ stderr: String, _ key: String) -> Int? {
        guard let r = stderr.range(of: key + " ") else { return nil }
        return Int(stderr[r.upperBound...].prefix { $0.isNumber })
    }

    @Test func mixedFolderKeepsTheValidMessages() throws {
        let dir = try Self.tempDir("mixed")
        defer { Self.cleanup(dir) }
        try Self.write(Self.eml("a1"), dir + "/a.eml")
        try FileManager.default.copyItem(
            atPath: Self.badFixtures + "/nul-and-invalid-utf8.mbox", toPath: dir + "/b-nul.mbox")
        try FileManager.default.copyItem(
            atPath: Self.mailFixtures + "/truncated.mbox", toPath: dir + "/c-truncated.mbox")
        try Data([0x00, 0xFF, 0x12]).write(to: URL(fileURLWithPath: dir + "/d-junk.bin"))
        try Data().write(to: URL(fileURLWithPath: dir + "/e-empty.eml"))
        try Self.write(Self.eml("z9"), dir + "/z.eml")
        let r = try CLIRunner.run(["ingest", dir])
        #expect(r.status == 0, "\(r.stderr)")
        let ids = Self.ids(r.stdout)
        // The folder's saved messages are one input, read where its first file stands.
        #expect(Array(ids.prefix(2)) == ["a1@acme.com", "z9@acme.com"])
        #expect(ids.contains("nul1@example.com") && ids.contains("ok3@example.com"))
        let read = Self.summaryCount(r.stderr, "messages read")
        let used = Self.summaryCount(r.stderr, "used")
        let skipped = Self.summaryCount(r.stderr, "skipped")
        #expect(read != nil && used != nil && skipped != nil, "\(r.stderr)")
        if let read, let skipped { #expect(read == ids.count + skipped, "\(r.stderr)") }
    }

    @Test func emptyFileIsAClearError() throws {
        let dir = try Self.tempDir("empty")
        defer { Self.cleanup(dir) }
        try Data().write(to: URL(fileURLWithPath: dir + "/empty.mbox"))
        let r = try CLIRunner.run(["ingest", dir + "/empty.mbox"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("the file is empty (0 bytes): nothing to read"))
        #expect(r.stderr.contains("empty.mbox"))
        #expect(r.stdout.isEmpty)
        // Forced: an empty mbox is zero messages, not an error.
        let forced = try CLIRunner.run(["ingest", "--input-format", "mbox", dir + "/empty.mbox"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stderr.contains("messages read 0"))
    }

    @Test func unreadableFile() throws {
        let dir = try Self.tempDir("unreadable")
        defer { Self.cleanup(dir) }
        let path = dir + "/secret.eml"
        try Self.write(Self.eml("s1"), path)
        chmod(path, 0)
        try Self.write(Self.eml("ok"), dir + "/ok.eml")
        // As root chmod does not block reading: then there is nothing to assert.
        guard access(path, R_OK) != 0 else { return }
        let r = try CLIRunner.run(["ingest", path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("cannot be read"))
        #expect(r.stderr.contains("secret.eml"))
        // Inside a folder: also a clear error naming the file, never a silent drop.
        let folder = try CLIRunner.run(["ingest", dir])
        #expect(folder.status == 2)
        #expect(folder.stderr.contains("secret.eml"))
        #expect(folder.stderr.contains("cannot be read"))
    }

    @Test func unreadableDirectory() throws {
        let dir = try Self.tempDir("unreadable-dir")
        defer { Self.cleanup(dir) }
        try FileManager.default.createDirectory(atPath: dir + "/locked", withIntermediateDirectories: true)
        try Self.write(Self.eml("l1"), dir + "/locked/l.eml")
        chmod(dir + "/locked", 0)
        guard access(dir + "/locked", R_OK) != 0 else { return }
        let r = try CLIRunner.run(["ingest", dir])
        // Exit 2 like an unreadable file (it was 1, an I/O failure); the folder is named with what to do.
        #expect(r.status == 2)
        #expect(
            r.stderr
                == "rapport: \(dir)/locked: directory cannot be read (check its permissions, or move it out of the folder)\n"
        )
    }

    @Test func hugeFolderOfFiveThousandFiles() throws {
        let dir = try Self.tempDir("huge")
        defer { Self.cleanup(dir) }
        for k in 0..<5_000 {
            try Self.write(Self.eml(String(format: "m%05d", k)), dir + String(format: "/%05d.eml", k))
        }
        let start = Date()
        let r = try CLIRunner.run(["ingest", dir])
        let seconds = Date().timeIntervalSince(start)
        #expect(r.status == 0, "\(r.stderr.prefix(500))")
        let ids = Self.ids(r.stdout)
        #expect(ids.count == 5_000)
        #expect(ids.first == "m00000@acme.com" && ids.last == "m04999@acme.com")
        #expect(r.stderr.contains("messages read 5000, used 5000, skipped 0"))
        #expect(seconds < 300)
    }

    @Test func symlinkLoopsAreFollowedOnce() throws {
        let dir = try Self.tempDir("loop")
        defer { Self.cleanup(dir) }
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: true)
        try Self.write(Self.eml("l1"), dir + "/sub/a.eml")
        try FileManager.default.createSymbolicLink(atPath: dir + "/sub/again", withDestinationPath: dir + "/sub")
        try FileManager.default.createSymbolicLink(atPath: dir + "/sub/up", withDestinationPath: "..")
        try FileManager.default.createSymbolicLink(atPath: dir + "/self", withDestinationPath: dir + "/self")
        try FileManager.default.createSymbolicLink(atPath: dir + "/dangling.eml", withDestinationPath: dir + "/nowhere")
        let r = try CLIRunner.run(["ingest", dir])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.ids(r.stdout) == ["l1@acme.com"])
        #expect(r.stderr.contains("messages read 1, used 1, skipped 0"))
        // A self-referencing link given directly is a clear error.
        let selfLink = try CLIRunner.run(["ingest", dir + "/self"])
        #expect(selfLink.status == 2)
        #expect(selfLink.stderr.contains("self"))
    }

    @Test func specialFilesInAFolderDoNotHang() throws {
        let dir = try Self.tempDir("fifo")
        defer { Self.cleanup(dir) }
        try Self.write(Self.eml("f1"), dir + "/a.eml")
        #expect(mkfifo(dir + "/pipe.eml", 0o644) == 0)
        let start = Date()
        let r = try CLIRunner.run(["ingest", dir])
        #expect(Date().timeIntervalSince(start) < 60)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.ids(r.stdout) == ["f1@acme.com"])
    }

    @Test func deepFolderTreeIsAClearError() throws {
        let dir = try Self.tempDir("deep")
        defer { Self.cleanup(dir) }
        var path = dir
        for _ in 0..<40 { path += "/d" }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try Self.write(Self.eml("deep"), path + "/x.eml")
        let r = try CLIRunner.run(["ingest", dir])
        #expect(r.status != 0)
        #expect(r.stderr.contains("deeper than 32"))
    }

    @Test func invalidUTF8FileNames() throws {
        let dir = try Self.tempDir("names")
        defer { Self.cleanup(dir) }
        try Self.write(Self.eml("n1"), dir + "/a.eml")
        // A file whose name is not valid UTF-8 (bytes written directly).
        var name: [UInt8] = Array((dir + "/b-").utf8) + [0xFF, 0xFE] + Array(".eml".utf8) + [0]
        let fd = name.withUnsafeMutableBufferPointer { p in
            p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { open($0, O_CREAT | O_WRONLY, 0o644) }
        }
        #expect(fd >= 0)
        let bytes = Array(Self.eml("n2").utf8)
        _ = bytes.withUnsafeBufferPointer { Foundation.write(fd, $0.baseAddress, $0.count) }
        close(fd)
        let r = try CLIRunner.run(["ingest", dir])
        #expect(r.status == 0 || r.status == 2, "\(r.stderr)")
        #expect(Self.ids(r.stdout).contains("n1@acme.com") || r.stderr.contains("b-"))
    }

    @Test func analyzeReportShowsTheAccounting() throws {
        let r = try CLIRunner.run(["analyze", Self.badFixtures + "/nul-and-invalid-utf8.mbox"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Counts:       files 1, messages read 3, used 3, skipped 0"))
        #expect(r.stderr.contains("rapport: files 1, messages read 3, used 3, skipped 0"))
        let json = try CLIRunner.run(["analyze", "--format", "json", Self.badFixtures + "/nul-and-invalid-utf8.mbox"])
        #expect(json.status == 0)
        #expect(json.stdout.contains("\"read\" : 3"))
    }
}
