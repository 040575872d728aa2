import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Multiparts whose declared boundary never occurs (shapes of CPython's email test data msg_17 and
/// msg_31, both seen in real archives): the words are still read, never dropped silently.
@Suite struct MailBrokenMIMETests {
    func read(_ text: String) throws -> Message {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("rapport-broken-mime-\(UUID().uuidString).eml").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (ms, summary, _) = try readMail(path, format: .eml)
        #expect(summary.read == 1 && summary.emitted == 1)
        return try #require(ms.first)
    }

    let head = "From: Ann <ann@example.com>\nTo: bo@example.org\nSubject: s\nMIME-Version: 1.0\n"

    @Test func noDelimiterLineReadsTheBodyAsText() throws {
        let m = try read(
            head + "Content-Type: multipart/mixed; boundary=\"BOUNDARY\"\n\nHi there,\n\nThis is the dingus fish.\n")
        #expect(m.text == "Hi there,\n\nThis is the dingus fish.")
    }

    @Test func misdeclaredBoundaryIsRecoveredFromTheFirstPart() throws {
        let m = try read(
            head + "Content-Type: multipart/mixed; boundary=BOUNDARY_\n\n"
                + "--BOUNDARY\nContent-Type: text/plain\n\nmessage 1\n\n"
                + "--BOUNDARY\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n\n"
                + "--BOUNDARY\ncontent-type: text/plain\n\nmessage 2\n\n--BOUNDARY--\n")
        #expect(m.text == "message 1\n\nmessage 2")
    }

    @Test func aDashLineInProseIsNotTakenForABoundary() throws {
        let m = try read(
            head + "Content-Type: multipart/alternative; boundary=\"b1\"\n\n"
                + "Plain words first.\n--dashes and words\nContent-free prose here\n")
        #expect(m.text == "Plain words first.\n--dashes and words\nContent-free prose here")
    }
}

/// Apple Mail's own store (`~/Library/Mail/V*/…/INBOX.mbox/…/Messages/*.emlx`): a byte-count line, the
/// message, then a property list of flags; the `.mbox` folder also holds an `Info.plist`.
@Suite struct AppleMailStoreTests {
    static let plist =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
        + "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n<plist version=\"1.0\">\n<dict>\n"
        + "\t<key>flags</key>\n\t<integer>8590195713</integer>\n</dict>\n</plist>\n"

    static func emlx(_ message: String) -> String { "\(message.utf8.count)\n" + message + plist }

    @Test func emlxFolderReadsMessagesWithoutTheirPropertyLists() throws {
        let root = NSTemporaryDirectory() + "rapport-emlx-\(getpid())"
        let messages = root + "/INBOX.mbox/Data/Messages"
        try FileManager.default.createDirectory(atPath: messages, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Data(Self.plist.utf8).write(to: URL(fileURLWithPath: root + "/INBOX.mbox/Info.plist"))
        let first =
            "From: Ann <ann@example.com>\r\nTo: bo@example.org\r\nSubject: Renewal\r\nMessage-ID: <e1@example.com>\r\n"
            + "Date: Tue, 2 Jun 2020 09:00:00 +0200\r\n\r\nCan we talk about the renewal next week?\r\n"
        let second =
            "From: Bo <bo@example.org>\nTo: ann@example.com\nSubject: Re: Renewal\nMessage-ID: <e2@example.org>\n"
            + "In-Reply-To: <e1@example.com>\nDate: Tue, 2 Jun 2020 10:00:00 +0200\n\nSure, Tuesday works."
        try Data(Self.emlx(first).utf8).write(to: URL(fileURLWithPath: messages + "/101.emlx"))
        try Data(Self.emlx(second).utf8).write(to: URL(fileURLWithPath: messages + "/102.partial.emlx"))

        var ignored: [String] = []
        let plan = try Ingestor().plan([root], ignored: &ignored)
        #expect(ignored == [root + "/INBOX.mbox/Info.plist"])
        // The store's messages are one mailbox (one input over both files).
        #expect(plan == [Ingestor.Input(path: root, format: .eml)])
        let (ms, summary, _) = try readMail(root, format: .eml)
        #expect(summary.files == 2 && summary.read == 2 && summary.emitted == 2)
        #expect(ms.map(\.text) == ["Can we talk about the renewal next week?", "Sure, Tuesday works."])
        #expect(ms.map(\.parent) == [nil, "e1@example.com"])
        #expect(ms.map(\.locator.byteOffset) == [4, 4])
        #expect(ms.map { ($0.locator.file as NSString).lastPathComponent } == ["101.emlx", "102.partial.emlx"])
        #expect(ms[0].thread == ms[1].thread)
    }

    @Test func byteCountLineIsOnlyTakenForADigitLine() {
        func count(_ s: String) -> Int? {
            Array(s.utf8).withUnsafeBufferPointer { MailReader.emlxByteCount($0) }
        }
        #expect(count("1234\n") == 1234)
        #expect(count("  88\r\n") == 88)
        #expect(count("From: a@b.c\n") == nil)
        #expect(count("12 34\n") == nil)
        #expect(count("1234567890123\n") == nil)
        #expect(count("\n") == nil)
    }

    @Test func propertyListIsNotATicketPage() {
        #expect(Ingestor.detect(head: Array(Self.plist.utf8), name: "Info.plist") == nil)
        let xhtml = "<?xml version=\"1.0\"?>\n<!DOCTYPE html>\n<html><body><div>ticket</div></body></html>"
        #expect(Ingestor.detect(head: Array(xhtml.utf8), name: "t.html") == .html)
    }
}

/// Spam inside an export (Gmail Takeout's "All mail Including Spam and Trash", server-side filters) is
/// excluded from analysis and counted as `spam`; a "No" verdict or a label merely containing the word
/// is not spam.
@Suite struct MailSpamTests {
    func read(_ headers: String) throws -> (Message, IngestSummary) {
        let path = NSTemporaryDirectory() + "rapport-spam-\(UUID().uuidString).eml"
        let text =
            "From: Win Big <promo@lottery.example>\nTo: me@ourco.example\nSubject: You won\n" + headers
            + "Date: Tue, 2 Jun 2020 09:00:00 +0000\n\nClaim your prize now!\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (ms, summary, _) = try readMail(path, format: .eml)
        return (try #require(ms.first), summary)
    }

    @Test(arguments: [
        "X-Gmail-Labels: Archived,Spam,Unread\n",
        "X-Gmail-Labels: =?UTF-8?Q?Spam?=\n",
        "X-Spam-Flag: YES\n",
        "X-Spam-Status: Yes, score=7.1 required=5.0\n",
        "X-Spam: yes\n",
    ])
    func flaggedSpamIsExcluded(_ header: String) throws {
        let (m, summary) = try read(header)
        #expect(m.flags.contains(.bulk) && !m.isConversational)
        #expect(summary.excluded == ["spam": 1])
    }

    @Test(arguments: [
        "X-Gmail-Labels: Inbox,Spam filters to review\n",
        "X-Spam-Status: No, score=-1.0 required=5.0\n",
        "X-Spam-Flag: NO\n",
        "X-Spam: yesterday's digest\n",
        "",
    ])
    func notSpam(_ header: String) throws {
        let (m, summary) = try read(header)
        #expect(m.isConversational)
        #expect(summary.excluded.isEmpty)
    }
}

/// Google Talk / Hangouts chats in Takeout's mbox (label `Chat`) hold both sides' lines under one sender:
/// excluded from analysis as `chat-transcript`, counted; mail that merely mentions a chat is not.
@Suite struct MailGmailChatTests {
    @Test(arguments: [
        ("X-Gmail-Labels: Chat\n", true),
        ("X-Gmail-Labels: Archived,Chat,Opened\n", true),
        ("X-Gmail-Labels: Chats\n", true),
        ("X-Gmail-Labels: Inbox,Chat follow-ups\n", false),
        ("X-Gmail-Labels: Inbox\n", false),
    ])
    func chatTranscripts(_ header: String, _ excluded: Bool) throws {
        let path = NSTemporaryDirectory() + "rapport-chat-\(UUID().uuidString).eml"
        let text =
            "From: Ann Lee <ann@client.example>\nTo: me@ourco.example\nSubject: Chat with Ann Lee\n" + header
            + "Date: Tue, 2 Jun 2020 09:00:00 +0000\n\nAnn: are we still on for Friday?\nme: yes, 10am works\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (ms, summary, _) = try readMail(path, format: .eml)
        let m = try #require(ms.first)
        #expect(m.isConversational == !excluded)
        #expect(summary.excluded == (excluded ? ["chat-transcript": 1] : [:]))
    }
}

/// Drafts were never sent: they are not communication and would read as instant replies by "us".
@Suite struct MailDraftTests {
    static let body = "Date: Tue, 2 Jun 2020 09:00:00 +0000\nMessage-ID: <d1@ourco.example>\n\nHalf-written reply\n"
    static let head = "From: Me <me@ourco.example>\nTo: ann@example.com\nSubject: Re: Renewal\n"

    @Test(arguments: [
        "X-Mozilla-Draft-Info: internal/draft; vcard=0; receipt=0; DSN=0; uuencode=0\n",
        "X-Unsent: 1\n",
        "X-Uniform-Type-Identifier: com.apple.mail-draft\n",
        "X-Gmail-Labels: Drafts\n",
        "X-Gmail-Labels: Opened,Entw=?UTF-8?Q?=C3=BC?=rfe\n",
    ])
    func draftsAreSkippedAndCounted(_ header: String) throws {
        let path = NSTemporaryDirectory() + "rapport-draft-\(UUID().uuidString).eml"
        try Data((Self.head + header + Self.body).utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (ms, summary, evidence) = try readMail(path, format: .eml)
        #expect(ms.isEmpty)
        #expect(summary.read == 1 && summary.skipped == ["draft": 1])
        #expect(evidence.senders.isEmpty)
    }

    @Test func sentMessagesAndOtherLabelsAreKept() throws {
        for header in ["X-Gmail-Labels: Sent,Draft notes\n", "X-Unsent: 0\n"] {
            let path = NSTemporaryDirectory() + "rapport-draft-\(UUID().uuidString).eml"
            try Data((Self.head + header + Self.body).utf8).write(to: URL(fileURLWithPath: path))
            defer { try? FileManager.default.removeItem(atPath: path) }
            let (ms, summary, _) = try readMail(path, format: .eml)
            #expect(ms.count == 1 && summary.skipped.isEmpty)
        }
    }

    @Test func maildirDraftFlagIsSkipped() throws {
        let dir = NSTemporaryDirectory() + "rapport-maildir-draft-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for sub in ["cur", "new", "tmp"] {
            try FileManager.default.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true)
        }
        let sent = Self.head + "Date: Tue, 2 Jun 2020 09:00:00 +0000\nMessage-ID: <s1@ourco.example>\n\nSent.\n"
        try Data(sent.utf8).write(to: URL(fileURLWithPath: dir + "/cur/1591088400.M1.host:2,S"))
        try Data((Self.head + Self.body).utf8).write(to: URL(fileURLWithPath: dir + "/cur/1591088500.M2.host:2,DS"))
        let (ms, summary, _) = try readMail(dir, format: .maildir)
        #expect(ms.map(\.id) == ["s1@ourco.example"])
        #expect(summary.skipped == ["draft": 1])
    }
}

/// A Maildir++ junk folder (`.Junk/cur/…`) holds spam: read, excluded from analysis, counted as `spam`.
@Suite struct MaildirJunkFolderTests {
    @Test func junkFolderMessagesAreSpam() throws {
        let dir = NSTemporaryDirectory() + "rapport-maildir-junk-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for sub in ["cur", "new", "tmp", ".Junk/cur", ".Junk/new", ".Trash/cur"] {
            try FileManager.default.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true)
        }
        func write(_ id: String, _ path: String) throws {
            let text =
                "From: Ann <ann@example.com>\nTo: me@ourco.example\nSubject: s\nMessage-ID: <\(id)>\n"
                + "Date: Tue, 2 Jun 2020 09:00:00 +0000\n\nWords.\n"
            try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/" + path))
        }
        try write("inbox@example.com", "cur/1.M1.host:2,S")
        try write("junk@example.com", ".Junk/cur/2.M2.host:2,S")
        try write("trash@example.com", ".Trash/cur/3.M3.host:2,ST")
        #expect(MailParser.inJunkFolder(dir + "/.Junk/cur/2.M2.host:2,S"))
        #expect(!MailParser.inJunkFolder(dir + "/cur/1.M1.host:2,S"))
        #expect(MailParser.isJunkMailbox("/p/Mail/Local Folders/Junk"))
        #expect(MailParser.isJunkMailbox("/export/Junk.mbox/mbox"))
        #expect(MailParser.isJunkMailbox("/export/Spam.mbox"))
        #expect(!MailParser.isJunkMailbox("/export/Inbox.mbox"))
        #expect(!MailParser.isJunkMailbox("/export/junk-food-orders.mbox"))
        let (ms, summary, _) = try readMail(dir, format: .maildir)
        #expect(Set(ms.map(\.id)) == ["inbox@example.com", "junk@example.com", "trash@example.com"])
        #expect(summary.excluded == ["spam": 1])
        #expect(ms.first { $0.id == "junk@example.com" }?.isConversational == false)
    }
}

/// "Us" from a Sent mailbox when there are no Gmail labels (Thunderbird, Outlook, Apple Mail, maildir).
@Suite struct SentMailboxTests {
    @Test(arguments: [
        ("/p/Local Folders/Sent", InputFormat.mbox, true),
        ("/export/Sent Messages.mbox/mbox", .mbox, true),
        ("/export/Gesendete Elemente.mbox", .mbox, true),
        ("/export/Inbox", .mbox, false),
        ("/export/sentiment-survey.mbox", .mbox, false),
        ("/m/.Sent/cur/1.M1.host:2,S", .maildir, true),
        ("/m/.INBOX.Sent Items/new/2.M2.host", .maildir, true),
        ("/m/cur/1.M1.host:2,S", .maildir, false),
        ("/Mail/V10/ABC/Sent Messages.mbox/DEF/Data/Messages/1.emlx", .eml, true),
        ("/saved/Sent/reply.eml", .eml, true),
        ("/saved/reply.eml", .eml, false),
        // The Enron corpus: files `1.`, `2.` … in folders with underscores for spaces.
        ("/maildir/allen-p/_sent_mail/1.", .eml, true), ("/maildir/allen-p/sent_items/12.", .eml, true),
        ("/maildir/allen-p/all_documents/3.", .eml, false),
    ])
    func names(_ path: String, _ format: InputFormat, _ sent: Bool) {
        #expect(MailReader.isSentMailbox(path, format: format) == sent)
    }

    @Test func sentMboxNamesUsWhenTheInboxHasADominantCustomer() throws {
        let dir = NSTemporaryDirectory() + "rapport-sent-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func mbox(_ from: String, _ n: Int, _ tag: String) -> String {
            (0..<n).map { i in
                "From \(from) Tue Jun  2 09:00:00 2020\nFrom: \(from)\nTo: x@example.org\nSubject: s\n"
                    + "Message-ID: <\(tag)\(i)@example.com>\nDate: Tue, 2 Jun 2020 09:0\(i % 10):00 +0000\n\nWords \(i).\n\n"
            }.joined()
        }
        try Data(mbox("big@customer.example", 9, "in").utf8).write(to: URL(fileURLWithPath: dir + "/Inbox"))
        try Data(mbox("me@ourco.example", 3, "out").utf8).write(to: URL(fileURLWithPath: dir + "/Sent"))
        var evidence = UsEvidence()
        for name in ["Inbox", "Sent"] {
            let (_, _, e) = try readMail(dir + "/" + name)
            evidence.merge(e)
        }
        #expect(evidence.sentFolderSenders == ["me@ourco.example": 3])
        let us = evidence.infer()
        #expect(us.identities == ["me@ourco.example"])
        #expect(us.explanation.hasPrefix("inferred from Sent mailbox: me@ourco.example"))
    }
}
