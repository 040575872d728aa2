public import RapportCore
public import RapportSentiment

/// One early-warning rule: an id, documented thresholds (in ``WarningsConfig``), and triggering and
/// non-triggering example conversations that feed its tests and docs/warnings.md.
///
/// Rules are causal: a firing at time t depends only on messages dated at or before t, so evaluating a
/// history once yields the same alerts as evaluating it every day.
public protocol WarningRule: Sendable {
    /// Stable id (`cooling`, `repeated-request`, …).
    static var id: String { get }
    /// One line saying what the rule looks for.
    static var summary: String { get }
    /// Example conversations with their expected outcome.
    static var examples: [RuleExample] { get }
    /// All alert firings over the timeline (messages dated ≤ `asOf`), resolved or not.
    static func firings(_ timeline: ContactTimeline, config: WarningsConfig, asOf: Timestamp) -> [RuleFiring]
}

/// A condition a rule found: when it started (watch), when it became act-level, when it stopped holding.
public struct RuleFiring: Sendable, Hashable {
    public var rule: String
    public var raisedAt: Timestamp
    /// When the condition reached act level (nil: stayed at watch).
    public var actAt: Timestamp?
    /// When the condition stopped holding (nil: still holds at the evaluation instant).
    public var resolvedAt: Timestamp?
    public var summary: String
    public var evidence: [EvidenceItem]

    public init(
        rule: String, raisedAt: Timestamp, actAt: Timestamp? = nil, resolvedAt: Timestamp? = nil, summary: String,
        evidence: [EvidenceItem]
    ) {
        self.rule = rule
        self.raisedAt = raisedAt
        self.actAt = actAt
        self.resolvedAt = resolvedAt
        self.summary = summary
        self.evidence = evidence
    }

    /// Severity as of an instant (nil when not raised yet).
    public func severity(at t: Timestamp) -> Warning.Severity? {
        guard raisedAt.instant <= t.instant else { return nil }
        if let actAt, actAt.instant <= t.instant { return .act }
        return .watch
    }

    /// Whether the condition holds at `t`.
    public func isActive(at t: Timestamp) -> Bool {
        guard raisedAt.instant <= t.instant else { return false }
        if let resolvedAt { return resolvedAt.instant > t.instant }
        return true
    }
}

/// An example conversation for a rule, with the expected outcome at `asOf`.
public struct RuleExample: Sendable {
    public var name: String
    /// The contact's timeline (sorted by date, then id).
    public var messages: [AnalyzedMessage]
    public var asOf: Timestamp
    /// The severity the rule must report at `asOf`, or nil when it must stay silent.
    public var expected: Warning.Severity?

    public init(name: String, messages: [AnalyzedMessage], asOf: Timestamp, expected: Warning.Severity?) {
        self.name = name
        self.messages = messages
        self.asOf = asOf
        self.expected = expected
    }

    /// Whether the example should raise a warning.
    public var triggers: Bool { expected != nil }
}

/// One contact's messages (dated ≤ the evaluation instant) with tone readings computed once.
public struct ContactTimeline: Sendable {
    public let contact: String
    public let account: String?
    public let messages: [AnalyzedMessage]
    /// Tone marker kinds per message (parallel to `messages`; inbound messages only, outbound are empty).
    public let tones: [ToneReading]
    /// True when any message of the input carried tone markers.
    public let usesMarkers: Bool
    /// Per message, the index of the first later outbound message that answers it (replies to its id or
    /// is in its thread), or -1: computed once, so ``answer(to:before:)`` is O(1) instead of a scan
    /// (the rules ask it for every message in a look-back window: quadratic on long timelines).
    let firstAnswer: [Int32]
    /// Whether the messages are in date order (as ``WarningEngine`` passes them); otherwise
    /// ``answer(to:before:)`` scans.
    let dateOrdered: Bool

    /// Tone per inbound message: the input's markers (from the sentiment engine or the pipeline's
    /// featurizer) are preferred; for every marker kind a message does not carry, the built-in
    /// ``PhraseMatcher`` fills in (so the rules work on text alone, and a partial marker set — e.g. only
    /// greetings — still gets the risk and follow-up phrases).
    public init(contact: String, messages: [AnalyzedMessage]) {
        self.init(contact: contact, messages: messages, workers: ParallelMap.defaultWorkers)
    }

    /// The timeline with its tone readings computed on `workers` threads.
    init(contact: String, messages: [AnalyzedMessage], workers: Int) {
        self.contact = contact
        self.messages = messages
        self.account = messages.last(where: { $0.account != nil })?.account
        self.usesMarkers = messages.contains { !$0.markers.isEmpty }
        // Rules read the tone of their messages only; ours get an empty reading. Each reading depends on its
        // message alone (both cores on a long timeline: a busy DM holds thousands of messages).
        self.tones = ParallelMap.map(messages, workers: workers) { m in
            guard m.direction == .inbound else {
                return ToneReading(text: "", markers: [], hasMobileFooter: m.hasMobileFooter)
            }
            var markers = m.markers
            let given = Set(m.markers.map(\.kind))
            markers += PhraseMatcher.standard.markers(in: m.text).filter { !given.contains($0.kind) }
            return ToneReading(
                text: m.text, markers: markers,
                hasMobileFooter: m.hasMobileFooter || ToneReading.detectMobileFooter(m.text))
        }
        self.firstAnswer = Self.firstAnswers(messages)
        var ordered = true
        for k in messages.indices.dropFirst() where messages[k].date.instant < messages[k - 1].date.instant {
            ordered = false
            break
        }
        self.dateOrdered = ordered
    }

    /// This timeline with `dateOrdered` replaced: `false` makes the rules take their scanning paths (tests
    /// compare them with the date-ordered fast paths).
    init(_ other: ContactTimeline, dateOrdered: Bool) {
        contact = other.contact
        account = other.account
        messages = other.messages
        tones = other.tones
        usesMarkers = other.usesMarkers
        firstAnswer = other.firstAnswer
        self.dateOrdered = dateOrdered
    }

    /// One backward pass: the nearest later outbound message per thread and per answered id.
    static func firstAnswers(_ messages: [AnalyzedMessage]) -> [Int32] {
        var out = [Int32](repeating: -1, count: messages.count)
        var byThread: [String: Int32] = [:]
        var byAnswered: [String: Int32] = [:]
        for i in messages.indices.reversed() {
            var best = byThread[messages[i].thread] ?? -1
            if let a = byAnswered[messages[i].id], best < 0 || a < best { best = a }
            out[i] = best
            if messages[i].direction == .outbound {
                byThread[messages[i].thread] = Int32(i)
                if let answered = messages[i].answers { byAnswered[answered] = Int32(i) }
            }
        }
        return out
    }

    /// Whether an outbound message after index `i` answers message `i` (answers it directly, or is in the
    /// same thread), up to and including instant `until`. Returns the first such message's index.
    func answer(to i: Int, before until: Double = .infinity) -> Int? {
        let j = Int(firstAnswer[i])
        if dateOrdered {
            // In date order, no message between i and j is later than j.
            return j >= 0 && messages[j].date.instant <= until ? j : nil
        }
        var k = i + 1
        while k < messages.count {
            if messages[k].date.instant > until { return nil }
            if k == j { return j }
            k += 1
        }
        return nil
    }

    /// Evidence for message `i`, quoting the span of a marker kind when present (else the text's start).
    func evidence(_ i: Int, reason: String, quoting kinds: [ToneMarkerKind] = []) -> EvidenceItem {
        let m = messages[i]
        var quote: String? = nil
        for k in kinds {
            if let marker = tones[i].markers.first(where: { $0.kind == k }) {
                quote = ToneReading.quote(m.text, around: marker.evidence)
                break
            }
        }
        if quote == nil { quote = ToneReading.quote(m.text, around: nil) }
        return EvidenceItem(messageID: m.id, date: m.date, reason: reason, quote: quote)
    }
}

/// The tone marker kinds of one message, from the sentiment engine or the phrase-matcher fallback.
public struct ToneReading: Sendable, Hashable {
    public var markers: [ToneMarker]
    public var kinds: Set<ToneMarkerKind>
    public var exclamations: Int
    public var hasMobileFooter: Bool

    init(text: String, markers: [ToneMarker], hasMobileFooter: Bool) {
        self.markers = markers
        self.kinds = Set(markers.map(\.kind))
        var n = 0
        var emoji = false
        for b in text.utf8 {
            if b == UInt8(ascii: "!") { n += 1 }
            if b == 0xF0 { emoji = true }
        }
        self.exclamations = n
        if emoji { kinds.insert(.emoji) }
        if n > 0 { kinds.insert(.exclamation) }
        self.hasMobileFooter = hasMobileFooter
    }

    public func has(_ kind: ToneMarkerKind) -> Bool { kinds.contains(kind) }

    /// Warm tone signals present (warm greeting or sign-off, gratitude, exclamation, emoji, laughter).
    public var warmth: Int {
        [ToneMarkerKind.warmGreeting, .warmSignOff, .gratitude, .exclamation, .emoji, .laughter].reduce(0) {
            $0 + (kinds.contains($1) ? 1 : 0)
        }
    }

    /// Formal tone signals present (formal greeting or sign-off).
    public var formality: Int {
        (kinds.contains(.formalGreeting) ? 1 : 0) + (kinds.contains(.formalSignOff) ? 1 : 0)
    }

    /// Whether the last 80 bytes of `text` hold a mobile footer phrase (ASCII case-insensitive), read in place.
    static func detectMobileFooter(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { all in
            let tail = UnsafeBufferPointer(rebasing: all[max(0, all.count - 80)...])
            @inline(__always) func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
            // One pass, trying the phrases only where one of them can start.
            let starts = PhraseMatcher.mobileFooterStarts
            for s in tail.indices {
                let first = lower(tail[s])
                guard starts[Int(first)] else { continue }
                for p in PhraseMatcher.mobileFooter where p[0] == first && s + p.count <= tail.count {
                    var k = 1
                    while k < p.count && lower(tail[s + k]) == p[k] { k += 1 }
                    if k == p.count { return true }
                }
            }
            return false
        }
    }

    /// A short quote (≤ 80 bytes, cut on UTF-8 boundaries) around a span, or the text's start.
    static func quote(_ text: String, around span: Evidence?) -> String? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return nil }
        var lo = 0
        var hi = min(bytes.count, 80)
        if let span, span.start >= 0, span.end <= bytes.count, span.start < span.end {
            lo = max(0, span.start - 30)
            hi = min(bytes.count, max(span.end + 30, lo + 1))
            if hi - lo > 80 { hi = lo + 80 }
        }
        while lo > 0 && lo < bytes.count && bytes[lo] & 0xC0 == 0x80 { lo -= 1 }
        while hi < bytes.count && bytes[hi] & 0xC0 == 0x80 { hi -= 1 }
        var out: [UInt8] = []
        out.reserveCapacity(hi - lo)
        var lastSpace = false
        for b in bytes[lo..<hi] {
            let space = b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09
            if space {
                if !lastSpace && !out.isEmpty { out.append(0x20) }
            } else {
                out.append(b)
            }
            lastSpace = space
        }
        while out.last == 0x20 { out.removeLast() }
        guard !out.isEmpty else { return nil }
        var s = String(decoding: out, as: UTF8.self)
        if lo > 0 { s = "…" + s }
        if hi < bytes.count { s += "…" }
        return s
    }
}
