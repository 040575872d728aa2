import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// slackdump's own conversation files (rusq/slackdump `dump`; `types.Conversation`: `channel_id`,
/// `thread_ts`, `name`, `messages`, replies nested in `slackdump_thread_replies`), read by the Slack
/// reader. Files written here from the field names in slackdump's source; content invented.
@Suite("Slack: slackdump conversation files")
struct SlackDumpTests {
    /// The NDJSON `rapport ingest` prints for `path` inside a fresh folder of `files` (locators relative
    /// to that folder), and the summary.
    static func ingest(_ files: [String: String], path: String = "") throws -> (lines: [String], summary: IngestSummary)
    {
        let dir = try TempTree.write(files)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var lines: [String] = []
        var summary = try SlackFixtures.ingestLikeCLI(path.isEmpty ? dir : dir + "/" + path) {
            lines.append($0.replacingOccurrences(of: dir + "/", with: ""))
        }
        for i in summary.problems.indices {
            summary.problems[i] = summary.problems[i].replacingOccurrences(of: dir + "/", with: "")
        }
        return (lines, summary)
    }

    /// A `slackdump dump` folder: a private channel (kind from `channels-T1.json`) with its thread's
    /// replies nested (the root repeated as the first reply is the root, passed over) and a DM that the
    /// channel list names by its other member (`user`); names from `users-T1.json`, else `user_profile`.
    @Test func dumpFolderWithSlackdumpLists() throws {
        let r = try Self.ingest([
            "C0SUPPORT.json": ##"""
            {
              "channel_id": "C0SUPPORT",
              "name": "support",
              "messages": [
                {"type":"message","user":"U2","text":"Is the export fixed?","ts":"1709287200.000100","thread_ts":"1709287200.000100","reply_count":1,
                 "user_profile":{"real_name":"Carol Client","display_name":"carol","name":"carol","team":"T9"},
                 "slackdump_thread_replies":[
                   {"type":"message","user":"U2","text":"Is the export fixed?","ts":"1709287200.000100","thread_ts":"1709287200.000100"},
                   {"type":"message","user":"U1","text":"Yes, <@U2>.","ts":"1709287500.000200","thread_ts":"1709287200.000100"}]},
                {"type":"message","user":"U2","text":"Thanks :smile:","ts":"1709290000.000300"}
              ]
            }
            """##,
            "D0CAROL.json": ##"""
            {"channel_id":"D0CAROL","name":"","messages":[
             {"type":"message","user":"U1","text":"Call at 3?","ts":"1709290000.000100"},
             {"type":"message","user":"U2","text":"Works for me","ts":"1709290100.000200","user_profile":{"real_name":"Carol Client","team":"T9"}}]}
            """##,
            "channels-T1.json": ##"""
            [{"id":"C0SUPPORT","name":"support","is_channel":true,"is_private":true},
             {"id":"D0CAROL","is_im":true,"user":"U2"}]
            """##,
            "users-T1.json": ##"""
            [{"id":"U1","team_id":"T1","name":"al","real_name":"Alice Agent","tz":"Europe/Berlin","profile":{"email":"alice@acme.example"}}]
            """##,
        ])
        #expect(
            r.lines == [
                ##"{"attributes":{},"cc":[],"channel":"slack-dm","date":"2024-03-01T11:46:40.000100+01:00","direction":"outbound","flags":[],"from":{"displayName":"Alice Agent","email":"alice@acme.example","id":"U1","isExternal":false,"organization":"acme.example"},"id":"D0CAROL/1709290000.000100","locator":{"file":"D0CAROL.json","json_path":"$.messages[0]"},"quoted_chars":0,"source":"slack","subject":"Alice Agent, U2","text":"Call at 3?","thread":"D0CAROL/1709290000.000100","to":[{"displayName":"U2","id":"U2"}]}"##,
                ##"{"attributes":{},"cc":[],"channel":"slack-dm","date":"2024-03-01T10:48:20.000200+00:00","direction":"inbound","flags":[],"from":{"displayName":"Carol Client","id":"U2","isExternal":true,"organization":"T9"},"id":"D0CAROL/1709290100.000200","locator":{"file":"D0CAROL.json","json_path":"$.messages[1]"},"parent":"D0CAROL/1709290000.000100","quoted_chars":0,"source":"slack","subject":"Alice Agent, Carol Client","text":"Works for me","thread":"D0CAROL/1709290000.000100","to":[{"displayName":"Alice Agent","email":"alice@acme.example","id":"U1","isExternal":false,"organization":"acme.example"}]}"##,
                ##"{"attributes":{"reply_count":"1"},"cc":[],"channel":"slack-private","date":"2024-03-01T10:00:00.000100+00:00","direction":"inbound","flags":[],"from":{"displayName":"Carol Client","id":"U2","isExternal":true,"organization":"T9"},"id":"C0SUPPORT/1709287200.000100","locator":{"file":"C0SUPPORT.json","json_path":"$.messages[0]"},"quoted_chars":0,"source":"slack","subject":"#support","text":"Is the export fixed?","thread":"C0SUPPORT/1709287200.000100","to":[]}"##,
                ##"{"attributes":{},"cc":[],"channel":"slack-private","date":"2024-03-01T11:05:00.000200+01:00","direction":"outbound","flags":[],"from":{"displayName":"Alice Agent","email":"alice@acme.example","id":"U1","isExternal":false,"organization":"acme.example"},"id":"C0SUPPORT/1709287500.000200","locator":{"file":"C0SUPPORT.json","json_path":"$.messages[0].slackdump_thread_replies[1]"},"parent":"C0SUPPORT/1709287200.000100","quoted_chars":0,"source":"slack","subject":"#support","text":"Yes, @Carol Client.","thread":"C0SUPPORT/1709287200.000100","to":[{"displayName":"Carol Client","id":"U2","isExternal":true,"organization":"T9"}]}"##,
                ##"{"attributes":{},"cc":[],"channel":"slack-private","date":"2024-03-01T10:46:40.000300+00:00","direction":"inbound","flags":[],"from":{"displayName":"Carol Client","id":"U2","isExternal":true,"organization":"T9"},"id":"C0SUPPORT/1709290000.000300","locator":{"file":"C0SUPPORT.json","json_path":"$.messages[1]"},"quoted_chars":0,"source":"slack","subject":"#support","text":"Thanks 😄","thread":"C0SUPPORT/1709290000.000300","to":[]}"##,
            ])
        #expect(r.summary.files == 3)
        #expect(r.summary.read == 5)
        #expect(r.summary.emitted == 5)
        #expect(r.summary.skipped.isEmpty)
        #expect(r.summary.problems.isEmpty)
    }

    /// A channel dump with replies as separate messages (`thread_ts`), `channel_id` after the messages,
    /// and a thread dump of the same channel (`<id>-<thread_ts>.json`, `thread_ts` set): one
    /// conversation, the channel's file first; messages the thread dump repeats are duplicates. No
    /// users list: bare ids. Subtypes and bots as in an export; bad elements are counted and located.
    @Test func flatRepliesThreadDumpAndBadElements() throws {
        let r = try Self.ingest([
            "C0SUPPORT-1709287200.000100.json": ##"""
            {"channel_id":"C0SUPPORT","thread_ts":"1709287200.000100","name":"support","messages":[
             {"type":"message","user":"U2","text":"Is the export fixed?","ts":"1709287200.000100","thread_ts":"1709287200.000100","reply_count":2},
             {"type":"message","user":"U1","text":"Looking","ts":"1709287300.000200","thread_ts":"1709287200.000100"},
             {"type":"message","user":"U2","text":"Any news?","ts":"1709287500.000400","thread_ts":"1709287200.000100"}]}
            """##,
            "C0SUPPORT.json": ##"""
            {"messages":[
             {"type":"message","user":"U2","text":"Is the export fixed?","ts":"1709287200.000100","thread_ts":"1709287200.000100","reply_count":2},
             {"type":"message","user":"U1","text":"Looking","ts":"1709287300.000200","thread_ts":"1709287200.000100"},
             {"type":"message","subtype":"channel_join","user":"U3","text":"<@U3> has joined the channel","ts":"1709287400.000300"},
             {"type":"message","bot_id":"B1","text":"Build green","ts":"1709287450.000350"},
             "not an object",
             {"type":"message","user":"U1","text":"no ts"}
            ],"channel_id":"C0SUPPORT"}
            """##,
        ])
        #expect(
            r.lines == [
                ##"{"attributes":{"reply_count":"2"},"cc":[],"channel":"slack-public","date":"2024-03-01T10:00:00.000100+00:00","direction":"inbound","flags":[],"from":{"displayName":"U2","id":"U2"},"id":"C0SUPPORT/1709287200.000100","locator":{"file":"C0SUPPORT.json","json_path":"$.messages[0]"},"quoted_chars":0,"source":"slack","subject":"#support","text":"Is the export fixed?","thread":"C0SUPPORT/1709287200.000100","to":[]}"##,
                ##"{"attributes":{},"cc":[],"channel":"slack-public","date":"2024-03-01T10:01:40.000200+00:00","direction":"inbound","flags":[],"from":{"displayName":"U1","id":"U1"},"id":"C0SUPPORT/1709287300.000200","locator":{"file":"C0SUPPORT.json","json_path":"$.messages[1]"},"parent":"C0SUPPORT/1709287200.000100","quoted_chars":0,"source":"slack","subject":"#support","text":"Looking","thread":"C0SUPPORT/1709287200.000100","to":[]}"##,
                ##"{"attributes":{"subtype":"channel_join"},"cc":[],"channel":"slack-public","date":"2024-03-01T10:03:20.000300+00:00","direction":"inbound","flags":["system"],"from":{"displayName":"U3","id":"U3"},"id":"C0SUPPORT/1709287400.000300","locator":{"file":"C0SUPPORT.json","json_path":"$.messages[2]"},"quoted_chars":0,"source":"slack","subject":"#support","text":"@U3 has joined the channel","thread":"C0SUPPORT/1709287400.000300","to":[]}"##,
                ##"{"attributes":{},"cc":[],"channel":"slack-public","date":"2024-03-01T10:04:10.000350+00:00","direction":"inbound","flags":["bot"],"from":{"displayName":"B1","id":"B1"},"id":"C0SUPPORT/1709287450.000350","locator":{"file":"C0SUPPORT.json","json_path":"$.messages[3]"},"quoted_chars":0,"source":"slack","subject":"#support","text":"Build green","thread":"C0SUPPORT/1709287400.000300","to":[]}"##,
                ##"{"attributes":{},"cc":[],"channel":"slack-public","date":"2024-03-01T10:05:00.000400+00:00","direction":"inbound","flags":[],"from":{"displayName":"U2","id":"U2"},"id":"C0SUPPORT/1709287500.000400","locator":{"file":"C0SUPPORT-1709287200.000100.json","json_path":"$.messages[2]"},"parent":"C0SUPPORT/1709287300.000200","quoted_chars":0,"source":"slack","subject":"#support","text":"Any news?","thread":"C0SUPPORT/1709287200.000100","to":[]}"##,
            ])
        #expect(r.summary.read == 9)
        #expect(r.summary.emitted == 5)
        #expect(r.summary.skipped == ["duplicate": 2, "malformed-message": 2])
        #expect(r.summary.excluded == ["bot": 1, "slack-channel-join": 1])
        #expect(
            r.summary.problems == [
                "C0SUPPORT.json:$.messages[4]: not a JSON object",
                "C0SUPPORT.json:$.messages[5].ts: missing or invalid ts",
            ])
    }

    /// Without a channel list the kind comes from the id: `G` private channel, or group DM when the
    /// name is `mpdm-…` (whose members are its authors); an empty conversation emits nothing.
    @Test func kindFromIDPrefix() throws {
        let r = try Self.ingest([
            "C0GEN.json": ##"""
            {"channel_id":"C0GEN","name":"general","messages":[]}
            """##,
            "G0MPIM.json": ##"""
            {"channel_id":"G0MPIM","name":"mpdm-al--bo--cy-1","messages":[{"type":"message","user":"U1","text":"hi all","ts":"1600000000.000100"},{"type":"message","user":"U2","text":"hey","ts":"1600000100.000100"},{"type":"message","user":"U3","text":"yo","ts":"1600000200.000100"}]}
            """##,
            "G0TEAM.json": ##"""
            {"channel_id":"G0TEAM","name":"team-private","messages":[{"type":"message","user":"U1","text":"hi team","ts":"1600000000.000100"}]}
            """##,
        ])
        #expect(
            r.lines == [
                ##"{"attributes":{},"cc":[],"channel":"slack-group-dm","date":"2020-09-13T12:26:40.000100+00:00","direction":"inbound","flags":[],"from":{"displayName":"U1","id":"U1"},"id":"G0MPIM/1600000000.000100","locator":{"file":"G0MPIM.json","json_path":"$.messages[0]"},"quoted_chars":0,"source":"slack","subject":"U1, U2, U3","text":"hi all","thread":"G0MPIM/1600000000.000100","to":[{"displayName":"U2","id":"U2"},{"displayName":"U3","id":"U3"}]}"##,
                ##"{"attributes":{},"cc":[],"channel":"slack-group-dm","date":"2020-09-13T12:28:20.000100+00:00","direction":"inbound","flags":[],"from":{"displayName":"U2","id":"U2"},"id":"G0MPIM/1600000100.000100","locator":{"file":"G0MPIM.json","json_path":"$.messages[1]"},"parent":"G0MPIM/1600000000.000100","quoted_chars":0,"source":"slack","subject":"U1, U2, U3","text":"hey","thread":"G0MPIM/1600000000.000100","to":[{"displayName":"U1","id":"U1"},{"displayName":"U3","id":"U3"}]}"##,
                ##"{"attributes":{},"cc":[],"channel":"slack-group-dm","date":"2020-09-13T12:30:00.000100+00:00","direction":"inbound","flags":[],"from":{"displayName":"U3","id":"U3"},"id":"G0MPIM/1600000200.000100","locator":{"file":"G0MPIM.json","json_path":"$.messages[2]"},"parent":"G0MPIM/1600000100.000100","quoted_chars":0,"source":"slack","subject":"U1, U2, U3","text":"yo","thread":"G0MPIM/1600000000.000100","to":[{"displayName":"U1","id":"U1"},{"displayName":"U2","id":"U2"}]}"##,
                ##"{"attributes":{},"cc":[],"channel":"slack-private","date":"2020-09-13T12:26:40.000100+00:00","direction":"inbound","flags":[],"from":{"displayName":"U1","id":"U1"},"id":"G0TEAM/1600000000.000100","locator":{"file":"G0TEAM.json","json_path":"$.messages[0]"},"quoted_chars":0,"source":"slack","subject":"#team-private","text":"hi team","thread":"G0TEAM/1600000000.000100","to":[]}"##,
            ])
        #expect(r.summary.files == 3)
    }

    /// A file that is not valid JSON is one counted skip with file, JSON path and byte offset; the other
    /// files are read.
    @Test func malformedDumpIsOneReportedSkip() throws {
        let r = try Self.ingest([
            "C0BAD.json": #"{"channel_id":"C0BAD","messages":[{"ts":"1.0","#,
            "C0OK.json":
                #"{"channel_id":"C0OK","name":"ok","messages":[{"type":"message","user":"U1","text":"fine","ts":"1600000000.000100"}]}"#,
        ])
        #expect(r.lines.count == 1)
        #expect(r.summary.read == 2)
        #expect(r.summary.skipped == ["malformed-json": 1])
        #expect(r.summary.problems == ["C0BAD.json:$.messages[0] (byte 46): expected a string key; file skipped"])
    }

    /// A single dump file is read with the users list beside it; detection takes an object with
    /// `channel_id` or `messages` holding `ts`, and still refuses other JSON.
    @Test func singleFileAndDetection() throws {
        let r = try Self.ingest(
            [
                "dump/C0SUPPORT.json":
                    #"{"channel_id":"C0SUPPORT","name":"support","messages":[{"type":"message","user":"U1","text":"hi","ts":"1600000000.000100"}]}"#,
                "dump/users.json": #"[{"id":"U1","team_id":"T1","real_name":"Alice Agent"}]"#,
            ], path: "dump/C0SUPPORT.json")
        #expect(r.lines.count == 1)
        #expect(
            r.lines[0].contains(
                #""from":{"displayName":"Alice Agent","id":"U1","isExternal":false,"organization":"T1"}"#))
        #expect(r.lines[0].contains(#""locator":{"file":"dump/C0SUPPORT.json","json_path":"$.messages[0]"}"#))
        #expect(Ingestor.slackJSONKind(Array(#"{"channel_id":"C1","messages":[]}"#.utf8)) == .dump)
        #expect(Ingestor.slackJSONKind(Array(#"{"theme":"dark","messages":[]}"#.utf8)) == nil)
        let dir = try TempTree.write(["settings.json": #"{"theme":"dark"}"#])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: RapportError.self) { try Ingestor(options: IngestOptions()).plan([dir + "/settings.json"]) }
    }

    /// `slackdump dump` writes a zip by default: its `[CDG]*.json` files are found by name (as slackdump
    /// does) and read as the folder is (Fixtures/slack/slackdump and slackdump.zip, make_zips.py). A
    /// channel's thread dump is read after the channel's file, and what it repeats is a duplicate.
    @Test func zipReadsAsTheFolder() throws {
        let folder = try SlackFixtures.read("slackdump")
        let zip = try SlackFixtures.read("slackdump.zip")
        #expect(
            try Ingestor(options: IngestOptions()).plan([SlackFixtures.dir + "/slackdump.zip"]).map(\.format) == [
                .slack
            ])
        let rows = folder.messages.map {
            [$0.id, $0.thread, $0.parent ?? "-", $0.channel.rawValue, $0.locator.jsonPath ?? ""]
        }
        #expect(
            rows == [
                ["D0CAROL/1709290000.000100", "D0CAROL/1709290000.000100", "-", "slack-dm", "$.messages[0]"],
                [
                    "D0CAROL/1709290100.000200", "D0CAROL/1709290000.000100", "D0CAROL/1709290000.000100", "slack-dm",
                    "$.messages[1]",
                ],
                ["C0SUPPORT/1709287200.000100", "C0SUPPORT/1709287200.000100", "-", "slack-private", "$.messages[0]"],
                [
                    "C0SUPPORT/1709287500.000200", "C0SUPPORT/1709287200.000100", "C0SUPPORT/1709287200.000100",
                    "slack-private", "$.messages[0].slackdump_thread_replies[1]",
                ],
                ["C0SUPPORT/1709290000.000300", "C0SUPPORT/1709290000.000300", "-", "slack-private", "$.messages[1]"],
                [
                    "C0SUPPORT/1709287300.000200", "C0SUPPORT/1709287200.000100", "C0SUPPORT/1709287200.000100",
                    "slack-private", "$.messages[1]",
                ],
                [
                    "C0SUPPORT/1709287500.000400", "C0SUPPORT/1709287200.000100", "C0SUPPORT/1709287300.000200",
                    "slack-private", "$.messages[2]",
                ],
            ])
        #expect(zip.messages.map(\.id) == folder.messages.map(\.id))
        #expect(zip.messages.map(\.text) == folder.messages.map(\.text))
        #expect(zip.messages.map(\.parent) == folder.messages.map(\.parent))
        #expect(zip.messages[5].locator.file == SlackFixtures.dir + "/slackdump.zip!C0SUPPORT-1709287200.000100.json")
        #expect(folder.messages[5].locator.file == SlackFixtures.dir + "/slackdump/C0SUPPORT-1709287200.000100.json")
        #expect(folder.summary.skipped == ["duplicate": 1] && zip.summary.skipped == ["duplicate": 1])
        #expect(folder.summary.read == 8 && zip.summary.read == 8)
    }

    @Test(arguments: [
        ("C0123.json", true), ("D0123-1665917454.731419.json", true), ("G01.json", true), ("C.json", false),
        ("channels.json", false), ("C0123-.json", false), ("C01x.json", false), ("D0123.json.gz", false),
    ])
    func conversationFileNames(_ name: String, _ expected: Bool) {
        #expect(SlackDump.isConversationFileName(name) == expected)
    }

    /// slackdump's `archive` (SQLite, or chunk files of gzip'd JSON lines) is not read: refused with
    /// what it is and the conversion to run; inside a folder that is walked it is passed over.
    @Test func archivesAreRefusedWithTheConversion() throws {
        let dir = try TempTree.write([:])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let gzip: [UInt8] = [
            0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
        ]
        try TempTree.write(gzip, to: dir + "/chunks/workspace.json.gz")
        try TempTree.write(gzip, to: dir + "/chunks/C0123.json.gz")
        try TempTree.write(Array("SQLite format 3\u{0}".utf8) + [0, 0], to: dir + "/db/slackdump.sqlite")
        try TempTree.write(
            Array("From a@b.example Mon Jan  1 00:00:00 2024\nSubject: x\n\nhi\n".utf8), to: dir + "/mail.mbox")
        let cases = [
            ("/chunks", "a slackdump archive (chunk files, *.json.gz), which Rapport does not read"),
            (
                "/chunks/C0123.json.gz",
                "gzip'd JSON (a chunk file of a slackdump archive?), which Rapport does not read"
            ),
            ("/db", "a slackdump archive (slackdump.sqlite, an SQLite database), which Rapport does not read"),
            (
                "/db/slackdump.sqlite",
                "an SQLite database (slackdump's `archive` writes one), which Rapport does not read"
            ),
        ]
        for (path, message) in cases {
            do {
                _ = try Ingestor(options: IngestOptions()).plan([dir + path])
                Issue.record("\(path) was accepted")
            } catch {
                #expect(error.code == .unknownFormat)
                #expect(error.message == message)
                #expect(error.remedy == Ingestor.slackdumpConvert)
            }
        }
        var ignored: [String] = []
        let plan = try Ingestor(options: IngestOptions()).plan([dir], ignored: &ignored)
        #expect(plan == [.init(path: dir + "/mail.mbox", format: .mbox)])
        #expect(ignored == [dir + "/chunks", dir + "/db"])
    }
}
