import Foundation
import RapportCore
import RapportIngest
import Testing

/// Slack huddles (`huddle_thread` posts with a `room`) as synchronous contacts (docs/slack.md, "Huddles").
@Suite("Slack huddles")
struct SlackHuddleTests {
    static let users = #"""
        [{"id":"U1","team_id":"T1","name":"ann","real_name":"Ann Agent","tz":"Europe/Berlin",
          "profile":{"email":"ann@vendor.example"}},
         {"id":"U3","team_id":"T1","name":"bo","real_name":"Bo Agent","profile":{"email":"bo@vendor.example"}},
         {"id":"U2","team_id":"T2","name":"carl","real_name":"Carl Customer","profile":{"email":"carl@globex.example"}}]
        """#

    /// A huddle post as Slack writes it (room fields from the conversations API), by Slackbot.
    static func huddle(ts: String, createdBy: String, history: [String], now: [String] = [], end: Int = 0) -> String {
        let start = Int(ts.split(separator: ".")[0])!
        func list(_ ids: [String]) -> String { "[" + ids.map { "\"\($0)\"" }.joined(separator: ",") + "]" }
        return #"{"type":"message","subtype":"huddle_thread","user":"USLACKBOT","text":"","ts":"\#(ts)","#
            + #""thread_ts":"\#(ts)","room":{"id":"R1","created_by":"\#(createdBy)","date_start":\#(start),"#
            + #""date_end":\#(end),"has_ended":\#(end > 0),"participant_history":\#(list(history)),"#
            + #""participants":\#(list(now)),"channels":["D1"]},"blocks":[{"type":"rich_text","block_id":"x","#
            + #""elements":[{"type":"rich_text_section","elements":[{"type":"text","text":"A huddle started"}]}]}]}"#
    }

    @Test("a DM huddle both joined: the creator's message to the other, no text, counted in the summary")
    func dmHuddle() throws {
        let r = try TempTree.readSlackExport([
            "users.json": Self.users,
            "dms.json": #"[{"id":"D1","members":["U1","U2"]}]"#,
            "D1/2024-03-05.json": "["
                + Self.huddle(ts: "1709632800.000100", createdBy: "U2", history: ["U2", "U1"], end: 1_709_634_600)
                + #",{"type":"message","user":"U1","text":"Thanks for the call, notes to follow.","#
                + #""ts":"1709634700.000200","thread_ts":"1709632800.000100"}]"#,
        ])
        #expect(r.messages.count == 2)
        let h = r.messages[0]
        #expect(h.isConversational)
        #expect(h.from.id == "U2")
        #expect(h.from.email == "carl@globex.example")
        #expect(h.to.map(\.id) == ["U1"])
        #expect(h.channel == .slackDM)
        #expect(h.text == "")
        #expect(h.thread == "D1/1709632800.000100")
        #expect(
            h.attributes == [
                "subtype": "huddle_thread", "huddle": "true", "huddle_participants": "2", "huddle_seconds": "1800",
                "huddle_offsets": "U1:3600",
            ])
        #expect(r.messages[1].parent == "D1/1709632800.000100")
        #expect(r.summary.huddles == 1)
        #expect(r.summary.excluded.isEmpty)
        #expect(r.summary.line.hasSuffix(", huddles 1"))
    }

    @Test("a huddle only its creator joined, or without a room, stays a system post")
    func missedHuddle() throws {
        let r = try TempTree.readSlackExport([
            "users.json": Self.users,
            "channels.json": #"[{"id":"C1","name":"support","members":["U1","U2"]}]"#,
            "support/2024-03-05.json": "["
                + Self.huddle(ts: "1709632800.000100", createdBy: "U1", history: ["U1"], now: ["U1"]) + ","
                + #"{"type":"message","subtype":"huddle_thread","user":"USLACKBOT","text":"","ts":"1709640000.000300"}]"#,
        ])
        #expect(r.messages.map(\.isConversational) == [false, false])
        #expect(r.messages.map { $0.attributes["huddle"] } == [nil, nil])
        #expect(r.summary.excluded == ["slack-huddle-thread": 2])
        #expect(r.summary.huddles == nil)
    }

    @Test("the older call post (sh_room_created) with a room two people joined is a contact too")
    func olderCallPost() throws {
        let post = Self.huddle(ts: "1709632800.000100", createdBy: "U2", history: ["U2", "U1"], end: 1_709_633_400)
            .replacingOccurrences(of: "huddle_thread", with: "sh_room_created")
        let r = try TempTree.readSlackExport([
            "users.json": Self.users, "dms.json": #"[{"id":"D1","members":["U1","U2"]}]"#,
            "D1/2024-03-05.json": "[" + post + "]",
        ])
        #expect(r.messages.map(\.isConversational) == [true])
        #expect(r.messages.first?.attributes["huddle_seconds"] == "600")
        #expect(r.summary.huddles == 1)
    }

    @Test("participants now and before count once; an unknown participant keeps the bare id")
    func participants() throws {
        let r = try TempTree.readSlackExport([
            "users.json": Self.users,
            "channels.json": #"[{"id":"C1","name":"support","members":["U1","U2","U3"]}]"#,
            "support/2024-03-05.json": "["
                + Self.huddle(ts: "1709632800.000100", createdBy: "U9", history: ["U1", "U2"], now: ["U2", "U7"])
                + "]",
        ])
        let h = try #require(r.messages.first)
        // The creator U9 never joined: the first participant leads.
        #expect(h.from.id == "U1")
        #expect(h.to.map(\.id) == ["U2", "U7"])
        #expect(h.attributes["huddle_participants"] == "3")
        #expect(h.attributes["huddle_seconds"] == nil)
    }
}
