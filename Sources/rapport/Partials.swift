import Foundation
import RapportAnalysis
import RapportCore
import RapportIngest
import RapportReport
import RapportSentiment

/// The partials file format (docs/partials.md): NDJSON, one shard after another; each shard is a
/// `{"header":…}` line, one `{"message":…}` line per record, and an `{"end":{"records":N}}` line.
/// Files may hold any number of shards (concatenations of partials are partials).
enum PartialsFormat {
    static let name = "rapport-partials"
    static let version = 1

    struct Header: Codable {
        var format: String
        var version: Int
        var tool: String
        var configHash: String
        var lexiconHash: String
        var shard: Shard
        var summary: IngestSummary
        var evidence: UsEvidence
        /// "Us" given on the map command line; `nil` when it is inferred at reduce time.
        var us: Us?
        var asOf: Timestamp?
        var timelineDays: Int
        /// Text of messages before this instant was dropped; `nil` when every text was kept.
        var textFrom: Double?
        /// The report note when sentiment was unavailable at map time.
        var sentimentNote: String?

        enum CodingKeys: String, CodingKey {
            case format, version, tool, configHash = "config_hash", lexiconHash = "lexicon_hash", shard, summary,
                evidence, us, asOf = "as_of", timelineDays = "timeline_days", textFrom = "text_from",
                sentimentNote = "sentiment_note"
        }
    }

    struct End: Codable { var records: Int }

    struct HeaderLine: Codable { var header: Header }
    struct MessageLine: Codable { var message: MessageRecord }
    struct EndLine: Codable { var end: End }

    static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }

    enum LineKind { case header, message, end, other }

    static func kind(_ line: ArraySlice<UInt8>) -> LineKind {
        if line.starts(with: Array(#"{"message":"#.utf8)) { return .message }
        if line.starts(with: Array(#"{"header":"#.utf8)) { return .header }
        if line.starts(with: Array(#"{"end":"#.utf8)) { return .end }
        return .other
    }
}

/// Writes bytes to a file descriptor through a buffer.
final class ByteSink {
    private var buffer: [UInt8] = []
    private let fd: Int32
    private let path: String

    init(path: String) throws(RapportError) {
        self.path = path
        if path == "-" {
            fd = 1
        } else {
            let f = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard f >= 0 else {
                throw RapportError(
                    .io, "cannot write partials", file: path, remedy: "check the directory and permissions")
            }
            fd = f
        }
    }

    func line(_ data: Data) throws(RapportError) {
        buffer.append(contentsOf: data)
        buffer.append(0x0A)
        if buffer.count >= 1 << 20 { try flush() }
    }

    func flush() throws(RapportError) {
        var failed = false
        buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 {
                    failed = true
                    break
                }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
        if failed { throw RapportError(.io, "write failed", file: path, remedy: "check free disk space") }
    }

    func close() throws(RapportError) {
        try flush()
        if fd != 1 { _ = Foundation.close(fd) }
    }
}

/// Map stage: `rapport ingest --partials OUT` — one partial per shard.
enum PartialsMap {
    static func run(
        input: InputOptions, analysis: AnalysisOptions, shardsFile: String?, listShards: Bool, out: String?
    ) throws(RapportError) {
        let ingestor = Ingestor(options: input.ingestOptions())
        var shards: [Shard]
        if let shardsFile {
            shards = try readShards(shardsFile)
        } else {
            guard !input.paths.isEmpty else {
                throw RapportError(.missingInput, "give at least one PATH or --shards FILE")
            }
            shards = try ingestor.shards(of: ingestor.plan(input.paths))
        }
        if listShards {
            let enc = PartialsFormat.encoder()
            for s in shards {
                guard let d = try? enc.encode(s) else { continue }
                Console.write(String(decoding: d, as: UTF8.self) + "\n")
            }
            Console.flush()
            return
        }
        guard let out else {
            throw RapportError(.invalidConfiguration, "--shards needs --partials OUT (or --list-shards)")
        }
        let config =
            try analysis.config.map { path throws(RapportError) in try AnalysisConfig.load(path: path) }
            ?? .defaults
        let asOf = analysis.asOf.flatMap(AnalysisRun.parseAsOf)
        var sentimentNote: String?
        var analyzer: SentimentAnalyzer?
        do {
            let lexicons = try Lexicons.load(dataDirectory: input.dataDirectory)
            analyzer = try SentimentAnalyzer(lexicons: lexicons)
        } catch {
            sentimentNote = "sentiment unavailable (\(error.message)): the sentiment component is re-weighted away"
            Console.error("rapport: note: sentiment unavailable: \(error.message)")
        }
        let featurizer = Featurizer(us: Us(inferred: true, explanation: ""), analyzer: analyzer)
        let lexiconHash = ReproHash.lexicons(dataDirectory: input.dataDirectory)
        var isDir: ObjCBool = false
        let toDirectory =
            out != "-" && FileManager.default.fileExists(atPath: out, isDirectory: &isDir) && isDir.boolValue
        var sink: ByteSink?
        if !toDirectory { sink = try ByteSink(path: out) }
        let enc = PartialsFormat.encoder()
        var total = IngestSummary()
        for shard in shards {
            var options = input.ingestOptions()
            options.slackPart = shard.slackPart
            options.markExclusions = true
            let reader = Ingestor(options: options)
            var summary = IngestSummary()
            var evidence = UsEvidence()
            // Records are featurized as they stream in. With --as-of the text window is known up front;
            // without it, the window ends at the shard's newest conversational message and text before it
            // is dropped once the shard is read (the reduce checks the corpus-wide window is not earlier).
            let window = Double(config.analysis.timelineDays) * 86_400
            let knownCutoff = asOf.map { $0.instant - window }
            var records: [MessageRecord] = []
            var newest = -Double.infinity
            try reader.ingest([shard.input], summary: &summary, evidence: &evidence) { m in
                let instant = m.date?.instant
                if m.isConversational, let d = instant, asOf.map({ d <= $0.instant }) ?? true {
                    newest = max(newest, d)
                }
                let keep = knownCutoff.map { c in instant.map { $0 >= c } ?? false } ?? true
                records.append(
                    featurizer.record(of: m, keepText: keep, exclusion: Ingestor.exclusionReason(of: m)))
            }
            let cutoff = knownCutoff ?? (newest - window)
            if knownCutoff == nil {
                for i in records.indices where records[i].text != nil {
                    guard let d = records[i].date?.instant, d >= cutoff else {
                        records[i].text = nil
                        records[i].markers = []
                        records[i].textDropped = true
                        continue
                    }
                }
            }
            let header = PartialsFormat.Header(
                format: PartialsFormat.name, version: PartialsFormat.version, tool: "rapport " + RapportVersion.string,
                configHash: config.hash, lexiconHash: lexiconHash, shard: shard, summary: summary,
                evidence: evidence, us: input.explicitUs, asOf: asOf, timelineDays: config.analysis.timelineDays,
                textFrom: cutoff.isFinite ? cutoff : nil, sentimentNote: sentimentNote)
            if toDirectory {
                let name = "shard-\(shard.order)-\(shard.part).ndjson"
                sink = try ByteSink(path: out.hasSuffix("/") ? out + name : out + "/" + name)
            }
            guard let s = sink else { continue }
            try s.line(encode(PartialsFormat.HeaderLine(header: header), enc))
            for r in records { try s.line(encode(PartialsFormat.MessageLine(message: r), enc)) }
            try s.line(encode(PartialsFormat.EndLine(end: .init(records: records.count)), enc))
            if toDirectory { try s.close() }
            total.merge(summary)
        }
        if !toDirectory { try sink?.close() }
        Console.error("rapport: partials: \(shards.count) shards; " + total.line)
    }

    static func encode<T: Encodable>(_ v: T, _ enc: JSONEncoder) throws(RapportError) -> Data {
        do { return try enc.encode(v) } catch {
            throw RapportError(.system, "cannot encode a partial record: \(error)")
        }
    }

    static func readShards(_ path: String) throws(RapportError) -> [Shard] {
        let data: Data?
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            data = FileManager.default.contents(atPath: path)
        }
        guard let data else { throw RapportError(.missingInput, "cannot read the shard list", file: path) }
        var result: [Shard] = []
        let dec = JSONDecoder()
        for (i, line) in data.split(separator: 0x0A).enumerated() where !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) {
            do { result.append(try dec.decode(Shard.self, from: Data(line))) } catch {
                throw RapportError(
                    .malformedInput, "not a shard line (as printed by `rapport ingest --list-shards`)", file: path,
                    line: i + 1)
            }
        }
        return result
    }
}
