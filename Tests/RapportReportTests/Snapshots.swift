import Foundation
import Testing

/// Byte-for-byte comparison against committed files under `Fixtures/reports/`.
/// `RAPPORT_UPDATE_SNAPSHOTS=1 swift test --filter RapportReportTests` rewrites them.
enum Snapshots {
    static let directory: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/reports")

    static var updating: Bool { ProcessInfo.processInfo.environment["RAPPORT_UPDATE_SNAPSHOTS"] == "1" }

    static func assertMatches(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name)
        if updating {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try? Data(actual.utf8).write(to: url)
            return
        }
        guard let expected = try? Data(contentsOf: url) else {
            Issue.record(
                "missing snapshot \(name): run RAPPORT_UPDATE_SNAPSHOTS=1 swift test --filter RapportReportTests",
                sourceLocation: sourceLocation)
            return
        }
        if expected != Data(actual.utf8) {
            let exp = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let act = actual.split(separator: "\n", omittingEmptySubsequences: false)
            var line = 0
            while line < min(exp.count, act.count), exp[line] == act[line] { line += 1 }
            let e = line < exp.count ? String(exp[line]) : "<end>"
            let a = line < act.count ? String(act[line]) : "<end>"
            let message: String =
                "snapshot \(name) differs at line \(line + 1):\n expected: \(e)\n   actual: \(a)\n"
                + "(RAPPORT_UPDATE_SNAPSHOTS=1 rewrites snapshots after a deliberate change)"
            Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
        }
    }
}
