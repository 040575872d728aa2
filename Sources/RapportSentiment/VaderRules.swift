/// Constants and the word-level rules of vaderSentiment 3.3.2 (`vaderSentiment.py`), shared by both
/// engines. The VADER engine runs them with `fixed == false` (every quirk kept); the Rapport engine with
/// `fixed == true` (see docs/sentiment.md, "Reference bugs fixed").
enum Vader {
    static let bIncr = 0.293
    static let bDecr = -0.293
    static let cIncr = 0.733
    static let nScalar = -0.74
    static let alpha = 15.0
    /// Rapport engine: the scalar on a word after a counterfactual "would/could/should/might have" + participle
    /// ("would have been nice"). Milder than a negation (-0.74): the four rated sets agree best near -0.4.
    static let counterfactualScalar = -0.4

    /// The reference's `NEGATE` list (59 entries).
    static let negate: [String] = [
        "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt",
        "ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't",
        "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither",
        "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't",
        "neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere",
        "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent",
        "oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't",
        "without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite",
    ]

    /// The reference's `BOOSTER_DICT` (single words and the multi-word "kind of", "sort of", "just enough").
    static let boosters: [(String, Double)] =
        [
            "absolutely", "amazingly", "awfully", "completely", "considerable", "considerably", "decidedly",
            "deeply", "effing", "enormous", "enormously", "entirely", "especially", "exceptional",
            "exceptionally", "extreme", "extremely", "fabulously", "flipping", "flippin", "frackin", "fracking",
            "fricking", "frickin", "frigging", "friggin", "fully", "fuckin", "fucking", "fuggin", "fugging",
            "greatly", "hella", "highly", "hugely", "incredible", "incredibly", "intensely", "major", "majorly",
            "more", "most", "particularly", "purely", "quite", "really", "remarkably", "so", "substantially",
            "thoroughly", "total", "totally", "tremendous", "tremendously", "uber", "unbelievably", "unusually",
            "utter", "utterly", "very",
        ].map { ($0, bIncr) }
        + [
            "almost", "barely", "hardly", "just enough", "kind of", "kinda", "kindof", "kind-of", "less", "little",
            "marginal", "marginally", "occasional", "occasionally", "partly", "scarce", "scarcely", "slight",
            "slightly", "somewhat", "sort of", "sorta", "sortof", "sort-of",
        ].map { ($0, bDecr) }

    /// The reference's `SPECIAL_CASES` idioms ("badass", a single word, can never match there).
    static let specialCases: [(String, Double)] = [
        ("the shit", 3), ("the bomb", 3), ("bad ass", 1.5), ("badass", 1.5), ("bus stop", 0.0),
        ("yeah right", -2), ("kiss of death", -1.5), ("to die for", 3), ("beating heart", 3.5),
    ]

    /// Words the rules test by identity.
    struct Flags: OptionSet, Sendable, Hashable {
        let rawValue: UInt32
        static let negate = Flags(rawValue: 1 << 0)
        static let no = Flags(rawValue: 1 << 1)
        static let least = Flags(rawValue: 1 << 2)
        static let at = Flags(rawValue: 1 << 3)
        static let very = Flags(rawValue: 1 << 4)
        static let never = Flags(rawValue: 1 << 5)
        static let so = Flags(rawValue: 1 << 6)
        static let this = Flags(rawValue: 1 << 7)
        static let without = Flags(rawValue: 1 << 8)
        static let doubt = Flags(rawValue: 1 << 9)
        static let or = Flags(rawValue: 1 << 10)
        static let nor = Flags(rawValue: 1 << 11)
        static let kind = Flags(rawValue: 1 << 12)
        static let of = Flags(rawValue: 1 << 13)
        static let but = Flags(rawValue: 1 << 14)
        static let anything = Flags(rawValue: 1 << 15)
        /// "been" or "felt" (Rapport engine only: "haven't been this sore").
        static let been = Flags(rawValue: 1 << 16)
        // Set in the Rapport table only (`RapportLexicon.build`) or by the Rapport tokenizer: VADER engine
        // tokens never carry them.
        /// "pretty", "super": a booster right before a scored word ("pretty bad"), an adjective elsewhere.
        static let adverbBooster = Flags(rawValue: 1 << 17)
        /// "thank", "thanks", "thx", "thanx", and a phrase starting with one ("thanks so much").
        static let thanks = Flags(rawValue: 1 << 18)
        /// An emoji or emoticon token.
        static let emoji = Flags(rawValue: 1 << 19)
        /// "well", "ok", "okay", "alright", "sure": a discourse marker at the start of a sentence before a comma
        /// ("Well, I don't know", "Ok, will do", "Sure, I'll send it").
        static let well = Flags(rawValue: 1 << 20)
        /// "great", "awesome", "perfect", …: praise that opens a sarcastic sentence ("Great, another outage").
        static let sarcasmOpener = Flags(rawValue: 1 << 21)
        /// "another", "again": the repetition that makes an opening "Great," sarcastic.
        static let again = Flags(rawValue: 1 << 22)
        /// "lack", "lacks", "lacking", "lacked", "devoid": negate the words they govern ("lacks support").
        static let lack = Flags(rawValue: 1 << 23)
        /// "should", "could", "would", "might": with "have" they form a counterfactual ("should have been").
        static let modal = Flags(rawValue: 1 << 24)
        /// "have" after a modal, or a contracted "should've", "could've", "would've", "might've".
        static let have = Flags(rawValue: 1 << 25)
        /// An irregular past participle ("done", "made", "known", …; "been" and "felt" carry `.been`).
        static let participle = Flags(rawValue: 1 << 26)
        /// "wish": a wish for what is not so ("I wish it worked") when a past form follows.
        static let wish = Flags(rawValue: 1 << 27)
        /// "had", "were", "was", "did", "knew": the past form after "wish" ("I wish we had known").
        static let irrealis = Flags(rawValue: 1 << 28)
        /// "however", "though": a contrast like "but" right after a clause mark ("I appreciate your help,
        /// however the problem is still there"); elsewhere a concession ("even though") or an afterthought.
        static let contrast = Flags(rawValue: 1 << 29)
        /// "until": what follows in its clause is a condition not yet met ("until it's actually resolved").
        static let until = Flags(rawValue: 1 << 30)
        /// "nothing": before "but" it means "only" ("nothing but problems"), neither negation nor contrast.
        static let nothing = Flags(rawValue: 1 << 31)
    }

    /// Words with a Rapport-only flag (added to the Rapport table, not to the VADER one).
    static let rapportFlagWords: [(String, Flags)] =
        [
            ("pretty", .adverbBooster), ("super", .adverbBooster), ("thank", .thanks), ("thanks", .thanks),
            ("thx", .thanks), ("thanx", .thanks), ("well", .well), ("ok", .well), ("okay", .well),
            ("alright", .well), ("sure", .well), ("great", .sarcasmOpener),
            ("awesome", .sarcasmOpener),
            ("wonderful", .sarcasmOpener), ("fantastic", .sarcasmOpener), ("perfect", .sarcasmOpener),
            ("lovely", .sarcasmOpener), ("brilliant", .sarcasmOpener), ("terrific", .sarcasmOpener),
            ("nice", .sarcasmOpener), ("yay", .sarcasmOpener), ("another", .again), ("again", .again),
            ("lack", .lack), ("lacks", .lack), ("lacking", .lack), ("lacked", .lack), ("devoid", .lack),
            ("should", .modal), ("could", .modal), ("would", .modal), ("might", .modal), ("have", .have),
            ("should've", [.modal, .have]), ("could've", [.modal, .have]), ("would've", [.modal, .have]),
            ("might've", [.modal, .have]), ("shoulda", [.modal, .have]), ("coulda", [.modal, .have]),
            ("woulda", [.modal, .have]), ("wish", .wish), ("had", [.participle, .irrealis]), ("were", .irrealis),
            ("was", .irrealis), ("did", .irrealis), ("knew", .irrealis), ("however", .contrast),
            ("though", .contrast), ("until", .until), ("til", .until), ("till", .until), ("nothing", .nothing),
            ("nobody", .negate), ("noone", .negate), ("hardly", .negate), ("barely", .negate), ("scarcely", .negate),
        ]
        + [
            "done", "gone", "made", "seen", "known", "thought", "taken", "given", "found", "brought", "told", "said",
            "gotten", "got", "written", "sent", "spent", "built", "bought", "left", "kept", "meant", "put", "come",
            "become", "chosen", "paid", "heard", "held", "won", "lost", "run", "shown", "understood", "taught",
            "caught", "let",
        ].map { ($0, Flags.participle) }

    static let flagWords: [(String, Flags)] = [
        ("no", .no), ("least", .least), ("at", .at), ("very", .very), ("never", .never), ("so", .so),
        ("this", .this), ("without", .without), ("doubt", .doubt), ("or", .or), ("nor", .nor),
        ("kind", .kind), ("of", .of), ("but", .but), ("anything", .anything), ("been", .been), ("felt", .been),
    ]

    /// Normalizes like the reference: `score / sqrt(score² + alpha)`, clamped to [-1, 1].
    @inline(__always)
    static func normalize(_ score: Double) -> Double {
        let n = score / (score * score + alpha).squareRoot()
        if n < -1.0 { return -1.0 }
        if n > 1.0 { return 1.0 }
        return n
    }

    /// `round(x, digits)` exactly as CPython rounds a float: the exact binary value is rounded to
    /// `digits` decimals (ties to even), then converted back to the nearest double.
    /// CPython's correction of a product rounded half-to-even: `r` is `hi` rounded, `lo` the exact rest
    /// of the product (`x * p == hi + lo`). `hi - r` is exact; only an exact half in `hi` needs `lo`
    /// (|lo| <= ulp(hi)/2) to decide which way the true product lies.
    @inline(__always)
    static func pythonTieBreak(_ hi: Double, _ r: Double, _ lo: Double) -> Double {
        let d = hi - r
        guard d == 0.5 || d == -0.5 else { return r }
        let away = d > 0 ? r + 1 : r - 1
        if lo == 0 { return away.truncatingRemainder(dividingBy: 2) == 0 ? away : r }
        return (lo > 0) == (d > 0) ? away : r
    }

    static func pyRound(_ x: Double, _ digits: Int) -> Double {
        guard x.isFinite else { return x }
        let p: Double = digits == 3 ? 1000 : (digits == 4 ? 10000 : pow10(digits))
        let hi = x * p
        if !hi.isFinite || abs(hi) >= 4.0e15 { return x }
        let lo = (-hi).addingProduct(x, p)  // exact: x*p == hi + lo
        let r = pythonTieBreak(hi, hi.rounded(.toNearestOrEven), lo)
        let result = r / p
        return result == 0 ? (x.sign == .minus ? -0.0 : 0.0) : result
    }

    private static func pow10(_ n: Int) -> Double {
        var p = 1.0
        for _ in 0..<max(0, n) { p *= 10 }
        return p
    }
}

/// One token as the rules see it: lexicon facts resolved once, plus its span in the original text.
struct RuleToken {
    /// Lexicon valence, NaN when the (lower-cased) token is not in the lexicon.
    var valence: Double
    /// Booster/dampener scalar, NaN when not a booster.
    var booster: Double
    var flags: Vader.Flags
    /// Small code of an idiom word (see `IdiomWords`), 0 when none.
    var code: UInt8
    /// Python `str.isupper()` of the token.
    var upper: Bool
    /// Whether the lower-cased token contains "n't".
    var hasNT: Bool
    /// Byte span in the original (analysed) text.
    var start: Int32
    var end: Int32

    @inline(__always) var inLexicon: Bool { !valence.isNaN }
    @inline(__always) var isBooster: Bool { !booster.isNaN }
    @inline(__always) var negated: Bool { flags.contains(.negate) || hasNT }
}

/// The words appearing in `SPECIAL_CASES` and the multi-word boosters, coded so idiom checks compare bytes.
enum IdiomWords {
    static let words: [String] = [
        "the", "shit", "bomb", "bad", "ass", "bus", "stop", "yeah", "right", "kiss", "of", "death", "to", "die",
        "for", "beating", "heart", "just", "enough", "kind", "sort",
    ]

    static func code(_ w: String) -> UInt8 { UInt8(words.firstIndex(of: w)! + 1) }

    /// Idioms as code sequences with their valence.
    static let special: [([UInt8], Double)] = Vader.specialCases.compactMap { phrase, value in
        let parts = phrase.split(separator: " ").map(String.init)
        guard parts.count > 1 else { return nil }
        return (parts.map(code), value)
    }

    static let boosterPhrases: [([UInt8], Double)] = Vader.boosters.compactMap { phrase, value in
        let parts = phrase.split(separator: " ").map(String.init)
        guard parts.count > 1 else { return nil }
        return (parts.map(code), value)
    }
}

/// Which rules ``VaderRules`` applies. A type parameter rather than a stored flag, so that each engine's copy
/// of the rules is compiled with every "fixed" branch decided (the VADER engine pays nothing for the fixes).
protocol VaderRuleSet {
    /// false: the reference exactly, quirks included. true: the Rapport fixes.
    static var fixed: Bool { get }
}

/// The reference's rules, quirks included (`--engine vader`).
enum ReferenceRuleSet: VaderRuleSet {
    static var fixed: Bool { false }
}

/// The reference's rules with the Rapport fixes (`--engine rapport`).
enum RapportRuleSet: VaderRuleSet {
    static var fixed: Bool { true }
}

/// The per-word rules of `sentiment_valence`, `_negation_check`, `_special_idioms_check`, `_least_check`
/// and `_but_check`, over resolved tokens.
struct VaderRules<RuleSet: VaderRuleSet> {
    /// false: the reference exactly, quirks included. true: the Rapport fixes.
    @inline(__always) var fixed: Bool { RuleSet.fixed }
    /// The bytes of the text being scored (Rapport engine, while it scores): clause marks between tokens
    /// are read from it when a negation needs them (see `split`). nil: none are looked for.
    var text: UnsafePointer<UInt8>? = nil

    /// Appends one sentiment per token (the reference's `sentiments` list, before the "but" rule).
    func sentiments(_ t: UnsafeBufferPointer<RuleToken>, capDiff: Bool, into out: inout [Double]) {
        let base = out.count
        // Zeros first (boosters, "kind of" and words outside the lexicon keep them), then one write per
        // lexicon word through a pointer.
        out.append(contentsOf: repeatElement(0, count: t.count))
        out.withUnsafeMutableBufferPointer { o in sentiments(t, capDiff: capDiff, writing: o.baseAddress! + base) }
    }

    /// ``sentiments(_:capDiff:into:)`` written to the `t.count` doubles at `o` (every one written). A
    /// label of its own: `into: &array` would otherwise convert to a pointer to the array's current elements.
    func sentiments(_ t: UnsafeBufferPointer<RuleToken>, capDiff: Bool, writing o: UnsafeMutablePointer<Double>) {
        let n = t.count
        for i in 0..<n {
            o[i] = 0
            guard t[i].inLexicon && !t[i].isBooster else { continue }
            if i < n - 1 && t[i].flags.contains(.kind) && t[i + 1].flags.contains(.of) { continue }
            // Fixed: "pretty"/"super" right before a scored word boost it instead of scoring themselves.
            if fixed && i < n - 1 && t[i].flags.contains(.adverbBooster) && adverbBoosted(t, i + 1) { continue }
            // Fixed: "I wish it were easier" wishes for what is not so: "wish" is no praise.
            if fixed && t[i].flags.contains(.wish) && unreal(t, i) { continue }
            o[i] = valence(t, i, capDiff: capDiff)
            // Fixed: praise in an "until" clause is a condition, not a fact ("until it's actually resolved").
            if fixed && o[i] > 0 && conditional(t, i) { o[i] = 0 }
        }
    }

    /// Fixed: whether token `i`, right after "pretty"/"super", is a scored word (a non-zero valence, not a
    /// booster, an emoji or emoticon, or the "kind" of "kind of"): "pretty bad", "super helpful". The
    /// adverb then acts as a booster (VADER's +0.293 on the word, with its sign and caps emphasis) and
    /// scores 0 itself; elsewhere it keeps its own valence ("a pretty dress", "it was super").
    @inline(__always)
    private func adverbBoosted(_ t: UnsafeBufferPointer<RuleToken>, _ i: Int) -> Bool {
        let w = t[i]
        guard w.inLexicon && !w.isBooster && w.valence != 0 && !w.flags.contains(.emoji) else { return false }
        return !(i + 1 < t.count && w.flags.contains(.kind) && t[i + 1].flags.contains(.of))
    }

    @inline(__always)
    private func scalarIncDec(_ w: RuleToken, _ valence: Double, _ capDiff: Bool) -> Double {
        guard w.isBooster else { return 0 }
        return boost(w, w.booster, valence, capDiff)
    }

    /// `scalar_inc_dec` of booster word `w` with scalar `booster`.
    @inline(__always)
    private func boost(_ w: RuleToken, _ booster: Double, _ valence: Double, _ capDiff: Bool) -> Double {
        var scalar = booster
        if valence < 0 { scalar *= -1 }
        if w.upper && capDiff {
            if valence > 0 { scalar += Vader.cIncr } else { scalar -= Vader.cIncr }
        }
        return scalar
    }

    private func valence(_ t: UnsafeBufferPointer<RuleToken>, _ i: Int, capDiff: Bool) -> Double {
        let item = t[i]
        guard item.inLexicon else { return 0 }
        let n = t.count
        var v = item.valence
        // Fixed: an emoji or emoticon is not negated ("It was not 😉." is still a wink).
        let negatable = !(fixed && item.flags.contains(.emoji))
        // Fixed: a repeated "no" ("NO NO NO!") is emphasis, not a determiner negating the next "no".
        let repeatedNo =
            fixed && item.flags.contains(.no)
            && ((i > 0 && t[i - 1].flags.contains(.no)) || (i != n - 1 && t[i + 1].flags.contains(.no)))
        if item.flags.contains(.no) && i != n - 1 && t[i + 1].inLexicon && !repeatedNo && !split(t, i, i + 1) {
            v = 0.0
        }
        if !repeatedNo && negatable
            && ((i > 0 && t[i - 1].flags.contains(.no) && !split(t, i - 1, i))
                || (i > 1 && t[i - 2].flags.contains(.no) && !split(t, i - 2, i))
                || (i > 2 && t[i - 3].flags.contains(.no)
                    && (t[i - 1].flags.contains(.or) || t[i - 1].flags.contains(.nor)) && !split(t, i - 3, i)))
        {
            v = item.valence * Vader.nScalar
        }
        if item.upper && capDiff && (!fixed || v != 0) {
            if v > 0 { v += Vader.cIncr } else { v -= Vader.cIncr }
        }
        // Fixed: "pretty"/"super" right before the word boost it (see `adverbBoosted`).
        if fixed && i > 0 && t[i - 1].flags.contains(.adverbBooster) && adverbBoosted(t, i) {
            v += boost(t[i - 1], Vader.bIncr, v, capDiff)
        }
        for startI in 0..<3 where i > startI && !t[i - (startI + 1)].inLexicon {
            var s = scalarIncDec(t[i - (startI + 1)], v, capDiff)
            if startI == 1 && s != 0 { s = s * 0.95 }
            if startI == 2 && s != 0 { s = s * 0.9 }
            v = v + s
            if negatable { v = negationCheck(v, t, startI, i) }
            if startI == 2 { v = idiomsCheck(v, t, i) }
        }
        if fixed && negatable && lacked(t, i) { v = v * Vader.nScalar }
        if fixed && negatable && counterfactual(t, i) { v = v * Vader.counterfactualScalar }
        return leastCheck(v, t, i)
    }

    @inline(__always)
    private func negationCheck(
        _ valence: Double, _ t: UnsafeBufferPointer<RuleToken>, _ startI: Int, _ i: Int
    )
        -> Double
    {
        var v = valence
        switch startI {
        case 0:
            if negates(t, i - 1, i) { v = v * Vader.nScalar }
        case 1:
            let w2 = t[i - 2].flags
            let w1 = t[i - 1].flags
            if w2.contains(.never) && (w1.contains(.so) || w1.contains(.this)) {
                v = v * 1.25
            } else if w2.contains(.without) && w1.contains(.doubt) {
                // unchanged
            } else if negates(t, i - 2, i) {
                v = v * Vader.nScalar
            }
        default:
            let w3 = t[i - 3].flags
            let w2 = t[i - 2].flags
            let w1 = t[i - 1].flags
            let neverSoThis: Bool
            if fixed {
                // Intended: "never" three back with "so"/"this" in between. Also any negation before
                // "been this" / "felt this": "haven't been this sore in years" compares degrees (it is
                // sore now), as "never been this sore" does. Elsewhere "this" is a determiner and the
                // negation holds ("you don't have this problem"), and "so" stays a negation ("haven't
                // been so lucky").
                neverSoThis =
                    (w3.contains(.never)
                        && (w2.contains(.so) || w2.contains(.this) || w1.contains(.so) || w1.contains(.this)))
                    || (w1.contains(.this) && w2.contains(.been) && negates(t, i - 3, i))
            } else {
                // Reference precedence: (never and (so|this at i-2)) or (so|this at i-1).
                neverSoThis =
                    (w3.contains(.never) && (w2.contains(.so) || w2.contains(.this)))
                    || (w1.contains(.so) || w1.contains(.this))
            }
            if neverSoThis {
                v = v * 1.25
            } else if w3.contains(.without) && (w2.contains(.doubt) || w1.contains(.doubt)) {
                // unchanged
            } else if negates(t, i - 3, i) {
                v = v * Vader.nScalar
            }
        }
        return v
    }

    /// Fixed: whether "lack", "lacks", "lacking", "lacked" or "devoid" stands one to three tokens before
    /// token `i` in its clause: the word names what is missing ("lacks support", "lacking the spark of
    /// imagination", "devoid of charm") and is negated like VADER's negations, whether or not the lack word
    /// is itself in the lexicon (VADER's negation check skips lexicon words, and "lack" is -1.3 there).
    @inline(__always)
    private func lacked(_ t: UnsafeBufferPointer<RuleToken>, _ i: Int) -> Bool {
        var j = i - 1
        while j >= 0 && j >= i - 3 {
            if t[j].flags.contains(.lack) {
                // "doesn't lack charm" has charm: a negated lack is no lack.
                let denied = (j > 0 && t[j - 1].negated) || (j > 1 && t[j - 2].negated && !t[j - 1].inLexicon)
                return !denied && !split(t, j, i)
            }
            j -= 1
        }
        return false
    }

    /// Fixed: whether token `i` is one to three tokens after a counterfactual "should/could/would/might have"
    /// in its clause ("It would have been nice to know", "could have been worse").
    @inline(__always)
    private func counterfactual(_ t: UnsafeBufferPointer<RuleToken>, _ i: Int) -> Bool {
        var j = i - 1
        while j >= 0 && j >= i - 3 {
            let f = t[j].flags
            if f.contains(.have) && (f.contains(.modal) || (j > 0 && t[j - 1].flags.contains(.modal))) {
                return j + 1 <= i && participle(t[j + 1]) && !split(t, j, i)
            }
            j -= 1
        }
        return false
    }

    /// Fixed: whether "wish" at `i` is followed, one to three tokens on, by a modal or a past form ("I wish I
    /// could", "wish we had known", "wish it were"): a wish for what is not so. "Wishing you well" and "we
    /// wish you a great weekend" keep their warmth.
    @inline(__always)
    private func unreal(_ t: UnsafeBufferPointer<RuleToken>, _ i: Int) -> Bool {
        let past: Vader.Flags = [.modal, .irrealis]
        var k = i + 1
        while k < t.count && k <= i + 3 {
            if !t[k].flags.isDisjoint(with: past) { return !split(t, i, k) }
            k += 1
        }
        return false
    }

    /// Whether `w` is a past participle: "been"/"felt", an irregular one, or a word ending in "ed".
    @inline(__always)
    private func participle(_ w: RuleToken) -> Bool {
        if w.flags.contains(.been) || w.flags.contains(.participle) { return true }
        guard let text, w.end - w.start >= 4 else { return false }
        let a = text[Int(w.end) - 2] | 0x20
        let b = text[Int(w.end) - 1] | 0x20
        return a == 0x65 && b == 0x64
    }

    /// Whether token `j` negates token `i` (`j < i`). Fixed: "anything but" does ("anything but easy" is not
    /// easy), and a negation stops at a clause mark ("Nope, same error" is an error).
    @inline(__always)
    private func negates(_ t: UnsafeBufferPointer<RuleToken>, _ j: Int, _ i: Int) -> Bool {
        (t[j].negated || (fixed && anythingBut(t, j))) && !split(t, j, i) && !(fixed && scoredBetween(t, j, i))
            && !(fixed && j + 1 < t.count && nothingBut(t, j + 1))
    }

    /// Fixed: whether a scored word (in the lexicon, non-zero, not a booster) stands between tokens `j` and
    /// `i`: the negation at `j` governs that word, not `i` ("DON'T CARE DON'T CARE" is not "care" negated
    /// twice).
    @inline(__always)
    private func scoredBetween(_ t: UnsafeBufferPointer<RuleToken>, _ j: Int, _ i: Int) -> Bool {
        var k = j + 1
        while k < i {
            if t[k].inLexicon && t[k].valence != 0 && !t[k].isBooster && !t[k].flags.contains(.adverbBooster) {
                return true
            }
            k += 1
        }
        return false
    }

    /// Fixed: whether a clause mark stands between tokens `j` and `i` (`j < i`; see `clauseMark`). The
    /// reference reads negations across commas ("No, that's great" is negative there). Read on demand:
    /// only a negation asks.
    @inline(__always)
    private func split(_ t: UnsafeBufferPointer<RuleToken>, _ j: Int, _ i: Int) -> Bool {
        guard fixed, let text else { return false }
        return Self.split(text, t, j, i)
    }

    /// `split` over `text` (out of line: the VADER engine never gets here).
    @inline(never)
    private static func split(
        _ text: UnsafePointer<UInt8>, _ t: UnsafeBufferPointer<RuleToken>, _ j: Int, _ i: Int
    )
        -> Bool
    {
        var k = j + 1
        while k <= i {
            if Vader.clauseMark(text, Int(t[k - 1].end), Int(t[k].start)) { return true }
            k += 1
        }
        return false
    }

    /// "but" right after "anything".
    @inline(__always)
    private func anythingBut(_ t: UnsafeBufferPointer<RuleToken>, _ j: Int) -> Bool {
        j > 0 && t[j].flags.contains(.but) && t[j - 1].flags.contains(.anything)
    }

    /// Fixed: "but" right after "nothing" ("nothing but problems": only problems).
    @inline(__always)
    private func nothingBut(_ t: UnsafeBufferPointer<RuleToken>, _ j: Int) -> Bool {
        j > 0 && t[j].flags.contains(.but) && t[j - 1].flags.contains(.nothing)
    }

    /// Fixed: whether "until" stands before token `i` in its clause (at most eight tokens back) after a negation
    /// earlier in the sentence: "don't close the ticket until it's actually resolved" names a condition not
    /// met, so praise after it is no praise.
    @inline(__always)
    private func conditional(_ t: UnsafeBufferPointer<RuleToken>, _ i: Int) -> Bool {
        var j = i - 1
        while j >= 0 && j >= i - 8 {
            if t[j].flags.contains(.until) {
                // Only "not … until …" ("won't renew until", "don't close it until"): elsewhere "until" is a
                // time ("stay in bed until noon", "builds until you feel embraced").
                guard !split(t, j, i) else { return false }
                var k = j - 1
                while k >= 0 {
                    if t[k].negated { return true }
                    k -= 1
                }
                return false
            }
            j -= 1
        }
        return false
    }

    /// Value of the idiom spelled by tokens `a`, `b` (and `c` when >= 0), if any.
    @inline(__always)
    private func phraseValue(
        _ t: UnsafeBufferPointer<RuleToken>, _ a: Int, _ b: Int, _ c: Int, _ table: [([UInt8], Double)]
    ) -> Double? {
        let ca = t[a].code
        let cb = t[b].code
        if ca == 0 || cb == 0 { return nil }
        let cc: UInt8 = c >= 0 ? t[c].code : 0
        if c >= 0 && cc == 0 { return nil }
        let count = c >= 0 ? 3 : 2
        for (codes, value) in table where codes.count == count {
            if codes[0] == ca && codes[1] == cb && (count == 2 || codes[2] == cc) { return value }
        }
        return nil
    }

    @inline(__always)
    private func idiomsCheck(_ valence: Double, _ t: UnsafeBufferPointer<RuleToken>, _ i: Int) -> Double {
        var v = valence
        let n = t.count
        // Every idiom and booster phrase below needs two adjacent coded words among t[i-3...i+1] (i > 2).
        let c3 = t[i - 3].code
        let c2 = t[i - 2].code
        let c1 = t[i - 1].code
        let c0 = t[i].code
        let c4: UInt8 = n - 1 > i ? t[i + 1].code : 0
        if (c3 == 0 || c2 == 0) && (c2 == 0 || c1 == 0) && (c1 == 0 || c0 == 0) && (c0 == 0 || c4 == 0) { return v }
        let special = IdiomWords.special
        if let value = phraseValue(t, i - 1, i, -1, special) ?? phraseValue(t, i - 2, i - 1, i, special)
            ?? phraseValue(t, i - 2, i - 1, -1, special) ?? phraseValue(t, i - 3, i - 2, i - 1, special)
            ?? phraseValue(t, i - 3, i - 2, -1, special)
        {
            v = value
        }
        if n - 1 > i, let value = phraseValue(t, i, i + 1, -1, special) { v = value }
        if n - 1 > i + 1, let value = phraseValue(t, i, i + 1, i + 2, special) { v = value }
        let boosters = IdiomWords.boosterPhrases
        if let value = phraseValue(t, i - 3, i - 2, i - 1, boosters) { v = v + value }
        if let value = phraseValue(t, i - 3, i - 2, -1, boosters) { v = v + value }
        if let value = phraseValue(t, i - 2, i - 1, -1, boosters) { v = v + value }
        return v
    }

    @inline(__always)
    private func leastCheck(_ valence: Double, _ t: UnsafeBufferPointer<RuleToken>, _ i: Int) -> Double {
        var v = valence
        if i > 1 && !t[i - 1].inLexicon && t[i - 1].flags.contains(.least) {
            if !t[i - 2].flags.contains(.at) && !t[i - 2].flags.contains(.very) { v = v * Vader.nScalar }
        } else if i > 0 && !t[i - 1].inLexicon && t[i - 1].flags.contains(.least) {
            v = v * Vader.nScalar
        }
        return v
    }

    /// Fixed: whether token `k` is a "but"-like contrast: "however" or "though" after a clause mark with words
    /// after it (", though it's not what we hoped"; not "even though", not a closing "… though.").
    @inline(__always)
    private func contrast(_ t: UnsafeBufferPointer<RuleToken>, _ k: Int) -> Bool {
        t[k].flags.contains(.contrast) && k > 0 && k + 1 < t.count && split(t, k - 1, k)
    }

    /// The "but" rule. Reference: for each list position, looks up the *first* position holding an equal
    /// value (`list.index`) and scales that one — so equal sentiments before and after "but" interact.
    /// Fixed: sentiments before the first "but" × 0.5, after × 1.5, by position.
    func butCheck(_ t: UnsafeBufferPointer<RuleToken>, _ s: inout [Double], scratch: inout [UInt64: [Int]]) {
        s.withUnsafeMutableBufferPointer { butCheck(t, $0, scratch: &scratch) }
    }

    /// ``butCheck(_:_:scratch:)`` over `t.count` sentiments in place.
    func butCheck(
        _ t: UnsafeBufferPointer<RuleToken>, _ s: UnsafeMutableBufferPointer<Double>, scratch: inout [UInt64: [Int]]
    ) {
        var bi = -1
        // Fixed: "anything but" is a negation (see `negates`), not a contrast.
        for k in 0..<t.count where t[k].flags.contains(.but) && !(fixed && (anythingBut(t, k) || nothingBut(t, k))) {
            bi = k
            break
        }
        // Fixed: with no "but", "however" or "though" right after a clause mark and before more words is a
        // contrast that halves what precedes it, without "but"'s × 1.5 after it ("Thanks for the quick reply,
        // however the issue persists").
        if fixed && bi < 0 {
            for k in 0..<t.count where contrast(t, k) {
                for m in 0..<k { s[m] *= 0.5 }
                return
            }
        }
        if bi < 0 { return }
        if fixed {
            for k in 0..<s.count where k != bi { s[k] *= (k < bi ? 0.5 : 1.5) }
            return
        }
        if s.count <= 64 {
            // Short lists: emulate `list.index` directly (zeros never change: 0 × f == 0).
            for k in 0..<s.count {
                let value = s[k]
                if value == 0 { continue }
                var si = 0
                while s[si] != value { si += 1 }
                if si < bi { s[si] = value * 0.5 } else if si > bi { s[si] = value * 1.5 }
            }
            return
        }
        // Long lists: per value (bits), a min-heap of positions that held it, with lazy deletion (an entry
        // is stale when the position no longer holds the value). O(n log n) instead of O(n²).
        scratch.removeAll(keepingCapacity: true)
        @inline(__always) func bits(_ x: Double) -> UInt64 { x == 0 ? 0 : x.bitPattern }
        for k in 0..<s.count where s[k] != 0 { scratch[bits(s[k]), default: []].append(k) }  // ascending = a heap
        for k in 0..<s.count {
            let value = s[k]
            if value == 0 { continue }
            let key = bits(value)
            var si = -1
            scratch[key, default: []].withHeap { heap in
                while let top = heap.first {
                    if bits(s[top]) == key {
                        si = top
                        break
                    }
                    heap.popMin()
                }
            }
            guard si >= 0, si != bi else { continue }
            let newValue = si < bi ? value * 0.5 : value * 1.5
            s[si] = newValue
            scratch[bits(newValue), default: []].withHeap { $0.push(si) }
        }
    }
}

extension Array where Element == Int {
    /// Runs `body` on `self` viewed as a binary min-heap.
    @inline(__always)
    mutating func withHeap(_ body: (inout MinHeapView) -> Void) {
        var view = MinHeapView(items: self)
        self = []
        body(&view)
        self = view.items
    }
}

/// A binary min-heap over an `[Int]` (positions).
struct MinHeapView {
    var items: [Int]

    var first: Int? { items.first }

    mutating func push(_ x: Int) {
        items.append(x)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if items[parent] <= items[i] { break }
            items.swapAt(parent, i)
            i = parent
        }
    }

    mutating func popMin() {
        guard !items.isEmpty else { return }
        let last = items.removeLast()
        if items.isEmpty { return }
        items[0] = last
        var i = 0
        while true {
            let l = 2 * i + 1
            let r = l + 1
            var m = i
            if l < items.count && items[l] < items[m] { m = l }
            if r < items.count && items[r] < items[m] { m = r }
            if m == i { break }
            items.swapAt(i, m)
            i = m
        }
    }
}

/// `score_valence` of the reference: sums, punctuation emphasis, proportions, rounding.
struct VaderScore {
    var compound: Double
    var pos: Double
    var neu: Double
    var neg: Double

    static let zero = VaderScore(compound: 0, pos: 0, neu: 0, neg: 0)

    /// Punctuation emphasis from counts of "!" and "?".
    static func punctuationEmphasis(exclamations: Int, questions: Int) -> Double {
        let ep = Double(min(exclamations, 4)) * 0.292
        var qm = 0.0
        if questions > 1 { qm = questions <= 3 ? Double(questions) * 0.18 : 0.96 }
        return ep + qm
    }

    /// Unrounded scores from the sentiments and the emphasis amplifier.
    static func compute(_ sentiments: UnsafeBufferPointer<Double>, emphasis: Double) -> VaderScore {
        if sentiments.isEmpty { return .zero }
        // One pass; each sum still adds its terms in list order (same rounding as the reference).
        var sum = 0.0
        var posSum = 0.0
        var negSum = 0.0
        var neuCount = 0
        for s in sentiments {
            sum += s
            if s > 0 {
                posSum += (s + 1)
            } else if s < 0 {
                negSum += (s - 1)
            } else if s == 0 {
                neuCount += 1
            }
        }
        if sum > 0 {
            sum += emphasis
        } else if sum < 0 {
            sum -= emphasis
        }
        let compound = Vader.normalize(sum)
        if posSum > abs(negSum) {
            posSum += emphasis
        } else if posSum < abs(negSum) {
            negSum -= emphasis
        }
        let total = posSum + abs(negSum) + Double(neuCount)
        return VaderScore(
            compound: compound, pos: abs(posSum / total), neu: abs(Double(neuCount) / total),
            neg: abs(negSum / total))
    }

    /// Rounded like the reference: pos/neu/neg to 3 decimals, compound to 4.
    var rounded: VaderScore {
        VaderScore(
            compound: Vader.pyRound(compound, 4), pos: Vader.pyRound(pos, 3), neu: Vader.pyRound(neu, 3),
            neg: Vader.pyRound(neg, 3))
    }
}

extension Vader {
    /// Whether the bytes `from..<to` between two tokens hold a clause mark: ",", ";", ":", an en or em
    /// dash, or a hyphen with a space on either side ("follow-up" has none).
    static func clauseMark(_ text: UnsafePointer<UInt8>, _ from: Int, _ to: Int) -> Bool {
        var g = from
        while g < to {
            let b = text[g]
            if b == 0x2C || b == 0x3B || b == 0x3A { return true }
            if b == 0x2D && ((g > from && text[g - 1] == 0x20) || (g + 1 < to && text[g + 1] == 0x20)) { return true }
            if b == 0xE2 && g + 2 < to && text[g + 1] == 0x80 && (text[g + 2] == 0x93 || text[g + 2] == 0x94) {
                return true
            }
            g += 1
        }
        return false
    }
}
