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

    // MARK: Dates

    /// Basic ISO 8601 without separators and dotted times with seconds were unread (the message took the
    /// `Received:` date, or none) or lost their time (`10.22.33` read as midnight, zone dropped).
    @Test(
        "date shapes",
        arguments: [
            ("20190312T102200Z", "2019-03-12T10:22:00+00:00"),
            ("20190312T102200+0100", "2019-03-12T10:22:00+01:00"),
            ("20190312T1022-0500", "2019-03-12T10:22:00-05:00"),
            ("20190312t102200.250Z", "2019-03-12T10:22:00+00:00"),
            ("Tue, 12 Mar 2019 10.22.33 +0100", "2019-03-12T10:22:33+01:00"),
            ("12.03.2019 10.22.33 +0200", "2019-03-12T10:22:33+02:00"),
            ("ti 12.3.2019 klo 10.22", "2019-03-12T10:22:00+00:00"),
            // 24:00:00 is the next day's midnight, as RFC 5322 readers roll it.
            ("Tue, 12 Mar 2019 24:00:00 +0100", "2019-03-13T00:00:00+01:00"),
            ("Thu, 28 Feb 2019 24:00 -0800", "2019-03-01T00:00:00-08:00"),
        ])
    func dateShapes(_ text: String, _ iso: String) {
        #expect(MailDate.parse(text)?.iso8601 == iso)
    }

    /// An impossible time (hour 27, `24:30`, minute 60, second 61) and dotted numbers that are no time.
    @Test(
        "impossible times",
        arguments: [
            "Tue, 12 Mar 2019 27:10:00 +0100", "Tue, 12 Mar 2019 24:30:00 +0100", "Tue, 12 Mar 2019 24:00:01 +0100",
            "Tue, 12 Mar 2019 10:60:00 +0100", "Tue, 12 Mar 2019 10:22:61 +0100", "20190312T2722Z", "20190312T10Z",
        ])
    func impossibleTimes(_ text: String) {
        #expect(MailDate.parse(text) == nil)
    }

    /// An IP address after a date is not a dotted time.
    @Test func dottedAddressIsNoTime() {
        #expect(MailDate.parse("12 Mar 2019 10.22.33.44")?.iso8601 == "2019-03-12T00:00:00+00:00")
    }

    /// A `Date:` that cannot be read was noticed only as `attributes.date_text`: a message without another
    /// date source became undated with nothing in the summary. Now the summary counts it (`unreadDates`,
    /// printed as `unreadable Date: N (…)`) and a problem line says what happened.
    @Test func unreadableDateIsCounted() throws {
        let head = "From: Ann <ann@client.example>\nTo: bob@vendor.example\nSubject: late\n"
        let (undated, s1) = try read(head + "Date: Tue, 12 Mar 2019 27:10:00 +0100\n\nHello.\n")
        #expect(undated.date == nil)
        #expect(undated.attributes["date_text"] == "Tue, 12 Mar 2019 27:10:00 +0100")
        #expect(s1.unreadDates == ["undated": 1])
        #expect(s1.line.hasSuffix(", unreadable Date: 1 (undated 1)"))
        #expect(s1.problems.count == 1)
        #expect(
            s1.problems.first?.hasSuffix(": unreadable Date: header (kept as date_text); the message is undated")
                == true)
        let (dated, s2) = try read(
            head + "Received: from a.example by b.example; Tue, 12 Mar 2019 10:22:31 +0000\n"
                + "Date: Tue, 12 Mar 2019 10:60:00 +0100\n\nHello.\n")
        #expect(dated.date?.iso8601 == "2019-03-12T10:22:31+00:00")
        #expect(s2.unreadDates == ["other-header": 1])
        let (_, s3) = try read(head + "Date: Tue, 12 Mar 2019 10:22:00 +0100\n\nHello.\n")
        #expect(s3.unreadDates == nil)
        #expect(s3.problems.isEmpty)
    }

    // MARK: Exchange body fragments

    /// Exchange and Outlook split a body around an inline image (Apple Mail's text–image–text) and send the
    /// words after the image as `ATT00001.txt` / `ATT00002.htm` parts without `attachment` disposition:
    /// after a real body such a fragment was a file and its words were lost.
    @Test func exchangeFragmentsContinueTheBody() throws {
        let head =
            "From: Ann <ann@client.example>\nTo: bob@vendor.example\nSubject: plan\n"
            + "Date: Tue, 12 Mar 2019 10:22:00 +0100\nMessage-ID: <att@client.example>\nMIME-Version: 1.0\n"
            + "Content-Type: multipart/mixed; boundary=\"b1\"\n\n"
        let image =
            "--b1\nContent-Type: image/png; name=\"image001.png\"\nContent-Disposition: inline; "
            + "filename=\"image001.png\"\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n"
        let plain = try message(
            head + "--b1\nContent-Type: text/plain; charset=us-ascii\n\nHere is the chart:\n" + image
                + "--b1\nContent-Type: text/plain; name=\"ATT00001.txt\"\nContent-Description: ATT00001.txt\n"
                + "Content-Disposition: inline; filename=\"ATT00001.txt\"\n\nThe numbers look good.\n--b1--\n")
        #expect(plain.text == "Here is the chart:\n\nThe numbers look good.")
        let html = try message(
            head + "--b1\nContent-Type: text/html; charset=utf-8\n\n<p>Here is the chart:</p>\n" + image
                + "--b1\nContent-Type: text/html; charset=utf-8; name=\"ATT00002.htm\"\n\n"
                + "<p>The numbers look good.</p>\n--b1--\n")
        #expect(html.text == "Here is the chart:\n\nThe numbers look good.")
        // Both forms of a fragment in an alternative of its own, as Exchange sends them.
        let alternative = try message(
            head + "--b1\nContent-Type: text/plain\n\nHere is the chart:\n" + image
                + "--b1\nContent-Type: multipart/alternative; boundary=\"b2\"\n\n"
                + "--b2\nContent-Type: text/plain; name=\"ATT00003.txt\"\n\nThe numbers look good.\n"
                + "--b2\nContent-Type: text/html; name=\"ATT00003.htm\"\n\n<p>The numbers look good.</p>\n--b2--\n"
                + "--b1--\n")
        #expect(alternative.text == "Here is the chart:\n\nThe numbers look good.")
    }

    /// A fragment sent as an attachment after a real body stays a file (a list footer Outlook passed on), and
    /// other named text parts after the body are files as before.
    @Test func attachedFragmentAndOtherNamesStayFiles() throws {
        let head =
            "From: Ann <ann@client.example>\nTo: bob@vendor.example\nSubject: plan\n"
            + "Date: Tue, 12 Mar 2019 10:22:00 +0100\nMIME-Version: 1.0\n"
            + "Content-Type: multipart/mixed; boundary=\"b1\"\n\n--b1\nContent-Type: text/plain\n\nThe body.\n"
        let attached = try message(
            head + "--b1\nContent-Type: text/plain; name=\"ATT00001.txt\"\n"
                + "Content-Disposition: attachment; filename=\"ATT00001.txt\"\n\nList footer.\n--b1--\n")
        #expect(attached.text == "The body.")
        let notes = try message(
            head + "--b1\nContent-Type: text/plain; name=\"notes.txt\"\n\nA file.\n--b1--\n")
        #expect(notes.text == "The body.")
        #expect(MIMEWalker.isExchangeFragment("ATT00001.txt"))
        #expect(MIMEWalker.isExchangeFragment("att00002.TXT"))
        #expect(!MIMEWalker.isExchangeFragment("ATT0001.txt", html: true))
        #expect(!MIMEWalker.isExchangeFragment("ATT00001.htm"))
        #expect(MIMEWalker.isExchangeFragment("ATT00001.htm", html: true))
        #expect(MIMEWalker.isExchangeFragment("ATT00001.html", html: true))
        #expect(!MIMEWalker.isExchangeFragment("ATTACH.txt", html: true))
        #expect(!MIMEWalker.isExchangeFragment("ATT.txt", html: true))
        #expect(!MIMEWalker.isExchangeFragment("ATT000001.txt", html: true))
    }

    // MARK: Transfer encodings

    /// A list footer appended as plain text after a base64 body (ezmlm, majordomo, old Mailman) was decoded
    /// with the data: `Der Preis für München ûçè¢׫`. The data ends at the first rule or line no base64
    /// line has; the footer is kept as text (here the signature).
    @Test func plainFooterAfterBase64Body() throws {
        let head =
            "From: Ann <ann@client.example>\r\nTo: bob@vendor.example\r\nSubject: t\r\n"
            + "Date: Tue, 12 Mar 2019 10:22:00 +0100\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        let signed = try message(head + "RGVyIFByZWlzIGbDvHIgTcO8bmNoZW4g\r\n\r\n-- \r\nfooter\r\n")
        #expect(signed.text == "Der Preis für München")
        let list = try message(
            head + "RGVyIFByZWlzIGbDvHIg\r\nTcO8bmNoZW4g\r\n_______________________________________________\r\n"
                + "Support mailing list\r\nhttps://lists.vendor.example/mailman/listinfo/support\r\n")
        #expect(list.text == "Der Preis für München")
        // Spaces inside base64 lines and URL-safe letters are still data.
        let spaced = try message(head + "RGVy IFBy ZWlz\r\nIGbDvHIg TcO8bmNoZW4g\r\n")
        #expect(spaced.text == "Der Preis für München")
        let bytes = Array("QUJD\n--\nx\n".utf8)
        #expect(bytes.withUnsafeBufferPointer { Transfer.base64End($0) } == 5)
        let whole = Array("QUJD\nREVG\n".utf8)
        #expect(whole.withUnsafeBufferPointer { Transfer.base64End($0) } == whole.count)
    }
}
