import RapportCore

/// A conversation as the worker stage sees it: what its messages need besides their own fields.
struct SlackConversationContext: Sendable {
    let id: String
    let kind: ChannelKind
    let subject: String
    /// Members as participants (DM recipients).
    let members: [Participant]
    /// Every member is in `users.json`: subject and recipients do not depend on users discovered
    /// while reading, so the worker stage may build the conversation's messages.
    let independent: Bool

    init(_ conversation: SlackConversation, users: [String: SlackUser]) {
        id = conversation.id
        kind = conversation.kind
        (subject, members) = Self.subjectAndMembers(conversation, users: users)
        independent = conversation.members.allSatisfy { users[$0] != nil }
    }

    /// The subject (`#name`, or the DM members' names) and the members as participants.
    static func subjectAndMembers(
        _ conversation: SlackConversation, users: [String: SlackUser]
    ) -> (String, [Participant]) {
        var members: [Participant] = []
        for m in conversation.members {
            members.append(
                users[m]?.participant
                    ?? (m == SlackMessageParts.slackbot
                        ? SlackMessageParts.slackbotParticipant : Participant(id: m, displayName: m)))
        }
        switch conversation.kind {
        case .slackDM, .slackGroupDM:
            let names = members.map(\.displayName).sorted().joined(separator: ", ")
            let subject = conversation.kind == .slackGroupDM && names.isEmpty ? conversation.name : names
            // Bots (Slackbot, apps) are in the subject but receive nothing: a note to Slackbot or a
            // command to an app is no message to a contact.
            let people = members.filter { m in
                m.id != SlackMessageParts.slackbot && users[m.id]?.isBot != true
            }
            return (subject, people)
        default:
            let name = conversation.name.isEmpty ? conversation.id : conversation.name
            if let title = canvasTitle(name) { return ("canvas: " + title, members) }
            return ("#" + name, members)
        }
    }

    /// The title of a canvas's comment thread (`file_conversations.json`, folder `FC:<file id>:<title>`,
    /// or `FC_<file id>_<title>` as unzipped on Windows), or `nil` for any other conversation name. Slack
    /// channel names hold no `:` and no capitals.
    static func canvasTitle(_ name: String) -> String? {
        let b = name.utf8
        let separator: UInt8
        if b.starts(with: "FC:F".utf8) {
            separator = 0x3A
        } else if b.starts(with: "FC_F".utf8) {
            separator = 0x5F
        } else {
            return nil
        }
        let rest = b.dropFirst(3)
        guard let colon = rest.firstIndex(of: separator) else { return nil }
        let title = String(rest[rest.index(after: colon)...]) ?? ""
        return title.isEmpty ? nil : title
    }
}

/// Pieces of building a message shared by the worker stage and the sequential stage.
enum SlackMessageParts {
    /// Slackbot's user id, and the participant it is when `users.json` does not list it.
    static let slackbot = "USLACKBOT"
    static let slackbotParticipant = Participant(id: slackbot, displayName: "Slackbot")

    /// The author's team as the message states it (`user_team`, else `team`); decoded only when it
    /// differs from the workspace's.
    static func messageTeam(_ doc: JSONDocument, _ f: SlackFields, workspace: String?) -> String? {
        let teamNode = f.userTeam ?? f.team
        if let teamNode, let ws = workspace, doc.stringEquals(teamNode, ws) { return ws }
        return doc.nonEmptyString(teamNode)
    }

    /// The author of a message without `user`: its `username`, bot profile name, the name of the bot user
    /// of `users.json` with this `profile.bot_id` (`botNames`), or the bot id.
    static func botAuthor(
        _ doc: JSONDocument, _ f: SlackFields, botID: String?, botNames: [String: String]
    ) -> Participant {
        let name =
            doc.nonEmptyString(f.username)
            ?? f.botProfile.flatMap { doc.nonEmptyString(doc.member($0, "name")) }
            ?? botID.flatMap { botNames[$0] } ?? botID ?? "unknown"
        return Participant(id: botID ?? "unknown", displayName: name)
    }

    /// Marks an author external when the message's team is not the workspace's — only for authors
    /// whose team `users.json` does not give: a listed member keeps that team on every message (in
    /// Enterprise Grid and Slack Connect exports a message's `team` is often not its author's home team).
    static func markExternal(_ author: inout Participant, team: String?, workspace: String?) {
        if let ws = workspace, let t = team, t != ws, author.isExternal == nil {
            author.isExternal = true
            if author.email == nil { author.organization = t }
        }
    }

    /// Flags from the subtype, bot markers and `edited`; `isBot` is the author's own bot flag.
    static func flags(
        _ doc: JSONDocument, _ f: SlackFields, subtype: String?, isBot: Bool, botID: String?, hasUser: Bool
    ) -> MessageFlags {
        var flags: MessageFlags = []
        var isBot = isBot
        if let subtype, SlackSubtype.bot.contains(subtype) { isBot = true }
        if botID != nil && !hasUser { isBot = true }
        if isBot { flags.insert(.bot) }
        let isSystem: Bool
        if let subtype {
            isSystem = !SlackSubtype.human.contains(subtype) && !SlackSubtype.bot.contains(subtype)
        } else {
            isSystem = doc.bool(f.hidden)
        }
        if isSystem { flags.insert(.system) }
        if f.edited != nil { flags.insert(.edited) }
        return flags
    }

    /// Why a message with these flags is excluded from analysis (`nil`: it is not).
    static func exclusion(_ flags: MessageFlags, subtype: String?) -> String? {
        if flags.contains(.system) { return SlackSubtype.reason(subtype ?? "hidden") }
        if flags.contains(.bot) { return "bot" }
        return nil
    }

    /// The draft's attributes plus `subtype` and, for a broadcast thread reply, `broadcast`.
    static func attributes(_ draft: UnsafePointer<Draft>, subtype: String?) -> [String: String] {
        attributes(draft.pointee.attributes, draft, subtype: subtype)
    }

    /// ``attributes(_:subtype:)`` from `base`, the draft's attributes moved out of it.
    static func attributes(
        _ base: consuming [String: String], _ draft: UnsafePointer<Draft>, subtype: String?
    ) -> [String: String] {
        var attributes = base
        if let subtype {
            attributes["subtype"] = subtype
            if draft.pointee.threadID != nil, draft.pointee.isReply,
                subtype == "thread_broadcast" || subtype == "reply_broadcast"
            {
                attributes["broadcast"] = "true"
            }
        }
        return attributes
    }
}

/// Builds messages in the worker stage, all but their thread and parent (which depend on earlier
/// messages), when nothing about them depends on users discovered while reading.
struct SlackMessageBuilder {
    let preparer: SlackDayPreparer
    let conversation: SlackConversationContext
    let locator: String
    /// DM recipients of the latest author.
    private var recent: (author: String, to: [Participant])? = nil

    init(preparer: SlackDayPreparer, conversation: SlackConversationContext, locator: String) {
        self.preparer = preparer
        self.conversation = conversation
        self.locator = locator
    }

    /// Initializes `out` with the message of `draft` (recording its facts in the draft); `false` (and
    /// `out` left alone) when the sequential stage must build it: its author is not in `users.json`, or
    /// it mentions someone who is not.
    mutating func build(
        _ doc: JSONDocument, _ draft: UnsafeMutablePointer<Draft>, into out: UnsafeMutablePointer<Message>,
        cache: inout SlackIDCache<Int32>
    ) -> Bool {
        guard !draft.pointee.mentionsUnknown else { return false }
        let f = draft.pointee.fields
        // A huddle's author and recipients come from its room: built by the sequential stage.
        guard f.room == nil else { return false }
        // A known author by index (a cache hit copies no user value).
        var index = f.user.flatMap { cache.user(doc, $0) }
        if index == nil, let userID = doc.nonEmptyString(f.user) {
            guard let k = preparer.userIndex[userID] else { return false }
            index = k
            if let userN = f.user { cache.remember(doc, userN, k) }
        }
        let subtype = doc.nonEmptyString(f.subtype)
        let botID = doc.nonEmptyString(f.botID)
        let workspace = preparer.workspaceTeam
        let messageTeam = SlackMessageParts.messageTeam(doc, f, workspace: workspace)
        var author: Participant
        var tz: Int32 = 0
        var isBot = false
        if let index {
            let k = Int(index)
            author = preparer.userList[k].participant
            tz = preparer.userList[k].offset(at: draft.pointee.seconds)
            isBot = preparer.userList[k].isBot
        } else {
            author = SlackMessageParts.botAuthor(doc, f, botID: botID, botNames: preparer.botNames)
            isBot = botID != nil
        }
        SlackMessageParts.markExternal(&author, team: messageTeam, workspace: workspace)
        let flags = SlackMessageParts.flags(
            doc, f, subtype: subtype, isBot: isBot, botID: botID, hasUser: index != nil)

        // Recipients: the other members of a DM; mentioned people in channels.
        var to: [Participant] = []
        switch conversation.kind {
        case .slackDM, .slackGroupDM:
            if let r = recent, r.author == author.id {
                to = r.to
            } else {
                to = conversation.members.filter { $0.id != author.id }
                recent = (author.id, to)
            }
        default:
            for m in draft.pointee.decoded.mentions where m != author.id {
                to.append(preparer.users[m]?.participant ?? Participant(id: m, displayName: m))
            }
        }
        draft.pointee.conversational = flags.isDisjoint(with: [.bot, .system])
        draft.pointee.authorIndex = index ?? -1
        draft.pointee.exclusion = SlackMessageParts.exclusion(flags, subtype: subtype)
        // The text and attributes move from the draft into the message (the sequential stage does not
        // read them), which is initialized in place: no copy of the whole value (`Message.initialize`).
        var text = ""
        swap(&text, &draft.pointee.decoded.text)
        var attributes: [String: String] = [:]
        swap(&attributes, &draft.pointee.attributes)
        Message.initialize(
            out, id: draft.pointee.id, source: .slack,
            locator: SourceLocator(file: locator, jsonPath: SlackConversationReader.elementPath(draft.pointee.index)),
            thread: "", parent: nil, from: author, to: to,
            date: Timestamp(seconds: draft.pointee.seconds, microseconds: draft.pointee.micros, utcOffset: tz),
            channel: conversation.kind, subject: conversation.subject, text: text,
            quotedChars: draft.pointee.decoded.quotedChars, flags: flags,
            attributes: SlackMessageParts.attributes(attributes, UnsafePointer(draft), subtype: subtype))
        return true
    }
}

/// The `room` of a Slack huddle's `huddle_thread` post: who took part and for how long.
///
/// Fields as the Slack API writes them: `created_by`, `participant_history` (everyone who joined, in
/// order), `participants` (who is in it now), `date_start` and `date_end` (Unix seconds, also read from a
/// string of digits; `date_end` is 0 while the huddle runs).
struct SlackHuddle {
    /// `created_by`.
    var creator: String?
    /// Distinct user ids of `participant_history`, then of `participants`, in order.
    var participants: [String]
    /// `date_end − date_start` when both are set and the end is after the start.
    var seconds: Int?
    /// Each participant's team as `participants_events` gives it (`user_team`, else `team`: an id, or an
    /// object with `id`; Slack writes `{}` for the workspace's own members), by user id.
    var teams: [String: String] = [:]

    /// The room of a message (nil when `room` is absent or not an object).
    init?(_ doc: JSONDocument, _ room: Int32?) {
        guard let room, doc.node(room).kind == .object else { return nil }
        creator = doc.nonEmptyString(doc.member(room, "created_by"))
        var ids: [String] = []
        for list in [doc.member(room, "participant_history"), doc.member(room, "participants")] {
            guard let list, doc.node(list).kind == .array else { continue }
            for e in doc.elements(list) {
                if let id = doc.nonEmptyString(e), !ids.contains(id) { ids.append(id) }
            }
        }
        // `participants_events`: an object keyed by user id (`joined`, `user_team`, camera and screen flags).
        var teams: [String: String] = [:]
        if let events = doc.member(room, "participants_events"), doc.node(events).kind == .object {
            doc.forEachMember(events) { k, v in
                guard let id = doc.nonEmptyString(k), doc.node(v).kind == .object else { return }
                // Someone who joined but is in neither list (a partial room object) still took part.
                if doc.bool(doc.member(v, "joined")), !ids.contains(id) { ids.append(id) }
                for key: StaticString in ["user_team", "team"] {
                    guard let t = doc.member(v, key) else { continue }
                    let team =
                        doc.node(t).kind == .object ? doc.nonEmptyString(doc.member(t, "id")) : doc.nonEmptyString(t)
                    if let team {
                        teams[id] = team
                        break
                    }
                }
            }
        }
        participants = ids
        self.teams = teams
        // Unix seconds, as numbers (Slack) or as strings of digits (seen in clients' saved copies).
        func unix(_ node: Int32?) -> Int { doc.int(node) ?? doc.nonEmptyString(node).flatMap { Int($0) } ?? 0 }
        let start = unix(doc.member(room, "date_start"))
        let end = unix(doc.member(room, "date_end"))
        seconds = start > 0 && end > start ? end - start : nil
    }
}
