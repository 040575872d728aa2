import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Round 9 of the real-world triage (2026-12-06: localized and US numeric `Date:` headers, the quote
/// count at the end of a body, test messages of other mail libraries): each test is a defect found and
/// fixed, written here from scratch with the same shape.
@Suite struct MailRealWorldRound9Tests: SavedMessageReading {
    // MARK: Dates

    /// `Date:` headers written by localized clients (German, French, Spanish, Italian, Dutch, Portuguese
    /// month names, a localized weekday before them) were not read: the message fell back to
    /// `Received:` or had no date.
    @Test(
        "localized month names",
        arguments: [
            ("Mo, 3 Mrz 2025 10:15:00 +0100", "2025-03-03T10:15:00+01:00"),
            ("Mo, 3 Mär 2025 10:15:00 +0100", "2025-03-03T10:15:00+01:00"),
            ("Montag, 3. März 2025 10:15:00 +0100", "2025-03-03T10:15:00+01:00"),
            ("Do, 9 Okt 2025 08:00:00 +0200", "2025-10-09T08:00:00+02:00"),
            ("Fr, 19 Dez 2025 17:30 +0100", "2025-12-19T17:30:00+01:00"),
            ("Di, 6 MAI 2025 09:00:00 +0200", "2025-05-06T09:00:00+02:00"),
            ("lun., 6 janv. 2025 09:00:00 +0100", "2025-01-06T09:00:00+01:00"),
            ("mar. 4 févr. 2025 09:00:00 +0100", "2025-02-04T09:00:00+01:00"),
            ("mardi 4 FÉVR. 2025 09:00:00 +0100", "2025-02-04T09:00:00+01:00"),
            ("3 mars 2025 10:15:00 +0100", "2025-03-03T10:15:00+01:00"),
            ("jeu. 3 avr. 2025 10:15:00 +0200", "2025-04-03T10:15:00+02:00"),
            ("ven. 2 mai 2025 10:15:00 +0200", "2025-05-02T10:15:00+02:00"),
            ("5 juin 2025 10:15:00 +0200", "2025-06-05T10:15:00+02:00"),
            ("5 juil. 2025 10:15:00 +0200", "2025-07-05T10:15:00+02:00"),
            ("5 août 2025 10:15:00 +0200", "2025-08-05T10:15:00+02:00"),
            ("5 sept. 2025 10:15:00 +0200", "2025-09-05T10:15:00+02:00"),
            ("5 déc. 2025 10:15:00 +0100", "2025-12-05T10:15:00+01:00"),
            ("mar., 4 feb. 2025 09:00:00 +0100", "2025-02-04T09:00:00+01:00"),  // Spanish martes
            ("martes, 4 de febrero de 2025 9:00:00 -0300", "2025-02-04T09:00:00-03:00"),
            ("lun, 13 ene 2025 09:00:00 -0600", "2025-01-13T09:00:00-06:00"),
            ("13 abr 2025 09:00:00 -0300", "2025-04-13T09:00:00-03:00"),
            ("13 ago 2025 09:00:00 +0200", "2025-08-13T09:00:00+02:00"),
            ("13 dic 2025 09:00:00 +0100", "2025-12-13T09:00:00+01:00"),
            ("gio, 13 giu 2025 09:00:00 +0200", "2025-06-13T09:00:00+02:00"),
            ("13 lug 2025 09:00:00 +0200", "2025-07-13T09:00:00+02:00"),
            ("13 mag 2025 09:00:00 +0200", "2025-05-13T09:00:00+02:00"),
            ("13 gen 2025 09:00:00 +0100", "2025-01-13T09:00:00+01:00"),
            ("13 ott 2025 09:00:00 +0200", "2025-10-13T09:00:00+02:00"),
            ("ma, 3 mrt 2025 10:15:00 +0100", "2025-03-03T10:15:00+01:00"),
            ("wo, 14 mei 2025 10:15:00 +0200", "2025-05-14T10:15:00+02:00"),
            ("seg, 3 fev 2025 10:15:00 -0300", "2025-02-03T10:15:00-03:00"),
            ("3 out 2025 10:15:00 -0300", "2025-10-03T10:15:00-03:00"),
            ("3 dez 2025 10:15:00 -0300", "2025-12-03T10:15:00-03:00"),
            ("3 set 2025 10:15:00 -0300", "2025-09-03T10:15:00-03:00"),
        ])
    func localizedMonths(_ input: String, _ expected: String) {
        #expect(MailDate.parse(input)?.iso8601 == expected)
    }

    /// US numeric dates (Outlook and web forms): taken when the order is not a guess.
    @Test(
        "numeric dates",
        arguments: [
            ("3/3/2025 10:15:00 AM", "2025-03-03T10:15:00+00:00"),  // same either way
            ("3/3/2025 10:15:00 AM -0500", "2025-03-03T10:15:00-05:00"),
            ("3/14/2025 2:05:00 PM", "2025-03-14T14:05:00+00:00"),  // 14 is no month: M/D
            ("14/3/2025 14:05", "2025-03-14T14:05:00+00:00"),  // D/M
            ("3/4/2025 10:15:00 AM EST", "2025-03-04T10:15:00-05:00"),  // 12-hour clock, US zone
            ("Tue 3/4/2025 10:15 PM -0800", "2025-03-04T22:15:00-08:00"),
            ("2025/03/04 10:15:00 +0900", "2025-03-04T10:15:00+09:00"),
            ("04.03.2025 10:15 +0100", "2025-03-04T10:15:00+01:00"),  // dots: always D.M.Y
            ("Di, 4.3.2025 10:15:00 +0100", "2025-03-04T10:15:00+01:00"),
        ])
    func numericDates(_ input: String, _ expected: String) {
        #expect(MailDate.parse(input)?.iso8601 == expected)
    }

    /// Shapes whose day/month order would be a guess, or whose words are no month, stay unread.
    @Test(
        "ambiguous dates stay unread",
        arguments: [
            "3/4/2025 10:15:00", "3/4/2025 10:15:00 +0100", "3/4/2025 10:15 AM +1000", "3/4/2025 10:15 AM",
            "13/14/2025 10:00", "4.13.2025 10:15", "Montag 3 2025 10:15",
            "3 Maggiore 2025 10:00",
        ])
    func ambiguousStaysUnread(_ input: String) {
        #expect(MailDate.parse(input) == nil)
    }

    /// An ambiguous numeric `Date:` falls back to `Received:` as before.
    @Test func ambiguousNumericFallsBackToReceived() throws {
        let m = try message(
            "Received: from a by b; Tue, 4 Mar 2025 09:16:00 +0000\nFrom: ann@client.example\n"
                + "To: bob@vendor.example\nSubject: hi\nDate: 3/4/2025 10:15:00 +0100\n\nHello\n")
        #expect(m.date?.iso8601 == "2025-03-04T09:16:00+00:00")
    }

    /// A localized `Date:` header is the message's date (with the author's offset), not `Received:`.
    @Test func localizedDateHeaderWins() throws {
        let m = try message(
            "Received: from a by b; Mon, 3 Mar 2025 09:16:00 +0000\nFrom: ann@client.example\n"
                + "To: bob@vendor.example\nSubject: hi\nDate: Mo, 3 Mär 2025 10:15:00 +0100\n\nHello\n")
        #expect(m.date?.iso8601 == "2025-03-03T10:15:00+01:00")
    }

    // MARK: Quoted characters

    let head =
        "From: Ann <ann@client.example>\nTo: Bob <bob@vendor.example>\nSubject: Re: plan\n"
        + "Date: Mon, 03 Mar 2025 10:15:00 +0100\nMessage-ID: <r1@client.example>\n"
        + "Content-Type: text/plain; charset=utf-8\n\n"

    /// A quote that runs to the end of the body counted the body's final newline (and trailing blank
    /// lines) as quoted: `> a` counted 3 and `> a\n` 4. The same quote now counts the same.
    @Test(
        "quote at the end of the body",
        arguments: [
            ("Yes.\n\n>> std::cout << x <<\n>> more", 28),
            ("Yes.\n\n>> std::cout << x <<\n>> more\n", 28),
            ("Yes.\n\n>> std::cout << x <<\n>> more\n\n\n", 28),
            ("Yes.\n\n> a\n\nNo.\n", 4),  // a quote in the middle keeps its newline
        ])
    func quoteAtEndOfBody(_ body: String, _ quoted: Int) throws {
        let m = try message(head + body)
        #expect(m.quotedChars == quoted)
    }

    /// A forwarded message (`message/rfc822`, Thunderbird's "attached message" test shape) counted its
    /// text part's final newline, before the next MIME delimiter, as forwarded characters.
    @Test func forwardedPartDoesNotCountItsFinalNewline() throws {
        let raw =
            "From: Bruce <bruce@client.example>\nTo: Heinz <heinz@vendor.example>\nSubject: Attached message\n"
            + "Date: Fri, 20 May 2000 00:29:55 -0400\nMIME-Version: 1.0\n"
            + "Content-Type: multipart/mixed; boundary=\"outer\"\n\n--outer\nContent-Type: text/plain\n\n"
            + "See the message below.\n\n--outer\nContent-Type: message/rfc822\nContent-Disposition: inline\n\n"
            + "From: Clark <clark@planet.example>\nTo: Jimmy <jimmy@planet.example>\nSubject: Test message 1\n"
            + "Content-Type: multipart/mixed; boundary=\"inner\"\n\n--inner\nContent-Type: text/plain\n\n"
            + "Message with multiple attachments.\n\n--inner\nContent-Type: image/png; name=\"p.png\"\n"
            + "Content-Disposition: attachment\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n\n--inner--\n\n"
            + "--outer--\n"
        let m = try message(raw)
        #expect(m.text == "See the message below.")
        #expect(m.flags.contains(.forwarded))
        #expect(m.quotedChars == "Message with multiple attachments.".count)
    }
}
