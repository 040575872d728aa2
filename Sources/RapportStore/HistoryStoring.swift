public import RapportAnalysis
public import RapportCore

/// The history store's interface, implemented by the embedded SQLite ``HistoryStore`` (the default) and
/// by `PostgresHistoryStore` (module RapportStorePostgres: a shared store for a team).
///
/// Contract for every backend: a message is stored once per ``HistoryStore/sourceKey(_:)`` however many
/// imports (or concurrent workers) bring it; imports write in batches, one transaction each; reads are
/// in a deterministic order.
public protocol HistoryStoring: AnyObject, Sendable {
    /// Where the store lives (a file path or a connection URL without password).
    var location: String { get }

    /// Starts a push-style import for callback-driven ingestion: ``HistoryImporting/add(_:)`` per
    /// message, ``HistoryImporting/finish()`` at the end; batches of `batchSize`, one transaction each.
    func openImport(source: String, batchSize: Int, now: Timestamp?) throws(RapportError) -> any HistoryImporting

    /// Number of stored messages.
    func messageCount() throws(RapportError) -> Int

    /// Stored messages, oldest first (undated last), ties by source key.
    func forEachMessage(_ body: (Message) throws(RapportError) -> Void) throws(RapportError)

    /// Imports so far, oldest first.
    func imports() throws(RapportError) -> [ImportRecord]

    /// Records one analysis run with a snapshot per account and contact; returns the run id.
    func recordRun(report: AnalysisReport, recordedAt: Timestamp?) throws(RapportError) -> Int64

    /// Runs recorded so far, oldest first.
    func runs() throws(RapportError) -> [RunRecord]

    /// Snapshots of a contact or account, oldest run first.
    func history(of id: String) throws(RapportError) -> [Snapshot]
}

/// A running push-style import (``HistoryStoring/openImport(source:batchSize:now:)``). Not thread-safe:
/// one importer per worker.
public protocol HistoryImporting: AnyObject {
    /// Counts of the batches committed so far.
    var result: ImportResult { get }

    /// Queues a message; writes the batch (one transaction) when it is full.
    func add(_ message: Message) throws(RapportError)

    /// Writes what is queued and marks the import finished.
    @discardableResult
    func finish() throws(RapportError) -> ImportResult
}

extension HistoryStoring {
    /// Starts a push-style import (see ``openImport(source:batchSize:now:)``), batches of 500 by default.
    public func openImport(
        source: String, batchSize: Int = 500
    ) throws(RapportError) -> any HistoryImporting {
        try openImport(source: source, batchSize: batchSize, now: nil)
    }

    /// Imports messages pulled from `next` (`nil` ends) in batches of `batchSize`, one transaction each;
    /// messages whose source key is stored already (by any import, including concurrent ones) are counted
    /// as duplicates. When `next` or a batch fails, that batch is rolled back, earlier batches stay
    /// committed, and the error says how much was kept; importing again continues where it stopped.
    @discardableResult
    public func importMessages(
        source: String, batchSize: Int = 500, now: Timestamp? = nil,
        next: () throws(RapportError) -> Message?
    ) throws(RapportError) -> ImportResult {
        let importer = try openImport(source: source, batchSize: batchSize, now: now)
        do throws(RapportError) {
            while let m = try next() { try importer.add(m) }
            return try importer.finish()
        } catch {
            let kept = importer.result
            throw RapportError(
                error.code,
                "import interrupted after \(kept.new + kept.duplicate) messages in \(kept.batches) committed "
                    + "batches (\(kept.new) new); the failing batch was rolled back: \(error.description)",
                file: location, remedy: "fix the cause and import again: committed messages count as duplicates")
        }
    }

    /// Imports a sequence of messages (see ``importMessages(source:batchSize:now:next:)``).
    @discardableResult
    public func importAll(
        _ messages: some Sequence<Message>, source: String, batchSize: Int = 500, now: Timestamp? = nil
    ) throws(RapportError) -> ImportResult {
        var iterator = messages.makeIterator()
        return try importMessages(source: source, batchSize: batchSize, now: now) { () throws(RapportError) in
            iterator.next()
        }
    }

    /// Every stored message in the order of ``forEachMessage(_:)``.
    public func storedMessages() throws(RapportError) -> [Message] {
        var all: [Message] = []
        try forEachMessage { all.append($0) }
        return all
    }
}

extension HistoryStore: HistoryStoring {
    public var location: String { path }

    public func openImport(
        source: String, batchSize: Int, now: Timestamp?
    ) throws(RapportError) -> any HistoryImporting {
        try beginImport(source: source, batchSize: batchSize, now: now)
    }
}

// Public factories (the memberwise initializers are internal), for other backends.

extension ImportRecord {
    public static func make(
        id: Int64, source: String, startedAt: String, finishedAt: String?, new: Int, duplicate: Int
    ) -> ImportRecord {
        ImportRecord(
            id: id, source: source, startedAt: startedAt, finishedAt: finishedAt, new: new, duplicate: duplicate)
    }
}

extension RunRecord {
    public static func make(
        id: Int64, recordedAt: String, asOf: Timestamp?, generator: String, configHash: String, lexiconHash: String,
        snapshots: Int
    ) -> RunRecord {
        RunRecord(
            id: id, recordedAt: recordedAt, asOf: asOf, generator: generator, configHash: configHash,
            lexiconHash: lexiconHash, snapshots: snapshots)
    }
}

extension Snapshot {
    public static func make(
        runID: Int64, recordedAt: String, asOf: Timestamp?, kind: SubjectKind, subjectID: String, name: String,
        accountID: String?, level: Int, points: Double, confidence: Double, messagesIn: Int, messagesOut: Int,
        configHash: String, lexiconHash: String
    ) -> Snapshot {
        Snapshot(
            runID: runID, recordedAt: recordedAt, asOf: asOf, kind: kind, subjectID: subjectID, name: name,
            accountID: accountID, level: level, points: points, confidence: confidence, messagesIn: messagesIn,
            messagesOut: messagesOut, configHash: configHash, lexiconHash: lexiconHash)
    }
}

extension Timestamp {
    /// The current instant in UTC (for other backends).
    public static func nowUTC() -> Timestamp { currentUTC() }
}
