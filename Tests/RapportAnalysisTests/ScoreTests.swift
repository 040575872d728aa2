import Foundation
import RapportAnalysis
import RapportCore
import Testing

@Suite("Score")
struct ScoreTests {
    static let warmThem = "Hi Sam! Thanks, here it is 🙂"
    static let warmUs = "Hey Jane, could you send the numbers?"

    @Test("components are documented values; missing sentiment is re-weighted away")
    func components() throws {
        let msgs = Kit.exchanges(n: 20, replyHours: 2, theirText: Self.warmThem, ourText: Self.warmUs)
        let c = try #require(Kit.contact(Kit.analyze(msgs, asOf: "2026-03-05T12:00:00Z"), "jane@acme.com"))
        let s = c.score
        let byID = Dictionary(uniqueKeysWithValues: s.components.map { ($0.id, $0) })
        #expect(s.components.map(\.id) == AnalysisConfig.componentIDs)
        #expect(byID["sentiment"]?.value == nil)
        #expect(byID["sentiment"]?.effectiveWeight == 0)
        // 95 of the 100 weight units are present: each weight is divided by 95.
        #expect(byID["warmth"]?.effectiveWeight == Stats.round(20.0 / 95, 4))
        #expect(byID["recency"]?.value == 100)
        #expect(byID["open-items"]?.value == 100)
        // 20 reply pairs (they answer each of our 20 threads); volume = 100 × ln(21)/ln(61).
        #expect(c.dynamics.replyExchanges == 20)
        #expect(byID["volume"]?.value == Stats.round(100 * log(21.0) / log(61.0), 2))
        // 57 days from their first to last message over 365.
        #expect(byID["duration"]?.value == Stats.round(100 * 57 / 365.0, 2))
        // Email reply in 2 h: between the 1 h (100) and 7 h (85) anchors in log hours.
        let speed = 100 + (log(2.0) - log(1.0)) / (log(7.0) - log(1.0)) * (85 - 100)
        #expect(byID["responsiveness"]?.value == Stats.round(speed, 2))
        // They write as much as we do (1) but started no thread (0): 50.
        #expect(byID["balance"]?.value == 50)
        // Intimacy: email 30 + 15 × all informal + 5 × min(1, 2 × 0.3): 6 of their 20 replies fall on a weekend.
        #expect(c.dynamics.offHoursShareThem == 0.3)
        #expect(byID["intimacy"]?.value == 48)
        let sum = s.components.reduce(0) { $0 + $1.contribution }
        #expect(abs(sum - s.points) < 0.05)
        #expect(s.level == 4)
        #expect(s.gates == ["4, not 5: no private channel"])
        #expect(s.confidence == Stats.round(1 - exp(-log(10.0) / 20 * 20), 3))
    }

    @Test("gate: a strong relationship takes time — quick, warm mail over a fortnight stays at 3")
    func level4NeedsTime() throws {
        // The same warm, quick exchanges as above, one a day: 20 exchanges over 19 days.
        let short = Kit.exchanges(n: 20, replyHours: 2, gapDays: 1, theirText: Self.warmThem, ourText: Self.warmUs)
        let s = try #require(Kit.contact(Kit.analyze(short, asOf: "2026-01-25T12:00:00Z"), "jane@acme.com")).score
        #expect(s.points >= 60)
        #expect(s.level == 3)
        #expect(s.gates == ["3, not 4: known for only 19.0 days (30 days needed)"])
        // Every other day: 38 days, level 4.
        let long = Kit.exchanges(n: 20, replyHours: 2, gapDays: 2, theirText: Self.warmThem, ourText: Self.warmUs)
        let l = try #require(Kit.contact(Kit.analyze(long, asOf: "2026-02-15T12:00:00Z"), "jane@acme.com")).score
        #expect(l.level == 4)
    }

    @Test("gate: no two-way exchange is level 1")
    func oneWay() throws {
        let msgs = (0..<5).map { i in
            Kit.mail(
                "o\(i)", "T\(i)", from: "jane@acme.com", to: "me@ours.com", at: "2026-01-0\(i + 1)T10:00:00Z",
                "Hi! Any news?")
        }
        let c = try #require(Kit.contact(Kit.analyze(msgs), "jane@acme.com"))
        #expect(c.score.level == 1)
        #expect(c.dynamics.replyExchanges == 0)
    }

    @Test("gate: a couple of exchanges is 'just introduced' (≤ 2)")
    func justIntroduced() throws {
        let msgs = Kit.exchanges(n: 1, replyHours: 1, theirText: Self.warmThem, ourText: Self.warmUs)
        let c = try #require(Kit.contact(Kit.analyze(msgs), "jane@acme.com"))
        #expect(c.score.level == 2)
        #expect(c.score.gates == ["2, not 3: only 1 reply exchange (3 needed)"])
        #expect(c.score.confidence < 0.2)
    }

    @Test("gate: 5 needs a private channel and warm language")
    func five() throws {
        var msgs = Kit.exchanges(n: 20, replyHours: 2, theirText: Self.warmThem, ourText: Self.warmUs)
        // They also write in a DM, and start threads there.
        for i in 0..<10 {
            let at = Timestamp(seconds: Kit.t("2026-01-06T15:00:00Z").seconds + Int64(i * 5 * 86_400)).iso8601
            let back = Timestamp(seconds: Kit.t("2026-01-06T15:20:00Z").seconds + Int64(i * 5 * 86_400)).iso8601
            msgs.append(
                Kit.mail(
                    "dm\(i)", "dm\(i)", from: "jane@acme.com", to: "", at: at, "hey! quick one, lunch thursday? haha",
                    channel: .slackDM))
            msgs.append(
                Kit.mail(
                    "dr\(i)", "dm\(i)", from: "me@ours.com", to: "", at: back, "Sure, sounds fun!", channel: .slackDM))
        }
        let c = try #require(Kit.contact(Kit.analyze(msgs, asOf: "2026-03-05T12:00:00Z"), "jane@acme.com"))
        #expect(c.score.level == 5)
        #expect(c.score.gates.isEmpty)
        #expect(c.dynamics.mostPrivateChannel == "slack-dm")
    }

    @Test("gate: cold, slow replies stay at 3")
    func coldStaysThree() throws {
        let msgs = Kit.exchanges(
            n: 20, replyHours: 30, theirText: "Dear Sam, please find the figures attached. Regards",
            ourText: "Dear Jane, could you send the figures? Regards")
        let c = try #require(Kit.contact(Kit.analyze(msgs, asOf: "2026-03-05T12:00:00Z"), "jane@acme.com"))
        #expect(c.score.level <= 3)
    }

    @Test("monotonic: faster replies from them never lower the score", arguments: [1.0, 5, 12, 30, 60])
    func fasterReplies(hours: Double) throws {
        // Their messages stay where they are; our prompting messages move later (so they answer faster).
        func build(_ lead: Double) -> [Message] {
            var out: [Message] = []
            for i in 0..<12 {
                let reply = Kit.t("2026-01-10T12:00:00Z").seconds + Int64(i * 4 * 86_400)
                let ask = reply - Int64(lead * 3600)
                out.append(
                    Kit.mail(
                        "q\(i)", "t\(i)", from: "me@ours.com", to: "jane@acme.com", at: Timestamp(seconds: ask).iso8601,
                        Self.warmUs))
                out.append(
                    Kit.mail(
                        "a\(i)", "t\(i)", from: "jane@acme.com", to: "me@ours.com",
                        at: Timestamp(seconds: reply).iso8601, Self.warmThem))
            }
            return out
        }
        let slow = try #require(
            Kit.contact(Kit.analyze(build(hours * 2), asOf: "2026-03-01T00:00:00Z"), "jane@acme.com"))
        let fast = try #require(Kit.contact(Kit.analyze(build(hours), asOf: "2026-03-01T00:00:00Z"), "jane@acme.com"))
        #expect(fast.score.points >= slow.score.points)
        #expect(fast.score.level >= slow.score.level)
    }

    @Test("monotonic: our own volume alone never raises the score", arguments: [1, 5, 20])
    func ourVolume(extra: Int) throws {
        let base = Kit.exchanges(n: 10, replyHours: 3, theirText: Self.warmThem, ourText: Self.warmUs)
        var more = base
        for i in 0..<extra {
            let at = Timestamp(seconds: Kit.t("2026-01-05T16:00:00Z").seconds + Int64(i * 86_400)).iso8601
            more.append(
                Kit.mail(
                    "x\(i)", "x\(i)", from: "me@ours.com", to: "jane@acme.com", at: at, "Checking in, any thoughts?"))
            // And follow-ups at the end of threads where we spoke last (none here: they answered all).
        }
        let a = try #require(Kit.contact(Kit.analyze(base, asOf: "2026-02-20T00:00:00Z"), "jane@acme.com"))
        let b = try #require(Kit.contact(Kit.analyze(more, asOf: "2026-02-20T00:00:00Z"), "jane@acme.com"))
        #expect(b.score.points <= a.score.points)
        #expect(b.score.level <= a.score.level)
    }

    @Test("trend compares with the score replayed 30 days earlier")
    func trend() throws {
        let msgs = Kit.exchanges(n: 20, replyHours: 2, theirText: Self.warmThem, ourText: Self.warmUs)
        let now = try #require(Kit.contact(Kit.analyze(msgs, asOf: "2026-03-05T12:00:00Z"), "jane@acme.com"))
        let then = try #require(Kit.contact(Kit.analyze(msgs, asOf: "2026-02-03T12:00:00Z"), "jane@acme.com"))
        let trend = try #require(now.score.trend)
        #expect(trend.previousPoints == then.score.points)
        #expect(trend.previousLevel == then.score.level)
        #expect(trend.pointsDelta == Stats.round(now.score.points - then.score.points, 2))
    }

    @Test("accounts: several strong contacts beat one; single-threaded is capped and flagged")
    func accounts() throws {
        let one = Kit.exchanges(n: 20, replyHours: 2, theirText: Self.warmThem, ourText: Self.warmUs)
        let body1 = Kit.analyze(one, asOf: "2026-03-05T12:00:00Z")
        let a1 = try #require(body1.accounts.first)
        #expect(a1.id == "acme.com")
        #expect(a1.singleThreaded)
        #expect(a1.stakeholders == 1)
        var three = one
        three += Kit.exchanges(
            contact: "bob@acme.com", n: 20, replyHours: 2, theirText: Self.warmThem, ourText: Self.warmUs)
        three += Kit.exchanges(
            contact: "eve@acme.com", n: 20, replyHours: 2, theirText: Self.warmThem, ourText: Self.warmUs)
        let a3 = try #require(Kit.analyze(three, asOf: "2026-03-05T12:00:00Z").accounts.first)
        #expect(!a3.singleThreaded)
        #expect(a3.stakeholders == 3)
        #expect(a3.score.points > a1.score.points)
        #expect(a3.score.level >= a1.score.level)
        #expect(a3.contacts.map(\.id) == ["bob@acme.com", "eve@acme.com", "jane@acme.com"])
    }
}
