import Foundation
import RapportCore
import RapportIngest
import Testing

@testable import RapportAnalysis

/// Slack real-world round 6, analysis side: a reactor the reader met before their `user_profile`, reactors
/// on top of a post's audience, huddle presences on the participant's own clock (docs/dynamics.md).
@Suite("Slack real world round 6: reactors and huddle presences")
struct SlackRealWorldRound6AnalysisTests {
    /// The export of the reader-side suite (RapportIngestTests' `SlackRealWorldRound6Tests.files`, copied:
    /// test targets do not import each other).
    static let files: [String: String] = [
        "users.json": #"""
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
        """#,
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

    static func analyzed(_ files: [String: String] = files) throws -> (AnalysisBody, PartialAggregate) {
        let (msgs, us) = try SlackUsRound5Tests.messages(files)
        #expect(us.slackTeams == ["T1"])
        let agg = SlackUsRound5Tests.aggregate(msgs, us: us)
        return (Analyzer().analyze(agg, asOf: SlackUsRound5Tests.asOf), agg)
    }

    static func unaffiliated(_ body: AnalysisBody, _ id: String) -> ContactResult? {
        body.unaffiliated.first { $0.id == id }
    }

    @Test("Eli's ✅ on our ask, read before his user_profile, is his acknowledgement (before: no-external-participant)")
    func reactorDiscoveredLater() throws {
        let (body, _) = try Self.analyzed()
        let eli = try #require(Self.unaffiliated(body, "u5"))
        // Out: our ask he ✅'d and our huddle he joined; in: his message and his presence in it.
        #expect(eli.dynamics.messagesOut == 2)
        #expect(eli.dynamics.messagesIn == 2)
        #expect(eli.dynamics.reactionsThem == 1)
        #expect(eli.dynamics.acknowledgementsThem == 1)
        #expect(body.counts.notUsed["no-external-participant"] == nil)
        // The same with his message in the first day file: the same Eli, whatever the file order.
        var early = Self.files
        early["globex-shared/2024-03-03.json"] = #"""
            [{"type":"message","user":"U5","text":"Hello from Eli.","ts":"1709460000.000100","user_team":"T2",
              "user_profile":{"real_name":"Eli External","name":"eli","team":"T2"}}]
            """#
        var late = Self.files
        late["globex-shared/2024-03-03.json"] = #"""
            [{"type":"message","user":"U5","text":"Hello from Eli.","ts":"1709460000.000100","user_team":"T2"}]
            """#
        let (a, _) = try Self.analyzed(early)
        let (b, _) = try Self.analyzed(late)
        let ea = try #require(Self.unaffiliated(a, "u5"))
        let eb = try #require(Self.unaffiliated(b, "u5"))
        #expect(ea.dynamics.acknowledgementsThem == 1)
        #expect(eb.dynamics.acknowledgementsThem == 1)
        #expect(ea.dynamics.messagesOut == eb.dynamics.messagesOut)
    }

    @Test("Dee's 👍 on our answer in Carl's thread adds her to its audience (before: Carl's only, her 👍 lost)")
    func reactorOnTopOfAudience() throws {
        let (body, _) = try Self.analyzed()
        let dee = try #require(Kit.contact(body, "dee@globex.example"))
        // Out: our answer and our huddle (before: the huddle only).
        #expect(dee.dynamics.messagesOut == 2)
        #expect(dee.dynamics.reactionsThem == 1)
        #expect(dee.dynamics.acknowledgementsThem == 1)
        // Carl keeps the answer (his thread), without a reaction of his.
        let carl = try #require(Kit.contact(body, "carl@globex.example"))
        #expect(carl.dynamics.messagesOut == 2)
        #expect(carl.dynamics.reactionsThem == nil)
    }

    @Test("huddle presences carry each participant's own UTC offset (before: the creator's +01:00); no bots")
    func presenceOffsets() throws {
        let (body, agg) = try Self.analyzed()
        let presences = agg.events.filter(\.presence).map(\.utcOffset).sorted()
        // Dee −08:00, Carl and Eli −05:00 (before: five presences at +01:00, the bots among them).
        #expect(presences == [-28_800, -18_000, -18_000])
        let last = Self.unaffiliated(body, "u5")?.dynamics.lastMessage
        #expect(last?.seconds == 1_709_643_600)
        #expect(last?.utcOffset == -18_000)
        #expect(!body.unaffiliated.contains { ["b9", "u7", "uslackbot"].contains($0.id) })
        // The offsets travel in the map stage's records too.
        let (msgs, us) = try SlackUsRound5Tests.messages(Self.files)
        let reduced = try Kit.reducedFromRecords(msgs, us: us, asOf: SlackUsRound5Tests.asOf)
        #expect(reduced.events.filter(\.presence).map(\.utcOffset).sorted() == presences)
        #expect(Kit.bytes(Analyzer().analyze(reduced, asOf: SlackUsRound5Tests.asOf)) == Kit.bytes(body))
    }

    @Test("the huddle_offsets attribute: malformed items are left out")
    func offsetsCodec() {
        #expect(PartialAggregate.huddleOffsets("U2:-18000;U6:3600") == ["U2": -18_000, "U6": 3600])
        #expect(PartialAggregate.huddleOffsets(";:5;U3:;U4:x;U5:99999999;U7:0;") == ["U7": 0])
    }
}
