import ArgumentParser
import Foundation
import RapportCore
import RapportSentiment

/// `rapport sentiment`: Score text sentiment as NDJSON (compound, pos, neu, neg).
struct SentimentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sentiment", abstract: "Score text sentiment as NDJSON (compound, pos, neu, neg).",
        discussion: """
            Scores each TEXT argument, or each line of standard input when no TEXT is given (batch mode \
            uses all cores; output order = input order). One JSON object per line, keys sorted; pos/neu/neg \
            rounded to 3 decimals and compound to 4, as vaderSentiment rounds them. See docs/sentiment.md.
            """)

    @Option(help: "Scoring engine: vader (exact vaderSentiment 3.3.2) or rapport (ICU, fixed rules, domain lexicon).")
    var engine: String = "rapport"

    @Flag(help: "Add evidence (top contributing tokens with byte spans) and tone markers.")
    var explain = false

    @Option(name: .customLong("data"), help: "Rapport's data directory (holding lexicons/).")
    var dataDirectory: String?

    @Option(help: "Worker threads for stdin batch mode (default: active processor count).")
    var threads: Int?

    @Argument(help: "Texts to score (default: lines of standard input).")
    var texts: [String] = []

    func validate() throws {
        if SentimentEngineKind(rawValue: engine) == nil {
            throw ValidationError("--engine must be one of: vader, rapport")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        try Self.execute(engine: engine, explain: explain, dataDirectory: dataDirectory, threads: threads, texts: texts)
    }

    /// The command's work once its arguments are known (validated): shared by ``run()`` and the
    /// ``FastArguments`` path, which skips ArgumentParser.
    static func execute(
        engine: String, explain: Bool, dataDirectory: String?, threads: Int?, texts: [String]
    ) throws {
        let kind = SentimentEngineKind(rawValue: engine) ?? .rapport
        let lexicons: Lexicons
        do {
            // The Rapport tables serve the Rapport engine and tone markers (--explain) only.
            lexicons = try Lexicons.load(dataDirectory: dataDirectory, rapportTables: kind == .rapport || explain)
        } catch {
            throw Failure.report(error)
        }
        let workerCount = max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount)
        var workers: [SentimentWorker] = []
        do {
            for _ in 0..<(texts.isEmpty ? workerCount : 1) {
                workers.append(try SentimentWorker(lexicons: lexicons, engine: kind, explain: explain))
            }
        } catch {
            throw Failure.report(error)
        }
        if !texts.isEmpty {
            for text in texts {
                var out: [UInt8] = []
                var copy = text
                copy.withUTF8 { workers[0].score($0, into: &out) }
                Console.write(String(decoding: out, as: UTF8.self))
            }
            Console.flush()
            return
        }
        try BatchScorer(workers: workers).run()
    }
}

/// The arguments of the common `rapport sentiment` batch invocations, parsed by hand before
/// ArgumentParser (whose first parse costs ~17 M instructions — mostly building the argument set by
/// reflection for its completion-script check — about what scoring 0.2 MB costs). Only argument lists
/// that ArgumentParser would accept with the same meaning are taken: `sentiment` followed by
/// `--engine vader|rapport`, `--explain`, `--data DIR` and `--threads N` (N ≥ 1; each at most once, values
/// also as `--name=value`), no TEXT. Anything else — help, errors, TEXT arguments, repeated or unknown
/// options, values starting with "-" — returns nil and goes through ArgumentParser unchanged.
struct FastArguments: Equatable {
    var engine = "rapport"
    var explain = false
    var dataDirectory: String?
    var threads: Int?

    /// `arguments` without the program name; nil unless the list is one of the forms above.
    init?(_ arguments: [String]) {
        guard arguments.first == "sentiment", arguments.count > 1 else { return nil }
        var seen = Set<String>()
        var k = 1
        while k < arguments.count {
            var name = arguments[k]
            var value: String?
            if let eq = name.utf8.firstIndex(of: UInt8(ascii: "=")), name.hasPrefix("--") {
                value = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            guard !seen.contains(name) else { return nil }
            seen.insert(name)
            k += 1
            if name == "--explain" {
                guard value == nil else { return nil }
                explain = true
                continue
            }
            guard name == "--engine" || name == "--data" || name == "--threads" else { return nil }
            if value == nil {
                guard k < arguments.count else { return nil }
                value = arguments[k]
                k += 1
            }
            guard let value, let first = value.utf8.first, first != UInt8(ascii: "-") else { return nil }
            switch name {
            case "--engine":
                guard value == "vader" || value == "rapport" else { return nil }
                engine = value
            case "--data":
                dataDirectory = value
            default:
                guard value.utf8.count <= 6, value.utf8.allSatisfy({ $0 &- 0x30 < 10 }), let n = Int(value), n >= 1
                else { return nil }
                threads = n
            }
        }
    }
}

/// One analyzer plus its output buffer (used by one thread at a time).
final class SentimentWorker: @unchecked Sendable {
    let analyzer: SentimentAnalyzer
    let explain: Bool
    var output: [UInt8] = []

    init(lexicons: Lexicons, engine: SentimentEngineKind, explain: Bool) throws(RapportError) {
        analyzer = try SentimentAnalyzer(lexicons: lexicons, engine: engine)
        analyzer.findsMarkers = explain
        analyzer.collectsEvidence = explain
        self.explain = explain
    }

    /// Scores one line (invalid UTF-8 is repaired with U+FFFD first) and appends its JSON + "\n".
    func score(_ line: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        if Self.isValidUTF8(line) {
            // Valid UTF-8 (ASCII included) needs no repair: score the bytes in place.
            if !explain && analyzer.appendVaderScoreLine(utf8: line, to: &out) {
                out.append(0x0A)
                return
            }
            let result = analyzer.analyze(utf8: line)
            SentimentOutput.appendLine(text: line, result: result, explain: explain, to: &out)
            out.append(0x0A)
            return
        }
        var text = String(decoding: line, as: UTF8.self)
        text.withUTF8 { utf8 in
            let result = analyzer.analyze(utf8: utf8)
            SentimentOutput.appendLine(text: utf8, result: result, explain: explain, to: &out)
        }
        out.append(0x0A)
    }

    /// Strict UTF-8 validation (no overlong forms, surrogates or code points above U+10FFFF): exactly the
    /// byte strings that `String(decoding:as:)` keeps unchanged.
    static func isValidUTF8(_ p: UnsafeBufferPointer<UInt8>) -> Bool { UTF8Validation.isValid(p) }
}

/// Reads stdin in blocks of whole lines, splits each block across the workers, writes results in order.
struct BatchScorer {
    let workers: [SentimentWorker]

    /// Reads stdin straight into the pending bytes (no zeroed staging block, no copy), processes every
    /// complete line once at least half a block of them (or 4 blocks in all) is pending, and moves the
    /// unfinished line to the front.
    func run() throws {
        let blockSize = 1 << 20
        var capacity = 2 * blockSize
        var pending = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { pending.deallocate() }
        var count = 0
        // One past the last newline in `pending` (0: none yet); only newly read bytes are searched, so a line
        // of many blocks is scanned once, not once per block.
        var complete = 0
        var eof = false
        while !eof {
            if capacity - count < blockSize {
                capacity = max(2 * capacity, count + blockSize)
                let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
                grown.update(from: pending, count: count)
                pending.deallocate()
                pending = grown
            }
            let n = read(0, pending + count, blockSize)
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure.report(RapportError(.io, "reading standard input failed (errno \(errno))"))
            }
            if n == 0 {
                eof = true
            } else {
                var last = count + n - 1
                while last >= count && pending[last] != 0x0A { last -= 1 }
                if last >= count { complete = last + 1 }
                count += n
            }
            // Process every complete line (all of them at end of input).
            var cut = count
            if !eof {
                if complete == 0 { continue }
                cut = complete
                if cut < blockSize / 2 && count < 4 * blockSize { continue }
            }
            process(UnsafeBufferPointer(start: pending, count: count), upTo: cut)
            count -= cut
            complete = 0
            if count > 0 { pending.update(from: pending + cut, count: count) }
        }
        Console.flush()
    }

    private func process(_ buffer: UnsafeBufferPointer<UInt8>, upTo cut: Int) {
        var lines: [Range<Int>] = []
        var start = 0
        if let base = buffer.baseAddress {
            while start < cut, let nl = memchr(base + start, 0x0A, cut - start) {
                let i = base.distance(to: nl.assumingMemoryBound(to: UInt8.self))
                lines.append(start..<i)
                start = i + 1
            }
        }
        if start < cut { lines.append(start..<cut) }
        if lines.isEmpty { return }
        let parts = workers.count
        let per = (lines.count + parts - 1) / parts
        let ranges = lines
        do {
            nonisolated(unsafe) let base = buffer
            DispatchQueue.concurrentPerform(iterations: parts) { w in
                let worker = workers[w]
                worker.output.removeAll(keepingCapacity: true)
                let lo = min(ranges.count, w * per)
                let hi = min(ranges.count, lo + per)
                if lo < hi {
                    // Room for the lines' JSON (about twice the text plus the keys) without regrowing.
                    worker.output.reserveCapacity(
                        2 * (ranges[hi - 1].upperBound - ranges[lo].lowerBound) + 96 * (hi - lo))
                }
                for k in lo..<hi {
                    var r = ranges[k]
                    if r.count > 0 && base[r.upperBound - 1] == 0x0D { r = r.lowerBound..<(r.upperBound - 1) }
                    worker.score(UnsafeBufferPointer(rebasing: base[r]), into: &worker.output)
                }
            }
        }
        // The workers' output is valid UTF-8 already: write the bytes as they are, in input order.
        Console.flush()
        for worker in workers {
            worker.output.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = Foundation.write(1, raw.baseAddress! + offset, raw.count - offset)
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { break }
                    offset += n
                }
            }
        }
    }
}
