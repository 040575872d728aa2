public import RapportCore

/// Reads mail: mbox (plain or gzip), single `.eml` files and maildir folders.
public struct MailReader: SourceReader {
    public var format: InputFormat

    public init(format: InputFormat) { self.format = format }

    public func canRead(path: String, isDirectory: Bool, head: [UInt8]) -> Bool { false }

    public func read(
        path: String, options: IngestOptions, summary: inout IngestSummary, evidence: inout UsEvidence,
        emit: (Message) throws(RapportError) -> Void
    ) throws(RapportError) {
        throw RapportError(.notImplemented, "mail ingestion (mbox, .eml, maildir) is not built yet", file: path)
    }
}
