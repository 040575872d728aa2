import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Posts a mailing list rewrote for DMARC (real-world check on a vendor's Mailman support list,
/// 2026-12-06: every post from a strict-DMARC domain, the vendor's own engineers' included, came "from"
/// the list). Written here from scratch with the same header shapes.
@Suite struct MailListAuthorTests {
    func read(_ text: String) throws -> Message {
        let dir = NSTemporaryDirectory() + "rapport-listauthor-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/m.eml"))
        let (ms, summary, _) = try readMail(dir + "/m.eml", format: .eml)
        #expect(summary.read == 1 && summary.emitted == 1)
        return try #require(ms.first)
    }

    let tail =
        "To: support@lists.vendor.example\nSubject: [Support] Re: driver\nDate: Mon, 02 Mar 2026 10:15:00 +0000\n"
        + "Message-ID: <p1@client.example>\nIn-Reply-To: <p0@client.example>\nPrecedence: list\n"
        + "List-Id: Support <support.lists.vendor.example>\nList-Post: <mailto:support@lists.vendor.example>\n"
        + "\nDoes the driver work on Ubuntu 20.04?\n"

    /// Mailman's `munge_from`: the author is in `Reply-To:`; the list address among the recipients is
    /// flagged as a list.
    @Test func mailmanMungedFromIsTheAuthor() throws {
        let m = try read(
            "From: \"Jane Roe via Support\" <support@lists.vendor.example>\n"
                + "Reply-To: \"Jane Roe\" <Jane.Roe@client.example>\n" + tail)
        #expect(m.from.email == "jane.roe@client.example")
        #expect(m.from.displayName == "Jane Roe")
        #expect(m.from.organization == "client.example")
        #expect(m.to.map(\.email) == ["support@lists.vendor.example"])
        #expect(m.to.map(\.isList) == [true])
    }

    /// Replies going to the list: `Reply-To:` is the list, the author is the `Cc:` bearing the name; an
    /// encoded-word name is decoded before " via " is looked for.
    @Test func replyToListPutsTheAuthorInCc() throws {
        let m = try read(
            "From: =?utf-8?q?Marcus_M=C3=BCller_via_Support?=\n <support@lists.vendor.example>\n"
                + "Reply-To: support@lists.vendor.example\n"
                + "Cc: Someone Else <else@client.example>, =?UTF-8?Q?Marcus_M=c3=bcller?= <marcus@vendor.example>\n"
                + tail)
        #expect(m.from.email == "marcus@vendor.example")
        #expect(m.from.displayName == "Marcus Müller")
        #expect(m.cc.map(\.isList) == [nil, nil])
    }

    /// Google Groups: `'Name' via Group`, author in `X-Original-From:`.
    @Test func googleGroupsOriginalFrom() throws {
        let m = try read(
            "From: \"'Jane Roe' via Support\" <support@vendor.example>\n"
                + "X-Original-From: Jane Roe <jane@client.example>\n"
                + "To: support@vendor.example\nSubject: driver\nDate: Mon, 02 Mar 2026 10:15:00 +0000\n"
                + "Message-ID: <g1@client.example>\nList-Post: <https://groups.google.com/a/vendor.example/group/support/post>, <mailto:support@vendor.example>\n"
                + "\nDoes the driver work on Ubuntu 20.04?\n")
        #expect(m.from.email == "jane@client.example")
        #expect(m.from.displayName == "Jane Roe")
        #expect(m.to.map(\.isList) == [true])
    }

    /// Not a rewrite: " via " in a person's own name, or a list From without the author's address.
    @Test(
        arguments: [
            (
                "From: \"Tom via Phone\" <tom@client.example>\nReply-To: Ann <ann@client.example>\n",
                "tom@client.example"
            ),
            ("From: \"Jane Roe via Support\" <support@lists.vendor.example>\n", "support@lists.vendor.example"),
            (
                "From: \"Jane Roe via Support\" <support@lists.vendor.example>\n"
                    + "Reply-To: support@lists.vendor.example\n", "support@lists.vendor.example"
            ),
        ])
    func notARewrite(_ from: String, _ expected: String) throws {
        #expect(try read(from + tail).from.email == expected)
    }
}
