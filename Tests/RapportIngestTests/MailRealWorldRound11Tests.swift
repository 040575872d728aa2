import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Round 11 of the real-world triage (2026-12-07: the round-10 leftovers — senders without an address,
/// date shapes, Exchange body fragments): each test is a defect found and fixed, written here from scratch.
@Suite struct MailRealWorldRound11Tests: SavedMessageReading {
    let rest =
        "To: Bob <bob@vendor.example>\nSubject: numbers\nDate: Mon, 03 Mar 2025 10:15:00 +0100\n"
        + "Message-ID: <r11@client.example>\n"

    // MARK: Senders without an address

    /// A `From:` without an address gave the participant id `undisclosed` (or `support`, or `root`), one
    /// bogus contact for every such mail; `From: <>` skipped `Reply-To:`. The address now comes from
    /// `Sender:`, else `Reply-To:`, else `Return-Path:`; the name `From:` shows is kept.
    @Test(
        "From without an address",
        arguments: [
            ("From: undisclosed\nSender: Ann Lee <ann@client.example>\n", "ann@client.example", "undisclosed"),
            ("From: \"Support\"\nReply-To: help@client.example\n", "help@client.example", "Support"),
            ("From: <>\nReply-To: Ann Lee <ann@client.example>\n", "ann@client.example", "Ann Lee"),
            (
                "From: root (Cron Daemon)\nReturn-Path: <root@host.client.example>\n", "root@host.client.example",
                "Cron Daemon"
            ),
            // Sender: first, even when Reply-To: and Return-Path: have addresses too.
            (
                "From: Support Team\nReturn-Path: <bounce@mailer.example>\nReply-To: r@client.example\n"
                    + "Sender: s@client.example\n", "s@client.example", "Support Team"
            ),
            // Fallbacks without an address are passed over.
            (
                "From: undisclosed\nSender: nobody\nReturn-Path: <>\nReply-To: x@client.example\n", "x@client.example",
                "undisclosed"
            ),
        ])
    func fromWithoutAddress(_ headers: String, _ id: String, _ name: String) throws {
        let m = try message(headers + rest + "\nHello Bob.\n")
        #expect(m.from.id == id)
        #expect(m.from.email == id)
        #expect(m.from.displayName == name)
        #expect(m.text == "Hello Bob.")
    }

    /// With no fallback that has an address, the sender stays as before; a `From:` with an address never
    /// looks at the others.
    @Test func fromFallbackKeepsTodaysBehaviour() throws {
        let bare = try message("From: undisclosed\nReturn-Path: <>\n" + rest + "\nHello.\n")
        #expect(bare.from.id == "undisclosed")
        #expect(bare.from.email == nil)
        let normal = try message(
            "From: Ann <ann@client.example>\nSender: list-bounces@lists.example\n" + rest + "\nHello.\n")
        #expect(normal.from.id == "ann@client.example")
        #expect(normal.from.displayName == "Ann")
        #expect(
            MailParser.sender(try headers("From: \"Support\"\nSender: Sam <sam@x.example>\n")) ?? ("", "")
                == ("Support", "sam@x.example"))
    }

    private func headers(_ text: String) throws -> MailHeaders {
        let bytes = Array((text + "\n").utf8)
        return try #require(bytes.withUnsafeBufferPointer { MailHeaders.parse($0, limit: 65536) }?.0)
    }

}
