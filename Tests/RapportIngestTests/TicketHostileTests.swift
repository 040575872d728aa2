import Foundation
import RapportCore
import RapportIngest
import Testing

/// Broken and hostile pages: never a crash, never a silent drop, bounded time and memory.
@Suite("Ticket hostile pages", .serialized)
struct TicketHostileTests {
    static let comment = """
        <div class="comment public" data-author-role="end-user"><div class="comment-header">
        <span class="author">Jane Roe</span> <span class="author-email">&lt;jane.roe@globex.com&gt;</span>
        <span class="date">Mar 5, 2024 10:14</span></div><div class="zd-comment"><p>Still broken.</p></div></div>
        """

    /// Size of the generated huge page (`RAPPORT_TICKET_HUGE_MB` overrides the 50 MB default).
    static let hugeBytes = (Int(ProcessInfo.processInfo.environment["RAPPORT_TICKET_HUGE_MB"] ?? "") ?? 50) << 20

    static func zendeskPage(body: String, head: String = "<meta charset=\"utf-8\">") -> String {
        """
        <!DOCTYPE html><html><head>\(head)<title>#9 Test</title></head><body>
        <h1 class="ticket-title"><span class="ticket-id">#9</span> Test</h1>
        <table class="ticket-fields"><tr><th>Time zone</th><td class="time-zone">(GMT+01:00) Berlin</td></tr></table>
        <div class="comments">\(body)</div></body></html>
        """
    }

    @Test func unclosedTagsAreRecovered() throws {
        let html = """
            <html><head><title>#9<body><h1 class="ticket-title"><span class="ticket-id">#9</span> Broken
            <div class="comments">
            <div class="comment public" data-author-role="end-user"><div class="comment-header">
            <span class="author">Jane Roe<span class="date">Mar 5, 2024 10:14</div>
            <div class="zd-comment"><p>First line<p>Second <b>bold <i>both</b> line
            <div class="comment private" data-author-role="agent"><div class="comment-header">
            <span class="author">Sam Lee</span><span class="date">Mar 5, 2024 11:00</span></div>
            <div class="zd-comment"><table><tr><td>cell one<td>cell two
            """
        let path = try TicketFixtures.temporary(Array(html.utf8), name: "unclosed.html")
        let r = try TicketFixtures.read(path)
        #expect(r.summary.read == r.summary.emitted + r.summary.skippedTotal)
        #expect(r.messages.count == 2)
        #expect(r.messages.first?.text.hasPrefix("First line\n\nSecond bold both line") == true)
        #expect(r.messages.first?.date?.iso8601 == "2024-03-05T10:14:00+00:00")
        #expect(r.messages.last?.channel == .ticketInternal)
    }

    @Test func deepNestingIsBounded() throws {
        let depth = 100_000
        let nested = String(repeating: "<div>", count: depth) + "deep text" + String(repeating: "</div>", count: depth)
        let page = Self.zendeskPage(
            body: Self.comment + Self.comment.replacingOccurrences(of: "<p>Still broken.</p>", with: nested))
        let path = try TicketFixtures.temporary(Array(page.utf8), name: "deep.html")
        let clock = ContinuousClock()
        let start = clock.now
        let r = try TicketFixtures.read(path)
        #expect(clock.now - start < .seconds(60))
        #expect(r.summary.read == r.summary.emitted + r.summary.skippedTotal)
        // Beyond IngestLimits.maxHTMLDepth the page is still read; the depth is reported as a problem.
        #expect(r.summary.read == 2)
        // Also the generic walker (no profile) on a deep page without any ticket markup.
        let generic = "<html><body>" + nested + "</body></html>"
        let gpath = try TicketFixtures.temporary(Array(generic.utf8), name: "deep-generic.html")
        let g = try TicketFixtures.read(gpath)
        #expect(g.summary.skipped == ["ticket-layout-unknown": 1])
    }

    @Test func entityBombIsNotExpanded() throws {
        var dtd = "<!DOCTYPE html [<!ENTITY a0 \"ha\">"
        for i in 1...12 {
            dtd += "<!ENTITY a\(i) \"" + String(repeating: "&a\(i - 1);", count: 10) + "\">"
        }
        dtd += "]>"
        let body = Self.comment.replacingOccurrences(of: "Still broken.", with: "&a12; &amp; &lt;ok&gt;")
        let page = dtd + Self.zendeskPage(body: body).replacingOccurrences(of: "<!DOCTYPE html>", with: "")
        let path = try TicketFixtures.temporary(Array(page.utf8), name: "bomb.html")
        let r = try TicketFixtures.read(path)
        #expect(r.messages.count == 1)
        #expect((r.messages.first?.text.utf8.count ?? 0) < 100)
        #expect(r.messages.first?.text.hasSuffix("& <ok>") == true)
    }

    @Test func wrongCharsetIsReadAsWindows1252AndReported() throws {
        // Declared UTF-8, written in Latin-1: "Dupré" must not become U+FFFD.
        var bytes = Array(
            Self.zendeskPage(body: Self.comment.replacingOccurrences(of: "Still broken.", with: "Merci, Dupr_!")).utf8)
        if let i = bytes.firstIndex(of: UInt8(ascii: "_")) { bytes[i] = 0xE9 }
        let path = try TicketFixtures.temporary(bytes, name: "latin1.html")
        let r = try TicketFixtures.read(path)
        #expect(r.messages.first?.text == "Merci, Dupré!")
        #expect(r.summary.problems.contains { $0.contains("declared utf-8 but the bytes are not UTF-8") })
    }

    @Test func utf16WithBOMIsDecoded() throws {
        let page = Self.zendeskPage(
            body: Self.comment.replacingOccurrences(of: "Still broken.", with: "Ça marche — 日本"))
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in page.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let path = try TicketFixtures.temporary(bytes, name: "utf16.html")
        let r = try TicketFixtures.read(path)
        #expect(r.messages.first?.text == "Ça marche — 日本")
    }

    @Test func metaCharsetIsHonored() throws {
        let page = Self.zendeskPage(
            body: Self.comment.replacingOccurrences(of: "Still broken.", with: "Привет"),
            head: "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\">")
        // Encode as KOI8-R: Привет = F0 D2 C9 D7 C5 D4.
        let parts = page.components(separatedBy: "Привет")
        #expect(parts.count == 2)
        let encoded = Array(parts[0].utf8) + [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4] + Array(parts[1].utf8)
        let path = try TicketFixtures.temporary(encoded, name: "koi8.html")
        let r = try TicketFixtures.read(path)
        #expect(r.messages.first?.text == "Привет")
    }

    @Test func emptyAndBinaryFilesAreCountedSkips() throws {
        let empty = try TicketFixtures.temporary([], name: "empty.html")
        let e = try TicketFixtures.read(empty)
        #expect(e.summary.skipped == ["ticket-empty-page": 1])
        let binary = try TicketFixtures.temporary(
            (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) }, name: "bin.html")
        let b = try TicketFixtures.read(binary)
        #expect(b.summary.read == 1)
        #expect(b.summary.emitted == 0)
        #expect(b.summary.skippedTotal == 1)
    }

    @Test func pageOverTheSizeLimitIsSkipped() throws {
        var options = IngestOptions()
        options.limits.maxMessageBytes = 100
        let path = try TicketFixtures.temporary(Array(Self.zendeskPage(body: Self.comment).utf8), name: "limit.html")
        let r = try TicketFixtures.read(path, options: options)
        #expect(r.summary.skipped == ["ticket-too-large": 1])
    }

    /// A 50 MB page (≈ 40 000 comments) is read in bounded time; per-entry XPath stays relative,
    /// so the cost is linear. Memory: the page is parsed once (libxml2 tree) and messages stream out.
    @Test func fiftyMegabytePage() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "rapport-tickets-50mb-\(getpid()).html"
        ).path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let filler = String(repeating: "The export still fails on large files; please advise. ", count: 18)
        let one = Self.comment.replacingOccurrences(of: "Still broken.", with: filler)
        var page = Self.zendeskPage(body: "")
        let insertAt = page.range(of: "<div class=\"comments\">")!.upperBound
        var body = ""
        body.reserveCapacity(52 << 20)
        var count = 0
        while body.utf8.count < Self.hugeBytes {
            body += one
            count += 1
        }
        page.insert(contentsOf: body, at: insertAt)
        let data = page.withUTF8 { Data($0) }
        try data.write(to: URL(fileURLWithPath: path))
        body = ""
        page = ""
        let clock = ContinuousClock()
        let start = clock.now
        var emitted = 0
        var lastText = ""
        var summary = IngestSummary()
        var evidence = UsEvidence()
        try TicketReader(profileDirectory: TicketFixtures.profiles).read(
            path: path, options: IngestOptions(), summary: &summary, evidence: &evidence
        ) { m in
            emitted += 1
            lastText = m.text
        }
        let elapsed = clock.now - start
        print("50 MB ticket page: \(count) entries in \(elapsed)")
        #expect(emitted == count)
        #expect(summary.read == count)
        #expect(lastText == filler.trimmingCharacters(in: .whitespaces))
        #expect(elapsed < .seconds(300))
    }
}
