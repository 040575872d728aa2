import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Slack identity round 8 (docs/slack.md "Identities", docs/dynamics.md "Identity"): a full member of our
/// workspace team is one of us whatever their email's domain, bot posts are named by their bot user, and the
/// profile read-ahead parses only the files that can describe the id asked for, in the sequential stage's
/// order (duplicates skipped). Exports written for these tests.
@Suite("Slack identity round 8")
struct SlackIdentityRound8Tests {
    /// Workspace T1 (vendor.example): Ann, Bo, Steve (a full member on Yahoo mail), Gail (a guest on Gmail),
    /// a deploy bot user (`profile.bot_id` B001). Team T2 (Slack Connect): Carl (globex) and Fred (Gmail).
    static let users = #"""
        [{"id":"U1","team_id":"T1","name":"ann","real_name":"Ann Agent","profile":{"email":"ann@vendor.example"}},
         {"id":"U2","team_id":"T1","name":"bo","real_name":"Bo Boss","profile":{"email":"bo@vendor.example"}},
         {"id":"U3","team_id":"T1","name":"showell","real_name":"Steve Howell","profile":{"email":"Showell30@Yahoo.com"}},
         {"id":"U4","team_id":"T1","name":"gail","real_name":"Gail Guest","is_restricted":true,
          "profile":{"email":"gail.customer@gmail.com"}},
         {"id":"U5","team_id":"T2","name":"carl","real_name":"Carl Customer","profile":{"email":"carl@globex.example"}},
         {"id":"U6","team_id":"T2","name":"fred","real_name":"Fred Free","profile":{"email":"fred@gmail.com"}},
         {"id":"UB1","team_id":"T1","name":"deploybot","real_name":"Deploy Bot","is_bot":true,
          "profile":{"bot_id":"B001","real_name":"Deploy Bot"}}]
        """#

    static let day = #"""
        [{"type":"message","user":"U3","text":"I'll look into it.","ts":"1709546400.000100"},
         {"type":"message","user":"U4","text":"Any news?","ts":"1709546500.000100"},
         {"type":"message","user":"U6","text":"Same question here.","ts":"1709546600.000100"},
         {"type":"message","subtype":"bot_message","bot_id":"B001","text":"deployed","ts":"1709546700.000100"},
         {"type":"message","subtype":"bot_message","bot_id":"B001","text":"deployed","ts":"1709546800.000100",
          "bot_profile":{"id":"B001","name":"Deployer"}},
         {"type":"message","subtype":"bot_message","bot_id":"B002","text":"ping","ts":"1709546900.000100"}]
        """#

    static func export() throws -> SlackFixtures.Result {
        try TempTree.readSlackExport([
            "users.json": users,
            "channels.json": #"[{"id":"C1","name":"shared","members":["U1","U3","U4","U6"]}]"#,
            "shared/2024-03-04.json": day,
        ])
    }

    @Test("a full member of our team on free mail is us (before: a contact); a guest or another team's user is not")
    func freeMailMemberIsUs() throws {
        let r = try Self.export()
        #expect(
            r.evidence.slackTeamMemberEmails == [
                "T1": ["ann@vendor.example": 1, "bo@vendor.example": 1, "showell30@yahoo.com": 1],
                "T2": ["carl@globex.example": 1, "fred@gmail.com": 1],
            ])
        let us = r.evidence.infer()
        #expect(us.memberAddresses == ["showell30@yahoo.com"])
        #expect(us.internalDomains == ["vendor.example"])
        #expect(
            us.explanation
                == "inferred from Slack workspace team T1 (members' domain vendor.example); 1 member address outside it; internal domains: vendor.example"
        )
        // Ingest attributes are unchanged: Steve is not external, his organization his email's domain.
        let steve = try #require(r.message("C1/1709546400.000100"))
        #expect(steve.from.isExternal == false && steve.from.organization == "yahoo.com")
        #expect(us.classify(steve) == .outbound)
        #expect(us.classify(try #require(r.message("C1/1709546500.000100"))) == .inbound)  // the guest
        #expect(us.classify(try #require(r.message("C1/1709546600.000100"))) == .inbound)  // T2 on Gmail
        // Mail: Steve writing from the same Yahoo address is us; the guest's Gmail and T2's Gmail are not.
        let mail = Message(
            id: "m1", source: .eml, locator: SourceLocator(file: "m1.eml"), thread: "m1",
            from: .email("showell30@yahoo.com", name: "Steve Howell"), to: [.email("carl@globex.example")],
            date: nil, channel: .email, subject: "renewal", text: "Done.")
        #expect(us.classify(mail) == .outbound)
        var theirs = mail
        theirs.from = .email("gail.customer@gmail.com")
        theirs.to = [.email("ann@vendor.example")]
        #expect(us.classify(theirs) == .inbound)
        theirs.from = .email("fred@gmail.com")
        #expect(us.classify(theirs) == .inbound)
        // Not encoded: the report's `us` block is as before.
        let json = String(decoding: try JSONEncoder().encode(us), as: UTF8.self)
        #expect(!json.contains("yahoo"))
    }

    @Test("given --internal-domain, nothing is inferred: members' addresses play no part")
    func explicitUsUnchanged() throws {
        let us = Us(internalDomains: ["vendor.example"], inferred: false, explanation: "given")
        let r = try Self.export()
        #expect(us.classify(try #require(r.message("C1/1709546400.000100"))) == .inbound)
    }

    @Test("evidence merges member addresses; evidence without them encodes as before")
    func evidenceMerge() throws {
        var a = UsEvidence()
        a.slackTeamMemberEmails = ["T1": ["x@gmail.com": 1]]
        var b = UsEvidence()
        b.merge(a)
        b.merge(a)
        #expect(b.slackTeamMemberEmails == ["T1": ["x@gmail.com": 2]])
        let plain = String(decoding: try JSONEncoder().encode(UsEvidence()), as: UTF8.self)
        #expect(!plain.contains("slackTeamMemberEmails"))
    }

    @Test("a bot post without username or bot_profile is named by its bot user (before: B001)")
    func botNames() throws {
        let r = try Self.export()
        let plain = try #require(r.message("C1/1709546700.000100"))
        #expect(plain.from.id == "B001" && plain.from.displayName == "Deploy Bot")
        #expect(plain.flags.contains(.bot))
        #expect(r.message("C1/1709546800.000100")?.from.displayName == "Deployer")
        #expect(r.message("C1/1709546900.000100")?.from.displayName == "B002")
    }

    // MARK: Read-ahead

    static let laUsers = #"""
        [{"id":"U1","team_id":"T1","name":"ann","real_name":"Ann Agent","profile":{"email":"ann@vendor.example"}}]
        """#
    /// Ann's ask that UX1 (missing from `users.json`) 👍s.
    static let askDay = #"""
        [{"type":"message","user":"U1","text":"Can you confirm?","ts":"1709546400.000100",
          "reactions":[{"name":"+1","users":["UX1"],"count":1}]}]
        """#
    /// A day with other outsiders' profiles only.
    static let othersDay = #"""
        [{"type":"message","user":"UX7","text":"hi","ts":"1709632800.000100","user_team":"T7",
          "user_profile":{"real_name":"Seven","name":"seven","team":"T7"}}]
        """#
    /// Ann's message and a second copy of it (same `ts`) under UX1 with a T3 profile — skipped as `duplicate`
    /// by the sequential stage —, then UX1's own message with the T2 profile.
    static let dupDay = #"""
        [{"type":"message","user":"U1","text":"Welcome","ts":"1709719200.000100"},
         {"type":"message","user":"UX1","text":"Welcome","ts":"1709719200.000100","user_team":"T3",
          "user_profile":{"real_name":"Wrong Copy","name":"wrong","team":"T3"}},
         {"type":"message","user":"UX1","text":"Confirmed.","ts":"1709719300.000100","user_team":"T2",
          "user_profile":{"real_name":"Cora Customer","name":"cora","team":"T2"}}]
        """#

    static var laFiles: [String: String] {
        [
            "users.json": laUsers,
            "channels.json": #"[{"id":"C1","name":"shared","members":["U1"]}]"#,
            "shared/2024-03-04.json": askDay,
            "shared/2024-03-05.json": othersDay,
            "shared/2024-03-06.json": dupDay,
        ]
    }

    @Test("the read-ahead parses only files holding the id asked for, and skips a duplicate copy's profile")
    func lookaheadTargeted() throws {
        let dir = try TempTree.write(Self.laFiles)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let source = try SlackExportSource(path: dir, isDirectory: true, limits: IngestLimits())
        let jobs = ["shared/2024-03-04.json", "shared/2024-03-05.json", "shared/2024-03-06.json"]
        let la = SlackProfileLookahead(
            source: source, limits: IngestLimits(), jobs: jobs, listed: [:], workspaceTeam: "T1", teamClocks: [:])
        let cora = try #require(la.user("UX1"))
        // Before: the copy's profile (T3, "Wrong Copy"), and both files with a profile parsed.
        #expect(cora.participant.displayName == "Cora Customer")
        #expect(cora.participant.organization == "T2" && cora.participant.isExternal == true)
        #expect(la.parsedFiles == 1 && la.scans == 1)
        // Asked again, or for an id found nowhere twice: no second read of the files.
        _ = la.user("UX1")
        #expect(la.user("UX9") == nil && la.user("UX9") == nil)
        #expect(la.scans == 2 && la.parsedFiles == 1)
        // UX7 is looked for on its own: its file is parsed then.
        #expect(la.user("UX7")?.participant.displayName == "Seven")
        #expect(la.parsedFiles == 2 && la.scans == 3)
    }

    @Test("the id prefilter finds the quoted id only (not a longer id), at either end of the bytes")
    func idPrefilter() throws {
        let needle = try #require(SlackProfileLookahead.quoted("UX1"))
        #expect(SlackProfileLookahead.contains(Array(#""UX1""#.utf8), needle))
        #expect(SlackProfileLookahead.contains(Array(#"{"users":["U2","UX1"]}"#.utf8), needle))
        #expect(!SlackProfileLookahead.contains(Array(#"{"users":["UX10","XUX1"]}"#.utf8), needle))
        #expect(!SlackProfileLookahead.contains(Array(#""UX"#.utf8), needle))
        #expect(SlackProfileLookahead.quoted("U/1") == nil && SlackProfileLookahead.quoted("") == nil)
    }

    @Test("after maxTargetedScans ids, one scan for every missing user, and no more reads")
    func lookaheadFallsBackToOneFullScan() throws {
        let dir = try TempTree.write(Self.laFiles)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let source = try SlackExportSource(path: dir, isDirectory: true, limits: IngestLimits())
        let jobs = ["shared/2024-03-04.json", "shared/2024-03-05.json", "shared/2024-03-06.json"]
        let la = SlackProfileLookahead(
            source: source, limits: IngestLimits(), jobs: jobs, listed: [:], workspaceTeam: "T1", teamClocks: [:])
        for k in 0..<SlackProfileLookahead.maxTargetedScans { #expect(la.user("UZ\(k)") == nil) }
        #expect(la.scans == SlackProfileLookahead.maxTargetedScans && la.parsedFiles == 0)
        #expect(la.user("UX1")?.participant.displayName == "Cora Customer")
        #expect(la.user("UX7")?.participant.displayName == "Seven")
        #expect(la.user("UZ9") == nil)
        #expect(la.scans == SlackProfileLookahead.maxTargetedScans + 1 && la.parsedFiles == 2)
    }

    @Test("the reactor read ahead agrees with the sequential read that skips the duplicate copy")
    func lookaheadAgreesWithSequentialRead() throws {
        let r = try TempTree.readSlackExport(Self.laFiles)
        // Before: "UX1||T3|1", the skipped copy's team.
        #expect(r.message("C1/1709546400.000100")?.attributes["reactors"] == "UX1||T2|1")
        #expect(r.message("C1/1709719300.000100")?.from.organization == "T2")
        #expect(r.summary.skipped["duplicate"] == 1)
    }
}
