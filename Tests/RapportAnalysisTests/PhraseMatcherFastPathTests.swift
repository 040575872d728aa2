import Foundation
import RapportSentiment
import Testing

@testable import RapportAnalysis

/// `PhraseMatcher` scans with byte-pair buckets over flat tables (2026-12-08). These tests compare it with a
/// plain reference written from its documented rules — every phrase tried at every normalized position — on
/// seeded texts, for the standard phrase lists and for a list with one-byte, prefix and duplicate phrases.
@Suite struct PhraseMatcherFastPathTests {
    /// The documented rules, one phrase at a time: normalize (case, curly apostrophes, white-space runs and
    /// no-break spaces to one space, trailing space trimmed), match at word boundaries, keep the longest
    /// phrase per start and kind (the first added on a tie), order by start, then kind.
    static func reference(_ matcher: PhraseMatcher, _ text: String) -> [ToneMarker] {
        let buf = Array(text.utf8)
        var norm: [UInt8] = []
        var origin: [Int] = []
        var width: [Int] = []
        var i = 0
        var lastWasSpace = true
        while i < buf.count {
            let b = buf[i]
            if b == 0xE2, i + 2 < buf.count, buf[i + 1] == 0x80, buf[i + 2] == 0x98 || buf[i + 2] == 0x99 {
                norm.append(0x27)
                origin.append(i)
                width.append(3)
                i += 3
                lastWasSpace = false
                continue
            }
            let nbsp = b == 0xC2 && i + 1 < buf.count && buf[i + 1] == 0xA0
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || nbsp {
                if !lastWasSpace {
                    norm.append(0x20)
                    origin.append(i)
                    width.append(1)
                }
                lastWasSpace = true
                i += nbsp ? 2 : 1
                continue
            }
            lastWasSpace = false
            norm.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
            origin.append(i)
            width.append(1)
            i += 1
        }
        if norm.last == 0x20 { norm.removeLast() }
        let n = norm.count
        let word = PhraseMatcher.isWordByte
        let kinds = ToneMarkerKind.allCases
        var best: [[Int]: ToneMarker] = [:]
        for s in 0..<n {
            for entry in matcher.entries {
                let p = entry.bytes
                let end = s + p.count
                guard end <= n, Array(norm[s..<end]) == p else { continue }
                switch entry.position {
                case .anywhere: break
                case .head(let limit): if end > limit { continue }
                case .tail(let limit): if s < n - limit { continue }
                }
                if s > 0 && word(norm[s - 1]) && word(p[0]) { continue }
                if !entry.prefix && end < n && word(norm[end]) && word(p[p.count - 1]) { continue }
                var e = end
                if entry.prefix { while e < n && word(norm[e]) { e += 1 } }
                let start = origin[s]
                let stop = origin[e - 1] + width[e - 1]
                let key = [start, kinds.firstIndex(of: entry.kind)!]
                let marker = ToneMarker(
                    kind: entry.kind, evidence: Evidence(term: entry.term, start: start, end: stop, weight: 1))
                if let old = best[key], old.evidence.end >= stop { continue }
                best[key] = marker
            }
        }
        return best.sorted { ($0.key[0], $0.key[1]) < ($1.key[0], $1.key[1]) }.map(\.value)
    }

    /// Seeded texts: fragments of the phrases themselves (cut, joined, cased, with curly apostrophes and odd
    /// spaces) between ordinary words and bytes.
    static func texts(for matcher: PhraseMatcher, count: Int, seed: UInt64) -> [String] {
        var rng = WarningsSimulation.RNG(state: seed)
        let phrases = matcher.entries.map { String(decoding: $0.bytes, as: UTF8.self) }
        let filler = [
            "the", "export", "we", "a", "x", "Hi", "THANKS", "it's", "it’s", "don't", "re:", "1,000", "café", "🙂",
            ":-)",
            "-", ",", ".", "?!", "\u{00A0}", "\t", "\n", "  ", "'", "’", "‘", "e\u{0301}", "*",
        ]
        var out: [String] = []
        for _ in 0..<count {
            var s = ""
            for _ in 0..<Int(rng.next() % 14) {
                var piece: String
                if rng.chance(0.45) {
                    piece = phrases[Int(rng.next() % UInt64(phrases.count))]
                    if rng.chance(0.2) { piece = String(piece.dropLast(Int(rng.next() % 3))) }
                    if rng.chance(0.3) { piece = piece.uppercased() }
                    if rng.chance(0.2) { piece = piece.replacingOccurrences(of: "'", with: "’") }
                    if rng.chance(0.2) { piece = piece.replacingOccurrences(of: " ", with: "\u{00A0} ") }
                } else {
                    piece = filler[Int(rng.next() % UInt64(filler.count))]
                }
                s += piece
                if rng.chance(0.7) { s += rng.chance(0.9) ? " " : "" }
            }
            out.append(s)
        }
        return out
    }

    @Test func standardListsMatchTheReference() {
        let m = PhraseMatcher.standard
        for text in Self.texts(for: m, count: 2000, seed: 7) {
            #expect(m.markers(in: text) == Self.reference(m, text), "\(text)")
        }
    }

    /// One-byte phrases (in every byte-pair bucket of their byte, and the only ones at the last byte), prefix
    /// phrases, a phrase listed twice under two kinds, and head / tail windows.
    @Test func unusualListsMatchTheReference() {
        var m = PhraseMatcher()
        m.add(.laughter, ["x", "xo", "ha*", "!"])
        m.add(.gratitude, ["thank*", "ty", "x"])
        m.add(.warmGreeting, ["hi", "hey there"], position: .head(12))
        m.add(.warmSignOff, ["xx", "cheers"], position: .tail(10))
        m.add(.escalation, ["it's", "re:"])
        #expect(m.markers(in: "x") == Self.reference(m, "x"))
        #expect(m.markers(in: "Hi! Thanks, x") == Self.reference(m, "Hi! Thanks, x"))
        for text in Self.texts(for: m, count: 1500, seed: 11) {
            #expect(m.markers(in: text) == Self.reference(m, text), "\(text)")
        }
    }

    /// The mobile footer check reads the last 80 bytes in place.
    @Test func mobileFooters() {
        #expect(ToneReading.detectMobileFooter("Fine by me.\n\nSent from my iPhone"))
        #expect(ToneReading.detectMobileFooter("ok\nGet Outlook for iOS"))
        #expect(!ToneReading.detectMobileFooter("Sent from my iPhone" + String(repeating: " words", count: 20)))
        #expect(!ToneReading.detectMobileFooter("sent from m"))
        #expect(!ToneReading.detectMobileFooter(""))
    }
}
