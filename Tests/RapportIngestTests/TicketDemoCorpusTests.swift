import Foundation
import RapportCore
import RapportIngest
import Testing

/// The demo corpus's HTML tickets (corpora/demo/tickets, Zendesk-like agent print view) against the
/// facts the corpus generator wrote in corpora/expected/demo.json.
@Suite("Ticket demo corpus")
struct TicketDemoCorpusTests {
    static let corpus = TicketFixtures.repository + "/corpora"

    @Test func demoTicketsMatchTheirExpectedFacts() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.corpus + "/expected/demo.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let section = try #require(root["tickets"] as? [String: Any])
        let tickets = try #require(section["tickets"] as? [[String: Any]])
        #expect(tickets.count == 4)
        for t in tickets {
            let file = try #require(t["file"] as? String)
            let id = try #require(t["id"] as? Int)
            let r = try TicketFixtures.read(Self.corpus + "/demo/" + file)
            let comments = try #require(t["comments"] as? [[String: Any]])
            #expect(r.summary.read == comments.count, "\(file)")
            #expect(r.summary.skippedTotal == 0, "\(file)")
            #expect(r.messages.count == comments.count, "\(file)")
            var previous: String?
            for (i, (m, c)) in zip(r.messages, comments).enumerated() {
                #expect(m.id == "zendesk:\(id)#\(i)")
                #expect(m.thread == "zendesk:\(id)")
                #expect(m.parent == previous)
                previous = m.id
                #expect(m.attributes["ticket_profile"] == "zendesk-print")
                #expect(m.from.id == c["author"] as? String, "\(m.id)")
                let role = (c["role"] as? String) == "agent" ? "agent" : "requester"
                #expect(m.attributes["author_role"] == role, "\(m.id)")
                let isPublic = c["public"] as? Bool ?? true
                #expect(m.channel == (isPublic ? .ticketPublic : .ticketInternal), "\(m.id)")
                #expect(m.date?.iso8601 == c["datetime"] as? String, "\(m.id)")
                #expect(m.subject == t["subject"] as? String)
                #expect(m.attributes["status"] == t["status"] as? String)
                #expect(m.attributes["priority"] == t["priority"] as? String)
                #expect(m.attributes["organization"] == t["organization"] as? String)
                #expect(!m.text.isEmpty)
                if role == "requester" {
                    #expect(m.from.organization == t["account"] as? String, "\(m.id)")
                }
            }
            #expect(r.messages.first?.from.id == t["requester"] as? String)
            #expect(r.evidence.senders.keys.sorted() == ["tomas.ortega@rapport-demo.io"])
        }
        // A comment's name block (no closing line before it) is its signature, not its words.
        let escalated = try TicketFixtures.read(Self.corpus + "/demo/tickets/ticket-4231.html")
        let first = try #require(escalated.messages.first)
        #expect(first.text.hasSuffix("I need a date, not another apology."))
        #expect(first.attributes["signature"] == "Greg Morrison\nVP Operations, Harbourline Retail")
    }
}
