import RapportAnalysis
import RapportCore

/// `--format csv`: RFC 4180 (CRLF line ends, fields quoted when they hold `,` `"` CR or LF, quotes
/// doubled), one row per account and per contact, preceded by `meta` rows carrying the provenance.
///
/// Formula-injection safe: a cell starting with `=`, `+`, `-`, `@`, tab or CR is prefixed with `'`
/// unless the whole cell is a plain number (`-3`, `-0.25`), which spreadsheets cannot evaluate.
public enum CSVRenderer {
    static let fixedComponents = [
        "warmth", "intimacy", "responsiveness", "recency", "volume", "duration", "balance", "sentiment",
        "open-items",
    ]

    static let baseColumns = [
        "record", "rank", "account", "id", "name", "email", "title", "level", "band", "points", "trend_level",
        "trend_points", "confidence", "gates", "messages_in", "messages_out", "reply_rate_them", "reply_rate_us",
        "latency_them_median_s", "latency_them_p90_s", "latency_us_median_s", "median_words_them",
        "median_words_us", "verbosity_ratio", "intimacy", "most_private_channel", "channels", "first_message",
        "last_message", "open_items", "stakeholders", "single_threaded", "channel_mix", "warnings",
        "reply_exchanges", "informal_share_them", "off_hours_share_them", "verbosity_trend_them", "reactions_them",
        "reactions_us", "acknowledgements_them",
    ]

    static func render(_ r: AnalysisReport, into out: inout ChunkedOutput) {
        var componentIDs = fixedComponents
        var extra: Set<String> = []
        func collect(_ s: ScoreResult) {
            for c in s.components where !fixedComponents.contains(c.id) { extra.insert(c.id) }
        }
        for a in r.accounts {
            collect(a.score)
            a.contacts.forEach { collect($0.score) }
        }
        r.unaffiliated.forEach { collect($0.score) }
        componentIDs += extra.sorted()
        let header = baseColumns + componentIDs.map { "contrib_" + $0.replacingAll("-", with: "_") }
        let width = header.count
        func row(_ cells: [String]) {
            var cells = cells
            while cells.count < width { cells.append("") }
            out.write(cells.map(field).joined(separator: ","))
            out.write("\r\n")
        }
        row(header)
        for (key, value) in Provenance.pairs(r) { row(["meta", "", "", key, value]) }

        var warningsBy: [String: [Warning]] = [:]
        var warningsByAccount: [String: [Warning]] = [:]
        for w in r.warnings {
            warningsBy[w.contact, default: []].append(w)
            if let a = w.account { warningsByAccount[a, default: []].append(w) }
        }
        func warningCell(_ ws: [Warning]?) -> String {
            (ws ?? []).map { "\($0.severity.rawValue):\($0.rule)" }.joined(separator: "; ")
        }
        func scoreCells(_ s: ScoreResult) -> [String] {
            [
                String(s.level), Band(level: s.level).rawValue, Fmt.fixed(s.points, 2),
                s.trend.map { String($0.levelDelta) } ?? "", s.trend.map { Fmt.fixed($0.pointsDelta, 2) } ?? "",
                Fmt.fixed(s.confidence, 3), s.gates.joined(separator: "; "),
            ]
        }
        func components(_ s: ScoreResult) -> [String] {
            componentIDs.map { id in
                s.components.first(where: { $0.id == id }).map { Fmt.fixed($0.contribution, 3) } ?? ""
            }
        }
        func contactRow(_ c: ContactResult, rank: Int, record: String) {
            let d = c.dynamics
            var cells = [record, String(rank), c.account ?? "", c.id, c.displayName, c.email ?? "", c.title ?? ""]
            cells += scoreCells(c.score)
            cells += [
                String(d.messagesIn), String(d.messagesOut), opt(d.replyRateThem, 3), opt(d.replyRateUs, 3),
                opt(d.latencyThem.medianSeconds, 0), opt(d.latencyThem.p90Seconds, 0),
                opt(d.latencyUs.medianSeconds, 0),
                opt(d.medianWordsThem, 1), opt(d.medianWordsUs, 1), opt(d.verbosityRatio, 3), Fmt.fixed(d.intimacy, 1),
                d.mostPrivateChannel ?? "", d.channels.joined(separator: " "), d.firstMessage?.iso8601 ?? "",
                d.lastMessage?.iso8601 ?? "", String(d.openItems.count), "", "", "", warningCell(warningsBy[c.id]),
                d.replyExchanges.map(String.init) ?? "", opt(d.informalShareThem, 3), opt(d.offHoursShareThem, 3),
                opt(d.verbosityTrendThem, 2), d.reactionsThem.map(String.init) ?? "",
                d.reactionsUs.map(String.init) ?? "", d.acknowledgementsThem.map(String.init) ?? "",
            ]
            row(cells + components(c.score))
        }
        for (i, a) in r.accounts.enumerated() {
            let messagesIn = a.contacts.reduce(0) { $0 + $1.dynamics.messagesIn }
            let messagesOut = a.contacts.reduce(0) { $0 + $1.dynamics.messagesOut }
            let openItems = a.contacts.reduce(0) { $0 + $1.dynamics.openItems.count }
            var cells = ["account", String(i + 1), a.id, a.id, a.name, "", ""]
            cells += scoreCells(a.score)
            cells += [String(messagesIn), String(messagesOut)]
            cells += Array(repeating: "", count: 13)
            cells += [
                String(openItems), String(a.stakeholders), a.singleThreaded ? "true" : "false",
                a.channelMix.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "),
                warningCell(warningsByAccount[a.id]), "", "", "", "", "", "", "",
            ]
            row(cells + components(a.score))
            for (j, c) in a.contacts.enumerated() { contactRow(c, rank: j + 1, record: "contact") }
        }
        for (j, c) in r.unaffiliated.enumerated() { contactRow(c, rank: j + 1, record: "unaffiliated-contact") }
    }

    static func opt(_ v: Double?, _ places: Int) -> String { v.map { Fmt.fixed($0, places) } ?? "" }

    /// One CSV field: formula-neutralized, then quoted per RFC 4180 when needed.
    public static func field(_ raw: String) -> String {
        var s = raw
        if let first = s.utf8.first,
            first == UInt8(ascii: "=") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
                || first == UInt8(ascii: "@") || first == 0x09 || first == 0x0D,
            !isPlainNumber(s)
        {
            s = "'" + s
        }
        if s.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) {
            return "\"" + s.replacingAll("\"", with: "\"\"") + "\""
        }
        return s
    }

    /// `-?digits(.digits)?` only.
    static func isPlainNumber(_ s: String) -> Bool {
        var bytes = Substring(s).utf8[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        var digits = 0
        var dot = false
        for b in bytes {
            if b >= 48 && b <= 57 {
                digits += 1
            } else if b == UInt8(ascii: "."), !dot, digits > 0 {
                dot = true
            } else {
                return false
            }
        }
        return digits > 0 && bytes.last != UInt8(ascii: ".")
    }
}
