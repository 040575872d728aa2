import Foundation
import RapportCore
import RapportIngest
import Testing

/// Layouts no built-in profile knows: the generic reader, user mapping files, and `--explain`.
@Suite("Ticket generic reader and mappings")
struct TicketGenericTests {
    @Test func forumLayoutIsReadGenerically() throws {
        let r = try TicketFixtures.read(TicketFixtures.path("generic-forum.html"))
        #expect(r.summary.read == 3)
        #expect(r.summary.emitted == 3)
        #expect(r.messages.map(\.id) == ["ticket:generic-forum#0", "ticket:generic-forum#1", "ticket:generic-forum#2"])
        #expect(r.messages.map(\.from.id) == ["ticket:maria gonzalez", "ticket:tom becker", "ticket:maria gonzalez"])
        #expect(r.messages.map { $0.attributes["author_role"] ?? "" } == ["requester", "agent", "requester"])
        #expect(
            r.messages.map { $0.date?.iso8601 ?? "" } == [
                "2024-03-12T14:05:00+00:00", "2024-03-12T15:40:00+00:00", "2024-03-14T09:12:00+00:00",
            ])
        #expect(
            r.messages.map(\.text) == [
                "My order 5521 never arrived and tracking has not moved for a week.",
                "Sorry about that, Maria. I have asked the carrier to investigate.",
                "The parcel arrived today, thanks for the help.",
            ])
        #expect(r.messages.allSatisfy { $0.subject == "Order 5521 never arrived" && $0.channel == .ticketPublic })
        #expect(r.messages.allSatisfy { $0.attributes["ticket_profile"] == "generic" })
        #expect(r.evidence.senders == ["ticket:tom becker": 1])
    }

    @Test func tableLayoutIsReadGenerically() throws {
        let r = try TicketFixtures.read(TicketFixtures.path("generic-table.html"))
        #expect(r.messages.count == 4)
        #expect(r.messages.map(\.from.displayName) == ["Olu Adebayo", "Kim Park", "Olu Adebayo", "Kim Park"])
        #expect(r.messages[1].text == "Please update to client 5.2 and send us the log if it persists.")
        #expect(r.messages[3].date?.iso8601 == "2024-05-02T08:40:00+00:00")
        #expect(r.messages[3].parent == "ticket:generic-table#2")
    }

    /// Round-2 triage (a real Zendesk notification page): entries listed newest first are read oldest
    /// first (parent, requester), and a `mailto:` in the body's company footer is not the author.
    @Test func newestFirstPageIsReadOldestFirst() throws {
        let r = try TicketFixtures.read(TicketFixtures.path("generic-newest-first.html"))
        #expect(r.messages.map(\.id) == ["ticket:generic-newest-first#1", "ticket:generic-newest-first#0"])
        #expect(r.messages.map(\.from.id) == ["ticket:carla customer", "ticket:erin agent"])
        #expect(r.messages.map { $0.attributes["author_role"] ?? "" } == ["requester", "agent"])
        #expect(r.messages.map(\.parent) == [nil, "ticket:generic-newest-first#1"])
        #expect(r.messages[0].text == "The December invoice is missing the agreed discount.")
        #expect(r.messages[1].text.hasPrefix("Hello Carla, the corrected invoice is attached."))
    }

    @Test func unknownLayoutIsACountedSkipWithAdvice() throws {
        let r = try TicketFixtures.read(TicketFixtures.path("generic-unknown.html"))
        #expect(r.messages.isEmpty)
        #expect(r.summary.read == 1)
        #expect(r.summary.skipped == ["ticket-layout-unknown": 1])
        #expect(r.summary.problems.count == 1)
        #expect(r.summary.problems[0].contains("--ticket-profile"))
    }

    @Test func lowConfidenceIsACountedSkip() throws {
        // Two repeated blocks, only one with a date: confidence 0.4 < 0.6.
        let html = """
            <html><body><div class="list">
            <div class="item"><b>Ann Lee</b> 2024-05-01 10:00 <p>The printer on floor two is jammed again.</p></div>
            <div class="item"><b>Bob Ray</b> <p>Have you tried turning it off and on again?</p></div>
            </div></body></html>
            """
        let path = try TicketFixtures.temporary(Array(html.utf8), name: "low.html")
        let r = try TicketFixtures.read(path)
        #expect(r.messages.isEmpty)
        #expect(r.summary.skipped == ["ticket-layout-unknown": 1])
        #expect(r.summary.problems.first?.contains("confidence 0.40 is below 0.60") == true)
        let explain = try TicketReader(profileDirectory: TicketFixtures.profiles).explain(
            path: path, options: IngestOptions())
        #expect(explain.contains("profile: generic (generic (div.item)), confidence 0.40, threshold 0.60"))
    }

    @Test func mappingFileWinsOverGeneric() throws {
        var options = IngestOptions()
        options.ticketProfilePath = TicketFixtures.path("mapping-forum.json")
        let r = try TicketFixtures.read(TicketFixtures.path("generic-forum.html"), options: options)
        #expect(r.messages.map(\.id) == ["shop:5521#0", "shop:5521#1", "shop:5521#2"])
        #expect(r.messages.map { $0.attributes["ticket_profile"] ?? "" } == ["shop-forum", "shop-forum", "shop-forum"])
        #expect(
            r.messages.map { $0.date?.iso8601 ?? "" } == [
                "2024-03-12T14:05:00+01:00", "2024-03-12T15:40:00+01:00", "2024-03-14T09:12:00+01:00",
            ])
        #expect(r.messages.map { $0.attributes["author_role"] ?? "" } == ["requester", "agent", "requester"])
        #expect(r.messages[1].text == "Sorry about that, Maria. I have asked the carrier to investigate.")
    }

    @Test func explainNamesTheProfileAndEntries() throws {
        var options = IngestOptions()
        options.ticketProfilePath = TicketFixtures.path("mapping-forum.json")
        let text = try TicketReader(profileDirectory: TicketFixtures.profiles).explain(
            path: TicketFixtures.path("generic-forum.html"), options: options)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains("profile: shop-forum (mapping file \(TicketFixtures.path("mapping-forum.json")))"))
        #expect(lines.contains("thread: shop:5521"))
        #expect(lines.contains("entries: 3"))
        #expect(
            lines.contains(
                "  [1] Tom Becker — agent (entry.agent), public, date '12 March 2024 15:40' → 2024-03-12T15:40:00+01:00"
            ))
        #expect(lines.contains("      text: Sorry about that, Maria. I have asked the carrier to investigate."))
    }

    struct BadMapping: Sendable, CustomStringConvertible {
        var json: String
        var message: String
        var description: String { message }
    }

    static let badMappings: [BadMapping] = [
        BadMapping(json: "{", message: "ticket profile is not valid: not JSON"),
        BadMapping(
            json: #"{"name":"x","product":"p","detect":[],"entries":"//div","entry":{"body":"."}}"#,
            message: "missing field 'entry.author'"),
        BadMapping(
            json:
                #"{"name":"x","product":"p","detect":[],"ticket":{},"entries":"//div","entry":{"author":"//b","body":"."}}"#,
            message: "profile x: entry.author[0] must be relative to the entry"),
        BadMapping(
            json:
                #"{"name":"x","product":"p","detect":["//div[["],"ticket":{},"entries":"//div","entry":{"author":".","body":"."}}"#,
            message: "profile x: detect[0] is not a valid XPath expression: //div[["),
        BadMapping(
            json:
                #"{"name":"x","product":"p","detect":[],"ticket":{},"entries":"//div","entry":{"author":".","body":".","defaultRole":"boss"}}"#,
            message: "entry.defaultRole 'boss' is not one of"),
        BadMapping(
            json:
                #"{"name":"x","product":"p","detect":[],"ticket":{},"entries":"//div","entry":{"author":".","body":".","timeZone":"Mars/Base"}}"#,
            message: "entry.timeZone 'Mars/Base' is not an offset"),
    ]

    @Test(arguments: badMappings)
    func invalidMappingsFailClearly(_ bad: BadMapping) throws {
        let path = try TicketFixtures.temporary(Array(bad.json.utf8), name: "bad-\(abs(bad.message.hashValue)).json")
        var options = IngestOptions()
        options.ticketProfilePath = path
        do {
            _ = try TicketFixtures.read(TicketFixtures.path("generic-forum.html"), options: options)
            Issue.record("expected an error")
        } catch let e as RapportError {
            #expect(e.code == .invalidConfiguration)
            #expect(e.file == path)
            #expect(e.message.contains(bad.message), "\(e.message)")
        }
    }

    @Test func missingMappingFileIsAMissingInput() throws {
        var options = IngestOptions()
        options.ticketProfilePath = "/nonexistent/mapping.json"
        #expect(throws: RapportError.self) {
            _ = try TicketFixtures.read(TicketFixtures.path("generic-forum.html"), options: options)
        }
    }

    @Test func ingestorDispatchesHTMLToTheTicketReader() throws {
        let ingestor = Ingestor()
        let plan = try ingestor.plan([TicketFixtures.path("zendesk-print.html"), TicketFixtures.path("redmine.html")])
        #expect(plan.map(\.format) == [.html, .html])
        var summary = IngestSummary()
        var evidence = UsEvidence()
        var ids: [String] = []
        try ingestor.ingest(plan, summary: &summary, evidence: &evidence) { m in ids.append(m.id) }
        #expect(ids.count == 8)
        // Read in sorted path order (redmine.html before zendesk-print.html), whatever the order given.
        #expect(ids.first == "redmine:1042#0")
        #expect(ids.last == "zendesk:4821#3")
        #expect(summary.files == 2)
        #expect(summary.read == 9)
        #expect(summary.skipped == ["ticket-system-event": 1])
        #expect(evidence.infer().internalDomains == ["acme.io"])
    }
}
