import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Round 4 of the real-world triage (2026-12-06: Discourse's and flanker's mail fixtures and Discourse's
/// reply-trimmer attributions, Thunderbird's test mail, Enron-shaped Lotus Notes mail, vger.kernel.org and
/// Apache (ezmlm) list posts, a pipermail archive post, Sisimai's bounces, Apple Mail `.emlx`): each test is
/// a defect found there and fixed, written here from scratch with the same shape.
@Suite struct MailRealWorldRound4Tests {
    func read(_ bytes: [UInt8]) throws -> (Message, IngestSummary) {
        let (ms, summary) = try TempTree.readSavedMessage(bytes)
        #expect(summary.read == 1 && summary.emitted == 1)
        return (try #require(ms.first), summary)
    }

    func read(_ text: String) throws -> Message { try read(Array(text.utf8)).0 }

    let head =
        "From: Ann <ann@client.example>\nTo: Bob <bob@vendor.example>\nSubject: Re: plan\n"
        + "Date: Mon, 03 Mar 2025 10:15:00 +0100\nMessage-ID: <r1@client.example>\n"

    // MARK: Charsets

    /// UTF-8 text under a Big5 or gb2312 label (a Discourse and a flanker fixture: webmail and scripts do
    /// this) is UTF-8, not mojibake; text really in GB2312 still decodes as such.
    @Test func mislabelledUTF8IsReadAsUTF8() throws {
        let big5 = try read(
            head + "Content-Type: text/plain; charset=Big5\nContent-Transfer-Encoding: base64\n\n"
                + "5oKo5aW977yBIOS9oOS7iuWkqeWlveWQl++8nw==\n")
        #expect(big5.text == "您好！ 你今天好吗？")
        let gb = try read(
            head + "Content-Type: text/html;\n\tcharset=\"gb2312\"\nContent-Transfer-Encoding: 7bit\n\n"
                + "<div><h2>尊敬的管理员：</h2><p>系统检测到登录失败。</p></div>\n")
        #expect(gb.text == "尊敬的管理员：\n\n系统检测到登录失败。")
        let real = try read(
            Array((head + "Content-Type: text/plain; charset=gb2312\nContent-Transfer-Encoding: 8bit\n\n").utf8)
                + [0xC4, 0xE3, 0xBA, 0xC3, 0x0A]
        ).0
        #expect(real.text == "你好")
    }

    // MARK: Mailing lists

    /// Majordomo (vger.kernel.org) and ezmlm (Apache) lists put `Precedence: bulk` on every post: a
    /// person's post there is conversation. A newsletter with `Precedence: bulk` stays bulk.
    @Test(
        "Precedence: bulk from discussion lists",
        arguments: [
            ("Precedence: bulk\nX-Mailing-List: git@vger.kernel.org\nIn-Reply-To: <q@cox.example>\n", false),
            ("Precedence: bulk\nList-ID: <git.vger.kernel.org>\nX-Mailing-List: git@vger.kernel.org\n", false),
            (
                "Mailing-List: contact dev-help@foo.apache.org; run by ezmlm\nPrecedence: bulk\n"
                    + "List-Post: <mailto:dev@foo.apache.org>\nList-Id: <dev.foo.apache.org>\n", false
            ),
            ("Precedence: bulk\nList-Id: <dev.lists.example>\nReferences: <q@vendor.example>\n", false),
            ("Precedence: bulk\nList-Id: <news.example>\nList-Unsubscribe: <mailto:u@news.example>\n", true),
            ("Precedence: bulk\n", true),
        ])
    func listPostsUnderPrecedenceBulk(_ headers: String, bulk: Bool) throws {
        let m = try read(head + headers + "\nUnsetting CDPATH in the script fixes it for me.\n")
        #expect(m.flags.contains(.bulk) == bulk)
        #expect(m.isConversational == !bulk)
    }

    /// Mailman's note for a scrubbed attachment (archives, digests) is list chrome, not the author's words.
    @Test func mailmanScrubbedAttachmentNoteIsNotText() throws {
        let m = try read(
            head + "\nThanks, merged into the release branch.\n-------------- next part --------------\n"
                + "An HTML attachment was scrubbed...\nURL: <https://lists.example/pipermail/dev/attachment.htm>\n")
        #expect(m.text == "Thanks, merged into the release branch.")
        #expect(m.quotedChars == 0)
    }

    // MARK: Reply headers

    /// Attributions of Thunderbird and Gmail in other languages (the shapes Discourse's reply trimmer
    /// collected from real replies) start the quote: they were left in the text.
    @Test(
        "localized attributions",
        arguments: [
            "Dnia 14 lip 2015 o godz. 00:25 Michael Downey <md@vendor.example> napisał(a):",
            "23 mar 2017 21:25 \"Neil Lalonde\" <nl@vendor.example> napisał(a):",
            "30 серп. 2016 р. 20:45 \"Arpit\" ar@vendor.example пише:",
            "28.11.2016 12:36, Arpit Jalan пишет:",
            "Dne 28.11.2016 v 12:36 Arpit Jalan napsal(a):",
            "Max Mustermann <mm@vendor.example> schrieb am Fr., 28. Apr. 2017 um 11:53 Uhr:",
            "在 2016/11/28 12:36, Arpit Jalan 写道:",
            "Arpit Jalan <ar@vendor.example> 于2016年11月28日周一 下午12:36写道：",
            "2016년 11월 28일 (월) 오후 12:36, Arpit Jalan <ar@vendor.example>님이 작성:",
            "Στις Δευ 28 Νοε 2016 στις 12:36, ο/η Arpit Jalan <ar@vendor.example> έγραψε:",
            "Op 24 aug. 2013 om 16:48 heeft Bob via Vendor <bob@vendor.example> het volgende geschreven:",
        ])
    func localizedAttributionStartsTheQuote(_ attribution: String) throws {
        let m = try read(
            head + "\nThanks, that works for us.\n\n\(attribution)\n> We can ship on Friday.\n> Bob\n")
        #expect(m.text == "Thanks, that works for us.")
        // The attribution and the two `>` lines with the newlines between them (not the body's final one).
        #expect(m.quotedChars == attribution.unicodeScalars.count + 1 + 25 + 5)
    }

    /// Outlook's header block in Chinese, Japanese and Korean (also with full-width colons), and Android's
    /// `----- Reply message -----`: the quoted message was taken as the author's words.
    @Test(
        "CJK Outlook header blocks",
        arguments: [
            "发件人: Bob <bob@vendor.example>\n发送时间: 2025年3月3日 10:15\n收件人: Ann <ann@client.example>\n主题: plan",
            "发件人：Bob <bob@vendor.example>\n发送时间：2025年3月3日 10:15\n收件人：Ann\n主题：plan",
            "寄件者: Bob <bob@vendor.example>\n寄件日期: 2025年3月3日 上午 10:15\n收件者: Ann\n主旨: plan",
            "差出人: Bob <bob@vendor.example>\n送信日時: 2025年3月3日 10:15\n宛先: Ann <ann@client.example>\n件名: plan",
            "보낸 사람: Bob <bob@vendor.example>\n보낸 날짜: 2025년 3월 3일 월요일 오전 10:15\n받는 사람: Ann\n제목: plan",
            "----- Reply message -----\nFrom: \"Bob\" <bob@vendor.example>\nTo: \"Ann\" <ann@client.example>\n"
                + "Subject: plan\nDate: Mon, Mar 3, 2025 10:15",
        ])
    func cjkOutlookHeaderBlockStartsTheQuote(_ block: String) throws {
        let m = try read(head + "\nThanks, that works for us.\n\n\(block)\n\nWe can ship on Friday.\nBob\n")
        #expect(m.text == "Thanks, that works for us.")
        // The block and its newline, the blank line, the two body lines with the newline between them.
        #expect(m.quotedChars == block.unicodeScalars.count + 1 + 1 + 23 + 3)
    }

    /// Lotus Notes (the Enron corpus): the reply header is an attribution with a time over `To:`/`cc:`/
    /// `Subject:`, and the forward line wraps before its closing dashes.
    @Test(
        "Lotus Notes reply headers",
        arguments: [
            "\"John Smith\" <jsmith@austin.example> on 04/11/2001 09:12:33 AM\nTo: <ann@client.example>\ncc:  \n"
                + "Subject: Re: house plans",
            "Kim Ward@ENRON\n05/02/2001 04:31 PM\nTo: Ann Lee/HOU/ECT@ECT\ncc:  \nSubject: Meeting",
        ])
    func lotusNotesReplyHeaderStartsTheQuote(_ header: String) throws {
        let m = try read(head + "\nJohn,\n\nSounds good.\n\nAnn\n\n\n\n\n\(header)\n\n\nCan we meet Thursday?\n")
        #expect(m.text == "John,\n\nSounds good.\n\nAnn")
        #expect(!m.flags.contains(.forwarded))
    }

    @Test func lotusNotesForwardLineWrappedBeforeItsDashes() throws {
        let m = try read(
            head + "\nLucy, see the questions below.\n\n---------------------- Forwarded by Ann Lee/HOU/ECT on "
                + "02/20/2001\n11:59 AM ---------------------------\n\nFrom:  Ann Lee    02/15/2001 01:13 PM\n\n"
                + "To: lucy@client.example\ncc:  \nSubject: \n\nThanks for clearing up the 2/2 file.\n")
        #expect(m.text == "Lucy, see the questions below.")
        #expect(m.flags.contains(.forwarded))
    }

    // MARK: HTML

    /// Outlook for iOS/Android through Exchange puts the quoted message in `<div name="messageReplySection">`.
    @Test func exchangeMessageReplySectionIsQuoted() throws {
        let m = try read(
            head + "Content-Type: text/html; charset=UTF-8\n\n<div>\n  <div name=\"messageBodySection\">\n"
                + "    <p>This is the <b>body</b> of the email.</p>\n  </div>\n"
                + "  <div name=\"messageReplySection\">\n    <p>This is the <i>reply</i>!</p>\n  </div>\n</div>\n")
        #expect(m.text == "This is the body of the email.")
        #expect(m.quotedChars == 18)
    }

    // MARK: Automated mail

    /// Bugzilla before 4.x sent no `Auto-Submitted`: its `X-Bugzilla-*` headers (or a `bugzilla-daemon`
    /// sender) make the mail a notification.
    @Test(
        "old Bugzilla notifications",
        arguments: [
            ("From: bugs@tracker.example\n", "X-Bugzilla-Type: newchanged\nX-Bugzilla-Reason: None\n"),
            ("From: bugzilla-daemon@tracker.example\n", ""),
        ])
    func oldBugzillaNotificationIsAutomated(_ from: String, _ headers: String) throws {
        let (m, summary) = try read(
            Array(
                (from + "To: ann@client.example\nSubject: [Bug 397009] A filter will not untag\n"
                    + "Date: Wed, 7 May 2008 14:55:10 -0700\nMessage-Id: <b1@tracker.example>\n"
                    + "In-Reply-To: <bug-397009-254728@https.tracker.example/>\n" + headers
                    + "\nDo not reply to this email.\n").utf8))
        #expect(m.flags.contains(.notification) && m.flags.contains(.system))
        #expect(summary.excluded == ["auto-generated": 1])
    }
}
