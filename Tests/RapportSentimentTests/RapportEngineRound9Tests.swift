import Testing

@testable import RapportSentiment

/// Round 9: the phrase-pair filter (a necessary condition for `mergePhrases`' two-word lookups, so it must
/// let through every two-word prefix of every phrase key) and the script guess's byte-level skips.
@Suite("Rapport engine round 9: phrase-pair filter, script guess")
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

    static func guess(_ bytes: [UInt8]) -> (String, Bool) {
        let g = bytes.withUnsafeBufferPointer { ScriptGuess.dominant($0) }
        return (g.language, g.isLatinOrNone)
    }

    /// Emoji, General Punctuation/dingbats and variation selectors are skipped on their bytes: they still
    /// count for no script, also cut off at the end of the text.
    @Test func scriptGuessSkipsSymbolsOnBytes() {
        #expect(Self.guess(Array("Привет 😀✨️ — ok".utf8)) == ("Cyrl", false))
        #expect(Self.guess(Array("😀😀😀✨✨ 谢".utf8)) == ("zh", false))
        #expect(Self.guess(Array("ok 😀😀😀✨✨️".utf8)) == ("en", true))
        // A lead byte cut off by the end decodes as itself (U+00E2, U+00EF, U+00F0: Latin-1 letters) and
        // counts as Latin, one against the one Cyrillic letter: "en", as before the byte-level skips.
        #expect(Self.guess([0xD0, 0x9F, 0xF0, 0x9F]) == ("en", true))
        #expect(Self.guess([0xD0, 0x9F, 0xE2, 0x80]) == ("en", true))
        #expect(Self.guess([0xD0, 0x9F, 0xEF]) == ("en", true))
        // F8 is no UTF-8 lead byte, but decodes like F0 (low bits): U+1F600's bytes after it, no script.
        #expect(Self.guess([0xF8, 0x9F, 0x98, 0x80, 0xD0, 0x9F]) == ("Cyrl", false))
    }
}
