import ArgumentParser
import Foundation
import RapportAnalysis
import RapportCore
import RapportIngest
import RapportReport
import RapportSentiment
import RapportStore

/// `rapport analyze PATH...`: accounts and contacts ranked by relationship score, with trend, drivers and
/// warnings.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Relationship report with scores, dynamics and warnings per contact and account.",
        discussion: """
            "Us" comes from --me / --internal-domain, or is inferred from the input (printed on stderr). \
            --as-of replays history: messages after it are ignored. The config file (JSON, see \
            `rapport config --dump`) holds weights, bands, gates, business hours and warning thresholds.
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var selection: SelectionOptions

    @Option(name: .customLong("format"), help: "Output format: table, json, csv, html, ndjson.")
    var format: String = "table"

    @Option(name: .customLong("out"), help: "Write the report to FILE instead of stdout.")
    var out: String?

    @Flag(name: .customLong("redact"), help: "Replace names and addresses with pseudonyms and drop quotes.")
    var redact = false

    @Flag(
        name: .customLong("store"),
        help: """
            Add the inputs to the local history store (deduplicated), analyze everything stored, and keep a \
            score snapshot of this run (see `rapport history`).
            """)
    var store = false

    @Option(
        name: .customLong("store-path"),
        help: """
            History store: an SQLite file or a postgres://user@host/db URL (default: $RAPPORT_STORE, else \
            $XDG_DATA_HOME/rapport/history.sqlite).
            """)
    var storePath: String?

    @Option(
        name: .customLong("from-partials"), parsing: .upToNextOption,
        help: "Reduce stage: analyze the partials written by `rapport ingest --partials` (files or directories).")
    var fromPartials: [String] = []

    func validate() throws {
        guard ReportFormat(rawValue: format) != nil else {
            throw ValidationError("--format must be one of: table, json, csv, html, ndjson")
        }
        guard !input.paths.isEmpty || !fromPartials.isEmpty else { throw ValidationError("give at least one PATH") }
        guard input.paths.isEmpty || fromPartials.isEmpty else {
            throw ValidationError("give either PATHs or --from-partials, not both")
        }
        if store && !fromPartials.isEmpty {
            throw ValidationError("--store reads PATHs; it cannot be combined with --from-partials")
        }
    }

    func run() throws {
        let result: AnalysisRun.Result
        do {
            let history = try store ? StoreSelection.open(StoreSelection.resolve(flag: storePath)) : nil
            result =
                fromPartials.isEmpty
                ? try AnalysisRun.run(input: input, analysis: analysis, store: history)
                : try PartialsReduce.run(paths: fromPartials, input: input, analysis: analysis)
            if let history {
                let run = try history.recordRun(report: result.report, recordedAt: nil)
                Console.error("rapport: history: run \(run) recorded in \(history.location)")
            }
        } catch {
            throw Failure.report(error)
        }
        let report = try selection.apply(to: result.report)
        let options = RenderOptions(color: out == nil && Console.stdoutIsTerminal, redact: redact)
        do {
            try Output.stream(to: out) { (write: (String) -> Void) throws(RapportError) in
                try Renderer.render(report, format: ReportFormat(rawValue: format)!, options: options, write: write)
            }
        } catch {
            throw Failure.report(error)
        }
    }
}

/// Which accounts and contacts a report shows (`analyze`, `warnings`); the analysis still covers everything.
struct SelectionOptions: ParsableArguments {
    @Option(
        name: .customLong("account"),
        help: "Show only this account: its domain or name (repeatable; scores still use all the input).")
    var accounts: [String] = []

    @Option(name: .customLong("contact"), help: "Show only this contact: an address or Slack user id (repeatable).")
    var contacts: [String] = []

    @Option(name: .customLong("limit"), help: "Show at most N accounts (best first) and N unaffiliated contacts.")
    var limit: Int?

    @Option(
        name: .customLong("sort"),
        help: "Order accounts and contacts: points (default), risk (warned and lowest first), messages, name.")
    var sort: String = "points"

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        guard ReportFilter.Sort(rawValue: sort) != nil else {
            throw ValidationError("--sort must be one of: points, risk, messages, name")
        }
    }

    var filter: ReportFilter {
        ReportFilter(accounts: accounts, contacts: contacts, limit: limit, sort: ReportFilter.Sort(rawValue: sort)!)
    }

    /// The report narrowed to the selection; a criterion that matches nothing is an error (exit 2) naming
    /// a few of the accounts there are, so a typo does not pass for an empty report.
    func apply(to report: AnalysisReport) throws -> AnalysisReport {
        let f = filter
        guard !f.isEmpty else { return report }
        let missing = f.unmatched(in: report)
        if !missing.isEmpty {
            let known = report.accounts.prefix(5).map(\.id).joined(separator: ", ")
            Console.error(
                "rapport: nothing matches " + missing.joined(separator: ", ")
                    + (known.isEmpty ? " (the report has no accounts)" : " (accounts include: \(known))"))
            throw ExitCode(2)
        }
        return f.apply(to: report)
    }
}

/// Options shared by the commands that analyze (`analyze`, `thread`).
struct AnalysisOptions: ParsableArguments {
    @Option(name: .customLong("as-of"), help: "Analyze as of DATE (YYYY-MM-DD = end of that day UTC, or ISO 8601).")
    var asOf: String?

    @Option(name: .customLong("config"), help: "Scoring configuration file (JSON; see `rapport config --dump`).")
    var config: String?

    func validate() throws {
        guard let asOf else { return }
        guard let instant = AnalysisRun.parseAsOf(asOf) else {
            throw ValidationError("--as-of must be YYYY-MM-DD or an ISO 8601 date-time like 2024-05-01T12:00:00Z")
        }
        if let message = Self.futureProblem(asOf, instant: instant, now: Date()) { throw ValidationError(message) }
    }

    /// A date more than two days ahead of `now` cannot be replayed (its recency and silences would be
    /// invented). Today's date, which means the end of that day in UTC, is accepted, and so is tomorrow's
    /// in UTC: east of UTC (up to UTC+14) the user's own today can be UTC's tomorrow.
    static func futureProblem(_ given: String, instant: Timestamp, now: Date) -> String? {
        let today = Timestamp(seconds: Int64(now.timeIntervalSince1970.rounded(.down)))
        guard instant.instant > today.instant + 2 * 86_400 else { return nil }
        return
            "--as-of \(given) is in the future (today is \(today.iso8601.prefix(10)) UTC): give today or an earlier date"
    }

    /// Without `--as-of` the report is as of the newest message; one dated more than a day ahead of `now`
    /// (a sender's wrong clock, spam) would silently move the whole report into the future. The note says
    /// so (without today's date, so the bytes do not change from day to day).
    static func futureAsOfNote(given: String?, asOf: Timestamp?, now: Date) -> String? {
        guard given == nil, let asOf, asOf.instant > now.timeIntervalSince1970 + 86_400 else { return nil }
        return "the newest message is dated \(asOf.iso8601), in the future (a wrong clock or a misdated message?); "
            + "the report is as of that date: pass --as-of to analyze as of an earlier one"
    }

    /// `--as-of` earlier than every message the analysis could use: an empty report would look like a
    /// relationship with nobody, so it is an error (exit 2) instead.
    static func checkNotBeforeEverything(_ asOf: String?, counts: AnalysisCounts) throws(RapportError) {
        guard let asOf, counts.used == 0, let after = counts.notUsed["after-as-of"], after > 0 else {
            return
        }
        throw RapportError(
            .invalidConfiguration,
            "--as-of \(asOf) is before every message there is to analyze (\(after) message\(after == 1 ? " is" : "s are") after it)",
            remedy: "give a later date, or leave --as-of out to analyze as of the newest message")
    }

    /// The as-of checks after an analysis (one pass or the reduce of partials): an `--as-of` before every
    /// message is an error; a report moved into the future by a misdated newest message gets a note
    /// (appended to `notes` and printed to stderr).
    static func checkAsOf(
        _ given: String?, counts: AnalysisCounts, reportAsOf: Timestamp?, notes: inout [String]
    ) throws(RapportError) {
        try checkNotBeforeEverything(given, counts: counts)
        if let note = futureAsOfNote(given: given, asOf: reportAsOf, now: Date()) {
            notes.append(note)
            Console.error("rapport: note: " + note)
        }
    }
}

/// The analysis pipeline behind `analyze` and `thread`: plan → us → ingest (streaming into a
/// ``PartialAggregate``) → analyze → report.
enum AnalysisRun {
    struct Result {
        var report: AnalysisReport
        var body: AnalysisBody
        var messages: [Message]
    }

    static func parseAsOf(_ s: String) -> Timestamp? {
        if s.utf8.count == 10, let day = BusinessCalendar.parseDay(s) {
            return Timestamp(seconds: Int64(day) * 86_400 + 86_399)
        }
        return Timestamp(iso8601: s)
    }

    /// Runs the pipeline. With a `store`, the inputs are first added to it (deduplicated by source
    /// identity) and the analysis covers every stored message, so trends span exports.
    static func run(
        input: InputOptions, analysis: AnalysisOptions, keepThread: ((Message) -> Bool)? = nil,
        store: (any HistoryStoring)? = nil
    )
        throws(RapportError) -> Result
    {
        let config =
            try analysis.config.map { path throws(RapportError) in try AnalysisConfig.load(path: path) }
            ?? .defaults
        let asOf = analysis.asOf.flatMap(parseAsOf)
        var options = input.ingestOptions()
        // Automated mail carries the reason it is excluded under, for the duplicate fold below (not into
        // the history store, whose messages keep the attributes they had).
        options.markExclusions = store == nil
        var ingestor = Ingestor(options: options)
        let (plan, ignoredNote) = try input.plan(ingestor)
        var notes: [String] = ignoredNote.map { [$0] } ?? []
        // One mail input without --me: "us" is inferred from the evidence of the reader's own index pass
        // (as `rapport ingest` does) instead of a reading pass of its own; the same evidence, so the same
        // "us". Other inputs are read twice: first for the evidence only.
        let usFromIndexPass =
            input.explicitUs == nil && store == nil && plan.count == 1
            && IngestCommand.mailReader(plan[0].format) != nil
        var us = input.explicitUs ?? Us(inferred: true, explanation: "")
        let usNoteAt = notes.count
        func infer(_ evidence: UsEvidence) {
            us = evidence.infer()
            if us.isEmpty {
                notes.insert("who \"us\" is could not be inferred: pass --me or --internal-domain", at: usNoteAt)
            }
            Console.error("rapport: us: " + us.explanation)
        }
        if input.explicitUs != nil {
            Console.error("rapport: us: " + us.explanation)
        } else if !usFromIndexPass {
            // Evidence only: readers scan what "us" inference needs (mail headers, Slack users.json).
            var quick = ingestor
            quick.options.evidenceOnly = true
            var scratch = IngestSummary()
            var evidence = UsEvidence()
            try quick.ingest(plan, summary: &scratch, evidence: &evidence) { _ in }
            infer(evidence)
        }

        var analyzer: SentimentAnalyzer?
        var lexicons: Lexicons?
        do {
            lexicons = try Lexicons.load(dataDirectory: input.dataDirectory)
            analyzer = try SentimentAnalyzer(lexicons: lexicons!)
        } catch {
            lexicons = nil
            notes.append("sentiment unavailable (\(error.message)): the sentiment component is re-weighted away")
            Console.error("rapport: note: sentiment unavailable: \(error.message)")
        }
        var featurizer = Featurizer(us: us, analyzer: analyzer)
        if store == nil && !usFromIndexPass {
            // Mail and Slack readers featurize on their worker threads (same features, less on this one).
            let pool = FeaturizerPool(us: us, lexicons: lexicons)
            ingestor.options.workerStage = { pool.prepare(&$0) }
        }
        var aggregate = PartialAggregate(asOf: asOf, timelineDays: config.analysis.timelineDays)
        var summary = IngestSummary()
        var inputs: [InputRecord] = []
        var kept: [Message] = []
        let progress = ProgressReporter(
            totalFiles: plan.count, totalBytes: ProgressReporter.totalBytes(of: plan.map(\.path)))
        var imported = 0
        var duplicates = 0
        for item in plan {
            var itemSummary = IngestSummary()
            var ignored = UsEvidence()
            let importer = try store?.openImport(source: item.path)
            func emit(_ message: Message) throws(RapportError) {
                var m = message
                if m.direction == .unknown { m.direction = us.classify(m) }
                progress.advance(messages: 1)
                if let importer {
                    try importer.add(m)
                    return
                }
                if let keepThread, keepThread(m) { kept.append(m) }
                aggregate.add(m, featurizer: featurizer, exclusion: Ingestor.exclusionReason(of: m))
            }
            do throws(RapportError) {
                if usFromIndexPass, let mail = IngestCommand.mailReader(item.format) {
                    // After the index pass: "us", then the featurizers the workers use for the parse pass.
                    try mail.read(
                        path: item.path, options: ingestor.options, summary: &itemSummary, evidence: &ignored,
                        prepare: { (evidence: UsEvidence) -> @Sendable (Message) -> Message in
                            infer(evidence)
                            featurizer = Featurizer(us: us, analyzer: analyzer)
                            let pool = FeaturizerPool(us: us, lexicons: lexicons)
                            return { pool.prepared($0) }
                        }, emit: emit)
                } else {
                    try ingestor.ingest([item], summary: &itemSummary, evidence: &ignored, emit: emit)
                }
                if let result = try importer?.finish() {
                    imported += result.new
                    duplicates += result.duplicate
                }
            } catch {
                progress.finish()
                throw error
            }
            progress.advance(files: itemSummary.files, bytes: itemSummary.bytes)
            inputs.append(
                InputRecord(
                    path: item.path, format: Ingestor.formatLabel(path: item.path, format: item.format),
                    summary: itemSummary))
            summary.merge(itemSummary)
        }
        progress.finish()
        if store != nil { Console.error("rapport: " + summary.line) }
        if let store {
            var stored = 0
            // Classified and featurized on both cores a batch at a time, added in the store's order.
            let pool = FeaturizerPool(us: us, lexicons: lexicons)
            var batch: [Message] = []
            func flush() {
                for m in pool.prepared(batch) {
                    if let keepThread, keepThread(m) { kept.append(m) }
                    aggregate.add(m, featurizer: featurizer)
                }
                batch.removeAll(keepingCapacity: true)
            }
            try store.forEachMessage { message throws(RapportError) in
                batch.append(message)
                stored += 1
                if batch.count == 1_024 { flush() }
            }
            flush()
            let line =
                "history store \(store.location): \(imported) new, \(duplicates) already stored; analyzed all \(stored) stored messages"
            notes.append(line)
            Console.error("rapport: " + line)
        }
        let body = Analyzer(config: config).analyze(aggregate, asOf: asOf)
        var counts = body.counts
        if store == nil {
            if let note = AcrossInputs.fold(
                summary: &summary, counts: &counts, exclusions: aggregate.duplicateExclusions)
            {
                notes.append(note)
            }
            Console.error("rapport: " + summary.line)
        }
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
            generator: "rapport " + RapportVersion.string, asOf: body.asOf, inputs: inputs, summary: summary, us: us,
            configHash: config.hash, lexiconHash: ReproHash.lexicons(dataDirectory: input.dataDirectory),
            accounts: body.accounts, unaffiliated: body.unaffiliated, warnings: body.warnings,
            analysis: counts, notes: notes.isEmpty ? nil : notes)
        return Result(report: report, body: body, messages: kept)
    }
}

/// One message read from two inputs (a mailbox and its copy, Takeout's one mbox per label, two exports
/// of one workspace). Each reader skips the copies inside its own input as `duplicate`; copies in
/// different inputs are set aside by the analysis (``PartialAggregate``: by id, before any other test,
/// whatever the input order, so that shards reduce to the same report). The report counts both kinds
/// the way `rapport ingest` does: as skipped `duplicate` in the totals, not as received by the analysis.
enum AcrossInputs {
    /// Moves the analysis's `duplicate-id` copies into the totals' skipped `duplicate` (out of `emitted`
    /// and, for the automated ones, out of the `excluded` reason their reader counted them under); returns
    /// the note that says so in words, or nil when no message was in two inputs.
    static func fold(
        summary: inout IngestSummary, counts: inout AnalysisCounts, exclusions: [String: Int]
    ) -> String? {
        guard let copies = counts.notUsed["duplicate-id"], copies > 0 else { return nil }
        let within = summary.skipped["duplicate"] ?? 0
        summary.skipped["duplicate", default: 0] += copies
        summary.emitted -= copies
        for (reason, n) in exclusions {
            let left = (summary.excluded[reason] ?? 0) - n
            summary.excluded[reason] = left > 0 ? left : nil
        }
        counts.received -= copies
        counts.notUsed["duplicate-id"] = nil
        let total = within + copies
        return "duplicate \(total): \(copies) cop\(copies == 1 ? "y" : "ies") of a message also read from another "
            + "input (same Message-ID, Slack channel and timestamp, or ticket entry: one copy is kept, whichever "
            + "input it is in) and \(within) within an input; the input lines count each input as it was read, "
            + "so they include the copies found in another input"
    }
}

/// Writes a report to a file or stdout.
enum Output {
    /// Writes what `render` hands its sink, in chunks, to the file at `path` (created or truncated) or to
    /// stdout, so a large report is never held whole in memory. A file is removed again when `render`
    /// or a write fails.
    static func stream(
        to path: String?, _ render: (_ write: (String) -> Void) throws(RapportError) -> Void
    ) throws(RapportError) {
        guard let path else {
            try render { Console.write($0) }
            Console.flush()
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw RapportError(
                .io, "cannot write the report", file: path, remedy: "check the directory and permissions")
        }
        var failure: (any Error)?
        do throws(RapportError) {
            try render { chunk in
                guard failure == nil else { return }
                do { try handle.write(contentsOf: Data(chunk.utf8)) } catch { failure = error }
            }
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
        do { try handle.close() } catch { failure = failure ?? error }
        if let failure {
            try? FileManager.default.removeItem(atPath: path)
            throw RapportError(
                .io, "cannot write the report: \(failure.localizedDescription)", file: path,
                remedy: "check the free space and permissions")
        }
    }

    static func write(_ text: String, to path: String?) throws(RapportError) {
        if let path {
            guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
                throw RapportError(
                    .io, "cannot write the report", file: path, remedy: "check the directory and permissions")
            }
        } else {
            Console.write(text)
            Console.flush()
        }
    }
}
