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

    public init(color: Bool = false, redact: Bool = false) {
        self.color = color
        self.redact = redact
    }
}

/// Renders an ``AnalysisReport`` in a format.
public enum Renderer {
    public static func render(
        _ report: AnalysisReport, format: ReportFormat, options: RenderOptions = RenderOptions()
    )
        throws(RapportError) -> String
    {
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            do {
                return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
            } catch {
                throw RapportError(.io, "JSON encoding failed: \(error)")
            }
        default:
            throw RapportError(.notImplemented, "the \(format.rawValue) report format is not built yet")
        }
    }
}
