import Foundation
import RapportCore
import Testing

@testable import RapportAnalysis

/// `RepeatedRequestRule` looks back, on a date-ordered timeline, only over the messages still open (inbound,
/// not a closer, unanswered, inside the look-back window), kept as the scan advances (2026-12-08); without
/// date order it scans every earlier message. Seeded timelines with near-duplicate requests, follow-up
/// phrases, interim replies, closers and gaps around the windows give the same firings both ways.
@Suite struct RepeatedRequestScanTests {
    static func timeline(seed: UInt64) -> [AnalyzedMessage] {
        var rng = WarningsSimulation.RNG(state: seed)
        let requests = [
            "Could you send us the signed order form for the Q3 renewal?",
            "Can you please send the signed order form for the renewal?",
            "Could you check why the CSV export drops rows for our team?",
            "Please share the SSO setup guide for our admins and the new domain.",
            "Is the API rate limit going to change for our plan next month?",
        ]
        let chasers = [
            "Any update on this?", "Following up on the order form.", "Just checking in on my question.",
            "As I mentioned, we still need the order form?", "Still waiting for the export fix?",
            "I'll follow up with the signed form.", "Following up on our call, here are the notes.",
        ]
        let ours = ["Sorry, we are on it.", "Here it is, attached.", "Looking into it now.", "Done, see attached."]
        var lines: [ExampleScript.Line] = []
        var day = 0.0
        for _ in 0..<(60 + Int(rng.next() % 120)) {
            // Gaps from minutes to beyond the 21-day look-back and the 60-day thread look-back.
            day += rng.chance(0.05) ? 20 + rng.uniform() * 45 : rng.uniform() * 3
            let thread = "t\(rng.next() % 6)"
            switch rng.next() % 10 {
            case 0, 1, 2: lines.append(ExampleScript.them(day, rng.pick(requests), thread: thread))
            case 3, 4: lines.append(ExampleScript.them(day, rng.pick(chasers), thread: thread))
            case 5: lines.append(ExampleScript.them(day, "Thanks!", thread: thread))
            case 6: lines.append(ExampleScript.them(day, "FYI the new release went out today.", thread: thread))
            default: lines.append(ExampleScript.us(day, rng.pick(ours), thread: thread))
            }
        }
        return ExampleScript.build(lines)
    }

    @Test func openListGivesTheSameFiringsAsTheScan() {
        let config = WarningsConfig()
        var fired = 0
        for seed in UInt64(1)...60 {
            let messages = Self.timeline(seed: seed)
            let ordered = ContactTimeline(contact: "ana@acme.example", messages: messages, workers: 1)
            #expect(ordered.dateOrdered)
            let scanned = ContactTimeline(ordered, dateOrdered: false)
            let asOf = messages.last!.date
            let fast = RepeatedRequestRule.firings(ordered, config: config, asOf: asOf)
            let slow = RepeatedRequestRule.firings(scanned, config: config, asOf: asOf)
            let same = fast == slow
            #expect(same, "seed \(seed): \(fast.count) firings on the open list, \(slow.count) by the scan")
            fired += fast.count
        }
        // The timelines do exercise the rule.
        #expect(fired > 100)
    }
}
