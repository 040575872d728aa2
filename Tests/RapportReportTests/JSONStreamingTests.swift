import Foundation
import RapportAnalysis
import RapportCore
import Testing

@testable import RapportReport

/// `--format json` streams the report's long lists element by element; the bytes must equal the
/// one-piece encoding of the whole report.
@Suite("JSON streaming")
struct JSONStreamingTests {
    static func reports() throws -> [(String, AnalysisReport)] {
        var empty = SampleReports.small
        empty.accounts = []
        empty.unaffiliated = []
        empty.warnings = []
        var oneOfEach = SampleReports.generated(accounts: 1)
        oneOfEach.unaffiliated = Array(oneOfEach.unaffiliated.prefix(1))
        oneOfEach.warnings = Array(oneOfEach.warnings.prefix(1))
        return [
            ("demo", try DemoReportTests.demoReport()), ("small", SampleReports.small),
            ("generated-40", SampleReports.generated(accounts: 40)), ("empty lists", empty),
            ("one of each", oneOfEach),
        ]
    }

    @Test func sameBytesAsTheOnePieceEncoding() throws {
        for (name, report) in try Self.reports() {
            let streamed = try Renderer.render(report, format: .json)
            let whole = try JSONRenderer.encode(report, pretty: true) + "\n"
            #expect(streamed == whole, "\(name)")
            // And it is the report, read back.
            #expect(try JSONDecoder().decode(AnalysisReport.self, from: Data(streamed.utf8)) == report, "\(name)")
        }
    }

    @Test func listsAreSplicedWhereTheEncoderPutsThem() throws {
        let report = SampleReports.small
        #expect(!report.accounts.isEmpty && !report.warnings.isEmpty)
        let streamed = try Renderer.render(report, format: .json)
        #expect(streamed.hasPrefix("{\n  \"accounts\" : [\n    {\n"))
        #expect(streamed.hasSuffix("\n}\n"))
    }

    /// NDJSON lines are encoded on both cores too; each must be the line encoded on its own, in order.
    @Test func ndjsonLinesInOrder() throws {
        for (name, r) in try Self.reports() {
            var expected = [
                try JSONRenderer.encode(
                    NDJSONRenderer.Header(
                        schemaVersion: r.schemaVersion, generator: r.generator, asOf: r.asOf, inputs: r.inputs,
                        summary: r.summary, us: r.us, configHash: r.configHash, lexiconHash: r.lexiconHash,
                        analysis: r.analysis, notes: r.notes, accounts: r.accounts.count,
                        contacts: r.accounts.reduce(r.unaffiliated.count) { $0 + $1.contacts.count },
                        warnings: r.warnings.count), pretty: false)
            ]
            for (i, a) in r.accounts.enumerated() {
                expected.append(
                    try JSONRenderer.encode(
                        NDJSONRenderer.AccountLine(
                            rank: i + 1, id: a.id, name: a.name, score: a.score, contactIDs: a.contacts.map(\.id),
                            stakeholders: a.stakeholders, singleThreaded: a.singleThreaded,
                            channelMix: a.channelMix, history: a.history), pretty: false))
                for (j, c) in a.contacts.enumerated() {
                    expected.append(
                        try JSONRenderer.encode(
                            NDJSONRenderer.ContactLine(rank: j + 1, unaffiliated: false, contact: c), pretty: false))
                }
            }
            for (j, c) in r.unaffiliated.enumerated() {
                expected.append(
                    try JSONRenderer.encode(
                        NDJSONRenderer.ContactLine(rank: j + 1, unaffiliated: true, contact: c), pretty: false))
            }
            for w in r.warnings {
                expected.append(try JSONRenderer.encode(NDJSONRenderer.WarningLine(warning: w), pretty: false))
            }
            let rendered = try Renderer.render(r, format: .ndjson)
            #expect(rendered == expected.map { $0 + "\n" }.joined(), "\(name)")
        }
    }
}
