import Foundation
import PostgresNIO
public import RapportCore
public import RapportStore

extension PostgresHistoryStore {
    // MARK: Import

    public func openImport(
        source: String, batchSize: Int, now: Timestamp?
    ) throws(RapportError) -> any HistoryImporting {
        let now = now ?? .nowUTC()
        let importID = try startImport(source: source, now: now)
        return BatchedImport(importID: importID, batchSize: batchSize, now: now) {
            (batch, finished) throws(RapportError) in
            try self.writeBatch(batch, importID: importID, finished: finished)
        }
    }

    /// Inserts the import's row; returns its id.
    func startImport(source: String, now: Timestamp) throws(RapportError) -> Int64 {
        let stamp = now.iso8601
        return try guarded("starting an import") {
            let rows = try query(
                "INSERT INTO rapport_import (source, started_at) VALUES (\(source), \(stamp)) RETURNING id")
            guard let row = rows.first else { throw RapportError(.system, "no import id returned", file: location) }
            return try row.decode(Int64.self)
        }
    }

    /// Writes one batch in one transaction: a single `INSERT … SELECT FROM unnest(…) ON CONFLICT
    /// (source_key) DO NOTHING` with the rows in bytewise source-key order (one lock order for every
    /// worker), then the import's counts (and `finished_at` when `finished` is given). Returns
    /// (new, duplicate).
    func writeBatch(
        _ batch: [Message], importID: Int64, finished: Timestamp?
    ) throws(RapportError) -> (Int, Int) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var rows: [(key: String, message: Message)] = batch.map { (HistoryStore.sourceKey($0), $0) }
        rows.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        var keys: [String] = []
        var kinds: [String] = []
        var dated: [Bool] = []
        var seconds: [Int64] = []
        var threads: [String] = []
        var senders: [String] = []
        var bodies: [String] = []
        for (key, m) in rows {
            let body: Data
            do {
                body = try encoder.encode(m)
            } catch {
                throw RapportError(.system, "cannot encode a message: \(error)", file: location, messageID: key)
            }
            keys.append(key)
            kinds.append(m.source.rawValue)
            dated.append(m.date != nil)
            seconds.append(m.date?.seconds ?? 0)
            threads.append(m.thread)
            senders.append(m.from.id)
            bodies.append(String(decoding: body, as: UTF8.self))
        }
        let finishedAt = finished?.iso8601
        return try guarded("writing a batch of \(batch.count) messages") {
            try transaction {
                var new = 0
                if !rows.isEmpty {
                    let inserted = try query(
                        """
                        INSERT INTO rapport_message (source_key, import_id, kind, date_seconds, thread, from_id, body)
                        SELECT u.k, \(importID), u.kind, CASE WHEN u.dated THEN u.s END, u.t, u.f, u.b
                        FROM unnest(\(keys)::text[], \(kinds)::text[], \(dated)::bool[], \(seconds)::int8[],
                            \(threads)::text[], \(senders)::text[], \(bodies)::text[])
                            WITH ORDINALITY AS u(k, kind, dated, s, t, f, b, n)
                        ORDER BY u.n
                        ON CONFLICT (source_key) DO NOTHING
                        """)
                    new = inserted.metadata.rows ?? 0
                }
                let duplicate = rows.count - new
                try query(
                    """
                    UPDATE rapport_import SET new_count = new_count + \(Int64(new)),
                    duplicate_count = duplicate_count + \(Int64(duplicate)),
                    finished_at = \(finishedAt) WHERE id = \(importID)
                    """)
                return (new, duplicate)
            }
        }
    }

    // MARK: Reads

    /// Number of stored messages.
    public func messageCount() throws(RapportError) -> Int {
        try guarded("counting messages") {
            guard let row = try query("SELECT COUNT(*) FROM rapport_message").first else { return 0 }
            return Int(try row.decode(Int64.self))
        }
    }

    /// Rows per page of ``forEachMessage(_:)``.
    static let pageSize: Int64 = 1_000

    /// Stored messages, oldest first (undated last), ties by source key (bytewise), as the SQLite store.
    /// Reads keyset pages of ``pageSize`` rows, so memory stays bounded by one page and no transaction
    /// is held while `body` runs.
    public func forEachMessage(_ body: (Message) throws(RapportError) -> Void) throws(RapportError) {
        let decoder = JSONDecoder()
        let limit = Self.pageSize
        var undated = false
        var after: (seconds: Int64, key: String)?
        while true {
            let page: [(String, Int64?, String)] = try guarded("reading messages") {
                let rows: PostgresQueryResult
                switch (undated, after) {
                case (false, nil):
                    rows = try query(
                        """
                        SELECT source_key, date_seconds, body FROM rapport_message WHERE date_seconds IS NOT NULL
                        ORDER BY date_seconds, source_key LIMIT \(limit)
                        """)
                case (false, let last?):
                    rows = try query(
                        """
                        SELECT source_key, date_seconds, body FROM rapport_message
                        WHERE date_seconds IS NOT NULL AND (date_seconds, source_key) > (\(last.seconds), \(last.key))
                        ORDER BY date_seconds, source_key LIMIT \(limit)
                        """)
                case (true, let last):
                    let key = last?.key ?? ""
                    rows = try query(
                        """
                        SELECT source_key, date_seconds, body FROM rapport_message
                        WHERE date_seconds IS NULL AND source_key > \(key)
                        ORDER BY source_key LIMIT \(limit)
                        """)
                }
                return try rows.map { try $0.decode((String, Int64?, String).self) }
            }
            for (key, _, text) in page {
                let message: Message
                do {
                    message = try decoder.decode(Message.self, from: Data(text.utf8))
                } catch {
                    throw RapportError(
                        .malformedInput, "a stored message cannot be decoded: \(error)", file: location, messageID: key,
                        remedy: "the store may come from a newer rapport; re-import the inputs into a new store")
                }
                try body(message)
            }
            if page.count < Int(limit) {
                if undated { return }
                undated = true
                after = nil
            } else if let last = page.last {
                after = (last.1 ?? 0, last.0)
            }
        }
    }

    /// Imports so far, oldest first.
    public func imports() throws(RapportError) -> [ImportRecord] {
        try guarded("reading imports") {
            try query(
                """
                SELECT id, source, started_at, finished_at, new_count, duplicate_count FROM rapport_import ORDER BY id
                """
            ).map { row in
                let (id, source, started, finished, new, duplicate) = try row.decode(
                    (Int64, String, String, String?, Int64, Int64).self)
                return ImportRecord.make(
                    id: id, source: source, startedAt: started, finishedAt: finished, new: Int(new),
                    duplicate: Int(duplicate))
            }
        }
    }
}
