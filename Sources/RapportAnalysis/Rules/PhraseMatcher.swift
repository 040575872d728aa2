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

    private(set) var entries: [Entry] = []
    // The entries flattened for the scan (rebuilt by `add`): no reference counting per candidate.
    /// Entry indices grouped by their first two bytes (`b0 << 8 | b1`), in the order they were added; an
    /// entry of one byte is in every group of its byte: `pairBucket[pairStart[key] ..< pairStart[key + 1]]`.
    private var pairBucket: [Int32] = []
    private var pairStart: [Int32] = Array(repeating: 0, count: 65537)
    /// Per entry: its bytes in `pool` from `phraseStart`, its length, whether it is a prefix, where it may
    /// match, and the index of its kind in `ToneMarkerKind.allCases`.
    private var pool: [UInt8] = []
    private var phraseStart: [Int32] = []
    private var phraseLength: [Int32] = []
    private var prefixes: [Bool] = []
    private var positions: [Position] = []
    private var kindIndex: [Int] = []

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
            entries.append(Entry(bytes: bytes, prefix: prefix, kind: kind, position: position, term: phrase))
        }
        flatten()
    }

    /// Rebuilds the scan's flat tables from `entries` (groups keep the order entries were added in).
    private mutating func flatten() {
        let kinds = ToneMarkerKind.allCases
        pool = entries.flatMap(\.bytes)
        phraseLength = entries.map { Int32($0.bytes.count) }
        var offset: Int32 = 0
        phraseStart = phraseLength.map { length in
            defer { offset += length }
            return offset
        }
        prefixes = entries.map(\.prefix)
        positions = entries.map(\.position)
        kindIndex = entries.map { e in kinds.firstIndex(of: e.kind) ?? 0 }
        // Grouped by byte pair, by counting (`add` runs this for every list it is given). A one-byte entry
        // belongs to every group of its byte.
        func keys(_ e: Entry) -> Range<Int> {
            let b0 = Int(e.bytes[0]) << 8
            return e.bytes.count > 1 ? (b0 | Int(e.bytes[1]))..<((b0 | Int(e.bytes[1])) + 1) : b0..<(b0 + 256)
        }
        var pairCount = [Int32](repeating: 0, count: 65537)
        for e in entries { for key in keys(e) { pairCount[key + 1] += 1 } }
        for key in 0..<65536 { pairCount[key + 1] += pairCount[key] }
        pairStart = pairCount
        var fill = pairCount
        pairBucket = [Int32](repeating: 0, count: Int(pairCount[65536]))
        for (k, e) in entries.enumerated() {
            for key in keys(e) {
                pairBucket[Int(fill[key])] = Int32(k)
                fill[key] += 1
            }
        }
    }

    /// All matches in `text` as tone markers, ordered by start offset, then kind; at most one marker per
    /// kind and start offset (the longest phrase wins).
    public func markers(in text: String) -> [ToneMarker] {
        var text = text
        return text.withUTF8 { markers(in: $0) }
    }

    /// ``markers(in:)`` over UTF-8 bytes: the text is normalized once into scratch buffers (the normalized
    /// byte, and the offset and width of what it stands for), then each position is tried against the
    /// phrases starting with its byte pair.
    private func markers(in buf: UnsafeBufferPointer<UInt8>) -> [ToneMarker] {
        let capacity = max(buf.count, 1)
        let norm = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        let origin = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
        let width = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer {
            norm.deallocate()
            origin.deallocate()
            width.deallocate()
        }
        var n = 0
        var i = 0
        var lastWasSpace = true
        while i < buf.count {
            let b = buf[i]
            // Curly apostrophes E2 80 98 / E2 80 99 → '
            if b == 0xE2, i + 2 < buf.count, buf[i + 1] == 0x80, buf[i + 2] == 0x98 || buf[i + 2] == 0x99 {
                (norm[n], origin[n], width[n]) = (UInt8(ascii: "'"), Int32(i), 3)
                n += 1
                i += 3
                lastWasSpace = false
                continue
            }
            let isNBSP = b == 0xC2 && i + 1 < buf.count && buf[i + 1] == 0xA0
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || isNBSP {
                if !lastWasSpace {
                    (norm[n], origin[n], width[n]) = (0x20, Int32(i), 1)
                    n += 1
                }
                lastWasSpace = true
                i += isNBSP ? 2 : 1
                continue
            }
            lastWasSpace = false
            (norm[n], origin[n], width[n]) = (b >= 0x41 && b <= 0x5A ? b | 0x20 : b, Int32(i), 1)
            n += 1
            i += 1
        }
        // Trim a trailing space so `tail` windows measure real text.
        if n > 0 && norm[n - 1] == 0x20 { n -= 1 }
        // (start, kind index, marker): at most one per start and kind, the longest phrase.
        var found: [(start: Int, kind: Int, marker: ToneMarker)] = []
        var seen: [Int: Int] = [:]  // (start << 5 | kindIndex) → index into found
        withTables { pairs, pairStarts, pool in
            for s in 0..<n {
                let c = norm[s]
                // Candidates: the entries starting with `c` and the next byte (one-byte entries of `c` are in
                // every group of `c`). At the last byte the group of (`c`, 0) serves: only its one-byte
                // entries fit there.
                let key = Int(c) << 8 | (s + 1 < n ? Int(norm[s + 1]) : 0)
                let first = Int(pairStarts[key])
                let last = Int(pairStarts[key + 1])
                if first == last { continue }
                let atWordStart = s == 0 || !Self.isWordByte(norm[s - 1])
                // The candidates all start with `c`: inside a word, one starting with a word byte cannot match.
                if !atWordStart && Self.isWordByte(c) { continue }
                for candidate in pairs[first..<last] {
                    let index = Int(candidate)
                    let count = Int(phraseLength[index])
                    let end = s + count
                    guard end <= n else { continue }
                    switch positions[index] {
                    case .anywhere: break
                    case .head(let limit): if end > limit { continue }
                    case .tail(let limit): if s < n - limit { continue }
                    }
                    let p = Int(phraseStart[index])
                    // The first two bytes matched by the group.
                    var k = 2
                    while k < count && norm[s + k] == pool[p + k] { k += 1 }
                    guard k >= count else { continue }
                    let prefix = prefixes[index]
                    let rightOK =
                        prefix || end == n || !Self.isWordByte(norm[end]) || !Self.isWordByte(pool[p + count - 1])
                    guard rightOK else { continue }
                    var e = end
                    if prefix { while e < n && Self.isWordByte(norm[e]) { e += 1 } }
                    let start = Int(origin[s])
                    let stop = Int(origin[e - 1]) + Int(width[e - 1])
                    let kind = kindIndex[index]
                    let key = start << 5 | kind
                    let entry = entries[index]
                    let marker = ToneMarker(
                        kind: entry.kind, evidence: Evidence(term: entry.term, start: start, end: stop, weight: 1))
                    if let k = seen[key] {
                        if found[k].marker.evidence.end < stop { found[k].marker = marker }
                    } else {
                        seen[key] = found.count
                        found.append((start, kind, marker))
                    }
                }
            }
        }
        // (start, kind) pairs are unique, so the order is total.
        found.sort { ($0.start, $0.kind) < ($1.start, $1.kind) }
        return found.map(\.marker)
    }

    /// Calls `body` with the scan's tables as buffers.
    @inline(__always)
    private func withTables(
        _ body: (
            _ pairs: UnsafeBufferPointer<Int32>, _ pairStarts: UnsafeBufferPointer<Int32>,
            _ pool: UnsafeBufferPointer<UInt8>
        ) -> Void
    ) {
        pairBucket.withUnsafeBufferPointer { pairs in
            pairStart.withUnsafeBufferPointer { pairStarts in
                pool.withUnsafeBufferPointer { pool in body(pairs, pairStarts, pool) }
            }
        }
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

    /// Whether a mobile footer phrase starts with byte `b` (indexed by byte).
    static let mobileFooterStarts: [Bool] = {
        var starts = [Bool](repeating: false, count: 256)
        for p in mobileFooter { starts[Int(p[0])] = true }
        return starts
    }()
}
