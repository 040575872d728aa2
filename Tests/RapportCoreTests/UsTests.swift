import Foundation
import RapportCore
import Testing

@Suite struct UsTests {
    /// A Slack workspace's own team makes its members "us" — also those without a profile email, known
    /// by their team only — but a team id is no domain: the report lists it apart.
    @Test func slackTeamIsKeptApartFromDomains() throws {
        var evidence = UsEvidence()
        evidence.slackTeams = ["T0OURS": 5, "T0ACME": 2]
        evidence.slackTeamEmailDomains = ["T0OURS": ["ours.example": 4]]
        let us = evidence.infer()
        #expect(us.internalDomains == ["ours.example"])
        #expect(us.slackTeams == ["T0OURS"])
        #expect(
            us.explanation
                == "inferred from Slack workspace team T0OURS (members' domain ours.example); internal domains: ours.example"
        )
        #expect(us.contains(Participant(id: "U1", organization: "T0OURS")))
        #expect(!us.contains(Participant(id: "U2", organization: "T0ACME")))
        #expect(!us.contains(Participant(id: "U3", organization: "T0OURS", isExternal: true)))

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(us), as: UTF8.self)
        #expect(json.contains(#""internal_domains":["ours.example"]"#))
        #expect(json.contains(#""slack_teams":["T0OURS"]"#))
        #expect(try JSONDecoder().decode(Us.self, from: Data(json.utf8)) == us)
        // Reports written before the field existed still decode (with the team among the domains).
        let old = #"{"identities":[],"internal_domains":["ours.example","t0ours"],"inferred":true,"explanation":"x"}"#
        let decoded = try JSONDecoder().decode(Us.self, from: Data(old.utf8))
        #expect(decoded.slackTeams.isEmpty)
        #expect(decoded.contains(Participant(id: "U1", organization: "T0OURS")))
        // Without any team the key is left out, as before.
        let mailOnly = Us(internalDomains: ["ours.example"], inferred: false, explanation: "x")
        #expect(!String(decoding: try encoder.encode(mailOnly), as: UTF8.self).contains("slack_teams"))
    }

    /// A Slack Connect export with one member on each side is a tie between the two teams. Before, the
    /// key order chose (here the customer's `TACME`), so the customer's domain became internal next to our
    /// own from mail and every message was "internal": an empty report. Mail evidence now picks the team.
    @Test func mailEvidencePicksTheSlackTeam() throws {
        var evidence = UsEvidence()
        evidence.recipients = ["pat@ourco.example": 4, "zoe@acme.example": 1]
        evidence.recipientMessages = 5
        evidence.slackTeams = ["TACME": 1, "TOUR": 1]
        evidence.slackTeamEmailDomains = ["TACME": ["acme.example": 1], "TOUR": ["ourco.example": 1]]
        let us = evidence.infer()
        #expect(us.slackTeams == ["TOUR"])
        #expect(us.internalDomains == ["ourco.example"])
        #expect(
            us.explanation
                == "inferred from dominant recipient pat@ourco.example (4 of 5 messages); Slack workspace team TOUR "
                + "(members' domain ourco.example); internal domains: ourco.example")
        // Without mail evidence the biggest team still wins, ties by key.
        evidence.recipients = nil
        evidence.recipientMessages = nil
        #expect(evidence.infer().slackTeams == ["TACME"])
    }

    /// The shortcut of every classification: the same string as `lowercased()`, the input itself when nothing
    /// changes; a participant id in capitals (a Slack user id) is still ours.
    @Test func lowercasedIfNeededIsLowercased() {
        for s in ["jane@acme.com", "Jane@Acme.COM", "U0ABC123", "", "İstanbul", "ÀB@x.fr", "straße", "ΣΊΣ", "a-b_c.d"] {
            #expect(s.lowercasedIfNeeded() == s.lowercased())
        }
        let us = Us(identities: ["u0abc123", "me@ours.com"], inferred: false, explanation: "given")
        #expect(us.contains(Participant(id: "U0ABC123")))
        #expect(us.contains(Participant(id: "ME@OURS.COM")))
        #expect(!us.contains(Participant(id: "U0ABC124")))
    }
}
