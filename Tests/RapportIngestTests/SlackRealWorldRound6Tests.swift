import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Slack real-world round 6, reader side: huddle participants' own clocks and bots in huddles, an export
/// given twice, Slack's TXT export as a `.zip` (docs/slack.md). Exports written for these tests.
@Suite("Slack real world round 6")
struct SlackRealWorldRound6Tests {
    /// Workspace T1 (vendor.example, Berlin): Ann, Bo, Cy, Gus and a bot. Slack Connect team T2
    /// (globex.example): Carl and Fay in New York (`tz`), Dee with `tz_offset` only (−08:00). Eli is missing
    /// from `users.json` and known from his `user_profile` (team T2: his team's usual clock, New York).
    static let users = #"""
        [{"id":"U1","team_id":"T1","name":"ann","real_name":"Ann Agent","tz":"Europe/Berlin","tz_offset":3600,
          "profile":{"email":"ann@vendor.example"}},
         {"id":"U3","team_id":"T1","name":"bo","real_name":"Bo Boss","tz":"Europe/Berlin","profile":{"email":"bo@vendor.example"}},
         {"id":"U4","team_id":"T1","name":"cy","real_name":"Cy Support","tz":"Europe/Berlin","profile":{"email":"cy@vendor.example"}},
         {"id":"U8","team_id":"T1","name":"gus","real_name":"Gus Sales","tz":"Europe/Berlin","profile":{"email":"gus@vendor.example"}},
         {"id":"UB","team_id":"T1","name":"notebot","is_bot":true,"profile":{"bot_id":"B7"}},
         {"id":"U2","team_id":"T2","name":"carl","real_name":"Carl Customer","tz":"America/New_York","tz_offset":-18000,
          "profile":{"email":"carl@globex.example"}},
         {"id":"U6","team_id":"T2","name":"dee","real_name":"Dee Director","tz_offset":-28800,"profile":{"email":"dee@globex.example"}},
         {"id":"U9","team_id":"T2","name":"fay","real_name":"Fay Finance","tz":"America/New_York","tz_offset":-18000,
          "profile":{"email":"fay@globex.example"}}]
        """#

    /// The shared channel: Carl asks, Ann answers in his thread (Dee 👍s it), Ann asks everyone (Eli ✅s it
    /// before anything of his was read), an app (U7, not in `users.json`) posts notes; the next day Eli writes
    /// and Ann's huddle is joined by Carl, Dee, Eli, the bot UB, a bot id, Slackbot and the app U7. In the DM,
    /// Carl's huddle that only Slackbot joined.
    static let files: [String: String] = [
        "users.json": users,
        "channels.json": #"[{"id":"C1","name":"globex-shared","members":["U1","U2","U6"]}]"#,
        "dms.json": #"[{"id":"D1","members":["U1","U2"]}]"#,
        "globex-shared/2024-03-04.json": #"""
        [{"type":"message","user":"U2","text":"Could you look at the failing export?","ts":"1709546400.000100",
          "thread_ts":"1709546400.000100","user_team":"T2"},
         {"type":"message","user":"U1","text":"Fixed it. Can you confirm it works now?","ts":"1709550000.000200",
          "thread_ts":"1709546400.000100","reactions":[{"name":"+1","users":["U6"],"count":1}]},
         {"type":"message","user":"U1","text":"Can everyone check the new export page?","ts":"1709553600.000300",
          "thread_ts":"1709553600.000300","reactions":[{"name":"white_check_mark","users":["U5"],"count":1}]},
         {"type":"message","user":"U7","bot_id":"B8","text":"Meeting notes are ready.","ts":"1709560000.000400",
          "bot_profile":{"id":"B8","name":"Notes"}}]
        """#,
        "globex-shared/2024-03-05.json": #"""
        [{"type":"message","user":"U5","text":"Looks fine from our side.","ts":"1709640000.000100","user_team":"T2",
          "user_profile":{"real_name":"Eli External","name":"eli","team":"T2"}},
         {"type":"message","subtype":"huddle_thread","user":"USLACKBOT","text":"","ts":"1709643600.000200",
          "thread_ts":"1709643600.000200","room":{"id":"R1","created_by":"U1","date_start":1709643600,
          "date_end":1709645400,"has_ended":true,"participant_history":["U1","U2","U6","U5","UB","B9","USLACKBOT","U7"],
          "participants":[],"channels":["C1"]}}]
        """#,
        "D1/2024-03-06.json": #"""
        [{"type":"message","subtype":"huddle_thread","user":"USLACKBOT","text":"","ts":"1709719200.000300",
          "thread_ts":"1709719200.000300","room":{"id":"R2","created_by":"U2","date_start":1709719200,"date_end":0,
          "participant_history":["U2","USLACKBOT"],"participants":["U2"],"channels":["D1"]}}]
        """#,
    ]

    @Test("a huddle: bots are no participants; the others' own UTC offsets ride along (huddle_offsets)")
    func huddleParticipants() throws {
        let r = try TempTree.readSlackExport(Self.files)
        #expect(r.messages.count == 7)
        let huddle = try #require(r.message("C1/1709643600.000200"))
        // Before: the bot UB, the bot id B9, Slackbot and the app U7 were participants (8, each an outsider
        // with a presence in the analysis).
        #expect(huddle.from.id == "U1")
        #expect(huddle.to.map(\.id) == ["U2", "U6", "U5"])
        #expect(huddle.attributes["huddle_participants"] == "4")
        // Carl's zone (EST in March), Dee's tz_offset, Eli's team clock (New York: Carl and Fay share it).
        #expect(huddle.attributes["huddle_offsets"] == "U2:-18000;U6:-28800;U5:-18000")
        #expect(huddle.date?.utcOffset == 3600)
        // Carl's DM huddle that only Slackbot joined is a missed call: a system post (before: a huddle of
        // Carl's to Slackbot).
        let missed = try #require(r.message("D1/1709719200.000300"))
        #expect(missed.attributes["huddle"] == nil)
        #expect(missed.flags.contains(.system))
        #expect(r.summary.huddles == 1)
        #expect(r.summary.excluded == ["bot": 1, "slack-huddle-thread": 1])
        // Eli was not known yet when Ann's ask was read: his later `user_profile` is read ahead (round 7;
        // before, he was left out and only the analysis placed him).
        #expect(r.message("C1/1709553600.000300")?.attributes["reactors"] == "U5||T2|1")
        #expect(
            r.message("C1/1709550000.000200")?.attributes["reactors"] == "U6|dee@globex.example|globex.example|1")
    }

    /// A guest known only from a message's `user_profile` (missing from users.json) is external, as a
    /// guest listed in users.json is; before, a guest of our own team counted as one of us.
    @Test func guestFromUserProfileIsExternal() throws {
        var files = Self.files
        files["globex-shared/2024-03-07.json"] = #"""
            [{"type":"message","user":"UG","text":"Is the export fixed?","ts":"1709805600.000100","team":"T1",
              "user_profile":{"real_name":"Gia Guest","name":"gia","team":"T1","is_restricted":true}},
             {"type":"message","user":"UH","text":"Thanks!","ts":"1709809200.000100","team":"T1",
              "user_profile":{"real_name":"Hal Member","name":"hal","team":"T1","is_restricted":false}}]
            """#
        let r = try TempTree.readSlackExport(files)
        let guest = try #require(r.message("C1/1709805600.000100"))
        #expect(guest.from.isExternal == true)
        #expect(guest.from.organization == nil)
        let member = try #require(r.message("C1/1709809200.000100"))
        #expect(member.from.isExternal != true)
        #expect(member.from.organization == "T1")
    }

    @Test("a huddle room with date_end as a string of digits has its length (before: none); Grid W… ids are people")
    func huddleShapes() throws {
        var files = Self.files
        files["D1/2024-03-06.json"] = #"""
            [{"type":"message","subtype":"huddle_thread","user":"USLACKBOT","text":"","ts":"1709719200.000300",
              "thread_ts":"1709719200.000300","room":{"id":"R2","created_by":"U2","date_start":"1709719200",
              "date_end":"1709721000","has_ended":true,"participant_history":["U2","W0AB12CD"],"participants":[],
              "participants_events":{"U2":{"user_team":{},"joined":true},"W0AB12CD":{"user_team":{},"joined":true}},
              "channels":["D1"]}}]
            """#
        let r = try TempTree.readSlackExport(files)
        let huddle = try #require(r.message("D1/1709719200.000300"))
        #expect(huddle.attributes["huddle_seconds"] == "1800")
        #expect(huddle.to.map(\.id) == ["W0AB12CD"])
        #expect(huddle.attributes["huddle_offsets"] == nil)
    }

    @Test("the same export read twice with shared ids: the second read is all duplicates")
    func givenTwice() throws {
        let dir = try TempTree.write(Self.files)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let zip = dir + ".zip"
        try TempTree.write(
            TempTree.storedZip(Self.files.sorted { $0.key < $1.key }.map { ($0.key, Array($0.value.utf8)) }), to: zip)
        defer { try? FileManager.default.removeItem(atPath: zip) }
        var reader = SlackExportReader()
        reader.seenAcrossInputs = SeenMessageIDs()
        var options = IngestOptions()
        options.dataDirectory = SlackFixtures.repo
        var summary = IngestSummary()
        var evidence = UsEvidence()
        var emitted: [String] = []
        for path in [dir, zip] {
            try reader.read(path: path, options: options, summary: &summary, evidence: &evidence) {
                emitted.append($0.id)
            }
        }
        #expect(emitted.count == 7)
        #expect(summary.read == 14)
        #expect(summary.emitted == 7)
        #expect(summary.skipped == ["duplicate": 7])
        // Counted once: the copies are not excluded or huddles again.
        #expect(summary.excluded == ["bot": 1, "slack-huddle-thread": 1])
        #expect(summary.huddles == 1)
    }

    @Test("Slack's TXT export as a .zip is refused with the way to the JSON export (before: 'a zip holding neither')")
    func textExportZip() throws {
        let dir = try TempTree.write([:])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let entries: [(String, [UInt8])] = [
            (
                "export/channels/globex-shared.txt",
                Array("[2024-03-04 10:00:00 UTC] Ann Agent: Can you confirm?\n".utf8)
            ),
            ("export/dms/carl.txt", Array("[2024-03-05 09:00:00 UTC] Carl Customer: thanks\n".utf8)),
            ("export/files/notes.txt", Array("notes\n".utf8)),
        ]
        try TempTree.write(TempTree.storedZip(entries), to: dir + "/export.zip")
        #expect(MailZip.classify(dir + "/export.zip") == .slackText)
        #expect {
            _ = try Ingestor().plan([dir + "/export.zip"])
        } throws: { error in
            guard let e = error as? RapportError else { return false }
            return e.code == .unknownFormat && e.message.hasPrefix("a Slack export in TXT format")
                && e.remedy?.contains("JSON format") == true
        }
        // A zip of other .txt files is still neither.
        try TempTree.write(TempTree.storedZip([("notes/a.txt", Array("hello\n".utf8))]), to: dir + "/other.zip")
        #expect(MailZip.classify(dir + "/other.zip") == .unknown)
        #expect {
            _ = try Ingestor().plan([dir + "/other.zip"])
        } throws: { error in
            (error as? RapportError)?.message.hasPrefix("a zip holding neither a Slack export nor mail") == true
        }
    }
}
