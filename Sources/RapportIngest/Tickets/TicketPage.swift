import Foundation
public import RapportCore
import RapportText

/// Who wrote a ticket entry.
public enum TicketRole: String, Sendable, Hashable, Codable {
    case agent, requester, unknown
}

/// One entry (comment, reply, note) as extracted from a page, before it becomes a ``Message``.
public struct TicketEntry: Sendable, Hashable {
    /// Position among the page's entries (0-based).
    public var index: Int
    public var author: String
    public var authorEmail: String?
    public var role: TicketRole
    /// Which rule decided the role (for `--explain`).
    public var roleReason: String
    /// The timestamp as printed, and as parsed (`nil` when it could not be read).
    public var dateText: String
    public var date: Timestamp?
    public var isInternal: Bool
    /// The author's own words (quotes, reply markers and signatures removed).
    public var text: String
    public var quotedChars: Int
    /// The signature block removed from the text (for the contact's title), if any.
    public var signature: String? = nil
    /// Set when the entry is not a message (counted as skipped with this reason).
    public var skipReason: String?
}

/// What was read from one ticket page and how.
public struct TicketPage: Sendable, Hashable {
    /// The profile that matched (`generic` for the fallback).
    public var profile: String
    /// How the profile was chosen: `mapping FILE`, `built-in`, or `generic`.
    public var matchedBy: String
    /// 1 for a profile match; the fallback's confidence otherwise.
    public var confidence: Double
    public var system: String
    public var ticketID: String?
    public var subject: String
    public var status: String?
    public var priority: String?
    public var tags: [String]
    public var requester: String?
    public var requesterEmail: String?
    public var organization: String?
    public var charset: String
    public var entries: [TicketEntry]
    /// Non-fatal observations (charset guesses, unreadable dates).
    public var notes: [String]

    /// Whether the entries are listed newest first: at least two, every one dated, each strictly older
    /// than the one before it (Zendesk's notification mail and agent view, some exports).
    public var isNewestFirst: Bool {
        guard entries.count >= 2 else { return false }
        for k in 1..<entries.count {
            guard let a = entries[k - 1].date, let b = entries[k].date, b < a else { return false }
        }
        return true
    }

    /// Whether the page opens with the original request and lists the replies after it newest first
    /// (Jira's and Redmine's "newest first" activity order: the description stays on top): at least
    /// three entries, every one dated, the first older than every other, the rest each strictly older
    /// than the one before it.
    public var isOpeningThenNewestFirst: Bool {
        guard entries.count >= 3, let opening = entries[0].date else { return false }
        for k in 1..<entries.count {
            guard let b = entries[k].date, opening < b else { return false }
            if k >= 2 {
                guard let a = entries[k - 1].date, b < a else { return false }
            }
        }
        return true
    }

    /// Entry indices in time order: the page order, reversed for a page listed newest first, the
    /// opening entry then the rest reversed for ``isOpeningThenNewestFirst``; any other page whose
    /// entries are all dated but out of time order (Jira Cloud's newest-first activity with threaded
    /// replies: each comment followed by its replies, oldest first) sorted by time, equal times in page
    /// order.
    public var readingOrder: [Int] {
        if isNewestFirst { return Array(entries.indices.reversed()) }
        if isOpeningThenNewestFirst { return [0] + Array(entries.indices.dropFirst().reversed()) }
        let dates = entries.compactMap(\.date)
        if dates.count == entries.count, dates.count >= 2, zip(dates, dates.dropFirst()).contains(where: { $1 < $0 }) {
            return entries.indices.sorted { a, b in dates[a] < dates[b] || (!(dates[b] < dates[a]) && a < b) }
        }
        return Array(entries.indices)
    }

    /// The conversation key: `<system>:<ticket id>`, or `ticket:<file name>` without an id.
    public func threadKey(path: String) -> String {
        if let ticketID, !ticketID.isEmpty { return system + ":" + ticketID }
        let base = (path as NSString).lastPathComponent
        let stem =
            [".html", ".htm", ".mhtml", ".mht"].contains(where: { base.hasSuffix($0) })
            ? (base as NSString).deletingPathExtension : base
        return "ticket:" + stem
    }
}

/// Applies a profile (or the generic reader) to a parsed page.
struct TicketExtractor {
    let doc: HTMLDocument
    let path: String
    /// The frames an MHTML file carried beside its page, by `cid:` and location (``TicketMHTML``).
    var frames: [String: TicketMHTML.Frame] = [:]

    /// Whether every detection rule holds.
    func matches(_ profile: TicketProfile) throws(RapportError) -> Bool {
        for rule in profile.detect {
            let v = try doc.evaluateString("boolean(\(rule))")
            if v != "true" { return false }
        }
        return true
    }

    private func string(_ expr: String?, from node: HTMLNode? = nil) throws(RapportError) -> String? {
        guard let expr else { return nil }
        let v = Self.collapse(try doc.evaluateString("string(\(expr))", from: node))
        return v.isEmpty ? nil : v
    }

    private func first(_ choice: TicketProfile.Choice?, from node: HTMLNode) throws(RapportError) -> String? {
        for expr in choice?.expressions ?? [] {
            if let v = try string(expr, from: node) { return v }
        }
        return nil
    }

    private func boolean(_ expr: String?, from node: HTMLNode) throws(RapportError) -> Bool {
        guard let expr else { return false }
        return try doc.evaluateString("boolean(\(expr))", from: node) == "true"
    }

    /// Reads the page with `profile`.
    func extract(
        _ profile: TicketProfile, matchedBy: String, charset: String, maxEntries: Int
    ) throws(RapportError) -> TicketPage {
        var page = TicketPage(
            profile: profile.name, matchedBy: matchedBy, confidence: 1, system: profile.system ?? profile.name,
            ticketID: nil, subject: "", tags: [], charset: charset, entries: [], notes: [])
        let t = profile.ticket
        page.ticketID = try string(t.id).map(Self.cleanID)
        page.subject = try string(t.subject) ?? ""
        page.status = try string(t.status)
        page.priority = try string(t.priority)
        if let tags = t.tags {
            var seen: Set<String> = []
            for node in try doc.select(tags) {
                let tag = Self.collapse(node.textContent)
                if !tag.isEmpty, seen.insert(tag).inserted { page.tags.append(tag) }
            }
        }
        let requesterText = try string(t.requester)
        page.requester = requesterText.map(Self.nameBeforeEmail)
        page.requesterEmail = try string(t.requesterEmail).flatMap(Self.email) ?? requesterText.flatMap(Self.email)
        if let r = page.requester, Self.email(r) != nil, r == page.requesterEmail { page.requester = nil }
        page.organization = try string(t.organization)
        var zone = profile.entry.timeZone.flatMap(TicketTimeZone.init)
        if let pageZone = try string(t.timeZone) {
            if let z = TicketTimeZone(pageZone) {
                zone = z
            } else {
                page.notes.append("page time zone '\(pageZone)' not understood; using the profile's")
            }
        }
        let parser = TicketDateParser(
            formats: profile.entry.dateFormats ?? [], zone: zone, dayFirst: profile.entry.dayFirst ?? false)
        let e = profile.entry
        let nodes = try doc.select(profile.entries)
        if nodes.count > maxEntries {
            throw RapportError(
                .limitExceeded, "\(nodes.count) ticket entries on one page (limit \(maxEntries))", file: path)
        }
        // One union expression: one evaluation per entry instead of one per quote pattern.
        let quoteExpressions = [(TicketProfile.defaultQuotes + (e.quote ?? [])).joined(separator: " | ")]
        var firstAuthor: String?
        var explicitOffsets: [(Int, Int32)] = []
        for (i, node) in nodes.enumerated() {
            var author = try first(e.author, from: node) ?? ""
            var email = try string(e.authorEmail, from: node).flatMap(Self.email)
            if let inName = Self.email(author) {
                if email == nil { email = inName }
                author = Self.nameBeforeEmail(author)
            }
            // The first choice that reads as a date wins (an absolute time in an attribute before a
            // relative "2 days ago"); when none does, the first non-empty text is kept as `date_text`.
            var dateText = ""
            var parsed: (Timestamp, Bool)? = nil
            for expr in e.date?.expressions ?? [] {
                guard let text = try string(expr, from: node) else { continue }
                if dateText.isEmpty { dateText = text }
                // Whether the text carried its own zone matters only when no zone was configured.
                if let p = zone == nil ? parser.parseDetailed(text) : parser.parse(text).map({ ($0, true) }) {
                    (dateText, parsed) = (text, p)
                    break
                }
            }
            let date = parsed?.0
            if let parsed, parsed.1, zone == nil { explicitOffsets.append((i, parsed.0.utcOffset)) }
            if parsed == nil && !dateText.isEmpty {
                page.notes.append("entry \(i): date '\(dateText)' not understood (add a dateFormats pattern)")
            }
            if firstAuthor == nil && !author.isEmpty { firstAuthor = author }
            var role = TicketRole.unknown
            var reason = "no rule decided"
            if try boolean(e.agent, from: node) {
                (role, reason) = (.agent, "entry.agent")
            } else if try boolean(e.requester, from: node) {
                (role, reason) = (.requester, "entry.requester")
            } else if Self.sameAuthor(author, email, page.requester, page.requesterEmail) {
                (role, reason) = (.requester, "matches the ticket requester")
            } else {
                switch e.defaultRole ?? "unknown" {
                case "agent": (role, reason) = (.agent, "defaultRole")
                case "requester": (role, reason) = (.requester, "defaultRole")
                case "others-are-agents":
                    let requesterKnown = page.requester != nil || page.requesterEmail != nil
                    if !requesterKnown && author == firstAuthor {
                        (role, reason) = (.requester, "author of the first entry")
                    } else {
                        (role, reason) = (.agent, "not the requester")
                    }
                default: break
                }
            }
            var entry = TicketEntry(
                index: i, author: author, authorEmail: email, role: role, roleReason: reason, dateText: dateText,
                date: date, isInternal: try boolean(e.internal, from: node), text: "", quotedChars: 0)
            if try boolean(e.skip, from: node) {
                entry.skipReason = "ticket-system-event"
                page.entries.append(entry)
                continue
            }
            if let body = try doc.select(e.body, from: node).first {
                var dropped: Set<HTMLNode> = []
                for d in e.drop ?? [] { for n in try doc.select(d, from: body) { dropped.insert(n) } }
                var quoted: Set<HTMLNode> = []
                for q in quoteExpressions {
                    for n in try doc.select(q, from: body) where !dropped.contains(n) { quoted.insert(n) }
                }
                (entry.text, entry.quotedChars, entry.signature) = Self.bodyText(
                    body, dropped: dropped, quoted: quoted, preformatted: e.preformatted ?? false)
            }
            if entry.text.isEmpty, let src = try string(e.bodyFrame, from: node) {
                switch Self.frameText(src: src, pagePath: path, frames: frames) {
                case .success(let read): (entry.text, entry.quotedChars, entry.signature) = read
                case .failure(let why):
                    entry.skipReason = "ticket-body-in-frame"
                    page.notes.append("entry \(i): the body is in a frame (\(src)) \(why.problem)")
                }
            }
            page.entries.append(entry)
        }
        // Dates printed without a zone, on a page whose other dates carry one (and no zone was
        // configured): take the offset of the nearest earlier dated entry, else the first later one.
        if zone == nil, !explicitOffsets.isEmpty {
            let explicitIndexes = Set(explicitOffsets.map(\.0))
            for k in page.entries.indices {
                guard let d = page.entries[k].date, !explicitIndexes.contains(page.entries[k].index) else { continue }
                let off = explicitOffsets.last(where: { $0.0 < page.entries[k].index })?.1 ?? explicitOffsets[0].1
                page.entries[k].date = Timestamp(
                    seconds: d.seconds - Int64(off), microseconds: d.microseconds, utcOffset: off)
                page.notes.append(
                    "entry \(page.entries[k].index): date '\(page.entries[k].dateText)' has no zone; "
                        + "used the page's offset \(Timestamp(seconds: 0, utcOffset: off).iso8601.suffix(6))")
            }
        }
        return page
    }

    // MARK: Frames

    struct FrameProblem: Error {
        var problem: String
    }

    /// The text of a frame: a part of the MHTML file the page came from (its `cid:` or location), else a
    /// file saved beside the page (`Ticket_files/saved_resource.html`): only a relative path inside the
    /// page's folder is followed (no scheme, no absolute path, no `..`), at most 64 MB.
    static func frameText(
        src: String, pagePath: String, frames: [String: TicketMHTML.Frame] = [:]
    ) -> Result<(String, Int, String?), FrameProblem> {
        if let frame = frames[src] {
            return frameBody(TicketCharset.utf8(frame.bytes, transport: frame.charset).bytes, url: src)
        }
        var rel = src.hasPrefix("./") ? String(src.dropFirst(2)) : src
        if let q = rel.firstIndex(where: { $0 == "?" || $0 == "#" }) { rel = String(rel[..<q]) }
        let parts = rel.split(separator: "/", omittingEmptySubsequences: false)
        guard !rel.isEmpty, !rel.hasPrefix("/"), !rel.contains(":"),
            !parts.contains(where: { $0 == ".." || $0.isEmpty })
        else {
            return .failure(FrameProblem(problem: "that the saved page does not hold (save it \"complete\")"))
        }
        let dir = (pagePath as NSString).deletingLastPathComponent
        var candidates = [dir.isEmpty ? rel : dir + "/" + rel]
        if rel.contains("%"), let decoded = TicketDateParser.percentDecoded(rel) {
            candidates.append(dir.isEmpty ? decoded : dir + "/" + decoded)
        }
        let fm = FileManager.default
        guard let file = candidates.first(where: { fm.isReadableFile(atPath: $0) }) else {
            return .failure(FrameProblem(problem: "whose file is not beside the page (save it \"complete\")"))
        }
        let size = (try? fm.attributesOfItem(atPath: file)[.size] as? NSNumber)?.intValue ?? 0
        guard size <= 64 << 20, let raw = try? FileBytes.read(file, limit: 64 << 20) else {
            return .failure(FrameProblem(problem: "whose file cannot be read or exceeds 64 MB"))
        }
        return frameBody(TicketCharset.utf8(raw).bytes, url: file)
    }

    /// A frame's `body` rendered like an entry body (default quote containers removed and counted).
    static func frameBody(_ bytes: [UInt8], url: String) -> Result<(String, Int, String?), FrameProblem> {
        guard let doc = try? HTMLDocument(bytes: bytes, encoding: "UTF-8", url: url),
            let body = (try? doc.select("//body"))?.first
        else {
            return .failure(FrameProblem(problem: "whose file is not an HTML page"))
        }
        var quoted: Set<HTMLNode> = []
        for n in (try? doc.select(TicketProfile.defaultQuotes.joined(separator: " | "), from: body)) ?? [] {
            quoted.insert(n)
        }
        let dropped = Set((try? doc.select(".//script | .//style", from: body)) ?? [])
        return .success(bodyText(body, dropped: dropped, quoted: quoted))
    }

    // MARK: Text

    /// Renders a body without dropped/quoted nodes, then strips reply markers, quotes and signatures.
    static func bodyText(
        _ body: HTMLNode, dropped: Set<HTMLNode>, quoted: Set<HTMLNode>, preformatted: Bool = false
    ) -> (String, Int, String?) {
        var quotedChars = 0
        for q in quoted where !hasAncestor(q, in: quoted, below: body) {
            quotedChars += HTMLText.render(q, skip: { dropped.contains($0) }).unicodeScalars.count
        }
        var raw: String
        if preformatted {
            raw = preformattedText(body, skip: { dropped.contains($0) || quoted.contains($0) })
        } else {
            raw = HTMLText.render(body, skip: { dropped.contains($0) || quoted.contains($0) })
        }
        if preformatted {
            let header = dropReplyHeaders(raw)
            raw = header.text
            quotedChars += header.removed
        }
        let (text, cut) = cutAtReplyMarker(raw)
        let cleaned = TextCleaner.clean(text)
        let final = trimWhitespace(cleaned.text)
        return (final, quotedChars + cut + cleaned.quotedChars, cleaned.signature)
    }

    /// Text of a preformatted subtree with its own line breaks (`<br>` and block ends add one), in
    /// document order; iterative, so deep nesting is safe.
    static func preformattedText(_ node: HTMLNode, skip: (HTMLNode) -> Bool) -> String {
        var out = ""
        var stack: [(HTMLNode, Bool)] = [(node, false)]
        while let (n, closing) = stack.popLast() {
            if closing {
                if !out.hasSuffix("\n") { out += "\n" }
                continue
            }
            if n.isText {
                out += n.textContent
                continue
            }
            guard n.isElement, !skip(n) else { continue }
            let name = n.name
            if name == "br" {
                out += "\n"
                continue
            }
            if name == "script" || name == "style" { continue }
            if name == "div" || name == "p" || name == "pre" || name == "li" { stack.append((n, true)) }
            for c in n.children.reversed() { stack.append((c, false)) }
        }
        let lines = out.replacingOccurrences(of: "\r\n", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false)
        return lines.map { collapse(String($0)) }.joined(separator: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Removes helpdesk reply headers that introduce a quote: Bugzilla's `(In reply to X from comment #N)`.
    static func dropReplyHeaders(_ text: String) -> (text: String, removed: Int) {
        guard text.contains("(In reply to ") else { return (text, 0) }
        var removed = 0
        var kept: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("(In reply to ") && t.hasSuffix(")") && t.utf8.count < 200 {
                removed += line.unicodeScalars.count + 1
            } else {
                kept.append(line)
            }
        }
        return (kept.joined(separator: "\n"), removed)
    }

    private static func hasAncestor(_ node: HTMLNode, in set: Set<HTMLNode>, below stop: HTMLNode) -> Bool {
        var p = node.parent
        var steps = 0
        while let n = p, n != stop, steps < 1024 {
            if set.contains(n) { return true }
            p = n.parent
            steps += 1
        }
        return false
    }

    /// Cuts at a helpdesk reply marker (`##- Please type your reply above this line -##`,
    /// `-- reply above this line --`): the marker and everything below is the quoted notification.
    /// A marker on the first line (nothing above) is only removed. Returns the text and the
    /// scalars removed below the marker.
    static func cutAtReplyMarker(_ text: String) -> (String, Int) {
        guard mayHaveReplyMarker(text) else { return (text, 0) }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, line) in lines.enumerated() where isReplyMarker(line) {
            let above = lines[..<i].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            let below = lines[(i + 1)...].joined(separator: "\n")
            if above.isEmpty { return (below, line.unicodeScalars.count) }
            return (above, below.unicodeScalars.count + line.unicodeScalars.count)
        }
        return (text, 0)
    }

    /// A byte scan that rules out most texts before any line splitting: every marker contains
    /// `##-` or the word `above`/`oberhalb`/`au-dessus` (any case).
    static func mayHaveReplyMarker(_ text: String) -> Bool {
        var t = text
        return t.withUTF8 { b in
            let n = b.count
            var i = 0
            while i + 2 < n {
                let c = b[i]
                if c == 0x23, b[i + 1] == 0x23, b[i + 2] == 0x2D { return true }  // ##-
                let l = c | 0x20
                if l == 0x61 || l == 0x6F {  // a(bove, u-dessus) / o(berhalb)
                    let word: [UInt8] =
                        l == 0x61
                        ? (b[i + 1] | 0x20 == 0x62 ? [0x62, 0x6F, 0x76, 0x65] : [0x75, 0x2D])
                        : [0x62, 0x65, 0x72]
                    var k = 0
                    while k < word.count, i + 1 + k < n, b[i + 1 + k] | 0x20 == word[k] | 0x20 { k += 1 }
                    if k == word.count { return true }
                }
                i += 1
            }
            return false
        }
    }

    static func isReplyMarker(_ line: Substring) -> Bool {
        guard line.utf8.count < 200 else { return false }
        if line.contains("##-") && line.contains("-##") { return true }
        let l = line.lowercased()
        return l.contains("reply above this line") || l.contains("write above this line")
            || l.contains("respond above this line") || l.contains("antworten sie oberhalb dieser zeile")
            || l.contains("répondez au-dessus de cette ligne")
    }

    // MARK: Small helpers

    /// Trims ASCII whitespace and newlines at both ends (a byte scan; no Foundation bridging).
    static func trimWhitespace(_ s: String) -> String {
        var t = s
        return t.withUTF8 { b in
            var start = 0
            var end = b.count
            func ws(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 || c == 12 }
            while start < end, ws(b[start]) { start += 1 }
            while end > start, ws(b[end - 1]) { end -= 1 }
            if start == 0 && end == b.count { return s }
            return String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
        }
    }

    /// Collapses whitespace runs (including NBSP) to one space and trims.
    static func collapse(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        var space = false
        var prevC2 = false
        for b in s.utf8 {
            if prevC2 {
                prevC2 = false
                if b == 0xA0 {
                    space = !out.isEmpty
                    continue
                }
                if space {
                    out.append(32)
                    space = false
                }
                out.append(0xC2)
            }
            if b == 0xC2 {
                prevC2 = true
                continue
            }
            if b == 32 || b == 9 || b == 10 || b == 13 || b == 12 {
                space = !out.isEmpty
                continue
            }
            if space {
                out.append(32)
                space = false
            }
            out.append(b)
        }
        if prevC2 { out.append(0xC2) }
        return String(decoding: out, as: UTF8.self)
    }

    /// `#4821` / `Ticket #4821` → `4821` (the last `#`-prefixed or the whole trimmed value).
    static func cleanID(_ s: String) -> String {
        if let hash = s.lastIndex(of: "#") {
            let rest = s[s.index(after: hash)...].trimmingCharacters(in: .whitespaces)
            if !rest.isEmpty { return String(rest.prefix { $0 != " " }) }
        }
        return s.trimmingCharacters(in: .whitespaces)
    }

    /// The email address in `s` (`mailto:`, `<a@b>`, bare), lower-cased; `nil` when none.
    static func email(_ s: String) -> String? {
        var t = Substring(s)
        if t.lowercased().hasPrefix("mailto:") { t = t.dropFirst(7) }
        if let q = t.firstIndex(of: "?") { t = t[..<q] }
        for token in t.split(whereSeparator: { $0 == " " || $0 == "<" || $0 == ">" || $0 == "(" || $0 == ")" }) {
            let w = token.trimmingCharacters(in: CharacterSet(charactersIn: "\"',;:[]"))
            guard let at = w.firstIndex(of: "@"), at != w.startIndex else { continue }
            let domain = w[w.index(after: at)...]
            if domain.contains("."), !domain.hasSuffix("."), !w.contains(" ") { return w.lowercased() }
        }
        return nil
    }

    /// `Jane Roe <jane@x.com>` → `Jane Roe`; a bare address stays as it is.
    static func nameBeforeEmail(_ s: String) -> String {
        guard let lt = s.firstIndex(of: "<") else { return s }
        let name = s[..<lt].trimmingCharacters(in: CharacterSet(charactersIn: " \"'"))
        return name.isEmpty ? s : name
    }

    static func sameAuthor(_ name: String, _ email: String?, _ reqName: String?, _ reqEmail: String?) -> Bool {
        if let email, let reqEmail, email == reqEmail { return true }
        if let reqName, !name.isEmpty, name.lowercased() == reqName.lowercased() { return true }
        return false
    }
}
