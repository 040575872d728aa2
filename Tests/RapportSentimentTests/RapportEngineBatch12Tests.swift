import Foundation
import Testing

@testable import RapportSentiment

/// Batch 12 of `lexicons/en/domain.txt` (2026-12-06 night, docs/sentiment.md): incident reports and on-call
/// wording, price objections (with `#`, any number, in multi-word expressions), legal and security review,
/// adoption, sponsor changes and understated praise, from 128 probe messages. The Rapport engine's score
/// before the batch is in the comment.
@Suite("Rapport engine: incidents, price objections, adoption and sponsors (domain batch 12)")
struct RapportEngineBatch12Tests {
    private func score(_ text: String) throws -> Double {
        try #require(Fixture.compound(text, .rapport))
    }

    /// Calm technical and process descriptions read as what they are, not as grievances.
    @Test(
        "incident reports and on-call wording",
        arguments: [
            ("Messages land in the dead letter queue after retries fail three times.", -0.128),  // -0.5423
            ("Messages that fail three times go to the dead letter queue.", -0.128),  // -0.5423
            ("This post-mortem is blameless; the goal is to learn, not to assign fault.", 0.0),  // +0.4512
            ("Detection took 12 minutes because the alert threshold was set too high.", -0.25),  // +0.0516
            ("The RCA will be shared within five business days.", 0.0),  // +0.34
            ("We rolled back the deployment at 14:32 and error rates returned to baseline.", 0.128),  // -0.128
            ("Lessons learned: we need better runbooks for the billing service.", -0.128),  // +0.4404
            ("The pager went off at 3am for a disk space alert.", 0.0),  // +0.296
            ("Escalating to engineering per the runbook.", 0.0),  // -0.4215
            ("The incident commander for this one is Priya.", 0.0),  // -0.296
            ("Downgrading from sev2 to sev3 since the workaround holds.", -0.1531),  // -0.3818
            ("The alert is flapping; I've silenced it for an hour.", 0.0),  // +0.296
            ("Can you share the trace ID for the failed request?", -0.128),  // -0.5106
        ])
    func incidentWording(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// A price rise, a budget "no" and a refused sign-off are clearly negative for the relationship.
    @Test(
        "price objections read negative",
        arguments: [
            ("The renewal quote came in 40% higher than last year.", -0.4588),  // 0.0
            ("Why is the renewal quote 40% higher than last year?", -0.4588),  // 0.0
            ("Your quote is 25% higher than your competitor's for the same features.", -0.4588),  // 0.0
            ("That's outside our budget for this year.", -0.3612),  // 0.0
            ("Procurement pushed back on the price increase.", -0.4588),  // -0.25
            ("A 30% price increase is not something we can absorb.", -0.5423),  // -0.25
            ("Finance won't sign off on this number.", -0.3612),  // 0.0
            ("Your pricing is significantly higher than the alternatives we looked at.", -0.296),  // 0.0
            ("The budget for this line item was frozen.", -0.25),  // 0.0
            ("We can't justify the cost given how little we use it.", -0.3612),  // 0.0
            ("The uplift is steeper than we expected.", -0.25),  // 0.0
            ("We were blindsided by a 35% increase at renewal.", -0.6486),  // +0.3182
            ("We need a discount to get this approved.", 0.0),  // +0.4215
            ("The new quote is 10% lower, which works for us.", 0.4939),  // 0.0
        ])
    func priceObjections(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// `#` matches any number after a phrase's first word: digits with "," and "." inside, the "%" aside.
    @Test(
        "numbers in multi-word expressions",
        arguments: [
            ("The renewal quote came in 12.5% higher than last year.", -0.4588),
            ("The quote is 40 % higher.", -0.4588),
            ("Only 1,000 of 5,000 seats are active.", -0.3612),
            ("Jobs that fail 5 times are parked for review.", -0.128),
            // Spelled-out numbers match `#` since batch 13 (was +0.4019: "active" read as good news).
            ("Only three of forty seats are active.", -0.3612),
            ("Only 2 of the 5 attendees need a login.", 0.0),
        ])
    func numbersInExpressions(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// Legal and security review: departments, documents and questions are neutral; findings are not.
    @Test(
        "legal and security review",
        arguments: [
            ("The DPA is still with legal.", 0.0),  // +0.128
            ("Our legal team is reviewing the MSA redlines.", 0.0),  // +0.128
            ("Legal needs a redline of the MSA before we can sign.", 0.0),  // +0.128
            ("Infosec asked whether you support SSO via Okta.", 0.0),  // +0.4019
            ("The subprocessor list is on our trust page.", 0.0),  // +0.5106
            ("Data residency in the EU is a hard requirement for us.", 0.0),  // -0.1027
            ("The security team flagged three high findings in your pen test.", -0.25),  // 0.0
            ("You failed our security questionnaire.", -0.5106),  // unchanged
            ("Our legal team says the new contract terms are unacceptable.", -0.5423),  // -0.4588
        ])
    func legalAndSecurity(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// Adoption and sponsor changes: unused seats and a departed champion are churn signals.
    @Test(
        "adoption and sponsor changes",
        arguments: [
            ("Only 3 of 40 seats are active.", -0.3612),  // +0.4019
            ("We're paying for 200 seats and only 12 people use it.", -0.3612),  // 0.0
            ("Nobody on the team logs in anymore.", -0.296),  // -0.128
            ("Usage dropped 60% last quarter.", -0.296),  // 0.0
            ("Most of the team still uses spreadsheets instead.", -0.25),  // 0.0
            ("Onboarding has stalled since the holidays.", -0.128),  // +0.2732
            ("Adoption is up to 85% of licensed seats.", 0.296),  // 0.0
            ("Usage doubled after the training sessions.", 0.3612),  // 0.0
            ("Our champion left the company last month.", -0.4588),  // +0.5994
            ("We've lost our internal champion for the project.", -0.4588),  // +0.3818
            ("Our VP who signed the deal is no longer with the company.", -0.3612),  // -0.296
            ("Our executive sponsor is moving to a different role.", -0.128),  // 0.0
            ("There was a reorg and the team that used your product was dissolved.", -0.3612),  // 0.0
            ("Our champion, Maria, loves the new dashboard.", 0.8225),  // unchanged
        ])
    func adoptionAndSponsors(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// Understated praise reads positive.
    @Test(
        "understated praise",
        arguments: [
            ("It does what we need.", 0.296),  // 0.0
            ("The rollout was uneventful, which is exactly what we wanted.", 0.6369),  // 0.0
            ("We've had zero downtime since the upgrade.", 0.5267),  // -0.25
            ("Solid quarter, thanks to everyone involved.", 0.6597),  // +0.5423
            ("Exactly what we needed, thank you!", 0.6996),  // unchanged (batch 5)
        ])
    func understatedPraise(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// Complaints that use the batch's words keep (or gain) their weight.
    @Test(
        "complaints stay negative",
        arguments: [
            // -0.4215: "escalated" (-1.8) gave way to "heard nothing" (-1.5); the hand-off itself is neutral.
            ("Your support team escalated to engineering three weeks ago and we've heard nothing since.", -0.3612),
            ("I will escalate this to your VP if it is not fixed today.", -0.5806),  // unchanged
            ("The alert never fired and we found out from our customers.", -0.296),  // +0.6278
            ("The sync fails three times a day.", -0.4215),  // unchanged
            ("Prices went up again and the product got worse.", -0.6808),  // -0.4767
            ("Sorry, our budget is frozen until next year.", -0.3182),  // -0.0772
            ("The screen is frozen again.", -0.25),  // 0.0
            ("This is the third P1 this month and nobody from your side has explained why.", -0.3612),  // 0.0
        ])
    func complaintsStayNegative(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// Logistics stay at 0, including those whose words VADER rates ("holidays", "legal", "trust").
    @Test(
        "neutral logistics stay at 0",
        arguments: [
            "Our offices are closed for the holidays from December 24.",  // +0.3818
            "The timeline below is in UTC.",
            "Action items are tracked in JIRA under OPS-1182.",
            "This is a P1, paging the on-call engineer now.",
            "Retries are capped at three with exponential backoff.",
            "Can you send over a revised quote with three-year pricing?",
            "Please complete the attached security questionnaire by Friday.",
            "The kickoff call is scheduled for Monday at 10am.",
            "Sarah is taking over as our main point of contact.",
            "Jenna will be your new customer success manager.",
            "Attaching the agenda for Thursday's QBR.",
            "The invoice is attached; payment terms are net 30.",
            "The invoice total is 1,200 EUR.",
            "The maintenance window is Saturday from 02:00 to 04:00 UTC.",
        ])
    func neutralLogistics(_ text: String) throws {
        #expect(try score(text) == 0.0)
    }

    /// The second round: 24 probes written after the first round's entries (10 → 16 in range with those
    /// alone, 23 with the second round's).
    @Test(
        "second round of probes",
        arguments: [
            ("The post-incident review is scheduled for Wednesday.", 0.0),  // -0.296
            ("The root cause was a bad config push to the edge proxies.", -0.2023),  // -0.5423
            ("Latency is back to baseline as of 16:05 UTC.", 0.25),  // 0.0
            ("This is the second sev1 in two weeks, and we need answers.", -0.25),  // 0.0
            ("The renewal quote is 40% higher than last year.", -0.4588),  // 0.0
            ("Honestly, a 25% uplift at renewal is hard to swallow.", -0.5574),  // 0.0
            ("We can't move forward until you pass our security review, and right now you don't.", -0.296),  // 0.0
            ("Only 5 of 60 licenses have been used this quarter.", -0.3612),  // 0.0
            ("Weekly active users are up 40% since the new onboarding flow.", 0.3612),  // +0.4588
            ("Our champion has left and the new director isn't convinced.", -0.6437),  // +0.3903
            ("We'll review the renewal terms at our budget meeting in March.", 0.0),  // +0.2023
            ("Our legal review usually takes two to three weeks.", 0.0),  // +0.128
            ("Can you send the quote for 50 seats instead of 40?", 0.0),  // unchanged
        ])
    func secondRound(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// Happy holidays and trust keep VADER's values: only the date and the page are neutral.
    @Test func wordsOutsideThePhrasesKeepTheirValues() throws {
        #expect(try score("Happy holidays from all of us!") == 0.7644)
        #expect(try score("The trust you've built with our team means a lot.") == 0.5106)
    }
}
