import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Slack real-world round 7, reader side: reactors and huddle participants described whatever the order of
/// the files (a `user_profile` read ahead), huddle participants' teams from `participants_events`, and shapes
/// from Zulip's Slack importer and mmetl's fixtures (docs/slack.md). Exports written for these tests.
@Suite("Slack real world round 7")
struct SlackRealWorldRound7Tests {
    /// Workspace T1 (vendor.example): Ann and Bo. Cora (UX1, team T2) and Dan (UX2, team T2) are Slack
    /// Connect partners missing from `users.json`; Cora's `user_profile` comes with her first message.
    static let users = #"""
        [{"id":"U1","team_id":"T1","name":"ann","real_name":"Ann Agent","tz":"Europe/Berlin","profile":{"email":"ann@vendor.example"}},
         {"id":"U3","team_id":"T1","name":"bo","real_name":"Bo Boss","tz":"Europe/Berlin","profile":{"email":"bo@vendor.example"}},
         {"id":"U2","team_id":"T2","name":"carl","real_name":"Carl Customer","tz":"America/New_York",
          "profile":{"email":"carl@globex.example"}}]
        """#

    /// Ann's ask (Cora 👍s it, and UX9, whom nothing describes) and Ann's huddle that Cora joined, then, a
    /// day later, Cora's first message with her `user_profile`.
    static let askDay = #"""
        [{"type":"message","user":"U1","text":"Can you confirm the renewal date?","ts":"1709546400.000100",
          "reactions":[{"name":"+1","users":["UX1","UX9","U3"],"count":3}]},
         {"type":"message","subtype":"huddle_thread","user":"USLACKBOT","text":"","ts":"1709550000.000200",
          "room":{"id":"R1","created_by":"U1","date_start":1709550000,"date_end":1709550600,"participants":[],
          "participant_history":["U1","UX1"]}}]
        """#
    static let coraDay = #"""
        [{"type":"message","user":"UX1","text":"Confirmed: March 1st.","ts":"1709632800.000100","user_team":"T2",
          "user_profile":{"real_name":"Cora Customer","display_name":"cora","name":"cora","team":"T2"}}]
        """#

    /// The export with Cora's first message after the ask (`later`) or before it.
    static func export(coraFirst: Bool) -> [String: String] {
        var files = [
            "users.json": users,
            "channels.json": #"[{"id":"C1","name":"globex-shared","members":["U1","U2","U3"]}]"#,
            "globex-shared/2024-03-04.json": askDay,
        ]
        // Before: the same message on the day before the ask.
        files["globex-shared/" + (coraFirst ? "2024-03-03.json" : "2024-03-05.json")] =
            coraFirst ? coraDay.replacingOccurrences(of: "1709632800", with: "1709460000") : coraDay
        return files
    }

    @Test("a reactor whose user_profile comes in a later file is described (before: left out), as when it comes first")
    func reactorLearnedLater() throws {
        let later = try TempTree.readSlackExport(Self.export(coraFirst: false))
        let first = try TempTree.readSlackExport(Self.export(coraFirst: true))
        let expected = "U3|bo@vendor.example|vendor.example|0;UX1||T2|1"
        #expect(later.message("C1/1709546400.000100")?.attributes["reactors"] == expected)
        #expect(first.message("C1/1709546400.000100")?.attributes["reactors"] == expected)
        // The huddle: Cora is named, of her team, external, with her team's clock (no T2 user with one but
        // Carl: New York, EST in March), whichever file came first.
        for r in [later, first] {
            let huddle = try #require(r.message("C1/1709550000.000200"))
            #expect(huddle.to.map(\.displayName) == ["Cora Customer"])
            #expect(huddle.to.first?.isExternal == true)
            #expect(huddle.to.first?.organization == "T2")
            #expect(huddle.attributes["huddle_offsets"] == "UX1:-18000")
        }
        // Nothing else changes: Cora's own message is the same in both.
        #expect(later.message("C1/1709632800.000100")?.from == first.message("C1/1709460000.000100")?.from)
        #expect(later.summary.read == 3 && later.summary.emitted == 3)
    }

    @Test("the read-ahead of a .zip export reads through its own handle: same reactors as the folder")
    func reactorLearnedLaterInZip() throws {
        let dir = try TempTree.write([:])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let entries = Self.export(coraFirst: false).sorted { $0.key < $1.key }.map { ($0.key, Array($0.value.utf8)) }
        try TempTree.write(TempTree.storedZip(entries), to: dir + "/export.zip")
        var options = IngestOptions()
        options.dataDirectory = SlackFixtures.repo
        var summary = IngestSummary()
        var evidence = UsEvidence()
        var messages: [Message] = []
        try SlackExportReader().read(
            path: dir + "/export.zip", options: options, summary: &summary, evidence: &evidence
        ) { messages.append($0) }
        #expect(messages.count == 3)
        #expect(
            messages.first { $0.id == "C1/1709546400.000100" }?.attributes["reactors"]
                == "U3|bo@vendor.example|vendor.example|0;UX1||T2|1")
        #expect(summary.skipped.isEmpty)
    }

    @Test("huddle participants the export does not describe take their team from participants_events (external)")
    func huddleParticipantTeams() throws {
        let r = try TempTree.readSlackExport([
            "users.json": Self.users,
            "channels.json": #"[{"id":"C1","name":"globex-shared","members":["U1","U2"]}]"#,
            "globex-shared/2024-03-04.json": #"""
            [{"type":"message","subtype":"huddle_thread","user":"USLACKBOT","text":"","ts":"1709550000.000200",
              "room":{"id":"R1","created_by":"U1","date_start":1709550000,"date_end":1709550600,"participants":[],
              "participant_history":["U1","UX2","UX3","UX4"],
              "participants_events":{"U1":{"user_team":{},"joined":true},
                "UX2":{"user_team":{"id":"T2","name":"Globex"},"joined":true,"camera_on":false},
                "UX3":{"user_team":"T1","joined":true},
                "UX4":{"user_team":{},"joined":true},
                "UX5":{"team":"T2","joined":true},
                "UX6":{"user_team":{"id":"T2"},"joined":false}}}}]
            """#,
        ])
        let huddle = try #require(r.message("C1/1709550000.000200"))
        // UX5 is only in participants_events but joined; UX6 did not join.
        #expect(huddle.to.map(\.id) == ["UX2", "UX3", "UX4", "UX5"])
        #expect(huddle.attributes["huddle_participants"] == "5")
        // Before: every one of them had no team (isExternal nil), so none was placed against "us".
        #expect(huddle.to.map(\.isExternal) == [true, false, nil, true])
        #expect(huddle.to.map(\.organization) == ["T2", "T1", nil, "T2"])
    }

    @Test("Zulip/mmetl shapes: an upload known only by file.user, pipe-aliased specials, Grid W… mentions, self-DM")
    func importerShapes() throws {
        let r = try TempTree.readSlackExport([
            "users.json": Self.users,
            "channels.json": #"[{"id":"C2","name":"random","members":["U1","U3"]}]"#,
            "dms.json": #"[{"id":"D9","members":["U3","U3"]}]"#,
            "random/2018-01-20.json": #"""
            [{"type":"message","subtype":"file_share","text":"a report","file":{"id":"F1","user":"U3","name":"r.md"},
              "ts":"1516457100.000001"},
             {"type":"message","subtype":"file_share","text":"a bot's upload","bot_id":"B1","file":{"id":"F2","user":"U3"},
              "ts":"1516457200.000001"},
             {"type":"message","user":"U1","text":"<!here|here> and <!channel|@channel>: hi <@W3|grid.user>","ts":"1516457300.000001",
              "bot_id":null,"username":"ann"}]
            """#,
            "D9/2018-01-20.json": #"[{"type":"message","user":"U3","text":"note to self","ts":"1516457400.000001"}]"#,
        ])
        #expect(r.messages.count == 4)
        // Before: a person named "unknown" (the uploader is file.user, as Zulip's importer reads it).
        let upload = try #require(r.message("C2/1516457100.000001"))
        #expect(upload.from.id == "U3")
        #expect(upload.from.displayName == "Bo Boss")
        #expect(upload.flags.isDisjoint(with: [.bot, .system]))
        // A bot's upload stays the bot's.
        #expect(r.message("C2/1516457200.000001")?.from.id == "B1")
        let text = try #require(r.message("C2/1516457300.000001"))
        #expect(text.text == "@here and @channel: hi @grid.user")
        #expect(text.to.map(\.id) == ["W3"])
        // A DM with oneself (Slack's notes to self): no recipient.
        #expect(r.message("D9/1516457400.000001")?.to.isEmpty == true)
    }
}
