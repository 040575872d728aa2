import Foundation
import RapportCore
import Testing

@testable import RapportAnalysis

/// Contacts are scored on both cores (``ParallelMap``); the body must be the one-thread body.
@Suite("Parallel contact scoring")
struct ParallelScoringTests {
    /// 300 contacts in 60 accounts (and free-mail ones), a few threads each, questions and answers.
    static func corpus() -> [Message] {
        var rng = WarningsSimulation.RNG(state: 11)
        let texts = [
            "Hi Sam! Thanks for the update 🙂", "Could you send the latest figures by Friday?",
            "Dear team, please find the report attached. Regards", "Thanks!",
            "We are still waiting for an answer on the invoice, any update?", "This is unacceptable, we may cancel.",
        ]
        var out: [Message] = []
        let start: Int64 = 1_735_689_600
        for c in 0..<300 {
            let address = c % 7 == 0 ? "person\(c)@gmail.com" : "p\(c)@acct\(c % 60).example"
            for th in 0..<(1 + Int(rng.next() % 3)) {
                var t = start + Int64(rng.next() % (300 * 86_400))
                var inbound = rng.next() % 2 == 0
                for k in 0..<(1 + Int(rng.next() % 5)) {
                    var m = Message(
                        id: "m\(c)-\(th)-\(k)", source: .mbox, locator: SourceLocator(file: "p"), thread: "t\(c)-\(th)",
                        from: inbound ? .email(address) : .email("me@ours.com"),
                        to: [inbound ? .email("me@ours.com") : .email(address)],
                        date: Timestamp(seconds: t, utcOffset: inbound ? 3600 : 0), channel: .email,
                        text: texts[Int(rng.next() % UInt64(texts.count))])
                    m.direction = inbound ? .inbound : .outbound
                    out.append(m)
                    t += Int64(600 + rng.next() % (3 * 86_400))
                    inbound.toggle()
                }
            }
        }
        return out
    }

    @Test func sameBodyOnOneAndTwoThreads() {
        let f = Featurizer(us: Kit.us, analyzer: nil)
        var agg = PartialAggregate(asOf: nil, timelineDays: 90)
        for m in Self.corpus() { agg.add(m, featurizer: f) }
        var one = Analyzer()
        one.threads = 1
        var two = Analyzer()
        two.threads = 2
        let a = one.analyze(agg, asOf: nil)
        let b = two.analyze(agg, asOf: nil)
        // Enough of everything that a difference between the threads would show.
        #expect(a.accounts.count >= 50)
        #expect(a.accounts.flatMap(\.contacts).count + a.unaffiliated.count >= 250)
        #expect(!a.unaffiliated.isEmpty)
        #expect(a.warnings.count >= 10)
        #expect(Kit.encode(a.accounts) == Kit.encode(b.accounts))
        #expect(Kit.encode(a.unaffiliated) == Kit.encode(b.unaffiliated))
        #expect(Kit.encode(a.warnings) == Kit.encode(b.warnings))
        #expect(Kit.encode(a.timelines) == Kit.encode(b.timelines))
    }

    @Test func mapKeepsInputOrder() {
        let items = Array(0..<1_000)
        #expect(ParallelMap.map(items, workers: 2) { $0 * 3 } == items.map { $0 * 3 })
        #expect(ParallelMap.map(Array(items.prefix(5)), workers: 2) { $0 + 1 } == [1, 2, 3, 4, 5])
        #expect(ParallelMap.map([Int](), workers: 2) { $0 }.isEmpty)
    }
}
