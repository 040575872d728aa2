import Foundation
import RapportCore

/// Users missing from `users.json` as the first `user_profile` of theirs in the export describes them,
/// read ahead of the sequential stage, so that what a message says of the people who reacted to it (and
/// of the people in its huddle) does not depend on whether their first message comes before or after it.
///
/// The read-ahead is lazy and targeted: the first time a reaction or huddle names someone neither
/// `users.json` nor an earlier `user_profile` describes, the day files from the one being read to the last
/// (the earlier ones were read already: their users are known) are read for **that id**. A file is parsed
/// (the JSON tape only, no text decoding) only when its bytes hold both `"user_profile"` and the id as a
/// JSON string (`"UX1"`: `memchr` and `memcmp`); any profile of the id is in such a file. The first profile of
/// the id in reading order (day files in order, messages by `ts` as the sequential stage orders them, a
/// later copy of a message with the same `ts` in a file skipped as the sequential stage skips it as
/// `duplicate`) is kept; an id found nowhere is remembered as such. After ``maxTargetedScans`` ids, one
/// scan of every remaining file with a profile keeps the first profile of every missing user (the
/// read-ahead's first form), and no file is read again. Memory: one day file at a time plus the users found.
/// A `.zip` is read through a second handle of its own (the pipeline's worker reads the first).
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
    /// Ids scanned for (found or not).
    private var searched: Set<String> = []
    /// Set once the scan of every remaining file for every missing user ran.
    private var complete = false
    private var found: [String: SlackUser] = [:]
    /// A second handle on a `.zip` (opened once; `nil` for a folder or when it cannot be opened).
    private var ownZip: SlackExportSource?
    /// Day files the read-ahead parsed, over all its scans (`nil` before it ran): for tests and measurements.
    private(set) var parsedFiles: Int?
    /// Scans run (each reads the remaining day files once).
    private(set) var scans = 0
    /// Ids scanned for one at a time before one scan for every missing user replaces them.
    static let maxTargetedScans = 4

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
        if let u = found[id] { return u }
        if complete || searched.contains(id) { return nil }
        if searched.count < Self.maxTargetedScans, let needle = Self.quoted(id) {
            searched.insert(id)
            scan(target: (id, needle))
        } else {
            complete = true
            scan(target: nil)
        }
        return found[id]
    }

    /// `"id"` as bytes, when the id needs no JSON escape (Slack ids are letters and digits); else `nil`.
    static func quoted(_ id: String) -> [UInt8]? {
        guard !id.isEmpty, id.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x22 && $0 != 0x5C && $0 != 0x2F && $0 < 0x80 })
        else { return nil }
        return [0x22] + Array(id.utf8) + [0x22]
    }

    /// Whether `bytes` hold `needle` (a quoted id, see ``quoted(_:)``), found by the id's first byte.
    static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        needle.count >= 2 && ByteSearch.occurs(needle, in: bytes, anchor: 1)
    }

    private static let needle = Array("\"user_profile\"".utf8)

    /// Whether the bytes hold `"user_profile"`, found by its `_` (rarer in JSON than a quote).
    static func mentionsProfile(_ bytes: [UInt8]) -> Bool {
        ByteSearch.occurs(needle, in: bytes, anchor: 5)
    }

    /// One pass over the day files from ``position`` on: for `target` only (files holding its quoted id),
    /// or for every missing user.
    private func scan(target: (id: String, needle: [UInt8])?) {
        scans += 1
        var parsed = parsedFiles ?? 0
        defer { parsedFiles = parsed }
        // A zip's archive is not thread-safe and the pipeline's worker is reading it: a handle of our own.
        let reader: SlackExportSource
        if source.isZip {
            if ownZip == nil {
                ownZip = try? SlackExportSource(path: source.path, isDirectory: false, limits: limits)
            }
            guard let own = ownZip else { return }
            reader = own
        } else {
            reader = source
        }
        for job in jobs[min(position, jobs.count)...] {
            // A file the main pass cannot read is reported there.
            guard let bytes = try? reader.read(job) else { continue }
            if let target, !Self.contains(bytes, target.needle) { continue }
            guard Self.mentionsProfile(bytes) else { continue }
            parsed += 1
            scanFile(bytes, dump: reader.isDump(job), only: target?.id)
            if let target, found[target.id] != nil { return }
        }
    }

    /// The first profile in one file (in the sequential stage's order: by `ts`, then position; a later copy
    /// of a message with the same `ts` is a skipped duplicate there, so it describes nobody here) of each
    /// user not known yet, or of `only`.
    private func scanFile(_ bytes: [UInt8], dump: Bool, only: String?) {
        let doc: JSONDocument
        let elements: [Int32]
        var indices: [Int] = []
        if dump {
            (doc, elements, indices, _) = SlackDump.elements(bytes, maxDepth: limits.maxJSONDepth)
        } else {
            (doc, elements, _) = JSONDocument.parseArray(bytes, maxDepth: limits.maxJSONDepth, lazy: true)
        }
        // Every message with a valid `ts` (as the sequential stage's drafts), in its order.
        var order: [(seconds: Int64, micros: Int32, index: Int, fields: SlackFields, ts: Int32)] = []
        order.reserveCapacity(elements.count)
        for (position, e) in elements.enumerated() where doc.node(e).kind == .object {
            let f = SlackFields(doc, e)
            guard let tsNode = f.exactTs(doc, e),
                let (seconds, micros) = doc.withValueBytes(
                    tsNode, numbers: true, { SlackConversationReader.parseTs($0) }) ?? nil
            else { continue }
            order.append((seconds, micros, dump ? indices[position] : position, f, tsNode))
        }
        order.sort { ($0.seconds, $0.micros, $0.index) < ($1.seconds, $1.micros, $1.index) }
        var previous: (seconds: Int64, micros: Int32, ts: Int32)?
        for entry in order {
            defer { previous = (entry.seconds, entry.micros, entry.ts) }
            // A copy of the previous message (same time and the same `ts` bytes): skipped as `duplicate`.
            if let p = previous, p.seconds == entry.seconds, p.micros == entry.micros,
                doc.withValueBytes(
                    p.ts, numbers: true,
                    { a in
                        doc.withValueBytes(entry.ts, numbers: true, { b in a.elementsEqual(b) }) ?? false
                    }) == true
            {
                continue
            }
            let f = entry.fields
            // As the sequential stage discovers users: a message of someone `users.json` does not list
            // (not Slackbot) with a `user_profile`.
            guard let profile = f.profile, let id = doc.nonEmptyString(f.user), id != SlackMessageParts.slackbot,
                listed[id] == nil, found[id] == nil, only == nil || only == id
            else { continue }
            let team = SlackMessageParts.messageTeam(doc, f, workspace: workspaceTeam)
            found[id] = SlackConversationReader.profileUser(
                id, doc: doc, profile: profile, team: team, workspaceTeam: workspaceTeam, teamClocks: teamClocks)
        }
    }
}
