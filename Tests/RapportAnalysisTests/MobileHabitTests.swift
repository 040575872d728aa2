import Foundation
import RapportAnalysis
import RapportCore
import Testing

/// Someone who always answers from a phone (real-world check: four of a customer's five list posts ended
/// in "Get Outlook for iOS", and her median length came from the fifth alone).
@Suite struct MobileHabitTests {
    static func texts(_ counts: [Int]) -> [String] {
        counts.map { n in (0..<n).map { "word\($0)" }.joined(separator: " ") }
    }

    static func conversation(_ contact: String, _ theirs: [(String, Bool)]) -> [Message] {
        var out: [Message] = []
        for (i, (text, mobile)) in theirs.enumerated() {
            let day = String(format: "2026-03-%02d", i + 2)
            out.append(
                Kit.mail(
                    "o\(i)-\(contact)", "t\(i)-\(contact)", from: "me@ours.com", to: contact,
                    at: day + "T09:00:00+00:00", "Could you check the settings on the device"))
            out.append(
                Kit.mail(
                    "i\(i)-\(contact)", "t\(i)-\(contact)", from: contact, to: "me@ours.com",
                    at: day + "T10:00:00+00:00", text, attributes: mobile ? ["mobile_footer": "true"] : [:]))
        }
        return out
    }

    @Test func habitualMobileRepliesCountAsWords() {
        let habit = Self.conversation(
            "jane@acme.com", zip(Self.texts([5, 6, 7, 8, 20]), [true, true, true, true, false]).map { ($0, $1) })
        let exception = Self.conversation(
            "bob@bolt.com", zip(Self.texts([10, 4, 6]), [true, false, false]).map { ($0, $1) })
        let body = Kit.analyze(habit + exception)
        let jane = Kit.contact(body, "jane@acme.com")?.dynamics
        #expect(jane?.mobileRepliesThem == 4)
        #expect(jane?.medianWordsThem == 7)
        #expect(jane?.medianWordsUs == 8)
        let bob = Kit.contact(body, "bob@bolt.com")?.dynamics
        #expect(bob?.mobileRepliesThem == 1)
        #expect(bob?.medianWordsThem == 5)
    }
}
