import Foundation
import PostgresNIO
public import RapportAnalysis
public import RapportCore
public import RapportStore

/// The history store on a PostgreSQL server, shared by a team (``HistoryStore`` on SQLite stays the
/// embedded default). Same interface (``HistoryStoring``) and the same rules: a message is stored once
/// per source key (`UNIQUE` + `INSERT … ON CONFLICT DO NOTHING`), imports commit one transaction per
/// batch, so several workers importing overlapping inputs at once neither lose nor duplicate messages.
/// Each batch is inserted in source-key order, so concurrent batches take row locks in one order and
/// cannot deadlock.
///
/// One connection per store instance; calls on one instance are serialized (give each worker its own
/// instance). Tables are prefixed `rapport_` and created on first use (under an advisory lock).
public final class PostgresHistoryStore: HistoryStoring, @unchecked Sendable {
  /// The connection URL without its password.
  public let location: String
  private let connection: PostgresConnection
  private let logger = Logger(label: "rapport.store.postgres")
  private let lock = NSLock()

  /// Whether a `--store` value names a PostgreSQL server rather than an SQLite file.
  public static func isURL(_ s: String) -> Bool {
    s.hasPrefix("postgres://") || s.hasPrefix("postgresql://")
  }

  /// Connects to `url` (`postgres://user[:password]@host[:port]/database`; `?host=/socket/dir` for a
  /// unix socket, as libpq) and creates the tables if missing.
  public init(url: String) throws(RapportError) {
    let parsed = try Self.parse(url)
    location = parsed.display
    do {
      connection = try PostgresConnection.connect(
        on: MultiThreadedEventLoopGroup.singleton.any(), configuration: parsed.configuration, id: 1,
        logger: logger
      ).wait()
    } catch {
      throw RapportError(
        .io, "cannot connect to PostgreSQL: \(Self.describe(error))", file: parsed.display,
        remedy: "check that the server runs and the URL (user, host, port, database) is right")
    }
    try migrate(schema: parsed.schema)
  }

  deinit { try? connection.close().wait() }

  struct Parsed {
    var configuration: PostgresConnection.Configuration
    var display: String
    var schema: String?
  }

  static func parse(_ url: String) throws(RapportError) -> Parsed {
    guard isURL(url), let c = URLComponents(string: url) else {
      throw RapportError(
        .invalidConfiguration, "not a PostgreSQL URL", file: url,
        remedy: "use postgres://user[:password]@host[:port]/database")
    }
    let user = c.user ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
    let database = c.path.hasPrefix("/") ? String(c.path.dropFirst()) : c.path
    let port = c.port ?? 5432
    let socketDir = c.queryItems?.first { $0.name == "host" }?.value
    let configuration: PostgresConnection.Configuration
    if let dir = socketDir, dir.hasPrefix("/") {
      configuration = .init(
        unixSocketPath: dir + "/.s.PGSQL.\(port)", username: user, password: c.password,
        database: database.isEmpty ? nil : database)
    } else {
      configuration = .init(
        host: c.host ?? "localhost", port: port, username: user, password: c.password,
        database: database.isEmpty ? nil : database, tls: .disable)
    }
    let schema = c.queryItems?.first { $0.name == "schema" }?.value
    if let schema,
      schema.isEmpty
        || !schema.utf8.allSatisfy({
          ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F
        })
    {
      throw RapportError(
        .invalidConfiguration, "schema names may hold a-z, 0-9 and _ only", file: url,
        remedy: "use ?schema=rapport_team or leave it out (the public schema)")
    }
    var shown = c
    shown.password = nil
    return Parsed(
      configuration: configuration, display: shown.string ?? "postgres://", schema: schema)
  }

  static func describe(_ error: any Error) -> String {
    if let p = error as? PSQLError {
      if let message = p.serverInfo?[.message] { return message }
      return "\(p.code)"
    }
    return "\(error)"
  }

  // MARK: Plumbing

  private func guarded<T>(_ what: String, _ body: () throws -> T) throws(RapportError) -> T {
    lock.lock()
    defer { lock.unlock() }
    do {
      return try body()
    } catch let error as RapportError {
      throw error
    } catch {
      throw RapportError(
        .system, "history store: \(what) failed: \(Self.describe(error))", file: location)
    }
  }

  @discardableResult
  private func query(_ q: PostgresQuery) throws -> PostgresQueryResult {
    try connection.query(q, logger: logger).wait()
  }

  /// Runs `body` in a transaction (BEGIN … COMMIT, ROLLBACK on error).
  private func transaction<T>(_ body: () throws -> T) throws -> T {
    try query("BEGIN")
    do {
      let value = try body()
      try query("COMMIT")
      return value
    } catch {
      _ = try? query("ROLLBACK")
      throw error
    }
  }

  private func migrate(schema: String?) throws(RapportError) {
    try guarded("creating the tables") {
      try transaction {
        try query("SELECT pg_advisory_xact_lock(7270301)")
        if let schema {
          // Validated in parse(_:): [a-z0-9_]+ only.
          try query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)"))
          try query(PostgresQuery(unsafeSQL: "SET search_path TO \(schema)"))
        }
        try query(
          """
          CREATE TABLE IF NOT EXISTS rapport_import (
              id BIGSERIAL PRIMARY KEY, source TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT,
              new_count BIGINT NOT NULL DEFAULT 0, duplicate_count BIGINT NOT NULL DEFAULT 0)
          """)
        try query(
          """
          CREATE TABLE IF NOT EXISTS rapport_message (
              id BIGSERIAL PRIMARY KEY, source_key TEXT NOT NULL UNIQUE,
              import_id BIGINT NOT NULL REFERENCES rapport_import(id), kind TEXT NOT NULL,
              date_seconds BIGINT, thread TEXT NOT NULL, from_id TEXT NOT NULL, body TEXT NOT NULL)
          """)
        try query(
          "CREATE INDEX IF NOT EXISTS rapport_message_order ON rapport_message(date_seconds, source_key)"
        )
        try query(
          """
          CREATE TABLE IF NOT EXISTS rapport_run (
              id BIGSERIAL PRIMARY KEY, recorded_at TEXT NOT NULL, as_of TEXT, as_of_seconds BIGINT,
              generator TEXT NOT NULL, schema_version BIGINT NOT NULL, config_hash TEXT NOT NULL,
              lexicon_hash TEXT NOT NULL, provenance TEXT NOT NULL)
          """)
        try query(
          """
          CREATE TABLE IF NOT EXISTS rapport_snapshot (
              run_id BIGINT NOT NULL REFERENCES rapport_run(id) ON DELETE CASCADE, kind TEXT NOT NULL,
              subject_id TEXT NOT NULL, name TEXT NOT NULL, account_id TEXT, level BIGINT NOT NULL,
              points DOUBLE PRECISION NOT NULL, confidence DOUBLE PRECISION NOT NULL,
              messages_in BIGINT NOT NULL, messages_out BIGINT NOT NULL,
              PRIMARY KEY (run_id, kind, subject_id))
          """)
        try query(
          "CREATE INDEX IF NOT EXISTS rapport_snapshot_subject ON rapport_snapshot(subject_id)")
      }
    }
  }

  // MARK: Messages

  @discardableResult
  public func importMessages(
    source: String, batchSize: Int = 500, now: Timestamp? = nil,
    next: () throws(RapportError) -> Message?
  ) throws(RapportError) -> ImportResult {
    let batchSize = max(1, batchSize)
    let now = now ?? Self.nowUTC()
    let stamp = now.iso8601
    let importID: Int64 = try guarded("starting an import") {
      let rows = try query(
        "INSERT INTO rapport_import (source, started_at) VALUES (\(source), \(stamp)) RETURNING id")
      guard let row = rows.first else { throw RapportError(.system, "no import id returned") }
      return try row.decode(Int64.self)
    }
    var result = ImportResult(importID: importID)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    var done = false
    while !done {
      var batch: [(String, Message)] = []
      while batch.count < batchSize {
        guard let m = try next() else {
          done = true
          break
        }
        batch.append((HistoryStore.sourceKey(m), m))
      }
      // One lock order for every worker: no deadlocks between overlapping batches.
      batch.sort { $0.0 < $1.0 }
      let final = done
      let (new, duplicate): (Int, Int)
      do {
        (new, duplicate) = try guarded("writing a batch of \(batch.count) messages") {
          try transaction {
            var new = 0
            for (key, m) in batch {
              let body = String(decoding: try encoder.encode(m), as: UTF8.self)
              let kind = m.source.rawValue
              let date = m.date?.seconds
              let thread = m.thread
              let from = m.from.id
              let r = try query(
                """
                INSERT INTO rapport_message (source_key, import_id, kind, date_seconds, thread,
                from_id, body) VALUES (\(key), \(importID), \(kind), \(date), \(thread), \(from), \(body))
                ON CONFLICT (source_key) DO NOTHING
                """)
              new += r.metadata.rows ?? 0
            }
            let duplicate = batch.count - new
            let finished: String? = final ? stamp : nil
            try query(
              """
              UPDATE rapport_import SET new_count = new_count + \(new),
              duplicate_count = duplicate_count + \(duplicate), finished_at = \(finished)
              WHERE id = \(importID)
              """)
            return (new, duplicate)
          }
        }
      } catch {
        throw RapportError(
          error.code,
          "import interrupted after \(result.new + result.duplicate) messages in \(result.batches) committed "
            + "batches (\(result.new) new); the failing batch was rolled back: \(error.message)",
          file: location,
          remedy: "fix the cause and import again: committed messages count as duplicates")
      }
      result.new += new
      result.duplicate += duplicate
      if new + duplicate > 0 { result.batches += 1 }
    }
    return result
  }

  public func messageCount() throws(RapportError) -> Int {
    try guarded("counting messages") {
      guard let row = try query("SELECT COUNT(*) FROM rapport_message").first else { return 0 }
      return Int(try row.decode(Int64.self))
    }
  }

  public func forEachMessage(_ body: (Message) throws(RapportError) -> Void) throws(RapportError) {
    // Pages by (date, key) so memory stays bounded by one page.
    let decoder = JSONDecoder()
    var undated = false
    var last: (Int64, String)?
    while true {
      let page: [(String, Int64?, String)] = try guarded("reading messages") {
        let rows: PostgresQueryResult
        switch (undated, last) {
        case (false, nil):
          rows = try query(
            """
            SELECT source_key, date_seconds, body FROM rapport_message WHERE date_seconds IS NOT NULL
            ORDER BY date_seconds, source_key LIMIT 1000
            """)
        case (false, let (d, k)?):
          rows = try query(
            """
            SELECT source_key, date_seconds, body FROM rapport_message
            WHERE date_seconds IS NOT NULL AND (date_seconds, source_key) > (\(d), \(k))
            ORDER BY date_seconds, source_key LIMIT 1000
            """)
        case (true, let l):
          let k = l?.1 ?? ""
          rows = try query(
            """
            SELECT source_key, date_seconds, body FROM rapport_message
            WHERE date_seconds IS NULL AND source_key > \(k) ORDER BY source_key LIMIT 1000
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
            .malformedInput, "a stored message cannot be decoded: \(error)", file: location,
            messageID: key,
            remedy: "the store may come from a newer rapport; re-import into a new store")
        }
        try body(message)
      }
      if page.count < 1000 {
        if undated { return }
        undated = true
        last = nil
      } else if let p = page.last {
        last = (p.1 ?? 0, p.0)
      }
    }
  }

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

  // MARK: Runs

  @discardableResult
  public func recordRun(report: AnalysisReport, recordedAt: Timestamp? = nil) throws(RapportError)
    -> Int64
  {
    let recordedAt = (recordedAt ?? Self.nowUTC()).iso8601
    struct Provenance: Encodable {
      var inputs: [InputRecord]
      var summary: IngestSummary
      var us: Us
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let provenance: String
    do {
      provenance = String(
        decoding: try encoder.encode(
          Provenance(inputs: report.inputs, summary: report.summary, us: report.us)),
        as: UTF8.self)
    } catch {
      throw RapportError(.io, "cannot encode the run's provenance: \(error)")
    }
    return try guarded("recording a run") {
      try transaction {
        let asOf = report.asOf?.iso8601
        let asOfSeconds = report.asOf?.seconds
        let schema = Int64(report.schemaVersion)
        let rows = try query(
          """
          INSERT INTO rapport_run (recorded_at, as_of, as_of_seconds, generator, schema_version, config_hash,
          lexicon_hash, provenance) VALUES (\(recordedAt), \(asOf), \(asOfSeconds), \(report.generator),
          \(schema), \(report.configHash), \(report.lexiconHash), \(provenance)) RETURNING id
          """)
        guard let row = rows.first else { throw RapportError(.system, "no run id returned") }
        let runID = try row.decode(Int64.self)
        func insert(
          _ kind: SubjectKind, _ id: String, _ name: String, _ account: String?, _ level: Int,
          _ points: Double, _ confidence: Double, _ messagesIn: Int, _ messagesOut: Int
        ) throws {
          let (k, l, i, o) = (kind.rawValue, Int64(level), Int64(messagesIn), Int64(messagesOut))
          try query(
            """
            INSERT INTO rapport_snapshot (run_id, kind, subject_id, name, account_id, level, points,
            confidence, messages_in, messages_out) VALUES (\(runID), \(k), \(id), \(name), \(account),
            \(l), \(points), \(confidence), \(i), \(o))
            """)
        }
        for a in report.accounts {
          let messagesIn = a.contacts.reduce(0) { $0 + $1.dynamics.messagesIn }
          let messagesOut = a.contacts.reduce(0) { $0 + $1.dynamics.messagesOut }
          try insert(
            .account, a.id, a.name, a.id, a.score.level, a.score.points, a.score.confidence,
            messagesIn,
            messagesOut)
          for c in a.contacts {
            try insert(
              .contact, c.id, c.displayName, c.account, c.score.level, c.score.points,
              c.score.confidence, c.dynamics.messagesIn, c.dynamics.messagesOut)
          }
        }
        for c in report.unaffiliated {
          try insert(
            .contact, c.id, c.displayName, c.account, c.score.level, c.score.points,
            c.score.confidence,
            c.dynamics.messagesIn, c.dynamics.messagesOut)
        }
        return runID
      }
    }
  }

  public func runs() throws(RapportError) -> [RunRecord] {
    try guarded("reading runs") {
      try query(
        """
        SELECT r.id, r.recorded_at, r.as_of, r.generator, r.config_hash, r.lexicon_hash,
        (SELECT COUNT(*) FROM rapport_snapshot s WHERE s.run_id = r.id) FROM rapport_run r ORDER BY r.id
        """
      ).map { row in
        let (id, recorded, asOf, generator, config, lexicon, snapshots) = try row.decode(
          (Int64, String, String?, String, String, String, Int64).self)
        return RunRecord.make(
          id: id, recordedAt: recorded, asOf: asOf.flatMap(Timestamp.init(iso8601:)),
          generator: generator,
          configHash: config, lexiconHash: lexicon, snapshots: Int(snapshots))
      }
    }
  }

  public func history(of id: String) throws(RapportError) -> [Snapshot] {
    let lower = id.lowercased()
    return try guarded("reading history") {
      try query(
        """
        SELECT s.run_id, r.recorded_at, r.as_of, s.kind, s.subject_id, s.name, s.account_id, s.level, s.points,
        s.confidence, s.messages_in, s.messages_out, r.config_hash, r.lexicon_hash
        FROM rapport_snapshot s JOIN rapport_run r ON r.id = s.run_id
        WHERE s.subject_id = \(id) OR s.subject_id = \(lower)
        ORDER BY r.as_of_seconds IS NULL, r.as_of_seconds, r.id, s.kind
        """
      ).map { row in
        let r = try row.decode(
          (
            Int64, String, String?, String, String, String, String?, Int64, Double, Double, Int64,
            Int64,
            String, String
          ).self)
        return Snapshot.make(
          runID: r.0, recordedAt: r.1, asOf: r.2.flatMap(Timestamp.init(iso8601:)),
          kind: SubjectKind(rawValue: r.3) ?? .contact, subjectID: r.4, name: r.5, accountID: r.6,
          level: Int(r.7), points: r.8, confidence: r.9, messagesIn: Int(r.10),
          messagesOut: Int(r.11), configHash: r.12, lexiconHash: r.13)
      }
    }
  }

  static func nowUTC() -> Timestamp { Timestamp.nowUTC() }
}
