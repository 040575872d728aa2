/// Rapport engine, batch 17 (docs/sentiment.md): sentence rules for complaints that carry no sentiment word
/// ("Nobody has scheduled one", "It was supposed to take a day", "Why are we still paying for this?", "Is
/// anyone actually working on this?", "It makes us question the partnership", "You never answered my
/// question"), found on held-out business probes, and for structures the rated sets showed VADER misreads
/// (polar questions, "if" clauses, concessions, raised and elided negation, "less"). Each rule is general
/// wording, not a listed phrase. Batch 18 added a refund not received ("Still no refund.") and a request left
/// open for days ("We asked for a CSV export six months ago."); batch 19 recurrence ("this keeps happening"),
/// non-delivery ("The promised fix never shipped.") and waits ("it's been four days"). The trigger words carry a code of
/// ``RapportWordCode`` (Rapport table only), so a sentence without one is passed over after one byte test per
/// token.
enum BusinessRules {
    /// The valence given to a complaint word that has none of its own (as VADER's "no" -1.2, "unanswered" in
    /// domain.txt -1.3): mild, so a real sentiment word in the same message still decides.
    static let complaint = -1.2
    /// The weight of praise inside a polar question.
    static let polarQuestionScalar = 0.0

    /// Before VADER's rules, on sentence `t`: "can't / cannot / couldn't believe" is surprise, not a denial, so
    /// its negation does not reach the words after it ("I can't believe how good this is" is praise, "I can't
    /// believe they charged us twice" a complaint; VADER negates both).
    static func prepare(_ text: UnsafeBufferPointer<UInt8>, _ t: UnsafeMutableBufferPointer<RuleToken>) {
        guard let base = text.baseAddress else { return }
        for k in 1..<max(1, t.count) where t[k].code == RapportWordCode.negRaising && spells(t[k], base, "believe") {
            let j = k - 1
            let w = t[j]
            let modal =
                spells(w, base, "can't") || spells(w, base, "cannot") || spells(w, base, "cant")
                || spells(w, base, "couldn't") || spells(w, base, "couldnt")
                || (spells(w, base, "not") && j > 0
                    && (spells(t[j - 1], base, "can") || spells(t[j - 1], base, "could")))
            guard modal else { continue }
            t[j].hasNT = false
            t[j].flags.remove(.negate)
        }
    }

    /// Applies the rules to sentence `t` (tokens after VADER's rules) whose sentiments are `slots`
    /// (`slots[k]` belongs to `t[k]`); `sentence`: its byte range in `text`.
    static func apply(
        _ text: UnsafeBufferPointer<UInt8>, _ t: UnsafeBufferPointer<RuleToken>, _ slots: inout [Double],
        sentence: Range<Int>
    ) {
        let n = t.count
        var any = n > 0 && (t[n - 1].negated || t[0].code == RapportWordCode.auxiliary)
        var conditional = false
        for w in t where w.code >= RapportWordCode.first {
            any = true
            if w.code == RapportWordCode.conditional { conditional = true }
        }
        guard any, let base = text.baseAddress else { return }
        if conditional { Self.conditional(t, base, &slots) }
        concession(t, base, &slots)
        elidedNegation(t, base, &slots)
        // A polar question ("Is SAML supported on the standard plan?", "Can you help with the export?") asks
        // about its praise, it does not assert it.
        if n >= 2 && t[0].code == RapportWordCode.auxiliary && RapportEngine.endsWithQuestion(text, sentence) {
            for m in 1..<n where slots[m] > 0 && !t[m].flags.contains(.emoji) { slots[m] *= polarQuestionScalar }
        }
        // Response verbs first: "Nobody answered" is the verb's complaint, and "nobody" then governs a scored word.
        for k in 0..<n where t[k].code == RapportWordCode.response && slots[k] == 0 {
            if let j = negation(before: k, t, base, slots), !imperative(j, t, base) { slots[k] = complaint }
        }
        for k in 0..<n {
            switch t[k].code {
            case RapportWordCode.nobody:
                // "Nobody complained" is negation (VADER's rules did it: "nobody" negates); "Nobody has
                // scheduled one" names an absence: the word itself is the complaint.
                if slots[k] == 0 && !scored(after: k, t, base, slots) { slots[k] = complaint }
                // "Nobody warned us", "nobody told me": we were left without it, so what the clause names is
                // missed, whatever its sign ("warned" negated would be praise).
                let end = clauseEnd(k, t, base)
                var deprived = false
                for m in (k + 1)..<max(k + 1, end)
                where spells(t[m], base, "us") || spells(t[m], base, "me") || spells(t[m], base, "our")
                    || spells(t[m], base, "my")
                {
                    deprived = true
                    break
                }
                if deprived {
                    for m in (k + 1)..<end where slots[m] > 0 && !t[m].flags.contains(.emoji) { slots[m] = -slots[m] }
                }
            case RapportWordCode.supposed:
                // "was/were supposed to …": an expectation not met. Praise in its clause is what did not happen
                // (counterfactual, as "should have been"); with nothing scored the phrase is the complaint.
                guard k > 0, k + 1 < n, spells(t[k - 1], base, "was") || spells(t[k - 1], base, "were"),
                    spells(t[k + 1], base, "to")
                else { continue }
                let end = clauseEnd(k, t, base)
                for m in (k + 2)..<max(k + 2, end) where slots[m] > 0 { slots[m] *= Vader.counterfactualScalar }
                if slots[k] == 0 && !scored(after: k, t, base, slots) { slots[k] = complaint }
            case RapportWordCode.why:
                // "Why are we still paying for this?", "I don't see why this is still open": a reproach.
                for m in (k + 1)..<n where slots[m] == 0 && t[m].code == 0 && spells(t[m], base, "still") {
                    slots[m] = complaint
                    break
                }
            case RapportWordCode.doubtAdverb:
                // "Is anyone actually working on this?", "Did you even read my email?": a skeptical question
                // about the other side. "Is it actually that easy?" (no one addressed) is not.
                guard slots[k] == 0, addressee(before: k, t, base), RapportEngine.endsWithQuestion(text, sentence)
                else {
                    continue
                }
                slots[k] = complaint
            case RapportWordCode.negRaising:
                // "I don't think / feel / see …" negates its whole complement ("I don't feel like we're getting
                // value", "I don't see how this is better"): scored words past VADER's three-token reach in the
                // clause are negated too.
                // Present tense with "do" only: "I didn't think it would be that good" is an expectation
                // exceeded, "I can't believe …" surprise, "I can't see the videos" an inability.
                // Not an instruction: "Don't expect any subtlety from …" (the negation opens the sentence).
                guard k > 1, presentDoNegation(k - 1, t, base),
                    !Vader.clauseMark(base, Int(t[k - 1].end), Int(t[k].start))
                else { continue }
                let end = clauseEnd(k, t, base)
                var m = k + 1
                while m < end {
                    // The complement ends at a conjunction or at a negation of its own ("… and I wasn't sure").
                    if t[m].negated || conjunction(t[m], base) { break }
                    if m >= k + 3 && slots[m] != 0 && !t[m].flags.contains(.emoji) { slots[m] *= Vader.nScalar }
                    m += 1
                }
            case RapportWordCode.less:
                // "less buggy", "fewer errors", "less helpful", "less than ideal": a reduction of what the word
                // names, so its sign turns (VADER only dampens it).
                var m = k + 1
                if m < n && spells(t[m], base, "than") { m += 1 }
                guard m < n, slots[m] != 0, !t[m].flags.contains(.emoji),
                    !Vader.clauseMark(base, Int(t[k].end), Int(t[m].start))
                else { continue }
                slots[m] *= Vader.nScalar
            case RapportWordCode.wanted:
                // "Still no refund.", "We don't have a refund yet": a refund not received is the complaint.
                // VADER's negation turned the request's negative valence into praise; it keeps its sign.
                if slots[k] > 0 && t[k].valence < 0 { slots[k] = -slots[k] }
            case RapportWordCode.ago:
                // "We asked for a simple CSV export six months ago.", "I reported this two weeks ago": a
                // request the other side has left open that long. With nothing scored it is the complaint.
                guard slots[k] == 0, k >= 2, durationUnit(t[k - 1], base),
                    !Vader.clauseMark(base, Int(t[k - 1].end), Int(t[k].start))
                else { continue }
                var m = k - 2
                while m >= 0 && !Vader.clauseMark(base, Int(t[m].end), Int(t[m + 1].start)) {
                    if t[m].code == RapportWordCode.requestVerb {
                        slots[k] = complaint
                        break
                    }
                    m -= 1
                }
            case RapportWordCode.keeps:
                // "Support keeps asking for the same logs.", "this keeps happening every friday": something
                // recurring the writer did not want. A scored word in the clause decides instead ("keeps
                // getting better", "kept crashing").
                guard slots[k] == 0, k + 1 < n, endsWithIng(t[k + 1], base),
                    !Vader.clauseMark(base, Int(t[k].end), Int(t[k + 1].start)), !scored(after: k, t, base, slots)
                else { continue }
                slots[k] = complaint
            case RapportWordCode.never:
                // "The promised fix in 3.2 never shipped.", "The invoice never arrived.": what was due did not
                // happen. Not after "have" ("I've never used Slack before" is experience), and a scored word in
                // the clause decides instead ("never missed a deadline", "never disappointed").
                guard slots[k] == 0, k + 1 < n, pastVerb(t[k + 1], base), !perfect(before: k, t, base),
                    !Vader.clauseMark(base, Int(t[k].end), Int(t[k + 1].start)), !scored(after: k, t, base, slots)
                else { continue }
                slots[k] = complaint
            case RapportWordCode.unit:
                // "… and it's been four days.", "It took five days to get a one-line answer.": a wait of days or
                // more, with nothing scored in the sentence to say how it went.
                guard slots[k] == 0, k >= 2, quantity(t[k - 1], base) else { continue }
                let j = k - 2
                let wait =
                    spells(t[j], base, "been") || spells(t[j], base, "took") || spells(t[j], base, "takes")
                    || spells(t[j], base, "taking")
                guard wait, !Vader.clauseMark(base, Int(t[j].end), Int(t[k].start)) else { continue }
                var any = false
                for m in 0..<n where slots[m] != 0 && !t[m].isBooster {
                    any = true
                    break
                }
                if !any { slots[k] = complaint }
            case RapportWordCode.doubtVerb:
                // "makes us question the partnership", "we're questioning the ROI": doubt about what follows;
                // "a quick question", "my question" (no subject before it) are not.
                guard k > 0, subject(t[k - 1], base) || (spells(t[k], base, "questioning") && auxiliary(t[k - 1], base))
                else { continue }
                let end = clauseEnd(k, t, base)
                for m in (k + 1)..<max(k + 1, end) where slots[m] > 0 { slots[m] *= Vader.counterfactualScalar }
                slots[k] = min(slots[k], complaint)
            default:
                continue
            }
        }
    }

    /// An elided negation closing the sentence ("They promised it would be fixed, and it wasn't.", "I hoped it
    /// would be good, but it wasn't."): a pronoun and a negated auxiliary as the last two tokens, after "and",
    /// "but" or a clause mark, deny what came before: its praise is negated (× VADER's −0.74).
    private static func elidedNegation(
        _ t: UnsafeBufferPointer<RuleToken>, _ base: UnsafePointer<UInt8>, _ slots: inout [Double]
    ) {
        let n = t.count
        guard n >= 4, t[n - 1].negated, slots[n - 1] == 0, slots[n - 2] == 0 else { return }
        let p = t[n - 2]
        guard
            spells(p, base, "it") || spells(p, base, "they") || spells(p, base, "that") || spells(p, base, "this")
                || spells(p, base, "he") || spells(p, base, "she") || spells(p, base, "we") || spells(p, base, "you")
        else { return }
        let opener = n - 3
        let first: Int
        if spells(t[opener], base, "and") || spells(t[opener], base, "but") {
            first = opener
        } else if Vader.clauseMark(base, Int(t[opener].end), Int(p.start)) {
            first = n - 2
        } else {
            return
        }
        // The denied clause is the one right before: back to the previous clause mark or conjunction. With a
        // negation of its own the elision denies a denial ("said it wouldn't cause problems, and it hasn't"):
        // no change.
        var start = first - 1
        while start > 0 && !Vader.clauseMark(base, Int(t[start - 1].end), Int(t[start].start))
            && !conjunction(t[start - 1], base)
        {
            start -= 1
        }
        for m in start..<first where t[m].negated { return }
        for m in start..<first where slots[m] > 0 && !t[m].flags.contains(.emoji) { slots[m] *= Vader.nScalar }
    }

    /// Whether token `j` is "don't", "doesn't" (or without the apostrophe), or "not" after "do" / "does".
    private static func presentDoNegation(
        _ j: Int, _ t: UnsafeBufferPointer<RuleToken>, _ base: UnsafePointer<UInt8>
    )
        -> Bool
    {
        let w = t[j]
        if spells(w, base, "don't") || spells(w, base, "doesn't") || spells(w, base, "dont")
            || spells(w, base, "doesnt")
        {
            return true
        }
        return spells(w, base, "not") && j > 0 && (spells(t[j - 1], base, "do") || spells(t[j - 1], base, "does"))
    }

    /// Whether `w` joins clauses: "and", "but", "or", "because", "so", "although", "while".
    private static func conjunction(_ w: RuleToken, _ base: UnsafePointer<UInt8>) -> Bool {
        spells(w, base, "and") || spells(w, base, "but") || spells(w, base, "or") || spells(w, base, "because")
            || spells(w, base, "so") || spells(w, base, "although") || spells(w, base, "while")
    }

    /// A conditional clause ("If the fix works, we will renew") only supposes its praise: positive words from
    /// "if" to the end of its clause weigh `conditionalScalar`.
    static func conditional(
        _ t: UnsafeBufferPointer<RuleToken>, _ base: UnsafePointer<UInt8>, _ slots: inout [Double]
    ) {
        var k = 0
        while k < t.count {
            if t[k].code == RapportWordCode.conditional {
                let end = clauseEnd(k, t, base)
                for m in (k + 1)..<max(k + 1, end) where slots[m] > 0 && !t[m].flags.contains(.emoji) {
                    slots[m] *= conditionalScalar
                }
                k = end
                continue
            }
            k += 1
        }
    }

    static let conditionalScalar = 0.5

    /// A sentence opening with a concession ("Although the support was great, the product is buggy", "Despite
    /// the outage, …", "While the onboarding went well, …") grants its first clause and asserts the rest: the
    /// first clause weighs `concessionScalar`, as VADER weighs what comes before "but".
    static func concession(
        _ t: UnsafeBufferPointer<RuleToken>, _ base: UnsafePointer<UInt8>, _ slots: inout [Double]
    ) {
        guard t.count >= 3 else { return }
        let first = spells(t[0], base, "even") && spells(t[1], base, "though") ? 1 : 0
        guard t[first].code == RapportWordCode.concession else { return }
        let end = clauseEnd(first, t, base)
        guard end < t.count else { return }
        for m in (first + 1)..<end where !t[m].flags.contains(.emoji) { slots[m] *= concessionScalar }
    }

    static let concessionScalar = 0.5

    /// The index of a negation ("not", "n't", "never", "nobody", …) one to three tokens before `k` in its
    /// clause with no scored word between, else nil.
    private static func negation(
        before k: Int, _ t: UnsafeBufferPointer<RuleToken>, _ base: UnsafePointer<UInt8>, _ slots: [Double]
    ) -> Int? {
        var j = k - 1
        while j >= 0 && j >= k - 3 {
            if Vader.clauseMark(base, Int(t[j].end), Int(t[j + 1].start)) || slots[j] != 0 { return nil }
            if t[j].negated { return j }
            j -= 1
        }
        return nil
    }

    /// Whether negation `j` opens an instruction ("Please don't reply to this email", "Do not respond"): first
    /// in its sentence or after "please".
    private static func imperative(
        _ j: Int, _ t: UnsafeBufferPointer<RuleToken>, _ base: UnsafePointer<UInt8>
    )
        -> Bool
    {
        if j == 0 { return true }
        if spells(t[j - 1], base, "please") { return true }
        // "Do not reply": "do" then "not".
        return j == 1 && spells(t[0], base, "do")
    }

    /// Whether a token after `k` in its clause has a non-zero sentiment.
    private static func scored(
        after k: Int, _ t: UnsafeBufferPointer<RuleToken>, _ base: UnsafePointer<UInt8>, _ slots: [Double]
    ) -> Bool {
        let end = clauseEnd(k, t, base)
        var m = k + 1
        while m < end {
            if slots[m] != 0 { return true }
            m += 1
        }
        return false
    }

    /// The index after the last token of `k`'s clause (the next clause mark or the sentence's end).
    private static func clauseEnd(_ k: Int, _ t: UnsafeBufferPointer<RuleToken>, _ base: UnsafePointer<UInt8>) -> Int {
        var m = k + 1
        while m < t.count && !Vader.clauseMark(base, Int(t[m - 1].end), Int(t[m].start)) { m += 1 }
        return m
    }

    /// Whether "you", "your", "anyone", "anybody", "someone", "somebody" or "u" stands before `k`.
    private static func addressee(
        before k: Int, _ t: UnsafeBufferPointer<RuleToken>, _ base: UnsafePointer<UInt8>
    )
        -> Bool
    {
        for m in 0..<k {
            let w = t[m]
            if spells(w, base, "you") || spells(w, base, "your") || spells(w, base, "anyone")
                || spells(w, base, "anybody")
                || spells(w, base, "someone") || spells(w, base, "somebody") || spells(w, base, "u")
                || spells(w, base, "y'all")
            {
                return true
            }
        }
        return false
    }

    /// Whether `w` is a subject or object pronoun that can govern a doubt verb ("us", "me", "we", "I", "they",
    /// "them", "you", "people", "everyone").
    private static func subject(_ w: RuleToken, _ base: UnsafePointer<UInt8>) -> Bool {
        spells(w, base, "us") || spells(w, base, "me") || spells(w, base, "we") || spells(w, base, "i")
            || spells(w, base, "they")
            || spells(w, base, "them") || spells(w, base, "you") || spells(w, base, "people")
            || spells(w, base, "everyone")
    }

    /// Whether `w` can carry a progressive "questioning" ("we're questioning", "I am questioning", "started
    /// questioning"); "a questioning mind" is an adjective.
    private static func auxiliary(_ w: RuleToken, _ base: UnsafePointer<UInt8>) -> Bool {
        spells(w, base, "i'm") || spells(w, base, "we're") || spells(w, base, "they're") || spells(w, base, "you're")
            || spells(w, base, "am") || spells(w, base, "are") || spells(w, base, "is") || spells(w, base, "was")
            || spells(w, base, "were") || spells(w, base, "been") || spells(w, base, "be") || spells(w, base, "started")
            || spells(w, base, "starting") || spells(w, base, "start") || spells(w, base, "keep")
    }

    /// Whether `w` is a unit of days or longer ("day(s)", "week(s)", "month(s)", "year(s)"): "an hour ago" is
    /// not yet a delay worth a complaint.
    private static func durationUnit(_ w: RuleToken, _ base: UnsafePointer<UInt8>) -> Bool {
        spells(w, base, "days") || spells(w, base, "weeks") || spells(w, base, "months") || spells(w, base, "day")
            || spells(w, base, "week") || spells(w, base, "month") || spells(w, base, "years")
            || spells(w, base, "year")
    }

    /// Whether `w` ends in "ing" (a progressive after "keeps": "keeps asking").
    private static func endsWithIng(_ w: RuleToken, _ base: UnsafePointer<UInt8>) -> Bool {
        let e = Int(w.end)
        guard e - Int(w.start) >= 5 else { return false }
        return base[e - 3] | 0x20 == 0x69 && base[e - 2] | 0x20 == 0x6E && base[e - 1] | 0x20 == 0x67
    }

    /// Whether `w` is a simple past: a word ending in "ed" or one of the irregular verbs of delivery and
    /// arrival ("came", "went", "showed", "heard", "made", "happened" ends in "ed").
    private static func pastVerb(_ w: RuleToken, _ base: UnsafePointer<UInt8>) -> Bool {
        let e = Int(w.end)
        if e - Int(w.start) >= 4 && base[e - 2] | 0x20 == 0x65 && base[e - 1] | 0x20 == 0x64 { return true }
        return spells(w, base, "came") || spells(w, base, "went") || spells(w, base, "heard")
            || spells(w, base, "made") || spells(w, base, "showed")
    }

    /// Whether a perfect auxiliary stands right before `k` ("have never", "I've never", "had never").
    private static func perfect(
        before k: Int, _ t: UnsafeBufferPointer<RuleToken>, _ base: UnsafePointer<UInt8>
    )
        -> Bool
    {
        guard k > 0 else { return false }
        let w = t[k - 1]
        if spells(w, base, "have") || spells(w, base, "has") || spells(w, base, "had") { return true }
        // "I've", "we've", "they've", "you've", "I'd" (contracted, straight or curly apostrophe).
        let s = Int(w.start)
        let e = Int(w.end)
        func ends(_ tail: [UInt8]) -> Bool {
            e - s > tail.count && (0..<tail.count).allSatisfy { base[e - tail.count + $0] | 0x20 == tail[$0] | 0x20 }
        }
        return ends([0x27, 0x76, 0x65]) || ends([0xE2, 0x80, 0x99, 0x76, 0x65]) || ends([0x27, 0x64])
            || ends([0xE2, 0x80, 0x99, 0x64])
    }

    /// Whether `w` counts something: digits, or a number word from "two" to "twelve", "several", "few", "many".
    private static func quantity(_ w: RuleToken, _ base: UnsafePointer<UInt8>) -> Bool {
        let s = Int(w.start)
        let e = Int(w.end)
        if e > s && (s..<e).allSatisfy({ base[$0] >= 0x30 && base[$0] <= 0x39 }) { return true }
        return spells(w, base, "two") || spells(w, base, "three") || spells(w, base, "four")
            || spells(w, base, "five") || spells(w, base, "six") || spells(w, base, "seven")
            || spells(w, base, "eight") || spells(w, base, "nine") || spells(w, base, "ten")
            || spells(w, base, "eleven") || spells(w, base, "twelve") || spells(w, base, "several")
            || spells(w, base, "few") || spells(w, base, "many")
    }

    /// Whether token `w` spells `word` (ASCII, case-insensitive).
    @inline(__always)
    private static func spells(_ w: RuleToken, _ base: UnsafePointer<UInt8>, _ word: StaticString) -> Bool {
        let start = Int(w.start)
        let count = Int(w.end) - start
        guard count == word.utf8CodeUnitCount else { return false }
        let p = word.utf8Start
        for i in 0..<count {
            let b = base[start + i]
            if (b &- 0x41 < 26 ? b | 0x20 : b) != p[i] { return false }
        }
        return true
    }
}

/// Codes of the words that trigger ``BusinessRules`` (in `WordInfo.code`, Rapport table only; VADER's
/// idiom words use 1–21).
enum RapportWordCode {
    static let first: UInt8 = 0x80
    static let nobody: UInt8 = 0x80
    static let supposed: UInt8 = 0x81
    static let why: UInt8 = 0x82
    static let doubtAdverb: UInt8 = 0x83
    static let doubtVerb: UInt8 = 0x84
    static let response: UInt8 = 0x85
    static let negRaising: UInt8 = 0x86
    static let auxiliary: UInt8 = 0x87
    static let conditional: UInt8 = 0x88
    static let concession: UInt8 = 0x89
    static let less: UInt8 = 0x8A
    static let wanted: UInt8 = 0x8B
    static let ago: UInt8 = 0x8C
    static let requestVerb: UInt8 = 0x8D
    static let keeps: UInt8 = 0x8E
    static let never: UInt8 = 0x8F
    static let unit: UInt8 = 0x90

    /// The English trigger words and their codes.
    static let english: [(String, UInt8)] =
        [
            ("nobody", nobody), ("noone", nobody), ("supposed", supposed), ("why", why), ("actually", doubtAdverb),
            ("even", doubtAdverb), ("question", doubtVerb), ("questioning", doubtVerb), ("questioned", doubtVerb),
        ]
        + [
            "answer", "answered", "respond", "responded", "reply", "replied", "acknowledge", "acknowledged",
        ].map { ($0, response) }
        + ["think", "feel", "believe", "see", "expect", "suppose", "imagine", "reckon"].map { ($0, negRaising) }
        + [
            "is", "are", "was", "were", "do", "does", "did", "can", "could", "will", "would", "should", "shall",
            "may", "might", "has", "have", "had", "isn't", "aren't", "doesn't", "don't", "can't", "won't",
        ].map { ($0, auxiliary) }
        + [("if", conditional), ("less", less), ("fewer", less)]
        + ["although", "though", "while", "whilst", "despite", "whereas"].map { ($0, concession) }
        + [("refund", wanted), ("refunds", wanted), ("ago", ago)]
        + [
            "asked", "requested", "reported", "raised", "flagged", "submitted", "filed", "logged", "opened",
            "emailed", "escalated", "mentioned", "sent", "chased", "pinged",
        ].map { ($0, requestVerb) }
        + [("keeps", keeps), ("kept", keeps), ("never", never)]
        + ["days", "weeks", "months"].map { ($0, unit) }
}
