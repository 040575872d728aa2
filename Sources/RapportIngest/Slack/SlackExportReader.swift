public import RapportCore

/// Reads a Slack workspace export (folder or .zip).
public struct SlackExportReader: SourceReader {
    public init() {}

    public func canRead(path: String, isDirectory: Bool, head: [UInt8]) -> Bool { false }

    public func read(
        path: String, options: IngestOptions, summary: inout IngestSummary, evidence: inout UsEvidence,
        emit: (Message) throws(RapportError) -> Void
    ) throws(RapportError) {
        throw RapportError(.notImplemented, "Slack export ingestion is not built yet", file: path)
    }
}
