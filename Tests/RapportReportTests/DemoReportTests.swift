import Foundation
import RapportAnalysis
import RapportCore
import Testing

@testable import RapportReport

/// Every format rendered from a real analysis of the demo corpus, frozen as
/// `Fixtures/reports/demo-report.json` so these snapshots change only when rendering changes.
/// Re-freeze after the analysis or ingestion changes (see docs/reports.md):
/// `rapport analyze corpora/demo --format json > Tests/RapportReportTests/Fixtures/reports/demo-report.json`
@Suite("Demo corpus reports")
struct DemoReportTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    static func demoReport() throws -> AnalysisReport {
        let url = Snapshots.directory.appendingPathComponent("demo-report.json")
        return try JSONDecoder().decode(AnalysisReport.self, from: Data(contentsOf: url))
    }

    static let cases: [(String, ReportFormat, RenderOptions)] = [
        ("demo.txt", .table, RenderOptions()),
        ("demo.csv", .csv, RenderOptions()),
        ("demo.ndjson", .ndjson, RenderOptions()),
        ("demo.html", .html, RenderOptions()),
        ("demo-redacted.json", .json, RenderOptions(redact: true)),
        ("demo-redacted.html", .html, RenderOptions(redact: true)),
    ]

    @Test(arguments: 0..<cases.count)
    func matchesSnapshot(_ index: Int) throws {
        let (name, format, options) = Self.cases[index]
        Snapshots.assertMatches(try Renderer.render(try Self.demoReport(), format: format, options: options), name)
    }

    @Test func jsonReproducesTheFrozenReport() throws {
        let url = Snapshots.directory.appendingPathComponent("demo-report.json")
        let frozen = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        #expect(try Renderer.render(try Self.demoReport(), format: .json) == frozen)
    }

    /// Names, addresses, Slack ids and domains of the demo's people (from corpora/expected/demo.json).
    static func demoSecrets() throws -> [String] {
        let url = root.appendingPathComponent("../../corpora/expected/demo.json").standardized
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        var found: Set<String> = []
        func walk(_ v: Any, key: String?) {
            if let d = v as? [String: Any] {
                for (k, x) in d { walk(x, key: k) }
            } else if let a = v as? [Any] {
                for x in a { walk(x, key: key) }
            } else if let s = v as? String, let key, ["name", "email", "slack_id", "id", "domain"].contains(key) {
                found.insert(s)
            }
        }
        walk(object, key: nil)
        // Only people and customer accounts that the report mentions (and our own domain).
        let report = try Self.demoReport()
        let text = try Renderer.render(report, format: .json)
        return found.filter { text.contains($0) && $0.count >= 3 }.sorted()
    }

    @Test(arguments: ReportFormat.allCases)
    func redactionRemovesEveryDemoIdentityAndQuote(_ format: ReportFormat) throws {
        let report = try Self.demoReport()
        var secrets = try Self.demoSecrets()
        #expect(secrets.contains("dana.whitfield@northwind.example"))
        #expect(secrets.contains("Dana Whitfield"))
        for a in report.accounts {
            for c in a.contacts {
                secrets += c.score.evidence.compactMap(\.quote).filter { $0.count >= 8 }
                secrets += c.displayName.split(separator: " ").map(String.init).filter { $0.count >= 3 }
            }
        }
        let text = try Renderer.render(report, format: format, options: RenderOptions(redact: true))
        for s in secrets {
            #expect(!text.contains(s), "\(format): leaked \(s)")
            #expect(!text.contains(esc(s)), "\(format): leaked \(s) (escaped)")
        }
    }
}
