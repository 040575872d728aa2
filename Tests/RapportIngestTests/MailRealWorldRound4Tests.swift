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
        let dir = NSTemporaryDirectory() + "rapport-round4-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/m.eml"))
        let (ms, summary, _) = try readMail(dir + "/m.eml", format: .eml)
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
