import Foundation
import RapportAnalysis
import RapportCore
import Testing

@Suite("Pipeline")
struct PipelineTests {
    /// A mixed corpus: two accounts, a free-mail contact, Slack and tickets, duplicates, automated mail.
    static func corpus() -> [Message] {
        var msgs = Kit.exchanges(
            n: 12, replyHours: 3, theirText: "Hi Sam! Thanks 🙂", ourText: "Hey Jane, could you check?")
        msgs += Kit.exchanges(contact: "bob@acme.com", n: 6, start: "2026-01-20T09:00:00+01:00", replyHours: 20)
        msgs += Kit.exchanges(contact: "ann@globex.io", n: 8, replyHours: 40, gapDays: 5)
        msgs += Kit.exchanges(contact: "pal@gmail.com", n: 3, replyHours: 1)
        // Jane on Slack (profile email links her), in a DM thread.
        var slack = Participant(id: "U777", email: "jane@acme.com", displayName: "Jane Test")
        slack.organization = "T1"
        var dm = Message(
            id: "C1/1", source: .slack, locator: SourceLocator(file: "s"), thread: "C1/1", from: slack,
            date: Kit.t("2026-02-10T20:00:00+01:00"), channel: .slackDM, text: "haha yes, see you there!")
        msgs.append(dm)
        dm.id = "C1/2"
        dm.from = .email("me@ours.com")
        dm.text = "Great!"
        dm.date = Kit.t("2026-02-10T19:10:00Z")
        msgs.append(dm)
        // A ticket author without an address, same full name as Bob: weak link.
        msgs.append(
            Message(
                id: "TK1#0", source: .ticket, locator: SourceLocator(file: "t"), thread: "TK1",
                from: Participant(id: "ticket:bob test", displayName: "Bob Test"), date: Kit.t("2026-02-01T10:00:00Z"),
                channel: .ticketPublic, text: "Could you reset my password?"))
        // Automated mail and a duplicate id.
        msgs.append(
            Kit.mail(
                "auto", "Z", from: "jane@acme.com", to: "me@ours.com", at: "2026-02-02T10:00:00Z", "Out of office",
                flags: [.autoReply]))
        msgs.append(msgs[0])
        return msgs
    }

    @Test("identity across sources; accounts by domain, free-mail never")
    func identity() throws {
        let body = Kit.analyze(Self.corpus(), asOf: "2026-03-10T00:00:00Z")
        #expect(body.accounts.map(\.id).sorted() == ["acme.com", "globex.io"])
        #expect(body.unaffiliated.map(\.id) == ["pal@gmail.com"])
        let jane = try #require(Kit.contact(body, "jane@acme.com"))
        #expect(jane.aliases == [IdentityLink(id: "u777", via: "email", strong: true)])
        #expect(jane.dynamics.channels.first == "slack-dm")
        let bob = try #require(Kit.contact(body, "bob@acme.com"))
        #expect(bob.aliases == [IdentityLink(id: "ticket:bob test", via: "display-name", strong: false)])
        let globex = try #require(body.accounts.first { $0.id == "globex.io" })
        #expect(globex.singleThreaded)  // a single-contact corporate domain is still an account
    }

    /// Exchanges whose outside participant carries a display name.
    static func named(_ address: String, _ name: String, n: Int, start: String) -> [Message] {
        Kit.exchanges(contact: address, n: n, start: start, replyHours: 2).map { m in
            var m = m
            if m.from.email == address { m.from = .email(address, name: name) }
            m.to = m.to.map { $0.email == address ? .email(address, name: name) : $0 }
            return m
        }
    }

    @Test("free-mail addresses with a contact's full name join it; ambiguous names link nothing")
    func freeMailAddressesJoinByFullName() throws {
        var msgs = Self.named("rick@acme.com", "Rick Moranis", n: 6, start: "2026-01-05T10:00:00+00:00")
        msgs += Self.named("rick.m@gmail.com", "Rick Moranis", n: 2, start: "2026-01-06T10:00:00+00:00")
        msgs += Self.named("rickm@yahoo.com", "rick  MORANIS", n: 1, start: "2026-01-07T10:00:00+00:00")
        // Only free-mail addresses share the name: the smallest address is the contact.
        msgs += Self.named("pat.pal@hotmail.com", "Pat Pal", n: 2, start: "2026-01-08T10:00:00+00:00")
        msgs += Self.named("pal@gmail.com", "Pat Pal", n: 1, start: "2026-01-09T10:00:00+00:00")
        // Two companies' John Smiths: the Gmail one is neither's.
        msgs += Self.named("john@globex.io", "John Smith", n: 1, start: "2026-01-10T10:00:00+00:00")
        msgs += Self.named("john@initech.com", "John Smith", n: 1, start: "2026-01-11T10:00:00+00:00")
        msgs += Self.named("jsmith@gmail.com", "John Smith", n: 1, start: "2026-01-12T10:00:00+00:00")
        // One word is not a full name.
        msgs += Self.named("kim@gmail.com", "Kim", n: 1, start: "2026-01-13T10:00:00+00:00")
        msgs += Self.named("kim@yahoo.com", "Kim", n: 1, start: "2026-01-14T10:00:00+00:00")
        let body = Kit.analyze(msgs, asOf: "2026-03-10T00:00:00Z")
        let rick = try #require(Kit.contact(body, "rick@acme.com"))
        #expect(
            rick.aliases == [
                IdentityLink(id: "rick.m@gmail.com", via: "display-name", strong: false),
                IdentityLink(id: "rickm@yahoo.com", via: "display-name", strong: false),
            ])
        #expect(rick.dynamics.messagesIn == 9 && rick.dynamics.messagesOut == 9)
        let pal = try #require(Kit.contact(body, "pal@gmail.com"))
        #expect(pal.aliases == [IdentityLink(id: "pat.pal@hotmail.com", via: "display-name", strong: false)])
        #expect(pal.dynamics.messagesIn == 3)
        #expect(
            body.unaffiliated.map(\.id).sorted() == [
                "jsmith@gmail.com", "kim@gmail.com", "kim@yahoo.com", "pal@gmail.com",
            ])
        #expect(Kit.contact(body, "john@globex.io")?.aliases == [])
        #expect(Kit.contact(body, "john@initech.com")?.aliases == [])

        var config = AnalysisConfig.defaults
        config.identity.linkByDisplayName = false
        let off = Kit.analyze(msgs, asOf: "2026-03-10T00:00:00Z", config: config)
        #expect(Kit.contact(off, "rick@acme.com")?.aliases == [])
        #expect(Kit.contact(off, "rick.m@gmail.com")?.dynamics.messagesIn == 2)
        #expect(off.unaffiliated.count == 7)
    }

    @Test("config overrides: aliases and domain → account")
    func overrides() throws {
        var config = AnalysisConfig.defaults
        config.identity.domains = ["globex.io": "acme.com"]
        config.identity.aliases = ["pal@gmail.com": "jane@acme.com"]
        let body = Kit.analyze(Self.corpus(), asOf: "2026-03-10T00:00:00Z", config: config)
        #expect(body.accounts.map(\.id) == ["acme.com"])
        #expect(body.unaffiliated.isEmpty)
        let jane = try #require(Kit.contact(body, "jane@acme.com"))
        #expect(jane.aliases.map(\.id) == ["pal@gmail.com", "u777"])
    }

    @Test("counts: automated, duplicates, after as-of")
    func counts() {
        let msgs = Self.corpus()
        let agg = Kit.aggregate(msgs, asOf: Kit.t("2026-02-05T00:00:00Z"))
        #expect(agg.counts.received == msgs.count)
        #expect(agg.counts.notUsed["automated"] == 1)
        #expect(agg.counts.notUsed["duplicate-id"] == 1)
        #expect((agg.counts.notUsed["after-as-of"] ?? 0) > 0)
        #expect(agg.counts.used + agg.counts.notUsed.values.reduce(0, +) == agg.counts.received)
    }

    /// Before: a copy counted as `duplicate-id` only when it would have been used; an automated or
    /// internal copy was counted again under its own reason (QA: `ingest` said 59 duplicates, `analyze` 55).
    @Test("a copy is a duplicate whatever it is, in one pass and merged shards alike", arguments: [1, 2, 3, 7])
    func duplicatesOfEveryKind(shards: Int) throws {
        let msgs = Self.corpus()
        let asOf = Kit.t("2026-02-05T00:00:00Z")
        let once = Kit.aggregate(msgs, asOf: asOf).counts
        // Every message twice (the second time in reverse order), and an automated copy of a used one.
        let used = try #require(msgs.first { Kit.aggregate([$0], asOf: asOf).counts.used == 1 })
        var automated = used
        automated.flags.insert(.bulk)
        let copies = msgs + msgs.reversed() + [automated]
        let distinct = Set(msgs.map(\.id)).count
        var expected = once
        expected.received = copies.count
        expected.notUsed["duplicate-id"] = copies.count - distinct
        let (forward, backward) = Kit.mergedBothWays(
            shards == 1
                ? [Kit.aggregate(copies, asOf: asOf)] : Kit.roundRobinShards(copies, shards: shards, asOf: asOf))
        #expect(forward.counts == expected)
        #expect(backward.counts == expected)
        let reversed = Kit.aggregate(copies.reversed(), asOf: asOf)
        #expect(reversed.counts == expected)
        let one = Analyzer().analyze(Kit.aggregate(msgs, asOf: asOf), asOf: asOf)
        #expect(Kit.bytes(Analyzer().analyze(forward, asOf: asOf)) == Kit.bytes(one))
        #expect(Kit.bytes(Analyzer().analyze(backward, asOf: asOf)) == Kit.bytes(one))
    }

    @Test("merge of partial aggregates equals one pass, in any shard order", arguments: [2, 3, 7])
    func merge(shards: Int) {
        let msgs = Self.corpus()
        let asOf = Kit.t("2026-03-10T00:00:00Z")
        let one = Analyzer().analyze(Kit.aggregate(msgs, asOf: asOf), asOf: asOf)
        let (forward, backward) = Kit.mergedBothWays(Kit.roundRobinShards(msgs, shards: shards, asOf: asOf))
        #expect(forward.counts == Kit.aggregate(msgs, asOf: asOf).counts)
        #expect(backward.counts == forward.counts)
        #expect(Kit.bytes(Analyzer().analyze(forward, asOf: asOf)) == Kit.bytes(one))
        #expect(Kit.bytes(Analyzer().analyze(backward, asOf: asOf)) == Kit.bytes(one))
    }

    @Test("deterministic: same input (in any order) gives byte-identical output")
    func determinism() {
        let msgs = Self.corpus()
        let a = Kit.bytes(Kit.analyze(msgs))
        let b = Kit.bytes(Kit.analyze(msgs))
        let c = Kit.bytes(Kit.analyze(msgs.reversed()))
        #expect(a == b)
        #expect(a == c)
    }

    @Test("as-of replays history: later messages are ignored")
    func replay() throws {
        let msgs = Self.corpus()
        let early = msgs.filter { ($0.date?.instant ?? 0) <= Kit.t("2026-02-01T00:00:00Z").instant }
        let a = Kit.analyze(msgs, asOf: "2026-02-01T00:00:00Z")
        let b = Kit.analyze(early, asOf: "2026-02-01T00:00:00Z")
        #expect(Kit.bytes(a) == Kit.bytes(b))
    }

    @Test("thread report: turns, latency, arc")
    func thread() throws {
        let msgs = Self.corpus().map { m -> Message in
            var x = m
            x.direction = Kit.us.classify(m)
            return x
        }
        let r = Analyzer().thread(
            "th0-jane@acme.com", messages: msgs, featurizer: Featurizer(us: Kit.us, analyzer: nil), asOf: nil)
        #expect(r.turns.map(\.id) == ["q0-jane@acme.com", "a0-jane@acme.com"])
        #expect(r.turns.map(\.replyLatencySeconds) == [nil, 10_800])
        #expect(r.sentimentArc == [nil, nil])
        #expect(r.contacts.map(\.id) == ["jane@acme.com"])
    }
}

@Suite("Config and hashes")
struct ConfigTests {
    @Test("SHA-256 test vectors")
    func sha() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex(String(repeating: "a", count: 1000))
                == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
        // FIPS 180-2 vector: one million "a", fed in pieces that straddle block boundaries.
        var million = SHA256()
        for size in [1, 63, 64, 65, 127, 1000] { million.update([UInt8](repeating: 0x61, count: size)) }
        million.update(repeatElement(UInt8(0x61), count: 1_000_000 - 1320))  // not contiguous: byte by byte
        #expect(million.hexDigest() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("SHA-256 streaming: any split of the input gives the one-shot digest")
    func shaStreaming() {
        let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let whole = SHA256.hex(SHA256.digest(data))
        for cut in [0, 1, 55, 56, 63, 64, 65, 128, 500, 999, 1000] {
            var h = SHA256()
            h.update(data[..<cut])
            h.update(Array(data[cut...]))
            #expect(h.hexDigest() == whole, "cut at \(cut)")
        }
    }

    @Test("config: a partial file overrides defaults; unknown keys are errors")
    func parse() throws {
        let c = try AnalysisConfig.parse(Data(#"{"weights":{"warmth":30},"gates":{"minWarmthFor5":70}}"#.utf8))
        #expect(c.weights["warmth"] == 30)
        #expect(c.weights["intimacy"] == nil)
        #expect(c.gates.minWarmthFor5 == 70)
        #expect(c.gates.minExchangesFor3 == 3)
        #expect(throws: RapportError.self) { try AnalysisConfig.parse(Data(#"{"gatez":{}}"#.utf8)) }
        #expect(throws: RapportError.self) { try AnalysisConfig.parse(Data(#"{"bands":[1,2]}"#.utf8)) }
        let round = try AnalysisConfig.parse(Data(AnalysisConfig.defaults.canonicalJSON().utf8))
        #expect(round == AnalysisConfig.defaults)
        #expect(round.hash == AnalysisConfig.defaults.hash)
    }
}

@Suite("One-sided input")
struct OneSidedInputTests {
    /// Questions from two customers, day after day, and nothing of ours.
    static func inbox() -> [Message] {
        (0..<12).map { i in
            Kit.mail(
                "q\(i)", "T\(i % 3)", from: i % 2 == 0 ? "ann@acme.com" : "bo@globex.io", to: "me@ours.com",
                at: "2026-03-\(String(format: "%02d", 2 + i))T10:00:00Z",
                "Hi, could you send the report for item \(i % 3)? It is still missing.")
        }
    }

    /// An inbox without its Sent folder: a note says so, and the warnings that assume our silence are not
    /// raised; every contact is capped at level 1.
    @Test func noMessageFromUs() {
        let body = Kit.analyze(Self.inbox(), asOf: "2026-03-20T00:00:00Z")
        #expect(body.notes.count == 1)
        #expect(body.notes.first?.hasPrefix("no message from us among the 12 analyzed messages") == true)
        #expect(body.warnings.filter { ["open-item-ageing", "repeated-request"].contains($0.rule) }.isEmpty)
        #expect(body.accounts.flatMap(\.contacts).map(\.score.level) == [1, 1])
    }

    /// The same questions with one reply of ours to someone else: the input has both sides, so there is no
    /// note and the waiting-on-us warnings are raised as usual.
    @Test func oneReplyOfOursRestoresTheWarnings() {
        let reply = Kit.mail(
            "r1", "X", from: "me@ours.com", to: "cy@initech.com", at: "2026-03-03T10:00:00Z", "Sure, attached.")
        let body = Kit.analyze(Self.inbox() + [reply], asOf: "2026-03-20T00:00:00Z")
        #expect(body.notes.isEmpty)
        #expect(!body.warnings.filter { ["open-item-ageing", "repeated-request"].contains($0.rule) }.isEmpty)
    }

    /// Only our sent mail: the note names the other side, and asymmetry is not raised. Our mail speeds up
    /// (2 messages in the first 60 days, 10 in the next 60), which on its own would raise it: without
    /// their side "we send more than they do" is trivially true.
    @Test func noMessageFromThem() {
        func day(_ d: Int) -> String { Timestamp(year: 2026, month: 1, day: 5 + d, hour: 10).iso8601 }
        let days = [0, 30] + (0..<10).map { 62 + 6 * $0 }
        let sent = days.enumerated().map { k, d in
            Kit.mail(
                "s\(k)", "S\(k)", from: "me@ours.com", to: "ann@acme.com", at: day(d), "Checking in on the rollout.")
        }
        let asOf = day(125)
        let body = Kit.analyze(sent, asOf: asOf)
        #expect(body.notes.first?.hasPrefix("no message from them among the 12 analyzed messages") == true)
        #expect(body.warnings.filter { $0.rule == "asymmetry" }.isEmpty)
    }
}
