import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Fixture exports under Fixtures/slack (see make_zips.py there for the zips).
enum SlackFixtures {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/slack").path
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    struct Result {
        var messages: [Message]
        var summary: IngestSummary
        var evidence: UsEvidence

        func message(_ id: String) -> Message? { messages.first { $0.id == id } }
    }

    /// Ingests `path` as `rapport ingest` does: an evidence-only pass infers "us", then every message is
    /// classified and encoded with `MessageJSON` (one line each, no newline). Returns the summary.
    static func ingestLikeCLI(_ path: String, line: (String) -> Void) throws(RapportError) -> IngestSummary {
        var options = IngestOptions()
        options.dataDirectory = repo
        let ingestor = Ingestor(options: options)
        let plan = try ingestor.plan([path])
        var quick = ingestor
        quick.options.evidenceOnly = true
        var scratch = IngestSummary()
        var evidence = UsEvidence()
        try quick.ingest(plan, summary: &scratch, evidence: &evidence) { _ in }
        let us = evidence.infer()
        var summary = IngestSummary()
        var ignored = UsEvidence()
        try ingestor.ingest(plan, summary: &summary, evidence: &ignored) { message throws(RapportError) in
            var m = message
            m.direction = us.classify(m)
            var out: [UInt8] = []
            MessageJSON.append(m, to: &out)
            line(String(decoding: out, as: UTF8.self))
        }
        return summary
    }

    static func read(
        _ name: String, reader: SlackExportReader = SlackExportReader(), limits: IngestLimits = IngestLimits()
    ) throws(RapportError) -> Result {
        var options = IngestOptions()
        options.dataDirectory = repo
        options.limits = limits
        var summary = IngestSummary()
        var evidence = UsEvidence()
        var messages: [Message] = []
        try reader.read(path: dir + "/" + name, options: options, summary: &summary, evidence: &evidence) {
            messages.append($0)
        }
        return Result(messages: messages, summary: summary, evidence: evidence)
    }
}

@Suite("Slack export: 2016-style export")
struct SlackOldExportTests {
    let r: SlackFixtures.Result

    init() throws { r = try SlackFixtures.read("old2016") }

    @Test func countsAndOrder() {
        #expect(r.summary.read == 4)
        #expect(r.summary.emitted == 4)
        #expect(r.summary.skippedTotal == 0)
        #expect(r.summary.excluded == ["slack-channel-join": 1])
        // Sorted by ts, although the file lists the join last-but-one.
        #expect(
            r.messages.map(\.id) == [
                "C0A/1455000000.000001", "C0A/1455100000.000002", "C0A/1455100060.000003", "C0A/1455200000.000004",
            ])
    }

    @Test func legacyMentionsAndLinks() throws {
        let m = try #require(r.message("C0A/1455100000.000002"))
        #expect(m.text == "hey @kim did you see http://example.com?")
        #expect(m.from == Participant(id: "U0A", displayName: "Sam Old"))
        #expect(m.to.map(\.id) == ["U0B"])
        #expect(m.subject == "#general")
        #expect(m.channel == .slackPublic)
        #expect(m.source == .slack)
        #expect(m.date == Timestamp(seconds: 1_455_100_000, microseconds: 2))
        #expect(
            m.locator == SourceLocator(file: SlackFixtures.dir + "/old2016/general/2016-02-10.json", jsonPath: "$[0]"))
        // The join was 27.8 h earlier: past the 24 h window, so this message starts a new session.
        #expect(m.parent == nil)
        #expect(m.thread == "C0A/1455100000.000002")
    }

    @Test func quotesEntitiesAndEmoji() throws {
        let m = try #require(r.message("C0A/1455100060.000003"))
        #expect(m.text == "yes 👍 <3")
        #expect(m.quotedChars == 14)
        // No thread fields: answers the other person's last message within the window.
        #expect(m.parent == "C0A/1455100000.000002")
        #expect(m.thread == "C0A/1455100000.000002")
    }

    @Test func systemAndMeMessages() throws {
        let join = try #require(r.message("C0A/1455000000.000001"))
        #expect(join.flags == [.system])
        #expect(join.attributes["subtype"] == "channel_join")
        #expect(!join.isConversational)
        let me = try #require(r.message("C0A/1455200000.000004"))
        #expect(me.flags == [])
        #expect(me.text == "waves")
        // 27.8 hours later: past the 24 h window, a new session without a parent.
        #expect(me.parent == nil)
        #expect(me.thread == "C0A/1455200000.000004")
    }

    @Test func noTeamsMeansUnknownExternality() throws {
        let m = try #require(r.message("C0A/1455100000.000002"))
        #expect(m.from.isExternal == nil)
        #expect(r.evidence.slackTeams.isEmpty)
    }

    @Test func shorterReplyWindowDropsInferredParents() throws {
        let short = try SlackFixtures.read("old2016", reader: SlackExportReader(replyWindow: 30))
        #expect(short.message("C0A/1455100060.000003")?.parent == nil)
        #expect(short.message("C0A/1455100060.000003")?.thread == "C0A/1455100060.000003")
    }
}

@Suite("Slack export: modern export with threads, blocks and Slack Connect")
struct SlackModernExportTests {
    let r: SlackFixtures.Result

    init() throws { r = try SlackFixtures.read("modern") }

    @Test func everyMessageCounted() {
        #expect(r.summary.read == r.summary.emitted + r.summary.skippedTotal)
        #expect(r.summary.emitted == 19)
        #expect(r.summary.skipped == ["malformed-message": 2, "malformed-json": 1])
        #expect(r.summary.excluded == ["bot": 1, "slack-channel-join": 1, "slack-tombstone": 1])
        #expect(r.summary.read == 22)
    }

    @Test func conversationOrder() {
        var order: [String] = []
        for m in r.messages where order.last != m.subject { order.append(m.subject) }
        #expect(
            order == [
                "Alice Archer, Xena Customer", "#general", "Alice Archer, Carol Chen, Xena Customer",
                "#random", "#secret-plans", "#shared-customer",
            ])
        #expect(r.messages.map(\.channel).contains(.slackGroupDM))
        #expect(r.message("G01/1682950000.000001")?.channel == .slackPrivate)
        #expect(r.message("D01/1682935200.000100")?.channel == .slackDM)
        #expect(r.message("random/1683100000.000001")?.channel == .slackPublic)
    }

    @Test func identities() throws {
        let alice = try #require(r.message("D01/1682936100.000200")?.from)
        #expect(
            alice
                == Participant(
                    id: "U01", email: "alice@acme.com", displayName: "Alice Archer", organization: "acme.com",
                    isExternal: false))
        let xena = try #require(r.message("D01/1682935200.000100")?.from)
        #expect(xena.isExternal == true)
        #expect(xena.organization == "customer.io")
        // Not in users.json: from the message's user_profile, remembered for the next day file.
        let yuri = try #require(r.message("C02/1683014700.000400")?.from)
        #expect(yuri == Participant(id: "U77", displayName: "Yuri External", organization: "T02", isExternal: true))
        // Deleted user with an empty real name: the display name.
        #expect(r.message("C01/1682932000.000005")?.from.displayName == "bobby")
    }

    @Test func evidence() {
        #expect(r.evidence.slackTeams == ["T01": 3, "T02": 1])
        #expect(r.evidence.slackTeamEmailDomains == ["T01": ["acme.com": 3], "T02": ["customer.io": 1]])
        let us = r.evidence.infer()
        #expect(us.internalDomains.contains("acme.com"))
    }

    @Test func directMessages() throws {
        let m = try #require(r.message("D01/1682936100.000200"))
        #expect(m.text == "Sorry Xena! Looking now 👍🏼")
        #expect(m.to.map(\.id) == ["U09"])
        #expect(m.parent == "D01/1682935200.000100")
        #expect(m.date == Timestamp(seconds: 1_682_936_100, microseconds: 200, utcOffset: -18000))
        #expect(m.date?.iso8601 == "2023-05-01T05:15:00.000200-05:00")
        let first = try #require(r.message("D01/1682935200.000100"))
        #expect(first.text == "Hi Alice, the export is broken again 😞")
        let group = try #require(r.message("G02/1682960000.000001"))
        #expect(group.to.map(\.id) == ["U01", "U03"])
    }

    @Test func mrkdwn() throws {
        let m = try #require(r.message("C01/1682931700.000002"))
        #expect(m.text == "Morning @here & welcome @Carol Chen! See the docs or #shared-customer")
        #expect(m.to.map(\.id) == ["U03"])
        #expect(m.attributes["reactions"] == "+1:U02;wave:U02,U03")
        let bob = try #require(r.message("C01/1682932000.000005"))
        #expect(bob.text == "Will do by May 1st cc @eng")
        #expect(bob.flags == [.edited])
        #expect(bob.attributes["files"] == "2")
        #expect(bob.parent == "C01/1682931800.000003")
        let unknown = try #require(r.message("C02/1683014700.000400"))
        #expect(unknown.text == "see :unknown_emoji: at 10:30:45")
    }

    @Test func richTextBlocksWithQuote() throws {
        let m = try #require(r.message("C01/1682931800.000003"))
        #expect(m.text == "Thanks @Alice Archer 😄")
        #expect((9...10).contains(m.quotedChars))
        #expect(m.parent == "C01/1682931700.000002")
    }

    @Test func botsAndSystem() throws {
        let bot = try #require(r.message("C01/1682931900.000004"))
        #expect(bot.flags == [.bot])
        #expect(bot.from.displayName == "Deploy Bot")
        #expect(bot.parent == nil)
        let tomb = try #require(r.message("C02/1683014600.000300"))
        #expect(tomb.flags.contains(.system))
    }

    @Test func threadsAcrossDayFiles() throws {
        let root = try #require(r.message("C02/1682942400.000100"))
        #expect(root.thread == "C02/1682942400.000100")
        #expect(root.parent == nil)
        #expect(root.attributes["reply_count"] == "3")
        let onIt = try #require(r.message("C02/1682942460.000200"))
        #expect(onIt.thread == "C02/1682942400.000100")
        #expect(onIt.parent == "C02/1682942400.000100")
        // Day 2: answers Alice's reply, not the root.
        let update = try #require(r.message("C02/1683014400.000100"))
        #expect(update.thread == "C02/1682942400.000100")
        #expect(update.parent == "C02/1682942460.000200")
        // Mentions someone known only from an earlier message's user_profile.
        #expect(update.text == "Thanks, any update? cc @Yuri External")
        #expect(update.to.map(\.displayName) == ["Yuri External"])
        let broadcast = try #require(r.message("C02/1683014500.000200"))
        #expect(broadcast.thread == "C02/1682942400.000100")
        #expect(broadcast.parent == "C02/1683014400.000100")
        #expect(broadcast.attributes["broadcast"] == "true")
        #expect(broadcast.flags == [])
        #expect(r.messages.filter { $0.id == "C02/1683014500.000200" }.count == 1)
    }

    @Test func malformedDayFileKeepsTheRest() throws {
        #expect(r.message("random/1683100000.000001")?.text == "ok")
        #expect(r.message("random/1683190000.000001")?.text == "still read")
        let problems = r.summary.problems.joined(separator: "\n")
        #expect(problems.contains("random/2023-05-03.json:$[1]: not a JSON object"))
        #expect(problems.contains("random/2023-05-03.json:$[2].ts: missing or invalid ts"))
        #expect(problems.contains("random/2023-05-03.json:$[3].text"))
        #expect(problems.contains("unterminated string"))
    }

    @Test func deterministic() throws {
        let again = try SlackFixtures.read("modern")
        #expect(again.messages == r.messages)
    }
}

@Suite("Slack export: zip archives")
struct SlackZipTests {
    @Test func zipEqualsFolder() throws {
        let folder = try SlackFixtures.read("modern")
        let zipped = try SlackFixtures.read("modern.zip")
        #expect(zipped.messages.count == folder.messages.count)
        #expect(zipped.summary.read == folder.summary.read)
        #expect(zipped.summary.skipped == folder.summary.skipped)
        for (a, b) in zip(zipped.messages, folder.messages) {
            var a = a
            a.locator = b.locator
            #expect(a == b)
        }
        #expect(
            zipped.messages.first?.locator.file
                == SlackFixtures.dir + "/modern.zip!D01/2023-05-01.json")
    }

    @Test func traversalEntriesRefused() throws {
        let r = try SlackFixtures.read("traversal.zip")
        #expect(r.messages.map(\.id) == ["general/1577880000.000100"])
        #expect(r.summary.skipped == ["zip-unsafe-entry": 2])
        #expect(r.summary.read == 3)
        #expect(r.summary.problems.contains { $0.contains("../evil/2020-01-01.json") })
    }

    @Test func bombRatioRefused() {
        #expect {
            _ = try SlackFixtures.read("bomb.zip")
        } throws: { e in
            (e as? RapportError)?.code == .limitExceeded
        }
    }

    @Test func totalSizeCapped() {
        var limits = IngestLimits()
        limits.maxZipUncompressedBytes = 1000
        #expect {
            _ = try SlackFixtures.read("modern.zip", limits: limits)
        } throws: { e in
            (e as? RapportError)?.code == .limitExceeded
        }
    }

    @Test func entryCountCapped() {
        var limits = IngestLimits()
        limits.maxZipEntries = 5
        #expect {
            _ = try SlackFixtures.read("modern.zip", limits: limits)
        } throws: { e in
            (e as? RapportError)?.code == .limitExceeded
        }
    }

    @Test func zipWithoutAnExportRefused() {
        #expect {
            _ = try SlackFixtures.read("not-slack.zip")
        } throws: { e in
            (e as? RapportError)?.code == .unknownFormat
        }
    }

    @Test func evidenceOnlyPassReadsNoDayFiles() throws {
        var options = IngestOptions()
        options.dataDirectory = SlackFixtures.repo
        options.evidenceOnly = true
        var summary = IngestSummary()
        var evidence = UsEvidence()
        var count = 0
        try SlackExportReader().read(
            path: SlackFixtures.dir + "/modern.zip", options: options, summary: &summary, evidence: &evidence
        ) { _ in count += 1 }
        #expect(count == 0)
        #expect(summary.read == 0)
        #expect(evidence.slackTeams == ["T01": 3, "T02": 1])
    }

    @Test func ingestorDetectsZipAndFolder() throws {
        let plan = try Ingestor().plan([SlackFixtures.dir + "/modern.zip", SlackFixtures.dir + "/old2016"])
        #expect(plan.map(\.format) == [.slack, .slack])
    }
}
