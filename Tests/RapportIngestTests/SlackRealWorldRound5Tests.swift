import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Slack real-world round 5, reader side: who the reactors are (`attributes["reactors"]`) and block
/// shapes a real export holds (docs/slack.md). Exports written for these tests.
@Suite("Slack real world round 5")
struct SlackRealWorldRound5Tests {
    /// Workspace T1 (vendor.example): Ann, Cy without an email, a guest from the customer, a bot. Carl is a
    /// Slack Connect member of T2; Eli is missing from `users.json` and known from his `user_profile` only.
    static let users = #"""
        [{"id":"U1","team_id":"T1","name":"ann","real_name":"Ann Agent","profile":{"email":"Ann@Vendor.example"}},
         {"id":"U4","team_id":"T1","name":"cy","real_name":"Cy Support","profile":{}},
         {"id":"U6","team_id":"T1","name":"gina","real_name":"Gina Guest","is_restricted":true,
          "profile":{"email":"gina@globex.example"}},
         {"id":"UB","team_id":"T1","name":"deploybot","is_bot":true,"profile":{"bot_id":"B1"}},
         {"id":"U2","team_id":"T2","name":"carl","real_name":"Carl Customer","profile":{"email":"carl@globex.example"}}]
        """#

    @Test("reactors: member, member without email, guest, Slack Connect, user_profile; not bots or unknown ids")
    func reactors() throws {
        let r = try TempTree.readSlackExport([
            "users.json": Self.users,
            "channels.json": #"[{"id":"C1","name":"globex","members":["U1","U2","U4","U6"]}]"#,
            "globex/2024-03-04.json": #"""
            [{"type":"message","user":"U2","text":"The export fails again.","ts":"1709546400.000100",
              "reactions":[{"name":"eyes","users":["U4","UB","U9"],"count":3},
                           {"name":"+1","users":["U1","U6"],"count":2}]},
             {"type":"message","user":"U5","text":"Same here at our site.","ts":"1709546500.000200",
              "user_profile":{"real_name":"Eli External","name":"eli","team":"T3"}},
             {"type":"message","user":"U1","text":"Fix is deployed.","ts":"1709550000.000300",
              "reactions":[{"name":"tada","users":["U5","U2"],"count":2}]}]
            """#,
        ])
        #expect(r.messages.count == 3)
        let carl = try #require(r.message("C1/1709546400.000100"))
        #expect(carl.attributes["reactions"] == "+1:U1,U6;eyes:U4,U9,UB")
        // Emails lower-cased as on authors; a member without one has the team as organization; the guest
        // is external with her email's domain.
        #expect(
            carl.attributes["reactors"]
                == "U1|ann@vendor.example|vendor.example|0;U4||T1|0;U6|gina@globex.example|globex.example|1")
        // Eli is known once his message was read (user_profile), with his team, external.
        let ann = try #require(r.message("C1/1709550000.000300"))
        #expect(ann.attributes["reactors"] == "U2|carl@globex.example|globex.example|1;U5||T3|1")
        // A message without reactions has no reactors attribute.
        #expect(r.message("C1/1709546500.000200")?.attributes["reactors"] == nil)
    }

    @Test("the reactors attribute round-trips; a field holding a separator leaves its person out")
    func reactorsCodec() {
        let ann = Participant(
            id: "U1", email: "ann@vendor.example", displayName: "Ann", organization: "vendor.example",
            isExternal: false)
        let odd = Participant(id: "U7", email: "a|b@x.example", displayName: "", organization: "x.example")
        let unknownSide = Participant(id: "U8", displayName: "", organization: "T9")
        let text = SlackReactors.attribute([unknownSide, odd, ann])
        #expect(text == "U1|ann@vendor.example|vendor.example|0;U8||T9|")
        let back = SlackReactors.participants(text ?? "")
        #expect(back.keys.sorted() == ["u1", "u8"])
        #expect(back["u1"]?.email == "ann@vendor.example")
        #expect(back["u1"]?.isExternal == false)
        #expect(back["u8"]?.isExternal == nil)
        #expect(back["u8"]?.organization == "T9")
        #expect(SlackReactors.attribute([odd]) == nil)
        #expect(Reactions.reactors("+1::skin-tone-2:U1,U2;eyes:U2,U3;broken").map(\.user) == ["U1", "U2", "U3"])
        // Empty items and ids, a name-only item, a ':' first and last, non-ASCII names.
        #expect(Reactions.reactors(";;tada:,U4,,U5,;:U6;ok:;🎉:U4;").map(\.user) == ["U4", "U5", "U6"])
        #expect(Reactions.reactors("").map(\.user) == [])
    }

    @Test("rich_text blocks: a code block is fenced (before: a plain line of words), numbered lists keep numbers")
    func richTextShapes() throws {
        let r = try TempTree.readSlackExport([
            "users.json": Self.users,
            "channels.json": #"[{"id":"C1","name":"globex","members":["U1","U2"]}]"#,
            "globex/2024-03-04.json": #"""
            [{"type":"message","user":"U2","text":"","ts":"1709546400.000100","blocks":[{"type":"rich_text",
              "block_id":"a","elements":[
               {"type":"rich_text_section","elements":[{"type":"text","text":"Since the upgrade:"}]},
               {"type":"rich_text_list","style":"ordered","indent":0,"elements":[
                 {"type":"rich_text_section","elements":[{"type":"text","text":"exports fail"}]},
                 {"type":"rich_text_section","elements":[{"type":"text","text":"login is slow"}]}]},
               {"type":"rich_text_list","style":"ordered","offset":2,"elements":[
                 {"type":"rich_text_section","elements":[{"type":"text","text":"reports are empty"}]}]},
               {"type":"rich_text_list","style":"bullet","elements":[
                 {"type":"rich_text_section","elements":[{"type":"text","text":"all users"}]}]},
               {"type":"rich_text_preformatted","elements":[{"type":"text","text":"ERROR 500 failed /export"}]},
               {"type":"rich_text_section","elements":[{"type":"text","text":"Can you help?"}]}]}]}]
            """#,
        ])
        let m = try #require(r.messages.first)
        #expect(
            m.text
                == "Since the upgrade:\n1. exports fail\n2. login is slow\n3. reports are empty\n• all users\n"
                + "```ERROR 500 failed /export```\nCan you help?")
    }

    @Test("Slack's TXT export of one user's conversations is refused with the way to the JSON export")
    func textExport() throws {
        let dir = try TempTree.write([
            "channels/globex-shared.txt": "[2024-03-04 10:00:00 UTC] Ann Agent: Can you confirm the date?\n",
            "dms/carl.txt": "[2024-03-05 09:00:00 UTC] Carl Customer: thanks\n",
            "files/notes.txt": "notes\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Before: "no readable inputs in this directory", naming no format.
        #expect {
            _ = try Ingestor().plan([dir])
        } throws: { error in
            guard let e = error as? RapportError else { return false }
            return e.code == .unknownFormat && e.message.hasPrefix("a Slack export in TXT format")
                && e.remedy?.contains("JSON format") == true
        }
        // A folder of other .txt files is still just unreadable.
        let other = try TempTree.write(["notes/a.txt": "hello\n"])
        defer { try? FileManager.default.removeItem(atPath: other) }
        #expect {
            _ = try Ingestor().plan([other])
        } throws: { error in
            (error as? RapportError)?.message == "no readable inputs in this directory"
        }
    }
}
