import Foundation
import RapportCore
import RapportIngest
import Testing

@testable import RapportAnalysis

/// Slack real-world round 5, analysis side: what a real export knows about "us" reaches reactions and
/// huddles without `--me` (docs/dynamics.md, "Reactions"; docs/slack.md, "Huddles").
@Suite("Slack real world round 5: reactors and huddle participants")
struct SlackUsRound5Tests {
    /// Our workspace T1 (vendor.example): Ann writes; Bo and Cy (no email) only ever react. Slack Connect
    /// team T2 (globex.example): Carl writes; Dee only joins a huddle. A bot of ours reacts too.
    static let files: [String: String] = [
        "users.json": #"""
        [{"id":"U1","team_id":"T1","name":"ann","real_name":"Ann Agent","profile":{"email":"ann@vendor.example"}},
         {"id":"U3","team_id":"T1","name":"bo","real_name":"Bo Boss","profile":{"email":"bo@vendor.example"}},
         {"id":"U4","team_id":"T1","name":"cy","real_name":"Cy Support","profile":{}},
         {"id":"U8","team_id":"T1","name":"eve","real_name":"Eve Engineer","profile":{"email":"eve@vendor.example"}},
         {"id":"UB","team_id":"T1","name":"statusbot","is_bot":true,"profile":{"bot_id":"B1"}},
         {"id":"U2","team_id":"T2","name":"carl","real_name":"Carl Customer","profile":{"email":"carl@globex.example"}},
         {"id":"U5","team_id":"T2","name":"dee","real_name":"Dee Director","profile":{"email":"dee@globex.example"}}]
        """#,
        "channels.json": #"[{"id":"C1","name":"globex-shared","members":["U1","U2","U3","U4","U5"]}]"#,
        "dms.json": #"[{"id":"D1","members":["U1","U2"]}]"#,
        "globex-shared/2024-03-04.json": #"""
        [{"type":"message","user":"U2","text":"Could you look at the failing export?","ts":"1709546400.000200",
          "thread_ts":"1709546400.000200","user_team":"T2",
          "reactions":[{"name":"eyes","users":["U3","UB"],"count":2},{"name":"+1","users":["U4"],"count":1}]},
         {"type":"message","user":"U1","text":"Can you confirm the renewal date?","ts":"1709550000.000300",
          "thread_ts":"1709550000.000300",
          "reactions":[{"name":"white_check_mark","users":["U3"],"count":1},{"name":"+1","users":["U2"],"count":1}]},
         {"type":"message","subtype":"huddle_thread","user":"USLACKBOT","text":"","ts":"1709553600.000400",
          "thread_ts":"1709553600.000400","room":{"id":"R2","created_by":"U1","date_start":1709553600,
          "date_end":1709555400,"has_ended":true,"participant_history":["U1","U2","U5","U8"],"participants":[],
          "channels":["C1"]}}]
        """#,
        "D1/2024-03-06.json": #"""
        [{"type":"message","subtype":"huddle_thread","user":"USLACKBOT","text":"","ts":"1709719200.000300",
          "thread_ts":"1709719200.000300","room":{"id":"R1","created_by":"U1","date_start":1709719200,
          "date_end":1709721000,"has_ended":true,"participant_history":["U1","U2"],"participants":[],
          "channels":["D1"]}},
         {"type":"message","user":"U2","text":"Thanks, that call helped a lot.","ts":"1709722800.000400",
          "thread_ts":"1709719200.000300"}]
        """#,
    ]

    static let asOf = Timestamp(iso8601: "2024-03-08T00:00:00Z")

    /// The export's messages (direction classified against the inferred "us") and that "us".
    static func messages(_ files: [String: String] = files) throws -> ([Message], Us) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-round5-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, text) in files {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let ingestor = Ingestor()
        let plan = try ingestor.plan([dir.path])
        var summary = IngestSummary()
        var evidence = UsEvidence()
        var out: [Message] = []
        try ingestor.ingest(plan, summary: &summary, evidence: &evidence) { out.append($0) }
        let us = evidence.infer()
        for k in out.indices where out[k].direction == .unknown { out[k].direction = us.classify(out[k]) }
        return (out, us)
    }

    static func aggregate(_ messages: [Message], us: Us) -> PartialAggregate {
        let f = Featurizer(us: us, analyzer: nil)
        var agg = PartialAggregate(asOf: asOf, timelineDays: 180)
        for m in messages { agg.add(m, featurizer: f) }
        return agg
    }

    static func bytes(_ agg: PartialAggregate) -> String {
        Kit.bytes(Analyzer().analyze(agg, asOf: asOf))
    }

    @Test("the reader lists the reactors it knows: team member, member without email, customer; not the bot")
    func reactorsAttribute() throws {
        let (msgs, us) = try Self.messages()
        #expect(us.slackTeams == ["T1"])
        #expect(us.internalDomains == ["vendor.example"])
        let carl = try #require(msgs.first { $0.id == "C1/1709546400.000200" })
        #expect(carl.attributes["reactions"] == "+1:U4;eyes:U3,UB")
        #expect(carl.attributes["reactors"] == "U3|bo@vendor.example|vendor.example|0;U4||T1|0")
        let ann = try #require(msgs.first { $0.id == "C1/1709550000.000300" })
        #expect(
            ann.attributes["reactors"]
                == "U2|carl@globex.example|globex.example|1;U3|bo@vendor.example|vendor.example|0")
    }

    @Test("colleagues who only react are ours without --me (before: reactionsUs absent); the customer's 👍 is theirs")
    func reactionsUs() throws {
        let (msgs, us) = try Self.messages()
        let body = Analyzer().analyze(Self.aggregate(msgs, us: us), asOf: Self.asOf)
        let carl = try #require(Kit.contact(body, "carl@globex.example"))
        let d = carl.dynamics
        // Bo's 👀 and Cy's 👍 on Carl's ask: one message of theirs we reacted to (the bot is nobody).
        #expect(d.reactionsUs == 1)
        // Carl's 👍 on Ann's ask answers it; Bo's ✅ there is not Carl's.
        #expect(d.reactionsThem == 1)
        #expect(d.acknowledgementsThem == 1)
        #expect(carl.months.first?.reactionsUs == 1)
        // The same export with the reactor facts dropped: as before this round.
        let bare = msgs.map { m -> Message in
            var x = m
            x.attributes["reactors"] = nil
            return x
        }
        let before = try #require(
            Kit.contact(Analyzer().analyze(Self.aggregate(bare, us: us), asOf: Self.asOf), "carl@globex.example"))
        // Without the attribute Bo and Cy are nobody's (before round 5, reactionsUs was absent).
        #expect(before.dynamics.reactionsUs == 0)
        // Before, Ann's ask (a thread Carl never wrote in, no mention) reached no outsider and was dropped
        // ("no-external-participant"), his 👍 with it; now his reaction shows it reached him. Since round 6
        // this holds without the attribute too: Carl wrote to us, so the analysis places his reaction itself.
        #expect(before.dynamics.reactionsThem == 1)
        #expect(before.dynamics.acknowledgementsThem == 1)
    }

    @Test("a customer joining our huddle is a contact of theirs too: counted, never a reply (no latency)")
    func huddlePresence() throws {
        let (msgs, us) = try Self.messages()
        let body = Analyzer().analyze(Self.aggregate(msgs, us: us), asOf: Self.asOf)
        let carl = try #require(Kit.contact(body, "carl@globex.example"))
        // In: his ask, his DM thanks, and his presence in both of our huddles (before: 2). Out: our ask,
        // the two huddles.
        #expect(carl.dynamics.messagesIn == 4)
        #expect(carl.dynamics.messagesOut == 3)
        // The only reply pair is his written thanks after the DM huddle (the presences pair with nothing).
        #expect(carl.dynamics.replyExchanges == 1)
        #expect(carl.dynamics.latencyThem.count == 1)
        #expect(carl.dynamics.threadsStartedByUs == 3)
        #expect(carl.dynamics.threadsStartedByThem == 1)
        // Dee only joined the channel huddle: one contact each way (before: out 1, in 0).
        let dee = try #require(Kit.contact(body, "dee@globex.example"))
        #expect(dee.dynamics.messagesIn == 1)
        #expect(dee.dynamics.messagesOut == 1)
        #expect(dee.dynamics.replyExchanges == 0)
        #expect(dee.dynamics.channels == ["slack-public"])
        // Presences are no messages: the used count is that of the export's messages.
        #expect(body.counts.used == 5)
    }

    @Test("shards merge into the one-pass result in any order; partial records reduce the same", arguments: [2, 3, 5])
    func merge(shards: Int) throws {
        let (msgs, us) = try Self.messages()
        let one = Self.bytes(Self.aggregate(msgs, us: us))
        let parts = (0..<shards).map { s in
            Self.aggregate(msgs.enumerated().filter { $0.offset % shards == s }.map(\.element), us: us)
        }
        let (forward, backward) = Kit.mergedBothWays(parts)
        #expect(Self.bytes(forward) == one)
        #expect(Self.bytes(backward) == one)
        // The map stage's records (encoded and decoded, as partial files are) reduce to the same report.
        let reduced = try Kit.reducedFromRecords(msgs, us: us, asOf: Self.asOf)
        #expect(Self.bytes(reduced) == one)
    }

    @Test("history replay: one sweep equals recomputation with huddle presences", arguments: [11, 12])
    func replay(seed: Int) {
        // The random replay corpus plus, in a third of its Slack DM threads, a huddle of ours that the
        // contact joined (and one of theirs in every fifth, which adds no presence of ours).
        var msgs = ReplayTests.corpus(seed: UInt64(seed), threads: 240)
        var huddles: [Message] = []
        for (k, m) in msgs.enumerated() where m.channel == .slackDM && m.id.hasSuffix("-0") && k % 3 == 0 {
            let contact = m.direction == .inbound ? m.from : Participant.email("c9@d0.com")
            let mine = k % 5 == 0
            var h = Message(
                id: "h\(k)", source: .slack, locator: SourceLocator(file: "r"), thread: "h\(k)",
                from: mine ? contact : .email("me@ours.com"), to: [mine ? .email("me@ours.com") : contact],
                date: Timestamp(seconds: m.date!.seconds + 3_600, utcOffset: 0), channel: .slackDM, text: "",
                attributes: ["huddle": "true", "huddle_participants": "2"])
            h.direction = mine ? .inbound : .outbound
            huddles.append(h)
        }
        msgs += huddles
        let (analyzer, agg, asOf, contacts) = ReplayTests.contacts(of: msgs)
        #expect(agg.events.contains { $0.presence })
        let source = EventSource(aggregate: agg, textFrom: asOf - 90 * 86_400)
        var instants = analyzer.historyInstants(asOf: Timestamp(seconds: Int64(asOf))).map(\.1)
        instants += [asOf - 30 * 86_400, asOf - 3 * 86_400]
        #expect(ReplayTests.compareSweep(analyzer, source, contacts, at: instants) > 40)
    }

    /// An old export (no team fields): "us" is the members' domain; Dan has no email, so nothing says
    /// which side he is on.
    static let oldFiles: [String: String] = [
        "users.json": #"""
        [{"id":"U1","name":"ann","real_name":"Ann Agent","profile":{"email":"ann@vendor.example"}},
         {"id":"U3","name":"bo","real_name":"Bo Boss","profile":{"email":"bo@vendor.example"}},
         {"id":"U4","name":"dan","real_name":"Dan Unknown","profile":{}},
         {"id":"U2","name":"carl","real_name":"Carl Customer","profile":{"email":"carl@globex.example"}}]
        """#,
        "channels.json": #"[{"id":"C1","name":"globex","members":["U1","U2","U3","U4"]}]"#,
        "globex/2016-03-04.json": #"""
        [{"type":"message","user":"U2","text":"Could you look at the failing export?","ts":"1457085600.000100",
          "thread_ts":"1457085600.000100",
          "reactions":[{"name":"eyes","users":["U3","U4"],"count":2}]},
         {"type":"message","user":"U1","text":"Release 4.2 is out: can you confirm the upgrade window?",
          "ts":"1457089200.000200","thread_ts":"1457089200.000200",
          "reactions":[{"name":"white_check_mark","users":["U2"],"count":1},{"name":"+1","users":["U4"],"count":1}]},
         {"type":"message","user":"U1","text":"Maintenance on Sunday, nothing to do on your side.",
          "ts":"1457092800.000300","thread_ts":"1457092800.000300",
          "reactions":[{"name":"+1","users":["U4"],"count":1}]}]
        """#,
    ]

    @Test("an old export: a member the export says nothing about is neither side, even after reacting")
    func oldExportUnknownReactor() throws {
        let (msgs, us) = try Self.messages(Self.oldFiles)
        #expect(us.internalDomains == ["vendor.example"])
        #expect(msgs.first?.attributes["reactors"] == "U3|bo@vendor.example|vendor.example|;U4|||")
        let asOf = Timestamp(iso8601: "2016-03-08T00:00:00Z")
        let f = Featurizer(us: us, analyzer: nil)
        var agg = PartialAggregate(asOf: asOf, timelineDays: 180)
        for m in msgs { agg.add(m, featurizer: f) }
        let body = Analyzer().analyze(agg, asOf: asOf)
        let carl = try #require(Kit.contact(body, "carl@globex.example"))
        // Bo (internal domain) reacted to Carl's ask; Dan's 👀 is nobody's. Carl's ✅ answers our ask.
        #expect(carl.dynamics.reactionsUs == 1)
        #expect(carl.dynamics.reactionsThem == 1)
        #expect(carl.dynamics.acknowledgementsThem == 1)
        #expect(carl.dynamics.messagesOut == 1)
        // Dan is no contact: the maintenance note only he reacted to reached no outsider.
        #expect(Kit.contact(body, "u4") == nil)
        #expect(body.counts.notUsed["no-external-participant"] == 1)
    }
}
