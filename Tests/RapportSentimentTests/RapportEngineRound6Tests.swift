import Foundation
import RapportText
import Testing

@testable import RapportSentiment

/// The pieces of the Rapport engine's round-6 speed work: each must agree exactly with the slower form it
/// replaces.
@Suite("Rapport engine round 6 helpers")
struct RapportEngineRound6Tests {
    static func withBytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var copy = text
        return copy.withUTF8 { body($0) }
    }

    @Test func growBufferAppendsRemovesAndGrows() {
        let b = GrowBuffer<Int32>(capacity: 2)
        for k in 0..<100 { b.append(Int32(k)) }
        #expect(b.count == 100 && b.capacity >= 100)
        b.removeSubrange(10..<95)
        #expect(Array(b.buffer) == (0..<10).map(Int32.init) + (95..<100).map(Int32.init))
        let more: [Int32] = [7, 8, 9]
        more.withUnsafeBufferPointer { b.append($0.baseAddress!, count: 3) }
        #expect(b.count == 18 && b[15] == 7 && b[17] == 9)
        b[0] = 42
        #expect(b[0] == 42)
        b.removeAll()
        #expect(b.isEmpty)
    }

    /// The non-word floor leaves out exactly the ASCII status-0 segments before it.
    @Test func segmentsFromFloorAreTheFullListFiltered() throws {
        let fast = try WordSegmenter()
        let texts = [
            "Hello, world :) it's 3.14 -- ok!", "a  b\t c\r\nd", "héllo :-( wörld", "x 😀 y :D z", "", "  ", "_ __ a_b",
        ]
        for text in texts {
            for floor in [Int.min, 0, 3, 7, 12, Int.max] {
                let all = Self.withBytes(text) { p in
                    var out: [TextSegment] = []
                    fast.forEachSegment(p) { out.append($0) }
                    return out
                }
                let filtered = Self.withBytes(text) { p in
                    var out: [TextSegment] = []
                    var f = floor
                    withUnsafePointer(to: &f) { fp in fast.forEachSegment(p, nonWordsFrom: fp) { out.append($0) } }
                    return out
                }
                // Segments of pieces around non-ASCII characters are all kept (the floor applies to ASCII pieces).
                let hasNonASCII = text.utf8.contains { $0 >= 0x80 }
                if !hasNonASCII {
                    #expect(filtered == all.filter { $0.status != 0 || $0.start >= floor }, "\(text.debugDescription)")
                } else {
                    #expect(Set(all.filter { $0.status != 0 || $0.start >= floor }).isSubset(of: Set(filtered)))
                    #expect(Set(filtered).isSubset(of: Set(all)))
                }
            }
        }
    }

    @Test func lastLineFeed() {
        for text in ["", "abc", "\n", "a\nb", "0123456789\nabcdefghijklmnop", "x\n\n0123456789abcdef0123"] {
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { p in
                for end in 0...p.count {
                    let expected = bytes[0..<end].lastIndex(of: 0x0A) ?? -1
                    #expect(RapportEngine.lastLineFeed(p, before: end) == expected)
                }
            }
        }
    }

    /// Han, kana and Thai without decoding; ASCII letters counted only when needed.
    @Test func scriptGuess() {
        let cases: [(String, String, Bool)] = [
            ("hello world", "en", true), ("日本語のテキスト", "ja", false), ("中文文本 abc", "zh", false),
            ("ภาษาไทย ok", "th", false), ("abcdefghij 中文", "en", true), ("한국어", "ko", false),
            ("Привет мир", "Cyrl", false), ("😀😀 1234", "en", true), ("ab 中文字", "zh", false),
        ]
        for (text, language, latin) in cases {
            let g = Self.withBytes(text) { ScriptGuess.dominant($0) }
            #expect(g.language == language && g.isLatinOrNone == latin, "\(text)")
        }
        // Invalid continuation bytes after a CJK lead byte still take the decoding path.
        let invalid: [UInt8] = [0xE4, 0x41, 0x41, 0xE5, 0xB8, 0x80]
        let g = invalid.withUnsafeBufferPointer { ScriptGuess.dominant($0) }
        #expect(g.isLatinOrNone)
        #expect(Self.withBytes("aBc,Z9é") { ScriptGuess.asciiLetters($0) } == 4)
    }

    /// The filter accepts every emoticon entry of the English lexicon (any case) and rejects plain words.
    @Test func emoticonFilterAcceptsEveryEmoticon() throws {
        let lexicons = try Lexicons.load(dataDirectory: Fixture.repoRoot)
        let lex = try #require(lexicons.languages["en"])
        let filter = EmoticonFilter(lex.rapport)
        var emoticons = 0
        for e in 0..<lex.rapport.count where !lex.rapport.values[e].valence.isNaN {
            let key = lex.rapport.withKey(e) { Array($0) }
            guard !key.contains(where: { $0 >= 0x80 }) else { continue }
            let punct = key.contains { PythonText.isASCIIPunctuation($0) }
            let other = key.contains { !(($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x27) }
            guard punct && other else { continue }
            emoticons += 1
            let upper = key.map { $0 &- 0x61 < 26 ? $0 - 0x20 : $0 }
            for k in [key, upper] {
                k.withUnsafeBufferPointer {
                    #expect(filter.mayMatch($0, 0, $0.count), "\(String(decoding: k, as: UTF8.self))")
                }
            }
        }
        #expect(emoticons > 200)
        for word in ["great.", "bad!", "hello,", "good?"] {
            #expect(!Self.withBytes(word) { filter.mayMatch($0, 0, $0.count) }, "\(word)")
        }
    }
}
