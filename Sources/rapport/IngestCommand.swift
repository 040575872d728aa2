import ArgumentParser
import Foundation
import RapportCore
import RapportIngest

/// `rapport ingest PATH...`: normalized messages as NDJSON on stdout; a summary on stderr.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Print normalized messages as NDJSON (one per line); a summary goes to stderr.")

    @OptionGroup var input: InputOptions

    @Flag(help: "For HTML tickets: print which profile matched each page and what it extracted, then stop.")
    var explain = false

    @Option(
        name: .customLong("partials"),
        help: "Map stage: write partials (docs/partials.md) to FILE, a directory (one file per shard) or - (stdout).")
    var partials: String?

    @Option(name: .customLong("shards"), help: "Map stage: read the shards to process from FILE (- = stdin).")
    var shards: String?

    @Flag(name: .customLong("list-shards"), help: "Print the map-stage shards of PATH... (one JSON line each).")
    var listShards = false

    @OptionGroup var analysis: AnalysisOptions

    func validate() throws {
        // --as-of and --config are read by the map stage only; plain ingest used to accept and ignore them,
        // printing every message as if they had been applied.
        if partials == nil && shards == nil && !listShards && (analysis.asOf != nil || analysis.config != nil) {
            throw ValidationError(
                "--as-of and --config apply to the map stage (--partials, --shards, --list-shards); "
                    + "plain ingest prints every message")
        }
    }

    func run() throws {
        if partials != nil || listShards || shards != nil {
            do {
                return try PartialsMap.run(
                    input: input, analysis: analysis, shardsFile: shards, listShards: listShards, out: partials)
            } catch {
                Console.flush()
                throw Failure.report(error)
            }
        }
        guard !input.paths.isEmpty else { throw ValidationError("give at least one PATH") }
        let ingestor = Ingestor(options: input.ingestOptions())
        if explain { return try TicketExplain.run(ingestor: ingestor, paths: input.paths) }
        var summary = IngestSummary()
        var evidence = UsEvidence()
        do {
            let (plan, _) = try input.plan(ingestor)
            // "Us" is known up front when given; otherwise a first pass gathers the evidence.
            if input.explicitUs == nil, plan.count == 1, let mail = Self.mailReader(plan[0].format) {
                // One mail input: "us" is inferred from the evidence of the reader's own index pass;
                // the reader's workers classify and encode each message.
                var out = StdoutBytes()
                try mail.read(
                    path: plan[0].path, options: ingestor.options, summary: &summary, evidence: &evidence,
                    prepare: { (evidence: UsEvidence) -> @Sendable (Message) -> [UInt8] in
                        let us = evidence.infer()
                        Console.error("rapport: us: " + us.explanation)
                        return StdoutBytes.line(us)
                    },
                    emit: { out.append(line: $0) })
                out.flush()
                Console.flush()
                Self.printSummary(summary)
                return
            }
            let us: Us
            if let given = input.explicitUs {
                us = given
            } else {
                // Evidence only: mail readers scan headers, skipping bodies.
                var quick = ingestor
                quick.options.evidenceOnly = true
                var scratch = IngestSummary()
                try quick.ingest(plan, summary: &scratch, evidence: &evidence) { _ in }
                us = evidence.infer()
            }
            Console.error("rapport: us: " + us.explanation)
            var ignored = UsEvidence()
            var out = StdoutBytes()
            // A message in several mail inputs is emitted once (its first copy).
            let seen = SeenMessageIDs()
            let slackInputs = plan.filter { $0.format == .slack }.count
            for input in plan {
                if var mail = Self.mailReader(input.format) {
                    mail.seenAcrossInputs = seen
                    // Mail readers classify and encode on their worker threads.
                    try mail.read(
                        path: input.path, options: ingestor.options, summary: &summary, evidence: &ignored,
                        prepare: { _ in StdoutBytes.line(us) }, emit: { out.append(line: $0) })
                    continue
                }
                let line = StdoutBytes.line(us)
                if input.format == .slack, slackInputs > 1 {
                    // An export given twice (folder and .zip, two copies): its copies are duplicates.
                    var slack = SlackExportReader()
                    slack.seenAcrossInputs = seen
                    try slack.read(
                        path: input.path, options: ingestor.options, summary: &summary, evidence: &ignored
                    ) { message throws(RapportError) in out.append(line: line(message)) }
                    continue
                }
                try ingestor.configuredReader(for: input.format).read(
                    path: input.path, options: ingestor.options, summary: &summary, evidence: &ignored
                ) { message throws(RapportError) in out.append(line: line(message)) }
            }
            out.flush()
        } catch {
            Console.flush()
            throw Failure.report(error)
        }
        Console.flush()
        Self.printSummary(summary)
    }

    /// The counts line on stderr, then the first problems (file, byte offset, reason).
    static func printSummary(_ summary: IngestSummary) {
        Console.error("rapport: " + summary.line)
        for problem in summary.problems.prefix(5) { Console.error("rapport: problem: " + problem) }
        if summary.problems.count > 5 {
            Console.error(
                "rapport: problem: \(summary.problems.count - 5) more (rapport analyze --format json lists them)")
        }
    }
}

extension IngestCommand {
    /// The mail reader for a mail format (mbox, .eml, maildir), else `nil`.
    static func mailReader(_ format: InputFormat) -> MailReader? {
        switch format {
        case .mbox, .eml, .maildir: MailReader(format: format)
        default: nil
        }
    }
}

/// NDJSON on stdout through ``MessageJSON`` (identical to `JSONEncoder` with sorted keys), buffered.
struct StdoutBytes {
    private var buffer: [UInt8] = []

    /// Appends one line made by ``line(_:)``.
    mutating func append(line: [UInt8]) {
        buffer.append(contentsOf: line)
        if buffer.count >= 1 << 18 { flush() }
    }

    /// A transform (safe on worker threads) from a message to its NDJSON line, direction set by `us`.
    static func line(_ us: Us) -> @Sendable (Message) -> [UInt8] {
        { message in
            var m = message
            m.direction = us.classify(m)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(2048)
            MessageJSON.append(m, to: &bytes)
            bytes.append(0x0A)
            return bytes
        }
    }

    mutating func flush() {
        Console.flush()
        buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(1, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
