import Foundation
import RapportAnalysis
import RapportCore
import RapportStore
import Testing

@testable import RapportStorePostgres

/// The history-store suite against a real PostgreSQL server, each test in a fresh schema, with the
/// SQLite store as the reference: the same calls must give the same results on both.
@Suite(
    "History store: PostgreSQL",
    .enabled(
        if: TestServer.url != nil,
        "no PostgreSQL server: set RAPPORT_TEST_POSTGRES_URL, or install postgresql so the tests can start one with .ci/postgres.sh (the reason is on stderr)"
    ))
struct PostgresStoreTests {
    static let now = Timestamp(year: 2026, month: 4, day: 1, hour: 12)

    @Test func importDeduplicatesAndRoundTrips() throws {
        let pg = try Fixtures.postgres()
        let (sqlite, sqliteDirectory) = try Fixtures.sqlite()
        defer { try? FileManager.default.removeItem(at: sqliteDirectory) }
        let firstBatch =
            Fixtures.corpus + [
                Fixtures.slack("1700000000.000100", day: 3), Fixtures.ticket(0), Fixtures.mail(99, day: 20),
            ]
        var fromMaildir = Fixtures.corpus[0]
        fromMaildir.source = .maildir
        fromMaildir.id = "other-hash"
        // The same mail from maildir (same Message-ID, other id), a repeated Slack ts and a duplicate
        // within one batch count as duplicates; a new ticket entry is new.
        let secondBatch = [
            fromMaildir, Fixtures.slack("1700000000.000100", day: 3), Fixtures.ticket(1), Fixtures.ticket(1),
            Fixtures.mail(99, day: 20),
        ]
        for store in [pg, sqlite] as [any HistoryStoring] {
            let first = try store.importAll(firstBatch, source: "a.mbox", batchSize: 4, now: Self.now)
            #expect(first == ImportResult(importID: 1, new: 15, duplicate: 0, batches: 4))
            let second = try store.importAll(secondBatch, source: "maildir", now: Self.now)
            #expect(second == ImportResult(importID: 2, new: 1, duplicate: 4, batches: 1))
            #expect(try store.messageCount() == 16)
        }
        // Reopen: everything is there, decoded exactly, oldest first, undated last, as in SQLite.
        let reopened = try PostgresHistoryStore(url: pg.url)
        let all = try reopened.storedMessages()
        #expect(all.count == 16)
        #expect(all.first == Fixtures.corpus[0])
        #expect(all.contains(Fixtures.slack("1700000000.000100", day: 3)))
        #expect(all.suffix(2).map(\.id) == ["T-9#0", "T-9#1"])
        #expect(all == (try sqlite.storedMessages()))
        let imports = try reopened.imports()
        #expect(imports.map(\.new) == [15, 1])
        #expect(imports.map(\.duplicate) == [0, 4])
        #expect(imports.map(\.source) == ["a.mbox", "maildir"])
        #expect(imports.allSatisfy { $0.finishedAt == Self.now.iso8601 })
        #expect(imports == (try sqlite.imports()))
    }

    @Test func messageRoundTripsFieldForField() throws {
        let store = try Fixtures.postgres()
        let message = Fixtures.everyField
        try store.importAll([message], source: "maildir")
        let stored = try #require(try store.storedMessages().first)
        #expect(stored == message)
        #expect(stored.from.displayName == "Zoë \"Z\" O'Brien")
        #expect(stored.text == message.text)
        #expect(stored.attributes == ["reactions": "3", "ünï": "cödé", "empty": ""])
        #expect(stored.date?.utcOffset == -18_000)
        #expect(stored.locator.byteOffset == 9_876_543_210)
        #expect(stored.flags == [.forwarded, .edited])
    }

    /// More than two 1,000-row pages, many on the same second, undated ones, and source keys whose
    /// order depends on the collation (upper/lower case, accents, digits): PostgreSQL must read them in
    /// exactly SQLite's (bytewise) order.
    @Test func readOrderMatchesSQLiteAcrossPages() throws {
        let pg = try Fixtures.postgres()
        let (sqlite, sqliteDirectory) = try Fixtures.sqlite()
        defer { try? FileManager.default.removeItem(at: sqliteDirectory) }
        let prefixes = ["a", "B", "b", "É", "e", "Z", "z", "0", "_", "ä"]
        let messages = (0..<2_345).map { n in
            Fixtures.mail(
                n, messageID: "\(prefixes[n % prefixes.count])\(n % 7)-\(n)@x", day: n % 3 == 0 ? nil : 1 + n % 5)
        }
        try pg.importAll(messages.shuffled(), source: "x", batchSize: 700)
        try sqlite.importAll(messages, source: "x", batchSize: 700)
        var seen: [String] = []
        try pg.forEachMessage { seen.append($0.id) }
        #expect(seen.count == 2_345)
        #expect(Set(seen).count == 2_345)
        #expect(seen == (try sqlite.storedMessages()).map(\.id))
    }

    struct Crash: Error {}

    @Test func interruptedImportKeepsCommittedBatchesOnly() throws {
        let schema = TestServer.freshSchema()
        let messages = Fixtures.corpus
        do {
            let store = try Fixtures.postgres(schema: schema)
            var i = 0
            // Batches of 5: the failure comes at the 8th message, in the middle of the second batch.
            do {
                try store.importMessages(source: "a.mbox", batchSize: 5, now: nil) {
                    () throws(RapportError) -> Message? in
                    if i == 7 { throw RapportError(.io, "disk went away") }
                    defer { i += 1 }
                    return i < messages.count ? messages[i] : nil
                }
                Issue.record("expected an error")
            } catch {
                #expect(
                    error.description.contains("import interrupted after 5 messages in 1 committed batches (5 new)"))
                #expect(error.description.contains("disk went away"))
                #expect(error.code == .io)
            }
            #expect(try store.messageCount() == 5)
            let record = try #require(try store.imports().first)
            #expect(record.new == 5)
            #expect(record.finishedAt == nil)
        }
        // Reopen and continue: the committed five are duplicates, the rest is new.
        let store = try Fixtures.postgres(schema: schema)
        let resumed = try store.importAll(messages, source: "a.mbox", batchSize: 5)
        #expect(resumed.new == 7)
        #expect(resumed.duplicate == 5)
        #expect(try store.storedMessages() == messages)
    }

    @Test func pushImportBatchesAndAStoppedImportContinues() throws {
        let schema = TestServer.freshSchema()
        let messages = Fixtures.corpus
        do {
            let store = try Fixtures.postgres(schema: schema)
            let importer = try store.openImport(source: "a.mbox", batchSize: 5)
            for m in messages.prefix(8) { try importer.add(m) }
            // Stopped here: the first batch of 5 is committed, 3 are not.
            #expect(importer.result.new == 5)
            #expect(try store.messageCount() == 5)
        }
        let store = try Fixtures.postgres(schema: schema)
        let importer = try store.openImport(source: "a.mbox", batchSize: 5)
        for m in messages { try importer.add(m) }
        let result = try importer.finish()
        #expect(result.new == 7)
        #expect(result.duplicate == 5)
        #expect(result.batches == 3)
        #expect(try store.storedMessages() == messages)
        #expect(try store.imports().map { $0.finishedAt == nil } == [true, false])
    }

    @Test func runsSnapshotsAndHistoryMatchSQLite() throws {
        let pg = try Fixtures.postgres()
        let (sqlite, sqliteDirectory) = try Fixtures.sqlite()
        defer { try? FileManager.default.removeItem(at: sqliteDirectory) }
        let march = Fixtures.report(seed: 1, asOf: Timestamp(year: 2026, month: 3, day: 31))
        let january = Fixtures.report(seed: 2, asOf: Timestamp(year: 2026, month: 1, day: 31))
        let snapshotsPerRun =
            march.accounts.count + march.accounts.reduce(0) { $0 + $1.contacts.count }
            + march.unaffiliated.count
        #expect(march.accounts.count >= 2)
        for store in [pg, sqlite] as [any HistoryStoring] {
            // Recorded out of order: history sorts by as-of.
            let run1 = try store.recordRun(report: march, recordedAt: Timestamp(year: 2026, month: 4, day: 1))
            let run2 = try store.recordRun(report: january, recordedAt: Timestamp(year: 2026, month: 4, day: 2))
            #expect([run1, run2] == [1, 2])
            let runs = try store.runs()
            #expect(runs.map(\.id) == [1, 2])
            #expect(runs[0].snapshots == snapshotsPerRun)
            #expect(runs[0].configHash == march.configHash)
            #expect(runs[1].lexiconHash == "lexicons-2")
            #expect(runs[1].asOf == Timestamp(year: 2026, month: 1, day: 31))
            let dana = try store.history(of: "Dana.Ruiz@northwind.example")
            #expect(dana.map(\.runID) == [2, 1])
            #expect(dana.allSatisfy { $0.kind == .contact && $0.accountID == "northwind.example" })
            let account = try store.history(of: "northwind.example")
            #expect(account.map(\.kind) == [.account, .account])
            #expect(try store.history(of: "nobody@nowhere.example").isEmpty)
        }
        #expect(try pg.runs() == sqlite.runs())
        for subject in [
            "dana.ruiz@northwind.example", "northwind.example", "initech.example", "joe.freelance@gmail.example",
        ] {
            let fromPG = try pg.history(of: subject)
            #expect(!fromPG.isEmpty, "\(subject)")
            #expect(fromPG == (try sqlite.history(of: subject)), "\(subject)")
        }
        let contact = try #require(march.accounts.last?.contacts.first)
        let snapshot = try #require(try pg.history(of: contact.id).last)
        #expect(snapshot.runID == 1)
        #expect(snapshot.accountID == contact.account)
        #expect(snapshot.points == contact.score.points)
        #expect(snapshot.confidence == contact.score.confidence)
        #expect(snapshot.messagesIn == contact.dynamics.messagesIn)
    }

    @Test func aRunIsAllOrNothing() throws {
        let store = try Fixtures.postgres()
        var broken = Fixtures.report(seed: 1, asOf: nil)
        // The same contact twice in one account violates the snapshot key in the middle of the run.
        broken.accounts[0].contacts.append(broken.accounts[0].contacts[0])
        #expect(throws: RapportError.self) { try store.recordRun(report: broken) }
        #expect(try store.runs().isEmpty)
        // The store (and its connection) still works afterwards.
        try store.recordRun(report: Fixtures.report(seed: 1, asOf: nil))
        #expect(try store.runs().count == 1)
    }

    /// Four workers, each with its own connection, import overlapping sets in different orders at the
    /// same time into a schema none of them has created yet: exactly the union is stored, each
    /// worker's new + duplicate is what it imported, the new counts add up to the union, no errors.
    @Test func concurrentImportsNeitherLoseNorDuplicate() throws {
        let schema = TestServer.freshSchema()
        let ranges: [[Int]] = [
            Array(0..<600), Array((300..<900).reversed()), Array(stride(from: 0, to: 1_200, by: 2)),
            Array(500..<1_100).shuffled(),
        ]
        let outcome = Outcome(workers: ranges.count)
        let group = DispatchGroup()
        for (i, range) in ranges.enumerated() {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                do {
                    let store = try Fixtures.postgres(schema: schema)
                    let messages = range.map { Fixtures.mail($0, messageID: "w\($0)@x", day: 1 + $0 % 28) }
                    outcome.record(i, try store.importAll(messages, source: "worker \(i)", batchSize: 50))
                } catch {
                    outcome.fail("\(error)")
                }
            }
            thread.start()
        }
        group.wait()
        let (results, errors) = outcome.snapshot()
        #expect(errors.isEmpty, "\(errors)")
        let union = Set(ranges.joined())
        let store = try Fixtures.postgres(schema: schema)
        #expect(try store.messageCount() == union.count)
        #expect(results.compactMap { $0?.new }.reduce(0, +) == union.count)
        for (i, r) in results.enumerated() {
            #expect((r?.new ?? -1) + (r?.duplicate ?? 0) == ranges[i].count, "worker \(i)")
        }
        let ids = try store.storedMessages().map(\.id)
        #expect(ids.count == union.count)
        #expect(Set(ids) == Set(union.map { "w\($0)@x" }))
        let imports = try store.imports()
        #expect(imports.count == 4)
        #expect(imports.reduce(0) { $0 + $1.new } == union.count)
        #expect(imports.allSatisfy { $0.finishedAt != nil })
    }

    /// Thread-safe result collection for the concurrent test.
    final class Outcome: Sendable {
        private let state: Mutex
        init(workers: Int) { state = Mutex(results: [ImportResult?](repeating: nil, count: workers)) }
        func record(_ i: Int, _ r: ImportResult) { state.with { $0.results[i] = r } }
        func fail(_ e: String) { state.with { $0.errors.append(e) } }
        func snapshot() -> ([ImportResult?], [String]) { state.with { ($0.results, $0.errors) } }

        final class Mutex: @unchecked Sendable {
            struct Value {
                var results: [ImportResult?]
                var errors: [String] = []
            }
            private let lock = NSLock()
            private var value: Value
            init(results: [ImportResult?]) { value = Value(results: results) }
            func with<T>(_ body: (inout Value) -> T) -> T {
                lock.lock()
                defer { lock.unlock() }
                return body(&value)
            }
        }
    }

    @Test func aStoreFromANewerRapportIsRefused() throws {
        let schema = TestServer.freshSchema()
        let store = try Fixtures.postgres(schema: schema)
        try store.importAll([Fixtures.mail(1)], source: "x")
        try store.execute(unsafeSQL: "UPDATE rapport_meta SET value = '2' WHERE key = 'schema_version'")
        do {
            _ = try Fixtures.postgres(schema: schema)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidConfiguration)
            #expect(error.message.contains("schema version 2"))
        }
    }

    @Test func aMissingDatabaseIsAClearError() throws {
        let url = try PostgresURL(try #require(TestServer.url))
        var other = "postgres://\(url.user)@\(url.host):\(url.port)/rapport_no_such_db"
        if let dir = url.socketDirectory { other += "?host=" + dir }
        do {
            _ = try PostgresHistoryStore(url: other)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidConfiguration)
            #expect(error.message.contains("cannot connect to PostgreSQL"))
            #expect(error.message.contains("rapport_no_such_db"))
            #expect(error.message.contains("3D000"))
        }
    }
}
