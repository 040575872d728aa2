import Foundation
public import RapportCore
import RapportText

/// Reads a Slack workspace export, unzipped folder or `.zip`, into ``Message``s.
///
/// Layout: `users.json`, `channels.json` (public), `groups.json` (private), `dms.json`, `mpims.json`
/// (group DMs), `integration_logs.json`, and one folder per conversation of `YYYY-MM-DD.json` arrays.
/// Any metadata file may be missing (old or partial exports): folders nobody lists are still read,
/// their kind guessed from the name (`mpdm-…` group DM, `D…` DM, else public).
///
/// Order is deterministic: conversations sorted by name (id for DMs), days sorted, messages by `ts`.
/// Memory is bounded by the largest day file plus per-conversation thread bookkeeping.
/// Rules (threads, replies, subtypes, identities, limits) are documented in `docs/slack.md`.
public struct SlackExportReader: SourceReader {
    /// Default window within which an unthreaded message answers the other person's last message,
    /// and past which a new conversation session (thread key) starts: 24 hours.
    public static let defaultReplyWindow: Int64 = 24 * 3600

    /// Seconds; see ``defaultReplyWindow``.
    public var replyWindow: Int64
    /// Ids (`<channel>/<ts>`, hashed) shared by the inputs of one run, so that an export given twice (the
    /// folder and its `.zip`, two copies, two overlapping exports of one workspace) is emitted once and
    /// the later copies are skipped as `duplicate`, as ``MailReader/seenAcrossInputs`` does for mail.
    /// `nil`: duplicates are removed within each input only.
    public var seenAcrossInputs: SeenMessageIDs?

    public init(replyWindow: Int64 = SlackExportReader.defaultReplyWindow) {
        self.replyWindow = replyWindow
    }

    public func canRead(path: String, isDirectory: Bool, head: [UInt8]) -> Bool {
        if isDirectory { return Ingestor.detectDirectory(path) == .slack }
        return head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06])
    }

    public func read(
        path: String, options: IngestOptions, summary: inout IngestSummary, evidence: inout UsEvidence,
        emit: (Message) throws(RapportError) -> Void
    ) throws(RapportError) {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw RapportError(.missingInput, "no such file or directory", file: path)
        }
        // The emoji table is loaded on another thread while the export is listed (both are serial
        // start-up work); its error, if any, is thrown where it was before: after the listing's.
        let emojiLoad = SlackEmojiLoad(dataDirectory: options.dataDirectory)
        let source: SlackExportSource
        do {
            source = try SlackExportSource(path: path, isDirectory: isDir.boolValue, limits: options.limits)
        } catch {
            _ = emojiLoad.wait()
            throw error
        }
        let emoji = try emojiLoad.wait().get()
        var state = SlackExportState(source: source, options: options, replyWindow: replyWindow, emoji: emoji)
        state.seenAcrossInputs = seenAcrossInputs
        if case .conversation(let folder) = options.slackPart {
            // A conversation shard: the export's metadata is context only (counted by the metadata shard).
            var scratch = IngestSummary()
            var ignored = UsEvidence()
            try state.loadMetadata(summary: &scratch, evidence: &ignored)
            state.conversations.removeAll { $0.folder != folder }
            try state.readConversations(summary: &summary, emit: emit)
            return
        }
        for (name, why) in source.refused {
            summary.read += 1
            summary.skip("zip-unsafe-entry", problem: "\(source.path): zip entry '\(name)' refused: \(why)")
        }
        try state.loadMetadata(summary: &summary, evidence: &evidence)
        if state.users.isEmpty && state.conversations.isEmpty {
            throw RapportError(
                .unknownFormat, "no Slack export inside (no users.json, no conversation folders)", file: path,
                remedy: "give the export's .zip or folder as Slack produced it, or --input-format for another format")
        }
        // All "us" evidence comes from users.json: a first, evidence-only pass can stop here.
        if options.evidenceOnly { return }
        if options.slackPart == .metadata { return }
        try state.readConversations(summary: &summary, emit: emit)
    }
}

/// ``SlackEmoji/load(dataDirectory:)`` on a thread of its own; ``wait()`` for the result.
final class SlackEmojiLoad: @unchecked Sendable {
    /// Guards `result` (a pthread mutex and condition, which the thread sanitizer sees).
    private let condition = NSCondition()
    private var result: Result<SlackEmoji, RapportError>?

    init(dataDirectory: String?) {
        let thread = Thread { [self] in
            let loaded: Result<SlackEmoji, RapportError>
            do throws(RapportError) {
                loaded = .success(try SlackEmoji.load(dataDirectory: dataDirectory))
            } catch {
                loaded = .failure(error)
            }
            condition.lock()
            result = loaded
            condition.signal()
            condition.unlock()
        }
        thread.start()
    }

    /// The table or the load's error.
    func wait() -> Result<SlackEmoji, RapportError> {
        condition.lock()
        defer { condition.unlock() }
        while result == nil { condition.wait() }
        return result!
    }
}

/// A user known from `users.json` or a message's `user_profile`.
struct SlackUser {
    var participant: Participant
    var isBot: Bool
    var team: String?
    /// `tz_offset`: the offset of the user's zone when the export was made.
    var tzOffset: Int32
    /// The user's zone (`tz`), when `users.json` names one that is known.
    var zone: SlackZoneOffsets? = nil

    /// The user's UTC offset at `seconds`: their zone's (daylight saving time applied), else
    /// `tz_offset` (which is only right for the part of the year the export was made in).
    @inline(__always) func offset(at seconds: Int64) -> Int32 {
        zone?.offset(at: seconds) ?? tzOffset
    }
}

/// The clock more of one team's users share than any other (`tz`, else `tz_offset`), lent to its users
/// who have none.
struct TeamClock {
    /// A clock as `users.json` gives it: a zone name (when there is one) and the offset.
    struct Key: Hashable {
        var zone: String?
        var offset: Int32
    }
    var offset: Int32
    var zone: SlackZoneOffsets?
}

/// The UTC offsets of one time zone over the years Slack exports cover (2009–2045), as a table of
/// transitions built once from the zone database; looking up a message's offset is a binary search.
final class SlackZoneOffsets: Sendable {
    /// Start (Unix seconds) of each period and its offset, ascending; the first starts at `Int64.min`.
    private let starts: [Int64]
    private let offsets: [Int32]

    init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        var starts: [Int64] = [.min]
        var offsets: [Int32] = []
        var date = Date(timeIntervalSince1970: 1_230_768_000)  // 2009-01-01
        let end = Date(timeIntervalSince1970: 2_366_841_600)  // 2045-01-01
        offsets.append(Int32(zone.secondsFromGMT(for: date)))
        while let next = zone.nextDaylightSavingTimeTransition(after: date), next < end, next > date {
            let offset = Int32(zone.secondsFromGMT(for: next))
            if offset != offsets[offsets.count - 1] {
                starts.append(Int64(next.timeIntervalSince1970.rounded()))
                offsets.append(offset)
            }
            date = next
        }
        self.starts = starts
        self.offsets = offsets
    }

    func offset(at seconds: Int64) -> Int32 {
        var lo = 0
        var hi = starts.count
        // The last period starting at or before `seconds`.
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if starts[mid] <= seconds { lo = mid } else { hi = mid }
        }
        return offsets[lo]
    }
}

/// One conversation (channel, private channel, DM, group DM) and its folder.
struct SlackConversation {
    var id: String
    var name: String
    var folder: String
    var kind: ChannelKind
    var members: [String]
    /// Further folders of the same conversation (its id listed again by another workspace of an
    /// Enterprise Grid export, with a folder of its own): read with `folder`, day by day, each message once.
    var extraFolders: [String] = []

    var sortKey: String { name.isEmpty ? id : name }

    /// The conversation's files in reading order: by day file name (the date) across its folders, the
    /// main folder first on a tie.
    func files(_ byFolder: [String: [String]]) -> [String] {
        guard !extraFolders.isEmpty else { return byFolder[folder] ?? [] }
        var all: [(String, Int, String)] = []
        for (k, f) in ([folder] + extraFolders).enumerated() {
            for file in byFolder[f] ?? [] {
                all.append((String(file.utf8.dropFirst(f.utf8.count + 1))!, k, file))
            }
        }
        all.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        return all.map(\.2)
    }
}

/// The reader's working state for one export.
struct SlackExportState {
    let source: SlackExportSource
    let options: IngestOptions
    let replyWindow: Int64
    /// ``SlackExportReader/seenAcrossInputs``.
    var seenAcrossInputs: SeenMessageIDs?
    var users: [String: SlackUser] = [:]
    /// User ids `users.json` does not list that apps posted under (their `bot_profile`): bots, also in huddles.
    var botUsers: Set<String> = []
    var workspaceTeam: String?
    /// Display names of the bot users of `users.json` by their `profile.bot_id`: a bot post without
    /// `username` or `bot_profile` is named by its bot user, not by the bare `B…` id.
    var botNames: [String: String] = [:]
    /// Per team: the clock most of its users with a zone share, for its users without one.
    var teamClocks: [String: TeamClock] = [:]
    var conversations: [SlackConversation] = []
    var decoder: MrkdwnDecoder
    /// Users missing from `users.json` read ahead from their first `user_profile`, for reactors and huddle
    /// participants met before it (set while the conversations are read).
    var lookahead: SlackProfileLookahead?

    init(source: SlackExportSource, options: IngestOptions, replyWindow: Int64, emoji: SlackEmoji) {
        self.source = source
        self.options = options
        self.replyWindow = replyWindow
        self.decoder = MrkdwnDecoder(userNames: [:], channelNames: [:], emoji: emoji)
    }

    // MARK: Metadata

    /// Parses a metadata file; a missing file is `nil`, a malformed one is reported and `nil`.
    private func metadata(_ name: String, summary: inout IngestSummary) throws(RapportError) -> JSONDocument? {
        guard source.contains(name) else { return nil }
        let bytes = try source.read(name)
        summary.files += 1
        summary.bytes += Int64(bytes.count)
        switch JSONDocument.parse(bytes, maxDepth: options.limits.maxJSONDepth) {
        case .success(let doc):
            guard doc.tape.count > 0, doc.tape[0].kind == .array else {
                summary.note("\(source.locator(name)): not a JSON array; ignored")
                return nil
            }
            return doc
        case .failure(let f):
            summary.note("\(source.locator(name)) at byte \(f.offset) (\(f.path)): \(f.message); file ignored")
            return nil
        }
    }

    mutating func loadMetadata(summary: inout IngestSummary, evidence: inout UsEvidence) throws(RapportError) {
        // Users: `users.json`, and in an Enterprise Grid export the organization's `org_users.json` at
        // the root and each workspace's `users.json` under `teams/<workspace>/` (a user listed twice
        // keeps the first entry).
        var userDocs: [JSONDocument] = []
        for root in source.roots {
            for file in ["users.json", "org_users.json"] {
                if let doc = try metadata(root + file, summary: &summary) { userDocs.append(doc) }
            }
        }
        if !userDocs.isEmpty { loadUsers(userDocs, evidence: &evidence) }
        var claimed: Set<String> = []
        // Conversations by id: a shared channel of an Enterprise Grid export may be listed by the
        // organization and by each workspace it is shared with (or twice in one list).
        var byID: [String: Int] = [:]
        // `file_conversations.json` (2024 and later): the comment threads of canvases, each a folder
        // `FC:<file id>:<canvas title>` of day files; read as channels (whoever opens the canvas reads them).
        let kinds: [(String, ChannelKind)] = [
            ("channels.json", .slackPublic), ("groups.json", .slackPrivate), ("dms.json", .slackDM),
            ("mpims.json", .slackGroupDM), ("file_conversations.json", .slackPublic),
        ]
        var channelNames: [String: String] = [:]
        for root in source.roots {
            for (file, kind) in kinds {
                guard let doc = try metadata(root + file, summary: &summary) else { continue }
                for e in doc.elements(0) {
                    guard let id = doc.nonEmptyString(doc.member(e, "id")) else { continue }
                    let name = doc.nonEmptyString(doc.member(e, "name")) ?? ""
                    var members: [String] = []
                    if let m = doc.member(e, "members") {
                        for u in doc.elements(m) { if let s = doc.string(u) { members.append(s) } }
                    }
                    // Folders are named after the channel (DMs: their id); fall back to whichever exists.
                    // A canvas's folder `FC:<file>:<title>` unzipped on Windows, where `:` cannot be in a
                    // name, is `FC_<file>_<title>`.
                    let unzipped = name.utf8.contains(0x3A) ? name.replacingOccurrences(of: ":", with: "_") : name
                    let folder =
                        root
                        + (!name.isEmpty && hasFolder(root + name)
                            ? name
                            : (unzipped != name && hasFolder(root + unzipped)
                                ? unzipped : (hasFolder(root + id) ? id : (name.isEmpty ? id : name))))
                    guard !claimed.contains(folder) else {
                        // Two conversations named alike (say each workspace of a Grid export has its own
                        // `general`) and one folder: its messages are read once, under the first one's id.
                        if byID[id] == nil, hasFolder(folder),
                            let first = conversations.first(where: {
                                $0.folder == folder || $0.extraFolders.contains(folder)
                            })
                        {
                            summary.note(
                                "\(source.locator(root + file)): \(id) has the folder '\(folder)' of \(first.id) too; "
                                    + "its messages are read as \(first.id)'s")
                        }
                        continue
                    }
                    if let k = byID[id] {
                        // Listed again: one conversation; another folder of it is read with it.
                        if hasFolder(folder) {
                            claimed.insert(folder)
                            conversations[k].extraFolders.append(folder)
                        }
                        continue
                    }
                    claimed.insert(folder)
                    byID[id] = conversations.count
                    if !name.isEmpty { channelNames[id] = name }
                    conversations.append(
                        SlackConversation(id: id, name: name, folder: folder, kind: kind, members: members))
                }
            }
        }
        // Folders no metadata file lists (old or partial exports).
        var folders: Set<String> = []
        for f in source.files {
            guard let folder = Self.conversationFolder(f, roots: source.roots) else { continue }
            folders.insert(folder)
        }
        for folder in folders.sorted() where !claimed.contains(folder) {
            let base = folder.utf8.lastIndex(of: 0x2F).map { String(folder[folder.index(after: $0)...]) } ?? folder
            let kind: ChannelKind
            if base.hasPrefix("mpdm-") {
                kind = .slackGroupDM
            } else if base.count > 1, base.hasPrefix("D"),
                base.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) })
            {
                kind = .slackDM
            } else {
                kind = .slackPublic
            }
            let isDM = kind == .slackDM
            conversations.append(
                SlackConversation(id: base, name: isDM ? "" : base, folder: folder, kind: kind, members: []))
        }
        // slackdump conversation files (`slackdump dump`) at the top of the folder, or given alone.
        loadDumps(channelNames: &channelNames)
        conversations.sort { ($0.sortKey, $0.id, $0.folder) < ($1.sortKey, $1.id, $1.folder) }
        decoder.channelNames = channelNames
        var names: [String: String] = [:]
        for (id, u) in users { names[id] = u.participant.displayName }
        decoder.userNames = names
    }

    /// The conversation folder of an export file (`general` for `general/2020-01-02.json`,
    /// `teams/Acme/general` in a Grid workspace), or `nil` for a metadata file. A file directly in a
    /// Grid `teams/<workspace>/` folder is that workspace's metadata.
    static func conversationFolder(_ file: String, roots: [String]) -> String? {
        guard let slash = file.utf8.lastIndex(of: 0x2F) else { return nil }
        let folder = String(file[..<slash])
        if roots.count > 1, roots.contains(folder + "/") { return nil }
        return folder
    }

    private func hasFolder(_ name: String) -> Bool {
        let prefix = name + "/"
        // `files` is sorted: binary search for the first path ≥ prefix.
        var lo = 0
        var hi = source.files.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if source.files[mid] < prefix { lo = mid + 1 } else { hi = mid }
        }
        return lo < source.files.count && source.files[lo].hasPrefix(prefix)
    }

    private mutating func loadUsers(_ docs: [JSONDocument], evidence: inout UsEvidence) {
        var raw: [(id: String, team: String?, isGuest: Bool, hasClock: Bool, user: SlackUser)] = []
        var seen: Set<String> = []
        // Zone tables by identifier (`nil`: not a known zone), built once each.
        var zones: [String: SlackZoneOffsets?] = [:]
        var clockVotes: [String: [TeamClock.Key: Int]] = [:]
        for doc in docs {
            for e in doc.elements(0) {
                guard let id = doc.nonEmptyString(doc.member(e, "id")), seen.insert(id).inserted else { continue }
                let profile = doc.member(e, "profile")
                // Enterprise Grid: the organization is the team (its workspaces are colleagues, not
                // Slack Connect partners).
                let enterprise = doc.member(e, "enterprise_user").flatMap {
                    doc.nonEmptyString(doc.member($0, "enterprise_id"))
                }
                let team =
                    enterprise ?? doc.nonEmptyString(doc.member(e, "team_id"))
                    ?? doc.nonEmptyString(doc.member(e, "team"))
                    ?? profile.flatMap { doc.nonEmptyString(doc.member($0, "team")) }
                let name = Self.displayName(
                    realName: doc.nonEmptyString(doc.member(e, "real_name"))
                        ?? profile.flatMap { doc.nonEmptyString(doc.member($0, "real_name")) },
                    displayName: profile.flatMap { doc.nonEmptyString(doc.member($0, "display_name")) },
                    name: doc.nonEmptyString(doc.member(e, "name")), id: id)
                let email = profile.flatMap { doc.nonEmptyString(doc.member($0, "email")) }?.lowercased()
                let isBot =
                    doc.bool(doc.member(e, "is_bot")) || doc.bool(doc.member(e, "is_app_user")) || id == "USLACKBOT"
                // Multi- and single-channel guests: outsiders invited into our own workspace, often the
                // customer (the way shared customer channels were run before Slack Connect).
                let isGuest =
                    doc.bool(doc.member(e, "is_restricted")) || doc.bool(doc.member(e, "is_ultra_restricted"))
                let tzOffset = doc.int(doc.member(e, "tz_offset"))
                let tz = Int32(clamping: tzOffset ?? 0)
                let identifier = doc.nonEmptyString(doc.member(e, "tz"))
                var zone: SlackZoneOffsets?
                if let identifier {
                    if let known = zones[identifier] {
                        zone = known
                    } else {
                        zone = SlackZoneOffsets(identifier: identifier)
                        zones[identifier] = zone
                    }
                }
                if isBot, let botID = profile.flatMap({ doc.nonEmptyString(doc.member($0, "bot_id")) }),
                    botNames[botID] == nil
                {
                    botNames[botID] = name
                }
                var p = Participant(id: id, email: email, displayName: name)
                p.organization = p.emailDomain ?? team
                let hasClock = identifier != nil || tzOffset != nil
                raw.append(
                    (
                        id, team, isGuest, hasClock,
                        SlackUser(participant: p, isBot: isBot, team: team, tzOffset: tz, zone: zone)
                    ))
                if hasClock, !isBot, let team {
                    clockVotes[team, default: [:]][TeamClock.Key(zone: identifier, offset: tz), default: 0] += 1
                }
            }
        }
        for (team, votes) in clockVotes {
            // The most common clock, when one is more common than every other (a tie is no guess).
            let ranked = votes.sorted { $0.value > $1.value }
            guard ranked.count == 1 || ranked[0].value > ranked[1].value else { continue }
            let best = ranked[0].key
            teamClocks[team] = TeamClock(offset: best.offset, zone: best.zone.flatMap { zones[$0] ?? nil })
        }
        // The workspace's own team: the one most (human, member) users belong to.
        var teamCounts: [String: Int] = [:]
        for r in raw where !r.user.isBot && !r.isGuest {
            if let t = r.team { teamCounts[t, default: 0] += 1 }
        }
        workspaceTeam = teamCounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.first?.key
        for r in raw {
            var u = r.user
            if !r.hasClock, let t = r.team, let clock = teamClocks[t] {
                // Slack Connect partners often come without `tz`/`tz_offset`: their team's usual clock
                // is a better guess for their working hours than UTC.
                u.tzOffset = clock.offset
                u.zone = clock.zone
            }
            if let ws = workspaceTeam, let t = r.team { u.participant.isExternal = t != ws }
            if r.isGuest {
                // A guest is external whatever its team; without an email its organization is unknown
                // (the team id would make it one of us).
                u.participant.isExternal = true
                if u.participant.email == nil { u.participant.organization = nil }
            }
            users[r.id] = u
            if !u.isBot, !r.isGuest {
                if let t = r.team {
                    evidence.slackTeams[t, default: 0] += 1
                    if let d = u.participant.emailDomain {
                        evidence.slackTeamEmailDomains[t, default: [:]][d, default: 0] += 1
                    }
                    // The member's own address: ours if this team is, whatever its domain (free mail).
                    if let email = u.participant.email {
                        evidence.slackTeamMemberEmails = evidence.slackTeamMemberEmails ?? [:]
                        evidence.slackTeamMemberEmails![t, default: [:]][email, default: 0] += 1
                    }
                } else if let d = u.participant.emailDomain {
                    // An old export without team fields: its members' domains, under the empty team id.
                    evidence.slackTeamEmailDomains["", default: [:]][d, default: 0] += 1
                }
            }
        }
    }

    /// Display name: the real name, else the profile's display name, else the user name, else the id.
    static func displayName(realName: String?, displayName: String?, name: String?, id: String) -> String {
        realName ?? displayName ?? name ?? id
    }

    // MARK: Conversations

    mutating func readConversations(
        summary: inout IngestSummary, emit: (Message) throws(RapportError) -> Void
    ) throws(RapportError) {
        // Files grouped by folder once (sorted, as `files` is).
        var byFolder: [String: [String]] = [:]
        for f in source.files {
            guard let folder = Self.conversationFolder(f, roots: source.roots) else { continue }
            byFolder[folder, default: []].append(f)
        }
        // The day files in reading order; a worker thread reads, parses and decodes them (stage A)
        // while this thread keeps the order-dependent state and emits (stage B).
        var jobs: [(file: String, conversation: Int)] = []
        var contexts: [SlackConversationContext] = []
        for conversation in conversations {
            for day in conversation.files(byFolder) where Self.isDayFile(path: day) || source.isDump(day) {
                jobs.append((day, contexts.count))
            }
            contexts.append(SlackConversationContext(conversation, users: users))
        }
        let preparer = SlackDayPreparer(
            extractor: SlackTextExtractor(decoder: decoder), maxDepth: options.limits.maxJSONDepth, users: users,
            workspaceTeam: workspaceTeam, botNames: botNames, stage: options.workerStage)
        let pipeline = SlackDayPipeline(source: source, preparer: preparer, jobs: jobs, conversations: contexts)
        pipeline.start()
        defer { pipeline.cancel() }
        let lookahead = SlackProfileLookahead(
            source: source, limits: options.limits, jobs: jobs.map(\.file), listed: users,
            workspaceTeam: workspaceTeam, teamClocks: teamClocks)
        self.lookahead = lookahead
        var job = 0
        for conversation in conversations {
            let days = conversation.files(byFolder)
            var reader = SlackConversationReader(
                state: self, conversation: conversation, userIndex: preparer.userIndex)
            for day in days {
                guard Self.isDayFile(path: day) || source.isDump(day) else {
                    summary.note("\(source.locator(day)): not a YYYY-MM-DD.json day file; ignored")
                    continue
                }
                let prepared = pipeline.next()
                lookahead.position = job
                job += 1
                if let error = prepared.error {
                    if source.isZip && error.code == .limitExceeded { throw error }
                    summary.read += 1
                    summary.skip("unreadable-day-file", problem: error.description)
                    continue
                }
                try reader.consume(prepared, summary: &summary, emit: emit)
                // Freed by a worker (its messages and document), not on this thread.
                pipeline.recycle(consume prepared)
            }
            // Users discovered from `user_profile` carry over to later conversations.
            users = reader.state.users
            botUsers = reader.state.botUsers
            decoder = reader.state.decoder
        }
    }

    static func isDayFile(_ name: String) -> Bool { isDayFile(utf8: name.utf8[...]) }

    /// Whether the last component of a file's path (after its conversation folder) is a day file.
    static func isDayFile(path: String) -> Bool {
        let b = path.utf8
        guard let slash = b.lastIndex(of: 0x2F) else { return isDayFile(utf8: b[...]) }
        return isDayFile(utf8: b[b.index(after: slash)...])
    }

    /// `YYYY-MM-DD.json`, over UTF-8 bytes (no `Character` work per file).
    static func isDayFile(utf8 b: Substring.UTF8View) -> Bool {
        guard b.count == 15 else { return false }
        for (k, c) in b.enumerated() {
            switch k {
            case 4, 7: if c != 0x2D { return false }
            case 10: if c != 0x2E { return false }
            case 11: if c != 0x6A { return false }
            case 12: if c != 0x73 { return false }
            case 13: if c != 0x6F { return false }
            case 14: if c != 0x6E { return false }
            default: if c < 0x30 || c > 0x39 { return false }
            }
        }
        return true
    }
}

/// Runs stage A (read + parse + decode of day files) on worker threads (two for a folder, one for a
/// zip, whose archive is not thread-safe), at most sixteen files ahead of the consumer, and hands the
/// results over in job order (so output stays deterministic and memory bounded by a few day files).
/// Workers claim jobs by index and park results in slots; each side wakes the other only when it
/// waits for exactly what was just produced or freed (few wake-ups). The consumer prepares jobs too
/// while the one it needs is not ready (folders only), instead of sleeping.
final class SlackDayPipeline: @unchecked Sendable {
    private let source: SlackExportSource
    private let preparer: SlackDayPreparer
    /// Day files and the index of their conversation.
    private let jobs: [(file: String, conversation: Int)]
    private let conversations: [SlackConversationContext]
    private let workers: Int
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// Signalled when the slot the consumer waits for is filled.
    private let filled = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Signalled when waiting workers may claim jobs again.
    private let freed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Prepared files by job index, `consumed ..< consumed + ahead`.
    private var slots: [PreparedDay?]
    private var nextJob = 0
    private var consumed = 0
    private var cancelled = false
    private var consumerWaiting = false
    private var workersWaiting = 0
    /// Days the consumer is done with, freed by the next worker to claim a job.
    private var recycled: [PreparedDay] = []
    /// Whether the consumer's thread prepares jobs while it waits (not for a zip).
    private let helps: Bool
    /// The consumer's known authors when it prepares jobs (used on its thread only).
    private var consumerCache = SlackIDCache<Int32>()
    private var consumerScratch = SlackScratch()
    private static let ahead = 16

    init(
        source: SlackExportSource, preparer: SlackDayPreparer, jobs: [(file: String, conversation: Int)],
        conversations: [SlackConversationContext]
    ) {
        self.source = source
        self.preparer = preparer
        self.jobs = jobs
        self.conversations = conversations
        workers = source.isZip ? 1 : min(2, max(1, ProcessInfo.processInfo.activeProcessorCount))
        helps = !source.isZip
        slots = Array(repeating: nil, count: Self.ahead)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(filled, nil)
        pthread_cond_init(freed, nil)
    }

    deinit {
        pthread_cond_destroy(freed)
        pthread_cond_destroy(filled)
        pthread_mutex_destroy(mutex)
        freed.deallocate()
        filled.deallocate()
        mutex.deallocate()
    }

    func start() {
        guard !jobs.isEmpty else { return }
        for _ in 0..<min(workers, jobs.count) {
            let thread = Thread { [self] in self.run() }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    private func run() {
        var garbage: [PreparedDay] = []
        garbage.reserveCapacity(Self.ahead)
        var cache = SlackIDCache<Int32>()
        var scratch = SlackScratch()
        while true {
            pthread_mutex_lock(mutex)
            if !recycled.isEmpty { swap(&garbage, &recycled) }
            if nextJob < jobs.count && nextJob >= consumed + Self.ahead && !cancelled {
                // Full: resume once half of the window was taken.
                workersWaiting += 1
                while nextJob < jobs.count && nextJob >= consumed + Self.ahead / 2 && !cancelled {
                    pthread_cond_wait(freed, mutex)
                }
                workersWaiting -= 1
            }
            if cancelled || nextJob >= jobs.count {
                pthread_mutex_unlock(mutex)
                return
            }
            let index = nextJob
            nextJob += 1
            pthread_mutex_unlock(mutex)
            garbage.removeAll(keepingCapacity: true)
            let day = prepare(index, cache: &cache, scratch: &scratch)
            pthread_mutex_lock(mutex)
            slots[index % Self.ahead] = day
            if consumerWaiting && index == consumed { pthread_cond_signal(filled) }
            pthread_mutex_unlock(mutex)
        }
    }

    /// Reads and prepares job `index` (on a worker, or on the consumer's thread when it helps).
    private func prepare(
        _ index: Int, cache: inout SlackIDCache<Int32>, scratch: inout SlackScratch
    ) -> PreparedDay {
        let job = jobs[index].file
        do {
            let bytes = try source.read(job)
            return preparer.prepare(
                bytes, locator: source.locator(job), conversation: conversations[jobs[index].conversation],
                cache: &cache, scratch: &scratch, dump: source.isDump(job))
        } catch {
            let day = PreparedDay(locator: source.locator(job))
            day.error = error
            return day
        }
    }

    /// The next prepared day file, in job order. While it is not ready the calling thread prepares the
    /// next unclaimed job of the window itself (a folder only: a zip's archive is read by one thread),
    /// and blocks only when every job of the window is claimed: it would otherwise sleep and be woken
    /// for most files (the workers are slower than the consumer).
    func next() -> PreparedDay {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        let slot = consumed % Self.ahead
        while slots[slot] == nil {
            if helps && !cancelled && nextJob < jobs.count && nextJob < consumed + Self.ahead {
                let index = nextJob
                nextJob += 1
                // Consumed days are freed here too (workers waiting for room would not free them).
                var garbage: [PreparedDay] = []
                swap(&garbage, &recycled)
                pthread_mutex_unlock(mutex)
                garbage.removeAll()
                let day = prepare(index, cache: &consumerCache, scratch: &consumerScratch)
                pthread_mutex_lock(mutex)
                slots[index % Self.ahead] = day
                continue
            }
            consumerWaiting = true
            pthread_cond_wait(filled, mutex)
            consumerWaiting = false
        }
        let day = slots[slot]!
        slots[slot] = nil
        consumed += 1
        if workersWaiting > 0 && nextJob < consumed + Self.ahead / 2 { pthread_cond_broadcast(freed) }
        return day
    }

    /// Hands a consumed day back, to be freed by a worker thread.
    func recycle(_ day: consuming PreparedDay) {
        pthread_mutex_lock(mutex)
        recycled.append(day)
        pthread_mutex_unlock(mutex)
    }

    /// Stops the workers early (the consumer stopped, e.g. on an error).
    func cancel() {
        pthread_mutex_lock(mutex)
        cancelled = true
        pthread_cond_broadcast(freed)
        pthread_mutex_unlock(mutex)
    }
}
