public import RapportCore
import RapportSentiment

/// `explicit-risk`: they say it — cancel, not renewing, refund (churn); escalate, unacceptable
/// (escalation); competitors or alternatives.
///
/// Reads `churn-risk`, `escalation` and `competitor` tone markers of inbound messages (or the built-in
/// phrases when the input has no markers). A marker preceded closely by a negation ("we are not going
/// to cancel", "no need to escalate") is ignored, except phrases that are negations themselves ("not
/// renewing"). Severity per kind is configurable (default: churn and escalation act, competitor watch).
/// The warning holds for `windowDays` after the last such message.
public enum ExplicitRiskRule: WarningRule {
    public static let id = "explicit-risk"
    public static let summary =
        "They mention cancelling, not renewing, refunds, escalation, or competitors / alternatives."

    public static func firings(_ timeline: ContactTimeline, config: WarningsConfig, asOf: Timestamp) -> [RuleFiring] {
        let c = config.explicitRisk
        let ms = timeline.messages
        var out: [RuleFiring] = []
        let kinds: [(ToneMarkerKind, Warning.Severity, String)] = [
            (.churnRisk, c.churnSeverity, "churn risk"), (.escalation, c.escalationSeverity, "escalation"),
            (.competitor, c.competitorSeverity, "competitor / alternatives"),
        ]
        for (i, m) in ms.enumerated() where m.direction == .inbound {
            var hit: [(ToneMarker, Warning.Severity, String)] = []
            for (kind, severity, label) in kinds {
                if let marker = timeline.tones[i].markers.first(where: {
                    $0.kind == kind && !ignored(m.text, $0)
                }) {
                    hit.append((marker, severity, label))
                }
            }
            guard !hit.isEmpty else { continue }
            let worst: Warning.Severity = hit.contains { $0.1 == .act } ? .act : .watch
            var f = RuleFiring(rule: id, raisedAt: m.date, summary: "", evidence: [])
            if worst == .act { f.actAt = m.date }
            let end = m.date.instant + c.windowDays * 86_400
            f.resolvedAt = Safe.stamp(end, offset: m.date.utcOffset)
            f.summary = "They wrote " + wording(m.text, timeline.tones[i].markers, kinds: kinds.map { ($0.0, $0.2) })
            f.evidence = [
                timeline.evidence(i, reason: hit.map(\.2).joined(separator: ", "), quoting: hit.map(\.0.kind))
            ]
            out.append(f)
        }
        return out
    }

    /// Every distinct matched wording once, in text order, with the kinds it counts as — a wording inside
    /// a longer one counts for the longer one ("alternatives" inside "evaluating alternatives"):
    /// `'evaluating alternatives' (churn risk, competitor / alternatives), 'not renew' (churn risk)`.
    static func wording(_ text: String, _ markers: [ToneMarker], kinds: [(ToneMarkerKind, String)]) -> String {
        let hits = markers.filter { m in kinds.contains { $0.0 == m.kind } && !ignored(text, m) }
            .sorted { ($0.evidence.start, -$0.evidence.end) < ($1.evidence.start, -$1.evidence.end) }
        // Spans that are not inside another hit's span, in text order.
        var outer: [Evidence] = []
        for h in hits where !outer.contains(where: { $0.start <= h.evidence.start && h.evidence.end <= $0.end }) {
            outer.append(h.evidence)
        }
        var order: [String] = []
        var shown: [String: String] = [:]
        var kindsOf: [String: Set<ToneMarkerKind>] = [:]
        for span in outer {
            let words = term(text, span)
            let key = words.lowercased()
            if shown[key] == nil {
                order.append(key)
                shown[key] = words
            }
            for h in hits where span.start <= h.evidence.start && h.evidence.end <= span.end {
                kindsOf[key, default: []].insert(h.kind)
            }
        }
        return order.map { key in
            let named = kinds.filter { kindsOf[key]?.contains($0.0) == true }
            return "'\(shown[key]!)' (\(named.map(\.1).joined(separator: ", ")))"
        }.joined(separator: ", ")
    }

    /// The matched words of a span (as written).
    static func term(_ text: String, _ e: Evidence) -> String {
        let bytes = Array(text.utf8)
        guard e.start >= 0, e.end <= bytes.count, e.start < e.end else { return e.term }
        return String(decoding: bytes[e.start..<e.end], as: UTF8.self)
    }

    /// Whether a risk marker says nothing about this relationship: negated, or in a context that makes the
    /// words ordinary business mail (see `ordinary`).
    static func ignored(_ text: String, _ marker: ToneMarker) -> Bool {
        negated(text, marker.evidence) || ordinary(text, marker)
    }

    /// Risk words used in ordinary mail (each raised an act-level warning on a healthy account):
    /// - inside a confidentiality disclaimer ("unauthorised disclosure may result in legal action");
    /// - contract drafting: the sentence is about a clause ("the early termination clause", "either party may
    ///   terminate the agreement", "redlines") unless they invoke or exercise it;
    ///   or a document under legal review ("our lawyers are reviewing the DPA");
    /// - thanks for our own escalation ("thanks for escalating this", "could you / please escalate the ticket"), or an
    ///   escalation or SLA word naming a process, report or credit ("escalation contact", "SLA breach report");
    /// - their own project or design: "pulling the plug on our legacy CRM", "a different direction with the
    ///   homepage";
    /// - the customer's own market: "our competitors", "their competitor";
    /// - a refund of a billing error ("a refund for the duplicate charge");
    /// - a technical renewal: "the certificate did not renew";
    /// - a joke: laughter or a smiley in the same sentence ("very disappointed I missed it, haha").
    static func ordinary(_ text: String, _ marker: ToneMarker) -> Bool {
        let e = marker.evidence
        var bytes = Array(text.utf8)
        guard e.start >= 0, e.start < e.end, e.end <= bytes.count else { return false }
        if let d = TextFeatures.disclaimerStart(bytes), e.start >= d { return true }
        for k in bytes.indices where bytes[k] >= 0x41 && bytes[k] <= 0x5A { bytes[k] |= 0x20 }
        // The sentence around the span (split at . ! ? and line breaks).
        func isEnd(_ b: UInt8) -> Bool { b == 0x2E || b == 0x21 || b == 0x3F || b == 0x0A }
        var lo = e.start
        while lo > 0, !isEnd(bytes[lo - 1]) { lo -= 1 }
        var hi = e.end
        while hi < bytes.count, !isEnd(bytes[hi]) { hi += 1 }
        // A smiley's ")" or a "!" may close the sentence: look one byte further.
        let sentence = Array(bytes[lo..<min(bytes.count, hi + 1)])
        let before = [0x20] + Array(bytes[lo..<e.start])
        let own = Array(bytes[e.start..<e.end])
        var after = Array(bytes[e.end..<hi])
        while after.first == 0x20 || after.first == 0x2D { after.removeFirst() }
        func has(_ hay: [UInt8], _ words: [String]) -> Bool { words.contains { TextFeatures.contains(hay, $0) } }
        func ends(_ hay: [UInt8], _ words: [String]) -> Bool {
            words.contains { hay.count >= $0.utf8.count && hay.suffix($0.utf8.count).elementsEqual($0.utf8) }
        }
        if marker.kind == .churnRisk || marker.kind == .escalation {
            if has(
                sentence,
                [
                    "clause", "either party", "provision", "redline", "the draft", "section ", "remedies", "liability",
                    "indemn", "the msa", "wording", " nda", " dpa", " msa",
                ])
                && !has(sentence, ["invok", "exercis", "hereby", "we are terminat", "we will terminat", "decided"])
            {
                return true
            }
            if has(sentence, ["haha", "hehe", " lol", ":)", ":-)", ";)", "\u{1F602}", "\u{1F923}", "\u{1F604}"]) {
                return true
            }
        }
        let next = after.prefix { TextFeatures.isWordByte($0) && $0 != 0x27 }
        // An escalation or SLA word naming a process, a report or a clause: "escalation contact", "SLA breach
        // report", "SLA breach credits".
        if marker.kind == .escalation,
            [
                "contact", "contacts", "path", "paths", "process", "matrix", "procedure", "procedures", "policy",
                "point", "points", "plan", "list", "email", "channel", "manager", "team", "queue", "levels", "report",
                "reports", "reporting", "statistics", "stats", "credit", "credits", "dashboard", "alert", "alerts",
                "clause", "notification", "notifications",
            ].contains(where: { next.elementsEqual($0.utf8) })
        {
            return true
        }
        // Their own project or design: "pulling the plug on our legacy CRM", "going in a different direction
        // with the homepage".
        if marker.kind == .churnRisk, TextFeatures.contains(own, "plug") || TextFeatures.contains(own, "direction") {
            let tail = Array(after.prefix(16))
            if ["on our ", "on my ", "on their ", "on the old ", "on the legacy ", "with "].contains(where: {
                tail.starts(with: Array($0.utf8))
            }) {
                return true
            }
        }
        switch marker.kind {
        case .escalation where own.starts(with: Array("escalat".utf8)):
            if ends(
                before,
                [
                    " thanks for ", " thank you for ", " thanks for the ", " thank you for the ", " you ", " you've ",
                    " you have ", " you'd ", " you had ", " please ",
                ])
            {
                return true
            }
            return false
        case .competitor:
            return ends(before, [" our ", " their ", " our main ", " our biggest ", " their main ", " of our "])
        case .churnRisk where TextFeatures.contains(own, "refund"):
            return has(sentence, ["duplicate", "double", "twice", "overcharg", "overpa", "wrong amount", "in error"])
        case .churnRisk where own.elementsEqual("not renew".utf8):
            return ends(before, [" did ", " does "])
        default:
            return false
        }
    }

    /// Whether the span is preceded (within 20 bytes, same clause — a sentence end or a comma stops it — with
    /// at most two words in between) by "not", "n't", "never", "no need to".
    static func negated(_ text: String, _ e: Evidence) -> Bool {
        let bytes = Array(text.utf8)
        guard e.start > 0, e.start <= bytes.count else { return false }
        let own = bytes[e.start..<min(e.end, bytes.count)].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        if own.starts(with: Array("not".utf8)) || own.starts(with: Array("won".utf8))
            || own.starts(with: Array("will not".utf8)) || own.starts(with: Array("don".utf8))
            || own.starts(with: Array("do not".utf8))
        {
            return false
        }
        var lo = max(0, e.start - 20)
        // Stay in the same sentence.
        for k in stride(from: e.start - 1, through: lo, by: -1) where [0x2E, 0x21, 0x3F, 0x0A].contains(bytes[k]) {
            lo = k + 1
            break
        }
        var window = bytes[lo..<e.start].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        // Curly apostrophe → '
        var k = 0
        while k + 2 < window.count {
            if window[k] == 0xE2, window[k + 1] == 0x80, window[k + 2] == 0x99 {
                window.replaceSubrange(k..<(k + 3), with: [0x27])
            }
            k += 1
        }
        // A comma ends the clause: "if this is not fixed, I will escalate".
        if let comma = window.lastIndex(of: 0x2C) { window = Array(window[(comma + 1)...]) }
        let padded = [0x20] + window
        for neg in [" not ", "n't ", " never ", " no need to ", " no plans to ", " no intention to "] {
            let p = Array(neg.utf8)
            guard padded.count >= p.count else { continue }
            for s in 0...(padded.count - p.count) where padded[s..<(s + p.count)].elementsEqual(p) {
                // At most two words between the negation and the phrase ("not going to cancel"); "if this
                // is not fixed I will escalate" negates the fix, not the escalation.
                let between = padded[(s + p.count)...].split(separator: 0x20).count
                if between <= 2 { return true }
            }
        }
        return false
    }

    public static var examples: [RuleExample] {
        typealias S = ExampleScript
        return [
            RuleExample(
                name: "not renewing",
                messages: S.build([S.them(0, "Hi Sam, we’ve decided we won’t renew the contract in March.")]),
                asOf: S.at(1), expected: .act),
            RuleExample(
                name: "looking at alternatives",
                messages: S.build([S.them(0, "Honestly we are looking at other vendors for next year.")]),
                asOf: S.at(1), expected: .watch),
            RuleExample(
                name: "escalation",
                messages: S.build([S.them(0, "This delay is unacceptable. I will escalate internally.")]),
                asOf: S.at(1), expected: .act),
            RuleExample(
                name: "negated: not going to cancel",
                messages: S.build([S.them(0, "Don't worry, we are not going to cancel our plan over this.")]),
                asOf: S.at(1), expected: nil),
            RuleExample(
                name: "cancelling a meeting is not churn",
                messages: S.build([S.them(0, "Can we cancel tomorrow's call? Something came up.")]), asOf: S.at(1),
                expected: nil),
            RuleExample(
                name: "resolved after 30 quiet days",
                messages: S.build([S.them(0, "We want a refund for last month.")]), asOf: S.at(31), expected: nil),
        ]
    }
}
