public import RapportAnalysis
import RapportCore

/// Replaces names and addresses with stable pseudonyms and drops quoted text, consistently across a
/// whole report, so every output format shares one redaction (`--redact`).
///
/// - People → `Contact-<hex>` (display names) and `contact-<hex>` / `contact-<hex>@account-<hex>`
///   (ids, addresses); domains and account names → `account-<hex>`; message ids → `msg-<hex>`, thread
///   keys → `thread-<hex>`; input paths → `input-<n>.<ext>`.
/// - `<hex>` is a keyed hash (HMAC-SHA-256 under ``key``, first 6 hex digits, lengthened on a
///   collision), so the same person gets the same pseudonym in every report made with the same key.
///   With the default key anyone can confirm a guessed address; pass a secret key to prevent that.
/// - Evidence and open-item quotes, and titles (parsed from message text), are removed; free text (warning summaries, evidence reasons,
///   component details, gates, problems, the "us" explanation) has known names, addresses and
///   domains replaced, any other address-like token hashed, and quoted spans (`'…'`, `"…"`, `“…”`)
///   replaced by `[redacted]`.
public struct Redactor: Sendable {
    /// The default pseudonym key (public: stable but guessable; see type docs).
    public static let defaultKey = "rapport-redact-v1"

    public let key: [UInt8]

    public init(key: String = Redactor.defaultKey) {
        self.key = Array(key.utf8)
    }

    /// A redacted copy of `report` with the default key.
    public static func redact(_ report: AnalysisReport) -> AnalysisReport {
        Redactor().redact(report)
    }

    /// A redacted copy of `report`.
    public func redact(_ report: AnalysisReport) -> AnalysisReport {
        var map = PseudonymMap(key: key)
        map.learn(report)
        for (i, input) in report.inputs.enumerated() {
            map.addPath(input.path, Self.inputName(input.path, index: i + 1))
        }
        var r = report
        r.inputs = report.inputs.enumerated().map { i, input in
            var input = input
            input.path = Self.inputName(input.path, index: i + 1)
            input.summary.problems = input.summary.problems.map { map.scrub($0) }
            return input
        }
        r.summary.problems = report.summary.problems.map { map.scrub($0) }
        r.notes = report.notes.map { $0.map { map.scrub($0) } }
        r.us = Us(
            identities: Set(report.us.identities.map { map.identity($0) }),
            internalDomains: Set(report.us.internalDomains.map { map.domain($0) }),
            slackTeams: Set(report.us.slackTeams.map { map.domain($0) }), inferred: report.us.inferred,
            explanation: map.scrub(report.us.explanation))
        r.accounts = report.accounts.map { account in
            var a = account
            a.id = map.domain(account.id)
            a.name = account.name == account.id ? a.id : map.accountName(account.id)
            a.score = redact(account.score, &map)
            a.contacts = account.contacts.map { redact($0, &map) }
            return a
        }
        r.unaffiliated = report.unaffiliated.map { redact($0, &map) }
        r.warnings = report.warnings.map { w in
            var w = w
            w.contact = map.identity(w.contact)
            w.account = w.account.map { map.domain($0) }
            w.summary = map.scrub(w.summary)
            w.evidence = w.evidence.map { redact($0, &map) }
            return w
        }
        return r
    }

    private func redact(_ c: ContactResult, _ map: inout PseudonymMap) -> ContactResult {
        var c = c
        let original = c.id
        c.id = map.identity(original)
        c.displayName = map.displayName(original)
        c.email = c.email.map { map.identity($0) }
        c.account = c.account.map { map.domain($0) }
        // Titles are parsed from message text (signatures), so they can carry quoted words: dropped.
        c.title = nil
        c.aliases = c.aliases.map { IdentityLink(id: map.identity($0.id), via: $0.via, strong: $0.strong) }
        c.score = redact(c.score, &map)
        c.dynamics.openItems = c.dynamics.openItems.map { item in
            var item = item
            item.messageID = map.messageID(item.messageID)
            item.thread = map.thread(item.thread)
            item.quote = nil
            return item
        }
        return c
    }

    private func redact(_ s: ScoreResult, _ map: inout PseudonymMap) -> ScoreResult {
        var s = s
        s.gates = s.gates.map { map.scrub($0) }
        s.components = s.components.map { c in
            var c = c
            c.detail = map.scrub(c.detail)
            return c
        }
        s.evidence = s.evidence.map { redact($0, &map) }
        return s
    }

    private func redact(_ e: EvidenceItem, _ map: inout PseudonymMap) -> EvidenceItem {
        EvidenceItem(messageID: map.messageID(e.messageID), date: e.date, reason: map.scrub(e.reason), quote: nil)
    }

    /// `input-<n>` plus the original extension when it is short and alphanumeric (`.mbox`, `.zip`).
    static func inputName(_ path: String, index: Int) -> String {
        let last = path.split(separator: "/").last.map(String.init) ?? path
        if let dot = last.lastIndex(of: "."), dot != last.startIndex {
            let ext = last[last.index(after: dot)...]
            if (1...8).contains(ext.count), ext.utf8.allSatisfy({ isAlnum($0) }) {
                return "input-\(index).\(ext.lowercased())"
            }
        }
        return "input-\(index)"
    }
}

@inline(__always) func isAlnum(_ b: UInt8) -> Bool {
    (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
}

/// Original → pseudonym tables, built once per report so every mention maps the same way.
struct PseudonymMap {
    let key: [UInt8]
    /// Lower-cased token → replacement, for scrubbing free text.
    private var tokens: [String: String] = [:]
    /// Display names (full) → replacement, for scripts without spaces between words.
    private var fullNames: [(String, String)] = []
    private var taken: [String: String] = [:]
    /// Input paths (and their last components) → `input-<n>`, replaced as substrings.
    private var paths: [(String, String)] = []
    private var cache: [String: String] = [:]
    private var displayNames: [String: String] = [:]

    init(key: [UInt8]) { self.key = key }

    /// Words of organisation names that are not identifying on their own.
    static let orgStopwords: Set<String> = [
        "the", "and", "of", "inc", "ltd", "llc", "co", "corp", "company", "group", "gmbh", "ag", "sa", "plc", "limited",
    ]

    /// Registers every name, address and domain the report mentions.
    mutating func learn(_ report: AnalysisReport) {
        var contacts: [ContactResult] = report.unaffiliated
        var domains: Set<String> = report.us.internalDomains.union(report.us.slackTeams.map { $0.lowercased() })
        for a in report.accounts {
            contacts += a.contacts
            domains.insert(a.id.lowercased())
            addToken(a.name, domain(a.id), ambiguous: "account-[redacted]")
            for part in words(a.name) where !Self.orgStopwords.contains(part.lowercased()) {
                addToken(part, domain(a.id), ambiguous: "account-[redacted]")
            }
        }
        var nameOwners: [String: Set<String>] = [:]
        for c in contacts {
            for id in [c.id, c.email].compactMap({ $0 }) + c.aliases.map(\.id) {
                addToken(id, identity(id), ambiguous: "[address]")
                if let d = domainOf(id) { domains.insert(d) }
            }
            if let acct = c.account { domains.insert(acct.lowercased()) }
            let name = c.displayName.trimmed
            if !name.isEmpty {
                for part in words(name) { nameOwners[part.lowercased(), default: []].insert(c.id) }
                fullNames.append((name, displayName(c.id)))
            }
            displayNames[c.id] = displayName(c.id)
        }
        for id in report.us.identities {
            addToken(id, identity(id), ambiguous: "[address]")
            if let d = domainOf(id) { domains.insert(d) }
        }
        for d in domains.sorted() { addToken(d, domain(d), ambiguous: "account-[redacted]") }
        for (part, owners) in nameOwners.sorted(by: { $0.key < $1.key }) {
            let replacement = owners.count == 1 ? displayName(owners.first!) : "[name]"
            addToken(part, replacement, ambiguous: "[name]")
        }
        fullNames.sort { $0.0.utf8.count != $1.0.utf8.count ? $0.0.utf8.count > $1.0.utf8.count : $0.0 < $1.0 }
    }

    /// Registers an input path; free text mentioning it (or its file name) gets the replacement.
    mutating func addPath(_ path: String, _ replacement: String) {
        var candidates = [path]
        if let last = path.split(separator: "/").last, last.utf8.count >= 3 { candidates.append(String(last)) }
        for c in candidates where !c.isEmpty { paths.append((c, replacement)) }
        paths.sort { $0.0.utf8.count != $1.0.utf8.count ? $0.0.utf8.count > $1.0.utf8.count : $0.0 < $1.0 }
    }

    private mutating func addToken(_ original: String, _ replacement: String, ambiguous: String) {
        let k = original.lowercased()
        guard k.utf8.count >= 2 else { return }
        if let existing = tokens[k], existing != replacement {
            // Two different people or organisations share this token: never guess which.
            tokens[k] = ambiguous
        } else {
            tokens[k] = replacement
        }
    }

    // MARK: Pseudonyms

    private mutating func pseudonym(_ prefix: String, _ original: String) -> String {
        let cacheKey = prefix + "\u{0}" + original
        if let hit = cache[cacheKey] { return hit }
        let hex = SHA256.hex(SHA256.hmac(key: key, message: Array((prefix + ":" + original).utf8)))
        var length = 6
        var candidate = prefix + "-" + hex.prefix(length)
        while let owner = taken[candidate], owner != cacheKey, length < hex.count {
            length += 2
            candidate = prefix + "-" + hex.prefix(length)
        }
        taken[candidate] = cacheKey
        cache[cacheKey] = candidate
        return candidate
    }

    /// A domain or account id.
    mutating func domain(_ d: String) -> String { pseudonym("account", d.lowercased()) }

    /// The account's display name (capitalized form of its id pseudonym).
    mutating func accountName(_ id: String) -> String { "A" + domain(id).dropFirst() }

    /// A contact id, address or alias: `contact-<hex>` or `contact-<hex>@account-<hex>`.
    mutating func identity(_ id: String) -> String {
        let lower = id.lowercased()
        let person = pseudonym("contact", lower)
        if let d = domainOf(lower) { return person + "@" + domain(d) }
        return person
    }

    /// The display name for the contact with this id.
    mutating func displayName(_ id: String) -> String {
        "C" + pseudonym("contact", id.lowercased()).dropFirst()
    }

    mutating func messageID(_ id: String) -> String { pseudonym("msg", id) }
    mutating func thread(_ id: String) -> String { pseudonym("thread", id) }

    func domainOf(_ s: String) -> String? {
        guard let at = s.lastIndex(of: "@") else { return nil }
        let d = s[s.index(after: at)...]
        return d.isEmpty ? nil : d.lowercased()
    }

    private func words(_ s: String) -> [String] {
        var out: [String] = []
        var cur: [UInt8] = []
        for b in s.utf8 {
            if (isWordByte(b) || b == UInt8(ascii: "'")) && b != UInt8(ascii: ".") && b != UInt8(ascii: "@") {
                cur.append(b)
            } else {
                if cur.count >= 2 { out.append(String(decoding: cur, as: UTF8.self)) }
                cur.removeAll()
            }
        }
        if cur.count >= 2 { out.append(String(decoding: cur, as: UTF8.self)) }
        return out
    }

    // MARK: Free text

    /// Replaces known names, addresses and domains; hashes unknown addresses; drops quoted spans.
    /// `text` with `path` (an input path or its last component) replaced by `replacement` where it stands as
    /// a path: not inside a longer word (an input folder named `mail` left "mailbox" as "input-1box"). What
    /// follows it below the input (`/ext-acme/2026-01-20.json`, a zip entry after `!`) names customers as
    /// often as the input does: it becomes `file-<hex>`, extension kept.
    mutating func replacePath(_ text: String, _ path: String, with replacement: String) -> String {
        let bytes = Array(text.utf8)
        let needle = Array(path.utf8)
        guard !needle.isEmpty, bytes.count >= needle.count else { return text }
        let before: Set<UInt8> = [0x20, 0x09, 0x2F, 0x28, 0x22, 0x27]  // space tab / ( " '
        let after: Set<UInt8> = [0x20, 0x09, 0x2F, 0x21, 0x3A, 0x29, 0x2C, 0x3B, 0x22, 0x27]  // … / ! : ) , ; " '
        let stops: Set<UInt8> = [0x3A, 0x29, 0x2C, 0x3B, 0x22, 0x0A]  // : ) , ; " newline
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let fits =
                i + needle.count <= bytes.count && bytes[i] == needle[0]
                && bytes[i..<(i + needle.count)].elementsEqual(needle)
            let end = i + needle.count
            guard fits, i == 0 || before.contains(bytes[i - 1]), end == bytes.count || after.contains(bytes[end])
            else {
                out.append(bytes[i])
                i += 1
                continue
            }
            out.append(contentsOf: replacement.utf8)
            i = end
            // The path below the input, up to a separator of the surrounding message.
            if i < bytes.count, bytes[i] == 0x2F || bytes[i] == 0x21 {
                var j = i + 1
                while j < bytes.count, !stops.contains(bytes[j]),
                    !(bytes[j] == 0x20 && j + 1 < bytes.count && bytes[j + 1] == 0x28)
                {
                    j += 1
                }
                if j > i + 1 {
                    let rest = String(decoding: bytes[(i + 1)..<j], as: UTF8.self)
                    out.append(bytes[i])
                    out.append(
                        contentsOf: Redactor.inputName(rest, index: 0).replacingAll(
                            "input-0", with: pseudonym("file", rest)
                        ).utf8)
                    i = j
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    mutating func scrub(_ text: String) -> String {
        var s = dropQuotes(text)
        for (path, replacement) in paths where s.contains(path) {
            s = replacePath(s, path, with: replacement)
        }
        if s.utf8.contains(where: { $0 >= 0x80 }) {
            for (name, replacement) in fullNames where s.contains(name) {
                s = s.replacingAll(name, with: replacement)
            }
        }
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        var lastReplacement: [UInt8]? = nil
        var gapSinceReplacement: [UInt8] = []
        while i < bytes.count {
            if !isWordByte(bytes[i]) {
                out.append(bytes[i])
                if lastReplacement != nil { gapSinceReplacement.append(bytes[i]) }
                i += 1
                continue
            }
            var j = i
            while j < bytes.count {
                if isWordByte(bytes[j]) {
                    j += 1
                } else if bytes[j] == UInt8(ascii: "'"), j + 1 < bytes.count,
                    isAlnum(bytes[j + 1]) || bytes[j + 1] >= 0x80
                {
                    // An apostrophe inside a word (O'Neil, Hank's) belongs to it.
                    j += 1
                } else {
                    break
                }
            }
            // Trailing sentence punctuation is not part of the token.
            var end = j
            while end > i, bytes[end - 1] == UInt8(ascii: ".") || bytes[end - 1] == UInt8(ascii: "-") { end -= 1 }
            let token = String(decoding: bytes[i..<end], as: UTF8.self)
            if let replacement = replacement(for: token) {
                let r = Array(replacement.utf8)
                if let last = lastReplacement, last == r, gapSinceReplacement.allSatisfy({ $0 == 32 }) {
                    // "Dana Ruiz" → one pseudonym, not two.
                    out.removeLast(gapSinceReplacement.count)
                } else {
                    out += r
                }
                lastReplacement = r
                gapSinceReplacement = []
            } else {
                out += bytes[i..<end]
                lastReplacement = nil
            }
            out += bytes[end..<j]
            if end < j { lastReplacement = nil }
            i = j
        }
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func replacement(for token: String) -> String? {
        let lower = token.lowercased()
        if let r = tokens[lower] { return r }
        if let apostrophe = token.firstIndex(of: "'") {
            // Possessive or elided forms: "Hank's" → pseudonym + "'s".
            if let r = tokens[token[..<apostrophe].lowercased()], !r.contains("@") { return r + token[apostrophe...] }
        }
        if lower.contains("@") { return identity(lower) }
        // A sub-domain of a known domain.
        var rest = Substring(lower)
        while let dot = rest.firstIndex(of: ".") {
            rest = rest[rest.index(after: dot)...]
            if rest.contains("."), let r = tokens[String(rest)], r.hasPrefix("account-") { return r }
        }
        return nil
    }

    /// Replaces `'…'`, `"…"`, `“…”`, `‘…’`, `«…»` spans with `[redacted]`. An apostrophe inside a
    /// word (`don't`) does not open a quote.
    func dropQuotes(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        let pairs: [UInt32: UInt32] = [0x27: 0x27, 0x22: 0x22, 0x201C: 0x201D, 0x2018: 0x2019, 0xAB: 0xBB]
        while i < scalars.count {
            let c = scalars[i]
            if let close = pairs[c.value] {
                let prevIsLetter = i > 0 && scalars[i - 1].properties.isAlphabetic
                if !(c.value == 0x27 && prevIsLetter) {
                    var j = i + 1
                    var found = -1
                    while j < scalars.count {
                        if scalars[j].value == close {
                            let nextIsLetter = j + 1 < scalars.count && scalars[j + 1].properties.isAlphabetic
                            if !(close == 0x27 && nextIsLetter) {
                                found = j
                                break
                            }
                        }
                        j += 1
                    }
                    if found > i {
                        out.append(contentsOf: "[redacted]".unicodeScalars)
                        i = found + 1
                        continue
                    }
                    if c.value != 0x27 {
                        // An unclosed quote: drop everything after it.
                        out.append(contentsOf: "[redacted]".unicodeScalars)
                        break
                    }
                }
            }
            out.append(c)
            i += 1
        }
        return String(out)
    }
}

@inline(__always) private func isWordByte(_ b: UInt8) -> Bool {
    isAlnum(b) || b >= 0x80 || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "%")
        || b == UInt8(ascii: "+") || b == UInt8(ascii: "-") || b == UInt8(ascii: "@")
}

extension String {
    var trimmed: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }

    /// Replaces every occurrence of `target` (non-empty) with `replacement`, without Foundation.
    func replacingAll(_ target: String, with replacement: String) -> String {
        let t = Array(target.utf8)
        guard !t.isEmpty else { return self }
        let b = Array(utf8)
        var out: [UInt8] = []
        var i = 0
        while i < b.count {
            if b[i] == t[0], i + t.count <= b.count, b[i..<(i + t.count)].elementsEqual(t) {
                out += replacement.utf8
                i += t.count
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
