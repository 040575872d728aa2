import Foundation
public import RapportCore

/// Renders a subject's snapshots for `rapport history` (`table` or `json`).
public enum HistoryRenderer {
    /// A plain-text table, oldest run first, with the level/points change against the previous run.
    public static func table(subject: String, snapshots: [Snapshot]) -> String {
        guard !snapshots.isEmpty else { return "No history for \(subject).\n" }
        var out = ""
        let kinds = Set(snapshots.map(\.kind.rawValue)).sorted().joined(separator: "/")
        let name = snapshots.last.map { $0.name.isEmpty ? $0.subjectID : $0.name } ?? subject
        out += "History of \(clean(name)) (\(kinds) \(clean(snapshots[0].subjectID))"
        if let a = snapshots.last?.accountID, snapshots.last?.kind == .contact { out += ", account " + clean(a) }
        out += "): \(snapshots.count) snapshot\(snapshots.count == 1 ? "" : "s")\n"
        let header = ["RUN", "AS OF", "RECORDED", "KIND", "LEVEL", "POINTS", "CHANGE", "CONF", "IN", "OUT"]
        var rows: [[String]] = []
        var previous: [SubjectKind: Snapshot] = [:]
        for s in snapshots {
            var change = ""
            if let p = previous[s.kind] {
                let dl = s.level - p.level
                let dp = s.points - p.points
                change = (dl > 0 ? "+\(dl)" : dl < 0 ? "\(dl)" : "=") + " (" + (dp >= 0 ? "+" : "") + fixed1(dp) + ")"
            }
            previous[s.kind] = s
            rows.append([
                String(s.runID), s.asOf.map { String($0.iso8601.prefix(10)) } ?? "-", String(s.recordedAt.prefix(19)),
                s.kind.rawValue, String(s.level), fixed1(s.points), change, fixed2(s.confidence), String(s.messagesIn),
                String(s.messagesOut),
            ])
        }
        var widths = header.map(\.count)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        let right: Set<Int> = [0, 4, 5, 7, 8, 9]
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, c) in cells.enumerated() {
                let fill = String(repeating: " ", count: widths[i] - c.count)
                parts.append(right.contains(i) ? fill + c : c + fill)
            }
            var s = parts.joined(separator: "  ")
            while s.hasSuffix(" ") { s.removeLast() }
            return s + "\n"
        }
        out += line(header)
        for r in rows { out += line(r) }
        return out
    }

    /// The snapshots as a JSON array (sorted keys).
    public static func json(_ snapshots: [Snapshot]) throws(RapportError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(snapshots), as: UTF8.self) + "\n"
        } catch {
            throw RapportError(.io, "JSON encoding failed: \(error)")
        }
    }

    static func fixed1(_ v: Double) -> String { fixed(v, 10) }
    static func fixed2(_ v: Double) -> String { fixed(v, 100) }

    private static func fixed(_ v: Double, _ scale: Int) -> String {
        let n = Int((abs(v) * Double(scale)).rounded(.toNearestOrAwayFromZero))
        let places = scale == 10 ? 1 : 2
        var frac = String(n % scale)
        while frac.count < places { frac = "0" + frac }
        return (v < 0 && n != 0 ? "-" : "") + String(n / scale) + "." + frac
    }

    /// Drops control characters (names are input data).
    private static func clean(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }))
    }
}
