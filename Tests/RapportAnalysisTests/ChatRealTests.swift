import Foundation
import RapportAnalysis
import RapportCore
import Testing

/// Chat and tickets the way customer-facing teams use them (a vendor's Slack workspace with Slack Connect
/// channels, guests and DMs, plus helpdesk tickets): results a customer-success manager would call wrong.
@Suite("Chat as teams use it")
struct ChatRealTests {
    /// A Slack channel post by `from` that @-mentions `mentions` (the reader puts mentions in `to`).
    static func post(
        _ id: String, _ thread: String, from: String, mentions: [String] = [], at date: String, _ text: String,
        channel: ChannelKind = .slackPublic
    ) -> Message {
        Message(
            id: id, source: .slack, locator: SourceLocator(file: "test"), thread: thread,
            from: .email(from, name: Kit.name(from)), to: mentions.map { .email($0, name: Kit.name($0)) },
            date: Kit.t(date), channel: channel, subject: "#shared", text: text)
    }

    @Test("a mention in a shared channel is not the audience: our reply that @-mentions a colleague is ours")
    func mentionOfColleagueIsOutbound() throws {
        let msgs = [
            Self.post(
                "c1", "C/1", from: "gina@globex.com", at: "2026-03-04T15:00:00Z",
                "Can someone from your side join our architecture review next Tuesday?"),
            Self.post(
                "c2", "C/1", from: "ben@ours.com", mentions: ["chloe@ours.com"], at: "2026-03-04T15:45:00Z",
                "Yes, @Chloe Test from our solutions team can join."),
            Self.post(
                "c3", "C/1", from: "chloe@ours.com", at: "2026-03-04T16:30:00Z", "Happy to! I'll be there."),
            // Their follow-up that cc's a colleague of theirs is still theirs to us.
            Self.post(
                "c4", "C/1", from: "gina@globex.com", mentions: ["hal@globex.com"], at: "2026-03-04T17:00:00Z",
                "Great, can you bring the export numbers? cc @Hal Test"),
        ]
        #expect(Kit.us.classify(msgs[1]) == .outbound)
        #expect(Kit.us.classify(msgs[3]) == .inbound)
        let body = Kit.analyze(msgs, asOf: "2026-03-05T00:00:00Z")
        #expect(body.counts.used == 4)
        let c = try #require(Kit.contact(body, "gina@globex.com"))
        #expect(c.dynamics.messagesIn == 2)
        #expect(c.dynamics.messagesOut == 2)
        // Ben answered after 45 min (Chloe's 90 min follow-up is the same run of ours).
        #expect(c.dynamics.latencyUs.count == 1)
        #expect(c.dynamics.latencyUs.medianSeconds == 2_700)
        // Gina answered the run of ours that started with Ben's reply: 15:45 → 17:00.
        #expect(c.dynamics.latencyThem.medianSeconds == 4_500)
        #expect(Kit.contact(body, "hal@globex.com") == nil)
        // In a DM the members are the audience: a DM between two of ours stays internal.
        let dm = Self.post(
            "d1", "D/1", from: "ben@ours.com", mentions: ["chloe@ours.com"], at: "2026-03-04T18:00:00Z", "fyi",
            channel: .slackDM)
        #expect(Kit.us.classify(dm) == .internal)
    }

    @Test("a pasted log in a code block is one word, not fifty")
    func codeBlockIsOneWord() throws {
        let log =
            "here's the log:\n```\n2026-03-02T08:01:13Z ERROR sync worker-3 token expired (401) for tenant"
            + " globex-prod\n2026-03-02T08:01:14Z ERROR sync worker-3 retry 1/5 failed: 401 Unauthorized\n```"
        let (blank, blocks) = TextFeatures.blankingCodeBlocks(log)
        #expect(blocks == 1)
        #expect(blank.utf8.count == log.utf8.count)
        #expect(blank.hasPrefix("here's the log:\n   "))
        #expect(TextFeatures.blankingCodeBlocks("no code here") == ("no code here", 0))
        // An unclosed fence runs to the end; inline `code` is not a block.
        #expect(TextFeatures.blankingCodeBlocks("see ```a b c").1 == 1)
        #expect(TextFeatures.blankingCodeBlocks("run `make` twice").1 == 0)
        let msgs = [
            Self.post(
                "l1", "C/1", from: "ben@ours.com", at: "2026-03-02T14:20:00Z", "Looking now, can you paste the log?"),
            Self.post("l2", "C/1", from: "hal@globex.com", at: "2026-03-02T14:25:00Z", log),
        ]
        let body = Kit.analyze(msgs, asOf: "2026-03-03T00:00:00Z")
        let c = try #require(Kit.contact(body, "hal@globex.com"))
        // "here's", "the", "log" and the block.
        #expect(c.dynamics.medianWordsThem == 4)
        #expect(body.timelines["hal@globex.com"]?.last?.words == 4)
    }

    @Test("a thread a colleague of theirs opened was started by neither side of the relationship")
    func threadOpenedByAnotherOutsider() throws {
        func mail(
            _ id: String, _ thread: String, from: String, to: String, cc: String?, at: String, _ text: String
        )
            -> Message
        {
            Message(
                id: id, source: .mbox, locator: SourceLocator(file: "test"), thread: thread,
                from: .email(from, name: Kit.name(from)), to: [.email(to, name: Kit.name(to))],
                cc: cc.map { [.email($0, name: Kit.name($0))] } ?? [], date: Kit.t(at), channel: .email,
                subject: "s", text: text)
        }
        let msgs = [
            // Dana writes, Raj on Cc; our answer to both asks nothing.
            mail(
                "m1", "t1", from: "dana@acme.com", to: "me@ours.com", cc: "raj@acme.com", at: "2026-03-02T09:00:00Z",
                "We rolled the new dashboards out to all teams today."),
            mail(
                "m2", "t1", from: "me@ours.com", to: "dana@acme.com", cc: "raj@acme.com", at: "2026-03-02T10:00:00Z",
                "Great news, congratulations to the whole team."),
            // A thread of our own with Raj, which he answers.
            mail(
                "m3", "t2", from: "me@ours.com", to: "raj@acme.com", cc: nil, at: "2026-03-03T09:00:00Z",
                "Could you send the export logs?"),
            mail(
                "m4", "t2", from: "raj@acme.com", to: "me@ours.com", cc: nil, at: "2026-03-03T10:00:00Z",
                "Here they are."),
        ]
        let body = Kit.analyze(msgs, asOf: "2026-03-04T00:00:00Z")
        let raj = try #require(Kit.contact(body, "raj@acme.com"))
        // t1 was Dana's: Raj did not start it and neither did we; our no-question answer there was no turn
        // he failed to take (it was: started by us 2, answered 1 of our 2 turns).
        #expect(raj.dynamics.threadsStartedByUs == 1)
        #expect(raj.dynamics.threadsStartedByThem == 0)
        #expect(raj.dynamics.replyRateThem == 1)
        #expect(raj.dynamics.messagesOut == 2)
        #expect(body.timelines["raj@acme.com"]?.map(\.startsThread) == [false, true, false])
        let dana = try #require(Kit.contact(body, "dana@acme.com"))
        #expect(dana.dynamics.threadsStartedByThem == 1)
        #expect(dana.dynamics.threadsStartedByUs == 0)
    }

    @Test("a question that @-mentions one of us ages on that person's clock until one of us answers")
    func waitingItemAgesOnTheAddresseesClock() throws {
        let msgs = [
            // Ana answers from New York, Ben from Berlin: two clocks.
            Self.post("a1", "T0", from: "ana@ours.com", at: "2026-02-23T10:00:00-05:00", "Hi Gina, how are things?"),
            Self.post("a2", "T0", from: "gina@globex.com", at: "2026-02-23T11:00:00-06:00", "All good, thanks!"),
            Self.post("b1", "T1", from: "ben@ours.com", at: "2026-02-24T10:00:00+01:00", "Could you check the export?"),
            Self.post("b2", "T1", from: "gina@globex.com", at: "2026-02-24T09:00:00-06:00", "Checked, it works."),
            // Monday 10:00 in New York (16:00 in Berlin): a question to Ana.
            Self.post(
                "q", "T2", from: "gina@globex.com", mentions: ["ana@ours.com"], at: "2026-03-02T09:00:00-06:00",
                "@Ana Test could you share the Q2 roadmap deck?"),
        ]
        let body = Kit.analyze(msgs, asOf: "2026-03-02T22:00:00Z")
        let c = try #require(Kit.contact(body, "gina@globex.com"))
        let item = try #require(c.dynamics.openItems.first { $0.messageID == "q" })
        // Ana's clock: 10:00–17:00 in New York = 7 h = 0.875 business days (on Ben's, the side's latest
        // offset, it was 16:00–17:00 in Berlin: 0.13).
        #expect(item.ageBusinessDays == 0.88)
    }
}
