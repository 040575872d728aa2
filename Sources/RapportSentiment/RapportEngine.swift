import RapportCore
import RapportText

/// The Rapport engine: ICU word and sentence segmentation (any script), NFKC + case folding, curly
/// apostrophes made straight, emoticons and emoji, multi-word expressions and the domain lexicon, the VADER
/// rules per sentence with the reference's bugs fixed, and tone markers. Not thread-safe (owns ICU
/// iterators and buffers): one per thread.
struct RapportEngine {
    let lexicons: Lexicons
    private let words: WordSegmenter
    private let sentences: Segmenter
    private let rules = VaderRules(fixed: true)

    /// Tokens of the current text (after multi-word merging), with their key bytes and sentence index.
    private(set) var tokens: [RuleToken] = []
    private var keyStart: [Int32] = []
    private var keyEnd: [Int32] = []
    private var sentenceOf: [Int32] = []
    private var isWord: [Bool] = []
    /// Whether the token's key alone is in `phrases` (a multi-word expression or marker may start there).
    private var startsPhrase: [Bool] = []
    /// Per `Lexicons.langidLanguages` entry: word tokens of the current text that are its stopwords.
    private var stopwordHits: [Int] = []
    /// The bit of "en" in `Lexicons.langidLanguages` (0 without an English stopword list).
    private let englishStopwordBit: UInt32
    private var keys: [UInt8] = []
    private var scratch: [UInt8] = []
    private var sentenceRanges: [Range<Int>] = []
    private(set) var sentiments: [Double] = []
    private var sentenceSentiments: [Double] = []
    private var butScratch: [UInt64: [Int]] = [:]
    private var emoticonRanges: [Range<Int>] = []
    /// Folded keys of non-ASCII words seen before (NFKC + case fold through ICU is costly; the key depends
    /// only on the word's bytes).
    private var foldCache = ByteTable<[UInt8]>()

    init(lexicons: Lexicons) throws(RapportError) {
        self.lexicons = lexicons
        englishStopwordBit = lexicons.langidLanguages.firstIndex(of: "en").map { 1 << UInt32($0) } ?? 0
        words = try WordSegmenter()
        sentences = try Segmenter(.sentence)
    }

    struct Result {
        var score: VaderScore?
        var unavailable: SentimentUnavailable?
        var language: String
    }

    /// Scores `text` (and finds its tone markers when `markers` is non-nil). Afterwards
    /// `tokens`/`sentiments` describe it (for evidence).
    mutating func score(_ text: UnsafeBufferPointer<UInt8>, markers: UnsafeMutablePointer<[ToneMarker]>?) -> Result {
        tokens.removeAll(keepingCapacity: true)
        sentiments.removeAll(keepingCapacity: true)
        let script = ScriptGuess.dominant(text)
        var language = script.isLatinOrNone ? "en" : script.language
        guard var lex = lexicons.languages[language] else {
            return Result(score: nil, unavailable: .noLexicon(language: language), language: language)
        }
        tokenize(text, lexicon: lex)
        if tokens.isEmpty { return Result(score: nil, unavailable: .empty, language: language) }
        if script.isLatinOrNone, let guess = latinLanguage(), guess != language {
            guard let other = lexicons.languages[guess] else {
                return Result(score: nil, unavailable: .noLexicon(language: guess), language: guess)
            }
            lex = other
            language = guess
            tokenize(text, lexicon: lex)
        }
        if let markers { markers.pointee = findMarkers(text, lex) }
        mergePhrases(lex)
        return Result(score: scoreSentences(text), unavailable: nil, language: language)
    }

    // MARK: Tokens

    private mutating func tokenize(_ text: UnsafeBufferPointer<UInt8>, lexicon lex: LanguageLexicon) {
        tokens.removeAll(keepingCapacity: true)
        keyStart.removeAll(keepingCapacity: true)
        keyEnd.removeAll(keepingCapacity: true)
        sentenceOf.removeAll(keepingCapacity: true)
        isWord.removeAll(keepingCapacity: true)
        startsPhrase.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        sentenceRanges.removeAll(keepingCapacity: true)
        stopwordHits.removeAll(keepingCapacity: true)
        stopwordHits.append(contentsOf: repeatElement(0, count: lexicons.langidLanguages.count))
        findEmoticons(text, lex)
        // Text without sentence terminators or separators is one sentence for ICU: skip that pass.
        if Self.mayHaveSentenceBreak(text) {
            // Byte-level for Latin/Cyrillic/Greek text, symbols and emoji; ICU for anything else.
            if !SentenceSegmentation.segment(text, into: &sentenceRanges) {
                sentences.forEachSegment(text) { sentenceRanges.append($0.start..<$0.end) }
            }
        }
        if sentenceRanges.isEmpty { sentenceRanges.append(0..<text.count) }
        var sentence = 0
        var emoticon = 0
        words.forEachSegment(text) { seg in
            while sentence + 1 < sentenceRanges.count && seg.start >= sentenceRanges[sentence].upperBound {
                sentence += 1
            }
            while emoticon < emoticonRanges.count && emoticonRanges[emoticon].upperBound <= seg.start {
                emoticon += 1
            }
            if emoticon < emoticonRanges.count && emoticonRanges[emoticon].lowerBound <= seg.start {
                // Inside an emoticon: emit the emoticon once, at its first segment.
                let r = emoticonRanges[emoticon]
                if seg.start == r.lowerBound { addToken(text, r.lowerBound, r.upperBound, lex, sentence, word: true) }
                return
            }
            if seg.isWord {
                addToken(text, seg.start, seg.end, lex, sentence, word: true)
                return
            }
            // Emoji (first code point in the emoji lexicon) become tokens valued by their description.
            let b = text[seg.start]
            guard b >= 0x80 else { return }
            let (cp, _) = PythonText.decode(text, seg.start)
            let slot = lex.emojiSlot(cp)
            if slot >= 0 {
                let valence = lex.emojiValences[slot]
                tokens.append(
                    RuleToken(
                        valence: valence == 0 ? .nan : valence, booster: .nan, flags: [], code: 0, upper: false,
                        hasNT: false, start: Int32(seg.start), end: Int32(seg.end)))
                keyStart.append(Int32(keys.count))
                keyEnd.append(Int32(keys.count))
                sentenceOf.append(Int32(sentence))
                isWord.append(false)
                startsPhrase.append(false)
            }
        }
    }

    /// False when `text` certainly holds no sentence break for ICU (UAX #29: breaks only follow STerm/ATerm
    /// or a paragraph separator): `.` `!` `?` only in a final run of them and spaces, every other byte
    /// ASCII other than LF/VT/FF/CR, or a code point
    /// from ranges without any Sentence_Terminal, ATerm or Sep character (Latin-1 and Latin Extended letters,
    /// combining marks, Greek without U+037E/U+0387, Cyrillic, spaces/quotes/dashes of General Punctuation,
    /// format characters, arrows and technical symbols, dingbats, variation selectors, emoji, tags).
    static func mayHaveSentenceBreak(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = text.count
        while i < n {
            let b = text[i]
            if b < 0x80 {
                if b == 0x2E || b == 0x21 || b == 0x3F {
                    // Terminators followed only by terminators and spaces up to the end: the only
                    // boundary after them is the end of the text (UAX #29 SB8a, SB9-SB11).
                    var k = i + 1
                    while k < n && (text[k] == 0x2E || text[k] == 0x21 || text[k] == 0x3F || text[k] == 0x20) { k += 1 }
                    return k < n
                }
                if b >= 0x0A && b <= 0x0D { return true }
                i += 1
                continue
            }
            let (cp, len) = PythonText.decode(text, i)
            switch cp {
            case 0xA0...0x24F, 0x300...0x36F, 0x370...0x37D, 0x37F...0x386, 0x388...0x3FF, 0x400...0x4FF,
                0x2000...0x2023, 0x2025...0x2027, 0x202A...0x203B, 0x203E...0x2046, 0x204A...0x206F,
                0x2190...0x23FF, 0x25A0...0x27BF, 0x2900...0x2BFF, 0xFE00...0xFE0F, 0x1F000...0x1FAFF,
                0xE0020...0xE007F:
                i += len
            default:
                return true
            }
        }
        return false
    }

    /// Whitespace-delimited tokens holding ASCII punctuation that are lexicon entries (":)", ":-(", "<3",
    /// ":D"), optionally followed by ",.;!?": ICU would split them into punctuation.
    private mutating func findEmoticons(_ text: UnsafeBufferPointer<UInt8>, _ lex: LanguageLexicon) {
        emoticonRanges.removeAll(keepingCapacity: true)
        let n = text.count
        var i = 0
        while i < n {
            while i < n && (text[i] == 0x20 || (text[i] >= 9 && text[i] <= 13)) { i += 1 }
            let start = i
            var punct = false
            var ascii = true
            while i < n && !(text[i] == 0x20 || (text[i] >= 9 && text[i] <= 13)) {
                if text[i] >= 0x80 { ascii = false }
                if PythonText.isASCIIPunctuation(text[i]) { punct = true }
                i += 1
            }
            guard punct, ascii, i > start else { continue }
            var end = i
            while true {
                if Self.isEmoticon(text, start, end, lex.rapportWords, &scratch) {
                    emoticonRanges.append(start..<end)
                    break
                }
                guard end - start > 2, [0x2C, 0x2E, 0x3B, 0x21, 0x3F].contains(text[end - 1]) else { break }
                end -= 1
            }
        }
    }

    /// Whether ASCII `text[start..<end]`, lower-cased, is a lexicon entry with a valence that holds
    /// punctuation and a character other than a letter or "'".
    private static func isEmoticon(
        _ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ words: WordLookup, _ scratch: inout [UInt8]
    ) -> Bool {
        let count = end - start
        var e = -1
        if count <= 16 {
            var k0: UInt64 = 0
            var k1: UInt64 = 0
            for k in 0..<count {
                let b = text[start + k]
                let l = UInt64(b &- 0x41 < 26 ? b | 0x20 : b)
                if k < 8 { k0 |= l &<< UInt64(8 * k) } else { k1 |= l &<< UInt64(8 * (k - 8)) }
            }
            e = words.find(k0, k1, count)
        } else {
            scratch.removeAll(keepingCapacity: true)
            for k in start..<end {
                let b = text[k]
                scratch.append(b &- 0x41 < 26 ? b | 0x20 : b)
            }
            e = scratch.withUnsafeBufferPointer { words.find($0.baseAddress!, $0.count) }
        }
        guard e >= 0, !words.infos[e].valence.isNaN else { return false }
        var punct = false
        var other = false
        for k in start..<end {
            let b = text[k]
            let l = b &- 0x41 < 26 ? b | 0x20 : b
            if PythonText.isASCIIPunctuation(l) { punct = true }
            if !((l >= 0x61 && l <= 0x7A) || l == 0x27) { other = true }
        }
        return punct && other
    }

    private mutating func addToken(
        _ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ lex: LanguageLexicon, _ sentence: Int,
        word: Bool
    ) {
        let count = end - start
        if count <= 16 && start + 16 <= text.count, let base = text.baseAddress {
            // Up to 16 bytes: load them as two words; ASCII ones are lower-cased, classified and looked up
            // without another pass (as in the VADER engine).
            let m0: UInt64 = count >= 8 ? ~0 : (1 &<< UInt64(8 * count)) &- 1
            let m1: UInt64 = count >= 16 ? ~0 : (count <= 8 ? 0 : (1 &<< UInt64(8 * (count - 8))) &- 1)
            let x0 = SWAR.load(base + start) & m0
            let x1 = SWAR.load(base + start + 8) & m1
            if (x0 | x1) & SWAR.high == 0 {
                addASCIIToken(x0, x1, count, start, end, lex, sentence, word: word)
                return
            }
        }
        let ks = keys.count
        var ascii = true
        for k in start..<end where text[k] >= 0x80 {
            ascii = false
            break
        }
        if ascii {
            // Copy the bytes at once, then lower-case them in place.
            keys.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<end]))
            keys.withUnsafeMutableBufferPointer { k in
                for i in ks..<k.count where k[i] >= 0x41 && k[i] <= 0x5A { k[i] |= 0x20 }
            }
        } else {
            appendFoldedKey(text, start, end)
        }
        var hasNT = false
        let ke = keys.count
        if ke - ks >= 3 {
            for k in ks..<(ke - 2) where keys[k] == 0x6E && keys[k + 1] == 0x27 && keys[k + 2] == 0x74 {
                hasNT = true
                break
            }
        }
        let words = lex.rapportWords
        let e = keys.withUnsafeBufferPointer { k in words.find(k.baseAddress! + ks, ke - ks) }
        let info = e >= 0 ? words.infos[e] : WordInfo()
        tokens.append(
            RuleToken(
                valence: info.valence, booster: info.booster, flags: info.flags, code: info.code,
                upper: PythonText.isUpper(text, start, end), hasNT: hasNT, start: Int32(start), end: Int32(end)))
        appendFacts(ks, ke, info, sentence, word: word)
    }

    /// `addToken` for an ASCII token of at most 16 bytes given as two little-endian words (`x0`, `x1`).
    @inline(__always)
    private mutating func addASCIIToken(
        _ x0: UInt64, _ x1: UInt64, _ count: Int, _ start: Int, _ end: Int, _ lex: LanguageLexicon,
        _ sentence: Int, word: Bool
    ) {
        let up0 = SWAR.inRange(x0, 0x41, 0x5A)
        let up1 = SWAR.inRange(x1, 0x41, 0x5A)
        let k0 = x0 | (up0 >> 2)
        let k1 = x1 | (up1 >> 2)
        // Python `isupper` of ASCII: some upper-case letter and no lower-case one.
        let upper = up0 | up1 != 0 && SWAR.inRange(x0, 0x61, 0x7A) | SWAR.inRange(x1, 0x61, 0x7A) == 0
        let ks = keys.count
        withUnsafeBytes(of: (k0.littleEndian, k1.littleEndian)) { raw in
            keys.append(contentsOf: raw.bindMemory(to: UInt8.self).prefix(count))
        }
        let ke = keys.count
        var hasNT = false
        if SWAR.equal(k0, 0x27) | SWAR.equal(k1, 0x27) != 0 && count >= 3 {
            for k in ks..<(ke - 2) where keys[k] == 0x6E && keys[k + 1] == 0x27 && keys[k + 2] == 0x74 {
                hasNT = true
                break
            }
        }
        let words = lex.rapportWords
        let e = words.find(k0, k1, count)
        let info = e >= 0 ? words.infos[e] : WordInfo()
        tokens.append(
            RuleToken(
                valence: info.valence, booster: info.booster, flags: info.flags, code: info.code,
                upper: upper, hasNT: hasNT, start: Int32(start), end: Int32(end)))
        appendFacts(ks, ke, info, sentence, word: word)
    }

    /// The per-token arrays besides `tokens`, and the stopword counts.
    @inline(__always)
    private mutating func appendFacts(_ ks: Int, _ ke: Int, _ info: WordInfo, _ sentence: Int, word: Bool) {
        keyStart.append(Int32(ks))
        keyEnd.append(Int32(ke))
        sentenceOf.append(Int32(sentence))
        isWord.append(word)
        startsPhrase.append(info.phraseStart)
        if word && info.stopwords != 0 {
            var bits = info.stopwords
            // A word English shares ("a", "as", "no", "in") is evidence for English only: English text
            // full of them must never be taken for Portuguese or Spanish.
            if bits & englishStopwordBit != 0 { bits = englishStopwordBit }
            while bits != 0 {
                let l = bits.trailingZeroBitCount
                if l < stopwordHits.count { stopwordHits[l] += 1 }
                bits &= bits - 1
            }
        }
    }

    /// NFKC + case fold of a non-ASCII word, with curly/modifier apostrophes (’ ‘ ʼ ＇) made straight.
    private mutating func appendFoldedKey(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        let word = UnsafeBufferPointer(rebasing: text[start..<end])
        if let c = foldCache.find(word) {
            keys.append(contentsOf: foldCache.values[c])
            return
        }
        let ks = keys.count
        foldKey(text, start, end)
        if foldCache.count >= 1 << 16 { foldCache = ByteTable() }  // bounded memory on endless input
        foldCache.insert(Array(word), Array(keys[ks...]))
    }

    private mutating func foldKey(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        scratch.removeAll(keepingCapacity: true)
        var k = start
        while k < end {
            let (cp, len) = PythonText.decode(text, k)
            if cp == 0x2019 || cp == 0x2018 || cp == 0x02BC || cp == 0xFF07 {
                scratch.append(0x27)
            } else {
                for j in 0..<len { scratch.append(text[k + j]) }
            }
            k += len
        }
        if !scratch.contains(where: { $0 >= 0x80 }) {
            for b in scratch { keys.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b) }
            return
        }
        let folded = Normalizer.normalize(String(decoding: scratch, as: UTF8.self), .nfkcCaseFold)
        keys.append(contentsOf: folded.utf8)
    }

    /// Latin-script language guess from stopwords (see docs/sentiment.md, "Language").
    private func latinLanguage() -> String? {
        let langs = lexicons.langidLanguages
        guard !langs.isEmpty else { return nil }
        let hits = stopwordHits  // counted per word token by `addToken`
        let english = langs.firstIndex(of: "en").map { hits[$0] } ?? 0
        var best = -1
        for l in 0..<langs.count where langs[l] != "en" && (best < 0 || hits[l] > hits[best]) { best = l }
        guard best >= 0, hits[best] >= 3, hits[best] > 2 * english else { return nil }
        return langs[best]
    }

    // MARK: Multi-word expressions

    /// Replaces each longest multi-word expression with a valence by one token spanning it.
    private mutating func mergePhrases(_ lex: LanguageLexicon) {
        guard lex.maxPhraseWords > 1, tokens.count > 1 else { return }
        var out = 0
        var i = 0
        let n = tokens.count
        while i < n {
            var matchEnd = -1
            var matchValence = Double.nan
            if isWord[i] && startsPhrase[i] {
                scratch.removeAll(keepingCapacity: true)
                var j = i
                while j < n && j - i < lex.maxPhraseWords && isWord[j] && sentenceOf[j] == sentenceOf[i] {
                    if j > i { scratch.append(0x20) }
                    scratch.append(contentsOf: keys[Int(keyStart[j])..<Int(keyEnd[j])])
                    guard let e = lex.phrases.find(scratch) else { break }
                    let p = lex.phrases.values[e]
                    if p.complete && !p.valence.isNaN && j > i {
                        matchEnd = j
                        matchValence = p.valence
                    }
                    j += 1
                }
            }
            if matchEnd > i {
                var t = tokens[i]
                t.valence = matchValence
                t.booster = .nan
                t.flags = []
                t.code = 0
                t.hasNT = false
                var allUpper = true
                for k in i...matchEnd where !tokens[k].upper { allUpper = false }
                t.upper = allUpper
                t.end = tokens[matchEnd].end
                tokens[out] = t
                keyStart[out] = keyStart[i]
                keyEnd[out] = keyEnd[matchEnd]
                sentenceOf[out] = sentenceOf[i]
                isWord[out] = true
                startsPhrase[out] = startsPhrase[i]
                out += 1
                i = matchEnd + 1
            } else {
                tokens[out] = tokens[i]
                keyStart[out] = keyStart[i]
                keyEnd[out] = keyEnd[i]
                sentenceOf[out] = sentenceOf[i]
                isWord[out] = isWord[i]
                startsPhrase[out] = startsPhrase[i]
                out += 1
                i += 1
            }
        }
        tokens.removeSubrange(out...)
        keyStart.removeSubrange(out...)
        keyEnd.removeSubrange(out...)
        sentenceOf.removeSubrange(out...)
        isWord.removeSubrange(out...)
        startsPhrase.removeSubrange(out...)
    }

    // MARK: Scoring

    /// Per sentence: the VADER rules (fixed), its "but" scope and punctuation emphasis. Message: the
    /// sentences' sums added and normalized; proportions pooled (see docs/sentiment.md, "Aggregate").
    private mutating func scoreSentences(_ text: UnsafeBufferPointer<UInt8>) -> VaderScore {
        var upperCount = 0
        for t in tokens where t.upper { upperCount += 1 }
        let diff = tokens.count - upperCount
        let capDiff = diff > 0 && diff < tokens.count
        var total = 0.0
        var posSum = 0.0
        var negSum = 0.0
        var neuCount = 0
        var i = 0
        while i < tokens.count {
            let s = Int(sentenceOf[i])
            var j = i
            while j < tokens.count && Int(sentenceOf[j]) == s { j += 1 }
            sentenceSentiments.removeAll(keepingCapacity: true)
            tokens.withUnsafeBufferPointer { all in
                let t = UnsafeBufferPointer(rebasing: all[i..<j])
                rules.sentiments(t, capDiff: capDiff, into: &sentenceSentiments)
                rules.butCheck(t, &sentenceSentiments, scratch: &butScratch)
            }
            sentiments.append(contentsOf: sentenceSentiments)
            var exclamations = 0
            var questions = 0
            var k = sentenceRanges[s].lowerBound
            let end = min(sentenceRanges[s].upperBound, text.count)
            while k < end {
                let b = text[k]
                if b == 0x21 {
                    exclamations += 1
                } else if b == 0x3F {
                    questions += 1
                } else if b == 0xEF && k + 2 < end && text[k + 1] == 0xBC {
                    // Fullwidth ！ (EF BC 81) and ？ (EF BC 9F).
                    if text[k + 2] == 0x81 { exclamations += 1 } else if text[k + 2] == 0x9F { questions += 1 }
                }
                k += 1
            }
            let emphasis = VaderScore.punctuationEmphasis(exclamations: exclamations, questions: questions)
            var sum = 0.0
            var p = 0.0
            var ng = 0.0
            for v in sentenceSentiments {
                sum += v
                if v > 0 { p += v + 1 }
                if v < 0 { ng += v - 1 }
                if v == 0 { neuCount += 1 }
            }
            if sum > 0 { sum += emphasis } else if sum < 0 { sum -= emphasis }
            if p > abs(ng) { p += emphasis } else if p < abs(ng) { ng -= emphasis }
            total += sum
            posSum += p
            negSum += ng
            i = j
        }
        let all = posSum + abs(negSum) + Double(neuCount)
        guard all > 0 else { return .zero }
        return VaderScore(
            compound: Vader.normalize(total), pos: abs(posSum / all), neu: abs(Double(neuCount) / all),
            neg: abs(negSum / all))
    }

    // MARK: Tone markers

    /// Marker phrases (markers.txt) over word tokens, with position rules for greetings (first word of
    /// the text), sign-offs (first word of a line with at most 3 word-bearing lines after it) and direct
    /// questions (first word of a sentence ending in "?"); plus "!" runs and emoji.
    private mutating func findMarkers(_ text: UnsafeBufferPointer<UInt8>, _ lex: LanguageLexicon) -> [ToneMarker] {
        var result: [ToneMarker] = []
        let n = tokens.count
        // Line of each token, whether it starts its line, and how many word-bearing lines follow.
        var lineOf = [Int](repeating: 0, count: n)
        var firstOfLine = [Bool](repeating: false, count: n)
        var line = 0
        var cursor = 0
        var lastLineWithWord = -1
        var wordLines: [Int] = []
        for t in 0..<n {
            let start = Int(tokens[t].start)
            while cursor < start {
                if text[cursor] == 0x0A { line += 1 }
                cursor += 1
            }
            lineOf[t] = line
            if isWord[t] && line != lastLineWithWord {
                firstOfLine[t] = true
                lastLineWithWord = line
                wordLines.append(line)
            }
        }
        func linesAfter(_ l: Int) -> Int {
            var lo = 0
            var hi = wordLines.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if wordLines[mid] <= l { lo = mid + 1 } else { hi = mid }
            }
            return wordLines.count - lo
        }
        let firstWord = isWord.firstIndex(of: true) ?? -1
        var sentenceFirstWord = [Int](repeating: -1, count: sentenceRanges.count)
        for t in 0..<n where isWord[t] && sentenceFirstWord[Int(sentenceOf[t])] < 0 {
            sentenceFirstWord[Int(sentenceOf[t])] = t
        }
        func endsWithQuestion(_ s: Int) -> Bool {
            var k = min(sentenceRanges[s].upperBound, text.count) - 1
            while k >= sentenceRanges[s].lowerBound {
                let b = text[k]
                if b == 0x20 || (b >= 9 && b <= 13) {
                    k -= 1
                    continue
                }
                if b == 0x3F { return true }
                return b == 0x9F && k >= 2 && text[k - 1] == 0xBC && text[k - 2] == 0xEF
            }
            return false
        }
        func evidence(_ start: Int, _ end: Int) -> Evidence {
            Evidence(
                term: String(decoding: UnsafeBufferPointer(rebasing: text[start..<end]), as: UTF8.self),
                start: start, end: end, weight: 1)
        }
        let kinds = ToneMarkerKind.allCases
        var greetingEnd = 0
        for i in 0..<n where isWord[i] && startsPhrase[i] {
            scratch.removeAll(keepingCapacity: true)
            var longest = [Int](repeating: -1, count: kinds.count)
            var j = i
            while j < n && j - i < lex.maxPhraseWords && isWord[j] {
                if j > i { scratch.append(0x20) }
                scratch.append(contentsOf: keys[Int(keyStart[j])..<Int(keyEnd[j])])
                guard let e = lex.phrases.find(scratch) else { break }
                let p = lex.phrases.values[e]
                if p.complete && p.markers != 0 {
                    for k in 0..<kinds.count where p.markers & (1 << UInt32(k)) != 0 { longest[k] = j }
                }
                j += 1
            }
            for k in 0..<kinds.count where longest[k] >= 0 {
                let kind = kinds[k]
                switch kind {
                case .warmGreeting, .formalGreeting:
                    guard i == firstWord else { continue }
                    greetingEnd = max(greetingEnd, longest[k] + 1)
                case .warmSignOff, .formalSignOff:
                    guard firstOfLine[i], i != firstWord, linesAfter(lineOf[i]) <= 3 else { continue }
                case .directQuestion:
                    // Opens its sentence, or follows the greeting (and maybe a name): "Hi Sam, why …?"
                    let s = Int(sentenceOf[i])
                    let afterGreeting =
                        greetingEnd > 0 && (i == greetingEnd || i == greetingEnd + 1)
                        && sentenceOf[i] == sentenceOf[firstWord]
                    guard sentenceFirstWord[s] == i || afterGreeting, endsWithQuestion(s) else { continue }
                default: break
                }
                result.append(
                    ToneMarker(kind: kind, evidence: evidence(Int(tokens[i].start), Int(tokens[longest[k]].end))))
            }
        }
        // Emoji tokens.
        for t in 0..<n where !isWord[t] {
            result.append(ToneMarker(kind: .emoji, evidence: evidence(Int(tokens[t].start), Int(tokens[t].end))))
        }
        // Runs of "!" (ASCII or fullwidth).
        var k = 0
        while k < text.count {
            let isBang = text[k] == 0x21
            let isWide = text[k] == 0xEF && k + 2 < text.count && text[k + 1] == 0xBC && text[k + 2] == 0x81
            guard isBang || isWide else {
                k += 1
                continue
            }
            let start = k
            while k < text.count {
                if text[k] == 0x21 {
                    k += 1
                } else if text[k] == 0xEF && k + 2 < text.count && text[k + 1] == 0xBC && text[k + 2] == 0x81 {
                    k += 3
                } else {
                    break
                }
            }
            result.append(ToneMarker(kind: .exclamation, evidence: evidence(start, k)))
        }
        result.sort {
            $0.evidence.start != $1.evidence.start
                ? $0.evidence.start < $1.evidence.start
                : (kinds.firstIndex(of: $0.kind)! < kinds.firstIndex(of: $1.kind)!)
        }
        return result
    }
}
