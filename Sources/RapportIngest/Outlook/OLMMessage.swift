import Foundation
import RapportCore

/// Turns one message record of an Outlook for Mac archive (`.olm`: a zip whose
/// `…/com.microsoft.__Messages/<folder>/message_NNNNN.xml` entries each hold one `<email>`) into the
/// RFC 5322 message it stands for, so that the mail parser reads it like an `.eml` (same cleaning,
/// automated-mail rules, threading, duplicates). The folder stays in the entry's path, so a record under
/// `Sent Items` counts as sent mail, as an `.eml` in such a folder does.
///
/// Read from the record: `OPFMessageCopySubject`; the sender from `OPFMessageCopyFromAddresses`, else
/// `OPFMessageCopySenderAddress`; `OPFMessageCopyToAddresses` / `CCAddresses` / `BCCAddresses` /
/// `ReplyToAddresses` (each an `<emailAddress OPFContactEmailAddressAddress="…"
/// OPFContactEmailAddressName="…"/>` list; the same names as child elements, or a bare address as text,
/// are accepted too); `OPFMessageCopySentTime`, else `OPFMessageCopyReceivedTime` (ISO 8601; without a
/// zone it is UTC, as Outlook writes it); `OPFMessageCopyMessageID` / `InternetMessageID`,
/// `OPFMessageCopyInReplyTo`, `OPFMessageCopyReferences`; the body from `OPFMessageCopyBody`, else
/// `OPFMessageCopyHTMLBody` (turned into text by the mail parser's HTML rules). Attachments listed in
/// `OPFMessageCopyAttachmentList` become attachment parts without content (their files are not read).
///
/// The XML is scanned on bytes, not parsed by an XML library: only the five predefined entities and
/// character references are decoded, and a DOCTYPE's entities are never expanded (no external entity
/// can be fetched, no entity bomb can grow).
enum OLMMessage {
    /// The folder of an archive's message records.
    static let messagesFolder = "com.microsoft.__Messages"

    /// True for an archive entry that is an `.olm` message record.
    static func isRecord(_ entry: String) -> Bool {
        let parts = entry.split(separator: "/")
        guard parts.count >= 2, let last = parts.last?.lowercased(), last.hasSuffix(".xml"), !last.hasPrefix("._")
        else { return false }
        return parts.dropLast().contains { $0 == messagesFolder }
    }

    /// The RFC 5322 bytes of the record `xml`, or why it cannot be read.
    static func rfc822(_ xml: [UInt8]) -> Result<[UInt8], RecordFailure> {
        let doc = XMLScan(xml)
        guard let email = doc.element("email") ?? doc.element("emails") else {
            return .failure(RecordFailure(reason: "no <email> element in the Outlook for Mac record"))
        }
        let e = XMLScan(xml, within: email)
        let subject = e.text("OPFMessageCopySubject") ?? e.text("OPFMessageCopyThreadTopic")
        let from = e.addresses("OPFMessageCopyFromAddresses").first ?? e.addresses("OPFMessageCopySenderAddress").first
        let plain = e.text("OPFMessageCopyBody")
        let html = e.text("OPFMessageCopyHTMLBody")
        guard subject != nil || from != nil || plain != nil || html != nil else {
            return .failure(RecordFailure(reason: "an Outlook for Mac record without sender, subject or body"))
        }
        var out: [String] = []
        if let from { out.append("From: " + OutlookMessage.mailbox(from.name, from.address)) }
        for (field, element) in [
            ("To", "OPFMessageCopyToAddresses"), ("Cc", "OPFMessageCopyCCAddresses"),
            ("Bcc", "OPFMessageCopyBCCAddresses"), ("Reply-To", "OPFMessageCopyReplyToAddresses"),
        ] {
            let list = e.addresses(element)
            if !list.isEmpty {
                out.append(
                    field + ": " + list.map { OutlookMessage.mailbox($0.name, $0.address) }.joined(separator: ", "))
            }
        }
        if let t = date(e.text("OPFMessageCopySentTime")) ?? date(e.text("OPFMessageCopyReceivedTime")) {
            out.append("Date: " + OutlookMessage.rfc5322Date(t))
        }
        if let s = subject { out.append("Subject: " + OutlookMessage.oneLine(s)) }
        if let v = e.text("OPFMessageCopyMessageID") ?? e.text("OPFMessageCopyInternetMessageID") {
            out.append("Message-ID: " + OutlookMessage.oneLine(v))
        }
        if let v = e.text("OPFMessageCopyInReplyTo") { out.append("In-Reply-To: " + OutlookMessage.oneLine(v)) }
        if let v = e.text("OPFMessageCopyReferences") { out.append("References: " + OutlookMessage.oneLine(v)) }
        out.append("MIME-Version: 1.0")
        let useHTML = (plain?.allSatisfy(\.isWhitespace) ?? true) && html != nil
        let bodyType = "Content-Type: text/" + (useHTML ? "html" : "plain") + "; charset=utf-8"
        let body = Array(((useHTML ? html : plain) ?? "").utf8)
        let attachments = e.attachments("OPFMessageCopyAttachmentList")
        guard !attachments.isEmpty else {
            out.append(bodyType)
            out.append("Content-Transfer-Encoding: 8bit")
            var bytes = Array(out.joined(separator: "\n").utf8)
            bytes += [0x0A, 0x0A]
            bytes += body
            bytes.append(0x0A)
            return .success(bytes)
        }
        // The record lists its attachments (their files sit elsewhere in the archive and are not read): they
        // become attachment parts without content, as a mail's attachments are parts that are not decoded.
        let boundary = Self.boundary(avoiding: body)
        out.append("Content-Type: multipart/mixed; boundary=\"" + boundary + "\"")
        var bytes = Array(out.joined(separator: "\n").utf8)
        bytes += Array(("\n\n--" + boundary + "\n" + bodyType + "\nContent-Transfer-Encoding: 8bit\n\n").utf8)
        bytes += body
        for a in attachments {
            var part = "\n--" + boundary + "\nContent-Type: " + a.type
            let name = a.name.map { OutlookMessage.oneLine($0).replacingOccurrences(of: "\"", with: "'") }
            if let name { part += "; name=\"" + name + "\"" }
            part += "\nContent-Disposition: attachment"
            if let name { part += "; filename=\"" + name + "\"" }
            if let id = a.contentID { part += "\nContent-ID: <" + OutlookMessage.oneLine(id) + ">" }
            bytes += Array((part + "\n\n").utf8)
        }
        bytes += Array(("\n--" + boundary + "--\n").utf8)
        return .success(bytes)
    }

    /// `=_rapport_olm_attachments` plus one underscore more than the longest run following it in `body`
    /// (none when the body never holds it), so that no body line can be a boundary line. One pass: adding
    /// an underscore and searching again was quadratic on a body of that prefix and a megabyte of
    /// underscores (2026-12-07 fuzz campaign).
    static func boundary(avoiding body: [UInt8]) -> String {
        let base = Array("=_rapport_olm_attachments".utf8)
        var underscores = 0
        var from = 0
        while from < body.count, let k = HeaderDecoder.find(body[from...], base) {
            var e = k + base.count
            while e < body.count && body[e] == 0x5F { e += 1 }
            underscores = max(underscores, e - k - base.count + 1)
            from = e
        }
        return "=_rapport_olm_attachments" + String(repeating: "_", count: underscores)
    }

    /// Why a record could not be read.
    struct RecordFailure: Error {
        var reason: String
    }

    /// Seconds since 1970 of Outlook's `2019-03-12T10:22:00` (UTC when no zone is written).
    static func date(_ text: String?) -> Int64? {
        guard var s = text?.trimmingCharacters(in: .whitespaces), s.utf8.count >= 19 else { return nil }
        let tail = s.utf8.dropFirst(19)
        if !(tail.contains(0x5A) || tail.contains(0x2B) || tail.contains(0x2D)) { s += "Z" }
        return Timestamp(iso8601: s)?.seconds
    }
}

/// A byte-level view of an XML document's elements: enough to read Outlook for Mac records (known
/// element names, text content, attributes), with no entity expansion beyond the predefined ones.
struct XMLScan {
    let bytes: [UInt8]
    let range: Range<Int>

    init(_ bytes: [UInt8], within range: Range<Int>? = nil) {
        self.bytes = bytes
        self.range = range ?? 0..<bytes.count
    }

    /// The first element named `name` (any namespace prefix) within the range: its start tag's
    /// attributes and its content, or nil.
    func elementParts(_ name: String) -> (attributes: Range<Int>, content: Range<Int>)? {
        let n = Array(name.utf8)
        var next = range.lowerBound
        while let i = nextTag(from: next) {
            next = i + 1
            var k = i + 1
            if k < range.upperBound, bytes[k] == 0x2F || bytes[k] == 0x3F || bytes[k] == 0x21 { continue }
            // An optional prefix (`ns:`).
            var colon = k
            while colon < range.upperBound, colon - k < 64, Self.isNameByte(bytes[colon]) { colon += 1 }
            if colon < range.upperBound, bytes[colon] == 0x3A { k = colon + 1 }
            guard matches(n, at: k), k + n.count < range.upperBound, !Self.isNameByte(bytes[k + n.count]) else {
                continue
            }
            let attrStart = k + n.count
            guard let tagEnd = tagEnd(from: attrStart) else { return nil }
            if bytes[tagEnd - 1] == 0x2F {
                return (attrStart..<(tagEnd - 1), tagEnd..<tagEnd)
            }
            let contentStart = tagEnd + 1
            let close = closing(Array(bytes[(i + 1)..<attrStart]), from: contentStart) ?? range.upperBound
            return (attrStart..<tagEnd, contentStart..<close)
        }
        return nil
    }

    /// The content range of the first element named `name`.
    func element(_ name: String) -> Range<Int>? { elementParts(name)?.content }

    /// The decoded, trimmed text of the first element named `name`; nil when absent or empty.
    func text(_ name: String) -> String? {
        guard let r = element(name) else { return nil }
        let t = Self.decode(bytes, Self.trimmed(bytes, r))
        return t.isEmpty ? nil : t
    }

    /// The addresses of an address-list element: `<emailAddress>` entries with the
    /// `OPFContactEmailAddressAddress` / `…Name` attributes (or child elements), or a bare address as text.
    func addresses(_ name: String) -> [(name: String, address: String)] {
        guard let list = element(name) else { return [] }
        var out: [(name: String, address: String)] = []
        var at = list.lowerBound
        while out.count < 1000, at < list.upperBound {
            let scan = XMLScan(bytes, within: at..<list.upperBound)
            guard let entry = scan.elementParts("emailAddress") else { break }
            let inner = XMLScan(bytes, within: entry.content)
            let address =
                Self.attribute("OPFContactEmailAddressAddress", in: bytes, entry.attributes)
                ?? inner.text("OPFContactEmailAddressAddress") ?? ""
            let display =
                Self.attribute("OPFContactEmailAddressName", in: bytes, entry.attributes)
                ?? inner.text("OPFContactEmailAddressName") ?? ""
            if address.contains("@") { out.append((display, address.trimmingCharacters(in: .whitespaces))) }
            at = max(entry.content.upperBound, entry.attributes.upperBound) + 1
        }
        if out.isEmpty, let bare = text(name), bare.contains("@"), !bare.contains("<") {
            for part in bare.split(whereSeparator: { $0 == "," || $0 == ";" }) {
                let a = part.trimmingCharacters(in: .whitespaces)
                if a.contains("@") { out.append(("", a)) }
            }
        }
        return out
    }

    /// The attachments an attachment-list element lists: `<messageAttachment OPFAttachmentName="…"
    /// OPFAttachmentContentType="…" OPFAttachmentContentID="…" OPFAttachmentURL="…"/>` entries (the same names
    /// as child elements are accepted too). The type is a `type/subtype` token, else
    /// `application/octet-stream`; a `message/…` or `multipart/…` type is read as `application/octet-stream`
    /// too, since the content is not read (an empty forwarded message would be no forward).
    func attachments(_ name: String) -> [(name: String?, type: String, contentID: String?)] {
        guard let list = element(name) else { return [] }
        var out: [(name: String?, type: String, contentID: String?)] = []
        var at = list.lowerBound
        while out.count < 1000, at < list.upperBound {
            let scan = XMLScan(bytes, within: at..<list.upperBound)
            guard let entry = scan.elementParts("messageAttachment") else { break }
            let inner = XMLScan(bytes, within: entry.content)
            func value(_ field: String) -> String? {
                Self.attribute(field, in: bytes, entry.attributes) ?? inner.text(field)
            }
            var type = value("OPFAttachmentContentType")?.lowercased() ?? ""
            let token = type.split(separator: "/")
            if token.count != 2 || type.contains(where: { $0 == " " || $0 == ";" || $0 == "\"" || $0.isNewline })
                || type.hasPrefix("message/") || type.hasPrefix("multipart/")
            {
                type = "application/octet-stream"
            }
            let contentID = value("OPFAttachmentContentID").map {
                $0.trimmingCharacters(in: CharacterSet(charactersIn: "<> "))
            }
            out.append((value("OPFAttachmentName"), type, contentID?.isEmpty == false ? contentID : nil))
            at = max(entry.content.upperBound, entry.attributes.upperBound) + 1
        }
        return out
    }

    // MARK: Scanning

    static let cdataStart = Array("<![CDATA[".utf8)
    static let cdataEnd = Array("]]>".utf8)
    static let commentStart = Array("<!--".utf8)
    static let commentEnd = Array("-->".utf8)

    /// The next `<` at or after `from` that starts markup: CDATA sections and comments, which hide
    /// markup, are skipped whole.
    private func nextTag(from: Int) -> Int? {
        var i = from
        while i < range.upperBound {
            // memchr: a record's text (an HTML body is escaped) is long and holds no `<`.
            let hit: Int? = bytes.withUnsafeBufferPointer { p in
                guard let base = p.baseAddress, let at = memchr(base + i, 0x3C, range.upperBound - i) else {
                    return nil
                }
                return base.distance(to: at.assumingMemoryBound(to: UInt8.self))
            }
            guard let t = hit else { return nil }
            guard let skip = opaqueEnd(at: t) else { return t }
            i = skip
        }
        return nil
    }

    private func matches(_ n: [UInt8], at k: Int) -> Bool {
        guard k + n.count <= range.upperBound else { return false }
        for j in 0..<n.count where bytes[k + j] != n[j] { return false }
        return true
    }

    /// The end of a CDATA section or comment starting at `i` (the index after it), or nil.
    private func opaqueEnd(at i: Int) -> Int? {
        guard i + 1 < range.upperBound, bytes[i + 1] == 0x21 else { return nil }
        let cdata = Self.cdataStart
        let comment = Self.commentStart
        if matches(cdata, at: i) {
            return find(Self.cdataEnd, from: i + cdata.count).map { $0 + 3 } ?? range.upperBound
        }
        if matches(comment, at: i) { return find(Self.commentEnd, from: i + 4).map { $0 + 3 } ?? range.upperBound }
        return nil
    }

    private func find(_ needle: [UInt8], from: Int) -> Int? {
        var i = from
        while i + needle.count <= range.upperBound {
            if bytes[i] == needle[0] && matches(needle, at: i) { return i }
            i += 1
        }
        return nil
    }

    /// The index of the `>` that ends a start tag whose attributes begin at `from` (quotes respected).
    private func tagEnd(from: Int) -> Int? {
        var quote: UInt8 = 0
        var i = from
        while i < range.upperBound {
            let b = bytes[i]
            if quote != 0 {
                if b == quote { quote = 0 }
            } else if b == 0x22 || b == 0x27 {
                quote = b
            } else if b == 0x3E {
                return i
            }
            i += 1
        }
        return nil
    }

    /// The start of `</qname>` closing the element whose qualified name is `qname`, counting nested
    /// elements of the same name; CDATA and comments skipped. A nested start tag is passed over whole
    /// (its attributes are never scanned again), and one that never ends leaves the element unclosed: each
    /// byte is looked at once. (Scanning on from the `<` made start tags with unbalanced quotes quadratic,
    /// 2026-12-07 fuzz campaign: 64 KB of `<email '` took 11 s.)
    private func closing(_ qname: [UInt8], from: Int) -> Int? {
        var depth = 0
        var next = from
        while let i = nextTag(from: next) {
            next = i + 1
            if i + 1 < range.upperBound, bytes[i + 1] == 0x2F, matches(qname, at: i + 2),
                i + 2 + qname.count < range.upperBound, !Self.isNameByte(bytes[i + 2 + qname.count])
            {
                if depth == 0 { return i }
                depth -= 1
            } else if matches(qname, at: i + 1), i + 1 + qname.count < range.upperBound,
                !Self.isNameByte(bytes[i + 1 + qname.count])
            {
                guard let end = tagEnd(from: i + 1 + qname.count) else { return nil }
                if bytes[end - 1] != 0x2F { depth += 1 }
                next = end + 1
            }
        }
        return nil
    }

    static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2D
            || b == 0x2E || b >= 0x80
    }

    /// The decoded value of attribute `name` in a start tag's attribute bytes.
    static func attribute(_ name: String, in bytes: [UInt8], _ r: Range<Int>) -> String? {
        let n = Array(name.utf8)
        var i = r.lowerBound
        while i + n.count < r.upperBound {
            let before = i == r.lowerBound || !isNameByte(bytes[i - 1])
            if before, bytes[i] == n[0], bytes[i..<(i + n.count)].elementsEqual(n) {
                var k = i + n.count
                while k < r.upperBound, bytes[k] == 0x20 || bytes[k] == 0x09 || bytes[k] == 0x0A || bytes[k] == 0x0D {
                    k += 1
                }
                guard k < r.upperBound, bytes[k] == 0x3D else {
                    i += 1
                    continue
                }
                k += 1
                while k < r.upperBound, bytes[k] == 0x20 || bytes[k] == 0x09 || bytes[k] == 0x0A || bytes[k] == 0x0D {
                    k += 1
                }
                guard k < r.upperBound, bytes[k] == 0x22 || bytes[k] == 0x27 else { return nil }
                let q = bytes[k]
                var e = k + 1
                while e < r.upperBound, bytes[e] != q { e += 1 }
                let v = decode(bytes, trimmed(bytes, (k + 1)..<e))
                return v.isEmpty ? nil : v
            }
            i += 1
        }
        return nil
    }

    /// `r` without ASCII white space (space, tab, CR, LF) at either end. Foundation's
    /// `trimmingCharacters(in:)` goes through UTF-16 and cost 40% of reading an archive of 3 KB records.
    static func trimmed(_ bytes: [UInt8], _ r: Range<Int>) -> Range<Int> {
        func space(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        var lo = r.lowerBound
        var hi = r.upperBound
        while lo < hi, space(bytes[lo]) { lo += 1 }
        while hi > lo, space(bytes[hi - 1]) { hi -= 1 }
        return lo..<hi
    }

    /// Text with CDATA sections kept verbatim, markup inside removed, and the predefined entities and
    /// character references decoded (others left as written).
    static func decode(_ bytes: [UInt8], _ r: Range<Int>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(r.count)
        var i = r.lowerBound
        let cdata = cdataStart
        while i < r.upperBound {
            let b = bytes[i]
            if b == 0x3C {
                if i + cdata.count <= r.upperBound, bytes[i..<(i + cdata.count)].elementsEqual(cdata) {
                    var e = i + cdata.count
                    while e + 2 < r.upperBound, !(bytes[e] == 0x5D && bytes[e + 1] == 0x5D && bytes[e + 2] == 0x3E) {
                        e += 1
                    }
                    let end = min(e, r.upperBound)
                    out += bytes[(i + cdata.count)..<end]
                    i = min(end + 3, r.upperBound)
                    continue
                }
                // Markup inside a text element (not expected in Outlook's records): dropped.
                while i < r.upperBound, bytes[i] != 0x3E { i += 1 }
                i += 1
                continue
            }
            if b == 0x26, let (scalar, next) = entity(bytes, i, r.upperBound) {
                out += Array(String(Character(scalar)).utf8)
                i = next
                continue
            }
            out.append(b)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The character of an entity or character reference at `i` (`&amp;`, `&#233;`, `&#xE9;`) and the
    /// index after it.
    static func entity(_ b: [UInt8], _ i: Int, _ end: Int) -> (Unicode.Scalar, Int)? {
        var semi = i + 1
        while semi < end, semi - i <= 10, b[semi] != 0x3B { semi += 1 }
        guard semi < end, b[semi] == 0x3B, semi > i + 1 else { return nil }
        let body = String(decoding: b[(i + 1)..<semi], as: UTF8.self)
        let named: [String: Unicode.Scalar] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'"]
        if let s = named[body] { return (s, semi + 1) }
        guard body.hasPrefix("#") else { return nil }
        let digits = body.dropFirst()
        let value =
            digits.first == "x" || digits.first == "X"
            ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
        guard let v = value, let s = Unicode.Scalar(v), v != 0 else { return nil }
        return (s, semi + 1)
    }
}
