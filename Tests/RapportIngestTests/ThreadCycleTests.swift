import Testing

@testable import RapportIngest

/// ``ThreadIndex/cycleCuts(_:)`` (one walk over all parent links) cuts exactly the messages the
/// per-message walk of up to 256 links cut: the smallest member of each parent cycle of ≤ 256 messages.
@Suite struct ThreadCycleTests {
    /// The per-message definition it replaced.
    static func closesCycle(_ own: UInt64, _ parentOf: [UInt64: UInt64]) -> Bool {
        var cur = own
        var minimum = own
        for _ in 0..<256 {
            guard let p = parentOf[cur] else { return false }
            if p == own { return minimum == own }
            minimum = min(minimum, p)
            cur = p
        }
        return false
    }

    static func check(_ parentOf: [UInt64: UInt64]) {
        let cuts = ThreadIndex.cycleCuts(parentOf)
        for key in parentOf.keys {
            #expect(cuts.contains(key) == closesCycle(key, parentOf), "key \(key)")
        }
        #expect(cuts.isSubset(of: Set(parentOf.keys)))
    }

    @Test func handBuiltGraphs() {
        // A self-reply, a two-message loop, a chain into a loop, a loop of exactly 256 and one of 257.
        var g: [UInt64: UInt64] = [5: 5, 10: 11, 11: 10, 20: 21, 21: 22, 22: 23, 23: 21]
        for k in UInt64(0)..<256 { g[1000 + k] = 1000 + (k + 1) % 256 }
        for k in UInt64(0)..<257 { g[5000 + k] = 5000 + (k + 1) % 257 }
        let cuts = ThreadIndex.cycleCuts(g)
        #expect(cuts == [5, 10, 21, 1000])
        Self.check(g)
    }

    @Test func randomGraphs() {
        var state: UInt64 = 99
        func next(_ n: UInt64) -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (state >> 33) % n
        }
        for round in 0..<200 {
            let size = UInt64(1 + round % 60)
            var g: [UInt64: UInt64] = [:]
            for k in 0..<size where next(5) != 0 { g[k] = next(size + 3) }  // some parents are not in the input
            Self.check(g)
        }
    }
}
