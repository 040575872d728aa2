import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Shapes found by running the ingest over other mail parsers' real-world fixtures (mikel/mail,
/// enmime, CPython, email-reply-parser, SpamScope; 2026-12-05): each test is one defect that was found
/// there and fixed, written here from scratch with the same shape.
@Suite struct MailRealWorldTests {
    func write(_ text: String, name: String = "m.eml", in dir: String? = nil) throws -> String {
        let folder = dir ?? NSTemporaryDirectory() + "rapport-realworld-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func read(_ text: String) throws -> Message {
        let path = try write(text)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let (ms, summary, _) = try readMail(path, format: .eml)
        #expect(summary.read == 1 && summary.emitted == 1)
        return try #require(ms.first)
    }

    let head =
        "From: Ann <ann@client.example>\nTo: Bob <bob@vendor.example>\nSubject: Re: plan\n"
        + "Date: Mon, 03 Mar 2025 10:15:00 +0100\nMessage-ID: <r1@client.example>\n"

    @Test func idlessMessagesOfDifferentFilesNeverShareAThread() throws {
        let dir = NSTemporaryDirectory() + "rapport-idless-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = try write(
            "From: Ann <ann@a.example>\nTo: us@v.example\nSubject: Invoice question\n\nWhere is it?\n", name: "a.eml",
            in: dir)
        let b = try write(
            "From: Carl <carl@c.example>\nTo: us@v.example\nSubject: We will not renew\n\nBye.\n", name: "b.eml",
            in: dir)
        let first = try #require(try readMail(a, format: .eml).messages.first)
        let second = try #require(try readMail(b, format: .eml).messages.first)
        #expect(first.thread != second.thread)
        #expect(first.thread.hasPrefix("thread-") && second.thread.hasPrefix("thread-"))
    }

    @Test func addressesWithoutCommasAreSeparateMailboxes() throws {
        let m = try read(
            "From: tim@power.example concierge@power.example\nTo: Bob <bob@b.example> Carol <carol@c.example>, "
                + "dan@d.example\nSubject: s\n\nhello\n")
        #expect(m.from.email == "tim@power.example")
        #expect(m.to.map(\.email) == ["bob@b.example", "carol@c.example", "dan@d.example"])
        #expect(m.to.map(\.displayName) == ["Bob", "Carol", ""])
    }

    @Test func secondNameAddrWithoutCommaIsNotGluedToTheAuthor() throws {
        let m = try read(
            "From: Bob Dunite <bob@extern.example> Bobby Dunite <bobby@extern.example>\nTo: a@i.example\n"
                + "Subject: s\n\nSimple text.\n")
        #expect(m.from.email == "bob@extern.example")
        #expect(m.from.displayName == "Bob Dunite")
    }

    @Test func addressWithStraySpaceStaysOneAddress() throws {
        let m = try read("From: bob@example .com\nTo: John Doe john@x.example\nSubject: s\n\nhi\n")
        #expect(m.from.email == "bob@example.com")
        #expect(m.to.map(\.email) == ["john@x.example"])
    }

    @Test func strayLineInsideTheHeaderIsSkipped() throws {
        let m = try read(
            "Return-Path: <ann@client.example>\nquite Delivered-To: x@y.example\nFrom: Ann <ann@client.example>\n"
                + "To: bob@vendor.example\nSubject: hello\nDate: Wed, 23 Feb 2005 18:20:17 -0400\n\nThe body.\n")
        #expect(m.from.email == "ann@client.example")
        #expect(m.subject == "hello")
        #expect(m.text == "The body.")
    }

    @Test func bodyWithoutBlankLineStillStartsAtTheFirstNonHeaderLine() throws {
        let m = try read("From: ann@client.example\nSubject: s\nHello there,\nthe plan works.\n")
        #expect(m.text == "Hello there,\nthe plan works.")
    }

    @Test(
        "localized and Zoho reply separators cut the quote",
        arguments: [
            "-------- Oprindelig besked --------", "-------- Opprinnelig melding --------",
            "-------- Ursprungligt meddelande --------", "-------- Alkuperäinen viesti --------",
            "-------- Původní zpráva --------", "-------- Oryginalna wiadomość --------",
            "-------- Исходное сообщение --------", "-------- Oorspronkelijk bericht --------",
            "---- On Mon, 03 Mar 2025 10:00:00 +0100 Bob <bob@vendor.example> wrote ----",
            "-----Original Message-----", "----- Original Message -----", "-----Ursprüngliche Nachricht-----",
            "-----Message d'origine-----", "-----Mensaje original-----", "-----Messaggio originale-----",
            "-------- Message original --------",
        ])
    func separators(_ line: String) throws {
        let m = try read(head + "\nThanks, that works for me.\n\n\(line)\n\nHi, here is the final quote.\nBest, Bob\n")
        #expect(m.text == "Thanks, that works for me.")
        #expect(m.quotedChars > 40)
    }

    @Test(
        "forwarded separators in several languages mark a forward",
        arguments: [
            "---------- Videresendt melding ----------", "---------- Forwarded message ---------",
            "-------- Message transféré --------", "---------- Weitergeleitete Nachricht ----------",
            "---------- Mensaje reenviado ---------", "---------- Messaggio inoltrato ---------",
            "-------- Doorgestuurd bericht --------", "Begin forwarded message:",
            "Anfang der weitergeleiteten Nachricht:", "Début du message réexpédié :",
        ])
    func forwardedSeparatorsInOtherLanguagesMarkAForward(_ line: String) throws {
        let m = try read(head + "\nFYI\n\n\(line)\nFra: x@y.example\n\nOld text\n")
        #expect(m.text == "FYI")
        #expect(m.flags.contains(.forwarded))
    }

    @Test(
        "mobile and Outlook-app footers are removed and reported",
        arguments: [
            "Download Outlook for Android<https://aka.ms/ghei36>",
            "Télécharger Outlook pour iOS<https://aka.ms/o0ukef>",
            "Von Outlook für iOS gesendet<https://aka.ms/o0ukef>", "Отправлено с iPhone", "iPhoneから送信",
            "发自我的iPhone", "Wysłane z iPhone'a", "Sent from ProtonMail mobile",
        ])
    func footers(_ footer: String) throws {
        let m = try read(head + "\nThanks, that works for me.\n\n\(footer)\n")
        #expect(m.text == "Thanks, that works for me.")
        #expect(m.attributes["mobile_footer"] == "true")
    }

    @Test func finnishGmailAttributionWrappedBeforeTheAddress() throws {
        let quoted = try read(
            head + "\nThanks, that works for me.\n\npe 20. lokakuuta 2017 klo 17.50 John Coe\n"
                + "<john@x.example> kirjoitti:\n\n> Old words here.\n")
        #expect(quoted.text == "Thanks, that works for me.")
        let bare = try read(
            head + "\nThanks, that works for me.\n\npe 20. lokakuuta 2017 klo 17.50 John Coe\n"
                + "<john@x.example> kirjoitti:\n\nOld words here.\n")
        #expect(bare.text == "Thanks, that works for me.")
    }

    @Test func nestedAlternativeReusingItsParentsBoundaryGivesTheTextOnce() throws {
        let m = try read(
            "From: a@x.example\nTo: b@y.example\nSubject: s\nMIME-Version: 1.0\n"
                + "Content-Type: multipart/mixed; boundary=\"B\"\n\n--B\n"
                + "Content-Type: multipart/alternative; boundary=\"B\"\n\n\n--B\nContent-Type: text/plain\n\n"
                + "Some removed test.\n\n--B\nContent-Type: text/html\n\n<p>Some removed text.</p>\n\n--B--\n")
        #expect(m.text == "Some removed test.")
    }

    @Test(
        "a Date with an unreadable zone or an impossible day gives way to Received",
        arguments: [
            ("Tue, 12 Oct 2010 16:21:05 H0500", "2010-10-12T16:21:05-04:00"),
            ("Tue, 12 Oct 2010 16:21:05 Europe/Berlin", "2010-10-12T16:21:05-04:00"),
            ("Tue, 31 Feb 2010 16:21:05 +0200", "2010-10-12T16:21:05-04:00"),
            ("Tue, 12 Oct 2010 16:21:05 GMT+0200", "2010-10-12T16:21:05+02:00"),
            ("Tue, 12 Oct 2010 16:21:05 MESZ", "2010-10-12T16:21:05+02:00"),
        ])
    func uncertainDates(_ date: String, _ expected: String) throws {
        let m = try read(
            "Received: from mx by mx2; Tue, 12 Oct 2010 16:21:05 -0400\nFrom: a@x.example\nTo: b@y.example\n"
                + "Subject: s\nDate: \(date)\n\nx\n")
        #expect(m.date?.iso8601 == expected)
    }

    @Test func uncertainDateWithoutFallbackIsKept() throws {
        let m = try read("From: a@x.example\nTo: b@y.example\nSubject: s\nDate: Tue, 12 Oct 2010 16:21:05 H0500\n\nx\n")
        #expect(m.date?.iso8601 == "2010-10-12T16:21:05+00:00")
    }

    @Test func recipientAddressInInReplyToIsNotAParent() throws {
        let m = try read(
            "From: a@x.example\nTo: someone@yahoo.example\nSubject: s\nIn-Reply-To: someone@yahoo.example\n"
                + "Message-ID: <m1@x.example>\n\nx\n")
        #expect(m.parent == nil)
        let real = try read(
            "From: a@x.example\nTo: someone@yahoo.example\nSubject: s\nIn-Reply-To: 1234.5678@mx.example\n\nx\n")
        #expect(real.parent == "1234.5678@mx.example")
    }

    @Test(
        "plain-text read receipts are notifications, not replies",
        arguments: [
            (
                "Read: Q3 renewal",
                "Your message\n\n  To: Dana\n  Subject: Q3 renewal\n\nwas read on Monday, March 3, 2025."
            ),
            ("Gelesen: Q3 renewal", "Ihre Nachricht\n\nwurde am Montag, 3. März 2025 gelesen."),
        ])
    func readReceipts(_ subject: String, _ body: String) throws {
        let m = try read("From: Dana <dana@client.example>\nTo: b@vendor.example\nSubject: \(subject)\n\n\(body)\n")
        #expect(m.flags.contains(.notification) && m.flags.contains(.system))
    }

    @Test func aSubjectStartingWithReadIsNotAReceiptByItself() throws {
        let m = try read("From: a@x.example\nTo: b@y.example\nSubject: Read: the Q3 plan\n\nPlease read the plan.\n")
        #expect(!m.flags.contains(.notification))
    }

    @Test(
        "out-of-office subjects in more languages",
        arguments: ["Automatyczna odpowiedź: Q3 renewal", "自動応答: Q3 renewal", "自动回复: Q3", "Automatická odpověď: Q3"])
    func outOfOffice(_ subject: String) throws {
        let m = try read("From: Dana <dana@client.example>\nTo: b@vendor.example\nSubject: \(subject)\n\nAway.\n")
        #expect(m.flags.contains(.autoReply))
    }

    @Test func singleFileWithoutFinalNewlineIsNotTruncated() throws {
        let m = try read(
            "From: a@x.example\nTo: b@y.example\nSubject: hi\nMIME-Version: 1.0\n"
                + "Content-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/plain\n\nHello there.\n--b--"
        )
        #expect(m.text == "Hello there.")
        #expect(m.attributes["truncated"] == nil)
    }

    @Test func forwardedMessageWithEnvelopeLineCountsOnlyItsText() throws {
        let attachment = String(repeating: "QUJDRA==\n", count: 2000)
        let m = try read(
            "From: Ann <ann@a.example>\nTo: bob@b.example\nSubject: Fwd: report\nMIME-Version: 1.0\n"
                + "Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: text/plain\n\nSee below.\n"
                + "--o\nContent-Type: message/rfc822\n\nFrom carl@c.example Tue May 10 10:00:00 2011\n"
                + "From: carl@c.example\nSubject: report\nContent-Type: multipart/mixed; boundary=i\n\n"
                + "--i\nContent-Type: text/plain\n\nThe report is attached.\n--i\nContent-Type: application/pdf\n"
                + "Content-Transfer-Encoding: base64\n\n\(attachment)--i--\n--o--\n")
        #expect(m.text == "See below.")
        #expect(m.quotedChars == "The report is attached.".count)
    }
}

/// A real Slack Connect export (slackdump's anonymised fixture): the workspace owner's messages carry
/// another team's id in `team`; the owner must stay internal on every message.
@Suite struct SlackListedTeamTests {
    @Test func usersJSONTeamWinsOverTheMessagesTeam() throws {
        let (messages, _) = try readSlackExport([
            "users.json": """
            [{"id":"U1","team_id":"T1","name":"owner","real_name":"Olive Owner"},
             {"id":"U2","team_id":"T1","name":"sam","real_name":"Sam Staff"},
             {"id":"U3","team_id":"T2","name":"cat","real_name":"Cat Customer"}]
            """,
            "channels.json": #"[{"id":"C1","name":"general","members":["U1","U2","U3"]}]"#,
            "general/2025-01-02.json": """
            [{"type":"message","user":"U1","text":"hello","ts":"1735812000.000100","team":"T9","user_team":"T9"},
             {"type":"message","user":"U1","text":"again","ts":"1735812100.000100"},
             {"type":"message","user":"U3","text":"hi","ts":"1735812200.000100","team":"T2"},
             {"type":"message","user":"U4","text":"who?","ts":"1735812300.000100","team":"T9",
              "user_profile":{"real_name":"Una Unlisted"}}]
            """,
        ])
        #expect(messages.map(\.from.id) == ["U1", "U1", "U3", "U4"])
        #expect(messages.map(\.from.isExternal) == [false, false, true, true])
    }
}
