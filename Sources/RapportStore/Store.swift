import Foundation
import GRDB
public import RapportAnalysis
public import RapportCore

/// Local history: every imported message (deduplicated by source identity) and a score snapshot per
/// run, per account and contact, in one SQLite file (GRDB).
///
/// Durability: messages are imported in batches, one transaction each, so an interrupted import keeps
/// every committed batch and nothing of the failed one; importing the same input again only adds what
/// is missing (the rest counts as duplicates). A run row is written in the same transaction as all
/// its snapshots, so a run is either complete or absent. Schema changes go through
/// `DatabaseMigrator` migrations (`v1`, …).
public final class HistoryStore: Sendable {
    /// The database file.
    public let path: String
    let db: DatabaseQueue

    /// Opens (creating it and its directory if needed) and migrates the store at `path`.
    public init(path: String) throws(RapportError) {
        self.path = path
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty && !FileManager.default.fileExists(atPath: dir) {
            do {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            } catch {
                throw RapportError(
                    .io, "cannot create the history store directory: \(error.localizedDescription)", file: dir,
                    remedy: "pass a writable --store-path or set RAPPORT_STORE")
            }
        }
        var config = Configuration()
        config.busyMode = .timeout(5)
        config.foreignKeysEnabled = true
        // Write-ahead log, synced at checkpoints only: an import commits a transaction per 500 messages, and
        // with the default rollback journal each commit waited for several fsyncs (a third of a 200 k-message
        // import's time). A power cut can lose the last batches of an import, never corrupt the store; an
        // import that did not finish is continued by importing again (duplicates are skipped).
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            db = try DatabaseQueue(path: path, configuration: config)
            try Self.migrator.migrate(db)
        } catch {
            throw RapportError(
                .system, "cannot open the history store: \(error)", file: path,
                remedy: "check the path, or move a damaged file away and start a new store")
        }
    }

    // MARK: Location

    /// `$RAPPORT_STORE`, else `$XDG_DATA_HOME/rapport/history.sqlite` (absolute paths only, per the XDG
    /// spec), else `~/.local/share/rapport/history.sqlite`.
    public static func defaultPath(environment: [String: String]? = nil) -> String {
        let env = environment ?? ProcessInfo.processInfo.environment
        if let p = env["RAPPORT_STORE"], !p.isEmpty { return p }
        if let x = env["XDG_DATA_HOME"], x.hasPrefix("/") { return x + "/rapport/history.sqlite" }
        let home = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/rapport/history.sqlite"
    }

    /// `--store-path` when given, else ``defaultPath(environment:)``.
    public static func resolvePath(
        flag: String?, environment: [String: String]? = nil
    ) -> String {
        if let flag, !flag.isEmpty { return flag }
        return defaultPath(environment: environment)
    }

    // MARK: Schema

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE import (
                        id INTEGER PRIMARY KEY,
                        source TEXT NOT NULL,
                        started_at TEXT NOT NULL,
                        finished_at TEXT,
                        new_count INTEGER NOT NULL DEFAULT 0,
                        duplicate_count INTEGER NOT NULL DEFAULT 0
                    );
                    CREATE TABLE message (
                        id INTEGER PRIMARY KEY,
                        source_key TEXT NOT NULL UNIQUE,
                        import_id INTEGER NOT NULL REFERENCES import(id),
                        kind TEXT NOT NULL,
                        date_seconds INTEGER,
                        thread TEXT NOT NULL,
                        from_id TEXT NOT NULL,
                        body TEXT NOT NULL
                    );
                    CREATE INDEX message_order ON message(date_seconds, source_key);
                    CREATE TABLE run (
                        id INTEGER PRIMARY KEY,
                        recorded_at TEXT NOT NULL,
                        as_of TEXT,
                        as_of_seconds INTEGER,
                        generator TEXT NOT NULL,
                        schema_version INTEGER NOT NULL,
                        config_hash TEXT NOT NULL,
                        lexicon_hash TEXT NOT NULL,
                        provenance TEXT NOT NULL
                    );
                    CREATE TABLE snapshot (
                        run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                        kind TEXT NOT NULL,
                        subject_id TEXT NOT NULL,
                        name TEXT NOT NULL,
                        account_id TEXT,
                        level INTEGER NOT NULL,
                        points REAL NOT NULL,
                        confidence REAL NOT NULL,
                        messages_in INTEGER NOT NULL,
                        messages_out INTEGER NOT NULL,
                        PRIMARY KEY (run_id, kind, subject_id)
                    );
                    CREATE INDEX snapshot_subject ON snapshot(subject_id);
                    """)
        }
        return m
    }

    // MARK: Messages

    /// The deduplication key of a message: `mail:<Message-ID>` (the same mail from mbox, maildir or
    /// .eml is one message), `mail-id:<id>` for mail without a Message-ID (the reader's stable hash),
    /// `slack:<channel>/<ts>`, `ticket:<ticket>#<entry>`.
    public static func sourceKey(_ m: Message) -> String {
        switch m.source {
        case .mbox, .eml, .maildir:
            if let mid = m.messageID, !mid.isEmpty { return "mail:" + mid }
            return "mail-id:" + m.id
        case .slack: return "slack:" + m.id
        case .ticket: return "ticket:" + m.id
        }
    }

    /// Imports messages in batches of `batchSize`, one transaction per batch; duplicates (by
    /// ``sourceKey(_:)``) are counted, not stored again. `source` labels the import (e.g. the input path).
    @discardableResult
    public func importMessages(
        _ messages: some Sequence<Message>, source: String, batchSize: Int = 500, now: Timestamp? = nil
    ) throws(RapportError) -> ImportResult {
        var iterator = messages.makeIterator()
        return try importMessages(source: source, batchSize: batchSize, now: now) { () throws(RapportError) in
            iterator.next()
        }
    }

    /// Inserts one message unless its source key is stored already; true when it was new.
    static func insert(_ m: Message, importID: Int64, db: Database, encoder: JSONEncoder) throws -> Bool {
        let key = sourceKey(m)
        // A message stored before is not encoded again (importing the same export twice is common).
        let known = try db.cachedStatement(sql: "SELECT 1 FROM message WHERE source_key = ?")
        if try Int.fetchOne(known, arguments: [key]) != nil { return false }
        let statement = try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO message (source_key, import_id, kind, date_seconds, thread, from_id, body)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        let body = String(decoding: try encoder.encode(m), as: UTF8.self)
        try statement.execute(arguments: [
            key, importID, m.source.rawValue, m.date?.seconds, m.thread, m.from.id, body,
        ])
        return db.changesCount > 0
    }

    static func count(importID: Int64, new: Int, duplicate: Int, finished: Timestamp?, db: Database) throws {
        try db.execute(
            sql: """
                UPDATE import SET new_count = new_count + ?, duplicate_count = duplicate_count + ?,
                finished_at = ? WHERE id = ?
                """,
            arguments: [new, duplicate, finished?.iso8601, importID])
    }

    /// Starts a push-style import for callback-driven ingestion (`Ingestor.ingest(…, emit:)`): call
    /// ``Importer/add(_:)`` per message and ``Importer/finish()`` at the end. Messages are written in
    /// batches of `batchSize`, one transaction each; a batch not yet written when the import stops is
    /// not stored (importing again continues).
    public func beginImport(
        source: String, batchSize: Int = 500, now: Timestamp? = nil
    ) throws(RapportError)
        -> Importer
    {
        let now = now ?? .currentUTC()
        let importID: Int64 = try guarded("starting an import") {
            try db.write { db in
                try db.execute(
                    sql: "INSERT INTO import (source, started_at) VALUES (?, ?)", arguments: [source, now.iso8601])
                return db.lastInsertedRowID
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Importer(importID: importID, batchSize: batchSize, now: now) {
            (batch, finished) throws(RapportError) in
            try self.writeBatch(batch, importID: importID, finished: finished, encoder: encoder)
        }
    }

    /// A running push-style import (see ``HistoryStore/beginImport(source:batchSize:now:)``). Not thread-safe.
    public typealias Importer = BatchedImport

    /// Commits one import batch in one transaction; returns how many were new and how many duplicates.
    private func writeBatch(
        _ batch: [Message], importID: Int64, finished: Timestamp?, encoder: JSONEncoder
    ) throws(RapportError) -> (new: Int, duplicate: Int) {
        try guarded("writing a batch of \(batch.count) messages") {
            try db.write { db -> (Int, Int) in
                var new = 0
                var duplicate = 0
                for m in batch {
                    if try HistoryStore.insert(m, importID: importID, db: db, encoder: encoder) {
                        new += 1
                    } else {
                        duplicate += 1
                    }
                }
                try HistoryStore.count(importID: importID, new: new, duplicate: duplicate, finished: finished, db: db)
                return (new, duplicate)
            }
        }
    }

    /// Number of stored messages.
    public func messageCount() throws(RapportError) -> Int {
        try guarded("counting messages") {
            try db.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM message") ?? 0 }
        }
    }

    /// Every stored message, oldest first (undated last), ties by source key — so analysis can run over
    /// everything stored.
    public func allMessages() throws(RapportError) -> [Message] {
        var all: [Message] = []
        try forEachMessage { all.append($0) }
        return all
    }

    /// Streams stored messages in the order of ``allMessages()`` without loading them all.
    public func forEachMessage(_ body: (Message) throws(RapportError) -> Void) throws(RapportError) {
        let decoder = JSONDecoder()
        try guarded("reading messages") {
            try db.read { db in
                let rows = try Row.fetchCursor(
                    db,
                    sql: "SELECT source_key, body FROM message ORDER BY date_seconds IS NULL, date_seconds, source_key")
                while let row = try rows.next() {
                    let text: String = row["body"]
                    let message: Message
                    do {
                        message = try decoder.decode(Message.self, from: Data(text.utf8))
                    } catch {
                        let key: String = row["source_key"]
                        throw RapportError(
                            .malformedInput, "a stored message cannot be decoded: \(error)", file: path, messageID: key,
                            remedy: "the store may come from a newer rapport; re-import the inputs into a new store")
                    }
                    try body(message)
                }
            }
        }
    }

    /// Imports so far, oldest first.
    public func imports() throws(RapportError) -> [ImportRecord] {
        try guarded("reading imports") {
            try db.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM import ORDER BY id").map { row in
                    ImportRecord(
                        id: row["id"], source: row["source"], startedAt: row["started_at"],
                        finishedAt: row["finished_at"],
                        new: row["new_count"], duplicate: row["duplicate_count"])
                }
            }
        }
    }

    // MARK: Runs

    /// Records one analysis run: a run row plus a snapshot per account and contact (unaffiliated
    /// contacts included), in one transaction. Returns the run id.
    @discardableResult
    public func recordRun(report: AnalysisReport, recordedAt: Timestamp? = nil) throws(RapportError) -> Int64 {
        let recordedAt = recordedAt ?? .currentUTC()
        let provenance = try RunProvenance.json(report)
        return try guarded("recording a run") {
            try db.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO run (recorded_at, as_of, as_of_seconds, generator, schema_version, config_hash,
                        lexicon_hash, provenance) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        recordedAt.iso8601, report.asOf?.iso8601, report.asOf?.seconds, report.generator,
                        report.schemaVersion, report.configHash, report.lexiconHash, provenance,
                    ])
                let runID = db.lastInsertedRowID
                let insert = try db.cachedStatement(
                    sql: """
                        INSERT INTO snapshot (run_id, kind, subject_id, name, account_id, level, points, confidence,
                        messages_in, messages_out) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                func contact(_ c: ContactResult) throws {
                    try insert.execute(arguments: [
                        runID, SubjectKind.contact.rawValue, c.id, c.displayName, c.account, c.score.level,
                        c.score.points,
                        c.score.confidence, c.dynamics.messagesIn, c.dynamics.messagesOut,
                    ])
                }
                for a in report.accounts {
                    let messagesIn = a.contacts.reduce(0) { $0 + $1.dynamics.messagesIn }
                    let messagesOut = a.contacts.reduce(0) { $0 + $1.dynamics.messagesOut }
                    try insert.execute(arguments: [
                        runID, SubjectKind.account.rawValue, a.id, a.name, a.id, a.score.level, a.score.points,
                        a.score.confidence, messagesIn, messagesOut,
                    ])
                    for c in a.contacts { try contact(c) }
                }
                for c in report.unaffiliated { try contact(c) }
                return runID
            }
        }
    }

    /// Runs recorded so far, oldest first.
    public func runs() throws(RapportError) -> [RunRecord] {
        try guarded("reading runs") {
            try db.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT run.*, (SELECT COUNT(*) FROM snapshot WHERE run_id = run.id) AS snapshots
                        FROM run ORDER BY id
                        """
                ).map { row in
                    RunRecord(
                        id: row["id"], recordedAt: row["recorded_at"],
                        asOf: (row["as_of"] as String?).flatMap(Timestamp.init(iso8601:)),
                        generator: row["generator"], configHash: row["config_hash"], lexiconHash: row["lexicon_hash"],
                        snapshots: row["snapshots"])
                }
            }
        }
    }

    /// Snapshots of a contact or account (by id; case-insensitive), oldest run first (by as-of, then
    /// run id), so trends span exports.
    public func history(of id: String) throws(RapportError) -> [Snapshot] {
        try guarded("reading history") {
            try db.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT s.*, r.recorded_at, r.as_of, r.config_hash, r.lexicon_hash
                        FROM snapshot s JOIN run r ON r.id = s.run_id
                        WHERE s.subject_id = ? OR s.subject_id = ?
                        ORDER BY r.as_of_seconds IS NULL, r.as_of_seconds, r.id, s.kind
                        """, arguments: [id, id.lowercased()]
                ).map { row in
                    Snapshot(
                        runID: row["run_id"], recordedAt: row["recorded_at"],
                        asOf: (row["as_of"] as String?).flatMap(Timestamp.init(iso8601:)),
                        kind: SubjectKind(rawValue: row["kind"]) ?? .contact, subjectID: row["subject_id"],
                        name: row["name"], accountID: row["account_id"], level: row["level"], points: row["points"],
                        confidence: row["confidence"], messagesIn: row["messages_in"], messagesOut: row["messages_out"],
                        configHash: row["config_hash"], lexiconHash: row["lexicon_hash"])
                }
            }
        }
    }

    // MARK: Errors

    func guarded<T>(_ what: String, _ body: () throws -> T) throws(RapportError) -> T {
        do {
            return try body()
        } catch let error as RapportError {
            throw error
        } catch {
            throw RapportError(.system, "history store: \(what) failed: \(error)", file: path)
        }
    }
}

/// What one import did.
public struct ImportResult: Sendable, Hashable, Codable {
    public var importID: Int64
    /// Messages stored for the first time.
    public var new: Int = 0
    /// Messages already stored (same source identity), not stored again.
    public var duplicate: Int = 0
    /// Committed batches.
    public var batches: Int = 0

    public init(importID: Int64, new: Int = 0, duplicate: Int = 0, batches: Int = 0) {
        self.importID = importID
        self.new = new
        self.duplicate = duplicate
        self.batches = batches
    }
}

/// One import as recorded (an unfinished import has no `finishedAt`).
public struct ImportRecord: Sendable, Hashable, Codable {
    public var id: Int64
    public var source: String
    public var startedAt: String
    public var finishedAt: String?
    public var new: Int
    public var duplicate: Int
}

/// One recorded run.
public struct RunRecord: Sendable, Hashable, Codable {
    public var id: Int64
    public var recordedAt: String
    public var asOf: Timestamp?
    public var generator: String
    public var configHash: String
    public var lexiconHash: String
    public var snapshots: Int
}

public enum SubjectKind: String, Sendable, Hashable, Codable {
    case account, contact
}

/// A contact's or account's score in one run.
public struct Snapshot: Sendable, Hashable, Codable {
    public var runID: Int64
    public var recordedAt: String
    public var asOf: Timestamp?
    public var kind: SubjectKind
    public var subjectID: String
    public var name: String
    public var accountID: String?
    public var level: Int
    public var points: Double
    public var confidence: Double
    public var messagesIn: Int
    public var messagesOut: Int
    public var configHash: String
    public var lexiconHash: String
}

extension Timestamp {
    /// The current instant in UTC.
    static func currentUTC() -> Timestamp {
        let t = Date().timeIntervalSince1970
        let seconds = t.rounded(.down)
        return Timestamp(seconds: Int64(seconds), microseconds: Int32((t - seconds) * 1_000_000))
    }
}
