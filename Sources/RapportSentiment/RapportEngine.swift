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
    private var rules = VaderRules<RapportRuleSet>()

    /// Tokens of the current text (after multi-word merging), and per token its key bytes, sentence and
    /// kind (`factBuf[i]` belongs to `tokenBuf[i]`). Class-held grow-only buffers (see ``GrowBuffer``): an
    /// append is a capacity check and a store, without `Array`'s uniqueness check.
    private let tokenBuf = GrowBuffer<RuleToken>()
    private let factBuf = GrowBuffer<TokenFacts>()
    /// Each language's lexicon behind a reference (see ``LexiconBox``), English at hand.
    private let boxes: [String: LexiconBox]
    private let english: LexiconBox?
    /// Per `Lexicons.langidLanguages` entry: word tokens of the current text that are its stopwords
    /// (class-held, so counting a hit is a plain store, without `Array`'s uniqueness check).
    private let stopwordHits: GrowBuffer<Int>
    /// The bits of the languages with at least one hit in `stopwordHits`: without a non-English bit,
    /// `latinLanguage()` has no candidate and returns at once.
    private var stopwordLanguages: UInt32 = 0
    /// The bit of "en" in `Lexicons.langidLanguages` (0 without an English stopword list).
    private let englishStopwordBit: UInt32
    /// The index of "en" in `Lexicons.langidLanguages` (-1 without an English stopword list).
    private let englishIndex: Int
    /// Key bytes of the current tokens (a key of up to 16 bytes is written as two words past `keys.count`).
    private let keys = GrowBuffer<UInt8>(capacity: 4096)
    private var scratch: [UInt8] = []
    /// Key of a multi-word candidate (words joined by one space) in phrase matching.
    private let phraseKey = GrowBuffer<UInt8>(capacity: 256)
    private var sentenceRanges: [Range<Int>] = []
    private(set) var sentiments: [Double] = []
    private var sentenceSentiments: [Double] = []
    private var butScratch: [UInt64: [Int]] = [:]
    private var emoticonRanges: [Range<Int>] = []
    /// Folded keys of non-ASCII words seen before (NFKC + case fold through ICU is costly; the key depends
    /// only on the word's bytes).
    private var foldCache = ByteTable<[UInt8]>()

    /// The tokens of the current text (a copy, for evidence).
    var tokens: [RuleToken] { Array(tokenBuf.buffer) }

    init(lexicons: Lexicons) throws(RapportError) {
        self.lexicons = lexicons
        englishIndex = lexicons.langidLanguages.firstIndex(of: "en") ?? -1
        englishStopwordBit = englishIndex >= 0 ? 1 << UInt32(englishIndex) : 0
        stopwordHits = GrowBuffer<Int>(capacity: lexicons.langidLanguages.count)
        for _ in lexicons.langidLanguages { stopwordHits.append(0) }
        boxes = lexicons.languages.mapValues { LexiconBox($0) }
        english = boxes["en"]
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
        // Token spans and sentence indices are stored as Int32 (converted without a check per token).
        precondition(text.count <= Int(Int32.max), "a text of 2 GiB or more cannot be scored")
        tokenBuf.removeAll()
        sentiments.removeAll(keepingCapacity: true)
        let script = ScriptGuess.dominant(text)
        var language = script.isLatinOrNone ? "en" : script.language
        guard var box = language == "en" ? english : boxes[language] else {
            return Result(score: nil, unavailable: .noLexicon(language: language), language: language)
        }
        tokenize(text, lexicon: box)
        if tokenBuf.isEmpty { return Result(score: nil, unavailable: .empty, language: language) }
        if script.isLatinOrNone, let guess = latinLanguage(), guess != language {
            guard let other = boxes[guess] else {
                return Result(score: nil, unavailable: .noLexicon(language: guess), language: guess)
            }
            box = other
            language = guess
            tokenize(text, lexicon: box)
        }
        if let markers { markers.pointee = findMarkers(text, box) }
        dropSignOffLine(text, box)
        mergePhrases(box)
        return Result(score: scoreSentences(text), unavailable: nil, language: language)
    }

    // MARK: Tokens

    private mutating func tokenize(_ text: UnsafeBufferPointer<UInt8>, lexicon box: LexiconBox) {
        let lookup = box.lex.rapportWords
        tokenBuf.removeAll()
        factBuf.removeAll()
        keys.removeAll()
        sentenceRanges.removeAll(keepingCapacity: true)
        stopwordHits.buffer.update(repeating: 0)
        stopwordLanguages = 0
        findEmoticons(text, lookup, box.emoticons)
        // Text without sentence terminators or separators is one sentence for ICU: skip that pass.
        if Self.mayHaveSentenceBreak(text) {
            // Byte-level for Latin/Cyrillic/Greek text, symbols and emoji; ICU for anything else.
            if !SentenceSegmentation.segment(text, into: &sentenceRanges) {
                sentences.forEachSegment(text) { sentenceRanges.append($0.start..<$0.end) }
            }
        }
        if sentenceRanges.isEmpty { sentenceRanges.append(0..<text.count) }
        // ASCII spaces and punctuation matter only where an emoticon starts: the segmenter leaves out
        // those before the first emoticon not yet passed.
        var floor = emoticonRanges.first?.lowerBound ?? Int.max
        withUnsafeMutablePointer(to: &floor) { floor in
            tokenizeSegments(text, box, lookup, floor)
        }
    }

    /// `tokenize`'s pass over the word segments (`floor`: see `WordSegmenter.forEachSegment(_:nonWordsFrom:_:)`).
    @inline(__always)
    private mutating func tokenizeSegments(
        _ text: UnsafeBufferPointer<UInt8>, _ box: LexiconBox, _ lookup: WordLookup, _ floor: UnsafeMutablePointer<Int>
    ) {
        var sentence = 0
        var emoticon = 0
        words.forEachSegment(text, nonWordsFrom: floor) { seg in
            while sentence + 1 < sentenceRanges.count && seg.start >= sentenceRanges[sentence].upperBound {
                sentence += 1
            }
            while emoticon < emoticonRanges.count && emoticonRanges[emoticon].upperBound <= seg.start {
                emoticon += 1
            }
            floor.pointee = emoticon < emoticonRanges.count ? emoticonRanges[emoticon].lowerBound : Int.max
            if emoticon < emoticonRanges.count && emoticonRanges[emoticon].lowerBound <= seg.start {
                // Inside an emoticon: emit the emoticon once, at its first segment.
                let r = emoticonRanges[emoticon]
                if seg.start == r.lowerBound {
                    addToken(text, r.lowerBound, r.upperBound, lookup, sentence, word: true)
                    tokenBuf.base[tokenBuf.count - 1].flags.insert(.emoji)
                }
                return
            }
            if seg.isWord {
                addToken(text, seg.start, seg.end, lookup, sentence, word: true)
                return
            }
            // Emoji (first code point in the emoji lexicon) become tokens valued by their description.
            let b = text[seg.start]
            guard b >= 0x80 else { return }
            let (cp, _) = PythonText.decode(text, seg.start)
            // Fields read through the box one by one (a method call on `box.lex` would copy the struct).
            let slot = Int(cp) < box.lex.emojiSlots.count ? Int(box.lex.emojiSlots[Int(cp)]) : -1
            if slot >= 0 {
                let valence = box.lex.emojiValences[slot]
                tokenBuf.append(
                    RuleToken(
                        valence: valence == 0 ? .nan : valence, booster: .nan, flags: .emoji, code: 0, upper: false,
                        hasNT: false, start: Int32(seg.start), end: Int32(seg.end)))
                factBuf.append(
                    TokenFacts(
                        keyStart: Int32(keys.count), keyEnd: Int32(keys.count), sentence: Int32(sentence),
                        isWord: false,
                        startsPhrase: false))
            }
        }
    }

    /// False when `text` certainly holds no sentence break for ICU (UAX #29: breaks only follow STerm/ATerm
    /// or a paragraph separator): `.` `!` `?` only in a final run of them and spaces, every other byte
    /// ASCII other than LF/VT/FF/CR, or a code point
    /// from ranges without any Sentence_Terminal, ATerm or Sep character (Latin-1 and Latin Extended letters,
    /// combining marks, Greek without U+037E/U+0387, Cyrillic, spaces/quotes/dashes of General Punctuation,
    /// format characters, arrows and technical symbols, dingbats, the ideographic space, variation selectors,
    /// emoji, tags).
    static func mayHaveSentenceBreak(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = text.count
        while i < n {
            // Eight ASCII bytes at a time up to the first terminator, line break or non-ASCII byte.
            if let base = text.baseAddress {
                while i + 8 <= n {
                    let v = SWAR.load(base + i)
                    let stop =
                        v & SWAR.high | SWAR.equal(v, 0x2E) | SWAR.equal(v, 0x21) | SWAR.equal(v, 0x3F)
                        | SWAR.inRange(v, 0x0A, 0x0D)
                    if stop != 0 {
                        i += stop.trailingZeroBitCount >> 3
                        break
                    }
                    i += 8
                }
                if i >= n { break }
            }
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
                0x2190...0x23FF, 0x25A0...0x27BF, 0x2900...0x2BFF, 0x3000, 0xFE00...0xFE0F, 0x1F000...0x1FAFF,
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
    ///
    /// Only tokens holding an ASCII punctuation byte can match, so the scan skips eight bytes at a time
    /// while they are ASCII letters, spaces or non-ASCII, and looks at the token around each other byte; a candidate
    /// is only looked up when its length and first two bytes are those of some emoticon entry (`filter`).
    private mutating func findEmoticons(
        _ text: UnsafeBufferPointer<UInt8>, _ words: WordLookup, _ filter: EmoticonFilter
    ) {
        emoticonRanges.removeAll(keepingCapacity: true)
        let n = text.count
        guard let base = text.baseAddress, !filter.isEmpty else { return }
        Self.emoticonTable.withUnsafeBufferPointer { table in
            var i = 0
            while i < n {
                if i + 8 <= n {
                    let v = SWAR.load(base + i)
                    // Letters, spaces and non-ASCII bytes (never punctuation) are skipped.
                    let plain = SWAR.inRange(v | 0x2020_2020_2020_2020, 0x61, 0x7A) | SWAR.equal(v, 0x20) | v
                    let rest = ~plain & SWAR.high
                    if rest == 0 {
                        i += 8
                        continue
                    }
                    i += rest.trailingZeroBitCount >> 3
                }
                guard table[Int(text[i])] & Self.emoticonPunct != 0 else {
                    i += 1
                    continue
                }
                // The whitespace-delimited token around the punctuation byte (tokens before it are done).
                var start = i
                while start > 0 && table[Int(text[start - 1])] != Self.emoticonSpace { start -= 1 }
                var seen: UInt8 = 0
                i = start
                while i < n {
                    let c = table[Int(text[i])]
                    if c == Self.emoticonSpace { break }
                    seen |= c
                    i += 1
                }
                // `isEmoticon` needs punctuation and a character other than a letter or "'" in the candidate:
                // without both in the whole token (or with a non-ASCII byte) no candidate can match.
                guard
                    seen & (Self.emoticonPunct | Self.emoticonOther | Self.emoticonHigh)
                        == Self.emoticonPunct | Self.emoticonOther
                else { continue }
                // First punctuation and first "other" byte: a candidate ending at or before either fails.
                var firstPunct = i
                var firstOther = i
                var k = start
                while k < i && (firstPunct == i || firstOther == i) {
                    let c = table[Int(text[k])]
                    if c & Self.emoticonPunct != 0 && firstPunct == i { firstPunct = k }
                    if c & Self.emoticonOther != 0 && firstOther == i { firstOther = k }
                    k += 1
                }
                var end = i
                while firstPunct < end && firstOther < end {
                    if filter.mayMatch(text, start, end) && Self.isEmoticon(text, start, end, words, &scratch) {
                        emoticonRanges.append(start..<end)
                        break
                    }
                    guard end - start > 2, [0x2C, 0x2E, 0x3B, 0x21, 0x3F].contains(text[end - 1]) else { break }
                    end -= 1
                }
            }
        }
    }

    /// `emoticonClass` of every byte.
    private static let emoticonTable: [UInt8] = (0..<256).map { emoticonClass(UInt8($0)) }

    // `findEmoticons`' byte classes (bits).
    private static let emoticonPunct: UInt8 = 1
    private static let emoticonOther: UInt8 = 2
    private static let emoticonHigh: UInt8 = 4
    private static let emoticonSpace: UInt8 = 8

    /// ASCII punctuation (`emoticonPunct`, plus `emoticonOther` unless it is "'"), a byte other than a
    /// letter or "'" (`emoticonOther`), non-ASCII (`emoticonHigh`) or ASCII whitespace (`emoticonSpace`
    /// alone: U+0020, TAB, LF, VT, FF, CR).
    @inline(__always)
    private static func emoticonClass(_ b: UInt8) -> UInt8 {
        if b >= 0x80 { return emoticonHigh | emoticonOther }
        if b == 0x20 || (b >= 9 && b <= 13) { return emoticonSpace }
        if (b | 0x20) &- 0x61 < 26 { return 0 }
        if b == 0x27 { return emoticonPunct }
        return PythonText.isASCIIPunctuation(b) ? emoticonPunct | emoticonOther : emoticonOther
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
        _ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ words: WordLookup, _ sentence: Int,
        word: Bool
    ) {
        let count = end - start
        if count <= 16, let base = text.baseAddress {
            // Up to 16 bytes: load them as two words; ASCII ones are lower-cased, classified and looked up
            // without another pass (as in the VADER engine). Near the end of the text (the last word of
            // most lines) the words are packed byte by byte instead of loaded past the end.
            let x0: UInt64
            let x1: UInt64
            if start + 16 <= text.count {
                let m0: UInt64 = count >= 8 ? ~0 : (1 &<< UInt64(8 * count)) &- 1
                let m1: UInt64 = count >= 16 ? ~0 : (count <= 8 ? 0 : (1 &<< UInt64(8 * (count - 8))) &- 1)
                x0 = SWAR.load(base + start) & m0
                x1 = SWAR.load(base + start + 8) & m1
            } else {
                (x0, x1) = WordLookup.pack(base + start, count)
            }
            if (x0 | x1) & SWAR.high == 0 {
                addASCIIToken(x0, x1, count, start, end, words, sentence, word: word)
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
            appendKeyBytes(UnsafeBufferPointer(rebasing: text[start..<end]))
            let k = keys.base
            for i in ks..<keys.count where k[i] >= 0x41 && k[i] <= 0x5A { k[i] |= 0x20 }
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
        let e = words.find(keys.base + ks, ke - ks)
        let info = e >= 0 ? words.infos[e] : WordInfo()
        tokenBuf.append(
            RuleToken(
                valence: info.valence, booster: info.booster, flags: info.flags, code: info.code,
                upper: PythonText.isUpper(text, start, end), hasNT: hasNT, start: Int32(truncatingIfNeeded: start),
                end: Int32(truncatingIfNeeded: end)))
        appendFacts(ks, ke, info, sentence, word: word)
    }

    /// `addToken` for an ASCII token of at most 16 bytes given as two little-endian words (`x0`, `x1`).
    @inline(__always)
    private mutating func addASCIIToken(
        _ x0: UInt64, _ x1: UInt64, _ count: Int, _ start: Int, _ end: Int, _ words: WordLookup,
        _ sentence: Int, word: Bool
    ) {
        let up0 = SWAR.inRange(x0, 0x41, 0x5A)
        let up1 = SWAR.inRange(x1, 0x41, 0x5A)
        let k0 = x0 | (up0 >> 2)
        let k1 = x1 | (up1 >> 2)
        // Python `isupper` of ASCII: some upper-case letter and no lower-case one.
        let upper = up0 | up1 != 0 && SWAR.inRange(x0, 0x61, 0x7A) | SWAR.inRange(x1, 0x61, 0x7A) == 0
        let ks = keys.count
        keys.reserve(16)
        let k = UnsafeMutableRawPointer(keys.base + ks)
        k.storeBytes(of: k0.littleEndian, as: UInt64.self)
        k.storeBytes(of: k1.littleEndian, toByteOffset: 8, as: UInt64.self)
        keys.count = ks + count
        let ke = keys.count
        var hasNT = false
        if SWAR.equal(k0, 0x27) | SWAR.equal(k1, 0x27) != 0 && count >= 3 {
            // "n't" in the 16 lower-cased bytes (zero bytes past `count` never match).
            let n0 = SWAR.equal(k0, 0x6E)
            let n1 = SWAR.equal(k1, 0x6E)
            let a0 = SWAR.equal(k0, 0x27)
            let a1 = SWAR.equal(k1, 0x27)
            let t0 = SWAR.equal(k0, 0x74)
            let t1 = SWAR.equal(k1, 0x74)
            // Byte k of the 128-bit key is "n", k + 1 "'" and k + 2 "t".
            let lo = n0 & (a0 >> 8 | a1 << 56) & (t0 >> 16 | t1 << 48)
            let hi = n1 & (a1 >> 8) & (t1 >> 16)
            hasNT = lo | hi != 0
        }
        let e = words.find(k0, k1, count)
        let info = e >= 0 ? words.infos[e] : WordInfo()
        tokenBuf.append(
            RuleToken(
                valence: info.valence, booster: info.booster, flags: info.flags, code: info.code,
                upper: upper, hasNT: hasNT, start: Int32(truncatingIfNeeded: start), end: Int32(truncatingIfNeeded: end)
            ))
        appendFacts(ks, ke, info, sentence, word: word)
    }

    /// The token's `TokenFacts`, and the stopword counts.
    @inline(__always)
    private mutating func appendFacts(_ ks: Int, _ ke: Int, _ info: WordInfo, _ sentence: Int, word: Bool) {
        factBuf.append(
            TokenFacts(
                keyStart: Int32(ks), keyEnd: Int32(ke), sentence: Int32(truncatingIfNeeded: sentence), isWord: word,
                startsPhrase: info.phraseStart))
        if word && info.stopwords != 0 {
            var bits = info.stopwords
            // A word English shares ("a", "as", "no", "in") is evidence for English only: English text
            // full of them must never be taken for Portuguese or Spanish.
            if bits & englishStopwordBit != 0 { bits = englishStopwordBit }
            let hits = stopwordHits.base
            let languages = stopwordHits.count
            while bits != 0 {
                let l = bits.trailingZeroBitCount
                if l < languages {
                    hits[l] += 1
                    stopwordLanguages |= 1 << UInt32(l)
                }
                bits &= bits - 1
            }
        }
    }

    /// NFKC + case fold of a non-ASCII word, with curly/modifier apostrophes (’ ‘ ʼ ＇) made straight.
    private mutating func appendFoldedKey(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        let word = UnsafeBufferPointer(rebasing: text[start..<end])
        if let c = foldCache.find(word) {
            let key = foldCache.values[c]
            key.withUnsafeBufferPointer { appendKeyBytes($0) }
            return
        }
        let ks = keys.count
        foldKey(text, start, end)
        if foldCache.count >= 1 << 16 { foldCache = ByteTable() }  // bounded memory on endless input
        foldCache.insert(Array(word), Array(UnsafeBufferPointer(start: keys.base + ks, count: keys.count - ks)))
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
            let ks = keys.count
            let lowered = scratch
            lowered.withUnsafeBufferPointer { appendKeyBytes($0) }
            let k = keys.base
            for i in ks..<(ks + lowered.count) where k[i] >= 0x41 && k[i] <= 0x5A { k[i] |= 0x20 }
            return
        }
        var folded = Normalizer.normalize(String(decoding: scratch, as: UTF8.self), .nfkcCaseFold)
        folded.withUTF8 { appendKeyBytes($0) }
    }

    /// Appends `bytes` to the keys.
    private func appendKeyBytes(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        keys.append(source, count: bytes.count)
    }

    /// Latin-script language guess from stopwords (see docs/sentiment.md, "Language").
    private func latinLanguage() -> String? {
        // No hit of a language other than English: no candidate (the common case, decided without a scan).
        guard stopwordLanguages & ~englishStopwordBit != 0 else { return nil }
        let hits = stopwordHits  // counted per word token by `addToken`
        guard !hits.isEmpty else { return nil }
        let english = englishIndex >= 0 ? hits[englishIndex] : 0
        var best = -1
        for l in 0..<hits.count where l != englishIndex && (best < 0 || hits[l] > hits[best]) { best = l }
        guard best >= 0, hits[best] > 0 else { return nil }
        // Three hits and more than twice English's, or — for short messages ("Danke, das hat geholfen!") —
        // two hits and no English function word at all, or — a one-word message ("Merci!", "Tack!",
        // "Gracias") — that word. ("Awesome, gracias" stays English: its other word may carry valence.)
        guard
            (hits[best] >= 3 && hits[best] > 2 * english) || (hits[best] >= 2 && english == 0)
                || (english == 0 && wordTokens(atMost: 1))
        else {
            return nil
        }
        return lexicons.langidLanguages[best]
    }

    /// Whether the text has at most `limit` word tokens.
    private func wordTokens(atMost limit: Int) -> Bool {
        var n = 0
        for i in 0..<factBuf.count where factBuf[i].isWord {
            n += 1
            if n > limit { return false }
        }
        return true
    }

    // MARK: Multi-word expressions

    /// Replaces each longest multi-word expression with a valence by one token spanning it.
    private mutating func mergePhrases(_ box: LexiconBox) {
        let maxPhraseWords = box.lex.maxPhraseWords
        guard maxPhraseWords > 1, tokenBuf.count > 1 else { return }
        let phrases = box.lex.phrases
        let pairs = box.pairs
        var out = 0
        var i = 0
        let n = tokenBuf.count
        while i < n {
            var matchEnd = -1
            var matchValence = Double.nan
            let fi = factBuf[i]
            if fi.isWord && fi.startsPhrase && i + 1 < n && mayContinuePhrase(fi, factBuf[i + 1], pairs) {
                phraseKey.removeAll()
                var j = i
                while j < n && j - i < maxPhraseWords && factBuf[j].isWord && factBuf[j].sentence == fi.sentence {
                    if j > i {
                        // After the first word a number ("40" of "40%", "1,000", "2.5") is written `#`, which
                        // stands for any number in domain.txt ("quote came in # higher").
                        let number = Self.isNumber(keys, factBuf[j])
                        phraseKey.append(0x20)
                        if number {
                            phraseKey.append(0x23)
                        } else {
                            Self.appendKey(keys, factBuf[j], to: phraseKey)
                        }
                    } else {
                        Self.appendKey(keys, factBuf[j], to: phraseKey)
                    }
                    // The first word's key alone is in `phrases` (that is `startsPhrase`): no lookup for it.
                    if j > i {
                        guard let e = phrases.find(UnsafeBufferPointer(phraseKey.buffer)) else { break }
                        let p = phrases.values[e]
                        if p.complete && !p.valence.isNaN {
                            matchEnd = j
                            matchValence = p.valence
                        }
                    }
                    j += 1
                }
            }
            if matchEnd > i {
                var t = tokenBuf[i]
                t.valence = matchValence
                t.booster = .nan
                // A phrase starting with "thank(s)" ("thanks so much") is thanks for the sentence rules.
                t.flags = t.flags.intersection(.thanks)
                t.code = 0
                t.hasNT = false
                var allUpper = true
                for k in i...matchEnd where !tokenBuf[k].upper { allUpper = false }
                t.upper = allUpper
                t.end = tokenBuf[matchEnd].end
                tokenBuf[out] = t
                factBuf[out] = TokenFacts(
                    keyStart: fi.keyStart, keyEnd: factBuf[matchEnd].keyEnd, sentence: fi.sentence, isWord: true,
                    startsPhrase: fi.startsPhrase)
                out += 1
                i = matchEnd + 1
            } else {
                if out != i {
                    tokenBuf[out] = tokenBuf[i]
                    factBuf[out] = fi
                }
                out += 1
                i += 1
            }
        }
        if out < n {
            tokenBuf.count = out
            factBuf.count = out
        }
    }

    /// False when no phrase key starts with the words of `first` and `second` (the next token): `second`
    /// is no word of the same sentence, or `pairs` rules the two-word key out. Decided before the key is
    /// built and hashed.
    @inline(__always)
    private func mayContinuePhrase(_ first: TokenFacts, _ second: TokenFacts, _ pairs: PhrasePairFilter) -> Bool {
        guard second.isWord && second.sentence == first.sentence else { return false }
        // A number after the first word is written `#` (see `mergePhrases`).
        if Self.isNumber(keys, second) { return pairs.mayContain(keys.base, first, second: 1, 0x23, 0x23) }
        return pairMayStart(first, second, pairs)
    }

    /// ``mayContinuePhrase(_:_:_:)`` for marker phrases, whose keys hold the words as written (no `#` for a
    /// number): false only when the pair filter rules out every key starting "`first` `second`". A first key
    /// holding a space itself is never ruled out (the filter splits keys at their first space).
    @inline(__always)
    private func mayContinueLiterally(_ first: TokenFacts, _ second: TokenFacts, _ pairs: PhrasePairFilter) -> Bool {
        let k = keys.base
        for b in Int(first.keyStart)..<Int(first.keyEnd) where k[b] == 0x20 { return true }
        return pairMayStart(first, second, pairs)
    }

    /// Whether `pairs` allows a key starting with the keys of `first` and `second` as written.
    @inline(__always)
    private func pairMayStart(_ first: TokenFacts, _ second: TokenFacts, _ pairs: PhrasePairFilter) -> Bool {
        let k = keys.base
        let (s, e) = (Int(second.keyStart), Int(second.keyEnd))
        return pairs.mayContain(k, first, second: e - s, e > s ? k[s] : 0, e > s ? k[e - 1] : 0)
    }

    /// Bits of the sign-off marker kinds in `PhraseInfo.markers`.
    private static let signOffBits: UInt32 = {
        var bits: UInt32 = 0
        for (k, kind) in ToneMarkerKind.allCases.enumerated() where kind == .warmSignOff || kind == .formalSignOff {
            bits |= 1 << UInt32(k)
        }
        return bits
    }()

    /// A sign-off is a formula, not a feeling: "Any update on the refund?\n\nBest," would otherwise score
    /// as neutral ("best" 3.2). When the last line — or the line before a last line of at most three
    /// words (a name) — is exactly a sign-off phrase of `markers.txt` (punctuation aside) and at least
    /// three words come before it, its tokens are left out of the valence. Its warmth or formality stays a tone marker.
    private mutating func dropSignOffLine(_ text: UnsafeBufferPointer<UInt8>, _ box: LexiconBox) {
        let n = tokenBuf.count
        guard n >= 2 else { return }
        /// First token of the line holding token `t`, and that line's start byte.
        func lineStart(of t: Int) -> (token: Int, byte: Int)? {
            let b = Self.lastLineFeed(text, before: Int(tokenBuf[t].start)) + 1
            guard b > 0 else { return nil }
            var k = t
            while k > 0 && Int(tokenBuf[k - 1].start) >= b { k -= 1 }
            return (k, b)
        }
        guard let last = lineStart(of: n - 1) else { return }
        var range = last.token..<n
        if !isSignOff(range, box) {
            guard n - last.token <= 3, last.token >= 1, let previous = lineStart(of: last.token - 1) else { return }
            range = previous.token..<last.token
            guard isSignOff(range, box) else { return }
        }
        // At least three words must come before it: in "Hi Kim,\n\nThanks!" the sign-off is the message.
        var wordsBefore = 0
        for k in 0..<range.lowerBound where factBuf[k].isWord {
            wordsBefore += 1
            if wordsBefore == 3 { break }
        }
        guard wordsBefore >= 3 else { return }
        tokenBuf.removeSubrange(range)
        factBuf.removeSubrange(range)
    }

    /// The position of the last LF in `text[0..<end]`, or -1; eight bytes at a time (most texts are one line,
    /// so the search runs back to the start).
    static func lastLineFeed(_ text: UnsafeBufferPointer<UInt8>, before end: Int) -> Int {
        var k = end
        if let base = text.baseAddress {
            while k >= 8 {
                let m = SWAR.equal(SWAR.load(base + k - 8), 0x0A)
                if m != 0 { return k - 8 + (63 - m.leadingZeroBitCount) >> 3 }
                k -= 8
            }
        }
        while k > 0 {
            k -= 1
            if text[k] == 0x0A { return k }
        }
        return -1
    }

    /// Whether tokens `range` are all words and spell one sign-off phrase.
    private mutating func isSignOff(_ range: Range<Int>, _ box: LexiconBox) -> Bool {
        guard !range.isEmpty, range.count <= box.lex.maxPhraseWords else { return false }
        phraseKey.removeAll()
        for k in range {
            guard factBuf[k].isWord else { return false }
            if k > range.lowerBound { phraseKey.append(0x20) }
            Self.appendKey(keys, factBuf[k], to: phraseKey)
        }
        guard let e = box.lex.phrases.find(UnsafeBufferPointer(phraseKey.buffer)) else { return false }
        let p = box.lex.phrases.values[e]
        return p.complete && p.markers & Self.signOffBits != 0
    }

    /// Appends a token's key bytes (`f`'s span of `keys`) to `buffer`.
    @inline(__always)
    private static func appendKey(_ keys: GrowBuffer<UInt8>, _ f: TokenFacts, to buffer: GrowBuffer<UInt8>) {
        buffer.append(keys.base + Int(f.keyStart), count: Int(f.keyEnd - f.keyStart))
    }

    /// Whether token `f`'s key is a number: an ASCII digit followed by digits, "," and "." (ICU keeps "1,000"
    /// and "2.5" whole; the "%" of "40%" is not a word), or a spelled-out number ("three",
    /// "forty", `isSpelledNumber`). Such a word matches `#` in a multi-word expression.
    static func isNumber(_ keys: GrowBuffer<UInt8>, _ f: TokenFacts) -> Bool {
        let start = keys.base + Int(f.keyStart)
        let count = Int(f.keyEnd - f.keyStart)
        guard count > 0 else { return false }
        guard start[0] &- 0x30 < 10 else {
            return isSpelledNumber(UnsafeBufferPointer(start: start, count: count))
        }
        for k in 1..<count {
            let b = start[k]
            guard b &- 0x30 < 10 || b == 0x2C || b == 0x2E else { return false }
        }
        return true
    }

    /// Whether `key` is a spelled-out number that matches `#` (batch 13): "one" to "twenty", the tens
    /// ("thirty" … "ninety"), "hundred", "thousand"; lower-case ASCII, as token keys are. The key's bytes are
    /// packed little-endian into one integer and compared with the words' packed values (a switch, no table:
    /// it is asked for every word inside a candidate phrase).
    @inline(__always)
    static func isSpelledNumber(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = key.count
        guard n >= 3, n <= 9 else { return false }
        // Every such word starts with e, f, h, n, o, s or t (bits 4, 5, 7, 13, 14, 18, 19): most words stop here.
        let first = key[0] &- 0x61
        guard first < 26, (0b1100_0110_0000_1011_0000 as UInt32) >> UInt32(first) & 1 != 0 else { return false }
        var v: UInt64 = 0
        for k in 0..<min(n, 8) { v |= UInt64(key[k]) << UInt64(8 * k) }
        // "seventeen", the only 9-byte one: "seventee" + "n".
        if n == 9 { return v == 0x6565746E65766573 && key[8] == 0x6E }
        switch v {
        case 0x0000000000656E6F: return true  // one
        case 0x00000000006F7774: return true  // two
        case 0x0000006565726874: return true  // three
        case 0x0000000072756F66: return true  // four
        case 0x0000000065766966: return true  // five
        case 0x0000000000786973: return true  // six
        case 0x0000006E65766573: return true  // seven
        case 0x0000007468676965: return true  // eight
        case 0x00000000656E696E: return true  // nine
        case 0x00000000006E6574: return true  // ten
        case 0x00006E6576656C65: return true  // eleven
        case 0x000065766C657774: return true  // twelve
        case 0x6E65657472696874: return true  // thirteen
        case 0x6E65657472756F66: return true  // fourteen
        case 0x006E656574666966: return true  // fifteen
        case 0x006E656574786973: return true  // sixteen
        case 0x6E65657468676965: return true  // eighteen
        case 0x6E656574656E696E: return true  // nineteen
        case 0x000079746E657774: return true  // twenty
        case 0x0000797472696874: return true  // thirty
        case 0x0000007974726F66: return true  // forty
        case 0x0000007974666966: return true  // fifty
        case 0x0000007974786973: return true  // sixty
        case 0x0079746E65766573: return true  // seventy
        case 0x0000797468676965: return true  // eighty
        case 0x00007974656E696E: return true  // ninety
        case 0x00646572646E7568: return true  // hundred
        case 0x646E6173756F6874: return true  // thousand
        default: return false
        }
    }

    // MARK: Scoring

    /// Per sentence: the VADER rules (fixed), its "but" scope and punctuation emphasis. Message: the
    /// sentences' sums added and normalized; proportions pooled (see docs/sentiment.md, "Aggregate").
    private mutating func scoreSentences(_ text: UnsafeBufferPointer<UInt8>) -> VaderScore {
        var upperCount = 0
        var anyThanks = false
        for t in tokenBuf.buffer {
            if t.upper { upperCount += 1 }
            if t.flags.contains(.thanks) { anyThanks = true }
        }
        rules.text = text.baseAddress
        defer { rules.text = nil }
        let diff = tokenBuf.count - upperCount
        let capDiff = diff > 0 && diff < tokenBuf.count
        var total = 0.0
        var posSum = 0.0
        var negSum = 0.0
        var neuCount = 0
        var previousSum = 0.0
        var i = 0
        while i < tokenBuf.count {
            let s = Int(factBuf[i].sentence)
            var j = i
            while j < tokenBuf.count && Int(factBuf[j].sentence) == s { j += 1 }
            sentenceSentiments.removeAll(keepingCapacity: true)
            do {
                openers(text, i, j)
                BusinessRules.prepare(text, UnsafeMutableBufferPointer(start: tokenBuf.base + i, count: j - i))
                let t = UnsafeBufferPointer(start: tokenBuf.base + i, count: j - i)
                rules.sentiments(t, capDiff: capDiff, into: &sentenceSentiments)
                rules.butCheck(t, &sentenceSentiments, scratch: &butScratch)
                if anyThanks && j == tokenBuf.count && i > 0 && j - i <= 3 { closingThanks(text, i, j) }
                if previousSum < 0 && j - i <= 2 { sarcasticAfterthought(text, i, j, s) }
                BusinessRules.apply(text, t, &sentenceSentiments, sentence: sentenceRanges[s])
            }
            sentiments.append(contentsOf: sentenceSentiments)
            let (exclamations, questions) = Self.countEmphasis(
                text, sentenceRanges[s].lowerBound, min(sentenceRanges[s].upperBound, text.count))
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
            previousSum = sum
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

    /// Openers of sentence `i..<j` followed by a clause mark (`VaderRules.clauseMark`). The single word
    /// "well" first in the sentence is a discourse marker ("Well, I don't know"): it scores 0 (VADER's "well"
    /// is +1.1; "went well", "Well done" keep theirs). So are "ok", "okay", "alright" and "sure" opening a
    /// sentence before a clause mark ("Ok, will do" +0.30 → 0.0, "Sure, I'll send it over"; "The product is
    /// ok" keeps VADER's +1.2), and "ok" / "okay" as a whole sentence (an acknowledgement: "Ok.").
    /// Praise as the first or second word may be sarcastic (see `sarcasm`).
    private func openers(_ text: UnsafeBufferPointer<UInt8>, _ i: Int, _ j: Int) {
        let t = tokenBuf.base
        if j - i == 1 && t[i].flags.contains(.well) && (t[i].end - t[i].start == 2 || t[i].end - t[i].start == 4),
            let base = text.baseAddress, base[Int(t[i].start)] | 0x20 == 0x6F
        {
            t[i].valence = 0
            return
        }
        guard j - i >= 2, let base = text.baseAddress else { return }
        let opening: Vader.Flags = [.well, .sarcasmOpener]
        guard !t[i].flags.isDisjoint(with: opening) || !t[i + 1].flags.isDisjoint(with: opening) else { return }
        for k in i..<min(i + 2, j - 1) where !t[k].flags.isDisjoint(with: opening) {
            guard Vader.clauseMark(base, Int(t[k].end), Int(t[k + 1].start)) else { continue }
            if k == i && t[k].flags.contains(.well) && t[k].end - t[k].start <= 7 { t[k].valence = 0 }
            if t[k].flags.contains(.sarcasmOpener) { sarcasm(i, j, opener: k) }
        }
    }

    /// A sentence opened by praise ("Great,", "Oh great,", "Just perfect,"; token `opener`, first or second
    /// of sentence `i..<j`, before a clause mark) whose rest names a repetition ("another", "again") and
    /// something bad is sarcastic: the praise scores 0 ("Great, another outage.", "Oh great, it's broken
    /// again."). Without both, it is praise ("Great, thanks!", "Perfect, see you again tomorrow").
    private func sarcasm(_ i: Int, _ j: Int, opener: Int) {
        let t = tokenBuf.base
        var again = false
        var bad = false
        for k in (opener + 1)..<j {
            if t[k].flags.contains(.again) { again = true }
            if t[k].inLexicon && t[k].valence < 0 && !t[k].isBooster { bad = true }
        }
        if again && bad { t[opener].valence = 0 }
    }

    /// A praise sentence of one or two tokens ("Great.", "Oh great.", "Just perfect.") right after a negative
    /// sentence and ending without "!" is sarcastic ("Forgot my phone at home. Great."): its praise counts 0.
    private mutating func sarcasticAfterthought(_ text: UnsafeBufferPointer<UInt8>, _ i: Int, _ j: Int, _ s: Int) {
        let k = j - 1
        guard tokenBuf[k].flags.contains(.sarcasmOpener), sentenceSentiments[k - i] > 0 else { return }
        if j - i == 2 && tokenBuf[i].inLexicon { return }
        var e = min(sentenceRanges[s].upperBound, text.count) - 1
        while e >= sentenceRanges[s].lowerBound && (text[e] == 0x20 || (text[e] >= 9 && text[e] <= 13)) { e -= 1 }
        guard e >= 0, text[e] != 0x21 else { return }
        sentenceSentiments[k - i] = 0
    }

    /// A closing thanks: when the message's last sentence (tokens `i..<j`, `sentenceSentiments`) has at most
    /// three tokens and follows a question ("When does the outage end? Thanks."), its thanks are a formula
    /// and count 0 (raters read "question? Thanks." as neutral).
    private mutating func closingThanks(_ text: UnsafeBufferPointer<UInt8>, _ i: Int, _ j: Int) {
        guard Self.endsWithQuestion(text, sentenceRanges[Int(factBuf[i - 1].sentence)]) else { return }
        for k in i..<j where tokenBuf[k].flags.contains(.thanks) && sentenceSentiments[k - i] > 0 {
            sentenceSentiments[k - i] = 0
        }
    }

    /// Whether the last byte of `range` in `text` other than white space is "?" (or fullwidth ？).
    static func endsWithQuestion(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var k = min(range.upperBound, text.count) - 1
        while k >= range.lowerBound {
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

    /// Number of "!" and "?" (ASCII or fullwidth ！ EF BC 81, ？ EF BC 9F) in `text[start..<end]`,
    /// eight bytes at a time.
    static func countEmphasis(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (Int, Int) {
        var exclamations = 0
        var questions = 0
        var k = start
        while k < end {
            // Eight bytes at a time; a chunk holding 0xEF (the lead byte of the fullwidth forms), and the
            // last bytes, byte by byte.
            var chunkEnd = end
            if k + 8 <= end, let base = text.baseAddress {
                let v = SWAR.load(base + k)
                if SWAR.equal(v, 0xEF) == 0 {
                    let e = SWAR.equal(v, 0x21)
                    let q = SWAR.equal(v, 0x3F)
                    if e | q != 0 {
                        exclamations += SWAR.markedBytes(e)
                        questions += SWAR.markedBytes(q)
                    }
                    k += 8
                    continue
                }
                chunkEnd = k + 8
            }
            while k < chunkEnd {
                let b = text[k]
                if b == 0x21 {
                    exclamations += 1
                } else if b == 0x3F {
                    questions += 1
                } else if b == 0xEF && k + 2 < end && text[k + 1] == 0xBC {
                    if text[k + 2] == 0x81 { exclamations += 1 } else if text[k + 2] == 0x9F { questions += 1 }
                }
                k += 1
            }
        }
        return (exclamations, questions)
    }

    // MARK: Tone markers

    /// The marker kinds in their declaration order (the bit order of a phrase's `markers` and the order of
    /// markers at the same offset).
    private static let markerKinds = ToneMarkerKind.allCases

    /// Marker phrases (markers.txt) over word tokens, with position rules for greetings (first word of
    /// the text), sign-offs (first word of a line with at most 3 word-bearing lines after it) and direct
    /// questions (first word of a sentence ending in "?"); plus "!" runs and emoji.
    private mutating func findMarkers(_ text: UnsafeBufferPointer<UInt8>, _ box: LexiconBox) -> [ToneMarker] {
        let maxPhraseWords = box.lex.maxPhraseWords
        let phrases = box.lex.phrases
        let pairs = box.pairs
        var result: [ToneMarker] = []
        let n = tokenBuf.count
        // Line of each token, whether it starts its line, and which lines bear words: only a sign-off needs
        // them, so they are computed at the first sign-off phrase (most texts have none).
        var lineOf: [Int] = []
        var firstOfLine: [Bool] = []
        var wordLines: [Int] = []
        func computeLines() {
            lineOf = [Int](repeating: 0, count: n)
            firstOfLine = [Bool](repeating: false, count: n)
            var line = 0
            var cursor = 0
            var lastLineWithWord = -1
            for t in 0..<n {
                let start = Int(tokenBuf[t].start)
                while cursor < start {
                    if text[cursor] == 0x0A { line += 1 }
                    cursor += 1
                }
                lineOf[t] = line
                if factBuf[t].isWord && line != lastLineWithWord {
                    firstOfLine[t] = true
                    lastLineWithWord = line
                    wordLines.append(line)
                }
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
        let firstWord = factBuf.buffer.firstIndex { $0.isWord } ?? -1
        // The first word of each sentence (a direct question needs it; computed at the first one).
        var sentenceFirstWord: [Int] = []
        func computeSentenceFirstWords() {
            sentenceFirstWord = [Int](repeating: -1, count: sentenceRanges.count)
            for t in 0..<n where factBuf[t].isWord && sentenceFirstWord[Int(factBuf[t].sentence)] < 0 {
                sentenceFirstWord[Int(factBuf[t].sentence)] = t
            }
        }
        func endsWithQuestion(_ s: Int) -> Bool { Self.endsWithQuestion(text, sentenceRanges[s]) }
        func evidence(_ start: Int, _ end: Int) -> Evidence {
            Evidence(
                term: String(decoding: UnsafeBufferPointer(rebasing: text[start..<end]), as: UTF8.self),
                start: start, end: end, weight: 1)
        }
        let kinds = Self.markerKinds
        var greetingEnd = 0
        // Per marker kind, the last token of the longest marker phrase starting at token i (-1: none);
        // one array for all tokens, reset after each use.
        var longest = [Int](repeating: -1, count: kinds.count)
        for i in 0..<n where factBuf[i].isWord && factBuf[i].startsPhrase {
            phraseKey.removeAll()
            var found = false
            defer {
                if found { for k in 0..<kinds.count { longest[k] = -1 } }
            }
            var j = i
            while j < n && j - i < maxPhraseWords && factBuf[j].isWord {
                // Most two-word keys are ruled out by the pair filter before they are built and hashed.
                if j == i + 1 && !mayContinueLiterally(factBuf[i], factBuf[j], pairs) { break }
                if j > i { phraseKey.append(0x20) }
                Self.appendKey(keys, factBuf[j], to: phraseKey)
                guard let e = phrases.find(UnsafeBufferPointer(phraseKey.buffer)) else { break }
                let p = phrases.values[e]
                if p.complete && p.markers != 0 {
                    for k in 0..<kinds.count where p.markers & (1 << UInt32(k)) != 0 { longest[k] = j }
                    found = true
                }
                j += 1
            }
            guard found else { continue }
            for k in 0..<kinds.count where longest[k] >= 0 {
                let kind = kinds[k]
                switch kind {
                case .warmGreeting, .formalGreeting:
                    guard i == firstWord else { continue }
                    greetingEnd = max(greetingEnd, longest[k] + 1)
                case .warmSignOff, .formalSignOff:
                    if lineOf.isEmpty { computeLines() }
                    guard firstOfLine[i], i != firstWord, linesAfter(lineOf[i]) <= 3 else { continue }
                case .directQuestion:
                    // Opens its sentence, or follows the greeting (and maybe a name): "Hi Sam, why …?"
                    let s = Int(factBuf[i].sentence)
                    if sentenceFirstWord.isEmpty { computeSentenceFirstWords() }
                    let afterGreeting =
                        greetingEnd > 0 && (i == greetingEnd || i == greetingEnd + 1)
                        && factBuf[i].sentence == factBuf[firstWord].sentence
                    guard sentenceFirstWord[s] == i || afterGreeting, endsWithQuestion(s) else { continue }
                default: break
                }
                result.append(
                    ToneMarker(kind: kind, evidence: evidence(Int(tokenBuf[i].start), Int(tokenBuf[longest[k]].end))))
            }
        }
        // Emoji tokens.
        for t in 0..<n where !factBuf[t].isWord {
            result.append(ToneMarker(kind: .emoji, evidence: evidence(Int(tokenBuf[t].start), Int(tokenBuf[t].end))))
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

/// Per token of `RapportEngine.tokens`: its key bytes (a span of the engine's key buffer), its sentence, and
/// whether it is a word (not an emoji) whose key alone is in `phrases` (a multi-word expression or marker
/// may start there).
struct TokenFacts {
    var keyStart: Int32
    var keyEnd: Int32
    var sentence: Int32
    var isWord: Bool
    var startsPhrase: Bool
}

/// A language's lexicon behind a reference: the engine passes it around and captures it in the
/// segmentation closure for one retain, where the struct (a dozen tables) would be copied, retaining each.
final class LexiconBox: Sendable {
    let lex: LanguageLexicon
    /// The lexicon's emoticon entries, for `findEmoticons`.
    let emoticons: EmoticonFilter
    /// The first two words of the lexicon's phrases, for `mergePhrases`.
    let pairs: PhrasePairFilter

    init(_ lex: LanguageLexicon) {
        self.lex = lex
        emoticons = EmoticonFilter(lex.rapport)
        pairs = PhrasePairFilter(lex.phrases)
    }
}

/// A necessary condition for a two-word key ("w1 w2") to be in a lexicon's `phrases` table: a bit per
/// (length, first and last byte) of both words of every key's first two words. `mergePhrases` asks it at
/// a phrase start's second word, before it builds the joined key and hashes it; most candidates ("not"
/// or "the" before a word no phrase continues with) stop there.
struct PhrasePairFilter: Sendable {
    /// 65,536 bits (8 KiB).
    private var bits = [UInt64](repeating: 0, count: 1024)

    init(_ phrases: ByteTable<PhraseInfo>) {
        for e in 0..<phrases.count {
            phrases.withKey(e) { key in
                guard let space = key.firstIndex(of: 0x20), space > 0 else { return }  // word tokens have keys
                var end = space + 1
                while end < key.count && key[end] != 0x20 { end += 1 }
                let nb = end - space - 1
                let h = Self.index(
                    space, key[0], key[space - 1], nb, nb > 0 ? key[space + 1] : 0, nb > 0 ? key[end - 1] : 0)
                bits[h >> 6] |= 1 << UInt64(h & 63)
            }
        }
    }

    /// The bit of two words given by their lengths and first and last bytes (0 for an empty word).
    @inline(__always)
    private static func index(_ na: Int, _ a0: UInt8, _ a1: UInt8, _ nb: Int, _ b0: UInt8, _ b1: UInt8) -> Int {
        let x =
            UInt64(truncatingIfNeeded: na) & 0xFF | (UInt64(truncatingIfNeeded: nb) & 0xFF) << 8 | UInt64(a0) << 16
            | UInt64(a1) << 24 | UInt64(b0) << 32 | UInt64(b1) << 40
        return Int(truncatingIfNeeded: (x &* 0x9E37_79B9_7F4A_7C15) >> 48)
    }

    /// False when "first second" is certainly not a key of the table: `first` is the key `f` in `keys`, the
    /// second word is given by its length and first and last bytes.
    @inline(__always)
    func mayContain(
        _ keys: UnsafeMutablePointer<UInt8>, _ f: TokenFacts, second nb: Int, _ b0: UInt8, _ b1: UInt8
    ) -> Bool {
        let (s, e) = (Int(f.keyStart), Int(f.keyEnd))
        let h = Self.index(e - s, e > s ? keys[s] : 0, e > s ? keys[e - 1] : 0, nb, b0, b1)
        return bits[h >> 6] & (1 << UInt64(h & 63)) != 0
    }
}

/// A necessary condition for `RapportEngine.isEmoticon`: the lengths and the first two bytes of the entries
/// of a lexicon that it can match (ASCII keys with a valence, holding ASCII punctuation and a byte other
/// than a letter or "'"). Words followed by punctuation ("great.", "bad!") are whitespace-delimited tokens
/// with punctuation too; this rejects almost all of them without a lookup.
struct EmoticonFilter: Sendable {
    /// Bit `b0 << 7 | b1` for each entry starting with ASCII bytes `b0 b1` (one-byte entries: `b1` = 0).
    private var prefixes = [UInt64](repeating: 0, count: 256)
    private var minLength = Int.max
    private var maxLength = 0

    init(_ table: ByteTable<WordInfo>) {
        for e in 0..<table.count where !table.values[e].valence.isNaN {
            table.withKey(e) { key in
                guard !key.isEmpty, !key.contains(where: { $0 >= 0x80 }) else { return }
                var punct = false
                var other = false
                for b in key {
                    if PythonText.isASCIIPunctuation(b) { punct = true }
                    if !((b >= 0x61 && b <= 0x7A) || b == 0x27) { other = true }
                }
                guard punct && other else { return }
                let bit = Int(key[0]) << 7 | (key.count > 1 ? Int(key[1]) : 0)
                prefixes[bit >> 6] |= 1 << UInt64(bit & 63)
                minLength = min(minLength, key.count)
                maxLength = max(maxLength, key.count)
            }
        }
    }

    /// Whether the lexicon has no such entry.
    var isEmpty: Bool { maxLength == 0 }

    /// False when ASCII `text[start..<end]`, lower-cased, is certainly none of the entries.
    @inline(__always)
    func mayMatch(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let count = end - start
        guard count >= minLength && count <= maxLength else { return false }
        @inline(__always) func lower(_ b: UInt8) -> Int { Int(b &- 0x41 < 26 ? b | 0x20 : b) }
        let bit = lower(text[start]) << 7 | (count > 1 ? lower(text[start + 1]) : 0)
        return prefixes[bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }
}
