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

struct VaderEngine {
    let lexicon: LanguageLexicon
    private let rules = VaderRules(fixed: false)
    /// Emoji-substituted text and how it maps back to the original.
    private var sub: [UInt8] = []
    private var segments: [SubSegment] = []
    private var segmentCursor = 0
    private var key: [UInt8] = []
    private(set) var tokens: [RuleToken] = []
    private(set) var sentiments: [Double] = []
    private var butScratch: [UInt64: [Int]] = [:]
    /// Whether the current text went through emoji substitution (else offsets are identity).
    private var mapped = false

    init(lexicon: LanguageLexicon) {
        self.lexicon = lexicon
        sub.reserveCapacity(4096)
    }

    /// Scores UTF-8 text; afterwards `tokens` and `sentiments` describe the last text.
    mutating func score(_ text: UnsafeBufferPointer<UInt8>) -> VaderScore {
        tokens.removeAll(keepingCapacity: true)
        sentiments.removeAll(keepingCapacity: true)
        var exclamations = 0
        var questions = 0
        if containsEmoji(text) {
            substituteEmoji(text)
            mapped = true
            sub.withUnsafeBufferPointer { s in
                for b in s {
                    if b == 0x21 { exclamations += 1 } else if b == 0x3F { questions += 1 }
                }
                tokenize(s)
            }
        } else {
            // Nothing to substitute: tokenize the text in place (offsets are already original offsets).
            mapped = false
            for b in text {
                if b == 0x21 { exclamations += 1 } else if b == 0x3F { questions += 1 }
            }
            tokenize(text)
        }
        if tokens.isEmpty { return .zero }
        var upperCount = 0
        for t in tokens where t.upper { upperCount += 1 }
        let diff = tokens.count - upperCount
        let capDiff = diff > 0 && diff < tokens.count
        tokens.withUnsafeBufferPointer { t in
            rules.sentiments(t, capDiff: capDiff, into: &sentiments)
            rules.butCheck(t, &sentiments, scratch: &butScratch)
        }
        let emphasis = VaderScore.punctuationEmphasis(exclamations: exclamations, questions: questions)
        return sentiments.withUnsafeBufferPointer { VaderScore.compute($0, emphasis: emphasis) }
    }

    /// Whether any code point of `text` is in the emoji lexicon.
    private func containsEmoji(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = text.count
        while i < n {
            if text[i] < 0x80 {
                i += 1
                continue
            }
            let (cp, len) = PythonText.decode(text, i)
            if lexicon.emojiSlot(cp) >= 0 { return true }
            i += len
        }
        return false
    }

    /// The reference's emoji loop: every code point found in the emoji lexicon is replaced by its
    /// description, preceded by a space unless the previous character was a space (" "). `segments`
    /// records how `sub` maps back to the original bytes (copied runs map linearly; a description and
    /// its space map to the emoji).
    private mutating func substituteEmoji(_ text: UnsafeBufferPointer<UInt8>) {
        sub.removeAll(keepingCapacity: true)
        segments.removeAll(keepingCapacity: true)
        var prevSpace = true
        var i = 0
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

    /// `text.strip().split()`, then `_strip_punc_if_word` per token, then lexicon facts per token.
    private mutating func tokenize(_ s: UnsafeBufferPointer<UInt8>) {
        let n = s.count
        var i = 0
        while i < n {
            // Skip whitespace.
            var (cp, len) = PythonText.decode(s, i)
            if PythonText.isWhitespace(cp) {
                i += len
                continue
            }
            let start = i
            while i < n {
                (cp, len) = PythonText.decode(s, i)
                if PythonText.isWhitespace(cp) { break }
                i += len
            }
            addToken(s, start, i)
        }
    }

    private mutating func addToken(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        var lo = start
        var hi = end
        while lo < hi && PythonText.isASCIIPunctuation(s[lo]) { lo += 1 }
        while hi > lo && PythonText.isASCIIPunctuation(s[hi - 1]) { hi -= 1 }
        var chars = 0
        var k = lo
        while k < hi && chars <= 2 {
            if s[k] & 0xC0 != 0x80 { chars += 1 }
            k += 1
        }
        if chars <= 2 {
            lo = start
            hi = end
        }
        let start = mapped ? originalOffset(lo, end: false) : Int32(lo)
        let end = mapped ? originalOffset(hi - 1, end: true) : Int32(hi)
        tokens.append(Self.resolve(s, lo, hi, table: lexicon.vader, key: &key, start: start, end: end))
    }

    /// Lower-cases `s[lo..<hi]` like Python's `str.lower()` into `key` and looks it up.
    static func resolve(
        _ s: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int, table: ByteTable<WordInfo>, key: inout [UInt8],
        start: Int32, end: Int32
    ) -> RuleToken {
        var ascii = true
        for k in lo..<hi where s[k] >= 0x80 {
            ascii = false
            break
        }
        var hasNT = false
        var entry: Int?
        var upper = false
        if ascii {
            let count = hi - lo
            var hasLower = false
            var hasUpper = false
            entry = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(count, 1)) { buf in
                var prev2: UInt8 = 0
                var prev1: UInt8 = 0
                for k in 0..<count {
                    let b = s[lo + k]
                    var l = b
                    if b >= 0x41 && b <= 0x5A {
                        l = b | 0x20
                        hasUpper = true
                    } else if b >= 0x61 && b <= 0x7A {
                        hasLower = true
                    }
                    buf[k] = l
                    if prev2 == 0x6E && prev1 == 0x27 && l == 0x74 { hasNT = true }
                    prev2 = prev1
                    prev1 = l
                }
                return table.find(UnsafeBufferPointer(rebasing: buf[0..<count]))
            }
            upper = hasUpper && !hasLower
        } else {
            upper = PythonText.isUpper(s, lo, hi)
            key.removeAll(keepingCapacity: true)
            let lowered = String(decoding: UnsafeBufferPointer(rebasing: s[lo..<hi]), as: UTF8.self).lowercased()
            key.append(contentsOf: lowered.utf8)
            if key.count >= 3 {
                for k in 0..<(key.count - 2) where key[k] == 0x6E && key[k + 1] == 0x27 && key[k + 2] == 0x74 {
                    hasNT = true
                    break
                }
            }
            entry = table.find(key)
        }
        let info = entry.map { table.values[$0] } ?? WordInfo()
        return RuleToken(
            valence: info.valence, booster: info.booster, flags: info.flags, code: info.code,
            upper: upper, hasNT: hasNT, start: start, end: end)
    }
}
