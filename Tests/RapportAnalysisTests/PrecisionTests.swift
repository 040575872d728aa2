import RapportCore
import RapportSentiment
import Testing

@testable import RapportAnalysis

/// Precision on ordinary business mail (a healthy B2B mailbox written for the check, 2026-12-06): every
/// text below raised a false warning, or a false gate, before; the unhealthy side must still be warned.
@Suite struct PrecisionTests {
    typealias S = ExampleScript

    func risk(_ text: String) -> [Warning] {
        WarningEngine.evaluate(
            timelines: ["ana@acme.example": S.build([S.them(0, text)])], config: only("explicit-risk"),
            asOf: S.at(1))
    }

    @Test(
        arguments: [
            // Contract review: clauses are drafted, not invoked.
            "Our legal team reviewed the MSA: either party may terminate the agreement with 60 days notice, "
                + "and the termination notice period in 9.2 should match.",
            "They also want the breach of contract remedies in section 11.3 to reference the SLA credits.",
            // Our own escalation, and a runbook's escalation process.
            "Thanks for escalating this to engineering - it works now.",
            "Who should we list as the escalation contact on your side?",
            // The customer's own market.
            "Our competitors all promise same-day delivery now, so the depot cannot be down.",
            // A billing correction.
            "Accounts payable saw a double charge; could you issue a refund for the duplicate charge?",
            // A confidentiality footer.
            "Please find attached our monthly usage report.\n\nKind regards,\nLinda Okafor\nThis email is "
                + "confidential. If you received it in error, please notify the sender. Unauthorised disclosure "
                + "may result in legal action.",
            // A joke, a technical renewal, ordinary words.
            "The API docs are great. I'm very disappointed I didn't find them earlier, haha.",
            "The SSL certificate did not renew automatically last night.",
            "Are there alternatives to the nightly CSV export, e.g. a webhook?",
            "It was great to meet your leadership team. Please thank your CEO for joining.",
            // Process and report nouns, legal review of a document, their own projects, their own providers.
            "Could you send the SLA breach statistics for the quarter?",
            "Please escalate the ticket to whoever owns the billing module, no rush.",
            "Our lawyers are reviewing the DPA this week.",
            "We are pulling the plug on our legacy CRM next month, so your integration matters more than ever.",
            "We are going in a different direction with the homepage design.",
            "Our refund policy for our own customers needs the new export.",
            "We are moving to another building on the 5th; the new delivery address is attached.",
        ])
    func ordinaryMailRaisesNoRisk(_ text: String) {
        #expect(risk(text).isEmpty, "\(risk(text).map(\.summary))")
    }

    @Test func realRiskIsStillAct() {
        let cases: [(String, Warning.Severity, String)] = [
            (
                "This is unacceptable. I want to speak to your manager.", .act,
                "They wrote 'unacceptable' (escalation), 'speak to your manager' (escalation)"
            ),
            ("We will not renew in September.", .act, "They wrote 'will not renew' (churn risk)"),
            (
                "Per section 12 we hereby terminate the agreement.", .act,
                "They wrote 'terminate the agreement' (churn risk)"
            ),
            ("If this is not fixed I will escalate it to your CEO.", .act, "They wrote 'escalate' (escalation)"),
            ("We want a refund for last month.", .act, "They wrote 'a refund' (churn risk)"),
            ("We will escalate this to our board.", .act, "They wrote 'escalate' (escalation)"),
            ("What happens if we do not renew?", .act, "They wrote 'not renew' (churn risk)"),
            ("Consider this a formal complaint.", .act, "They wrote 'formal complaint' (escalation)"),
            ("Your competitors already offer this.", .watch, "They wrote 'competitors' (competitor / alternatives)"),
        ]
        for (text, severity, summary) in cases {
            let w = risk(text)
            #expect(w.map(\.severity) == [severity], "\(text)")
            #expect(w.first?.summary == summary, "\(text)")
        }
    }

    /// The same context rules apply to the sentiment engine's markers (phrases the built-in matcher lacks).
    @Test func engineMarkersGetTheSameContext() {
        func warnings(_ text: String, _ kind: ToneMarkerKind, _ phrase: String) -> [String] {
            var m = S.build([S.them(0, text)])
            let start = Array(text.utf8).firstRange(of: Array(phrase.utf8))!.lowerBound
            m[0].markers = [
                ToneMarker(
                    kind: kind,
                    evidence: Evidence(term: phrase, start: start, end: start + phrase.utf8.count, weight: 1))
            ]
            return WarningEngine.evaluate(
                timelines: ["ana@acme.example": m], config: only("explicit-risk"), asOf: S.at(1)
            ).map(\.summary)
        }
        let direction = "going in a different direction"
        #expect(
            warnings("We are going in a different direction with the homepage design.", .churnRisk, direction) == [])
        #expect(
            warnings("Honestly, we are going in a different direction.", .churnRisk, direction) == [
                "They wrote 'going in a different direction' (churn risk)"
            ])
        #expect(warnings("Could you send the SLA breach statistics?", .escalation, "SLA breach") == [])
        #expect(
            warnings("That is an SLA breach.", .escalation, "SLA breach") == ["They wrote 'SLA breach' (escalation)"])
        #expect(warnings("Our lawyers are reviewing the DPA this week.", .escalation, "Our lawyers") == [])
    }

    /// Notes sent "FYI" wait for nothing, and a promised follow-up is no chase: no repeated request. A real
    /// chase of an unanswered question still is one, act-level at the second.
    @Test func notesAndPromisesAreNoRepeatedRequest() {
        let healthy = S.build([
            S.them(0, "Hi Sam, just following up on our call with the notes. Nothing needed - FYI.", thread: "a"),
            S.them(
                9, "This is the third time this year our volume doubled, so we'll need ten more seats.", thread: "b"),
            S.them(18, "Quote approved, thanks! I'll follow up with the signed order form.", thread: "c"),
        ])
        let none = WarningEngine.evaluate(
            timelines: ["ana@acme.example": healthy], config: only("repeated-request"), asOf: S.at(19))
        #expect(none.isEmpty, "\(none.map(\.summary))")
        let chase = S.build([
            S.them(0, "Hi Sam, could you send the SOC 2 report for our auditors?", thread: "a"),
            S.them(5, "Following up on my question - any update?", thread: "a"),
            S.them(10, "Still waiting. Any update?", thread: "a"),
        ])
        let w = WarningEngine.evaluate(
            timelines: ["ana@acme.example": chase], config: only("repeated-request"), asOf: S.at(11))
        #expect(w.map(\.severity) == [.act])
        #expect(
            w.first?.summary
                == "Asked again 2× while waiting on us (first asked 2025-01-06, 10 days before the last follow-up)")
    }

    /// After our answer, a strong phrase in a message that asks nothing informs: a reminder of a meeting, "as I
    /// mentioned" on good news, a wait on their own side. A chaser that asks still counts after an interim reply.
    @Test(
        arguments: [
            "Thanks! I'm still waiting on our IT team to whitelist the domain, will let you know.",
            "Friendly reminder: the QBR is next Tuesday at 10, see you there.",
            "Gentle reminder that our office is closed on Monday for the bank holiday.",
            "As I mentioned on the call, the team loves the new dashboard. Thanks again!",
            "Per my last email, the go-live is confirmed for Monday - thanks for all the help.",
            "Still waiting for procurement to sign, should be done this week.",
        ])
    func remindersAfterOurAnswerAreNoChase(_ text: String) {
        let m = S.build([
            S.them(0, "Hi Sam, could you send the onboarding checklist?"), S.us(0.1, "Hi Jo, attached."),
            S.them(3, text),
        ])
        let w = WarningEngine.evaluate(
            timelines: ["ana@acme.example": m], config: WarningsConfig(), asOf: S.at(4))
        #expect(w.map(\.rule) == [], "\(w.map(\.summary))")
        let chase = S.build([
            S.them(0, "Hi Sam, could you send the onboarding checklist?"), S.us(0.1, "Sorry, we are on it."),
            S.them(3, "Still waiting - any update?"),
        ])
        let c = WarningEngine.evaluate(
            timelines: ["ana@acme.example": chase], config: only("repeated-request"), asOf: S.at(3.01))
        #expect(c.map(\.severity) == [.watch])
    }

    /// A customer who starts every thread, gets our answers and never had a question of ours to answer has no
    /// responsiveness value — which is not "not responsive" (it capped a healthy monthly customer at 2).
    @Test func unmeasuredResponsivenessIsNoGate() {
        var messages: [Message] = []
        for k in 0..<6 {
            let day = String(format: "2026-%02d-05", k + 2)
            messages.append(
                Kit.mail(
                    "q\(k)", "t\(k)", from: "linda@meridian.example", to: "me@ours.com", at: day + "T10:00:00+00:00",
                    "Dear Sam, could you send the usage report for this month? Thank you! Kind regards, Linda"))
            messages.append(
                Kit.mail(
                    "a\(k)", "t\(k)", from: "me@ours.com", to: "linda@meridian.example", at: day + "T12:00:00+00:00",
                    "Hi Linda, attached. Sam"))
        }
        let body = Kit.analyze(messages, asOf: "2026-07-10T00:00:00+00:00")
        let c = Kit.contact(body, "linda@meridian.example")
        let r = c?.score.components.first { $0.id == "responsiveness" }
        #expect(r?.value == nil)
        #expect(r?.detail == "no message of ours waited for their reply")
        #expect(c?.score.gates.contains { $0.contains("responsive") } == false, "\(c?.score.gates ?? [])")
    }

    /// The warmest message's evidence names each informal kind once (it read "warm-greeting, gratitude,
    /// warm-sign-off, gratitude, warm-sign-off" for a QBR thank-you).
    @Test func informalEvidenceNamesEachKindOnce() {
        func mark(_ kind: ToneMarkerKind, _ at: Int) -> ToneMarker {
            ToneMarker(kind: kind, evidence: Evidence(term: "", start: at, end: at + 1, weight: 1))
        }
        let markers = [
            mark(.warmGreeting, 0), mark(.gratitude, 10), mark(.warmSignOff, 20), mark(.hedge, 25),
            mark(.gratitude, 30), mark(.warmSignOff, 40),
        ]
        #expect(Scorer.informalReason(markers) == "informal: warm-greeting, gratitude, warm-sign-off")
    }
}
