import Testing

@testable import RapportSentiment

/// Round 9's phrase-pair filter: a necessary condition for `mergePhrases`' two-word lookups, so it must
/// let through every two-word prefix of every phrase key.
@Suite("Rapport engine round 9: phrase-pair filter")
struct RapportEngineRound9Tests {
    /// `filter.mayContain` for the words `a` and `b` (as `mergePhrases` asks it: the first word's key in
    /// the key arena, the second by length and end bytes).
    static func mayContain(_ filter: PhrasePairFilter, _ a: String, _ b: String) -> Bool {
        var arena = Array(a.utf8)
        let second = Array(b.utf8)
        return arena.withUnsafeMutableBufferPointer { k in
            let first = TokenFacts(keyStart: 0, keyEnd: Int32(k.count), sentence: 0, isWord: true, startsPhrase: true)
            return filter.mayContain(
                k.baseAddress!, first, second: second.count, second.first ?? 0, second.last ?? 0)
        }
    }

    @Test func everyTwoWordPrefixOfTheShippedPhrasesPasses() throws {
        let phrases = try #require(Fixture.lexicons.languages["en"]).phrases
        let filter = PhrasePairFilter(phrases)
        var checked = 0
        var failures: [String] = []
        for e in 0..<phrases.count {
            let key = phrases.withKey(e) { Array($0) }
            let words = key.split(separator: 0x20).map { String(decoding: $0, as: UTF8.self) }
            guard words.count >= 2 else { continue }
            checked += 1
            if !Self.mayContain(filter, words[0], words[1]) { failures.append(words[0] + " " + words[1]) }
        }
        #expect(checked > 1000)
        #expect(failures == [])
    }

    @Test func smallTable() {
        var table = ByteTable<PhraseInfo>()
        for key in ["thank you", "thank you so", "no # logs", "single"] {
            table.update(Array(key.utf8), default: PhraseInfo()) { _ in }
        }
        let filter = PhrasePairFilter(table)
        #expect(Self.mayContain(filter, "thank", "you"))
        #expect(Self.mayContain(filter, "no", "#"))
        // Not two-word prefixes of any key (and no bit collision in this table).
        #expect(!Self.mayContain(filter, "thank", "me"))
        #expect(!Self.mayContain(filter, "no", "logs"))
        #expect(!Self.mayContain(filter, "single", "you"))
        #expect(!Self.mayContain(filter, "you", "so"))
    }
}
