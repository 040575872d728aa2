public import RapportCore

/// `open-item-ageing`: a question or request of theirs waiting on us for too long.
///
/// An inbound message that asks something (and is not a closer) is open until we send a message
/// answering it or in its thread. Watch once it has waited max(`minWatchBusinessDays`,
/// `usualMultiplier` × our usual reply time to them) — "usual" is the median business-time latency of
/// our earlier replies to this contact (at least `minReplies`, otherwise the minimum applies); act
/// beyond `actBusinessDays`. Business time counts Monday–Friday in the contact's offset. Items older
/// than `maxAgeDays` calendar days are stale and dropped (the open-items list still shows them).
public enum OpenItemAgeingRule: WarningRule {
    public static let id = "open-item-ageing"
    public static let summary =
        "A question of theirs has waited on us beyond max(1 business day, 2× our usual reply time)."

    public static func firings(_ timeline: ContactTimeline, config: WarningsConfig, asOf: Timestamp) -> [RuleFiring] {
        let c = config.openItemAgeing
        let ms = timeline.messages
        var index: [String: Int] = [:]
        for i in ms.indices { index[ms[i].id] = i }
        // Our reply latencies (business seconds), in the order of our replies.
        var replies: [(date: Double, business: Double)] = []
        // The latest message so far in each thread (was a backward scan per reply: quadratic).
        var lastInThread: [String: Int] = [:]
        for j in ms.indices {
            defer { lastInThread[ms[j].thread] = j }
            guard ms[j].direction == .outbound else { continue }
            var q: Int? = ms[j].answers.flatMap { index[$0] }
            if q == nil {
                q = lastInThread[ms[j].thread]
            }
            guard let i = q, i < j, ms[i].direction == .inbound else { continue }
            replies.append(
                (
                    ms[j].date.instant,
                    BusinessTime.seconds(from: ms[i].date, to: ms[j].date, offset: ms[i].date.utcOffset)
                ))
        }
        var out: [RuleFiring] = []
        for (i, m) in ms.enumerated() where m.direction == .inbound && m.asksSomething && !m.isCloser {
            // Our replies before this message (replies are in date order): the last 30.
            let before = replies.partitioningIndex { $0.date >= m.date.instant }
            let earlier = replies[max(0, before - 30)..<before].map(\.business)
            let usual = earlier.count >= c.minReplies ? RuleStats.median(earlier) : nil
            let watch = max(c.minWatchBusinessDays * BusinessTime.day, c.usualMultiplier * (usual ?? 0))
            let act = max(watch, c.actBusinessDays * BusinessTime.day)
            let offset = m.date.utcOffset
            let watchAt = BusinessTime.adding(watch, to: m.date, offset: offset)
            let actAt = BusinessTime.adding(act, to: m.date, offset: offset)
            let stale = m.date.instant + c.maxAgeDays * 86_400
            let answered = timeline.answer(to: i, before: stale).map { ms[$0].date }
            let end = min(answered?.instant ?? .infinity, stale)
            guard watchAt.instant < end, watchAt.instant <= asOf.instant else { continue }
            var f = RuleFiring(rule: id, raisedAt: watchAt, summary: "", evidence: [])
            if actAt.instant < end { f.actAt = actAt }
            if let answered, answered.instant <= stale {
                f.resolvedAt = answered
            } else if stale.isFinite {
                let s = stale.rounded(.down)
                f.resolvedAt = Safe.stamp(s, offset: offset)
            }
            let now = min(end, asOf.instant)
            let nowStamp = Safe.stamp(now, offset: offset)
            let waited = BusinessTime.seconds(from: m.date, to: nowStamp, offset: offset)
            let usualText = usual.map { "usual reply \(Human.duration($0))" } ?? "no usual reply time yet"
            f.summary =
                "Waiting on us for \(Human.businessDays(waited)) (\(usualText); watch after \(Human.businessDays(watch)))"
            f.evidence = [timeline.evidence(i, reason: "unanswered question since \(m.date.local.dayKey)")]
            out.append(f)
        }
        return out
    }

    public static var examples: [RuleExample] {
        typealias S = ExampleScript
        // Day 0 is a Monday 09:00.
        let ask = S.them(0, "Hi Sam, can you confirm the go-live date?")
        return [
            RuleExample(
                name: "unanswered for 1.5 business days", messages: S.build([ask]), asOf: S.at(1.5), expected: .watch),
            RuleExample(
                name: "unanswered for 4 business days", messages: S.build([ask]), asOf: S.at(4.2), expected: .act),
            RuleExample(
                name: "the weekend does not count: Friday 09:00 question, Monday 06:36",
                messages: S.build([S.them(4, "Hi Sam, can you confirm the go-live date?")]), asOf: S.at(6.9),
                expected: nil),
            RuleExample(
                name: "answered within a day", messages: S.build([ask, S.us(0.3, "Yes: 3 March.")]), asOf: S.at(5),
                expected: nil),
            RuleExample(
                name: "our usual reply time is 2 business days: a 2.5-day wait is within 2× usual",
                messages: S.build([
                    S.them(0, "Can you check the invoice?", thread: "a"), S.us(2, "Checked.", thread: "a"),
                    S.them(7, "Can you check the order?", thread: "b"), S.us(9, "Done.", thread: "b"),
                    S.them(14, "Can you check the quote?", thread: "c"), S.us(16, "Done.", thread: "c"),
                    S.them(21, "Can you check the contract?", thread: "d"),
                ]), asOf: S.at(23.5), expected: nil),
            RuleExample(
                name: "a statement without a question is not an open item",
                messages: S.build([S.them(0, "Thanks, the report arrived.")]), asOf: S.at(6), expected: nil),
        ]
    }
}

extension Array {
    /// The first index whose element satisfies `belongs` (elements must be partitioned: false…, true…).
    fileprivate func partitioningIndex(where belongs: (Element) -> Bool) -> Int {
        var lo = 0
        var hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if belongs(self[mid]) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
