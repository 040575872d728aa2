import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Round 12 of the real-world triage (2026-12-07: distinct messages under one Message-ID — Roundcube's
/// import test, scripts and clients that reuse ids —, and the test messages of further parsers): each test
/// is a defect found and fixed, written here from scratch with the same shape.
@Suite struct MailRealWorldRound12Tests: SavedMessageReading {
    static func mail(
        _ from: String, _ subject: String, _ date: String, _ body: String, id: String = "<same@x.example>"
    )
        -> String
    {
        "From \(from) Sun Jul 16 15:06:25 2023\nFrom: \(from)\nTo: Tom <tom@y.example>\nSubject: \(subject)\n"
            + "Date: \(date)\nMessage-ID: \(id)\n\n\(body)\n"
    }

    static let a = mail("ann@x.example", "First", "Fri, 23 May 2014 19:44:50 +0200", "1234")
    /// Another sender, the same id and date (Roundcube's import test).
    static let b = mail("bob@x.example", "Second", "Fri, 23 May 2014 19:44:50 +0200", "5678")
    /// The same sender and id, another date (a script that reuses its Message-ID).
    static let c = mail("ann@x.example", "Third", "Sat, 24 May 2014 08:00:00 +0200", "9999")

    /// Messages of the mailboxes read as one run (as `rapport ingest` reads several inputs).
    func read(_ boxes: [String]) throws -> (ids: [String], subjects: [String], summary: IngestSummary) {
        let dir = try TempTree.write(
            Dictionary(uniqueKeysWithValues: boxes.enumerated().map { ("\($0.offset).mbox", $0.element) }))
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let seen = SeenMessageIDs()
        var summary = IngestSummary()
        var ms: [Message] = []
        for k in boxes.indices {
            var reader = MailReader(format: .mbox)
            reader.seenAcrossInputs = seen
            var evidence = UsEvidence()
            try reader.read(path: dir + "/\(k).mbox", options: IngestOptions(), summary: &summary, evidence: &evidence)
            {
                ms.append($0)
            }
        }
        return (ms.map(\.id), ms.map(\.subject), summary)
    }

    /// Before: the second and third message were skipped as `duplicate` of the first (silent loss of real
    /// mail). Now a copy is a duplicate only when sender and date agree too; a different message keeps an id
    /// of its own, `<Message-ID>#<fingerprint>`, which depends on its content only (not on file or order).
    @Test func distinctMessagesSharingOneIDAreAllRead() throws {
        let one = try read([Self.a + Self.b + Self.c])
        #expect(one.subjects == ["First", "Second", "Third"])
        #expect(one.summary.read == 3 && one.summary.emitted == 3 && one.summary.skipped.isEmpty)
        #expect(one.ids[0] == "same@x.example")
        #expect(one.ids[1].hasPrefix("same@x.example#") && one.ids[1].utf8.count == "same@x.example#".utf8.count + 16)
        #expect(Set(one.ids).count == 3)
        #expect(one.summary.problems.filter { $0.contains("Message-ID of an earlier, different message") }.count == 2)
        // Other orders: the first read keeps the plain id, every other one gets its own suffix, whatever
        // came before it.
        let other = try read([Self.c + Self.b + Self.a])
        #expect(other.subjects == ["Third", "Second", "First"])
        #expect(other.ids[0] == "same@x.example" && other.ids[1] == one.ids[1])
        let third = try read([Self.b + Self.a + Self.c])
        #expect(third.ids == ["same@x.example", other.ids[2], one.ids[2]])
        // Across two files (ingest's inputs of one run), in both orders.
        for boxes in [[Self.a, Self.b], [Self.b, Self.a]] {
            let r = try read(boxes)
            #expect(r.summary.emitted == 2 && r.summary.skipped.isEmpty)
            #expect(Set(r.ids).count == 2)
        }
    }

    /// Takeout's label copies (the same message under several labels, in one mbox or one per label) and a
    /// Sent copy with a list's footer and subject tag stay duplicates: same id, sender and date.
    @Test func copiesOfOneMessageStayDuplicates() throws {
        let labelled = Self.a.replacingOccurrences(of: "Subject:", with: "X-Gmail-Labels: Inbox\nSubject:")
        let sent = Self.a.replacingOccurrences(of: "Subject: First", with: "Subject: [list] First")
            .replacingOccurrences(of: "1234\n", with: "1234\n_______________\nlist mailing list\n")
        let one = try read([Self.a + labelled + sent + Self.a])
        #expect(one.summary.read == 4 && one.summary.emitted == 1 && one.summary.skipped == ["duplicate": 3])
        let three = try read([Self.a, labelled + Self.b, Self.b + sent])
        #expect(three.subjects == ["First", "Second"])
        #expect(three.summary.read == 5 && three.summary.skipped == ["duplicate": 3])
    }

    // MARK: Exchange fragments after an image

    static let head =
        "From: Ann <ann@client.example>\nTo: bob@vendor.example\nSubject: plan\n"
        + "Date: Tue, 12 Mar 2019 10:22:00 +0100\nMessage-ID: <att12@client.example>\nMIME-Version: 1.0\n"
        + "Content-Type: multipart/mixed; boundary=\"b1\"\n\n"

    /// Apple Mail's text–image–text body as Exchange stores and exports it: the words after the image in
    /// `ATT00001.htm` / `ATT00002.txt` with `Content-Disposition: attachment`. They were dropped as files;
    /// right after an image they continue the body. Without an image before it the fragment stays a file
    /// (a list footer Outlook passed on, round 11).
    @Test func attachedExchangeFragmentAfterAnImageContinuesTheBody() throws {
        let image =
            "--b1\nContent-Type: image/jpeg; name=\"IMG_0001.jpeg\"\nContent-Disposition: attachment; "
            + "filename=\"IMG_0001.jpeg\"\nContent-ID: <img1@client.example>\nContent-Transfer-Encoding: base64\n\n/9j/4AAQ\n"
        let html = try message(
            Self.head + "--b1\nContent-Type: text/html; charset=utf-8\n\n<p>Here is the chart:</p>\n" + image
                + "--b1\nContent-Type: text/html; charset=utf-8; name=\"ATT00001.htm\"\n"
                + "Content-Disposition: attachment; filename=\"ATT00001.htm\"\n\n<p>The numbers look good.</p>\n"
                + image + "--b1\nContent-Type: text/plain; name=\"ATT00002.txt\"\n"
                + "Content-Disposition: attachment; filename=\"ATT00002.txt\"\n\nSee you Monday.\n--b1--\n")
        #expect(html.text == "Here is the chart:\n\nThe numbers look good.\n\nSee you Monday.")
        let footer = try message(
            Self.head + "--b1\nContent-Type: text/plain\n\nThe body.\n"
                + "--b1\nContent-Type: text/plain; name=\"ATT00001.txt\"\n"
                + "Content-Disposition: attachment; filename=\"ATT00001.txt\"\n\nList footer.\n--b1--\n")
        #expect(footer.text == "The body.")
        // Another named file after an image stays a file.
        let file = try message(
            Self.head + "--b1\nContent-Type: text/plain\n\nThe body.\n" + image
                + "--b1\nContent-Type: text/plain; name=\"notes.txt\"\n"
                + "Content-Disposition: attachment; filename=\"notes.txt\"\n\nA file.\n--b1--\n")
        #expect(file.text == "The body.")
    }

    // MARK: Transfer encodings

    /// A script that labels plain text `Content-Transfer-Encoding: base64` (enmime's test corpus): the prose
    /// was decoded into garbage. Lines with white space between their data bytes are no base64: the body is
    /// kept as it is. Real base64 is decoded as before, also in groups of four.
    @Test func proseLabelledBase64IsKeptAsText() throws {
        let head =
            "From: Ann <ann@client.example>\nTo: bob@vendor.example\nSubject: t\n"
            + "Date: Tue, 12 Mar 2019 10:22:00 +0100\nMIME-Version: 1.0\n"
            + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
        #expect(
            try message(head + "The invoice  is attached.\nPlease check  it today.\n").text
                == "The invoice  is attached.\nPlease check  it today.")
        #expect(try message(head + "Thanks  a lot\n").text == "Thanks  a lot")
        #expect(try message(head + "VGhlIGludm9pY2Uu\n").text == "The invoice.")
        // Base64 in groups of four (round 11) is still base64.
        #expect(try message(head + "VGhl IGlu dm9p\nY2Ug aXMg ZHVl Lg==\n").text == "The invoice is due.")
        #expect(Array("Hello  world\nagain  here\n".utf8).withUnsafeBufferPointer { Transfer.base64End($0) } == 0)
    }

    // MARK: Dates

    /// `Tue, 12 Mar 2019 10 o'clock` (and `10 Uhr`) was read as midnight UTC, silently. A short number where
    /// the time should be, with no time after it, makes the header unreadable: kept as `date_text`, counted,
    /// and the date comes from `Received:`.
    @Test func strayHourIsAnUnreadableDate() throws {
        for text in ["Tue, 12 Mar 2019 10 o'clock", "Di, 12. Mär 2019 10 Uhr"] {
            #expect(MailDate.parse(text) == nil)
            let (m, summary) = try read(
                "From: Ann <ann@client.example>\nTo: bob@vendor.example\nSubject: t\n"
                    + "Received: by mx.vendor.example; Tue, 12 Mar 2019 10:00:31 +0100\nDate: \(text)\n\nHi\n")
            #expect(m.date?.iso8601 == "2019-03-12T10:00:31+01:00")
            #expect(m.attributes["date_text"] == text)
            #expect(summary.unreadDates == ["other-header": 1])
        }
        #expect(MailDate.parse("Tue, 12 Mar 2019")?.iso8601 == "2019-03-12T00:00:00+00:00")
        #expect(MailDate.parse("Tue, 12 Mar 2019 10:22 +0100")?.iso8601 == "2019-03-12T10:22:00+01:00")
        #expect(MailDate.parse("12 Mar 2019 10:22:00 +0100 (CET)")?.iso8601 == "2019-03-12T10:22:00+01:00")
    }

    // MARK: Addresses

    /// Go's `net/mail` cases: several comments after an address were glued into one name
    /// (`CFWS (cfws)another comment`); they are joined with a space now, as Python's `getaddrlist` does.
    @Test func severalCommentsAreOneSpacedName() {
        let a = HeaderDecoder.addresses(Array("<cfws@example.com> (CFWS (cfws))  (another comment)".utf8))
        #expect(a.first?.address == "cfws@example.com")
        #expect(a.first?.name == "CFWS (cfws) another comment")
        #expect(HeaderDecoder.addresses(Array("john@example.com (John Doe)".utf8)).first?.name == "John Doe")
        #expect(HeaderDecoder.addresses(Array("John Doe <john@example.com> (Joey)".utf8)).first?.name == "John Doe")
    }
}
