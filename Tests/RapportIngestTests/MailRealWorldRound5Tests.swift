import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Round 5 of the real-world triage (2026-12-06: a Yahoo mailbox exported by Thunderbird holding a
/// carrier's MMS, Exchange/Outlook list replies with `Thread-Index`, Apple Mail `.emlx` with its property
/// list, forwards by quoting, a Cc broken without folding space): each test is a defect found there and
/// fixed, written here from scratch with the same shape.
@Suite struct MailRealWorldRound5Tests {
    func read(_ bytes: [UInt8], name: String = "m.eml") throws -> ([Message], IngestSummary) {
        try TempTree.readSavedMessage(bytes, name: name)
    }

    func read(_ text: String) throws -> Message {
        let (ms, summary) = try read(Array(text.utf8))
        #expect(summary.read == 1 && summary.emitted == 1)
        return try #require(ms.first)
    }

    let head =
        "From: Ann <ann@client.example>\nTo: Bob <bob@vendor.example>\nSubject: Re: plan\n"
        + "Date: Mon, 03 Mar 2025 10:15:00 +0100\nMessage-ID: <r1@client.example>\n"

    // MARK: Headers

    /// A Cc address broken inside its angle brackets without a folding space (a real export): the next
    /// line continues the address; it is neither the body's first line nor a skipped stray line.
    @Test(
        "address broken without folding space",
        arguments: ["\n", "Subject: Re: plan\n\n"])
    func addressBrokenWithoutFoldingSpace(_ after: String) throws {
        let m = try read(
            "From: Ann <ann@client.example>\nTo: Bob <bob@vendor.example>\nDate: Mon, 03 Mar 2025 10:15:00 +0100\n"
                + "Message-ID: <cc1@client.example>\nCc: Carl <c@client.example>, Dan <d@\nexample.com>\n" + after
                + "Fine by me.\n")
        #expect(m.cc.map(\.id) == ["c@client.example", "d@example.com"])
        #expect(m.cc.map(\.displayName) == ["Carl", "Dan"])
        #expect(m.text == "Fine by me.")
    }

    /// `Last, First <addr>` without quotes (Exchange exports, Lotus Notes) is one mailbox: the author was a
    /// participant `quan` without an address, and every such recipient was two.
    @Test func unquotedLastCommaFirstIsOneMailbox() throws {
        let m = try read(
            "From: Quan, Evan <evan@vendor.example>\nTo: Müller, Hans <hans@client.example>, Feng, Ken Li"
                + " <ken@client.example>, root, ann@client.example\nDate: Mon, 3 Mar 2025 10:15:00 +0100\n"
                + "Message-ID: <lf1@vendor.example>\n\nHi.\n")
        #expect(m.from.id == "evan@vendor.example" && m.from.displayName == "Quan, Evan")
        #expect(m.to.map(\.id) == ["hans@client.example", "ken@client.example", "root", "ann@client.example"])
        #expect(m.to.map(\.displayName) == ["Müller, Hans", "Feng, Ken Li", "", ""])
        let list = HeaderDecoder.addresses(Array("Bob <bob@x.org>, Ann <ann@x.org>, undisclosed-recipients:;".utf8))
        #expect(list.map(\.address) == ["bob@x.org", "ann@x.org"])
    }

    /// RFC 6532: a UTF-8 Message-ID (an internationalized address's domain) is an id, not junk; 8-bit
    /// bytes that are not UTF-8 still are.
    @Test func utf8MessageIDIsKept() throws {
        let m = try read(
            "From: Jörg Müller <jörg@bücher.example>\nTo: Ann <ann@client.example>\nSubject: Grüße\n"
                + "Date: Mon, 3 Mar 2025 10:15:00 +0100\nMessage-ID: <u1@bücher.example>\n"
                + "In-Reply-To: <a1@client.example>\n\nDanke.\n")
        #expect(m.messageID == "u1@bücher.example")
        #expect(m.from.id == "jörg@bücher.example")
        #expect(m.parent == "a1@client.example")
        #expect(HeaderDecoder.messageIDs([0x3C, 0x75, 0xFC, 0x40, 0x78, 0x2E, 0x65, 0x3E]) == [])
    }

    // MARK: MIME

    /// Carriers' MMS gateways send the text of a multimedia message as an attachment `text_0.txt`: it is
    /// the sender's words. Any other text attachment stays unread.
    @Test func mmsTextAttachmentIsTheText() throws {
        let mms = try read(
            "From: 5550101@mms.carrier.example\nTo: ann@client.example\nSubject: \n"
                + "Date: Sat, 9 Jul 2022 10:35:02 +0000 (UTC)\nMessage-ID: <Q7x@txt.carrier.example>\n"
                + "Content-Type: multipart/mixed; boundary=\"p\"\n\n--p\nContent-Type: text/plain; charset=UTF-8\n"
                + "Content-Disposition: Attachment; Filename=text_0.txt; Charset=UTF-8\n"
                + "Content-Transfer-Encoding: BASE64\n\n"
                + "U2VlIHlvdSBhdCB0aGUgaG90ZWwgdG9tb3Jyb3csIHRoYW5rcyBmb3IgYm9va2luZyE=\n--p--\n")
        #expect(mms.text == "See you at the hotel tomorrow, thanks for booking!")
        let log = try read(
            head + "Content-Type: multipart/mixed; boundary=\"p\"\n\n--p\nContent-Type: text/plain\n\nSee the log.\n"
                + "--p\nContent-Type: text/plain\nContent-Disposition: attachment; filename=text_0.log\n\n"
                + "ERROR 42\n--p--\n")
        #expect(log.text == "See the log.")
    }

    // MARK: Own words

    /// A forward by quoting (Apple Mail's `> Begin forwarded message:`, a `>`-quoted Gmail forward) is
    /// forwarded text: flagged `forwarded`. A reply quoting a forward after its attribution is not.
    @Test(
        "forward inside quotes",
        arguments: [
            (
                "FYI\n\n> Begin forwarded message:\n>\n> From: Billing <billing@vendor.example>\n"
                    + "> Subject: invoice\n>\n> Your invoice is attached.\n", true
            ),
            (
                "FYI\n\n>\n> ---------- Forwarded message ---------\n> From: Billing <billing@vendor.example>\n"
                    + "> Subject: invoice\n>\n> Your invoice is attached.\n", true
            ),
            (
                "Can you check this?\n\nOn Mon, Mar 3, 2025 at 9:00 AM Carl <carl@client.example> wrote:\n"
                    + "> ---------- Forwarded message ---------\n> From: Billing <billing@vendor.example>\n"
                    + ">\n> Your invoice is attached.\n", false
            ),
            ("I agree.\n\n> We should meet.\n> Begin forwarded message: no\n", false),
        ])
    func forwardInsideQuotes(_ body: String, _ forwarded: Bool) throws {
        let m = try read(head + "Content-Type: text/plain; charset=utf-8\n\n" + body)
        #expect(m.flags.contains(.forwarded) == forwarded)
    }

    /// Attributions of Thunderbird in Polish, Gmail in Indonesian, Vietnamese and Arabic, and iOS Mail in
    /// Japanese were left in the author's text.
    @Test(
        "attributions in other languages",
        arguments: [
            "W dniu 3.03.2025 o 10:15, Bob pisze:",
            "Pada tanggal Sen, 3 Mar 2025 pukul 10.15 Bob <bob@vendor.example> menulis:",
            "Vào Th 2, 3 thg 3, 2025 vào lúc 10:15 Bob <bob@vendor.example> đã viết:",
            "في الاثنين، 3 مارس 2025 10:15 ص Bob <bob@vendor.example> كتب:",
            "2025/03/03 10:15、Bob <bob@vendor.example>のメール:",
        ])
    func attributionsInOtherLanguages(_ line: String) throws {
        let m = try read(
            head + "Content-Type: text/plain; charset=utf-8\n\nMy own words here.\n\n" + line
                + "\n\n> quoted line one\n> quoted line two\n")
        #expect(m.text == "My own words here.")
        // The attribution and the two `>` lines with the newlines between them (not the body's final one).
        #expect(m.quotedChars == line.unicodeScalars.count + 1 + 1 + 17 + 17)
    }

    /// Footers of mobile and webmail apps that were left in the text (Proton's older and Markdown-link forms,
    /// Samsung in German, iOS in Finnish and Turkish, Yahoo's apps in other languages, Mail.ru, Yandex).
    @Test(
        "more mobile footers",
        arguments: [
            "Sent with ProtonMail Secure Email.", "Sent with [Proton Mail](https://proton.me/) secure email.",
            "Von meinem Samsung Galaxy Smartphone gesendet.", "Lähetetty iPhonesta", "iPhone'umdan gönderildi",
            "从我的iPhone发送", "Envoyé depuis Yahoo Mail pour Android", "Enviado desde Yahoo Mail para Android",
            "Sent from Mail.ru app for Android", "Sent from Yandex Mail for mobile",
        ])
    func moreMobileFooters(_ footer: String) throws {
        let m = try read(
            head + "Content-Type: text/plain; charset=utf-8\n\nSounds good, see you then.\n\n" + footer + "\n")
        #expect(m.text == "Sounds good, see you then.")
        #expect(m.attributes["mobile_footer"] == "true")
    }

    /// Tuta (Tutanota) writes its attribution with a bare address, `28 Jul 2025 at 12:49 by bob@x:`, in a
    /// `<div>` above its `<blockquote class="tutanota_quote">`: it was left as the author's last line.
    @Test func tutaAttributionWithBareAddress() throws {
        let m = try read(
            head + "Content-Type: text/html; charset=utf-8\n\n<div>Works for me, thanks.</div><div><br></div>"
                + "<div dir=\"auto\">3 Mar 2025 at 09:00 by bob@vendor.example:<br></div>"
                + "<blockquote class=\"tutanota_quote\"><div>Shall we meet at ten?</div></blockquote>\n")
        #expect(m.text == "Works for me, thanks.")
        let plain = try read(
            head
                + "Content-Type: text/plain; charset=utf-8\n\nWorks for me.\n\n3. März 2025, 09:00 von bob@vendor.example:\n"
                + "> Shall we meet at ten?\n")
        #expect(plain.text == "Works for me.")
        let words = try read(
            head + "Content-Type: text/plain\n\nThe 2 reports go to audit@client.example:\nplease check.\n")
        #expect(words.text == "The 2 reports go to audit@client.example:\nplease check.")
    }

    /// Jira Service Management puts a rule of em dashes and hyphens (`—-—-—-—`) above "Reply above this
    /// line.": it was left in a customer's reply, and as the only text of the notification.
    @Test func jiraServiceManagementRuleIsChrome() throws {
        let reply = try read(
            head + "Content-Type: text/plain; charset=UTF-8\n\nWorks now, thanks!\n\n—-—-—-—\n\n"
                + "Reply above this line.\n\nKim Lee commented:\n\nWe rolled back the release.\n")
        #expect(reply.text == "Works now, thanks!")
        let notification = try read(
            "From: Kim Lee <jira@acme.atlassian.net>\nTo: ann@client.example\nSubject: SUP-42 Login broken\n"
                + "Date: Mon, 03 Mar 2025 10:15:00 +0000\nMessage-ID: <JIRA.10042.1@Atlassian.JIRA>\n"
                + "Content-Type: text/plain; charset=UTF-8\n\n—-—-—-—\n\nReply above this line.\n\n"
                + "Kim Lee commented:\n\nWe rolled back the release; please try again.\n")
        #expect(notification.text == "Kim Lee commented:\n\nWe rolled back the release; please try again.")
    }

    /// ServiceNow's watermark and Salesforce Email-to-Case's thread ids on a line of their own are
    /// helpdesk chrome, not words (the Salesforce id was taken as a signature line, ServiceNow's as text).
    @Test(
        "helpdesk thread tokens",
        arguments: [
            "Ref:MSG0012345_a1B2c3D4e5F6g7H8i9J0", "ref:_00D5f2sdS._5005f1A2b3C:ref",
            "[ ref:_00D5f2sdS._5005f1A2b3C:ref ]", "thread::AbCdEf123XyZ::",
        ])
    func helpdeskThreadTokens(_ token: String) throws {
        let m = try read(
            head + "Content-Type: text/plain; charset=UTF-8\n\nPlease try again now, the fix is deployed.\n\n"
                + token + "\n")
        #expect(m.text == "Please try again now, the fix is deployed.")
        #expect(m.attributes["signature"] == nil)
        let words = try read(head + "Content-Type: text/plain\n\nOur ref:MSG numbers changed.\n")
        #expect(words.text == "Our ref:MSG numbers changed.")
    }

    // MARK: Drafts

    /// Apple Mail's `.emlx` keeps its flags in the property list after the message: bit 6 (0x40) is a
    /// draft, never sent, skipped and counted as `draft` like Thunderbird's and Outlook's.
    @Test(
        "emlx flags", arguments: [(UInt64(8_590_195_777), true), (UInt64(8_590_195_713), false)])
    func emlxDraftFlag(_ flags: UInt64, _ draft: Bool) throws {
        let message =
            "From: Ann <ann@client.example>\nTo: Bob <bob@vendor.example>\nSubject: unsent\n"
            + "Date: Mon, 03 Mar 2025 10:15:00 +0100\nMessage-Id: <d1@client.example>\n\nHalf-written reply.\n"
        let file =
            "\(message.utf8.count)\n" + message
            + "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n<dict>\n"
            + "\t<key>date-received</key>\n\t<integer>1740993300</integer>\n\t<key>flags</key>\n"
            + "\t<integer>\(flags)</integer>\n</dict>\n</plist>\n"
        let (ms, summary) = try read(Array(file.utf8), name: "12.emlx")
        #expect(summary.read == 1)
        #expect(ms.count == (draft ? 0 : 1))
        #expect(summary.skipped == (draft ? ["draft": 1] : [:]))
    }
}
