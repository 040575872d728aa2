import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Round 3 of the real-world triage (2026-12-05: encrypted and signed mail, pre-2019 Slack exports, an
/// export unpacked inside another, export shapes without "us"): each test is a defect found there and fixed.
@Suite struct RealWorldRound3Tests {
    func write(_ files: [String: String]) throws -> String { try TempTree.write(files) }

    func mail(_ id: String, contentType: String = "text/plain; charset=utf-8", body: String) -> String {
        "From ann@a.example Thu Jun 16 12:00:00 2016\nFrom: Ann <ann@a.example>\nTo: bo@b.example\n"
            + "Subject: keys\nMessage-ID: <\(id)>\nDate: Thu, 16 Jun 2016 12:00:00 +0000\n"
            + "MIME-Version: 1.0\nContent-Type: \(contentType)\n\n\(body)\n"
    }

    func readBox(_ text: String) throws -> [Message] {
        let dir = try write(["box.mbox": text])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        return try readMail(dir + "/box.mbox").messages
    }

    // MARK: OpenPGP and S/MIME

    /// A clear-signed message keeps its words: the armor header, `Hash:` line and signature block are not
    /// text, and dash-escaped lines get their dashes back.
    @Test func clearSignedMailKeepsItsWordsOnly() throws {
        let body = """
            -----BEGIN PGP SIGNED MESSAGE-----
            Hash: SHA256

            The contract is signed, thanks for the quick turnaround.
            - --- not a signature line

            -----BEGIN PGP SIGNATURE-----

            iQEzBAEBCAAdFiEEabcdefghijklmnopqrstuvwxyz0123456789ABCD
            =abcd
            -----END PGP SIGNATURE-----
            """
        let ms = try readBox(mail("signed@a.example", body: body))
        #expect(ms.count == 1)
        #expect(ms[0].text == "The contract is signed, thanks for the quick turnaround.\n--- not a signature line")
        #expect(!ms[0].flags.contains(.encrypted))
    }

    /// An inline encrypted block is removed and the message flagged; words around it stay.
    @Test func inlinePGPBlockIsRemovedAndFlagged() throws {
        let body = """
            See below.

            -----BEGIN PGP MESSAGE-----

            hQEMA1234567890ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop
            =wxyz
            -----END PGP MESSAGE-----
            """
        let ms = try readBox(mail("inline@a.example", body: body))
        #expect(ms.map(\.text) == ["See below."])
        #expect(ms[0].flags.names == ["encrypted"])
    }

    /// PGP/MIME (`multipart/encrypted`) and S/MIME enveloped data are ciphertext: no words, flagged, still
    /// emitted (they count for timing). S/MIME signed-data is not encrypted.
    @Test func encryptedMIMEIsFlaggedWithoutText() throws {
        let pgp = mail(
            "pgpmime@a.example",
            contentType: "multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=\"b1\"",
            body: """
                --b1
                Content-Type: application/pgp-encrypted

                Version: 1

                --b1
                Content-Type: application/octet-stream; name="encrypted.asc"

                -----BEGIN PGP MESSAGE-----

                hQEMA1234567890
                -----END PGP MESSAGE-----

                --b1--
                """)
        let smime = mail(
            "smime@a.example",
            contentType: "application/pkcs7-mime; smime-type=enveloped-data; name=\"smime.p7m\"",
            body: "MIAGCSqGSIb3DQEHA6CAMIACAQAxggFYMIIBVAIBADA8")
        let signedData = mail(
            "smime-signed@a.example",
            contentType: "application/x-pkcs7-mime; smime-type=signed-data; name=\"smime.p7m\"",
            body: "MIAGCSqGSIb3DQEHAqCAMIACAQExDzANBglghkgBZQME")
        let ms = try readBox(pgp + "\n" + smime + "\n" + signedData)
        #expect(ms.map(\.id) == ["pgpmime@a.example", "smime@a.example", "smime-signed@a.example"])
        #expect(ms.map(\.text) == ["", "", ""])
        #expect(ms.map { $0.flags.contains(.encrypted) } == [true, true, false])
    }

    // MARK: "Us" from an inbox

    /// An inbox exported without its Sent folder: nobody dominates the senders, but the owner is a
    /// recipient of nearly everything (mailing-list posts, addressed to the list, do not count). The owner
    /// becomes "us" and their domain internal, so colleagues are not taken for customers.
    @Test func inboxOwnerIsTheDominantRecipient() throws {
        func post(_ n: Int, from: String, to: String, extra: String = "") -> String {
            "From \(from) Thu Jun 16 12:00:00 2016\nFrom: \(from)\nTo: \(to)\nSubject: s\(n)\n"
                + "Message-ID: <m\(n)@x.example>\nDate: Thu, 16 Jun 2016 12:0\(n):00 +0000\n\(extra)\nText \(n).\n\n"
        }
        let box =
            post(1, from: "ann@acme.example", to: "owner@ours.example")
            + post(2, from: "bo@beta.example", to: "owner@ours.example, cara@ours.example")
            + post(3, from: "cara@ours.example", to: "owner@ours.example")
            + post(4, from: "dan@delta.example", to: "list@lists.example", extra: "List-Id: <dev.lists.example>\n")
            + post(5, from: "dan@delta.example", to: "list@lists.example", extra: "List-Id: <dev.lists.example>\n")
            + post(6, from: "eve@echo.example", to: "owner@ours.example")
        let dir = try write(["Inbox": box])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (ms, _, evidence) = try readMail(dir + "/Inbox")
        #expect(ms.count == 6)
        #expect(evidence.recipientMessages == 4)
        #expect(evidence.recipients?["owner@ours.example"] == 4)
        let us = evidence.infer()
        #expect(us.identities == ["owner@ours.example"])
        #expect(us.internalDomains == ["ours.example"])
        #expect(us.explanation.contains("dominant recipient owner@ours.example (4 of 4 messages)"))
        #expect(ms.map { us.classify($0) } == [.inbound, .inbound, .internal, .unknown, .unknown, .inbound])
    }

    /// A notification sender (`notifications@`, `noreply@`) is never the owner, however often it writes.
    @Test func notificationSendersAreNotTheOwner() throws {
        func post(_ n: Int, from: String, to: String?) -> String {
            "From \(from) Thu Jun 16 12:00:00 2016\nFrom: \(from)\n" + (to.map { "To: \($0)\n" } ?? "")
                + "Subject: s\(n)\nMessage-ID: <n\(n)@x.example>\nDate: Thu, 16 Jun 2016 12:0\(n):00 +0000\n\nText.\n\n"
        }
        let box =
            (1...4).map { post($0, from: "notifications@tool.example", to: nil) }.joined()
            + post(5, from: "owner@ours.example", to: "ann@acme.example")
            + post(6, from: "owner@ours.example", to: "bo@beta.example")
            + post(7, from: "cy@gamma.example", to: "owner@ours.example")
        let dir = try write(["mail.mbox": box])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (_, _, evidence) = try readMail(dir + "/mail.mbox")
        #expect(evidence.senders["notifications@tool.example"] == nil)
        let us = evidence.infer()
        #expect(us.identities == ["owner@ours.example"])
        #expect(us.explanation.contains("dominant sender owner@ours.example (2 of 3 messages)"))
    }

    /// Gmail's Sent label in the interface language of the account (Takeout's `X-Gmail-Labels`).
    @Test(arguments: [
        ("Inbox,Posta inviata,Opened", true), ("Messages envoyés", true), ("Important,送信済みメール", true),
        ("=?UTF-8?Q?Messages_envoy=C3=A9s?=", true), ("Sentiment,Sent-ish", false), ("Inbox", false),
    ])
    func localizedGmailSentLabel(_ header: String, _ sent: Bool) {
        #expect(MailParser.hasSentLabel(Array(header.utf8)) == sent)
    }

    /// No dominant recipient either (half the mail to each of two people): nothing is inferred.
    @Test func noDominantRecipientInfersNothing() {
        var evidence = UsEvidence()
        evidence.senders = ["a@x.example": 1, "b@y.example": 1, "c@z.example": 1, "d@w.example": 1]
        evidence.recipients = ["p@ours.example": 2, "q@ours.example": 2]
        evidence.recipientMessages = 4
        #expect(evidence.infer().isEmpty)
    }

    // MARK: Slack

    /// Pre-2019 exports wrote file uploads and comments as Slack's own sentence around the author's words.
    @Test(arguments: [
        (
            "<@U1> uploaded a file: <https://x.slack.com/files/a|plan.pdf> and commented: Here is the plan",
            "Here is the plan"
        ),
        ("<@U1> shared a file: <https://x.slack.com/files/a|plan.pdf>", ""),
        ("<@U1|ann> uploaded a file: <https://x.slack.com/files/a|plan.pdf>", ""),
        ("<@U2> commented on <@U1>’s file <https://x.slack.com/files/a|plan.pdf>: Looks good", "Looks good"),
        ("<@U2> thanks for the file, uploaded a file: soon", "<@U2> thanks for the file, uploaded a file: soon"),
        ("plain words", "plain words"),
    ])
    func legacyFileMessagesKeepOnlyTheComment(_ raw: String, _ own: String) {
        let bytes = Array(raw.utf8)
        #expect(String(decoding: SlackTextExtractor.ownText(bytes[...]), as: UTF8.self) == own)
    }

    /// An export unpacked inside another is read as an export of its own: its channels are not taken
    /// for conversations of the outer export, and its messages are read once.
    @Test func nestedExportIsItsOwnInput() throws {
        let day = #"[{"type":"message","user":"U1","text":"hello from inside","ts":"1709290800.000100"}]"#
        let outerDay = #"[{"type":"message","user":"U1","text":"hello from outside","ts":"1709290800.000200"}]"#
        let users = #"[{"id":"U1","name":"ann","real_name":"Ann"}]"#
        let dir = try write([
            "channels.json": #"[{"id":"C0","name":"top"}]"#,
            "top/2024-03-01.json": outerDay,
            "2024-export/users.json": users,
            "2024-export/channels.json": #"[{"id":"C1","name":"general"}]"#,
            "2024-export/general/2024-03-01.json": day,
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ingestor = Ingestor()
        let plan = try ingestor.plan([dir])
        #expect(plan == [.init(path: dir, format: .slack), .init(path: dir + "/2024-export", format: .slack)])
        var summary = IngestSummary()
        var evidence = UsEvidence()
        var texts: [String] = []
        try ingestor.ingest(plan, summary: &summary, evidence: &evidence) { texts.append($0.text) }
        #expect(texts == ["hello from outside", "hello from inside"])
        #expect(summary.skipped.isEmpty)
    }

    /// Guests (`is_restricted`, `is_ultra_restricted`) share the workspace's team id but are outsiders —
    /// often the customer in a shared channel of our own workspace: external, never "us", and neither
    /// their team nor their domain is taken for ours.
    @Test func workspaceGuestsAreExternal() throws {
        let users = """
            [{"id":"U1","team_id":"T1","real_name":"Maya","profile":{"email":"maya@ours.example"}},
             {"id":"U2","team_id":"T1","real_name":"Omar","profile":{"email":"omar@ours.example"}},
             {"id":"U3","team_id":"T1","real_name":"Jane Client","is_restricted":true,
              "profile":{"email":"jane@acme.example"}},
             {"id":"U4","team_id":"T1","real_name":"Solo Guest","is_ultra_restricted":true,"profile":{}}]
            """
        let day = """
            [{"type":"message","user":"U3","text":"Any update on the import?","ts":"1709290800.000100"},
             {"type":"message","user":"U1","text":"Yes, it ships today.","ts":"1709290900.000100"},
             {"type":"message","user":"U4","text":"Thanks both","ts":"1709291000.000100"}]
            """
        let dir = try write([
            "users.json": users, "channels.json": #"[{"id":"C1","name":"acme-shared"}]"#,
            "acme-shared/2024-03-01.json": day,
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ingestor = Ingestor()
        let plan = try ingestor.plan([dir])
        var summary = IngestSummary()
        var evidence = UsEvidence()
        var messages: [Message] = []
        try ingestor.ingest(plan, summary: &summary, evidence: &evidence) { messages.append($0) }
        let us = evidence.infer()
        #expect(us.internalDomains == ["ours.example"])
        #expect(us.slackTeams == ["T1"])
        #expect(messages.map(\.from.isExternal) == [true, false, true])
        #expect(messages.map(\.from.organization) == ["acme.example", "ours.example", nil])
        #expect(messages.map { us.classify($0) } == [.inbound, .outbound, .inbound])
    }

    /// An old export without team fields: "us" is the email domain of most of its members (guests and
    /// bots not counted), so our people's posts are ours and the guest's are theirs.
    @Test func teamlessExportInfersUsFromMembersDomain() throws {
        let users = """
            [{"id":"U1","real_name":"Maya","profile":{"email":"maya@ours.example"}},
             {"id":"U2","real_name":"Omar","profile":{"email":"omar@ours.example"}},
             {"id":"U5","real_name":"Lee","profile":{"email":"lee.home@gmail.com"}},
             {"id":"U3","real_name":"Jane Client","is_restricted":true,"profile":{"email":"jane@acme.example"}},
             {"id":"U6","name":"deploybot","is_bot":true,"profile":{"email":"bot@tools.example"}}]
            """
        let day = """
            [{"type":"message","user":"U3","text":"Any update on the import?","ts":"1459290800.000100"},
             {"type":"message","user":"U1","text":"Yes, it ships today.","ts":"1459290900.000100"}]
            """
        let dir = try write([
            "users.json": users, "channels.json": #"[{"id":"C1","name":"acme-shared"}]"#,
            "acme-shared/2016-03-29.json": day,
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ingestor = Ingestor()
        var summary = IngestSummary()
        var evidence = UsEvidence()
        var messages: [Message] = []
        try ingestor.ingest(try ingestor.plan([dir]), summary: &summary, evidence: &evidence) { messages.append($0) }
        let us = evidence.infer()
        #expect(us.internalDomains == ["ours.example"])
        #expect(us.slackTeams.isEmpty)
        #expect(us.explanation.contains("Slack workspace members' domain ours.example (2 of 3 members with an email)"))
        #expect(messages.map { us.classify($0) } == [.inbound, .outbound])
        // One member with an address is no evidence.
        var thin = UsEvidence()
        thin.slackTeamEmailDomains[""] = ["ours.example": 1]
        #expect(thin.infer().isEmpty)
    }

    /// A thread root is no parent for the channel messages after it (a parent is in the message's own
    /// thread), and gets none inferred itself.
    @Test func threadRootIsNoParentOutsideItsThread() throws {
        let r = try SlackFixtures.read("modern")
        #expect(r.message("C02/1682942400.000100")?.parent == nil)
        #expect(r.message("C02/1682942500.000300")?.parent == nil)
        #expect(r.message("C02/1682942460.000200")?.parent == "C02/1682942400.000100")
    }

    /// Without "us" (none given, none inferable) every message is inbound, a DM or a mail to someone as
    /// much as a channel post.
    @Test func emptyUsMakesEverythingInbound() {
        let us = Us(inferred: true, explanation: "none")
        let direct = Message(
            id: "1", source: .mbox, locator: SourceLocator(file: "f"), thread: "t",
            from: .email("a@x.org"), to: [.email("b@y.org")], date: nil, channel: .email, text: "hi")
        let post = Message(
            id: "2", source: .slack, locator: SourceLocator(file: "f"), thread: "t",
            from: .email("a@x.org"), date: nil, channel: .slackPublic, text: "hi")
        #expect(us.classify(direct) == .inbound)
        #expect(us.classify(post) == .inbound)
    }
}
