import Foundation
import RapportAnalysis
import RapportCore
import Testing

/// Slack reactions as engagement and acknowledgement (docs/dynamics.md, "Reactions").
@Suite("Reactions")
struct ReactionTests {
    static let sam: Participant = {
        var p = Participant(id: "U0SAM", email: "me@ours.com", displayName: "Sam Ours")
        p.organization = "T0OURS"
        return p
    }()
    static let dana: Participant = {
        var p = Participant(id: "U0DANA", email: "dana@acme.com", displayName: "Dana Acme")
        p.organization = "T0ACME"
        p.isExternal = true
        return p
    }()

    /// A post in the shared channel `#acme` (thread `thread`), with a reactions attribute; ours @-mention
    /// Dana (the reader puts mentions in `to`).
    static func post(
        _ id: String, _ thread: String, from: Participant, at date: String, _ text: String, reactions: String? = nil
    ) -> Message {
        Message(
            id: id, source: .slack, locator: SourceLocator(file: "test"), thread: thread, from: from,
            to: from.id == sam.id ? [dana] : [], date: Kit.t(date), channel: .slackPublic, subject: "#acme", text: text,
            attributes: reactions.map { ["reactions": $0] } ?? [:])
    }

    /// Four threads in one month: A our ask 👍'd by Dana; B our ask she only 👀'd; C her message we 🙏'd
    /// (her own 🙏 on it does not count); D our ask she ✅'d, then a second ask she did not react to.
    static func corpus() -> [Message] {
        [
            post(
                "C1/1", "C1/1", from: sam, at: "2026-03-02T10:00:00Z", "Can you confirm the renewal date?",
                reactions: "+1::skin-tone-2:U0DANA"),
            post(
                "C1/2", "C1/2", from: sam, at: "2026-03-03T10:00:00Z", "Could you send the PO number?",
                reactions: "eyes:U0DANA"),
            post(
                "C1/3", "C1/3", from: dana, at: "2026-03-04T10:00:00Z", "Here is the log from last night.",
                reactions: "pray:U0DANA,U0SAM"),
            post(
                "C1/4", "C1/4", from: sam, at: "2026-03-05T10:00:00Z", "Can you check the invoice address?",
                reactions: "white_check_mark:U0DANA"),
            post("C1/5", "C1/4", from: sam, at: "2026-03-05T11:00:00Z", "Also, could you share the tax id?"),
        ]
    }

    @Test("reaction items: skin tones, several users, acknowledgement per user")
    func parse() {
        let r = Reactions.reactors("+1::skin-tone-2:U1,U2;eyes:U2,U3;white_check_mark:U4;broken;ok:")
        #expect(r.map(\.user) == ["U1", "U2", "U3", "U4"])
        #expect(r.map(\.acknowledges) == [true, true, false, true])
        #expect(Reactions.isAcknowledgement("thumbsup::skin-tone-5"))
        #expect(!Reactions.isAcknowledgement("eyes"))
        #expect(!Reactions.isAcknowledgement("-1"))
    }

    @Test("counts per contact and month; an acknowledgement answers an ask (no latency), 👀 does not")
    func counts() throws {
        let body = Kit.analyze(Self.corpus(), asOf: "2026-03-10T00:00:00Z")
        let dana = try #require(Kit.contact(body, "dana@acme.com"))
        let d = dana.dynamics
        #expect(d.reactionsThem == 3)
        #expect(d.acknowledgementsThem == 2)
        #expect(d.reactionsUs == 1)
        #expect(dana.months.map(\.month) == ["2026-03"])
        #expect(dana.months.first?.reactionsThem == 3)
        #expect(dana.months.first?.reactionsUs == 1)
        // A is acknowledged; B (👀) and D (the second ask came after her ✅) stay open.
        #expect(d.openItems.map(\.messageID) == ["C1/2", "C1/4"])
        #expect(d.openItems.map(\.waitingOn) == ["waiting-on-them", "waiting-on-them"])
        #expect(d.replyRateThem == 1.0 / 3.0)
        #expect(d.replyRateUs == 0)
        #expect(d.latencyThem.count == 0)
        #expect(d.replyExchanges == 0)
    }

    @Test("without the acknowledgement the ask stays open (before: every 👍'd ask was waiting on them)")
    func withoutReactions() throws {
        let plain = Self.corpus().map { m -> Message in
            var x = m
            x.attributes = [:]
            return x
        }
        let d = try #require(Kit.contact(Kit.analyze(plain, asOf: "2026-03-10T00:00:00Z"), "dana@acme.com")).dynamics
        #expect(d.reactionsThem == nil)
        #expect(d.reactionsUs == nil)
        #expect(d.acknowledgementsThem == nil)
        #expect(d.openItems.map(\.messageID) == ["C1/1", "C1/2", "C1/4"])
        #expect(d.replyRateThem == 0)
    }

    @Test("a reaction by a colleague of ours on our message, or by nobody known, is no engagement of theirs")
    func colleagues() throws {
        var msgs = Self.corpus()
        msgs[0].attributes["reactions"] = "+1:U0SAM,U0NOBODY"
        let d = try #require(Kit.contact(Kit.analyze(msgs, asOf: "2026-03-10T00:00:00Z"), "dana@acme.com")).dynamics
        #expect(d.reactionsThem == 2)
        #expect(d.acknowledgementsThem == 1)
        #expect(d.openItems.map(\.messageID) == ["C1/1", "C1/2", "C1/4"])
    }

    @Test("shards (one thread each) merge into exactly the one-pass result, in any order", arguments: [2, 3, 5])
    func merge(shards: Int) {
        let msgs = Self.corpus() + PipelineTests.corpus()
        let asOf = Kit.t("2026-03-10T00:00:00Z")
        let one = Analyzer().analyze(Kit.aggregate(msgs, asOf: asOf), asOf: asOf)
        let (forward, backward) = Kit.mergedBothWays(Kit.roundRobinShards(msgs, shards: shards, asOf: asOf))
        #expect(Kit.bytes(Analyzer().analyze(forward, asOf: asOf)) == Kit.bytes(one))
        #expect(Kit.bytes(Analyzer().analyze(backward, asOf: asOf)) == Kit.bytes(one))
    }

    @Test("one shard per thread (a channel's messages apart from their reactors' own posts) merges exactly")
    func mergeByThread() {
        let msgs = Self.corpus() + PipelineTests.corpus()
        let asOf = Kit.t("2026-03-10T00:00:00Z")
        let one = Kit.bytes(Analyzer().analyze(Kit.aggregate(msgs, asOf: asOf), asOf: asOf))
        let threads = Array(Set(msgs.map(\.thread))).sorted()
        let parts = threads.map { t in Kit.aggregate(msgs.filter { $0.thread == t }, asOf: asOf) }
        let (forward, backward) = Kit.mergedBothWays(parts)
        #expect(Kit.bytes(Analyzer().analyze(forward, asOf: asOf)) == one)
        #expect(Kit.bytes(Analyzer().analyze(backward, asOf: asOf)) == one)
    }

    @Test("a duplicate that differs only in reactions resolves the same way in either merge order")
    func duplicateReactions() {
        let asOf = Kit.t("2026-03-10T00:00:00Z")
        var later = Self.corpus()
        later[1].attributes["reactions"] = "eyes:U0DANA;ok_hand:U0DANA"
        let a = Kit.aggregate(Self.corpus(), asOf: asOf)
        let b = Kit.aggregate(later, asOf: asOf)
        var ab = a
        ab.merge(b)
        var ba = b
        ba.merge(a)
        #expect(Kit.bytes(Analyzer().analyze(ab, asOf: asOf)) == Kit.bytes(Analyzer().analyze(ba, asOf: asOf)))
    }

    @Test("the map-stage record carries the reactions: partials reduce as the one pass does")
    func records() {
        let asOf = Kit.t("2026-03-10T00:00:00Z")
        let f = Featurizer(us: Kit.us, analyzer: nil)
        var agg = PartialAggregate(asOf: asOf, timelineDays: 180)
        for m in Self.corpus() { agg.add(f.record(of: m, keepText: true), us: Kit.us) }
        #expect(
            Kit.bytes(Analyzer().analyze(agg, asOf: asOf))
                == Kit.bytes(Analyzer().analyze(Kit.aggregate(Self.corpus(), asOf: asOf), asOf: asOf)))
    }
}
