import Foundation
import RapportCore
import Testing

@testable import RapportAnalysis

/// The precomputed answer index and the merge-based Jaccard give exactly what the direct definitions
/// give (they replaced scans that made the warning rules quadratic on long timelines).
@Suite struct TimelineIndexTests {
    /// The simulation's seeded generator (SplitMix64), with a bounded draw.
    struct Rng {
        var base: WarningsSimulation.RNG
        init(state: UInt64) { base = WarningsSimulation.RNG(state: state) }
        mutating func below(_ n: Int) -> Int { Int(base.next() % UInt64(n)) }
    }

    /// The definition: the first later outbound message replying to `i` or in its thread, met before any
    /// message dated after `until`.
    static func bruteAnswer(_ ms: [AnalyzedMessage], _ i: Int, _ until: Double) -> Int? {
        var j = i + 1
        while j < ms.count {
            if ms[j].date.instant > until { return nil }
            if ms[j].direction == .outbound && (ms[j].answers == ms[i].id || ms[j].thread == ms[i].thread) {
                return j
            }
            j += 1
        }
        return nil
    }

    static func timeline(seed: UInt64, count: Int, shuffled: Bool) -> [AnalyzedMessage] {
        var rng = Rng(state: seed)
        var lines: [ExampleScript.Line] = []
        for k in 0..<count {
            let day = Double(k) * 0.3 + Double(rng.below(10)) * 0.01
            let thread = "t\(rng.below(4))"
            lines.append(
                rng.below(3) == 0
                    ? ExampleScript.us(day, "Reply \(k)", thread: thread)
                    : ExampleScript.them(day, "Could you check item \(k)?", thread: thread))
        }
        var ms = ExampleScript.build(lines)
        // Cross-thread answers (a reply filed in another thread) exercise the by-id link.
        for k in ms.indices where ms[k].direction == .outbound && rng.below(4) == 0 {
            ms[k].answers = ms[rng.below(k + 1)].id
        }
        if shuffled {
            for k in stride(from: ms.count - 1, to: 0, by: -1) { ms.swapAt(k, rng.below(k + 1)) }
        }
        return ms
    }

    @Test(arguments: [false, true])
    func answerIndexMatchesTheScan(shuffled: Bool) {
        for seed in UInt64(1)...40 {
            let ms = Self.timeline(seed: seed, count: 60, shuffled: shuffled)
            let t = ContactTimeline(contact: "ana@acme.example", messages: ms)
            if !shuffled { #expect(t.dateOrdered) }
            for i in ms.indices {
                for until in [
                    Double.infinity, ms[i].date.instant, ms[i].date.instant + 86_400, ms[i].date.instant + 5 * 86_400,
                ] {
                    #expect(
                        t.answer(to: i, before: until) == Self.bruteAnswer(ms, i, until),
                        "seed \(seed) message \(i) until \(until)")
                }
            }
        }
    }

    @Test func jaccardMatchesSets() {
        var rng = Rng(state: 7)
        let vocabulary = ["send", "the", "signed", "order", "form", "for", "renewal", "please", "update", "q3"]
        for _ in 0..<300 {
            let a = (0..<(1 + rng.below(12))).map { _ in vocabulary[rng.below(vocabulary.count)] }.joined(
                separator: " ")
            let b = (0..<(1 + rng.below(12))).map { _ in vocabulary[rng.below(vocabulary.count)] }.joined(
                separator: " ")
            let sa = Shingles.of(a, size: 2)
            let sb = Shingles.of(b, size: 2)
            #expect(sa == Set(sa).sorted() && sb == Set(sb).sorted())
            let (x, y) = (Set(sa), Set(sb))
            let inter = x.intersection(y).count
            let expected = x.isEmpty && y.isEmpty ? 0 : Double(inter) / Double(x.count + y.count - inter)
            #expect(Shingles.jaccard(sa, sb) == expected, "\(a) | \(b)")
            for threshold in [0.3, 0.5, 0.8] where expected >= threshold {
                #expect(Shingles.mayReach(threshold, sa.count, sb.count))
            }
        }
        #expect(
            Shingles.jaccard(
                Shingles.of("could you send the form", size: 2), Shingles.of("could you send the form", size: 2)) == 1)
        #expect(!Shingles.mayReach(0.5, 2, 5))
        #expect(Shingles.mayReach(0.5, 3, 6))
    }
}
