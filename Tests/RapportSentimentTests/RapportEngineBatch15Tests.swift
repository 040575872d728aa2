import Foundation
import Testing

@testable import RapportSentiment

/// Batch 15 (2026-12-07, docs/sentiment.md): "lack"/"lacks"/"lacking"/"lacked"/"devoid" negate what they
/// govern, a counterfactual "would/could/should/might have" + participle turns what follows (× -0.4), an
/// unreal "wish" ("I wish it were…") is no praise, and `lexicons/en/domain.txt` entries for business phrases
/// VADER reads as praise. The Rapport engine's score before the batch is in the comment.
@Suite("Rapport engine: lack, counterfactuals, unreal wishes (domain batch 15)")
struct RapportEngineBatch15Tests {
    private func score(_ text: String, _ engine: SentimentEngineKind = .rapport) throws -> Double {
        try #require(Fixture.compound(text, engine))
    }

    /// What is lacking is missing: "lacks support" is no praise of support.
    @Test(
        "lack negates the words it governs",
        arguments: [
            // "support" is 0 since batch 17 (a topic in customer mail): "lacks" alone (-1.3) speaks.
            ("The product lacks support for SSO.", -0.3182),  // +0.4019; -0.5511 before batch 17
            ("It lacks grandeur.", -0.6219),  // +0.5267 ("lacks" is -1.3 as "lack")
            ("Lacking the spark of imagination.", -0.4881),  // -0.1531
            ("The report is devoid of charm.", -0.3089),  // +0.4019
            ("A lack of help from the vendor.", -0.5511),  // "help" negated (was "support", 0 since batch 17)
            // The clause mark ends its reach, as it ends a negation's.
            // 0.8608 before batch 17's "support" 0
            ("The product lacks basic reporting, but support is great.", 0.7184),
        ])
    func lack(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// "would have been nice" is a complaint; "could have been worse" a relief. "have" as a main verb
    /// ("could have a call") is no counterfactual: a participle must follow it.
    @Test(
        "counterfactual modal perfect",
        arguments: [
            ("It would have been nice to get a heads-up.", -0.1828),  // +0.4215
            ("It could have been worse.", 0.212),  // -0.4767
            ("I would have loved to join.", -0.3899),  // +0.7269
            ("It would've been great to know earlier.", -0.3049),  // +0.6249
            ("We could have a great call tomorrow.", 0.6249),  // unchanged
            ("We should have the fix deployed by Friday.", 0.0),  // unchanged
        ])
    func counterfactual(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// A wish for what is not so: "wish" scores 0 when a modal or past form follows within three tokens;
    /// wishing someone well keeps its warmth.
    @Test(
        "unreal wish",
        arguments: [
            ("I wish it were easier.", 0.4215),  // +0.6705 ("easier" keeps its value)
            ("I wish I could help.", 0.4019),  // +0.6597
            ("We wish you a great weekend.", 0.7783),  // unchanged
            ("Wishing you a happy new year!", 0.7088),  // unchanged
        ])
    func wish(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// Domain entries of the batch.
    @Test(
        "business phrases VADER reads as praise",
        arguments: [
            ("The integration with the third-party CRM is done.", 0.0),  // +0.4019
            ("The interest rate on the invoice is wrong.", -0.4767),  // -0.0258
            ("We were hoping for a faster turnaround.", 0.0),  // +0.4215
            ("I was under the impression this was included.", -0.128),  // +0.2263
            ("Hopefully this gets fixed soon.", 0.4767),  // +0.6124
        ])
    func domain(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// A negation governs the first scored word after it: it does not reach past that word, and a denied
    /// lack is no lack.
    @Test(
        "one negation, one word",
        arguments: [
            ("DON'T CARE DON'T CARE DON'T CARE", -0.7835),  // +0.1978 (each "CARE" was negated twice)
            ("It doesn't lack charm.", 0.5664),  // -0.0762
            ("It never lacks charm.", 0.5664),  // a denied lack ("support", the earlier example, is 0 since batch 17)
            ("I don't think it's good.", -0.3412),  // unchanged
            ("Not bad, not bad at all.", 0.6908),  // unchanged
        ])
    func oneNegation(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// A bare "Great." after a complaint is sarcastic; "Great!" and "Great." after good news are not.
    @Test(
        "sarcastic afterthought",
        arguments: [
            ("The export failed again. Oh great.", -0.5106),  // +0.2023
            ("The export failed. Great!", 0.2714),  // unchanged
            ("Thanks, fixed. Great.", 0.8519),  // unchanged
        ])
    func afterthought(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// Warnings, returns and feature requests.
    @Test(
        "reviews and requests",
        arguments: [
            ("It would be nice if the export included tags.", 0.0),  // +0.4215
            ("Save your money and go elsewhere.", -0.4588),  // +0.4939
            ("I had to send it back.", -0.296),  // 0.0
        ])
    func reviews(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// The VADER engine keeps the reference's readings.
    @Test("the VADER engine is unchanged")
    func vaderUnchanged() throws {
        #expect(try score("The product lacks support for SSO.", .vader) == 0.4019)
        #expect(try score("It would have been nice to get a heads-up.", .vader) == 0.4215)
        #expect(try score("I wish it were easier.", .vader) == 0.6705)
        #expect(try score("It's not pretty good.", .vader) == -0.6167)
        #expect(try score("DON'T CARE DON'T CARE DON'T CARE", .vader) == 0.1978)
    }
}
