import Testing

@testable import RapportSentiment

/// The VADER engine's one-pass line (`appendVaderScoreLine`) must print exactly what the general path
/// (`analyze` + `SentimentOutput.appendLine`) prints.
@Suite("VADER line fast path")
struct VaderLineTests {
    @Test func integerRoundingMatchesPyRound() {
        var rng = FastPathTests.Rng(state: 12345)
        var samples: [Double] = [
            0, -0.0, 0.5, -0.5, 0.00005, -0.00005, 0.0005, 0.12345, 0.2345, 1, -1, 0.99995, 0.9995,
        ]
        for k in 0...20000 {
            samples.append(Double(k) / 20000)  // many exact and near halves
            samples.append(Double(k) / 2000 - 5)
        }
        for _ in 0..<20000 {
            samples.append(Double(rng.next() >> 11) / Double(1 << 53) * 2 - 1)
        }
        for x in samples {
            for digits in [3, 4] {
                let p = digits == 3 ? 1000.0 : 10000.0
                let r = Vader.pyRoundDigits(x, digits)
                let expected = Vader.pyRound(x, digits)
                #expect(r != nil)
                let value = Double(r ?? 0) / p
                let signed = value == 0 ? (x.sign == .minus ? -0.0 : 0.0) : value
                #expect(signed.bitPattern == expected.bitPattern, "\(x) \(digits)")
            }
        }
        #expect(Vader.pyRoundDigits(.nan, 4) == nil)
        #expect(Vader.pyRoundDigits(.infinity, 3) == nil)
        #expect(Vader.pyRoundDigits(0.00015, 4) == 1)  // 0.00015 is just below the half in binary
        #expect(Vader.pyRoundDigits(0.0025, 3) == 3)  // just above: 0.003
    }

    @Test func thousandthsTableMatchesDecimalPrinting() {
        for k in 0...1000 {
            for negative in [false, true] {
                let general = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buf -> [UInt8] in
                    var w = ByteWriter(buf.baseAddress!)
                    w.putDecimal(10 * k, negative: negative)
                    return Array(buf[0..<w.count])
                }
                let table = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buf -> [UInt8] in
                    var w = ByteWriter(buf.baseAddress!)
                    VaderScore.thousandths.withUnsafeBufferPointer {
                        VaderScore.putThousandths(&w, k, negative: negative, $0)
                    }
                    return Array(buf[0..<w.count])
                }
                #expect(table == general, "\(k)")
            }
        }
        let k123 = String(
            decoding: withUnsafeBytes(of: VaderScore.thousandths[123]) { Array($0.prefix(5)) }, as: UTF8.self)
        #expect(k123 == "0.123")
    }

    @Test func oneLineMatchesTheGeneralPath() throws {
        let fast = Fixture.analyzer(.vader)
        fast.findsMarkers = false
        fast.collectsEvidence = false
        let general = Fixture.analyzer(.vader)
        general.findsMarkers = false
        general.collectsEvidence = false
        let pieces = [
            "good", "BAD", "not", "very", "kind", "of", "but", "BUT", "no", "the", "shit", "isn't", "!", "?", "?!",
            ":)", "a", "b.", "'", "\"", "\\", "\t", "x", "café", "ÉTÉ", "東京", "😁", "🙃", "❤️", "sad😢", "😢sad",
            "least", "at", "never", "so", "this", "without", "doubt", "yeah", "right", "bad", "ass", "kiss", "death",
            "love", "hate", "LOVE", "great", "terrible", "to", "die", "for", "sort", "just", "enough", "extremely",
        ]
        var rng = FastPathTests.Rng(state: 2026)
        for round in 0..<6000 {
            var text = ""
            for _ in 0..<(rng.below(30) + (round % 50 == 0 ? 80 : 0)) {
                text += pieces[rng.below(pieces.count)]
                if rng.below(4) > 0 { text += " " }
            }
            var bytes = Array(text.utf8)
            var a: [UInt8] = []
            let done = bytes.withUnsafeBufferPointer { fast.appendVaderScoreLine(utf8: $0, to: &a) }
            #expect(done)
            var b: [UInt8] = []
            bytes.withUnsafeMutableBufferPointer { p in
                let text = UnsafeBufferPointer(p)
                SentimentOutput.appendLine(text: text, result: general.analyze(utf8: text), explain: false, to: &b)
            }
            #expect(a == b, "\(text)")
        }
        // Not the VADER engine, or evidence requested: nothing appended.
        var out: [UInt8] = []
        let rapport = Fixture.analyzer(.rapport)
        rapport.collectsEvidence = false
        rapport.findsMarkers = false
        #expect(!Array("good".utf8).withUnsafeBufferPointer { rapport.appendVaderScoreLine(utf8: $0, to: &out) })
        let explaining = Fixture.analyzer(.vader)
        #expect(!Array("good".utf8).withUnsafeBufferPointer { explaining.appendVaderScoreLine(utf8: $0, to: &out) })
        #expect(out.isEmpty)
        // A known line.
        #expect(Array("I LOVE it!".utf8).withUnsafeBufferPointer { fast.appendVaderScoreLine(utf8: $0, to: &out) })
        #expect(
            String(decoding: out, as: UTF8.self)
                == #"{"compound":0.7371,"neg":0.0,"neu":0.277,"pos":0.723,"text":"I LOVE it!"}"#)
    }
}
