import Foundation
import RapportCore
import Testing

@testable import RapportSentiment

/// Batch 9 of `lexicons/en/domain.txt` (2026-12-06 evening, docs/sentiment.md): technical vocabulary of
/// support threads that VADER reads as violence or failure ("block" -1.9, "dead" -3.3, "kill" -3.7), and
/// courtesy formulas it reads as grievances. A calm technical description must not read as angry; a
/// complaint that uses the same words must stay negative. The Rapport engine's score before the batch is
/// in the comment; the VADER engine (which never reads domain.txt) keeps it.
@Suite("Rapport engine: technical vocabulary and courtesy formulas (domain batch 9)")
struct RapportEngineBatch9Tests {
    func score(_ text: String) throws -> Double { try #require(Fixture.compound(text, .rapport)) }
    func reference(_ text: String) throws -> Double { try #require(Fixture.compound(text, .vader)) }

    @Test(
        "calm technical descriptions",
        arguments: [
            ("The code block in step 3 of the docs uses the old API name.", 0.0),  // -0.4404
            ("We set the block size to 4 MB for the export job.", 0.0),  // -0.4404
            ("Does the plan include block storage or only object storage?", 0.0),  // -0.4404
            ("Could you add error handling to the webhook client?", 0.0),  // -0.4019
            ("Here is the error code we see: E1043.", -0.2023),  // -0.4019 (an error was seen: mild)
            ("The error message says the token has expired.", -0.34),  // -0.5106
            ("The import finished with no errors.", 0.25),  // +0.2584 (negated "errors")
            ("We had to kill the process and restart the worker.", -0.3612),  // -0.6908
            ("Is there a kill switch for the sync?", 0.0),  // -0.6908
            ("The dead code path was removed in 4.2.", 0.0),  // -0.6486
            ("Dead link on the pricing page: /plans returns 404.", -0.25),  // -0.6486
            ("Our fatal error alerts go to the on-call channel.", -0.296),  // -0.7351
            ("The attack surface is smaller if we disable the legacy endpoint.", 0.0),  // -0.4767
            ("We marked the ticket as critical priority because payroll runs on Friday.", -0.1027),  // -0.3182
            ("Garbage collection pauses are under 10 ms now.", 0.0),  // -0.4404
            ("The drop-down on the settings page lists every region.", 0.0),  // -0.2732
            ("We are using mock data in the staging environment.", 0.0),  // -0.4215
            ("I moved the old reports to the trash folder.", 0.0),  // -0.4215
            ("We ran a stress test with 5,000 concurrent users.", 0.0),  // -0.4215
            ("The deploy failed over to the backup region automatically.", 0.0),  // -0.5106
            ("Please file a bug report with the steps to reproduce.", 0.0),  // -0.296
            ("The release notes list the bug fixes.", 0.128),  // -0.296
            ("We log a warning message when the quota is close.", -0.128),  // -0.34
            ("The API returns 400 Bad Request when the date is empty.", -0.3818),  // -0.6486
            ("Permission denied when the service account writes to the bucket.", -0.2023),  // -0.4404
            ("Raj is out sick today, I'll cover the call.", 0.0),  // -0.5106
            ("What are your main pain points with the current tool?", -0.128),  // -0.5106
            ("The numbers look good, no red flags.", 0.5994),  // +0.1779
        ])
    func calmTechnicalDescriptions(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    @Test(
        "idioms of praise and courtesy formulas",
        arguments: [
            ("This lets us kill two birds with one stone.", 0.3612),  // -0.6908
            ("Your team is killing it this quarter!", 0.5093),  // -0.69
            ("The new setup is dead simple.", 0.3612),  // -0.6486
            ("The API is a killer feature for us.", 0.4588),  // -0.6486
            ("Sorry for the delay in getting back to you.", -0.0772),  // -0.3818
            ("Sorry to bother you, do you have the PO?", -0.0772),  // -0.4019
            ("I have a hard stop at 3pm.", 0.0),  // -0.3818
            ("In the worst case we roll back to 4.1.", -0.0772),  // -0.6249
            ("We follow best practices for key rotation.", 0.0),  // +0.6369
        ])
    func idiomsAndFormulas(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    @Test(
        "complaints with the same words stay negative",
        arguments: [
            ("Your update broke our checkout, we keep getting errors, this is unacceptable.", -0.8271),  // same
            ("The dashboard has been throwing errors all morning and nobody has responded.", -0.5994),  // same
            ("We are getting errors on every login attempt since the update.", -0.34),  // same
            ("Your API is killing our conversion rate.", -0.6597),  // same
            ("This is a disaster, the whole block of orders from Monday is missing.", -0.8481),  // same
            ("Every export fails with a fatal error. We need this fixed today.", -0.7184),  // -0.875
            ("The error handling is terrible: it swallows every exception.", -0.4767),  // -0.7003
            ("The error messages are useless and your docs are wrong.", -0.7717),  // -0.8225
            ("Critical bug: payments are being declined for all customers.", -0.3818),  // -0.5423
            // "without" negated "error" into praise; "without fixing" is a failure to fix.
            ("Your support team keeps closing my ticket without fixing the error.", -0.5994),  // +0.3089
        ])
    func complaintsStayNegative(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// `--engine vader` never reads domain.txt: the reference's numbers are unchanged.
    @Test func vaderEngineIsUnchanged() throws {
        #expect(try reference("The code block in step 3 of the docs uses the old API name.") == -0.4404)
        #expect(try reference("We had to kill the process and restart the worker.") == -0.6908)
        #expect(try reference("Your support team keeps closing my ticket without fixing the error.") == 0.607)
        #expect(try reference("We follow best practices for key rotation.") == 0.6369)
    }
}
