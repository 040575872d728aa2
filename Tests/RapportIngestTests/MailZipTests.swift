import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Mail inside zip archives: Google Takeout parts and zips of mail folders (Fixtures/mail/zips, made by
/// make_zips.py there).
@Suite struct MailZipTests {
    static func archive(_ name: String) -> String { mailFixture("zips/" + name) }

    @Test func takeoutZipReadsLikeItsMbox() throws {
        let path = Self.archive("takeout.zip")
        let plan = try Ingestor().plan([path])
        #expect(plan.map(\.format) == [.mbox])
        let zipped = try readMail(path)
        let plain = try readMail(mailFixture("takeout.mbox"))
        #expect(zipped.messages.map(\.id) == ["first@example.com", "second@client.org"])
        #expect(zipped.summary.read == 3 && zipped.summary.emitted == 2 && zipped.summary.skipped == ["duplicate": 1])
        #expect(zipped.summary.problems.isEmpty)
        #expect(zipped.evidence == plain.evidence)
        for (a, b) in zip(zipped.messages, plain.messages) {
            var relocated = b
            relocated.locator.file = path + "!Takeout/Mail/All mail Including Spam and Trash.mbox"
            #expect(a == relocated)
        }
        #expect(zipped.messages[1].locator.byteOffset == 418)
    }

    /// UTF-8 entry names stored without the zip's UTF-8 flag are read as UTF-8, not as code page 437
    /// ("einschlie├ƒlich"): locators name the real mailbox.
    @Test func utf8NamesWithoutTheFlag() throws {
        let path = Self.archive("localized.zip")
        let r = try readMail(path)
        let files = Set(r.messages.map { $0.locator.file.replacingOccurrences(of: path + "!", with: "") })
        #expect(
            files == [
                "Takeout/E-Mail/Alle E-Mails einschließlich Spam und Papierkorb.mbox", "Takeout/E-Mail/Entwürfe.mbox",
            ])
        #expect(r.summary.files == 2)
        // The Thunderbird mailbox's deleted-but-not-compacted message, reported under the real name.
        #expect(r.summary.skipped["deleted"] == 1)
        #expect(r.summary.problems.count == 1)
        #expect(r.summary.problems.first?.hasPrefix(path + "!Takeout/E-Mail/Entwürfe.mbox @") == true)
        #expect(r.summary.read == r.summary.emitted + r.summary.skipped.values.reduce(0, +))
    }

    @Test func zipOfMailFolders() throws {
        let path = Self.archive("mixed.zip")
        let r = try readMail(path)
        // Inbox.mbox (2 kept, 1 deleted), the Sent bundle's mbox (CRLF, 3), forward.eml, two maildir files;
        // `../outside.eml` refused; Info.plist and __MACOSX ignored.
        #expect(r.summary.files == 5)
        #expect(r.summary.skipped == ["deleted": 1, "zip-unsafe-entry": 1])
        #expect(r.summary.problems.contains { $0.contains("'../outside.eml' refused: path traversal") })
        #expect(r.summary.read == r.summary.emitted + r.summary.skipped.values.reduce(0, +))
        let files = r.messages.map { $0.locator.file.replacingOccurrences(of: path + "!", with: "") }
        #expect(
            files == [
                "export/Inbox.mbox", "export/Inbox.mbox", "export/Sent Messages.mbox/mbox",
                "export/Sent Messages.mbox/mbox", "export/Sent Messages.mbox/mbox", "export/saved/forward.eml",
                "export/maildir/cur/1552000000.M1.host:2,S", "export/maildir/new/1552000100.M2.host",
            ])
        let sources = Dictionary(grouping: r.messages, by: \.source).mapValues(\.count)
        #expect(sources[.maildir] == 2 && sources[.eml] == 1)
        // The Apple Mail "Sent Messages.mbox" bundle is evidence of who "us" is.
        let sentSenders = Set(
            r.messages.filter { $0.locator.file.hasSuffix("Sent Messages.mbox/mbox") }.map(\.from.id))
        #expect(!sentSenders.isEmpty)
        #expect(Set((r.evidence.sentFolderSenders ?? [:]).keys) == sentSenders)
    }

    @Test func damagedEntryIsReportedNotFatal() throws {
        let r = try readMail(Self.archive("damaged.zip"))
        #expect(
            r.summary.problems == [
                Self.archive("damaged.zip")
                    + "!Takeout/Mail/All mail Including Spam and Trash.mbox: fails its CRC check (damaged archive); "
                    + "its messages may be wrong"
            ])
        #expect(r.summary.read == r.summary.emitted + r.summary.skipped.values.reduce(0, +))
    }

    @Test func zipWithoutMailOrSlack() throws {
        let path = Self.archive("no-mail.zip")
        #expect(Ingestor.detectFile(path) == nil)
        #expect {
            _ = try Ingestor().plan([path])
        } throws: { e in
            (e as? RapportError)?.code == .unknownFormat
                && (e as? RapportError)?.message.contains("neither a Slack export nor mail") == true
        }
        // In a walked folder it is listed as ignored, not fatal.
        let dir = try BadInput.tempDir("zips")
        defer { BadInput.cleanup(dir) }
        try FileManager.default.copyItem(atPath: path, toPath: dir + "/no-mail.zip")
        try FileManager.default.copyItem(atPath: Self.archive("takeout.zip"), toPath: dir + "/takeout.zip")
        var ignored: [String] = []
        let plan = try Ingestor().plan([dir], ignored: &ignored)
        #expect(plan.map(\.path) == [dir + "/takeout.zip"])
        #expect(ignored == [dir + "/no-mail.zip"])
    }

    /// ZIPFoundation's streaming `extract` does not compare CRCs; a Slack day file whose bytes were
    /// damaged in the archive is skipped and reported, the rest is read.
    @Test func slackDayFileFailingItsCRCIsSkipped() throws {
        let original = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/slack/modern.zip").path
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: original)))
        // The local header of general/2023-05-01.json (the first place its name occurs); flip a bit in the
        // middle of its deflated data.
        let name = Array("general/2023-05-01.json".utf8)
        let nameAt = try #require(
            (0..<(bytes.count - name.count)).first { bytes[$0..<($0 + name.count)].elementsEqual(name) })
        let signature: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
        let at = try #require(
            (0..<nameAt).reversed().first { bytes[$0..<($0 + 4)].elementsEqual(signature) })
        func u16(_ k: Int) -> Int { Int(bytes[k]) | Int(bytes[k + 1]) << 8 }
        let dataAt = at + 30 + u16(at + 26) + u16(at + 28)
        bytes[dataAt + u16(at + 18) / 2] ^= 0x01
        let dir = try BadInput.tempDir("slack-crc")
        defer { BadInput.cleanup(dir) }
        try BadInput.write(bytes, to: dir + "/export.zip")
        var options = IngestOptions()
        options.dataDirectory = SlackFixtures.repo
        var summary = IngestSummary()
        var evidence = UsEvidence()
        var count = 0
        try SlackExportReader().read(
            path: dir + "/export.zip", options: options, summary: &summary, evidence: &evidence
        ) {
            _ in count += 1
        }
        let intact = try SlackFixtures.read("modern.zip")
        #expect(summary.skipped["unreadable-day-file"] == 1)
        #expect(summary.problems.contains { $0.contains("'general/2023-05-01.json' fails its CRC check") })
        #expect(count > 0 && count < intact.messages.count)
    }

    @Test func slackZipStillDetectedAsSlack() throws {
        let slack = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/slack/modern.zip").path
        #expect(Ingestor.detectFile(slack) == .slack)
    }

    /// The reader stops early (the consumer throws): the extraction thread must not block the process.
    @Test func stoppingEarlyDoesNotHang() throws {
        // An mbox big enough to fill the socket buffers many times over.
        let dir = try BadInput.tempDir("zip-early")
        defer { BadInput.cleanup(dir) }
        var mbox = ""
        for i in 0..<3000 {
            mbox += "From a@b.c Mon Jan  1 00:00:00 2024\nFrom: a@b.c\nTo: d@e.f\nMessage-ID: <m\(i)@x>\n"
            mbox += "Subject: n\(i)\n\n" + String(repeating: "word \(i) ", count: 60) + "\n\n"
        }
        try BadInput.write(Array(mbox.utf8), to: dir + "/big.mbox")
        let zipPath = dir + "/big.zip"
        let zipper = Process()
        zipper.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        zipper.arguments = [
            "python3", "-c",
            "import sys,zipfile; zipfile.ZipFile(sys.argv[1],'w',zipfile.ZIP_DEFLATED).write(sys.argv[2],'Mail/big.mbox')",
            zipPath, dir + "/big.mbox",
        ]
        try zipper.run()
        zipper.waitUntilExit()
        try #require(zipper.terminationStatus == 0)
        var summary = IngestSummary()
        var evidence = UsEvidence()
        var seen = 0
        #expect(throws: RapportError.self) {
            try MailReader(format: .mbox).read(
                path: zipPath, options: IngestOptions(), summary: &summary, evidence: &evidence
            ) { (_: Message) throws(RapportError) in
                seen += 1
                if seen == 10 { throw RapportError(.io, "consumer stopped", file: zipPath) }
            }
        }
        #expect(seen == 10)
        let all = try readMail(zipPath)
        #expect(all.messages.count == 3000)
        #expect(all.messages.last?.id == "m2999@x")
    }

    @Test func takeoutTgzReadsItsMailboxesInOrder() throws {
        let path = Self.archive("takeout.tgz")
        #expect(try Ingestor().plan([path]).map(\.format) == [.mbox])
        let r = try readMail(path)
        let thunderbird = try readMail(mailFixture("thunderbird.mbox"))
        let takeout = try readMail(mailFixture("takeout.mbox"))
        // The two .mbox entries, in archive order; the Drive file and the .eml are not read.
        #expect(
            r.messages.map(\.id) == ["tb1@example.net", "tb3@example.net", "first@example.com", "second@client.org"])
        #expect(r.messages.map(\.text) == (thunderbird.messages + takeout.messages).map(\.text))
        #expect(r.summary.skipped == ["deleted": 1, "duplicate": 1])
        #expect(r.summary.problems.count == 1)
        // Locators name the archive member (the long pax name too) and the offset inside it, as for the
        // plain mailboxes.
        let inbox =
            path + "!Takeout/Mail/"
            + String(repeating: "Inbox exported with a name longer than one hundred bytes ", count: 2) + ".mbox"
        let all = path + "!Takeout/Mail/All mail Including Spam and Trash.mbox"
        #expect(r.messages.map(\.locator.file) == [inbox, inbox, all, all])
        #expect(
            r.messages.map(\.locator.byteOffset) == (thunderbird.messages + takeout.messages).map(\.locator.byteOffset))
        #expect(r.messages.map(\.locator.byteOffset) == [0, 580, 0, 418])
        #expect(r.evidence.sentLabelSenders == ["ana@acme.com": 1])
    }

    @Test func tarWithoutMailboxesIsReported() throws {
        let path = Self.archive("no-mail.tar")
        #expect(Ingestor.detectFile(path) == .mbox)
        let r = try readMail(path)
        #expect(r.messages.isEmpty && r.summary.read == 0)
        #expect(
            r.summary.problems == [
                path + ": no mailbox in this tar archive (no .mbox entry; Takeout's mail is under Takeout/Mail)"
            ])
    }

    /// Every cut of the gzip'd tar reads without a crash or hang, keeps the accounting, and says what
    /// went wrong once the archive is cut inside its mailboxes.
    @Test func truncatedTgz() throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.archive("takeout.tgz"))))
        let dir = try BadInput.tempDir("tgz-cut")
        defer { BadInput.cleanup(dir) }
        for cut in stride(from: 1, to: bytes.count, by: 37) {
            let path = dir + "/cut\(cut).tgz"
            try BadInput.write(Array(bytes[..<cut]), to: path)
            let r = try readMail(path)
            #expect(r.summary.read == r.summary.emitted + r.summary.skipped.values.reduce(0, +))
            #expect(r.messages.count <= 5)  // a cut Message-ID turns the duplicate into a message
            if cut > 20 { #expect(r.summary.problems.contains { $0.contains("truncated") }, "cut \(cut)") }
        }
    }

    /// A ustar header block for `name` (checksum filled in).
    static func tarHeader(_ name: String, size: Int, type: UInt8) -> [UInt8] {
        var h = [UInt8](repeating: 0, count: 512)
        for (k, b) in name.utf8.prefix(100).enumerated() { h[k] = b }
        for (k, b) in "0000644\0".utf8.enumerated() { h[100 + k] = b }
        let octal = String(size, radix: 8)
        for (k, b) in (String(repeating: "0", count: 11 - octal.count) + octal).utf8.enumerated() { h[124 + k] = b }
        h[156] = type
        for (k, b) in "ustar\u{0}00".utf8.enumerated() { h[257 + k] = b }
        for k in 148..<156 { h[k] = 0x20 }
        let sum = String(h.reduce(0) { $0 + Int($1) }, radix: 8)
        for (k, b) in (String(repeating: "0", count: 6 - sum.count) + sum + "\0").utf8.enumerated() { h[148 + k] = b }
        return h
    }

    /// An entry: header, data, padding to 512 bytes.
    static func tarEntry(_ name: String, _ data: [UInt8], type: UInt8 = 0x30) -> [UInt8] {
        tarHeader(name, size: data.count, type: type) + data
            + [UInt8](repeating: 0, count: (512 - data.count % 512) % 512)
    }

    /// Hostile pax records (a length of 30 digits, a negative size) are ignored, not trusted: the
    /// mailbox after them is read with its header's size.
    @Test func hostilePaxRecordsAreIgnored() throws {
        let mbox = Array("From a@x Mon Jan  1 00:00:00 2024\nFrom: a@x\nMessage-ID: <p1@x>\n\nhello\n".utf8)
        var tar = Self.tarEntry("pax1", Array("999999999999999999999999999999 path=evil\n".utf8), type: 0x78)
        tar += Self.tarEntry("pax2", Array("11 size=-5\n".utf8), type: 0x78)
        tar += Self.tarEntry("Takeout/Mail/Inbox.mbox", mbox)
        tar += [UInt8](repeating: 0, count: 1024)
        let dir = try BadInput.tempDir("tar-pax")
        defer { BadInput.cleanup(dir) }
        let path = dir + "/hostile.tar"
        try BadInput.write(tar, to: path)
        #expect(Ingestor.detectFile(path) == .mbox)
        let r = try readMail(path)
        #expect(r.messages.map(\.id) == ["p1@x"])
        #expect(r.messages.first?.text == "hello")
        #expect(r.summary.problems.isEmpty)
    }

    /// A junk mailbox inside a tar is spam, as the same mailbox in a folder is; its locator names it.
    @Test func junkMemberOfATarIsSpam() throws {
        let mbox = Array("From a@x Mon Jan  1 00:00:00 2024\nFrom: a@x\nMessage-ID: <s1@x>\n\nbuy now\n".utf8)
        let tar = Self.tarEntry("Takeout/Mail/Spam.mbox", mbox) + [UInt8](repeating: 0, count: 1024)
        let dir = try BadInput.tempDir("tar-spam")
        defer { BadInput.cleanup(dir) }
        let path = dir + "/spam.tar"
        try BadInput.write(tar, to: path)
        let r = try readMail(path)
        #expect(r.summary.excluded == ["spam": 1])
        #expect(r.messages.map(\.locator.file) == [path + "!Takeout/Mail/Spam.mbox"])
    }

    /// A Sent mailbox inside a tar is "us" evidence, as the same mailbox in a folder is; other members
    /// are not.
    @Test func sentMemberOfATarIsUsEvidence() throws {
        func mbox(_ from: String, _ id: String) -> [UInt8] {
            Array(
                "From \(from) Mon Jan  1 00:00:00 2024\nFrom: \(from)\nTo: c@client.example\nMessage-ID: <\(id)>\n\nhi\n"
                    .utf8)
        }
        let tar =
            Self.tarEntry("Takeout/Mail/Inbox.mbox", mbox("c@client.example", "i1@x"))
            + Self.tarEntry("Takeout/Mail/Sent.mbox", mbox("me@us.example", "s1@x"))
            + [UInt8](repeating: 0, count: 1024)
        let dir = try BadInput.tempDir("tar-sent")
        defer { BadInput.cleanup(dir) }
        let path = dir + "/sent.tar"
        try BadInput.write(tar, to: path)
        let r = try readMail(path)
        #expect(r.messages.count == 2)
        #expect(r.evidence.sentFolderSenders == ["me@us.example": 1])
    }

    /// The inflation cap of a zip entry saturates instead of overflowing on a hostile declared size.
    @Test func zipEntryCapSaturates() {
        let limits = IngestLimits()
        #expect(limits.zipEntryCap(compressed: 1000) == 200_000 + (1 << 20))
        #expect(limits.zipEntryCap(compressed: 0) == 200 + (1 << 20))
        #expect(limits.zipEntryCap(compressed: Int64.max) == Int64.max)
        #expect(limits.zipEntryCap(compressed: Int64.max / 200) == Int64.max)
    }
}

@Suite struct ZipErrorTextTests {
    /// Before: "not a readable zip archive (missingEndOfCentralDirectoryRecord)", a Swift case name.
    @Test func zipErrorsAreWords() {
        enum Fake: Error { case missingEndOfCentralDirectoryRecord, invalidCentralDirectoryOffset }
        #expect(
            MailZip.describe(Fake.missingEndOfCentralDirectoryRecord)
                == "no end-of-archive record: the file is cut short or is not a zip")
        #expect(MailZip.describe(Fake.invalidCentralDirectoryOffset) == "invalid central directory offset")
    }
}
