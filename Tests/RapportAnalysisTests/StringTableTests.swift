import Testing

@testable import RapportAnalysis

/// ``StringTable`` must behave like a `[String: Int32]` dictionary filled in order of first appearance.
@Suite("String table")
struct StringTableTests {
    @Test func denseIndicesAndLookupsAcrossGrowth() {
        var table = StringTable()
        var reference: [String: Int32] = [:]
        var rng = WarningsSimulation.RNG(state: 5)
        for k in 0..<20_000 {
            let s = k % 3 == 0 ? "C\(rng.next() % 5_000)/1545668983.\(k % 7)" : "user\(rng.next() % 9_000)@x.example"
            let (index, inserted) = table.intern(s)
            if let known = reference[s] {
                #expect(!inserted && index == known)
            } else {
                #expect(inserted && index == Int32(reference.count))
                reference[s] = index
            }
        }
        #expect(table.count == reference.count)
        for (s, index) in reference {
            #expect(table.index(of: s) == index)
            #expect(table.string(index) == s)
        }
        #expect(table.index(of: "absent@x.example") == nil)
        #expect(table.index(of: "") == nil)
        #expect(table.intern("").inserted)
        #expect(table.index(of: "") == Int32(reference.count))
    }

    /// Canonically equivalent strings are one entry, as they are one dictionary key: precomposed and
    /// decomposed "é", and the Kelvin sign against an ASCII "K" (a non-ASCII string equal to an ASCII one).
    @Test func canonicalEquivalence() {
        var table = StringTable()
        let precomposed = table.intern("caf\u{E9}@x.example")
        #expect(table.intern("cafe\u{301}@x.example") == (precomposed.index, false))
        let ascii = table.intern("K1")
        #expect(table.index(of: "\u{212A}1") == ascii.index)
        #expect(table.intern("\u{212A}1").inserted == false)
        let semicolon = table.intern("a\u{37E}b")
        #expect(table.index(of: "a;b") == semicolon.index)
        #expect(table.count == 3)
    }

    @Test func orderIsStringOrder() {
        var table = StringTable()
        let words = ["b", "a", "ab", "B", "\u{E9}", "e\u{301}x", "zz", ""]
        for w in words { table.intern(w) }
        for a in words {
            for b in words {
                let (x, y) = (table.index(of: a)!, table.index(of: b)!)
                #expect(table.less(x, y) == (table.string(x) < table.string(y)), "\(a) < \(b)")
            }
        }
    }
}
