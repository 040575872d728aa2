public import RapportCore

/// Input formats Rapport reads. Detected from content; `--input-format` forces one.
public enum InputFormat: String, Sendable, CaseIterable, Codable {
    case mbox, eml, maildir, slack, html
}

/// Options shared by all readers.
public struct IngestOptions: Sendable {
    /// Force a format instead of detecting it.
    public var forcedFormat: InputFormat?
    /// Keep automated mail (auto-replies, bulk, notifications) in the output; they are always flagged.
    public var keepAutomated: Bool = true
    /// A user ticket profile (JSON) tried before the built-in ones.
    public var ticketProfilePath: String?
    /// Data directory override (lexicons, ticket profiles).
    public var dataDirectory: String?
    /// Safety limits.
    public var limits: IngestLimits = IngestLimits()
    /// Only gather ``UsEvidence`` (a first pass before "us" is known): readers that can may skip
    /// message bodies and emit nothing.
    public var evidenceOnly: Bool = false
    /// Mark each emitted automated message with the reason it is counted under in
    /// ``IngestSummary/excluded`` (``Message/exclusionAttribute``), so that analysis can take a duplicate
    /// it sets aside out of that count (see ``Ingestor/exclusionReason(of:)``). Off for `rapport ingest`,
    /// whose NDJSON stays as it was.
    public var markExclusions: Bool = false
    /// Reads only part of a Slack export (a map-stage shard; see ``Shard``). `nil` reads all of it.
    public var slackPart: SlackPart?
    /// Work done on each message on the reader's worker threads, where it was built, before it is
    /// emitted (the analysis precomputes text features there: ``Message/precomputed``). Readers without
    /// worker threads (tickets) and messages built on the emitting thread skip it, so the consumer must
    /// not depend on it having run. It may run on several threads at once, and for messages that are
    /// then dropped as duplicates; a Slack message's thread and parent are not set yet when it runs.
    /// `rapport ingest` leaves it nil.
    public var workerStage: (@Sendable (inout Message) -> Void)?

    public init(forcedFormat: InputFormat? = nil) { self.forcedFormat = forcedFormat }
}

/// Safety limits; a message or file beyond one is skipped with a reason, never a crash.
public struct IngestLimits: Sendable {
    public var maxHeaderBytes: Int = 1 << 20
    public var maxLineBytes: Int = 1 << 20
    public var maxMessageBytes: Int = 256 << 20
    public var maxMIMEDepth: Int = 32
    public var maxMIMEParts: Int = 1_000
    public var maxHTMLDepth: Int = 256
    public var maxZipEntries: Int = 1_000_000
    public var maxZipUncompressedBytes: Int64 = 64 << 30
    public var maxZipExpansionRatio: Int64 = 200
    public var maxJSONDepth: Int = 64
    /// Bytes of `message/partial` fragments held while their set is incomplete (beyond it a fragment is
    /// skipped as `partial-too-large`).
    public var maxPartialBytes: Int = 256 << 20

    public init() {}

    /// The most bytes a zip entry of `compressed` bytes may inflate to: the expansion ratio times its
    /// size, plus 1 MiB (tiny entries compress arbitrarily well); saturating, since sizes come from the
    /// archive's own (possibly hostile) headers.
    public func zipEntryCap(compressed: Int64) -> Int64 {
        let (product, overflow) = max(compressed, 1).multipliedReportingOverflow(by: max(maxZipExpansionRatio, 1))
        if overflow || product > Int64.max - (1 << 20) { return Int64.max }
        return product + (1 << 20)
    }

    /// Throws when the `count`-th entry of the zip at `file` is past ``maxZipEntries``.
    func checkZipEntryCount(_ count: Int, file: String) throws(RapportError) {
        if count > maxZipEntries {
            throw RapportError(
                .limitExceeded, "zip has more than \(maxZipEntries) entries", file: file,
                remedy: "unzip it and give the folder, or raise the limit")
        }
    }

    /// Refuses a zip entry declaring an expansion past ``maxZipExpansionRatio`` (judged past 1 MiB:
    /// tiny entries compress arbitrarily well).
    func checkZipRatio(declared: Int64, compressed: Int64, entry: String, file: String) throws(RapportError) {
        guard declared > 1 << 20 else { return }
        if declared / max(compressed, 1) > maxZipExpansionRatio {
            throw RapportError(
                .limitExceeded, "zip entry '\(entry)' expands more than \(maxZipExpansionRatio)× (zip bomb?)",
                file: file, remedy: "check the archive; unzip it yourself if it is genuine")
        }
    }
}

/// A reader turns one input (file or directory) into messages, in input order.
///
/// Readers stream: they call `emit` once per message and keep memory bounded by the largest single
/// message (plus per-thread bookkeeping), never by the input size. They count every message in
/// `summary` (`read == emitted + skipped`) and record who seems to be "us" in `evidence`.
public protocol SourceReader: Sendable {
    /// Whether this reader recognizes the input at `path` (a cheap sniff of the first bytes / layout).
    func canRead(path: String, isDirectory: Bool, head: [UInt8]) -> Bool

    func read(
        path: String, options: IngestOptions, summary: inout IngestSummary, evidence: inout UsEvidence,
        emit: (Message) throws(RapportError) -> Void
    ) throws(RapportError)
}
