import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Round 4 of the real-world triage for Slack exports and HTML tickets (2026-12-06: Enterprise Grid
/// exports, forwarded messages, integration posts, daylight saving time, GitHub's React issue page):
/// each test is a defect found there and fixed.
@Suite struct SlackTicketRealWorldRound4Tests {
    // MARK: Tickets

    /// GitHub's issue page is a React app since 2024 (`data-testid` markup, `react-issue-comment`):
    /// it fell to the generic reader, which lost the issue's own text, took the "Member"/"Author"
    /// badges for names, put header chrome into the text and read a label event as a message.
    @Test func githubReactIssuePage() throws {
        let r = try TicketFixtures.read(TicketFixtures.path("github-issue-react.html"))
        #expect(r.messages.map(\.id) == ["github:4821#0", "github:4821#1", "github:4821#2"])
        #expect(r.messages.map(\.from.id) == ["ticket:carlc", "ticket:annm", "ticket:carlc"])
        #expect(r.messages.map { $0.attributes["author_role"] } == ["requester", "agent", "requester"])
        #expect(
            r.messages.map(\.text) == [
                "Since 2.3 the nightly export stops with ENOSPC.\n\nSteps: run rapport export on a 10 GB corpus.",
                "Thanks, we can reproduce it. A fix is in review.", "Great, when will it ship?",
            ])
        #expect(r.messages.map(\.quotedChars) == [0, 0, 19])
        #expect(
            r.messages.map { $0.date?.description ?? "" } == [
                "2024-03-05T09:14:07+00:00", "2024-03-05T10:02:00+00:00", "2024-03-06T08:30:00+00:00",
            ])
        #expect(r.messages.allSatisfy { $0.subject == "Export fails with disk full" })
        #expect(r.messages[0].attributes["tags"] == "bug,export")
        #expect(r.messages[0].attributes["status"] == "Open")
        #expect(r.evidence.senders == ["ticket:annm": 1])
    }
}
