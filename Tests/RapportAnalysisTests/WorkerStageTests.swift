import Foundation
import RapportAnalysis
import RapportCore
import RapportIngest
import RapportSentiment
import Testing

/// `rapport analyze` featurizes on the readers' worker threads (`IngestOptions.workerStage` with a
/// ``FeaturizerPool``); the aggregate must be exactly the one built by featurizing on the reading thread.
@Suite("Worker-thread featurization")
struct WorkerStageTests {
    /// The demo corpus read twice, with and without the stage: the same accounts, contacts, warnings and
    /// counts, and the stage ran for the mail and Slack messages the analysis uses.
    @Test func sameAnalysisAsOnTheReadingThread() throws {
        let lexicons = try Lexicons.load()
        let analyzer = try SentimentAnalyzer(lexicons: lexicons)
        let plain = try Self.aggregate(stage: nil, analyzer: analyzer)
        let pool = FeaturizerPool(us: plain.us, lexicons: lexicons)
        let staged = try Self.aggregate(stage: { pool.prepare(&$0) }, analyzer: analyzer)
        #expect(plain.precomputed == 0)
        // Both mail and Slack readers ran the stage (the demo's tickets have no worker threads).
        #expect(staged.precomputedSources.contains(.mbox))
        #expect(staged.precomputedSources.contains(.slack))
        #expect(staged.precomputed > 50)
        let a = Analyzer().analyze(plain.aggregate, asOf: nil)
        let b = Analyzer().analyze(staged.aggregate, asOf: nil)
        #expect(Kit.encode(a.accounts) == Kit.encode(b.accounts))
        #expect(Kit.encode(a.unaffiliated) == Kit.encode(b.unaffiliated))
        #expect(Kit.encode(a.warnings) == Kit.encode(b.warnings))
        #expect(Kit.encode(a.counts) == Kit.encode(b.counts))
        #expect(Kit.encode(a.timelines) == Kit.encode(b.timelines))
    }

    /// Only messages the analysis can use are featurized: automated, internal and undated ones are not.
    @Test func preparesUsableMessagesOnly() {
        let us = Us(identities: ["me@acme.com"], internalDomains: ["acme.com"], inferred: false, explanation: "")
        let pool = FeaturizerPool(us: us, lexicons: nil)
        func message(from: String, to: String, date: Timestamp? = Timestamp(seconds: 1_700_000_000)) -> Message {
            Message(
                id: from + to, source: .mbox, locator: SourceLocator(file: "x"), thread: "t",
                from: Participant(id: from, email: from), to: [Participant(id: to, email: to)], date: date,
                channel: .email, text: "Could you send the invoice? Thanks!")
        }
        var inbound = message(from: "ann@customer.example", to: "me@acme.com")
        pool.prepare(&inbound)
        #expect(inbound.direction == .inbound)
        #expect(inbound.precomputed.object != nil)
        var internalMail = message(from: "bob@acme.com", to: "me@acme.com")
        pool.prepare(&internalMail)
        #expect(internalMail.direction == .internal)
        #expect(internalMail.precomputed.object == nil)
        var undated = message(from: "ann@customer.example", to: "me@acme.com", date: nil)
        pool.prepare(&undated)
        #expect(undated.precomputed.object == nil)
        var automated = message(from: "ann@customer.example", to: "me@acme.com")
        automated.flags = [.autoReply]
        pool.prepare(&automated)
        #expect(automated.precomputed.object == nil)
    }

    /// The cache is invisible to equality, hashing and coding.
    @Test func precomputedIsACacheOnly() throws {
        let pool = FeaturizerPool(us: Us(inferred: true, explanation: ""), lexicons: nil)
        let plain = Message(
            id: "1", source: .mbox, locator: SourceLocator(file: "x"), thread: "t",
            from: Participant(id: "a@b.example"), date: Timestamp(seconds: 1), channel: .email, text: "Hello?")
        var prepared = plain
        pool.prepare(&prepared)
        prepared.direction = plain.direction
        #expect(prepared.precomputed.object != nil)
        #expect(prepared == plain)
        #expect(prepared.hashValue == plain.hashValue)
        #expect(Kit.encode(prepared) == Kit.encode(plain))
    }

    struct Run {
        var aggregate: PartialAggregate
        var us: Us
        var precomputed = 0
        var precomputedSources: Set<SourceKind> = []
    }

    static func aggregate(stage: (@Sendable (inout Message) -> Void)?, analyzer: SentimentAnalyzer) throws -> Run {
        var ingestor = Ingestor()
        let plan = try ingestor.plan([DemoCorpusTests.demo])
        var scratch = IngestSummary()
        var evidence = UsEvidence()
        try ingestor.ingest(plan, summary: &scratch, evidence: &evidence) { _ in }
        let us = evidence.infer()
        ingestor.options.workerStage = stage
        let featurizer = Featurizer(us: us, analyzer: analyzer)
        var run = Run(
            aggregate: PartialAggregate(asOf: nil, timelineDays: AnalysisConfig.defaults.analysis.timelineDays), us: us)
        var summary = IngestSummary()
        var ignored = UsEvidence()
        try ingestor.ingest(plan, summary: &summary, evidence: &ignored) { message in
            var m = message
            if m.precomputed.object != nil {
                run.precomputed += 1
                run.precomputedSources.insert(m.source)
            }
            if m.direction == .unknown { m.direction = us.classify(m) }
            run.aggregate.add(m, featurizer: featurizer)
        }
        return run
    }
}
