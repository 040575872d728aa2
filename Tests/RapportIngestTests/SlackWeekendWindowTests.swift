import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Unthreaded Slack messages as teams write them (docs/slack.md): the reply window counts weekday time
/// only, and a channel post that @-mentions someone whose latest message is in a thread joins it.
@Suite struct SlackWeekendWindowTests {
    /// Friday 21:00 UTC (15:00 in Chicago) a customer asks in a shared channel; we answer Monday 14:00 UTC
    /// (09:00 in New York): 65 hours of wall clock, 17 of them on weekdays. The answer used to start a new
    /// session with no parent, so the question stayed open for weeks and the 65-hour reply was no reply.
    @Test func fridayQuestionAnsweredOnMonday() throws {
        let users = #"""
            [{"id": "U0ANA", "team_id": "T0V", "name": "ana", "real_name": "Ana Souza", "profile": {"email": "ana@vendor.example"}},
             {"id": "U0GIN", "team_id": "T0V", "name": "gina", "real_name": "Gina Park", "profile": {"email": "gina@globex.example"}}]
            """#
        let day1 = #"""
            [{"type": "message", "user": "U0GIN", "text": "Can you confirm the migration window for Monday night?", "ts": "1772830800.000000"}]
            """#
        let day2 = #"""
            [{"type": "message", "user": "U0ANA", "text": "Confirmed: Monday 22:00 Central.", "ts": "1773064800.000000"},
             {"type": "message", "user": "U0GIN", "text": "Great, thank you!", "ts": "1773065400.000000"}]
            """#
        // A week later (five weekdays): a new session.
        let day3 = #"""
            [{"type": "message", "user": "U0ANA", "text": "How did the migration go?", "ts": "1773669600.000000"}]
            """#
        let r = try TempTree.readSlackExport([
            "users.json": users, "channels.json": #"[{"id": "C0X", "name": "shared"}]"#,
            "shared/2026-03-06.json": day1, "shared/2026-03-09.json": day2, "shared/2026-03-16.json": day3,
        ])
        #expect(
            r.messages.map(\.thread) == [
                "C0X/1772830800.000000", "C0X/1772830800.000000", "C0X/1772830800.000000", "C0X/1773669600.000000",
            ])
        #expect(r.messages.map(\.parent) == [nil, "C0X/1772830800.000000", "C0X/1773064800.000000", nil])
    }

    @Test func weekdaySeconds() {
        // 2026-03-06 is a Friday: Fri 21:00 → Mon 14:00 UTC is 3 + 14 = 17 weekday hours.
        #expect(SlackGap.weekdaySeconds(from: 1_772_830_800, to: 1_773_064_800) == 17 * 3600)
        // Saturday 10:00 → Sunday 19:46: no weekday time.
        #expect(SlackGap.weekdaySeconds(from: 1_772_877_600, to: 1_772_999_200) == 0)
        // Wednesday 12:00 → Thursday 18:00: all of it (30 h).
        #expect(SlackGap.weekdaySeconds(from: 1_772_625_600, to: 1_772_733_600) == 30 * 3600)
        // A whole week is five days; before 1970 too (1969-12-25 was a Thursday).
        #expect(SlackGap.weekdaySeconds(from: 0, to: 7 * 86_400) == 5 * 86_400)
        #expect(SlackGap.weekdaySeconds(from: -7 * 86_400, to: 0) == 5 * 86_400)
        #expect(SlackGap.weekdaySeconds(from: -86_400 * 5 + 3600, to: -86_400 * 4) == 0)  // Saturday 1969-12-27
    }

    /// Hal asks in a thread; Ana answers in the channel with "@Hal …" an hour later; Hal thanks in the channel.
    /// Ana's answer used to pair with the channel's earlier talk and leave Hal's question open. Then Ben asks
    /// in the channel "@Hal which version?" about Hal's next thread, and Hal answers in that thread.
    @Test func channelAnswerToAThreadQuestion() throws {
        let users = #"""
            [{"id": "U0ANA", "team_id": "T0V", "name": "ana", "real_name": "Ana Souza", "profile": {"email": "ana@vendor.example"}},
             {"id": "U0BEN", "team_id": "T0V", "name": "ben", "real_name": "Ben Kim", "profile": {"email": "ben@vendor.example"}},
             {"id": "U0HAL", "team_id": "T0G", "name": "hal", "real_name": "Hal Ortiz", "profile": {"email": "hal@globex.example"}}]
            """#
        let day = #"""
            [{"type": "message", "user": "U0HAL", "text": "Is there an API rate limit for the export endpoint?", "ts": "1772553600.000000", "thread_ts": "1772553600.000000"},
             {"type": "message", "user": "U0ANA", "text": "<@U0HAL> the export endpoint allows 100 requests per minute.", "ts": "1772557200.000000"},
             {"type": "message", "user": "U0HAL", "text": "perfect, thanks", "ts": "1772557500.000000"},
             {"type": "message", "user": "U0HAL", "text": "Does the CLI support proxies?", "ts": "1772560800.000000", "thread_ts": "1772560800.000000"},
             {"type": "message", "user": "U0BEN", "text": "It does, via HTTPS_PROXY.", "ts": "1772561400.000000", "thread_ts": "1772560800.000000"},
             {"type": "message", "user": "U0BEN", "text": "<@U0HAL> which version are you on?", "ts": "1772561460.000000"},
             {"type": "message", "user": "U0HAL", "text": "2.4.1", "ts": "1772562000.000000", "thread_ts": "1772560800.000000"},
             {"type": "message", "user": "U0ANA", "text": "thanks <@U0BEN>", "ts": "1772562100.000000"}]
            """#
        let r = try TempTree.readSlackExport([
            "users.json": users, "channels.json": #"[{"id": "C0X", "name": "shared"}]"#, "shared/2026-03-03.json": day,
        ])
        let root1 = "C0X/1772553600.000000"
        let root2 = "C0X/1772560800.000000"
        #expect(
            r.messages.map(\.thread) == [
                root1, root1, "C0X/1772557500.000000", root2, root2, root2, root2,
                // Ben's latest message is in a thread too, but Ana's thanks to a colleague answers no one there.
                "C0X/1772557500.000000",
            ])
        #expect(
            r.messages.map(\.parent) == [
                nil, root1, nil, nil, root2, root2, "C0X/1772561460.000000", "C0X/1772557500.000000",
            ])
    }
}
