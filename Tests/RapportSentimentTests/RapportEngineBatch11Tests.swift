import Foundation
import Testing

@testable import RapportSentiment

/// Batch 11 of `lexicons/en/domain.txt` (2026-12-06 night, docs/sentiment.md): a lost deal said politely
/// ("decided not to move forward"), a competitor chosen, waiting time, and a credit asked for after a
/// failure. The Rapport engine's score before the batch is in the comment.
@Suite("Rapport engine: deal decisions, waiting time and credits (domain batch 11)")
struct RapportEngineBatch11Tests {
    @Test(
        "polite losses and complaints read negative",
        arguments: [
            ("We have decided not to move forward at this time.", -0.3612),  // 0.0
            // +0.2023 ("renewal" +0.8); -0.1779 before batch 17 ("renewal" 0)
            ("We will not be moving forward with the renewal.", -0.3612),
            ("After careful review we decided to go with another vendor.", -0.296),  // -0.0516
            ("I've been waiting two weeks for a response to my ticket.", -0.296),  // -0.1531
            ("We'll need a credit for the downtime last week.", -0.4404),  // -0.0772
        ])
    func politeLossesReadNegative(_ text: String, _ compound: Double) throws {
        #expect(try #require(Fixture.compound(text, .rapport)) == compound)
    }

    /// An offer of times is not praise; the answer ("works for me") and a product that works better are.
    @Test(
        "scheduling questions are neutral",
        arguments: [
            ("Would Tuesday or Wednesday work better for you?", 0.0),  // +0.4404
            ("Does 3pm or 4pm work best for you?", 0.0),  // +0.6369
            ("Let me know what time works best for you.", 0.0),  // +0.7506
            ("Let me know what works for you.", 0.0),  // +0.296
            ("Tuesday works for me!", 0.3595),  // unchanged
            ("The new dashboard works better for our team.", 0.6249),  // unchanged
        ])
    func schedulingQuestionsAreNeutral(_ text: String, _ compound: Double) throws {
        #expect(try #require(Fixture.compound(text, .rapport)) == compound)
    }

    /// Moving forward is only a loss when it is declined.
    @Test func movingForwardStaysPositive() throws {
        // 0.4003 before batch 14's "move forward with".
        #expect(try #require(Fixture.compound("We're excited to move forward with the pilot!", .rapport)) == 0.5983)
        #expect(try #require(Fixture.compound("Happy to move forward with the order form.", .rapport)) > 0.5)
    }
}
