import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Round 2 of the real-world triage for HTML tickets (2026-12-07): open-source helpdesks whose templates
/// are public (FreeScout, Zammad), the generic reader on their pages, and how pages are saved (complete
/// with a `_files` folder, MHTML, windows-1252, UTF-16, several ticket tabs).
@Suite struct TicketRealWorldRound2Tests {
    /// A FreeScout conversation saved from the browser: no profile read it (the `helpscout` profile keys on
    /// `#conversation` and `.thread.customer`; FreeScout, a Help Scout clone, writes `#conv-layout-main`
    /// and `.thread.thread-type-customer`). Threads are newest first; dates are in the link's `title`
    /// (its text is relative); the status line is a system event; "you" is the saving agent.
    @Test func freescoutConversation() throws {
        let r = try TicketFixtures.read(TicketFixtures.path("freescout.html"))
        #expect(r.messages.map(\.id) == ["freescout:1043#3", "freescout:1043#2", "freescout:1043#0"])
        #expect(r.messages.map(\.parent) == [nil, "freescout:1043#3", "freescout:1043#2"])
        #expect(r.messages.map(\.from.id) == ["priya.nair@ostrava-tools.example", "ticket:lena vogel", "ticket:you"])
        #expect(r.messages.map { $0.attributes["author_role"] } == ["requester", "agent", "agent"])
        #expect(r.messages.map(\.channel) == [.ticketPublic, .ticketInternal, .ticketPublic])
        #expect(
            r.messages.map(\.text) == [
                "Hello,\n\nour invoice INV-2291 shows the wrong VAT number. Could you send a corrected one?\n\nThanks,",
                "Their VAT ID changed in February; the CRM still has the old one.",
                "Hi Priya,\n\nthe corrected invoice is attached. Sorry for the trouble!\n\nBest regards,",
            ])
        #expect(r.messages.map(\.quotedChars) == [0, 0, 97])
        #expect(
            r.messages.map { $0.date?.description ?? "" } == [
                "2024-03-05T09:14:00+00:00", "2024-03-05T11:20:00+00:00", "2024-03-06T16:45:00+00:00",
            ])
        #expect(r.messages.allSatisfy { $0.subject == "Invoice shows the wrong VAT number" })
        #expect(r.messages[0].attributes["status"] == "Pending")
        #expect(r.messages[0].attributes["tags"] == "billing,vat")
        #expect(r.summary.read == 4)
        #expect(r.summary.skipped == ["ticket-system-event": 1])
        #expect(r.evidence.senders == ["ticket:lena vogel": 1, "ticket:you": 1])
    }

    /// A Zammad ticket saved from the agent interface with two ticket tabs open: only the shown tab
    /// (`#content_permanent_… .active`) is read; the trigger's auto-reply (a `system` article) is an event;
    /// the internal note is internal; the sender and address come from the article's "From" row.
    @Test func zammadTicketZoom() throws {
        let r = try TicketFixtures.read(TicketFixtures.path("zammad.html"))
        #expect(r.messages.map(\.id) == ["zammad:34100#0", "zammad:34100#2", "zammad:34100#3"])
        #expect(
            r.messages.map(\.from.id) == [
                "jana.novak@kanzlei-novak.example", "ticket:karl huber", "support@printhaus.example",
            ])
        #expect(r.messages.map { $0.attributes["author_role"] } == ["requester", "agent", "agent"])
        #expect(r.messages.map(\.channel) == [.ticketPublic, .ticketInternal, .ticketPublic])
        #expect(
            r.messages.map(\.text) == [
                "Guten Tag,\n\nunser Drucker im 2. Stock druckt seit gestern nur leere Seiten.\n\nMit freundlichen Grüßen",
                "Toner leer? Techniker fährt morgen hin.",
                "Sehr geehrte Frau Novák,\n\nunser Techniker kommt morgen um 10 Uhr vorbei.",
            ])
        #expect(r.messages.map(\.quotedChars) == [0, 0, 63])
        #expect(
            r.messages.map { $0.date?.description ?? "" } == [
                "2024-03-05T08:14:07+00:00", "2024-03-05T09:02:00+00:00", "2024-03-05T15:30:00+00:00",
            ])
        #expect(r.messages.allSatisfy { $0.subject == "Drucker druckt nur leere Seiten" })
        #expect(r.messages[0].attributes["status"] == "offen")
        #expect(r.messages[0].attributes["tags"] == "drucker")
        #expect(r.summary.read == 4)
        #expect(r.summary.skipped == ["ticket-system-event": 1])
    }

    // MARK: How pages are saved

    /// "Save page as… Webpage, Complete": `Ticket.html` and `Ticket_files/` (images, scripts, and frames
    /// saved as `.html`). The folder is passed over and listed with the ignored paths, not read as tickets.
    @Test func savedCompleteFolderIsPassedOver() throws {
        let page = try String(contentsOfFile: TicketFixtures.path("freescout.html"), encoding: .utf8)
        let dir = try TempTree.write([
            "Conversation 1043.html": page,
            "Conversation 1043_files/frame.html": "<html><body><div>ad frame</div></body></html>",
            "Conversation 1043_files/style.css": ".thread { margin: 0; }",
            "Notes_files/other.html": "<html><body><p>not beside a page</p></body></html>",
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var ignored: [String] = []
        let plan = try Ingestor().plan([dir], ignored: &ignored)
        #expect(plan.map(\.path) == [dir + "/Conversation 1043.html", dir + "/Notes_files/other.html"])
        #expect(plan.map(\.format) == [.html, .html])
        #expect(ignored == [dir + "/Conversation 1043_files"])
        #expect(Ingestor.savedPageResources(dir + "/Conversation 1043_files") == dir + "/Conversation 1043.html")
        #expect(Ingestor.savedPageResources(dir + "/Notes_files") == nil)
    }

    /// "Webpage, Single File" (Chromium's MHTML: `From: <Saved by Blink>`, a quoted-printable HTML part,
    /// then the page's resources) used to be taken for an `.eml` message; it is read as the page it holds.
    @Test func mhtmlPageIsRead() throws {
        let path = TicketFixtures.path("freescout.mhtml")
        #expect(Ingestor.detectFile(path) == .html)
        let r = try TicketFixtures.read(path)
        let html = try TicketFixtures.read(TicketFixtures.path("freescout.html"))
        #expect(r.messages.map(\.text) == html.messages.map(\.text))
        #expect(r.messages.map(\.from.id) == html.messages.map(\.from.id))
        #expect(r.messages.map(\.date) == html.messages.map(\.date))
        #expect(r.messages.map(\.thread) == html.messages.map(\.thread))
        #expect(r.summary.read == 4)
    }

    /// An MHTML file without an HTML part is one counted skip with the reason; mail with inline images
    /// (multipart/related, but with the fields mail has) stays mail.
    @Test func mhtmlWithoutPageAndRelatedMail() throws {
        let mhtml = """
            From: <Saved by Blink>\r
            Snapshot-Content-Location: https://example.com/a.png\r
            MIME-Version: 1.0\r
            Content-Type: multipart/related; type="image/png"; boundary="b1"\r
            \r
            --b1\r
            Content-Type: image/png\r
            Content-Transfer-Encoding: base64\r
            \r
            iVBORw0KGgo=\r
            --b1--\r

            """
        let path = try TicketFixtures.temporary(Array(mhtml.utf8), name: "image.mhtml")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(Ingestor.detectFile(path) == .html)
        let r = try TicketFixtures.read(path)
        #expect(r.messages.isEmpty)
        #expect(r.summary.skipped == ["ticket-mhtml-no-page": 1])
        let mail = """
            From: Ana <ana@example.com>\r
            To: Bo <bo@example.com>\r
            Subject: Logo\r
            Message-ID: <1@example.com>\r
            MIME-Version: 1.0\r
            Content-Type: multipart/related; type="text/html"; boundary="b2"\r
            \r
            --b2\r
            Content-Type: text/html\r
            \r
            <p>See the logo</p>\r
            --b2--\r

            """
        #expect(Ingestor.detect(head: Array(mail.utf8), name: "logo.eml") == .eml)
    }

    /// A page in windows-1252 (declared in its `<meta>`), and the same page saved as UTF-16 with a BOM
    /// (which was not even recognized as HTML), read like the UTF-8 page.
    @Test func legacyCharsets() throws {
        let page = try String(contentsOfFile: TicketFixtures.path("zammad.html"), encoding: .utf8)
        let utf8 = try TicketFixtures.read(TicketFixtures.path("zammad.html"))
        let cp1252 = page.replacingOccurrences(of: "<meta charset=\"utf-8\">", with: "<meta charset=\"windows-1252\">")
        let bytes1252 = try #require(cp1252.data(using: .windowsCP1252))
        var utf16: [UInt8] = [0xFF, 0xFE]
        for u in page.utf16 { utf16 += [UInt8(u & 0xFF), UInt8(u >> 8)] }
        var utf16be: [UInt8] = [0xFE, 0xFF]
        for u in Array("\r\n".utf16) + Array(page.utf16) { utf16be += [UInt8(u >> 8), UInt8(u & 0xFF)] }
        for (bytes, name, charset) in [
            (Array(bytes1252), "zammad-1252.html", "windows-1252"), (utf16, "zammad-utf16.htm", "UTF-16LE (BOM)"),
            (utf16be, "zammad-utf16be.htm", "UTF-16BE (BOM)"),
        ] {
            let path = try TicketFixtures.temporary(bytes, name: name)
            defer { try? FileManager.default.removeItem(atPath: path) }
            #expect(Ingestor.detectFile(path) == .html, "\(name)")
            let r = try TicketFixtures.read(path)
            #expect(r.messages.map(\.text) == utf8.messages.map(\.text), "\(name)")
            #expect(r.messages.map(\.from.displayName) == utf8.messages.map(\.from.displayName), "\(name)")
            #expect(r.messages.first?.subject == "Drucker druckt nur leere Seiten", "\(name)")
            let explained = try TicketReader(profileDirectory: TicketFixtures.profiles).explain(
                path: path, options: IngestOptions())
            #expect(explained.contains("charset: " + charset + "\n"), "\(name)")
        }
    }

    // MARK: The generic reader on these pages

    /// The reader with no profile at all (an empty profile folder): only the generic reader runs.
    static func generic(_ file: String) throws -> TicketFixtures.Result {
        let dir = TestTemp.root + "/no-profiles"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return try TicketFixtures.read(TicketFixtures.path(file), reader: TicketReader(profileDirectory: dir))
    }

    /// FreeScout's threads (`thread thread-type-customer`, `thread thread-type-note`, …) differ in their
    /// modifier class: grouped by exact class lists they were groups of one and the page was
    /// `ticket-layout-unknown`. Grouped by their own (first) class they are read; the requester is the
    /// author of the oldest entry (the page is newest first, with a status row as old as the reply above
    /// it). Limits: the "you" reply takes the address of its To: row as author, and the status row is
    /// an entry.
    @Test func genericReadsFreeScout() throws {
        let r = try Self.generic("freescout.html")
        #expect(
            r.messages.map(\.id) == [
                "ticket:freescout#3", "ticket:freescout#2", "ticket:freescout#0", "ticket:freescout#1",
            ])
        #expect(
            r.messages.map(\.from.id) == [
                "ticket:priya nair", "ticket:lena vogel", "priya.nair@ostrava-tools.example", "ticket:tomás ruiz",
            ])
        #expect(r.messages.map { $0.attributes["author_role"] } == ["requester", "agent", "agent", "agent"])
        #expect(
            r.messages.map { $0.date?.description ?? "" } == [
                "2024-03-05T09:14:00+00:00", "2024-03-05T11:20:00+00:00", "2024-03-06T16:45:00+00:00",
                "2024-03-06T16:45:00+00:00",
            ])
        #expect(r.messages[1].text == "Tomás Ruiz\nTheir VAT ID changed in February; the CRM still has the old one.")
    }

    /// Zammad's saved page: the hidden tab of the other open ticket (inline `display: none`) is no longer
    /// taken as the repeated block (it won with 0.80 over the articles); the articles are read, with the
    /// author from the From row ("Von" is a label and "JN" an avatar's initials, not names).
    @Test func genericReadsZammad() throws {
        let r = try Self.generic("zammad.html")
        #expect(r.messages.map(\.id) == ["ticket:zammad#0", "ticket:zammad#1", "ticket:zammad#2", "ticket:zammad#3"])
        #expect(
            r.messages.map(\.from.id) == [
                "ticket:jana novák", "ticket:unknown", "ticket:karl huber", "ticket:karl huber via printhaus support",
            ])
        #expect(r.messages.map { $0.attributes["author_role"] } == ["requester", "unknown", "agent", "agent"])
        #expect(r.messages[2].text == "Von\nToner leer? Techniker fährt morgen hin.")
        #expect(r.messages.allSatisfy { $0.attributes["ticket_profile"] == "generic" })
    }

    /// Internet Explorer's single-file page (`.mht`): no Chromium headers, an HTML root type, the page
    /// part in windows-1252 named by the part's `charset` (the page has no `<meta>`), quoted-printable.
    @Test func internetExplorerMHT() throws {
        var bytes = Array(
            """
            From: <Saved by Windows Internet Explorer 11>\r
            Subject: Ticket\r
            Date: Tue, 5 Mar 2024 10:00:00 +0100\r
            MIME-Version: 1.0\r
            Content-Type: multipart/related;\r
            \ttype="text/html";\r
            \tboundary="----=_NextPart_000_0000_01DA6E4F.3C2B1A00"\r
            \r
            This is a multi-part message in MIME format.\r
            \r
            ------=_NextPart_000_0000_01DA6E4F.3C2B1A00\r
            Content-Type: text/html;\r
            \tcharset="Windows-1252"\r
            Content-Transfer-Encoding: quoted-printable\r
            Content-Location: https://help.example.com/t/1\r
            \r
            <html><body><div class=3D"post"><b>Jos=E9 P=E9rez</b> <span class=3D"when">5 March 2024 09:14</span><p>=
            La factura est=E1 mal.</p></div>\r
            <div class=3D"post"><b>Ana Ruiz</b> <span class=3D"when">5 March 2024 10:02</span><p>Ya la corregimos, =
            disculpe.</p></div>\r
            <div class=3D"post"><b>Jos=E9 P=E9rez</b> <span class=3D"when">5 March 2024 11:30</span><p>Gracias, =
            todo bien.</p></div></body></html>\r
            ------=_NextPart_000_0000_01DA6E4F.3C2B1A00--\r

            """.utf8)
        bytes.removeAll { $0 == 0 }
        let path = try TicketFixtures.temporary(bytes, name: "ticket.mht")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(Ingestor.detectFile(path) == .html)
        let r = try TicketFixtures.read(path)
        #expect(r.messages.map(\.from.id) == ["ticket:josé pérez", "ticket:ana ruiz", "ticket:josé pérez"])
        #expect(
            r.messages.map(\.text) == ["La factura está mal.", "Ya la corregimos, disculpe.", "Gracias, todo bien."])
        let explained = try TicketReader(profileDirectory: TicketFixtures.profiles).explain(
            path: path, options: IngestOptions())
        #expect(explained.contains("charset: MHTML, Windows-1252\n"), "\(explained)")
        #expect(r.messages.allSatisfy { $0.thread == "ticket:ticket" })
    }
}
