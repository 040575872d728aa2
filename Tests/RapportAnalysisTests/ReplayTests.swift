import Foundation
import RapportCore
import Testing

@testable import RapportAnalysis

@Suite("History replay")
struct ReplayTests {
    /// A random multi-contact corpus: mail, Slack (no recipients), tickets; offsets that change (DST-like);
    /// questions, closers, informal and formal texts; equal instants; two people of ours in different zones.
    static func corpus(seed: UInt64, threads: Int, reactions: Bool = false) -> [Message] {
        var state = seed
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        let texts = [
            "Hi Sam! Thanks for the update, looks great 🙂", "Could you send the latest figures by Friday?",
            "Dear team, please find the report attached. Regards", "Thanks!", "haha yes, see you Thursday",
            "We are still waiting for an answer on the invoice, any update?", "Sounds good, will do.", "",
        ]
        let channels: [ChannelKind] = [.email, .email, .ticketPublic, .slackDM, .slackPublic]
        var out: [Message] = []
        let start: Int64 = 1_735_689_600  // 2025-01-01
        for th in 0..<threads {
            let c = next(6)
            let address = "c\(c)@d\(c % 3).com"
            let channel = channels[next(channels.count)]
            // Our side answers from London (me) or New York (ned): each of us is a clock of our own.
            let (ours, ourOffset): (String, Int32) = next(2) == 0 ? ("me@ours.com", 0) : ("ned@ours.com", -18_000)
            var t = start + Int64(next(400 * 86_400))
            var inbound = next(2) == 0
            for k in 0..<(1 + next(6)) {
                // Their offset changes in spring and autumn (a DST-like switch).
                let summer = (t - start) % (365 * 86_400) > 90 * 86_400 && (t - start) % (365 * 86_400) < 300 * 86_400
                let offset: Int32 = inbound ? (c % 2 == 0 ? (summer ? 7200 : 3600) : -18_000) : ourOffset
                var m = Message(
                    id: "m\(th)-\(k)", source: channel == .email ? .mbox : (channel.isSlack ? .slack : .ticket),
                    locator: SourceLocator(file: "r"), thread: "t\(th)",
                    from: inbound ? .email(address) : .email(ours),
                    to: channel == .email ? [inbound ? .email(ours) : .email(address)] : [],
                    date: Timestamp(seconds: t, utcOffset: offset), channel: channel, text: texts[next(texts.count)])
                m.direction = inbound ? .inbound : .outbound
                // Slack reactions, drawn without touching the random sequence: their acknowledgements (👍)
                // and 👀 on ours, ours on theirs.
                if reactions && channel.isSlack && (th + k) % 2 == 0 {
                    m.attributes["reactions"] =
                        inbound ? "heart:\(ours)" : ((th / 2 + k) % 3 == 0 ? "eyes:\(address)" : "+1:\(address)")
                }
                out.append(m)
                t += next(5) == 0 ? 0 : Int64(60 + next(6 * 86_400))
                if next(4) != 0 { inbound.toggle() }
            }
        }
        return out
    }

    /// The corpus with a colleague of theirs opening each chat and ticket thread ten minutes before it
    /// starts (threads opened by another outsider, ``Analyzer/ContactData/openedByOther``).
    static func sharedCorpus(seed: UInt64, threads: Int) -> [Message] {
        var out = corpus(seed: seed, threads: threads)
        var opened = Set<String>()
        for m in out where m.channel != .email && m.channel != .slackDM && !opened.contains(m.thread) {
            opened.insert(m.thread)
            let first = out.filter { $0.thread == m.thread }.map { $0.date! }.min()!
            var o = Message(
                id: "open-" + m.thread, source: m.source, locator: SourceLocator(file: "r"), thread: m.thread,
                from: .email("lead@d0.com"), date: Timestamp(seconds: first.seconds - 600, utcOffset: 3600),
                channel: m.channel, text: "Could you look at this with the team?")
            o.direction = .inbound
            out.append(o)
        }
        return out
    }

    @Test(
        "one sweep gives every earlier score exactly as recomputing each prefix",
        arguments: [(1, false), (2, false), (3, false), (4, true), (5, true)])
    func sweepEqualsRecompute(seed: Int, shared: Bool) {
        let msgs =
            shared
            ? Self.sharedCorpus(seed: UInt64(seed), threads: 300) : Self.corpus(seed: UInt64(seed), threads: 300)
        let (analyzer, agg, asOf, contacts) = Self.contacts(of: msgs)
        #expect(contacts.count == (shared ? 7 : 6))
        let source = EventSource(aggregate: agg, textFrom: asOf - 90 * 86_400)
        // Month ends, the trend instant, instants inside the data and one before any message.
        var instants = analyzer.historyInstants(asOf: Timestamp(seconds: Int64(asOf))).map(\.1)
        instants += [asOf - 30 * 86_400, 1_735_689_600 + 17 * 86_400 + 12_345, asOf - 3 * 86_400, 1_000_000_000]
        #expect(Self.compareSweep(analyzer, source, contacts, at: instants) > 60)
    }

    @Test("the sweep equals recomputation with Slack reactions acknowledging our asks", arguments: [6, 7])
    func sweepWithReactions(seed: Int) {
        let msgs = Self.corpus(seed: UInt64(seed), threads: 300, reactions: true)
        let (analyzer, agg, asOf, contacts) = Self.contacts(of: msgs)
        #expect(contacts.contains { $0.reactions.contains { $0 & ReactionBits.acknowledgedByThem != 0 } })
        #expect(contacts.contains { $0.reactions.contains { $0 & ReactionBits.byUs != 0 } })
        let source = EventSource(aggregate: agg, textFrom: asOf - 90 * 86_400)
        var instants = analyzer.historyInstants(asOf: Timestamp(seconds: Int64(asOf))).map(\.1)
        instants += [asOf - 30 * 86_400, asOf - 3 * 86_400]
        #expect(Self.compareSweep(analyzer, source, contacts, at: instants) > 40)
    }

    /// One aggregate of `msgs` (timeline 90 days), as of its newest message, with its contacts.
    static func contacts(of msgs: [Message]) -> (Analyzer, PartialAggregate, Double, [Analyzer.ContactData]) {
        let f = Featurizer(us: Kit.us, analyzer: nil)
        var agg = PartialAggregate(asOf: nil, timelineDays: 90)
        for m in msgs { agg.add(m, featurizer: f) }
        let analyzer = Analyzer()
        let asOf = agg.events.map(\.instant).max() ?? 0
        var counts = agg.counts
        let contacts = analyzer.contactEvents(
            agg, identities: analyzer.resolveIdentities(agg.identities), asOf: asOf, counts: &counts)
        return (analyzer, agg, asOf, contacts)
    }

    /// Compares the one-sweep past scores with full recomputations at `instants`; returns how many
    /// (contact, instant) scores existed.
    static func compareSweep(
        _ analyzer: Analyzer, _ source: EventSource, _ contacts: [Analyzer.ContactData], at instants: [Double]
    ) -> Int {
        var compared = 0
        for c in contacts {
            let fast = analyzer.pastScores(source, c, at: instants)
            let slow = analyzer.pastScores(source, c, at: instants, incremental: false)
            #expect(fast.count == slow.count)
            for (a, b) in zip(fast, slow) {
                #expect(a?.level == b?.level)
                #expect(a?.points == b?.points)
                if a != nil { compared += 1 }
            }
        }
        return compared
    }
}
