import Foundation
import RapportAnalysis
import RapportCore
import RapportIngest
import Testing

/// Slack reactions and huddles end to end: export → reader → "us" inference → analysis.
@Suite("Slack engagement end to end")
struct SlackEngagementTests {
    static let files: [String: String] = [
        "users.json": #"""
        [{"id":"U1","team_id":"T1","name":"ann","real_name":"Ann Agent","profile":{"email":"ann@vendor.example"}},
         {"id":"U3","team_id":"T1","name":"bo","real_name":"Bo Agent","profile":{"email":"bo@vendor.example"}},
         {"id":"U2","team_id":"T2","name":"carl","real_name":"Carl Customer","profile":{"email":"carl@globex.example"}}]
        """#,
        "channels.json": #"[{"id":"C1","name":"globex-shared","members":["U1","U2","U3"]}]"#,
        "dms.json": #"[{"id":"D1","members":["U1","U2"]}]"#,
        "globex-shared/2024-03-04.json": #"""
        [{"type":"message","user":"U1","text":"<@U2> can you confirm the renewal date?","ts":"1709542800.000100",
          "thread_ts":"1709542800.000100","reactions":[{"name":"+1::skin-tone-3","users":["U2"],"count":1}]},
         {"type":"message","user":"U2","text":"Separate topic: could you look at the failing export?",
          "ts":"1709546400.000200","thread_ts":"1709546400.000200",
          "reactions":[{"name":"eyes","users":["U1","U2"],"count":2}]}]
        """#,
        "D1/2024-03-06.json": #"""
        [{"type":"message","subtype":"huddle_thread","user":"USLACKBOT","text":"","ts":"1709719200.000300",
          "thread_ts":"1709719200.000300","room":{"id":"R1","created_by":"U1","date_start":1709719200,
          "date_end":1709721000,"has_ended":true,"participant_history":["U1","U2"],"participants":[],
          "channels":["D1"]}}]
        """#,
    ]

    static func analyze() throws -> (AnalysisBody, IngestSummary) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-engagement-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, text) in files {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let (agg, summary) = try DemoCorpusTests.aggregate([dir.path], analyzer: nil, asOf: nil, timelineDays: 180)
        return (Analyzer().analyze(agg, asOf: Timestamp(iso8601: "2024-03-08T00:00:00Z")), summary)
    }

    @Test("Carl's 👍 answers our ask; Ann's 👀 on his ask is ours; the huddle is a DM contact of ours")
    func carl() throws {
        let (body, summary) = try Self.analyze()
        #expect(summary.huddles == 1)
        let carl = try #require(body.accounts.flatMap(\.contacts).first { $0.id == "carl@globex.example" })
        let d = carl.dynamics
        // His message and his presence in our DM huddle (docs/slack.md, "Huddles").
        #expect(d.messagesIn == 2)
        #expect(d.messagesOut == 2)
        #expect(d.reactionsThem == 1)
        #expect(d.acknowledgementsThem == 1)
        #expect(d.reactionsUs == 1)
        #expect(d.openItems.map(\.messageID) == ["C1/1709546400.000200"])
        #expect(d.openItems.map(\.waitingOn) == ["waiting-on-us"])
        #expect(d.replyRateThem == 1)
        #expect(d.latencyThem.count == 0)
        #expect(d.channels == ["slack-dm", "slack-public"])
        #expect(d.threadsStartedByUs == 2)
    }
}
