import Foundation
import RapportAnalysis
import RapportCore
import RapportStore
import RapportStorePostgres

/// Messages, reports and stores for the PostgreSQL store tests.
enum Fixtures {
    static func mail(_ n: Int, messageID: String? = nil, day: Int? = 1) -> Message {
        Message(
            id: messageID ?? "hash-\(n)", source: .mbox,
            locator: SourceLocator(file: "a.mbox", byteOffset: Int64(n * 100)),
            thread: "t\(n % 3)", messageID: messageID, from: .email("dana@acme.example", name: "Dana"),
            to: [.email("sam@ourco.example")],
            date: day.map { Timestamp(year: 2026, month: 1, day: $0, hour: n % 24) }, channel: .email,
            subject: "Re: plan", text: "message \(n)", direction: .inbound)
    }

    static func slack(_ ts: String, day: Int) -> Message {
        Message(
            id: "C01/\(ts)", source: .slack,
            locator: SourceLocator(file: "export.zip", jsonPath: "general/2026-01-01.json[0]"),
            thread: "C01/\(ts)", from: Participant(id: "U1", displayName: "Dana"),
            date: Timestamp(year: 2026, month: 1, day: day), channel: .slackPublic, subject: "general",
            text: "hello \(ts)", attributes: ["reactions": "2"])
    }

    static func ticket(_ n: Int) -> Message {
        Message(
            id: "T-9#\(n)", source: .ticket, locator: SourceLocator(file: "t9.html"), thread: "T-9",
            from: Participant(id: "ticket:dana"), date: nil, channel: .ticketPublic, text: "entry \(n)")
    }

    /// Twelve mails with Message-IDs, one a day from January 1st.
    static var corpus: [Message] {
        (0..<12).map { mail($0, messageID: "m\($0)@acme.example", day: 1 + $0) }
    }

    /// A message with every field set, including text PostgreSQL and JSON must carry exactly.
    static var everyField: Message {
        Message(
            id: "full-1", source: .maildir,
            locator: SourceLocator(file: "Maildir/cur/1700000000.M1P2.host:2,S", byteOffset: 9_876_543_210),
            thread: "thread-<root@x.example>", parent: "<p@x.example>", messageID: "<full@x.example>",
            from: Participant(
                id: "zoë@northwind.example", email: "zoë@northwind.example", displayName: "Zoë \"Z\" O'Brien",
                organization: "northwind.example", isExternal: true),
            to: [.email("sam@ourco.example", name: "Sam"), .email("ops@ourco.example")],
            cc: [Participant(id: "U07X", displayName: "Bot", isExternal: false)],
            date: Timestamp(year: 2026, month: 2, day: 29, hour: 23, minute: 59, second: 58, utcOffset: -18_000),
            channel: .email, subject: "Ré: naïve — 日本語 😀",
            text: "line 1\nline 2\t\"quoted\" \\ back\\slash\r\n— ünïcödé 😀 \u{7}bell",
            quotedChars: 123, flags: [.forwarded, .edited], direction: .outbound,
            attributes: ["reactions": "3", "ünï": "cödé", "empty": ""])
    }

    static let us = Us(
        identities: ["sam@ourco.example"], internalDomains: ["ourco.example"], inferred: false,
        explanation: "given: --me sam@ourco.example")

    /// A conversation between us and two customer domains over several months (`seed` varies it).
    static func conversation(seed: Int) -> [Message] {
        let people = [
            ("dana.ruiz@northwind.example", "Dana Ruiz"), ("lee@northwind.example", "Lee Park"),
            ("ops@initech.example", "Initech Ops"), ("joe.freelance@gmail.example", "Joe"),
        ]
        var messages: [Message] = []
        for i in 0..<60 {
            let (address, name) = people[(i + seed) % people.count]
            let inbound = i % 2 == 0
            let day = 1 + (i * 3 + seed) % 27
            let month = 1 + i % 3
            let them = Participant.email(address, name: name)
            let sam = Participant.email("sam@ourco.example", name: "Sam")
            messages.append(
                Message(
                    id: "c\(seed)-\(i)", source: .mbox, locator: SourceLocator(file: "c.mbox", byteOffset: Int64(i)),
                    thread: "\(address)-\(i / 4)", messageID: "c\(seed)-\(i)@x.example", from: inbound ? them : sam,
                    to: [inbound ? sam : them],
                    date: Timestamp(year: 2026, month: month, day: day, hour: 9 + i % 8, minute: i % 60),
                    channel: .email, subject: "Re: rollout",
                    text: inbound ? "Thanks Sam, that worked great — see you Tuesday." : "Glad to help, talk soon.",
                    direction: inbound ? .inbound : .outbound))
        }
        return messages
    }

    /// A report built by the analysis engine from ``conversation(seed:)``.
    static func report(seed: Int, asOf: Timestamp?) -> AnalysisReport {
        let config = AnalysisConfig.defaults
        let featurizer = Featurizer(us: us, analyzer: nil)
        var aggregate = PartialAggregate(asOf: asOf, timelineDays: config.analysis.timelineDays)
        for m in conversation(seed: seed) { aggregate.add(m, featurizer: featurizer) }
        let body = Analyzer(config: config).analyze(aggregate, asOf: asOf)
        return AnalysisReport(
            generator: "rapport test", asOf: body.asOf, inputs: [], summary: IngestSummary(), us: us,
            configHash: config.hash, lexiconHash: "lexicons-\(seed)", accounts: body.accounts,
            unaffiliated: body.unaffiliated, warnings: body.warnings, analysis: body.counts)
    }

    /// A new SQLite store in a temporary directory (the reference backend), and that directory (for the
    /// caller to remove).
    static func sqlite() throws(RapportError) -> (store: HistoryStore, directory: URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "rapport-pgtest-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        return (try HistoryStore(path: dir.appendingPathComponent("history.sqlite").path), dir)
    }

    /// A PostgreSQL store in a fresh schema (or the given one).
    static func postgres(schema: String = TestServer.freshSchema()) throws(RapportError) -> PostgresHistoryStore {
        guard let url = TestServer.url(schema: schema) else {
            throw RapportError(.missingInput, "no PostgreSQL server for the tests")
        }
        return try PostgresHistoryStore(url: url)
    }
}
