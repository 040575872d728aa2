import Foundation
public import RapportAnalysis
public import RapportCore

/// Output formats of `rapport analyze`.
public enum ReportFormat: String, Sendable, CaseIterable {
    case table, json, csv, html, ndjson
}

/// Rendering options.
public struct RenderOptions: Sendable {
    /// Use ANSI colours (only when stdout is a terminal).
    public var color: Bool = false
    /// Replace names and addresses with stable pseudonyms and drop quoted text.
    public var redact: Bool = false
    /// Key for redaction pseudonyms (see ``Redactor``); the CLI may take it from `RAPPORT_REDACT_KEY`.
    public var redactionKey: String = Redactor.defaultKey

    public init(color: Bool = false, redact: Bool = false, redactionKey: String = Redactor.defaultKey) {
        self.color = color
        self.redact = redact
        self.redactionKey = redactionKey
    }
}

/// Renders an ``AnalysisReport`` in a format.
///
/// Every format carries the provenance needed to reproduce a result: the inputs read, the counts
/// read / used / skipped with reasons, who "us" was, and the config and lexicon hashes. Output is
/// deterministic: the same report renders to the same bytes.
public enum Renderer {
    /// The whole report as one string.
    public static func render(
        _ report: AnalysisReport, format: ReportFormat, options: RenderOptions = RenderOptions()
    )
        throws(RapportError) -> String
    {
        var result = ""
        try render(report, format: format, options: options) { result += $0 }
        return result
    }

    /// Streams the report in chunks (of about 64 KB) to `write`, e.g. buffered stdout, so large
    /// reports are not held twice in memory.
    public static func render(
        _ report: AnalysisReport, format: ReportFormat, options: RenderOptions = RenderOptions(),
        write: (String) -> Void
    ) throws(RapportError) {
        let report = options.redact ? Redactor(key: options.redactionKey).redact(report) : report
        let failure: RapportError? = withoutActuallyEscaping(write) { sink in
            var out = ChunkedOutput(sink: sink)
            do throws(RapportError) {
                switch format {
                case .table: TableRenderer(options: options).render(report, into: &out)
                case .json: try JSONRenderer.render(report, into: &out)
                case .ndjson: try NDJSONRenderer.render(report, into: &out)
                case .csv: CSVRenderer.render(report, into: &out)
                case .html: HTMLRenderer(options: options).render(report, into: &out)
                }
            } catch {
                return error
            }
            out.flush()
            return nil
        }
        if let failure { throw failure }
    }
}

/// Collects text and hands it to a sink in chunks.
struct ChunkedOutput {
    private var buffer = ""
    private let sink: (String) -> Void
    static let chunk = 1 << 16

    init(sink: @escaping (String) -> Void) {
        self.sink = sink
        buffer.reserveCapacity(Self.chunk + 1024)
    }

    mutating func write(_ s: String) {
        buffer += s
        if buffer.utf8.count >= Self.chunk { flush() }
    }

    mutating func line(_ s: String = "") {
        write(s)
        write("\n")
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        sink(buffer)
        buffer = ""
        buffer.reserveCapacity(Self.chunk + 1024)
    }
}

/// The provenance block every format prints, as ordered key/value pairs.
public enum Provenance {
    /// Problems listed in the header of table, CSV and HTML reports.
    static let problemsShown = 5

    static func pairs(_ r: AnalysisReport) -> [(String, String)] {
        var p: [(String, String)] = [
            ("generator", r.generator),
            ("schema_version", String(r.schemaVersion)),
            ("as_of", r.asOf?.iso8601 ?? "-"),
        ]
        for group in inputGroups(r.inputs) {
            if group.count == 1, let input = group.first {
                p.append(("input", "\(input.path) (\(formatName(input.format))): \(input.summary.line)"))
            } else if let first = group.first {
                var merged = IngestSummary()
                for input in group { merged.merge(input.summary) }
                let folder = parentFolder(first.path)
                p.append(("input", "\(folder) (\(group.count) \(formatName(first.format)) inputs): \(merged.line)"))
            }
        }
        p.append(("counts", r.summary.line))
        // What went wrong where (file, byte offset, reason): the first few; JSON has the whole capped list.
        for problem in r.summary.problems.prefix(Self.problemsShown) { p.append(("problem", problem)) }
        if r.summary.problems.count > Self.problemsShown {
            p.append(("problem", "\(r.summary.problems.count - Self.problemsShown) more in --format json"))
        }
        if let a = r.analysis { p.append(("analysis", analysisLine(a))) }
        for note in r.notes ?? [] { p.append(("note", note)) }
        p.append(("us", usLine(r.us)))
        p.append(("config_hash", r.configHash))
        p.append(("lexicon_hash", r.lexiconHash))
        return p
    }

    /// How an input's format reads in the `input` lines: the format's name, except `olm`, which is
    /// "Outlook for Mac" (read by the mail reader, but not an mbox).
    static func formatName(_ format: String) -> String { format == "olm" ? "Outlook for Mac" : format }

    /// The `analysis` line: `received 59, used 55, not used 4 (automated 3, internal 1)`.
    public static func analysisLine(_ a: AnalysisCounts) -> String {
        var line = "received \(a.received), used \(a.used), not used \(a.received - a.used)"
        if !a.notUsed.isEmpty { line += " (" + Fmt.counts(a.notUsed) + ")" }
        return line
    }

    /// The lines that say what was read, used and skipped, as the `analyze` table's header prints them
    /// (`Counts:`, `Analysis:`, then the notes): for other commands' text output (`rapport thread`).
    public static func countLines(summary: IngestSummary, analysis: AnalysisCounts?, notes: [String]?) -> [String] {
        func line(_ label: String, _ value: String) -> String {
            DisplayWidth.pad(label + ":", to: 14) + Sanitize.line(value)
        }
        var lines = [line("Counts", summary.line)]
        if let analysis { lines.append(line("Analysis", analysisLine(analysis))) }
        for note in notes ?? [] { lines.append(line("Note", note)) }
        return lines
    }

    /// Inputs listed one per line, except runs of more than `collapseAbove` consecutive inputs of one
    /// format in one folder (a folder of saved `.eml` files, Apple Mail `.emlx` messages, ticket pages),
    /// which print as one line with their summed counts. JSON keeps every input.
    static let collapseAbove = 8

    static func inputGroups(_ inputs: [InputRecord]) -> [[InputRecord]] {
        var runs: [[InputRecord]] = []
        for input in inputs {
            if let last = runs.last?.last, last.format == input.format,
                parentFolder(last.path) == parentFolder(input.path)
            {
                runs[runs.count - 1].append(input)
            } else {
                runs.append([input])
            }
        }
        return runs.flatMap { $0.count > collapseAbove ? [$0] : $0.map { [$0] } }
    }

    static func parentFolder(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "./" }
        return String(path[...slash])
    }

    static func usLine(_ us: Us) -> String {
        var s = us.explanation
        var parts: [String] = []
        if !us.identities.isEmpty { parts.append("identities: " + us.sortedIdentities.joined(separator: ", ")) }
        if !us.internalDomains.isEmpty { parts.append("domains: " + us.sortedDomains.joined(separator: ", ")) }
        if !us.slackTeams.isEmpty { parts.append("Slack teams: " + us.sortedSlackTeams.joined(separator: ", ")) }
        if !parts.isEmpty { s += " [" + parts.joined(separator: "; ") + "]" }
        return s
    }
}

/// Removes what could take over a terminal or reorder text: C0/C1 controls (incl. ESC), DEL and
/// bidirectional overrides/isolates; newlines and tabs become spaces.
public enum Sanitize {
    public static func line(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isUnsafe) else { return s }
        var out = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            if c == "\n" || c == "\t" || c == "\r" {
                out.append(" ")
            } else if !isUnsafe(c) {
                out.append(c)
            }
        }
        return String(out)
    }

    static func isUnsafe(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v)
            || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F
    }
}
