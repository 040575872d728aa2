import Foundation
import RapportCore
import RapportText
import Testing

@testable import RapportIngest

/// Round 6 of the real-world triage for HTML tickets (2026-12-07): helpdesks without a profile (Znuny /
/// OTRS, Trac, MantisBT, GLPI), each read by the generic reader as `ticket-layout-unknown` or with wrong
/// entries, and charsets whose declaration and bytes disagree.
@Suite struct TicketRealWorldRound6Tests {
    static func dates(_ r: TicketFixtures.Result) -> [String] { r.messages.map { $0.date?.description ?? "" } }

    /// Znuny's agent zoom with every article expanded, newest first: the customer's mail, the system
    /// auto-reply (an event), an internal note, and the agent's HTML reply, whose body is an `iframe` kept
    /// in the page's `_files` folder. Dates are the agent's `TimeShort` with the zone name Znuny appends
    /// (`03/05/2024 09:14 (Europe/Berlin)`): +01:00 in March, +02:00 in April.
    @Test func znunyAgentTicketZoom() throws {
        let r = try TicketFixtures.read(TicketFixtures.path("znuny.html"))
        let key = "znuny:2024030510000012"
        #expect(r.messages.map(\.id) == [key + "#3", key + "#1", key + "#0"])
        #expect(r.messages.map(\.parent) == [nil, key + "#3", key + "#1"])
        #expect(
            r.messages.map(\.from.id) == [
                "jana.novak@kanzlei-novak.example", "ticket:karl huber", "support@printhaus.example",
            ])
        #expect(r.messages.map(\.from.displayName) == ["Jana Novák", "Karl Huber", "Printhaus Support"])
        #expect(r.messages.map { $0.attributes["author_role"] } == ["requester", "agent", "agent"])
        #expect(r.messages.map(\.channel) == [.ticketPublic, .ticketInternal, .ticketPublic])
        #expect(
            r.messages.map(\.text) == [
                "Guten Tag,\n\nunser Drucker im 2. Stock druckt seit gestern nur leere Seiten. Den Toner haben wir "
                    + "schon getauscht.\n\nMit freundlichen Grüßen\nJana Novák",
                "Toner ist es nicht, die Trommel ist verschlissen. Ich fahre morgen früh hin.",
                "Sehr geehrte Frau Novák,\n\nunser Techniker war heute vor Ort und hat die Trommel getauscht. Der "
                    + "Drucker druckt wieder.\n\nMit freundlichen Grüßen",
            ])
        #expect(r.messages.map(\.quotedChars) == [0, 0, 113])
        #expect(
            r.messages.map { $0.attributes["signature"] } == [
                "Kanzlei Novák · Lindengasse 4 · 1070 Wien", nil, "Karl Huber",
            ])
        #expect(
            Self.dates(r) == ["2024-03-05T09:14:00+01:00", "2024-03-05T10:02:00+01:00", "2024-04-02T08:30:00+02:00"])
        #expect(r.messages.allSatisfy { $0.subject == "Drucker druckt nur leere Seiten" })
        #expect(r.messages[0].attributes["status"] == "closed successful")
        #expect(r.messages[0].attributes["priority"] == "3 normal")
        #expect(r.summary.read == 4)
        #expect(r.summary.skipped == ["ticket-system-event": 1])
        #expect(r.evidence.senders == ["ticket:karl huber": 1, "support@printhaus.example": 1])
    }

    /// The same page saved "HTML only" (no `_files` folder): the HTML reply is a counted, reasoned skip.
    /// A frame `src` outside the page's folder (absolute, `..`, a URL) is never followed.
    @Test func znunyFrameWithoutItsFile() throws {
        let page = try String(contentsOfFile: TicketFixtures.path("znuny.html"), encoding: .utf8)
        for (src, name) in [
            ("znuny_files/saved_resource.html", "znuny-html-only.html"), ("../tickets/znuny.html", "znuny-dotdot.html"),
            ("/etc/hostname", "znuny-absolute.html"), ("https://helpdesk.example/otrs/index.pl", "znuny-url.html"),
        ] {
            let html = page.replacingOccurrences(of: "znuny_files/saved_resource.html", with: src)
            let path = try TicketFixtures.temporary(Array(html.utf8), name: name)
            let r = try TicketFixtures.read(path)
            #expect(r.messages.count == 2, "\(src)")
            #expect(r.summary.skipped == ["ticket-system-event": 1, "ticket-body-in-frame": 1], "\(src)")
            #expect(r.summary.read == r.summary.emitted + r.summary.skippedTotal)
            #expect(r.summary.problems.contains { $0.contains("entry 0: the body is in a frame (\(src))") }, "\(src)")
        }
    }

    /// The same Znuny page saved as a single file (Chromium's MHTML): the HTML reply's frame is a later
    /// `text/html` part that the `iframe` names by `cid:`; it is read from there. Without that part the
    /// reply is the counted `ticket-body-in-frame` skip.
    @Test func znunyMHTMLFrame() throws {
        let html = try TicketFixtures.read(TicketFixtures.path("znuny.html"))
        let path = TicketFixtures.path("znuny.mhtml")
        #expect(Ingestor.detectFile(path) == .html)
        let r = try TicketFixtures.read(path)
        #expect(r.messages.map(\.text) == html.messages.map(\.text))
        #expect(r.messages.map(\.quotedChars) == html.messages.map(\.quotedChars))
        #expect(r.messages.map(\.id) == html.messages.map(\.id))
        #expect(r.summary.skipped == ["ticket-system-event": 1])
        let explained = try TicketReader(profileDirectory: TicketFixtures.profiles).explain(
            path: path, options: IngestOptions())
        #expect(explained.contains("charset: MHTML, UTF-8\n"))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let cut = try #require(text.range(of: "Content-ID: <frame-7A20C4E1F3@mhtml.blink>"))
        let without = String(text[..<cut.lowerBound]) + "\r\n\r\n------MultipartBoundary--Zn7uNy0Tz4kQ2wXe------\r\n"
        let lost = try TicketFixtures.temporary(Array(without.utf8), name: "znuny-no-frame.mhtml")
        let l = try TicketFixtures.read(lost)
        #expect(l.messages.count == 2)
        #expect(l.summary.skipped == ["ticket-system-event": 1, "ticket-body-in-frame": 1])
    }

    /// A Trac ticket: the description is the reporter's request, `#comment:N` changes with a comment are
    /// messages, a change of fields only is an event. Times come from the timeline links' `from=` value
    /// (ISO 8601 with the user's offset, percent-encoded); the text shows "9 months ago". A reply's
    /// "Replying to comment:2 jcole:" line and its citation are quoted text.
    @Test func tracTicket() throws {
        let r = try TicketFixtures.read(TicketFixtures.path("trac.html"))
        #expect(r.messages.map(\.id) == ["trac:1187#0", "trac:1187#2", "trac:1187#3", "trac:1187#4"])
        #expect(
            r.messages.map(\.from.id) == [
                "max.bauer@kunde-bauer.example", "ticket:jcole", "max.bauer@kunde-bauer.example", "ticket:jcole",
            ])
        #expect(r.messages.map { $0.attributes["author_role"] } == ["requester", "agent", "requester", "agent"])
        #expect(
            r.messages.map(\.text) == [
                "Since 2.3 the CSV export of a filtered list leaves out its last row. With 10 rows in the list the "
                    + "file has 9.\n\nSteps:\n\n- filter the orders list by \"open\"\n\n- Export → CSV\n\nMax Bauer\n"
                    + "Kunde Bauer GmbH",
                "Thanks for the report. Does it happen without the filter too, or only on filtered lists?",
                "Only on filtered lists. The full list exports fine.",
                "Fixed in [4711]: the paging loop stopped one row early on filtered lists. Released in 2.4.",
            ])
        #expect(r.messages.map(\.quotedChars) == [0, 0, 93, 0])
        #expect(
            Self.dates(r) == [
                "2024-03-05T09:14:22+01:00", "2024-03-05T10:20:00+01:00", "2024-03-05T12:10:00+01:00",
                "2024-04-02T16:05:10+02:00",
            ])
        #expect(r.messages.allSatisfy { $0.subject == "CSV export drops the last row" })
        #expect(r.messages[0].attributes["status"] == "closed")
        #expect(r.messages[0].attributes["priority"] == "major")
        #expect(r.messages[0].attributes["tags"] == "csv,regression")
        #expect(r.summary.read == 5)
        #expect(r.summary.skipped == ["ticket-system-event": 1])
        #expect(r.evidence.senders == ["ticket:jcole": 2])
    }

    /// A MantisBT 2.x issue: the description (the reporter's), notes with the access level label
    /// (developer = agent, reporter = requester), a private note, and an attachment row (an event). Dates
    /// are `Y-m-d H:i` in the viewer's zone, printed without one: read as UTC.
    @Test func mantisIssue() throws {
        let r = try TicketFixtures.read(TicketFixtures.path("mantisbt.html"))
        let key = "mantisbt:0000742"
        #expect(r.messages.map(\.id) == [key + "#0", key + "#1", key + "#2", key + "#3", key + "#5"])
        #expect(
            r.messages.map(\.from.id) == [
                "ticket:dkowalski", "ticket:hsato", "ticket:hsato", "ticket:dkowalski", "ticket:hsato",
            ])
        #expect(
            r.messages.map { $0.attributes["author_role"] } == ["requester", "agent", "agent", "requester", "agent"])
        #expect(
            r.messages.map(\.channel) == [.ticketPublic, .ticketPublic, .ticketInternal, .ticketPublic, .ticketPublic])
        #expect(
            r.messages.map(\.text) == [
                "Since Monday the login page of the portal does not load from our office network: after about 30 "
                    + "seconds the browser shows \"504 Gateway Timeout\". From home it works.\n\nWe go through a "
                    + "Squid proxy (3.5).\n\nDariusz Kowalski\nIT, Kowalski Logistik",
                "Can you send the exact time of a failing attempt and the proxy's log line for it? Our load balancer "
                    + "shows no request from your address range.",
                "Probably the new TLS 1.3-only setting on the balancer; their Squid 3.5 cannot do it.",
                "Yesterday 17:32, log line below. This is blocking our whole dispatch team!\n\n1709656320.114 30002 "
                    + "10.4.0.17 TCP_MISS/504 312 GET https://portal.example/login - HIER_DIRECT/203.0.113.9 text/html",
                "The balancer accepts TLS 1.2 again since 16:30. Please check from the office and reopen if it still "
                    + "fails.",
            ])
        #expect(r.messages.map(\.quotedChars) == [0, 0, 0, 52, 0])
        #expect(
            Self.dates(r) == [
                "2024-03-05T09:14:00+00:00", "2024-03-05T10:02:00+00:00", "2024-03-05T10:05:00+00:00",
                "2024-03-06T08:47:00+00:00", "2024-03-07T16:40:00+00:00",
            ])
        #expect(r.messages.allSatisfy { $0.subject == "Login page times out behind the proxy" })
        #expect(r.messages[0].attributes["status"] == "resolved")
        #expect(r.messages[0].attributes["priority"] == "high")
        #expect(r.summary.read == 6)
        #expect(r.summary.skipped == ["ticket-system-event": 1])
        #expect(r.evidence.senders == ["ticket:hsato": 3])
    }

    /// A GLPI 10 ticket: the request (the timeline's `ITILContent`), follow-ups, a private task, a
    /// document row (an event) and the solution. The requester's side is `t-left`, the technician's
    /// `t-right`; relative dates carry the absolute time in their `title`.
    @Test func glpiTicket() throws {
        let r = try TicketFixtures.read(TicketFixtures.path("glpi.html"))
        #expect(r.messages.map(\.id) == ["glpi:1503#0", "glpi:1503#1", "glpi:1503#2", "glpi:1503#4", "glpi:1503#5"])
        #expect(
            r.messages.map(\.from.id) == [
                "ticket:anna keller", "ticket:luc martin", "ticket:luc martin", "ticket:anna keller",
                "ticket:luc martin",
            ])
        #expect(
            r.messages.map { $0.attributes["author_role"] } == ["requester", "agent", "agent", "requester", "agent"])
        #expect(
            r.messages.map(\.channel) == [.ticketPublic, .ticketPublic, .ticketInternal, .ticketPublic, .ticketPublic])
        #expect(
            r.messages.map(\.text) == [
                "Bonjour,\n\ndepuis la mise à jour de lundi, le VPN se déconnecte toutes les 10 minutes sur mon "
                    + "portable (Windows 11).\n\nCordialement,",
                "Bonjour Anna,\n\npouvez-vous m'envoyer le journal du client VPN (Paramètres → Diagnostic → "
                    + "Exporter) ?\n\nLuc",
                "Même symptôme chez deux autres postes de la compta : probablement le nouveau délai DPD du "
                    + "concentrateur.",
                "Voici le journal en pièce jointe.\n\nAnna",
                "Le délai DPD du concentrateur est revenu à 300 s. Plus de déconnexion depuis hier.",
            ])
        #expect(r.messages.map(\.quotedChars) == [0, 0, 0, 97, 0])
        #expect(r.messages[0].attributes["signature"] == "Anna Keller\nComptabilité")
        #expect(
            Self.dates(r) == [
                "2024-03-05T09:14:00+00:00", "2024-03-05T10:31:00+00:00", "2024-03-05T10:40:00+00:00",
                "2024-03-05T11:03:00+00:00", "2024-04-02T14:20:00+00:00",
            ])
        #expect(r.messages.allSatisfy { $0.subject == "VPN se déconnecte toutes les 10 minutes" })
        #expect(r.messages[0].attributes["status"] == "Résolu")
        #expect(r.summary.read == 6)
        #expect(r.summary.skipped == ["ticket-system-event": 1])
        #expect(r.evidence.senders == ["ticket:luc martin": 3])
    }

    /// The profiles added in this round (each with its fixture page `<name>.html`).
    static let profiles: Set<String> = ["glpi", "mantisbt", "trac", "znuny"]

    /// Detection is exclusive both ways: each new profile alone matches its own page and no other fixture
    /// page, and no other profile matches the new pages.
    @Test func newProfilesClaimOnlyTheirPages() throws {
        let all = try TicketProfile.loadAll(directory: TicketFixtures.profiles)
        for name in TicketRealWorldRound3Tests.pages {
            let raw = try FileBytes.read(TicketFixtures.path(name), limit: Int.max)
            let doc = try HTMLDocument(bytes: TicketCharset.utf8(raw).bytes, encoding: "UTF-8", url: name)
            let extractor = TicketExtractor(doc: doc, path: name)
            let own = String(name.dropLast(5))
            for p in all where Self.profiles.contains(p.name) || Self.profiles.contains(own) {
                #expect(try extractor.matches(p) == (p.name == own), "\(p.name) on \(name)")
            }
        }
    }

    /// Truncated and tag-stripped copies of the new pages: never a crash, every entry counted.
    @Test(arguments: ["glpi.html", "mantisbt.html", "trac.html", "znuny.html"])
    func brokenCopiesAreCounted(name: String) throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: TicketFixtures.path(name))))
        var variants: [[UInt8]] = []
        for cut in [bytes.count / 3, bytes.count / 2, bytes.count * 4 / 5] { variants.append(Array(bytes[..<cut])) }
        // Every closing tag dropped, and every `class="…"` attribute renamed (no profile markup left).
        let text = String(decoding: bytes, as: UTF8.self)
        variants.append(Array(text.replacingOccurrences(of: "</", with: "<").utf8))
        variants.append(Array(text.replacingOccurrences(of: "class=\"", with: "data-x=\"").utf8))
        for (k, v) in variants.enumerated() {
            let path = try TicketFixtures.temporary(v, name: "broken-\(k)-" + name)
            let r = try TicketFixtures.read(path)
            #expect(r.summary.read == r.summary.emitted + r.summary.skippedTotal, "\(name) variant \(k)")
            #expect(r.summary.read >= 1, "\(name) variant \(k)")
        }
    }

    // MARK: Charsets

    static func zammadPage() throws -> String {
        try String(contentsOfFile: TicketFixtures.path("zammad.html"), encoding: .utf8)
    }

    static func explain(_ path: String) throws -> String {
        try TicketReader(profileDirectory: TicketFixtures.profiles).explain(path: path, options: IngestOptions())
    }

    /// UTF-16 saved without a byte order mark (was "unrecognized input format", and read as UTF-8 noise):
    /// recognized from the NUL bytes of its markup, both byte orders.
    @Test func utf16WithoutBOM() throws {
        let page = try Self.zammadPage()
        let utf8 = try TicketFixtures.read(TicketFixtures.path("zammad.html"))
        var le: [UInt8] = []
        var be: [UInt8] = []
        for u in page.utf16 {
            le += [UInt8(u & 0xFF), UInt8(u >> 8)]
            be += [UInt8(u >> 8), UInt8(u & 0xFF)]
        }
        for (bytes, name, charset) in [(le, "nobom-le.html", "UTF-16LE"), (be, "nobom-be.html", "UTF-16BE")] {
            let path = try TicketFixtures.temporary(bytes, name: name)
            #expect(Ingestor.detectFile(path) == .html, "\(name)")
            let r = try TicketFixtures.read(path)
            #expect(r.messages.map(\.text) == utf8.messages.map(\.text), "\(name)")
            #expect(r.messages.map(\.from.displayName) == utf8.messages.map(\.from.displayName), "\(name)")
            let explained = try Self.explain(path)
            #expect(explained.contains("charset: \(charset) (no BOM)\n"), "\(name)")
            #expect(
                explained.contains("note: no byte order mark; the NUL bytes of the markup show \(charset)\n"), "\(name)"
            )
        }
    }

    /// A `<meta>` that disagrees with the bytes: windows-1252 declared over UTF-8 (a page converted
    /// without its markup), UTF-16 declared over ASCII/UTF-8 (read as UTF-8, as browsers do; it used to be
    /// decoded as UTF-16: CJK noise), and a name ICU does not know. The bytes win; a note says so.
    @Test func metaDisagreesWithTheBytes() throws {
        let page = try Self.zammadPage()
        let utf8 = try TicketFixtures.read(TicketFixtures.path("zammad.html"))
        let meta = "<meta charset=\"utf-8\">"
        #expect(page.contains(meta))
        for (declared, charset, note) in [
            ("windows-1252", "UTF-8", "declared windows-1252 but the bytes are UTF-8; read as UTF-8"),
            ("utf-16", "UTF-8", "declared utf-16 in a <meta> readable as ASCII; read as UTF-8"),
        ] {
            let html = page.replacingOccurrences(of: meta, with: "<meta charset=\"\(declared)\">")
            let path = try TicketFixtures.temporary(Array(html.utf8), name: "meta-\(declared).html")
            let r = try TicketFixtures.read(path)
            #expect(r.messages.map(\.text) == utf8.messages.map(\.text), "\(declared)")
            #expect(r.summary.problems.contains { $0.hasSuffix(": " + note) }, "\(declared)")
            #expect(try Self.explain(path).contains("charset: \(charset)\n"), "\(declared)")
        }
        // An unknown name over windows-1252 bytes: ICU's guess reads the Latin letters.
        let unknown = page.replacingOccurrences(of: meta, with: "<meta charset=\"x-rapport-unknown\">")
        let bytes = try #require(unknown.data(using: .windowsCP1252))
        let path = try TicketFixtures.temporary(Array(bytes), name: "meta-unknown.html")
        let r = try TicketFixtures.read(path)
        #expect(r.messages.map(\.text) == utf8.messages.map(\.text))
        #expect(
            r.summary.problems.contains {
                $0.contains(": declared x-rapport-unknown, which is not a known charset; read as ")
            })
    }

    /// Only a `charset=` inside a `<meta>` declares the page's charset: a script's `charset="utf-8"`
    /// before the real `<meta>` made a windows-1252 page "declared UTF-8 but not UTF-8" (read by guess).
    @Test func charsetOutsideMetaIsNotADeclaration() throws {
        let page = try Self.zammadPage()
        let html = page.replacingOccurrences(
            of: "<meta charset=\"utf-8\">",
            with: "<script src=\"app.js\" charset=\"utf-8\"></script><meta charset=\"windows-1252\">")
        let bytes = try #require(html.data(using: .windowsCP1252))
        let path = try TicketFixtures.temporary(Array(bytes), name: "script-charset.html")
        let r = try TicketFixtures.read(path)
        #expect(r.messages.map(\.from.displayName).contains("Jana Novák"))
        #expect(r.summary.problems.isEmpty)
        #expect(try Self.explain(path).contains("charset: windows-1252\n"))
        #expect(TicketCharset.declaredCharset(Array("<p>charset=koi8-r</p><meta charset=x>".utf8)) == "x")
        #expect(TicketCharset.declaredCharset(Array("<p>charset=koi8-r</p>".utf8)) == nil)
    }

    /// An XHTML page whose only charset declaration is its XML declaration (`encoding="ISO-8859-2"`, older
    /// helpdesks' saved pages): read in that charset, not guessed as windows-1252 ("Zdeòka" before).
    @Test func xmlDeclarationEncoding() throws {
        let r = try TicketFixtures.read(TicketFixtures.path("xhtml-latin2.html"))
        #expect(r.messages.map(\.from.displayName) == ["Zdeňka Nováková", "Tom Becker", "Zdeňka Nováková"])
        #expect(r.messages[0].text == "Objednávka 5521 nedorazila, sledování se týden nepohnulo. Děkuji.")
        #expect(r.summary.problems.isEmpty)
        #expect(try Self.explain(TicketFixtures.path("xhtml-latin2.html")).contains("charset: ISO-8859-2\n"))
        #expect(
            TicketCharset.xmlDeclaredEncoding(Array("<?xml version='1.0' encoding='koi8-r'?><html>".utf8)) == "koi8-r")
        #expect(TicketCharset.xmlDeclaredEncoding(Array("<html><?xml encoding=\"x\"?>".utf8)) == nil)
        #expect(TicketCharset.xmlDeclaredEncoding(Array("<?xml version=\"1.0\"?><html>".utf8)) == nil)
        // A <meta> still wins over the XML declaration.
        #expect(
            TicketCharset.declaredCharset(
                Array("<?xml version=\"1.0\" encoding=\"ISO-8859-2\"?><html><head><meta charset=\"utf-8\">".utf8))
                == "utf-8")
    }

    /// A page saved "Web page, complete" by Internet Explorer / old Edge: the "Mark of the Web" comment
    /// first, a windows-1252 (or ISO-8859-1) `http-equiv`, and the characters 0x80–0x9F that only
    /// windows-1252 has (€, curly quotes, dashes).
    @Test func internetExplorerCompleteWindows1252() throws {
        let body = "Der Preis war 1.200 € – „zu teuer“, sagt der Kunde."
        for label in ["windows-1252", "ISO-8859-1"] {
            let html = """
                <!-- saved from url=(0046)https://help.example.com/tickets/agent/9912 -->
                <html><head><meta http-equiv="Content-Type" content="text/html; charset=\(label)">
                <title>#9 Test</title></head><body>
                <h1 class="ticket-title"><span class="ticket-id">#9</span> Test</h1>
                <div class="comments"><div class="comment public" data-author-role="end-user">
                <div class="comment-header"><span class="author">Jörg Weiß</span>
                <span class="date">Mar 5, 2024 10:14</span></div><div class="zd-comment"><p>\(body)</p></div></div></div>
                </body></html>
                """
            let bytes = try #require(html.data(using: .windowsCP1252))
            let path = try TicketFixtures.temporary(Array(bytes), name: "ie-\(label).htm")
            #expect(Ingestor.detectFile(path) == .html)
            let r = try TicketFixtures.read(path)
            #expect(r.messages.map(\.text) == [body], "\(label)")
            #expect(r.messages.map(\.from.displayName) == ["Jörg Weiß"], "\(label)")
            #expect(r.summary.problems.isEmpty, "\(label)")
        }
    }

    /// UTF-32 with its BOM is read (its BOM starts like UTF-16LE's), and without one (the NUL pattern, as
    /// for UTF-16); a page that is mostly control bytes even so is one counted skip with the reason.
    @Test func utf32AndControlBytes() throws {
        let page = try Self.zammadPage()
        let utf8 = try TicketFixtures.read(TicketFixtures.path("zammad.html"))
        var le: [UInt8] = []
        for s in page.unicodeScalars {
            let v = s.value
            le += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)]
        }
        for (bytes, name, charset) in [
            ([0xFF, 0xFE, 0, 0] + le, "utf32.html", "UTF-32LE (BOM)"), (le, "utf32-nobom.html", "UTF-32LE (no BOM)"),
        ] {
            let path = try TicketFixtures.temporary(bytes, name: name)
            #expect(Ingestor.detectFile(path) == (name == "utf32.html" ? .html : nil), "\(name)")
            #expect(try TicketFixtures.read(path).messages.map(\.text) == utf8.messages.map(\.text), "\(name)")
            #expect(try Self.explain(path).contains("charset: \(charset)\n"), "\(name)")
        }
        // Markup, then 4 KB of control bytes (a binary file named .html).
        let binary = Array("<html><body><p>".utf8) + (0..<4096).map { UInt8($0 % 9) }
        let path = try TicketFixtures.temporary(binary, name: "control.html")
        let r = try TicketFixtures.read(path)
        #expect(r.summary.skipped == ["ticket-not-text": 1])
        #expect(r.summary.read == 1)
        #expect(
            r.summary.problems == [
                path + ": 4081 of the first 4096 bytes (read as UTF-8 (assumed)) are control characters: not a text "
                    + "page (a binary file, or an unrecognized encoding such as UTF-32 without a byte order mark)"
            ])
    }
}

/// Variants of the round-6 pages: other locales, versions and settings of the same products.
@Suite struct TicketRealWorldRound6VariantTests {
    /// Znuny in German (`DD.MM.YYYY`, "Erstellt:"), and with the agent in the system's zone (no zone
    /// name after the time: read as UTC).
    @Test func znunyGermanAndWithoutZoneName() throws {
        let page = try String(contentsOfFile: TicketFixtures.path("znuny.html"), encoding: .utf8)
        var german = page.replacingOccurrences(of: "Created: ", with: "Erstellt: ")
        for (us, de) in [
            ("03/05/2024 09:14", "05.03.2024 09:14"), ("03/05/2024 09:15", "05.03.2024 09:15"),
            ("03/05/2024 10:02", "05.03.2024 10:02"), ("04/02/2024 08:30", "02.04.2024 08:30"),
        ] {
            german = german.replacingOccurrences(of: us, with: de)
        }
        // The page sits beside the fixture's `znuny_files` folder so its frame is found.
        let dir = URL(fileURLWithPath: TestTemp.root + "/znuny-variants")
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("znuny_files"), withIntermediateDirectories: true)
        let frame = dir.appendingPathComponent("znuny_files/saved_resource.html").path
        if !FileManager.default.fileExists(atPath: frame) {
            try FileManager.default.copyItem(
                atPath: TicketFixtures.path("znuny_files/saved_resource.html"), toPath: frame)
        }
        let dePath = dir.appendingPathComponent("de.html").path
        try Data(german.utf8).write(to: URL(fileURLWithPath: dePath))
        let de = try TicketFixtures.read(dePath)
        #expect(
            de.messages.map { $0.date?.description ?? "" } == [
                "2024-03-05T09:14:00+01:00", "2024-03-05T10:02:00+01:00", "2024-04-02T08:30:00+02:00",
            ])
        #expect(de.messages.count == 3)
        let plain = page.replacingOccurrences(of: " (Europe/Berlin)", with: "")
        let plainPath = dir.appendingPathComponent("utc.html").path
        try Data(plain.utf8).write(to: URL(fileURLWithPath: plainPath))
        let utc = try TicketFixtures.read(plainPath)
        #expect(
            utc.messages.map { $0.date?.description ?? "" } == [
                "2024-03-05T09:14:00+00:00", "2024-03-05T10:02:00+00:00", "2024-04-02T08:30:00+00:00",
            ])
        #expect(utc.messages.last?.text.hasPrefix("Sehr geehrte Frau Novák,") == true)
    }

    /// Trac without its timeline module: the times are `<span title="03/05/24 10:20:00">` with the
    /// relative text, no link and no offset (read as UTC).
    @Test func tracWithoutTimelineLinks() throws {
        var page = try String(contentsOfFile: TicketFixtures.path("trac.html"), encoding: .utf8)
        var k = 0
        while let start = page.range(of: "<a class=\"timeline\" href=\"") {
            let titleStart = try #require(
                page.range(of: "title=\"See timeline at ", range: start.upperBound..<page.endIndex))
            let end = try #require(page.range(of: "</a>", range: titleStart.upperBound..<page.endIndex))
            let inner = page[titleStart.upperBound..<end.lowerBound]
            page.replaceSubrange(start.lowerBound..<end.upperBound, with: "<span title=\"" + inner + "</span>")
            k += 1
        }
        #expect(k == 7)
        let path = try TicketFixtures.temporary(Array(page.utf8), name: "trac-no-timeline.html")
        let r = try TicketFixtures.read(path)
        #expect(
            r.messages.map { $0.date?.description ?? "" } == [
                "2024-03-05T09:14:22+00:00", "2024-03-05T10:20:00+00:00", "2024-03-05T12:10:00+00:00",
                "2024-04-02T16:05:10+00:00",
            ])
        #expect(r.messages.map(\.from.id).first == "max.bauer@kunde-bauer.example")
    }

    /// MantisBT 1.2's table layout: `tr.bugnote.bugnote-public/-private`, `td.bugnote-meta` with the
    /// reporter, the access level in parentheses and the submission date.
    @Test func mantisOneTwoLayout() throws {
        let html = """
            <html><head><meta http-equiv="Content-type" content="text/html; charset=utf-8" />
            <title>0000123: Crash when saving a report - MantisBT</title></head><body>
            <table class="width100" cellspacing="1">
            <tr><td class="form-title" colspan="6">View Issue Details</td></tr>
            <tr class="row-category"><td>ID</td><td>Project</td><td>Category</td><td>View Status</td><td>Date Submitted</td><td>Last Update</td></tr>
            <tr class="row-1"><td class="bug-id">0000123</td><td class="bug-project">Reports</td><td class="bug-category">[Reports] General</td>
            <td class="bug-view-status">public</td><td class="bug-date-submitted">2013-05-02 14:10</td><td class="bug-last-modified">2013-05-02 15:30</td></tr>
            <tr class="row-2"><td class="category">Reporter</td><td class="bug-reporter"><a href="view_user_page.php?id=9">jdoe</a></td></tr>
            <tr class="row-1"><td class="category">Priority</td><td class="bug-priority">normal</td>
            <td class="category">Status</td><td class="bug-status" bgcolor="#ffffb0">new</td></tr>
            <tr class="row-2"><td class="category">Summary</td><td class="bug-summary" colspan="5">0000123: Crash when saving a report</td></tr>
            <tr class="row-1"><td class="category">Description</td><td class="bug-description" colspan="5">The app closes when I press Save.<br />
            Every time since the update.</td></tr>
            </table>
            <a id="bugnotes"></a><br />
            <table class="bugnotes width100" cellspacing="1">
            <tr><td class="form-title" colspan="2">Notes</td></tr>
            <tr class="bugnote bugnote-public" id="c501">
            <td class="bugnote-meta"><p class="compact"><span class="small bugnote-permalink"><a rel="bookmark" href="view.php?id=123#c501">~0000501</a></span></p>
            <p class="compact"><span class="bugnote-reporter"><a href="view_user_page.php?id=2">msmith</a><span class="small access-level">(developer)</span></span></p>
            <p class="compact"><span class="small bugnote-date-submitted">2013-05-02 15:00</span></p></td>
            <td class="bugnote-note">Fixed in 1.2.1, please update.</td></tr>
            <tr class="spacer"><td colspan="2"></td></tr>
            <tr class="bugnote bugnote-private" id="c502">
            <td class="bugnote-meta"><p class="compact"><span class="bugnote-reporter"><a href="view_user_page.php?id=4">alee</a><span class="small access-level">(manager)</span></span>
            <span class="small bugnote-view-state">[ private ]</span></p>
            <p class="compact"><span class="small bugnote-date-submitted">2013-05-02 15:30</span></p></td>
            <td class="bugnote-note">Customer is on 1.1.9, tell support.</td></tr>
            </table></body></html>
            """
        let path = try TicketFixtures.temporary(Array(html.utf8), name: "mantis-1.2.html")
        let r = try TicketFixtures.read(path)
        #expect(r.messages.map(\.id) == ["mantisbt:0000123#0", "mantisbt:0000123#1", "mantisbt:0000123#2"])
        #expect(r.messages.map(\.from.id) == ["ticket:jdoe", "ticket:msmith", "ticket:alee"])
        #expect(r.messages.map { $0.attributes["author_role"] } == ["requester", "agent", "agent"])
        #expect(r.messages.map(\.channel) == [.ticketPublic, .ticketPublic, .ticketInternal])
        #expect(
            r.messages.map(\.text) == [
                "The app closes when I press Save.\nEvery time since the update.", "Fixed in 1.2.1, please update.",
                "Customer is on 1.1.9, tell support.",
            ])
        #expect(
            r.messages.map { $0.date?.description ?? "" } == [
                "2013-05-02T14:10:00+00:00", "2013-05-02T15:00:00+00:00", "2013-05-02T15:30:00+00:00",
            ])
        #expect(r.messages.allSatisfy { $0.subject == "Crash when saving a report" })
        #expect(r.messages[0].attributes["status"] == "new")
    }
}
