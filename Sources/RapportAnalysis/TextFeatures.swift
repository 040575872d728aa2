public import RapportSentiment

#if os(Linux)
    /// glibc's `memmem` (declared only with `_GNU_SOURCE`, so not visible through the Glibc module).
    @_silgen_name("memmem")
    private func glibcMemmem(
        _ haystack: UnsafeRawPointer, _ haystackLength: Int, _ needle: UnsafeRawPointer, _ needleLength: Int
    ) -> UnsafeMutableRawPointer?
#endif

/// Byte-level features of a message's own words: word count, questions and requests, thread closers,
/// mobile footers, informal markers and signature titles. ASCII-case-insensitive phrase matching on
/// UTF-8 bytes; no regular expressions, no `Character` iteration.
public struct TextFeatures: Sendable, Hashable {
    public var words: Int
    public var asksSomething: Bool
    public var isCloser: Bool
    public var hasMobileFooter: Bool
    /// Informal markers found by the fallback scanner (exclamation, emoji, laughter, warm and formal
    /// greetings, gratitude), with byte spans.
    public var markers: [ToneMarker]

    /// Extracts the features. `signature` is the reader's `attributes["signature"]`, when present.
    public static func extract(
        _ text: String, signature: String? = nil, mobileFooterAttribute: Bool = false
    )
        -> TextFeatures
    {
        var bytes = Array(text.utf8)
        var lower = bytes
        for i in lower.indices where lower[i] >= 65 && lower[i] <= 90 { lower[i] += 32 }
        let words = countWords(bytes)
        // Every phrase search below is in `lower` or a part of it: the byte pairs of `lower` rule most out.
        let pairs = PairSet(lower)
        defer { pairs.free() }
        // A disclaimer footer asks nothing ("please notify the sender").
        let own = disclaimerStart(bytes, lower: lower, pairs: pairs).map { Array(bytes[..<$0]) } ?? bytes
        let ownLower = own.count == bytes.count ? lower : Array(lower[..<own.count])
        var asks = hasQuestionMark(own) || range(ownLower, Needles.fullwidthQuestionMark, 0, pairs) != nil
        if !asks { asks = hasRequest(ownLower, pairs) }
        var mobile = mobileFooterAttribute
        if !mobile {
            let sig = signature.map { Array($0.utf8).map(asciiLower) } ?? []
            let footers = Needles.mobileFooters
            for k in 0..<footers.count
            where range(lower, footers, k, pairs) != nil || (!sig.isEmpty && range(sig, footers, k, nil) != nil) {
                mobile = true
                break
            }
        }
        var closer = false
        if words <= 6 && !bytes.contains(0x3F) {
            let closers = Needles.closers
            for k in 0..<closers.count {
                if let r = range(lower, closers, k, pairs), isBoundary(lower, r.0 - 1), isBoundary(lower, r.1) {
                    closer = true
                    break
                }
            }
        }
        if closer { asks = false }
        var markers: [ToneMarker] = []
        func mark(_ kind: ToneMarkerKind, _ term: String, _ start: Int, _ end: Int) {
            markers.append(ToneMarker(kind: kind, evidence: Evidence(term: term, start: start, end: end, weight: 1)))
        }
        // Greeting: the first word of the message.
        let firstStart = bytes.firstIndex(where: { !isSpace($0) }) ?? bytes.count
        var firstEnd = firstStart
        while firstEnd < bytes.count, isWordByte(bytes[firstEnd]) { firstEnd += 1 }
        let firstWord = lower[firstStart..<firstEnd]
        if let warm = Needles.warmGreetings.index(of: firstWord) {
            mark(.warmGreeting, Needles.warmGreetings.texts[warm], firstStart, firstEnd)
        } else if let formal = Needles.formalGreetings.index(of: firstWord) {
            mark(.formalGreeting, Needles.formalGreetings.texts[formal], firstStart, firstEnd)
        }
        let gratitude = Needles.gratitude
        for k in 0..<gratitude.count {
            if let r = range(lower, gratitude, k, pairs) {
                mark(.gratitude, gratitude.texts[k], r.0, r.1)
                break
            }
        }
        let laughter = Needles.laughter
        for k in 0..<laughter.count {
            if let r = range(lower, laughter, k, pairs), isBoundary(lower, r.0 - 1), isBoundary(lower, r.1) {
                mark(.laughter, laughter.texts[k], r.0, r.1)
                break
            }
        }
        if let i = bytes.firstIndex(of: 0x21) { mark(.exclamation, "!", i, i + 1) }
        if let r = firstEmoji(bytes) { mark(.emoji, String(decoding: bytes[r.0..<r.1], as: UTF8.self), r.0, r.1) }
        bytes.removeAll()
        return TextFeatures(
            words: words, asksSomething: asks, isCloser: closer, hasMobileFooter: mobile, markers: markers)
    }

    /// Kinds counted as informal (warm) language.
    public static let informalKinds: Set<ToneMarkerKind> = [
        .warmGreeting, .warmSignOff, .exclamation, .emoji, .laughter, .gratitude,
    ]
    public static let formalKinds: Set<ToneMarkerKind> = [.formalGreeting, .formalSignOff]

    /// "let us know" as much as "let me know": a team writes for its team ("Let us know when the patched
    /// build is out" waits on us; "Let us know what you find out" waits on them).
    static let requestPhrases = [
        "please", "could you", "can you", "would you", "let me know", "let us know", "need you to", "any update",
        "kindly", "when will", "waiting for",
    ]
    /// Conditional offers that end a support reply ("Please let us know if you have any problems", "feel
    /// free to …", "don't hesitate to …"): a sentence holding one asks nothing of them.
    static let courtesyPhrases = [
        "if you have any", "if you have further", "if you have other", "if you have more", "if you need",
        "if you run into", "if you encounter", "if you experience", "if the problem persists",
        "if the issue persists", "if it happens again", "if there is anything", "if there's anything",
        "if there\u{2019}s anything", "if anything", "should you have", "should you need", "feel free",
        "hesitate to", "if this helps", "if that helps", "anything else", "if you have questions",
        "if you have a question",
        // An out-of-office heads-up ("please contact Mark for anything urgent while I'm away") asks nothing now.
        "for anything urgent", "in my absence", "while i'm away", "while i am away", "while i'm out",
        "while i am out", "until i'm back", "until i am back", "until i return", "while i\u{2019}m away",
        "until i\u{2019}m back",
    ]

    /// Phrases that use a request word to inform, not to ask ("Please find attached the signed order form",
    /// "Please note the new address"): blanked out of a sentence before its request phrases are looked for,
    /// so "Please find attached the report and let me know if it works" still asks.
    static let informationalPhrases =
        [
            "please find", "please see attached", "please see the attached", "please see below", "please note",
            "please be advised", "please be informed", "please disregard", "please ignore", "please accept",
            "kindly find", "kindly note",
        ] + ownSideWaits.map { "waiting" + $0 }

    /// A wait on their own side, after "waiting" or "still waiting": not a request to us ("I'm still waiting
    /// for procurement to sign").
    static let ownSideWaits = [
        " on our ", " for our ", " on my ", " for my ", " on procurement", " for procurement", " on legal",
        " for legal", " on finance", " for finance", " for approval", " for sign-off", " for budget",
    ]

    /// Openings of a confidentiality disclaimer ("This email is confidential…", "If you are not the intended
    /// recipient…"): the footer a mail server appends, whose "please notify the sender" asks nothing and whose
    /// "may result in legal action" threatens no one.
    static let disclaimerOpenings = [
        "this email is confidential", "this e-mail is confidential", "this message is confidential",
        "this email and any attachment", "this e-mail and any attachment", "this message and any attachment",
        "this email may contain confidential", "this e-mail may contain confidential",
        "this message may contain confidential", "confidentiality notice", "the information contained in this",
        "the information in this email", "if you are not the intended recipient", "if you have received this",
        "if you received this email in error", "if you received this message in error",
    ]

    /// Where a confidentiality disclaimer starts: the first disclaimer opening after the first third of the
    /// text (a footer, not a sentence of the message); the disclaimer runs to the end.
    public static func disclaimerStart(_ bytes: [UInt8]) -> Int? {
        guard bytes.count > 40 else { return nil }
        let lower = bytes.map(asciiLower)
        let pairs = PairSet(lower)
        defer { pairs.free() }
        return disclaimerStart(bytes, lower: lower, pairs: pairs)
    }

    /// ``disclaimerStart(_:)`` with the lower-cased bytes and their pairs at hand.
    static func disclaimerStart(_ bytes: [UInt8], lower: [UInt8], pairs: PairSet) -> Int? {
        guard bytes.count > 40 else { return nil }
        var first: Int? = nil
        let openings = Needles.disclaimerOpenings
        for k in 0..<openings.count {
            if let r = range(lower, openings, k, pairs, from: bytes.count / 3), r.0 < (first ?? Int.max) { first = r.0 }
        }
        return first
    }

    /// A question mark outside web addresses: the `?` of a URL's query (`…/product?id=3`) asks nothing.
    static func hasQuestionMark(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { b in
            // The token a "?" ends starts after the last byte that ends a web address; bytes before `scanned`
            // were already looked at, so each is read once however many "?" a token holds.
            var tokenStart = 0
            var scanned = 0
            var inAddress = false  // the current token is a web address (it stays one as it grows)
            var i = 0
            while i < b.count {
                guard b[i] == 0x3F else {
                    i += 1
                    continue
                }
                var k = i
                while k > scanned, !isURLEnd(b[k - 1]) { k -= 1 }
                if k > scanned {
                    tokenStart = k
                    inAddress = false
                }
                scanned = i
                // Part of a web address when the token holds "://" or starts with "www." (any case).
                if !inAddress {
                    inAddress =
                        isWWW(b, tokenStart, i)
                        || (i - tokenStart >= 3 && range(b, tokenStart, i, Needles.schemeSeparator.bytes(0)) != nil)
                }
                if !inAddress { return true }
                i += 1
            }
            return false
        }
    }

    /// Whether `bytes[start..<end]` starts with "www." in any case.
    private static func isWWW(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        // `b | 0x20 == "w"` holds for "w" and "W" only.
        end - start >= 4 && bytes[start] | 0x20 == 0x77 && bytes[start + 1] | 0x20 == 0x77
            && bytes[start + 2] | 0x20 == 0x77 && bytes[start + 3] == 0x2E
    }

    /// A request phrase in a sentence (split at `.`, `!`, `?` and blank lines) without a courtesy offer.
    static func hasRequest(_ lower: [UInt8], _ pairs: PairSet? = nil) -> Bool {
        // Most messages hold no request phrase at all: then there are no sentences to look at. The phrases
        // that occur somewhere are the only ones a sentence can hold.
        let requests = Needles.requests
        var present: [Int] = []
        for k in 0..<requests.count where range(lower, requests, k, pairs) != nil { present.append(k) }
        guard !present.isEmpty else { return false }
        /// Whether phrase `k` of `list` occurs in `text[start..<end]` (ruled out first by the text's pairs).
        func occurs(_ list: NeedleList, _ k: Int, _ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool
        {
            if let pairs, !list.mayOccur(k, in: pairs) { return false }
            return range(text, start, end, list.bytes(k)) != nil
        }
        /// Whether the sentence `text[start..<end]`, which holds a request phrase, asks. A sentence already
        /// flat (single spaces only) with no informational phrase is what `sentenceRequests` would look at:
        /// it asks unless it holds a courtesy offer.
        func sentenceAsks(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
            guard isFlat(text, start, end) else { return sentenceRequests(text, start, end) }
            let informational = Needles.informational
            for k in 0..<informational.count where occurs(informational, k, text, start, end) {
                return sentenceRequests(text, start, end)
            }
            let courtesy = Needles.courtesy
            for k in 0..<courtesy.count where occurs(courtesy, k, text, start, end) { return false }
            return true
        }
        return lower.withUnsafeBufferPointer { text in
            // Only sentences holding a request phrase matter: each occurrence is looked at in its sentence
            // (split at ".", "!", "?" and blank lines; no phrase holds one of those), each sentence once.
            var seen = Set<Int>()  // sentence starts (a set: a long text can hold very many sentences)
            for k in present {
                let needle = requests.bytes(k)
                var from = 0
                while let (p, _) = range(text, from, text.count, needle) {
                    let (start, end) = sentence(around: p, in: text)
                    if seen.insert(start).inserted, sentenceAsks(text, start, end) { return true }
                    from = end
                }
            }
            return false
        }
    }

    /// The sentence holding byte `p` of `text`: from after the previous sentence end (".", "!", "?", or the
    /// first line break of a blank line) to the next one (or the text's end).
    private static func sentence(around p: Int, in text: UnsafeBufferPointer<UInt8>) -> (Int, Int) {
        func ends(_ i: Int) -> Bool {
            let c = text[i]
            return c == 0x2E || c == 0x21 || c == 0x3F || (c == 0x0A && i + 1 < text.count && text[i + 1] == 0x0A)
        }
        var start = p
        while start > 0, !ends(start - 1) { start -= 1 }
        var end = p
        while end < text.count, !ends(end) { end += 1 }
        return (start, end)
    }

    /// Whether `text[start..<end]` is its own white-space flattening: no tab, line break or carriage return,
    /// and no two spaces in a row.
    private static func isFlat(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var previousSpace = false
        for k in start..<end {
            let c = text[k]
            if c == 0x20 {
                if previousSpace { return false }
                previousSpace = true
            } else {
                if c == 9 || c == 10 || c == 13 { return false }
                previousSpace = false
            }
        }
        return true
    }

    /// Whether the sentence `text[start..<end]`, which holds a request phrase, still asks once its white space
    /// is flattened and its informational phrases are blanked out, and holds no courtesy offer.
    private static func sentenceRequests(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        // White space as single spaces (a run of white space, spaces included, is one space).
        var flat = [UInt8](unsafeUninitializedCapacity: end - start) { out, count in
            var m = 0
            for k in start..<end {
                let c: UInt8 = isSpace(text[k]) ? 0x20 : text[k]
                if c == 0x20 && m > 0 && out[m - 1] == 0x20 { continue }
                out[m] = c
                m += 1
            }
            count = m
        }
        // Pairs of `flat` as it is now (rebuilt after a blanking, which makes new pairs).
        let flatPairs = PairSet(flat)
        defer { flatPairs.free() }
        let informational = Needles.informational
        for k in 0..<informational.count {
            while let r = range(flat, informational, k, flatPairs) {
                for b in r.0..<r.1 { flat[b] = 0x20 }
                flatPairs.fill(flat)
            }
        }
        let requests = Needles.requests
        let courtesy = Needles.courtesy
        return (0..<requests.count).contains(where: { range(flat, requests, $0, flatPairs) != nil })
            && !(0..<courtesy.count).contains(where: { range(flat, courtesy, $0, flatPairs) != nil })
    }

    static let closerPhrases = [
        "thanks", "thank you", "thx", "cheers", "great", "perfect", "sounds good", "got it", "will do", "ok", "okay",
        "\u{1F44D}", "noted", "appreciate it", "awesome",
    ]
    static let mobileFooters = [
        "sent from my iphone", "sent from my ipad", "sent from my android", "sent from my phone", "sent from mobile",
        "sent from my mobile", "sent from outlook for ios", "sent from outlook for android", "get outlook for ios",
        "get outlook for android", "von meinem iphone gesendet", "envoy\u{E9} de mon iphone", "sent from my galaxy",
        "sent from my samsung",
    ]
    static let gratitudePhrases = ["thank you", "thanks", "thx", "appreciate", "grateful"]
    /// First words of a message read as a warm or a formal greeting.
    static let warmGreetings = ["hi", "hey", "hello", "hiya", "morning", "yo", "howdy"]
    static let formalGreetings = ["dear", "greetings"]
    static let laughterPhrases = ["haha", "hehe", "lol", "lmao", "rofl", "\u{1F602}", "\u{1F923}", ":d"]

    static func asciiLower(_ b: UInt8) -> UInt8 { (b >= 65 && b <= 90) ? b + 32 : b }
    static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 }
    /// Digits, ASCII letters and `'` below 0x80, every byte from 0x80 (a bit test: it runs on every byte).
    @inline(__always) static func isWordByte(_ b: UInt8) -> Bool {
        let low: UInt64 = 1 << 39 | 0x3FF << 48  // "'" and 0-9
        let high: UInt64 = 0x3FF_FFFF << 1 | 0x3FF_FFFF << 33  // A-Z and a-z
        let word = b < 64 ? low : (b < 128 ? high : ~0)
        return word >> UInt64(b & 63) & 1 != 0
    }

    /// `.` `,` `:` `-` `_` `@` `/`: inside a word (between two word bytes) they do not split it.
    static func isWordJoiner(_ b: UInt8) -> Bool {
        b == 46 || b == 44 || b == 58 || b == 45 || b == 95 || b == 64 || b == 47
    }

    /// Words: maximal runs of letters, digits, apostrophes and non-ASCII bytes that contain a letter or
    /// digit (emoji-only runs are not words), where a single `.` `,` `:` `-` `_` `@` `/` between two such
    /// bytes joins (a version, a time, a number, a hyphenated word or an address is one word).
    public static func countWords(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { b in
            var count = 0
            var i = 0
            let n = b.count
            while i < n {
                guard isWordByte(b[i]) else {
                    i += 1
                    continue
                }
                if (i == 0 || !isWordByte(b[i - 1])) && isURLStart(b, i) {
                    // A web address is one word, not the dozen its host and path segments would make.
                    count += 1
                    while i < n, !isURLEnd(b[i]) { i += 1 }
                    continue
                }
                var j = i
                var hasLetter = false
                while j < n {
                    let c = b[j]
                    guard isWordByte(c) else {
                        // One joiner between two word bytes keeps the word whole: "2.3.1", "10:30",
                        // "1,000", "follow-up", "jane@acme.com", "and/or", "e.g".
                        if isWordJoiner(c), j + 1 < n, isWordByte(b[j + 1]) {
                            j += 1
                            continue
                        }
                        break
                    }
                    if c < 0x80 && c != 39 { hasLetter = true }
                    if c >= 0xC2 && c < 0xF0 { hasLetter = true }  // 2–3 byte scalars: letters of most scripts
                    j += 1
                }
                if hasLetter { count += 1 }
                i = j
            }
            return count
        }
    }

    /// The text with the inside of each fenced code block (from a line's ` ``` ` to the next ` ``` `, or to the
    /// end) replaced by spaces, byte for byte (so marker offsets stay valid), and the number of blocks. The
    /// text itself when it holds no ` ``` ` (one byte scan).
    public static func blankingCodeBlocks(_ text: String) -> (String, Int) {
        var probe = text
        let fenced = probe.withUTF8 { b in
            var i = 0
            while i + 2 < b.count {
                if b[i] == 0x60, b[i + 1] == 0x60, b[i + 2] == 0x60 { return true }
                i += 1
            }
            return false
        }
        guard fenced else { return (text, 0) }
        var utf8 = Array(text.utf8)
        let n = utf8.count
        var blocks = 0
        var i = 0
        var changed = false
        while i + 2 < n {
            guard utf8[i] == 0x60, utf8[i + 1] == 0x60, utf8[i + 2] == 0x60 else {
                i += 1
                continue
            }
            blocks += 1
            var j = i + 3
            while j + 2 < n, !(utf8[j] == 0x60 && utf8[j + 1] == 0x60 && utf8[j + 2] == 0x60) { j += 1 }
            let end = j + 2 < n ? j + 3 : n
            for k in i..<end where utf8[k] != 10 {
                utf8[k] = 32
                changed = true
            }
            i = end
        }
        guard changed else { return (text, blocks) }
        return (String(decoding: utf8, as: UTF8.self), blocks)
    }

    /// The text with pasted terminal output and logs that have **no** fence blanked (spaces, byte for byte,
    /// newlines kept) and the number of blanked runs of lines. Support mail pastes output as plain lines: a
    /// shell prompt (`$ cmd`, `[host:~] $ cmd`, `user@host:~$ cmd`), a kernel log stamp (`[ 7546.81] …`), a
    /// log level (`ERROR: cannot read chunk root`, `[WARN] …`), a leading timestamp, a traceback or stack
    /// frame. In a paragraph (up to the next blank line) holding such a line, every line from the first one
    /// that looks like output (that line, or aligned columns, a number of five digits or more, a hex value, a
    /// rule of symbols) to the paragraph's end is output — except a line that ends with `?` (a question under
    /// a log is still asked); the prose above it is their lead-in ("I got this:"). A paragraph of three or
    /// more lines, at least two thirds of them output-looking, is a pasted dump too. Blanked runs are one word each (like a fenced
    /// block), and neither words nor sentiment are read inside them ("parent transid verify failed", "ERROR:
    /// cannot open file system" is the machine's, not a customer's anger).
    public static func blankingPastedOutput(_ text: String) -> (String, Int) {
        // Most texts are prose throughout: one pass over their lines in place, with no copies.
        var probe = text
        let looksPasted = probe.withUTF8 { b -> Bool in
            var s = 0
            for i in 0...b.count where i == b.count || b[i] == 10 {
                let kind = lineKind(b, s, i)
                if kind == .strong || kind == .weak { return true }
                s = i + 1
            }
            return false
        }
        guard looksPasted else { return (text, 0) }
        var utf8 = Array(text.utf8)
        let n = utf8.count
        // Lines as byte ranges (end excludes the newline).
        var lines: [(Int, Int)] = []
        var s = 0
        for i in 0...n where i == n || utf8[i] == 10 {
            lines.append((s, i))
            s = i + 1
        }
        var kinds = utf8.withUnsafeBufferPointer { b in lines.map { lineKind(b, $0.0, $0.1) } }
        var blank = [Bool](repeating: false, count: lines.count)
        var p = 0
        while p < lines.count {
            guard kinds[p] != .empty else {
                p += 1
                continue
            }
            var q = p
            while q < lines.count, kinds[q] != .empty { q += 1 }
            // Paragraph p..<q.
            let weak = (p..<q).filter { kinds[$0] == .weak }.count
            if (p..<q).contains(where: { kinds[$0] == .strong }),
                let first = (p..<q).first(where: { kinds[$0] == .strong || kinds[$0] == .weak })
            {
                // From the first output-looking line on (prose above it is their lead-in: "I got this:").
                for k in first..<q where kinds[k] != .question { blank[k] = true }
            } else if q - p >= 3, weak * 3 >= (q - p) * 2 {
                for k in p..<q where kinds[k] != .question { blank[k] = true }
            }
            p = q
        }
        kinds.removeAll()
        var runs = 0
        var previous = false
        var changed = false
        for (k, (a, e)) in lines.enumerated() {
            if blank[k] {
                if !previous { runs += 1 }
                for i in a..<e where utf8[i] != 13 {
                    utf8[i] = 32
                    changed = true
                }
            }
            // A blank line between two blanked lines does not end the run (one paste, two paragraphs).
            if blank[k] {
                previous = true
            } else if a < e, !(a..<e).allSatisfy({ isSpace(utf8[$0]) }) {
                previous = false
            }
        }
        guard changed else { return (text, 0) }
        return (String(decoding: utf8, as: UTF8.self), runs)
    }

    enum LineKind { case empty, strong, weak, question, prose }

    static let logLevels = bytesList([
        "ERROR", "WARNING", "WARN", "FATAL", "CRITICAL", "PANIC", "INFO", "DEBUG", "TRACE", "SEVERE", "NOTICE",
        "ERR", "EMERG", "ALERT",
    ])
    static let tracebackStarts = bytesList(["traceback (most recent call last)", "exception in thread"])
    static let pythonFrame = Array("File \"".utf8)
    static func bytesList(_ list: [String]) -> [[UInt8]] { list.map { Array($0.utf8) } }

    /// How the line `b[start..<end]` looks: output (`strong`: a prompt, log stamp, log level, timestamp,
    /// traceback; `weak`: columns, a long number, a symbol rule), a question, or prose. Reads the bytes in
    /// place (no copy, no token arrays): it runs on every line of every message.
    static func lineKind(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> LineKind {
        var a = start
        var e = end
        while a < e, isSpace(b[a]) { a += 1 }
        while e > a, isSpace(b[e - 1]) { e -= 1 }
        guard a < e else { return .empty }
        func isBlank(_ c: UInt8) -> Bool { c == 32 || c == 9 }
        /// The token (run of non-blank bytes) starting at or after `i`.
        func token(from i: Int) -> Range<Int> {
            var s = i
            while s < e, isBlank(b[s]) { s += 1 }
            var t = s
            while t < e, !isBlank(b[t]) { t += 1 }
            return s..<t
        }
        func isByte(_ r: Range<Int>, _ c: UInt8) -> Bool { r.count == 1 && b[r.lowerBound] == c }
        let first = token(from: a)
        let (f0, f1) = (first.lowerBound, first.upperBound)
        let firstLast = b[f1 - 1]
        let dollar = UInt8(ascii: "$")
        let hash = UInt8(ascii: "#")
        // Shell prompts.
        if isByte(first, dollar) && f1 < e { return .strong }
        if first.count > 1, firstLast == dollar || (firstLast == 0x3A && b[f1 - 2] == dollar),
            first.contains(where: { b[$0] == 0x40 || b[$0] == 0x7E || b[$0] == 0x3A })
        {
            return .strong  // user@host:~$, ~$:
        }
        // root@host:/#
        if first.count > 1, firstLast == hash, first.contains(where: { b[$0] == 0x40 }) { return .strong }
        if b[f0] == 0x5B {
            // [host:~]$ cmd
            if first.count >= 2, b[f1 - 2] == 0x5D, firstLast == dollar || firstLast == hash { return .strong }
            if firstLast == 0x5D {
                var next = f1
                for _ in 0..<3 {
                    let t = token(from: next)
                    if t.isEmpty { break }
                    if isByte(t, dollar) || isByte(t, hash) { return .strong }  // [host:~] $ cmd, [host:~] 3s $ cmd
                    next = t.upperBound
                }
            }
        }
        // Kernel log stamp: "[ 7546.813999] …".
        if b[a] == 0x5B {
            var i = a + 1
            while i < e, b[i] == 32 { i += 1 }
            let d = i
            while i < e, isDigit(b[i]) { i += 1 }
            if i > d, i < e, b[i] == 0x2E {
                i += 1
                let f = i
                while i < e, isDigit(b[i]) { i += 1 }
                if i > f, i < e, b[i] == 0x5D { return .strong }
            }
        }
        // Log level: "ERROR: …", "WARNING …:", "[ERROR] …", "ERROR …" in capitals only.
        if firstLast == 0x3A || firstLast == 0x5D {
            var l0 = f0
            var l1 = f1
            if b[l0] == 0x5B { l0 += 1 }
            while l1 > l0, b[l1 - 1] == 0x3A || b[l1 - 1] == 0x5D { l1 -= 1 }
            if logLevels.contains(where: { $0.elementsEqual(b[l0..<l1]) }) { return .strong }
        }
        // A leading timestamp: 2025-09-21 12:00:01, 2025-09-21T12:00, 12:00:01.
        let count = e - a
        if count >= 8, isDigit(b[a]), isDigit(b[a + 1]) {
            if count >= 16, isDigit(b[a + 2]), isDigit(b[a + 3]), b[a + 4] == 0x2D, b[a + 7] == 0x2D,
                b[a + 10] == 0x54 || b[a + 10] == 32, b[a + 13] == 0x3A
            {
                return .strong
            }
            if b[a + 2] == 0x3A, isDigit(b[a + 3]), isDigit(b[a + 4]), b[a + 5] == 0x3A, isDigit(b[a + 6]) {
                return .strong
            }
        }
        // Tracebacks and stack frames.
        if tracebackStarts.contains(where: { p in
            p.count <= count && p.indices.allSatisfy { asciiLower(b[a + $0]) == p[$0] }
        }) || b[a..<e].starts(with: pythonFrame) {
            return .strong
        }
        if first.count == 2, b[f0] == 0x61, b[f0 + 1] == 0x74 {
            let frame = token(from: f1)
            if frame.contains(where: { b[$0] == 0x28 }) && frame.contains(where: { b[$0] == 0x2E }) {
                return .strong  // at com.example.Sync.run(Sync.java:42)
            }
        }
        if b[e - 1] == 0x3F || (count >= 3 && b[e - 3] == 0xEF && b[e - 2] == 0xBC && b[e - 1] == 0x9F) {
            return .question  // "?" or a fullwidth "？"
        }
        // Output-looking: a symbol rule, aligned columns, a long number or hex value.
        if count >= 3, !(a..<e).contains(where: { isAlnum(b[$0]) }) { return .weak }
        // One pass for the rest (any hit makes the line output-looking): a tab or three spaces after text
        // (columns), five digits in a row, a "0x" hex value.
        var sawText = false
        var run = 0
        for k in a..<e {
            let c = b[k]
            if sawText && (c == 9 || (c == 32 && k + 2 < e && b[k + 1] == 32 && b[k + 2] == 32)) { return .weak }
            if !isSpace(c) { sawText = true }
            run = isDigit(c) ? run + 1 : 0
            if run >= 5 { return .weak }
            if c == 0x30, k + 2 < e, b[k + 1] == 0x78, isHex(b[k + 2]), k == a || !isAlnum(b[k - 1]) {
                return .weak
            }
        }
        return .prose
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
    static func isAlnum(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20 >= 97 && b | 0x20 <= 122) || b >= 0x80 }
    static func isHex(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20 >= 97 && b | 0x20 <= 102) }

    static let urlPrefixes = [Array("http://".utf8), Array("https://".utf8), Array("www.".utf8)]

    /// Whether a web address (`http://`, `https://`, `www.`, any case) starts at `i`.
    static func isURLStart(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        // Every prefix starts with "h" or "w" (either case): most words are ruled out by their first byte.
        let first = bytes[i] | 0x20
        guard first == 0x68 || first == 0x77 else { return false }
        return urlPrefixes.contains { p in
            i + p.count <= bytes.count && p.indices.allSatisfy { asciiLower(bytes[i + $0]) == p[$0] }
        }
    }

    /// Bytes that end a web address in running text: white space, angle brackets, parentheses, quotes.
    static func isURLEnd(_ b: UInt8) -> Bool {
        isSpace(b) || b == 0x3C || b == 0x3E || b == 0x28 || b == 0x29 || b == 0x22 || b == 0x5B || b == 0x5D
    }

    /// The first occurrence of `needle` in `hay` at or after `start`.
    static func range(_ hay: [UInt8], _ needle: String, from start: Int = 0) -> (Int, Int)? {
        var needle = needle
        return needle.withUTF8 { range(hay, $0, from: start) }
    }

    /// ``range(_:_:from:)-(_,String,_)`` for phrase `k` of a prepared list; with `pairs` (the byte pairs of a
    /// text `hay` is part of), a phrase with a pair that is not there is ruled out without a search.
    @inline(__always)
    static func range(
        _ hay: [UInt8], _ list: NeedleList, _ k: Int, _ pairs: PairSet?, from start: Int = 0
    ) -> (Int, Int)? {
        if let pairs, !list.mayOccur(k, in: pairs) { return nil }
        return range(hay, list.bytes(k), from: start)
    }

    static func contains(_ hay: [UInt8], _ needle: String) -> Bool { range(hay, needle) != nil }

    /// The first occurrence of `n` in `hay` at or after `start`.
    static func range(_ hay: [UInt8], _ n: UnsafeBufferPointer<UInt8>, from start: Int) -> (Int, Int)? {
        hay.withUnsafeBufferPointer { range($0, max(0, start), $0.count, n) }
    }

    /// The first occurrence of `n` in `hay[start..<end]`, as offsets in `hay`: glibc's `memmem` (a skip-ahead
    /// search: the phrase lists are scanned once per message each, so this is the featurizer's hot loop).
    static func range<N: Collection<UInt8>>(
        _ hay: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ needle: N
    ) -> (Int, Int)? {
        needle.withContiguousStorageIfAvailable { n -> (Int, Int)? in
            guard !n.isEmpty, end - start >= n.count, let hb = hay.baseAddress, let nb = n.baseAddress else {
                return nil
            }
            #if os(Linux)
                guard let p = glibcMemmem(hb + start, end - start, nb, n.count) else { return nil }
                let i = UnsafeRawPointer(hb).distance(to: UnsafeRawPointer(p))
                return (i, i + n.count)
            #else
                var i = start
                while i <= end - n.count {
                    if hb[i] == nb[0] {
                        var k = 1
                        while k < n.count, hb[i + k] == nb[k] { k += 1 }
                        if k == n.count { return (i, i + n.count) }
                    }
                    i += 1
                }
                return nil
            #endif
        } ?? nil
    }

    static func isBoundary(_ bytes: [UInt8], _ i: Int) -> Bool {
        guard i >= 0, i < bytes.count else { return true }
        let b = bytes[i]
        return !((b >= 97 && b <= 122) || (b >= 48 && b <= 57))
    }

    /// First emoji scalar (U+1F000–1FAFF, U+2600–27BF) as a byte range.
    static func firstEmoji(_ b: [UInt8]) -> (Int, Int)? {
        var i = 0
        while i < b.count {
            let lead = b[i]
            if lead == 0xF0, i + 3 < b.count, b[i + 1] == 0x9F {
                let second = b[i + 2]
                if second >= 0x80 && second <= 0xAB { return (i, i + 4) }
            }
            if lead == 0xE2, i + 2 < b.count, b[i + 1] >= 0x98 && b[i + 1] <= 0x9E { return (i, i + 3) }
            i += 1
        }
        return nil
    }

    /// A job title from a signature block or the last lines of the text (CEO, VP, Director, Head of,
    /// Manager…): the line holding it, trimmed to 80 characters.
    public static func title(text: String, signature: String?) -> String? {
        var lines: [Substring] = []
        let fromSignature = signature.map { !$0.isEmpty } ?? false
        if let signature, fromSignature {
            lines = signature.split(separator: "\n").suffix(8)
        } else {
            lines = text.split(separator: "\n").suffix(4)
        }
        for line in lines.reversed() {
            let trimmed = line.trimmingCharactersASCII()
            guard !trimmed.isEmpty, trimmed.utf8.count <= (fromSignature ? 100 : 60) else { continue }
            // Outside a signature block, a sentence is not a title line.
            if !fromSignature && (trimmed.contains("?") || trimmed.contains("!") || trimmed.hasSuffix(".")) {
                continue
            }
            // Individual roles ("Senior Data Engineer", "Procurement Specialist") only from a signature block:
            // in running text "our engineer will look at it" is not a title line.
            if titleRank(trimmed) > (fromSignature ? 0 : 1) { return String(rolePart(trimmed).prefix(80)) }
        }
        return nil
    }

    /// The part of a title line that names the role. Signatures put the company or the person's name
    /// beside it: "VP Operations | Harbourline Retail", "Greg Morrison · Head of Data", "CTO at Kestrel",
    /// "Head of IT @ Northwind" → the first piece between `|`, `•`, `·`, " at " and " @ " that holds a
    /// title word. Commas and dashes are not split ("Director, Product Marketing", "Director – EMEA
    /// Sales" are one role).
    static func rolePart(_ line: String) -> String {
        let b = Array(line.utf8)
        var pieces: [Range<Int>] = []
        var start = 0
        var i = 0
        while i < b.count {
            if let sep = roleSeparators.first(where: {
                i + $0.count <= b.count && b[i..<i + $0.count].elementsEqual($0)
            }) {
                pieces.append(start..<i)
                i += sep.count
                start = i
            } else {
                i += 1
            }
        }
        guard !pieces.isEmpty else { return line }
        pieces.append(start..<b.count)
        for r in pieces {
            let piece = String(decoding: b[r], as: UTF8.self)[...].trimmingCharactersASCII()
            if titleRank(piece) > 0 { return piece }
        }
        return line
    }

    /// Individual-contributor role words (rank 1, from signature blocks only).
    private static let individualRoles = [
        "engineer", "analyst", "specialist", "administrator", "coordinator", "consultant", "architect",
        "account executive", "representative", "associate", "officer", "developer", "designer", "accountant",
        "buyer", "assistant", "product owner", "process owner", "scientist", "strategist", "controller",
        "technician", "agent",
    ]

    private static let roleSeparators: [[UInt8]] = ["|", "•", "·", " at ", " @ "].map { Array($0.utf8) }

    /// Seniority of a title line: 5 C-level/founder/owner, 4 VP, 3 director/head, 2 manager/lead/supervisor,
    /// 1 an individual role (engineer, analyst, specialist, administrator, coordinator, consultant, …), 0 none.
    public static func titleRank(_ line: String) -> Int {
        let b = Array(line.utf8)
        let lower = b.map(asciiLower)
        func word(_ w: String, caseSensitive: Bool) -> Bool {
            let hay = caseSensitive ? b : lower
            let n = Array(w.utf8)
            var start = 0
            while start + n.count <= hay.count {
                guard let r = range(hay, w, from: start) else { return false }
                let s = r.0
                let e = r.1
                let before = s == 0 || !isWordByte(hay[s - 1])
                let after = e >= hay.count || !isWordByte(hay[e])
                if before && after { return true }
                start = s + 1
            }
            return false
        }
        for w in ["CEO", "CTO", "CFO", "COO", "CIO", "CRO", "CMO", "CPO", "CISO"] where word(w, caseSensitive: true) {
            return 5
        }
        if word("chief", caseSensitive: false) || word("founder", caseSensitive: false)
            || word("co-founder", caseSensitive: false) || word("managing director", caseSensitive: false)
            || word("managing partner", caseSensitive: false) || word("geschäftsführer", caseSensitive: false)
            || word("geschäftsführerin", caseSensitive: false)
            || word("owner", caseSensitive: false)
                && !word("product owner", caseSensitive: false) && !word("process owner", caseSensitive: false)
            || word("president", caseSensitive: false)
                && !word("vice president", caseSensitive: false)
        {
            return 5
        }
        if word("VP", caseSensitive: true) || word("SVP", caseSensitive: true) || word("EVP", caseSensitive: true)
            || word("vice president", caseSensitive: false)
        {
            return 4
        }
        if word("director", caseSensitive: false) || word("head of", caseSensitive: false) { return 3 }
        if word("manager", caseSensitive: false) || word("lead", caseSensitive: false)
            || word("supervisor", caseSensitive: false) || word("team leader", caseSensitive: false)
        {
            return 2
        }
        for w in individualRoles where word(w, caseSensitive: false) { return 1 }
        return 0
    }
}

extension Substring {
    func trimmingCharactersASCII() -> String {
        var s = self[...]
        while let f = s.first, f == " " || f == "\t" || f == "\r" || f == "-" || f == "|" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}

/// The adjacent byte pairs of a text, hashed into 1,024 bits (`33 × a + b`, so pairs of ASCII letters do not
/// collide): a phrase with a pair the text lacks cannot occur in it or in any part of it. The featurizer
/// looks for some 120 phrases in every message; with this most searches end after a few bit tests.
struct PairSet {
    /// 1,024 bits as sixteen words, owned by whoever made the set (``free()``): copies of the set share
    /// them, so passing it around copies one pointer.
    private let bits: UnsafeMutablePointer<UInt64>

    /// The pairs of `bytes`, in bits the caller frees (`defer { set.free() }`).
    init(_ bytes: [UInt8]) {
        bits = .allocate(capacity: 16)
        fill(bytes)
    }

    /// Makes the set that of `bytes` (a text changed in place).
    func fill(_ bytes: [UInt8]) {
        bits.initialize(repeating: 0, count: 16)
        guard bytes.count >= 2 else { return }
        bytes.withUnsafeBufferPointer { b in
            var previous = Int(b[0])
            for k in 1..<b.count {
                let current = Int(b[k])
                let h = PairSet.hash(previous, current)
                bits[h >> 6] |= 1 << UInt64(h & 63)
                previous = current
            }
        }
    }

    func free() { bits.deallocate() }

    @inline(__always) static func hash(_ a: Int, _ b: Int) -> Int { (a &* 33 &+ b) & 1023 }

    /// Word `w` of the bits.
    func word(_ w: Int) -> UInt64 { bits[w] }

    /// Whether bit `h` (a pair's ``hash(_:_:)``) is set; true for -1 (no pair).
    @inline(__always) func has(_ h: Int) -> Bool { h < 0 || bits[h >> 6] & (1 << UInt64(h & 63)) != 0 }

    /// Whether the bits `masks[0..<count]` are all set, mask `k` in word `words[k]`.
    @inline(__always) func hasAll(_ words: UnsafePointer<UInt8>, _ masks: UnsafePointer<UInt64>, _ count: Int) -> Bool {
        var missing: UInt64 = 0
        for k in 0..<count { missing |= ~bits[Int(words[k])] & masks[k] }
        return missing == 0
    }
}

/// A list of phrases the featurizer looks for, prepared once: their texts, their UTF-8 bytes in one block and,
/// per phrase, the ``PairSet`` bits of its adjacent byte pairs grouped by 64-bit word (a phrase of one byte has
/// none). Raw storage that lives as long as the process: the per-message searches touch no reference counts.
final class NeedleList: @unchecked Sendable {
    let texts: [String]
    let count: Int
    private let block: UnsafeMutablePointer<UInt8>
    /// Phrase `k` is `block[offsets[k] ..< offsets[k + 1]]`; its pair bits `words`/`masks[pairs[k] ..< pairs[k + 1]]`.
    private let offsets: UnsafeMutablePointer<Int>
    private let pairs: UnsafeMutablePointer<Int>
    private let words: UnsafeMutablePointer<UInt8>
    private let masks: UnsafeMutablePointer<UInt64>
    /// Per phrase, the ``PairSet`` bit numbers of its first and last pair (-1: none, a phrase of one byte).
    private let quick: UnsafeMutablePointer<Int>

    init(_ texts: [String]) {
        self.texts = texts
        count = texts.count
        let all = texts.flatMap { Array($0.utf8) }
        block = .allocate(capacity: max(1, all.count))
        block.initialize(from: all, count: all.count)
        offsets = .allocate(capacity: count + 1)
        pairs = .allocate(capacity: count + 1)
        quick = .allocate(capacity: 2 * max(1, count))
        var wordList: [UInt8] = []
        var maskList: [UInt64] = []
        var at = 0
        for (k, text) in texts.enumerated() {
            offsets[k] = at
            pairs[k] = wordList.count
            let bytes = Array(text.utf8)
            at += bytes.count
            let n = bytes.count
            quick[2 * k] = n >= 2 ? PairSet.hash(Int(bytes[0]), Int(bytes[1])) : -1
            quick[2 * k + 1] = n >= 2 ? PairSet.hash(Int(bytes[n - 2]), Int(bytes[n - 1])) : -1
            let set = PairSet(bytes)
            for w in 0..<16 where set.word(w) != 0 {
                wordList.append(UInt8(w))
                maskList.append(set.word(w))
            }
            set.free()
        }
        offsets[count] = at
        pairs[count] = wordList.count
        words = .allocate(capacity: max(1, wordList.count))
        words.initialize(from: wordList, count: wordList.count)
        masks = .allocate(capacity: max(1, maskList.count))
        masks.initialize(from: maskList, count: maskList.count)
    }

    deinit {
        block.deallocate()
        offsets.deallocate()
        pairs.deallocate()
        words.deallocate()
        masks.deallocate()
        quick.deallocate()
    }

    /// The UTF-8 bytes of phrase `k`.
    @inline(__always) func bytes(_ k: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: block + offsets[k], count: offsets[k + 1] - offsets[k])
    }

    /// Whether every byte pair of phrase `k` is in `set` (else the phrase cannot occur in its text). The
    /// bits of its first and last pair are tested first: most phrases fail there.
    @inline(__always) func mayOccur(_ k: Int, in set: PairSet) -> Bool {
        let (first, last) = (quick[2 * k], quick[2 * k + 1])
        guard set.has(first), set.has(last) else { return false }
        return set.hasAll(words + pairs[k], masks + pairs[k], pairs[k + 1] - pairs[k])
    }

    /// The first phrase whose bytes equal `word`, or nil.
    func index(of word: ArraySlice<UInt8>) -> Int? {
        (0..<count).first { bytes($0).elementsEqual(word) }
    }
}

/// The phrase lists of ``TextFeatures``, prepared, in the lists' order (searches stop at the first hit, so the
/// order is part of the result).
enum Needles {
    static let requests = NeedleList(TextFeatures.requestPhrases)
    static let courtesy = NeedleList(TextFeatures.courtesyPhrases)
    static let informational = NeedleList(TextFeatures.informationalPhrases)
    static let disclaimerOpenings = NeedleList(TextFeatures.disclaimerOpenings)
    static let mobileFooters = NeedleList(TextFeatures.mobileFooters)
    static let closers = NeedleList(TextFeatures.closerPhrases)
    static let gratitude = NeedleList(TextFeatures.gratitudePhrases)
    static let laughter = NeedleList(TextFeatures.laughterPhrases)
    static let warmGreetings = NeedleList(TextFeatures.warmGreetings)
    static let formalGreetings = NeedleList(TextFeatures.formalGreetings)
    static let fullwidthQuestionMark = NeedleList(["\u{FF1F}"])
    static let schemeSeparator = NeedleList(["://"])
}
