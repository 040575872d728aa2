import Testing

@testable import RapportSentiment

/// The byte-level helpers of the VADER fast path against plain references.
@Suite("VADER line scan and UTF-8 validation")
struct VaderLineScanTests {
    /// Random byte strings (lengths 0...80) built mostly from the bytes these scanners classify.
    static func samples() -> [[UInt8]] {
        var rng = FastPathTests.Rng(state: 777)
        let interesting: [UInt8] = [
            0x00, 0x09, 0x0A, 0x1F, 0x20, 0x21, 0x22, 0x3F, 0x41, 0x5C, 0x61, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0,
            0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF,
        ]
        var out: [[UInt8]] = [[], Array("hello".utf8), Array("😀 ok! ¿qué? \"x\" \\".utf8)]
        for _ in 0..<20000 {
            let n = Int(rng.next() % 81)
            var bytes: [UInt8] = []
            for _ in 0..<n {
                let r = rng.next()
                bytes.append(
                    r % 3 == 0 ? UInt8(truncatingIfNeeded: r >> 8) : interesting[Int(r >> 8) % interesting.count])
            }
            out.append(bytes)
        }
        // Valid multi-byte text at every alignment near the end.
        let text = Array("a é € 😀 \u{10FFFF} \u{D7FF} \u{E000}".utf8)
        for k in 0...text.count { out.append(Array(text[k...])) }
        return out
    }

    @Test func validationMatchesTheStandardLibrary() {
        for bytes in Self.samples() {
            let expected = String(validating: bytes, as: UTF8.self) != nil
            #expect(bytes.withUnsafeBufferPointer(UTF8Validation.isValid) == expected, "\(bytes)")
        }
        // Edge forms: overlongs, surrogates, above U+10FFFF, truncated sequences.
        let invalid: [[UInt8]] = [
            [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xF0, 0x8F, 0xBF, 0xBF],
            [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0x80],
            Array("abcd".utf8) + [0xF0, 0x9F, 0x98, 0x41],
        ]
        for bytes in invalid { #expect(!bytes.withUnsafeBufferPointer(UTF8Validation.isValid), "\(bytes)") }
    }

    @Test func lineFactsMatchAByteLoop() {
        for bytes in Self.samples() + [Array(repeating: 0x21, count: 5000) + Array(repeating: 0x3F, count: 333)] {
            var expected = VaderLineFacts()
            for b in bytes {
                if b == 0x21 { expected.exclamations += 1 }
                if b == 0x3F { expected.questions += 1 }
                if b >= 0x80 { expected.nonASCII = true }
                if b < 0x20 || b == 0x22 || b == 0x5C { expected.needsEscape = true }
            }
            let facts = bytes.withUnsafeBufferPointer {
                VaderLineFacts.scan($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count)
            }
            #expect(facts == expected, "\(bytes.count)")
        }
    }
}
