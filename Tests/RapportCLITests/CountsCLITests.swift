import Foundation
import Testing

/// The counts every report gives (messages read, used, skipped and why) agree across commands: QA found
/// `ingest` and `analyze` telling different stories about one mailbox given twice, `thread` carrying no
/// counts, and `--input-format` ignored on a Slack folder.
@Suite(.serialized) struct CountsCLITests {
    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-counts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// `A.mbox` and `copy-of-A.mbox` holding the same bytes, in a new folder.
    static func twice(_ mailbox: String) throws -> (dir: URL, a: String, copy: String) {
        let dir = try tempDir()
        let bytes = try Data(contentsOf: CLIRunner.repoRoot.appendingPathComponent(mailbox))
        let a = dir.appendingPathComponent("A.mbox")
        let copy = dir.appendingPathComponent("copy-of-A.mbox")
        try bytes.write(to: a)
        try bytes.write(to: copy)
        return (dir, a.path, copy.path)
    }

    /// The value of a `Label:` line of a table header.
    static func line(_ label: String, in text: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix(label + ":") }.map {
            String($0.dropFirst(label.count + 1).drop { $0 == " " })
        }
    }

    /// Before: `ingest` said "skipped 59 (duplicate 59)" and `analyze` "skipped 0" with "duplicate-id 55"
    /// in its analysis counts: the analysis counted a copy as a duplicate only when it would have been used,
    /// so the 3 automated copies and the 1 internal one were counted twice under their own reasons. Now a
    /// copy is a duplicate before anything else in both, and `analyze` prints ingest's counts line.
    ///
    /// The Takeout fixture holds a message under two labels (a copy inside each input, skipped by its
    /// reader) and the internal-only `cl2` fixture used to say "internal 6" for 3 messages.
    @Test(arguments: [
        (
            "corpora/demo/mail/inbox.mbox",
            "files 2, messages read 118, used 56, skipped 59 (duplicate 59), excluded from analysis 3 (auto-reply 1, bulk 2)",
            "received 59, used 55, not used 4 (automated 3, internal 1)",
            "duplicate 59: 59 copies of a message also read from another input"
        ),
        (
            "Tests/RapportIngestTests/Fixtures/mail/takeout.mbox",
            "files 2, messages read 6, used 2, skipped 4 (duplicate 4)",
            "received 2, used 2, not used 0",
            "duplicate 4: 2 copies of a message also read from another input"
        ),
        (
            "Tests/RapportIngestTests/Fixtures/mail/cl2.mbox",
            "files 2, messages read 6, used 3, skipped 3 (duplicate 3)",
            "received 3, used 0, not used 3 (internal 3)",
            "duplicate 3: 3 copies of a message also read from another input"
        ),
    ])
    func mailboxGivenTwiceCountsAgree(mailbox: String, counts: String, analysis: String, note: String) throws {
        let (dir, a, copy) = try Self.twice(mailbox)
        defer { try? FileManager.default.removeItem(at: dir) }
        let ingest = try CLIRunner.run(["ingest", a, copy])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stderr.contains("rapport: " + counts + "\n"), "\(ingest.stderr)")

        let analyze = try CLIRunner.run(["analyze", a, copy])
        #expect(analyze.status == 0, "\(analyze.stderr)")
        #expect(Self.line("Counts", in: analyze.stdout) == counts)
        #expect(Self.line("Analysis", in: analyze.stdout) == analysis)
        // The input lines count each input as it was read; a note says so.
        #expect(analyze.stdout.contains("Note:         " + note))
        let copies = Int(counts.split(separator: "(duplicate ").last!.prefix { $0.isNumber })!

        // JSON: the same totals; no `duplicate-id` left in the analysis counts.
        let json = try CLIRunner.run(["analyze", a, copy, "--format", "json"])
        let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let summary = report["summary"] as! [String: Any]
        #expect((summary["skipped"] as! [String: Int])["duplicate"] == copies)
        #expect((report["analysis"] as! [String: Any])["notUsed"] as? [String: Int] != nil)
        #expect(((report["analysis"] as! [String: Any])["notUsed"] as! [String: Int])["duplicate-id"] == nil)
    }

    /// Before: a Slack export given twice (a folder and its copy) was emitted twice by `ingest` ("skipped 0",
    /// 96 lines) while `analyze` counted the copies as duplicates. Now `ingest` skips them as `duplicate`
    /// like mail's, and `analyze`'s Counts line equals `ingest`'s.
    @Test func slackExportGivenTwiceCountsAgree() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("acme")
        let copy = dir.appendingPathComponent("acme-copy")
        try FileManager.default.copyItem(at: CLIRunner.repoRoot.appendingPathComponent("corpora/demo/slack"), to: a)
        try FileManager.default.copyItem(at: a, to: copy)
        let counts =
            "files 46, messages read 96, used 44, skipped 48 (duplicate 48), excluded from analysis 4 "
            + "(slack-channel-join 4)"
        let ingest = try CLIRunner.run(["ingest", a.path, copy.path])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stderr.contains("rapport: " + counts + "\n"), "\(ingest.stderr)")
        #expect(ingest.stdout.split(separator: "\n").count == 48)
        let analyze = try CLIRunner.run(["analyze", a.path, copy.path])
        #expect(Self.line("Counts", in: analyze.stdout) == counts)
    }

    /// The two copies mapped as separate shards and reduced (in either order) give the one-pass report
    /// byte for byte, duplicates and all.
    @Test func duplicatesAcrossShardsReduceAsOnePass() throws {
        let (dir, a, copy) = try Self.twice("corpora/demo/mail/inbox.mbox")
        defer { try? FileManager.default.removeItem(at: dir) }
        let one = try CLIRunner.run(["analyze", a, copy, "--format", "json"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout.contains(#""duplicate" : 59"#))
        let first = dir.appendingPathComponent("1.ndjson").path
        let second = dir.appendingPathComponent("2.ndjson").path
        let listing = try CLIRunner.run(["ingest", "--list-shards", a, copy])
        let shards = listing.stdout.split(separator: "\n").map(String.init)
        #expect(shards.count == 2)
        for (spec, out) in zip(shards, [first, second]) {
            let r = try CLIRunner.run(["ingest", "--shards", "-", "--partials", out], stdin: spec + "\n")
            #expect(r.status == 0, "\(r.stderr)")
        }
        for order in [[first, second], [second, first]] {
            let reduced = try CLIRunner.run(["analyze", "--from-partials"] + order + ["--format", "json"])
            #expect(reduced.status == 0, "\(reduced.stderr)")
            #expect(reduced.stdout == one.stdout)
        }
        let table = try CLIRunner.run(["analyze", a, copy])
        let reducedTable = try CLIRunner.run(["analyze", "--from-partials", second, first])
        #expect(reducedTable.stdout == table.stdout)
    }

    /// Round-12 triage: two different messages under one Message-ID (Roundcube's import test: other
    /// senders, one id) were one message and a `duplicate`. Now both are read — in one file and across two,
    /// in both orders —, a third file holding a copy of the first counts as its duplicate, `analyze`'s
    /// Counts equal `ingest`'s, and the shards reduce to the one-pass report.
    @Test func distinctMessagesUnderOneIDCountAlike() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        func mail(_ from: String, _ body: String) -> String {
            "From \(from) Sun Jul 16 15:06:25 2023\nFrom: \(from)\nTo: Tom <tom@customer.example>\n"
                + "Subject: import\nDate: Fri, 23 May 2014 19:44:50 +0200\nMessage-ID: <de75@x.example>\n\n\(body)\n"
        }
        let a = dir.appendingPathComponent("a.mbox").path
        let b = dir.appendingPathComponent("b.mbox").path
        let copy = dir.appendingPathComponent("c.mbox").path
        try Data(mail("ann@vendor.example", "Shipped today.").utf8).write(to: URL(fileURLWithPath: a))
        try Data(mail("bob@vendor.example", "Invoice attached.").utf8).write(to: URL(fileURLWithPath: b))
        try Data(mail("ann@vendor.example", "Shipped today.").utf8).write(to: URL(fileURLWithPath: copy))
        let counts = "files 3, messages read 3, used 2, skipped 1 (duplicate 1)"
        for inputs in [[a, b, copy], [b, copy, a], [copy, b, a]] {
            let ingest = try CLIRunner.run(["ingest"] + inputs)
            #expect(ingest.stderr.contains("rapport: " + counts + "\n"), "\(ingest.stderr)")
            #expect(ingest.stdout.split(separator: "\n").count == 2)
            let analyze = try CLIRunner.run(["analyze"] + inputs + ["--format", "json"])
            #expect(analyze.status == 0, "\(analyze.stderr)")
            let table = try CLIRunner.run(["analyze"] + inputs)
            #expect(Self.line("Counts", in: table.stdout) == counts)
            let parts = dir.appendingPathComponent("partials").path
            try? FileManager.default.removeItem(atPath: parts)
            try FileManager.default.createDirectory(atPath: parts, withIntermediateDirectories: true)
            let map = try CLIRunner.run(["ingest", "--partials", parts] + inputs)
            #expect(map.status == 0, "\(map.stderr)")
            let reduced = try CLIRunner.run(["analyze", "--from-partials", parts, "--format", "json"])
            #expect(reduced.stdout == analyze.stdout)
        }
        let one = dir.appendingPathComponent("one.mbox").path
        try Data((mail("ann@vendor.example", "Shipped today.") + mail("bob@vendor.example", "Invoice attached.")).utf8)
            .write(to: URL(fileURLWithPath: one))
        let single = try CLIRunner.run(["ingest", one])
        #expect(single.stderr.contains("messages read 2, used 2, skipped 0"), "\(single.stderr)")
        #expect(single.stdout.contains(#""id":"de75@x.example#"#))
    }

    /// Before: `rapport thread` printed no counts. Now the listing and the one-thread report end with the
    /// analyze header's Counts and Analysis lines, and their JSON carries `summary` and `analysis`.
    @Test func threadCarriesCounts() throws {
        let ticket = "corpora/demo/tickets/ticket-4231.html"
        let analyze = try CLIRunner.run(["analyze", ticket])
        let counts = try #require(Self.line("Counts", in: analyze.stdout))
        let analysis = try #require(Self.line("Analysis", in: analyze.stdout))
        #expect(counts == "files 1, messages read 6, used 6, skipped 0")
        #expect(analysis == "received 6, used 5, not used 1 (internal 1)")

        let one = try CLIRunner.run(["thread", ticket])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout.hasSuffix("\nCounts:       \(counts)\nAnalysis:     \(analysis)\n"))
        let oneJSON =
            try JSONSerialization.jsonObject(
                with: Data(try CLIRunner.run(["thread", ticket, "--format", "json"]).stdout.utf8)) as! [String: Any]
        #expect((oneJSON["summary"] as! [String: Any])["read"] as? Int == 6)
        #expect((oneJSON["analysis"] as! [String: Any])["used"] as? Int == 5)

        let demo = try CLIRunner.run(["analyze", "corpora/demo"])
        let list = try CLIRunner.run(["thread", "corpora/demo"])
        #expect(list.stdout.hasPrefix("THREAD\tMESSAGES\tLAST\tCHANNELS\tSUBJECT\n"))
        #expect(
            list.stdout.hasSuffix(
                "\n\nCounts:       \(Self.line("Counts", in: demo.stdout)!)\nAnalysis:     \(Self.line("Analysis", in: demo.stdout)!)\n"
            ))
        let listJSON =
            try JSONSerialization.jsonObject(
                with: Data(try CLIRunner.run(["thread", "corpora/demo", "--format", "json"]).stdout.utf8))
            as! [String: Any]
        #expect((listJSON["threads"] as! [Any]).count == 41)
        #expect((listJSON["summary"] as! [String: Any])["read"] as? Int == 128)
    }

    /// Before: `--input-format mbox` on a Slack export folder was ignored (read as Slack, exit 0). Now it
    /// is an error that says why (exit 2); on a plain folder the format still applies to its files.
    @Test(arguments: ["analyze", "ingest", "thread"])
    func forcedFileFormatOnASlackFolderIsAnError(command: String) throws {
        let r = try CLIRunner.run([command, "corpora/demo/slack", "--input-format", "mbox"])
        #expect(r.status == 2)
        #expect(
            r.stderr.contains(
                "--input-format mbox cannot read this folder: it is a Slack export (it holds users.json, "
                    + "channels.json or the like), and mbox is a format of single files"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        let folder = try CLIRunner.run([command, "corpora/demo/mail", "--input-format", "mbox"])
        #expect(folder.status == 0, "\(folder.stderr)")
    }
}
