public import RapportSentiment

/// A small byte-level phrase matcher used by the warning rules when a timeline carries no tone markers
/// (the sentiment engine did not run or is not available).
///
/// Matching is ASCII case-insensitive, treats curly apostrophes (U+2018, U+2019) as `'`, collapses
/// runs of white space (including no-break space) to one space, and respects word boundaries: a
/// phrase matches only where the bytes before and after it are not ASCII letters or digits. A phrase
/// ending in `*` matches any continuation (`refund*` matches "refunds", "refunded"). Spans are UTF-8
/// byte offsets into the original text. Phrases are English; other languages are not matched.
public struct PhraseMatcher: Sendable {
    /// Where in the text a phrase may match.
    public enum Position: Sendable, Hashable {
        /// Anywhere.
        case anywhere
        /// Only within the first `n` normalized bytes (greetings).
        case head(Int)
        /// Only within the last `n` normalized bytes (sign-offs).
        case tail(Int)
    }

    struct Entry: Sendable {
        var bytes: [UInt8]
        var prefix: Bool
        var kind: ToneMarkerKind
        var position: Position
        var term: String
    }

    private var entries: [Entry] = []
    /// Entry indices by first byte.
    private var byFirst: [[Int]] = Array(repeating: [], count: 256)

    public init() {}

    /// Adds phrases of one marker kind.
    public mutating func add(_ kind: ToneMarkerKind, _ phrases: [String], position: Position = .anywhere) {
        for phrase in phrases {
            var bytes = Array(phrase.lowercased().utf8)
            var prefix = false
            if bytes.last == UInt8(ascii: "*") {
                bytes.removeLast()
                prefix = true
            }
            guard !bytes.isEmpty else { continue }
            byFirst[Int(bytes[0])].append(entries.count)
            entries.append(Entry(bytes: bytes, prefix: prefix, kind: kind, position: position, term: phrase))
        }
    }

    /// All matches in `text` as tone markers, ordered by start offset, then kind; at most one marker per
    /// kind and start offset (the longest phrase wins).
    public func markers(in text: String) -> [ToneMarker] {
        var norm: [UInt8] = []
        var origin: [Int] = []
        var width: [Int] = []
        var text = text
        text.withUTF8 { buf in
            norm.reserveCapacity(buf.count)
            origin.reserveCapacity(buf.count + 1)
            var i = 0
            var lastWasSpace = true
            while i < buf.count {
                let b = buf[i]
                // Curly apostrophes E2 80 98 / E2 80 99 → '
                if b == 0xE2, i + 2 < buf.count, buf[i + 1] == 0x80, buf[i + 2] == 0x98 || buf[i + 2] == 0x99 {
                    norm.append(UInt8(ascii: "'"))
                    origin.append(i)
                    width.append(3)
                    i += 3
                    lastWasSpace = false
                    continue
                }
                let isNBSP = b == 0xC2 && i + 1 < buf.count && buf[i + 1] == 0xA0
                if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || isNBSP {
                    if !lastWasSpace {
                        norm.append(0x20)
                        origin.append(i)
                        width.append(1)
                    }
                    lastWasSpace = true
                    i += isNBSP ? 2 : 1
                    continue
                }
                lastWasSpace = false
                norm.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
                origin.append(i)
                width.append(1)
                i += 1
            }
        }
        // Trim a trailing space so `tail` windows measure real text.
        if norm.last == 0x20 {
            norm.removeLast()
            origin.removeLast()
            width.removeLast()
        }
        var found: [ToneMarker] = []
        var seen: [Int: Int] = [:]  // (start << 5 | kindIndex) → index into found
        let kinds = ToneMarkerKind.allCases
        for s in 0..<norm.count {
            let candidates = byFirst[Int(norm[s])]
            if candidates.isEmpty { continue }
            let atWordStart = s == 0 || !Self.isWordByte(norm[s - 1])
            // The candidates all start with norm[s]: inside a word, one starting with a word byte cannot match.
            if !atWordStart && Self.isWordByte(norm[s]) { continue }
            for index in candidates {
                let entry = entries[index]
                let p = entry.bytes
                let end = s + p.count
                guard end <= norm.count else { continue }
                switch entry.position {
                case .anywhere: break
                case .head(let n): if end > n { continue }
                case .tail(let n): if s < norm.count - n { continue }
                }
                guard atWordStart || !Self.isWordByte(p[0]), Self.matches(norm, at: s, p) else { continue }
                let rightOK =
                    entry.prefix || end == norm.count || !Self.isWordByte(norm[end]) || !Self.isWordByte(p[p.count - 1])
                guard rightOK else { continue }
                var e = end
                if entry.prefix { while e < norm.count && Self.isWordByte(norm[e]) { e += 1 } }
                let start = origin[s]
                let stop = origin[e - 1] + width[e - 1]
                let kindIndex = kinds.firstIndex(of: entry.kind) ?? 0
                let key = start << 5 | kindIndex
                let marker = ToneMarker(
                    kind: entry.kind, evidence: Evidence(term: entry.term, start: start, end: stop, weight: 1))
                if let k = seen[key] {
                    if found[k].evidence.end < stop { found[k] = marker }
                } else {
                    seen[key] = found.count
                    found.append(marker)
                }
            }
        }
        found.sort {
            ($0.evidence.start, kinds.firstIndex(of: $0.kind) ?? 0) < (
                $1.evidence.start, kinds.firstIndex(of: $1.kind) ?? 0
            )
        }
        return found
    }

    @inline(__always)
    private static func matches(_ hay: [UInt8], at s: Int, _ p: [UInt8]) -> Bool {
        var k = 0
        while k < p.count {
            if hay[s + k] != p[k] { return false }
            k += 1
        }
        return true
    }

    @inline(__always)
    static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A)
    }
}

extension PhraseMatcher {
    /// The built-in English phrase lists used by the rules (see docs/warnings.md).
    public static let standard: PhraseMatcher = {
        var m = PhraseMatcher()
        m.add(
            .repeatedRequest,
            [
                "any update", "any updates", "any news on", "any progress on", "following up", "following-up",
                "just following up", "just checking in", "checking in again", "as i mentioned", "as mentioned before",
                "as previously mentioned", "as i said before", "i asked before", "i already asked",
                "i have already asked", "still waiting", "still haven't heard", "still have not heard",
                "haven't heard back", "have not heard back", "bumping this", "bump this", "gentle reminder",
                "friendly reminder", "second request", "third request", "per my last email", "per my previous email",
                "resending this", "asking again",
            ])
        m.add(
            .churnRisk,
            [
                "cancel our subscription", "cancel the subscription", "cancel my subscription", "cancel our contract",
                "cancel the contract", "cancel our account", "cancel the account", "cancel my account",
                "cancel our plan", "cancel the service", "cancel our service", "cancel our license*",
                "cancel our renewal", "cancel the renewal", "cancelling our subscription", "canceling our subscription",
                "cancelling our contract", "canceling our contract", "cancelling our account", "canceling our account",
                "cancellation notice", "notice of cancellation", "not renewing", "not going to renew", "won't renew",
                "will not renew", "won't be renewing", "will not be renewing", "not plan to renew",
                "don't plan to renew", "do not intend to renew", "not renew", "terminate our contract",
                "terminate our agreement", "terminate our subscription", "terminate our account",
                "terminate the contract", "terminate the agreement", "termination notice", "a refund", "full refund",
                "refund request", "request a refund", "requesting a refund", "refund us", "money back",
                "chargeback*",
            ])
        m.add(
            .escalation,
            [
                "escalat*", "unacceptable", "not acceptable", "speak to a manager", "talk to a manager",
                "formal complaint", "extremely disappointed", "very disappointed", "legal action", "our lawyer*",
                "go over your head", "going over your head",
            ]
                // A manager or CEO needs the verb that goes over our head: "great to meet your leadership
                // team" and "thank your CEO" are no escalation.
                + ["speak to", "speak with", "talk to", "talk with", "contact", "contacting", "involve", "involving"]
                .flatMap { verb in
                    ["manager", "supervisor", "boss", "ceo", "vp", "management", "leadership", "executives"].map {
                        "\(verb) your \($0)"
                    }
                })
        m.add(
            .competitor,
            [
                "competitor*", "evaluating alternatives", "exploring alternatives", "considering alternatives",
                "looking at alternatives", "looking for alternatives", "alternative vendor*", "alternative provider*",
                "alternative solution*",
                "other vendors", "other providers", "switching to another", "switch to another",
                "moving to another vendor", "moving to another provider", "moving to another platform",
                "evaluating other", "looking at other options", "looking at other vendors",
            ])
        m.add(.formalGreeting, ["dear", "to whom it may concern", "good day", "greetings"], position: .head(48))
        m.add(.warmGreeting, ["hi", "hey", "hello", "hiya", "heya", "morning", "yo"], position: .head(24))
        m.add(
            .formalSignOff,
            [
                "kind regards", "best regards", "warm regards", "regards", "sincerely", "yours faithfully",
                "yours sincerely", "respectfully", "yours truly",
            ], position: .tail(64))
        m.add(
            .warmSignOff,
            ["cheers", "talk soon", "speak soon", "have a great*", "have a good*", "all the best", "xx", "take care"],
            position: .tail(64))
        m.add(.gratitude, ["thanks", "thank you", "thx", "many thanks", "appreciate*", "grateful"])
        m.add(.laughter, ["haha*", "hehe*", "lol", "lmao", "rofl"])
        m.add(.emoji, [":)", ":-)", ":d", ";)", "=)"])
        return m
    }()

    /// Phrases of automatic mobile footers ("Sent from my iPhone").
    static let mobileFooter: [[UInt8]] = [
        "sent from my", "get outlook for", "sent from outlook for", "sent via the samsung", "sent from mail for",
        "sent from yahoo mail",
    ].map { Array($0.utf8) }
}
