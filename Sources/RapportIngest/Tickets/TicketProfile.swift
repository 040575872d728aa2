import Foundation
public import RapportCore
import RapportText

/// How to read one helpdesk's ticket page: a detection rule and XPath expressions.
///
/// Built-in profiles are JSON files in `<data>/profiles/tickets/`; a user mapping file
/// (`--ticket-profile FILE`) has the same schema and is tried first. Expressions are XPath 1.0
/// evaluated by libxml2. Ticket-level and `entries` expressions are evaluated on the document;
/// every `entry` expression is evaluated relative to one entry node and must not start with `/`
/// (an absolute path per entry would make reading quadratic). The function `has-class('x')` (native,
/// registered by ``HTMLDocument``) is true when the context element's class list holds the token `x`,
/// like `contains(concat(' ', normalize-space(@class), ' '), ' x ')`. See docs/tickets.md.
public struct TicketProfile: Sendable, Codable, Hashable {
    /// Short identifier (`zendesk-print`), used in message ids and `--explain`.
    public var name: String
    /// Human description of the product and page.
    public var product: String
    /// The product family used in conversation keys (`zendesk` → `zendesk:4821`); defaults to `name`,
    /// so two views of one product (print view, help-center page) share ticket keys.
    public var system: String?
    /// Where the markup was learned from (template names, documentation).
    public var reference: String?
    /// XPath expressions that must all be true (`boolean(...)`) for the profile to apply.
    public var detect: [String]
    /// Literals the page's UTF-8 bytes must contain for `detect` to be worth running: every item must
    /// occur, an item being one literal or a list of alternatives (any one occurs). Each literal is a
    /// piece of a `detect` expression (a class, id or `data-testid` value) that every matching page
    /// spells out; a page lacking one is passed over with a byte search, before any XPath runs.
    public var prefilter: [Choice]?
    /// Ticket-level fields (string expressions on the document).
    public var ticket: TicketFields
    /// Node-set expression selecting the entries (comments, replies, notes) in page order.
    public var entries: String
    /// Per-entry expressions, relative to the entry node.
    public var entry: EntryFields

    public struct TicketFields: Sendable, Codable, Hashable {
        public var id: String?
        public var subject: String?
        public var status: String?
        public var priority: String?
        /// Node-set: each node's text is one tag.
        public var tags: String?
        /// The requester's name and email, when the page shows them apart from the entries.
        public var requester: String?
        public var requesterEmail: String?
        /// The requester's organization as the page names it.
        public var organization: String?
        /// A time zone shown on the page (name, abbreviation or offset), for dates without one.
        public var timeZone: String?

        public init() {}
    }

    /// One XPath expression, or several tried in order (the first non-empty result wins). In JSON: a
    /// string or an array of strings.
    public struct Choice: Sendable, Codable, Hashable {
        public var expressions: [String]

        public init(_ expressions: [String]) { self.expressions = expressions }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let one = try? c.decode(String.self) {
                expressions = [one]
            } else {
                expressions = try c.decode([String].self)
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            if expressions.count == 1 { try c.encode(expressions[0]) } else { try c.encode(expressions) }
        }
    }

    public struct EntryFields: Sendable, Codable, Hashable {
        public var author: Choice
        public var authorEmail: String?
        /// Boolean: the author is an agent.
        public var agent: String?
        /// Boolean: the author is the requester (or another end user).
        public var requester: String?
        /// When neither rule decides: `agent`, `requester`, `unknown`, or `others-are-agents`
        /// (the ticket requester — or the first entry's author — is the requester, everyone else an agent).
        public var defaultRole: String?
        /// String: the timestamp (an attribute such as `.//time/@datetime` is best).
        public var date: Choice?
        /// Date patterns (`MMM d, yyyy HH:mm`), tried before the tolerant heuristics.
        public var dateFormats: [String]?
        /// Zone for dates without one: offset (`+01:00`), abbreviation or IANA name.
        public var timeZone: String?
        /// Numeric dates read day first (`03/04/2024` = 3 April).
        public var dayFirst: Bool?
        /// Node-set: the body (first node).
        public var body: String
        /// String: the `src` of a frame that holds the body (Znuny shows HTML mail in an `iframe`). A page
        /// saved "complete" keeps the frame as a file in its resource folder; when the body has no text of
        /// its own, that file's body is read instead (a missing file: skipped `ticket-body-in-frame`).
        public var bodyFrame: String?
        /// The body is preformatted text (`<pre>`, `white-space: pre-wrap`): its line breaks are kept
        /// as they are instead of being re-flowed like HTML.
        public var preformatted: Bool?
        /// Boolean: the entry is an internal note (agents only).
        public var `internal`: String?
        /// Boolean: the entry is not a message (a status change, a system event): counted and skipped.
        public var skip: String?
        /// Node-sets removed from the body (buttons, attachments, metadata).
        public var drop: [String]?
        /// Node-sets removed from the body and counted as quoted text.
        public var quote: [String]?

        public init(author: String, body: String) {
            self.author = Choice([author])
            self.body = body
        }
    }

    public init(name: String, product: String, detect: [String], entries: String, entry: EntryFields) {
        self.name = name
        self.product = product
        self.detect = detect
        self.ticket = TicketFields()
        self.entries = entries
        self.entry = entry
    }

    private enum CodingKeys: String, CodingKey {
        case name, product, system, reference, detect, prefilter, ticket, entries, entry
    }

    /// Decodes a profile; `ticket`, `system` and `reference` may be left out.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        product = try c.decode(String.self, forKey: .product)
        system = try c.decodeIfPresent(String.self, forKey: .system)
        reference = try c.decodeIfPresent(String.self, forKey: .reference)
        detect = try c.decode([String].self, forKey: .detect)
        prefilter = try c.decodeIfPresent([Choice].self, forKey: .prefilter)
        ticket = try c.decodeIfPresent(TicketFields.self, forKey: .ticket) ?? TicketFields()
        entries = try c.decode(String.self, forKey: .entries)
        entry = try c.decode(EntryFields.self, forKey: .entry)
    }

    /// Quote containers every profile removes (mail clients' quoted history pasted into tickets).
    static let defaultQuotes = [
        ".//blockquote", ".//*[has-class('gmail_quote')]", ".//*[has-class('yahoo_quoted')]",
        ".//*[@id='divRplyFwdMsg']", ".//*[has-class('moz-cite-prefix')]", ".//*[has-class('quoted-text')]",
        ".//div[@type='cite']",
    ]

    // MARK: Expressions

    /// The profile, after checking every expression compiles and entry expressions are relative. Throws `.invalidConfiguration` naming the field.
    func compiled(file: String) throws(RapportError) -> TicketProfile {
        let p = self
        if let role = entry.defaultRole, !["agent", "requester", "unknown", "others-are-agents"].contains(role) {
            throw RapportError(
                .invalidConfiguration,
                "profile \(name): entry.defaultRole '\(role)' is not one of "
                    + "agent, requester, unknown, others-are-agents", file: file)
        }
        if let tz = entry.timeZone, TicketTimeZone(tz) == nil {
            throw RapportError(
                .invalidConfiguration,
                "profile \(name): entry.timeZone '\(tz)' is not an offset, "
                    + "abbreviation or IANA zone name", file: file)
        }
        for (i, item) in (prefilter ?? []).enumerated() {
            for literal in item.expressions where literal.isEmpty || !detect.contains(where: { $0.contains(literal) }) {
                throw RapportError(
                    .invalidConfiguration,
                    "profile \(name): prefilter[\(i)] '\(literal)' does not occur in any detect expression",
                    file: file,
                    remedy: "a prefilter literal must be a class, id or attribute value that detect requires")
            }
        }
        // Compile everything against a tiny document: syntax errors surface here, with the field name.
        let probe = try HTMLDocument(string: "<html><body><div>x</div></body></html>")
        let node = try probe.select("//div").first
        var checks: [(String, String, Bool)] = [("entries", p.entries, false)]
        for (i, d) in p.detect.enumerated() { checks.append(("detect[\(i)]", d, false)) }
        let ticketFields: [(String, String?)] = [
            ("ticket.id", p.ticket.id), ("ticket.subject", p.ticket.subject), ("ticket.status", p.ticket.status),
            ("ticket.priority", p.ticket.priority), ("ticket.tags", p.ticket.tags),
            ("ticket.requester", p.ticket.requester), ("ticket.requesterEmail", p.ticket.requesterEmail),
            ("ticket.organization", p.ticket.organization), ("ticket.timeZone", p.ticket.timeZone),
        ]
        for (k, v) in ticketFields { if let v { checks.append((k, v, false)) } }
        var entryFields: [(String, String?)] = [
            ("entry.authorEmail", p.entry.authorEmail),
            ("entry.agent", p.entry.agent), ("entry.requester", p.entry.requester),
            ("entry.body", p.entry.body), ("entry.bodyFrame", p.entry.bodyFrame),
            ("entry.internal", p.entry.internal), ("entry.skip", p.entry.skip),
        ]
        for (i, d) in p.entry.author.expressions.enumerated() { entryFields.append(("entry.author[\(i)]", d)) }
        for (i, d) in (p.entry.date?.expressions ?? []).enumerated() { entryFields.append(("entry.date[\(i)]", d)) }
        for (i, d) in (p.entry.drop ?? []).enumerated() { entryFields.append(("entry.drop[\(i)]", d)) }
        for (i, d) in (p.entry.quote ?? []).enumerated() { entryFields.append(("entry.quote[\(i)]", d)) }
        for (k, v) in entryFields { if let v { checks.append((k, v, true)) } }
        for (field, expr, relative) in checks {
            if relative, expr.trimmingCharacters(in: .whitespaces).hasPrefix("/") {
                throw RapportError(
                    .invalidConfiguration, "profile \(name): \(field) must be relative to the entry", file: file,
                    remedy: "start it with '.' (e.g. './/span' instead of '//span'); absolute paths per entry "
                        + "make reading quadratic")
            }
            do {
                _ = try probe.evaluateString(expr, from: relative ? node : nil)
            } catch {
                throw RapportError(
                    .invalidConfiguration, "profile \(name): \(field) is not a valid XPath expression: \(expr)",
                    file: file, remedy: "fix the expression (XPath 1.0)")
            }
        }
        return p
    }

    /// Whether `page` (the page's UTF-8 bytes) holds every ``prefilter`` item; `true` without one.
    /// A byte search (memmem): a page that fails cannot satisfy `detect`, so its XPath is not run.
    func passesPrefilter(_ page: UnsafeRawBufferPointer) -> Bool {
        guard let prefilter else { return true }
        guard let base = page.baseAddress else { return prefilter.isEmpty }
        for item in prefilter {
            var found = false
            for literal in item.expressions where !found {
                var l = literal
                found = l.withUTF8 { lit in ByteSearch.occurs(UnsafeRawBufferPointer(lit), in: base, count: page.count)
                }
            }
            if !found { return false }
        }
        return true
    }

    // MARK: Loading

    /// Reads one profile file. A file read before with the same bytes is not decoded and checked again
    /// (the reader loads the profiles once per page; decoding and compiling them cost more than detection).
    public static func load(file: String) throws(RapportError) -> TicketProfile {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw RapportError(.missingInput, "ticket profile cannot be read", file: file, remedy: "check the path")
        }
        if let known = loaded.profile(file: file, data: data) { return known }
        let profile = try decode(file: file, data: data)
        loaded.store(profile, file: file, data: data)
        return profile
    }

    /// Profiles already loaded in this process, by path, with the bytes they were read from.
    private static let loaded = LoadedProfiles()

    private final class LoadedProfiles: @unchecked Sendable {
        private let lock = NSLock()
        private var byPath: [String: (data: Data, profile: TicketProfile)] = [:]

        func profile(file: String, data: Data) -> TicketProfile? {
            lock.lock()
            defer { lock.unlock() }
            guard let known = byPath[file], known.data == data else { return nil }
            return known.profile
        }

        func store(_ profile: TicketProfile, file: String, data: Data) {
            lock.lock()
            defer { lock.unlock() }
            byPath[file] = (data, profile)
        }
    }

    private static func decode(file: String, data: Data) throws(RapportError) -> TicketProfile {
        let decoded: TicketProfile
        do {
            decoded = try JSONDecoder().decode(TicketProfile.self, from: data)
        } catch let error as DecodingError {
            throw RapportError(
                .invalidConfiguration, "ticket profile is not valid: \(describe(error))", file: file,
                remedy: "see docs/tickets.md for the schema; required: name, product, detect, entries, "
                    + "entry.author, entry.body")
        } catch {
            throw RapportError(.invalidConfiguration, "ticket profile is not valid JSON", file: file)
        }
        return try decoded.compiled(file: file)
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ c: [any CodingKey]) -> String { c.map(\.stringValue).joined(separator: ".") }
        switch error {
        case .keyNotFound(let key, let ctx):
            let p = path(ctx.codingPath + [key])
            return "missing field '\(p)'"
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx):
            return "wrong type at '\(path(ctx.codingPath))'"
        case .dataCorrupted(let ctx):
            return ctx.codingPath.isEmpty ? "not JSON" : "bad value at '\(path(ctx.codingPath))'"
        @unknown default:
            return "not a profile"
        }
    }

    /// The directory holding the built-in profiles: `override`, else `RAPPORT_TICKET_PROFILES`, else
    /// `<data>/profiles/tickets` (see ``DataPaths``; the first candidate holding that folder).
    public static func builtInDirectory(override: String? = nil, dataDirectory: String? = nil) -> String? {
        if let override { return override }
        if let env = ProcessInfo.processInfo.environment["RAPPORT_TICKET_PROFILES"], !env.isEmpty { return env }
        var candidates: [String] = []
        if let root = try? DataPaths.root(explicit: dataDirectory) { candidates.append(root) }
        candidates += DataPaths.candidates(explicit: dataDirectory)
        for dir in candidates {
            let p = dir + "/profiles/tickets"
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: p, isDirectory: &isDir), isDir.boolValue { return p }
        }
        return nil
    }

    /// Loads every `*.json` in `directory`, sorted by file name (detection order).
    public static func loadAll(directory: String) throws(RapportError) -> [TicketProfile] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw RapportError(
                .missingInput, "ticket profile directory cannot be read", file: directory,
                remedy: "pass --data DIR or set RAPPORT_TICKET_PROFILES")
        }
        var result: [TicketProfile] = []
        for name in names.sorted() where name.hasSuffix(".json") && !name.hasPrefix(".") {
            result.append(try load(file: directory + "/" + name))
        }
        return result
    }
}
