import Foundation
public import RapportCore
import RapportText

/// Reads helpdesk tickets saved as HTML (print views, exported conversations, saved pages).
///
/// A page is one conversation: each entry (reply, comment, internal note) becomes a ``Message``
/// with `thread` = the ticket key and `parent` = the previous entry. The layout is recognized by
/// a profile (user mapping file first, then the built-in profiles in file-name order); when none
/// matches, the generic reader looks for repeated blocks with a date, a name and a body, and
/// reports its confidence. Below ``genericThreshold`` the page is a counted skip
/// (`ticket-layout-unknown`) with a suggestion to write a mapping. See docs/tickets.md.
public struct TicketReader: SourceReader {
    /// Built-in profile directory override (else `RAPPORT_TICKET_PROFILES`, else `<data>/profiles/tickets`).
    public var profileDirectory: String?
    /// Minimum confidence for the generic reader's result to be used.
    public var genericThreshold: Double = 0.6
    /// Most entries read from one page.
    public var maxEntries: Int = 1_000_000
    /// Profiles already resolved for the same options (shared by the inputs of one ``Ingestor``).
    var cache: TicketProfileCache?

    public init(profileDirectory: String? = nil) { self.profileDirectory = profileDirectory }

    public func canRead(path: String, isDirectory: Bool, head: [UInt8]) -> Bool {
        !isDirectory && Ingestor.detect(head: head, name: path) == .html
    }

    /// The profiles in trial order: the user's mapping file, then the built-in ones.
    public func profiles(options: IngestOptions) throws(RapportError) -> [(TicketProfile, String)] {
        let key = [options.ticketProfilePath, options.dataDirectory, profileDirectory]
        if let cache, let known = cache.profiles(for: key) { return known }
        let result = try resolveProfiles(options: options)
        cache?.store(result, for: key)
        return result
    }

    private func resolveProfiles(options: IngestOptions) throws(RapportError) -> [(TicketProfile, String)] {
        var result: [(TicketProfile, String)] = []
        if let user = options.ticketProfilePath {
            result.append((try TicketProfile.load(file: user), "mapping file " + user))
        }
        if let dir = TicketProfile.builtInDirectory(override: profileDirectory, dataDirectory: options.dataDirectory) {
            for p in try TicketProfile.loadAll(directory: dir) { result.append((p, "built-in")) }
        }
        return result
    }

    /// Parses a page and reads it (the shared step of ``read`` and ``explain``).
    /// Returns `nil` (with the skip reason) when the page cannot be used.
    public func readPage(
        path: String, options: IngestOptions, profiles: [(TicketProfile, String)]
    ) throws(RapportError) -> (page: TicketPage?, skipReason: String?, problem: String?, bytes: Int64) {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
        let limit = Int64(options.limits.maxMessageBytes)
        if size > limit {
            return (nil, "ticket-too-large", "\(path): page of \(size) bytes exceeds the \(limit)-byte limit", size)
        }
        // The raw and converted bytes live only inside `parse`: after it, the page is the libxml2 tree.
        let parsed:
            (doc: HTMLDocument, charset: String, note: String?, candidates: [Bool], frames: [String: TicketMHTML.Frame])
        switch try Self.parse(path, profiles: profiles) {
        case .success(let p): parsed = p
        case .failure(let skip): return (nil, skip.reason, "\(path): \(skip.problem)", size)
        }
        let doc = parsed.doc
        let decoded = (charset: parsed.charset, note: parsed.note)
        // Beyond maxHTMLDepth the page is still read (its entries are usually shallow) but the user is
        // told that deeply nested text may be cut (HTMLText stops descending there).
        let tooDeep =
            doc.root.map { Self.depth($0, limit: options.limits.maxHTMLDepth) } ?? 0
            > options.limits.maxHTMLDepth
        var extractor = TicketExtractor(doc: doc, path: path)
        extractor.frames = parsed.frames
        var page: TicketPage?
        for (k, (profile, how)) in profiles.enumerated() {
            // A profile whose prefilter literals are not in the page cannot match: no XPath is run.
            guard parsed.candidates[k], try extractor.matches(profile) else { continue }
            page = try extractor.extract(profile, matchedBy: how, charset: decoded.charset, maxEntries: maxEntries)
            break
        }
        if page == nil, let root = doc.root {
            if let c = TicketGeneric.detect(root: root) {
                let title = TicketExtractor.collapse(try doc.evaluateString("string(//title)"))
                page = TicketGeneric.page(c, charset: decoded.charset, subject: title, threshold: genericThreshold)
            }
        }
        if let note = decoded.note { page?.notes.insert(note, at: 0) }
        if tooDeep {
            page?.notes.append(
                "HTML nested deeper than \(options.limits.maxHTMLDepth) elements (limit exceeded); "
                    + "deeply nested text may be cut")
        }
        guard let page else {
            return (
                nil, "ticket-layout-unknown",
                "\(path): no ticket profile matched and no repeated entries were found; "
                    + "write a mapping file (docs/tickets.md) and pass --ticket-profile FILE", size
            )
        }
        if page.profile == "generic" && page.confidence < genericThreshold {
            let c = String(format: "%.2f", page.confidence)
            return (
                page, "ticket-layout-unknown",
                "\(path): no ticket profile matched; the generic reader's confidence \(c) is below "
                    + String(format: "%.2f", genericThreshold)
                    + "; write a mapping file (docs/tickets.md) and pass --ticket-profile FILE", size
            )
        }
        if page.entries.isEmpty {
            return (page, "ticket-no-entries", "\(path): profile \(page.profile) matched but found no entries", size)
        }
        return (page, nil, nil, size)
    }

    struct PageSkip: Error {
        var reason: String
        var problem: String
    }

    /// Reads, decodes and parses a page; `candidates[k]`: profile `k`'s prefilter holds on the decoded bytes.
    private static func parse(
        _ path: String, profiles: [(TicketProfile, String)]
    ) throws(RapportError) -> Result<
        (doc: HTMLDocument, charset: String, note: String?, candidates: [Bool], frames: [String: TicketMHTML.Frame]),
        PageSkip
    > {
        // The size limit was checked by the caller; `Int.max` here only guards against a file that grew.
        let data = try FileBytes.read(path, limit: Int.max)
        if data.isEmpty { return .failure(PageSkip(reason: "ticket-empty-page", problem: "empty file")) }
        var decoded: TicketCharset.Result
        var frames: [String: TicketMHTML.Frame] = [:]
        var mhtml = false
        if TicketMHTML.looks(data.prefix(4096)) {
            // A page saved as a single file: the HTML part, then as a saved page.
            switch TicketMHTML.extract(data) {
            case .page(let html, let charset, let parts):
                decoded = TicketCharset.utf8(html, transport: charset)
                frames = parts
                mhtml = true
            case .noPage(let why):
                return .failure(PageSkip(reason: "ticket-mhtml-no-page", problem: why))
            }
        } else {
            decoded = TicketCharset.utf8(data)
        }
        if mhtml { decoded.charset = "MHTML, " + decoded.charset }
        // Text that is still mostly control bytes after decoding is not a page (a binary file named .html,
        // or an encoding nothing above recognized): one counted skip, not a parse of noise.
        let control = TicketCharset.controlBytes(decoded.bytes)
        if control.count >= 16, control.count * 10 > control.of {
            return .failure(
                PageSkip(
                    reason: "ticket-not-text",
                    problem: "\(control.count) of the first \(control.of) bytes (read as \(decoded.charset)) are "
                        + "control characters: not a text page (a binary file, or an unrecognized encoding "
                        + "such as UTF-32 without a byte order mark)"))
        }
        // Prefilters run on the bytes libxml2 will read (after MHTML and charset decoding).
        let candidates = decoded.bytes.withUnsafeBytes { page in profiles.map { $0.0.passesPrefilter(page) } }
        do {
            let doc = try HTMLDocument(bytes: decoded.bytes, encoding: "UTF-8", url: path)
            return .success((doc, decoded.charset, decoded.note, candidates, frames))
        } catch {
            return .failure(PageSkip(reason: "ticket-unparseable", problem: "HTML could not be parsed"))
        }
    }

    /// Element nesting depth under `root`, counted up to `limit + 1` (iterative: hostile pages nest
    /// 100,000 levels, which must not overflow the stack).
    static func depth(_ root: HTMLNode, limit: Int) -> Int {
        var stack: [(HTMLNode, Int)] = [(root, 1)]
        var deepest = 0
        while let (node, d) = stack.popLast() {
            deepest = max(deepest, d)
            if deepest > limit { return deepest }
            for c in node.children where c.isElement { stack.append((c, d + 1)) }
        }
        return deepest
    }

    public func read(
        path: String, options: IngestOptions, summary: inout IngestSummary, evidence: inout UsEvidence,
        emit: (Message) throws(RapportError) -> Void
    ) throws(RapportError) {
        let profiles = try profiles(options: options)
        summary.files += 1
        let result = try readPage(path: path, options: options, profiles: profiles)
        summary.bytes += result.bytes
        if let reason = result.skipReason {
            // The whole page is one unreadable input: counted once.
            summary.read += 1
            summary.skip(reason, problem: result.problem)
            return
        }
        guard let page = result.page else { return }
        for note in page.notes { summary.note(path + ": " + note) }
        for m in Self.messages(page, path: path, summary: &summary, evidence: &evidence) {
            summary.emitted += 1
            try emit(m)
        }
    }

    /// Turns a page into messages, counting every entry in `summary` and recording agents as evidence.
    static func messages(
        _ page: TicketPage, path: String, summary: inout IngestSummary, evidence: inout UsEvidence
    ) -> [Message] {
        let thread = page.threadKey(path: path)
        var out: [Message] = []
        var parent: String?
        // A page listed newest first (whole, or after its opening request) is read oldest first, so that
        // each entry's parent is the one before it in time; ids and locators keep the page positions.
        for k in page.readingOrder {
            let entry = page.entries[k]
            summary.read += 1
            if let reason = entry.skipReason {
                summary.skip(reason)
                continue
            }
            if entry.text.isEmpty {
                summary.skip("ticket-empty-entry", problem: "\(path): entry \(entry.index) has no text of its own")
                continue
            }
            let from = participant(entry, page: page)
            if entry.role == .agent { evidence.senders[from.id, default: 0] += 1 }
            var attributes: [String: String] = ["author_role": entry.role.rawValue, "ticket_profile": page.profile]
            if let id = page.ticketID { attributes["ticket_id"] = id }
            if let s = page.status { attributes["status"] = s }
            if let p = page.priority { attributes["priority"] = p }
            if !page.tags.isEmpty { attributes["tags"] = page.tags.joined(separator: ",") }
            if let org = page.organization { attributes["organization"] = org }
            if entry.date == nil && !entry.dateText.isEmpty { attributes["date_text"] = entry.dateText }
            if let sig = entry.signature { attributes["signature"] = sig }
            let id = thread + "#" + String(entry.index)
            let m = Message(
                id: id, source: .ticket, locator: SourceLocator(file: path, jsonPath: "entry[\(entry.index)]"),
                thread: thread, parent: parent, from: from, date: entry.date,
                channel: entry.isInternal ? .ticketInternal : .ticketPublic, subject: page.subject,
                text: entry.text, quotedChars: entry.quotedChars, attributes: attributes)
            parent = id
            out.append(m)
        }
        return out
    }

    /// Email when known, else `ticket:<name>`; the requester's organization from the email domain,
    /// else the page's organization field.
    static func participant(_ entry: TicketEntry, page: TicketPage) -> Participant {
        var email = entry.authorEmail
        if email == nil, entry.role == .requester, let req = page.requester,
            req.lowercased() == entry.author.lowercased()
        {
            email = page.requesterEmail
        }
        let name = entry.author.isEmpty ? "unknown" : entry.author
        var p: Participant
        if let email {
            p = Participant.email(email, name: entry.author)
        } else {
            p = Participant(id: "ticket:" + name.lowercased(), displayName: name)
        }
        if entry.role == .requester, p.organization == nil { p.organization = page.organization }
        return p
    }

    // MARK: Explain

    /// A human account of which profile matched a page and what it extracted (`rapport ingest --explain`).
    public func explain(path: String, options: IngestOptions) throws(RapportError) -> String {
        let profiles = try profiles(options: options)
        var lines: [String] = ["file: " + path]
        lines.append("profiles tried: " + profiles.map { $0.0.name }.joined(separator: ", "))
        let r = try readPage(path: path, options: options, profiles: profiles)
        guard let page = r.page else {
            lines.append("result: skipped (\(r.skipReason ?? "?")): \(r.problem ?? "")")
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append("charset: " + page.charset)
        lines.append(
            "profile: \(page.profile) (\(page.matchedBy))"
                + (page.profile == "generic"
                    ? String(format: ", confidence %.2f, threshold %.2f", page.confidence, genericThreshold) : ""))
        lines.append("thread: " + page.threadKey(path: path))
        lines.append("subject: " + page.subject)
        for (k, v) in [
            ("status", page.status), ("priority", page.priority), ("requester", page.requester),
            ("requester email", page.requesterEmail), ("organization", page.organization),
        ] {
            if let v { lines.append("\(k): \(v)") }
        }
        if !page.tags.isEmpty { lines.append("tags: " + page.tags.joined(separator: ", ")) }
        for note in page.notes { lines.append("note: " + note) }
        if let reason = r.skipReason { lines.append("result: skipped (\(reason)): \(r.problem ?? "")") }
        lines.append("entries: \(page.entries.count)")
        for e in page.entries {
            var l = "  [\(e.index)] \(e.author.isEmpty ? "(no author)" : e.author)"
            if let m = e.authorEmail { l += " <\(m)>" }
            l += " — \(e.role.rawValue) (\(e.roleReason))"
            l += e.isInternal ? ", internal note" : ", public"
            l += ", date '\(e.dateText)' → " + (e.date?.iso8601 ?? "unparsed")
            lines.append(l)
            if let s = e.skipReason {
                lines.append("      skipped: " + s)
                continue
            }
            let preview = e.text.replacingOccurrences(of: "\n", with: " ⏎ ")
            let short = preview.unicodeScalars.count > 100 ? String(preview.prefix(100)) + "…" : preview
            lines.append("      text: " + (short.isEmpty ? "(empty: skipped)" : short))
            if e.quotedChars > 0 { lines.append("      quoted characters removed: \(e.quotedChars)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The ticket profiles of one ``Ingestor``'s run, by the options that locate them (mapping file, data
/// directory, profile directory override).
final class TicketProfileCache: @unchecked Sendable {
    private let lock = NSLock()
    private var known: [[String?]: [(TicketProfile, String)]] = [:]

    func profiles(for key: [String?]) -> [(TicketProfile, String)]? {
        lock.lock()
        defer { lock.unlock() }
        return known[key]
    }

    func store(_ profiles: [(TicketProfile, String)], for key: [String?]) {
        lock.lock()
        defer { lock.unlock() }
        known[key] = profiles
    }
}
