public import RapportCore
import RapportSentiment

/// `repeated-request`: they ask again while our reply is outstanding — a follow-up phrase ("any
/// update?", "following up", "as I mentioned") or a near-duplicate of an earlier request of theirs
/// (word-shingle Jaccard over their own words ≥ `similarity`; greetings, sign-offs and thanks are left
/// out of the shingles, since boilerplate makes short requests look alike).
///
/// "Outstanding" means an earlier message of theirs (within `lookbackDays`) has no reply from us yet: no
/// outbound message answering it or in its thread. A strong follow-up phrase in a message that asks ("any update?", "as I
/// mentioned", "still waiting") also counts when we sent an interim reply: it repeats the latest message of
/// theirs in the same thread (within `threadLookbackDays`) — they are still waiting for the substance.
/// Weak phrases ("following up", "just checking in") need an unanswered message. Watch at the first repeat, act at the
/// `actAfterRepeats`-th repeat of the same request; resolved by our reply to the request or a repeat.
public enum RepeatedRequestRule: WarningRule {
    public static let id = "repeated-request"
    public static let summary =
        "They ask again (\"any update?\", or a near-duplicate request) while our reply is outstanding."

    static let boilerplate: Set<ToneMarkerKind> = [
        .warmGreeting, .formalGreeting, .warmSignOff, .formalSignOff, .gratitude,
    ]

    public static func firings(_ timeline: ContactTimeline, config: WarningsConfig, asOf: Timestamp) -> [RuleFiring] {
        let c = config.repeatedRequest
        let ms = timeline.messages
        var shingleCache = [[UInt64]?](repeating: nil, count: ms.count)
        func shingles(_ i: Int) -> [UInt64] {
            if let s = shingleCache[i] { return s }
            // Greetings, sign-offs and thanks are boilerplate: shingle only the request's own words.
            let skip = timeline.tones[i].markers.filter { boilerplate.contains($0.kind) }.map {
                $0.evidence.start..<$0.evidence.end
            }
            let s = Shingles.of(ms[i].text, size: c.shingleSize, skipping: skip)
            shingleCache[i] = s
            return s
        }
        // root request index → indices of its repeats
        var groups: [Int: [Int]] = [:]
        var rootOf: [Int: Int] = [:]
        var order: [Int] = []
        // In date order (as the engine passes timelines) the look-back below only ever accepts an inbound
        // message, not a closer, not answered by `t`, within `lookbackDays`: those are kept here, oldest
        // first, as `i` advances (answered ones and ones past the window leave for good, since `t` only
        // grows). Without date order the loop scans every earlier message.
        var open: [Int] = []
        var added = 0
        for i in ms.indices where ms[i].direction == .inbound && !ms[i].isCloser {
            let t = ms[i].date.instant
            if timeline.dateOrdered {
                while added < i {
                    if ms[added].direction == .inbound && !ms[added].isCloser { open.append(added) }
                    added += 1
                }
                open.removeAll {
                    t - ms[$0].date.instant > c.lookbackDays * 86_400 || timeline.answer(to: $0, before: t) != nil
                }
            }
            let phrase = timeline.tones[i].markers.first {
                $0.kind == .repeatedRequest && !isNoChase(ms[i].text, $0.evidence)
            }
            let strong = phrase.map { !isWeak(ms[i].text, $0.evidence) } ?? false
            var target: Int? = nil
            // A strong follow-up ("any update?", "as I mentioned", "still waiting") refers to the thread:
            // they are still waiting for the substance even when we sent an interim reply.
            // A chaser asks: "Friendly reminder: the QBR is on Tuesday" or "as I mentioned, the team loves it"
            // after our answer informs, so a strong phrase counts after our reply only in a message that asks.
            if strong && ms[i].asksSomething {
                // Newest first; the timeline is in date order, so the scan ends at the look-back limit.
                var k = i - 1
                while k >= 0, t - ms[k].date.instant <= c.threadLookbackDays * 86_400 {
                    if ms[k].direction == .inbound && ms[k].thread == ms[i].thread && !ms[k].isCloser {
                        target = k
                        break
                    }
                    k -= 1
                }
            }
            // Without a follow-up phrase only a near-duplicate request can repeat one: a message that asks
            // nothing (or is too short to compare) repeats nothing, so the look-back is skipped.
            let comparable = ms[i].asksSomething && ms[i].words >= c.minWords
            // Newest first: the open list from its end, or every earlier message.
            var openIndex = open.count - 1
            var scan = i - 1
            while target == nil, phrase != nil || comparable {
                let j: Int
                if timeline.dateOrdered {
                    guard openIndex >= 0 else { break }
                    j = open[openIndex]
                    openIndex -= 1
                } else {
                    guard scan >= 0, t - ms[scan].date.instant <= c.lookbackDays * 86_400 else { break }
                    j = scan
                    scan -= 1
                }
                // Waiting on us means they asked something, chased before, or say they are waiting (a strong
                // phrase after a problem report): notes sent "FYI" wait for nothing, so a weak "following up"
                // after them is no repeat.
                guard ms[j].direction == .inbound, !ms[j].isCloser,
                    ms[j].asksSomething || rootOf[j] != nil || (strong && ms[i].asksSomething),
                    timeline.answer(to: j, before: t) == nil
                else { continue }
                if phrase != nil {
                    target = j
                    break
                }
                if ms[i].asksSomething, ms[j].asksSomething, ms[i].words >= c.minWords, ms[j].words >= c.minWords,
                    case let (a, b) = (shingles(i), shingles(j)),
                    Shingles.mayReach(c.similarity, a.count, b.count),
                    Shingles.jaccard(a, b) >= c.similarity
                {
                    target = j
                    break
                }
            }
            guard let j = target else { continue }
            let root = rootOf[j] ?? j
            if groups[root] == nil { order.append(root) }
            groups[root, default: []].append(i)
            rootOf[i] = root
        }
        var out: [RuleFiring] = []
        for root in order {
            guard let repeats = groups[root] else { continue }
            // One firing per stretch of repeats that our reply has not answered yet; the count of
            // repeats of the same request carries over (the second "any update?" is act-level).
            var current: RuleFiring? = nil
            var shown: [Int] = []
            for (n, k) in repeats.enumerated() {
                if let f = current, let r = f.resolvedAt, ms[k].date.instant >= r.instant {
                    out.append(finish(f, root: root, repeats: shown, timeline: timeline))
                    current = nil
                    shown = []
                }
                var f = current ?? RuleFiring(rule: id, raisedAt: ms[k].date, summary: "", evidence: [])
                shown.append(k)
                if n + 1 >= c.actAfterRepeats && f.actAt == nil { f.actAt = ms[k].date }
                f.resolvedAt = timeline.answer(to: k).map { ms[$0].date }
                current = f
            }
            if let f = current { out.append(finish(f, root: root, repeats: shown, timeline: timeline)) }
        }
        return out
    }

    static func finish(_ firing: RuleFiring, root: Int, repeats: [Int], timeline: ContactTimeline) -> RuleFiring {
        let ms = timeline.messages
        var f = firing
        let last = repeats.last ?? root
        let waited = Human.days(ms[last].date.instant - ms[root].date.instant)
        f.summary =
            "Asked again \(repeats.count == 1 ? "" : "\(repeats.count)× ")while waiting on us (first asked \(ms[root].date.local.dayKey), \(waited) before the last follow-up)"
        f.evidence = [timeline.evidence(root, reason: "original request")]
        for k in repeats.suffix(4) {
            let how = timeline.tones[k].has(.repeatedRequest) ? "follow-up phrase" : "near-duplicate request"
            f.evidence.append(timeline.evidence(k, reason: "repeat: \(how)", quoting: [.repeatedRequest]))
        }
        return f
    }

    /// Weak follow-up phrases ("following up", "just checking in") only count while a message of theirs is
    /// unanswered: people also "follow up" on a call with notes.
    static func isWeak(_ text: String, _ e: Evidence) -> Bool {
        let bytes = Array(text.utf8)
        guard e.start >= 0, e.start < e.end, e.end <= bytes.count else { return false }
        let span = bytes[e.start..<e.end].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        for weak in ["follow", "just follow", "just checking", "checking in"] where span.starts(with: Array(weak.utf8))
        {
            return true
        }
        return false
    }

    /// A follow-up they promise, or a wait on their own side, is no chase: "I'll follow up with the signed form",
    /// "happy to follow up", "still waiting on our IT team", "still waiting for procurement to sign".
    static func isNoChase(_ text: String, _ e: Evidence) -> Bool {
        let bytes = Array(text.utf8).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        guard e.start > 0, e.start < e.end, e.end <= bytes.count else { return false }
        var before = Array(bytes[max(0, e.start - 12)..<e.start])
        // Curly apostrophe → '
        if let k = before.firstIndex(of: 0xE2), k + 2 < before.count, before[k + 1] == 0x80 {
            before.replaceSubrange(k..<(k + 3), with: [0x27])
        }
        let promise = ["'ll ", "will ", "happy to ", "glad to ", "going to ", "plan to ", "shall "].contains { p in
            before.count >= p.utf8.count && before.suffix(p.utf8.count).elementsEqual(p.utf8)
        }
        if promise { return true }
        let after = Array(bytes[e.end..<min(bytes.count, e.end + 24)])
        return TextFeatures.ownSideWaits.contains { after.starts(with: Array($0.utf8)) }
    }

    public static var examples: [RuleExample] {
        typealias S = ExampleScript
        let ask = S.them(0, "Hi Sam, could you send us the signed order form for the Q3 renewal?")
        return [
            RuleExample(
                name: "\"any update?\" while the request is unanswered",
                messages: S.build([ask, S.them(3, "Hi Sam, any update on this?")]), asOf: S.at(3.5), expected: .watch),
            RuleExample(
                name: "near-duplicate of the unanswered request, asked three times",
                messages: S.build([
                    ask,
                    S.them(4, "Sam, could you please send us the signed order form for the Q3 renewal?", thread: "t2"),
                    S.them(8, "Following up: we still need the signed order form.", thread: "t3"),
                ]), asOf: S.at(8.5), expected: .act),
            RuleExample(
                name: "a second \"any update?\" on the same issue, despite our interim replies",
                messages: S.build([
                    S.them(0, "Hi Sam, the CSV export drops rows again."), S.us(0.2, "Sorry! We are on it."),
                    S.them(20, "Any update on this?"), S.us(21, "Still investigating, more soon."),
                    S.them(37, "Any update?"),
                ]), asOf: S.at(37.5), expected: .act),
            RuleExample(
                name: "\"following up\" after we answered is not a repeat",
                messages: S.build([
                    ask, S.us(0.3, "Here it is, attached."), S.them(5, "Following up on our call, here are the notes."),
                ]), asOf: S.at(5.5), expected: nil),
            RuleExample(
                name: "resolved once we reply",
                messages: S.build([ask, S.them(3, "Any update?"), S.us(3.2, "Sorry, sent now.")]), asOf: S.at(4),
                expected: nil),
            RuleExample(
                name: "a different question is not a duplicate",
                messages: S.build([
                    ask, S.them(1, "Also, could you add Maria to the weekly status email list?", thread: "t2"),
                ]),
                asOf: S.at(1.5), expected: nil),
        ]
    }
}

/// Word shingles for near-duplicate detection: lower-cased ASCII words (non-ASCII bytes count as word
/// bytes), hashed (FNV-1a) in runs of `size` words. A message's shingles are a sorted array without
/// repeats (a set), so two are compared by one merge, without hashing: the rule compares every pair of
/// unanswered requests in its look-back window.
enum Shingles {
    static func of(_ text: String, size: Int, skipping: [Range<Int>] = []) -> [UInt64] {
        var words: [UInt64] = []
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var inWord = false
        var text = text
        text.withUTF8 { bytes in
            for offset in bytes.indices {
                let b = bytes[offset]
                let lower = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
                let skipped = !skipping.isEmpty && skipping.contains { $0.contains(offset) }
                let w = !skipped && (PhraseMatcher.isWordByte(lower) || lower >= 0x80)
                if w {
                    if !inWord { h = 0xcbf2_9ce4_8422_2325 }
                    h = (h ^ UInt64(lower)) &* 0x0000_0100_0000_01B3
                } else if inWord {
                    words.append(h)
                }
                inWord = w
            }
        }
        if inWord { words.append(h) }
        let n = max(1, size)
        guard words.count >= n else { return words.isEmpty ? [] : [combine(words[...])] }
        var out: [UInt64] = []
        out.reserveCapacity(words.count - n + 1)
        for s in 0...(words.count - n) { out.append(combine(words[s..<(s + n)])) }
        out.sort()
        var unique = 0
        for v in out where unique == 0 || out[unique - 1] != v {
            out[unique] = v
            unique += 1
        }
        out.removeLast(out.count - unique)
        return out
    }

    private static func combine(_ ws: ArraySlice<UInt64>) -> UInt64 {
        var h: UInt64 = 0x8422_2325_cbf2_9ce4
        for w in ws { h = (h ^ w) &* 0x0000_0100_0000_01B3 &+ 0x9E37 }
        return h
    }

    /// Jaccard similarity of two shingle sets (sorted arrays without repeats).
    static func jaccard(_ a: [UInt64], _ b: [UInt64]) -> Double {
        guard !a.isEmpty || !b.isEmpty else { return 0 }
        var inter = 0
        var i = 0
        var j = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                inter += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return Double(inter) / Double(a.count + b.count - inter)
    }

    /// Whether the Jaccard similarity of sets of these sizes can reach `threshold` (it is at most
    /// smaller ÷ larger): lets the rule skip the merge for requests of very different lengths.
    static func mayReach(_ threshold: Double, _ a: Int, _ b: Int) -> Bool {
        let (lo, hi) = a < b ? (a, b) : (b, a)
        guard hi > 0 else { return threshold <= 0 }
        return Double(lo) / Double(hi) >= threshold
    }
}
