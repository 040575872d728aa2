import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Round 6 of the real-world triage (2026-12-06: list archives with uuencoded and yEnc attachments,
/// helpdesk mail from Zendesk and others, Jira/GitHub/GitLab notifications, Mailman and Google Groups
/// footers): each test is a defect found there and fixed, written here from scratch with the same shape.
@Suite struct MailRealWorldRound6Tests: SavedMessageReading {
    let head =
        "From: Ann <ann@client.example>\nTo: Bob <bob@vendor.example>\nSubject: Re: plan\n"
        + "Date: Mon, 03 Mar 2025 10:15:00 +0100\nMessage-ID: <r1@client.example>\n"
        + "Content-Type: text/plain; charset=utf-8\n\n"

    // MARK: Encoded attachments

    /// A uuencoded file inside text/plain (old list archives, Usenet gateways) was read as words: 45 bytes
    /// a line, `M` and 60 characters.
    @Test func uuencodedBlockIsNotWords() throws {
        let m = try message(
            head + "Here is the patch.\n\nbegin 644 fix.diff\n"
                + "M9&EF9B`M+6=I=\"!A+W-R8R]M86EN+F,@8B]S<F,O;6%I;BYC\"FEN9&5X(#%A\n"
                + "M8C)C,V0N+C1E-68V9S<@,3`P-C0T\"BTM+2!A+W-R8R]M86EN+F,**RLK(&(O\n"
                + "+<W)C+VUA:6XN8PH`\n`\nend\n\nLet me know if it applies.\n")
        #expect(m.text == "Here is the patch.\n\nLet me know if it applies.")
        #expect(m.quotedChars == 0)
        // Without its `end`, to the end of the text; with the blank of the zero-length line lost in transport.
        let open = try message(
            head + "Patch:\nbegin 0644 a.bin\nM86)C9&5F9VAI:FML;6YO<'%R<W1U=G=X>7I!0D-$149'2$E*2TQ-3D]045)3\n")
        #expect(open.text == "Patch:")
        let lost = try message(head + "Patch:\nbegin 644 a.bin\n&86)C9&5F\n\nend\nThanks.\n")
        #expect(lost.text == "Patch:\nThanks.")
    }

    /// A line starting with "begin " in prose is not a uuencoded block: no octal mode, or no encoded line
    /// after it.
    @Test(
        "begin in prose",
        arguments: [
            "begin 2025 with a review\nof the contract.", "begin the migration on Monday\nplease.",
            "begin 644 lines of logs follow\nbut they were lost.",
        ])
    func beginInProse(_ body: String) throws {
        let m = try message(head + body + "\n")
        #expect(m.text == body)
    }

    /// yEnc (`=ybegin` … `=yend`), as Usenet gateways post binaries into list archives.
    @Test func yEncBlockIsNotWords() throws {
        let m = try message(
            head + "Screenshot attached.\n\n=ybegin line=128 size=2048 name=screen.png\n"
                + "\u{00E9}\u{00EF}\u{00F4}\u{00E9}\u{00EA}\u{00EA}*\u{00E9}\u{00EF}\u{00F4}\n=ypart begin=1 end=2048\n"
                + "kjhsdf8734hjk=J=M\n=yend size=2048 part=1 pcrc32=ab12cd34\n\nThe error is on the left.\n")
        #expect(m.text == "Screenshot attached.\n\nThe error is on the left.")
        let words = try message(head + "=ybegin is how yEnc starts a part name=x\nno end here.\n")
        #expect(words.text == "=ybegin is how yEnc starts a part name=x\nno end here.")
    }

    // MARK: Helpdesk mail

    let zendeskHeaders =
        "Date: Mon, 03 Mar 2025 10:15:00 +0000\nFrom: Acme Support <support@acme.example>\n"
        + "Reply-To: Acme Support <support@acme.example>\nTo: Ann <ann@client.example>\n"
        + "Message-ID: <AB12CD34EF_67c5_sprut@zendesk.com>\nIn-Reply-To: <q1@client.example>\n"
        + "References: <AB12CD34EF@zendesk.com> <q1@client.example>\nAuto-Submitted: auto-generated\n"
        + "X-Auto-Response-Suppress: All\nX-Mailer: Zendesk Mailer\nX-Zendesk-From-Account-Id: 1a2b3c4\n"
        + "Content-Type: text/plain; charset=utf-8\n"

    /// Zendesk puts `Auto-Submitted: auto-generated` on every mail it sends, its agents' answers too (a
    /// real Travis CI support thread): they were excluded as `auto-generated` notifications. Only the
    /// wording tells an acknowledgement ("Your email was received") from an agent's answer.
    @Test func zendeskAgentReplyIsNotAutomated() throws {
        let (m, summary) = try read(
            zendeskHeaders + "Subject: Request for credits\n\n##- Please type your reply above this line -##\n\n"
                + "You are registered as a CC on this request (23735). Reply to this email to add a comment.\n\n"
                + "----------------------------------------------\n\nMia, Mar 3, 2025, 10:15 UTC\n\n"
                + "Hello Ann,\n\nI have added the credits to your account.\n\n--\nMia\n\n"
                + "----------------------------------------------\n\nAnn, Mar 1, 2025, 09:00 UTC\n\nCan we get credits?\n\n"
                + "--------------------------------\nThis email is a service from Acme.\n\n\n[AB12CD-34EF]")
        #expect(m.flags.isDisjoint(with: [.autoReply, .notification, .system, .bulk]))
        #expect(summary.excluded == [:])
        #expect(m.text == "Hello Ann,\n\nI have added the credits to your account.")
        let (ack, ackSummary) = try read(
            zendeskHeaders + "Subject: Your email was received: credits\n\n"
                + "##- Please type your reply above this line -##\n\nHello Ann,\n\nThank you for contacting us! "
                + "Our office is currently closed. We will get to your question as soon as possible.\n\nThank you,\n"
                + "Acme Customer Care\n\n--------------------------------\nThis email is a service from Acme.\n\n"
                + "[AB12CD-34EF]\n")
        #expect(ack.flags.contains(.autoReply))
        #expect(ackSummary.excluded == ["auto-reply": 1])
        #expect(
            ack.text
                == "Hello Ann,\n\nThank you for contacting us! Our office is currently closed. We will get to your "
                + "question as soon as possible.\n\nThank you,")
    }

    /// Helpdesk acknowledgements without `Auto-Submitted` (Freshdesk, osTicket, Help Scout, ServiceNow,
    /// Salesforce, a shared support address) were read as a person's answer: a helpdesk header or a robot
    /// sender, together with acknowledgement wording, marks them `auto-reply`. A person's answer from the same
    /// address, or acknowledgement wording from a person, is not.
    @Test(
        "helpdesk acknowledgements",
        arguments: [
            (
                "X-Mailer: osTicket Mailer\n", "support", "Re: login",
                "We received your request (#1234). An agent will be in touch.", true
            ),
            ("", "helpdesk", "Ticket #4711 created", "Thanks, an agent will answer within one business day.", true),
            (
                "X-ServiceNow-Generated: true\n", "acme", "INC0012345 opened",
                "This is an automated message. Your incident INC0012345 was opened.", true
            ),
            ("", "support", "[Request received] login", "Hello, an agent will be in touch.", true),
            ("", "noreply", "login", "Please do not reply to this email. Your ticket has been created.", true),
            (
                "", "support", "Re: login", "We received your request and I checked the logs: the token had expired.",
                false
            ),
            ("", "support", "Re: [Request received] login", "I reset your password; please try again.", false),
            ("", "ann", "Re: login", "This is an automated message from our build, please ignore it.", false),
            ("X-Mailer: osTicket Mailer\n", "support", "Re: login", "I reset your password; please try again.", false),
        ])
    func helpdeskAcknowledgements(
        _ header: String, _ local: String, _ subject: String, _ body: String, _ ack: Bool
    )
        throws
    {
        let (m, summary) = try read(
            "From: Acme <\(local)@acme.example>\nTo: Ann <ann@client.example>\nSubject: \(subject)\n"
                + "Date: Mon, 03 Mar 2025 10:15:00 +0000\nMessage-ID: <a1@acme.example>\n" + header
                + "Content-Type: text/plain; charset=utf-8\n\n" + body + "\n")
        #expect(m.flags.contains(.autoReply) == ack)
        if local != "noreply" { #expect(summary.excluded == (ack ? ["auto-reply": 1] : [:])) }
    }

    // MARK: Notification and list footers

    /// Footers of Jira, Confluence, GitHub, GitLab, Zendesk and Google Groups were left in the own words
    /// (or taken as the author's signature): they are chrome, with the rule above them.
    @Test(
        "notification footers",
        arguments: [
            "--\nThis message was sent by Atlassian Jira\n(v8.20.10#820010-sha1:ace47f9)",
            "This message is automatically generated by JIRA.\nIf you think it was sent incorrectly, please "
                + "contact your JIRA administrators",
            "\u{2014}\nReply to this email directly, view it on GitHub <https://github.com/acme/app/pull/7#x>, "
                + "or unsubscribe <https://github.com/notifications/unsubscribe-auth/AB>.\nYou are receiving this "
                + "because you were mentioned.Message ID: <acme/app/pull/7/c123@github.com>",
            "\u{2014}\nYou are receiving this because you commented.\nReply to this email directly, view it on "
                + "GitHub\n<https://github.com/acme/app/issues/7#x>, or mute the thread",
            "\u{2014}\nReply to this email directly or view it on GitLab.\nYou're receiving this email because of "
                + "your account on gitlab.example. Unsubscribe from this thread",
            "-- \nYou received this message because you are subscribed to the Google Groups \"Acme Users\" group.\n"
                + "To unsubscribe from this group and stop receiving emails from it, send an email to "
                + "acme-users+unsubscribe@googlegroups.com.",
            "--------------------------------\nThis email is a service from Acme.",
            "--~--~---------~--~----~------------~-------~--~----~\nYou received this message because you are "
                + "subscribed to the Google Groups \"Acme\" group.\n-~----------~----~----~----~------~----~------~--~---",
            "------------------------------------\n\nYahoo! Groups Links\n\n<*> To visit your group on the web, go to:\n"
                + "    http://groups.yahoo.com/group/acme/",
            "-- \nYou are receiving this mail because:\n* You are on the CC list for the bug.",
            "--\nTo view, visit https://review.acme.example/c/app/+/123\nTo unsubscribe, or for help writing mail "
                + "filters, visit https://review.acme.example/settings",
            "---\n[Visit Topic](https://forum.acme.example/t/release/22178/1) or reply to this email to respond.\n\n"
                + "To unsubscribe from these emails, [click here](https://forum.acme.example/email/unsubscribe/2a89).",
        ])
    func notificationFooters(_ footer: String) throws {
        let m = try message(head + "The fix is merged, please retest.\n\n" + footer + "\n")
        #expect(m.text == "The fix is merged, please retest.")
        #expect(m.attributes["signature"] == nil)
        #expect(m.quotedChars == 0)
    }

    /// A Google Groups footer under the author's own `-- ` signature: the signature stays the author's.
    @Test func googleGroupsFooterUnderSignature() throws {
        let m = try message(
            head + "Works for me.\n\n-- \nAnn Lee\nHead of IT, Client Ltd\n\n-- \nYou received this message because "
                + "you are subscribed to the Google Groups \"Acme Users\" group.\n")
        #expect(m.text == "Works for me.")
        #expect(m.attributes["signature"] == "Ann Lee\nHead of IT, Client Ltd")
    }

    /// Mailman's footer (a rule of underscores, `<List> mailing list`, the address, the `listinfo` URL; or
    /// Mailman 3's "To unsubscribe send an email to …-leave@…") was read as the author's last words.
    @Test(
        "mailman footers",
        arguments: [
            "_______________________________________________\nAcme-users mailing list\nAcme-users@lists.acme.example\n"
                + "https://lists.acme.example/mailman/listinfo/acme-users",
            "_______________________________________________\nacme-users mailing list -- acme-users@lists.acme.example\n"
                + "To unsubscribe send an email to acme-users-leave@lists.acme.example",
        ])
    func mailmanFooters(_ footer: String) throws {
        let m = try message(head + "Upgrading to 2.4 fixed it for us.\n\n" + footer + "\n")
        #expect(m.text == "Upgrading to 2.4 fixed it for us.")
        let rule = try message(head + "Totals\n______________________________\n42 items\n")
        #expect(rule.text == "Totals\n______________________________\n42 items")
    }
}

extension MailRealWorldRound6Tests {
    /// Horde/IMP webmail's attribution (`Quoting …:`, `Zitat von …:` — a real kernel list thread carried
    /// `Zitat von Coly Li <colyli@… <mailto:colyli@…>>:`) was left as the author's last line.
    @Test(
        "horde attributions",
        arguments: [
            "Quoting Bob Stone <bob@vendor.example>:",
            "Zitat von Bob Stone <bob@vendor.example <mailto:bob@vendor.example>>:",
            "Citando Bob Stone <bob@vendor.example>:", "Quoting Bob Stone:",
        ])
    func hordeAttributions(_ line: String) throws {
        let m = try message(head + "Yes, that was the cause.\n\n" + line + "\n\n> Did you check the cache?\n")
        #expect(m.text == "Yes, that was the cause.")
        let prose = try message(head + "Quoting the manual:\nrestart the service first.\n")
        #expect(prose.text == "Quoting the manual:\nrestart the service first.")
    }
}

extension MailRealWorldRound6Tests {
    /// Mutt's popular custom attribution, `* Name <addr> [2019-08-02 07:56:41]:` (kernel and OpenWrt list
    /// archives, with or without the `* `), stayed as the author's first line above interleaved answers.
    @Test(
        "mutt bracketed-date attributions",
        arguments: [
            "* Bob Stone <bob@vendor.example> [2019-12-10 10:26:01]:",
            "Bob Stone <bob@vendor.example> [2019-08-01 00:32]:",
        ])
    func muttBracketedDateAttributions(_ line: String) throws {
        let m = try message(
            head + line + "\n\n> Did you check the cache?\n\nYes, it was stale.\n\n> And the logs?\n\nClean.\n")
        #expect(m.text == "Yes, it was stale.\n\nClean.")
        let words = try message(head + "Write to Bob <bob@vendor.example> [urgent]:\nhe knows.\n")
        #expect(words.text == "Write to Bob <bob@vendor.example> [urgent]:\nhe knows.")
    }
}

extension MailRealWorldRound6Tests {
    /// Gnus (Emacs) attributes with `Name <addr> writes:` — common on lists and Usenet gateways — and some
    /// clients with `… said:`: the line stayed as the author's words above the quote.
    @Test(
        "writes and said attributions",
        arguments: [
            "Bob Stone <bob@vendor.example> writes:", ">>>>> \"Bob\" == Bob Stone <bob@vendor.example> writes:",
            "Bob Stone said:",
        ])
    func writesAndSaidAttributions(_ line: String) throws {
        let m = try message(head + line + "\n\n> Did you check the cache?\n\nYes, it was stale.\n")
        #expect(m.text == "Yes, it was stale.")
        let words = try message(head + "The vendor writes:\nnothing about caches.\n")
        #expect(words.text == "The vendor writes:\nnothing about caches.")
    }
}

extension MailRealWorldRound6Tests {
    /// A real OpenWrt list reply closes with `-- ynezz` (delimiter and name on one line) above the Mailman
    /// footer, under a Mutt bracketed-date attribution: all three were left in the own words.
    @Test func listReplyWithInlineSignatureAndFooter() throws {
        let m = try message(
            "From: Piet Stone <piet@true.example>\nTo: Jo Moor <jo@grosjo.example>\nCc: acme-devel@lists.acme.example\n"
                + "Subject: Re: [Acme-Devel] build fails\nDate: Fri, 2 Aug 2019 12:36:54 +0200\n"
                + "Message-ID: <20190802103653.GP7@meh.true.example>\n"
                + "In-Reply-To: <mailman.1.2.acme-devel@lists.acme.example>\nList-Id: <acme-devel.lists.acme.example>\n"
                + "List-Post: <mailto:acme-devel@lists.acme.example>\nPrecedence: list\n"
                + "Content-Type: text/plain; charset=\"us-ascii\"\n\n"
                + "Jo Moor via acme-devel <acme-devel@lists.acme.example> [2019-08-02 07:56:41]:\n\n> Hello,\n> \n"
                + "> I get an error while compiling.\n> \n> Can you help ?\n\n"
                + "the problem is probably in this compile check[1], so please send the log.\n\n"
                + "1. https://git.acme.example/mt/Makefile#L7\n\n-- ynezz\n\n"
                + "_______________________________________________\nacme-devel mailing list\n"
                + "acme-devel@lists.acme.example\nhttps://lists.acme.example/mailman/listinfo/acme-devel\n")
        #expect(
            m.text
                == "the problem is probably in this compile check[1], so please send the log.\n\n"
                + "1. https://git.acme.example/mt/Makefile#L7")
        #expect(m.flags.isEmpty)
        let words = try message(head + "Totals below.\n\n-- 3 items\n-- 4 items\n")
        #expect(words.text == "Totals below.\n\n-- 3 items\n-- 4 items")
    }

    /// `--` and a no-break space (`--&nbsp;<br>` of Apple Mail and webmails, kept in the text part) starts
    /// the signature.
    @Test func signatureDelimiterWithNoBreakSpace() throws {
        let m = try message(head + "See you Monday.\n\n--\u{00A0}\nLuci Stone\nAcme Ltd\n")
        #expect(m.text == "See you Monday.")
        #expect(m.attributes["signature"] == "Luci Stone\nAcme Ltd")
    }
}

extension MailRealWorldRound6Tests {
    /// Jira Service Management's customer notification (a real one, on a security list) ends with "View
    /// request: <url with a long token>", "Turn off this request's notifications: …", "This is shared with …"
    /// and "Powered by Jira Service Management": all of it was left in the agent's words.
    @Test func jiraServiceManagementFooter() throws {
        let token = String(repeating: "eyJ0eXAiOiJKV1Qi", count: 30)
        let m = try message(
            "From: Tom Guitt <jira@acme.atlassian.example>\nTo: Ann <ann@client.example>\n"
                + "Subject: SEC-20460 vulnerabilities in app\nDate: Tue, 11 Aug 2026 08:06:22 +0000\n"
                + "Message-ID: <0101019f@ses.example>\nContent-Type: text/plain; charset=utf-8\n\n"
                + "—-—-—-—\n\nReply above this line.\n\n\n\nTom Guitt commented:\n\nHello Ann,\n\n"
                + "We have assigned CVE identifiers to all reported issues.\n\nRegards,\nAcme Product Security\n\n\n\n"
                + "View request: https://acme.atlassian.example/servicedesk/customer/portal/68/SEC-20460?token=\(token)\n\n"
                + "Turn off this request's notifications: https://acme.atlassian.example/unsubscribe?jwt=\(token)\n\n"
                + "This is shared with Ann Lee, and 5 other people\n\n------------------------------\n"
                + "Powered by Jira Service Management\nhttps://www.atlassian.example/software/jira/service-desk/powered-by\n"
        )
        #expect(
            m.text
                == "Tom Guitt commented:\n\nHello Ann,\n\nWe have assigned CVE identifiers to all reported issues.\n\n"
                + "Regards,")
        #expect(m.attributes["signature"] == "Acme Product Security")
    }
}

extension MailRealWorldRound6Tests {
    /// A list digest (Mailman's `Acme Digest, Vol 73, Issue 27` from `acme-request@`, Google Groups'
    /// `Digest for …`) holds many members' posts in one message: it was used as a post by the list's request
    /// address (list headers with `List-Post` read as a person's post). It is bulk; a member's reply to a
    /// digest is not.
    @Test(
        "list digests",
        arguments: [
            ("acme-request@lists.acme.example", "Acme Digest, Vol 73, Issue 27", true),
            ("acme@googlegroups.example", "Digest for acme@googlegroups.example - 3 updates in 2 topics", true),
            ("acme-request@lists.acme.example", "Acme digest", true),
            ("vinay@client.example", "Re: [Acme] Acme Digest, Vol 73, Issue 27", false),
        ])
    func listDigests(_ from: String, _ subject: String, _ digest: Bool) throws {
        let (m, summary) = try read(
            "From: \(from)\nTo: acme@lists.acme.example\nSubject: \(subject)\nDate: Wed, 11 Mar 2020 12:00:02 +0000\n"
                + "Message-ID: <mailman.5.1583928002.8150.acme@lists.acme.example>\nPrecedence: list\n"
                + "List-Id: <acme.lists.acme.example>\nList-Post: <mailto:acme@lists.acme.example>\n"
                + "Content-Type: text/plain; charset=us-ascii\n\nSend Acme mailing list submissions to\n"
                + "\tacme@lists.acme.example\n\nToday's Topics:\n\n   1. panel driver (Hari P)\n")
        #expect(m.flags.contains(.bulk) == digest)
        #expect(summary.excluded == (digest ? ["bulk": 1] : [:]))
    }
}

extension MailRealWorldRound6Tests {
    /// A part sent with `Content-Transfer-Encoding: x-uuencode` (Eudora and old Mac mailers; a helpdesk's
    /// test corpus holds one from a 2002 list) is a file: its encoded lines were read as words when its type
    /// said text/plain.
    @Test func xUuencodePartIsAFile() throws {
        let m = try message(
            "From: Lon Peters <lon@research.example>\nTo: rrg@list.example\nSubject: Comments\n"
                + "Date: Thu, 10 Jan 2002 13:59:53 -0800\nMessage-ID: <p05100307b8@[127.0.0.1]>\nMime-Version: 1.0\n"
                + "Content-Type: multipart/mixed; boundary=\"==_B_==\"\n\n--==_B_==\n"
                + "Content-Type: text/plain; charset=\"us-ascii\" ; format=\"flowed\"\n\n"
                + "Attached are the comments of the pool.\n\n--==_B_==\nContent-Type: text/plain\n"
                + "Content-Transfer-Encoding: x-uuencode\n\n,2&5L;&\\@6F%M;6%D\n`\n--==_B_==--\n")
        #expect(m.text == "Attached are the comments of the pool.")
        let only = try message(
            head.replacingOccurrences(
                of: "Content-Type: text/plain; charset=utf-8\n\n",
                with: "Content-Type: text/plain\nContent-Transfer-Encoding: X-UUENCODE\n\n") + ",2&5L;&\\@6F%M;6%D\n`\n"
        )
        #expect(only.text == "")
    }
}

extension MailRealWorldRound6Tests {
    /// With `Auto-Submitted` no longer enough from Zendesk, its own trigger mail — a solved notice, a
    /// satisfaction survey — is told from an agent's answer by its wording.
    @Test(
        "zendesk status notices",
        arguments: [
            ("Request #4711 has been solved", "Your request has been solved. Reply to reopen it.", true),
            ("How would you rate the support you received?", "Hello Ann, how would you rate our support?", true),
            ("Re: login", "Hello Ann, your request has been solved: I reset the token.", false),
        ])
    func zendeskStatusNotices(_ subject: String, _ body: String, _ notice: Bool) throws {
        let (m, summary) = try read(zendeskHeaders + "Subject: \(subject)\n\n" + body + "\n")
        #expect(m.flags.contains(.notification) == notice)
        #expect(summary.excluded == (notice ? ["auto-generated": 1] : [:]))
    }
}

extension MailRealWorldRound6Tests {
    /// A line holding only a zero-width space (U+200B, left by Zendesk's editor in a real agent answer) or a
    /// no-break space is blank: it was kept as a line of the author's words.
    @Test func zeroWidthSpaceLineIsBlank() throws {
        let m = try message(
            head + "Hello Nick\u{200B} ,\n\nCredits were added.\n\u{200B}\n\u{00A0}\n\u{200B} \u{00A0}\nThanks,\nMia\n")
        #expect(m.text == "Hello Nick\u{200B} ,\n\nCredits were added.\n\nThanks,")
        #expect(m.attributes["signature"] == "Mia")
    }
}

extension MailRealWorldRound6Tests {
    /// Mail gateways put an external-sender warning at the top of mail from outside (real list posts from
    /// Amazon, NVIDIA, Microchip, a Spanish research centre): it was read as the author's words, with a
    /// "caution … do not click" tone.
    @Test(
        "external sender banners",
        arguments: [
            "CAUTION: This email originated from outside of the organization. Do not click links or open\n"
                + "attachments unless you recognize the sender and know the content is safe.",
            "\u{00A0}CAUTION: This email originated from outside of the organization. Please make sure the sender is who they say they are.",
            "EXTERNAL EMAIL: Do not click links or open attachments unless you know the content is safe",
            "External email: Use caution opening links or attachments",
            "You don't often get email from ann@client.example. Learn why this is important",
        ])
    func externalSenderBanners(_ banner: String) throws {
        let m = try message(head + banner + "\n\n\nHi Bob,\n\nThe patch works on our boards.\n")
        #expect(m.text == "Hi Bob,\n\nThe patch works on our boards.")
        let words = try message(
            head + "We agreed on the rollout.\nCaution: this email originated from outside counts as spam here,\nso "
                + "write from your work address.\n")
        #expect(words.text.hasPrefix("We agreed on the rollout.\nCaution"))
    }
}

extension MailRealWorldRound6Tests {
    /// Gateways also tag the subject (`EXTERNAL: Re: plan`, `*EXTERNAL* RE: plan`): the tag hid the reply
    /// prefix from subject threading and was part of the base subject.
    @Test(
        "external subject tags",
        arguments: [
            ("EXTERNAL: Re: Renewal plan", "renewal plan", true), ("*EXTERNAL* RE: Renewal plan", "renewal plan", true),
            ("[EXTERNAL] Re: Renewal plan", "renewal plan", true), ("(External) Renewal plan", "renewal plan", false),
            ("Externalities: a plan", "externalities: a plan", false),
        ])
    func externalSubjectTags(_ subject: String, _ base: String, _ prefixed: Bool) {
        let (b, p) = ThreadLinks.normalizeSubject(subject)
        #expect(b == base)
        #expect(p == prefixed)
    }
}

extension MailRealWorldRound6Tests {
    /// Outlook's text part writes `[cid:image001.png@…]` where a signature logo was (a real list post from a
    /// carmaker's subsidiary), Gmail `[image: …]`, Outlook its generated alt text: they were kept as words, or
    /// as lines of the signature.
    @Test(
        "inline image placeholders",
        arguments: [
            "[cid:image001.png@01DBD6DE.EFB19CC0]",
            "[cid:image001.png@01DC5EBE.09143A30][cid:image002.jpg@01DC230A.302CF4D0]",
            "[image: Acme logo]", "[A close up of a sign Description automatically generated]",
        ])
    func inlineImagePlaceholders(_ marker: String) throws {
        let m = try message(
            head + "Please clear the false positive.\n\nBest Regards,\nSathya\n\n" + marker
                + "\nSathya Panneer | License Management | Acme GmbH\n")
        #expect(m.text == "Please clear the false positive.\n\nBest Regards,")
        #expect(m.attributes["signature"] == "Sathya\nSathya Panneer | License Management | Acme GmbH")
        let words = try message(head + "[cid:abc] is what Outlook writes, see\n[image: x] too.\n")
        #expect(words.text == "[cid:abc] is what Outlook writes, see\n[image: x] too.")
    }
}

extension MailRealWorldRound6Tests {
    /// Outlook's reply header in Czech, Hungarian, Finnish, Turkish, Romanian, Greek, Ukrainian and
    /// Indonesian was not recognized: the whole earlier message stayed in the author's words.
    @Test(
        "outlook headers in more languages",
        arguments: [
            "Od: Bob Stone <bob@vendor.example>\nOdesláno: pondělí 3. března 2025 10:15\nKomu: Ann\nPředmět: plán",
            "Feladó: Bob Stone <bob@vendor.example>\nElküldve: 2025. március 3. 10:15\nCímzett: Ann\nTárgy: terv",
            "Lähettäjä: Bob Stone <bob@vendor.example>\nLähetetty: maanantai 3. maaliskuuta 2025 10.15\n"
                + "Vastaanottaja: Ann\nAihe: suunnitelma",
            "Kimden: Bob Stone <bob@vendor.example>\nGönderildi: 3 Mart 2025 Pazartesi 10:15\nKime: Ann\nKonu: plan",
            "De la: Bob Stone <bob@vendor.example>\nTrimis: luni, 3 martie 2025 10:15\nCătre: Ann\nSubiect: plan",
            "Από: Bob Stone <bob@vendor.example>\nΣτάλθηκε: Δευτέρα, 3 Μαρτίου 2025 10:15 πμ\nΠρος: Ann\nΘέμα: σχέδιο",
            "Від: Bob Stone <bob@vendor.example>\nНадіслано: 3 березня 2025 р. 10:15\nКому: Ann\nТема: план",
            "Dari: Bob Stone <bob@vendor.example>\nDikirim: Senin, 03 Maret 2025 10.15\nKepada: Ann\nPerihal: rencana",
        ])
    func outlookHeadersInMoreLanguages(_ block: String) throws {
        let m = try message(head + "Agreed, let's go ahead.\n\n" + block + "\n\nShall we start in April?\n")
        #expect(m.text == "Agreed, let's go ahead.")
    }
}

extension MailRealWorldRound6Tests {
    /// Sensitivity labels on a line of their own (Microsoft Purview; real list posts from AMD and Dell
    /// engineers open or close with them) were read as the author's words.
    @Test(
        "sensitivity labels",
        arguments: [
            "[AMD Official Use Only - AMD Internal Distribution Only]", "[AMD Official Use Only - General]", "[Public]",
            "Internal Use - Confidential", "Dell - Internal Use - Confidential", "Classification: Internal",
            "Sensitivity: General",
        ])
    func sensitivityLabels(_ label: String) throws {
        let m = try message(
            head + label + "\n\nLooks good.\n\nReviewed-by: Shravan K <shravan@vendor.example>\n\n" + label + "\n")
        #expect(m.text == "Looks good.\n\nReviewed-by: Shravan K <shravan@vendor.example>")
        let words = try message(
            head + "[Public roadmap draft for the board meeting next week]\nInternal use of the API is fine.\n"
                + "Confidential until Friday.\nClassification: we sort them by the customer's region and size.\n")
        #expect(
            words.text
                == "[Public roadmap draft for the board meeting next week]\nInternal use of the API is fine.\n"
                + "Confidential until Friday.\nClassification: we sort them by the customer's region and size.")
    }
}

extension MailRealWorldRound6Tests {
    /// Antivirus stamps (Gmail + Avast's link block above the quote, as in real list posts; Thunderbird +
    /// AVG; a gateway's scan notice) were read as the author's last words.
    @Test func antivirusStamps() throws {
        let gmail = try message(
            head + "The errors are not detected in GCC and Clang.\n\n"
                + "<https://www.avast.com/sig-email?utm_medium=email&utm_source=link&utm_content=webmail>\n"
                + "Virus-free.www.avast.com\n<https://www.avast.com/sig-email?utm_medium=email&utm_source=link>\n"
                + "<#DAB4FAD8-2DD7-40BB-A1B8-4E2AA1F9FDF2>\n\nOn Wed, Aug 7, 2024 at 11:15 PM Bob <bob@vendor.example> wrote:\n"
                + "> Which compiler?\n")
        #expect(gmail.text == "The errors are not detected in GCC and Clang.")
        #expect(gmail.quotedChars > 0)
        for stamp in [
            "---\nThis email has been checked for viruses by AVG antivirus software.\nwww.avg.com",
            "This email has been scanned by the Symantec Email Security.cloud service.",
        ] {
            let m = try message(head + "Thanks, received.\n\n" + stamp + "\n")
            #expect(m.text == "Thanks, received.")
        }
    }
}
