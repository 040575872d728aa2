import ArgumentParser
import Foundation
import RapportAnalysis
import RapportCore
import RapportReport

/// `rapport warnings PATH...`: the early warnings that hold as of the analysis instant, as a table or
/// JSON; exit status 4 when any is act-level (for cron).
struct WarningsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warnings", abstract: "List cold-tone early warnings (exit 4 when any is act-level).",
        discussion: """
            Runs the analysis pipeline and lists the warnings that still hold as of --as-of (default: the \
            newest message), act first, then by date, contact and rule. Thresholds come from the "warnings" \
            section of --config (see docs/warnings.md). Exit status: 0 no act-level warning, 4 at least one.
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var selection: SelectionOptions

    @Option(name: .customLong("format"), help: "Output format: table or json.")
    var format: String = "table"

    @Flag(name: .customLong("redact"), help: "Drop quoted text from evidence.")
    var redact = false

    func validate() throws {
        guard format == "table" || format == "json" else { throw ValidationError("--format must be table or json") }
        guard !input.paths.isEmpty else { throw ValidationError("give at least one PATH") }
    }

    func run() throws {
        let result: AnalysisRun.Result
        do {
            result = try AnalysisRun.run(input: input, analysis: analysis)
        } catch {
            throw Failure.report(error)
        }
        var warnings = WarningEngine.sorted(try selection.apply(to: result.report).warnings)
        if redact {
            for i in warnings.indices {
                for j in warnings[i].evidence.indices { warnings[i].evidence[j].quote = nil }
            }
        }
        let text: String
        if format == "json" {
            text = try Self.json(
                warnings, asOf: result.report.asOf, summary: result.report.summary, analysis: result.report.analysis)
        } else {
            text = Self.table(warnings) + "\n" + Self.countLines(result.report.summary, result.report.analysis)
        }
        Console.write(text)
        Console.flush()
        let act = warnings.filter { $0.severity == .act }.count
        Console.error("rapport: \(warnings.count) warnings (\(act) act)")
        if act > 0 { throw ExitCode(4) }
    }

    /// What the warnings were computed from, as the analyze report's header says it: messages read / used /
    /// skipped with reasons, and what analysis used.
    static func countLines(_ summary: IngestSummary, _ analysis: AnalysisCounts?) -> String {
        var s = "Counts:   " + summary.line + "\n"
        if let a = analysis {
            s += "Analysis: received \(a.received), used \(a.used), not used \(a.received - a.used)"
            if !a.notUsed.isEmpty {
                s +=
                    " (" + a.notUsed.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                    + ")"
            }
            s += "\n"
        }
        return s
    }

    /// `{"analysis": …, "asOf": …, "summary": …, "warnings": [...]}` with sorted keys; `summary` and
    /// `analysis` are the analyze report's (IngestSummary, AnalysisCounts).
    static func json(
        _ warnings: [Warning], asOf: Timestamp?, summary: IngestSummary, analysis: AnalysisCounts?
    ) throws -> String {
        struct Out: Encodable {
            var analysis: AnalysisCounts?
            var asOf: Timestamp?
            var summary: IngestSummary
            var warnings: [Warning]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let out = Out(analysis: analysis, asOf: asOf, summary: summary, warnings: warnings)
        do {
            return String(decoding: try encoder.encode(out), as: UTF8.self) + "\n"
        } catch {
            throw Failure.report(RapportError(.io, "JSON encoding failed: \(error)"))
        }
    }

    /// A plain table: rule, severity, contact, account, date, summary, evidence ids.
    static func table(_ warnings: [Warning]) -> String {
        guard !warnings.isEmpty else { return "No warnings.\n" }
        let header = ["RULE", "SEVERITY", "CONTACT", "ACCOUNT", "DATE", "SUMMARY", "EVIDENCE"]
        // Contact ids, summaries and message ids come from the input: no control characters to the terminal.
        let rows = warnings.map { w in
            [
                w.rule, w.severity.rawValue, w.contact, w.account ?? "-", w.raisedAt.local.dayKey, w.summary,
                w.evidence.map(\.messageID).joined(separator: ","),
            ].map(Sanitize.line)
        }
        // Pad every column but the last two (summary and evidence can be long).
        var widths = Array(repeating: 0, count: header.count)
        for row in [header] + rows {
            for (k, cell) in row.enumerated() { widths[k] = max(widths[k], cell.count) }
        }
        var out = ""
        for row in [header] + rows {
            var line = ""
            for (k, cell) in row.enumerated() {
                if k < row.count - 2 {
                    line += cell + String(repeating: " ", count: widths[k] - cell.count + 2)
                } else if k == row.count - 2 {
                    line += cell + "  "
                } else {
                    line += cell
                }
            }
            out += line + "\n"
        }
        return out
    }
}
