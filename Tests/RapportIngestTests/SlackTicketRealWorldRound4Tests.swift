import Foundation
import RapportCore
import RapportText
import Testing

@testable import RapportIngest

/// Round 4 of the real-world triage for Slack exports and HTML tickets (2026-12-06: Enterprise Grid
/// exports, forwarded messages, integration posts, daylight saving time, GitHub's React issue page):
/// each test is a defect found there and fixed.
@Suite struct SlackTicketRealWorldRound4Tests {
    func write(_ files: [String: String]) throws -> String { try TempTree.write(files) }

    /// Reads an export written from `files` (removed afterwards).
    func readExport(_ files: [String: String]) throws -> SlackFixtures.Result { try TempTree.readSlackExport(files) }

    static let users = #"""
        [{"id":"U1","team_id":"T1","name":"ann","real_name":"Ann Agent","profile":{"email":"ann@acme.example"}},
         {"id":"U2","team_id":"T1","name":"carl","real_name":"Carl Customer","profile":{"email":"carl@globex.example"}}]
        """#

    // MARK: Enterprise Grid

    /// An Enterprise Grid export keeps its users in `org_users.json` and each workspace's conversations
    /// under `teams/<workspace>/`: those were lost (3 of 6 messages) and the root's authors had no
    /// names, zones or emails. Users of the organization's other workspaces are colleagues (the
    /// organization is the team), a guest from another company is external.
    @Test(arguments: ["grid", "grid.zip"])
    func enterpriseGridExportReadsEveryWorkspace(_ name: String) throws {
        let r = try SlackFixtures.read(name)
        #expect(
            r.messages.map(\.id) == [
                "D0AAA0001/1709290800.000100", "D0AAA0001/1709291000.000200", "C0DEALS/1709298000.000100",
                "C0SHARED/1709287200.000100", "C0ESC/1709294400.000100", "C0ESC/1709294700.000200",
            ])
        #expect(
            r.messages.map(\.from.displayName) == [
                "Sam Seller", "Ann Agent", "Bob Builder", "Ann Agent", "Carla Customer", "Ann Agent",
            ])
        #expect(
            r.messages.map { $0.date?.description ?? "" } == [
                "2024-03-01T06:00:00.000100-05:00", "2024-03-01T12:03:20.000200+01:00",
                "2024-03-01T08:00:00.000100-05:00", "2024-03-01T11:00:00.000100+01:00",
                "2024-03-01T12:00:00.000100+00:00", "2024-03-01T13:05:00.000200+01:00",
            ])
        #expect(r.messages.map(\.from.isExternal) == [false, false, false, false, true, false])
        #expect(
            r.messages.map(\.subject) == [
                "Ann Agent, Sam Seller", "Ann Agent, Sam Seller", "#deals", "#shared-announcements",
                "#support-escalations", "#support-escalations",
            ])
        #expect(r.messages[0].to.map(\.id) == ["W01ANN"])
        #expect(r.evidence.slackTeams == ["E0ACME": 3, "T0GLOBEX": 1])
        #expect(r.evidence.slackTeamEmailDomains["E0ACME"] == ["acme.example": 3])
        #expect(r.summary.read == 6)
        #expect(r.summary.files == 16)
        #expect(r.summary.skipped.isEmpty)
    }

    /// A channel that happens to be named `teams` in an ordinary export is still a channel.
    @Test func channelNamedTeamsIsStillAChannel() throws {
        let r = try readExport([
            "users.json": Self.users,
            "channels.json": #"[{"id":"C9","name":"teams"}]"#,
            "teams/2024-03-01.json":
                #"[{"type":"message","user":"U1","text":"standup moved","ts":"1709290800.000100"}]"#,
        ])
        #expect(r.messages.map(\.id) == ["C9/1709290800.000100"])
        #expect(r.messages.map(\.text) == ["standup moved"])
    }

    // MARK: Message text

    /// A forwarded message (`attachments[].is_share` / `is_msg_unfurl`) is someone else's words: a
    /// forward without a comment has no own text (it had the original's), one with a comment keeps
    /// only the comment.
    @Test func forwardedMessageIsNotTheForwardersWords() throws {
        let share = #"""
            {"is_share":true,"is_msg_unfurl":true,"author_id":"U9","text":"Root cause: the disk was full",
             "fallback":"[March 1st, 2024 11:00 AM] eve: Root cause: the disk was full","ts":"1709286000.000100"}
            """#
        let r = try readExport([
            "users.json": Self.users,
            "channels.json": #"[{"id":"C1","name":"support"}]"#,
            "support/2024-03-01.json": """
            [{"type":"message","user":"U1","text":"","ts":"1709290900.000200","attachments":[\(share)]},
             {"type":"message","user":"U1","text":"FYI <@U2>","ts":"1709290950.000300","attachments":[\(share)]}]
            """,
        ])
        #expect(r.messages.map(\.text) == ["", "FYI @Carl Customer"])
    }

    /// Integrations post with an empty `text`: their words are in layout blocks (`section` text and
    /// fields, `header`, `context`) or in attachments' `pretext`/`title`/`text` — they were empty.
    @Test func integrationPostsKeepTheirText() throws {
        let blocks = #"""
            [{"type":"header","text":{"type":"plain_text","text":"New ticket"}},
             {"type":"section","text":{"type":"mrkdwn","text":"*SUP-12* Export &amp; import fail"},
              "fields":[{"type":"mrkdwn","text":"*Status:* Open"},{"type":"plain_text","text":"P2"}],
              "accessory":{"type":"button","text":{"type":"plain_text","text":"View"}}},
             {"type":"divider"},
             {"type":"context","elements":[{"type":"image","image_url":"x.png","alt_text":"logo"},
              {"type":"mrkdwn","text":"Reported by <@U2>"}]}]
            """#
        let attachments = #"""
            [{"color":"f00","pretext":"Incident triggered","title":"Disk full on exporter-1",
              "fields":[{"title":"Urgency","value":"high"}]},
             {"fallback":"Resolved by Ann","text":""}]
            """#
        let r = try readExport([
            "users.json": Self.users,
            "channels.json": #"[{"id":"C1","name":"support"}]"#,
            "support/2024-03-01.json": """
            [{"type":"message","subtype":"bot_message","bot_id":"B1","username":"Jira","text":"",
              "ts":"1709291000.000300","blocks":\(blocks)},
             {"type":"message","subtype":"bot_message","bot_id":"B2","username":"PagerDuty","text":"",
              "ts":"1709291100.000400","attachments":\(attachments)},
             {"type":"message","user":"U1","text":"ok","ts":"1709291200.000500","blocks":null}]
            """,
        ])
        #expect(
            r.messages.map(\.text) == [
                "New ticket\n*SUP-12* Export & import fail\n*Status:* Open\nP2\nReported by @Carl Customer",
                "Incident triggered\nDisk full on exporter-1\nResolved by Ann", "ok",
            ])
        #expect(r.messages[0].to.map(\.id) == ["U2"])
        #expect(r.messages.map { $0.flags.contains(.bot) } == [true, true, false])
    }

    /// A pre-2018 `file_comment` message has no `user`: its author is `comment.user` (it was
    /// "unknown", so the comment counted for nobody).
    @Test func fileCommentAuthorIsTheCommenter() throws {
        let r = try readExport([
            "users.json": Self.users,
            "channels.json": #"[{"id":"C1","name":"support"}]"#,
            "support/2016-06-16.json": #"""
            [{"type":"message","subtype":"file_comment","ts":"1466078400.000002",
              "text":"<@U2|carl> commented on <@U1|ann>'s file <https://x.slack.com/files/ann/F1/plan.pdf|plan.pdf>: Looks good",
              "file":{"id":"F1","user":"U1"},
              "comment":{"id":"Fc1","created":1466078400,"user":"U2","comment":"Looks good"}}]
            """#,
        ])
        #expect(r.messages.map(\.from.id) == ["U2"])
        #expect(r.messages.map(\.from.displayName) == ["Carl Customer"])
        #expect(r.messages.map(\.text) == ["Looks good"])
        #expect(r.messages[0].isConversational)
    }

    /// A Slack Connect partner in a DM is missing from `users.json`; once a message of theirs gave
    /// their `user_profile`, our later messages go to them by name and team (they stayed a bare id
    /// with no organization, so our side of the conversation had no customer to count for).
    @Test func dmPartnerKnownFromAProfileIsTheRecipientFromThenOn() throws {
        let r = try readExport([
            "users.json": Self.users,
            "dms.json": #"[{"id":"D0EXT0001","members":["U1","U0EXT"]}]"#,
            "D0EXT0001/2024-03-01.json": #"""
            [{"type":"message","user":"U1","text":"Hi Gina, welcome","ts":"1709290800.000100","team":"T1"},
             {"type":"message","user":"U0EXT","text":"Thanks Ann","ts":"1709290900.000200","user_team":"T9",
              "user_profile":{"real_name":"Gina Globex","name":"gina","team":"T9"}},
             {"type":"message","user":"U1","text":"Anytime","ts":"1709291000.000300","team":"T1"}]
            """#,
        ])
        #expect(r.messages.map { $0.to.map(\.displayName) } == [["U0EXT"], ["Ann Agent"], ["Gina Globex"]])
        #expect(r.messages[2].to.first?.organization == "T9")
        #expect(r.messages[2].to.first?.isExternal == true)
        #expect(r.messages.map(\.subject) == ["Ann Agent, U0EXT", "Ann Agent, Gina Globex", "Ann Agent, Gina Globex"])
    }

    /// Slackbot (reminders, auto-responses) is often missing from `users.json`: its DM posts were a
    /// person's, "USLACKBOT" became a contact, and notes to it outbound messages to that contact. It is
    /// a bot now, and bots in a DM receive nothing (they stay in the subject).
    @Test func slackbotIsABotAndNoRecipient() throws {
        let r = try readExport([
            "users.json": Self.users,
            "dms.json": #"[{"id":"D0SLACKBOT","members":["U1","USLACKBOT"]}]"#,
            "D0SLACKBOT/2024-03-01.json": #"""
            [{"type":"message","user":"USLACKBOT","text":"Reminder: call Globex.","ts":"1709290800.000100"},
             {"type":"message","user":"U1","text":"done","ts":"1709290900.000100"}]
            """#,
        ])
        #expect(r.messages.map(\.from.displayName) == ["Slackbot", "Ann Agent"])
        #expect(r.messages.map { $0.flags.contains(.bot) } == [true, false])
        #expect(r.messages.map { $0.to.map(\.id) } == [["U1"], []])
        #expect(r.messages.map(\.subject) == ["Ann Agent, Slackbot", "Ann Agent, Slackbot"])
        #expect(r.summary.excluded == ["bot": 1])
    }

    // MARK: Time zones

    /// `tz_offset` is the user's offset when the export was made; their zone (`tz`) gives the offset
    /// at each message's date (an export made in July put -07:00 on Los Angeles messages of January).
    /// An unknown zone falls back to `tz_offset`.
    @Test func userZoneGivesTheOffsetAtEachDate() throws {
        let r = try readExport([
            "users.json": #"""
            [{"id":"U1","team_id":"T1","name":"lee","tz":"America/Los_Angeles","tz_offset":-25200},
             {"id":"U2","team_id":"T1","name":"dee","tz":"Europe/Dublin","tz_offset":3600},
             {"id":"U3","team_id":"T1","name":"kay","tz":"Asia/Kolkata","tz_offset":19800},
             {"id":"U4","team_id":"T1","name":"zed","tz":"Mars/Olympus","tz_offset":7200}]
            """#,
            "channels.json": #"[{"id":"C1","name":"general"}]"#,
            "general/2024-01-15.json": #"""
            [{"type":"message","user":"U1","text":"a","ts":"1705341600.000100"},
             {"type":"message","user":"U2","text":"b","ts":"1705341700.000100"},
             {"type":"message","user":"U3","text":"c","ts":"1705341800.000100"},
             {"type":"message","user":"U4","text":"d","ts":"1705341900.000100"}]
            """#,
            "general/2024-07-15.json": #"""
            [{"type":"message","user":"U1","text":"e","ts":"1721052000.000100"},
             {"type":"message","user":"U2","text":"f","ts":"1721052100.000100"},
             {"type":"message","user":"U9","text":"g","ts":"1721052200.000100"}]
            """#,
        ])
        #expect(
            r.messages.map { $0.date?.description ?? "" } == [
                "2024-01-15T10:00:00.000100-08:00", "2024-01-15T18:01:40.000100+00:00",
                "2024-01-15T23:33:20.000100+05:30", "2024-01-15T20:05:00.000100+02:00",
                "2024-07-15T07:00:00.000100-07:00", "2024-07-15T15:01:40.000100+01:00",
                "2024-07-15T14:03:20.000100+00:00",
            ])
    }

    /// Slack Connect partners often come without `tz`/`tz_offset` (and users seen only through a
    /// message's `user_profile` never have one): they take the clock more of their team's users share
    /// than any other, so their working hours are not read in UTC. A user whose `tz_offset` is given
    /// (0 included) keeps it; a user of a team with no clock, or with a tie, stays in UTC.
    @Test func usersWithoutAZoneTakeTheirTeamsClock() throws {
        let r = try readExport([
            "users.json": #"""
            [{"id":"U1","team_id":"T1","name":"lee","tz":"America/New_York","tz_offset":-18000},
             {"id":"U2","team_id":"T2","name":"ann","tz":"Europe/Berlin","tz_offset":3600},
             {"id":"U3","team_id":"T2","name":"bob","tz":"Europe/Berlin","tz_offset":3600},
             {"id":"U4","team_id":"T2","name":"cat","tz":"Europe/London","tz_offset":0},
             {"id":"U5","team_id":"T2","name":"dan"},
             {"id":"U6","team_id":"T3","name":"eve"},
             {"id":"U8","team_id":"T4","name":"gus","tz_offset":3600},
             {"id":"U9","team_id":"T4","name":"hal","tz_offset":-3600},
             {"id":"U10","team_id":"T4","name":"ida"}]
            """#,
            "channels.json": #"[{"id":"C1","name":"shared"}]"#,
            "shared/2024-01-15.json": #"""
            [{"type":"message","user":"U5","text":"a","ts":"1705341600.000100"},
             {"type":"message","user":"U4","text":"b","ts":"1705341700.000100"},
             {"type":"message","user":"U7","text":"c","ts":"1705341800.000100",
              "user_profile":{"real_name":"Fay","team":"T2"}},
             {"type":"message","user":"U6","text":"d","ts":"1705341900.000100"},
             {"type":"message","user":"U10","text":"e","ts":"1705342000.000100"}]
            """#,
        ])
        #expect(
            r.messages.map { $0.date?.description ?? "" } == [
                "2024-01-15T19:00:00.000100+01:00", "2024-01-15T18:01:40.000100+00:00",
                "2024-01-15T19:03:20.000100+01:00", "2024-01-15T18:05:00.000100+00:00",
                "2024-01-15T18:06:40.000100+00:00",
            ])
    }

    @Test func zoneTableFollowsTransitions() throws {
        let ny = try #require(SlackZoneOffsets(identifier: "America/New_York"))
        // 2024-03-10 07:00 UTC is 03:00 EDT (the change); one second earlier is still EST.
        #expect(ny.offset(at: 1_710_054_000) == -14400)
        #expect(ny.offset(at: 1_710_053_999) == -18000)
        #expect(ny.offset(at: 0) == -18000)
        #expect(ny.offset(at: 4_000_000_000) == -18000)
        #expect(SlackZoneOffsets(identifier: "Nowhere/Special") == nil)
    }

    // MARK: Tickets

    /// A character of U+0080–U+00BF after a space (`·`, `£`, `¿`, `©`, `«`, NBSP) was split by the space
    /// (`Sam Lee\u{C2} \u{B7}`: two U+FFFD) in every HTML ticket and HTML mail.
    @Test func latinOneCharactersAfterASpaceStayWhole() {
        let html = "<p>Sam Lee · Acme Support. Costs £50 ¿ok? « oui » a &nbsp;b &copy; 2024</p>"
        #expect(HTMLText.text(fromHTML: html) == "Sam Lee · Acme Support. Costs £50 ¿ok? « oui » a  b © 2024")
    }

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

    /// A ticket saved from Zendesk's Agent Workspace (the conversation log, `omni-log-comment-item`
    /// articles) fell to the generic reader: the internal note came out public (an outbound reply to
    /// the customer), and "via Email", "Internal note" and "Show more" were part of the words.
    @Test func zendeskAgentWorkspacePage() throws {
        let r = try TicketFixtures.read(TicketFixtures.path("zendesk-agent-workspace.html"))
        #expect(r.messages.map(\.id) == ["zendesk:4821#0", "zendesk:4821#1", "zendesk:4821#2"])
        #expect(r.messages.map(\.channel) == [.ticketPublic, .ticketInternal, .ticketPublic])
        #expect(
            r.messages.map(\.text) == [
                "Our nightly export fails since Monday.\n\nJane", "Same as #4700, linking.",
                "Hello Jane, a fix ships on Thursday.",
            ])
        #expect(r.messages.map { $0.attributes["author_role"] } == ["requester", "agent", "agent"])
        #expect(r.messages.allSatisfy { $0.subject == "Export job fails nightly" })
    }

    /// Jira (and Redmine) can list the activity newest first while the description stays on top: the
    /// page was read in page order, so the customer's "still failing" was the answer to our later
    /// "fixed, please retest". Such a page is now read in time order (ids keep page positions).
    @Test func openingRequestThenNewestFirstRepliesAreReadInTimeOrder() throws {
        let r = try TicketFixtures.read(TicketFixtures.path("jira-newest-first.html"))
        #expect(r.messages.map(\.id) == ["jira:SUP-311#0", "jira:SUP-311#2", "jira:SUP-311#1"])
        #expect(r.messages.map(\.parent) == [nil, "jira:SUP-311#0", "jira:SUP-311#2"])
        #expect(r.messages.map(\.from.id) == ["ticket:jane roe", "ticket:jane roe", "ticket:sam lee"])
        #expect(
            r.messages.map { $0.date?.description ?? "" } == [
                "2026-05-20T08:00:00+00:00", "2026-05-21T17:57:40+00:00", "2026-05-21T20:13:58+00:00",
            ])
    }
}
