import Foundation
import RapportCore
import RapportText

/// Node indices of the message fields the reader uses (found in one pass over the object's members).
struct SlackFields {
    var subtype: Int32?
    var user: Int32?
    var botID: Int32?
    var username: Int32?
    var text: Int32?
    var threadTs: Int32?
    var edited: Int32?
    var reactions: Int32?
    var files: Int32?
    var file: Int32?
    var blocks: Int32?
    var attachments: Int32?
    var profile: Int32?
    var team: Int32?
    var userTeam: Int32?
    var hidden: Int32?
    var botProfile: Int32?
    var replyCount: Int32?
    /// `comment` of a pre-2018 `file_comment` message (its author is `comment.user`).
    var comment: Int32?
    /// `room` of a huddle (`huddle_thread`): participants and times (``SlackHuddle``).
    var room: Int32?
    /// The first `ts` member (as ``JSONDocument/member(_:_:)`` finds it; see ``exactTs(_:_:)``).
    var ts: Int32?
    /// Some key holds a backslash escape (then `ts` is looked up again the slow way).
    var escapedKey = false

    init(_ doc: JSONDocument, _ object: Int32) {
        var f = SlackFields.empty
        // Keys are compared as raw bytes once their length matched (as ``JSONDocument/keyEquals(_:_:)``).
        doc.bytes.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress else { return }
            doc.forEachMember(object) { k, v in
                let n = doc.node(k)
                if n.flag { f.escapedKey = true }
                let p = base + Int(n.start)
                func eq(_ key: StaticString) -> Bool {
                    memcmp(p, key.utf8Start, key.utf8CodeUnitCount) == 0
                }
                switch n.end - n.start {
                case 2:
                    if f.ts == nil && eq("ts") { f.ts = v }
                case 4:
                    if eq("user") {
                        f.user = v
                    } else if eq("text") {
                        f.text = v
                    } else if eq("team") {
                        f.team = v
                    } else if eq("file") {
                        f.file = v
                    } else if eq("room") {
                        f.room = v
                    }
                case 5:
                    if eq("files") { f.files = v }
                case 6:
                    if eq("bot_id") {
                        f.botID = v
                    } else if eq("edited") {
                        f.edited = v
                    } else if eq("blocks") {
                        f.blocks = v
                    } else if eq("hidden") {
                        f.hidden = v
                    }
                case 7:
                    if eq("subtype") {
                        f.subtype = v
                    } else if eq("comment") {
                        f.comment = v
                    }
                case 8:
                    if eq("username") { f.username = v }
                case 9:
                    if eq("thread_ts") {
                        f.threadTs = v
                    } else if eq("reactions") {
                        f.reactions = v
                    } else if eq("user_team") {
                        f.userTeam = v
                    }
                case 11:
                    if eq("attachments") {
                        f.attachments = v
                    } else if eq("bot_profile") {
                        f.botProfile = v
                    } else if eq("reply_count") {
                        f.replyCount = v
                    }
                case 12:
                    if eq("user_profile") { f.profile = v }
                default: break
                }
            }
        }
        // A `file_comment` message (exports before 2018) has no `user`: its author is the comment's.
        if f.user == nil, let c = f.comment, doc.node(c).kind == .object { f.user = doc.member(c, "user") }
        // An upload of an old export (`file_share`, or no subtype) with neither `user` nor `bot_id`: its author
        // is the uploader, `file.user` (as Zulip's Slack importer reads it); it used to be a person named
        // "unknown".
        if f.user == nil, doc.nonEmptyString(f.botID) == nil, let file = f.file, doc.node(file).kind == .object,
            f.subtype == nil || doc.stringEquals(f.subtype!, "file_share")
        {
            f.user = doc.member(file, "user")
        }
        self = f
    }

    /// The `ts` value node exactly as `doc.member(object, "ts")` finds it.
    func exactTs(_ doc: JSONDocument, _ object: Int32) -> Int32? {
        escapedKey ? doc.member(object, "ts") : ts
    }

    private init() {}
    private static let empty = SlackFields()
}

/// Buffers a thread reuses from message to message (decoded text, reactions), so that building a
/// message allocates only what the message keeps.
struct SlackScratch {
    var text: [UInt8] = []
    var raw: [UInt8] = []
    var reactionItems: [(name: Int32, from: Int, to: Int)] = []
    var reactionUsers: [Int32] = []
    var reactionBytes: [UInt8] = []
}

/// A message's text after mrkdwn decoding and quote removal.
struct PreparedText {
    var text: String
    /// Mentioned user ids, in order of first appearance.
    var mentions: [String]
    /// Unicode scalars of `>` quote lines removed by ``TextCleaner``.
    var quotedChars: Int
}

/// One day-file element ready for the sequential stage.
struct Draft {
    var node: Int32
    var index: Int
    /// `<channel id>/<ts>` (the message id).
    var id: String
    var seconds: Int64
    var micros: Int32
    var fields: SlackFields
    var decoded: PreparedText
    /// Some mention was not in `users.json` (it may have been discovered since: decode again then).
    var mentionsUnknown: Bool
    /// `reactions`, `files`, `reply_count`.
    var attributes: [String: String]
    /// `<channel id>/<thread_ts>` when `thread_ts` is a non-empty string.
    var threadID: String?
    /// `thread_ts` is set and differs from `ts` (a thread reply).
    var isReply: Bool
    /// Index of the message the worker stage built in ``PreparedDay/messages``, or -1 (slots increase
    /// with the draft's position).
    var slot: Int32 = -1
    /// Built message only: neither bot nor system traffic.
    var conversational = false
    /// Built message only: why it is excluded from analysis.
    var exclusion: String? = nil
    /// Built message only: the author's index in ``SlackDayPreparer/userList`` (-1: not listed there).
    var authorIndex: Int32 = -1
}

/// A day file read, parsed and pre-decoded (stage A of the pipeline). Handed from the worker thread to
/// the reading thread exactly once, never shared.
final class PreparedDay: @unchecked Sendable {
    let locator: String
    var doc: JSONDocument?
    var drafts: [Draft] = []
    /// Messages built by the worker stage (see ``Draft/slot``), thread and parent still unset.
    var messages = BuiltMessages(capacity: 0)
    /// Files, bytes, reads and skips of this file (merged by the reading thread, in order).
    var summary = IngestSummary()
    /// A read failure of the file itself (zip limits, I/O).
    var error: RapportError?

    init(locator: String) { self.locator = locator }
}

/// Messages built by the worker stage, moved out one by one, in slot order, by the sequential stage
/// (no copy); those never taken are freed with the buffer.
final class BuiltMessages: @unchecked Sendable {
    let base: UnsafeMutablePointer<Message>
    /// Initialized slots.
    var count = 0
    /// Slots moved out (`0 ..< taken`).
    private(set) var taken = 0

    init(capacity: Int) { base = .allocate(capacity: max(capacity, 1)) }

    /// Moves the message of `slot` out; slots must be taken in increasing order.
    func take(_ slot: Int) -> Message {
        // Slots skipped over (duplicates) are freed first.
        if taken < slot { (base + taken).deinitialize(count: slot - taken) }
        taken = slot + 1
        return (base + slot).move()
    }

    deinit {
        if taken < count { (base + taken).deinitialize(count: count - taken) }
        base.deallocate()
    }
}

/// Stage A: everything about a day file that does not depend on earlier files.
struct SlackDayPreparer: Sendable {
    let extractor: SlackTextExtractor
    let maxDepth: Int
    /// Users of `users.json` (never replaced by users discovered later).
    let users: [String: SlackUser]
    /// The same users in an array, and their indices by id.
    let userList: [SlackUser]
    let userIndex: [String: Int32]
    let workspaceTeam: String?
    /// ``SlackExportState/botNames``.
    let botNames: [String: String]
    /// ``IngestOptions/workerStage``, run on each message built here.
    let stage: (@Sendable (inout Message) -> Void)?

    init(
        extractor: SlackTextExtractor, maxDepth: Int, users: [String: SlackUser], workspaceTeam: String?,
        botNames: [String: String] = [:], stage: (@Sendable (inout Message) -> Void)? = nil
    ) {
        self.stage = stage
        self.extractor = extractor
        self.maxDepth = maxDepth
        self.users = users
        self.workspaceTeam = workspaceTeam
        self.botNames = botNames
        var list: [SlackUser] = []
        var index: [String: Int32] = [:]
        for id in users.keys.sorted() {
            index[id] = Int32(list.count)
            list.append(users[id]!)
        }
        userList = list
        userIndex = index
    }

    /// Parses and pre-decodes a day file; `cache` holds the worker's known authors (user indices).
    ///
    /// With `dump`, the bytes are a slackdump conversation file (``SlackDump``): its `messages` and the
    /// replies nested in their `slackdump_thread_replies` are the elements.
    func prepare(
        _ bytes: [UInt8], locator: String, conversation: SlackConversationContext, cache: inout SlackIDCache<Int32>,
        scratch: inout SlackScratch, dump: Bool = false
    ) -> PreparedDay {
        let channelID = conversation.id
        let day = PreparedDay(locator: locator)
        day.summary.files = 1
        day.summary.bytes = Int64(bytes.count)
        let doc: JSONDocument
        let elements: [Int32]
        let failure: JSONTape.Failure?
        var indices: [Int] = []
        if dump {
            (doc, elements, indices, failure) = SlackDump.elements(bytes, maxDepth: maxDepth)
        } else {
            (doc, elements, failure) = JSONDocument.parseArray(bytes, maxDepth: maxDepth, lazy: true)
        }
        day.doc = doc
        var drafts: [Draft] = []
        drafts.reserveCapacity(elements.count)
        for (position, e) in elements.enumerated() {
            let index = dump ? indices[position] : position
            day.summary.read += 1
            guard doc.node(e).kind == .object else {
                day.summary.skip(
                    "malformed-message",
                    problem: "\(locator):\(SlackConversationReader.elementPath(index)): not a JSON object")
                continue
            }
            let fields = SlackFields(doc, e)
            // `ts` over its bytes: the id is built straight from them (no intermediate string).
            guard let tsNode = fields.exactTs(doc, e),
                let (s, us, id) = doc.withValueBytes(
                    tsNode, numbers: true,
                    { ts in
                        SlackConversationReader.parseTs(ts).map {
                            ($0.0, $0.1, SlackConversationReader.joined(channelID, ts))
                        }
                    }) ?? nil
            else {
                day.summary.skip(
                    "malformed-message",
                    problem: "\(locator):\(SlackConversationReader.elementPath(index)).ts: missing or invalid ts")
                continue
            }
            var threadID: String? = nil
            var isReply = false
            if let t = fields.threadTs {
                (threadID, isReply) = Self.thread(doc, t, id: id, channelID: channelID)
            }
            let decoded = extractor.text(doc, fields, scratch: &scratch)
            let unknown = decoded.mentions.contains { extractor.decoder.userNames[$0] == nil }
            let reactions = fields.reactions.flatMap { extractor.reactionsAttribute(doc, $0, scratch: &scratch) }
            var fileCount = 0
            if let files = fields.files {
                let (d, n) = doc.expanded(files)
                fileCount = d.elements(n).count
            }
            if fields.file != nil && fileCount == 0 { fileCount = 1 }
            let replyCount = doc.int(fields.replyCount).flatMap { $0 > 0 ? $0 : nil }
            // Sized once for every entry it may get (`subtype` and `broadcast` are added with the
            // message, `reactors` with the reactions): growing a dictionary rehashes its entries.
            let entries =
                (reactions == nil ? 0 : 2) + (fileCount > 0 ? 1 : 0) + (replyCount == nil ? 0 : 1)
                + (fields.subtype == nil ? 0 : 2)
            var attributes: [String: String] = entries == 0 ? [:] : Dictionary(minimumCapacity: entries)
            if let reactions { attributes["reactions"] = reactions }
            if fileCount > 0 { attributes["files"] = String(fileCount) }
            if let replyCount { attributes["reply_count"] = String(replyCount) }
            drafts.append(
                Draft(
                    node: e, index: index, id: id, seconds: s, micros: us, fields: fields, decoded: decoded,
                    mentionsUnknown: unknown, attributes: attributes, threadID: threadID, isReply: isReply))
        }
        if let failure {
            // The damaged tail of the file: one counted skip (its messages cannot be counted).
            day.summary.read += 1
            day.summary.skip(
                "malformed-json",
                problem:
                    "\(locator):\(failure.path) (byte \(failure.offset)): \(failure.message); "
                    + (dump ? "file skipped" : "rest of file skipped")
            )
        }
        var sorted = true
        for k in drafts.indices.dropFirst()
        where (drafts[k - 1].seconds, drafts[k - 1].micros) > (drafts[k].seconds, drafts[k].micros) {
            sorted = false
            break
        }
        if !sorted {
            drafts.sort { ($0.seconds, $0.micros, $0.index) < ($1.seconds, $1.micros, $1.index) }
        }
        if conversation.independent {
            var builder = SlackMessageBuilder(preparer: self, conversation: conversation, locator: locator)
            let messages = BuiltMessages(capacity: drafts.count)
            drafts.withUnsafeMutableBufferPointer { buf in
                guard let base = buf.baseAddress else { return }
                for k in 0..<buf.count {
                    guard builder.build(doc, base + k, into: messages.base + messages.count, cache: &cache) else {
                        continue
                    }
                    base[k].slot = Int32(messages.count)
                    stage?(&messages.base[messages.count])
                    messages.count += 1
                }
            }
            day.messages = messages
        }
        day.drafts = drafts
        return day
    }

    /// The thread id (`<channel id>/<thread_ts>`) for a non-empty string `thread_ts`, and whether it
    /// differs from the message's own `ts` (the tail of `id`).
    static func thread(
        _ doc: JSONDocument, _ node: Int32, id: String, channelID: String
    ) -> (
        String?, Bool
    ) {
        let n = doc.node(node)
        guard n.kind == .string, n.end > n.start else { return (nil, false) }
        let fast = doc.withValueBytes(node, numbers: false) { t -> (String?, Bool)? in
            // ASCII only here (anything else takes the string route and its repairs).
            guard !t.contains(where: { $0 >= 0x80 }) else { return nil }
            var id = id
            let same = id.withUTF8 { u in
                u.count == channelID.utf8.count + 1 + t.count
                    && (t.isEmpty || memcmp(u.baseAddress! + (u.count - t.count), t.baseAddress!, t.count) == 0)
            }
            // A thread root's thread id is its own id: shared, not built again.
            return (same ? id : SlackConversationReader.joined(channelID, t), !same)
        }
        if let fast = fast ?? nil { return fast }
        guard let threadTs = doc.nonEmptyString(node) else { return (nil, false) }
        let ts = String(id.utf8.dropFirst(channelID.utf8.count + 1))!
        return (SlackConversationReader.joined(channelID, threadTs), threadTs != ts)
    }
}

/// Text of a message: `text` (mrkdwn), else `rich_text` blocks, else attachments; quotes removed.
struct SlackTextExtractor: Sendable {
    let decoder: MrkdwnDecoder

    /// The author's own part of a raw `text`. Exports from before 2019 wrote file uploads and file
    /// comments as Slack's own sentence around the author's words: `<@U1> uploaded a file: <url|name> and
    /// commented: Here it is` (also `shared a file:`), `<@U1> commented on <@U2>’s file <url|name>: Looks
    /// good`. Only the comment is the author's (nothing when there is none); other texts are returned whole.
    static func ownText(_ raw: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        // Cheap exit: the sentence starts with the author's mention.
        guard raw.count > 20, raw[raw.startIndex] == 0x3C, raw[raw.startIndex + 1] == 0x40,
            let close = raw.firstIndex(of: 0x3E)
        else { return raw }
        let rest = raw[(close + 1)...]
        if rest.starts(with: Self.uploaded) || rest.starts(with: Self.shared) {
            guard let k = HeaderDecoder.find(rest, Self.andCommented) else { return rest[rest.endIndex...] }
            return rest[(k + Self.andCommented.count)...]
        }
        if rest.starts(with: Self.commentedOn), let file = HeaderDecoder.find(rest, Self.fileLink) {
            // The file link `<url|name>` ends at the next `>`, then `: ` and the comment.
            guard let end = rest[(file + Self.fileLink.count)...].firstIndex(of: 0x3E) else { return raw }
            var c = end + 1
            if c < rest.endIndex && rest[c] == 0x3A { c += 1 }
            while c < rest.endIndex && rest[c] == 0x20 { c += 1 }
            return rest[c...]
        }
        return raw
    }

    private static let uploaded = Array(" uploaded a file: ".utf8)
    private static let shared = Array(" shared a file: ".utf8)
    private static let andCommented = Array(" and commented: ".utf8)
    private static let commentedOn = Array(" commented on ".utf8)
    private static let fileLink = Array(" file <".utf8)

    func text(_ doc: JSONDocument, _ f: SlackFields) -> PreparedText {
        var scratch = SlackScratch()
        return text(doc, f, scratch: &scratch)
    }

    /// ``text(_:_:)`` with the caller's reusable buffers.
    func text(_ doc: JSONDocument, _ f: SlackFields, scratch: inout SlackScratch) -> PreparedText {
        var decoded = MrkdwnDecoder.Decoded(text: "", mentions: [], hasQuote: false)
        if let textN = f.text, doc.node(textN).kind == .string,
            doc.node(textN).end > doc.node(textN).start
        {
            let n = doc.node(textN)
            if n.flag {
                scratch.raw.removeAll(keepingCapacity: true)
                doc.appendString(textN, to: &scratch.raw)
                decoded = decoder.decode(Self.ownText(scratch.raw[...]), scratch: &scratch.text)
            } else {
                decoded = decoder.decode(Self.ownText(doc.bytes[Int(n.start)..<Int(n.end)]), scratch: &scratch.text)
            }
        } else if let blocksN = f.blocks {
            let (d, n) = doc.expanded(blocksN)
            decoded = renderBlocks(d, n)
        }
        if decoded.text.isEmpty, let attachmentsN = f.attachments {
            let (d, n) = doc.expanded(attachmentsN)
            decoded = attachmentsDecoded(d, n)
        }
        guard decoded.hasQuote else {
            return PreparedText(text: decoded.text, mentions: decoded.mentions, quotedChars: 0)
        }
        let cleaned = TextCleaner.clean(decoded.text)
        return PreparedText(
            text: cleaned.text, mentions: decoded.mentions, quotedChars: cleaned.quotedChars)
    }

    /// The text of a message's attachments, one line per part: each attachment's `pretext`, `title` and
    /// `text` (bot posts and integrations, mrkdwn), else its layout `blocks` (apps that post blocks inside
    /// a coloured attachment), else its `fallback`. A shared message (`is_share` / `is_msg_unfurl`: a
    /// message forwarded from elsewhere) is someone else's words and is left out, so a forward without a
    /// comment has no own text.
    func attachmentsDecoded(_ d: JSONDocument, _ list: Int32) -> MrkdwnDecoder.Decoded {
        var out: [UInt8] = []
        var mentions: [String] = []
        var raw: [UInt8] = []
        func add(_ node: Int32?) -> Bool {
            guard let node, d.node(node).kind == .string, d.node(node).end > d.node(node).start else { return false }
            if !out.isEmpty && out.last != 0x0A { out.append(0x0A) }
            raw.removeAll(keepingCapacity: true)
            d.appendString(node, to: &raw)
            decoder.decode(raw[...], into: &out, mentions: &mentions)
            return true
        }
        for a in d.elements(list) where d.node(a).kind == .object {
            if d.bool(d.member(a, "is_share")) || d.bool(d.member(a, "is_msg_unfurl")) { continue }
            var any = add(d.member(a, "pretext"))
            any = add(d.member(a, "title")) || any
            any = add(d.member(a, "text")) || any
            if !any, let blocks = d.member(a, "blocks"), d.node(blocks).kind == .array {
                if !out.isEmpty && out.last != 0x0A { out.append(0x0A) }
                let before = out.count
                renderBlocks(d, blocks, into: &out, mentions: &mentions)
                any = out.count > before
            }
            if !any { _ = add(d.member(a, "fallback")) }
        }
        while out.last == 0x0A { out.removeLast() }
        return MrkdwnDecoder.Decoded(
            text: String(decoding: out, as: UTF8.self), mentions: mentions,
            hasQuote: MrkdwnDecoder.hasQuoteLine(out[...]))
    }

    /// `"emoji:user1,user2;emoji2:user3"`, emoji names and users sorted.
    func reactionsAttribute(_ doc: JSONDocument, _ node: Int32) -> String? {
        var scratch = SlackScratch()
        return reactionsAttribute(doc, node, scratch: &scratch)
    }

    /// ``reactionsAttribute(_:_:)`` with the caller's reusable buffers.
    func reactionsAttribute(_ doc: JSONDocument, _ node: Int32, scratch: inout SlackScratch) -> String? {
        if let fast = asciiReactionsAttribute(doc, node, scratch: &scratch) { return fast }
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

    /// ``reactionsAttribute(_:_:)`` over the bytes when every name and user is unescaped ASCII (byte
    /// order is then `String` order): no per-name strings. `nil` when it does not apply; `.some(nil)`
    /// for no reactions.
    private func asciiReactionsAttribute(
        _ doc: JSONDocument, _ node: Int32, scratch: inout SlackScratch
    ) -> String?? {
        let list = doc.node(node)
        guard list.kind == .array else { return .some(nil) }
        // The scratch arrays are moved out and back (no copy, no allocation once they have grown).
        var items = scratch.reactionItems
        var users = scratch.reactionUsers
        var out = scratch.reactionBytes
        scratch.reactionItems = []
        scratch.reactionUsers = []
        scratch.reactionBytes = []
        items.removeAll(keepingCapacity: true)
        users.removeAll(keepingCapacity: true)
        out.removeAll(keepingCapacity: true)
        defer {
            scratch.reactionItems = items
            scratch.reactionUsers = users
            scratch.reactionBytes = out
        }
        var length = 0
        var r = node + 1
        while r < list.next {
            let reaction = r
            r = doc.node(r).next
            guard let nameN = doc.member(reaction, "name") else { continue }
            let name = doc.node(nameN)
            guard name.kind == .string else { continue }
            guard !name.flag, doc.isASCII(nameN) else { return nil }
            guard name.end > name.start else { continue }
            let from = users.count
            if let u = doc.member(reaction, "users"), doc.node(u).kind == .array {
                let end = doc.node(u).next
                var x = u + 1
                while x < end {
                    let xn = doc.node(x)
                    if xn.kind == .string {
                        guard !xn.flag, doc.isASCII(x) else { return nil }
                        users.append(x)
                        length += Int(xn.end - xn.start) + 1
                    }
                    x = xn.next
                }
            }
            if users.count - from > 1 {
                // Sorted in place (sorting `users[from...]` through the array copies the slice first).
                users.withUnsafeMutableBufferPointer { u in u[from..<u.count].sort { doc.rawLess($0, $1) } }
            }
            items.append((nameN, from, users.count))
            length += Int(name.end - name.start) + 2
        }
        guard !items.isEmpty else { return .some(nil) }
        if items.count > 1 { items.sort { doc.rawLess($0.name, $1.name) } }
        out.reserveCapacity(length)
        for (k, item) in items.enumerated() {
            if k > 0 { out.append(0x3B) }
            out.append(contentsOf: doc.raw(item.name))
            out.append(0x3A)
            for j in item.from..<item.to {
                if j > item.from { out.append(0x2C) }
                out.append(contentsOf: doc.raw(users[j]))
            }
        }
        return .some(String(decoding: out, as: UTF8.self))
    }

    // MARK: rich_text blocks

    /// Plain text from `rich_text` blocks (used when `text` is empty). Quotes become `> ` lines.
    func renderBlocks(_ doc: JSONDocument, _ blocks: Int32) -> MrkdwnDecoder.Decoded {
        var out: [UInt8] = []
        var mentions: [String] = []
        renderBlocks(doc, blocks, into: &out, mentions: &mentions)
        while out.last == 0x0A { out.removeLast() }
        return MrkdwnDecoder.Decoded(
            text: String(decoding: out, as: UTF8.self), mentions: mentions,
            hasQuote: MrkdwnDecoder.hasQuoteLine(out[...]))
    }

    /// ``renderBlocks(_:_:)`` appending to `out`, one line per block part.
    private func renderBlocks(_ doc: JSONDocument, _ blocks: Int32, into out: inout [UInt8], mentions: inout [String]) {
        for block in doc.elements(blocks) {
            guard let type = doc.member(block, "type") else { continue }
            if doc.keyEquals(type, "rich_text"), let elements = doc.member(block, "elements") {
                for section in doc.elements(elements) {
                    renderSection(doc, section, into: &out, mentions: &mentions, depth: 0)
                }
            } else if doc.keyEquals(type, "section") || doc.keyEquals(type, "header") {
                // Layout blocks (apps and bots): a text object, and a section's `fields`.
                if let t = doc.member(block, "text") { renderTextObject(doc, t, into: &out, mentions: &mentions) }
                if let fields = doc.member(block, "fields") {
                    for t in doc.elements(fields) { renderTextObject(doc, t, into: &out, mentions: &mentions) }
                }
            } else if doc.keyEquals(type, "context"), let elements = doc.member(block, "elements") {
                for t in doc.elements(elements) { renderTextObject(doc, t, into: &out, mentions: &mentions) }
            } else if doc.keyEquals(type, "markdown"), let t = doc.member(block, "text"), doc.node(t).kind == .string {
                // The `markdown` block (apps, AI assistants): standard Markdown, kept as written.
                doc.appendString(t, to: &out)
                if out.last != 0x0A { out.append(0x0A) }
            }
        }
    }

    /// A layout block's text object (`{"type": "mrkdwn" | "plain_text", "text": …}`) as one line;
    /// mrkdwn is decoded. Other elements (images, buttons) have no `text` string and add nothing.
    private func renderTextObject(
        _ doc: JSONDocument, _ object: Int32, into out: inout [UInt8], mentions: inout [String]
    ) {
        guard let t = doc.member(object, "text"), doc.node(t).kind == .string, doc.node(t).end > doc.node(t).start
        else { return }
        var raw: [UInt8] = []
        doc.appendString(t, to: &raw)
        if let type = doc.member(object, "type"), doc.keyEquals(type, "mrkdwn") {
            decoder.decode(raw[...], into: &out, mentions: &mentions)
        } else {
            out.append(contentsOf: raw)
        }
        if out.last != 0x0A { out.append(0x0A) }
    }

    private func renderSection(
        _ doc: JSONDocument, _ section: Int32, into out: inout [UInt8], mentions: inout [String],
        depth: Int
    ) {
        guard depth < 8, let type = doc.member(section, "type") else { return }
        let children = doc.member(section, "elements").map { doc.elements($0) } ?? []
        if doc.keyEquals(type, "rich_text_list") {
            // A numbered list keeps its numbers (`"style": "ordered"`, from `offset` + 1), as the mrkdwn
            // text of the same message has them. A nested list is a list of its own with `indent` (two
            // spaces per level); a list inside a quote has `border` 1 and is quoted like the quote.
            let ordered = doc.member(section, "style").map { doc.keyEquals($0, "ordered") } ?? false
            var number = (doc.int(doc.member(section, "offset")) ?? 0) + 1
            let indent = min(max(doc.int(doc.member(section, "indent")) ?? 0, 0), 8)
            let quoted = (doc.int(doc.member(section, "border")) ?? 0) > 0
            for item in children {
                let start = out.count
                if quoted { out.append(contentsOf: [0x3E, 0x20]) }
                for _ in 0..<indent { out.append(contentsOf: [0x20, 0x20]) }
                if ordered {
                    out.append(contentsOf: "\(number). ".utf8)
                    number += 1
                } else {
                    out.append(contentsOf: "• ".utf8)
                }
                renderSection(doc, item, into: &out, mentions: &mentions, depth: depth + 1)
                if quoted { Self.quoteInnerLines(&out, from: start) }
            }
            return
        }
        var line: [UInt8] = []
        for el in children { renderInline(doc, el, into: &line, mentions: &mentions) }
        if doc.keyEquals(type, "rich_text_preformatted") {
            // A code block: fenced as in the mrkdwn `text` (```…```), so the analysis reads pasted code and
            // logs as code (one word, no sentiment), not as the author's words. It used to be a plain line.
            line = Array("```".utf8) + line + Array("```".utf8)
        }
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

    /// Puts `> ` after every line break of `out[from...]` but the last (a quoted list item that holds
    /// line breaks stays quoted on each line).
    private static func quoteInnerLines(_ out: inout [UInt8], from: Int) {
        guard out[from...].dropLast().contains(0x0A) else { return }
        var quoted: [UInt8] = []
        let end = out.count - 1
        for k in from..<out.count {
            quoted.append(out[k])
            if out[k] == 0x0A && k < end { quoted.append(contentsOf: [0x3E, 0x20]) }
        }
        out.replaceSubrange(from..., with: quoted)
    }

    private func renderInline(
        _ doc: JSONDocument, _ el: Int32, into out: inout [UInt8], mentions: inout [String]
    ) {
        guard let type = doc.member(el, "type") else { return }
        if doc.keyEquals(type, "text") {
            if let t = doc.member(el, "text") { doc.appendString(t, to: &out) }
        } else if doc.keyEquals(type, "user") {
            let id = doc.nonEmptyString(doc.member(el, "user_id")) ?? ""
            if !mentions.contains(id) { mentions.append(id) }
            out.append(0x40)
            out.append(contentsOf: (decoder.userNames[id] ?? id).utf8)
        } else if doc.keyEquals(type, "channel") {
            let id = doc.nonEmptyString(doc.member(el, "channel_id")) ?? ""
            out.append(0x23)
            out.append(contentsOf: (decoder.channelNames[id] ?? id).utf8)
        } else if doc.keyEquals(type, "emoji") {
            let name = doc.nonEmptyString(doc.member(el, "name")) ?? ""
            var key = name
            if let tone = doc.int(doc.member(el, "skin_tone")) { key += "::skin-tone-\(tone)" }
            if let e = decoder.emoji.lookup(key) ?? decoder.emoji.lookup(name) {
                out.append(contentsOf: e.utf8)
            } else if let e = Self.emoji(unicode: doc.nonEmptyString(doc.member(el, "unicode"))) {
                // A name the table does not know (newer emoji, another platform's name): the element's
                // own code points (`"unicode": "1fae0"`, `"1f44d-1f3fd"`).
                out.append(contentsOf: e.utf8)
            } else {
                out.append(contentsOf: (":" + name + ":").utf8)
            }
        } else if doc.keyEquals(type, "link") {
            if let t = doc.nonEmptyString(doc.member(el, "text")) {
                out.append(contentsOf: t.utf8)
            } else if let url = doc.nonEmptyString(doc.member(el, "url")) {
                // A bare link shows its URL; a mail link its address, as `<mailto:a@b>` does in mrkdwn.
                out.append(contentsOf: (url.hasPrefix("mailto:") ? String(url.dropFirst(7)) : url).utf8)
            }
        } else if doc.keyEquals(type, "color") {
            // `#FF5733` typed in a message: Slack shows the value with a swatch.
            if let v = doc.member(el, "value") { doc.appendString(v, to: &out) }
        } else if doc.keyEquals(type, "broadcast") {
            out.append(0x40)
            if let r = doc.member(el, "range") { doc.appendString(r, to: &out) }
        } else if doc.keyEquals(type, "usergroup") {
            out.append(0x40)
            if let r = doc.member(el, "usergroup_id") { doc.appendString(r, to: &out) }
        } else if doc.keyEquals(type, "date") {
            if let r = doc.nonEmptyString(doc.member(el, "fallback")) {
                out.append(contentsOf: r.utf8)
            } else if let t = doc.int(doc.member(el, "timestamp")) {
                // No fallback: the day it names (UTC), rather than nothing.
                out.append(contentsOf: Self.utcDay(Int64(t)).utf8)
            }
        }
    }

    /// The emoji spelled by a rich-text emoji's `unicode` (hex code points joined by `-`), or `nil`.
    static func emoji(unicode: String?) -> String? {
        guard let unicode, !unicode.isEmpty else { return nil }
        var scalars = String.UnicodeScalarView()
        for part in unicode.utf8.split(separator: 0x2D) {
            guard part.count <= 6, let v = UInt32(String(decoding: part, as: UTF8.self), radix: 16),
                let scalar = Unicode.Scalar(v)
            else { return nil }
            scalars.append(scalar)
        }
        return scalars.isEmpty ? nil : String(scalars)
    }

    /// `YYYY-MM-DD` of a Unix time, UTC.
    static func utcDay(_ seconds: Int64) -> String { CivilTime(epochSeconds: seconds).dayKey }
}
