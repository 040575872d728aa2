import Foundation
import RapportCore
import RapportStore
import RapportStorePostgres
import Testing

/// The history-store contract, run against SQLite always and against PostgreSQL when
/// `RAPPORT_TEST_POSTGRES_URL` is set (`export RAPPORT_TEST_POSTGRES_URL=$(.ci/postgres.sh start)`).
/// Each test uses its own schema (`?schema=`), so runs do not see each other.
@Suite("History store backends", .serialized)
struct PostgresStoreTests {
  static let postgresURL = ProcessInfo.processInfo.environment["RAPPORT_TEST_POSTGRES_URL"]
  static let backends = ["sqlite"] + (postgresURL == nil ? [] : ["postgres"])

  static func open(_ backend: String, schema: String) throws -> any HistoryStoring {
    if backend == "postgres", let url = postgresURL {
      return try PostgresHistoryStore(
        url: url + (url.contains("?") ? "&" : "?") + "schema=" + schema)
    }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "rapport-pgtest-\(schema)")
    return try HistoryStore(path: dir.appendingPathComponent("history.sqlite").path)
  }

  static func freshSchema() -> String {
    "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
  }

  static func mail(_ n: Int, day: Int? = nil) -> Message {
    Message(
      id: "hash-\(n)", source: .mbox,
      locator: SourceLocator(file: "a.mbox", byteOffset: Int64(n * 100)),
      thread: "t\(n % 3)", messageID: "m\(n)@acme.example",
      from: .email("dana@acme.example", name: "Dana"),
      to: [.email("sam@ourco.example")],
      date: day.map { Timestamp(year: 2026, month: 1, day: $0, hour: n % 24) },
      channel: .email, subject: "Re: plan", text: "message \(n) — ünïcödé", direction: .inbound)
  }

  @Test(arguments: backends)
  func importDeduplicatesAndReadsInOrder(backend: String) throws {
    let store = try Self.open(backend, schema: Self.freshSchema())
    let first = try store.importAll(
      (0..<10).map { Self.mail($0, day: 10 - $0) }, source: "a.mbox", batchSize: 4)
    #expect(first.new == 10)
    #expect(first.duplicate == 0)
    #expect(first.batches == 3)
    // Overlap 5..<10 plus an undated message.
    let second = try store.importAll(
      (5..<12).map { Self.mail($0, day: $0 == 11 ? nil : 10 - $0 % 10) }, source: "b.mbox",
      batchSize: 3)
    #expect(second.new == 2)
    #expect(second.duplicate == 5)
    #expect(try store.messageCount() == 12)
    let ids = try store.storedMessages().map(\.id)
    // Oldest first, undated last.
    #expect(ids.first == "hash-9")
    #expect(ids.last == "hash-11")
    #expect(Set(ids).count == 12)
    #expect(try store.storedMessages().first { $0.id == "hash-3" } == Self.mail(3, day: 7))
    let imports = try store.imports()
    #expect(imports.map(\.source) == ["a.mbox", "b.mbox"])
    #expect(imports.map(\.new) == [10, 2])
    #expect(imports.map(\.duplicate) == [0, 5])
    #expect(imports.allSatisfy { $0.finishedAt != nil })
  }

  @Test(arguments: backends)
  func pagingReadsEveryMessageOnce(backend: String) throws {
    let store = try Self.open(backend, schema: Self.freshSchema())
    // More than one 1,000-row page, many on the same date.
    try store.importAll(
      (0..<2_345).map { Self.mail($0, day: $0 % 2 == 0 ? 1 + $0 % 28 : nil) }, source: "x")
    var seen: [String] = []
    try store.forEachMessage { seen.append($0.id) }
    #expect(seen.count == 2_345)
    #expect(Set(seen).count == 2_345)
  }

  @Test(
    .enabled(
      if: postgresURL != nil,
      "PostgreSQL skipped: set RAPPORT_TEST_POSTGRES_URL (e.g. $(.ci/postgres.sh start)) to run it")
  )
  func concurrentImportsNeitherLoseNorDuplicate() throws {
    let schema = Self.freshSchema()
    _ = try Self.open("postgres", schema: schema)  // create the tables once
    // 4 workers, each its own connection, importing overlapping ranges in different orders.
    let ranges: [[Int]] = [
      Array(0..<600), Array((300..<900).reversed()), Array(stride(from: 0, to: 1_200, by: 2)),
      Array(500..<1_100),
    ]
    nonisolated(unsafe) var results = [ImportResult?](repeating: nil, count: ranges.count)
    nonisolated(unsafe) var errors: [String] = []
    let lock = NSLock()
    DispatchQueue.concurrentPerform(iterations: ranges.count) { i in
      do {
        let store = try Self.open("postgres", schema: schema)
        let r = try store.importAll(
          ranges[i].map { Self.mail($0, day: 1 + $0 % 28) }, source: "w\(i)", batchSize: 50)
        lock.withLock { results[i] = r }
      } catch {
        lock.withLock { errors.append("\(error)") }
      }
    }
    #expect(errors.isEmpty, "\(errors)")
    let unique = Set(ranges.joined())
    let store = try Self.open("postgres", schema: schema)
    #expect(try store.messageCount() == unique.count)
    #expect(results.compactMap { $0?.new }.reduce(0, +) == unique.count)
    for (i, r) in results.enumerated() {
      #expect((r?.new ?? 0) + (r?.duplicate ?? 0) == ranges[i].count)
    }
    var ids: [String] = []
    try store.forEachMessage { ids.append($0.id) }
    #expect(Set(ids) == Set(unique.map { "hash-\($0)" }))
  }
}
