import Foundation
public import RapportCore

/// `cooling`: their messages drift colder than their own baseline — slower replies, fewer words, fewer
/// warm signals, lower sentiment — accumulated over several messages so that no single noisy message
/// or signal fires alone.
///
/// Each inbound message (closers and mobile-footer replies excluded: they are short by nature — unless a
/// mobile footer is on most of their messages up to this one, a habit, when it is how they always write) gets
/// up to four features: log reply latency, log words, warm-signal count, sentiment. Each is a z-score
/// against the contact's baseline (mean and standard deviation of the last `baselineWindow` in-control
/// messages, with a floor on the deviation), signed so that colder is positive and clipped to ±zClip.
/// The available z-scores are pooled (weighted Stouffer: Σwz / √Σw²) and fed to a one-sided CUSUM
/// `S = max(0, S + pooled − allowance)`. Watch when S ≥ watchThreshold, act when S ≥ actThreshold;
/// the alert resolves when S returns to 0. The baseline learns only from messages seen while no alert
/// is open and S < watchThreshold / 2, so a cooling relationship does not become its own baseline.
/// Nothing fires before `minBaselineMessages` messages spanning `minBaselineDays` are in the baseline.
public enum CoolingRule: WarningRule {
    public static let id = "cooling"
    public static let summary =
        "Replies drift colder than the contact's own baseline (latency, length, warmth, sentiment; CUSUM)."

    /// Feature order: latency, length, warmth, sentiment. Floors on the baseline deviation per feature.
    static let minScale: [Double] = [0.35, 0.25, 0.6, 0.15]
    static let names = ["reply time", "length", "warmth", "sentiment"]

    struct Point {
        var index: Int
        var raw: [Double?]
        var z: [Double?]
        var pooled: Double
    }

    public static func firings(_ timeline: ContactTimeline, config: WarningsConfig, asOf: Timestamp) -> [RuleFiring] {
        let c = config.cooling
        let weights = [c.latencyWeight, c.lengthWeight, c.warmthWeight, c.sentimentWeight]
        var baseline: [[Double?]] = []
        var baselineStart: Double? = nil
        var s = 0.0
        var open: RuleFiring? = nil
        /// The index S at the open firing's last update (its summary quotes it).
        var lastIndex = 0.0
        var contributors: [Point] = []
        var out: [RuleFiring] = []
        let cap = 2 * c.actThreshold
        // A mobile footer on most of their messages so far is how they write (someone who always answers
        // from a phone), not a hurried exception: then their mobile replies are read like any other.
        var eligible = 0
        var mobile = 0
        for (i, m) in timeline.messages.enumerated() where m.direction == .inbound {
            let tone = timeline.tones[i]
            if m.words > 0 && !m.isCloser {
                eligible += 1
                if tone.hasMobileFooter { mobile += 1 }
            }
            if m.isCloser || (tone.hasMobileFooter && 2 * mobile <= eligible) { continue }
            let raw = features(timeline, i)
            let ready =
                baseline.count >= c.minBaselineMessages
                && m.date.instant - (baselineStart ?? m.date.instant) >= c.minBaselineDays * 86_400
            guard ready else {
                if baselineStart == nil { baselineStart = m.date.instant }
                baseline.append(raw)
                continue
            }
            var z: [Double?] = Array(repeating: nil, count: 4)
            var num = 0.0
            var den = 0.0
            for f in 0..<4 {
                guard let x = raw[f], weights[f] > 0 else { continue }
                // Mean and standard deviation of the feature's baseline values, summed in baseline order as
                // `RuleStats.mean` / `RuleStats.sd` sum them, without collecting the column first.
                var count = 0
                var sum = 0.0
                for row in baseline {
                    guard let v = row[f] else { continue }
                    count += 1
                    sum += v
                }
                guard count >= 5 else { continue }
                let mean = sum / Double(count)
                var squares = 0.0
                for row in baseline {
                    guard let v = row[f] else { continue }
                    squares += (v - mean) * (v - mean)
                }
                let scale = max((squares / Double(count - 1)).squareRoot(), minScale[f])
                // Colder is positive: slower replies (+), fewer words (−), less warmth (−), lower sentiment (−).
                let sign = f == 0 ? 1.0 : -1.0
                let zf = min(c.zClip, max(-c.zClip, sign * (x - mean) / scale))
                z[f] = zf
                num += weights[f] * zf
                den += weights[f] * weights[f]
            }
            guard den > 0 else { continue }
            // Clipped too, so one message adds at most zClip − allowance to S (below the watch limit).
            let pooled = min(c.zClip, max(-c.zClip, num / den.squareRoot()))
            s = min(cap, max(0, s + pooled - c.allowance))
            if s == 0 {
                if var f = open {
                    f.resolvedAt = m.date
                    // Contributors and baseline are as they were at the firing's last update (neither
                    // changes while a firing is open and S stays above 0).
                    f.summary = describe(contributors, baseline: baseline, index: lastIndex, timeline: timeline)
                    f.evidence = evidence(contributors, timeline: timeline, baseline: baseline)
                    out.append(f)
                    open = nil
                }
                contributors = []
            } else {
                contributors.append(Point(index: i, raw: raw, z: z, pooled: pooled))
            }
            if open == nil && s >= c.watchThreshold {
                open = RuleFiring(rule: id, raisedAt: m.date, summary: "", evidence: [])
            }
            if var f = open {
                if f.actAt == nil && s >= c.actThreshold { f.actAt = m.date }
                // Summary and evidence are written when the firing is closed or the timeline ends: writing
                // them at every message of a long open stretch made the rule quadratic in its length.
                lastIndex = s
                open = f
            } else if s < c.watchThreshold / 2 {
                baseline.append(raw)
                if baseline.count > max(1, c.baselineWindow) {
                    baseline.removeFirst(baseline.count - max(1, c.baselineWindow))
                }
            }
        }
        if var f = open {
            f.summary = describe(contributors, baseline: baseline, index: lastIndex, timeline: timeline)
            f.evidence = evidence(contributors, timeline: timeline, baseline: baseline)
            out.append(f)
        }
        return out
    }

    /// Raw features of inbound message `i`: log latency (minutes), log words (none without own words), warmth,
    /// sentiment.
    static func features(_ timeline: ContactTimeline, _ i: Int) -> [Double?] {
        let m = timeline.messages[i]
        var latency: Double? = nil
        if m.answers != nil, let l = m.replyLatencyBusiness ?? m.replyLatency, l >= 0 {
            latency = log(l / 60 + 10)
        }
        let tone = timeline.tones[i]
        let warmth = Double(tone.warmth) - Double(tone.formality)
        // A message without own words (attachment-only, quote-only, encrypted) has no length to compare.
        let words = m.words > 0 ? log(Double(m.words) + 1) : nil
        return [latency, words, warmth, m.sentiment]
    }

    static func describe(_ points: [Point], baseline: [[Double?]], index: Double, timeline: ContactTimeline) -> String {
        var parts: [String] = []
        for f in 0..<4 {
            let zs = points.compactMap { $0.z[f] }
            guard !zs.isEmpty, RuleStats.mean(zs) >= 0.5 else { continue }
            let now = points.compactMap { $0.raw[f] }
            let usual = baseline.compactMap { $0[f] }
            guard let a = RuleStats.median(now), let b = RuleStats.median(usual) else { continue }
            switch f {
            case 0:
                parts.append(
                    "slower replies (\(Human.duration(unLatency(a))) vs usual \(Human.duration(unLatency(b))))")
            case 1: parts.append("shorter (\(Int(exp(a) - 1)) vs usual \(Int(exp(b) - 1)) words)")
            case 2:
                parts.append(
                    "less warm (\(Human.one(RuleStats.mean(now))) vs usual \(Human.one(RuleStats.mean(usual))) warm signals)"
                )
            default: parts.append("more negative (sentiment \(Human.one(a)) vs usual \(Human.one(b)))")
            }
        }
        let since = points.first.map { timeline.messages[$0.index].date.local.dayKey } ?? ""
        let what = parts.isEmpty ? "colder overall" : parts.joined(separator: ", ")
        return "Cooling since \(since) over \(points.count) messages: \(what); index \(Human.one(index))"
    }

    static func unLatency(_ x: Double) -> Double { max(0, (exp(x) - 10) * 60) }

    static func evidence(_ points: [Point], timeline: ContactTimeline, baseline: [[Double?]]) -> [EvidenceItem] {
        let top = points.sorted { ($0.pooled, -$0.index) > ($1.pooled, -$1.index) }.prefix(3)
        return top.sorted { $0.index < $1.index }.map { p in
            var bits: [String] = []
            for f in 0..<4 {
                guard let z = p.z[f], z >= 1, let x = p.raw[f] else { continue }
                switch f {
                case 0: bits.append("reply after \(Human.duration(unLatency(x)))")
                case 1: bits.append("\(timeline.messages[p.index].words) words")
                case 2: bits.append("\(Int(x)) warm signals")
                default: bits.append("sentiment \(Human.one(x))")
                }
            }
            let reason =
                "cold index +\(Human.one(p.pooled))" + (bits.isEmpty ? "" : ": " + bits.joined(separator: "; "))
            return timeline.evidence(p.index, reason: reason)
        }
    }

    public static var examples: [RuleExample] {
        typealias S = ExampleScript
        let steady = S.steadyWeeks(12)
        func cooled(_ weeks: Int) -> [ExampleScript.Line] {
            var lines = steady
            // From week 12: replies come days later, short, no greeting or thanks, flat sentiment.
            for w in 12..<(12 + weeks) {
                let d = Double(w) * 7 + 1
                let t = "c\(w)"
                lines.append(S.us(d - 0.8, "Hi Ana, here is this week's update on the project.", thread: t))
                lines.append(S.them(d + 2.2 + Double(w % 2) * 0.4, "Noted. Send the invoice.", thread: t, sentiment: 0))
            }
            return lines
        }
        var oneOff = steady
        // One curt, late reply after a steady history, then back to normal.
        oneOff.append(S.us(84.2, "Hi Ana, here is this week's update on the project.", thread: "x"))
        oneOff.append(S.them(87.5, "Fine.", thread: "x", sentiment: -0.2))
        oneOff += S.steadyWeeks(3, fromDay: 91, thread: "y")
        let short =
            Array(S.steadyWeeks(2)) + [
                S.us(14.2, "Hi Ana, here is the update.", thread: "z"),
                S.them(17.5, "Noted.", thread: "z", sentiment: 0),
                S.us(21.2, "Hi Ana, another update.", thread: "z2"),
                S.them(24.5, "Ok.", thread: "z2", sentiment: 0),
            ]
        var closers = steady
        for w in 12..<19 {
            let d = Double(w) * 7 + 1
            closers.append(S.us(d, "Hi Ana, the fix is deployed.", thread: "k\(w)"))
            closers.append(S.them(d + 0.5, "Thanks!", thread: "k\(w)", sentiment: 0.4))
            closers.append(S.us(d + 1, "Hi Ana, a short note.", thread: "f\(w)"))
            closers.append(S.them(d + 1.6, "OK\n\nSent from my iPhone", thread: "f\(w)", sentiment: 0))
        }
        return [
            RuleExample(
                name: "three cold replies after twelve warm weeks", messages: S.build(cooled(3)), asOf: S.at(106),
                expected: .watch),
            RuleExample(
                name: "six cold replies after twelve warm weeks", messages: S.build(cooled(6)), asOf: S.at(127),
                expected: .act),
            RuleExample(name: "twelve steady warm weeks", messages: S.build(steady), asOf: S.at(84), expected: nil),
            RuleExample(
                name: "a single curt late reply does not fire", messages: S.build(oneOff), asOf: S.at(88),
                expected: nil),
            RuleExample(
                name: "no baseline yet: cold replies after two weeks", messages: S.build(short), asOf: S.at(25),
                expected: nil),
            RuleExample(
                name: "closers and mobile-footer replies are not coldness", messages: S.build(closers),
                asOf: S.at(134), expected: nil),
        ]
    }
}
