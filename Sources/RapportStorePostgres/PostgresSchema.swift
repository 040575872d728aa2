import PostgresNIO
import RapportCore

extension PostgresHistoryStore {
    /// The schema version this build writes; a store with a higher one is refused.
    static let schemaVersion: Int64 = 1

    /// Key of the transaction-level advisory lock that serializes schema creation between workers
    /// (`CREATE TABLE IF NOT EXISTS` alone races on the catalog when two sessions run it at once).
    static let schemaLockKey: Int64 = 7_270_301

    /// Creates the schema (when the URL names one) and the tables if missing, in one transaction under
    /// the advisory lock, and points the session's `search_path` at the schema.
    ///
    /// Same tables as the SQLite store, prefixed `rapport_`. `source_key` uses the "C" collation, so
    /// uniqueness and read order are bytewise whatever the database's locale (as in SQLite).
    func migrate() throws(RapportError) {
        let schema = url.schema
        try guarded("creating the tables") {
            if let schema {
                // Validated by PostgresURL: [a-z0-9_]{1,63}, so it needs no quoting.
                try query(PostgresQuery(unsafeSQL: "SET search_path TO \(schema)"))
            }
            let version: Int64 = try transaction {
                try query("SELECT pg_advisory_xact_lock(\(Self.schemaLockKey))")
                if let schema { try query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)")) }
                for statement in Self.ddl { try query(PostgresQuery(unsafeSQL: statement)) }
                try query(
                    """
                    INSERT INTO rapport_meta (key, value) VALUES ('schema_version', \(String(Self.schemaVersion)))
                    ON CONFLICT (key) DO NOTHING
                    """)
                let rows = try query("SELECT value FROM rapport_meta WHERE key = 'schema_version'")
                return rows.first.flatMap { try? Int64($0.decode(String.self)) } ?? 0
            }
            if version > Self.schemaVersion {
                throw RapportError(
                    .invalidConfiguration,
                    "the store has schema version \(version); this rapport reads up to \(Self.schemaVersion)",
                    file: location, remedy: "use a newer rapport for this store")
            }
        }
    }

    static let ddl: [String] = [
        """
        CREATE TABLE IF NOT EXISTS rapport_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS rapport_import (
            id BIGSERIAL PRIMARY KEY,
            source TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            new_count BIGINT NOT NULL DEFAULT 0,
            duplicate_count BIGINT NOT NULL DEFAULT 0)
        """,
        """
        CREATE TABLE IF NOT EXISTS rapport_message (
            id BIGSERIAL PRIMARY KEY,
            source_key TEXT COLLATE "C" NOT NULL UNIQUE,
            import_id BIGINT NOT NULL REFERENCES rapport_import(id),
            kind TEXT NOT NULL,
            date_seconds BIGINT,
            thread TEXT NOT NULL,
            from_id TEXT NOT NULL,
            body TEXT NOT NULL)
        """,
        """
        CREATE INDEX IF NOT EXISTS rapport_message_order ON rapport_message (date_seconds, source_key)
        """,
        """
        CREATE TABLE IF NOT EXISTS rapport_run (
            id BIGSERIAL PRIMARY KEY,
            recorded_at TEXT NOT NULL,
            as_of TEXT,
            as_of_seconds BIGINT,
            generator TEXT NOT NULL,
            schema_version BIGINT NOT NULL,
            config_hash TEXT NOT NULL,
            lexicon_hash TEXT NOT NULL,
            provenance TEXT NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS rapport_snapshot (
            run_id BIGINT NOT NULL REFERENCES rapport_run(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            subject_id TEXT NOT NULL,
            name TEXT NOT NULL,
            account_id TEXT,
            level BIGINT NOT NULL,
            points DOUBLE PRECISION NOT NULL,
            confidence DOUBLE PRECISION NOT NULL,
            messages_in BIGINT NOT NULL,
            messages_out BIGINT NOT NULL,
            PRIMARY KEY (run_id, kind, subject_id))
        """,
        """
        CREATE INDEX IF NOT EXISTS rapport_snapshot_subject ON rapport_snapshot (subject_id)
        """,
    ]
}
