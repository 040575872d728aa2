import Foundation
import RapportText

/// ICU word-break throughput (`Segmenter(.word).forEachSegment`) against two references measured in
/// the same run: `cat FILE >/dev/null` (reading the file from the page cache) and a plain Swift byte
/// scan that counts whitespace-separated tokens (a lower bound for any tokenizer touching every byte).
enum WordBreakBench {
    static func run(path: String, repeats: Int, chunkSize: Int) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw BenchError("cannot read \(path)") }
        let bytes = [UInt8](data)
        let chunks = split(bytes, maxChunk: chunkSize)
        print(
            "input: \(path)  \(Harness.fixed(Double(bytes.count) / 1e6, 1)) MB (\(Harness.grouped(bytes.count)) bytes), "
                + "\(Harness.grouped(chunks.count)) chunks of ≤ \(chunkSize) bytes split at line ends, \(repeats) runs each"
        )

        // Reference 1: cat FILE >/dev/null (warm the page cache first, unmeasured).
        _ = try Harness.run("/bin/cat", [path])
        var catStatus: Int32 = 0
        let catRuns = try Harness.time(repeats: repeats, children: true) {
            catStatus = try Harness.run("/bin/cat", [path])
        }
        if catStatus != 0 { throw BenchError("cat exited with status \(catStatus)") }
        let catMBps = Harness.report("cat FILE >/dev/null", bytes: bytes.count, runs: catRuns)

        // Reference 2: byte scan counting whitespace-separated tokens.
        var tokens = 0
        let scanRuns = Harness.time(repeats: repeats) {
            tokens = bytes.withUnsafeBufferPointer { countTokens($0) }
        }
        let scanMBps = Harness.report(
            "byte scan (Swift, bytes <= 0x20)", bytes: bytes.count, runs: scanRuns,
            extra: "tokens \(Harness.grouped(tokens))")

        // ICU word break, chunk by chunk (as messages are segmented one at a time).
        let segmenter = try Segmenter(.word)
        var segments = 0
        var words = 0
        let icuRuns = Harness.time(repeats: repeats) {
            segments = 0
            words = 0
            bytes.withUnsafeBufferPointer { all in
                for r in chunks {
                    segmenter.forEachSegment(UnsafeBufferPointer(rebasing: all[r])) { s in
                        segments += 1
                        if s.isWord { words += 1 }
                    }
                }
            }
        }
        let icuMBps = Harness.report(
            "ICU word break (Segmenter .word)", bytes: bytes.count, runs: icuRuns,
            extra: "segments \(Harness.grouped(segments)), words \(Harness.grouped(words))")

        print(
            "ratio (wall): cat is \(Harness.fixed(catMBps.wall / icuMBps.wall, 1))× faster than ICU word break; "
                + "byte scan is \(Harness.fixed(scanMBps.wall / icuMBps.wall, 1))× faster")
        print(
            "ratio (cpu):  cat is \(Harness.fixed(catMBps.cpu / icuMBps.cpu, 1))× faster than ICU word break; "
                + "byte scan is \(Harness.fixed(scanMBps.cpu / icuMBps.cpu, 1))× faster")
    }

    /// Splits at the last newline before `maxChunk` bytes (or at a UTF-8 boundary when a line is longer).
    static func split(_ b: [UInt8], maxChunk: Int) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        while start < b.count {
            var end = min(start + maxChunk, b.count)
            if end < b.count {
                var cut = end
                while cut > start && b[cut - 1] != 0x0A { cut -= 1 }
                if cut > start {
                    end = cut
                } else {
                    while end > start && (b[end] & 0xC0) == 0x80 { end -= 1 }
                }
            }
            out.append(start..<end)
            start = end
        }
        return out
    }

    /// Counts runs of bytes > 0x20 (tokens separated by spaces, tabs, newlines, other controls).
    static func countTokens(_ p: UnsafeBufferPointer<UInt8>) -> Int {
        var n = 0
        var previousWasSpace = true
        for byte in p {
            let space = byte <= 0x20
            n &+= (previousWasSpace && !space) ? 1 : 0
            previousWasSpace = space
        }
        return n
    }
}
