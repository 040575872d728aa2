import Foundation
import Testing

@testable import RapportSentiment

/// Batch 13 of `lexicons/en/domain.txt` (2026-12-07, docs/sentiment.md): procedures and routing rules,
/// negotiation conditions, polite refusals, passive-aggressive chasers, billing, adoption counts (spelled-out
/// numbers now match `#`) and neutral logistics, from 160 probe messages and 37 guards. The Rapport engine's
/// score before the batch is in the comment.
@Suite("Rapport engine: procedures, conditions, refusals and chasers (domain batch 13)")
struct RapportEngineBatch13Tests {
    private func score(_ text: String) throws -> Double {
        try #require(Fixture.compound(text, .rapport))
    }

    /// A procedure or contingency names a problem without reporting one: mildly negative at most.
    @Test(
        "procedures and routing rules",
        arguments: [
            ("Please escalate to tier 2 if the customer reports data loss.", -0.25),  // -0.6124
            ("Agents should flag any mention of data loss to the incident channel.", -0.25),  // -0.7351
            ("Escalate to the on-call engineer if the queue backs up.", -0.0516),  // -0.4588
            ("In case of an outage, check the status page first.", -0.2023),  // -0.5106
            ("Reach out if anything breaks after the upgrade.", 0.0258),  // +0.25
            ("The data loss prevention policy is attached.", 0.0),  // -0.6124
            ("The customer reports data loss after the upgrade.", -0.25),  // -0.6124
        ])
    func procedures(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// A renewal or signature asked for on terms is a condition, not a renewal won.
    @Test(
        "negotiation conditions",
        arguments: [
            ("We'd need a price freeze to renew.", -0.0516),  // +0.25
            ("We could renew if the price stays flat.", 0.0),  // +0.2023
            ("We can only sign if you agree to a 12-month term.", 0.0),  // +0.3612
            ("The renewal would depend on getting the API limits raised.", -0.128),  // +0.2023
            ("That discount isn't enough for us to renew.", -0.25),  // +0.2023
            // +0.1027; -0.1779 before batch 17 ("renewal" 0)
            ("The renewal price is more than we can pay.", -0.3612),
            ("We've decided to renew for another year.", 0.2023),  // unchanged
            ("The price lock is included in the three-year term.", 0.0),  // unchanged
        ])
    func negotiationConditions(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// A polite no and a lost deal read negative.
    @Test(
        "polite refusals and lost deals",
        arguments: [
            ("We'll have to pass on the upgrade this year.", -0.1531),  // +0.2263
            ("We're not in a position to commit to a three-year term.", -0.0772),  // +0.296
            ("We appreciate the offer but will decline.", -0.34),  // +0.2144
            ("Thanks, but we've decided to stay with our current provider.", -0.3182),  // +0.2382
            ("After much discussion, we're going to sit this one out.", -0.25),  // 0.0
            ("We've decided to move to a different platform next quarter.", -0.4215),  // 0.0
            ("The ROI just isn't there for us.", -0.3612),  // 0.0
            ("Frankly, this level of service is not what we signed up for.", -0.4215),  // 0.0
            ("We're going to pause the rollout until the bugs are fixed.", -0.2263),  // +0.0258
        ])
    func refusals(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// Passive-aggressive follow-ups: the courtesy words do not make them praise.
    @Test(
        "passive-aggressive chasers",
        arguments: [
            ("Thanks for finally getting back to us.", -0.3612),  // +0.4404
            ("It would be nice to get a reply at some point.", -0.3612),  // +0.4215
            ("I'm sure you're busy, but this has been open for a month.", -0.3612),  // +0.1655
            // +0.5719; -0.128 before ", though" halved the offer (batch 16)
            ("Happy to jump on a call, though we've done that three times already.", -0.25),
            ("Just bumping this to the top of your inbox once more.", -0.2023),  // +0.2023
            ("Circling back again since I haven't heard anything.", -0.296),  // 0.0
            ("I have asked for a status update four times now.", -0.2023),  // 0.0
            ("I guess we'll just wait another week then.", -0.25),  // 0.0
            ("Again, the numbers in the report do not match our records.", -0.25),  // 0.0
            ("It has been three weeks without a response from support.", -0.296),  // +0.128
            ("We have twelve open tickets and none have been answered.", -0.3612),  // 0.0
        ])
    func chasers(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// Billing, access and on-call complaints VADER had no word for.
    @Test(
        "billing, access and on-call complaints",
        arguments: [
            ("We were double billed again this month.", -0.3612),  // 0.0
            ("Your card ending in 4242 was declined.", -0.296),  // 0.0
            ("This is costing us real money.", -0.296),  // 0.0
            ("Three of our users got locked out this morning.", -0.296),  // 0.0
            ("The dashboard takes over a minute to load.", -0.25),  // 0.0
            ("Every time we open a ticket it gets closed without a fix.", -0.296),  // 0.0
            ("The pager went off at 3am again, third night in a row.", -0.25),  // 0.0
            ("We've been paged every night this week for the same alert.", -0.3612),  // +0.296
            ("The pager went off at 3am again, this is the third time this week.", -0.34),  // unchanged
        ])
    func complaints(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// Spelled-out numbers match `#` after an expression's first word; phrases that spell a number as a
    /// word ("no one", "kill two birds") still match.
    @Test(
        "spelled-out numbers",
        arguments: [
            ("Only three of forty seats are in use.", -0.3612),  // 0.0
            ("Only three of forty seats are active.", -0.3612),  // +0.4019
            ("Only two of our ten admins have logged in since launch.", -0.3612),  // 0.0
            ("Only five of the fifty licenses are being used.", -0.3612),  // 0.0
            ("Only three of the five attendees need a login.", 0.0),  // unchanged
            ("Messages that fail three times go to the dead letter queue.", -0.128),  // unchanged
            ("No one logs in anymore.", -0.4588),  // unchanged
            ("This could kill two birds with one stone.", 0.3612),  // unchanged
        ])
    func spelledNumbers(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// Neutral logistics stay neutral; praise VADER lacks reads positive.
    @Test(
        "logistics and praise",
        arguments: [
            ("Moving this thread to the shared Slack channel.", 0.0),  // +0.34
            ("The kickoff deck is in the shared folder.", 0.0),  // +0.34
            ("Let me loop in our solutions engineer.", 0.0),  // +0.1779
            ("The contract renews automatically on June 30 unless either party gives notice.", 0.0),  // +0.4019
            ("The integration was up and running in an hour.", 0.3612),  // 0.0
            ("Our churn dropped by half after rolling this out.", 0.3612),  // -0.4215
            ("The team has been raving about the new search.", 0.4588),  // 0.0
        ])
    func logisticsAndPraise(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// The spelled-out number words themselves.
    @Test("spelled-out number words")
    func spelledNumberWords() {
        for word in ["one", "twelve", "seventeen", "forty", "hundred", "thousand"] {
            #expect(Array(word.utf8).withUnsafeBufferPointer { RapportEngine.isSpelledNumber($0) })
        }
        for word in ["on", "tens", "none", "someone", "fourth", "Three", "seventeens", "thousands", "seventeem"] {
            #expect(!Array(word.utf8).withUnsafeBufferPointer { RapportEngine.isSpelledNumber($0) })
        }
    }
}
