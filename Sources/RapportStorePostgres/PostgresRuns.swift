import Foundation
import PostgresNIO
public import RapportAnalysis
public import RapportCore
public import RapportStore

extension PostgresHistoryStore {
    /// Records one analysis run: a run row plus a snapshot per account and contact (unaffiliated
    /// contacts included), in one transaction, so a run is either complete or absent. Returns the run id.
    @discardableResult
    public func recordRun(report: AnalysisReport, recordedAt: Timestamp? = nil) throws(RapportError) -> Int64 {
        let recordedAt = (recordedAt ?? .nowUTC()).iso8601
        let provenance = try RunProvenance.json(report)
        var snapshots = SnapshotColumns()
        for a in report.accounts {
            let messagesIn = a.contacts.reduce(0) { $0 + $1.dynamics.messagesIn }
            let messagesOut = a.contacts.reduce(0) { $0 + $1.dynamics.messagesOut }
            snapshots.append(
                .account, a.id, a.name, a.id, a.score.level, a.score.points, a.score.confidence, messagesIn,
                messagesOut)
            for c in a.contacts { snapshots.append(c) }
        }
        for c in report.unaffiliated { snapshots.append(c) }
        let asOf = report.asOf?.iso8601
        let asOfSeconds = report.asOf?.seconds
        let schemaVersion = Int64(report.schemaVersion)
        return try guarded("recording a run") {
            try transaction {
                let rows = try query(
                    """
                    INSERT INTO rapport_run (recorded_at, as_of, as_of_seconds, generator, schema_version, config_hash,
                    lexicon_hash, provenance) VALUES (\(recordedAt), \(asOf), \(asOfSeconds), \(report.generator),
                    \(schemaVersion), \(report.configHash), \(report.lexiconHash), \(provenance)) RETURNING id
                    """)
                guard let row = rows.first else { throw RapportError(.system, "no run id returned", file: location) }
                let runID = try row.decode(Int64.self)
                let s = snapshots
                if !s.kinds.isEmpty {
                    // Account ids are NULL where `hasAccount` is false (an unaffiliated contact).
                    try query(
                        """
                        INSERT INTO rapport_snapshot (run_id, kind, subject_id, name, account_id, level, points,
                        confidence, messages_in, messages_out)
                        SELECT \(runID), u.kind, u.id, u.name, CASE WHEN u.has THEN u.account END, u.level, u.points,
                            u.confidence, u.i, u.o
                        FROM unnest(\(s.kinds)::text[], \(s.ids)::text[], \(s.names)::text[], \(s.hasAccount)::bool[],
                            \(s.accounts)::text[], \(s.levels)::int8[], \(s.points)::float8[], \(s.confidences)::float8[],
                            \(s.messagesIn)::int8[], \(s.messagesOut)::int8[])
                            WITH ORDINALITY AS u(kind, id, name, has, account, level, points, confidence, i, o, n)
                        ORDER BY u.n
                        """)
                }
                return runID
            }
        }
    }

    /// The snapshot rows of one run, column by column (sent as arrays in one statement).
    struct SnapshotColumns {
        var kinds: [String] = []
        var ids: [String] = []
        var names: [String] = []
        var hasAccount: [Bool] = []
        var accounts: [String] = []
        var levels: [Int64] = []
        var points: [Double] = []
        var confidences: [Double] = []
        var messagesIn: [Int64] = []
        var messagesOut: [Int64] = []

        mutating func append(_ c: ContactResult) {
            append(
                .contact, c.id, c.displayName, c.account, c.score.level, c.score.points, c.score.confidence,
                c.dynamics.messagesIn, c.dynamics.messagesOut)
        }

        mutating func append(
            _ kind: SubjectKind, _ id: String, _ name: String, _ account: String?, _ level: Int, _ points: Double,
            _ confidence: Double, _ messagesIn: Int, _ messagesOut: Int
        ) {
            kinds.append(kind.rawValue)
            ids.append(id)
            names.append(name)
            hasAccount.append(account != nil)
            accounts.append(account ?? "")
            levels.append(Int64(level))
            self.points.append(points)
            confidences.append(confidence)
            self.messagesIn.append(Int64(messagesIn))
            self.messagesOut.append(Int64(messagesOut))
        }
    }

    /// Runs recorded so far, oldest first.
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
                    id: id, recordedAt: recorded, asOf: asOf.flatMap(Timestamp.init(iso8601:)), generator: generator,
                    configHash: config, lexiconHash: lexicon, snapshots: Int(snapshots))
            }
        }
    }

    /// Snapshots of a contact or account (by id, or its lower-case form), oldest run first (by as-of,
    /// then run id), so trends span exports.
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
                        Int64, String, String?, String, String, String, String?, Int64, Double, Double, Int64, Int64,
                        String, String
                    ).self)
                return Snapshot.make(
                    runID: r.0, recordedAt: r.1, asOf: r.2.flatMap(Timestamp.init(iso8601:)),
                    kind: SubjectKind(rawValue: r.3) ?? .contact, subjectID: r.4, name: r.5, accountID: r.6,
                    level: Int(r.7), points: r.8, confidence: r.9, messagesIn: Int(r.10), messagesOut: Int(r.11),
                    configHash: r.12, lexiconHash: r.13)
            }
        }
    }
}
