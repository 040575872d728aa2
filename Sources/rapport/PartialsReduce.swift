import Foundation
import RapportAnalysis
import RapportCore
import RapportIngest
import RapportReport

/// Reduce stage: `rapport analyze --from-partials DIR...` — merges the shards' partials into the report
/// one pass over the same inputs would give (see docs/partials.md for the rules).
enum PartialsReduce {
    /// Partial files under the given paths: a file as is; a directory's regular files, recursively,
    /// sorted, skipping hidden files and Spark/Hadoop markers (`_SUCCESS`, `.crc`).
    static func files(_ paths: [String]) throws(RapportError) -> [String] {
        var result: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                throw RapportError(.missingInput, "no such file or directory", file: path)
            }
            guard isDir.boolValue else {
                result.append(path)
                continue
            }
            guard let walker = fm.enumerator(atPath: path) else {
                throw RapportError(.io, "directory cannot be read", file: path)
            }
            var found: [String] = []
            while let rel = walker.nextObject() as? String {
                let name = (rel as NSString).lastPathComponent
                if name.hasPrefix(".") || name.hasPrefix("_") || name.hasSuffix(".crc") { continue }
                let full = path.hasSuffix("/") ? path + rel : path + "/" + rel
                var d: ObjCBool = false
                if fm.fileExists(atPath: full, isDirectory: &d), !d.boolValue { found.append(full) }
            }
            result += found.sorted()
        }
        return result
    }

    /// Calls `body` with each line of a file (without the newline), streaming.
    static func lines(
        _ path: String, _ body: (ArraySlice<UInt8>, Int) throws(RapportError) -> Void
    ) throws(RapportError) {
        guard let h = FileHandle(forReadingAtPath: path) else {
            throw RapportError(.missingInput, "partials file cannot be read", file: path)
        }
        defer { try? h.close() }
        var pending: [UInt8] = []
        var lineNo = 0
        while true {
            let chunk: Data
            do { chunk = try h.read(upToCount: 1 << 22) ?? Data() } catch {
                throw RapportError(.io, "read failed: \(error)", file: path)
            }
            if chunk.isEmpty { break }
            pending.append(contentsOf: chunk)
            var start = 0
            while let nl = pending[start...].firstIndex(of: 0x0A) {
                lineNo += 1
                try body(pending[start..<nl], lineNo)
                start = nl + 1
            }
            pending.removeFirst(start)
        }
        if !pending.isEmpty {
            lineNo += 1
            try body(pending[...], lineNo)
        }
    }

    static func decode<T: Decodable>(
        _ type: T.Type, _ line: ArraySlice<UInt8>, _ dec: JSONDecoder, file: String, line n: Int
    )
        throws(RapportError) -> T
    {
        do { return try dec.decode(type, from: Data(line)) } catch {
            throw RapportError(
                .malformedInput, "not a valid partials line: \(error)", file: file, line: n,
                remedy: "re-run the map stage (`rapport ingest --partials`) for this shard")
        }
    }

    struct Key: Hashable, Comparable {
        var order: Int
        var part: Int
        var path: String
        var conversation: String

        static func < (a: Key, b: Key) -> Bool {
            (a.order, a.part, a.path, a.conversation) < (b.order, b.part, b.path, b.conversation)
        }
    }

    static func run(
        paths: [String], input: InputOptions, analysis: AnalysisOptions
    ) throws(RapportError)
        -> AnalysisRun.Result
    {
        let config =
            try analysis.config.map { path throws(RapportError) in try AnalysisConfig.load(path: path) }
            ?? .defaults
        let files = try Self.files(paths)
        guard !files.isEmpty else { throw RapportError(.missingInput, "no partials files found", file: paths.first) }
        let dec = JSONDecoder()

        // Pass 1: headers (validated, each shard once, each complete).
        var headers: [Key: PartialsFormat.Header] = [:]
        for file in files {
            var open: (PartialsFormat.Header, Int)?
            try lines(file) { line, n throws(RapportError) in
                switch PartialsFormat.kind(line) {
                case .message:
                    guard open != nil else {
                        throw RapportError(.malformedInput, "record before any header", file: file, line: n)
                    }
                    open!.1 += 1
                case .header:
                    if open != nil {
                        throw RapportError(
                            .malformedInput, "truncated shard (no end line before the next header)", file: file, line: n
                        )
                    }
                    let h = try decode(PartialsFormat.HeaderLine.self, line, dec, file: file, line: n).header
                    open = (h, 0)
                case .end:
                    let e = try decode(PartialsFormat.EndLine.self, line, dec, file: file, line: n).end
                    guard let (h, count) = open, count == e.records else {
                        throw RapportError(
                            .malformedInput, "shard record count does not match its end line", file: file, line: n)
                    }
                    let key = Key(
                        order: h.shard.order, part: h.shard.part, path: h.shard.path,
                        conversation: h.shard.slackConversation ?? "")
                    if headers[key] != nil {
                        throw RapportError(
                            .malformedInput, "shard \(h.shard.path) #\(h.shard.order).\(h.shard.part) given twice",
                            file: file, line: n, remedy: "give each shard's partial once")
                    }
                    headers[key] = h
                    open = nil
                case .other:
                    if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) { return }
                    throw RapportError(.malformedInput, "not a partials line", file: file, line: n)
                }
            }
            if open != nil {
                throw RapportError(
                    .malformedInput, "truncated partials file (last shard has no end line)", file: file,
                    remedy: "re-run the map stage for that shard")
            }
        }
        let keys = headers.keys.sorted()
        guard let first = keys.first.flatMap({ headers[$0] }) else {
            throw RapportError(.missingInput, "no shards in the partials", file: files.first)
        }
        let tool = "rapport " + RapportVersion.string
        for k in keys {
            let h = headers[k]!
            func mismatch(_ what: String) -> RapportError {
                RapportError(
                    .invalidConfiguration, "partials disagree on \(what) (shard \(h.shard.path))",
                    remedy:
                        "run every map task and the reduce with the same rapport, config, lexicons, --as-of and --me")
            }
            guard h.format == PartialsFormat.name, h.version == PartialsFormat.version else {
                throw RapportError(
                    .invalidConfiguration, "unsupported partials format \(h.format) v\(h.version)",
                    remedy: "this rapport reads \(PartialsFormat.name) v\(PartialsFormat.version)")
            }
            if h.tool != tool { throw mismatch("the tool version (\(h.tool) vs \(tool))") }
            if h.configHash != config.hash { throw mismatch("the config hash (pass the same --config)") }
            if h.lexiconHash != first.lexiconHash { throw mismatch("the lexicon hash") }
            if h.us != first.us { throw mismatch("--me / --internal-domain") }
            if h.asOf != first.asOf || h.timelineDays != first.timelineDays { throw mismatch("--as-of") }
        }
        if let given = analysis.asOf, AnalysisRun.parseAsOf(given) != first.asOf {
            throw RapportError(
                .invalidConfiguration, "--as-of differs from the map stage's",
                remedy: "pass --as-of to `rapport ingest --partials` (the map stage) and the same to the reduce")
        }
        if input.explicitUs != nil && input.explicitUs != first.us {
            throw RapportError(
                .invalidConfiguration, "--me / --internal-domain differ from the map stage's",
                remedy: "give them to the map stage (`rapport ingest --partials`)")
        }

        // Inputs and summary in plan order; "us" from the merged evidence.
        var notes: [String] = []
        var evidence = UsEvidence()
        var inputs: [InputRecord] = []
        var summary = IngestSummary()
        var index: [String: Int] = [:]
        for k in keys {
            let h = headers[k]!
            evidence.merge(h.evidence)
            let inputKey = "\(k.order)\u{0}\(k.path)"
            if let i = index[inputKey] {
                inputs[i].summary.merge(h.summary)
            } else {
                index[inputKey] = inputs.count
                inputs.append(
                    InputRecord(
                        path: h.shard.path, format: Ingestor.formatLabel(path: h.shard.path, format: h.shard.format),
                        summary: h.summary))
            }
        }
        for i in inputs { summary.merge(i.summary) }
        let us: Us
        if let given = first.us {
            us = given
        } else {
            us = evidence.infer()
            if us.isEmpty { notes.append("who \"us\" is could not be inferred: pass --me or --internal-domain") }
        }
        Console.error("rapport: us: " + us.explanation)
        if let note = keys.compactMap({ headers[$0]!.sentimentNote }).first {
            notes.append(note)
            Console.error("rapport: note: " + note)
        }

        // Pass 2: records.
        var aggregate = PartialAggregate(asOf: first.asOf, timelineDays: first.timelineDays)
        var droppedNewest = -Double.infinity
        for file in files {
            try lines(file) { line, n throws(RapportError) in
                guard PartialsFormat.kind(line) == .message else { return }
                let r = try decode(PartialsFormat.MessageLine.self, line, dec, file: file, line: n).message
                if let t = aggregate.add(r, us: us) { droppedNewest = max(droppedNewest, t) }
            }
        }
        aggregate.pruneText()
        if droppedNewest.isFinite && droppedNewest >= aggregate.textWindowStart {
            throw RapportError(
                .invalidConfiguration,
                "a shard dropped text the report needs (its newest message is newer than the corpus's newest used one)",
                remedy: "re-run the map stage with --as-of DATE (and the reduce with the same --as-of)")
        }
        let body = Analyzer(config: config).analyze(aggregate, asOf: first.asOf)
        var counts = body.counts
        if let note = AcrossInputs.fold(summary: &summary, counts: &counts, exclusions: aggregate.duplicateExclusions) {
            notes.append(note)
        }
        Console.error("rapport: partials: \(keys.count) shards; " + summary.line)
        try AnalysisOptions.checkAsOf(analysis.asOf, counts: counts, reportAsOf: body.asOf, notes: &notes)
        // Without "us" everything is inbound: the note on "us" already says what is missing.
        for note in body.notes where !us.isEmpty {
            notes.append(note)
            Console.error("rapport: note: " + note)
        }
        for note in Analyzer.colleagueNotes(us: us, accountIDs: body.accounts.map(\.id)) {
            notes.append(note)
            Console.error("rapport: note: " + note)
        }
        let report = AnalysisReport(
            generator: tool, asOf: body.asOf, inputs: inputs, summary: summary, us: us, configHash: config.hash,
            lexiconHash: first.lexiconHash, accounts: body.accounts, unaffiliated: body.unaffiliated,
            warnings: body.warnings, analysis: counts, notes: notes.isEmpty ? nil : notes)
        return AnalysisRun.Result(report: report, body: body, messages: [])
    }
}
