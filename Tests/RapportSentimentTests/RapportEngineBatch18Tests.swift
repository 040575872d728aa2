import Foundation
import Testing

@testable import RapportSentiment

/// Batch 18 (2026-12-08, docs/sentiment.md): rules and `domain.txt` entries from 60 held-out business probes
/// (`heldout7`). The Rapport engine's score before the batch is in the comment; the VADER engine never
/// applies them.
@Suite("Rapport engine: refunds not received, old requests, acknowledgements (batch 18)")
struct RapportEngineBatch18Tests {
    private func score(_ text: String) throws -> Double {
        try #require(Fixture.compound(text, .rapport))
    }

    /// A refund (a request, negative in `domain.txt`) keeps its sign under negation: not having one is the
    /// complaint.
    @Test(
        "refunds not received",
        arguments: [
            ("Still no refund.", -0.2411),  // +0.2411
            ("No refund has been issued.", -0.2411),  // +0.2411
            ("We haven't seen a refund yet.", -0.2411),  // +0.2411
            ("We want a refund.", -0.25),  // -0.25
            ("We still haven't received our refund.", -0.5423),  // -0.5423
        ])
    func refunds(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// A request verb and "<n> days / weeks / months / years ago" in one clause: a request left open that long.
    @Test(
        "old requests",
        arguments: [
            ("We asked for a simple CSV export six months ago.", -0.296),  // 0.0
            ("I reported this two weeks ago.", -0.296),  // 0.0
            ("We raised it a month ago.", -0.296),  // 0.0
            // Not a request, not long enough, or another clause: nothing.
            ("We signed the contract two years ago.", 0.0),
            ("I reported this an hour ago.", 0.0),
            ("I reported this, two weeks ago.", 0.0),
            // Praise in the message still decides.
            ("We reported it a month ago and it was fixed within a day, thanks!", 0.5093),  // 0.6696
        ])
    func oldRequests(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// "ok", "okay", "alright", "sure" opening a sentence before a clause mark, and "ok" / "okay" alone, are
    /// acknowledgements; elsewhere they keep VADER's valence.
    @Test(
        "acknowledgements",
        arguments: [
            ("ok", 0.0),  // 0.296
            ("OK!", 0.0),  // 0.3595
            ("Ok, will do.", 0.0),  // 0.296
            ("Alright, I'll check.", 0.0),  // 0.25
            ("Sure, I'll send it over.", 0.0),  // 0.3182
            ("Okay, sounds good.", 0.4404),  // 0.5859
            ("Sure!", 0.3802),
            ("The product is ok.", 0.296),
        ])
    func acknowledgements(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// `domain.txt` batch 18: sharing is handing over; wiped data and hits.
    @Test(
        "domain entries",
        arguments: [
            ("I've shared the document with your team.", 0.0),  // 0.34
            ("Thanks for sharing!", 0.4926),  // 0.7177
            ("The import wiped our custom fields.", -0.4215),  // 0.0
            ("I wiped the cache and tried again.", 0.0),
            ("The new dashboard is a big hit with our execs.", 0.4588),  // 0.0
            ("Our revenue took a big hit.", -0.4215),  // 0.0
        ])
    func domain(_ text: String, _ compound: Double) throws {
        #expect(try score(text) == compound)
    }

    /// The VADER engine is the reference: none of the batch applies.
    @Test("the VADER engine is unchanged")
    func vaderUnchanged() throws {
        #expect(Fixture.compound("Still no refund.", .vader) == -0.296)
        #expect(Fixture.compound("I've shared the document with your team.", .vader) == 0.34)
        #expect(Fixture.compound("We asked for a simple CSV export six months ago.", .vader) == 0.0)
        #expect(Fixture.compound("Sure, I'll send it over.", .vader) == 0.3182)
    }
}
