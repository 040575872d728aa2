import Foundation
import RapportCore

/// slackdump's conversation files (rusq/slackdump `dump`, and v1/v2's default output): one JSON object
/// per conversation or thread, `{"channel_id": "C…", "thread_ts"?: "…", "name": "…", "messages": [ … ]}`
/// (`types.Conversation`), each message a Slack API message (`slack.Message`) whose thread replies may
/// be nested in `slackdump_thread_replies` (`types.Message.ThreadReplies`). Files are named
/// `<channel id>.json`, a thread's `<channel id>-<thread_ts>.json` (`nametmpl.Default`).
///
/// They are read by the Slack export reader: each file is a conversation "day" of a virtual folder
/// `slackdump:<channel id>` (a channel's files in one conversation: its dump first, then thread dumps),
/// so ids, threads, users, text and subtypes follow `docs/slack.md`.
enum SlackDump {
    /// Marks a ``Draft/index`` as a position in a slackdump file (see ``index(_:_:)``).
    static let flag = 1 << 62

    /// The element index of message `top` of `messages` (`reply` = -1) or of its reply `reply`, in
    /// reading order (replies after their root).
    static func index(_ top: Int, _ reply: Int) -> Int {
        flag | (min(top, (1 << 37) - 1) << 24) | min(reply + 1, (1 << 24) - 1)
    }

    /// `$.messages[k]`, `$.messages[k].slackdump_thread_replies[r]`.
    static func path(_ index: Int) -> String {
        let top = (index & ~flag) >> 24
        let reply = (index & ((1 << 24) - 1)) - 1
        return reply < 0 ? "$.messages[\(top)]" : "$.messages[\(top)].slackdump_thread_replies[\(reply)]"
    }

    /// The messages of a conversation file and their nested replies (value nodes and
    /// ``index(_:_:)``s). A reply repeating its root (same `ts`: the API's `conversations.replies`
    /// starts with the root) is the root, passed over. A file that is not valid JSON is a failure
    /// (nothing of it is read).
    static func elements(
        _ bytes: [UInt8], maxDepth: Int
    ) -> (JSONDocument, [Int32], [Int], JSONTape.Failure?) {
        let doc: JSONDocument
        switch JSONDocument.parse(bytes, maxDepth: maxDepth) {
        case .success(let d): doc = d
        case .failure(let f): return (JSONDocument(bytes: [], tape: JSONTape()), [], [], f)
        }
        guard doc.tape.count > 0, let messages = doc.member(0, "messages"), doc.node(messages).kind == .array else {
            return (doc, [], [], .init(offset: 0, path: "$.messages", message: "no `messages` array"))
        }
        var nodes: [Int32] = []
        var indices: [Int] = []
        for (k, e) in doc.elements(messages).enumerated() {
            nodes.append(e)
            indices.append(index(k, -1))
            guard let replies = doc.member(e, "slackdump_thread_replies") else { continue }
            let rootTs = doc.member(e, "ts").flatMap { doc.string($0) }
            for (r, reply) in doc.elements(replies).enumerated() {
                if let rootTs, doc.member(reply, "ts").flatMap({ doc.string($0) }) == rootTs { continue }
                nodes.append(reply)
                indices.append(index(k, r))
            }
        }
        return (doc, nodes, indices, nil)
    }

    /// What the reader needs of a conversation file before reading its messages.
    struct Header {
        var channelID: String?
        var threadTs: String?
        var name: String?
        /// Authors of people's messages (no `bot_id`, not Slackbot), sorted: a DM's members when no
        /// channel list names them.
        var authors: [String] = []
    }

    static func header(_ bytes: [UInt8], maxDepth: Int) -> Header? {
        guard case .success(let doc) = JSONDocument.parse(bytes, maxDepth: maxDepth), doc.tape.count > 0,
            doc.node(0).kind == .object
        else { return nil }
        var h = Header()
        h.channelID = doc.nonEmptyString(doc.member(0, "channel_id"))
        h.threadTs = doc.nonEmptyString(doc.member(0, "thread_ts"))
        h.name = doc.nonEmptyString(doc.member(0, "name"))
        var authors: Set<String> = []
        func note(_ m: Int32) {
            guard doc.member(m, "bot_id") == nil, doc.member(m, "subtype").flatMap({ doc.string($0) }) != "bot_message",
                let user = doc.nonEmptyString(doc.member(m, "user")), user != SlackMessageParts.slackbot
            else { return }
            authors.insert(user)
        }
        if let messages = doc.member(0, "messages") {
            for e in doc.elements(messages) {
                note(e)
                if let replies = doc.member(e, "slackdump_thread_replies") {
                    for r in doc.elements(replies) { note(r) }
                }
            }
        }
        h.authors = authors.sorted()
        return h
    }

    /// A conversation's kind from its id when no channel list has it: `D…` DM, `C…` public channel,
    /// `G…` private channel (a group DM when its name starts with `mpdm-`: before 2020 group DMs had
    /// `G` ids too); anything else public.
    static func kind(id: String, name: String?) -> ChannelKind {
        if name?.hasPrefix("mpdm-") == true { return .slackGroupDM }
        switch id.utf8.first {
        case UInt8(ascii: "D"): return .slackDM
        case UInt8(ascii: "G"): return .slackPrivate
        default: return .slackPublic
        }
    }

    /// `C0123.json`, `D0123-1665917454.731419.json`: a conversation id (`C`, `D` or `G`, then capitals
    /// and digits), optionally a thread's `ts`, `.json` — how slackdump names its files and finds
    /// them in a zip (`[CDG]*.json`).
    static func isConversationFileName(_ name: String) -> Bool {
        let b = Array(name.utf8)
        guard b.count > 6, b[0] == 0x43 || b[0] == 0x44 || b[0] == 0x47, name.hasSuffix(".json") else { return false }
        var i = 1
        while i < b.count - 5, (b[i] >= 0x30 && b[i] <= 0x39) || (b[i] >= 0x41 && b[i] <= 0x5A) { i += 1 }
        if i == b.count - 5 { return i > 1 }
        guard b[i] == 0x2D, i > 1 else { return false }
        i += 1
        let start = i
        while i < b.count - 5, (b[i] >= 0x30 && b[i] <= 0x39) || b[i] == 0x2E { i += 1 }
        return i == b.count - 5 && i > start
    }

    /// The channel id in a file name: `C0123` of `C0123.json` or `C0123-1665917454.731419.json`.
    static func id(fromFileName path: String) -> String {
        var stem = (path as NSString).lastPathComponent
        if stem.hasSuffix(".json") { stem.removeLast(5) }
        if let dash = stem.utf8.firstIndex(of: UInt8(ascii: "-")) { return String(stem[..<dash]) }
        return stem
    }
}

extension SlackExportState {
    /// Adds a conversation per channel id of the source's slackdump files: kind, name and members from
    /// slackdump's channel list when it has the id, else from the file (`name`) and the id's prefix
    /// (``SlackDump/kind(id:name:)``); a DM's or group DM's members are the list's and its messages'
    /// authors.
    mutating func loadDumps(channelNames: inout [String: String]) {
        guard !source.dumpFiles.isEmpty else { return }
        let maxDepth = options.limits.maxJSONDepth
        var listed: [String: (name: String?, kind: ChannelKind, members: [String])] = [:]
        for list in source.dumpChannelLists {
            guard let bytes = try? source.readRaw(list),
                case .success(let doc) = JSONDocument.parse(bytes, maxDepth: maxDepth), doc.tape.count > 0
            else { continue }
            for e in doc.elements(0) {
                guard let id = doc.nonEmptyString(doc.member(e, "id")), listed[id] == nil else { continue }
                let name = doc.nonEmptyString(doc.member(e, "name"))
                let kind: ChannelKind
                if doc.bool(doc.member(e, "is_im")) {
                    kind = .slackDM
                } else if doc.bool(doc.member(e, "is_mpim")) {
                    kind = .slackGroupDM
                } else if doc.bool(doc.member(e, "is_private")) || doc.bool(doc.member(e, "is_group")) {
                    kind = .slackPrivate
                } else {
                    kind = SlackDump.kind(id: id, name: name)
                }
                var members: [String] = []
                if let m = doc.member(e, "members") {
                    for u in doc.elements(m) { if let s = doc.nonEmptyString(u) { members.append(s) } }
                }
                // A DM's entry names the other person (`user`), not its members.
                if let user = doc.nonEmptyString(doc.member(e, "user")) { members.append(user) }
                listed[id] = (name, kind, members)
            }
        }
        // Files by channel id: the channel's own dump(s) first, then its thread dumps, each by path.
        var files: [String: [(thread: Bool, path: String)]] = [:]
        var headers: [String: SlackDump.Header] = [:]
        for path in source.dumpFiles {
            let header = (try? source.readRaw(path)).flatMap { SlackDump.header($0, maxDepth: maxDepth) }
            let id = header?.channelID ?? SlackDump.id(fromFileName: path)
            files[id, default: []].append((header?.threadTs != nil, path))
            var merged = headers[id] ?? SlackDump.Header(channelID: id)
            if merged.name == nil { merged.name = header?.name }
            merged.authors = Array(Set(merged.authors).union(header?.authors ?? [])).sorted()
            headers[id] = merged
        }
        for id in files.keys.sorted() {
            let header = headers[id]!
            let meta = listed[id]
            let name = meta?.name ?? header.name
            let kind = meta?.kind ?? SlackDump.kind(id: id, name: name)
            let isDM = kind == .slackDM || kind == .slackGroupDM
            // A DM's members: whom the channel list names and who wrote in it.
            let members = isDM ? Array(Set((meta?.members ?? []) + header.authors)).sorted() : (meta?.members ?? [])
            let folder = SlackExportSource.dumpFolderPrefix + id
            let ordered = files[id]!.sorted { ($0.thread ? 1 : 0, $0.path) < ($1.thread ? 1 : 0, $1.path) }
            for (k, file) in ordered.enumerated() {
                source.register(folder + "/" + String(100_000 + k).dropFirst() + ".json", real: file.path)
            }
            if let name, !isDM { channelNames[id] = name }
            conversations.append(
                SlackConversation(
                    id: id, name: kind == .slackDM ? "" : (name ?? id), folder: folder, kind: kind, members: members))
        }
    }
}
