import Testing

@testable import RapportSentiment

@Suite("Tone markers with byte spans")
struct ToneMarkerTests {
    func markers(_ text: String, engine: SentimentEngineKind = .rapport) -> [(ToneMarkerKind, String)] {
        let result = Fixture.analyzer(engine).analyze(text)
        let bytes = Array(text.utf8)
        return result.markers.map { m in
            // Spans quote the text exactly.
            let quoted = String(decoding: bytes[m.evidence.start..<m.evidence.end], as: UTF8.self)
            #expect(quoted == m.evidence.term)
            return (m.kind, quoted)
        }
    }

    func kinds(_ text: String) -> [String] { markers(text).map { "\($0.0.rawValue):\($0.1)" } }

    @Test func warmVersusFormal() {
        #expect(
            kinds("Hi Sam! Thanks so much, talk soon") == [
                "warm-greeting:Hi", "exclamation:!", "gratitude:Thanks so much",
            ])
        #expect(
            kinds("Dear Mr. Smith,\nPlease find the invoice attached.\n\nKind regards,\nJane Doe")
                == ["formal-greeting:Dear", "formal-sign-off:Kind regards"])
        #expect(kinds("Thanks for the help.\nCheers,\nSam") == ["gratitude:Thanks", "warm-sign-off:Cheers"])
    }

    @Test func signOffOnlyNearTheEnd() {
        // "regards" in the middle of a long message is not a sign-off.
        let text = "Hello,\nregards to the team for the launch.\nLine two.\nLine three.\nLine four.\nLine five.\nSam"
        #expect(!kinds(text).contains { $0.hasPrefix("formal-sign-off") })
    }

    @Test func greetingOnlyAtTheStart() {
        #expect(kinds("I said hi to them").isEmpty)
    }

    @Test func repeatedRequestsChurnEscalationCompetitor() {
        let k = kinds("Following up again: any update? We are considering switching to Zendesk and will escalate this.")
        #expect(k.contains("repeated-request:Following up"))
        #expect(!k.contains("repeated-request:again"))
        #expect(k.contains("repeated-request:any update"))
        #expect(k.contains("churn-risk:considering switching"))
        // Product names are no competitor markers by default (a B2B customer integrates with them).
        #expect(!k.contains("competitor:Zendesk"))
        #expect(k.contains("escalation:escalate"))
        let idioms = kinds("This is the last straw: after weeks of radio silence we are pulling the plug.")
        #expect(idioms == ["escalation:last straw", "repeated-request:radio silence", "churn-risk:pulling the plug"])
    }

    /// Churn and escalation need their object or target: a cancelled meeting, a move to a new office,
    /// signature titles and routine contract review are none of them (they raised act-level warnings).
    @Test func churnAndEscalationNeedTheirObject() {
        let everyday = [
            "Can we cancel Thursday's call? We are moving to the new office, so let's switch to Monday.",
            "Jo Smith\nVP Operations | Account Manager\nLegal & Compliance",
            "Our legal team has a few comments on the MSA; our CEO will join the call.",
            "Urgent: please send the invoice ASAP. Per the SLA you answer within four hours.",
            "Great, the refund was processed. Thanks!",
            "Are there alternatives to the CSV export? We terminate TLS at the load balancer.",
        ]
        for text in everyday {
            let k = kinds(text).filter { $0.hasPrefix("churn-risk:") || $0.hasPrefix("escalation:") }
            #expect(k.isEmpty, "\(text): \(k)")
        }
        #expect(kinds("We would like to cancel our subscription.") == ["churn-risk:cancel our subscription"])
        #expect(kinds("I'd like a refund") == ["churn-risk:a refund"])
        #expect(kinds("I want to speak to your manager") == ["escalation:speak to your manager"])
        #expect(kinds("We will take legal action.") == ["escalation:legal action"])
        #expect(kinds("That is an SLA breach.") == ["escalation:SLA breach"])
        #expect(kinds("We are evaluating alternatives") == ["churn-risk:evaluating alternatives"])
        #expect(kinds("We're going in a different direction.") == ["churn-risk:going in a different direction"])
    }

    /// A bare "again" or "no response" is no chaser: thanks, retries and a server's silence are not a
    /// customer asking twice.
    @Test func chasersNeedTheirContext() {
        for text in [
            "Thanks again for the quick fix!", "I tried again and it works now.",
            "The API gives no response after 30 seconds.", "We are trying to reach the endpoint from our VPN.",
            "The second time we ran it, it passed.",
        ] {
            #expect(!kinds(text).contains { $0.hasPrefix("repeated-request:") }, "\(text)")
        }
        #expect(kinds("I'm asking again: when will it ship") == ["repeated-request:asking again"])
        #expect(kinds("Still no response from your team.") == ["repeated-request:Still no response"])
        #expect(kinds("We have been trying to reach you all week") == ["repeated-request:trying to reach you"])
    }

    /// Chat-style chasers (batch 8).
    @Test func chatChasers() {
        #expect(kinds("bump on this") == ["repeated-request:bump on this"])
        #expect(kinds("any news?") == ["direct-question:any news", "repeated-request:any news"])
        #expect(kinds("Still no word from engineering?") == ["repeated-request:Still no word"])
        #expect(kinds("We're thinking of switching.") == ["churn-risk:thinking of switching"])
    }

    @Test func directQuestionsHedgesApologies() {
        let k = kinds("Sorry for the delay. Why is the export still failing? Maybe it is the proxy, I think.")
        #expect(k.contains("apology:Sorry"))
        #expect(k.contains("direct-question:Why"))
        #expect(k.contains("hedge:Maybe"))
        #expect(k.contains("hedge:I think"))
        #expect(kinds("Hi Sam, why is the export failing?").contains("direct-question:why"))
        #expect(kinds("hi, what is the status???").contains("direct-question:what"))
        // "Why" that does not open a question is not a direct question.
        #expect(!kinds("That is why we moved.").contains { $0.hasPrefix("direct-question") })
    }

    @Test func exclamationEmojiLaughter() {
        #expect(kinds("Great!!! 😁 haha") == ["exclamation:!!!", "emoji:😁", "laughter:haha"])
    }

    @Test func curlyApostrophesInPhrases() {
        #expect(kinds("We haven’t heard back from you").contains("repeated-request:haven’t heard back"))
    }

    @Test func markersAlsoWithTheVaderEngine() {
        #expect(markers("Hi team!", engine: .vader).map(\.0) == [.warmGreeting, .exclamation])
    }

    /// A manager, CEO or leadership team needs the verb that goes over our head; product names are tools a
    /// customer integrates with; "third time" and "follow up" need the chase (each raised a warning on a
    /// healthy account: a QBR thank-you, a budget review, a Salesforce integration question, a promise).
    @Test func escalationCompetitorAndChaserNeedTheirContext() {
        let everyday = [
            "Great to meet your leadership team and your manager Helen. Please thank your CEO for joining.",
            "I need to present the renewal numbers to senior management first; upper management approved it.",
            "Does your Salesforce integration sync custom fields? Marketing lives in HubSpot and Asana.",
            "This is the third time this year our volume doubled. I'll follow up with the signed form.",
        ]
        let risky = ["escalation:", "competitor:", "repeated-request:", "churn-risk:"]
        for text in everyday {
            let k = kinds(text).filter { m in risky.contains { m.hasPrefix($0) } }
            #expect(k.isEmpty, "\(text): \(k)")
        }
        #expect(kinds("We will be contacting your CEO.") == ["escalation:contacting your CEO"])
        #expect(kinds("Let me talk to your supervisor") == ["escalation:talk to your supervisor"])
        #expect(kinds("This is the third time I'm asking.") == ["repeated-request:third time I'm asking"])
        #expect(
            kinds("I'd like to follow up on my request from May.") == ["repeated-request:follow up on my request"])
    }

    @Test func nonLatinTextHasNoEnglishMarkers() {
        #expect(kinds("東京は素晴らしい街です！").isEmpty)
    }
}
