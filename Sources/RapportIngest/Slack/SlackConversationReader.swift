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

/// The gap the reply window is measured on: the seconds between two messages that fall on a weekday
/// (Monday–Friday, UTC). A Friday-afternoon question answered on Monday morning is the overnight answer
/// of the next working day, not a new conversation: 65 hours of wall clock, 17 of them on weekdays.
enum SlackGap {
    /// Seconds of `[a, b)` on Monday–Friday (UTC days).
    static func weekdaySeconds(from a: Int64, to b: Int64) -> Int64 {
        if b <= a { return 0 }
        if a == .min { return .max }
        return weekdaySecondsSinceEpoch(b) - weekdaySecondsSinceEpoch(a)
    }

    /// Weekday seconds from 1970-01-01T00:00Z (a Thursday) to `t` (negative before it).
    static func weekdaySecondsSinceEpoch(_ t: Int64) -> Int64 {
        let day = t >= 0 ? t / 86_400 : -((-t + 86_399) / 86_400)
        let rest = t - day * 86_400
        let week = day >= 0 ? day / 7 : -((-day + 6) / 7)
        let k = Int(day - week * 7)  // 0 = Thursday, 1 Friday, 2 Saturday, 3 Sunday, 4 Monday …
        // Weekdays among the first k days of a Thursday-aligned week.
        let before: Int64 = [0, 1, 2, 2, 2, 3, 4][k]
        let isWeekday = k != 2 && k != 3
        return week * 5 * 86_400 + before * 86_400 + (isWeekday ? rest : 0)
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
        var bytes = Array("slack-".utf8)
        for c in subtype.utf8 { bytes.append(c == 0x5F ? 0x2D : c) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Reads the day files of one conversation, in order, keeping thread and reply state.
struct SlackConversationReader {
    var state: SlackExportState
    let conversation: SlackConversation
    /// Thread id (`<channel>/<thread_ts>`) → reply tracker (cleared with the conversation).
    private var threads: [String: ReplyTracker] = [:]
    private var timeline = ReplyTracker()
    private var sessionKey = ""
    private var sessionLast: Int64 = .min
    /// Per author, their latest message of the conversation when it is in a thread (root or reply): the
    /// thread an unthreaded message that @-mentions them answers (nil once their latest is unthreaded).
    /// Only for authors not in `users.json`: those listed there are in `threadedLatestByUser`.
    private var threadedLatest: [String: (thread: String, time: Int64)] = [:]
    /// `threadedLatest` of the users of `users.json`, by their index in ``SlackDayPreparer/userList``:
    /// most messages update their author's entry, and an array slot needs no hashing of the id.
    private var threadedLatestByUser: [(thread: String, time: Int64)?]
    /// Indices of the users of `users.json` (``SlackDayPreparer/userIndex``).
    private let userIndex: [String: Int32]
    /// Id of the previous message (same channel, so equal ids mean equal `ts`: a duplicate).
    private var lastID: String = ""
    /// Time of the previous message (`lastID`'s).
    private var lastSeconds: Int64 = .min
    private var lastMicros: Int32 = 0
    /// A slackdump conversation's ids so far: its thread dumps repeat messages of the channel's dump
    /// (`nil` for an export's conversation, whose duplicates are consecutive).
    private var seen: Set<String>?
    /// DM recipients by author id (the members but the author), built once per author.
    private var dmRecipients: [String: [Participant]] = [:]
    /// The latest two entries of `dmRecipients` used.
    private var recentRecipients: ((author: String, to: [Participant])?, (author: String, to: [Participant])?) = (
        nil, nil
    )
    /// Known authors by the bytes of their id.
    private var userCache = SlackUserCache()
    /// Reactors' ``SlackReactors`` items by user id, "" for a bot (a known user never changes).
    private var reactorItems: [String: String] = [:]
    /// The current message's reactors (id, item), reused from message to message.
    private var reactorScratch: [(id: String, item: String)] = []
    private var subject: String
    private var memberParticipants: [Participant]

    init(state: SlackExportState, conversation: SlackConversation, userIndex: [String: Int32] = [:]) {
        self.state = state
        self.conversation = conversation
        self.userIndex = userIndex
        threadedLatestByUser = Array(repeating: nil, count: userIndex.count)
        (subject, memberParticipants) = SlackConversationContext.subjectAndMembers(conversation, users: state.users)
        if conversation.folder.hasPrefix(SlackExportSource.dumpFolderPrefix) || !conversation.extraFolders.isEmpty {
            seen = []
        }
    }

    /// Emits the messages of one prepared day file (stage B: sequential state, in order).
    mutating func consume(
        _ day: PreparedDay, summary: inout IngestSummary, emit: (Message) throws(RapportError) -> Void
    ) throws(RapportError) {
        summary.merge(day.summary)
        guard let doc = day.doc else { return }
        // Drafts are read in place (no copy of each); an error of `emit` stops the loop and is rethrown.
        // Messages the worker stage built only get their thread and parent here.
        var failure: RapportError? = nil
        let built = day.messages
        day.drafts.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress else { return }
            for k in 0..<buf.count {
                let draft = base + k
                let slot = Int(draft.pointee.slot)
                // Equal ids (same channel) mean equal `ts`, hence equal times: compare those first.
                if draft.pointee.seconds == lastSeconds && draft.pointee.micros == lastMicros
                    && draft.pointee.id == lastID
                {
                    summary.skip("duplicate")
                    continue
                }
                if seen != nil, !seen!.insert(draft.pointee.id).inserted {
                    summary.skip("duplicate")
                    continue
                }
                lastID = draft.pointee.id
                lastSeconds = draft.pointee.seconds
                lastMicros = draft.pointee.micros
                // Read from another input of the run already (the same export given twice).
                // A Slack id (channel/ts) names one message: no fingerprint is needed to tell copies apart.
                if let across = state.seenAcrossInputs, across.insert(FNV.hash(draft.pointee.id), 0) != .new {
                    summary.skip("duplicate")
                    continue
                }
                do throws(RapportError) {
                    if slot >= 0 {
                        var message = built.take(slot)
                        (message.thread, message.parent) = link(
                            draft, authorID: message.from.id, conversational: draft.pointee.conversational)
                        if let reason = draft.pointee.exclusion { summary.exclude(reason) }
                        if draft.pointee.fields.reactions != nil { addReactors(&message) }
                        summary.emitted += 1
                        try emit(message)
                    } else {
                        var message = build(doc, draft, locator: day.locator, summary: &summary)
                        if draft.pointee.fields.reactions != nil { addReactors(&message) }
                        summary.emitted += 1
                        try emit(message)
                    }
                } catch {
                    failure = error
                    return
                }
            }
        }
        if let failure { throw failure }
    }

    /// `attributes["reactors"]` of a message with reactions: what the export knows of the people who
    /// reacted (``SlackReactors``: email, organization, external), from `users.json` and the users
    /// discovered so far or read ahead (``SlackProfileLookahead``), so the analysis places a colleague who only ever reacts on our side without
    /// `--me`. Bots and unknown ids are left out.
    private mutating func addReactors(_ m: inout Message) {
        guard var reactions = m.attributes["reactions"] else { return }
        // The users of the reactions attribute, each once, as ``Reactions/reactors(_:)`` reads them, straight
        // from its bytes.
        var items = reactorScratch
        items.removeAll(keepingCapacity: true)
        defer { reactorScratch = items }
        var length = 0
        reactions.withUTF8 { bytes in
            Reactions.forEachUser(in: bytes) { _, userBytes in
                let id = String(decoding: userBytes, as: UTF8.self)
                guard !items.contains(where: { $0.id == id }) else { return }
                let item: String
                if let known = reactorItems[id] {
                    item = known
                } else if let u = state.users[id] ?? state.lookahead?.user(id) {
                    // Not known yet: their first `user_profile`, read ahead (the user their message will
                    // describe, so it is cached as well).
                    item = u.isBot ? "" : SlackReactors.item(u.participant) ?? ""
                    reactorItems[id] = item
                } else {
                    item = ""
                }
                // Kept (even empty) so that a repeated id is looked up once.
                items.append((id, item))
                length += item.utf8.count + 1
            }
        }
        guard items.contains(where: { !$0.item.isEmpty }) else { return }
        // As ``SlackReactors/attribute(_:)``: sorted by id, joined with ';'.
        items.sort { $0.id < $1.id }
        var joined = ""
        joined.reserveCapacity(length)
        for (_, item) in items where !item.isEmpty {
            if !joined.isEmpty { joined += ";" }
            joined += item
        }
        m.attributes["reactors"] = joined
    }

    /// `"1545668983.435175"` → seconds and microseconds, exactly (digits past 6 are truncated).
    static func parseTs(_ ts: String) -> (Int64, Int32)? {
        var ts = ts
        return ts.withUTF8 { parseTs($0) }
    }

    /// ``parseTs(_:)`` over UTF-8 bytes.
    static func parseTs(_ ts: UnsafeBufferPointer<UInt8>) -> (Int64, Int32)? {
        // The usual shape, `1545668983.435175`: ten digits, a dot, six digits.
        if ts.count == 17, let p = ts.baseAddress, p[10] == 0x2E {
            var seconds: Int64 = 0
            var micros: Int32 = 0
            var ok = true
            for k in 0..<10 {
                let d = p[k] &- 0x30
                ok = ok && d < 10
                seconds = seconds &* 10 &+ Int64(d)
            }
            for k in 11..<17 {
                let d = p[k] &- 0x30
                ok = ok && d < 10
                micros = micros &* 10 &+ Int32(d)
            }
            if ok { return (seconds, micros) }
        }
        var seconds: Int64 = 0
        var micros: Int32 = 0
        var digits = 0
        var fraction = -1
        for c in ts {
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

    /// `a + "/" + b` in one allocation (message and thread ids).
    static func joined(_ a: String, _ b: String) -> String {
        var a = a
        var b = b
        let n = a.utf8.count + 1 + b.utf8.count
        return a.withUTF8 { pa in
            b.withUTF8 { pb in
                String(unsafeUninitializedCapacity: n) { out in
                    guard let o = out.baseAddress else { return 0 }
                    if let s = pa.baseAddress { o.update(from: s, count: pa.count) }
                    o[pa.count] = 0x2F
                    if let s = pb.baseAddress { (o + pa.count + 1).update(from: s, count: pb.count) }
                    return n
                }
            }
        }
    }

    /// `a + "/" + b` in one allocation, `b` as UTF-8 bytes (valid UTF-8: digits of a `ts`, ASCII).
    static func joined(_ a: String, _ b: UnsafeBufferPointer<UInt8>) -> String {
        var a = a
        let n = a.utf8.count + 1 + b.count
        return a.withUTF8 { pa in
            String(unsafeUninitializedCapacity: n) { out in
                guard let o = out.baseAddress else { return 0 }
                if let s = pa.baseAddress { o.update(from: s, count: pa.count) }
                o[pa.count] = 0x2F
                if let s = b.baseAddress { (o + pa.count + 1).update(from: s, count: b.count) }
                return n
            }
        }
    }

    /// `$[index]` (a small string: no allocation); for an element of a slackdump conversation file
    /// (``SlackDump/index(_:_:)``) `$.messages[k]` or `$.messages[k].slackdump_thread_replies[r]`.
    static func elementPath(_ index: Int) -> String {
        if index >= SlackDump.flag { return SlackDump.path(index) }
        var v = index.magnitude
        var width = index < 0 ? 1 : 0
        repeat {
            width += 1
            v /= 10
        } while v > 0
        return String(unsafeUninitializedCapacity: width + 3) { out in
            out[0] = 0x24
            out[1] = 0x5B
            if index < 0 { out[2] = 0x2D }
            var k = width + 1
            v = index.magnitude
            repeat {
                out[k] = UInt8(v % 10) + 0x30
                k -= 1
                v /= 10
            } while v > 0
            out[width + 2] = 0x5D
            return width + 3
        }
    }

    // MARK: Building a message

    /// Builds a message the worker stage left to this stage (its author, mentions or conversation
    /// members may be users discovered while reading).
    private mutating func build(
        _ doc: JSONDocument, _ draft: UnsafePointer<Draft>, locator: String, summary: inout IngestSummary
    ) -> Message {
        let f = draft.pointee.fields
        let userN = f.user
        let subtype = doc.nonEmptyString(f.subtype)

        // Author.
        // A known author straight from the id's bytes (no string, no hashing), else by its string.
        let cached = userN.flatMap { userCache.user(doc, $0) }
        let userID = cached == nil ? doc.nonEmptyString(userN) : nil
        let hasUser = cached != nil || userID != nil
        let botID = doc.nonEmptyString(f.botID)
        let messageTeam = SlackMessageParts.messageTeam(doc, f, workspace: state.workspaceTeam)
        var author: Participant
        var tz: Int32 = 0
        var isBot = false
        if let known = cached {
            author = known.participant
            tz = known.offset(at: draft.pointee.seconds)
            isBot = known.isBot
        } else if let userID, let known = state.users[userID] {
            author = known.participant
            tz = known.offset(at: draft.pointee.seconds)
            isBot = known.isBot
            if let userN { userCache.remember(doc, userN, known) }
        } else if userID == SlackMessageParts.slackbot {
            // Slackbot (reminders, auto-responses) is often missing from `users.json`: a bot, not a person.
            author = SlackMessageParts.slackbotParticipant
            isBot = true
        } else if let userID {
            let u = discoverUser(userID, doc: doc, profile: f.profile, team: messageTeam)
            author = u.participant
            tz = u.offset(at: draft.pointee.seconds)
            // An app's post under a user id that `users.json` does not list (Slack Connect apps,
            // deleted apps) carries the app's `bot_profile`: it is a bot, not an external person.
            isBot = botID != nil && f.botProfile != nil
            if isBot { state.botUsers.insert(userID) }
        } else {
            author = SlackMessageParts.botAuthor(doc, f, botID: botID, botNames: state.botNames)
            isBot = botID != nil
        }
        SlackMessageParts.markExternal(&author, team: messageTeam, workspace: state.workspaceTeam)
        var flags = SlackMessageParts.flags(doc, f, subtype: subtype, isBot: isBot, botID: botID, hasUser: hasUser)

        // Text (decoded by the preparer; again when it mentions someone discovered since).
        var decoded = draft.pointee.decoded
        if draft.pointee.mentionsUnknown, decoded.mentions.contains(where: { state.users[$0] != nil }) {
            decoded = SlackTextExtractor(decoder: state.decoder).text(doc, f)
        }

        // Recipients: the other members of a DM; mentioned people in channels.
        var to: [Participant] = []
        switch conversation.kind {
        case .slackDM, .slackGroupDM:
            // The two latest authors first (a DM alternates between two people), then the table.
            if let r = recentRecipients.0, r.author == author.id {
                to = r.to
            } else if let r = recentRecipients.1, r.author == author.id {
                to = r.to
            } else {
                if let cached = dmRecipients[author.id] {
                    to = cached
                } else {
                    to = memberParticipants.filter { $0.id != author.id }
                    dmRecipients[author.id] = to
                }
                recentRecipients = ((author.id, to), recentRecipients.0)
            }
        default:
            for m in decoded.mentions where m != author.id {
                to.append(state.users[m]?.participant ?? Participant(id: m, displayName: m))
            }
        }

        var attributes = SlackMessageParts.attributes(draft, subtype: subtype)
        // A huddle that at least two people joined is a synchronous contact between them (docs/slack.md,
        // "Huddles"): written by its creator to the others, without text. One nobody joined stays a system post.
        // Bots in the room (Slackbot, apps, a `B…` bot id) are no participants (a person and a bot is no huddle).
        if subtype == "huddle_thread" || subtype == "sh_room_created", var huddle = SlackHuddle(doc, f.room),
            case let people = huddle.participants.filter({ !isBotID($0) }), people.count >= 2
        {
            huddle.participants = people
            let creator =
                huddle.creator.flatMap { huddle.participants.contains($0) ? $0 : nil } ?? huddle.participants[0]
            // `users.json`, an earlier `user_profile`, else a later one (read ahead: who joined does not
            // depend on whether their first message comes before the huddle or after it).
            func known(_ id: String) -> SlackUser? { state.users[id] ?? state.lookahead?.user(id) }
            // Someone the export does not describe: the room's own word on their team (`participants_events`),
            // so a participant of another team (Slack Connect) is external.
            func person(_ id: String) -> Participant {
                if let u = known(id) { return u.participant }
                var p = Participant(id: id, displayName: id)
                if let team = huddle.teams[id] {
                    p.organization = team
                    if let ws = state.workspaceTeam { p.isExternal = team != ws }
                }
                return p
            }
            author = person(creator)
            tz = known(creator)?.offset(at: draft.pointee.seconds) ?? 0
            to = huddle.participants.filter { $0 != creator }.map(person)
            decoded.text = ""
            decoded.quotedChars = 0
            flags.remove([.system, .bot])
            attributes["huddle"] = "true"
            attributes["huddle_participants"] = String(huddle.participants.count)
            if let seconds = huddle.seconds { attributes["huddle_seconds"] = String(seconds) }
            // Each other participant's own clock at the huddle's time, when the export gives one, for their
            // presence in the analysis (as every message of theirs carries it).
            var offsets: [String] = []
            for id in huddle.participants where id != creator && !id.utf8.contains(where: { $0 == 0x3A || $0 == 0x3B })
            {
                if let u = known(id) { offsets.append(id + ":" + String(u.offset(at: draft.pointee.seconds))) }
            }
            if !offsets.isEmpty { attributes["huddle_offsets"] = offsets.joined(separator: ";") }
            summary.huddles = (summary.huddles ?? 0) + 1
        }
        let (thread, parent) = link(
            draft, authorID: author.id, conversational: flags.isDisjoint(with: [.bot, .system]))
        if let reason = SlackMessageParts.exclusion(flags, subtype: subtype) { summary.exclude(reason) }

        return Message(
            id: draft.pointee.id, source: .slack,
            locator: SourceLocator(file: locator, jsonPath: Self.elementPath(draft.pointee.index)),
            thread: thread, parent: parent, from: author, to: to,
            date: Timestamp(seconds: draft.pointee.seconds, microseconds: draft.pointee.micros, utcOffset: tz),
            channel: conversation.kind,
            subject: subject, text: decoded.text, quotedChars: decoded.quotedChars, flags: flags,
            attributes: attributes)
    }

    /// A bot as a huddle participant: Slackbot, a bot id (`B…`), a bot or app of `users.json`, or a user
    /// id an app has posted under (its `bot_profile`) so far.
    private func isBotID(_ id: String) -> Bool {
        if id == SlackMessageParts.slackbot || id.utf8.first == UInt8(ascii: "B") { return true }
        if let u = state.users[id] { return u.isBot }
        return state.botUsers.contains(id)
    }

    /// The thread key and parent of a message, updating the thread and timeline state (in order).
    private mutating func link(
        _ draft: UnsafePointer<Draft>, authorID: String, conversational: Bool
    ) -> (String, String?) {
        let id = draft.pointee.id
        let seconds = draft.pointee.seconds
        var parent: String? = nil
        let thread: String
        var answered: String? = nil
        // The author's slot in `threadedLatestByUser` (-1: `threadedLatest`).
        let author =
            draft.pointee.authorIndex >= 0 ? Int(draft.pointee.authorIndex) : userIndex[authorID].map { Int($0) } ?? -1
        let inChannel = conversation.kind == .slackPublic || conversation.kind == .slackPrivate
        if draft.pointee.threadID == nil, conversational, inChannel {
            answered = mentionedThread(draft.pointee.decoded.mentions, authorID: authorID, seconds: seconds)
        }
        if let threadID = answered ?? (draft.pointee.isReply ? draft.pointee.threadID : nil) {
            // A thread reply (broadcast or not): answers the thread's latest message by someone else. So does
            // an unthreaded message that @-mentions someone whose latest message is in a thread (below).
            thread = threadID
            if conversational { setThreadedLatest(author, authorID, (threadID, seconds)) }
            // One hash lookup: the tracker is read and updated in place.
            func step(_ tracker: inout ReplyTracker) -> String? {
                let candidate = tracker.candidate(for: authorID)?.0
                if conversational { tracker.add(id: id, author: authorID, time: seconds) }
                return candidate
            }
            parent = step(&threads[threadID, default: ReplyTracker()]) ?? threadID
            if answered != nil { sessionLast = seconds }
        } else {
            if let threadID = draft.pointee.threadID {
                // A thread root starts its own thread: it gets no inferred parent and is none for the
                // unthreaded messages around it (a parent is always in the message's own thread).
                thread = threadID
                var tracker = ReplyTracker()
                if conversational {
                    tracker.add(id: id, author: authorID, time: seconds)
                    setThreadedLatest(author, authorID, (threadID, seconds))
                }
                threads[threadID] = tracker
            } else {
                // A session also starts at the first unthreaded message when only thread roots came
                // before it (they extend a session but never start one): its key was left empty.
                if sessionKey.isEmpty || SlackGap.weekdaySeconds(from: sessionLast, to: seconds) > state.replyWindow {
                    sessionKey = id
                }
                thread = sessionKey
                // A candidate within the reply window is always in the current session: a session
                // only starts after a longer gap.
                if conversational {
                    setThreadedLatest(author, authorID, nil)
                    if let (candidate, time) = timeline.candidate(for: authorID),
                        SlackGap.weekdaySeconds(from: time, to: seconds) <= state.replyWindow
                    {
                        parent = candidate
                    }
                    timeline.add(id: id, author: authorID, time: seconds)
                }
            }
            sessionLast = seconds
        }
        return (thread, parent)
    }

    /// The thread an unthreaded channel message answers because it @-mentions someone (other than its
    /// author) whose latest message here is in a thread, written within the reply window: "@Hal the limit
    /// is 100/min" posted in the channel answers Hal's question in a thread, and "@Hal which version?"
    /// asks on in the thread Hal opened. The first such mention wins. A mention of someone on the author's
    /// own side (both known to be in or both outside the workspace's team: "thanks @Ben") answers no one.
    private func mentionedThread(_ mentions: [String], authorID: String, seconds: Int64) -> String? {
        let side = state.users[authorID]?.participant.isExternal
        for m in mentions where m != authorID {
            if let side, let other = state.users[m]?.participant.isExternal, other == side { continue }
            let latest: (thread: String, time: Int64)?
            if let k = userIndex[m] { latest = threadedLatestByUser[Int(k)] } else { latest = threadedLatest[m] }
            if let latest,
                SlackGap.weekdaySeconds(from: latest.time, to: seconds) <= state.replyWindow
            {
                return latest.thread
            }
        }
        return nil
    }

    /// Sets the `threadedLatest` entry of an author (`slot`: their index in `threadedLatestByUser`, or -1).
    private mutating func setThreadedLatest(_ slot: Int, _ authorID: String, _ latest: (thread: String, time: Int64)?) {
        if slot >= 0 {
            threadedLatestByUser[slot] = latest
        } else {
            threadedLatest[authorID] = latest
        }
    }

    /// A user missing from `users.json`, from the message's `user_profile` (remembered for later).
    private mutating func discoverUser(_ id: String, doc: JSONDocument, profile: Int32?, team: String?) -> SlackUser {
        let user = Self.profileUser(
            id, doc: doc, profile: profile, team: team, workspaceTeam: state.workspaceTeam,
            teamClocks: state.teamClocks)
        let name = user.participant.displayName
        if profile != nil {
            state.users[id] = user
            state.decoder.userNames[id] = name
            // A member of this DM known only now (a Slack Connect partner missing from `users.json`):
            // recipients and subject take their name and team from here on.
            if conversation.kind == .slackDM || conversation.kind == .slackGroupDM, conversation.members.contains(id) {
                (subject, memberParticipants) = SlackConversationContext.subjectAndMembers(
                    conversation, users: state.users)
                dmRecipients.removeAll()
                recentRecipients = (nil, nil)
            }
        }
        return user
    }

    /// The user a `user_profile` describes (``discoverUser(_:doc:profile:team:)``, and the read-ahead of
    /// ``SlackProfileLookahead``, which must describe them exactly alike): name, team (the profile's,
    /// else the message's), external against the workspace's team, guests external without an
    /// organization, the team's usual clock.
    static func profileUser(
        _ id: String, doc: JSONDocument, profile: Int32?, team: String?, workspaceTeam: String?,
        teamClocks: [String: TeamClock]
    ) -> SlackUser {
        let profileTeam = profile.flatMap { doc.nonEmptyString(doc.member($0, "team")) } ?? team
        let name = SlackExportState.displayName(
            realName: profile.flatMap { doc.nonEmptyString(doc.member($0, "real_name")) },
            displayName: profile.flatMap { doc.nonEmptyString(doc.member($0, "display_name")) },
            name: profile.flatMap { doc.nonEmptyString(doc.member($0, "name")) }, id: id)
        var p = Participant(id: id, displayName: name, organization: profileTeam)
        if let ws = workspaceTeam, let t = profileTeam { p.isExternal = t != ws }
        // A guest (`is_restricted` / `is_ultra_restricted`), as in `users.json`: an outsider in our own
        // workspace, often the customer; the team id would make it one of us, so no organization.
        if let profile,
            doc.bool(doc.member(profile, "is_restricted")) || doc.bool(doc.member(profile, "is_ultra_restricted"))
        {
            p.isExternal = true
            p.organization = nil
        }
        // No zone in a `user_profile`: the team's usual clock, else UTC.
        let clock = profileTeam.flatMap { teamClocks[$0] }
        return SlackUser(
            participant: p, isBot: false, team: profileTeam, tzOffset: clock?.offset ?? 0, zone: clock?.zone)
    }
}

/// Known users by the raw bytes of their id (unescaped, 1–16 bytes): a direct-mapped cache in front
/// of the users dictionary. Entries never go stale: a user once known is never replaced.
typealias SlackUserCache = SlackIDCache<SlackUser>

/// Values by the raw bytes of a user id (unescaped, 1–16 bytes): a direct-mapped cache.
struct SlackIDCache<Value> {
    private static var size: Int { 64 }
    /// Per slot: the id's bytes as two words and its length (0: empty), and the value.
    private var keys = [(UInt64, UInt64, Int)](repeating: (0, 0, 0), count: size)
    private var values = [Value?](repeating: nil, count: size)

    /// The id's bytes as two words, its length and a slot, or `nil` when it does not qualify.
    private static func key(_ doc: JSONDocument, _ node: Int32) -> (UInt64, UInt64, Int, Int)? {
        let n = doc.node(node)
        let length = Int(n.end - n.start)
        guard n.kind == .string, !n.flag, length > 0, length <= 16 else { return nil }
        var words: (UInt64, UInt64) = (0, 0)
        doc.bytes.withUnsafeBufferPointer { buf in
            let p = UnsafeRawPointer(buf.baseAddress! + Int(n.start))
            if Int(n.start) + 16 <= buf.count {
                // Two unaligned loads, masked to the id's bytes (little-endian: the first byte is lowest).
                let lo = p.loadUnaligned(as: UInt64.self)
                let hi = p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                words.0 = length >= 8 ? lo : lo & ((1 << (8 * UInt64(length))) - 1)
                words.1 = length >= 16 ? hi : (length <= 8 ? 0 : hi & ((1 << (8 * UInt64(length - 8))) - 1))
            } else {
                withUnsafeMutableBytes(of: &words) { w in w.baseAddress!.copyMemory(from: p, byteCount: length) }
            }
        }
        let mixed = (words.0 ^ (words.1 &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(length)) &* 0x9E37_79B9_7F4A_7C15
        return (words.0, words.1, length, Int(mixed >> 58))
    }

    func user(_ doc: JSONDocument, _ node: Int32) -> Value? {
        guard let (lo, hi, length, slot) = Self.key(doc, node) else { return nil }
        let k = keys[slot]
        guard k.0 == lo && k.1 == hi && k.2 == length else { return nil }
        return values[slot]
    }

    mutating func remember(_ doc: JSONDocument, _ node: Int32, _ value: Value) {
        guard let (lo, hi, length, slot) = Self.key(doc, node) else { return }
        keys[slot] = (lo, hi, length)
        values[slot] = value
    }
}
