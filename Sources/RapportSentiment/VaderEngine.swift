/// The VADER-compatible engine: `SentimentIntensityAnalyzer.polarity_scores` of vaderSentiment 3.3.2,
/// ported rule by rule over UTF-8 bytes (emoji substitution per code point, whitespace split, ASCII
/// punctuation strip, Python case semantics, every quirk). Not thread-safe: reuses its buffers.
final class VaderEngine {
    let lexicon: LanguageLexicon
    private let rules = VaderRules(fixed: false)
    /// Emoji-substituted text and, per byte, the span of the original character it came from.
    private var sub: [UInt8] = []
    private var origStart: [Int32] = []
    private var origEnd: [Int32] = []
    private var key: [UInt8] = []
    private(set) var tokens: [RuleToken] = []
    private(set) var sentiments: [Double] = []
    private var butScratch: [UInt64: [Int]] = [:]

    init(lexicon: LanguageLexicon) {
        self.lexicon = lexicon
        sub.reserveCapacity(4096)
        origStart.reserveCapacity(4096)
        origEnd.reserveCapacity(4096)
    }

    /// Scores UTF-8 text; afterwards `tokens` and `sentiments` describe the last text.
    func score(_ text: UnsafeBufferPointer<UInt8>) -> VaderScore {
        substituteEmoji(text)
        tokens.removeAll(keepingCapacity: true)
        sentiments.removeAll(keepingCapacity: true)
        var exclamations = 0
        var questions = 0
        sub.withUnsafeBufferPointer { s in
            for b in s {
                if b == 0x21 { exclamations += 1 } else if b == 0x3F { questions += 1 }
            }
            tokenize(s)
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

    /// The reference's emoji loop: every code point found in the emoji lexicon is replaced by its
    /// description, preceded by a space unless the previous character was a space (" ").
    private func substituteEmoji(_ text: UnsafeBufferPointer<UInt8>) {
        sub.removeAll(keepingCapacity: true)
        origStart.removeAll(keepingCapacity: true)
        origEnd.removeAll(keepingCapacity: true)
        var prevSpace = true
        var i = 0
        let n = text.count
        let emoji = lexicon.emojiDescriptions
        while i < n {
            let b = text[i]
            if b < 0x80 {
                sub.append(b)
                origStart.append(Int32(i))
                origEnd.append(Int32(i + 1))
                prevSpace = b == 0x20
                i += 1
                continue
            }
            let (cp, len) = PythonText.decode(text, i)
            if let range = emoji[cp] {
                if !prevSpace {
                    sub.append(0x20)
                    origStart.append(Int32(i))
                    origEnd.append(Int32(i))
                }
                sub.append(contentsOf: lexicon.emojiText[range])
                for _ in range {
                    origStart.append(Int32(i))
                    origEnd.append(Int32(i + len))
                }
                prevSpace = false
            } else {
                for k in 0..<len {
                    sub.append(text[i + k])
                    origStart.append(Int32(i))
                    origEnd.append(Int32(i + len))
                }
                prevSpace = false
            }
            i += len
        }
    }

    /// `text.strip().split()`, then `_strip_punc_if_word` per token, then lexicon facts per token.
    private func tokenize(_ s: UnsafeBufferPointer<UInt8>) {
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

    private func addToken(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
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
        tokens.append(
            Self.resolve(
                s, lo, hi, table: lexicon.vader, key: &key, start: origStart[lo], end: origEnd[hi - 1]))
    }

    /// Lower-cases `s[lo..<hi]` like Python's `str.lower()` into `key` and looks it up.
    static func resolve(
        _ s: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int, table: ByteTable<WordInfo>, key: inout [UInt8],
        start: Int32, end: Int32
    ) -> RuleToken {
        key.removeAll(keepingCapacity: true)
        var ascii = true
        for k in lo..<hi {
            let b = s[k]
            if b >= 0x80 {
                ascii = false
                break
            }
            key.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
        }
        if !ascii {
            key.removeAll(keepingCapacity: true)
            let lowered = String(decoding: UnsafeBufferPointer(rebasing: s[lo..<hi]), as: UTF8.self).lowercased()
            key.append(contentsOf: lowered.utf8)
        }
        var hasNT = false
        if key.count >= 3 {
            for k in 0..<(key.count - 2) where key[k] == 0x6E && key[k + 1] == 0x27 && key[k + 2] == 0x74 {
                hasNT = true
                break
            }
        }
        let info = table.find(key).map { table.values[$0] } ?? WordInfo()
        return RuleToken(
            valence: info.valence, booster: info.booster, flags: info.flags, code: info.code,
            upper: PythonText.isUpper(s, lo, hi), hasNT: hasNT, start: start, end: end)
    }
}
