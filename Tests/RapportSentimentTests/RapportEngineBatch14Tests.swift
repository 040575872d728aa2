import Foundation
import Testing

@testable import RapportSentiment

/// Batch 14 (2026-12-07, docs/sentiment.md): negation stops at a clause mark, a sentence-opening "Well," is a
/// discourse marker, and `lexicons/en/domain.txt` entries for "as well", chat-style persisting problems, hard
/// times ("rough", "rocky") and decisions to buy. The Rapport engine's score before the batch is in the
/// comment.
@Suite("Rapport engine: clause-bounded negation, discourse \"well\" (domain batch 14)")
struct RapportEngineBatch14Tests {
    private func score(_ text: String, _ engine: SentimentEngineKind = .rapport) throws -> Double {
        try #require(Fixture.compound(text, engine))
    }

    /// "No," / "Nope," / "Not really," answer what came before: they do not negate the next clause.
    @Test(
        "negation stops at a comma, semicolon, colon or dash",
        arguments: [
            ("No, the error is still there.", -0.5994),  // +0.015
            ("No, that's great.", 0.4404),  // -0.6698
            ("nope, same error", -0.4019),  // +0.3089
            ("Not really, the error persists.", -0.6643),  // +0.3536 (-0.4549 before "persists" -1.2, batch 16)
            ("No, thanks, the problem is solved.", 0.0258),  // -0.4599
            ("Nope - still broken.", -0.4767),  // unchanged ("still" is not scored)
            ("It isn't working; please call me.", -0.4215),  // "please" was negated; "isn't working" is new
        ])
    func clauseBoundNegation(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// Negation inside one clause is untouched.
    @Test(
        "negation within a clause",
        arguments: [
            ("This is not good.", -0.3412),
            ("I don't think it's good.", -0.3412),
            ("We decided not to move forward with the proposal.", -0.3612),
        ])
    func negationWithinClause(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// The VADER engine keeps the reference's reading across the comma.
    @Test("the VADER engine still negates across a comma")
    func vaderUnchanged() throws {
        #expect(try score("nope, same error", .vader) == 0.3089)
        #expect(try score("Not really, the error persists.", .vader) == 0.3536)
    }

    /// "Well," opening a sentence, "oh well" and "as well" are not praise; "went well" and "Well done" are.
    @Test(
        "discourse well",
        arguments: [
            ("Well, I don't know.", 0.0),  // +0.2732
            ("Well, thanks anyway.", 0.4404),  // +0.6124
            ("Oh well, we tried.", -0.1027),  // +0.2732
            ("Please send the invoice as well.", 0.0),  // +0.2732
            ("We use Slack as well as email.", 0.0),  // +0.2732
            ("Well done, team!", 0.5093),  // unchanged
            ("The launch went well.", 0.2732),  // unchanged
        ])
    func discourseWell(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// Praise opening a sentence about a repeated problem is sarcasm; with thanks or without a problem it is praise.
    @Test(
        "sarcastic openers",
        arguments: [
            ("great, another outage", -0.5106),  // +0.2023
            ("oh great, it's broken again", -0.4767),  // +0.25
            ("Just great, the sync failed again.", -0.5106),  // +0.2023
            ("Great, thanks!", 0.807),  // unchanged
            ("Perfect, see you again tomorrow.", 0.5719),  // unchanged
            ("Awesome, another release with great features!", 0.8588),  // unchanged
            ("Nice, that fixed the error.", 0.34),  // unchanged
            ("Great, we'll try again after the outage window.", 0.6249),  // +0.2023 ("outage window" 0)
        ])
    func sarcasticOpeners(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// Chat-style persisting problems, hard times and decisions to buy.
    @Test(
        "domain entries",
        arguments: [
            ("can u check again? still seeing 500s", -0.25),  // 0.0
            ("We're still getting the same error.", -0.5719),  // -0.4019
            ("The export isn't working.", -0.4215),  // 0.0
            ("The integrations aren't working since Monday.", -0.4215),  // 0.0
            ("It's still not working.", -0.4588),  // -0.3412
            ("Honestly, the onboarding has been rough.", -0.128),  // +0.1779
            ("Here's a rough estimate for the migration.", 0.0),  // unchanged
            ("It was a rocky start.", -0.296),  // 0.0
            ("We're moving forward with the Enterprise plan.", 0.296),  // 0.0
            // +0.2023; 0.4215 before batch 17 ("renewal" 0)
            ("We'll go ahead with the renewal.", 0.25),
        ])
    func domainEntries(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }
}
