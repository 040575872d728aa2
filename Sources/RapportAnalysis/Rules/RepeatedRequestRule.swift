public import RapportCore

/// `repeated-request`: they ask again while our reply is outstanding — a follow-up phrase ("any
/// update?", "following up", "as I mentioned") or a near-duplicate of an earlier request of theirs
/// (word-shingle Jaccard over their own words ≥ `similarity`).
///
/// "Outstanding" means an earlier message of theirs (within `lookbackDays`) has no reply from us yet: no
/// outbound message answering it or in its thread. Watch at the first repeat, act at the
/// `actAfterRepeats`-th repeat of the same request; resolved by our reply to the request or a repeat.
public enum RepeatedRequestRule: WarningRule {
    public static let id = "repeated-request"
    public static let summary =
        "They ask again (\"any update?\", or a near-duplicate request) while our reply is outstanding."

    public static func firings(_ timeline: ContactTimeline, config: WarningsConfig, asOf: Timestamp) -> [RuleFiring] {
        let c = config.repeatedRequest
        let ms = timeline.messages
        var shingleCache: [Int: Set<UInt64>] = [:]
        func shingles(_ i: Int) -> Set<UInt64> {
            if let s = shingleCache[i] { return s }
            let s = Shingles.of(ms[i].text, size: c.shingleSize)
            shingleCache[i] = s
            return s
        }
        // root request index → indices of its repeats
        var groups: [Int: [Int]] = [:]
        var rootOf: [Int: Int] = [:]
        var order: [Int] = []
        for i in ms.indices where ms[i].direction == .inbound && !ms[i].isCloser {
            let t = ms[i].date.instant
            let phrase = timeline.tones[i].has(.repeatedRequest)
            var target: Int? = nil
            var j = i - 1
            while j >= 0, t - ms[j].date.instant <= c.lookbackDays * 86_400 {
                defer { j -= 1 }
                guard ms[j].direction == .inbound, !ms[j].isCloser,
                    timeline.answer(to: j, before: t) == nil
                else { continue }
                if phrase {
                    target = j
                    break
                }
                if ms[i].asksSomething, ms[j].asksSomething, ms[i].words >= c.minWords, ms[j].words >= c.minWords,
                    Shingles.jaccard(shingles(i), shingles(j)) >= c.similarity
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
            guard let repeats = groups[root], let first = repeats.first else { continue }
            var f = RuleFiring(rule: id, raisedAt: ms[first].date, summary: "", evidence: [])
            if repeats.count >= c.actAfterRepeats { f.actAt = ms[repeats[c.actAfterRepeats - 1]].date }
            var resolved: Double = .infinity
            for k in [root] + repeats {
                if let a = timeline.answer(to: k), ms[a].date.instant >= ms[first].date.instant {
                    resolved = min(resolved, ms[a].date.instant)
                }
            }
            if resolved.isFinite, let r = ms.first(where: { $0.date.instant == resolved }) {
                f.resolvedAt = r.date
                if let act = f.actAt, act.instant >= resolved { f.actAt = nil }
            }
            let shown = repeats.filter { f.resolvedAt == nil || ms[$0].date.instant < resolved }
            let waited = Human.days(ms[shown.last ?? first].date.instant - ms[root].date.instant)
            f.summary =
                "Asked \(shown.count + 1) times without a reply from us (first \(ms[root].date.local.dayKey), \(waited) ago at the last repeat)"
            f.evidence = [timeline.evidence(root, reason: "original request")]
            for k in shown.prefix(4) {
                let how = timeline.tones[k].has(.repeatedRequest) ? "follow-up phrase" : "near-duplicate request"
                f.evidence.append(timeline.evidence(k, reason: "repeat: \(how)", quoting: [.repeatedRequest]))
            }
            out.append(f)
        }
        return out
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
/// bytes), hashed (FNV-1a) in runs of `size` words.
enum Shingles {
    static func of(_ text: String, size: Int) -> Set<UInt64> {
        var words: [UInt64] = []
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var inWord = false
        for b in text.utf8 {
            let lower = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
            let w = PhraseMatcher.isWordByte(lower) || lower >= 0x80
            if w {
                if !inWord { h = 0xcbf2_9ce4_8422_2325 }
                h = (h ^ UInt64(lower)) &* 0x0000_0100_0000_01B3
            } else if inWord {
                words.append(h)
            }
            inWord = w
        }
        if inWord { words.append(h) }
        let n = max(1, size)
        guard words.count >= n else { return words.isEmpty ? [] : [combine(words[...])] }
        var out = Set<UInt64>()
        for s in 0...(words.count - n) { out.insert(combine(words[s..<(s + n)])) }
        return out
    }

    private static func combine(_ ws: ArraySlice<UInt64>) -> UInt64 {
        var h: UInt64 = 0x8422_2325_cbf2_9ce4
        for w in ws { h = (h ^ w) &* 0x0000_0100_0000_01B3 &+ 0x9E37 }
        return h
    }

    static func jaccard(_ a: Set<UInt64>, _ b: Set<UInt64>) -> Double {
        guard !a.isEmpty || !b.isEmpty else { return 0 }
        let inter = a.intersection(b).count
        return Double(inter) / Double(a.count + b.count - inter)
    }
}
