import RapportCore
import Testing

@testable import RapportSentiment

/// The byte-level fast paths must agree exactly with the plain implementations they replace.
@Suite("Sentiment fast paths")
struct FastPathTests {
    /// A small deterministic generator (xorshift64*), so failures reproduce.
    struct Rng {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 0x2545_F491_4F6C_DD1D
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    @Test func wordLookupFindsExactlyTheByteTableKeys() throws {
        let lex = try #require(Fixture.lexicons.languages["en"])
        for (table, words) in [(lex.vader, lex.vaderWords), (lex.rapport, lex.rapportWords)] {
            var long = 0
            for e in 0..<table.count {
                let key = Array(table.key(e))
                if key.count > 16 { long += 1 }
                let found = key.withUnsafeBufferPointer { words.find($0.baseAddress!, $0.count) }
                #expect(found == e, "\(String(decoding: key, as: UTF8.self))")
                #expect(words.infos[e].valence.bitPattern == table.values[e].valence.bitPattern)
            }
            #expect(table.count > 7000)
            #expect(long > 0)  // the ByteTable fallback is exercised
            // Non-keys: every key with one byte changed or one byte more, compared with the ByteTable.
            for e in stride(from: 0, to: table.count, by: 7) {
                var key = Array(table.key(e))
                key[key.count / 2] ^= 0x01
                let a = key.withUnsafeBufferPointer { words.find($0.baseAddress!, $0.count) }
                #expect(a == (table.find(key) ?? -1))
                key.append(0x78)
                let b = key.withUnsafeBufferPointer { words.find($0.baseAddress!, $0.count) }
                #expect(b == (table.find(key) ?? -1))
            }
        }
        #expect(lex.vaderWords.find(0, 0, 0) == -1)
    }

    @Test func swarMasksMatchBytewiseTests() {
        var rng = Rng(state: 0x9E37_79B9_7F4A_7C15)
        let specials: [UInt8] = [0, 0x08, 0x09, 0x0A, 0x1F, 0x20, 0x21, 0x22, 0x27, 0x3F, 0x40, 0x41, 0x5A, 0x5B, 0x5C]
        let more: [UInt8] = [0x60, 0x61, 0x7A, 0x7B, 0x7F, 0x80, 0xA0, 0xC2, 0xFF]
        for _ in 0..<20000 {
            var bytes = [UInt8](repeating: 0, count: 8)
            for k in 0..<8 {
                bytes[k] = rng.below(2) == 0 ? UInt8(truncatingIfNeeded: rng.next()) : (specials + more)[rng.below(24)]
            }
            let v = bytes.withUnsafeBufferPointer { SWAR.load($0.baseAddress!) }
            func mask(_ test: (UInt8) -> Bool) -> UInt64 {
                var m: UInt64 = 0
                for k in 0..<8 where test(bytes[k]) { m |= 0x80 << UInt64(8 * k) }
                return m
            }
            #expect(SWAR.equal(v, 0x21) == mask { $0 == 0x21 })
            #expect(SWAR.equal(v, 0x27) == mask { $0 == 0x27 })
            #expect(SWAR.inRange(v, 0x41, 0x5A) == mask { $0 >= 0x41 && $0 <= 0x5A })
            #expect(SWAR.inRange(v, 0x61, 0x7A) == mask { $0 >= 0x61 && $0 <= 0x7A })
            #expect(SWAR.controlOrSpaceOrNonASCII(v) == mask { $0 <= 0x20 || $0 >= 0x80 })
        }
    }

    @Test func nonASCIIWhitespaceMatchesDecoding() {
        func check(_ bytes: [UInt8]) {
            bytes.withUnsafeBufferPointer { p in
                let (cp, len) = PythonText.decode(p, 0)
                let (space, fastLen) = PythonText.nonASCIIWhitespace(p.baseAddress!, p.count, 0)
                #expect(space == PythonText.isWhitespace(cp) && fastLen == len, "\(bytes)")
            }
        }
        var cp: UInt32 = 0x80
        while cp <= 0x10FFFF {
            if let scalar = Unicode.Scalar(cp) {
                let utf8 = Array(String(Character(scalar)).utf8)
                check(utf8)
                check(utf8 + [0x41])
                check(Array(utf8.dropLast()))  // truncated: decodes as a single byte
            }
            cp += cp < 0x3100 ? 1 : 97
        }
        for b in UInt8(0x80)...UInt8(0xFF) { check([b, 0x80, 0x80, 0x80]) }
    }

    @Test func stackLineMatchesGeneralEscapingAndNumbers() {
        var rng = Rng(state: 42)
        for _ in 0..<3000 {
            let n = rng.below(40)
            var bytes: [UInt8] = []
            for _ in 0..<n {
                let r = rng.below(6)
                bytes.append(
                    r == 0
                        ? UInt8(rng.below(0x20)) : r == 1 ? [0x22, 0x5C][rng.below(2)] : UInt8(0x20 + rng.below(0x60)))
            }
            var general: [UInt8] = []
            bytes.withUnsafeBufferPointer { SentimentOutput.escaped($0, &general) }
            let fast = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 6 * n + 2) { buf -> [UInt8] in
                var w = ByteWriter(buf.baseAddress!)
                w.put(0x22)
                bytes.withUnsafeBufferPointer { w.putEscaped($0) }
                w.put(0x22)
                return Array(buf[0..<w.count])
            }
            #expect(fast == general)
        }
        for d in [0, 1, 9, 10, 100, 1000, 1234, 4404, 5000, 9999, 10000, 10001, 12_340, 99_999, 123_456_789] {
            for negative in [false, true] {
                let x = (negative ? -1.0 : 1.0) * Double(d) / 10000
                var general: [UInt8] = []
                SentimentOutput.appendNumber(x, &general)
                #expect(SentimentOutput.fourDecimals(x) == d)
                let fast = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buf -> [UInt8] in
                    var w = ByteWriter(buf.baseAddress!)
                    w.putDecimal(d, negative: x.sign == .minus)
                    return Array(buf[0..<w.count])
                }
                #expect(fast == general, "\(x)")
            }
        }
        #expect(SentimentOutput.fourDecimals(0.12345) == nil)
        #expect(SentimentOutput.fourDecimals(.nan) == nil)
    }

    /// Lexicons loaded for the VADER engine only hold the same VADER table and emoji as the full load.
    @Test func vaderOnlyLoadMatchesFullLoad() throws {
        let full = try #require(Fixture.lexicons.languages["en"])
        let lean = try Lexicons.load(dataDirectory: Fixture.repoRoot, rapportTables: false)
        #expect(!lean.hasRapportTables && Fixture.lexicons.hasRapportTables)
        let en = try #require(lean.languages["en"])
        #expect(en.vader.count == full.vader.count)
        for e in 0..<full.vader.count {
            #expect(en.vader.key(e) == full.vader.key(e))
            let a = en.vader.values[e]
            let b = full.vader.values[e]
            #expect(a.valence.bitPattern == b.valence.bitPattern && a.booster.bitPattern == b.booster.bitPattern)
            #expect(a.flags == b.flags && a.code == b.code)
        }
        #expect(en.emojiText == full.emojiText && en.emojiDescriptions == full.emojiDescriptions)
        #expect(en.rapport.count == 0)
        let vader = try SentimentAnalyzer(lexicons: lean, engine: .vader)
        let reference = Fixture.analyzer(.vader)
        for text in ["I LOVE this 😁 but not that!!", "not bad at all", "kind of ok :) 🙃"] {
            #expect(vader.analyze(text).score == reference.analyze(text).score)
        }
        #expect(throws: RapportError.self) { try SentimentAnalyzer(lexicons: lean, engine: .rapport) }
    }

    /// The lexicon's number parser agrees with `Double(String)` bit for bit.
    @Test func lexiconNumbersMatchDoubleParsing() {
        var rng = Rng(state: 7)
        var samples = [
            "0", "-0", "1.5", "-3.25", "0.1", "4", "12.3456789012345", "1e3", ".5", "5.", "+1", "-", "",
            "1.2.3", "abc", "0.30000000000000004", "123456789012345678", "-0.0",
        ]
        for _ in 0..<20000 {
            let digits = 1 + rng.below(16)
            var s = rng.below(2) == 0 ? "-" : ""
            for k in 0..<digits {
                if k > 0 && rng.below(5) == 0 && !s.contains(".") { s += "." }
                s += String(rng.below(10))
            }
            samples.append(s)
        }
        for s in samples {
            let bytes = Array(s.utf8)
            let fast = bytes.withUnsafeBufferPointer { LexiconParser.parseDouble($0) }
            #expect(fast?.bitPattern == Double(s)?.bitPattern, "\(s)")
        }
    }

    /// Without offsets the VADER engine splices precomputed emoji-description tokens into one pass over
    /// the text; it must find exactly the tokens and scores of the substituting path.
    @Test func emojiSplicingMatchesSubstitution() throws {
        let en = try #require(Fixture.lexicons.languages["en"])
        var plain = VaderEngine(lexicon: en)
        var spliced = VaderEngine(lexicon: en)
        spliced.tracksOffsets = false
        let pieces = [
            "good", "BAD", "not", "very", "kind", "of", "but", "no", "the", "shit", "isn't", "!", "?", "?!", ":)",
            "a", "b.", "'", "x", "café", "ÉTÉ", "İstanbul", "東京", "😁", "🙃", "❤", "❤️", "🦹🏿‍♂️", "👩🏽‍🌾", "🇧🇲",
            "©", "™", "\u{FE0F}", "\u{200D}", "\u{3000}", "\u{00A0}", " ", "  ", "\t", ".", ",", "-", "😁😁", "sad😢",
            "😢sad", "smiling", "face", "“", "…",
        ]
        var rng = Rng(state: 99)
        for round in 0..<6000 {
            var text = ""
            for _ in 0..<(1 + rng.below(14)) {
                text += pieces[rng.below(pieces.count)]
                if rng.below(3) > 0 { text += " " }
            }
            var bytes = Array(text.utf8)
            if round % 10 == 0 && !bytes.isEmpty {
                // A byte removed, then repaired as `rapport sentiment` repairs its input (U+FFFD).
                bytes.remove(at: rng.below(bytes.count))
                bytes = Array(String(decoding: bytes, as: UTF8.self).utf8)
            }
            let a = bytes.withUnsafeBufferPointer { plain.score($0) }
            let b = bytes.withUnsafeBufferPointer { spliced.score($0) }
            let label = String(decoding: bytes, as: UTF8.self)
            #expect(a.compound.bitPattern == b.compound.bitPattern, "\(label)")
            #expect(a.pos.bitPattern == b.pos.bitPattern && a.neg.bitPattern == b.neg.bitPattern, "\(label)")
            #expect(plain.tokens.count == spliced.tokens.count, "\(label)")
            for (x, y) in zip(plain.tokens, spliced.tokens) {
                #expect(x.valence.bitPattern == y.valence.bitPattern && x.booster.bitPattern == y.booster.bitPattern)
                #expect(x.flags == y.flags && x.code == y.code && x.upper == y.upper && x.hasNT == y.hasNT)
            }
            #expect(plain.sentiments.map(\.bitPattern) == spliced.sentiments.map(\.bitPattern), "\(label)")
        }
    }
}
