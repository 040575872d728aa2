import Foundation
import RapportCore
import RapportText

/// What the MIME walk found in a message body.
struct MIMEContent {
    /// The author's text (plain, or HTML rendered to text), before quote/signature cleaning.
    var text = ""
    /// The chosen body was HTML.
    var fromHTML = false
    /// Scalars of quote containers removed at the HTML stage (gmail_quote, blockquote type=cite, …).
    var htmlQuotedChars = 0
    /// Text of forwarded messages (message/rfc822 parts): not the sender's own words.
    var forwardedText = ""
    var hasCalendar = false
    var isReport = false
    /// An encrypted part was found (PGP/MIME `multipart/encrypted`, S/MIME enveloped data): not readable.
    var encrypted = false
    var parts = 0
    var limitHit: String?
    /// The body came from a TNEF attachment (`winmail.dat`), the message's only body.
    var fromTNEF = false
    /// A TNEF attachment that was the only body could not be read: why.
    var tnefFailure: String?
}

/// Walks a MIME tree (nested multiparts, message/rfc822, alternatives), decoding only text parts.
struct MIMEWalker {
    let limits: IngestLimits
    var content = MIMEContent()
    /// The first TNEF attachment (`winmail.dat`) met outside forwarded messages, decoded from its
    /// transfer encoding; read only when the message has no other body.
    private var tnef: [UInt8]?
    /// The message being walked (own, or a forwarded one) already has text of its own: a named text
    /// part met after it is a file (see ``namedTextIsAttachment(_:siblingBody:)``).
    private var bodySeen = false
    /// The first Exchange body fragment (`ATT00001.txt`) sent as an attachment outside forwarded
    /// messages, decoded; read only when the message has no other body.
    private var exchangeFragment: String?

    init(limits: IngestLimits) { self.limits = limits }

    /// Walks the entity whose headers are `headers` and whose body is `body`.
    mutating func walk(headers: MailHeaders, body: UnsafeBufferPointer<UInt8>) {
        var own = ""
        entity(headers: headers, body: body, depth: 0, into: &own, forwarded: false)
        if let tnef, own.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
            // Exchange "rich text" mail: the only body is inside winmail.dat.
            switch TNEF.body(tnef) {
            case .success(.text(let t)?):
                own = t
                content.fromTNEF = true
            case .success(.html(let h)?):
                let (text, quoted) = HTMLQuotes.render(h)
                content.htmlQuotedChars += quoted
                content.fromHTML = true
                content.fromTNEF = true
                own = text
            case .success(nil): break
            case .failure(let f): content.tnefFailure = f.reason
            }
        }
        if let exchangeFragment, own.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
            // Exchange relaying a message whose body it could not keep inline (an empty iso-2022-jp body,
            // then the words as `ATT00001.txt`, seen on linux-mm): the fragment is the body.
            own = exchangeFragment
        }
        content.text = own
    }

    private mutating func entity(
        headers: MailHeaders, body: UnsafeBufferPointer<UInt8>, depth: Int, into out: inout String,
        forwarded: Bool, defaultType: String = "text/plain", siblingBody: Bool = false, afterImage: Bool = false
    ) {
        content.parts += 1
        if content.parts > limits.maxMIMEParts {
            content.limitHit = "too-many-mime-parts"
            return
        }
        if depth > limits.maxMIMEDepth {
            content.limitHit = "mime-too-deep"
            return
        }
        let ct: (value: String, params: [String: String]) =
            headers.first("content-type").map(HeaderDecoder.parameters) ?? (defaultType, [:])
        var type = ct.value.isEmpty ? defaultType : ct.value
        if !Self.hasSlash(type) { type = type == "text" ? "text/plain" : defaultType }
        let disposition = headers.first("content-disposition").map(HeaderDecoder.parameters)
        let fileName = disposition?.params["filename"] ?? ct.params["name"]
        // An Exchange body fragment sent as an attachment right after an image (round-12 triage): Apple
        // Mail's text–image–text body as Exchange stores and exports it (`ATT00001.htm` after the inline
        // image, disposition `attachment`) — the words after the image, not a file. Without an image before
        // it, such a fragment after a real body is a list footer Outlook passed on, and stays a file.
        let isAttachment =
            disposition?.value == "attachment"
            && !(afterImage && !forwarded && (type == "text/plain" || type == "text/html")
                && Self.isExchangeFragment(fileName, html: true))
        if type == "multipart/encrypted"
            || ((type == "application/pkcs7-mime" || type == "application/x-pkcs7-mime")
                && ct.params["smime-type"]?.lowercased() != "signed-data")
        {
            // PGP/MIME (RFC 3156) or S/MIME enveloped data (RFC 8551): ciphertext, never words.
            content.encrypted = true
            return
        }
        if type.hasPrefix("multipart/") {
            let declared = ct.params["boundary"].flatMap { $0.isEmpty ? nil : Array($0.utf8) }
            var parts = declared.map { Self.split(body, boundary: $0) } ?? []
            if parts.isEmpty {
                // The declared boundary never occurs (a client that rewrote it, or dropped the parts), or none
                // is declared (a script's `multipart/mixed` without its parameter; round-15 triage: the MIME
                // headers and delimiters were read as own words): use a delimiter line that opens a part with
                // MIME headers, else read the body as text.
                if let found = Self.undeclaredBoundary(body) { parts = Self.split(body, boundary: found) }
                if parts.isEmpty {
                    let params = declared == nil ? ct.params : [:]
                    leaf(
                        type: "text/plain", params: params, headers: declared == nil ? headers : MailHeaders(),
                        body: body, into: &out)
                    return
                }
            }
            if type == "multipart/report" { content.isReport = true }
            let childDefault = type == "multipart/digest" ? "message/rfc822" : "text/plain"
            if type == "multipart/alternative" {
                alternative(parts, body: body, depth: depth, into: &out, forwarded: forwarded)
                return
            }
            var children: [(MailHeaders, UnsafeBufferPointer<UInt8>)?] = []
            children.reserveCapacity(parts.count)
            for r in parts {
                let part = UnsafeBufferPointer(rebasing: body[r])
                if let (h, start, _) = Self.headers(part, limit: limits.maxHeaderBytes) {
                    children.append((h, UnsafeBufferPointer(rebasing: part[start...])))
                } else {
                    children.append(nil)
                }
            }
            // A child that can be the body without being a file: text or a multipart, unnamed, inline.
            let unnamed = children.map { child in
                child.map { Self.isUnnamedBody($0.0, defaultType: childDefault) } ?? false
            }
            let unnamedBody = unnamed.contains(true)
            for (k, child) in children.enumerated() {
                if content.limitHit != nil { return }
                guard let (h, partBody) = child else { continue }
                if let inner = h.first("content-type").map(HeaderDecoder.parameters),
                    inner.value == "multipart/alternative", declared != nil,
                    inner.params["boundary"] == ct.params["boundary"],
                    partBody.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A })
                {
                    // A nested alternative that reuses its parent's boundary (Outlook Express for Mac,
                    // Zimbra): the delimiters after its header belong to it, innermost first, as in
                    // Python's parser — its parts are alternatives, not siblings to concatenate.
                    content.parts += 1
                    alternative(
                        Array(parts[(k + 1)...]), body: body, depth: depth + 1, into: &out, forwarded: forwarded)
                    return
                }
                if type == "multipart/report" && k > 0 {
                    // Machine-readable status and the returned message: not words.
                    content.parts += 1
                    continue
                }
                var piece = ""
                let afterImage =
                    k > 0
                    && (children[k - 1]?.0.first("content-type").map {
                        HeaderDecoder.parameters($0).value.hasPrefix("image/")
                    } ?? false)
                entity(
                    headers: h, body: partBody, depth: depth + 1, into: &piece, forwarded: forwarded,
                    defaultType: childDefault,
                    siblingBody: unnamedBody && !unnamed[k], afterImage: afterImage)
                append(piece, to: &out)
            }
            return
        }
        if type == "message/rfc822" || type == "message/global" {
            if isAttachment && !forwarded {
                // A forwarded message as attachment: still forwarded text, not own words.
            }
            // Apple Mail keeps the mbox envelope line (`From a@b Tue May 10 …`) at the top of a forwarded
            // message: skip it, or the whole message (headers, base64 attachments) would read as its text.
            var skip = 0
            if body.count > 5 && body[0] == 0x46 && body[1] == 0x72 && body[2] == 0x6F && body[3] == 0x6D
                && body[4] == 0x20
            {
                skip = min(Self.lineEnd(body, from: 0) + 1, body.count)
            }
            let message = UnsafeBufferPointer(rebasing: body[skip...])
            guard let (h, start, _) = Self.headers(message, limit: limits.maxHeaderBytes) else { return }
            var inner = ""
            let outerBodySeen = bodySeen
            bodySeen = false
            entity(
                headers: h, body: UnsafeBufferPointer(rebasing: message[start...]), depth: depth + 1, into: &inner,
                forwarded: true)
            bodySeen = outerBodySeen
            append(inner, to: &content.forwardedText)
            return
        }
        if type == "text/calendar" {
            // An invitation, reply or cancellation (iTIP). A calendar *file* attached to a person's mail
            // (`event.ics`, METHOD:PUBLISH or none, Thunderbird's "message-non-invite" test) is not one.
            if !isAttachment || Self.isScheduling(method: ct.params["method"], headers: headers, body: body) {
                content.hasCalendar = true
            }
            return
        }
        if type == "application/ms-tnef" || type == "application/vnd.ms-tnef"
            || (disposition?.params["filename"] ?? ct.params["name"])?.lowercased() == "winmail.dat"
        {
            if !forwarded && tnef == nil { tnef = Self.decoded(headers, body) }
            return
        }
        if isAttachment && !(type == "text/plain" && Self.isMMSText(fileName)) {
            if type == "text/plain" && !forwarded && exchangeFragment == nil && Self.isExchangeFragment(fileName) {
                var s = ""
                leaf(type: type, params: ct.params, headers: headers, body: body, into: &s)
                exchangeFragment = s
            }
            return
        }
        if type == "text/plain" || type == "text/html" || type == "text/enriched" || type == "text" {
            if let fileName, namedTextIsAttachment(fileName, siblingBody: siblingBody) { return }
            // A uuencoded part (`Content-Transfer-Encoding: x-uuencode`, Eudora and old Mac mailers, seen in a
            // helpdesk's test corpus) is a file, whatever its type says.
            if let cte = headers.first("content-transfer-encoding").map({ HeaderDecoder.parameters($0).value }),
                cte == "x-uuencode" || cte == "uuencode" || cte == "x-uue"
            {
                return
            }
            leaf(type: type, params: ct.params, headers: headers, body: body, into: &out)
            if !bodySeen && out.utf8.contains(where: { $0 > 0x20 }) { bodySeen = true }
        }
        // Anything else (images, applications, …) is an attachment: skipped undecoded.
    }

    /// iTIP scheduling methods (RFC 5546): what makes a calendar part an invitation or an answer to one.
    static let schedulingMethods: Set<String> = [
        "REQUEST", "REPLY", "CANCEL", "COUNTER", "DECLINECOUNTER", "ADD", "REFRESH",
    ]

    /// Whether an attached calendar part schedules: its `method` parameter, else the `METHOD:` line of
    /// the calendar (in its first 8 KB, decoded) is an iTIP scheduling method.
    static func isScheduling(method: String?, headers: MailHeaders, body: UnsafeBufferPointer<UInt8>) -> Bool {
        if let method { return schedulingMethods.contains(method.uppercased()) }
        let head = UnsafeBufferPointer(rebasing: body[0..<min(body.count, 8192)])
        let text = decoded(headers, head)
        let key = Array("METHOD:".utf8)
        var i = 0
        while i < text.count {
            var e = i
            while e < text.count && text[e] != 0x0A { e += 1 }
            if e - i > key.count && zip(text[i..<(i + key.count)], key).allSatisfy({ $0 & 0xDF == $1 & 0xDF }) {
                let value = String(decoding: text[(i + key.count)..<e], as: UTF8.self)
                return schedulingMethods.contains(value.trimmingCharacters(in: .whitespacesAndNewlines).uppercased())
            }
            i = e + 1
        }
        return false
    }

    /// Whether a text part that carries a file name (`Content-Type: …; name=` or a `filename`) without
    /// `Content-Disposition: attachment` is a file rather than the body. Outlook, Lotus Notes and scanners
    /// attach `.txt`/`.csv`/`.log` files as `text/plain; name=…` with no disposition (or `inline`), and
    /// gateways append notices that way (WatchGuard's `message.txt`); some clients name the body itself.
    /// As in Python's `email` (`get_body`/`iter_attachments`: the first text part is the body, a later one
    /// an attachment): a named part met after the message already has text is a file; before that it is
    /// the body, unless its name has a data-file extension (`.csv`, `.log`, `.json`, …) and a sibling part
    /// can be the body without a name.
    ///
    /// An Exchange body fragment (`ATT00001.txt`, `ATT00002.htm`) that is not an attachment continues the
    /// body: Exchange and Outlook split a body around an inline image (Apple Mail's text–image–text) and
    /// send the words after the image as such parts (round-11 triage).
    func namedTextIsAttachment(_ name: String, siblingBody: Bool) -> Bool {
        if Self.isExchangeFragment(name, html: true) { return false }
        if bodySeen { return true }
        return siblingBody && Self.hasDataExtension(name)
    }

    /// A part that can hold the body and is not a file: text or multipart, no name, not an attachment.
    /// `type.contains("/")` (Foundation's search, by `Character`s), done on bytes when `type` is ASCII:
    /// there `/` is a `Character` of its own, so the answer is the same.
    static func hasSlash(_ type: String) -> Bool {
        guard type.utf8.contains(0x2F) else { return false }
        return type.utf8.allSatisfy { $0 < 0x80 } || type.contains("/")
    }

    static func isUnnamedBody(_ h: MailHeaders, defaultType: String) -> Bool {
        let ct = h.first("content-type").map(HeaderDecoder.parameters)
        let type = ct.map { $0.value.isEmpty ? defaultType : $0.value } ?? defaultType
        guard type.hasPrefix("text/") || type.hasPrefix("multipart/") || type == "text" else { return false }
        if ct?.params["name"] != nil { return false }
        if let d = h.first("content-disposition").map(HeaderDecoder.parameters) {
            if d.value == "attachment" || d.params["filename"] != nil { return false }
        }
        return true
    }

    /// File extensions of data and logs that are sent as `text/plain` but are never a message body.
    static let dataExtensions: Set<String> = [
        "csv", "tsv", "log", "json", "xml", "yaml", "yml", "ini", "cfg", "conf", "sql", "diff", "patch", "ics",
        "vcf", "vcs", "sh", "py", "js", "c", "h", "cpp", "java", "rb", "pl", "php", "go", "rs", "swift", "bat",
        "ps1", "dat", "out", "err", "trace", "dump", "md", "rtf",
    ]

    /// The name's extension (after its last dot, lower-cased) is a data-file one.
    static func hasDataExtension(_ name: String) -> Bool {
        let b = Array(name.utf8)
        guard let dot = b.lastIndex(of: 0x2E), dot + 1 < b.count, b.count - dot <= 8 else { return false }
        let ext = b[(dot + 1)...].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        return dataExtensions.contains(String(decoding: ext, as: UTF8.self))
    }

    /// Exchange's name for a piece of body it moved into a part of its own: `ATT` and five digits, as
    /// Exchange writes them, then `.txt` — or, with `html`, also `.htm`/`.html`.
    static func isExchangeFragment(_ name: String?, html: Bool = false) -> Bool {
        guard let name else { return false }
        let b = Array(name.utf8)
        guard b.count == 12 || b.count == 13, b[0] | 0x20 == 0x61, b[1] | 0x20 == 0x74, b[2] | 0x20 == 0x74,
            b[3..<8].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), b[8] == 0x2E
        else { return false }
        let ext = b[9...].map { $0 | 0x20 }
        if ext == [0x74, 0x78, 0x74] { return true }  // txt
        return html && (ext == [0x68, 0x74, 0x6D] || ext == [0x68, 0x74, 0x6D, 0x6C])  // htm, html
    }

    private mutating func alternative(
        _ parts: [Range<Int>], body: UnsafeBufferPointer<UInt8>, depth: Int, into out: inout String,
        forwarded: Bool
    ) {
        // Prefer text/plain unless it is an empty stub; otherwise the richest other part.
        var plain: (MailHeaders, UnsafeBufferPointer<UInt8>)?
        var other: [(MailHeaders, UnsafeBufferPointer<UInt8>, String)] = []
        for r in parts {
            let part = UnsafeBufferPointer(rebasing: body[r])
            guard let (h, start, _) = Self.headers(part, limit: limits.maxHeaderBytes) else { continue }
            let t = h.first("content-type").map { HeaderDecoder.parameters($0).value } ?? "text/plain"
            let pb = UnsafeBufferPointer(rebasing: part[start...])
            if (t == "text/plain" || t.isEmpty) && plain == nil {
                plain = (h, pb)
            } else {
                other.append((h, pb, t))
            }
            if t == "text/calendar" { content.hasCalendar = true }
        }
        if let (h, pb) = plain {
            var s = ""
            entity(headers: h, body: pb, depth: depth + 1, into: &s, forwarded: forwarded)
            if !(Self.isStub(s) || Self.isHTMLPlaceholder(s)) || other.isEmpty {
                append(s, to: &out)
                content.fromHTML = false
                return
            }
        }
        // Prefer html, then multiparts (related/mixed holding html), then the rest.
        let ordered =
            other.filter { $0.2 == "text/html" } + other.filter { $0.2.hasPrefix("multipart/") }
            + other.filter { $0.2 != "text/html" && !$0.2.hasPrefix("multipart/") }
        for (h, pb, _) in ordered {
            var s = ""
            entity(headers: h, body: pb, depth: depth + 1, into: &s, forwarded: forwarded)
            if !s.isEmpty {
                append(s, to: &out)
                return
            }
        }
    }

    private mutating func leaf(
        type: String, params: [String: String], headers: MailHeaders, body: UnsafeBufferPointer<UInt8>,
        into out: inout String
    ) {
        var bytes = Self.decoded(headers, body)
        if type == "text/html" {
            let html = Charset.decode(bytes, charset: params["charset"] ?? Self.metaCharset(bytes))
            let (text, quoted) = HTMLQuotes.render(html)
            content.htmlQuotedChars += quoted
            content.fromHTML = true
            append(text, to: &out)
            return
        }
        if params["format"]?.lowercased() == "flowed" {
            bytes = Self.unflow(bytes, delsp: params["delsp"]?.lowercased() == "yes")
        }
        append(Charset.decode(bytes, charset: params["charset"] ?? Self.undeclared(bytes)), to: &out)
    }

    /// A part's body with its `Content-Transfer-Encoding` undone.
    static func decoded(_ headers: MailHeaders, _ body: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let cte = headers.first("content-transfer-encoding").map { HeaderDecoder.parameters($0).value } ?? ""
        if cte.hasPrefix("base64") {
            // A list footer appended as plain text after a base64 body (ezmlm, majordomo, old Mailman: `-- `,
            // a rule, then the list's lines; round-11 triage) would decode into garbage: the data ends at the
            // first line, after some data, that is a rule or holds a byte no base64 line has; the rest is
            // kept as it is.
            let end = Transfer.base64End(body)
            if end == body.count { return Transfer.base64(body) }
            var out = Transfer.base64(UnsafeBufferPointer(rebasing: body[..<end]))
            if let last = out.last, last != 0x0A { out.append(0x0A) }
            out += body[end...]
            return out
        }
        if cte.hasPrefix("quoted-printable") { return Transfer.quotedPrintable(body) }
        return Array(body)
    }

    private func append(_ s: String, to out: inout String) {
        if s.isEmpty { return }
        if !out.isEmpty { out += "\n\n" }
        out += s
    }

    /// The text of a multimedia message relayed as mail (carriers' MMS gateways): a `text/plain` part
    /// named `text_0.txt` and sent as an attachment, the only place the sender's words are.
    static func isMMSText(_ name: String?) -> Bool {
        guard let name else { return false }
        let b = Array(name.utf8)
        guard b.count > 9, b.count < 16 else { return false }
        let lower = b.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        guard lower.starts(with: Array("text_".utf8)), lower.suffix(4).elementsEqual(".txt".utf8) else {
            return false
        }
        return lower[5..<(lower.count - 4)].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// A short text/plain alternative that only asks for an HTML reader ("This is an HTML message. Please use
    /// an HTML capable mail program to read this message.": PHP mailer classes, php-mime-mail-parser's
    /// issue115 fixture; "Your email client does not support HTML"): the HTML alternative is the body, as
    /// Thunderbird shows it and Python's `get_body` (HTML first) takes it.
    static func isHTMLPlaceholder(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count <= 400, b.count >= 10 else { return false }
        let lower = b.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        return htmlPlaceholders.contains { p in
            lower.count >= p.count
                && (0...(lower.count - p.count)).contains { lower[$0..<($0 + p.count)].elementsEqual(p) }
        }
    }

    static let htmlPlaceholders: [[UInt8]] = [
        "html capable", "html-capable", "html compatible", "html-compatible", "html enabled", "html-enabled",
        "does not support html", "doesn't support html", "not support html", "supports html", "requires html",
        "html e-mail reader", "html email reader", "html mail reader", "html viewer",
    ].map { Array($0.utf8) }

    /// A text/plain alternative that says nothing (whitespace, or a "view in HTML" stub).
    static func isStub(_ s: String) -> Bool {
        var count = 0
        for b in s.utf8 where b > 0x20 {
            count += 1
            if count > 0 { break }
        }
        return count == 0
    }

    /// Header block of a part; a part starting with a blank line has no headers.
    static func headers(_ part: UnsafeBufferPointer<UInt8>, limit: Int) -> (MailHeaders, Int, Bool)? {
        if part.isEmpty { return (MailHeaders(), 0, false) }
        if part[0] == 0x0A { return (MailHeaders(), 1, false) }
        if part.count > 1 && part[0] == 0x0D && part[1] == 0x0A { return (MailHeaders(), 2, false) }
        if let r = MailHeaders.parse(part, limit: limit) { return (r.0, r.body, r.tooLarge) }
        // No parseable headers: the whole part is text/plain.
        return (MailHeaders(), 0, false)
    }

    /// The boundary of the first `--token` line followed by a `Content-…:` header line, for a multipart
    /// whose declared boundary is absent from its body (`nil` when there is none).
    static func undeclaredBoundary(_ body: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let n = body.count
        var lineStart = 0
        while lineStart + 2 < n {
            let e = Self.lineEnd(body, from: lineStart)
            if body[lineStart] == 0x2D && body[lineStart + 1] == 0x2D {
                var t = e
                while t > lineStart + 2 && (body[t - 1] == 0x0D || body[t - 1] == 0x20 || body[t - 1] == 0x09) {
                    t -= 1
                }
                let token = Array(body[(lineStart + 2)..<t])
                let next = e + 1
                let prefix = Array("content-".utf8)
                if token.count >= 1 && token.count <= 200 && !token.contains(0x20) && !token.contains(0x09)
                    && next + prefix.count <= n
                    && zip(body[next..<(next + prefix.count)], prefix).allSatisfy({ $0 | 0x20 == $1 })
                {
                    return token
                }
            }
            lineStart = e + 1
        }
        return nil
    }

    /// Index of the `\n` ending the line at `start`, or `body.count`.
    private static func lineEnd(_ body: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let p = memchr(body.baseAddress! + start, 0x0A, body.count - start) else { return body.count }
        return UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self) - body.baseAddress!
    }

    /// Ranges of the parts between `--boundary` lines (missing close tolerated).
    static func split(_ body: UnsafeBufferPointer<UInt8>, boundary: [UInt8]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        let n = body.count
        let bl = boundary.count
        var lineStart = 0
        var partStart: Int?
        while lineStart < n {
            var e = lineStart
            if let p = memchr(body.baseAddress! + lineStart, 0x0A, n - lineStart) {
                e = UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self) - body.baseAddress!
            } else {
                e = n
            }
            if e - lineStart >= bl + 2 && body[lineStart] == 0x2D && body[lineStart + 1] == 0x2D
                && memcmp(body.baseAddress! + lineStart + 2, boundary, bl) == 0
            {
                var k = lineStart + 2 + bl
                let closing = k + 1 < e && body[k] == 0x2D && body[k + 1] == 0x2D
                if closing { k += 2 }
                var rest = true
                while k < e {
                    if body[k] != 0x20 && body[k] != 0x09 && body[k] != 0x0D {
                        rest = false
                        break
                    }
                    k += 1
                }
                if rest {
                    if let s = partStart {
                        var pe = lineStart
                        if pe > s && body[pe - 1] == 0x0A { pe -= 1 }
                        if pe > s && body[pe - 1] == 0x0D { pe -= 1 }
                        result.append(s..<max(s, pe))
                    }
                    if closing { return result }
                    partStart = min(e + 1, n)
                }
            }
            lineStart = e + 1
        }
        if let s = partStart, s < n { result.append(s..<n) }
        return result
    }

    /// format=flowed (RFC 3676): a soft-broken line (ending in a space) is joined with the next one only
    /// when both have the same quote depth (number of leading `>`), so "> quoted " never swallows the
    /// reply written under it; the joined line's quote marks and stuffing space are dropped, and an
    /// unquoted line's stuffing space is removed. `-- ` (the signature separator) is never soft.
    static func unflow(_ v: [UInt8], delsp: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(v.count)
        var joining: Int?  // quote depth of the soft-broken line being continued
        var i = 0
        let n = v.count
        while i < n {
            var e = i
            while e < n && v[e] != 0x0A { e += 1 }
            var le = e
            if le > i && v[le - 1] == 0x0D { le -= 1 }
            var depth = 0
            while i + depth < le && v[i + depth] == 0x3E { depth += 1 }
            // Content after the quote marks, without the stuffing space.
            var body = i + depth
            if body < le && v[body] == 0x20 { body += 1 }
            let isSigSep = le - body == 3 && v[body] == 0x2D && v[body + 1] == 0x2D && v[body + 2] == 0x20
            var start = i
            if let open = joining {
                if open == depth && !isSigSep {
                    start = body
                } else {
                    out.append(0x0A)
                }
            } else if depth == 0 && !isSigSep {
                start = body
            }
            let soft = le > body && v[le - 1] == 0x20 && !isSigSep && e + 1 < n
            if soft {
                out.append(contentsOf: v[start..<(delsp ? le - 1 : le)])
                joining = depth
            } else {
                out.append(contentsOf: v[start..<le])
                if e < n { out.append(0x0A) }
                joining = nil
            }
            i = e + 1
        }
        return out
    }

    /// Undeclared 8-bit text: UTF-8 when valid (nil lets ``Charset`` take that path), else ICU's guess,
    /// else nil (windows-1252).
    static func undeclared(_ v: [UInt8]) -> String? {
        guard v.contains(where: { $0 >= 0x80 }), !Charset.isValidUTF8(v) else { return nil }
        // ICU's confidences are low on short text; a non-Latin-1 guess at 10+ beats the windows-1252
        // fallback (which is what a Latin-1 guess would give anyway).
        if let d = Charset.detect(v, declared: nil), d.confidence >= 10, !d.name.hasPrefix("ISO-8859-1"),
            !d.name.hasPrefix("windows-1252")
        {
            return d.name
        }
        return nil
    }

    /// `<meta charset=…>` or `content="text/html; charset=…"` in the first bytes of an HTML part.
    static func metaCharset(_ v: [UInt8]) -> String? {
        let head = v.prefix(2048)
        let key = Array("charset=".utf8)
        guard head.count > key.count else { return nil }
        var i = head.startIndex
        while i + key.count < head.endIndex {
            var match = true
            for k in 0..<key.count where (head[i + k] | 0x20) != key[k] && head[i + k] != key[k] {
                match = false
                break
            }
            if match {
                var s = i + key.count
                while s < head.endIndex && (head[s] == 0x22 || head[s] == 0x27) { s += 1 }
                var e = s
                while e < head.endIndex && head[e] > 0x20 && head[e] != 0x22 && head[e] != 0x27 && head[e] != 0x3B
                    && head[e] != 0x3E && head[e] != 0x2F
                {
                    e += 1
                }
                return e > s ? String(decoding: head[s..<e], as: UTF8.self) : nil
            }
            i += 1
        }
        return nil
    }
}

/// HTML → text with the reply-quote containers of Gmail, Apple Mail, Thunderbird, Yahoo and Outlook
/// removed (and measured).
enum HTMLQuotes {
    final class State {
        var removed: [HTMLNode] = []
        var outlookCut = false
    }

    /// Returns the visible text without quote containers, and the scalars of what was removed.
    static func render(_ html: String) -> (String, Int) {
        guard !html.isEmpty, let doc = try? HTMLDocument(string: html), let root = doc.root else { return ("", 0) }
        let state = State()
        let text = HTMLText.render(root) { node in
            if state.outlookCut {
                state.removed.append(node)
                return true
            }
            if isQuote(node, state: state) {
                state.removed.append(node)
                return true
            }
            return false
        }
        var quoted = 0
        for node in state.removed { quoted += HTMLText.render(node).unicodeScalars.count }
        _ = doc
        return (text, quoted)
    }

    static func isQuote(_ node: HTMLNode, state: State) -> Bool {
        guard node.isElement else { return false }
        let name = node.name
        if name == "blockquote" {
            // Mail clients quote with <blockquote> (type=cite, a left border, or bare: Yandex, Mail.ru);
            // Gmail's "indent" is a blockquote with `border:none`, which is the author's own text.
            if node.attribute("type")?.lowercased() == "cite" { return true }
            let style = (node.attribute("style") ?? "").lowercased().filter { $0 != " " }
            return !style.contains("border:none") && !style.contains("border:0")
        }
        if name == "hr", node.attribute("id") == "stopSpelling" {
            // Hotmail / Outlook.com: the rule above the quoted message's header block.
            state.outlookCut = true
            return true
        }
        if let cls = node.attribute("class") {
            for c in cls.split(separator: " ") {
                switch c {
                case "gmail_quote", "gmail_quote_container", "moz-cite-prefix", "yahoo_quoted", "OutlookMessageHeader",
                    "protonmail_quote", "zmail_extra", "gmail_extra", "tutanota_quote":
                    return true
                default: continue
                }
            }
        }
        // Outlook for iOS/Android through Exchange: `<div name="messageReplySection">` holds the quoted message
        // (its own words are in `messageBodySection`).
        if node.attribute("name") == "messageReplySection" { return true }
        if let id = node.attribute("id") {
            if id == "divRplyFwdMsg" || id == "appendonsend" || id == "mail-editor-reference-message-container" {
                // Outlook: everything from here on is the quoted message.
                state.outlookCut = true
                return true
            }
            if id == "isForwardContent" || id == "OLK_SRC_BODY_SECTION" { return true }
        }
        return false
    }
}
