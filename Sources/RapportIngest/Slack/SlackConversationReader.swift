import RapportCore
import RapportText

/// Who answered whom in a run of messages: the latest message by someone other than a given
/// author. Used per thread and for a conversation's unthreaded timeline.
struct ReplyTracker {
    var lastID: String?
    var lastAuthor: String?
    var lastTime: Int64 = 0
    /// The latest message whose author differs from `lastAuthor`.
    var otherID: String?
    var otherTime: Int64 = 0

    /// The message `author` answers: the other person's latest message (and its time).
    func candidate(for author: String) -> (String, Int64)? {
        if let lastID, lastAuthor != author { return (lastID, lastTime) }
        if let otherID { return (otherID, otherTime) }
        return nil
    }

    mutating func add(id: String, author: String, time: Int64) {
        if author != lastAuthor, let lastID {
            otherID = lastID
            otherTime = lastTime
        }
        lastID = id
        lastAuthor = author
        lastTime = time
    }
}

/// Subtypes and how they count (see docs/slack.md).
enum SlackSubtype {
    /// Subtypes written by a person: kept for analysis.
    static let human: Set<String> = [
        "me_message", "thread_broadcast", "reply_broadcast", "file_share", "file_comment", "file_mention",
        "message_replied",
    ]
    /// Subtypes written by bots and integrations.
    static let bot: Set<String> = ["bot_message", "slackbot_response"]

    /// Exclusion reason for a system subtype: `slack-channel-join`.
    static func reason(_ subtype: String) -> String {
        "slack-" + subtype.replacingOccurrences(of: "_", with: "-")
    }
}

/// Reads the day files of one conversation, in order, keeping thread and reply state.
struct SlackConversationReader {
    var state: SlackExportState
    let conversation: SlackConversation
    /// `thread_ts` → reply tracker (cleared with the conversation).
    private var threads: [String: ReplyTracker] = [:]
    private var timeline = ReplyTracker()
    private var sessionKey = ""
    private var sessionLast: Int64 = .min
    private var lastTs: String = ""
    private let subject: String
    private let memberParticipants: [Participant]

    init(state: SlackExportState, conversation: SlackConversation) {
        self.state = state
        self.conversation = conversation
        var members: [Participant] = []
        for m in conversation.members {
            members.append(state.users[m]?.participant ?? Participant(id: m, displayName: m))
        }
        memberParticipants = members
        switch conversation.kind {
        case .slackDM, .slackGroupDM:
            let names = members.map(\.displayName).sorted().joined(separator: ", ")
            subject = conversation.kind == .slackGroupDM && names.isEmpty ? conversation.name : names
        default:
            subject = "#" + (conversation.name.isEmpty ? conversation.id : conversation.name)
        }
    }

    /// One parsed element of a day file, before emission.
    private struct Pending {
        var node: Int32
        var index: Int
        var ts: String
        var seconds: Int64
        var micros: Int32
    }

    mutating func readDay(
        _ bytes: [UInt8], locator: String, summary: inout IngestSummary,
        emit: (Message) throws(RapportError) -> Void
    ) throws(RapportError) {
        let (doc, elements, failure) = JSONDocument.parseArray(bytes, maxDepth: state.options.limits.maxJSONDepth)
        var pending: [Pending] = []
        pending.reserveCapacity(elements.count)
        for (index, e) in elements.enumerated() {
            summary.read += 1
            guard doc.node(e).kind == .object else {
                summary.skip("malformed-message", problem: "\(locator):$[\(index)]: not a JSON object")
                continue
            }
            guard let tsNode = doc.member(e, "ts"), let ts = doc.string(tsNode) ?? rawNumber(doc, tsNode),
                let (s, us) = Self.parseTs(ts)
            else {
                summary.skip("malformed-message", problem: "\(locator):$[\(index)].ts: missing or invalid ts")
                continue
            }
            pending.append(Pending(node: e, index: index, ts: ts, seconds: s, micros: us))
        }
        if let failure {
            // The damaged tail of the file: one counted skip (its messages cannot be counted).
            summary.read += 1
            summary.skip(
                "malformed-json",
                problem: "\(locator):\(failure.path) (byte \(failure.offset)): \(failure.message); rest of file skipped"
            )
        }
        var sorted = true
        for k in pending.indices.dropFirst()
        where (pending[k - 1].seconds, pending[k - 1].micros) > (pending[k].seconds, pending[k].micros) {
            sorted = false
            break
        }
        if !sorted {
            pending.sort { ($0.seconds, $0.micros, $0.index) < ($1.seconds, $1.micros, $1.index) }
        }
        for p in pending {
            if p.ts == lastTs {
                summary.skip("duplicate")
                continue
            }
            lastTs = p.ts
            let message = build(doc, p, locator: locator, summary: &summary)
            summary.emitted += 1
            try emit(message)
        }
    }

    private func rawNumber(_ doc: JSONDocument, _ i: Int32) -> String? {
        doc.node(i).kind == .number ? String(decoding: doc.raw(i), as: UTF8.self) : nil
    }

    /// `"1545668983.435175"` → seconds and microseconds, exactly (digits past 6 are truncated).
    static func parseTs(_ ts: String) -> (Int64, Int32)? {
        var seconds: Int64 = 0
        var micros: Int32 = 0
        var digits = 0
        var fraction = -1
        for c in ts.utf8 {
            if c == 0x2E {
                guard fraction < 0, digits > 0 else { return nil }
                fraction = 0
                continue
            }
            guard c >= 0x30 && c <= 0x39 else { return nil }
            if fraction < 0 {
                guard digits < 15 else { return nil }
                seconds = seconds * 10 + Int64(c - 0x30)
                digits += 1
            } else {
                if fraction < 6 { micros = micros * 10 + Int32(c - 0x30) }
                fraction += 1
            }
        }
        guard digits > 0 else { return nil }
        var scale = max(fraction, 0)
        while scale < 6 {
            micros *= 10
            scale += 1
        }
        return (seconds, micros)
    }

    // MARK: Building a message

    private mutating func build(
        _ doc: JSONDocument, _ p: Pending, locator: String, summary: inout IngestSummary
    ) -> Message {
        // One pass over the members.
        var subtypeN: Int32?
        var userN: Int32?
        var botIDN: Int32?
        var usernameN: Int32?
        var textN: Int32?
        var threadTsN: Int32?
        var editedN: Int32?
        var reactionsN: Int32?
        var filesN: Int32?
        var fileN: Int32?
        var blocksN: Int32?
        var attachmentsN: Int32?
        var profileN: Int32?
        var teamN: Int32?
        var userTeamN: Int32?
        var hiddenN: Int32?
        var botProfileN: Int32?
        var replyCountN: Int32?
        doc.forEachMember(p.node) { k, v in
            let n = doc.node(k)
            switch n.end - n.start {
            case 4:
                if doc.keyEquals(k, "user") {
                    userN = v
                } else if doc.keyEquals(k, "text") {
                    textN = v
                } else if doc.keyEquals(k, "team") {
                    teamN = v
                } else if doc.keyEquals(k, "file") {
                    fileN = v
                }
            case 5:
                if doc.keyEquals(k, "files") { filesN = v }
            case 6:
                if doc.keyEquals(k, "bot_id") {
                    botIDN = v
                } else if doc.keyEquals(k, "edited") {
                    editedN = v
                } else if doc.keyEquals(k, "blocks") {
                    blocksN = v
                } else if doc.keyEquals(k, "hidden") {
                    hiddenN = v
                }
            case 7:
                if doc.keyEquals(k, "subtype") { subtypeN = v }
            case 8:
                if doc.keyEquals(k, "username") { usernameN = v }
            case 9:
                if doc.keyEquals(k, "thread_ts") {
                    threadTsN = v
                } else if doc.keyEquals(k, "reactions") {
                    reactionsN = v
                } else if doc.keyEquals(k, "user_team") {
                    userTeamN = v
                }
            case 11:
                if doc.keyEquals(k, "attachments") {
                    attachmentsN = v
                } else if doc.keyEquals(k, "bot_profile") {
                    botProfileN = v
                } else if doc.keyEquals(k, "reply_count") {
                    replyCountN = v
                }
            case 12:
                if doc.keyEquals(k, "user_profile") { profileN = v }
            default: break
            }
        }
        let channelID = conversation.id
        let id = channelID + "/" + p.ts
        let subtype = doc.nonEmptyString(subtypeN)

        // Author.
        let userID = doc.nonEmptyString(userN)
        let botID = doc.nonEmptyString(botIDN)
        let messageTeam = doc.nonEmptyString(userTeamN) ?? doc.nonEmptyString(teamN)
        var author: Participant
        var tz: Int32 = 0
        var isBot = false
        if let userID, let known = state.users[userID] {
            author = known.participant
            tz = known.tzOffset
            isBot = known.isBot
        } else if let userID {
            let u = discoverUser(userID, doc: doc, profile: profileN, team: messageTeam)
            author = u.participant
            tz = u.tzOffset
        } else {
            let name =
                doc.nonEmptyString(usernameN)
                ?? botProfileN.flatMap { doc.nonEmptyString(doc.member($0, "name")) } ?? botID ?? "unknown"
            author = Participant(id: botID ?? "unknown", displayName: name)
            isBot = botID != nil
        }
        if let ws = state.workspaceTeam, let t = messageTeam, t != ws, author.isExternal != true {
            author.isExternal = true
            if author.email == nil { author.organization = t }
        }

        var flags: MessageFlags = []
        if let subtype, SlackSubtype.bot.contains(subtype) { isBot = true }
        if botID != nil && userID == nil { isBot = true }
        if isBot { flags.insert(.bot) }
        let isSystem: Bool
        if let subtype {
            isSystem = !SlackSubtype.human.contains(subtype) && !SlackSubtype.bot.contains(subtype)
        } else {
            isSystem = doc.bool(hiddenN)
        }
        if isSystem { flags.insert(.system) }
        if editedN != nil { flags.insert(.edited) }

        // Text.
        var decoded = MrkdwnDecoder.Decoded(text: "", mentions: [], hasQuote: false)
        var raw: [UInt8] = []
        if let textN { doc.appendString(textN, to: &raw) }
        if !raw.isEmpty {
            decoded = state.decoder.decode(raw[...])
        } else if let blocksN {
            decoded = renderBlocks(doc, blocksN)
        }
        if decoded.text.isEmpty, let attachmentsN {
            var parts: [UInt8] = []
            for a in doc.elements(attachmentsN) {
                guard let t = doc.member(a, "text") ?? doc.member(a, "fallback") else { continue }
                if !parts.isEmpty { parts.append(0x0A) }
                doc.appendString(t, to: &parts)
            }
            if !parts.isEmpty { decoded = state.decoder.decode(parts[...]) }
        }
        var text = decoded.text
        var quoted = 0
        if decoded.hasQuote {
            let cleaned = TextCleaner.clean(text)
            text = cleaned.text
            quoted = cleaned.quotedChars
        }

        // Recipients: the other members of a DM; mentioned people in channels.
        var to: [Participant] = []
        switch conversation.kind {
        case .slackDM, .slackGroupDM:
            to = memberParticipants.filter { $0.id != author.id }
        default:
            for m in decoded.mentions where m != author.id {
                to.append(state.users[m]?.participant ?? Participant(id: m, displayName: m))
            }
        }

        // Attributes.
        var attributes: [String: String] = [:]
        if let subtype { attributes["subtype"] = subtype }
        if let reactionsN, let r = reactionsAttribute(doc, reactionsN) { attributes["reactions"] = r }
        var fileCount = filesN.map { doc.elements($0).count } ?? 0
        if fileN != nil && fileCount == 0 { fileCount = 1 }
        if fileCount > 0 { attributes["files"] = String(fileCount) }
        if let rc = doc.int(replyCountN), rc > 0 { attributes["reply_count"] = String(rc) }

        // Threads and replies.
        let threadTs = doc.nonEmptyString(threadTsN)
        let conversational = !isBot && !isSystem
        var parent: String? = nil
        let thread: String
        if let threadTs, threadTs != p.ts {
            // A thread reply (broadcast or not): answers the thread's latest message by someone else.
            thread = channelID + "/" + threadTs
            let rootID = thread
            var tracker = threads[threadTs] ?? ReplyTracker()
            parent = tracker.candidate(for: author.id)?.0 ?? rootID
            if conversational { tracker.add(id: id, author: author.id, time: p.seconds) }
            threads[threadTs] = tracker
            if subtype == "thread_broadcast" || subtype == "reply_broadcast" { attributes["broadcast"] = "true" }
        } else {
            if let threadTs {
                thread = channelID + "/" + threadTs
                var tracker = ReplyTracker()
                if conversational { tracker.add(id: id, author: author.id, time: p.seconds) }
                threads[threadTs] = tracker
            } else {
                if sessionLast == .min || p.seconds - sessionLast > state.replyWindow {
                    sessionKey = channelID + "/" + p.ts
                }
                thread = sessionKey
            }
            if conversational {
                if let (candidate, time) = timeline.candidate(for: author.id), p.seconds - time <= state.replyWindow {
                    parent = candidate
                }
                timeline.add(id: id, author: author.id, time: p.seconds)
            }
            sessionLast = p.seconds
        }

        if isSystem {
            summary.exclude(SlackSubtype.reason(subtype ?? "hidden"))
        } else if isBot {
            summary.exclude("bot")
        }

        return Message(
            id: id, source: .slack, locator: SourceLocator(file: locator, jsonPath: "$[\(p.index)]"),
            thread: thread, parent: parent, from: author, to: to,
            date: Timestamp(seconds: p.seconds, microseconds: p.micros, utcOffset: tz), channel: conversation.kind,
            subject: subject, text: text, quotedChars: quoted, flags: flags, attributes: attributes)
    }

    /// A user missing from `users.json`, from the message's `user_profile` (remembered for later).
    private mutating func discoverUser(_ id: String, doc: JSONDocument, profile: Int32?, team: String?) -> SlackUser {
        let profileTeam = profile.flatMap { doc.nonEmptyString(doc.member($0, "team")) } ?? team
        let name = SlackExportState.displayName(
            realName: profile.flatMap { doc.nonEmptyString(doc.member($0, "real_name")) },
            displayName: profile.flatMap { doc.nonEmptyString(doc.member($0, "display_name")) },
            name: profile.flatMap { doc.nonEmptyString(doc.member($0, "name")) }, id: id)
        var p = Participant(id: id, displayName: name, organization: profileTeam)
        if let ws = state.workspaceTeam, let t = profileTeam { p.isExternal = t != ws }
        let user = SlackUser(participant: p, isBot: false, team: profileTeam, tzOffset: 0)
        if profile != nil {
            state.users[id] = user
            state.decoder.userNames[id] = name
        }
        return user
    }

    /// `"emoji:user1,user2;emoji2:user3"`, emoji names and users sorted.
    private func reactionsAttribute(_ doc: JSONDocument, _ node: Int32) -> String? {
        var items: [(String, [String])] = []
        for r in doc.elements(node) {
            guard let name = doc.nonEmptyString(doc.member(r, "name")) else { continue }
            var who: [String] = []
            if let u = doc.member(r, "users") {
                for x in doc.elements(u) { if let s = doc.string(x) { who.append(s) } }
            }
            items.append((name, who.sorted()))
        }
        guard !items.isEmpty else { return nil }
        items.sort { $0.0 < $1.0 }
        return items.map { $0.0 + ":" + $0.1.joined(separator: ",") }.joined(separator: ";")
    }

    // MARK: rich_text blocks

    /// Plain text from `rich_text` blocks (used when `text` is empty). Quotes become `> ` lines.
    private func renderBlocks(_ doc: JSONDocument, _ blocks: Int32) -> MrkdwnDecoder.Decoded {
        var out: [UInt8] = []
        var mentions: [String] = []
        for block in doc.elements(blocks) {
            guard let type = doc.member(block, "type"), doc.keyEquals(type, "rich_text"),
                let elements = doc.member(block, "elements")
            else { continue }
            for section in doc.elements(elements) {
                renderSection(doc, section, into: &out, mentions: &mentions, depth: 0)
            }
        }
        while out.last == 0x0A { out.removeLast() }
        var hasQuote = false
        var lineStart = true
        for c in out {
            if lineStart && c == 0x3E {
                hasQuote = true
                break
            }
            lineStart = c == 0x0A
        }
        return MrkdwnDecoder.Decoded(text: String(decoding: out, as: UTF8.self), mentions: mentions, hasQuote: hasQuote)
    }

    private func renderSection(
        _ doc: JSONDocument, _ section: Int32, into out: inout [UInt8], mentions: inout [String], depth: Int
    ) {
        guard depth < 8, let type = doc.member(section, "type") else { return }
        let children = doc.member(section, "elements").map { doc.elements($0) } ?? []
        if doc.keyEquals(type, "rich_text_list") {
            for item in children {
                out.append(contentsOf: "• ".utf8)
                renderSection(doc, item, into: &out, mentions: &mentions, depth: depth + 1)
            }
            return
        }
        var line: [UInt8] = []
        for el in children { renderInline(doc, el, into: &line, mentions: &mentions) }
        if doc.keyEquals(type, "rich_text_quote") {
            var quoted: [UInt8] = [0x3E, 0x20]
            for c in line {
                quoted.append(c)
                if c == 0x0A { quoted.append(contentsOf: [0x3E, 0x20]) }
            }
            line = quoted
        }
        out.append(contentsOf: line)
        if out.last != 0x0A { out.append(0x0A) }
    }

    private func renderInline(_ doc: JSONDocument, _ el: Int32, into out: inout [UInt8], mentions: inout [String]) {
        guard let type = doc.member(el, "type") else { return }
        if doc.keyEquals(type, "text") {
            if let t = doc.member(el, "text") { doc.appendString(t, to: &out) }
        } else if doc.keyEquals(type, "user") {
            let id = doc.nonEmptyString(doc.member(el, "user_id")) ?? ""
            if !mentions.contains(id) { mentions.append(id) }
            out.append(0x40)
            out.append(contentsOf: (state.decoder.userNames[id] ?? id).utf8)
        } else if doc.keyEquals(type, "channel") {
            let id = doc.nonEmptyString(doc.member(el, "channel_id")) ?? ""
            out.append(0x23)
            out.append(contentsOf: (state.decoder.channelNames[id] ?? id).utf8)
        } else if doc.keyEquals(type, "emoji") {
            let name = doc.nonEmptyString(doc.member(el, "name")) ?? ""
            var key = name
            if let tone = doc.int(doc.member(el, "skin_tone")) { key += "::skin-tone-\(tone)" }
            if let e = state.decoder.emoji.lookup(key) ?? state.decoder.emoji.lookup(name) {
                out.append(contentsOf: e.utf8)
            } else {
                out.append(contentsOf: (":" + name + ":").utf8)
            }
        } else if doc.keyEquals(type, "link") {
            if let t = doc.nonEmptyString(doc.member(el, "text")) ?? doc.nonEmptyString(doc.member(el, "url")) {
                out.append(contentsOf: t.utf8)
            }
        } else if doc.keyEquals(type, "broadcast") {
            out.append(0x40)
            if let r = doc.member(el, "range") { doc.appendString(r, to: &out) }
        } else if doc.keyEquals(type, "usergroup") {
            out.append(0x40)
            if let r = doc.member(el, "usergroup_id") { doc.appendString(r, to: &out) }
        } else if doc.keyEquals(type, "date") {
            if let r = doc.member(el, "fallback") { doc.appendString(r, to: &out) }
        }
    }
}
