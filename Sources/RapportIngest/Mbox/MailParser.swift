import RapportCore
import RapportText

/// Threading facts of one message (ids only).
struct ThreadLinks: Sendable {
    var messageID: String?
    var references: [String] = []
    var inReplyTo: String?
    var gmThread: String?
    /// Outlook/Exchange `Thread-Index` (or a `.msg` file's `PR_CONVERSATION_INDEX`), base64-decoded: a
    /// 22-byte conversation header, then 5 bytes per reply. Only well-formed values are kept.
    var threadIndex: [UInt8]?
    /// Normalized subject without Re:/Fwd: prefixes, and whether it had one.
    var baseSubject: String = ""
    var replyPrefixed = false
    /// Lower-cased addresses of sender and recipients.
    var participants: [String] = []

    /// The id this message answers: In-Reply-To, else the last reference (never itself).
    var parent: String? {
        if let p = inReplyTo, p != messageID { return p }
        if let p = references.last, p != messageID { return p }
        return nil
    }

    init() {}

    /// `from` and `recipients` are lower-cased addresses; `recipients` is evaluated only when the message
    /// has In-Reply-To / References to check, or when `subjectAndParticipants` (needed only by the index
    /// pass, for subject grouping) asks for them.
    init(
        headers h: MailHeaders, from: String?, recipients: @autoclosure () -> [String],
        subjectAndParticipants: Bool = true
    ) {
        messageID = h.first("message-id").flatMap { HeaderDecoder.messageIDs($0).first }
        references = h.first("references").map(HeaderDecoder.messageIDs) ?? []
        inReplyTo = h.first("in-reply-to").flatMap { HeaderDecoder.messageIDs($0).last }
        // Clients that put an address where an id belongs (`In-Reply-To: someone@yahoo.com`): a value
        // equal to the sender's or a recipient's address is not a message id, and would join every
        // message carrying the same junk into one thread.
        if inReplyTo != nil || !references.isEmpty {
            let rcpt = recipients()
            func isAddress(_ id: String) -> Bool {
                guard id.utf8.contains(0x40) else { return false }
                let l = id.lowercased()
                return l == from || rcpt.contains(l)
            }
            if let irt = inReplyTo, isAddress(irt) { inReplyTo = nil }
            references.removeAll(where: isAddress)
        }
        if let t = h.first("thread-index") {
            let ti = Transfer.base64(t)
            if ti.count >= 22, ti.count <= 22 + 5 * 200, (ti.count - 22) % 5 == 0 { threadIndex = ti }
        }
        if let t = h.first("x-gm-thrid") {
            let s = String(decoding: t.filter { $0 > 0x20 && $0 < 0x7F }, as: UTF8.self)
            if !s.isEmpty { gmThread = s }
        }
        guard subjectAndParticipants else { return }
        let subject = h.text("subject") ?? ""
        (baseSubject, replyPrefixed) = Self.normalizeSubject(subject)
        var p: [String] = []
        if let from { p.append(from) }
        p += recipients()
        participants = p
    }

    /// Strips reply/forward prefixes (`Re:`, `RE[2]:`, `Fwd:`, `Fw:`, `AW:`, `WG:`, `SV:`, `VS:`, `Antw:`,
    /// `Réf:`, `TR:`, `RV:`, `R:`, `I:`) and list tags (`[list]`); lower-cases and collapses spaces.
    static let externalTags = ["external:", "ext:", "*external*", "(external)", "external -", "external email:"]

    /// Reply and forward prefixes that ``normalizeSubject(_:)`` strips, in the order it tries them.
    static let replyPrefixes = [
        "re", "fwd", "fw", "aw", "wg", "sv", "vs", "antw", "réf", "ref", "tr", "rv", "r", "i", "odp", "enc",
    ]

    static func normalizeSubject(_ s: String) -> (String, Bool) {
        normalizeASCIISubject(s) ?? normalizeAnySubject(s)
    }

    /// ``normalizeSubject(_:)`` on `Character`s, for any subject.
    static func normalizeAnySubject(_ s: String) -> (String, Bool) {
        var v = Substring(s.lowercased())
        var prefixed = false
        let prefixes = replyPrefixes
        var changed = true
        while changed {
            changed = false
            v = v.drop { $0 == " " || $0 == "\t" }
            if v.hasPrefix("["), let close = v.firstIndex(of: "]") {
                let inner = v[v.index(after: v.startIndex)..<close]
                if !inner.contains(" ") || inner.count < 30 {
                    v = v[v.index(after: close)...]
                    changed = true
                    continue
                }
            }
            // Gateways' external-sender tags (`EXTERNAL: Re: plan`, `*EXTERNAL* Re: plan`, `(External) …`);
            // bracketed ones (`[EXTERNAL]`, `[EXT]`) go above. They are no reply prefix.
            if let tag = externalTags.first(where: { v.hasPrefix($0) }) {
                v = v.dropFirst(tag.count)
                changed = true
                continue
            }
            for p in prefixes where v.hasPrefix(p) {
                var rest = v.dropFirst(p.count)
                if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                    rest = rest[rest.index(after: close)...]
                }
                rest = rest.drop { $0 == " " }
                if rest.hasPrefix(":") || rest.hasPrefix("：") {
                    v = rest.dropFirst()
                    prefixed = true
                    changed = true
                    break
                }
            }
        }
        return (HeaderDecoder.collapse(String(v)), prefixed)
    }

    static let replyPrefixBytes = replyPrefixes.map { Array($0.utf8) }
    static let externalTagBytes = externalTags.map { Array($0.utf8) }

    /// ``normalizeSubject(_:)`` on bytes, for a subject of ASCII without CR (nearly all): there every
    /// `Character` is one byte (CR LF, the one two-byte ASCII cluster, is excluded), so each step of the
    /// `Substring` version — lower-casing, prefix tests, counts, `[…]` tags — is the same step on bytes, the
    /// result the same. `nil` for other subjects.
    static func normalizeASCIISubject(_ s: String) -> (String, Bool)? {
        var b = Array(s.utf8)
        for k in b.indices {
            let c = b[k]
            if c >= 0x80 || c == 0x0D { return nil }
            if c >= 0x41 && c <= 0x5A { b[k] = c | 0x20 }
        }
        let n = b.count
        var i = 0
        var prefixed = false
        func startsAt(_ at: Int, _ p: [UInt8]) -> Bool {
            guard n - at >= p.count else { return false }
            for k in 0..<p.count where b[at + k] != p[k] { return false }
            return true
        }
        func close(after at: Int) -> Int? {
            var k = at
            while k < n && b[k] != 0x5D { k += 1 }
            return k < n ? k : nil
        }
        var changed = true
        while changed {
            changed = false
            while i < n && (b[i] == 0x20 || b[i] == 0x09) { i += 1 }
            if i < n, b[i] == 0x5B, let c = close(after: i + 1) {
                if !b[(i + 1)..<c].contains(0x20) || c - (i + 1) < 30 {
                    i = c + 1
                    changed = true
                    continue
                }
            }
            if let tag = externalTagBytes.first(where: { startsAt(i, $0) }) {
                i += tag.count
                changed = true
                continue
            }
            for p in replyPrefixBytes where startsAt(i, p) {
                var rest = i + p.count
                if rest < n, b[rest] == 0x5B, let c = close(after: rest + 1) { rest = c + 1 }
                while rest < n && b[rest] == 0x20 { rest += 1 }
                // The full-width colon of the `Substring` version is not ASCII.
                if rest < n && b[rest] == 0x3A {
                    i = rest + 1
                    prefixed = true
                    changed = true
                    break
                }
            }
        }
        return (HeaderDecoder.collapse(String(decoding: b[i...], as: UTF8.self)), prefixed)
    }
}

/// The outcome of parsing one raw message.
enum ParseOutcome: Sendable {
    case message(ParsedMail)
    case skip(reason: String, problem: String)
}

/// A parsed message plus the facts the reader needs to finish it (threading, evidence, counting).
struct ParsedMail: Sendable {
    var message: Message
    var links: ThreadLinks
    /// Why analysis leaves it out (automated mail), if it does.
    var excludeReason: String?
    var sentLabel: Bool
    var signature: String?
    /// A problem worth reporting that did not stop the message (an unreadable `winmail.dat`, `Date:`).
    var problem: String? = nil
    /// The `Date:` header could not be read (the date came from elsewhere, or there is none).
    var dateUnread = false
}

/// Turns raw message bytes into a ``Message`` (headers, dates, MIME, cleaning, automated-mail flags).
struct MailParser: Sendable {
    let file: String
    let source: SourceKind
    let limits: IngestLimits
    /// Whether ``file`` is a junk folder or mailbox (see ``isJunk(_:source:)``), decided once per file rather than
    /// for each of its messages (the test splits and lower-cases the path).
    private let fileIsJunk: Bool

    init(file: String, source: SourceKind, limits: IngestLimits) {
        self.file = file
        self.source = source
        self.limits = limits
        fileIsJunk = Self.isJunk(file, source: source)
    }

    /// Mail from a junk folder (maildir) or mailbox (mbox) is spam, whatever its headers say.
    static func isJunk(_ file: String, source: SourceKind) -> Bool {
        (source == .maildir && inJunkFolder(file)) || (source == .mbox && isJunkMailbox(file))
    }

    func parse(_ raw: RawMessage) -> ParseOutcome {
        // Built only for a problem: most messages have none, and the text costs a path copy and a number.
        let whereText = { "\(location(raw)) @\(raw.offset)" }
        if let (reason, problem) = raw.skip {
            return .skip(reason: reason, problem: problem.isEmpty ? "" : "\(whereText()): \(problem)")
        }
        if let failure = raw.failure {
            let what = raw.failureReason == "malformed-msg" ? "Outlook .msg" : "Outlook for Mac record"
            return .skip(reason: raw.failureReason, problem: "\(whereText()): unreadable \(what): \(failure)")
        }
        if raw.oversize {
            return .skip(
                reason: "too-large",
                problem: "\(whereText()): message larger than \(limits.maxMessageBytes) bytes skipped")
        }
        if raw.data.allSatisfy({ $0 == 0x0A || $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
            return .skip(reason: "empty", problem: "\(whereText()): empty message")
        }
        return raw.data.withUnsafeBufferPointer { buf in parse(raw, buf, whereText) }
    }

    /// The file a message is located in: ``file``, or `archive.tgz!member` for a message of a tar member
    /// (its offset is then in the member).
    func location(_ raw: RawMessage) -> String { raw.member.map { file + "!" + $0 } ?? file }

    private func parse(_ raw: RawMessage, _ buf: UnsafeBufferPointer<UInt8>, _ whereText: () -> String) -> ParseOutcome
    {
        let file = location(raw)
        guard let (parsed, bodyStart, tooLarge) = MailHeaders.parse(buf, limit: limits.maxHeaderBytes) else {
            return .skip(reason: "malformed-headers", problem: "\(whereText()): no header lines at the start")
        }
        var headers = parsed
        headers.recodeRawValues()
        if tooLarge {
            return .skip(
                reason: "header-too-large",
                problem: "\(whereText()): header block larger than \(limits.maxHeaderBytes) bytes")
        }
        if let long = headers.fields.first(where: { $0.value.count > limits.maxLineBytes }) {
            return .skip(
                reason: "header-line-too-long",
                problem: "\(whereText()): header field '\(long.name)' longer than \(limits.maxLineBytes) bytes")
        }
        if Self.isDeleted(headers) {
            return .skip(reason: "deleted", problem: "\(whereText()): deleted (not compacted) Thunderbird message")
        }
        if raw.draft || Self.isDraft(headers, file: source == .maildir ? file : nil) {
            return .skip(reason: "draft", problem: "\(whereText()): draft (never sent)")
        }
        var from = Self.senderParticipant(headers, fromLine: raw.fromLine)
        if from.displayName.isEmpty, let name = Self.exportedSenderName(headers) { from.displayName = name }
        // Repeated address fields (two `Cc:` lines) are read together, as Python's `email` does.
        var to = headers.all("to").flatMap(HeaderDecoder.addresses).map { Self.participant($0.address, name: $0.name) }
        var cc = headers.all("cc").flatMap(HeaderDecoder.addresses).map { Self.participant($0.address, name: $0.name) }
        // The list's own address among the recipients is a distribution address, not a person.
        if let list = Self.listPostAddress(headers) {
            for i in to.indices where to[i].email == list { to[i].isList = true }
            for i in cc.indices where cc[i].email == list { cc[i].isList = true }
        }
        let subject = headers.text("subject") ?? ""
        var dateUnread = false
        let date = Self.date(headers, fromLine: raw.fromLine, dateUnread: &dateUnread)
        let links = ThreadLinks(
            headers: headers, from: from.email, recipients: to.compactMap(\.email) + cc.compactMap(\.email),
            subjectAndParticipants: false)

        // Body.
        var walker = MIMEWalker(limits: limits)
        walker.walk(headers: headers, body: UnsafeBufferPointer(rebasing: buf[bodyStart...]))
        let content = walker.content
        if let hit = content.limitHit {
            return .skip(reason: hit, problem: "\(whereText()): \(hit) (limit exceeded)")
        }
        let cleaned = TextCleaner.clean(content.text)
        var quoted = cleaned.quotedChars + content.htmlQuotedChars
        if !content.forwardedText.isEmpty { quoted += Self.forwardedChars(content.forwardedText) }

        var flags: MessageFlags = []
        if cleaned.forwarded || !content.forwardedText.isEmpty { flags.insert(.forwarded) }
        if content.encrypted || cleaned.encrypted { flags.insert(.encrypted) }
        var exclude = Automated.classify(
            headers: headers, from: from, subject: subject, content: content, ownText: cleaned.text, flags: &flags)
        if raw.member == nil ? fileIsJunk : Self.isJunk(file, source: source) {
            flags.insert(.bulk)
            exclude = "spam"
        }

        var attributes: [String: String] = [:]
        if let sig = cleaned.signature { attributes["signature"] = sig }
        if cleaned.hasMobileFooter { attributes["mobile_footer"] = "true" }
        if content.fromHTML { attributes["body"] = "html" }
        if content.fromTNEF { attributes["tnef"] = "true" }
        if content.tnefFailure != nil { attributes["tnef"] = "unreadable" }
        if raw.truncated { attributes["truncated"] = "true" }
        if let labels = headers.text("x-gmail-labels"), !labels.isEmpty { attributes["gmail_labels"] = labels }
        // A Date header that could not be read (`Thu Jan 01 00:00:10 +0000`, no year) is kept as written,
        // as tickets keep theirs; the date then comes from Received / the From_ line, or is missing.
        if dateUnread, let text = Self.dateText(headers) { attributes["date_text"] = text }

        let id = links.messageID ?? Self.syntheticID(file: file, offset: raw.offset, headers: headers)
        let message = Message(
            id: id, source: source, locator: SourceLocator(file: file, byteOffset: raw.offset), thread: id,
            parent: links.parent, messageID: links.messageID, from: from, to: to, cc: cc, date: date, channel: .email,
            subject: subject, text: cleaned.text, quotedChars: quoted, flags: flags, attributes: attributes)
        let sent = Self.hasSentLabel(headers.first("x-gmail-labels"))
        return .message(
            ParsedMail(
                message: message, links: links, excludeReason: exclude, sentLabel: sent, signature: cleaned.signature,
                problem: content.tnefFailure.map { "\(whereText()): unreadable winmail.dat (TNEF): \($0)" }
                    ?? (dateUnread ? Self.unreadDateProblem(whereText(), dated: date != nil) : nil),
                dateUnread: dateUnread))
    }

    /// The same value as `Participant.email(_:name:)`, built on bytes (it is called for every address).
    static func participant(_ address: String, name: String) -> Participant {
        var bytes = Array(address.utf8)
        var at: Int?
        for i in 0..<bytes.count {
            let c = bytes[i]
            if c >= 0x41 && c <= 0x5A { bytes[i] = c | 0x20 }
            if c == 0x40 { at = i }
        }
        let lower: String
        if bytes.allSatisfy({ $0 < 0x80 }) {
            lower = String(decoding: bytes, as: UTF8.self)
        } else {
            return Participant.email(address, name: name)
        }
        guard let at else { return Participant(id: lower, email: nil, displayName: name, organization: nil) }
        return Participant(
            id: lower, email: lower, displayName: name,
            organization: String(decoding: bytes[(at + 1)...], as: UTF8.self))
    }

    /// Thunderbird's X-Mozilla-Status with the expunged flag (0x0008): deleted, not yet compacted.
    static func isDeleted(_ h: MailHeaders) -> Bool {
        guard let status = h.first("x-mozilla-status") else { return false }
        let hex = String(decoding: status.filter { $0 > 0x20 }, as: UTF8.self)
        guard let v = UInt32(hex, radix: 16) else { return false }
        return v & 0x0008 != 0
    }

    /// Maildir++ junk folders (Dovecot, Courier, cPanel): `.Junk`, `.Spam`, `.Junk E-mail`, `.Bulk Mail`.
    static func inJunkFolder(_ file: String) -> Bool {
        let parts = file.split(separator: "/")
        guard parts.count >= 3 else { return false }
        let folder = parts[parts.count - 3].lowercased()
        return folder == ".junk" || folder == ".spam" || folder == ".junk e-mail" || folder == ".bulk mail"
            || folder.hasSuffix(".junk") || folder.hasSuffix(".spam")
    }

    /// A Thunderbird or Apple Mail junk mailbox: a file `Junk` / `Spam` (also `.mbox`), or the `mbox` of
    /// a `Junk.mbox` bundle.
    static func isJunkMailbox(_ file: String) -> Bool {
        let parts = file.split(separator: "/")
        guard var name = parts.last?.lowercased() else { return false }
        if name == "mbox", parts.count >= 2 { name = parts[parts.count - 2].lowercased() }
        if name.hasSuffix(".mbox") { name.removeLast(5) }
        return name == "junk" || name == "spam" || name == "junk e-mail" || name == "bulk mail"
    }

    /// Gmail label names of drafts in Takeout (the label is written in the account's language).
    static let draftLabels: Set<String> = [
        "Drafts", "Draft", "Entwürfe", "Brouillons", "Borradores", "Bozze", "Concepten", "Rascunhos", "Utkast",
        "Kladder", "Luonnokset", "Wersje robocze", "Черновики", "下書き", "草稿", "임시보관함",
    ]

    /// A draft, never sent: Thunderbird's `X-Mozilla-Draft-Info`, Outlook's `X-Unsent: 1`, Apple Mail's
    /// `X-Uniform-Type-Identifier: com.apple.mail-draft`, Gmail's Drafts label, or a maildir file whose
    /// info flags (`:2,…`, `!2,…`, see ``maildirFlags(_:)``) include `D`.
    static func isDraft(_ h: MailHeaders, file: String?) -> Bool {
        if h.has("x-mozilla-draft-info") { return true }
        if let v = h.first("x-unsent"), v.filter({ $0 > 0x20 }) == [0x31] { return true }
        if let v = h.first("x-uniform-type-identifier"),
            HeaderDecoder.find(v.map { $0 | 0x20 }, Array("com.apple.mail-draft".utf8)) != nil
        {
            return true
        }
        if let labels = h.first("x-gmail-labels"),
            HeaderDecoder.decodeText(labels).split(separator: ",").contains(where: {
                draftLabels.contains($0.trimmingCharacters(in: " \"\t\r\n"))
            })
        {
            return true
        }
        if let file, let name = file.split(separator: "/").last, let flags = maildirFlags(name) {
            return flags.contains(0x44)
        }
        return false
    }

    /// The info flags of a maildir file name (`…:2,DS` → `DS`): after the last `:2,`, or `!2,` / `;2,`, which
    /// replace the colon where file systems forbid it (offlineimap's and mu's `!`, isync's `;` on Windows;
    /// round-13 triage: mu's test maildir). `nil` when the name has no info part or its flags are not letters.
    static func maildirFlags(_ name: Substring) -> ArraySlice<UInt8>? {
        let u = Array(name.utf8)
        var i = u.count - 3
        while i >= 0 {
            if (u[i] == 0x3A || u[i] == 0x21 || u[i] == 0x3B) && u[i + 1] == 0x32 && u[i + 2] == 0x2C {
                let flags = u[(i + 3)...]
                return flags.allSatisfy({ ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }) ? flags : nil
            }
            i -= 1
        }
        return nil
    }

    /// Unicode scalars of forwarded messages' text, without the blank lines and spaces at its ends: the
    /// part's final newline (before the next MIME delimiter) is not forwarded words, as a quote at the
    /// end of a body does not count the body's final newline.
    static func forwardedChars(_ text: String) -> Int {
        var s = text
        return s.withUTF8 { b in
            var lo = 0
            var hi = b.count
            @inline(__always) func space(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
            while lo < hi && space(b[lo]) { lo += 1 }
            while hi > lo && space(b[hi - 1]) { hi -= 1 }
            var n = 0
            for k in lo..<hi where b[k] & 0xC0 != 0x80 { n += 1 }
            return n
        }
    }

    /// Date header, else the newest Received header's date, else the From_ line.
    /// The message's date: `Date:`, else the newest `Received:`, `Delivery-Date:`, the mbox `From ` line.
    /// A date whose zone is unreadable or whose day does not exist (see ``MailDate/parseChecked(_:)``)
    /// gives way to the next certain source; the first uncertain one is used only when none is certain.
    /// `dateUnread` is set when a `Date:` header is there but cannot be read.
    static func date(_ h: MailHeaders, fromLine: [UInt8]?, dateUnread: inout Bool) -> Timestamp? {
        var uncertain: Timestamp?
        let received = h.all("received")
        if let d = h.first("date") {
            if let (t, certain, zoned) = MailDate.parseFull(d) {
                if certain && !zoned {
                    // No zone (`2019-03-12T10:22:00`, `12.03.19 10:22`): the author's wall clock. The first
                    // Received: with a date gives the instant when it is within 26 h of it.
                    for r in received {
                        guard let semi = r.lastIndex(of: 0x3B),
                            let (rt, rc) = MailDate.parseChecked(Array(r[(semi + 1)...]))
                        else { continue }
                        if rc, let fixed = zoneless(t, received: rt) { return fixed }
                        break
                    }
                    return t
                }
                if certain { return t }
                uncertain = t
            } else {
                dateUnread = true
            }
        }
        for r in received {
            if let semi = r.lastIndex(of: 0x3B), let (t, certain) = MailDate.parseChecked(Array(r[(semi + 1)...])) {
                if certain { return t }
                if uncertain == nil { uncertain = t }
            }
        }
        if let h = h.first("delivery-date"), let (t, certain) = MailDate.parseChecked(h) {
            if certain { return t }
            if uncertain == nil { uncertain = t }
        }
        if let line = fromLine, line.count > 5 {
            var i = 5
            while i < line.count && line[i] == 0x20 { i += 1 }
            while i < line.count && line[i] != 0x20 { i += 1 }
            if let t = MailDate.parse(Array(line[i...])) { return t }
        }
        return uncertain
    }

    /// The participant a message is from: ``sender(_:)``, else the `Sender:` or `Return-Path:` address, else
    /// the mbox `From ` line's sender, else `unknown`.
    static func senderParticipant(_ headers: MailHeaders, fromLine: [UInt8]?) -> Participant {
        senderParticipant(headers, fromLine: fromLine, sender: Self.sender(headers))
    }

    /// ``senderParticipant(_:fromLine:)`` with ``sender(_:)`` already read (the index pass reads it anyway).
    static func senderParticipant(
        _ headers: MailHeaders, fromLine: [UInt8]?, sender: (name: String, address: String)?
    ) -> Participant {
        var fromAddr = sender ?? headers.first("sender").flatMap { HeaderDecoder.addresses($0).first }
        if fromAddr == nil, let rp = headers.first("return-path").flatMap({ HeaderDecoder.addresses($0).first }) {
            fromAddr = rp
        }
        if fromAddr == nil, let line = fromLine, let sender = Self.fromLineSender(line), sender != "-" {
            fromAddr = ("", sender)
        }
        return fromAddr.map { Self.participant($0.address, name: $0.name) } ?? Participant(id: "unknown")
    }

    /// The sender's name from `X-From:` when `From:` has an address only: the Enron corpus and other exports
    /// converted from Lotus Notes / Exchange keep it there (`From: phillip.allen@enron.com`, `X-From: Phillip K
    /// Allen`). A value with an address in it, after Notes routing in `<…>` is dropped, is not a name.
    static func exportedSenderName(_ headers: MailHeaders) -> String? {
        guard let text = headers.text("x-from") else { return nil }
        let b = Array(text.utf8)
        func trimmed(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x22 || c == 0x27 }
        var end = b.firstIndex(of: 0x3C) ?? b.count  // "<": Notes routing follows the name
        var start = 0
        while start < end && trimmed(b[start]) { start += 1 }
        while end > start && trimmed(b[end - 1]) { end -= 1 }
        let name = b[start..<end]
        // A name: at most 200 bytes, no address, some letter (ASCII or not).
        guard !name.isEmpty, name.count <= 200, !name.contains(0x40),
            name.contains(where: { $0 >= 0x80 || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) })
        else { return nil }
        return String(decoding: name, as: UTF8.self)
    }

    /// An unreadable `Date:` header's text as kept in `attributes.date_text` (trimmed, at most 200
    /// characters), `nil` when empty.
    static func dateText(_ headers: MailHeaders) -> String? {
        let text = headers.text("date")?.trimmingCharacters(in: .whitespaces) ?? ""
        return text.isEmpty ? nil : String(text.prefix(200))
    }

    /// The ``CopyFingerprint`` that the message with these headers gets once parsed (sender, date and an
    /// unreadable `Date:` header's text are all read from the header block; `sender` is ``sender(_:)``): the
    /// index pass tells copies from different messages under one Message-ID with it, as the parse pass does.
    static func copyFingerprint(
        _ headers: MailHeaders, fromLine: [UInt8]?, sender: (name: String, address: String)?
    ) -> UInt64 {
        var unread = false
        let date = Self.date(headers, fromLine: fromLine, dateUnread: &unread)
        return CopyFingerprint.of(
            fromID: senderParticipant(headers, fromLine: fromLine, sender: sender).id, date: date,
            dateText: unread ? dateText(headers) : nil)
    }

    /// The problem line of a message whose `Date:` header could not be read (its text is kept in
    /// `attributes.date_text`; addresses and words are not printed).
    static func unreadDateProblem(_ whereText: String, dated: Bool) -> String {
        "\(whereText): unreadable Date: header (kept as date_text); "
            + (dated ? "dated from Received:/Delivery-Date:/From line" : "the message is undated")
    }

    /// A zoneless `Date:` (its wall clock `wall`, read as UTC) against the first `Received:` date.
    /// `nil` when they are more than 26 hours apart (UTC−12 to UTC+14 plus delivery: the Date is then
    /// kept as UTC, as before). Otherwise, when the difference is a real UTC offset (a whole hour, or
    /// one of the half- and quarter-hour zones: India, Nepal, Iran, Afghanistan, Myanmar, Newfoundland,
    /// South Australia, …) give or take 5 minutes of delivery, that is the author's offset and the wall
    /// clock is kept with it; else (a slow delivery, a skewed clock) the `Received:` time is taken as it is.
    static func zoneless(_ wall: Timestamp, received: Timestamp) -> Timestamp? {
        let diff = wall.seconds - received.seconds
        guard abs(diff) <= 26 * 3600 else { return nil }
        let hour = (diff >= 0 ? diff + 1800 : diff - 1800) / 3600 * 3600
        var offset: Int64?
        if abs(diff - hour) <= 300, hour >= -12 * 3600, hour <= 14 * 3600 {
            offset = hour
        } else {
            offset = Self.fractionalOffsets.first { abs(diff - $0) <= 300 }
        }
        guard let offset else { return received }
        return Timestamp(seconds: wall.seconds - offset, microseconds: wall.microseconds, utcOffset: Int32(offset))
    }

    /// UTC offsets that are not whole hours (seconds): +03:30 Iran, +04:30 Afghanistan, +05:30 India,
    /// +05:45 Nepal, +06:30 Myanmar, +08:45 Eucla, +09:30/+10:30 South Australia, +12:45 Chatham,
    /// −02:30/−03:30 Newfoundland, −09:30 Marquesas.
    static let fractionalOffsets: [Int64] = [
        12600, 16200, 19800, 20700, 23400, 31500, 34200, 37800, 45900, -9000, -12600, -34200,
    ]

    static func fromLineSender(_ line: [UInt8]) -> String? {
        guard line.count > 5 else { return nil }
        var i = 5
        while i < line.count && line[i] == 0x20 { i += 1 }
        let s = i
        while i < line.count && line[i] != 0x20 { i += 1 }
        guard i > s else { return nil }
        let sender = String(decoding: line[s..<i], as: UTF8.self)
        return sender.contains("@") ? sender : nil
    }

    /// Gmail's Sent label as Takeout writes it in `X-Gmail-Labels`, in the interface languages seen in exports.
    static let sentLabels: Set<String> = [
        "Sent", "Gesendet", "Envoyés", "Messages envoyés", "Enviados", "E-mails enviados", "Inviata", "Posta inviata",
        "Verzonden", "Verzonden berichten", "Wysłane", "Отправленные", "Odeslaná pošta", "Skickat", "Sendt",
        "Lähetetyt", "Gönderilmiş Postalar", "Elküldött levelek", "送信済みメール", "已发邮件", "寄件備份", "보낸편지함",
    ]
    static let sentLabelBytes = sentLabels.filter { $0.utf8.allSatisfy { $0 < 0x80 } }.sorted().map { Array($0.utf8) }

    static func hasSentLabel(_ v: [UInt8]?) -> Bool {
        guard let v else { return false }
        if !v.contains(0x3D) && v.allSatisfy({ $0 < 0x80 }) {
            // ASCII without encoded words: decoding only collapses white space, and every label name
            // below is ASCII letters, so comparing the trimmed raw labels as bytes gives the same answer.
            let n = v.count
            var start = 0
            while start < n {
                var end = start
                while end < n && v[end] != 0x2C { end += 1 }
                var s = start
                var e = end
                while s < e && (v[s] == 0x20 || v[s] == 0x22 || v[s] == 0x09 || v[s] == 0x0D || v[s] == 0x0A) {
                    s += 1
                }
                while e > s
                    && (v[e - 1] == 0x20 || v[e - 1] == 0x22 || v[e - 1] == 0x09 || v[e - 1] == 0x0D
                        || v[e - 1] == 0x0A)
                {
                    e -= 1
                }
                if sentLabelBytes.contains(where: { $0.elementsEqual(v[s..<e]) }) { return true }
                start = end + 1
            }
            return false
        }
        let s = HeaderDecoder.decodeText(v)
        for label in s.split(separator: ",") {
            let t = label.trimmingCharacters(in: " \"")
            if sentLabels.contains(t) { return true }
        }
        return false
    }

    /// A stable id for a message without a usable Message-ID: FNV-1a over locator and key headers.
    static func syntheticID(file: String, offset: Int64, headers: MailHeaders) -> String {
        var h = FNV()
        h.add(Array(file.utf8))
        h.add(Array(String(offset).utf8))
        for name in ["from", "date", "subject", "to"] {
            h.add([0])
            if let v = headers.first(name) { h.add(v) }
        }
        return "rapport-" + h.hex
    }
}

/// FNV-1a 64-bit.
struct FNV {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325
    mutating func add(_ bytes: some Sequence<UInt8>) {
        for b in bytes {
            value ^= UInt64(b)
            value = value &* 0x100_0000_01b3
        }
    }
    var hex: String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
    static func hash(_ s: String) -> UInt64 {
        var h = FNV()
        h.add(s.utf8)
        return h.value
    }
    /// The hash of `prefix` (as UTF-8) followed by `bytes`.
    static func hash(_ prefix: String, bytes: some Sequence<UInt8>) -> UInt64 {
        var h = FNV()
        h.add(prefix.utf8)
        h.add(bytes)
        return h.value
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}

/// Automated mail: auto-replies, bulk/list mail, notifications (DSNs, calendar invitations).
enum Automated {
    static let oofSubjects: [String] = [
        "out of office", "out of the office", "automatic reply", "auto reply", "autoreply", "auto-reply",
        "auto:", "away from the office", "abwesenheitsnotiz", "automatische antwort", "abwesend",
        "nicht im büro", "réponse automatique", "absence du bureau", "absent du bureau", "respuesta automática",
        "fuera de la oficina", "risposta automatica", "fuori ufficio", "fuori sede", "resposta automática",
        "ausente", "automatisch antwoord", "afwezig", "frånvaro", "automatiskt svar", "autosvar",
        "automaattinen vastaus", "odpowiedź automatyczna", "автоматический ответ", "vacation reply",
        "on vacation", "i am away", "i'm away", "automatyczna odpowiedź", "poza biurem", "自動応答", "自動返信",
        "自动回复", "自動回覆", "자동 응답", "otomatik yanıt", "automatická odpověď", "automatikus válasz",
        "răspuns automat", "αυτόματη απάντηση", "автоматична відповідь", "abwesenheit",
        // delivery failures from here on
        "undeliverable:", "delivery status notification", "mail delivery failed", "returned mail:",
        "delivery failure", "undelivered mail",
    ]
    static let oofSubjectBytes = oofSubjects.map { Array($0.utf8) }

    /// Subject prefixes of plain-text read receipts (Exchange/Outlook: `Read: <subject>`), localized.
    static let readReceiptSubjects: [[UInt8]] = [
        "read:", "not read:", "read receipt:", "gelesen:", "ungelesen:", "lu :", "lu:", "non lu :", "non lu:",
        "leído:", "leido:", "no leído:", "letto:", "non letto:", "lido:", "não lido:", "gelezen:", "niet gelezen:",
        "läst:", "oläst:", "læst:", "ulæst:", "lest:", "ulest:", "luettu:", "přečteno:", "przeczytano:",
        "przeczytana:", "прочитано:", "не прочитано:", "開封済み:", "已读:",
    ].map { Array($0.utf8) }

    /// Body phrases of those receipts ("… was read on 5/3/2026 10:02 AM.").
    static let readReceiptBodies: [String] = [
        "was read on", "was not read", "wurde am", "gelesen", "a été lu", "été lu le", "fue leído", "è stato letto",
        "foi lido", "is gelezen", "lästes", "blev læst", "ble lest", "luettiin", "byla přečtena", "została przeczytana",
        "прочитано", "прочитан",
    ]

    /// A plain-text read receipt: a receipt subject prefix and a short body with a receipt phrase
    /// (MDNs sent as `multipart/report` are delivery-status reports already).
    static func isReadReceipt(subject lower: [UInt8], text: String) -> Bool {
        guard readReceiptSubjects.contains(where: { Self.hasPrefix(lower, $0) }), text.utf8.count < 2000 else {
            return false
        }
        let body = text.lowercased()
        return readReceiptBodies.contains { body.contains($0) }
    }
    static let firstDeliverySubject = oofSubjects.firstIndex(of: "undeliverable:") ?? oofSubjects.count

    static let noReplyNames: [String] = [
        "noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", "do_not_reply", "notifications",
        "notification", "bounce", "bounces", "alert", "alerts",
    ]
    static let noReplyPrefixes: [String] =
        noReplyNames.flatMap { [$0 + "+", $0 + "-"] } + ["noreply", "no-reply", "donotreply"]

    static let noReplyNameBytes = noReplyNames.map { Array($0.utf8) }
    static let noReplyPrefixBytes = noReplyPrefixes.map { Array($0.utf8) }

    /// A no-reply local part: one of ``noReplyNames`` or starting with one of ``noReplyPrefixes``.
    /// ASCII local parts (nearly all) compare as bytes, which for these ASCII names is the same as
    /// `String` comparison; others go through `String`.
    static func isNoReply(_ local: Substring) -> Bool {
        var ascii = true
        for b in local.utf8 where b >= 0x80 {
            ascii = false
            break
        }
        guard ascii else {
            return noReplyNames.contains(where: { local == $0 })
                || noReplyPrefixes.contains(where: { local.hasPrefix($0) })
        }
        let bytes = Array(local.utf8)
        return noReplyNameBytes.contains(where: { $0 == bytes })
            || noReplyPrefixBytes.contains(where: { Self.hasPrefix(bytes, $0) }) || hasNoReplyToken(bytes)
    }

    /// A no-reply word inside a longer local part: LinkedIn's `messages-noreply`, Google Calendar's
    /// `calendar-notification`, `info.donotreply`, `mail_no_reply` — a token (between `.`, `-`, `_`,
    /// `+`, case-insensitive) `noreply`, `donotreply`, `notification(s)` or `alert(s)` (round-13 triage:
    /// `security-alerts@`, `billing.alerts@`; not `notify`, which names people's shared boxes: `notify-dana@`),
    /// or the tokens
    /// `no reply` / `do not reply` in a row. A name that merely contains the letters (`renoreplyx`) is
    /// not one.
    static func hasNoReplyToken(_ bytes: [UInt8]) -> Bool {
        func equals(_ r: Range<Int>, _ word: [UInt8]) -> Bool {
            guard r.count == word.count else { return false }
            for (k, w) in zip(r, word) where (bytes[k] >= 0x41 && bytes[k] <= 0x5A ? bytes[k] | 0x20 : bytes[k]) != w {
                return false
            }
            return true
        }
        // The two tokens before the current one, for "no reply" and "do not reply".
        var previous: Range<Int>?
        var beforePrevious: Range<Int>?
        var start = 0
        for i in 0...bytes.count
        where i == bytes.count || bytes[i] == 0x2E || bytes[i] == 0x2D || bytes[i] == 0x5F || bytes[i] == 0x2B {
            defer { start = i + 1 }
            guard i > start else { continue }
            let token = start..<i
            if noReplyTokens.contains(where: { equals(token, $0) }) { return true }
            if equals(token, replyWord), let p = previous {
                if equals(p, noWord) { return true }
                if equals(p, notWord), let b = beforePrevious, equals(b, doWord) { return true }
            }
            beforePrevious = previous
            previous = token
        }
        return false
    }

    static let replyWord = Array("reply".utf8)
    static let noWord = Array("no".utf8)
    static let notWord = Array("not".utf8)
    static let doWord = Array("do".utf8)
    static let noReplyTokens: [[UInt8]] = [
        "noreply", "donotreply", "notification", "notifications", "alert", "alerts",
    ].map { Array($0.utf8) }

    /// Spam kept in the export: Gmail Takeout's "All mail Including Spam and Trash" carries the label
    /// `Spam`; SpamAssassin-style filters add `X-Spam-Flag: YES` / `X-Spam-Status: Yes, …` / `X-Spam: Yes`.
    static func isSpam(_ h: MailHeaders) -> Bool {
        for name in ["x-spam-flag", "x-spam-status", "x-spam"] {
            if let v = h.first(name) {
                let t = v.drop { $0 == 0x20 || $0 == 0x09 }
                if t.count >= 3 && t.prefix(3).map({ $0 | 0x20 }) == Array("yes".utf8)
                    && (t.count == 3 || !((t[t.startIndex + 3] | 0x20) >= 0x61 && (t[t.startIndex + 3] | 0x20) <= 0x7A))
                {
                    return true
                }
            }
        }
        return hasGmailLabel(h, "Spam")
    }

    /// A Google Talk / Hangouts chat that Gmail kept as mail (Takeout's `Chat` label): a transcript of
    /// both sides under one sender, not that person's own words.
    static func isGmailChat(_ h: MailHeaders) -> Bool { hasGmailLabel(h, "Chat") || hasGmailLabel(h, "Chats") }

    /// Whether Takeout's `X-Gmail-Labels` holds the label `name` (exactly, as one of its comma-separated
    /// labels).
    static func hasGmailLabel(_ h: MailHeaders, _ name: String) -> Bool {
        guard let labels = h.first("x-gmail-labels"), HeaderDecoder.find(labels, Array(name.utf8)) != nil else {
            return false
        }
        return HeaderDecoder.decodeText(labels).split(separator: ",").contains {
            $0.trimmingCharacters(in: " \"\t\r\n") == name
        }
    }

    /// A person's post that a mailing list or group delivered (a discussion list, a Google Group used as a
    /// shared support address), as opposed to a newsletter: the list takes posts from its members
    /// (`List-Post` other than `NO`, or a Google Group) or the message answers another (`In-Reply-To` /
    /// `References`) — and it has no one-click unsubscribe (`List-Unsubscribe-Post`, RFC 8058), which
    /// only bulk senders use. `Precedence: junk` and no-reply senders stay bulk regardless; `Precedence:
    /// bulk` too, unless a list delivered the message (see ``isListDelivered(_:)``).
    static func isPersonalListPost(_ h: MailHeaders) -> Bool {
        if h.has("list-unsubscribe-post") { return false }
        if h.has("in-reply-to") || h.has("references") { return true }
        // Google Groups, and majordomo / SmartList lists (vger.kernel.org) that name their posting address.
        if h.has("x-google-group-id") || h.has("x-mailing-list") { return true }
        guard let post = h.first("list-post") else { return false }
        let v = String(decoding: post, as: UTF8.self).lowercased()
        return !v.trimmingCharacters(in: .whitespaces).hasPrefix("no")
    }

    /// Whether a discussion list delivered a person's post under `Precedence: bulk`: majordomo (vger.kernel.org:
    /// `X-Mailing-List`), ezmlm (Apache, Yahoo Groups: `Mailing-List`) put it on every post, and a reply
    /// (`In-Reply-To`/`References`) a list delivered (`List-Id`/`List-Post`) is a person's answer. A
    /// `Precedence: bulk` message with list headers and neither stays bulk (a sender's newsletter).
    static func isListDelivered(_ h: MailHeaders) -> Bool {
        if h.has("x-mailing-list") || h.has("mailing-list") { return true }
        return (h.has("list-id") || h.has("list-post")) && (h.has("in-reply-to") || h.has("references"))
    }

    /// Helpdesks whose mail is recognized by its headers.
    enum Helpdesk { case zendesk, other }

    /// The helpdesk that sent this message, from headers only it writes: Zendesk (`X-Zendesk-From-Account-Id`,
    /// `X-Zendesk-Email-Id`, `X-Mailer: Zendesk Mailer`), osTicket and Freshdesk (`X-Mailer`), ServiceNow
    /// (`X-ServiceNow-Generated`), Jira Service Management (`X-JIRA-FingerPrint`), Salesforce (`X-SFDC-LK`,
    /// `X-SFDC-User`).
    static func helpdeskSender(_ h: MailHeaders) -> Helpdesk? {
        if h.has("x-zendesk-from-account-id") || h.has("x-zendesk-email-id") { return .zendesk }
        if let m = h.first("x-mailer") {
            let v = String(decoding: m, as: UTF8.self).lowercased()
            if v.hasPrefix("zendesk") { return .zendesk }
            if v.hasPrefix("osticket") || v.hasPrefix("freshdesk") || v.hasPrefix("help scout") { return .other }
        }
        if h.has("x-servicenow-generated") || h.has("x-jira-fingerprint") || h.has("x-sfdc-lk")
            || h.has("x-sfdc-user")
        {
            return .other
        }
        return nil
    }

    /// Local parts of helpdesks' robot senders (besides the no-reply names): a shared support address sends
    /// both acknowledgements and agents' answers, so it is evidence only together with acknowledgement wording.
    static let robotLocalParts: Set<String> = [
        "support", "help", "helpdesk", "help-desk", "servicedesk", "service-desk", "tickets", "ticket", "jira",
        "servicenow", "customerservice", "customer.service", "customercare", "customer.care", "care", "service",
        "kundenservice", "autoreply", "auto-reply", "mailer", "system",
    ]

    static func isRobotSender(_ local: Substring) -> Bool { isNoReply(local) || isRobotLocalPart(local) }

    static func isRobotLocalPart(_ local: Substring) -> Bool { robotLocalParts.contains(local.lowercased()) }

    /// `Array(s.lowercased().utf8)`, without the `String` for ASCII text (nearly every subject): there
    /// lower-casing maps `A`–`Z` only.
    static func lowerBytes(_ s: String) -> [UInt8] {
        var b = Array(s.utf8)
        for k in b.indices {
            let c = b[k]
            if c >= 0x80 { return Array(s.lowercased().utf8) }
            if c >= 0x41 && c <= 0x5A { b[k] = c | 0x20 }
        }
        return b
    }

    /// `a.starts(with: p)` for byte arrays (the generic `Sequence` method goes through iterators; the subject
    /// is tested against some 70 prefixes).
    @inline(__always) static func hasPrefix(_ a: [UInt8], _ p: [UInt8]) -> Bool {
        guard a.count >= p.count else { return false }
        for k in 0..<p.count where a[k] != p[k] { return false }
        return true
    }

    /// Subjects of helpdesk acknowledgements (lower case, anywhere in the subject).
    static let acknowledgementSubjects: [[UInt8]] = [
        "request received", "ticket received", "your email was received", "your message was received",
        "has been received", "we received your", "we've received your", "we have received your",
        "ticket has been created", "has been logged", "request has been submitted",
    ].map { Array($0.utf8) }

    /// Subjects naming a ticket and what happened to it: `Ticket #4711 created`, `[Case 00012] opened`.
    static let ticketWords: [[UInt8]] = ["ticket", "request", "case", "incident"].map { Array($0.utf8) }
    static let ticketEvents: [[UInt8]] = [" created", " opened", " received", " logged"].map { Array($0.utf8) }

    /// Status notices and satisfaction surveys of helpdesks (lower case): in a subject that is not a reply,
    /// or in own words of at most 1000 bytes without "I" (as receipts).
    static let statusSubjects: [[UInt8]] = [
        "has been solved", "has been resolved", "has been closed", "request solved", "request closed",
        "rate your", "how did we do", "satisfaction survey", "how would you rate",
    ].map { Array($0.utf8) }
    static let statusPhrases: [String] = [
        "has been solved", "has been marked as solved", "has been resolved", "has been closed",
        "will be closed automatically", "will automatically close", "how would you rate", "rate the support",
        "satisfaction survey",
    ]

    static func isHelpdeskStatusNotice(subject lower: [UInt8], ownText: String) -> Bool {
        if !replyPrefixes.contains(where: { Self.hasPrefix(lower, $0) })
            && statusSubjects.contains(where: { HeaderDecoder.find(lower, $0) != nil })
        {
            return true
        }
        guard !ownText.isEmpty, ownText.utf8.count <= 1000 else { return false }
        let text = ownText.lowercased()
        guard statusPhrases.contains(where: { text.contains($0) }) else { return false }
        return !mentionsI(text)
    }

    /// Whether lower-cased text holds the pronoun "I" (`i`, `i'm`, `i've`, …).
    static func mentionsI(_ text: String) -> Bool {
        text.replacingOccurrences(of: "\u{2019}", with: "'").split(whereSeparator: { !($0.isLetter || $0 == "'") })
            .contains { $0 == "i" || $0.hasPrefix("i'") }
    }

    static let replyPrefixes: [[UInt8]] = ["re:", "re :", "aw:", "sv:", "vs:", "antw:", "r:", "ref:", "rif:"].map {
        Array($0.utf8)
    }

    /// Acknowledgement wording of the own words (lower case): an automated-message notice …
    static let automatedPhrases: [String] = [
        "this is an automated", "this is an automatic", "this is an auto-generated", "automatically generated",
        "automated response", "automated message", "automatic response", "do not reply to this email",
        "do not reply to this e-mail", "do not reply to this message", "this mailbox is not monitored",
    ]

    /// … or a receipt, which counts only in text without "I" (robots speak as "we"; an agent writing "we
    /// received your request and I checked the logs" is a person).
    static let receiptPhrases: [String] = [
        "we received your request", "we have received your request", "we've received your request",
        "we received your email", "we have received your email", "we've received your email",
        "we received your message", "we have received your message", "we've received your message",
        "your request has been received", "your email has been received", "your message has been received",
        "your ticket has been created", "a ticket has been created", "a support ticket has been",
        "your ticket number is", "your request number is", "has been logged", "request has been submitted",
    ]

    /// Acknowledgement wording: in the subject, or in own words of at most 1000 bytes (acknowledgements are
    /// short; an agent's long answer quoting "we received your request" is not one).
    static func isHelpdeskAcknowledgement(subject lower: [UInt8], ownText: String) -> Bool {
        // A reply's subject ("Re: [Request received] …") is the thread's, not this message's.
        if !replyPrefixes.contains(where: { Self.hasPrefix(lower, $0) }) {
            if acknowledgementSubjects.contains(where: { HeaderDecoder.find(lower, $0) != nil }) { return true }
            if ticketWords.contains(where: { HeaderDecoder.find(lower, $0) != nil })
                && ticketEvents.contains(where: { lower.count >= $0.count && Array(lower.suffix($0.count)) == $0 })
            {
                return true
            }
        }
        guard !ownText.isEmpty, ownText.utf8.count <= 1000 else { return false }
        let text = ownText.lowercased().replacingOccurrences(of: "\u{2019}", with: "'")
        if automatedPhrases.contains(where: { text.contains($0) }) { return true }
        guard receiptPhrases.contains(where: { text.contains($0) }) else { return false }
        return !mentionsI(text)
    }

    /// Subject marks of list digests (lower case): Mailman's `Acme-users Digest, Vol 73, Issue 27`, Yahoo!
    /// Groups' `[acme] Digest Number 1234`, Google Groups' `Digest for acme@googlegroups.com - 3 updates in 2
    /// topics` and `Abridged summary of acme@googlegroups.com - …`.
    static let digestSubjects: [[UInt8]] = [" digest, vol ", " digest number "].map { Array($0.utf8) }
    /// Google Groups' digests name the group's address.
    static let groupDigestSubjects: [[UInt8]] = ["digest for ", "abridged summary of "].map { Array($0.utf8) }

    /// A mailing list's digest: many members' posts in one message from the list (Mailman sends it from
    /// `…-request@`), which reads as a person's post to the other rules. A reply to a digest (`Re: …
    /// Digest, Vol …`) is a person's.
    static func isDigest(subject lower: [UInt8], local: Substring) -> Bool {
        guard !replyPrefixes.contains(where: { Self.hasPrefix(lower, $0) }) else { return false }
        if digestSubjects.contains(where: { HeaderDecoder.find(lower, $0) != nil }) { return true }
        if groupDigestSubjects.contains(where: { Self.hasPrefix(lower, $0) }) && lower.contains(0x40) { return true }
        return local.hasSuffix("-request") && HeaderDecoder.find(lower, Array("digest".utf8)) != nil
    }

    /// Sets flags and returns the exclusion reason (or nil for a conversational message).
    static func classify(
        headers h: MailHeaders, from: Participant, subject: String, content: MIMEContent, ownText: String = "",
        flags: inout MessageFlags
    ) -> String? {
        var reason: String?
        func mark(_ f: MessageFlags, _ r: String) {
            flags.insert(f)
            if reason == nil { reason = r }
        }
        let local: Substring
        if let at = AtSign.first(in: from.id) { local = from.id[..<at] } else { local = Substring(from.id) }
        let ctype = h.first("content-type").map(HeaderDecoder.mediaType) ?? ""
        if isSpam(h) { mark(.bulk, "spam") }
        if isGmailChat(h) { mark(.system, "chat-transcript") }
        if content.isReport || ctype == "multipart/report" || local == "mailer-daemon" || local == "postmaster" {
            mark([.notification, .system], "delivery-status")
        }
        if content.hasCalendar || ctype == "text/calendar" { mark([.notification, .system], "calendar") }
        let lowerSubject = lowerBytes(subject)
        let noReply = isNoReply(local)
        // Helpdesk acknowledgements ("We received your request (#1234)"), with or without `Auto-Submitted`;
        // Zendesk puts `Auto-Submitted: auto-generated` on its agents' replies too, so there only the wording
        // tells an acknowledgement from a person's answer (see ``isHelpdeskAcknowledgement``).
        let helpdesk = helpdeskSender(h)
        let autoSubmitted = h.first("auto-submitted").map {
            !String(decoding: $0, as: UTF8.self).lowercased().hasPrefix("no")
        }
        if helpdesk != nil || autoSubmitted == true || noReply || isRobotLocalPart(local) {
            if isHelpdeskAcknowledgement(subject: lowerSubject, ownText: ownText) {
                mark(.autoReply, "auto-reply")
            } else if helpdesk == .zendesk && autoSubmitted == true
                && isHelpdeskStatusNotice(subject: lowerSubject, ownText: ownText)
            {
                // Zendesk's own trigger mail (solved/closed notices, satisfaction surveys) under the same
                // `Auto-Submitted` as its agents' answers.
                mark([.notification, .system], "auto-generated")
            }
        }
        if helpdesk != .zendesk, let v = h.first("auto-submitted") {
            let s = String(decoding: v, as: UTF8.self).lowercased()
            if !s.hasPrefix("no") {
                if s.hasPrefix("auto-replied") {
                    mark(.autoReply, "auto-reply")
                } else {
                    mark([.notification, .system], "auto-generated")
                }
            }
        }
        // Issue trackers' notifications before Bugzilla 4 carried no `Auto-Submitted`: its `X-Bugzilla-*`
        // headers, or a `…-daemon` sender (`bugzilla-daemon@…`), mark them.
        if h.has("x-bugzilla-type") || (local.hasSuffix("-daemon") && local != "mailer-daemon") {
            mark([.notification, .system], "auto-generated")
        }
        if h.has("x-autoreply") || h.has("x-autorespond") || h.has("x-autoreply-from") || h.has("x-mail-autoreply") {
            mark(.autoReply, "auto-reply")
        }
        // `X-Auto-Response-Suppress` asks *recipients* not to auto-answer. Auto-replies carry it, but so does
        // person-written mail from helpdesks (Zendesk, Freshdesk, Jira) and Exchange transport rules, so
        // alone it is no evidence: an auto-reply also has `Auto-Submitted`, `X-Autoreply` or an
        // out-of-office subject, which the other rules catch.
        for (k, p) in oofSubjectBytes.enumerated()
        where Self.hasPrefix(lowerSubject, p) || (p.count > 8 && HeaderDecoder.find(lowerSubject, p) != nil) {
            if k >= firstDeliverySubject {
                mark([.notification, .system], "delivery-status")
            } else {
                mark(.autoReply, "auto-reply")
            }
            break
        }
        if reason == nil && isReadReceipt(subject: lowerSubject, text: content.text) {
            mark([.notification, .system], "read-receipt")
        }
        var listed = h.has("list-id") || h.has("list-unsubscribe") || h.has("list-post")
        if let v = h.first("precedence") {
            let s = String(decoding: v, as: UTF8.self).lowercased().trimmingCharacters(in: " ")
            if s == "bulk" && isListDelivered(h) {
                listed = true
            } else if s == "bulk" || s == "junk" {
                mark(.bulk, "bulk")
            }
            if s == "list" { listed = true }
            if s == "auto_reply" { mark(.autoReply, "auto-reply") }
        }
        if listed && !isPersonalListPost(h) { mark(.bulk, "bulk") }
        if noReply { mark(.bulk, "no-reply-sender") }
        if isDigest(subject: lowerSubject, local: local) { mark(.bulk, "bulk") }
        // Product notifications without list headers, `Auto-Submitted` or a no-reply sender (round-13
        // triage: Slack's weekly summary from `feedback@slack.com`, a shared address its support staff
        // also answer from): the product's own header family, or an unsubscribe line closing a message
        // that answers none.
        if hasNotificationSystemHeader(h) { mark([.notification, .system], "auto-generated") }
        if reason == nil && !h.has("in-reply-to") && !h.has("references")
            && !replyPrefixes.contains(where: { Self.hasPrefix(lowerSubject, $0) }) && hasUnsubscribeFooter(ownText)
        {
            mark(.bulk, "bulk")
        }
        return reason
    }

    /// Header families that only a product's notification system writes (lower case prefixes): Slack's
    /// (`X-Slack-Team-ID`, `X-Slack-Email-Template`, …), GitHub's (`X-GitHub-Reason`, `X-GitHub-Sender`),
    /// GitLab's (`X-GitLab-Project`, `X-GitLab-NotificationReason`) and campaign senders' (`X-Campaign`,
    /// `X-CampaignID`, `X-Campaign-Id`). Not transport stamps (`Feedback-ID`, `X-SES-Outgoing`,
    /// `X-Mailgun-*`, `X-SG-EID`): mail services put them on every message they relay, a helpdesk agent's or
    /// a forum member's answer as much as a notification (docs/mail.md, "Automated mail").
    static let notificationHeaderPrefixes: [[UInt8]] = ["x-slack-", "x-github-", "x-gitlab-", "x-campaign"].map {
        Array($0.utf8)
    }

    static func hasNotificationSystemHeader(_ h: MailHeaders) -> Bool {
        for f in h.fields {
            let name = f.name.utf8
            // Cheap exit: every prefix starts with `x-` and has its third letter among `s`, `g`, `c`.
            guard name.count > 8, name.first == 0x78 else { continue }
            if notificationHeaderPrefixes.contains(where: { name.starts(with: $0) }) { return true }
        }
        return false
    }

    /// Whether the own words end in an unsubscribe line, as notification and newsletter mail do ("… you can
    /// unsubscribe here: https://…", an HTML link's text `Unsubscribe | Manage preferences`): among the last
    /// three non-empty lines, one with "unsubscribe" and a link (`http`, `www.`), or one of at most 80 bytes
    /// that starts with "unsubscribe" and does not ask for it ("Unsubscribe me, please" is a person's
    /// request; so is "Please unsubscribe me from this list", which has no link).
    static func hasUnsubscribeFooter(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { b -> Bool in
            var end = b.count
            var seen = 0
            while end > 0 && seen < 3 {
                while end > 0 && (b[end - 1] == 0x0A || b[end - 1] == 0x20 || b[end - 1] == 0x09) { end -= 1 }
                guard end > 0 else { break }
                var start = end
                while start > 0 && b[start - 1] != 0x0A { start -= 1 }
                seen += 1
                if let u = findFolded(b, start..<end, unsubscribeWord) {
                    if findFolded(b, start..<end, httpWord) != nil || findFolded(b, start..<end, wwwWord) != nil {
                        return true
                    }
                    if u == start && end - start <= 80 && findFolded(b, u..<end, meWord) == nil { return true }
                }
                end = start
            }
            return false
        }
    }

    /// The first position of `p` (lower-case ASCII) in `b[r]`, ASCII letters compared case-insensitively.
    static func findFolded(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, _ p: [UInt8]) -> Int? {
        guard r.count >= p.count else { return nil }
        outer: for i in r.lowerBound...(r.upperBound - p.count) {
            for k in 0..<p.count {
                let c = b[i + k]
                if (c >= 0x41 && c <= 0x5A ? c | 0x20 : c) != p[k] { continue outer }
            }
            return i
        }
        return nil
    }
    static let unsubscribeWord = Array("unsubscribe".utf8)
    static let httpWord = Array("http".utf8)
    static let wwwWord = Array("www.".utf8)
    static let meWord = Array(" me".utf8)
}

extension MailParser {
    /// The author named by `From:`, undoing a mailing list's DMARC rewrite: Mailman (`munge_from`) and Google
    /// Groups send a post from a domain with a strict DMARC policy as `"Jane Roe via Support"
    /// <support@lists.example>` — the list's own address — and put the author's address in `Reply-To:` (or in
    /// `Cc:` when replies go to the list) or `X-Original-From:`. Read as written, every such post would come
    /// from the list, the vendor's answers and the customers' questions alike. The rewrite is recognized by a
    /// display name with " via " and a `From:` address that is the list's posting address (`List-Post:`) or
    /// comes with `X-Original-From:`; the author is then `X-Original-From:`, else the `Reply-To:` address
    /// bearing the author's name (or the only one other than the list), else the `Cc:` address bearing it.
    /// Without such an address the `From:` stays as written.
    static func author(_ h: MailHeaders) -> (name: String, address: String)? {
        guard let from = h.first("from").flatMap({ HeaderDecoder.addresses($0).first }) else { return nil }
        return unmunged(h, from: from) ?? from
    }

    /// The sender of a message: ``author(_:)`` when it has an address. A `From:` without one (`From:
    /// undisclosed`, `From: "Support"`, `From: <>`, cron's `From: root (Cron Daemon)`; round-11 triage) takes
    /// the address of `Sender:`, else `Reply-To:`, else `Return-Path:` — the first that has one — and keeps
    /// the name `From:` shows, if any (else the fallback's name). With none, `From:` stays as written.
    static func sender(_ h: MailHeaders) -> (name: String, address: String)? {
        let from = author(h)
        if let from, from.address.utf8.contains(0x40) { return from }
        for field in ["sender", "reply-to", "return-path"] {
            guard
                let other = h.all(field).lazy.flatMap(HeaderDecoder.addresses).first(where: {
                    $0.address.utf8.contains(0x40)
                })
            else { continue }
            let shown = fromName(h, from)
            return (shown.isEmpty ? other.name : shown, other.address)
        }
        return from
    }

    /// The name a `From:` without an address shows: its display name or comment (`root (Cron Daemon)`), else
    /// its decoded text without quotes and angle brackets (`undisclosed`, `"Support"`; a group's name
    /// without `:;`).
    static func fromName(_ h: MailHeaders, _ from: (name: String, address: String)?) -> String {
        if let from, !from.name.isEmpty { return from.name }
        guard var text = h.text("from") else { return "" }
        if let colon = text.firstIndex(of: ":") { text = String(text[..<colon]) }
        text.removeAll { $0 == "\"" || $0 == "<" || $0 == ">" }
        return HeaderDecoder.collapse(text)
    }

    static func unmunged(_ h: MailHeaders, from: (name: String, address: String)) -> (name: String, address: String)? {
        // Nearly every name lacks " via ": a byte search rules it out before Foundation's `range(of:)`.
        var shown = from.name
        guard shown.withUTF8({ HeaderDecoder.find($0, Self.viaBytes) != nil }), let via = from.name.range(of: " via ")
        else { return nil }
        var name = from.name[..<via.lowerBound].trimmingCharacters(in: .whitespaces)
        if name.count >= 2, let q = name.first, q == name.last, q == "'" || q == "\"" {
            name = String(name.dropFirst().dropLast())
        }
        let listAddress = from.address.lowercased()
        let original = h.first("x-original-from").flatMap { HeaderDecoder.addresses($0).first }
        guard original != nil || Self.listPostAddress(h) == listAddress else { return nil }
        if let o = original, o.address.contains("@"), o.address.lowercased() != listAddress {
            return (o.name.isEmpty ? name : o.name, o.address)
        }
        func candidates(_ field: String) -> [(name: String, address: String)] {
            h.all(field).flatMap(HeaderDecoder.addresses).filter {
                $0.address.contains("@") && $0.address.lowercased() != listAddress
            }
        }
        func named(_ c: [(name: String, address: String)]) -> (name: String, address: String)? {
            c.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map { (name, $0.address) }
        }
        let replyTo = candidates("reply-to")
        if let r = named(replyTo) { return r }
        if replyTo.count == 1 { return (name, replyTo[0].address) }
        return named(candidates("cc"))
    }

    static let viaBytes = Array(" via ".utf8)

    /// The address of `List-Post: <mailto:list@host>` (lower-cased, without `?…` parameters), if any.
    static func listPostAddress(_ h: MailHeaders) -> String? {
        guard let v = h.first("list-post") else { return nil }
        let s = String(decoding: v, as: UTF8.self).lowercased()
        guard let m = s.range(of: "mailto:") else { return nil }
        let rest = s[m.upperBound...]
        let end = rest.firstIndex { $0 == ">" || $0 == "?" || $0 == "," || $0 == " " } ?? rest.endIndex
        let address = String(rest[..<end])
        return address.contains("@") ? address : nil
    }
}
