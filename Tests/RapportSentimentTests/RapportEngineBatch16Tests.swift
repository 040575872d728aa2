import Foundation
import Testing

@testable import RapportSentiment

/// Batch 16 (2026-12-07, docs/sentiment.md): `lexicons/en/domain.txt` entries for customer-mail complaints
/// and praise that VADER's lexicon misses or reads backwards, found on probe messages. The Rapport engine's
/// score before the batch is in the comment.
@Suite("Rapport engine: customer-mail phrases (domain batch 16)")
struct RapportEngineBatch16Tests {
    private func score(_ text: String) throws -> Double {
        try #require(Fixture.compound(text, .rapport))
    }

    @Test(
        "complaints VADER scores neutral or positive",
        arguments: [
            ("I expected a lot more from a premium plan.", -0.3612),  // 0.0
            ("We haven't heard back since last Tuesday.", -0.296),  // 0.0
            ("We never heard back.", -0.34),  // 0.0
            ("The new pricing is a non-starter for us.", -0.4215),  // 0.0 (ICU splits at the hyphen)
            ("We'll need to revisit the contract if this continues.", -0.25),  // 0.0
            ("It's hard to trust the data at this point.", -0.3612),  // +0.4404
            ("Support closed the ticket without resolving anything.", -0.296),  // +0.128
            ("honestly a bit let down by the response", -0.296),  // +0.1027
            ("I'm running out of patience here", -0.4215),  // 0.0
            ("they've been ghosting us for two weeks", -0.3612),  // 0.0
            ("the numbers are way off", -0.25),  // 0.0
            ("Your product cost us a week of work.", -0.25),  // 0.0
            ("Nothing has changed since our last call.", -0.25),  // 0.0
            ("we got burned by the last upgrade", -0.2263),  // +0.2263
        ])
    func complaints(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    @Test(
        "praise VADER misses",
        arguments: [
            ("This has made a real difference for our ops team.", 0.4404),  // 0.0
            ("The new workflow saves us hours every week.", 0.4215),  // 0.0
            ("We couldn't have done it without you.", 0.5423),  // 0.0
        ])
    func praise(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// Notices and records are not praise; creation as an achievement still is.
    @Test(
        "neutral notices",
        arguments: [
            ("FYI the webinar is at 3", 0.0),  // +0.368 ("FYI" 0.8 with the all-caps bonus)
            ("Jira ticket created: OPS-1234", 0.0),  // +0.25
            ("Barney has created a tour de force that is weird, wacky and wonderful.", 0.6124),  // unchanged
        ])
    func notices(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// "however", or "though" right after a comma, halves what comes before it, as "but" does (without
    /// "but"'s × 1.5 after it): the thanks before a complaint is a courtesy.
    @Test(
        "however and though as contrasts",
        arguments: [
            ("I appreciate your help, however the problem is still there.", 0.0),  // +0.4019
            ("Appreciate the update, though it's not the news we were hoping for.", 0.2144),  // +0.4019
            ("The product is great, however expensive.", 0.3716),  // +0.6249
            // Not a contrast: "even though" opens a concession (batch 17: its clause at half weight, 0.5106
            // before), a closing "though" has nothing after it.
            ("Even though it was late, the team was great.", 0.5719),
            ("It's good, though.", 0.4404),  // unchanged
        ])
    func contrasts(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    @Test(
        "polite complaints, escalations and declining use",
        arguments: [
            ("Thanks for the quick reply, but the issue persists.", -0.3818),  // +0.0516
            ("I'm sure you're doing your best, but our patience is wearing thin.", -0.3506),  // +0.5023
            ("Thanks, but that doesn't answer my question.", -0.2144),  // +0.2382
            ("With all due respect, this is not the first time.", -0.4939),  // +0.4767
            ("Sorry to chase again, but we really need this resolved by Friday.", -0.2936),  // +0.4932
            ("The quote is well above our budget.", -0.3612),  // +0.2732
            ("We're going to pause the rollout until this is fixed.", -0.25),  // +0.0772
            ("Adoption has dropped significantly since the redesign.", -0.296),  // 0.0
            ("I'd like to speak with your manager.", -0.3612),  // 0.0
            ("Your documentation is out of date.", -0.25),  // 0.0
            ("Just checking in again as we haven't had a response.", -0.296),  // 0.0
            ("This is the fourth follow-up on this ticket.", -0.34),  // 0.0
            ("Please cancel the meeting tomorrow, I have a conflict.", 0.0),  // -0.5859
        ])
    func politeComplaints(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// VADER lists "incredible", "exceptional" and "tremendous" only as boosters, so praise with them scored
    /// 0 ("the support was exceptional"). Rated in `domain.txt`, they score where they stand and still boost
    /// a scored word right after them, like "pretty".
    @Test(
        "booster adjectives rated",
        arguments: [
            ("Your CSM has been an incredible partner.", 0.5423),  // 0.0
            ("The support was exceptional.", 0.5423),  // 0.0
            ("an incredible experience", 0.5423),  // 0.0
            ("an incredibly bad experience", -0.5849),  // unchanged: "incredibly" stays a booster
        ])
    func boosterAdjectives(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// Batch 16c: entries from the misses of 60 probes held out from the first two parts of the batch.
    @Test(
        "held-out probe misses",
        arguments: [
            ("We're three weeks past the promised delivery date.", 0.0),  // +0.3612 ("promised" 1.5)
            ("I've been bounced between four different agents.", -0.3612),  // 0.0
            ("The SLA was breached twice this month.", -0.4588),  // 0.0
            ("We are considering terminating the agreement.", -0.4215),  // +0.4939 ("agreement" 2.2)
            ("Our team has given up on the reporting module.", -0.4215),  // 0.0
            ("Your engineer was incredibly patient with us.", 0.4754),  // 0.0
            ("I can't say enough good things about your support team.", 0.6124),  // -0.3412
            ("We'd like to add 50 more seats.", 0.25),  // 0.0
            ("The quarterly review was really productive.", 0.4754),  // 0.0
            ("The meeting invite should be in your inbox.", 0.0),  // +0.1531
            ("Our office is closed on Friday for the holiday.", 0.0),  // +0.4019
            ("That's not what we were hoping for.", -0.2755),  // 0.0
        ])
    func heldOutMisses(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// Batch 16d: "nothing but" means "only" (no negation, no contrast); praise in an "until" clause after a
    /// negation is a condition not met; entries from a second set of held-out probes.
    @Test(
        "nothing but, not … until, second held-out misses",
        arguments: [
            ("We've had nothing but problems since the migration.", -0.4019),  // +0.438
            ("nothing but hassle with this company.", -0.34),  // +0.3724
            ("The support team has been nothing but helpful.", 0.4215),  // -0.4585
            ("I'm not comfortable renewing until we see real improvement.", -0.2268),  // +0.2728
            ("Please don't close the ticket until it's actually resolved.", 0.0),  // +0.3182
            ("I can stay in bed until noon, great.", 0.6249),  // unchanged: no negation before "until"
            ("Kindly confirm the billing address.", 0.0),  // +0.4939
            ("Your status page said everything was fine while we were down.", -0.2023),  // +0.2023
            ("The import wiped out half of our contacts.", -0.4215),  // 0.0
            ("The rollout went off without a hitch.", 0.4588),  // 0.0
            ("The whole team is on board now.", 0.25),  // 0.0
            ("We're extending the contract for two more years.", 0.3612),  // 0.0
        ])
    func secondHeldOutMisses(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// The VADER engine never reads the domain lexicon.
    @Test func vaderEngineUnchanged() throws {
        #expect(try #require(Fixture.compound("FYI the webinar is at 3", .vader)) == 0.368)
        #expect(try #require(Fixture.compound("It's hard to trust the data at this point.", .vader)) == 0.4404)
        #expect(try #require(Fixture.compound("The support was exceptional.", .vader)) == 0.4019)
        #expect(try #require(Fixture.compound("We've had nothing but problems since the migration.", .vader)) == 0.438)
        #expect(
            try #require(Fixture.compound("I appreciate your help, however the problem is still there.", .vader))
                == 0.4019)
    }
}
