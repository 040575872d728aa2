/// The VADER-compatible engine: `SentimentIntensityAnalyzer.polarity_scores` of vaderSentiment 3.3.2,
/// ported rule by rule over UTF-8 bytes (emoji substitution per code point, whitespace split, ASCII
/// punctuation strip, Python case semantics, every quirk). A value owning its reusable buffers (one per thread).
/// A run of the emoji-substituted text: copied bytes (`linear`) or an emoji's description/space.
struct SubSegment {
    var sub: Int32
    var start: Int32
    var end: Int32
    var linear: Bool

    init(sub: Int, start: Int, end: Int, linear: Bool) {
        self.sub = Int32(sub)
        self.start = Int32(start)
        self.end = Int32(end)
        self.linear = linear
    }
}

/// An emoji description's tokens as the VADER tokenizer sees them after substitution (see
/// ``VaderEngine/emojiTokens(_:)``): `count` closed tokens at `first` in the engine's pool, then, when
/// `tailStart >= 0`, the token ending at the description's end (it runs on into any non-space text after
/// the emoji), resolved alone.
struct EmojiTokens {
    var first: Int32
    var count: Int32
    /// Byte offset (in the description) where its last token starts; -1 when it ends in whitespace.
    var tailStart: Int32
    var tailASCII: Bool
    var exclamations: Int32
    var questions: Int32
}

/// What ``VaderEngine/resolve`` found for a non-ASCII token: lexicon entry (-1 none) and case facts.
struct CachedWord: Sendable {
    var entry: Int32
    var upper: Bool
    var hasNT: Bool
}

struct VaderEngine {
    let lexicon: LanguageLexicon
    private let rules = VaderRules<ReferenceRuleSet>()
    /// Emoji-substituted text and how it maps back to the original.
    private var sub: [UInt8] = []
    private var segments: [SubSegment] = []
    private var segmentCursor = 0
    /// Tokens and sentiments of the last text scored with offsets (the evidence path).
    private var trackedTokens: [RuleToken] = []
    private var trackedSentiments: [Double] = []
    /// Tokens and sentiments of the last text scored without offsets (flat, preallocated).
    private let arena = VaderArena()
    private var butScratch: [UInt64: [Int]] = [:]
    /// Lookups of non-ASCII tokens (Unicode lower-casing is costly; the result depends only on the bytes).
    private var wordCache = ByteTable<CachedWord>()
    /// Tokens of words of up to 16 bytes as written (the path without spans).
    private let tokenCache = VaderTokenCache()
    /// Whether the current text went through emoji substitution (else offsets are identity).
    private var mapped = false
    /// Whether tokens get their byte spans in the original text (only evidence needs them; mapping them
    /// back through an emoji substitution costs a segment walk per token). Without them emoji are not
    /// substituted: their descriptions' tokens come precomputed (``emojiTokens(_:)``).
    var tracksOffsets = true
    /// Facts of the last text scored without offsets (its "!"/"?" counts, whether it needs JSON escaping).
    private(set) var lineFacts = VaderLineFacts()
    /// Per emoji slot: index into `emojiMeta` (-1: not computed yet).
    private var emojiIndex: [Int32] = []
    private var emojiMeta: [EmojiTokens] = []
    private var emojiPool: [RuleToken] = []

    init(lexicon: LanguageLexicon) {
        self.lexicon = lexicon
        sub.reserveCapacity(4096)
    }

    /// The tokens of the last text (span fields are 0 when offsets were not tracked).
    var tokens: [RuleToken] {
        tracksOffsets ? trackedTokens : Array(UnsafeBufferPointer(start: arena.tokens, count: arena.count))
    }

    /// The sentiments of the last text, one per token (after the "but" rule).
    var sentiments: [Double] {
        tracksOffsets ? trackedSentiments : Array(UnsafeBufferPointer(start: arena.sentiments, count: arena.count))
    }

    /// Scores UTF-8 text; afterwards `tokens` and `sentiments` describe the last text.
    mutating func score(_ text: UnsafeBufferPointer<UInt8>) -> VaderScore {
        if !tracksOffsets { return scoreFlat(text) }
        trackedTokens.removeAll(keepingCapacity: true)
        trackedSentiments.removeAll(keepingCapacity: true)
        var marks = (exclamations: 0, questions: 0)
        if let first = firstEmoji(text) {
            substituteEmoji(text, from: first)
            mapped = true
            marks = sub.withUnsafeBufferPointer { tokenize($0) }
        } else {
            // Nothing to substitute: tokenize the text in place (offsets are already original offsets).
            mapped = false
            marks = tokenize(text)
        }
        if trackedTokens.isEmpty { return .zero }
        var upperCount = 0
        for t in trackedTokens where t.upper { upperCount += 1 }
        let diff = trackedTokens.count - upperCount
        let capDiff = diff > 0 && diff < trackedTokens.count
        trackedTokens.withUnsafeBufferPointer { t in
            rules.sentiments(t, capDiff: capDiff, into: &trackedSentiments)
            rules.butCheck(t, &trackedSentiments, scratch: &butScratch)
        }
        let emphasis = VaderScore.punctuationEmphasis(
            exclamations: marks.exclamations, questions: marks.questions)
        return trackedSentiments.withUnsafeBufferPointer { VaderScore.compute($0, emphasis: emphasis) }
    }

    /// ``score(_:)`` without token spans: tokens resolved straight into the arena while scanning (with
    /// the upper-case count and the union of their flags), the rules over the flat records, the "but"
    /// rule only when a "but" was seen.
    private mutating func scoreFlat(_ text: UnsafeBufferPointer<UInt8>) -> VaderScore {
        var state = FlatTokens(arena.reserve(0, text.count / 2 + 2))
        lineFacts = text.baseAddress.map { VaderLineFacts.scan($0, text.count) } ?? VaderLineFacts()
        let marks = tokenizeFlat(text, &state, marks: (lineFacts.exclamations, lineFacts.questions))
        let count = state.count
        arena.count = count
        if count == 0 { return .zero }
        let diff = count - state.upper
        let capDiff = diff > 0 && diff < count
        let t = UnsafeBufferPointer(start: UnsafePointer(arena.tokens), count: count)
        let s = arena.sentiments
        rules.sentiments(t, capDiff: capDiff, writing: s)
        if state.flags & Vader.Flags.but.rawValue != 0 {
            rules.butCheck(t, UnsafeMutableBufferPointer(start: s, count: count), scratch: &butScratch)
        }
        let emphasis = VaderScore.punctuationEmphasis(
            exclamations: marks.exclamations, questions: marks.questions)
        return VaderScore.compute(UnsafeBufferPointer(start: s, count: count), emphasis: emphasis)
    }

    /// Byte offset of the first code point of `text` that is in the emoji lexicon, or nil.
    private func firstEmoji(_ text: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let p = text.baseAddress else { return nil }
        let n = text.count
        var i = 0
        while i < n {
            // Eight ASCII bytes at a time.
            while i + 8 <= n && UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
            }
            if i >= n { break }
            if p[i] < 0x80 {
                i += 1
                continue
            }
            let (cp, len) = PythonText.decode(text, i)
            if lexicon.emojiSlot(cp) >= 0 { return i }
            i += len
        }
        return nil
    }

    /// The reference's emoji loop: every code point found in the emoji lexicon is replaced by its
    /// description, preceded by a space unless the previous character was a space (" "). `segments`
    /// records how `sub` maps back to the original bytes (copied runs map linearly; a description and
    /// its space map to the emoji).
    private mutating func substituteEmoji(_ text: UnsafeBufferPointer<UInt8>, from first: Int) {
        sub.removeAll(keepingCapacity: true)
        segments.removeAll(keepingCapacity: true)
        // Only the character before the first emoji matters for the bytes skipped.
        var prevSpace = first == 0 || text[first - 1] == 0x20
        var i = first
        var runStart = 0
        let n = text.count
        while i < n {
            let b = text[i]
            if b < 0x80 {
                prevSpace = b == 0x20
                i += 1
                continue
            }
            let (cp, len) = PythonText.decode(text, i)
            let slot = lexicon.emojiSlot(cp)
            if slot < 0 {
                prevSpace = false
                i += len
                continue
            }
            if runStart < i {
                segments.append(SubSegment(sub: sub.count, start: runStart, end: i, linear: true))
                sub.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<i]))
            }
            if !prevSpace {
                segments.append(SubSegment(sub: sub.count, start: i, end: i, linear: false))
                sub.append(0x20)
            }
            segments.append(SubSegment(sub: sub.count, start: i, end: i + len, linear: false))
            sub.append(contentsOf: lexicon.emojiText[lexicon.emojiRanges[slot]])
            prevSpace = false
            i += len
            runStart = i
        }
        if runStart < n {
            segments.append(SubSegment(sub: sub.count, start: runStart, end: n, linear: true))
            sub.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<n]))
        }
        segmentCursor = 0
    }

    /// Original byte offset of substituted offset `k` (start of its character, or end when `end`).
    private mutating func originalOffset(_ k: Int, end: Bool) -> Int32 {
        while segmentCursor + 1 < segments.count && Int(segments[segmentCursor + 1].sub) <= k {
            segmentCursor += 1
        }
        let seg = segments[segmentCursor]
        if seg.linear { return Int32(Int(seg.start) + k - Int(seg.sub) + (end ? 1 : 0)) }
        return end ? seg.end : seg.start
    }

    /// The "!" and "?" in `p[0..<n]`, eight bytes at a time.
    @inline(__always)
    private static func countMarks(_ p: UnsafePointer<UInt8>, _ n: Int) -> (exclamations: Int, questions: Int) {
        var exclamations = 0
        var questions = 0
        var i = 0
        while i + 8 <= n {
            let v = SWAR.load(p + i)
            let bang = SWAR.equal(v, 0x21)
            let question = SWAR.equal(v, 0x3F)
            if bang | question != 0 {
                exclamations += bang.nonzeroBitCount
                questions += question.nonzeroBitCount
            }
            i += 8
        }
        while i < n {
            if p[i] == 0x21 { exclamations += 1 } else if p[i] == 0x3F { questions += 1 }
            i += 1
        }
        return (exclamations, questions)
    }

    /// `text.strip().split()`, then `_strip_punc_if_word` per token, then lexicon facts per token; counts
    /// "!" and "?" (eight bytes at a time).
    private mutating func tokenize(_ s: UnsafeBufferPointer<UInt8>) -> (exclamations: Int, questions: Int) {
        guard let p = s.baseAddress else { return (0, 0) }
        let n = s.count
        let (exclamations, questions) = Self.countMarks(p, n)
        var i = 0
        while i < n {
            // Skip whitespace (ASCII bytes classified directly, other code points decoded).
            let b = p[i]
            if b < 0x80 {
                if Self.asciiWhitespace(b) {
                    i += 1
                    continue
                }
            } else {
                let (space, len) = PythonText.nonASCIIWhitespace(p, n, i)
                if space {
                    i += len
                    continue
                }
            }
            let start = i
            var ascii = true
            scan: while i < n {
                // Eight bytes at a time while none is a control/space or non-ASCII byte.
                if i + 8 <= n {
                    let stop = SWAR.controlOrSpaceOrNonASCII(SWAR.load(p + i))
                    if stop == 0 {
                        i += 8
                        continue
                    }
                    i += stop.trailingZeroBitCount >> 3
                }
                let c = p[i]
                if c < 0x80 {
                    if c <= 0x20 && Self.asciiWhitespace(c) { break scan }
                    i += 1
                    continue
                }
                let (space, len) = PythonText.nonASCIIWhitespace(p, n, i)
                if space { break scan }
                ascii = false
                i += len
            }
            addToken(p, n, start, i, ascii: ascii)
        }
        return (exclamations, questions)
    }

    /// ``tokenize(_:)`` of the emoji-substituted text without building it: words are scanned in `s`, and an
    /// emoji in the lexicon ends the word before it (substitution puts a space there) and contributes its
    /// description's precomputed tokens; the description's last token runs on into the text after the
    /// emoji up to whitespace or the next emoji (then it is resolved from a copy of its bytes). Tokens go
    /// straight into `state` (room for every word of `s` reserved by the caller; each emoji reserves
    /// again for its description). Token spans are not tracked. `marks` are the "!" and "?" of `s`
    /// (counted by ``VaderLineFacts/scan(_:_:)``); the emoji descriptions' marks are added to them.
    private mutating func tokenizeFlat(
        _ s: UnsafeBufferPointer<UInt8>, _ state: inout FlatTokens, marks: (Int, Int)
    ) -> (exclamations: Int, questions: Int) {
        guard let p = s.baseAddress else { return (0, 0) }
        let n = s.count
        var (exclamations, questions) = marks
        let words = lexicon.vaderWords
        // Held here so that the word scan is a static function (a method call on `self` from this
        // mutating context copied the whole engine, ~400 bytes, per emoji).
        let emojiSlots = lexicon.emojiSlots
        var i = 0
        while i < n {
            let b = p[i]
            var slot = -1
            var length = 1
            if b < 0x80 {
                if Self.asciiWhitespace(b) {
                    i += 1
                    continue
                }
            } else {
                let (space, len) = PythonText.nonASCIIWhitespace(p, n, i)
                if space {
                    i += len
                    continue
                }
                let (cp, decoded) = PythonText.decode(s, i)
                slot = lexicon.emojiSlot(cp)
                length = decoded
            }
            if slot < 0 {
                let word = Self.scanWord(s, i, emojiSlots: emojiSlots)
                let wordLength = word.end - i
                if wordLength <= 16 {
                    // Seen words (as written, punctuation and case included) come from the token cache.
                    let (k0, k1) = Self.loadKey(p, n, i, word.end)
                    let e = tokenCache.slot(k0, k1, wordLength)
                    if e.pointee.k0 == k0 && e.pointee.k1 == k1 && e.pointee.length == wordLength {
                        withUnsafePointer(to: &e.pointee.token) { state.push(copying: $0) }
                    } else {
                        let token = Self.stripAndResolve(
                            p, n, i, word.end, ascii: word.ascii, words: words, cache: &wordCache)
                        e.pointee = VaderTokenCache.Entry(k0: k0, k1: k1, length: wordLength, token: token)
                        state.push(token)
                    }
                } else {
                    state.push(
                        Self.stripAndResolve(p, n, i, word.end, ascii: word.ascii, words: words, cache: &wordCache))
                }
                i = word.end
                slot = word.emoji
                length = word.emojiLength
                if slot < 0 {
                    // The word ended at whitespace (or the end): a single space is skipped here.
                    if i < n && p[i] == 0x20 { i += 1 }
                    continue
                }
            }
            // Emoji at `i` (possibly several in a row, each ending the previous description's last word).
            while slot >= 0 {
                let meta = emojiTokens(slot)
                exclamations += Int(meta.exclamations)
                questions += Int(meta.questions)
                let first = Int(meta.first)
                let count = Int(meta.count)
                // Room for the description, its tail and every word after it.
                arena.count = state.count
                state.base = arena.reserve(state.count, state.count + count + 1 + (n - i) / 2 + 2)
                emojiPool.withUnsafeBufferPointer { pool in
                    for k in first..<(first + count) { state.push(copying: pool.baseAddress! + k) }
                }
                i += length
                let word = Self.scanWord(s, i, emojiSlots: emojiSlots)
                if meta.tailStart < 0 {
                    // The description ends in whitespace: a word right after the emoji is an ordinary word,
                    // left to the outer loop.
                    if word.end > i { break }
                } else if word.end == i {
                    state.push(emojiPool[first + count])
                } else {
                    state.push(tailToken(slot, meta, p + i, word.end - i, ascii: word.ascii))
                }
                i = word.end
                slot = word.emoji
                length = word.emojiLength
            }
        }
        return (exclamations, questions)
    }

    /// The end of the word starting at `from` in `s` (at whitespace, the end, or an emoji in the lexicon),
    /// whether it is ASCII, and the emoji's slot and length (-1 and 0 when none stopped it; `emojiSlots`:
    /// ``LanguageLexicon/emojiSlots``).
    @inline(__always)
    private static func scanWord(
        _ s: UnsafeBufferPointer<UInt8>, _ from: Int, emojiSlots: [Int32]
    ) -> (end: Int, ascii: Bool, emoji: Int, emojiLength: Int) {
        let p = s.baseAddress!
        let n = s.count
        var i = from
        var ascii = true
        while i < n {
            // Eight bytes at a time while none is a control/space or non-ASCII byte.
            if i + 8 <= n {
                let stop = SWAR.controlOrSpaceOrNonASCII(SWAR.load(p + i))
                if stop == 0 {
                    i += 8
                    continue
                }
                i += stop.trailingZeroBitCount >> 3
            }
            let c = p[i]
            if c < 0x80 {
                if c <= 0x20 && Self.asciiWhitespace(c) { break }
                i += 1
                continue
            }
            let (space, len) = PythonText.nonASCIIWhitespace(p, n, i)
            if space { break }
            let (cp, decoded) = PythonText.decode(s, i)
            let slot = Int(cp) < emojiSlots.count ? Int(emojiSlots[Int(cp)]) : -1
            if slot >= 0 { return (i, ascii, slot, decoded) }
            ascii = false
            i += len
        }
        return (i, ascii, -1, 0)
    }

    /// The token made of emoji `slot`'s description tail and the `count` bytes at `p` that follow the emoji.
    private mutating func tailToken(
        _ slot: Int, _ meta: EmojiTokens, _ p: UnsafePointer<UInt8>, _ count: Int, ascii: Bool
    ) -> RuleToken {
        let range = lexicon.emojiRanges[slot]
        let tail = range.lowerBound + Int(meta.tailStart)..<range.upperBound
        let total = tail.count + count
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: total) { buf in
            let b = buf.baseAddress!
            lexicon.emojiText.withUnsafeBufferPointer { t in
                b.initialize(from: t.baseAddress! + tail.lowerBound, count: tail.count)
            }
            (b + tail.count).initialize(from: p, count: count)
            return Self.stripAndResolve(
                UnsafePointer(b), total, 0, total, ascii: ascii && meta.tailASCII, words: lexicon.vaderWords,
                cache: &wordCache)
        }
    }

    /// The precomputed tokens of emoji `slot`'s description (computed at its first use).
    @inline(__always)
    private mutating func emojiTokens(_ slot: Int) -> EmojiTokens {
        if emojiIndex.isEmpty { emojiIndex = [Int32](repeating: -1, count: lexicon.emojiRanges.count) }
        let k = emojiIndex[slot]
        if k >= 0 { return emojiMeta[Int(k)] }
        return computeEmojiTokens(slot)
    }

    private mutating func computeEmojiTokens(_ slot: Int) -> EmojiTokens {
        let range = lexicon.emojiRanges[slot]
        let saved = trackedTokens.count
        let wasMapped = mapped
        mapped = false
        let description = lexicon.emojiText
        let marks = description.withUnsafeBufferPointer { t in
            tokenize(UnsafeBufferPointer(rebasing: t[range]))
        }
        mapped = wasMapped
        // The last token is open when the description does not end in whitespace.
        var tailStart = -1
        var tailASCII = true
        description.withUnsafeBufferPointer { t in
            let d = UnsafeBufferPointer(rebasing: t[range])
            var i = 0
            var afterSpace = 0
            while i < d.count {
                let (cp, len) = PythonText.decode(d, i)
                i += len
                if PythonText.isWhitespace(cp) { afterSpace = i }
            }
            if afterSpace < d.count {
                tailStart = afterSpace
                for k in afterSpace..<d.count where d[k] >= 0x80 { tailASCII = false }
            }
        }
        let produced = trackedTokens.count - saved
        let meta = EmojiTokens(
            first: Int32(emojiPool.count), count: Int32(produced - (tailStart >= 0 ? 1 : 0)),
            tailStart: Int32(tailStart), tailASCII: tailASCII, exclamations: Int32(marks.exclamations),
            questions: Int32(marks.questions))
        emojiPool.append(contentsOf: trackedTokens[saved...])
        trackedTokens.removeSubrange(saved...)
        emojiIndex[slot] = Int32(emojiMeta.count)
        emojiMeta.append(meta)
        return meta
    }

    /// `PythonText.isWhitespace` for an ASCII byte.
    @inline(__always)
    static func asciiWhitespace(_ b: UInt8) -> Bool { (b >= 9 && b <= 13) || (b >= 0x1C && b <= 0x20) }

    /// `_strip_punc_if_word` of the word `p[start..<end]`: the span without leading and trailing ASCII
    /// punctuation, or the whole word when at most 2 characters would be left.
    @inline(__always)
    static func stripPunctuation(
        _ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, ascii: Bool
    ) -> (lo: Int, hi: Int) {
        var lo = start
        var hi = end
        while lo < hi && PythonText.isASCIIPunctuation(p[lo]) { lo += 1 }
        while hi > lo && PythonText.isASCIIPunctuation(p[hi - 1]) { hi -= 1 }
        if hi - lo <= 2 { return (start, end) }
        if !ascii && hi - lo <= 8 {
            var chars = 0
            for k in lo..<hi where p[k] & 0xC0 != 0x80 { chars += 1 }
            if chars <= 2 { return (start, end) }
        }
        return (lo, hi)
    }

    /// The token of the word `p[start..<end]` without a span: punctuation stripped, lexicon facts resolved.
    @inline(__always)
    static func stripAndResolve(
        _ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int, _ end: Int, ascii: Bool, words: WordLookup,
        cache: inout ByteTable<CachedWord>
    ) -> RuleToken {
        let (lo, hi) = stripPunctuation(p, start, end, ascii: ascii)
        return resolve(p, n, lo, hi, ascii: ascii, words: words, cache: &cache, start: 0, end: 0)
    }

    @inline(__always)
    private mutating func addToken(_ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int, _ end: Int, ascii: Bool) {
        let (lo, hi) = Self.stripPunctuation(p, start, end, ascii: ascii)
        var start = Int32(truncatingIfNeeded: lo)
        var end = Int32(truncatingIfNeeded: hi)
        if mapped {
            if tracksOffsets {
                start = originalOffset(lo, end: false)
                end = originalOffset(hi - 1, end: true)
            } else {
                start = 0
                end = 0
            }
        }
        trackedTokens.append(
            Self.resolve(
                p, n, lo, hi, ascii: ascii, words: lexicon.vaderWords, cache: &wordCache, start: start, end: end))
    }

    /// The bytes `p[lo..<hi]` (at most 16; `n`: readable bytes at `p`) as two little-endian words, the
    /// bytes past `hi` zero.
    @inline(__always)
    static func loadKey(_ p: UnsafePointer<UInt8>, _ n: Int, _ lo: Int, _ hi: Int) -> (UInt64, UInt64) {
        let count = hi - lo
        var x0: UInt64
        var x1: UInt64
        if lo + 16 <= n {
            x0 = SWAR.load(p + lo)
            x1 = SWAR.load(p + lo + 8)
        } else if hi >= 16 {
            // Near the end of the text: the 16 bytes ending at `hi`, shifted down to start at `lo`.
            let a = SWAR.load(p + hi - 16)
            let b = SWAR.load(p + hi - 8)
            let shift = UInt64(8 * (16 - count))
            if shift >= 64 {
                x0 = b &>> (shift - 64)
                x1 = 0
            } else if shift == 0 {
                x0 = a
                x1 = b
            } else {
                x0 = (a &>> shift) | (b &<< (64 - shift))
                x1 = b &>> shift
            }
        } else {
            return WordLookup.pack(p + lo, count)
        }
        let m0: UInt64 = count >= 8 ? ~0 : (1 &<< UInt64(8 * count)) &- 1
        let m1: UInt64 = count >= 16 ? ~0 : (count <= 8 ? 0 : (1 &<< UInt64(8 * (count - 8))) &- 1)
        return (x0 & m0, x1 & m1)
    }

    /// Lower-cases `p[lo..<hi]` like Python's `str.lower()` and looks it up (`n`: readable bytes at `p`).
    @inline(__always)
    static func resolve(
        _ p: UnsafePointer<UInt8>, _ n: Int, _ lo: Int, _ hi: Int, ascii: Bool, words: WordLookup,
        cache: inout ByteTable<CachedWord>, start: Int32, end: Int32
    ) -> RuleToken {
        let count = hi - lo
        var entry = -1
        var upper = false
        var hasNT = false
        if ascii && count <= 16 {
            // Up to 16 ASCII bytes: lower-case and classify them as two 8-byte words.
            let (x0, x1) = loadKey(p, n, lo, hi)
            let up0 = SWAR.inRange(x0, 0x41, 0x5A)
            let up1 = SWAR.inRange(x1, 0x41, 0x5A)
            let k0 = x0 | (up0 >> 2)
            let k1 = x1 | (up1 >> 2)
            if up0 | up1 != 0 {
                upper = SWAR.inRange(x0, 0x61, 0x7A) | SWAR.inRange(x1, 0x61, 0x7A) == 0
            }
            if SWAR.equal(k0, 0x27) | SWAR.equal(k1, 0x27) != 0 {
                var last3: UInt32 = 0
                for k in lo..<hi {
                    let b = p[k]
                    last3 = (last3 &<< 8 | UInt32(b &- 0x41 < 26 ? b | 0x20 : b)) & 0xFF_FFFF
                    if last3 == 0x6E_2774 { hasNT = true }  // "n't"
                }
            }
            entry = words.find(k0, k1, count)
        } else {
            (entry, upper, hasNT) = lookupSlow(p, lo, count, ascii: ascii, words: words, cache: &cache)
        }
        if entry < 0 {
            return RuleToken(
                valence: .nan, booster: .nan, flags: [], code: 0, upper: upper, hasNT: hasNT, start: start, end: end)
        }
        let info = words.infos[entry]
        return RuleToken(
            valence: info.valence, booster: info.booster, flags: info.flags, code: info.code,
            upper: upper, hasNT: hasNT, start: start, end: end)
    }

    /// ``resolve(_:_:_:_:ascii:words:cache:start:end:)`` for ASCII words longer than 16 bytes and non-ASCII
    /// words (kept out of line so the common path inlines into the tokenizer): entry, upper, "n't".
    @inline(never)
    static func lookupSlow(
        _ p: UnsafePointer<UInt8>, _ lo: Int, _ count: Int, ascii: Bool, words: WordLookup,
        cache: inout ByteTable<CachedWord>
    ) -> (Int, Bool, Bool) {
        var entry = -1
        var upper = false
        var hasNT = false
        if ascii {
            entry = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { buf in
                var hasLower = false
                var hasUpper = false
                var last3: UInt32 = 0
                for j in 0..<count {
                    let b = p[lo + j]
                    var l = b
                    if b &- 0x41 < 26 {
                        l = b | 0x20
                        hasUpper = true
                    } else if b &- 0x61 < 26 {
                        hasLower = true
                    }
                    buf[j] = l
                    last3 = (last3 &<< 8 | UInt32(l)) & 0xFF_FFFF
                    if last3 == 0x6E_2774 { hasNT = true }  // "n't"
                }
                upper = hasUpper && !hasLower
                return words.find(UnsafePointer(buf.baseAddress!), count)
            }
        } else {
            let token = UnsafeBufferPointer(start: p + lo, count: count)
            if let c = cache.find(token) {
                // Non-ASCII token seen before: its lower case, lookup and case class depend only on its bytes.
                let w = cache.values[c]
                upper = w.upper
                hasNT = w.hasNT
                entry = Int(w.entry)
            } else {
                upper = PythonText.isUpper(token, 0, token.count)
                let key = Array(String(decoding: token, as: UTF8.self).lowercased().utf8)
                if key.count >= 3 {
                    for j in 0..<(key.count - 2) where key[j] == 0x6E && key[j + 1] == 0x27 && key[j + 2] == 0x74 {
                        hasNT = true
                        break
                    }
                }
                entry = key.withUnsafeBufferPointer { words.find($0.baseAddress!, $0.count) }
                if cache.count >= 1 << 16 { cache = ByteTable() }  // bounded memory on endless input
                cache.insert(Array(token), CachedWord(entry: Int32(entry), upper: upper, hasNT: hasNT))
            }
        }
        return (entry, upper, hasNT)
    }
}

/// Flat token and sentiment storage of ``VaderEngine``'s path without spans: one buffer each, grown
/// (never shrunk) before a text's tokens are written, so a token is one store, not an `Array.append`.
final class VaderArena {
    /// `capacity` tokens, the first `count` of them those of the last text.
    @exclusivity(unchecked) private(set) var tokens: UnsafeMutablePointer<RuleToken>
    /// `capacity` sentiments, parallel to `tokens`.
    @exclusivity(unchecked) private(set) var sentiments: UnsafeMutablePointer<Double>
    @exclusivity(unchecked) private(set) var capacity: Int
    @exclusivity(unchecked) var count = 0

    init() {
        capacity = 256
        tokens = .allocate(capacity: capacity)
        sentiments = .allocate(capacity: capacity)
    }

    deinit {
        tokens.deallocate()
        sentiments.deallocate()
    }

    /// Room for `needed` tokens, keeping the first `keep`; returns `tokens` (which may have moved).
    @inline(__always)
    func reserve(_ keep: Int, _ needed: Int) -> UnsafeMutablePointer<RuleToken> {
        if needed > capacity { grow(keep, needed) }
        return tokens
    }

    @inline(never)
    private func grow(_ keep: Int, _ needed: Int) {
        let newCapacity = max(needed, 2 * capacity)
        let moved = UnsafeMutablePointer<RuleToken>.allocate(capacity: newCapacity)
        moved.moveInitialize(from: tokens, count: keep)
        tokens.deallocate()
        tokens = moved
        sentiments.deallocate()
        sentiments = .allocate(capacity: newCapacity)
        capacity = newCapacity
    }
}

/// A direct-mapped cache of resolved tokens keyed by the word as written (at most 16 bytes):
/// punctuation strip, case class, "n't" and the lexicon lookup depend only on the word's bytes, so a word
/// seen before is one hash and one slot compare. A slot holds the last word that hashed to it.
final class VaderTokenCache {
    struct Entry {
        var k0: UInt64
        var k1: UInt64
        /// Word length in bytes; 0 marks an empty slot (words are never empty).
        var length: Int
        var token: RuleToken
    }

    private static let size = 8192
    private let entries: UnsafeMutablePointer<Entry>

    init() {
        entries = .allocate(capacity: Self.size)
        let empty = RuleToken(
            valence: .nan, booster: .nan, flags: [], code: 0, upper: false, hasNT: false, start: 0, end: 0)
        entries.initialize(repeating: Entry(k0: 0, k1: 0, length: 0, token: empty), count: Self.size)
    }

    deinit { entries.deallocate() }

    /// The slot of the word packed as `k0`, `k1` (``VaderEngine/loadKey(_:_:_:_:)``) of `length` bytes.
    @inline(__always)
    func slot(_ k0: UInt64, _ k1: UInt64, _ length: Int) -> UnsafeMutablePointer<Entry> {
        entries + (WordLookup.slot(k0, k1, length) & (Self.size - 1))
    }
}

/// The tokens being written into a ``VaderArena`` (kept in registers while a text is scanned), with the
/// facts the rules need about all of them: how many are upper case, and the union of their flags.
struct FlatTokens {
    var base: UnsafeMutablePointer<RuleToken>
    var count = 0
    var upper = 0
    var flags: UInt32 = 0

    init(_ base: UnsafeMutablePointer<RuleToken>) { self.base = base }

    @inline(__always)
    mutating func push(_ token: RuleToken) {
        (base + count).initialize(to: token)
        count += 1
        upper &+= token.upper ? 1 : 0
        flags |= token.flags.rawValue
    }

    /// ``push(_:)`` of the token at `p`, copied as its 32 raw bytes (two vector moves; a copy of the
    /// value goes field by field around the padding, ~25 instructions). `RuleToken` is a trivial type.
    @inline(__always)
    mutating func push(copying p: UnsafePointer<RuleToken>) {
        UnsafeMutableRawPointer(base + count).copyMemory(from: p, byteCount: MemoryLayout<RuleToken>.size)
        count += 1
        upper &+= p.pointee.upper ? 1 : 0
        flags |= p.pointee.flags.rawValue
    }
}

/// Eight-bytes-at-a-time helpers (SIMD within a register) for the byte scanners.
enum SWAR {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let high: UInt64 = 0x8080_8080_8080_8080
    static let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    @inline(__always)
    static func load(_ p: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
    }

    /// 0x80 in exactly the bytes of `v` equal to `b`.
    @inline(__always)
    static func equal(_ v: UInt64, _ b: UInt8) -> UInt64 {
        let x = v ^ (ones &* UInt64(b))
        return ~(((x & low7) &+ low7) | x | low7)
    }

    /// 0x80 in exactly the ASCII bytes of `v` within `lo...hi` (`hi` < 0x80).
    @inline(__always)
    static func inRange(_ v: UInt64, _ lo: UInt8, _ hi: UInt8) -> UInt64 {
        let x = v & low7
        let atLeast = x &+ ones &* UInt64(0x80 - lo)
        let above = x &+ ones &* UInt64(0x7F - hi)
        return atLeast & ~above & ~v & high
    }

    /// 0x80 in the bytes of `v` that are <= 0x20 or >= 0x80 (exact).
    @inline(__always)
    static func controlOrSpaceOrNonASCII(_ v: UInt64) -> UInt64 {
        ~((v & low7) &+ ones &* 0x5F) & high | (v & high)
    }
}
