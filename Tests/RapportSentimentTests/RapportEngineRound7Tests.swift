import Foundation
import RapportCore
import RapportText
import Testing

@testable import RapportSentiment

/// The pieces of the Rapport engine's round-7 speed work: each must agree exactly with the slower form it
/// replaces.
@Suite("Rapport engine round 7 helpers")
struct RapportEngineRound7Tests {
    /// `LexiconParser.records` before round 7: every line through `String`/`Character` operations.
    static func stringRecords(_ path: String, minFields: Int) throws -> [(Int, [String])] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0) }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        var out: [(Int, [String])] = []
        for (k, line) in lines.enumerated() {
            let t = LexiconParser.strip(line)
            if t.isEmpty || t.hasPrefix("#") { continue }
            let fields = t.split(separator: "\t", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            #expect(fields.count >= minFields)
            out.append((k + 1, fields))
        }
        return out
    }

    static func withFile<R>(_ contents: String, _ body: (String) throws -> R) throws -> R {
        let path = NSTemporaryDirectory() + "rapport-records-\(UUID().uuidString).txt"
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(path)
    }

    @Test(arguments: ["lexicons/en/domain.txt", "lexicons/en/markers.txt", "lexicons/langid.txt"])
    func recordsOfShippedFilesEqualStringForm(_ file: String) throws {
        let path = Fixture.repoRoot + "/" + file
        let fast = try LexiconParser.records(path, minFields: 2)
        let slow = try Self.stringRecords(path, minFields: 2)
        #expect(fast.map(\.0) == slow.map(\.0))
        #expect(fast.map(\.1) == slow.map(\.1))
        #expect(fast.count >= 7)
    }

    @Test func recordsEdgeCases() throws {
        // Blank and comment lines, Python whitespace (U+001C, VT, CR, U+3000) around lines, spaces around
        // fields, an empty field, a non-ASCII line, "#" followed by a combining keycap (one `Character`, so
        // not a comment), trailing empty lines.
        let text =
            "  # comment\n\n\u{1C}a\t 1 \t\u{0B}\n b \t\t x\r\n\u{3000}café\t\u{3000}2\u{3000}\n#\u{20E3}\tk\n\n\n"
        let (fast, slow) = try Self.withFile(text) { path in
            (try LexiconParser.records(path, minFields: 1), try Self.stringRecords(path, minFields: 1))
        }
        #expect(fast.map(\.0) == [3, 4, 5, 6])
        #expect(fast.map(\.0) == slow.map(\.0))
        #expect(fast.map(\.1) == slow.map(\.1))
        #expect(fast[0].1 == ["a", "1"])
        #expect(fast[1].1 == ["b", "", "x"])
        #expect(fast[2].1 == ["café", "2"])
        #expect(fast[3].1 == ["#\u{20E3}", "k"])
    }

    @Test func recordsReportTheFirstShortLine() throws {
        do {
            _ = try Self.withFile("a\tb\nc\n") { try LexiconParser.records($0, minFields: 2) }
            Issue.record("expected an error")
        } catch let error as RapportError {
            #expect(error.line == 2)
        }
    }

    @Test func phraseWordsEqualStringForm() {
        for phrase in ["Kind  Regards", "haven't heard back", " SLA ", "don\u{2019}t", "ÉCOLE Über", "a", ""] {
            let slow = phrase.lowercased().replacingOccurrences(of: "\u{2019}", with: "'").split(separator: " ")
                .map { Array($0.utf8) }
            #expect(RapportLexicon.phraseWords(phrase) == slow)
        }
        #expect(RapportLexicon.phraseWords("Kind  Regards") == [Array("kind".utf8), Array("regards".utf8)])
    }

    /// Regional indicators (rules 15/16) on the byte-level path: runs of 1–6 with Extend, Format, ZWJ,
    /// VS16, emoji, letters, digits and spaces between them give ICU's segments and statuses, without ICU.
    @Test func regionalIndicatorsEqualICU() throws {
        let icu = try Segmenter(.word)
        let fast = try WordSegmenter()
        let pool = [
            "\u{1F1E9}", "\u{1F1EA}", "\u{1F1FA}", "\u{1F1F8}", "\u{1F1E6}", "\u{301}", "\u{200D}", "\u{200B}",
            "\u{FE0F}", "\u{1F600}", "\u{1F3FD}", "a", "é", "7", " ", ".", "'", "_", "!",
        ]
        var rng = SplitMix(seed: 1515)
        var byteLevel = 0
        for _ in 0..<20000 {
            var text = ""
            for _ in 0..<(1 + Int(rng.next() % 12)) {
                // Indicators half of the time, so runs of three and more are common.
                text += rng.next() % 2 == 0 ? pool[Int(rng.next() % 5)] : pool[Int(rng.next() % UInt64(pool.count))]
            }
            let expected = WordSegmenterTests.icuSegments(icu, text)
            #expect(WordSegmenterTests.fastSegments(fast, text) == expected, "\(text.debugDescription)")
            if let segments = WordSegmenterTests.byteLevelSegments(text) {
                #expect(segments == expected, "\(text.debugDescription)")
                byteLevel += 1
            }
        }
        #expect(byteLevel > 10000)
        // Three indicators: a flag (one segment, status 0), then the third alone.
        #expect(
            WordSegmenterTests.byteLevelSegments("\u{1F1E9}\u{1F1EA}\u{1F1FA}") == [
                TextSegment(start: 0, end: 8, status: 0), TextSegment(start: 8, end: 12, status: 0),
            ])
    }
}
