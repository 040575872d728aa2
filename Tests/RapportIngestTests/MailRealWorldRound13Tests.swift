import Foundation
import RapportCore
import RapportText
import Testing

@testable import RapportIngest

/// Round 13 of the real-world triage (2026-12-07: the leftovers of round 12 — product notifications without
/// list headers, the "us" evidence of messages sharing one Message-ID, `.olm` labels and attachments — and
/// the test messages of MimeKit, Email-MIME, postal-mime and mailsplit): each test is a defect found and
/// fixed, written here from scratch with the same shape.
@Suite struct MailRealWorldRound13Tests: SavedMessageReading {
    static func saved(_ headers: [String], _ body: String) -> String {
        (headers + ["To: Tom <tom@acme.example>", "Date: Mon, 2 Nov 2020 09:21:09 +0000"]).joined(separator: "\n")
            + "\n\n" + body + "\n"
    }

    /// The exclusion reason a saved message is counted under, if any.
    func exclusion(_ text: String) throws -> (reason: String?, flags: MessageFlags) {
        let (m, summary) = try read(text)
        #expect(summary.excludedTotal <= 1)
        return (summary.excluded.keys.first, m.flags)
    }

    /// Slack's weekly summary as enmime's test keeps it: from `feedback@slack.com` (an address Slack's support
    /// staff answer from too), no list headers, no `Auto-Submitted`, "… you can unsubscribe here: URL" at its
    /// end. Before: a person's message. Now: bulk, for its unsubscribe line; Slack's own headers alone
    /// (`X-Slack-*`, on its real mail) make it a notification.
    @Test func productNotificationsWithoutListHeadersAreAutomated() throws {
        let summary = Self.saved(
            ["From: Slack <feedback@slack.com>", "Subject: Slack weekly summary for Acme"],
            "Here's what happened in Acme this week.\n\n42 messages in #general\n\n"
                + "You're getting this email because you're a member of Acme. If you'd rather not get these, "
                + "you can unsubscribe here: https://acme.slack.com/account/notifications")
        #expect(try exclusion(summary).reason == "bulk")
        let slackHeaders = Self.saved(
            [
                "From: Slack <feedback@slack.com>", "Subject: Join your team on Slack",
                "X-Slack-Team-ID: T01EKPMA8FJ", "X-SES-Outgoing: 2020.11.10-69.169.237.184",
            ], "peng has invited you to use Slack with them.")
        let s = try exclusion(slackHeaders)
        #expect(s.reason == "auto-generated" && s.flags.contains(.notification) && s.flags.contains(.system))
        let github = Self.saved(
            ["From: Ann Lee <ann@acme.example>", "Subject: [acme/app] Fix export (#12)", "X-GitHub-Reason: author"],
            "Merged #12 into main.")
        #expect(try exclusion(github).reason == "auto-generated")
        // Alert senders are no-reply senders (and never the mailbox owner).
        let alert = Self.saved(
            ["From: Bank <security-alerts@bank.example>", "Subject: New sign-in"], "A new sign-in to your account.")
        #expect(try exclusion(alert).reason == "no-reply-sender")
        #expect(
            Automated.isNoReply("alerts") && Automated.isNoReply("billing.alerts") && !Automated.isNoReply("alertson"))
        #expect(!Automated.isNoReply("notify-dana"))
    }

    /// What must stay a person's mail: an agent's answer relayed by Amazon SES (`Feedback-ID`, `X-SES-Outgoing`
    /// are on every message a service relays), a request to be taken off a list, and a reply that ends with a
    /// quoted list's unsubscribe link.
    @Test func personalMailThroughServicesStaysAPersons() throws {
        let agent = Self.saved(
            [
                "From: Dana Support <support@vendor.example>", "Subject: Your export",
                "Feedback-ID: 1.us-west-2.yYC5iBNQ02JwTlfWPiYV:AmazonSES", "X-SES-Outgoing: 2020.11.10-69.169.237.184",
                "X-Mailgun-Sid: WyI1NjM2MyIsICJ0b21AYWNtZS5leGFtcGxlIl0=",
            ], "Hi Tom,\n\nI re-ran the export; it finished in 3 minutes.\n\nDana")
        #expect(try exclusion(agent).reason == nil)
        let request = Self.saved(
            ["From: Tom <tom@acme.example>", "Subject: unsubscribe"], "Please unsubscribe me from this list.\n\nTom")
        #expect(try exclusion(request).reason == nil)
        let line = Self.saved(
            ["From: Tom <tom@acme.example>", "Subject: Newsletter"], "Thanks, but no thanks.\n\nUnsubscribe me, please")
        #expect(try exclusion(line).reason == nil)
        let reply = Self.saved(
            ["From: Tom <tom@acme.example>", "Subject: Re: Weekly digest", "In-Reply-To: <d1@list.example>"],
            "Good point about the export.\nunsubscribe: https://list.example/u")
        #expect(try exclusion(reply).reason == nil)
    }

    static func mbox(
        _ from: String, _ subject: String, _ date: String, id: String, to: String = "tom@acme.example"
    )
        -> String
    {
        "From \(from) Sun Jul 16 15:06:25 2023\nFrom: \(from)\nTo: \(to)\nSubject: \(subject)\nDate: \(date)\n"
            + "Message-ID: \(id)\n\nText of \(subject).\n"
    }

    /// The header pass counted only the first of several different messages under one Message-ID as "us"
    /// evidence, while all of them are emitted (round 12 keeps them as `<id>#<hex>`). Now it tells a copy (same
    /// sender and date: not counted again) from a different message (counted), as the parse pass does.
    @Test func evidenceCountsWhatIsEmitted() throws {
        let a = Self.mbox("ann@acme.example", "First", "Fri, 23 May 2014 19:44:50 +0200", id: "<same@x.example>")
        let b = Self.mbox("bob@acme.example", "Second", "Fri, 23 May 2014 19:44:50 +0200", id: "<same@x.example>")
        let c = Self.mbox("ann@acme.example", "Third", "Sat, 24 May 2014 08:00:00 +0200", id: "<same@x.example>")
        // A copy of `a` whose date is written with another zone name: the same instant, so a copy.
        let copy = a.replacingOccurrences(of: "Fri, 23 May 2014 19:44:50 +0200", with: "Fri, 23 May 2014 17:44:50 GMT")
        let dir = try TempTree.write(["box.mbox": a + "\n" + b + "\n" + c + "\n" + copy])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var summary = IngestSummary()
        var evidence = UsEvidence()
        var ids: [String] = []
        try MailReader(format: .mbox).read(
            path: dir + "/box.mbox", options: IngestOptions(), summary: &summary, evidence: &evidence
        ) { ids.append($0.id) }
        #expect(ids.count == 3 && summary.skipped == ["duplicate": 1])
        #expect(evidence.senders == ["ann@acme.example": 2, "bob@acme.example": 1])
        // Before: ["ann@acme.example": 1], the messages of `b` and `c` unseen.
    }

    /// The input line of an Outlook for Mac archive said "(mbox)": its reports now name it `olm` ("Outlook for
    /// Mac" in the text reports).
    @Test func olmInputsAreLabelledOutlookForMac() {
        #expect(Ingestor.formatLabel(path: "/x/Outlook for Mac Archive.olm", format: .mbox) == "olm")
        #expect(Ingestor.formatLabel(path: "/x/Archive.OLM", format: .mbox) == "olm")
        #expect(Ingestor.formatLabel(path: "/x/takeout.zip", format: .mbox) == "mbox")
        #expect(Ingestor.formatLabel(path: "/x/a.eml", format: .eml) == "eml")
    }

    /// A record's `OPFMessageCopyAttachmentList` (the shape public `.olm` converters read: `messageAttachment`
    /// entries with `OPFAttachmentName`, `…ContentType`, `…ContentID`, `…URL`) was dropped. Now the attachments
    /// are attachment parts without content, as a mail's attachments are parts that are not decoded: the text
    /// stays the body's, and the parts say what was attached.
    @Test func olmAttachmentsArePartsThatAreNotRead() throws {
        let xml =
            "<emails><email><OPFMessageCopySubject>Numbers</OPFMessageCopySubject>"
            + "<OPFMessageCopyFromAddresses><emailAddress OPFContactEmailAddressAddress=\"dana@client.example\" "
            + "OPFContactEmailAddressName=\"Dana\"/></OPFMessageCopyFromAddresses>"
            + "<OPFMessageCopySentTime>2026-03-02T09:15:00</OPFMessageCopySentTime>"
            + "<OPFMessageCopyBody>Numbers attached.</OPFMessageCopyBody>"
            + "<OPFMessageCopyAttachmentList>"
            + "<messageAttachment OPFAttachmentContentType=\"text/csv\" OPFAttachmentName=\"numbers.csv\" "
            + "OPFAttachmentURL=\"Accounts/a/com.microsoft.__Attachments/message_00001/numbers.csv\"/>"
            + "<messageAttachment OPFAttachmentContentType=\"image/png\" OPFAttachmentName=\"logo &quot;a&quot;.png\" "
            + "OPFAttachmentContentID=\"img1@example.com\"/>"
            + "<messageAttachment OPFAttachmentContentType=\"message/rfc822\" OPFAttachmentName=\"Fwd.eml\"/>"
            + "</OPFMessageCopyAttachmentList></email></emails>"
        let bytes = try OLMMessage.rfc822(Array(xml.utf8)).get()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("Content-Type: multipart/mixed; boundary=\"=_rapport_olm_attachments\"\n"))
        let parts: [String] = [
            "Numbers attached.\n--=_rapport_olm_attachments\nContent-Type: text/csv; name=\"numbers.csv\"\n",
            "Content-Disposition: attachment; filename=\"numbers.csv\"\n\n\n--=_rapport_olm_attachments\n",
            "Content-Type: image/png; name=\"logo 'a'.png\"\n",
            "Content-Disposition: attachment; filename=\"logo 'a'.png\"\nContent-ID: <img1@example.com>\n\n\n",
            "--=_rapport_olm_attachments\nContent-Type: application/octet-stream; name=\"Fwd.eml\"\n",
            "Content-Disposition: attachment; filename=\"Fwd.eml\"\n\n\n--=_rapport_olm_attachments--\n",
        ]
        let expected = parts.joined()
        #expect(text.hasSuffix(expected))
        let m = try message(text)
        #expect(m.text == "Numbers attached.")
        #expect(m.flags.isEmpty && m.quotedChars == 0)
    }

    /// A reply above a rule of dashes. Before: the rule stayed in the own words above "On … wrote:" or a `>`
    /// quote, and a bare rule over `From: bob@x` / `Date: …` (no `Sent:`/`To:`) kept the whole earlier
    /// message as own words. Now the rule belongs to the reply header it sets off. A rule over text with no
    /// reply header (email_reply_parser's "reply directly above hyphen line") is left alone: below a bare rule
    /// the earlier message cannot be told from the author's own section (a setext heading, notes).
    @Test(
        "reply above a rule of dashes",
        arguments: [
            (
                "Sounds good.\n\n------------------------------\nOn Mon, Nov 2, 2020 at 9:00 AM, Bob <bob@y.example> "
                    + "wrote:\n\n> Shall we meet Tuesday?", "Sounds good."
            ),
            ("Sounds good.\n\n----------\n> Shall we meet Tuesday?\n> Bob", "Sounds good."),
            (
                "Sounds good.\n\n--------------------------------------------\nOn Monday, November 2, 2020 9:00 AM, "
                    + "Bob <bob@y.example> wrote:\n\n\nShall we meet Tuesday?", "Sounds good."
            ),
            (
                "Sounds good.\n\n------------------------------------------------------------\nFrom: bob@y.example\n"
                    + "Date: 2020-11-02 09:00\n\nShall we meet Tuesday?", "Sounds good."
            ),
            (
                "Sounds good.\n\n----------------------------------------\nFrom: Bob <bob@y.example>\n"
                    + "Sent: Monday, November 2, 2020 9:00 AM\nTo: Ann <ann@x.example>\nSubject: plan\n\nTuesday?",
                "Sounds good."
            ),
            (
                "Reply directly above hyphen line\n----------------------------------------------\n"
                    + "A bunch of stuff below hyphen.",
                "Reply directly above hyphen line\n----------------------------------------------\n"
                    + "A bunch of stuff below hyphen."
            ),
            (
                "Agenda\n------\n1. Budget\n2. Hiring\n\nSee you Tuesday.",
                "Agenda\n------\n1. Budget\n2. Hiring\n\nSee you Tuesday."
            ),
        ])
    func replyAboveARuleOfDashes(_ body: String, _ own: String) throws {
        let m = try message(Self.saved(["From: Ann <ann@x.example>", "Subject: Re: plan"], body))
        #expect(m.text == own)
        #expect((m.quotedChars > 0) == (own == "Sounds good."))
    }

    /// Email-MIME's "joejob" test message: a bulk mailer wrote `charset="BIG-5"` on a line of its own under a
    /// part's `Content-Transfer-Encoding:`. Before: that line started the part's body, so the (empty) text part
    /// read `charset="BIG-5"` as the message's own words. Now a line that is one MIME parameter is a parameter
    /// of the block's `Content-Type`; the empty text part gives way to the HTML one.
    @Test func parameterOnALineOfItsOwnIsAParameter() throws {
        let text = Self.saved(
            [
                "From: Simon <simon@shop.example>", "Subject: Offer", "MIME-Version: 1.0",
                "Content-Type: multipart/alternative;\n boundary=\"=_NextPart_2rf\";\n\tcharset=\"BIG-5\"",
            ],
            "This is a multi-part message in MIME format\n\n--=_NextPart_2rf\nContent-Type: text/plain\n"
                + "Content-Transfer-Encoding: quoted-printable\ncharset=\"BIG-5\"\n\n\n--=_NextPart_2rf\n"
                + "Content-Type: text/html\nContent-Transfer-Encoding: quoted-printable\ncharset=\"BIG-5\"\n\n"
                + "<HTML><BODY><P>Order now =A4U=A4=C8 at our shop</P></BODY></HTML>\n\n--=_NextPart_2rf--")
        let m = try message(text)
        #expect(m.text == "Order now 下午 at our shop")
        // The same line as the first line of a body after the blank line is text.
        let body = try message(Self.saved(["From: Ann <ann@x.example>", "Subject: x"], "a=b\nis the rule"))
        #expect(body.text == "a=b\nis the rule")
        let data = Array("Content-Type: text/plain\nContent-Transfer-Encoding: 8bit\ncharset=utf-8;\n\nx".utf8)
        let parsed = data.withUnsafeBufferPointer { MailHeaders.parse($0, limit: 1 << 20) }
        let h = try #require(parsed?.0)
        #expect(h.text("content-type") == "text/plain; charset=utf-8;")
        #expect(h.fields.count == 2 && parsed?.body == data.count - 1)
        for line in ["charset = utf-8", "see: a=b", "a=b c", "x=\"unclosed", "=value", "name="] {
            let bytes = Array(line.utf8)
            #expect(!bytes.withUnsafeBufferPointer { MailHeaders.isParameterLine($0, 0, $0.count) }, "\(line)")
        }
    }

    /// MimeKit's Japanese test message once re-encoded as UTF-8 (a converter, a webmail) but still labelled
    /// `ISO-2022-JP`, a 7-bit charset. Before: decoded as ISO-2022-JP, every 8-bit byte a U+FFFD. Now 8-bit
    /// bytes under a 7-bit label that are valid UTF-8 are read as UTF-8; real ISO-2022-JP (7-bit) is unchanged.
    @Test func utf8UnderASevenBitLabelIsUTF8() throws {
        let m = try message(
            Self.saved(
                ["From: Atsushi <a@x.example>", "Subject: test", "Content-Type: text/plain; charset=ISO-2022-JP"],
                "Let's see if both subject and body works fine...\n\n日本語が\n正常に"))
        #expect(m.text == "Let's see if both subject and body works fine...\n\n日本語が\n正常に")
        let jis: [UInt8] = [0x1B, 0x24, 0x42, 0x46, 0x7C, 0x4B, 0x5C, 0x38, 0x6C, 0x1B, 0x28, 0x42]
        #expect(Charset.decode(jis, charset: "ISO-2022-JP") == "日本語")
    }

    /// mu's test maildir names its files `…cthulhu!2,` — `!` for the colon that some file systems forbid
    /// (offlineimap, mu; isync writes `;` on Windows). Before: a draft flagged `…!2,DS` was read as sent mail.
    /// Now the info flags are read after `:2,`, `!2,` or `;2,`.
    @Test func maildirFlagsAfterAnExclamationMark() throws {
        func mail(_ subject: String) -> String {
            "From: Frodo <frodo@example.com>\nTo: Bilbo <bilbo@other.example>\nSubject: \(subject)\n"
                + "Date: Mon, 11 Sep 2023 19:57:25 -0400\nMessage-Id: <\(subject)@example.com>\n\ntext\n"
        }
        let dir = try TempTree.write([
            "md/cur/1.cthulhu!2,DS": mail("bang-draft"), "md/cur/2.cthulhu!2,S": mail("bang-seen"),
            "md/cur/3.cthulhu;2,D": mail("semicolon-draft"), "md/cur/4.cthulhu:2,DS": mail("colon-draft"),
            "md/cur/5.cthulhu!2,Draft.eml": mail("not-flags"), "md/new/6.cthulhu": mail("new"),
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var summary = IngestSummary()
        var evidence = UsEvidence()
        var subjects: [String] = []
        try MailReader(format: .maildir).read(
            path: dir + "/md", options: IngestOptions(), summary: &summary, evidence: &evidence
        ) { subjects.append($0.subject) }
        #expect(subjects == ["bang-seen", "not-flags", "new"])
        #expect(summary.skipped == ["draft": 3])
        #expect(MailParser.maildirFlags("1.x!2,DS") == Array("DS".utf8)[...])
        #expect(MailParser.maildirFlags("1.x:2,") == [])
        #expect(MailParser.maildirFlags("1.x") == nil && MailParser.maildirFlags("1.x!2,Draft.eml") == nil)
    }

    /// postal-mime's "mixed" test message: a content scanner (MailMarshal) put its stamp "This e-mail message
    /// has been scanned for Viruses and Content and cleared" as the first part, the invitation's note after
    /// it. Before: the stamp was the author's first paragraph. Now a scanner's stamp that is a paragraph of its
    /// own is chrome, as gateways' external-sender warnings are, wherever it stands.
    @Test func scannerStampParagraphIsChrome() throws {
        let text = Self.saved(
            [
                "From: Ann <ann@x.example>", "Subject: Meeting", "MIME-Version: 1.0",
                "Content-Type: multipart/mixed;\n\tboundary=\"--=b73b\"",
            ],
            "\n----=b73b\nContent-Type: multipart/alternative;\n\tboundary=\"--=4d3d\"\n\n----=4d3d\n"
                + "Content-Type: text/plain\nContent-Transfer-Encoding: 7bit\n\n\nThis e-mail message has been "
                + "scanned for Viruses and Content and cleared\n\n----=4d3d\nContent-Type: text/calendar; "
                + "charset=\"utf-8\"; method=REQUEST\nContent-Transfer-Encoding: base64\n\n"
                + "QkVHSU46VkNBTEVOREFSCk1FVEhPRDpSRVFVRVNUClZFUlNJT046Mi4wCkVORDpWQ0FMRU5EQVI=\n\n----=4d3d--\n\n"
                + "----=b73b\nContent-Type: text/plain; charset=\"UTF-8\"\n\nGood Morning;\n\n\n----=b73b--")
        let (m, summary) = try read(text)
        #expect(m.text == "Good Morning;")
        #expect(summary.excluded == ["calendar": 1])
        let own = TextCleaner.clean(
            "Thanks, see below.\n\nThis message has been scanned for viruses and dangerous content by MailScanner.")
        #expect(own.text == "Thanks, see below.")
    }

    /// The Enron corpus (and other exports converted from Lotus Notes / Exchange) gives `From:` as a bare
    /// address and the name in `X-From:`: the name is the sender's display name (before: empty, so reports
    /// showed "phillip.allen@enron.com"). A `From:` name wins; an `X-From:` holding an address is no name.
    @Test func xFromNameForBareFromAddresses() throws {
        func mail(_ from: String, _ xFrom: String) -> String {
            [
                "Message-ID: <18782981.1075855378110.JavaMail.evans@thyme>",
                "Date: Mon, 14 May 2001 16:39:00 -0700 (PDT)", "From: \(from)", "To: tim.belden@enron.com",
                "Subject: ", "X-From: \(xFrom)", "X-To: Tim Belden <Tim Belden/Enron@EnronXGate>",
                "X-FileName: pallen (Non-Privileged).pst", "", "Here is our forecast", "",
            ].joined(separator: "\n")
        }
        let enron = try message(mail("phillip.allen@enron.com", "Phillip K Allen"))
        #expect(enron.from.displayName == "Phillip K Allen")
        #expect(enron.from.email == "phillip.allen@enron.com")
        #expect(
            try message(mail("tim.belden@enron.com", "\"Belden, Tim\" <Tim Belden/Enron@EnronXGate>")).from.displayName
                == "Belden, Tim")
        #expect(
            try message(mail("Phil Allen <phillip.allen@enron.com>", "Phillip K Allen")).from.displayName
                == "Phil Allen")
        #expect(try message(mail("phillip.allen@enron.com", "phillip.allen@enron.com")).from.displayName == "")
    }
}
