import RapportAnalysis
import RapportCore

/// `--format html`: one self-contained page (inline CSS and SVG, no scripts, no fonts, no network;
/// a Content-Security-Policy forbids any fetch). Accounts are ranked with colour bands; each account
/// is a collapsible `<details>` (closed, so 1,000 accounts stay usable) with its score components and
/// history chart, channel mix, and per contact: dynamics, latency and verbosity charts per month,
/// open items and a thread view of the evidence. Every piece of text from the input is HTML-escaped.
struct HTMLRenderer {
    let options: RenderOptions

    func render(_ r: AnalysisReport, into out: inout ChunkedOutput) {
        let contactCount = r.accounts.reduce(r.unaffiliated.count) { $0 + $1.contacts.count }
        let act = r.warnings.filter { $0.severity == .act }.count
        out.write(
            """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
            <meta name="generator" content="\(esc(r.generator))">
            <title>Rapport report\(r.asOf.map { " as of " + esc(Fmt.day($0)) } ?? "")</title>
            <style>\(Self.css)</style>
            </head>
            <body>
            <header>
            <h1>Rapport relationship report</h1>
            <p class="sub">\(Fmt.count(r.accounts.count, "account")) · \(Fmt.count(contactCount, "contact")) · \(Fmt.count(r.warnings.count, "warning")) (\(act) act)\(options.redact ? " · <strong>redacted</strong>" : "")</p>

            """)
        for note in r.notes ?? [] { out.write("<p class=\"note\"><b>Note:</b> \(esc(note))</p>\n") }
        out.write("<details class=\"prov\" open><summary>Provenance (to reproduce this result)</summary>\n<dl>\n")
        for (key, value) in Provenance.pairs(r) {
            out.write("<dt>\(esc(key))</dt><dd>\(esc(value))</dd>\n")
        }
        out.write("</dl>\n</details>\n</header>\n<main>\n")

        // Ranking.
        out.write("<section id=\"ranking\">\n<h2>Accounts ranked</h2>\n")
        if r.accounts.isEmpty {
            out.write("<p>No accounts.</p>\n")
        } else {
            out.write(
                "<table class=\"rank\">\n<thead><tr><th>#</th><th>Account</th><th>Level</th><th>Points</th><th>Trend</th>"
                    + "<th>Contacts</th><th>Stakeholders</th><th>Warnings</th></tr></thead>\n<tbody>\n")
            var warnings: [String: Int] = [:]
            for w in r.warnings { if let a = w.account { warnings[a, default: 0] += 1 } }
            for (i, a) in r.accounts.enumerated() {
                out.write(
                    "<tr><td>\(i + 1)</td><td><a href=\"#a\(i + 1)\">\(esc(a.name.isEmpty ? a.id : a.name))</a>\(idSpan(a))</td>"
                        + "<td>\(badge(a.score.level))</td><td class=\"n\">\(Fmt.fixed(a.score.points, 1))</td>"
                        + "<td>\(trend(a.score.trend))</td><td class=\"n\">\(a.contacts.count)</td>"
                        + "<td class=\"n\">\(a.stakeholders)\(a.singleThreaded ? " <span class=\"flag\">single-threaded</span>" : "")</td>"
                        + "<td class=\"n\">\(warnings[a.id].map(String.init) ?? "")</td></tr>\n")
            }
            out.write("</tbody>\n</table>\n")
        }
        out.write("</section>\n")

        // Warnings (contact names looked up by id).
        var names: [String: String] = [:]
        for a in r.accounts { for c in a.contacts where !c.displayName.isEmpty { names[c.id] = c.displayName } }
        for c in r.unaffiliated where !c.displayName.isEmpty { names[c.id] = c.displayName }
        out.write("<section id=\"warnings\">\n<h2>Warnings (\(r.warnings.count))</h2>\n")
        if r.warnings.isEmpty { out.write("<p>No warnings.</p>\n") }
        // Many warnings fold away so the ranking and accounts stay reachable.
        let foldWarnings = r.warnings.count > 50
        if foldWarnings {
            out.write(
                "<details class=\"prov\"><summary>Show all \(Fmt.count(r.warnings.count, "warning")) (\(act) act)</summary>\n"
            )
        }
        for w in r.warnings {
            out.write("<article class=\"warn \(w.severity.rawValue)\">\n")
            out.write(
                "<h3><span class=\"sev\">\(w.severity == .act ? "act" : "watch")</span> \(esc(w.rule)) — "
                    + (names[w.contact].map { esc($0) + " <span class=\"id\">" + esc(w.contact) + "</span>" }
                        ?? esc(w.contact))
                    + (w.account.map { " <span class=\"id\">(\(esc($0)))</span>" } ?? "")
                    + " <time>\(esc(Fmt.day(w.raisedAt)))</time></h3>\n<p>\(esc(w.summary))</p>\n")
            evidenceList(w.evidence, into: &out)
            out.write("</article>\n")
        }
        if foldWarnings { out.write("</details>\n") }
        out.write("</section>\n")

        // Accounts.
        var warningsByContact: [String: [Warning]] = [:]
        for w in r.warnings { warningsByContact[w.contact, default: []].append(w) }
        out.write("<section id=\"accounts\">\n<h2>Accounts</h2>\n")
        for (i, a) in r.accounts.enumerated() {
            account(a, anchor: "a\(i + 1)", rank: i + 1, warnings: warningsByContact, into: &out)
        }
        out.write("</section>\n")
        if !r.unaffiliated.isEmpty {
            out.write("<section id=\"unaffiliated\">\n<h2>Contacts without an account (\(r.unaffiliated.count))</h2>\n")
            for (j, c) in r.unaffiliated.enumerated() {
                contact(c, anchor: "u\(j + 1)", warnings: warningsByContact[c.id] ?? [], into: &out)
            }
            out.write("</section>\n")
        }
        out.write(
            """
            </main>
            <footer><p>Levels: <span class="lvl b-red">1–2</span> cold or at risk · <span class="lvl b-amber">3</span> neutral · <span class="lvl b-green">4–5</span> warm. Trend: change against the previous period. Made offline by \(esc(r.generator)).</p></footer>
            </body>
            </html>

            """)
    }

    // MARK: Sections

    private func account(
        _ a: AccountResult, anchor: String, rank: Int, warnings: [String: [Warning]], into out: inout ChunkedOutput
    ) {
        out.write(
            "<details class=\"account\" id=\"\(anchor)\"><summary>\(badge(a.score.level)) <b>\(rank). \(esc(a.name.isEmpty ? a.id : a.name))</b>"
                + idSpan(a) + " <span class=\"pts\">\(Fmt.fixed(a.score.points, 1)) pts</span> "
                + trend(a.score.trend) + "</summary>\n<div class=\"body\">\n<div class=\"grid\">\n")
        out.write("<div><h4>Score</h4>\n")
        scoreTable(a.score, into: &out)
        out.write("</div>\n<div><h4>Score history</h4>\n")
        out.write(
            Chart.line(
                labels: a.history.map(\.period),
                series: [Chart.Series(name: "points", css: "s1", values: a.history.map(\.points))],
                fixedMax: 100, unit: { Fmt.fixed($0, 0) }))
        out.write("</div>\n<div><h4>Channel mix</h4>\n")
        out.write(Chart.mix(a.channelMix))
        out.write("</div>\n</div>\n")
        out.write(
            "<p class=\"meta\">\(Fmt.count(a.stakeholders, "stakeholder"))\(a.singleThreaded ? " · <span class=\"flag\">single-threaded</span>" : "")</p>\n"
        )
        out.write("<h4>Contacts (\(a.contacts.count))</h4>\n")
        for (j, c) in a.contacts.enumerated() {
            contact(c, anchor: "\(anchor)-c\(j + 1)", warnings: warnings[c.id] ?? [], into: &out)
        }
        out.write("</div>\n</details>\n")
    }

    private func contact(_ c: ContactResult, anchor: String, warnings: [Warning], into out: inout ChunkedOutput) {
        let d = c.dynamics
        var who = esc(c.displayName.isEmpty ? c.id : c.displayName)
        if let t = c.title, !t.isEmpty { who += ", " + esc(t) }
        out.write(
            "<details class=\"contact\" id=\"\(anchor)\"><summary>\(badge(c.score.level)) \(who)"
                + (c.email.map { " <span class=\"id\">\(esc($0))</span>" } ?? "")
                + " <span class=\"pts\">\(Fmt.fixed(c.score.points, 1)) pts</span> \(trend(c.score.trend))"
                + (warnings.isEmpty
                    ? "" : " <span class=\"flag\">\(warnings.count) warning\(warnings.count == 1 ? "" : "s")</span>")
                + "</summary>\n<div class=\"body\">\n<div class=\"grid\">\n<div class=\"tall\"><h4>Dynamics</h4>\n<table class=\"kv\">\n"
        )
        var rows: [(String, String)] = [
            ("messages in / out", "\(d.messagesIn) / \(d.messagesOut)"),
            ("threads started by them / us", "\(d.threadsStartedByThem) / \(d.threadsStartedByUs)"),
            ("reply rate them / us", Fmt.percent(d.replyRateThem) + " / " + Fmt.percent(d.replyRateUs)),
            (
                "latency them: median (p90)",
                Fmt.duration(d.latencyThem.medianSeconds) + " (" + Fmt.duration(d.latencyThem.p90Seconds) + ")"
            ),
            (
                "latency us: median (p90)",
                Fmt.duration(d.latencyUs.medianSeconds) + " (" + Fmt.duration(d.latencyUs.p90Seconds) + ")"
            ),
            (
                "words per message them / us",
                Fmt.fixed(d.medianWordsThem, 0) + " / " + Fmt.fixed(d.medianWordsUs, 0) + " (ratio "
                    + Fmt.fixed(d.verbosityRatio, 2) + ")"
            ),
            ("intimacy", Fmt.fixed(d.intimacy, 0) + " / 100"),
            ("reply exchanges", d.replyExchanges.map(String.init) ?? "-"),
            (
                "their informal / off-hours share",
                Fmt.percent(d.informalShareThem) + " / " + Fmt.percent(d.offHoursShareThem)
            ),
            ("their verbosity trend", d.verbosityTrendThem.map { Fmt.fixed($0, 1) + " words/month" } ?? "-"),
            (
                "their closers / mobile replies",
                (d.closersThem.map(String.init) ?? "-") + " / " + (d.mobileRepliesThem.map(String.init) ?? "-")
            ),
            ("channels", d.channels.joined(separator: ", ")),
            ("channel path", d.channelPath.joined(separator: " → ")),
            ("first / last message", Fmt.day(d.firstMessage) + " / " + Fmt.day(d.lastMessage)),
            ("confidence", Fmt.fixed(c.score.confidence, 2)),
        ]
        // Slack reactions, only where either side reacted (docs/dynamics.md, "Reactions"), before the channels.
        if let them = d.reactionsThem {
            rows.insert(
                (
                    "reactions them / us (their acknowledgements)",
                    "\(them) / \(d.reactionsUs ?? 0) (\(d.acknowledgementsThem ?? 0))"
                ), at: rows.firstIndex { $0.0 == "channels" } ?? rows.count)
        }
        for (k, v) in rows { out.write("<tr><th>\(esc(k))</th><td>\(esc(v))</td></tr>\n") }
        if !c.aliases.isEmpty {
            let aliases = c.aliases.map {
                esc($0.id) + " <small>(" + esc($0.via) + ($0.strong ? "" : ", weak") + ")</small>"
            }
            out.write("<tr><th>also known as</th><td>\(aliases.joined(separator: ", "))</td></tr>\n")
        }
        out.write("</table>\n</div>\n<div><h4>Reply latency per month (hours)</h4>\n")
        let months = c.months.map(\.month)
        out.write(
            Chart.line(
                labels: months,
                series: [
                    Chart.Series(
                        name: "them", css: "s1", values: c.months.map { $0.medianLatencyThemSeconds.map { $0 / 3600 } }),
                    Chart.Series(
                        name: "us", css: "s2", values: c.months.map { $0.medianLatencyUsSeconds.map { $0 / 3600 } }),
                ], fixedMax: nil, unit: { Fmt.fixed($0, 1) }))
        out.write("</div>\n<div><h4>Words per message per month</h4>\n")
        out.write(
            Chart.line(
                labels: months,
                series: [
                    Chart.Series(name: "them", css: "s1", values: c.months.map(\.medianWordsThem)),
                    Chart.Series(name: "us", css: "s2", values: c.months.map(\.medianWordsUs)),
                ], fixedMax: nil, unit: { Fmt.fixed($0, 0) }))
        out.write("</div>\n<div><h4>Score</h4>\n")
        scoreTable(c.score, into: &out)
        out.write("</div>\n</div>\n")
        if !d.openItems.isEmpty {
            out.write("<h4>Open items (\(d.openItems.count))</h4>\n<ul class=\"open\">\n")
            for item in d.openItems {
                out.write(
                    "<li><b>\(esc(item.waitingOn))</b> since <time>\(esc(Fmt.day(item.since)))</time> ("
                        + Fmt.fixed(item.ageBusinessDays, 1)
                        + " business days) <span class=\"id\">\(esc(item.messageID))</span>"
                        + (item.quote.map { "<blockquote>\(esc($0))</blockquote>" } ?? "") + "</li>\n")
            }
            out.write("</ul>\n")
        }
        threadView(c, warnings: warnings, into: &out)
        out.write("</div>\n</details>\n")
    }

    /// Evidence messages of a contact (score, warnings, open items) in date order, as a thread.
    private func threadView(_ c: ContactResult, warnings: [Warning], into out: inout ChunkedOutput) {
        struct Entry {
            var id: String
            var date: Timestamp?
            var reasons: [String]
            var quote: String?
        }
        var entries: [String: Entry] = [:]
        func add(_ id: String, _ date: Timestamp?, _ reason: String, _ quote: String?) {
            var e = entries[id] ?? Entry(id: id, date: date, reasons: [], quote: nil)
            if !e.reasons.contains(reason) { e.reasons.append(reason) }
            if e.quote == nil { e.quote = quote }
            if e.date == nil { e.date = date }
            entries[id] = e
        }
        for e in c.score.evidence { add(e.messageID, e.date, e.reason, e.quote) }
        for w in warnings { for e in w.evidence { add(e.messageID, e.date, w.rule + ": " + e.reason, e.quote) } }
        for item in c.dynamics.openItems {
            add(item.messageID, item.since, "open item (\(item.waitingOn))", item.quote)
        }
        guard !entries.isEmpty else { return }
        let sorted = entries.values.sorted { l, r in
            switch (l.date, r.date) {
            case let (a?, b?) where !a.isSameInstant(as: b): return a < b
            case (nil, _?): return false
            case (_?, nil): return true
            default: return l.id < r.id
            }
        }
        out.write("<h4>Evidence thread (\(sorted.count))</h4>\n<ol class=\"thread\">\n")
        for e in sorted {
            out.write(
                "<li><div class=\"mh\"><time>\(esc(e.date?.iso8601 ?? "undated"))</time> <span class=\"id\">\(esc(e.id))</span></div>"
                    + "<div class=\"why\">\(e.reasons.map(esc).joined(separator: " · "))</div>"
                    + (e.quote.map { "<blockquote>\(esc($0))</blockquote>" } ?? "") + "</li>\n")
        }
        out.write("</ol>\n")
    }

    private func scoreTable(_ s: ScoreResult, into out: inout ChunkedOutput) {
        out.write(
            "<table class=\"comp\">\n<thead><tr><th>component</th><th>value</th><th>weight</th><th>points</th></tr></thead>\n<tbody>\n"
        )
        for c in s.components {
            out.write(
                "<tr><td>\(esc(c.id))<small>\(esc(c.detail))</small></td><td class=\"n\">\(Fmt.fixed(c.value, 0))</td>"
                    + "<td class=\"n\">\(Fmt.fixed(c.effectiveWeight, 2))</td><td class=\"n\">\(Fmt.fixed(c.contribution, 1))</td></tr>\n"
            )
        }
        out.write(
            "</tbody>\n<tfoot><tr><th colspan=\"3\">total → level \(s.level)</th><td class=\"n\">\(Fmt.fixed(s.points, 1))</td></tr></tfoot>\n</table>\n"
        )
        if !s.gates.isEmpty {
            out.write("<ul class=\"gates\">\(s.gates.map { "<li>" + esc($0) + "</li>" }.joined())</ul>\n")
        }
        if !s.evidence.isEmpty && s.evidence.count > 0 {
            // Evidence is shown in the thread view; the count is enough here.
            out.write("<p class=\"meta\">\(s.evidence.count) evidence message\(s.evidence.count == 1 ? "" : "s")</p>\n")
        }
    }

    private func evidenceList(_ items: [EvidenceItem], into out: inout ChunkedOutput) {
        guard !items.isEmpty else { return }
        out.write("<ul class=\"ev\">\n")
        for e in items {
            out.write(
                "<li><time>\(esc(Fmt.day(e.date)))</time> \(esc(e.reason)) <span class=\"id\">\(esc(e.messageID))</span>"
                    + (e.quote.map { "<blockquote>\(esc($0))</blockquote>" } ?? "") + "</li>\n")
        }
        out.write("</ul>\n")
    }

    /// The account id next to its name, unless they are the same.
    private func idSpan(_ a: AccountResult) -> String {
        a.name == a.id || a.name.isEmpty ? "" : " <span class=\"id\">\(esc(a.id))</span>"
    }

    private func badge(_ level: Int) -> String {
        "<span class=\"lvl b-\(Band(level: level).rawValue)\" title=\"level \(level) of 5\">\(level)</span>"
    }

    private func trend(_ t: Trend?) -> String {
        guard let t else { return "<span class=\"tr\">–</span>" }
        let delta = Fmt.fixed(t.pointsDelta, 1)
        let title = "was level \(t.previousLevel), \(Fmt.fixed(t.previousPoints, 1)) pts"
        if t.levelDelta > 0 || (t.levelDelta == 0 && t.pointsDelta >= 0.5) {
            return
                "<span class=\"tr up\" title=\"\(title)\">↑ +\(delta.hasPrefix("-") ? String(delta.dropFirst()) : delta)</span>"
        }
        if t.levelDelta < 0 || (t.levelDelta == 0 && t.pointsDelta <= -0.5) {
            return "<span class=\"tr down\" title=\"\(title)\">↓ \(delta)</span>"
        }
        return "<span class=\"tr\" title=\"\(title)\">→ \(delta)</span>"
    }

    static let css = """
        :root{--red:#c62828;--amber:#f9a825;--green:#2e7d32;--ink:#1d232b;--mute:#5f6b7a;--line:#dde3ea;--bg:#f6f8fa}
        *{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff}
        header,main,footer{max-width:1180px;margin:0 auto;padding:0 16px}h1{margin:18px 0 4px;font-size:22px}
        h2{font-size:18px;border-bottom:2px solid var(--line);padding-bottom:4px;margin-top:28px}h3{font-size:14px;margin:0 0 4px}
        h4{font-size:13px;margin:12px 0 6px;color:var(--mute);text-transform:uppercase;letter-spacing:.03em}
        .sub,.meta,.id,time,small{color:var(--mute)}.id{font-size:12px;word-break:break-all}
        .prov dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;font-size:12px;margin:6px 0}.prov dt{font-weight:600}
        .prov dd{margin:0;word-break:break-word}summary{cursor:pointer}
        table{border-collapse:collapse}th,td{padding:3px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
        .n{text-align:right;font-variant-numeric:tabular-nums}.rank{width:100%}.rank tbody tr:nth-child(even){background:var(--bg)}
        .lvl{display:inline-block;min-width:1.7em;padding:0 5px;border-radius:4px;color:#fff;font-weight:700;text-align:center}
        .b-red{background:var(--red)}.b-amber{background:var(--amber);color:#222}.b-green{background:var(--green)}
        .tr{font-weight:600;color:var(--mute)}.tr.up{color:var(--green)}.tr.down{color:var(--red)}
        .flag{font-size:11px;background:#fff3e0;color:#8a4b00;border:1px solid #ffcc80;border-radius:3px;padding:0 4px}
        .warn{border-left:4px solid var(--amber);background:var(--bg);padding:8px 12px;margin:8px 0}.warn.act{border-color:var(--red)}
        .sev{text-transform:uppercase;font-size:11px;padding:1px 5px;border-radius:3px;background:var(--amber);color:#222}
        .warn.act .sev{background:var(--red);color:#fff}
        blockquote{margin:4px 0 2px;padding:4px 10px;border-left:3px solid #9aa7b5;background:#fff;white-space:pre-wrap;word-break:break-word;font-style:italic}
        details.account{border:1px solid var(--line);border-radius:6px;margin:6px 0;background:#fff}
        details.account>summary{padding:8px 10px;background:var(--bg);border-radius:6px}details.account[open]>summary{border-bottom:1px solid var(--line)}
        details.contact{border-top:1px solid var(--line);padding:6px 0}details.contact>summary{padding:2px 4px}
        .body{padding:6px 12px 10px}.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));grid-auto-flow:dense;gap:10px 18px}.grid>.tall{grid-row:span 2}
        .kv th{font-weight:500;color:var(--mute);white-space:nowrap}.comp{font-size:12px}.comp small{display:block;font-size:11px}.gates{font-size:12px;color:#8a4b00;margin:4px 0}
        ol.thread{list-style:none;padding:0;margin:0;border-left:2px solid var(--line)}ol.thread li{margin:0 0 8px 0;padding-left:12px;position:relative}
        ol.thread li:before{content:"";position:absolute;left:-6px;top:6px;width:10px;height:10px;border-radius:50%;background:#9aa7b5}
        .why{font-size:12px}.mh{font-size:12px}ul.ev,ul.open{padding-left:18px;margin:4px 0}
        svg{max-width:100%;height:auto;font:10px sans-serif}svg .gl{stroke:#e3e8ee;fill:none}
        svg .s1{stroke:#1565c0;fill:none;stroke-width:2}svg .s2{stroke:#ef6c00;fill:none;stroke-width:2;stroke-dasharray:4 2}
        svg .dot{stroke-width:5;stroke-linecap:round;stroke-dasharray:none}svg text{fill:var(--mute)}
        .note{background:#fff3e0;border:1px solid #ffcc80;border-radius:4px;padding:6px 10px}.empty{color:var(--mute);font-style:italic;font-size:12px}footer{margin:24px auto;color:var(--mute);font-size:12px}
        @media print{details{open:true}}
        """
}

/// HTML-escapes text (`&`, `<`, `>`, `"`, `'`) and removes control characters and bidi overrides.
func esc(_ s: String) -> String {
    var needs = false
    for b in s.utf8 where b == 38 || b == 60 || b == 62 || b == 34 || b == 39 || b < 0x20 || b == 0x7F || b >= 0xC2 {
        needs = true
        break
    }
    guard needs else { return s }
    var out = ""
    out.reserveCapacity(s.utf8.count + 16)
    for c in s.unicodeScalars {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        case "\n", "\t": out.unicodeScalars.append(c)
        default:
            if Sanitize.isUnsafe(c) { continue }
            out.unicodeScalars.append(c)
        }
    }
    return out
}

/// Inline SVG charts (no scripts): a line chart per series with gaps for missing months, and a
/// stacked bar for the channel mix. Values are also in `<title>` tooltips.
enum Chart {
    struct Series {
        var name: String
        var css: String
        var values: [Double?]
    }

    static let width = 320
    static let height = 130
    static let left = 34
    static let right = 8
    static let top = 18
    static let bottom = 22

    static func line(labels: [String], series: [Series], fixedMax: Double?, unit: (Double) -> String) -> String {
        let all = series.flatMap { $0.values.compactMap { $0 } }.filter(\.isFinite)
        guard !labels.isEmpty, !all.isEmpty else { return "<p class=\"empty\">no data</p>" }
        var maxV = fixedMax ?? (all.max() ?? 1)
        if maxV <= 0 { maxV = 1 }
        let plotW = Double(width - left - right)
        let plotH = Double(height - top - bottom)
        let n = labels.count
        func x(_ i: Int) -> Int {
            left + (n == 1 ? Int(plotW / 2) : Int((Double(i) * plotW / Double(n - 1)).rounded()))
        }
        func y(_ v: Double) -> Int { top + Int((plotH - min(max(v, 0), maxV) / maxV * plotH).rounded()) }
        var s = "<svg viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\">"
        var data: [String] = []
        for ser in series {
            let values = zip(labels, ser.values).map { l, v in l + " " + (v.map(unit) ?? "-") }
            data.append(ser.name + ": " + values.joined(separator: ", "))
        }
        s += "<title>" + esc(data.joined(separator: "; ")) + "</title>"
        var grid = ""
        for k in 0...2 {
            let v = maxV * Double(k) / 2
            grid += "M\(left) \(y(v))H\(width - right)"
            s += "<text x=\"\(left - 3)\" y=\"\(y(v) + 3)\" text-anchor=\"end\">\(esc(unit(v)))</text>"
        }
        s += "<path class=\"gl\" d=\"\(grid)\"/>"
        // At most 5 month labels: first and last always, anchored inside the chart.
        let step = max(1, (n + 3) / 4)
        var shown = Array(stride(from: 0, to: n, by: step))
        if shown.last != n - 1 {
            if let last = shown.last, n - 1 - last < step / 2 + 1, shown.count > 1 { shown.removeLast() }
            shown.append(n - 1)
        }
        for i in shown {
            let anchor = n == 1 ? "middle" : (i == 0 ? "start" : (i == n - 1 ? "end" : "middle"))
            s += "<text x=\"\(x(i))\" y=\"\(height - 6)\" text-anchor=\"\(anchor)\">\(esc(labels[i]))</text>"
        }
        for ser in series {
            // The line (gaps where a month has no value) and a dot per value, each as one path.
            var line = ""
            var dots = ""
            var penDown = false
            for (i, v) in ser.values.enumerated() where i < n {
                guard let v, v.isFinite else {
                    penDown = false
                    continue
                }
                line += (penDown ? "L" : "M") + "\(x(i)) \(y(v))"
                dots += "M\(x(i)) \(y(v))h0"
                penDown = true
            }
            if !line.isEmpty {
                s += "<path class=\"\(ser.css)\" d=\"\(line)\"/><path class=\"\(ser.css) dot\" d=\"\(dots)\"/>"
            }
        }
        if series.count > 1 {
            var lx = left + 6
            for ser in series {
                s += "<path class=\"\(ser.css)\" d=\"M\(lx) 7h14\"/>"
                s += "<text x=\"\(lx + 17)\" y=\"10\">\(esc(ser.name))</text>"
                lx += 22 + 7 * ser.name.count
            }
        }
        return s + "</svg>\n"
    }

    /// Colours per channel kind, least to most private.
    static let channelColors: [String: String] = [
        "ticket-internal": "#9e9e9e", "ticket-public": "#78909c", "email": "#1565c0", "slack-public": "#26a69a",
        "slack-private": "#00897b", "slack-group-dm": "#7b1fa2", "slack-dm": "#ad1457",
    ]

    static func mix(_ mix: [String: Int]) -> String {
        let total = mix.values.reduce(0, +)
        guard total > 0 else { return "<p class=\"empty\">no messages</p>" }
        let order = mix.keys.sorted { a, b in
            let ra = ChannelKind(rawValue: a)?.privacyRank ?? 99
            let rb = ChannelKind(rawValue: b)?.privacyRank ?? 99
            return ra != rb ? ra < rb : a < b
        }
        let w = 300
        var s =
            "<svg viewBox=\"0 0 \(w) \(24 + 16 * order.count)\" width=\"\(w)\" height=\"\(24 + 16 * order.count)\" role=\"img\"><title>channel mix</title>"
        var x = 0
        for (i, k) in order.enumerated() {
            let n = mix[k] ?? 0
            let seg = i == order.count - 1 ? w - x : Int((Double(n) / Double(total) * Double(w)).rounded())
            let color = channelColors[k] ?? "#bdbdbd"
            s +=
                "<rect x=\"\(x)\" y=\"0\" width=\"\(max(seg, 0))\" height=\"16\" fill=\"\(color)\"><title>\(esc(k)): \(n)</title></rect>"
            x += seg
            let pct = Fmt.fixed(Double(n) / Double(total) * 100, 0)
            s += "<rect x=\"0\" y=\"\(22 + 16 * i)\" width=\"10\" height=\"10\" fill=\"\(color)\"/>"
            s += "<text x=\"14\" y=\"\(31 + 16 * i)\">\(esc(k)) \(n) (\(pct)%)</text>"
        }
        return s + "</svg>\n"
    }
}
