import Foundation
import RapportCore
import RapportText

/// The fallback for layouts no profile knows: finds repeated sibling blocks that each carry a
/// date-like part, a name-like part and a text body.
///
/// One iterative post-order walk (no recursion, so deep nesting is safe; linear in the page) keeps a
/// small summary per node (text length, first date-like and name-like parts). At each element, the
/// element children are grouped by tag and class; a group of two or more scores
/// `share of blocks with date, name and body × size factor` (0.8 for two blocks, 0.9 for three, 1 for
/// four or more). The best group wins; its score is the confidence reported.
struct TicketGeneric {
    struct Summary {
        var textLength = 0
        var date: String?
        var dateNode: HTMLNode?
        var name: String?
        var nameEmail: String?
        var nameNode: HTMLNode?
        var nameScore = 0
    }

    struct Candidate {
        var confidence: Double
        var nodes: [HTMLNode]
        var summaries: [Summary]
        var signature: String
    }

    static let dropped: Set<String> = [
        "head", "script", "style", "template", "noscript", "svg", "iframe", "object", "nav", "form", "select",
        "option", "button", "textarea",
    ]
    static let nameHints = ["author", "user", "name", "from", "sender", "requester", "agent", "commenter", "who"]
    static let labelWords: Set<String> = [
        "reply", "edit", "delete", "quote", "share", "report", "comments", "comment", "attachments", "more",
        "less", "show", "hide", "print", "close", "open", "menu", "home", "back", "next", "previous", "top",
        // Header-row labels (From / To / Subject rows of a message block, in the languages of the dates).
        "from", "to", "cc", "bcc", "subject", "von", "an", "betreff", "de", "para", "asunto", "objet", "à",
    ]

    /// Finds the best repeated block group, or `nil` when the page has none.
    static func detect(root: HTMLNode) -> Candidate? {
        struct Frame {
            var node: HTMLNode
            var children: [HTMLNode]
            var next = 0
            var summaries: [(HTMLNode, Summary)] = []
        }
        var best: Candidate?
        var stack = [Frame(node: root, children: root.children)]
        var finished: Summary?
        while !stack.isEmpty {
            if let s = finished {
                let child = stack[stack.count - 1].children[stack[stack.count - 1].next - 1]
                stack[stack.count - 1].summaries.append((child, s))
                finished = nil
            }
            let top = stack.count - 1
            if stack[top].next < stack[top].children.count {
                let child = stack[top].children[stack[top].next]
                stack[top].next += 1
                if child.isText {
                    finished = textSummary(child, parent: stack[top].node)
                } else if child.isElement, !dropped.contains(child.name), !isHidden(child) {
                    stack.append(Frame(node: child, children: child.children))
                } else {
                    finished = Summary()
                }
                continue
            }
            let frame = stack.removeLast()
            if let c = evaluate(frame.summaries),
                c.confidence > (best?.confidence ?? 0) + 1e-9
                    || (abs(c.confidence - (best?.confidence ?? -1)) < 1e-9 && c.nodes.count > (best?.nodes.count ?? 0))
            {
                best = c
            }
            let summary = elementSummary(frame.node, frame.summaries)
            if stack.isEmpty { break }
            finished = summary
        }
        return best
    }

    /// An element the page did not show when it was saved: the `hidden` attribute or an inline
    /// `display: none` (a saved page keeps the other open tickets' tabs this way — Zammad's task tabs).
    /// Class-based hiding is not taken: classes such as `hide` also mark folded header rows that hold
    /// the author.
    static func isHidden(_ node: HTMLNode) -> Bool {
        if node.attribute("hidden") != nil { return true }
        guard let style = node.attribute("style") else { return false }
        let compact = style.lowercased().utf8.filter { $0 != 32 && $0 != 9 }
        return compact.starts(with: Array("display:none".utf8))
            || compact.split(separator: 59).contains { $0.elementsEqual("display:none".utf8) }
    }

    static func textSummary(_ node: HTMLNode, parent: HTMLNode) -> Summary {
        let text = TicketExtractor.collapse(node.textContent)
        var s = Summary(textLength: text.utf8.count)
        guard !text.isEmpty, text.utf8.count <= 80 else { return s }
        if looksLikeDate(text) {
            s.date = text
            s.dateNode = parent
        } else if looksLikeName(text) {
            s.name = text
            s.nameNode = parent
            s.nameScore = 1
            s.nameEmail = TicketExtractor.email(text)
        }
        return s
    }

    static func elementSummary(_ node: HTMLNode, _ children: [(HTMLNode, Summary)]) -> Summary {
        var s = Summary()
        for (_, c) in children {
            s.textLength += c.textLength
            // Once an entry's header gave a name (bold or better) and a date, names further down are the
            // body's: a `mailto:` in a company footer is not the author.
            let headerDone = s.nameScore >= 2 && s.date != nil
            if s.date == nil, let d = c.date {
                s.date = d
                s.dateNode = c.dateNode
            }
            if c.nameScore > s.nameScore && !headerDone {
                s.name = c.name
                s.nameNode = c.nameNode
                s.nameScore = c.nameScore
                s.nameEmail = c.nameEmail
            }
        }
        let name = node.name
        for attr in ["datetime", "data-datetime", "data-time", "title"] {
            if let v = node.attribute(attr), v.utf8.count <= 80, looksLikeDate(v),
                attr != "title" || name == "time" || name == "abbr" || name == "span" || name == "a"
            {
                s.date = v
                s.dateNode = node
                break
            }
        }
        // An element that names a person outranks a bare short text.
        let hint = ((node.attribute("class") ?? "") + " " + (node.attribute("itemprop") ?? "")).lowercased()
        var score = 0
        if let href = node.attribute("href"), href.lowercased().hasPrefix("mailto:") {
            score = 4
            let text = TicketExtractor.collapse(node.textContent)
            let email = TicketExtractor.email(href)
            if looksLikeName(text) || email != nil {
                let label = looksLikeName(text) ? text : (email ?? text)
                setName(&s, label, email, node, score)
            }
        } else if nameHints.contains(where: { hint.contains($0) }) {
            score = 3
        } else if ["strong", "b", "h3", "h4", "h5", "cite"].contains(name) {
            score = 2
        }
        if score >= 2 && score < 4 && s.textLength <= 80 {
            let text = TicketExtractor.collapse(node.textContent)
            if looksLikeName(text) { setName(&s, text, TicketExtractor.email(text), node, score) }
        }
        return s
    }

    private static func setName(_ s: inout Summary, _ name: String, _ email: String?, _ node: HTMLNode, _ score: Int) {
        if score > s.nameScore {
            s.name = name
            s.nameEmail = email ?? s.nameEmail
            s.nameNode = node
            s.nameScore = score
        }
    }

    /// Scores the groups of repeated element children of one parent.
    ///
    /// Children are grouped by tag and class list, and also by tag and first class alone: helpdesks mark
    /// an entry's kind with a modifier class after the block's own (`thread thread-type-customer` /
    /// `thread thread-type-note`, `ticket-article-item agent is-internal`), so exact class lists would
    /// split one conversation into groups of one. Both groupings compete; a tie goes to the larger group.
    static func evaluate(_ children: [(HTMLNode, Summary)]) -> Candidate? {
        var groups: [String: [Int]] = [:]
        var order: [String] = []
        for (i, (node, _)) in children.enumerated() where node.isElement {
            let tokens = (node.attribute("class") ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }
            )
            let key = node.name + "." + tokens.sorted().joined(separator: " ")
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(i)
            // The block's own class (its first): one group whatever the members' other classes.
            if let own = tokens.first {
                let base = node.name + "." + own + " *"
                if groups[base] == nil { order.append(base) }
                groups[base, default: []].append(i)
            }
        }
        var best: Candidate?
        for key in order {
            guard let idx = groups[key], idx.count >= 2 else { continue }
            var good = 0
            for i in idx {
                let s = children[i].1
                let own = s.textLength - (s.name?.utf8.count ?? 0) - (s.date?.utf8.count ?? 0)
                if s.date != nil && s.name != nil && own >= 8 { good += 1 }
            }
            let factor = idx.count >= 4 ? 1.0 : (idx.count == 3 ? 0.9 : 0.8)
            let confidence = Double(good) / Double(idx.count) * factor
            if confidence > (best?.confidence ?? 0) + 1e-9
                || (abs(confidence - (best?.confidence ?? -1)) < 1e-9 && idx.count > (best?.nodes.count ?? 0))
            {
                best = Candidate(
                    confidence: confidence, nodes: idx.map { children[$0].0 }, summaries: idx.map { children[$0].1 },
                    signature: key)
            }
        }
        return best
    }

    // MARK: Heuristics

    static func looksLikeDate(_ text: String) -> Bool {
        let b = Array(text.utf8)
        guard b.count >= 6, b.count <= 80 else { return false }
        var hasSeparatedDigits = false
        var hasMonth = false
        var i = 0
        while i < b.count {
            if TicketDateParser.isDigit(b[i]), i + 2 < b.count, b[i + 1] == 47 || b[i + 1] == 45 || b[i + 1] == 46,
                TicketDateParser.isDigit(b[i + 2])
            {
                hasSeparatedDigits = true
            }
            if TicketDateParser.isLetter(b[i]), i == 0 || !TicketDateParser.isLetter(b[i - 1]) {
                var j = i
                if TicketDateParser.monthName(b, &j) != nil, j == b.count || !TicketDateParser.isLetter(b[j]) {
                    hasMonth = true
                }
            }
            i += 1
        }
        guard hasSeparatedDigits || hasMonth else { return false }
        return TicketDateParser().parse(text) != nil
    }

    static func looksLikeName(_ text: String) -> Bool {
        let n = text.utf8.count
        guard n >= 2, n <= 60 else { return false }
        if let e = TicketExtractor.email(text), e.utf8.count + 2 >= n { return true }
        let words = text.split(separator: " ")
        guard words.count <= 5, let first = text.unicodeScalars.first else { return false }
        guard first.properties.isUppercase || first.properties.isAlphabetic && !first.isASCII else { return false }
        if text.utf8.contains(where: { $0 == 58 || ($0 >= 48 && $0 <= 57) || $0 == 63 || $0 == 33 }) {
            if TicketExtractor.email(text) == nil { return false }
        }
        if words.count == 1 && labelWords.contains(text.lowercased()) { return false }
        // Initials ("JN": an avatar's text) are not a name.
        if words.count == 1 && n <= 3 && text.utf8.allSatisfy({ $0 >= 65 && $0 <= 90 }) { return false }
        if text.hasSuffix(".") { return false }
        return true
    }

    /// Builds entries from the winning group.
    static func page(
        _ c: Candidate, charset: String, subject: String, threshold: Double
    ) -> TicketPage {
        var page = TicketPage(
            profile: "generic", matchedBy: "generic (\(c.signature))", confidence: c.confidence, system: "ticket",
            ticketID: nil, subject: subject, tags: [], charset: charset, entries: [], notes: [])
        let parser = TicketDateParser()
        for (i, (node, s)) in zip(c.nodes, c.summaries).enumerated() {
            let author =
                s.name.map {
                    TicketExtractor.email($0) != nil && $0.contains("<") ? TicketExtractor.nameBeforeEmail($0) : $0
                }
                ?? ""
            let email = s.nameEmail
            let dateText = s.date ?? ""
            let date = parser.parse(dateText)
            var skip: Set<HTMLNode> = []
            if let n = s.nameNode, n != node { skip.insert(n) }
            if let n = s.dateNode, n != node { skip.insert(n) }
            var quoted: Set<HTMLNode> = []
            let doc = node  // quotes are found by a bounded walk below
            collectQuotes(doc, into: &quoted)
            var (text, q, signature) = TicketExtractor.bodyText(node, dropped: skip, quoted: quoted)
            // Lines that only repeat the name or date (when they sat directly in the block) go.
            text = text.split(separator: "\n", omittingEmptySubsequences: false)
                .filter {
                    $0 != Substring(author) && $0 != Substring(dateText)
                        && $0.unicodeScalars.contains(where: { $0.properties.isAlphabetic || ("0"..."9").contains($0) })
                }
                .joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            page.entries.append(
                TicketEntry(
                    index: i, author: author, authorEmail: email, role: .unknown,
                    roleReason: "generic: not the first author",
                    dateText: dateText, date: date, isInternal: false, text: text, quotedChars: q,
                    signature: signature))
        }
        // Roles in time order: the first author is the requester — on a page listed newest first
        // (``TicketPage/isNewestFirst``), the author of the last entry; on a page whose dated entries are
        // otherwise out of time order (FreeScout lists newest first, with a status row as old as the reply
        // above it), the author of the oldest entry (``TicketPage/readingOrder``).
        let order = page.readingOrder
        let firstReason =
            page.isNewestFirst
            ? "generic: author of the oldest (last) entry"
            : (order == Array(page.entries.indices)
                ? "generic: author of the first entry" : "generic: author of the oldest entry")
        var requester: String?
        for k in order {
            let author = page.entries[k].author
            guard !author.isEmpty else { continue }
            if requester == nil { requester = author }
            page.entries[k].role = author == requester ? .requester : .agent
            if author == requester { page.entries[k].roleReason = firstReason }
        }
        if c.confidence < threshold {
            page.notes.append(
                String(format: "generic reader confidence %.2f is below %.2f", c.confidence, threshold))
        }
        return page
    }

    /// Blockquotes and mail-client quote containers inside `node` (iterative, bounded by the subtree).
    private static func collectQuotes(_ node: HTMLNode, into set: inout Set<HTMLNode>) {
        var stack = node.children
        while let n = stack.popLast() {
            guard n.isElement else { continue }
            let cls = n.attribute("class") ?? ""
            if n.name == "blockquote" || cls.contains("gmail_quote") || cls.contains("yahoo_quoted")
                || cls.contains("moz-cite-prefix") || cls.contains("quoted-text")
            {
                set.insert(n)
                continue
            }
            stack.append(contentsOf: n.children)
        }
    }
}
