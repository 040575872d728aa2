import Foundation
import Testing

@testable import RapportSentiment

/// Batch 19 (2026-12-08, docs/sentiment.md): complaints without sentiment words from the probes' misses —
/// something that keeps happening, something that never happened, a wait of days. The Rapport engine's score
/// before the batch is in the comment; the VADER engine never applies them.
@Suite("Rapport engine: recurrence, non-delivery and waits (batch 19)")
struct RapportEngineBatch19Tests {
    private func score(_ text: String) throws -> Double {
        try #require(Fixture.compound(text, .rapport))
    }

    /// "keeps / kept" + a progressive, with nothing scored in its clause.
    @Test(
        "keeps happening",
        arguments: [
            ("this keeps happening every friday", -0.296),  // 0.0
            ("Support keeps asking for the same logs.", -0.25),  // 0.0 ("support keeps" was a 0 phrase)
            ("It keeps getting better.", 0.4404),
            ("The app kept crashing.", -0.4404),
        ])
    func keeps(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// "never" + a simple past, not after "have", with nothing scored in its clause.
    @Test(
        "never happened",
        arguments: [
            ("The promised fix in 3.2 never shipped.", -0.296),  // 0.0
            ("The invoice never arrived.", -0.296),  // 0.0
            ("It never worked.", -0.296),  // 0.0
            ("I've never used Slack before.", 0.0),
            ("We have never missed a deadline.", 0.2235),
        ])
    func never(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// "been / took / takes / taking" + a number + days, weeks or months, with nothing scored in the sentence.
    @Test(
        "waits of days",
        arguments: [
            ("We expected a response within the SLA and it's been four days.", -0.296),  // 0.0
            ("It took five days to get a one-line answer.", -0.296),  // 0.0
            ("It's been 3 days.", -0.296),  // 0.0
            ("It's been two great weeks.", 0.6249),
            ("It only took two days to set up and it works great.", 0.743),
            ("We've been customers for five years.", 0.0),
            ("It took a few minutes.", 0.0),
        ])
    func waits(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// The VADER engine is the reference: none of the batch applies.
    @Test("the VADER engine is unchanged")
    func vaderUnchanged() throws {
        #expect(Fixture.compound("this keeps happening every friday", .vader) == 0.0)
        #expect(Fixture.compound("The invoice never arrived.", .vader) == 0.0)
        #expect(Fixture.compound("It's been 3 days.", .vader) == 0.0)
    }
}
