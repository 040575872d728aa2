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

    /// A Jira Cloud issue saved from the browser (the React issue view: `data-testid` anchors, no
    /// `#descriptionmodule`) fell to the generic reader. It is read now; its activity is newest first
    /// with replies threaded under their comment (oldest first), so the page is read in time order:
    /// in page order the customer's "Any news?" answered our later internal note.
    @Test func jiraCloudThreadedNewestFirstIssue() throws {
        let r = try TicketFixtures.read(TicketFixtures.path("jira-cloud.html"))
        #expect(r.messages.map(\.id) == ["jira:SUP-982#0", "jira:SUP-982#2", "jira:SUP-982#3", "jira:SUP-982#1"])
        #expect(r.messages.map(\.parent) == [nil, "jira:SUP-982#0", "jira:SUP-982#2", "jira:SUP-982#3"])
        #expect(
            r.messages.map(\.from.id) == [
                "ticket:tomas lind", "ticket:tomas lind", "ticket:nina berg", "ticket:nina berg",
            ])
        #expect(r.messages.map { $0.attributes["author_role"] } == ["requester", "requester", "agent", "agent"])
        #expect(r.messages.map(\.channel) == [.ticketPublic, .ticketPublic, .ticketPublic, .ticketInternal])
        #expect(
            r.messages.map(\.text) == [
                "The invoices export stops with a timeout after 60 seconds since Monday.\n\nAccount: Borealis Shipping",
                "It also fails for February. Any news?", "We are on it and will update you today.",
                "Root cause: the report query scans all years. Ticket for the DB team filed.",
            ])
        #expect(
            r.messages.map { $0.date?.description ?? "" } == [
                "2024-03-05T08:14:00+01:00", "2024-03-06T09:05:00+01:00", "2024-03-06T11:42:00+01:00",
                "2024-03-07T16:20:00+01:00",
            ])
        #expect(r.messages.allSatisfy { $0.subject == "Invoices export times out" })
        #expect(r.evidence.senders == ["ticket:nina berg": 2])
    }

    // MARK: Slack

    /// Reads an export written from `files` (removed afterwards).
    func readExport(_ files: [String: String]) throws -> SlackFixtures.Result { try TempTree.readSlackExport(files) }

    /// A channel whose first message is a thread root (here Slackbot's `huddle_thread`, the post a huddle
    /// leaves behind, with the call's follow-up in its thread) gave the next unthreaded message an empty
    /// `thread`: thread roots extend a reply session but never start one, and no session had started.
    /// Files hidden by the plan's limit (`mode: hidden_by_limit`) or deleted (`tombstone`) are still
    /// counted: the message had them.
    @Test func unthreadedMessageAfterAHuddleThreadHasASession() throws {
        let r = try readExport([
            "users.json": #"""
            [{"id":"U1","team_id":"T1","name":"ann","real_name":"Ann Agent","profile":{"email":"ann@acme.example"}},
             {"id":"U2","team_id":"T2","name":"carl","real_name":"Carl Customer","profile":{"email":"carl@globex.example"}}]
            """#,
            "channels.json": #"[{"id":"C1","name":"support","members":["U1","U2"]}]"#,
            "canvases.json": #"[{"id":"F0CANVAS1","title":"Onboarding plan","user":"U1","channels":["C1"]}]"#,
            "support/2024-03-01.json": #"""
            [{"type":"message","subtype":"huddle_thread","user":"USLACKBOT","text":"","ts":"1709287200.000100",
              "thread_ts":"1709287200.000100","reply_count":2,"room":{"id":"R1","created_by":"U2",
              "date_start":1709287200,"date_end":1709289000,"has_ended":true,"participant_history":["U1","U2"]},
              "blocks":[{"type":"rich_text","block_id":"x","elements":[{"type":"rich_text_section",
              "elements":[{"type":"text","text":"A huddle started"}]}]}]},
             {"type":"message","user":"U2","text":"Thanks for the call, sending the logs now.","ts":"1709289100.000200",
              "thread_ts":"1709287200.000100"},
             {"type":"message","user":"U1","text":"Got them, looking.","ts":"1709289400.000300",
              "thread_ts":"1709287200.000100"},
             {"type":"message","user":"U2","text":"","files":[{"id":"F1","mode":"hidden_by_limit"},
              {"id":"F2","mode":"tombstone"}],"upload":false,"ts":"1709290000.000400"},
             {"type":"message","user":"U1","text":"The logs did not come through, can you resend?",
              "ts":"1709290300.000500"}]
            """#,
        ])
        #expect(
            r.messages.map(\.thread) == [
                "C1/1709287200.000100", "C1/1709287200.000100", "C1/1709287200.000100", "C1/1709290000.000400",
                "C1/1709290000.000400",
            ])
        #expect(
            r.messages.map(\.parent) == [
                nil, "C1/1709287200.000100", "C1/1709289100.000200", nil, "C1/1709290000.000400",
            ])
        // The huddle Ann and Carl both joined is a synchronous contact: Carl (its creator) to Ann, no text.
        #expect(r.messages.map(\.isConversational) == [true, true, true, true, true])
        #expect(r.messages[0].attributes["subtype"] == "huddle_thread")
        #expect(r.messages[0].attributes["huddle"] == "true")
        #expect(r.messages[0].attributes["huddle_seconds"] == "1800")
        #expect(r.messages[0].from.id == "U2")
        #expect(r.messages[0].to.map(\.id) == ["U1"])
        #expect(r.messages[0].text == "")
        #expect(r.messages[3].attributes["files"] == "2")
        #expect(r.summary.excluded.isEmpty)
        #expect(r.summary.huddles == 1)
        #expect(r.summary.skipped.isEmpty)
    }

    /// A lone day file of an export was refused as "unrecognized input format", with the advice to force
    /// a format that cannot read it either. The refusal now says what the file is and what to give
    /// instead. A slackdump channel dump (`slackdump dump`: one JSON object per conversation, replies
    /// nested in `slackdump_thread_replies`) was refused the same way; it is now read by the Slack
    /// reader (`SlackDumpTests`).
    @Test func slackdumpDumpAndLoneDayFileAreExplained() throws {
        let dir = NSTemporaryDirectory() + "rapport-round5-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let dump = dir + "/C0SUPPORT.json"
        try Data(
            #"""
            {
              "name": "support",
              "messages": [{"type":"message","user":"U2","text":"Is the export fixed?","ts":"1709287200.000100",
                "slackdump_thread_replies":[{"type":"message","user":"U1","text":"Yes.","ts":"1709287500.000200"}]}],
              "channel_id": "C0SUPPORT"
            }
            """#.utf8
        ).write(to: URL(fileURLWithPath: dump))
        let day = dir + "/2024-03-01.json"
        try Data(#"[{"type":"message","user":"U2","text":"Hi","ts":"1709287200.000100"}]"#.utf8)
            .write(to: URL(fileURLWithPath: day))
        let other = dir + "/settings.json"
        try Data(#"{"theme":"dark"}"#.utf8).write(to: URL(fileURLWithPath: other))
        #expect(try Ingestor(options: IngestOptions()).plan([dump]) == [.init(path: dump, format: .slack)])
        let cases = [
            (day, "a single day file of a Slack export, which is not read on its own"),
            (other, "unrecognized input format"),
        ]
        for (path, expected) in cases {
            do {
                _ = try Ingestor(options: IngestOptions()).plan([path])
                Issue.record("\(path) was accepted")
            } catch {
                #expect(error.code == .unknownFormat)
                #expect(error.message == expected)
            }
        }
    }
}
