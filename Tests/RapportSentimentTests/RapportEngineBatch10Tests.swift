import Foundation
import RapportCore
import Testing

@testable import RapportSentiment

/// Batch 10 of `lexicons/en/domain.txt` (2026-12-06 late evening, docs/sentiment.md): failure verbs in calm
/// descriptions left by batch 9, and formulas of business mail (scheduling, chasers, renewals,
/// out-of-office) found by scoring 66 customer-success probes. The Rapport engine's score before the batch
/// is in the comment; the VADER engine (which never reads domain.txt) keeps it.
@Suite("Rapport engine: calm failure wording and business-mail formulas (domain batch 10)")
struct RapportEngineBatch10Tests {
    func score(_ text: String) throws -> Double { try #require(Fixture.compound(text, .rapport)) }
    func reference(_ text: String) throws -> Double { try #require(Fixture.compound(text, .vader)) }

    @Test(
        "calm descriptions and neutral formulas",
        arguments: [
            ("What is the retry policy for failed webhooks?", 0.0),  // -0.5106
            ("We retry failed requests with exponential backoff.", 0.0),  // -0.5106
            ("Failed jobs are listed on the status page.", -0.128),  // -0.5106
            ("Terminate the old instances once the migration is done.", 0.0),  // -0.4215
            ("The job was killed by the OOM killer.", -0.296),  // -0.6705
            ("The patch fixes a security vulnerability.", 0.1027),  // -0.2263
            ("Hi Dana, are you free for a quick call on Thursday at 2pm?", 0.0),  // +0.25
            ("Just checking whether you had a chance to review the contract.", 0.0),  // +0.25
            ("Following up on my email from last week about the renewal quote.", -0.1027),  // +0.1027
            ("Here is the onboarding checklist. Let me know if anything is unclear.", 0.0772),  // -0.1779
            ("Sorry, I missed your call earlier. Can we try again tomorrow?", -0.0772),  // -0.3612
            ("I'm out of office until Monday with limited access to email.", 0.0),  // -0.2263
        ])
    func calmDescriptionsAndFormulas(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    @Test(
        "complaints, churn and chasers read negative",
        arguments: [
            ("Nobody has replied to my last three emails.", -0.3612),  // 0.0
            ("I need to escalate this to your VP of Customer Success.", -0.4215),  // +0.2263
            ("Please cancel our subscription effective at the end of the term.", -0.3612),  // +0.1531
            ("We're evaluating other vendors ahead of our renewal.", -0.2023),  // 0.0
            ("Your invoice #4411 is now past due.", -0.296),  // 0.0
            ("The update fixes nothing.", -0.3612),  // 0.0
            ("Our nightly export was OOMKilled again and we lost a day of data.", -0.5423),  // -0.3182
            ("Our budget was cut, so we need to reduce seats at renewal.", -0.2732),  // -0.0772
        ])
    func complaintsReadNegative(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    @Test(
        "real failures keep their weight",
        arguments: [
            ("The payment failed and our account was suspended.", -0.7506),  // same
            ("Failed payments are retried automatically after three days.", -0.5106),  // same: payments not listed
            ("Your webhooks keep failing and we are losing orders.", -0.7096),  // same
            ("We want to terminate the contract.", -0.3612),  // same
            ("This is the third time the sync has broken this month. We need a fix today.", -0.6705),  // same
            // Left (docs): a mild category phrase also softens a report of many failures (-0.5106 before).
            ("We have 40 failed jobs since the update and nobody told us.", -0.4019),  // -0.128 before batch 17
            // Left by this batch ("fail" in a relative clause, VADER's -2.5: -0.5423); batch 12's "fail three
            // times" (-0.5) reads it as the retry rule it is.
            ("Messages that fail three times go to the dead letter queue.", -0.128),
        ])
    func realFailuresKeepTheirWeight(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    @Test(
        "second probe round: pleasantries, requests and threats",
        arguments: [
            ("Hope all is well. Any update on the SOW?", 0.0),  // +0.5423
            ("Hope you had a great weekend! Just following up on the pricing proposal.", 0.1007),  // +0.784
            ("Hope all is well with you!", 0.2003),  // +0.6476 (a pleasantry alone stays warm)
            ("I wanted to make sure this didn't fall through the cracks.", 0.0),  // +0.3182
            ("Quick question: does the API support pagination?", 0.0),  // +0.4019
            ("I'd appreciate it if someone could look into this today.", 0.0),  // +0.4019
            ("The renewal is at risk unless we see improvement in response times.", -0.6369),  // +0.4019
            ("We're going to hold off on the upgrade for now.", -0.0258),  // +0.2263
            ("We've been trying to get a straight answer for weeks.", -0.25),  // +0.2263
            ("The new version is a big improvement, thanks for the support.", 0.7096),  // same
        ])
    func secondProbeRound(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// `--engine vader` never reads domain.txt: the reference's numbers are unchanged.
    @Test func vaderEngineIsUnchanged() throws {
        #expect(try reference("What is the retry policy for failed webhooks?") == -0.5106)
        #expect(try reference("I need to escalate this to your VP of Customer Success.") == 0.5719)
        #expect(try reference("Hi Dana, are you free for a quick call on Thursday at 2pm?") == 0.5106)
    }
}
