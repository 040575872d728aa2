public import RapportCore

/// `going-dark`: they stop writing — a silence far beyond their own usual gaps, or their inbound volume
/// halved.
///
/// Silence: after at least `minGaps` earlier gaps between their messages, the silence since their last
/// message is compared with limit = max(`minSilenceDays`, `gapMultiplier` × the 90th percentile of
/// their last `gapWindow` gaps). Watch beyond the limit, act beyond `actMultiplier` × limit; resolved by
/// their next message. Volume: each day, their messages in the last `recentDays` are compared with the
/// rate of the `baselineDays` before (at least `minBaselineMessages` there): fires when the recent count
/// is ≤ `volumeRatio` × expected and a one-sided Poisson test gives p ≤ `volumePValue` (so low-volume
/// contacts' noise does not fire), on every day for `volumePersistDays` (so a short dip — a vacation,
/// the end of a burst — does not fire); resolved when that no longer holds. Volume is watch-level only.
public enum GoingDarkRule: WarningRule {
    public static let id = "going-dark"
    public static let summary = "Silence far beyond their usual gaps (≥ 30 days), or their inbound volume halved."

    public static func firings(_ timeline: ContactTimeline, config: WarningsConfig, asOf: Timestamp) -> [RuleFiring] {
        let c = config.goingDark
        let ms = timeline.messages
        let inbound = ms.indices.filter { ms[$0].direction == .inbound }
        guard inbound.count >= 2 else { return [] }
        let dates = inbound.map { ms[$0].date.instant }
        var out: [RuleFiring] = []
        // Silence.
        var gaps: [Double] = []
        for k in 0..<inbound.count {
            let start = dates[k]
            let end = k + 1 < inbound.count ? dates[k + 1] : asOf.instant
            defer { if k + 1 < inbound.count { gaps.append(end - start) } }
            // The limit is at least `minSilenceDays`: a shorter silence cannot fire, whatever their usual gap
            // (checked first, so the window's quantile is sorted only for long silences).
            guard end - start >= c.minSilenceDays * 86_400, gaps.count >= c.minGaps,
                let p90 = RuleStats.quantile(Array(gaps.suffix(max(1, c.gapWindow))), 0.9)
            else {
                continue
            }
            let limit = max(c.minSilenceDays * 86_400, c.gapMultiplier * p90)
            guard end - start >= limit else { continue }
            let last = ms[inbound[k]]
            var f = RuleFiring(rule: id, raisedAt: stamp(start + limit, last.date.utcOffset), summary: "", evidence: [])
            let actLimit = c.actMultiplier * limit
            if end - start >= actLimit { f.actAt = stamp(start + actLimit, last.date.utcOffset) }
            if k + 1 < inbound.count { f.resolvedAt = ms[inbound[k + 1]].date }
            let silent = min(end, asOf.instant) - start
            f.summary =
                "No message from them for \(Human.days(silent)) (usually within \(Human.days(p90)); limit \(Human.days(limit)))"
            f.evidence = [timeline.evidence(inbound[k], reason: "their last message before the silence")]
            out.append(f)
        }
        // Volume.
        let recent = max(1, c.recentDays) * 86_400
        let base = max(1, c.baselineDays) * 86_400
        guard let first = dates.first, asOf.instant - first >= recent + base else { return out }
        func count(_ lo: Double, _ hi: Double) -> Int { upper(dates, hi) - upper(dates, lo) }
        let steps = Safe.int(((asOf.instant - first - recent - base) / 86_400).rounded(.down))
        // After their last message + both windows the counts are 0 and the condition cannot hold: the scan
        // stops there (bounded work even for a far --as-of).
        let quietFrom = (dates.last ?? first) + recent + base + 86_400
        let lastStep = max(0, Safe.int(((asOf.instant - quietFrom) / 86_400).rounded(.up)))
        var open: RuleFiring? = nil
        var holdingSince: Double? = nil
        let offset = ms[inbound.last ?? 0].date.utcOffset
        for step in stride(from: steps, through: min(steps, lastStep), by: -1) {
            let t = asOf.instant - Double(step) * 86_400
            let r = count(t - recent, t)
            let b = count(t - recent - base, t - recent)
            let expected = Double(b) * recent / base
            let holds =
                b >= c.minBaselineMessages && Double(r) <= c.volumeRatio * expected
                && RuleStats.poissonCDF(r, expected) <= c.volumePValue
            if holds {
                if holdingSince == nil { holdingSince = t }
            } else {
                holdingSince = nil
            }
            let persisted = holdingSince.map { t - $0 >= c.volumePersistDays * 86_400 } ?? false
            if persisted, open == nil {
                var f = RuleFiring(rule: id, raisedAt: stamp(t, offset), summary: "", evidence: [])
                f.summary =
                    "Their volume dropped: \(r) messages in the last \(Human.days(recent)) vs \(Human.one(expected)) expected from the \(Human.days(base)) before"
                if let lastIn = inbound.last(where: { ms[$0].date.instant <= t }) {
                    f.evidence = [timeline.evidence(lastIn, reason: "their latest message at the drop")]
                }
                open = f
            } else if !holds, var f = open {
                f.resolvedAt = stamp(t, offset)
                out.append(f)
                open = nil
            }
        }
        if var open {
            if lastStep > 0 { open.resolvedAt = stamp(asOf.instant - Double(lastStep - 1) * 86_400, offset) }
            out.append(open)
        }
        return out
    }

    /// Number of values ≤ x in a sorted array.
    static func upper(_ xs: [Double], _ x: Double) -> Int {
        var lo = 0
        var hi = xs.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if xs[mid] <= x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    static func stamp(_ instant: Double, _ offset: Int32) -> Timestamp {
        Safe.stamp(instant, offset: offset)
    }

    public static var examples: [RuleExample] {
        typealias S = ExampleScript
        // They write every Tuesday for 12 weeks (gaps of 7 days).
        let weekly = (0..<12).map {
            S.them(Double($0) * 7 + 1, "Hi Sam, weekly numbers attached, all good.", thread: "w\($0)")
        }
        // Three messages a week for 30 weeks, then one a week.
        var busy: [ExampleScript.Line] = []
        for w in 0..<30 {
            for d in [0.0, 2, 4] {
                busy.append(S.them(Double(w) * 7 + d, "Hi Sam, status update.", thread: "b\(w)-\(Int(d))"))
            }
        }
        for w in 30..<42 { busy.append(S.them(Double(w) * 7, "Status.", thread: "q\(w)")) }
        return [
            RuleExample(
                name: "weekly writer silent for 40 days", messages: S.build(weekly), asOf: S.at(78 + 40),
                expected: .watch),
            RuleExample(
                name: "weekly writer silent for 70 days", messages: S.build(weekly), asOf: S.at(78 + 70), expected: .act
            ),
            RuleExample(
                name: "weekly writer silent for 20 days (< 30)", messages: S.build(weekly), asOf: S.at(78 + 20),
                expected: nil),
            RuleExample(
                name: "writes again after a long silence",
                messages: S.build(weekly + [S.them(130, "Back from leave!")]),
                asOf: S.at(131), expected: nil),
            RuleExample(
                name: "volume fell from three a week to one", messages: S.build(busy), asOf: S.at(41 * 7 + 1),
                expected: .watch),
        ]
    }
}
