import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Reads a mail fixture (or any path) with MailReader and returns what it emitted.
func readMail(
    _ path: String, format: InputFormat = .mbox, options: IngestOptions = IngestOptions(), workers: Int? = nil
) throws -> (messages: [Message], summary: IngestSummary, evidence: UsEvidence) {
    var reader = MailReader(format: format)
    if let workers { reader.workers = workers }
    var summary = IngestSummary()
    var evidence = UsEvidence()
    var messages: [Message] = []
    try reader.read(path: path, options: options, summary: &summary, evidence: &evidence) { m in
        messages.append(m)
    }
    return (messages, summary, evidence)
}

func mailFixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/mail/" + name).path
}

@Suite struct MailFixtureTests {
    @Test func gmailTakeout() throws {
        let (ms, summary, evidence) = try readMail(mailFixture("takeout.mbox"))
        #expect(ms.map(\.id) == ["first@example.com", "second@client.org"])
        #expect(summary.read == 3 && summary.emitted == 2 && summary.skipped == ["duplicate": 1])
        let first = ms[0]
        #expect(first.subject == "Café plans")
        #expect(first.from == Participant.email("ana@acme.com", name: "Ana Lima"))
        #expect(first.to.map(\.id) == ["bob@client.org", "jane@client.org"])
        #expect(first.to[1].displayName == "Doe, Jane")
        #expect(first.date?.iso8601 == "2016-09-16T22:26:51+02:00")
        #expect(first.date?.utcOffset == 7200)
        #expect(first.thread == "gmail:1545668983435175434")
        #expect(first.locator == SourceLocator(file: mailFixture("takeout.mbox"), byteOffset: 0))
        #expect(first.text == "Hi Bob,\n\nShall we meet on Monday?\n\nAna")
        #expect(first.channel == .email && first.source == .mbox)
        let second = ms[1]
        #expect(second.parent == "first@example.com")
        #expect(second.thread == first.thread)
        #expect(second.locator.byteOffset == 418)
        // "From here" after a non-blank line is body text; the wrapped attribution and quote are gone.
        #expect(second.text == "Monday works.\nFrom here on we are fine.")
        #expect(second.quotedChars == 103)
        #expect(evidence.sentLabelSenders == ["ana@acme.com": 1])
        #expect(evidence.senders == ["ana@acme.com": 1, "bob@client.org": 1])
        #expect(evidence.recipientsPerSender == ["ana@acme.com": 2, "bob@client.org": 1])
    }

    @Test func thunderbirdDeletedEscapesAndSubjectThreading() throws {
        let (ms, summary, _) = try readMail(mailFixture("thunderbird.mbox"))
        #expect(ms.map(\.id) == ["tb1@example.net", "tb3@example.net"])
        #expect(summary.skipped == ["deleted": 1])
        #expect(summary.problems.count == 1)
        #expect(
            ms[0].text
                == "Here are the numbers.\n\nFrom the report: revenue is up.\n\nFrom what I see, we are on track.")
        // `>>From` unescapes to `>From`, a quote line.
        #expect(ms[0].quotedChars == 40)
        // Id without brackets accepted, `<yes>` ignored; AW: joins the thread (shared participants).
        #expect(ms[1].messageID == "tb3@example.net")
        #expect(ms[1].parent == nil)
        #expect(ms[1].thread == ms[0].thread)
        #expect(ms[1].from.displayName == "Dana Park")
        #expect(ms[1].date?.iso8601 == "2019-06-13T12:00:00-04:00")
        #expect(ms[1].text == "Thanks Carl.")
    }

    @Test func gzipMatchesPlain() throws {
        let plain = try readMail(mailFixture("thunderbird.mbox"))
        let gz = try readMail(mailFixture("archive.mbox.gz"))
        #expect(gz.messages.map(\.text) == plain.messages.map(\.text))
        #expect(gz.messages.map(\.locator.byteOffset) == plain.messages.map(\.locator.byteOffset))
        #expect(gz.summary.read == 3)
    }

    @Test(arguments: ["cl2.mbox", "crlf.mbox"]) func contentLength(_ name: String) throws {
        let (ms, summary, _) = try readMail(mailFixture(name))
        #expect(ms.map(\.id) == ["cl-1@example.com", "cl-2@example.com", "cl-3@example.com"])
        #expect(summary.skippedTotal == 0)
        // The trusted length keeps a separator-looking line inside the body.
        #expect(ms[0].text == "First line.\n\nFrom someone@example.com Mon Jan  2 09:00:00 2017\nLast line.")
        // A wrong length is ignored.
        #expect(ms[1].text == "Short body.")
        #expect(ms[2].text == "Third body.")
        #expect(ms[2].locator.byteOffset == (name == "crlf.mbox" ? 523 : 500))
    }

    @Test func truncatedLastMessage() throws {
        let (ms, summary, _) = try readMail(mailFixture("truncated.mbox"))
        #expect(ms.count == 2 && summary.skippedTotal == 0)
        #expect(ms[1].text == "This message was cut in the mid")
        #expect(ms[1].attributes["truncated"] == "true")
        #expect(ms[0].date?.iso8601 == "2019-03-09T10:00:00+00:00")  // from the From_ line
    }

    @Test func brokenMessageSkippedRestRead() throws {
        let (ms, summary, _) = try readMail(mailFixture("broken.mbox"))
        #expect(ms.map(\.id) == ["ok@example.com"])
        #expect(summary.skipped == ["malformed-headers": 1])
        #expect(summary.problems.first?.hasSuffix("broken.mbox @0: no header lines at the start") == true)
    }

    @Test func htmlAlternativeWithQuoteContainer() throws {
        let (ms, _, _) = try readMail(mailFixture("alternative-html.eml"), format: .eml)
        let m = try #require(ms.first)
        #expect(m.source == .eml)
        #expect(m.text == "Hello team,\n\nThe résumé is ready.")
        #expect(m.quotedChars == 45)
        #expect(m.subject == "[Team] Résumé")
        #expect(m.from.displayName == "Jörg Müller")
        #expect(m.to.isEmpty)
        #expect(m.cc.map(\.id) == ["a@example.com", "b@example.com", "c@example.com"])
        #expect(m.cc.map(\.displayName) == ["", "B (boss)", "Cee Person"])
        #expect(m.date?.iso8601 == "2019-03-05T08:15:00+01:00")
    }

    @Test func forwardedRfc822AndAttachment() throws {
        let (ms, _, _) = try readMail(mailFixture("forward.eml"), format: .eml)
        let m = try #require(ms.first)
        #expect(m.text == "See below, note the péage.")
        #expect(m.flags == [.forwarded])
        #expect(m.quotedChars == "The contract is attached.".count)
    }

    @Test func outlookReplySignatureFooterDisclaimer() throws {
        let (ms, _, _) = try readMail(mailFixture("outlook-reply.eml"), format: .eml)
        let m = try #require(ms.first)
        #expect(m.text == "Thanks – I will sign today.\n\nBest regards,")
        #expect(m.attributes["signature"] == "Bob Stone\nVP Operations, Client Org")
        #expect(m.attributes["mobile_footer"] == "true")
        #expect(m.parent == "fwd@example.com")
        #expect(m.thread == "thread-9343950f9717b533")
        #expect(m.quotedChars == 156)
    }

    @Test(arguments: [
        ("autoreply.eml", MessageFlags.autoReply, "auto-reply"),
        ("calendar.eml", MessageFlags.notification, "calendar"),
        ("bounce.eml", MessageFlags.notification, "delivery-status"),
    ])
    func automatedMail(_ name: String, _ flag: MessageFlags, _ reason: String) throws {
        let (ms, summary, _) = try readMail(mailFixture(name), format: .eml)
        let m = try #require(ms.first)
        #expect(m.flags.contains(flag))
        #expect(!m.isConversational)
        #expect(summary.excluded == [reason: 1])
        var options = IngestOptions()
        options.keepAutomated = false
        let dropped = try readMail(mailFixture(name), format: .eml, options: options)
        #expect(dropped.messages.isEmpty && dropped.summary.skipped == [reason: 1])
    }

    @Test func maildirCurAndNew() throws {
        let (ms, summary, _) = try readMail(mailFixture("maildir"), format: .maildir)
        #expect(ms.map(\.id) == ["md1@example.com", "md2@example.com"])
        #expect(ms.allSatisfy { $0.source == .maildir })
        #expect(ms[1].parent == "md1@example.com" && ms[1].thread == ms[0].thread)
        #expect(summary.files == 2)
    }

    @Test func formatDetectionAndDirectoryPlan() throws {
        // Paths are planned in sorted order, whatever order they are given in.
        let plan = try Ingestor().plan([mailFixture("maildir"), mailFixture("archive.mbox.gz")])
        #expect(plan.map(\.format) == [.mbox, .maildir])
        #expect(Ingestor.detectFile(mailFixture("forward.eml")) == .eml)
    }

    /// Shapes from CPython's email test data: headers without the blank line before the body (msg_35),
    /// a bare MIME entity saved as .eml (msg_37), and plain text that is no mail at all (msg_19).
    @Test func headerSniffingOnOddFiles() {
        func detect(_ text: String, _ name: String) -> InputFormat? {
            Ingestor.detect(head: Array(text.utf8), name: name)
        }
        let noBlankLine = "From: aperson@dom.ain\nTo: bperson@dom.ain\nSubject: hi\ncounter to RFC 2822, no newline\n"
        #expect(detect(noBlankLine, "x.txt") == .eml)
        let bareEntity = "Content-Type: multipart/mixed; boundary=ABCDE\n\n--ABCDE\n"
        #expect(detect(bareEntity, "part.eml") == .eml)
        #expect(detect(bareEntity, "part.txt") == nil)
        #expect(detect("Send Ppp mailing list submissions to\n\tppp@zzz.org\n", "digest.eml") == nil)
        #expect(detect("Subject line: not a header block\nbecause the next line is prose\n", "notes.txt") == nil)
    }

    @Test func deterministicAcrossWorkerCounts() throws {
        let one = try readMail(mailFixture("takeout.mbox"), workers: 1)
        let four = try readMail(mailFixture("takeout.mbox"), workers: 4)
        #expect(one.messages == four.messages)
    }

    @Test func limitsAreCountedSkips() throws {
        var options = IngestOptions()
        options.limits.maxMessageBytes = 200
        let (ms, summary, _) = try readMail(mailFixture("cl2.mbox"), options: options)
        #expect(ms.map(\.id) == ["cl-2@example.com", "cl-3@example.com"])
        #expect(summary.skipped == ["too-large": 1])
        options = IngestOptions()
        options.limits.maxMIMEDepth = 0
        let deep = try readMail(mailFixture("forward.eml"), format: .eml, options: options)
        #expect(deep.messages.isEmpty && deep.summary.skipped == ["mime-too-deep": 1])
    }

    @Test func evidenceOnlyEmitsNothing() throws {
        var options = IngestOptions()
        options.evidenceOnly = true
        let (ms, _, evidence) = try readMail(mailFixture("takeout.mbox"), options: options)
        #expect(ms.isEmpty)
        #expect(evidence.sentLabelSenders == ["ana@acme.com": 1])
    }

    /// `ready` gets the whole input's evidence once, before the first message, equal to what an
    /// evidence-only read gathers; the messages are those of a plain read.
    @Test(arguments: [1, 4]) func readyBeforeFirstMessage(workers: Int) throws {
        for name in ["takeout.mbox", "thunderbird.mbox", "archive.mbox.gz"] {
            var quick = IngestOptions()
            quick.evidenceOnly = true
            let expected = try readMail(mailFixture(name), options: quick).evidence
            let plain = try readMail(mailFixture(name), workers: workers)
            var reader = MailReader(format: .mbox)
            reader.workers = workers
            var summary = IngestSummary()
            var evidence = UsEvidence()
            var seen: [UsEvidence] = []
            var emittedBeforeReady = 0
            var messages: [Message] = []
            try reader.read(
                path: mailFixture(name), options: IngestOptions(), summary: &summary, evidence: &evidence,
                prepare: { (e: UsEvidence) -> @Sendable (Message) -> Message in
                    seen.append(e)
                    emittedBeforeReady = messages.count
                    return { $0 }
                },
                emit: { m in messages.append(m) })
            #expect(seen == [expected], "\(name)")
            #expect(emittedBeforeReady == 0)
            #expect(messages == plain.messages && summary == plain.summary, "\(name)")
            #expect(!expected.senders.isEmpty)
        }
    }
}

@Suite struct MailArchiveTests {
    @Test func pipermailArchive() throws {
        let (ms, summary, _) = try readMail(mailFixture("pipermail.txt"))
        #expect(summary.read == 2 && summary.skippedTotal == 0)
        #expect(ms.map(\.from.id) == ["john@example.com", "mary@example.org"])
        #expect(ms.map(\.from.displayName) == ["John Smith", "Mary Major"])
        #expect(ms[1].parent == "pm1@example.com" && ms[1].thread == ms[0].thread)
        #expect(ms[1].text == "Friday is fine.")
        #expect(ms[1].quotedChars == "> The release is planned for Friday.".count)
        #expect(Ingestor.detectFile(mailFixture("pipermail.txt")) == .mbox)
    }

    @Test func appleMailBundle() throws {
        let dir = NSTemporaryDirectory() + "rapport-bundle-\(getpid()).mbox"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(atPath: mailFixture("takeout.mbox"), toPath: dir + "/mbox")
        try Data([0, 1, 2]).write(to: URL(fileURLWithPath: dir + "/table_of_contents"))
        let plan = try Ingestor().plan([dir])
        #expect(plan.map(\.path) == [dir + "/mbox"])
        let (ms, _, _) = try readMail(dir)
        #expect(ms.count == 2)
    }
}

@Suite struct MailCharsetTests {
    @Test func undeclaredEightBitIsDetected() throws {
        let (ms, _, _) = try readMail(mailFixture("undeclared-8bit.eml"), format: .eml)
        #expect(ms.first?.text == "Спасибо за ваш ответ, проект задерживается, встреча завтра утром в офисе.")
    }
}
