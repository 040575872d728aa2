import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Round 5 of the real-world triage for HTML tickets and Slack exports (2026-12-06: osTicket's staff
/// panel and client portal, GitLab issue pages): each test is a defect found there and fixed.
@Suite struct TicketSlackRealWorldRound5Tests {
    /// An osTicket ticket saved from the staff panel (`scp/tickets.php?id=N`, the thread as
    /// `div.thread-entry` blocks, not the print view's layout) fell to the generic reader: the internal
    /// note came out public, "Editar", "Crear Tarea" and "publicado <title>" (the entry menu and
    /// header) were part of every text, and the ticket had no id (the page title was the subject).
    @Test func osTicketStaffPage() throws {
        let r = try TicketFixtures.read(TicketFixtures.path("osticket.html"))
        #expect(r.messages.map(\.id) == ["osticket:482113#0", "osticket:482113#1", "osticket:482113#2"])
        #expect(
            r.messages.map(\.from.id) == [
                "marta.quispe@andescargo.example", "ticket:luis herrera", "ticket:luis herrera",
            ])
        #expect(r.messages.map(\.channel) == [.ticketPublic, .ticketInternal, .ticketPublic])
        #expect(r.messages.map { $0.attributes["author_role"] } == ["requester", "agent", "agent"])
        #expect(
            r.messages.map(\.text) == [
                "Buenos días,\n\nnos cobraron dos veces la factura de marzo. ¿Pueden revisarlo?\n\nGracias",
                "El cobro doble viene de la pasarela; pedí el reembolso.",
                "Estimada Marta, ya solicitamos el reembolso del segundo cobro.\n\nAtentamente.",
            ])
        #expect(
            r.messages.map { $0.date?.description ?? "" } == [
                "2026-03-05T14:14:02+00:00", "2026-03-05T15:02:10+00:00", "2026-03-05T15:10:43+00:00",
            ])
        #expect(r.messages.allSatisfy { $0.subject == "Factura duplicada en marzo" })
        #expect(r.messages[0].attributes["status"] == "Open")
        #expect(r.evidence.senders == ["ticket:luis herrera": 2])
        #expect(r.summary.read == 3)
    }

    /// osTicket 1.18's thread layout (`thread-meta-column`, `name-time`, `thread-time`) with the agent's
    /// "newest first" thread order: read in time order, ids keeping their page positions.
    @Test func osTicketNewerLayoutNewestFirst() throws {
        let r = try TicketFixtures.read(TicketFixtures.path("osticket-newest-first.html"))
        #expect(r.messages.map(\.id) == ["osticket:300417#2", "osticket:300417#1", "osticket:300417#0"])
        #expect(r.messages.map(\.parent) == [nil, "osticket:300417#2", "osticket:300417#1"])
        #expect(r.messages.map(\.from.id) == ["ola@fjord.example", "ticket:kari hansen", "ola@fjord.example"])
        #expect(
            r.messages.map(\.text) == [
                "The VPN disconnects every hour on the hour.",
                "Please update the client to 4.2 and tell us if it still happens.", "Still dropping after the update.",
            ])
        #expect(r.messages.allSatisfy { $0.subject == "VPN drops every hour" })
        #expect(r.messages[0].attributes["status"] == "Answered")
    }

    /// A GitLab issue saved from the browser fell to the generic reader: the issue's own description
    /// (the customer's request) was lost, so the first commenter (our maintainer) became the requester
    /// and the customer an agent; "@sam.lee ·", "MaintainerEdit" and the award count "👍1" were part of
    /// the text; the internal note was dropped.
    @Test func gitlabIssuePage() throws {
        let r = try TicketFixtures.read(TicketFixtures.path("gitlab-issue.html"))
        #expect(r.messages.map(\.id) == ["gitlab:311#0", "gitlab:311#2", "gitlab:311#3", "gitlab:311#4"])
        #expect(
            r.messages.map(\.from.id) == [
                "ticket:carla kowalski", "ticket:sam lee", "ticket:sam lee", "ticket:carla kowalski",
            ])
        #expect(r.messages.map { $0.attributes["author_role"] } == ["requester", "agent", "agent", "requester"])
        #expect(r.messages.map(\.channel) == [.ticketPublic, .ticketPublic, .ticketInternal, .ticketPublic])
        #expect(
            r.messages.map(\.text) == [
                "Our nightly export stops at exactly 2 GB since the 3.1 upgrade.\n\nLog attached.",
                "Thanks, we can reproduce it: the writer uses a 32-bit offset.",
                "Customer is on the enterprise plan, prioritise.", "Great, when will the fix ship?",
            ])
        #expect(r.messages.map(\.quotedChars) == [0, 0, 0, 31])
        #expect(
            r.messages.map { $0.date?.description ?? "" } == [
                "2024-03-05T08:14:07+00:00", "2024-03-05T09:02:00+00:00", "2024-03-05T09:05:00+00:00",
                "2024-03-06T07:30:00+00:00",
            ])
        #expect(r.messages.allSatisfy { $0.subject == "Export stops at 2 GB" })
        #expect(r.summary.skipped == ["ticket-system-event": 1])
        #expect(r.evidence.senders == ["ticket:sam lee": 2])
    }
}
