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
}
