import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Round 2 of the real-world triage (2026-12-05: notmuch's test corpus, list-archive posts, helpdesk
/// notification mail): each test is a defect found there and fixed, written here from scratch.
@Suite struct MailRealWorldRound2Tests {
    func folder(_ files: [String: String]) throws -> String { try TempTree.write(files) }

    func message(_ id: String, from: String, to: String, subject: String, extra: String = "", body: String) -> String {
        "From: \(from)\nTo: \(to)\nSubject: \(subject)\nMessage-ID: <\(id)>\n\(extra)"
            + "Date: Thu, 16 Jun 2016 12:00:00 +0000\n\n\(body)\n"
    }

    /// A folder of saved messages is one mailbox: a reply carrying only In-Reply-To finds its parent in
    /// another file, so the three messages are one thread (they were two).
    @Test func savedMessagesOfAFolderAreThreadedTogether() throws {
        let dir = try folder([
            "1.eml": message("m1@x.org", from: "a@x.org", to: "b@y.org", subject: "hi", body: "Hello."),
            "2.eml": message(
                "m2@y.org", from: "b@y.org", to: "a@x.org", subject: "Re: hi", extra: "In-Reply-To: <m1@x.org>\n",
                body: "Hi back."),
            "sub/3.eml": message(
                "m3@x.org", from: "a@x.org", to: "b@y.org", subject: "Re: hi", extra: "In-Reply-To: <m2@y.org>\n",
                body: "Thanks."),
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let plan = try Ingestor().plan([dir])
        #expect(plan == [Ingestor.Input(path: dir, format: .eml)])
        let (ms, summary, _) = try readMail(dir, format: .eml)
        #expect(summary.files == 3 && summary.read == 3 && summary.emitted == 3)
        #expect(ms.map(\.id) == ["m1@x.org", "m2@y.org", "m3@x.org"])
        #expect(Set(ms.map(\.thread)).count == 1)
        #expect(ms.map(\.parent) == [nil, "m1@x.org", "m2@y.org"])
        #expect(ms[2].locator.file == dir + "/sub/3.eml")
    }

    /// Two files that answer each other (notmuch's "loop" pair): one thread, and the parent cycle is
    /// broken as inside one mbox.
    @Test func replyLoopAcrossFilesIsBroken() throws {
        let dir = try folder([
            "a.eml": message(
                "l1@a.example", from: "ann@a.example", to: "bo@b.example", subject: "loop",
                extra: "In-Reply-To: <l2@a.example>\n", body: "One."),
            "b.eml": message(
                "l2@a.example", from: "ann@a.example", to: "bo@b.example", subject: "loop",
                extra: "In-Reply-To: <l1@a.example>\n", body: "Two."),
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (ms, _, _) = try readMail(dir, format: .eml)
        #expect(ms.count == 2 && ms[0].thread == ms[1].thread)
        #expect(ms.filter { $0.parent == nil }.count == 1)
    }

    /// One saved message in a folder stays an input of its own; mbox files beside saved messages stay
    /// separate inputs.
    @Test func oneSavedMessageAndMboxFilesKeepTheirInputs() throws {
        let dir = try folder([
            "only.eml": message("o@x.org", from: "a@x.org", to: "b@y.org", subject: "s", body: "Text."),
            "box.mbox": "From a@x.org Thu Jun 16 12:00:00 2016\n"
                + message("x@x.org", from: "a@x.org", to: "b@y.org", subject: "s", body: "Text."),
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let plan = try Ingestor().plan([dir])
        #expect(plan.map(\.format) == [.mbox, .eml])
        #expect(plan.map(\.path) == [dir + "/box.mbox", dir + "/only.eml"])
    }

    /// Two `Cc:` lines (notmuch's "broken-cc"): both are recipients.
    @Test func repeatedCcHeadersAreMerged() throws {
        let dir = try folder([
            "m.eml": "From: a@x.org\nTo: b@y.org\nCc: Cy <cy@c.example>\nSubject: s\ncc: Dee <dee@d.example>\n"
                + "Message-ID: <cc@x.org>\n\nText.\n"
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let m = try #require(try readMail(dir + "/m.eml", format: .eml).messages.first)
        #expect(m.cc.map(\.id) == ["cy@c.example", "dee@d.example"])
    }

    static let customerPost =
        "From: Dana <dana@client.example>\nTo: support@vendor.example\nSubject: Export fails\n"
        + "Message-ID: <p1@client.example>\nDate: Thu, 16 Jun 2016 12:00:00 +0000\n"

    /// A person's mail delivered through a list or a Google Group (a shared support address) is
    /// conversation, not bulk; newsletters stay bulk.
    @Test(
        "list and group headers",
        arguments: [
            ("List-Id: <support.vendor.example>\nPrecedence: list\nX-Google-Group-Id: 357212215037\n", false),
            ("List-Id: <dev.lists.example>\nList-Post: <mailto:dev@lists.example>\nPrecedence: list\n", false),
            ("List-Id: <dev.lists.example>\nIn-Reply-To: <p0@vendor.example>\n", false),
            ("List-Id: <news.example>\nList-Unsubscribe: <mailto:u@news.example>\n", true),
            ("List-Id: <news.example>\nList-Post: NO\nPrecedence: list\n", true),
            (
                "List-Post: <mailto:dev@lists.example>\nList-Unsubscribe: <https://u.example/x>\n"
                    + "List-Unsubscribe-Post: List-Unsubscribe=One-Click\n", true
            ),
            ("List-Post: <mailto:dev@lists.example>\nPrecedence: bulk\n", true),
        ])
    func listHeaders(_ headers: String, bulk: Bool) throws {
        let dir = try folder(["m.eml": Self.customerPost + headers + "\nThe export fails since Monday.\n"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (ms, _, _) = try readMail(dir + "/m.eml", format: .eml)
        let m = try #require(ms.first)
        #expect(m.flags.contains(.bulk) == bulk)
        #expect(m.isConversational == !bulk)
    }

    /// `X-Auto-Response-Suppress` alone (helpdesk agents' replies carry it) is no auto-reply; with
    /// `Auto-Submitted: auto-replied` the message is one.
    @Test func autoResponseSuppressAloneIsNoAutoReply() throws {
        let dir = try folder([
            "agent.eml": Self.customerPost + "X-Auto-Response-Suppress: All\n\nHello Dana, the fix is live.\n",
            "oof.eml": Self.customerPost.replacingOccurrences(of: "p1@", with: "p2@")
                + "X-Auto-Response-Suppress: All\nAuto-Submitted: auto-replied\n\nI am away.\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (ms, summary, _) = try readMail(dir, format: .eml)
        #expect(ms.map { $0.flags.contains(.autoReply) } == [false, true])
        #expect(summary.excluded == ["auto-reply": 1])
    }
}

/// Round-2 triage (slackdump's fixture): an app's post under a user id `users.json` does not list, with
/// the app's `bot_profile`, is a bot — not a new external contact.
@Suite struct SlackUnlistedAppTests {
    @Test func unlistedUserWithBotProfileIsABot() throws {
        let (messages, summary) = try readSlackExport([
            "users.json": #"[{"id":"U1","team_id":"T1","name":"ann","real_name":"Ann Agent"}]"#,
            "channels.json": #"[{"id":"C1","name":"general","members":["U1"]}]"#,
            "general/2025-01-02.json": """
            [{"type":"message","user":"U9","bot_id":"B9","text":"deploy finished","ts":"1735812000.000100",
              "bot_profile":{"id":"B9","app_id":"A9","name":"deploybot","team_id":"T7"}},
             {"type":"message","user":"U8","text":"hi there","ts":"1735812100.000100","team":"T7",
              "user_profile":{"real_name":"Cat Customer"}}]
            """,
        ])
        #expect(messages.map { $0.flags.contains(.bot) } == [true, false])
        #expect(summary.excluded == ["bot": 1])
    }
}

/// Writes a Slack export (`files`: relative path → JSON) into a temporary folder and reads it.
func readSlackExport(_ files: [String: String]) throws -> (messages: [Message], summary: IngestSummary) {
    let r = try TempTree.readSlackExport(files)
    return (r.messages, r.summary)
}

/// Round-2 triage (notmuch's text-calendar.eml): a Date header without a year is kept as written.
@Suite struct MailUnreadDateTests {
    @Test func unreadableDateIsKeptAsText() throws {
        let dir = NSTemporaryDirectory() + "rapport-date-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/m.eml"
        try Data("From: a@x.org\nTo: b@y.org\nSubject: s\nDate: Thu Jan 01 00:00:10 +0000\n\nText.\n".utf8)
            .write(to: URL(fileURLWithPath: path))
        let m = try #require(try readMail(path, format: .eml).messages.first)
        #expect(m.date == nil)
        #expect(m.attributes["date_text"] == "Thu Jan 01 00:00:10 +0000")
        let fine = dir + "/ok.eml"
        try Data("From: a@x.org\nTo: b@y.org\nSubject: s\nDate: Thu, 01 Jan 2015 00:00:10 +0000\n\nText.\n".utf8)
            .write(to: URL(fileURLWithPath: fine))
        #expect(try readMail(fine, format: .eml).messages.first?.attributes["date_text"] == nil)
    }
}
