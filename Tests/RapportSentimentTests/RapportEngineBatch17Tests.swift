import Foundation
import Testing

@testable import RapportSentiment

/// Batch 17 (2026-12-07, fifth session, docs/sentiment.md): `BusinessRules`, sentence rules for complaints
/// without a sentiment word, and billing words VADER rates as praise. The Rapport engine's score before the
/// batch is in the comment; the VADER engine never applies them.
@Suite("Rapport engine: complaints without sentiment words (batch 17)")
struct RapportEngineBatch17Tests {
    private func score(_ text: String) throws -> Double {
        try #require(Fixture.compound(text, .rapport))
    }

    /// "nobody" negates what it governs; alone in its clause it names an absence.
    @Test(
        "nobody",
        arguments: [
            ("Nobody complained.", 0.3089),  // -0.4019
            ("Nobody was happy with the result.", -0.4585),  // 0.5719
            ("Nobody seems to know what's going on.", -0.296),  // 0.0
            // 0.0 (-0.296 before batch 18's "ago" rule)
            ("We asked for a call two weeks ago and nobody has scheduled one.", -0.5267),
            ("Nobody answered.", -0.296),  // 0.0
            // Deprived of it: "us" / "me" / "our" / "my" in the clause (batch 17b, heldout5).
            ("Nobody warned us about the API deprecation.", -0.2057),  // +0.2057 with "nobody" alone
            ("Nobody helped me with the setup.", -0.296),  // 0.0
        ])
    func nobody(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// "was/were supposed to": an expectation not met; present-tense instructions are untouched.
    @Test(
        "supposed to",
        arguments: [
            ("It was supposed to be fixed last week.", -0.1331),  // 0.3182
            ("The migration was supposed to take a day. It's been a week.", -0.296),  // 0.0
            ("You are supposed to click Save first.", 0.4939),  // 0.4939
        ])
    func supposed(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// "why … still" is a reproach; skeptical questions at the other side ("actually", "even" with "you",
    /// "anyone") are complaints, other questions and uses are not.
    @Test(
        "reproachful questions",
        arguments: [
            ("Why are we still paying for this?", -0.296),  // 0.0
            ("Why are we still waiting on this?", -0.3818),  // -0.3818 ("still waiting" is a phrase)
            ("Is anyone actually working on this?", -0.296),  // 0.0
            ("Did you even read my email?", -0.296),  // 0.0
            ("Is it actually that easy?", 0.0),  // 0.4404: nobody addressed; a polar question (below)
            ("Even better, it was free.", 0.5994),  // 0.5994
        ])
    func questions(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// "question" as a verb of doubt after a pronoun, "questioning" after an auxiliary: what is questioned is
    /// not praise. The noun and the adjective keep their value.
    @Test(
        "doubt",
        arguments: [
            ("It makes us question the value.", -0.4137),  // 0.34
            ("We're questioning the ROI of the whole project.", -0.296),  // -0.1027
            ("A film with a questioning mind.", -0.1027),  // -0.1027 (VADER's "questioning" -0.4)
            ("I have a quick question about the invoice.", 0.0),  // 0.0
        ])
    func doubt(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// A negated answer verb is a complaint; an instruction not to reply is not.
    @Test(
        "unanswered",
        arguments: [
            ("You never answered my question.", -0.296),  // 0.0
            ("They didn't respond to my emails.", -0.296),  // 0.0
            ("Please don't reply to this email.", 0.0),  // 0.0
            ("Do not respond to this message.", 0.0),  // 0.0
        ])
    func unanswered(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// "I don't think / feel / see …" negates its whole complement, past VADER's three-token reach; not in the
    /// past ("didn't think it would be that good" is an expectation exceeded), not after "can't", not in an
    /// instruction, and not past a negation of the complement's own.
    @Test(
        "negation raised from think / feel / see",
        arguments: [
            ("I don't feel like we're getting value out of the platform.", -0.4847),  // 0.0747
            ("I don't see how this is better than the old version.", -0.3412),  // 0.4404
            ("I didn't think the 3D would be that good.", 0.4404),  // 0.4404
            ("I can't believe how good this is.", 0.4404),  // -0.3412 (surprise, see below)
            ("Don't expect any subtlety from this latest entry in the increasingly threadbare comedy cycle.", 0.3612),
            ("This did not feel like quality construction and i wasn't sure how long it would last.", -0.4717),
        ])
    func negationRaising(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// ", and it wasn't" denies the clause before it; a denial of a denial changes nothing.
    @Test(
        "elided negation",
        arguments: [
            ("I hoped it would be good, but it wasn't.", -0.3171),  // 0.4118
            ("I was told this would be fixed in the next release, and it wasn't.", -0.4519),  // 0.0772
            ("He said it wouldn't cause problems and, in fact, it hasn't.", 0.3089),  // 0.3089
        ])
    func elidedNegation(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// "credit" is billing in customer mail; praise idioms keep VADER's 1.6. "renewal" is a topic word.
    @Test(
        "billing words",
        arguments: [
            ("Still no word on the credit you said you'd apply to our account.", -0.296),  // 0.1027
            ("To his credit, he kept the fight alive.", 0.3818),  // 0.3818
            ("Our fiscal year starts in April, so the renewal would need to align with that.", 0.0717),  // 0.2682
            ("We're renewing for two more years.", 0.2023),  // 0.2023
        ])
    func billing(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// Batch 17b (`domain.txt`, from heldout5): comparatives VADER lacks, impatience and overdue expectations.
    @Test(
        "comparatives and impatience",
        arguments: [
            ("The new API docs are so much clearer.", 0.4173),  // 0.0
            ("The search results are completely irrelevant.", -0.3597),  // 0.0
            ("I don't understand why this takes so long to fix.", -0.5267),  // 0.0
            ("We expected the migration to be done by now.", -0.2023),  // 0.0
            ("I hate to be a pain, but is there any progress?", -0.6428),  // +0.0516
            ("We are making good progress on the rollout.", 0.6908),  // 0.6908
        ])
    func comparatives(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// "can't believe" is surprise: its negation does not reach what follows. "can't wait" is anticipation.
    @Test(
        "surprise and anticipation",
        arguments: [
            ("I can't believe how good this is.", 0.4404),  // -0.3412
            ("I couldn't believe how easy the setup was.", 0.4404),  // -0.3412
            ("I can't believe they charged us twice.", -0.2023),  // +0.1511
            ("I don't believe it's good.", -0.3412),  // -0.3412 (a denial: negation raised)
            ("Can't wait to try it!", 0.4199),  // 0.0
            ("We can't wait any longer for this fix.", -0.3612),  // 0.0
        ])
    func surprise(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// A polar question asks about its praise: its positive words count 0; its complaints keep their weight
    /// ("Is anyone actually working on this?"), and a sentence before it keeps its own ("Thanks!").
    @Test(
        "polar questions",
        arguments: [
            ("Is SAML supported on the standard plan?", 0.0),  // 0.3182
            ("Can you help with the export?", 0.0),  // 0.4019
            ("Do you like it?", 0.0),  // 0.3612
            ("Thanks! Can you send the invoice?", 0.4926),  // 0.4926
            ("Is anyone actually working on this?", -0.296),  // -0.296
        ])
    func polarQuestions(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// An "if" clause supposes its praise: positive words in it weigh half; complaints and the main clause
    /// keep theirs.
    @Test(
        "conditional clauses",
        arguments: [
            ("If the fix works, we will renew.", 0.34),  // 0.4588
            ("If it works, great.", 0.6908),  // 0.743
            ("Please let us know if this helps.", 0.2023),  // 0.3818
            ("If it breaks again, we'll cancel.", -0.3612),  // -0.3612
        ])
    func conditionals(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// "hardly", "barely", "scarcely" negate like VADER's negations; "support" and "supported" are topics in
    /// customer mail (the department, a capability), not support given.
    @Test(
        "hardly and support",
        arguments: [
            ("The app barely works.", -0.1708),  // 0.228
            ("Support was hardly helpful.", -0.2767),  // 0.3626
            ("It's hardly a surprise.", -0.1551),  // 0.2075
            ("Thanks for your support!", 0.4926),  // 0.4926
        ])
    func hardlyAndSupport(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// A sentence opening with a concession grants its first clause at half weight, as VADER weighs what
    /// comes before "but".
    @Test(
        "concessions",
        arguments: [
            ("Although the support team was great, the product is buggy.", -0.0644),  // 0.3182
            ("While the onboarding went well, adoption has been slow.", -0.0772),  // 0.1027
            ("Despite the outage, we are happy with the service.", 0.6758),  // 0.7508
            ("Even though it works, the UI is confusing.", -0.0772),  // 0.0772
        ])
    func concessions(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// "less" / "fewer" reduce what the next scored word names: its sign turns (VADER only dampens it).
    @Test(
        "less and fewer",
        arguments: [
            ("The new version is less buggy.", 0.2767),  // -0.3626
            ("Support has been less helpful lately.", -0.2767),  // 0.3626
            ("We see fewer errors now.", 0.2584),  // -0.34
            ("That is less than ideal.", -0.3757),  // 0.4804
            ("It was less painful than expected.", 0.2935),  // -0.3832
        ])
    func less(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// Negated comparatives that are superlatives (`domain.txt`): VADER negated "better" and "agree".
    @Test(
        "superlatives",
        arguments: [
            ("It couldn't be better!", 0.6239),  // -0.4015
            ("I couldn't agree more.", 0.4588),  // -0.2755
            ("Things couldn't be going better.", 0.5859),  // -0.3412
        ])
    func superlatives(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// The rules index tokens around their trigger words (clause ends, "to" after "fail", the word before
    /// "believe"): sentences built from the trigger words, clause marks and emoji in every order must score
    /// without trapping, within [-1, 1]. (A rule tried in this batch trapped on "failed, to great".)
    @Test("trigger words in any order never trap")
    func triggerSoup() {
        let words = [
            "nobody", "supposed", "why", "still", "actually", "even", "question", "questioning", "answered", "think",
            "believe", "see", "is", "can't", "don't", "if", "although", "though", "despite", "while", "no", "not",
            "hardly", "and", "but", "to", "us", "you", "it", "was", "were", "good", "bad", "fixed", "support", "less",
            "than",
            "great", "problem", "failed", ":)", "👍",
        ]
        let marks = ["", "", "", ",", ";", " -", "?", "!", "."]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        let analyzer = Fixture.analyzer(.rapport)
        var scored = 0
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<(1 + next(10)) { text += words[next(words.count)] + marks[next(marks.count)] + " " }
            if let c = analyzer.analyze(text).score?.compound {
                #expect(c >= -1 && c <= 1, "\(text)")
                scored += 1
            }
        }
        #expect(scored > 2500)
    }

    /// The VADER engine is the reference: none of the batch applies.
    @Test("the VADER engine is unchanged")
    func vaderUnchanged() throws {
        #expect(Fixture.compound("Nobody was happy with the result.", .vader) == 0.5719)
        #expect(Fixture.compound("It makes us question the value.", .vader) == 0.34)
        #expect(Fixture.compound("Can you help with the export?", .vader) == 0.4019)
        #expect(Fixture.compound("I hoped it would be good, but it wasn't.", .vader) == 0.4118)
        #expect(Fixture.compound("I don't see how this is better than the old version.", .vader) == 0.4404)
        #expect(
            Fixture.compound("Still no word on the credit you said you'd apply to our account.", .vader) == 0.1027)
    }
}
