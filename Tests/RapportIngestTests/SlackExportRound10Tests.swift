import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Round 10 of the Slack triage (2026-12-07): exports as admins download them now — an organization-wide
/// Enterprise Grid export (`org_users.json`, no `users.json`), the files Slack added since 2024
/// (`file_conversations.json` and canvases' comment folders, `lists.json`, `huddle_transcripts.json`,
/// `.slack-manifest.json`), zip entry names in UTF-8 without the zip's UTF-8 flag, a shared channel listed
/// by two workspaces, and rich-text shapes the block renderer missed.
@Suite struct SlackExportRound10Tests {
    func readExport(_ files: [String: String]) throws -> SlackFixtures.Result { try TempTree.readSlackExport(files) }

    // MARK: Enterprise Grid, organization-wide

    /// `grid-org/`: the flat layout Slack's help describes for an organization-wide export. Every
    /// conversation kind is read with its authors' names, zones and teams; the canvas's comment thread
    /// (`FC:F0CANVAS1:Q3 plan`, listed in `file_conversations.json`) is a conversation of its own; the
    /// metadata files without messages are passed over; the Japanese channel's folder is found in the zip
    /// although its name was stored without the UTF-8 flag (it was read as `σû╢µÑ¡`, an unlisted folder).
    @Test(arguments: ["grid-org", "grid-org.zip"])
    func organizationWideExport(_ name: String) throws {
        let r = try SlackFixtures.read(name)
        #expect(
            r.messages.map(\.id) == [
                "D0AAA0001/1709546400.000100", "D0AAA0001/1709547000.000200", "C0FCONV01/1709632800.000100",
                "C0FCONV01/1709633400.000200", "C0PARTNER/1709550000.000100", "C0PARTNER/1709550600.000200",
                "C0ANNOUNCE/1709553600.000100", "C0DEALROOM/1709557200.000100", "C0DEALROOM/1709557800.000200",
                "C0MPIM001/1709560800.000100", "C0EIGYO/1709564400.000100",
            ])
        #expect(
            r.messages.map(\.from.displayName) == [
                "Carla Customer", "Ann Agent", "Ann Agent", "Sam Seller", "Carla Customer", "Ann Agent",
                "Sam Seller", "Sam Seller", "Ann Agent", "Carla Customer", "Sam Seller",
            ])
        #expect(
            r.messages.map(\.channel) == [
                .slackDM, .slackDM, .slackPublic, .slackPublic, .slackPublic, .slackPublic, .slackPublic,
                .slackPrivate, .slackPrivate, .slackGroupDM, .slackPublic,
            ])
        #expect(
            r.messages.map(\.subject) == [
                "Ann Agent, Carla Customer", "Ann Agent, Carla Customer", "canvas: Q3 plan", "canvas: Q3 plan",
                "#acme-globex",
                "#acme-globex", "#announcements", "#deal-room", "#deal-room",
                "Ann Agent, Carla Customer, Sam Seller", "#営業",
            ])
        #expect(
            r.messages.map(\.text) == [
                "Hi Ann, can we move the demo to Thursday?", "Sure, Thursday works for us",
                "Timeline updated, @Sam Seller please check the pricing row", "Looks good",
                "@Ann Agent the export failed again 😞", "Looking into it now", "Kickoff on 2024-03-11 🫩",
                "Globex wants a discount", "Offer 10% at most", "Thanks both!", "Quote sent to @Gus Guest",
            ])
        #expect(
            r.messages.map { $0.date?.description ?? "" } == [
                "2024-03-04T10:00:00.000100+00:00", "2024-03-04T11:10:00.000200+01:00",
                "2024-03-05T11:00:00.000100+01:00", "2024-03-05T05:10:00.000200-05:00",
                "2024-03-04T11:00:00.000100+00:00", "2024-03-04T12:10:00.000200+01:00",
                "2024-03-04T07:00:00.000100-05:00", "2024-03-04T08:00:00.000100-05:00",
                "2024-03-04T14:10:00.000200+01:00", "2024-03-04T14:00:00.000100+00:00",
                "2024-03-04T10:00:00.000100-05:00",
            ])
        // Colleagues of the organization's two workspaces are ours; the Slack Connect partner is not.
        #expect(
            r.messages.map(\.from.isExternal) == [
                true, false, false, false, true, false, false, false, false, true, false,
            ])
        #expect(r.messages[0].from.organization == "T0GLOBEX")
        #expect(r.messages[1].to.map(\.displayName) == ["Carla Customer"])
        #expect(r.messages[2].to.map(\.id) == ["W02SAM"])
        #expect(r.messages[10].to.map(\.isExternal) == [true])
        #expect(r.evidence.slackTeams == ["E0ACME": 2])
        #expect(r.summary.read == 11)
        #expect(r.summary.emitted == 11)
        // org_users, channels, groups, dms, mpims and file_conversations, and 7 day files: canvases, lists,
        // huddle transcripts, content flags, integration logs and the manifest are not read.
        #expect(r.summary.files == 13)
        #expect(r.summary.skipped.isEmpty)
        #expect(r.summary.problems.isEmpty)
    }

    /// Without `file_conversations.json` a canvas's comment folder is still read, named by its title.
    @Test func canvasCommentFolderWithoutItsList() throws {
        let r = try readExport([
            "users.json": #"[{"id":"U1","team_id":"T1","name":"ann","real_name":"Ann"}]"#,
            "FC:F0C1:Launch checklist/2024-03-05.json":
                #"[{"type":"message","user":"U1","text":"Added the QA step","ts":"1709632800.000100"}]"#,
        ])
        #expect(r.messages.map(\.id) == ["FC:F0C1:Launch checklist/1709632800.000100"])
        #expect(r.messages.map(\.subject) == ["canvas: Launch checklist"])
        #expect(r.messages.map(\.channel) == [.slackPublic])
    }

    /// Unzipped on Windows, a canvas's folder has `_` for `:` (not allowed in names there): it is still the
    /// conversation `file_conversations.json` lists (it was an unlisted channel `#FC_F0C1_Launch checklist`).
    @Test func canvasCommentFolderUnzippedOnWindows() throws {
        let r = try readExport([
            "users.json": #"[{"id":"U1","team_id":"T1","name":"ann","real_name":"Ann"}]"#,
            "file_conversations.json": #"[{"id":"C0FC1","name":"FC:F0C1:Launch checklist","members":["U1"]}]"#,
            "FC_F0C1_Launch checklist/2024-03-05.json":
                #"[{"type":"message","user":"U1","text":"Added the QA step","ts":"1709632800.000100"}]"#,
        ])
        #expect(r.messages.map(\.id) == ["C0FC1/1709632800.000100"])
        #expect(r.messages.map(\.subject) == ["canvas: Launch checklist"])
        #expect(SlackConversationContext.canvasTitle("FC_F0C1_Launch_v2") == "Launch_v2")
        #expect(SlackConversationContext.canvasTitle("fc_f0c1_x") == nil)
        #expect(SlackConversationContext.canvasTitle("FC:F0C1:") == nil)
    }

    /// A channel shared by two workspaces of a Grid export, listed by both with a folder in each that
    /// holds the same messages: one conversation, each message once (the copies were emitted twice, as two
    /// conversations with the same id).
    @Test func sharedChannelListedByTwoWorkspacesIsReadOnce() throws {
        let users = #"""
            [{"id":"W1","team_id":"T1","name":"ann","real_name":"Ann","enterprise_user":{"enterprise_id":"E1"}},
             {"id":"W2","team_id":"T2","name":"sam","real_name":"Sam","enterprise_user":{"enterprise_id":"E1"}}]
            """#
        let listed = #"[{"id":"C0SHARED","name":"launch","members":["W1","W2"]}]"#
        let first = #"""
            [{"type":"message","user":"W1","text":"Launch on Monday","ts":"1709546400.000100"},
             {"type":"message","user":"W2","text":"Ready","ts":"1709547000.000200"}]
            """#
        let r = try readExport([
            "org_users.json": users,
            "teams/Sales/channels.json": listed,
            "teams/Sales/launch/2024-03-04.json": first,
            "teams/Support/channels.json": listed,
            "teams/Support/launch/2024-03-04.json": first,
            "teams/Support/launch/2024-03-05.json":
                #"[{"type":"message","user":"W1","text":"Launched","ts":"1709632800.000100"}]"#,
        ])
        #expect(
            r.messages.map(\.id) == [
                "C0SHARED/1709546400.000100", "C0SHARED/1709547000.000200", "C0SHARED/1709632800.000100",
            ])
        #expect(r.messages.map(\.subject) == ["#launch", "#launch", "#launch"])
        #expect(r.messages.map(\.parent) == [nil, "C0SHARED/1709546400.000100", "C0SHARED/1709547000.000200"])
        #expect(r.summary.read == 5)
        #expect(r.summary.skipped == ["duplicate": 2])
    }

    /// Two channels with one name (each workspace's own `general` in an organization-wide export) share
    /// one folder: its messages are read once, under the first channel's id, and the second is reported
    /// (it was passed over without a word).
    @Test func twoChannelsOneFolderIsReported() throws {
        let r = try readExport([
            "org_users.json": #"[{"id":"W1","team_id":"T1","name":"ann","real_name":"Ann"}]"#,
            "channels.json": #"[{"id":"C0GEN1","name":"general"},{"id":"C0GEN2","name":"general"}]"#,
            "general/2024-03-04.json":
                #"[{"type":"message","user":"W1","text":"Welcome","ts":"1709546400.000100"}]"#,
        ])
        #expect(r.messages.map(\.id) == ["C0GEN1/1709546400.000100"])
        #expect(r.summary.problems.count == 1)
        #expect(
            r.summary.problems.first?.hasSuffix(
                "channels.json: C0GEN2 has the folder 'general' of C0GEN1 too; its messages are read as C0GEN1's")
                == true)
    }

    // MARK: Blocks

    /// Renders one message whose `text` is empty and whose `blocks` (or `attachments`) are `json`.
    func rendered(blocks: String? = nil, attachments: String? = nil) throws -> String {
        var message = #"{"type":"message","user":"U1","text":"","ts":"1709546400.000100""#
        if let blocks { message += #","blocks":"# + blocks }
        if let attachments { message += #","attachments":"# + attachments }
        let r = try readExport([
            "users.json": #"""
            [{"id":"U1","team_id":"T1","name":"ann","real_name":"Ann"},
             {"id":"U2","team_id":"T1","name":"bo","real_name":"Bo"}]
            """#,
            "channels.json": #"[{"id":"C1","name":"general"}]"#,
            "general/2024-03-04.json": "[" + message + "}]",
        ])
        return r.messages.first?.text ?? "<none>"
    }

    static func section(_ elements: String) -> String {
        #"[{"type":"rich_text","elements":[{"type":"rich_text_section","elements":["# + elements + "]}]}]"
    }

    /// Nested lists are sibling lists with `indent`; an ordered one counts from its `offset`.
    @Test func nestedListsKeepTheirLevels() throws {
        let item = { (t: String) in #"{"type":"rich_text_section","elements":[{"type":"text","text":""# + t + #""}]}"# }
        let text = try rendered(
            blocks: #"[{"type":"rich_text","elements":["#
                + #"{"type":"rich_text_list","style":"ordered","indent":0,"elements":["# + item("Plan") + "]},"
                + #"{"type":"rich_text_list","style":"bullet","indent":1,"elements":["# + item("scope") + ","
                + item("dates") + "]},"
                + #"{"type":"rich_text_list","style":"ordered","indent":0,"offset":1,"elements":["# + item("Ship")
                + "]}]}]")
        #expect(text == "1. Plan\n  • scope\n  • dates\n2. Ship")
    }

    /// A list inside a quote (`border` 1) is quoted, so the cleaner removes it with the quote's other lines.
    @Test func listInsideAQuoteIsQuoted() throws {
        let text = try rendered(
            blocks: #"""
                [{"type":"rich_text","elements":[
                  {"type":"rich_text_quote","elements":[{"type":"text","text":"You said:"}]},
                  {"type":"rich_text_list","style":"bullet","indent":0,"border":1,"elements":[
                    {"type":"rich_text_section","elements":[{"type":"text","text":"refund by Friday"}]}]},
                  {"type":"rich_text_section","elements":[{"type":"text","text":"Done, refunded today."}]}]}]
                """#)
        #expect(text == "Done, refunded today.")
    }

    @Test func inlineElements() throws {
        #expect(
            try rendered(
                blocks: Self.section(##"{"type":"text","text":"Brand colour "},{"type":"color","value":"#1D9BD1"}"##))
                == "Brand colour #1D9BD1")
        #expect(
            try rendered(
                blocks: Self.section(
                    #"{"type":"text","text":"Due "},{"type":"date","timestamp":1710115200,"format":"{date_short}","fallback":"Mar 11"}"#
                )) == "Due Mar 11")
        #expect(
            try rendered(
                blocks: Self.section(
                    #"{"type":"text","text":"Due "},{"type":"date","timestamp":1710115200,"format":"{date}"}"#))
                == "Due 2024-03-11")
        #expect(
            try rendered(
                blocks: Self.section(
                    #"{"type":"emoji","name":"thumbsup","unicode":"1f44d-1f3fd","skin_tone":4},{"type":"text","text":" "},{"type":"emoji","name":"face_with_bags_under_eyes","unicode":"1fae9"},{"type":"text","text":" "},{"type":"emoji","name":"acme-logo"}"#
                )) == "👍🏽 🫩 :acme-logo:")
        #expect(
            try rendered(
                blocks: Self.section(
                    #"{"type":"link","url":"https://status.example.com"},{"type":"text","text":" or "},{"type":"link","url":"mailto:help@example.com"},{"type":"text","text":" or "},{"type":"link","url":"https://x.example","text":"the docs"}"#
                )) == "https://status.example.com or help@example.com or the docs")
        #expect(
            try rendered(
                blocks: Self.section(
                    #"{"type":"broadcast","range":"here"},{"type":"text","text":" ping "},{"type":"user","user_id":"U2"},{"type":"text","text":" and "},{"type":"usergroup","usergroup_id":"S0OPS"}"#
                )) == "@here ping @Bo and @S0OPS")
    }

    @Test func codeAndQuoteBlocks() throws {
        let text = try rendered(
            blocks: #"""
                [{"type":"rich_text","elements":[
                  {"type":"rich_text_section","elements":[{"type":"text","text":"Log:"}]},
                  {"type":"rich_text_preformatted","border":0,"elements":[{"type":"text","text":"ERR 42\nretry"}]},
                  {"type":"rich_text_quote","elements":[{"type":"text","text":"it broke"}]}]}]
                """#)
        #expect(text == "Log:\n```ERR 42\nretry```")
    }

    /// Bots' layout blocks and the `markdown` block of apps.
    @Test func botBlocks() throws {
        #expect(
            try rendered(
                blocks: #"""
                    [{"type":"section","text":{"type":"mrkdwn","text":"Build *green* for <@U2>"}},
                     {"type":"context","elements":[{"type":"plain_text","text":"CI · 3 min"}]},
                     {"type":"markdown","text":"**Summary**: all checks passed"}]
                    """#) == "Build *green* for @Bo\nCI · 3 min\n**Summary**: all checks passed")
    }

    /// Attachments: `pretext`/`title`/`text`, else their own `blocks` (apps that wrap blocks in a coloured
    /// attachment had no text), else `fallback`.
    @Test func attachmentShapes() throws {
        #expect(
            try rendered(
                attachments: #"""
                    [{"color":"#36a64f","fallback":"Deploy done","blocks":[
                       {"type":"section","text":{"type":"mrkdwn","text":"Deploy *v2.4* done &amp; verified"}}]},
                     {"fallback":"[Alert] disk 91%"},
                     {"pretext":"Heads up","text":"Queue backed up"}]
                    """#) == "Deploy *v2.4* done & verified\n[Alert] disk 91%\nHeads up\nQueue backed up")
        #expect(
            try rendered(attachments: ##"[{"color":"#ccc","blocks":[{"type":"divider"}],"fallback":"Poll closed"}]"##)
                == "Poll closed")
    }

    @Test func utcDays() {
        #expect(SlackTextExtractor.utcDay(0) == "1970-01-01")
        #expect(SlackTextExtractor.utcDay(1_709_251_199) == "2024-02-29")
        #expect(SlackTextExtractor.utcDay(-1) == "1969-12-31")
        #expect(SlackTextExtractor.emoji(unicode: "1f44d-1f3fd") == "👍🏽")
        #expect(SlackTextExtractor.emoji(unicode: "zz") == nil)
        #expect(SlackTextExtractor.emoji(unicode: "110000") == nil)
    }
}
