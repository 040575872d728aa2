import Foundation
import RapportCore
import RapportSentiment

/// The 1–5 relationship score from documented components (docs/score.md).
enum Scorer {
    struct Value {
        var id: String
        var value: Double?
        var detail: String
    }

    /// Responsiveness speed value from mean email-equivalent hours, piecewise linear in log hours.
    static func speedValue(hours: Double, anchors: [[Double]]) -> Double {
        let pts = anchors.filter { $0.count == 2 }.sorted { $0[0] < $1[0] }
        guard let first = pts.first, let last = pts.last else { return 0 }
        if hours <= first[0] { return first[1] }
        if hours >= last[0] { return last[1] }
        for (a, b) in zip(pts, pts.dropFirst()) where hours <= b[0] {
            let t = (log(hours) - log(a[0])) / (log(b[0]) - log(a[0]))
            return a[1] + t * (b[1] - a[1])
        }
        return last[1]
    }

    static func components(
        _ c: ContactComputation, asOf: Double, config: AnalysisConfig
    )
        -> [Value]
    {
        let d = c.dynamics
        var out: [Value] = []
        // Warmth: their informal language and how their replies mirror ours.
        if let informal = c.informalShareThem {
            let language = min(1, max(0, informal - 0.5 * (c.formalShareThem ?? 0)))
            var v = language
            var detail =
                "informal markers in \(pct(informal)) of their messages, formal in \(pct(c.formalShareThem ?? 0))"
            if let m = c.mirror {
                v = 0.7 * language + 0.3 * m
                detail += "; their replies mirror ours \(pct(m))"
            }
            out.append(Value(id: "warmth", value: 100 * v, detail: detail))
        } else {
            out.append(Value(id: "warmth", value: nil, detail: "no words from them"))
        }
        // Intimacy.
        if d.messagesIn > 0 {
            out.append(
                Value(
                    id: "intimacy", value: d.intimacy,
                    detail: "most private channel they wrote in: "
                        + (c.mostPrivateTheirs?.rawValue ?? "none")))
        } else {
            out.append(Value(id: "intimacy", value: nil, detail: "they never wrote"))
        }
        // Responsiveness: speed × reply rate.
        if let rate = d.replyRateThem {
            if c.theirReplies.isEmpty {
                out.append(Value(id: "responsiveness", value: 0, detail: "they answered none of our messages"))
            } else {
                var total = 0.0
                for p in c.theirReplies {
                    let factor = config.responsiveness.channelFactors[p.channel.rawValue] ?? 1
                    total += min(p.wall / 3600, config.responsiveness.capHours) / max(factor, 0.01)
                }
                let meanHours = total / Double(c.theirReplies.count)
                let speed = speedValue(hours: meanHours, anchors: config.responsiveness.anchors)
                out.append(
                    Value(
                        id: "responsiveness", value: speed * rate,
                        detail: "mean reply \(hours(meanHours)) (email scale) → \(Int(speed.rounded())); "
                            + "answered \(pct(rate)) of our turns"))
            }
        } else {
            out.append(
                Value(
                    id: "responsiveness", value: nil,
                    detail: d.messagesOut > 0 ? "no message of ours waited for their reply" : "we never wrote to them"))
        }
        // Recency relative to their own cadence.
        if let last = c.lastInbound {
            let gap = max(0, asOf - last) / 86_400
            let cadence = max(1, c.cadenceDays ?? config.analysis.defaultCadenceDays)
            let ratio = gap / cadence
            let zero = max(1.0001, config.analysis.recencyZeroRatio)
            let v = ratio <= 1 ? 100 : max(0, 100 * (zero - ratio) / (zero - 1))
            out.append(
                Value(
                    id: "recency", value: v,
                    detail: "last message from them \(days(gap)) ago; their usual gap \(days(cadence))"
                        + (c.cadenceDays == nil ? " (default)" : "")))
        } else {
            out.append(Value(id: "recency", value: nil, detail: "they never wrote"))
        }
        // Reciprocated volume.
        let full = max(1, config.analysis.volumeFull)
        out.append(
            Value(
                id: "volume", value: 100 * min(1, log(1 + Double(c.pairs)) / log(1 + full)),
                detail: "\(c.pairs) reply exchange\(c.pairs == 1 ? "" : "s") (saturates at \(Int(full)))"))
        // Duration.
        if let first = c.firstInbound, let last = c.lastInbound {
            let span = (last - first) / 86_400
            out.append(
                Value(
                    id: "duration", value: 100 * min(1, span / max(1, config.analysis.durationFullDays)),
                    detail: "\(days(span)) from their first to their last message"))
        } else {
            out.append(Value(id: "duration", value: nil, detail: "they never wrote"))
        }
        // Balance: they write at least as much as we do, and start threads too.
        if d.messagesIn > 0 {
            let msg = d.messagesOut > 0 ? min(1, Double(d.messagesIn) / Double(d.messagesOut)) : 1
            let threads = d.threadsStartedByThem + d.threadsStartedByUs
            let starts = threads > 0 ? min(1, 2 * Double(d.threadsStartedByThem) / Double(threads)) : 1
            out.append(
                Value(
                    id: "balance", value: 100 * (msg + starts) / 2,
                    detail: "\(d.messagesIn) in / \(d.messagesOut) out; they started \(d.threadsStartedByThem) of "
                        + "\(threads) threads"))
        } else {
            out.append(Value(id: "balance", value: 0, detail: "only we write"))
        }
        // Sentiment.
        if let s = c.meanSentimentThem {
            out.append(
                Value(id: "sentiment", value: 50 * (s + 1), detail: "mean compound of their messages \(fmt(s, 3))"))
        } else {
            out.append(Value(id: "sentiment", value: nil, detail: "sentiment unavailable"))
        }
        // Open items waiting on us.
        let waiting = d.openItems.filter { $0.waitingOn == "waiting-on-us" }
        let penalty = waiting.reduce(0.0) {
            $0 + 0.5 * min(1, $1.ageBusinessDays / max(0.01, config.analysis.openItemFullDays))
        }
        out.append(
            Value(
                id: "open-items", value: 100 * max(0, 1 - penalty),
                detail: waiting.isEmpty
                    ? "nothing of theirs waiting on us"
                    : "\(waiting.count) of theirs waiting on us, oldest \(fmt(waiting.map(\.ageBusinessDays).max() ?? 0, 1)) business days"
            ))
        return out
    }

    /// Weighted total with missing components re-weighted away.
    static func weigh(_ values: [Value], weights: [String: Double]) -> (Double, [ScoreComponent]) {
        let present = values.filter { $0.value != nil }.reduce(0.0) { $0 + (weights[$1.id] ?? 0) }
        var total = 0.0
        var comps: [ScoreComponent] = []
        for v in values {
            let w = weights[v.id] ?? 0
            let eff = (v.value != nil && present > 0) ? w / present : 0
            let value = v.value.map { Stats.round($0, 2) }
            let contribution = Stats.round((value ?? 0) * eff, 2)
            total += (value ?? 0) * eff
            comps.append(
                ScoreComponent(
                    id: v.id, value: value, weight: w, effectiveWeight: Stats.round(eff, 4), contribution: contribution,
                    detail: v.detail))
        }
        return (Stats.round(total, 2), comps)
    }

    static func band(_ points: Double, bands: [Double]) -> Int {
        var level = 1
        for (i, b) in bands.enumerated() where points >= b { level = i + 2 }
        return level
    }

    /// Level after gates, and the gates that capped it.
    static func gate(points: Double, c: ContactComputation, values: [Value], config: AnalysisConfig) -> (Int, [String])
    {
        let raw = band(points, bands: config.bands)
        func value(_ id: String) -> Double { values.first { $0.id == id }?.value ?? 0 }
        var level = raw
        var gates: [String] = []
        if !c.twoWay {
            if level > 1 { gates.append("1, not \(min(raw, 2)): no two-way exchange") }
            return (1, gates)
        }
        let g = config.gates
        if level >= 3 && c.pairs < g.minExchangesFor3 {
            gates.append(
                "2, not 3: only \(c.pairs) reply exchange\(c.pairs == 1 ? "" : "s") (\(g.minExchangesFor3) needed)")
            return (2, gates)
        }
        // A component without a value is not counted as 0 by the gates either: a customer who starts every
        // thread and never had a question of ours to answer is not "not responsive".
        let responsivenessMeasured = values.contains { $0.id == "responsiveness" && $0.value != nil }
        if level >= 3 && responsivenessMeasured && value("responsiveness") < g.minResponsivenessFor3 {
            let r = value("responsiveness")
            gates.append(
                "2, not 3: not responsive (responsiveness \(fmt(r, 0)) < \(fmt(g.minResponsivenessFor3, 0)))")
            return (2, gates)
        }
        if level >= 4 {
            var reasons: [String] = []
            let r = value("responsiveness")
            let w = value("warmth")
            if responsivenessMeasured && r < g.minResponsivenessFor4 {
                reasons.append(
                    "replies not quick enough (responsiveness \(fmt(r, 0)) < \(fmt(g.minResponsivenessFor4, 0)))")
            }
            if w < g.minWarmthFor4 {
                reasons.append("no friendly language from them (warmth \(fmt(w, 0)) < \(fmt(g.minWarmthFor4, 0)))")
            }
            let span = c.firstInbound.flatMap { f in c.lastInbound.map { ($0 - f) / 86_400 } } ?? 0
            if span < g.minDaysFor4 {
                reasons.append("known for only \(days(span)) (\(fmt(g.minDaysFor4, 0)) days needed)")
            }
            if !reasons.isEmpty {
                gates.append("3, not 4: " + reasons.joined(separator: "; "))
                return (3, gates)
            }
        }
        if level >= 5 {
            var reasons: [String] = []
            if !c.privateChannelThem { reasons.append("no private channel") }
            let w = value("warmth")
            if w < g.minWarmthFor5 {
                reasons.append("language not warm enough (warmth \(fmt(w, 0)) < \(fmt(g.minWarmthFor5, 0)))")
            }
            if !reasons.isEmpty {
                gates.append("4, not 5: " + reasons.joined(separator: "; "))
                level = 4
            }
        }
        return (level, gates)
    }

    static func confidence(pairs: Int, config: AnalysisConfig) -> Double {
        let k = log(10) / max(1, config.analysis.confidencePairs)
        return Stats.round(1 - exp(-k * Double(pairs)), 3)
    }

    /// Evidence: fastest and slowest reply of theirs, their warmest message, their latest message, the
    /// oldest open item. Only messages whose text is kept (timeline window) are quoted.
    static func evidence(_ c: ContactComputation, source: EventSource, events: ArraySlice<Int32>) -> [EvidenceItem] {
        var items: [EvidenceItem] = []
        func quote(_ e: EventRecord, around: Int? = nil) -> String? { e.text.map { Quote.excerpt($0, around: around) } }
        let replies = c.theirReplies.sorted {
            $0.wall != $1.wall
                ? $0.wall < $1.wall : source.id(events[c.base + $0.reply]) < source.id(events[c.base + $1.reply])
        }
        if let fast = replies.first {
            let e = source.record(events[c.base + fast.reply])
            items.append(
                EvidenceItem(
                    messageID: e.id, date: e.date, reason: "fastest reply from them: \(duration(fast.wall))",
                    quote: quote(e)))
        }
        if replies.count > 1, let slow = replies.last {
            let e = source.record(events[c.base + slow.reply])
            items.append(
                EvidenceItem(
                    messageID: e.id, date: e.date, reason: "slowest reply from them: \(duration(slow.wall))",
                    quote: quote(e)))
        }
        let warm = events.filter { source.event($0).inbound && source.event($0).isInformal && source.hasText($0) }
            .map(source.record)
            .max { a, b in
                let ca = a.markers.filter { TextFeatures.informalKinds.contains($0.kind) }.count
                let cb = b.markers.filter { TextFeatures.informalKinds.contains($0.kind) }.count
                return ca != cb ? ca < cb : EventRecord.chronological(a, b)
            }
        if let warm {
            let m = warm.markers.first { TextFeatures.informalKinds.contains($0.kind) }
            items.append(
                EvidenceItem(
                    messageID: warm.id, date: warm.date, reason: Self.informalReason(warm.markers),
                    quote: quote(warm, around: m?.evidence.start)))
        }
        if let i = events.last(where: { source.event($0).inbound }), case let last = source.record(i),
            !items.contains(where: { $0.messageID == last.id })
        {
            items.append(
                EvidenceItem(
                    messageID: last.id, date: last.date, reason: "latest message from them", quote: quote(last)))
        }
        if let item = c.dynamics.openItems.first(where: { $0.waitingOn == "waiting-on-us" }) {
            items.append(
                EvidenceItem(
                    messageID: item.messageID, date: item.since,
                    reason: "open, waiting on us for \(fmt(item.ageBusinessDays, 1)) business days", quote: item.quote))
        }
        return items
    }

    static func pct(_ v: Double) -> String { "\(Int((v * 100).rounded()))%" }
    static func fmt(_ v: Double, _ places: Int) -> String {
        if places == 0 { return String(Int(v.rounded())) }
        return String(Stats.round(v, places))
    }
    static func hours(_ h: Double) -> String { h < 1 ? "\(Int((h * 60).rounded())) min" : "\(fmt(h, 1)) h" }
    static func days(_ d: Double) -> String { "\(fmt(d, 1)) days" }
    static func duration(_ seconds: Double) -> String {
        if seconds < 3600 { return "\(Int((seconds / 60).rounded())) min" }
        if seconds < 86_400 * 2 { return "\(fmt(seconds / 3600, 1)) h" }
        return "\(fmt(seconds / 86_400, 1)) days"
    }
}

extension Scorer {
    /// "informal: …" with each informal kind once, in text order ("thanks … thank you again" is not
    /// "gratitude, gratitude").
    static func informalReason(_ markers: [ToneMarker]) -> String {
        var kinds: [String] = []
        for m in markers where TextFeatures.informalKinds.contains(m.kind) && !kinds.contains(m.kind.rawValue) {
            kinds.append(m.kind.rawValue)
        }
        return "informal: " + kinds.joined(separator: ", ")
    }
}
