import Foundation
import RapportAnalysis
import RapportCore
import RapportStore
import Testing

@Suite("History store")
struct StoreTests {
    static func tempPath(_ name: String = #function) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "rapport-store-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        return dir.appendingPathComponent("nested/history.sqlite").path
    }

    /// Removes the temporary folder `tempPath` made for `path`.
    static func removeTemp(_ path: String) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().deletingLastPathComponent()
        try? FileManager.default.removeItem(at: folder)
    }

    static func mail(_ n: Int, messageID: String? = nil, day: Int = 1) -> Message {
        Message(
            id: messageID ?? "hash-\(n)", source: .mbox,
            locator: SourceLocator(file: "a.mbox", byteOffset: Int64(n * 100)),
            thread: "t\(n % 3)", messageID: messageID, from: .email("dana@acme.example", name: "Dana"),
            to: [.email("sam@ourco.example")], date: Timestamp(year: 2026, month: 1, day: day, hour: n % 24),
            channel: .email, subject: "Re: plan", text: "message \(n)", direction: .inbound)
    }

    static func slack(_ ts: String, day: Int) -> Message {
        Message(
            id: "C01/\(ts)", source: .slack,
            locator: SourceLocator(file: "export.zip", jsonPath: "general/2026-01-01.json[0]"),
            thread: "C01/\(ts)", from: Participant(id: "U1", displayName: "Dana"),
            date: Timestamp(year: 2026, month: 1, day: day),
            channel: .slackPublic, subject: "general", text: "hello \(ts)", attributes: ["reactions": "2"])
    }

    static func ticket(_ n: Int) -> Message {
        Message(
            id: "T-9#\(n)", source: .ticket, locator: SourceLocator(file: "t9.html"), thread: "T-9",
            from: Participant(id: "ticket:dana"), date: nil, channel: .ticketPublic, text: "entry \(n)")
    }

    static var corpus: [Message] {
        (0..<12).map { mail($0, messageID: "m\($0)@acme.example", day: 1 + $0) }
    }

    @Test func importDeduplicatesAndRoundTrips() throws {
        let path = Self.tempPath()
        defer { StoreTests.removeTemp(path) }
        let store = try HistoryStore(path: path)
        let first = try store.importMessages(
            Self.corpus + [Self.slack("1700000000.000100", day: 3), Self.ticket(0), Self.mail(99, day: 20)],
            source: "a.mbox", batchSize: 4)
        #expect(first.new == 15)
        #expect(first.duplicate == 0)
        #expect(first.batches == 4)
        // The same mail from maildir (same Message-ID, other id), a repeated Slack ts and a duplicate
        // within one import count as duplicates; a new ticket entry is new.
        var fromMaildir = Self.corpus[0]
        fromMaildir.source = .maildir
        fromMaildir.id = "other-hash"
        let second = try store.importMessages(
            [
                fromMaildir, Self.slack("1700000000.000100", day: 3), Self.ticket(1), Self.ticket(1),
                Self.mail(99, day: 20),
            ],
            source: "maildir")
        #expect(second.new == 1)
        #expect(second.duplicate == 4)
        #expect(try store.messageCount() == 16)

        // Reopen: everything is there, decoded exactly, oldest first, undated last.
        let reopened = try HistoryStore(path: path)
        let all = try reopened.allMessages()
        #expect(all.count == 16)
        #expect(all.first == Self.corpus[0])
        #expect(all.contains(Self.slack("1700000000.000100", day: 3)))
        #expect(all.suffix(2).map(\.id) == ["T-9#0", "T-9#1"])
        let dated = all.compactMap(\.date)
        #expect(dated == dated.sorted())
        let imports = try reopened.imports()
        #expect(imports.map(\.new) == [15, 1])
        #expect(imports.allSatisfy { $0.finishedAt != nil })
    }

    struct Crash: Error {}

    @Test func interruptedImportKeepsCommittedBatchesOnly() throws {
        let path = Self.tempPath()
        defer { StoreTests.removeTemp(path) }
        let messages = Self.corpus
        do {
            let store = try HistoryStore(path: path)
            var i = 0
            // Batches of 5: the crash comes at the 8th message, in the middle of the second batch.
            #expect(throws: RapportError.self) {
                try store.importMessages(source: "a.mbox", batchSize: 5) { () throws(RapportError) -> Message? in
                    if i == 7 { throw RapportError(.malformedInput, "simulated crash") }
                    defer { i += 1 }
                    return i < messages.count ? messages[i] : nil
                }
            }
            #expect(try store.messageCount() == 5)
            let record = try #require(try store.imports().first)
            #expect(record.new == 5)
            #expect(record.finishedAt == nil)
        }
        // Reopen and continue: the committed five are duplicates, the rest is new.
        let store = try HistoryStore(path: path)
        let resumed = try store.importMessages(messages, source: "a.mbox", batchSize: 5)
        #expect(resumed.new == 7)
        #expect(resumed.duplicate == 5)
        #expect(try store.allMessages() == messages)
    }

    @Test func interruptedImportErrorSaysWhatWasKept() throws {
        let path = Self.tempPath()
        defer { StoreTests.removeTemp(path) }
        let store = try HistoryStore(path: path)
        var i = 0
        do {
            try store.importMessages(source: "x", batchSize: 2) { () throws(RapportError) -> Message? in
                if i == 3 { throw RapportError(.io, "disk went away") }
                defer { i += 1 }
                return Self.mail(i, messageID: "k\(i)@x")
            }
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("import interrupted after 2 messages in 1 committed batches (2 new)"))
            #expect(error.description.contains("disk went away"))
            #expect(error.code == .io)
        }
    }

    @Test func runsRecordSnapshotsAndHistorySpansExports() throws {
        let path = Self.tempPath()
        defer { StoreTests.removeTemp(path) }
        let store = try HistoryStore(path: path)
        var january = SampleReports.small
        january.asOf = Timestamp(year: 2026, month: 1, day: 31)
        january.accounts[0].contacts[0].score.level = 4
        january.accounts[0].contacts[0].score.points = 74.5
        let march = SampleReports.small
        // Recorded out of order: history sorts by as-of.
        let run1 = try store.recordRun(report: march, recordedAt: Timestamp(year: 2026, month: 4, day: 1))
        let run2 = try store.recordRun(report: january, recordedAt: Timestamp(year: 2026, month: 4, day: 2))
        #expect(run1 != run2)
        let dana = try store.history(of: "Dana.Ruiz@northwind.example")
        #expect(dana.map(\.runID) == [run2, run1])
        #expect(dana.map(\.level) == [4, 5])
        #expect(dana.map(\.points) == [74.5, 86.4])
        #expect(dana[1].kind == .contact)
        #expect(dana[1].accountID == "northwind.example")
        #expect(dana[1].messagesIn == 64)
        let account = try store.history(of: "initech.example")
        #expect(account.count == 2)
        #expect(account.allSatisfy { $0.kind == .account && $0.level == 1 && $0.messagesIn == 19 })
        let joe = try store.history(of: "joe.freelance@gmail.example")
        #expect(joe.count == 2)
        let runs = try store.runs()
        #expect(runs.map(\.snapshots) == [10, 10])
        #expect(runs[0].configHash == march.configHash)
        #expect(try store.history(of: "nobody@nowhere.example").isEmpty)

        let table = HistoryRenderer.table(subject: "dana.ruiz@northwind.example", snapshots: dana)
        #expect(
            table == """
                History of Dana Ruiz (contact dana.ruiz@northwind.example, account northwind.example): 2 snapshots
                RUN  AS OF       RECORDED             KIND     LEVEL  POINTS  CHANGE      CONF  IN  OUT
                  \(run2)  2026-01-31  2026-04-02T00:00:00  contact      4    74.5              0.92  64   58
                  \(run1)  2026-03-31  2026-04-01T00:00:00  contact      5    86.4  +1 (+11.9)  0.92  64   58

                """)
        let json = try HistoryRenderer.json(dana)
        let decoded = try JSONDecoder().decode([Snapshot].self, from: Data(json.utf8))
        #expect(decoded == dana)
    }

    @Test func aRunIsAllOrNothing() throws {
        let path = Self.tempPath()
        defer { StoreTests.removeTemp(path) }
        let store = try HistoryStore(path: path)
        var broken = SampleReports.small
        // The same contact twice in one account violates the snapshot key in the middle of the run.
        broken.accounts[1].contacts.append(broken.accounts[1].contacts[0])
        #expect(throws: RapportError.self) { try store.recordRun(report: broken) }
        #expect(try store.runs().isEmpty)
        #expect(try store.history(of: "dana.ruiz@northwind.example").isEmpty)
        // The store still works afterwards.
        try store.recordRun(report: SampleReports.small)
        #expect(try store.runs().count == 1)
    }

    @Test func defaultLocation() {
        #expect(
            HistoryStore.defaultPath(environment: ["RAPPORT_STORE": "/x/h.sqlite", "XDG_DATA_HOME": "/d", "HOME": "/h"])
                == "/x/h.sqlite")
        #expect(
            HistoryStore.defaultPath(environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"]) == "/d/rapport/history.sqlite")
        #expect(
            HistoryStore.defaultPath(environment: ["XDG_DATA_HOME": "relative", "HOME": "/h"])
                == "/h/.local/share/rapport/history.sqlite")
        #expect(HistoryStore.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/share/rapport/history.sqlite")
        #expect(HistoryStore.resolvePath(flag: "/flag.sqlite", environment: ["RAPPORT_STORE": "/x"]) == "/flag.sqlite")
        #expect(HistoryStore.resolvePath(flag: nil, environment: ["RAPPORT_STORE": "/x"]) == "/x")
    }

    @Test func sourceKeys() {
        #expect(HistoryStore.sourceKey(Self.mail(1, messageID: "a@b")) == "mail:a@b")
        #expect(HistoryStore.sourceKey(Self.mail(1)) == "mail-id:hash-1")
        #expect(HistoryStore.sourceKey(Self.slack("1.2", day: 1)) == "slack:C01/1.2")
        #expect(HistoryStore.sourceKey(Self.ticket(3)) == "ticket:T-9#3")
    }

    @Test func unwritableLocationIsAClearError() {
        #expect(throws: RapportError.self) { try HistoryStore(path: "/proc/rapport-nope/history.sqlite") }
    }
}

@Suite("History store: push import")
struct PushImportTests {
    @Test func batchesCommitAndAStoppedImportContinues() throws {
        let path = StoreTests.tempPath()
        defer { StoreTests.removeTemp(path) }
        let messages = StoreTests.corpus
        do {
            let store = try HistoryStore(path: path)
            let importer = try store.beginImport(source: "a.mbox", batchSize: 5)
            for m in messages.prefix(8) { try importer.add(m) }
            // Stopped here (as if the ingest threw): the first batch of 5 is committed, 3 are not.
            #expect(importer.result.new == 5)
            #expect(try store.messageCount() == 5)
        }
        let store = try HistoryStore(path: path)
        let importer = try store.beginImport(source: "a.mbox", batchSize: 5)
        for m in messages { try importer.add(m) }
        let result = try importer.finish()
        #expect(result.new == 7)
        #expect(result.duplicate == 5)
        #expect(result.batches == 3)
        #expect(try store.allMessages() == messages)
        #expect(try store.imports().map { $0.finishedAt == nil } == [true, false])
    }
}
