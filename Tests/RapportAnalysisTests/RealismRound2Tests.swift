import Foundation
import RapportAnalysis
import RapportCore
import RapportSentiment
import Testing

/// Second realism pass: real vendor ↔ user threads (a file-system vendor's engineer helping a user recover a
/// disk on a kernel list; a desktop-search author answering his users on the project's pipermail list)
/// read as a customer-success manager would. Each test is a hand-built conversation shaped on what was seen.
@Suite("Realism round 2")
struct RealismRound2Tests {
    /// A fresh analyzer (not Sendable: one per test).
    static func makeAnalyzer() -> SentimentAnalyzer? {
        guard let lexicons = try? Lexicons.load() else { return nil }
        return try? SentimentAnalyzer(lexicons: lexicons)
    }

    /// Kit.analyze with the Rapport sentiment engine.
    static func analyze(_ messages: [Message], asOf: String, analyzer: SentimentAnalyzer?) -> AnalysisBody {
        let f = Featurizer(us: Kit.us, analyzer: analyzer)
        let a = Kit.t(asOf)
        var agg = PartialAggregate(asOf: a, timelineDays: AnalysisConfig.defaults.analysis.timelineDays)
        for message in messages {
            var m = message
            m.direction = Kit.us.classify(m)
            agg.add(m, featurizer: f)
        }
        return Analyzer().analyze(agg, asOf: a)
    }

    /// A polite customer who pastes what the terminal printed, no fence, as support mail does.
    static let pastedReply = """
        Hi Dana,

        Thanks for the quick answer. I ran the check you suggested:

        [ops-box:~] $ sudo vaultctl verify --all
        parent record verify failed on 88113344 wanted 512 found 498
        ERROR: cannot open store
        Opening store to check...

        Is that the record number or the byte offset?

        Thanks,
        Marta
        """

    @Test("output pasted without a fence (a prompt, 'ERROR: …' lines) is one word and no sentiment")
    func pastedOutputIsNotTheirWords() throws {
        let (blank, runs) = TextFeatures.blankingPastedOutput(Self.pastedReply)
        #expect(runs == 1)
        #expect(blank.utf8.count == Self.pastedReply.utf8.count)
        #expect(!blank.contains("ERROR"))
        #expect(!blank.contains("failed"))
        #expect(blank.contains("Thanks for the quick answer. I ran the check you suggested:"))
        #expect(blank.contains("Is that the record number or the byte offset?"))
        // A kernel log stamp, a log level in brackets, a user@host prompt, a traceback.
        for line in [
            "[ 7546.814837] vault error (device dm-5): failed to read root", "[ERROR] sync aborted",
            "deploy@web-2:~$ systemctl restart syncd", "Traceback (most recent call last):",
            "2026-03-02 08:01:13 worker-3 retry 1/5 failed",
        ] {
            #expect(TextFeatures.blankingPastedOutput("It says:\n\n" + line + "\n").1 == 1, "\(line)")
        }
        // Ordinary prose keeps its words: an order number, "Error:" in a sentence, a question under a log.
        #expect(TextFeatures.blankingPastedOutput("Order 104325 shipped today.\nThanks!").1 == 0)
        #expect(TextFeatures.blankingPastedOutput("The error: nothing syncs since Monday. Awful.").1 == 0)
        let asked = TextFeatures.blankingPastedOutput("ERROR: cannot open store\nCan you have a look?")
        #expect(asked.1 == 1)
        #expect(asked.0.hasSuffix("Can you have a look?"))

        let msgs = [
            Kit.mail(
                "m1", "t1", from: "me@ours.com", to: "marta@globex.com", at: "2026-03-02T09:00:00Z",
                "Please run vaultctl verify --all and send me what it prints."),
            Kit.mail(
                "m2", "t1", from: "marta@globex.com", to: "me@ours.com", at: "2026-03-02T10:00:00Z", Self.pastedReply),
        ]
        let analyzer = Self.makeAnalyzer()
        let body = Self.analyze(msgs, asOf: "2026-03-03T00:00:00Z", analyzer: analyzer)
        let c = try #require(Kit.contact(body, "marta@globex.com"))
        // 24 words of her own and the pasted block (it was 45).
        #expect(c.dynamics.medianWordsThem == 25)
        let turn = try #require(body.timelines["marta@globex.com"]?.last)
        #expect(turn.words == 25)
        if let analyzer {
            // Her words thank us; the machine's "failed" and "ERROR" are not hers.
            #expect(turn.sentiment == 0.4404)
            #expect(analyzer.analyze(Self.pastedReply).score?.compound == -0.5904)
        }
    }

    @Test("our answers in a list archive that kept no recipients are ours to them, not internal mail")
    func archivedAnswerWithoutRecipientsIsOutbound() throws {
        func post(_ id: String, from: String, at: String, _ text: String) -> Message {
            Message(
                id: id, source: .mbox, locator: SourceLocator(file: "test"), thread: "t1",
                from: .email(from, name: Kit.name(from)), date: Kit.t(at), channel: .email, subject: "mp3 ?",
                text: text)
        }
        let msgs = [
            post(
                "p1", from: "rick@globex.com", at: "2026-03-02T05:00:00Z",
                "Is there something that must be turned on for the indexer to see my usb drive?"),
            post(
                "p2", from: "me@ours.com", at: "2026-03-02T07:00:00Z",
                "Hi Rick, add the drive's mount point under Preferences, Indexing, then restart the daemon."),
            post("p3", from: "rick@globex.com", at: "2026-03-02T13:00:00Z", "I did, it still misses every mp3 file."),
        ]
        #expect(Kit.us.classify(msgs[1]) == .outbound)
        let body = Kit.analyze(msgs, asOf: "2026-03-03T00:00:00Z")
        #expect(body.counts.notUsed["internal"] == nil)
        let c = try #require(Kit.contact(body, "rick@globex.com"))
        #expect(c.dynamics.messagesIn == 2)
        #expect(c.dynamics.messagesOut == 1)
        #expect(c.dynamics.latencyUs.count == 1)
        #expect(c.dynamics.latencyUs.medianSeconds == 7_200)
        #expect(c.dynamics.latencyThem.medianSeconds == 21_600)
        // An internal note on a ticket stays internal.
        var note = msgs[1]
        note.channel = .ticketInternal
        #expect(Kit.us.classify(note) == .internal)
    }

    @Test("'let us know' asks as 'let me know' does; with a courtesy offer it asks nothing")
    func letUsKnowAsks() throws {
        #expect(TextFeatures.extract("Thanks. Let us know when the patched build is available.").asksSomething)
        #expect(TextFeatures.extract("First verify the index. Let us know what you find out.").asksSomething)
        #expect(
            !TextFeatures.extract("Use the packages on our site. Let us know if you experience any problem.")
                .asksSomething)
        #expect(!TextFeatures.extract("Restart the daemon. Let us know if the problem persists.").asksSomething)
        let msgs = [
            Kit.mail(
                "m1", "t1", from: "me@ours.com", to: "erik@globex.com", at: "2026-03-02T09:00:00Z",
                "The fix is in the nightly packages."),
            Kit.mail(
                "m2", "t1", from: "erik@globex.com", to: "me@ours.com", at: "2026-03-02T10:00:00Z",
                "Works here, thanks. Let us know when it is in a release, our IT only installs releases."),
        ]
        let body = Kit.analyze(msgs, asOf: "2026-03-03T10:00:00Z")
        let c = try #require(Kit.contact(body, "erik@globex.com"))
        let item = try #require(c.dynamics.openItems.first)
        #expect(c.dynamics.openItems.count == 1)
        #expect(item.messageID == "m2")
        #expect(item.waitingOn == "waiting-on-us")
    }
}
