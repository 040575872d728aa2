public import RapportCore

/// `asymmetry`: the relationship becomes one-sided — we send ≥ `ratio` × what they send (at least
/// `minOutbound` of ours in the last `windowDays`) and the ratio is rising against the window before;
/// or a sudden jump in formality: their last `jumpMessages` greeting/sign-off-bearing messages are all
/// formal ("Dear…", "Kind regards") and none warm, after at least `minBaseline` such messages of which at
/// most `maxBaselineFormalShare` were formal. Watch-level; the volume condition is checked daily and
/// resolves when it no longer holds, the formality jump resolves at their next warm message.
public enum AsymmetryRule: WarningRule {
    public static let id = "asymmetry"
    public static let summary =
        "We send ≥ 3× what they send and rising, or their tone jumps to formal (\"Dear…\", \"Kind regards\")."

    public static func firings(_ timeline: ContactTimeline, config: WarningsConfig, asOf: Timestamp) -> [RuleFiring] {
        let c = config.asymmetry
        let ms = timeline.messages
        var out: [RuleFiring] = []
        guard let first = ms.first else { return out }
        // Volume.
        // Dates straight from the timeline (no filtered copy of its messages).
        let inDates = ms.compactMap { $0.direction == .inbound ? $0.date.instant : nil }
        let outDates = ms.compactMap { $0.direction == .outbound ? $0.date.instant : nil }
        let w = max(1, c.windowDays) * 86_400
        func count(_ xs: [Double], _ lo: Double, _ hi: Double) -> Int {
            GoingDarkRule.upper(xs, hi) - GoingDarkRule.upper(xs, lo)
        }
        let offset = first.date.utcOffset
        if asOf.instant - first.date.instant >= 2 * w {
            let steps = Safe.int(((asOf.instant - first.date.instant - 2 * w) / 86_400).rounded(.down))
            // After the last message + two windows nothing changes (counts are 0): stop the scan there.
            let quietFrom = (ms.last?.date.instant ?? first.date.instant) + 2 * w + 86_400
            let lastStep = max(0, Safe.int(((asOf.instant - quietFrom) / 86_400).rounded(.up)))
            var open: RuleFiring? = nil
            for step in stride(from: steps, through: min(steps, lastStep), by: -1) {
                let t = asOf.instant - Double(step) * 86_400
                let o = count(outDates, t - w, t)
                let i = count(inDates, t - w, t)
                let o0 = count(outDates, t - 2 * w, t - w)
                let i0 = count(inDates, t - 2 * w, t - w)
                let ratio = Double(o) / Double(max(i, 1))
                let before = Double(o0) / Double(max(i0, 1))
                let holds = o >= c.minOutbound && ratio >= c.ratio && ratio > before
                if holds, open == nil {
                    var f = RuleFiring(rule: id, raisedAt: GoingDarkRule.stamp(t, offset), summary: "", evidence: [])
                    f.summary =
                        "One-sided: we sent \(o) messages and they sent \(i) in the last \(Human.days(w)) (before: \(o0) vs \(i0))"
                    if let k = ms.lastIndex(where: { $0.direction == .outbound && $0.date.instant <= t }) {
                        f.evidence = [timeline.evidence(k, reason: "our latest message in the window")]
                    }
                    open = f
                } else if !holds, var f = open {
                    f.resolvedAt = GoingDarkRule.stamp(t, offset)
                    out.append(f)
                    open = nil
                }
            }
            if var open {
                if lastStep > 0 {
                    open.resolvedAt = GoingDarkRule.stamp(asOf.instant - Double(lastStep - 1) * 86_400, offset)
                }
                out.append(open)
            }
        }
        // Formality jump.
        var styles: [(index: Int, formal: Bool)] = []
        var open: RuleFiring? = nil
        for k in ms.indices where ms[k].direction == .inbound {
            let tone = timeline.tones[k]
            let warm = tone.has(.warmGreeting) || tone.has(.warmSignOff)
            let formal = tone.formality > 0
            guard warm != formal else { continue }
            if warm, var f = open {
                f.resolvedAt = ms[k].date
                out.append(f)
                open = nil
            }
            styles.append((k, formal))
            let jumpCount = max(1, c.jumpMessages)
            guard formal, open == nil, styles.count >= jumpCount + max(1, c.minBaseline) else { continue }
            let jump = styles.suffix(jumpCount)
            guard jump.allSatisfy(\.formal) else { continue }
            let before = styles.dropLast(jumpCount).suffix(40)
            let share = Double(before.filter(\.formal).count) / Double(before.count)
            guard share <= c.maxBaselineFormalShare else { continue }
            var f = RuleFiring(rule: id, raisedAt: ms[k].date, summary: "", evidence: [])
            f.summary =
                "Tone turned formal: their last \(c.jumpMessages) messages open or close formally (before: \(Int((share * 100).rounded()))% formal)"
            f.evidence = jump.map {
                timeline.evidence(
                    $0.index, reason: "formal greeting / sign-off", quoting: [.formalGreeting, .formalSignOff])
            }
            open = f
        }
        if let open { out.append(open) }
        return out
    }

    public static var examples: [RuleExample] {
        typealias S = ExampleScript
        var warm: [ExampleScript.Line] = []
        for k in 0..<10 {
            warm.append(
                S.them(Double(k) * 3, "Hi Sam,\nthe numbers look fine this week.\nCheers,\nAna", thread: "a\(k)"))
        }
        let formal = [
            S.them(31, "Dear Mr. Lee,\nplease find the figures attached.\nKind regards,\nAna Ruiz", thread: "f1"),
            S.them(34, "Dear Mr. Lee,\nwe need the corrected invoice.\nKind regards,\nAna Ruiz", thread: "f2"),
            S.them(36, "Dear Mr. Lee,\nplease confirm receipt.\nRegards,\nAna Ruiz", thread: "f3"),
        ]
        var chasing: [ExampleScript.Line] = []
        for k in 0..<12 {
            chasing.append(S.us(Double(k) * 5, "Hi Ana, checking in on the pilot.", thread: "c\(k)"))
            chasing.append(S.them(Double(k) * 5 + 0.3, "Hi Sam, all good!", thread: "c\(k)"))
        }
        for k in 0..<12 {
            chasing.append(S.us(60 + Double(k) * 5, "Hi Ana, checking in on the pilot.", thread: "d\(k)"))
            if k % 4 == 0 { chasing.append(S.them(60 + Double(k) * 5 + 0.3, "Busy, later.", thread: "d\(k)")) }
        }
        var balanced: [ExampleScript.Line] = []
        for k in 0..<24 {
            balanced.append(S.us(Double(k) * 5, "Hi Ana, checking in.", thread: "e\(k)"))
            balanced.append(S.them(Double(k) * 5 + 0.3, "Hi Sam, all good!", thread: "e\(k)"))
        }
        return [
            RuleExample(
                name: "\"Dear… Kind regards\" replaces \"Hi… Cheers\"", messages: S.build(warm + formal),
                asOf: S.at(37),
                expected: .watch),
            RuleExample(
                name: "two formal messages are not yet a jump", messages: S.build(warm + formal.prefix(2)),
                asOf: S.at(35),
                expected: nil),
            RuleExample(
                name: "we send 4× what they send, up from 1×", messages: S.build(chasing), asOf: S.at(121),
                expected: .watch),
            RuleExample(name: "balanced exchange", messages: S.build(balanced), asOf: S.at(121), expected: nil),
        ]
    }
}
