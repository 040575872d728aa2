import ArgumentParser
import Foundation
import RapportAnalysis
import RapportCore
import RapportIngest
import RapportReport
import RapportSentiment

/// `rapport thread PATH... [--thread ID]`: lists threads, or scores one conversation.
struct ThreadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thread",
        abstract: "Score one conversation thread (without --thread: list threads, or score the only one).",
        discussion: """
            With --thread ID: each turn's latency (wall clock and business hours), length, sentiment and tone \
            markers, the sentiment arc, the thread's contacts scored on this thread alone, and its warnings.
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup var analysis: AnalysisOptions

    @Option(name: .customLong("thread"), help: "The thread key to score (as listed without --thread).")
    var thread: String?

    @Option(name: .customLong("format"), help: "Output format: table or json.")
    var format: String = "table"

    @Option(name: .customLong("out"), help: "Write to FILE instead of stdout.")
    var out: String?

    func validate() throws {
        guard format == "table" || format == "json" else { throw ValidationError("--format must be table or json") }
        guard !input.paths.isEmpty else { throw ValidationError("give at least one PATH") }
    }

    func run() throws {
        do throws(RapportError) {
            var listing: [String: ThreadListing] = [:]
            let wanted = thread
            let result = try AnalysisRun.run(input: input, analysis: analysis) { m in
                if let wanted { return m.thread == wanted }
                var l =
                    listing[m.thread]
                    ?? ThreadListing(
                        thread: m.thread, subject: m.subject, messages: 0, first: nil, last: nil, channels: [])
                l.messages += 1
                if let d = m.date {
                    if l.first.map({ d < $0 }) ?? true {
                        l.first = d
                        l.subject = m.subject
                    }
                    if l.last.map({ $0 < d }) ?? true { l.last = d }
                }
                if !l.channels.contains(m.channel.rawValue) {
                    l.channels.append(m.channel.rawValue)
                    l.channels.sort()
                }
                listing[m.thread] = l
                // Kept while the input holds one thread only: a single conversation is scored directly.
                return listing.count == 1
            }
            // The notes that explain the counts (duplicates across inputs); the others are on stderr.
            let countNotes = result.report.notes?.filter { $0.hasPrefix("duplicate ") }
            let text: String
            if let wanted = wanted ?? (listing.count == 1 ? listing.keys.first : nil) {
                guard !result.messages.isEmpty else {
                    throw RapportError(
                        .missingInput, "no messages in thread \"\(wanted)\"",
                        remedy: "run `rapport thread PATH` without --thread to list thread keys")
                }
                let config =
                    try analysis.config.map { p throws(RapportError) in try AnalysisConfig.load(path: p) } ?? .defaults
                var sentiment: SentimentAnalyzer?
                if let lex = try? Lexicons.load(dataDirectory: input.dataDirectory) {
                    sentiment = try? SentimentAnalyzer(lexicons: lex)
                }
                var report = Analyzer(config: config).thread(
                    wanted, messages: result.messages,
                    featurizer: Featurizer(us: result.report.us, analyzer: sentiment),
                    asOf: result.report.asOf)
                report.summary = result.report.summary
                report.analysis = result.report.analysis
                report.notes = countNotes
                text = format == "json" ? try Self.json(report) : Self.table(report)
            } else {
                let rows = listing.values.sorted { a, b in
                    (a.last?.instant ?? 0) != (b.last?.instant ?? 0)
                        ? (a.last?.instant ?? 0) > (b.last?.instant ?? 0) : a.thread < b.thread
                }
                let list = ThreadList(
                    threads: rows, summary: result.report.summary, analysis: result.report.analysis, notes: countNotes)
                text = format == "json" ? try Self.json(list) : Self.table(list)
            }
            try Output.write(text, to: out)
        } catch {
            throw Failure.report(error)
        }
    }

    static func json<T: Encodable>(_ value: T) throws(RapportError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do { return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n" } catch {
            throw RapportError(.io, "JSON encoding failed: \(error)")
        }
    }

    /// The counts of what was read, after a blank line (the listing above stays tab-separated rows).
    static func counts(summary: IngestSummary?, analysis: AnalysisCounts?, notes: [String]?) -> String {
        guard let summary else { return "" }
        let lines = Provenance.countLines(summary: summary, analysis: analysis, notes: notes)
        return "\n" + lines.joined(separator: "\n") + "\n"
    }

    static func table(_ list: ThreadList) -> String {
        var s = "THREAD\tMESSAGES\tLAST\tCHANNELS\tSUBJECT\n"
        for r in list.threads {
            s +=
                "\(Sanitize.line(r.thread))\t\(r.messages)\t\(r.last?.iso8601 ?? "-")\t\(r.channels.joined(separator: ","))\t"
                + "\(Sanitize.line(r.subject))\n"
        }
        return s + counts(summary: list.summary, analysis: list.analysis, notes: list.notes)
    }

    static func table(_ r: ThreadReport) -> String {
        // The units of the analyze report (`45s`, `12m`, `3.5h`, `2.1d`); before, `0m` for seconds, `60m`
        // for 59.9 minutes and `309.6h` for 12.9 days.
        func dur(_ v: Double?) -> String { Fmt.duration(v) }
        // Business time stays in hours: a "day" of it would read as 24 business hours.
        func businessDur(_ v: Double?) -> String {
            guard let v, v >= 3570 else { return Fmt.duration(v) }
            return Fmt.fixed(v / 3600, 1) + "h"
        }
        // Subjects, ids and addresses come from the input: control characters (ESC sequences) and bidi
        // overrides are removed, as in the analyze table, so a hostile subject cannot drive the terminal.
        var s = "Thread \(Sanitize.line(r.thread)): \(Sanitize.line(r.subject))\n"
        s += "DATE                       DIR       WORDS  LATENCY  BUSINESS  SENTIMENT  CONTACT / MARKERS\n"
        for t in r.turns {
            let dir = t.direction == "inbound" ? "them→us" : "us→them"
            s += t.date.iso8601.padding(toLength: 27, withPad: " ", startingAt: 0)
            s += dir.padding(toLength: 10, withPad: " ", startingAt: 0)
            s += String(t.words).padding(toLength: 7, withPad: " ", startingAt: 0)
            s += dur(t.replyLatencySeconds).padding(toLength: 9, withPad: " ", startingAt: 0)
            s += businessDur(t.replyLatencyBusinessSeconds).padding(toLength: 10, withPad: " ", startingAt: 0)
            s += (t.sentiment.map { String(format: "%+.2f", $0) } ?? "-").padding(
                toLength: 11, withPad: " ", startingAt: 0)
            s +=
                Sanitize.line(t.contact) + "  " + Self.markerList(t.markers) + (t.isCloser ? " (closer)" : "")
                + "\n"
        }
        for c in r.contacts {
            s +=
                "\n\(Sanitize.line(c.id)): level \(c.score.level) (\(c.score.points) points, confidence \(c.score.confidence))\n"
            for g in c.score.gates { s += "  gate: \(g)\n" }
        }
        for w in r.warnings { s += "warning [\(w.severity.rawValue)] \(w.rule): \(Sanitize.line(w.summary))\n" }
        return s + counts(summary: r.summary, analysis: r.analysis, notes: r.notes)
    }
}

extension ThreadCommand {
    /// Marker kinds in order of first appearance, a repeated kind counted once with its count
    /// ("gratitude×2,exclamation"); the JSON keeps every hit with its span.
    static func markerList(_ markers: [String]) -> String {
        var order: [String] = []
        var counts: [String: Int] = [:]
        for m in markers {
            if counts[m] == nil { order.append(m) }
            counts[m, default: 0] += 1
        }
        return order.map { counts[$0]! > 1 ? "\($0)×\(counts[$0]!)" : $0 }.joined(separator: ",")
    }
}
