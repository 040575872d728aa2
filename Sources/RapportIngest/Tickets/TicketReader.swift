public import RapportCore

/// Reads helpdesk tickets saved as HTML.
public struct TicketReader: SourceReader {
    public init() {}

    public func canRead(path: String, isDirectory: Bool, head: [UInt8]) -> Bool { false }

    public func read(
        path: String, options: IngestOptions, summary: inout IngestSummary, evidence: inout UsEvidence,
        emit: (Message) throws(RapportError) -> Void
    ) throws(RapportError) {
        throw RapportError(.notImplemented, "HTML ticket ingestion is not built yet", file: path)
    }
}
