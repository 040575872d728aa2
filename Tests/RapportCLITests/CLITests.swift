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

    /// An empty file given by name says it is empty; in a folder, empty files (Thunderbird keeps one per
    /// mail folder that holds nothing) are counted apart from files of unknown format.
    @Test func emptyFilesAreSaidToBeEmpty() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-cli-empty-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let trash = dir.appendingPathComponent("Trash")
        try Data().write(to: trash)
        let single = try CLIRunner.run(["ingest", trash.path])
        #expect(single.status == 2)
        #expect(single.stderr.contains("the file is empty (0 bytes): nothing to read"), "\(single.stderr)")
        try Data(
            "From a@client.example Mon Jan  1 10:00:00 2024\nFrom: Ann <a@client.example>\nTo: me@us.example\nSubject: Hi\nDate: Mon, 1 Jan 2024 10:00:00 +0000\nMessage-ID: <one@x>\n\nhello\n"
                .utf8
        )
        .write(to: dir.appendingPathComponent("Inbox"))
        try Data().write(to: dir.appendingPathComponent("Sent"))
        try Data([0x00, 0x01]).write(to: dir.appendingPathComponent("Inbox.msf"))
        let folder = try CLIRunner.run(["ingest", "--me", "me@us.example", dir.path])
        #expect(folder.status == 0)
        #expect(
            folder.stderr.contains(
                "note: ignored 1 file of unknown format in the folders given (first: \(dir.path)/Inbox.msf) and "
                    + "2 files that are empty (first: \(dir.path)/Sent)"), "\(folder.stderr)")
        #expect(folder.stderr.contains("messages read 1, used 1, skipped 0"), "\(folder.stderr)")
    }

    /// A page saved "complete" (`Ticket.html` + `Ticket_files/` holding a frame saved as `.html` and a
    /// style sheet): the folder is passed over and said to be the page's resources, not an unknown format
    /// or a ticket the generic reader cannot read.
    @Test func savedPageResourceFolderIsReported() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-cli-files-\(getpid())")
        let files = dir.appendingPathComponent("Ticket 34100_files")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("RapportIngestTests/Fixtures/tickets/zammad.html")
        try FileManager.default.copyItem(at: fixture, to: dir.appendingPathComponent("Ticket 34100.html"))
        try Data("<html><body><div>frame</div></body></html>".utf8).write(
            to: files.appendingPathComponent("saved_resource.html"))
        try Data("x {}".utf8).write(to: files.appendingPathComponent("app.css"))
        let r = try CLIRunner.run(["ingest", dir.path])
        #expect(r.status == 0)
        #expect(
            r.stderr.contains(
                "note: ignored 1 resource folder of pages saved \"complete\" (images, scripts, frames; not tickets; "
                    + "first: \(files.path))"), "\(r.stderr)")
        #expect(r.stderr.contains("files 1, messages read 4, used 3, skipped 1 (ticket-system-event 1)"), "\(r.stderr)")
    }

    /// A message found in two mailboxes (one mbox per label in older Takeout exports) is emitted once;
    /// the second copy is counted as a duplicate.
    @Test func duplicatesAcrossInputsAreSkipped() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-cli-dup-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func message(_ id: String, _ text: String) -> String {
            "From a@client.example Mon Jan  1 10:00:00 2024\nFrom: Ann <a@client.example>\nTo: me@us.example\n"
                + "Subject: Hello\nDate: Mon, 1 Jan 2024 10:00:00 +0000\nMessage-ID: <\(id)>\n\n\(text)\n\n"
        }
        try Data((message("one@x", "first") + message("two@x", "second")).utf8).write(
            to: dir.appendingPathComponent("Inbox.mbox"))
        try Data((message("two@x", "second") + message("three@x", "third")).utf8).write(
            to: dir.appendingPathComponent("Important.mbox"))
        let r = try CLIRunner.run([
            "ingest", "--me", "me@us.example", dir.appendingPathComponent("Important.mbox").path,
            dir.appendingPathComponent("Inbox.mbox").path,
        ])
        #expect(r.status == 0)
        let ids = r.stdout.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: #""message_id":""#) else { return nil }
            return String(line[range.upperBound...].prefix { $0 != "\"" })
        }
        #expect(ids == ["two@x", "three@x", "one@x"])
        #expect(r.stderr.contains("messages read 4, used 3, skipped 1 (duplicate 1)"), "\(r.stderr)")
    }

    @Test func badInputFormatValueIsAUsageError() throws {
        let r = try CLIRunner.run(["ingest", "--input-format", "pdf", "x"])
        #expect(r.status == 2)
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

    /// The cooling account is warned well before its cancellation hint (2026-08-04): replaying history
    /// as of 13 June shows the repeated "any update?" as an act-level warning.
    @Test func coolingAccountWarnedBeforeCancellationHint() throws {
        let r = try CLIRunner.run(["warnings", "corpora/demo", "--as-of", "2026-06-13", "--format", "json"])
        #expect(r.status == 4)
        #expect(r.stdout.contains("\"repeated-request\""))
        #expect(r.stdout.contains("greg.morrison@harbourline.example"))
        #expect(!r.stdout.contains("hl20"))
    }

    /// One conversation (a saved ticket) is scored directly; a corpus of many threads is listed.
    @Test func threadScoresTheOnlyThreadDirectly() throws {
        let one = try CLIRunner.run(["thread", "corpora/demo/tickets/ticket-4231.html"])
        #expect(one.status == 0)
        #expect(one.stdout.hasPrefix("Thread zendesk:4231: CSV export STILL drops rows - third time reporting this\n"))
        #expect(one.stdout.contains("greg.morrison@harbourline.example: level "))
        let many = try CLIRunner.run(["thread", "corpora/demo"])
        #expect(many.stdout.hasPrefix("THREAD\tMESSAGES\tLAST\tCHANNELS\tSUBJECT\n"))
    }

    /// A marker kind found twice in a turn is listed once with its count.
    @Test func threadTurnsCountRepeatedMarkers() throws {
        let r = try CLIRunner.run(["thread", "corpora/demo", "--thread", "gmail:1151400719170630322"])
        #expect(r.status == 0)
        #expect(
            r.stdout.contains(
                "greg.morrison@harbourline.example  warm-greeting,gratitude×2,warm-sign-off,exclamation\n"))
        #expect(!r.stdout.contains("gratitude,gratitude"))
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

    /// `--account`, `--contact` and `--limit` narrow what is shown; scores are those of the whole input.
    @Test func selectionNarrowsTheReport() throws {
        let full = try CLIRunner.run(["analyze", "corpora/demo"])
        let one = try CLIRunner.run(["analyze", "corpora/demo", "--account", "Harbourline.example"])
        #expect(one.status == 0)
        #expect(
            one.stdout.contains(
                "Note:         filtered (--account Harbourline.example): showing 1 of 3 accounts, 2 of 6 contacts, "
                    + "1 of 1 warnings\n"))
        #expect(one.stdout.contains("harbourline.example "))
        #expect(!one.stdout.contains("northwind.example"))
        // The account's line is the same as in the full report (same score, trend and counts; the name
        // column is as wide as the longest name shown, so the lines are compared word by word).
        func words(_ line: Substring) -> [Substring] { line.split(separator: " ").dropFirst().map { $0 } }
        let line = try #require(full.stdout.split(separator: "\n").first { $0.hasPrefix("3  harbourline.example") })
        let shown = try #require(one.stdout.split(separator: "\n").first { $0.hasPrefix("1  harbourline.example") })
        #expect(words(shown) == words(line))
        let dana = try CLIRunner.run([
            "analyze", "corpora/demo", "--contact", "DANA.WHITFIELD@northwind.example", "--format", "json",
        ])
        #expect(dana.stdout.contains("\"dana.whitfield@northwind.example\""))
        #expect(!dana.stdout.contains("\"raj.patel@northwind.example\""))
        let top = try CLIRunner.run(["analyze", "corpora/demo", "--limit", "1"])
        #expect(top.stdout.contains("showing 1 of 3 accounts, 2 of 6 contacts, 0 of 1 warnings"))
        #expect(top.stdout.contains("northwind.example"))
        #expect(!top.stdout.contains("kestrel-freight.example"))
        // A typo is an error naming accounts there are, not an empty report.
        let typo = try CLIRunner.run(["analyze", "corpora/demo", "--account", "harbourline.exmaple"])
        #expect(typo.status == 2)
        #expect(
            typo.stderr.contains("nothing matches --account harbourline.exmaple (accounts include: northwind.example"))
        // --sort risk: the warned account and contact first, then the lowest scores.
        let risk = try CLIRunner.run(["analyze", "corpora/demo", "--sort", "risk"])
        #expect(risk.stdout.contains("Note:         sorted by risk (--sort risk)\n"))
        let ranked = risk.stdout.split(separator: "\n").filter { $0.first?.isNumber == true }.map {
            $0.split(separator: " ")[1]
        }
        #expect(ranked == ["harbourline.example", "kestrel-freight.example", "northwind.example"])
        let byName = try CLIRunner.run(["analyze", "corpora/demo", "--sort", "name", "--format", "json"])
        #expect(byName.stdout.contains("sorted by name (--sort name)"))
        func accounts(_ sort: String) throws -> [Substring] {
            try CLIRunner.run(["analyze", "corpora/demo", "--sort", sort]).stdout.split(separator: "\n")
                .filter { $0.first?.isNumber == true }.map { $0.split(separator: " ")[1] }
        }
        #expect(try accounts("name") == ["harbourline.example", "kestrel-freight.example", "northwind.example"])
        #expect(try accounts("messages") == ["northwind.example", "harbourline.example", "kestrel-freight.example"])
        #expect(try CLIRunner.run(["analyze", "corpora/demo", "--sort", "worst"]).status != 0)
        // warnings: only the selected contacts' alerts (and exit 4 only for them).
        let quiet = try CLIRunner.run(["warnings", "corpora/demo", "--account", "kestrel-freight.example"])
        #expect(quiet.status == 0)
        #expect(quiet.stderr.contains("rapport: 0 warnings (0 act)"))
    }

    @Test func analyzeIsDeterministic() throws {
        let a = try CLIRunner.run(["analyze", "corpora/demo", "--format", "json"])
        let b = try CLIRunner.run(["analyze", "corpora/demo", "--format", "json"])
        #expect(a.status == 0)
        #expect(a.stdout == b.stdout)
    }
}
