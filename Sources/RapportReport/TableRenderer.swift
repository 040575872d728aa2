import RapportAnalysis
import RapportCore

/// `--format table`: a ranked table for terminals. With ``RenderOptions/color`` levels are coloured
/// by band (red 1–2, amber 3, green 4–5) and trends drawn as arrows; without it the output is plain
/// text whose structure is ASCII only (`^`/`v`/`=` trends). Columns are aligned by display width, so
/// CJK and emoji names line up. Control characters and bidi overrides in names are removed.
struct TableRenderer {
    let options: RenderOptions
    static let nameWidth = 40

    private var color: Bool { options.color }

    func render(_ r: AnalysisReport, into out: inout ChunkedOutput) {
        out.line(bold("Rapport relationship report"))
        for (key, value) in Provenance.pairs(r) {
            out.line(DisplayWidth.pad(label(key) + ":", to: 14) + Sanitize.line(value))
        }
        out.line()

        let headers = [
            "#", "ACCOUNT / CONTACT", "LVL", "POINTS", "TREND", "CONF", "IN", "OUT", "REPLY THEM", "REPLY US",
            "INTIM", "WARN",
        ]
        let rightAligned: Set<Int> = [0, 3, 5, 6, 7, 8, 9, 10]
        var rows: [Row] = []
        var warnCount: [String: (act: Int, watch: Int)] = [:]
        var accountWarn: [String: (act: Int, watch: Int)] = [:]
        for w in r.warnings {
            var c = warnCount[w.contact, default: (0, 0)]
            if w.severity == .act { c.act += 1 } else { c.watch += 1 }
            warnCount[w.contact] = c
            if let a = w.account {
                var c = accountWarn[a, default: (0, 0)]
                if w.severity == .act { c.act += 1 } else { c.watch += 1 }
                accountWarn[a] = c
            }
        }
        for (i, a) in r.accounts.enumerated() {
            let full = a.name == a.id || a.name.isEmpty ? a.id : "\(a.name) (\(a.id))"
            let name = DisplayWidth.truncate(Sanitize.line(full), to: Self.nameWidth, ascii: !color)
            let messagesIn = a.contacts.reduce(0) { $0 + $1.dynamics.messagesIn }
            let messagesOut = a.contacts.reduce(0) { $0 + $1.dynamics.messagesOut }
            rows.append(
                Row(
                    level: a.score.level, trend: a.score.trend, isAccount: true,
                    cells: [
                        String(i + 1), name, "", Fmt.fixed(a.score.points, 1), "", Fmt.fixed(a.score.confidence, 2),
                        String(messagesIn), String(messagesOut), "", "", "", warnText(accountWarn[a.id]),
                    ]))
            for c in a.contacts { rows.append(contactRow(c, indent: "  ", warn: warnCount[c.id])) }
        }
        if !r.unaffiliated.isEmpty {
            rows.append(Row(level: nil, trend: nil, isAccount: true, cells: ["", "(no account)"]))
            for c in r.unaffiliated { rows.append(contactRow(c, indent: "  ", warn: warnCount[c.id])) }
        }

        // Column widths by display width (level and trend cells are fixed-width).
        var widths = headers.map { DisplayWidth.of($0) }
        widths[2] = max(widths[2], 3)
        for row in rows { widths[4] = max(widths[4], DisplayWidth.of(trendText(row.trend).0)) }
        for row in rows {
            for (k, cell) in row.cells.enumerated() where k != 2 && k != 4 {
                widths[k] = max(widths[k], DisplayWidth.of(cell))
            }
        }
        var headerLine: [String] = []
        for (k, h) in headers.enumerated() {
            headerLine.append(DisplayWidth.pad(h, to: widths[k], right: rightAligned.contains(k)))
        }
        out.line(bold(trimEnd(headerLine.joined(separator: "  "))))
        for row in rows {
            var parts: [String] = []
            for k in 0..<headers.count {
                let cell = k < row.cells.count ? row.cells[k] : ""
                switch k {
                case 2: parts.append(levelCell(row.level, width: widths[k]))
                case 4: parts.append(trendCell(row.trend, width: widths[k]))
                default:
                    let padded = DisplayWidth.pad(cell, to: widths[k], right: rightAligned.contains(k))
                    parts.append(k == 1 && row.isAccount ? bold(padded) : padded)
                }
            }
            out.line(trimEnd(parts.joined(separator: "  ")))
        }
        if r.accounts.isEmpty && r.unaffiliated.isEmpty { out.line("(no contacts)") }

        out.line()
        var names: [String: String] = [:]
        for a in r.accounts { for c in a.contacts where !c.displayName.isEmpty { names[c.id] = c.displayName } }
        for c in r.unaffiliated where !c.displayName.isEmpty { names[c.id] = c.displayName }
        out.line(bold("Warnings") + " (\(r.warnings.count))")
        for w in r.warnings {
            let severity = w.severity == .act ? paint("ACT  ", 31) : paint("watch", 33)
            var who = Sanitize.line(names[w.contact].map { "\($0) <\(w.contact)>" } ?? w.contact)
            if let a = w.account { who += " (" + Sanitize.line(a) + ")" }
            out.line(
                "  \(severity)  \(Sanitize.line(w.rule))  \(who)  \(Fmt.day(w.raisedAt))  \(Sanitize.line(w.summary))")
            for e in w.evidence {
                var s = "      - \(Fmt.day(e.date)) \(Sanitize.line(e.reason))"
                if let q = e.quote { s += (color ? " “" : " \"") + Sanitize.line(q) + (color ? "”" : "\"") }
                out.line(s)
            }
        }
        out.line()
        out.line(
            "Levels: 1-2 \(paint("red", 31)), 3 \(paint("amber", 33)), 4-5 \(paint("green", 32)); trend vs previous period"
                + (color ? " (↑ up, ↓ down, → same)." : " (^ up, v down, = same)."))
    }

    private struct Row {
        var level: Int?
        var trend: Trend?
        var isAccount: Bool
        var cells: [String]
    }

    private func contactRow(_ c: ContactResult, indent: String, warn: (act: Int, watch: Int)?) -> Row {
        var name = Sanitize.line(c.displayName.isEmpty ? c.id : c.displayName)
        if let title = c.title, !title.isEmpty { name += ", " + Sanitize.line(title) }
        name = indent + DisplayWidth.truncate(name, to: Self.nameWidth - indent.count, ascii: !color)
        let d = c.dynamics
        return Row(
            level: c.score.level, trend: c.score.trend, isAccount: false,
            cells: [
                "", name, "", Fmt.fixed(c.score.points, 1), "", Fmt.fixed(c.score.confidence, 2),
                String(d.messagesIn), String(d.messagesOut), Fmt.duration(d.latencyThem.medianSeconds),
                Fmt.duration(d.latencyUs.medianSeconds), Fmt.fixed(d.intimacy, 0), warnText(warn),
            ])
    }

    private func warnText(_ w: (act: Int, watch: Int)?) -> String {
        guard let w else { return "" }
        var parts: [String] = []
        if w.act > 0 { parts.append("\(w.act) act") }
        if w.watch > 0 { parts.append("\(w.watch) watch") }
        return parts.joined(separator: ", ")
    }

    private func levelCell(_ level: Int?, width: Int) -> String {
        guard let level else { return String(repeating: " ", count: width) }
        let text = DisplayWidth.pad(String(level), to: width, right: true)
        switch Band(level: level) {
        case .red: return paint(text, 31)
        case .amber: return paint(text, 33)
        case .green: return paint(text, 32)
        }
    }

    private func trendText(_ trend: Trend?) -> (String, Int) {
        guard let t = trend else { return ("", 0) }
        let arrow: String
        let code: Int
        if t.levelDelta > 0 || (t.levelDelta == 0 && t.pointsDelta >= 0.5) {
            arrow = color ? "↑" : "^"
            code = 32
        } else if t.levelDelta < 0 || (t.levelDelta == 0 && t.pointsDelta <= -0.5) {
            arrow = color ? "↓" : "v"
            code = 31
        } else {
            arrow = color ? "→" : "="
            code = 0
        }
        let points = Fmt.fixed(t.pointsDelta, 1)
        return (arrow + " " + (points.hasPrefix("-") ? points : "+" + points), code)
    }

    private func trendCell(_ trend: Trend?, width: Int) -> String {
        let (text, code) = trendText(trend)
        let padded = DisplayWidth.pad(text, to: width)
        return code == 0 ? padded : paint(padded, code)
    }

    private func label(_ key: String) -> String {
        switch key {
        case "as_of": return "As of"
        case "schema_version": return "Schema"
        case "config_hash": return "Config hash"
        case "lexicon_hash": return "Lexicon hash"
        case "us": return "Us"
        default: return key.prefix(1).uppercased() + key.dropFirst()
        }
    }

    private func paint(_ s: String, _ code: Int) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
    private func bold(_ s: String) -> String { color ? "\u{1B}[1m\(s)\u{1B}[0m" : s }

    private func trimEnd(_ s: String) -> String {
        var s = Substring(s)
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
