import Foundation
import RapportAnalysis
import RapportCore
import Testing

@Suite("Dynamics")
struct DynamicsTests {
    @Test("business hours across time zones, both directions")
    func businessHoursAcrossZones() throws {
        // We are in New York (-05:00), they are in Paris (+01:00).
        let msgs = [
            Kit.mail(
                "m1", "T", from: "me@ours.com", to: "jane@acme.com", at: "2026-01-12T10:00:00-05:00", "Can you review?"),
            Kit.mail(
                "m2", "T", from: "jane@acme.com", to: "me@ours.com", at: "2026-01-13T09:30:00+01:00",
                "Done, see attached"),
            Kit.mail(
                "m3", "T", from: "me@ours.com", to: "jane@acme.com", at: "2026-01-13T10:00:00-05:00", "Thanks a lot"),
        ]
        let body = Kit.analyze(msgs, asOf: "2026-01-14T00:00:00Z")
        let c = try #require(Kit.contact(body, "jane@acme.com"))
        // Their reply: Mon 15:00Z → Tue 08:30Z = 17.5 h; in Paris hours: Mon 16–17 + Tue 9–9:30 = 1.5 h.
        #expect(c.dynamics.latencyThem.count == 1)
        #expect(c.dynamics.latencyThem.medianSeconds == 63_000)
        #expect(c.dynamics.latencyThem.medianBusinessSeconds == 5_400)
        // Our reply: Tue 08:30Z (03:30 New York) → Tue 15:00Z (10:00 New York) = 6.5 h; business 9–10 = 1 h.
        #expect(c.dynamics.latencyUs.medianSeconds == 23_400)
        #expect(c.dynamics.latencyUs.medianBusinessSeconds == 3_600)
        let timeline = try #require(body.timelines["jane@acme.com"])
        #expect(timeline.map(\.answers) == [nil, "m1", "m2"])
        #expect(timeline.map(\.startsThread) == [true, false, false])
    }

    @Test("business hours across a DST change seen through their UTC offsets")
    func businessHoursDST() throws {
        // Europe switched to summer time on Sunday 2026-03-29. Their Thursday message is at +01:00,
        // their Monday reply at +02:00.
        let msgs = [
            Kit.mail(
                "m0", "T0", from: "jane@acme.com", to: "me@ours.com", at: "2026-03-26T10:00:00+01:00", "Hello there"),
            Kit.mail(
                "m1", "T1", from: "me@ours.com", to: "jane@acme.com", at: "2026-03-27T15:00:00+00:00", "Can you check?"),
            Kit.mail(
                "m2", "T1", from: "jane@acme.com", to: "me@ours.com", at: "2026-03-30T10:00:00+02:00", "Checked, fine"),
        ]
        let body = Kit.analyze(msgs, asOf: "2026-03-31T00:00:00Z")
        let c = try #require(Kit.contact(body, "jane@acme.com"))
        // Fri 16:00–17:00 at +01:00 and Mon 09:00–10:00 at +02:00 = 2 h (65 h wall clock).
        #expect(c.dynamics.latencyThem.medianSeconds == 234_000)
        #expect(c.dynamics.latencyThem.medianBusinessSeconds == 7_200)
    }

    @Test("our replies run on their author's clock: a team answering from Berlin and New York")
    func ourClocksPerPerson() throws {
        // Jane writes from London (+00:00); Anna answers from Berlin (+01:00), Ned from New York (-05:00).
        // On one clock for the whole side, Anna's Tuesday reply would be measured at New York time (0 s)
        // and Ned's Wednesday one at Berlin time (2 h); the open item in T3 would age partly on New York time.
        let msgs = [
            Kit.mail(
                "t1a", "T1", from: "jane@acme.com", to: "ned@ours.com", at: "2026-01-12T16:30:00+00:00",
                "Could you check the export?"),
            Kit.mail(
                "t1b", "T1", from: "ned@ours.com", to: "jane@acme.com", at: "2026-01-12T12:30:00-05:00",
                "Checked, it is fixed now."),
            Kit.mail(
                "t2a", "T2", from: "jane@acme.com", to: "anna@ours.com", at: "2026-01-13T08:00:00+00:00",
                "Could you resend the report?"),
            Kit.mail(
                "t2b", "T2", from: "anna@ours.com", to: "jane@acme.com", at: "2026-01-13T10:00:00+01:00",
                "Resent it to you just now."),
            Kit.mail(
                "t3a", "T3", from: "jane@acme.com", to: "anna@ours.com", at: "2026-01-14T08:00:00+00:00",
                "Can you send the invoice?"),
            Kit.mail(
                "t3b", "T3", from: "anna@ours.com", to: "jane@acme.com", at: "2026-01-14T10:00:00+01:00",
                "Sure, which month do you need?"),
            Kit.mail(
                "t3c", "T3", from: "jane@acme.com", to: "anna@ours.com", at: "2026-01-14T10:00:00+00:00",
                "December, can you send it today?"),
            Kit.mail(
                "t4a", "T4", from: "jane@acme.com", to: "ned@ours.com", at: "2026-01-14T13:00:00+00:00",
                "How many seats do we have?"),
            Kit.mail(
                "t4b", "T4", from: "ned@ours.com", to: "jane@acme.com", at: "2026-01-14T10:00:00-05:00",
                "You have ten seats on the plan."),
        ]
        let body = Kit.analyze(msgs, asOf: "2026-01-14T17:30:00Z")
        let c = try #require(Kit.contact(body, "jane@acme.com"))
        let timeline = try #require(body.timelines["jane@acme.com"])
        func business(_ id: String) -> Double? { timeline.first { $0.id == id }?.replyLatencyBusiness }
        // Ned: 11:30–12:30 New York. Anna: 09:00–10:00 Berlin. Ned: 08:00–10:00 New York = 09:00–10:00.
        #expect(business("t1b") == 3_600)
        #expect(business("t2b") == 3_600)
        #expect(business("t4b") == 3_600)
        #expect(business("t3b") == 3_600)
        #expect(c.dynamics.latencyUs.medianBusinessSeconds == 3_600)
        // T3 waits on Anna (the last of us in it) since 10:00Z = 11:00 Berlin: 11:00–17:00 = 6 h = 0.75 days.
        let open = try #require(c.dynamics.openItems.first { $0.messageID == "t3c" })
        #expect(open.waitingOn == "waiting-on-us")
        #expect(open.ageBusinessDays == 0.75)
    }

    @Test("business calendar: holidays and weekends")
    func holidays() {
        var cal = BusinessCalendar()
        let fri = Kit.t("2026-01-09T16:00:00Z").instant
        let tue = Kit.t("2026-01-13T10:00:00Z").instant
        #expect(cal.businessSeconds(from: fri, to: tue, offset: 0) == 3600 + 8 * 3600 + 3600)
        cal.holidays = [BusinessCalendar.parseDay("2026-01-12")!]
        #expect(cal.businessSeconds(from: fri, to: tue, offset: 0) == 3600 + 3600)
    }

    @Test("consecutive inbound messages form one waiting period starting at the first")
    func waitingPeriod() throws {
        let msgs = [
            Kit.mail("a", "T", from: "jane@acme.com", to: "me@ours.com", at: "2026-01-12T10:00:00Z", "Question one?"),
            Kit.mail("b", "T", from: "jane@acme.com", to: "me@ours.com", at: "2026-01-12T11:00:00Z", "And another?"),
            Kit.mail("c", "T", from: "me@ours.com", to: "jane@acme.com", at: "2026-01-12T13:00:00Z", "Answers to both"),
        ]
        let body = Kit.analyze(msgs)
        let c = try #require(Kit.contact(body, "jane@acme.com"))
        #expect(c.dynamics.latencyUs.medianSeconds == 10_800)
        #expect(body.timelines["jane@acme.com"]?.last?.answers == "a")
        #expect(c.dynamics.replyRateUs == 1)
        #expect(c.dynamics.replyRateThem == nil)
        #expect(c.dynamics.threadsStartedByThem == 1)
        #expect(c.dynamics.openItems.isEmpty)
    }

    @Test("latency statistics: median, nearest-rank P90, shares")
    func latencyStats() throws {
        // Their replies after 0.5, 2, 5, 20, 50 hours.
        var msgs: [Message] = []
        for (i, h) in [0.5, 2, 5, 20, 50].enumerated() {
            let ask = Kit.t("2026-02-02T09:00:00Z").seconds + Int64(i) * 7 * 86_400
            msgs.append(
                Kit.mail(
                    "q\(i)", "T\(i)", from: "me@ours.com", to: "jane@acme.com",
                    at: Timestamp(seconds: ask).iso8601, "Could you look at this?"))
            msgs.append(
                Kit.mail(
                    "r\(i)", "T\(i)", from: "jane@acme.com", to: "me@ours.com",
                    at: Timestamp(seconds: ask + Int64(h * 3600)).iso8601, "Looked at it, all fine here"))
        }
        let c = try #require(Kit.contact(Kit.analyze(msgs), "jane@acme.com"))
        let l = c.dynamics.latencyThem
        #expect(l.count == 5)
        #expect(l.medianSeconds == 18_000)
        #expect(l.p90Seconds == 180_000)
        #expect(l.within1h == 0.2)
        #expect(l.within4h == 0.4)
        #expect(l.within1d == 0.8)
        #expect(l.within3d == 1)
        #expect(c.dynamics.replyRateThem == 1)
        #expect(c.dynamics.threadsStartedByUs == 5)
        #expect(c.dynamics.messagesIn == 5 && c.dynamics.messagesOut == 5)
        #expect(c.months.map(\.month) == ["2026-02", "2026-03"])
        #expect(c.months.map(\.messagesIn) == [4, 1])
    }

    @Test("verbosity: closers and mobile replies are excluded from word medians")
    func verbosity() throws {
        let msgs = [
            Kit.mail(
                "1", "T", from: "me@ours.com", to: "jane@acme.com", at: "2026-01-12T09:00:00Z", "one two three four"),
            Kit.mail(
                "2", "T", from: "jane@acme.com", to: "me@ours.com", at: "2026-01-12T10:00:00Z",
                "one two three four five six seven eight"),
            Kit.mail(
                "3", "T", from: "me@ours.com", to: "jane@acme.com", at: "2026-01-12T11:00:00Z",
                "one two three four five six"),
            Kit.mail("4", "T", from: "jane@acme.com", to: "me@ours.com", at: "2026-01-12T12:00:00Z", "Thanks!"),
            Kit.mail(
                "5", "U", from: "jane@acme.com", to: "me@ours.com", at: "2026-01-13T12:00:00Z",
                "will check this tomorrow morning, promise",
                attributes: ["signature": "Sent from my iPhone"]),
        ]
        let body = Kit.analyze(msgs)
        let c = try #require(Kit.contact(body, "jane@acme.com"))
        #expect(c.dynamics.medianWordsThem == 8)
        #expect(c.dynamics.medianWordsUs == 5)
        #expect(c.dynamics.verbosityRatio == 1.6)
        #expect(c.dynamics.closersThem == 1)
        #expect(c.dynamics.mobileRepliesThem == 1)
        let tl = try #require(body.timelines["jane@acme.com"])
        #expect(tl.map(\.isCloser) == [false, false, false, true, false])
        #expect(tl.map(\.hasMobileFooter) == [false, false, false, false, true])
    }

    @Test("verbosity: messages without own words (attachment, quote-only, encrypted) are not word counts")
    func verbosityWithoutWords() throws {
        let msgs = [
            Kit.mail("1", "T", from: "me@ours.com", to: "jane@acme.com", at: "2026-01-12T09:00:00Z", "one two three"),
            Kit.mail(
                "2", "T", from: "jane@acme.com", to: "me@ours.com", at: "2026-01-12T10:00:00Z",
                "one two three four five six"),
            Kit.mail("3", "T", from: "me@ours.com", to: "jane@acme.com", at: "2026-01-12T11:00:00Z", ""),
            Kit.mail(
                "4", "T", from: "jane@acme.com", to: "me@ours.com", at: "2026-01-12T12:00:00Z", "",
                flags: .encrypted),
            Kit.mail("5", "T", from: "jane@acme.com", to: "me@ours.com", at: "2026-01-13T12:00:00Z", "one two"),
        ]
        let body = Kit.analyze(msgs)
        let c = try #require(Kit.contact(body, "jane@acme.com"))
        // Theirs: 6 and 2 words (the encrypted reply has none) → 4; ours: 3 (the empty one is not 0).
        #expect(c.dynamics.medianWordsThem == 4)
        #expect(c.dynamics.medianWordsUs == 3)
        #expect(c.dynamics.verbosityRatio == 1.333)
        // The empty messages still count as replies: two of theirs are timed (4 and 5 are one wait), one of ours.
        #expect(c.dynamics.latencyThem.count == 2)
        #expect(c.dynamics.latencyUs.count == 1)
    }

    @Test("open items: unanswered questions each way, aged in business days")
    func openItems() throws {
        let msgs = [
            Kit.mail(
                "1", "A", from: "jane@acme.com", to: "me@ours.com", at: "2026-01-05T09:00:00Z",
                "Can you send the contract?"),
            Kit.mail(
                "2", "B", from: "me@ours.com", to: "jane@acme.com", at: "2026-01-07T09:00:00Z",
                "Could you confirm the date?"),
            Kit.mail("3", "C", from: "jane@acme.com", to: "me@ours.com", at: "2026-01-07T10:00:00Z", "Thanks!"),
        ]
        let body = Kit.analyze(msgs, asOf: "2026-01-09T17:00:00Z")
        let c = try #require(Kit.contact(body, "jane@acme.com"))
        let items = c.dynamics.openItems
        #expect(items.map(\.messageID) == ["1", "2"])
        #expect(items.map(\.waitingOn) == ["waiting-on-us", "waiting-on-them"])
        // Mon 09:00 → Fri 17:00 = 5 working days; Wed 09:00 → Fri 17:00 = 3.
        #expect(items.map(\.ageBusinessDays) == [5, 3])
    }

    @Test("channels: used, most private, movement; intimacy from channels they wrote in")
    func channels() throws {
        let msgs = [
            Kit.mail(
                "1", "tk", from: "jane@acme.com", to: "", at: "2026-01-05T10:00:00Z", "Ticket opened",
                channel: .ticketPublic),
            Kit.mail(
                "2", "tk", from: "me@ours.com", to: "", at: "2026-01-05T11:00:00Z", "Looking into it",
                channel: .ticketPublic),
            Kit.mail(
                "3", "m", from: "me@ours.com", to: "jane@acme.com", at: "2026-01-06T11:00:00Z", "Follow-up by mail"),
            Kit.mail("4", "m", from: "jane@acme.com", to: "me@ours.com", at: "2026-01-06T12:00:00Z", "Hi Sam, thanks!"),
            Kit.mail(
                "5", "dm", from: "jane@acme.com", to: "", at: "2026-01-07T12:00:00Z", "haha sure 😀", channel: .slackDM),
        ]
        let c = try #require(Kit.contact(Kit.analyze(msgs), "jane@acme.com"))
        #expect(c.dynamics.channels == ["slack-dm", "email", "ticket-public"])
        #expect(c.dynamics.mostPrivateChannel == "slack-dm")
        #expect(c.dynamics.channelPath == ["ticket-public", "email", "slack-dm"])
        // DM base 80 + 15 × (2 of 3 messages informal) + 5 × min(1, 2 × 0 off-hours) = 90.
        #expect(c.dynamics.informalShareThem == 0.667)
        #expect(c.dynamics.intimacy == 90)
    }
}

@Suite("Business calendar")
struct CalendarTests {
    @Test("long spans counted arithmetically equal the day-by-day count", arguments: [0, 1, 5, 17, 40, 400])
    func longSpans(days: Int) {
        var cal = BusinessCalendar()
        cal.holidays = Set(
            ["2026-01-01", "2026-04-03", "2026-12-25", "2026-12-26"].compactMap(BusinessCalendar.parseDay))
        let from = Kit.t("2025-12-30T13:17:00+01:00").instant
        let to = from + Double(days) * 86_400 + 5_000
        // Reference: hour by hour.
        var reference = 0.0
        var t = from
        while t < to {
            let next = min(to, t + 60)
            if cal.isWorkingTime(Timestamp(seconds: Int64(t), utcOffset: 3600)) { reference += next - t }
            t = next
        }
        #expect(cal.businessSeconds(from: from, to: to, offset: 3600) == reference)
    }
}
