import Foundation
import RapportCore

/// Users missing from `users.json` as the first `user_profile` of theirs in the export describes them,
/// read ahead of the sequential stage, so that what a message says of the people who reacted to it (and
/// of the people in its huddle) does not depend on whether their first message comes before or after it.
///
/// The read-ahead is lazy: it runs once, the first time a reaction or huddle names someone neither
/// `users.json` nor an earlier `user_profile` describes, over the day files from the one being read to the
/// last (the earlier ones were read already: their users are known). A file without the bytes
/// `"user_profile"` is passed over after one byte scan (`memchr`); the others are parsed (the JSON tape
/// only, no text decoding) and the first profile of each user missing from `users.json` is kept, in reading order (day
/// files in order, messages by `ts`). Memory: one day file at a time plus the users found. A `.zip` is read
/// through a second handle of its own (the pipeline's worker reads the first).
final class SlackProfileLookahead {
    private let source: SlackExportSource
    private let limits: IngestLimits
    private let jobs: [String]
    /// Users of `users.json` (never described by a profile).
    private let listed: [String: SlackUser]
    private let workspaceTeam: String?
    private let teamClocks: [String: TeamClock]
    /// Index in `jobs` of the day file being read: the read-ahead starts there.
    var position = 0
    private var scanned = false
    private var found: [String: SlackUser] = [:]
    /// Day files the read-ahead parsed (`nil` before it ran): for tests and measurements.
    private(set) var parsedFiles: Int?

    init(
        source: SlackExportSource, limits: IngestLimits, jobs: [String], listed: [String: SlackUser],
        workspaceTeam: String?, teamClocks: [String: TeamClock]
    ) {
        self.source = source
        self.limits = limits
        self.jobs = jobs
        self.listed = listed
        self.workspaceTeam = workspaceTeam
        self.teamClocks = teamClocks
    }

    /// The user `id` as their first `user_profile` from the current day file on describes them.
    func user(_ id: String) -> SlackUser? {
        if !scanned { scan() }
        return found[id]
    }

    private static let needle = Array("\"user_profile\"".utf8)

    /// Whether the bytes hold `"user_profile"`: `memchr` for its `_` (rarer in JSON than a quote), then
    /// the bytes around it compared.
    static func mentionsProfile(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress, buf.count >= needle.count else { return false }
            let n = needle.count
            var k = 5  // the `_` of `"user_profile"`
            while k <= buf.count - (n - 5) {
                guard let hit = memchr(base + k, 0x5F, buf.count - (n - 5) - k + 1) else { return false }
                let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if memcmp(base + at - 5, needle, n) == 0 { return true }
                k = at + 1
            }
            return false
        }
    }

    private func scan() {
        scanned = true
        var parsed = 0
        // A zip's archive is not thread-safe and the pipeline's worker is reading it: a handle of our own.
        let reader: SlackExportSource
        if source.isZip {
            guard let own = try? SlackExportSource(path: source.path, isDirectory: false, limits: limits) else {
                parsedFiles = 0
                return
            }
            reader = own
        } else {
            reader = source
        }
        for job in jobs[min(position, jobs.count)...] {
            // A file the main pass cannot read is reported there.
            guard let bytes = try? reader.read(job) else { continue }
            guard Self.mentionsProfile(bytes) else { continue }
            parsed += 1
            scanFile(bytes, dump: reader.isDump(job))
        }
        parsedFiles = parsed
    }

    /// The first profile (by `ts`, then position) in one file of each user not known yet.
    private func scanFile(_ bytes: [UInt8], dump: Bool) {
        let doc: JSONDocument
        let elements: [Int32]
        var indices: [Int] = []
        if dump {
            (doc, elements, indices, _) = SlackDump.elements(bytes, maxDepth: limits.maxJSONDepth)
        } else {
            (doc, elements, _) = JSONDocument.parseArray(bytes, maxDepth: limits.maxJSONDepth, lazy: true)
        }
        var first: [String: (seconds: Int64, micros: Int32, index: Int, user: SlackUser)] = [:]
        for (position, e) in elements.enumerated() where doc.node(e).kind == .object {
            let f = SlackFields(doc, e)
            // As the sequential stage discovers users: a message of someone `users.json` does not list
            // (not Slackbot) with a `user_profile` and a valid `ts`.
            guard let profile = f.profile, let id = doc.nonEmptyString(f.user), id != SlackMessageParts.slackbot,
                listed[id] == nil, found[id] == nil,
                let tsNode = f.exactTs(doc, e),
                let (seconds, micros) = doc.withValueBytes(
                    tsNode, numbers: true, { SlackConversationReader.parseTs($0) }) ?? nil
            else { continue }
            let index = dump ? indices[position] : position
            if let earlier = first[id], (earlier.seconds, earlier.micros, earlier.index) <= (seconds, micros, index) {
                continue
            }
            let team = SlackMessageParts.messageTeam(doc, f, workspace: workspaceTeam)
            let user = SlackConversationReader.profileUser(
                id, doc: doc, profile: profile, team: team, workspaceTeam: workspaceTeam, teamClocks: teamClocks)
            first[id] = (seconds, micros, index, user)
        }
        for (id, entry) in first { found[id] = entry.user }
    }
}
