import Foundation
import RapportAnalysis
import RapportCore
import RapportIngest
import RapportSentiment
import Testing

/// The demo corpus stories (corpora/README.md) end to end: readers → us inference → analysis.
@Suite("Demo corpus")
struct DemoCorpusTests {
    static let demo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("corpora/demo").path

    static func run(asOf: String? = nil) throws -> AnalysisBody {
        var analyzer: SentimentAnalyzer?
        if let lexicons = try? Lexicons.load() { analyzer = try? SentimentAnalyzer(lexicons: lexicons) }
        let a = asOf.flatMap { Timestamp(iso8601: $0) }
        let (agg, _) = try aggregate(
            [demo], analyzer: analyzer, asOf: a, timelineDays: AnalysisConfig.defaults.analysis.timelineDays)
        return Analyzer().analyze(agg, asOf: a)
    }

    /// What the CLI does with `paths`: a first pass infers "us", a second reads the messages into an
    /// aggregate (directions the reader left unknown classified by that "us").
    static func aggregate(
        _ paths: [String], analyzer: SentimentAnalyzer?, asOf: Timestamp?, timelineDays: Int
    ) throws -> (PartialAggregate, IngestSummary) {
        let ingestor = Ingestor()
        let plan = try ingestor.plan(paths)
        var scratch = IngestSummary()
        var evidence = UsEvidence()
        try ingestor.ingest(plan, summary: &scratch, evidence: &evidence) { _ in }
        let us = evidence.infer()
        let featurizer = Featurizer(us: us, analyzer: analyzer)
        var agg = PartialAggregate(asOf: asOf, timelineDays: timelineDays)
        var summary = IngestSummary()
        var ignored = UsEvidence()
        try ingestor.ingest(plan, summary: &summary, evidence: &ignored) { message in
            var m = message
            if m.direction == .unknown { m.direction = us.classify(m) }
            agg.add(m, featurizer: featurizer)
        }
        return (agg, summary)
    }

    @Test("warming ≥ 4 with a DM, steady = 3 on email, cooling lower with an explicit-risk warning")
    func stories() throws {
        let body = try Self.run()
        let level = Dictionary(uniqueKeysWithValues: body.accounts.map { ($0.id, $0.score.level) })
        #expect(level["northwind.example"].map { $0 >= 4 } == true)
        #expect(level["kestrel-freight.example"] == 3)
        let cooling = try #require(level["harbourline.example"])
        #expect(cooling < 3)
        let dana = try #require(Kit.contact(body, "dana.whitfield@northwind.example"))
        #expect(dana.dynamics.mostPrivateChannel == "slack-dm")
        #expect(dana.aliases.contains { $0.id == "u0nwdana01" && $0.strong })
        #expect(dana.title == "Head of Data Operations")
        let katrin = try #require(Kit.contact(body, "katrin.vogel@kestrel-freight.example"))
        #expect(katrin.dynamics.mostPrivateChannel == "email")
        let risk = try #require(
            body.warnings.first { $0.rule == "explicit-risk" && $0.contact == "greg.morrison@harbourline.example" })
        // Each wording once, with every kind it counts as ("alternatives" is churn risk and competitor).
        #expect(
            risk.summary
                == "They wrote 'evaluating alternatives' (churn risk, competitor / alternatives), 'not renew' (churn risk)"
        )
        // Internal-only conversations never become contacts.
        let all = body.accounts.flatMap(\.contacts) + body.unaffiliated
        #expect(!all.contains { $0.id.hasSuffix("@rapport-demo.io") })
        #expect(body.unaffiliated.isEmpty)
    }
}
