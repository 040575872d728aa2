import Foundation
import RapportCore
import Testing

@testable import RapportSentiment

/// The 2026-12-06 rule changes of the Rapport engine (docs/sentiment.md, "`--engine rapport`"): each with
/// texts where it fires and texts where it must not. The VADER engine keeps the reference's numbers.
@Suite("Rapport engine: adverb boosters, closing thanks, emoji not negated")
struct RapportEngineRulesTests {
    func score(_ text: String) throws -> SentimentScore {
        try #require(Fixture.analyzer(.rapport).analyze(text).score)
    }

    func reference(_ text: String) throws -> SentimentScore {
        try #require(Fixture.analyzer(.vader).analyze(text).score)
    }

    func numbers(_ s: SentimentScore) -> [Double] { [s.compound, s.pos, s.neu, s.neg] }

    // MARK: "pretty" / "super" as boosters

    /// Right before a scored word, "pretty"/"super" add VADER's booster increment (0.293, signed like the
    /// word, + 0.733 in caps) to it and score 0 themselves, instead of adding their own +2.2 / +2.9.
    @Test func prettyAndSuperBoostTheNextScoredWord() throws {
        // Reference: "pretty" 2.2 outweighs "gross" -2.1 and the complaint scores positive.
        #expect(try reference("It was pretty gross!").compound == 0.1007)
        let s = try score("It was pretty gross!")
        #expect(numbers(s) == [-0.5697, 0.0, 0.449, 0.551])
        #expect(s.evidence.map(\.term) == ["gross"])
        #expect(s.evidence.first?.weight == -2.393)  // -(2.1 + 0.293)
        // Caps: the booster gets the caps emphasis too (-(1.8 + 0.733) - (0.293 + 0.733)).
        #expect(try reference("As I said above....PRETTY USELESS!").compound == -0.5893)
        #expect(try score("As I said above....PRETTY USELESS!").compound == -0.7051)
        // "super excited": 1.4 + 0.293 instead of 2.9 + 1.4.
        #expect(numbers(try score("The team is super excited about it")) == [0.4005, 0.31, 0.69, 0.0])
        // A negation three words back still reaches the boosted word: -0.74 × (1.9 + 0.293).
        #expect(numbers(try score("It's not pretty good.")) == [-0.3865, 0.0, 0.534, 0.466])
    }

    @Test(
        arguments: [
            ("a pretty dress", 0.4939),  // "dress" has no valence: "pretty" is the adjective (2.2)
            ("It was super.", 0.5994),  // last word: its own 2.9
            ("super", 0.5994),
            ("Super :)", 0.7845),  // an emoticon is not a word to boost
            ("That is pretty much perfect.", 0.5719),  // "pretty much" is a 0.0 phrase (domain.txt)
        ])
    func prettyAndSuperKeepTheirValenceElsewhere(_ text: String, _ compound: Double) throws {
        #expect(try score(text).compound == compound)
        #expect(try reference(text).compound == (text == "That is pretty much perfect." ? 0.7845 : compound))
    }

    // MARK: Closing thanks after a question

    /// A last sentence of at most three tokens right after a question is a formula: its thanks count 0.
    @Test func closingThanksAfterAQuestionIsNeutral() throws {
        #expect(try reference("When will flights resume? Thanks.").compound == 0.4404)
        #expect(numbers(try score("When will flights resume? Thanks.")) == [0.0, 0.0, 1.0, 0.0])
        // The question's own words still count, but a polar question asks about its praise (batch 17): 0.
        #expect(numbers(try score("Is the export fixed? Thank you")) == [0.0, 0.0, 1.0, 0.0])
        #expect(numbers(try score("When was the export fixed? Thank you")) == [0.3182, 0.277, 0.723, 0.0])
        // A "Thanks," line after a question is left out by the sign-off rule or by this one: neutral either way.
        #expect(try score("Can you check?\n\nThanks,").compound == 0.0)
    }

    @Test(
        arguments: [
            ("Thanks.", 0.4404),  // nothing before it
            ("The fix works. Thanks.", 0.6249),  // no question before it
            ("Thanks! When does it ship?", 0.4926),  // not the last sentence
            ("Can you check? Thanks for your quick help yesterday.", 0.6808),  // more than three tokens
            // a negative "thanks" phrase is not a formula (-0.1779 before batch 17's polar questions: "fixed" 0)
            ("Is it fixed? Thanks for nothing.", -0.4588),
        ])
    func thanksCountsElsewhere(_ text: String, _ compound: Double) throws {
        #expect(try score(text).compound == compound)
    }

    // MARK: Emoji and emoticons are not negated

    @Test func emojiAndEmoticonsAreNotNegated() throws {
        // Reference: "not" flips the smiley (-0.357); the Rapport engine keeps it a smiley.
        #expect(try reference("It was not :)").compound == -0.357)
        #expect(numbers(try score("It was not :)")) == [0.4588, 0.5, 0.5, 0.0])
        #expect(try score("It was not 😉.").compound == 0.296)
        #expect(try score("No :(").compound == -0.4404)
        // The negation still applies to the word it precedes; the emoji after it is left alone.
        #expect(numbers(try score("I don't hate it 😊")) == [0.8401, 0.727, 0.273, 0.0])
        #expect(try score("It was not good :)").compound == 0.1516)
    }
}
