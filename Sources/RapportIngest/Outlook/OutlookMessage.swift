import Foundation
import RapportText

/// MAPI properties of one message, recipient or attachment storage of an Outlook `.msg` file
/// (MS-OXMSG): variable-size values from `__substg1.0_IIIITTTT` streams, fixed-size ones from
/// `__properties_version1.0`.
struct MAPIProperties {
    /// Variable-size values by tag (`id << 16 | type`).
    var streams: [UInt32: [UInt8]] = [:]
    /// Fixed-size values (8 bytes, little endian) by tag.
    var fixed: [UInt32: UInt64] = [:]
    /// Code page of 8-bit strings (`PT_STRING8`).
    var charset = "windows-1252"

    /// A string property (`PT_UNICODE` 001F, else `PT_STRING8` 001E in ``charset``), trailing NULs removed.
    func string(_ id: UInt16) -> String? {
        let base = UInt32(id) << 16
        if let u = streams[base | 0x001F] {
            var units: [UInt16] = []
            units.reserveCapacity(u.count / 2)
            var k = 0
            while k + 1 < u.count {
                units.append(UInt16(u[k]) | UInt16(u[k + 1]) << 8)
                k += 2
            }
            while units.last == 0 { units.removeLast() }
            return String(decoding: units, as: UTF16.self)
        }
        if var b = streams[base | 0x001E] {
            while b.last == 0 { b.removeLast() }
            return Charset.decode(b, charset: charset)
        }
        return nil
    }

    /// A binary property (`PT_BINARY` 0102).
    func binary(_ id: UInt16) -> [UInt8]? { streams[UInt32(id) << 16 | 0x0102] }

    /// A `PT_LONG` (0003) property.
    func long(_ id: UInt16) -> Int32? { fixed[UInt32(id) << 16 | 0x0003].map { Int32(truncatingIfNeeded: $0) } }

    /// A `PT_SYSTIME` (0040) property as seconds since 1970.
    func time(_ id: UInt16) -> Int64? {
        guard let ft = fixed[UInt32(id) << 16 | 0x0040], ft > 0 else { return nil }
        return Int64(ft / 10_000_000) - 11_644_473_600
    }
}

/// Turns an Outlook `.msg` file into the RFC 5322 message it stands for, so that the mail parser reads
/// it like an `.eml` (same headers, dates, cleaning, threading).
///
/// With `PR_TRANSPORT_MESSAGE_HEADERS` (received mail), those headers are kept, except the MIME ones;
/// otherwise (sent items, drafts) From/To/Cc/Bcc/Date/Subject/Message-ID/In-Reply-To/References are
/// written from the MAPI properties, the date from `PR_CLIENT_SUBMIT_TIME` (else
/// `PR_MESSAGE_DELIVERY_TIME`) at `+0000`: a `.msg` keeps no time zone. `PR_CONVERSATION_INDEX` becomes
/// `Thread-Index` when the headers have none. The body is `PR_BODY`, else `PR_HTML`, else
/// `PR_RTF_COMPRESSED` (de-encapsulated), written as one UTF-8 text part; attached messages
/// (`PR_ATTACH_METHOD` 5) follow as `message/rfc822` parts (forwarded text); other attachments are
/// not decoded.
enum OutlookMessage {
    /// The RFC 5322 bytes of the `.msg` file `bytes`, or why it cannot be read.
    static func rfc822(_ bytes: [UInt8]) -> Result<[UInt8], CompoundFile.Failure> {
        do {
            let file = try CompoundFile(bytes)
            var read: Set<Int> = []
            return .success(try message(file, storage: 0, depth: 0, read: &read))
        } catch {
            return .failure(error)
        }
    }

    /// True when a compound file's root holds MAPI property streams (an Outlook message, not a Word
    /// or Excel document).
    static func isMessage(_ bytes: [UInt8]) -> Bool {
        guard let file = try? CompoundFile(bytes), let children = try? file.children(of: 0) else { return false }
        return children.contains { $0.name.hasPrefix("__substg1.0_") || $0.name == "__properties_version1.0" }
    }

    /// Reads the properties of storage `index`; `headerSize` is the size of the header of its
    /// `__properties_version1.0` stream (32 top-level message, 24 embedded message, 8 recipient or attachment).
    static func properties(
        _ file: CompoundFile, storage index: Int, headerSize: Int, charset: String? = nil
    ) throws(CompoundFile.Failure) -> (MAPIProperties, [(name: String, index: Int)]) {
        var props = MAPIProperties()
        let children = try file.children(of: index)
        for (name, child) in children where file.entries[child].type == 2 {
            let upper = name.uppercased()
            if upper.hasPrefix("__SUBSTG1.0_"), upper.utf8.count == 20,
                let tag = UInt32(upper.dropFirst(12), radix: 16)
            {
                // Skip big binary values nobody reads here (attachment data).
                if tag == 0x3701_0102 { continue }
                props.streams[tag] = try file.stream(child)
            } else if upper == "__PROPERTIES_VERSION1.0" {
                let raw = try file.stream(child)
                var at = headerSize
                while at + 16 <= raw.count {
                    let tag = CompoundFile.u32(raw, at)
                    props.fixed[tag] = CompoundFile.u64(raw, at + 8)
                    at += 16
                }
            }
        }
        if let charset {
            props.charset = charset
        } else if let cp = props.long(0x3FFD) ?? props.long(0x3FDE), cp > 0 {
            props.charset = RTFText.charset(codepage: Int(cp))
        }
        return (props, children)
    }

    /// The RFC 5322 bytes of the message in `storage`. `read` holds the storages already read as messages:
    /// in a real file each attached message has a storage of its own, and a hostile one pointing many
    /// attachments at one storage (a few kilobytes that would expand to millions of nested copies, found
    /// while adding its fuzz target) is a failure at the second visit.
    private static func message(
        _ file: CompoundFile, storage: Int, depth: Int, read: inout Set<Int>
    ) throws(CompoundFile.Failure) -> [UInt8] {
        guard depth <= 4 else { throw CompoundFile.Failure("attached messages nested deeper than 4") }
        guard read.insert(storage).inserted else {
            throw CompoundFile.Failure("attached message storage \(storage) used twice (a damaged or hostile file)")
        }
        let (p, children) = try properties(file, storage: storage, headerSize: depth == 0 ? 32 : 24)
        var out: [String] = []
        let transport = p.string(0x007D).map { Self.stripMIMEHeaders($0) } ?? ""
        if !transport.isEmpty {
            out.append(transport)
        } else {
            let recipients = try Self.recipients(file, children, charset: p.charset)
            if let from = Self.sender(p) { out.append("From: " + from) }
            for (field, type) in [("To", 1), ("Cc", 2), ("Bcc", 3)] {
                let list = recipients.filter { $0.type == type }.map(\.mailbox)
                if !list.isEmpty { out.append(field + ": " + list.joined(separator: ", ")) }
            }
            if recipients.isEmpty {
                // No recipient table: the display lists, where they hold addresses.
                for (field, id) in [("To", UInt16(0x0E04)), ("Cc", UInt16(0x0E03))] {
                    let list = (p.string(id) ?? "").split(separator: ";").map {
                        $0.trimmingCharacters(in: .whitespaces)
                    }.filter { $0.contains("@") }
                    if !list.isEmpty { out.append(field + ": " + list.joined(separator: ", ")) }
                }
            }
            if let t = p.time(0x0039) ?? p.time(0x0E06) { out.append("Date: " + Self.rfc5322Date(t)) }
            if let s = p.string(0x0037) { out.append("Subject: " + Self.oneLine(s)) }
            if let v = p.string(0x1035) { out.append("Message-ID: " + Self.oneLine(v)) }
            if let v = p.string(0x1042) { out.append("In-Reply-To: " + Self.oneLine(v)) }
            if let v = p.string(0x1039) { out.append("References: " + Self.oneLine(v)) }
            if let v = p.string(0x0070), !v.isEmpty { out.append("Thread-Topic: " + Self.oneLine(v)) }
        }
        if !Self.hasField(transport, "thread-index"), let ci = p.binary(0x0071), ci.count >= 22 {
            out.append("Thread-Index: " + Data(ci).base64EncodedString())
        }
        // A message never sent (MSGFLAG_UNSENT): a draft, as Outlook marks it in .eml.
        if let flags = p.long(0x0E07), flags & 0x8 != 0, !Self.hasField(transport, "x-unsent") {
            out.append("X-Unsent: 1")
        }
        out.append("MIME-Version: 1.0")

        // Body.
        var part: (type: String, body: [UInt8])?
        if let body = p.string(0x1000), !body.isEmpty {
            part = ("text/plain; charset=utf-8", Array(body.utf8))
        } else if let html = p.binary(0x1013), !html.isEmpty {
            let cp = p.long(0x3FDE).map { RTFText.charset(codepage: Int($0)) }
            part = ("text/html" + (cp.map { "; charset=" + $0 } ?? ""), html)
        } else if let html = p.string(0x1013), !html.isEmpty {
            part = ("text/html; charset=utf-8", Array(html.utf8))
        } else if let rtf = p.binary(0x1009), case .success(let raw) = CompressedRTF.decompress(rtf) {
            switch RTFText.read(raw) {
            case .html(let h): part = ("text/html; charset=utf-8", Array(h.utf8))
            case .text(let t): part = ("text/plain; charset=utf-8", Array(t.utf8))
            }
        }
        // Attached messages: forwarded content.
        var attached: [[UInt8]] = []
        for (name, child) in children
        where file.entries[child].type == 1 && name.uppercased().hasPrefix("__ATTACH_VERSION1.0_") {
            let (ap, achildren) = try properties(file, storage: child, headerSize: 8, charset: p.charset)
            guard ap.long(0x3705) == 5,
                let inner = achildren.first(where: { $0.name.uppercased() == "__SUBSTG1.0_3701000D" }),
                file.entries[inner.index].type == 1
            else { continue }
            attached.append(try message(file, storage: inner.index, depth: depth + 1, read: &read))
        }
        var result = Array(out.joined(separator: "\n").utf8)
        let body = part ?? ("text/plain; charset=utf-8", [])
        if attached.isEmpty {
            result += Array("\nContent-Type: \(body.type)\nContent-Transfer-Encoding: 8bit\n\n".utf8)
            result += body.body
        } else {
            let boundary = "rapport-msg-\(depth)-" + String(file.bytes.count, radix: 16)
            result += Array("\nContent-Type: multipart/mixed; boundary=\"\(boundary)\"\n\n".utf8)
            result += Array("--\(boundary)\nContent-Type: \(body.type)\nContent-Transfer-Encoding: 8bit\n\n".utf8)
            result += body.body
            for m in attached {
                result += Array("\n--\(boundary)\nContent-Type: message/rfc822\n\n".utf8)
                result += m
            }
            result += Array("\n--\(boundary)--\n".utf8)
        }
        return result
    }

    /// One recipient row.
    struct Recipient {
        var type: Int
        var mailbox: String
    }

    /// The recipient table: `__recip_version1.0_#XXXXXXXX` storages.
    static func recipients(
        _ file: CompoundFile, _ children: [(name: String, index: Int)], charset: String
    ) throws(CompoundFile.Failure) -> [Recipient] {
        var result: [Recipient] = []
        for (name, child) in children
        where file.entries[child].type == 1 && name.uppercased().hasPrefix("__RECIP_VERSION1.0_") {
            let (r, _) = try properties(file, storage: child, headerSize: 8, charset: charset)
            let address = [r.string(0x39FE), r.string(0x3003)].compactMap { $0 }.first { $0.contains("@") }
            let display = r.string(0x3001) ?? ""
            guard let address else { continue }
            result.append(Recipient(type: Int(r.long(0x0C15) ?? 1), mailbox: mailbox(display, address)))
        }
        return result
    }

    /// `From:` from the sender properties: an Exchange (`EX`) sender's SMTP address is in
    /// `PR_SENDER_SMTP_ADDRESS`.
    static func sender(_ p: MAPIProperties) -> String? {
        let candidates =
            p.string(0x0C1E)?.uppercased() == "EX"
            ? [p.string(0x5D01), p.string(0x5D02), p.string(0x0C1F)]
            : [p.string(0x0C1F), p.string(0x5D01), p.string(0x0065), p.string(0x5D02)]
        let name = p.string(0x0C1A) ?? p.string(0x0042) ?? ""
        guard let address = candidates.compactMap({ $0 }).first(where: { $0.contains("@") }) else {
            return name.isEmpty ? nil : mailbox(name, "")
        }
        return mailbox(name, address)
    }

    /// `"Name" <address>` (quotes and backslashes escaped).
    static func mailbox(_ name: String, _ address: String) -> String {
        let addr = oneLine(address).trimmingCharacters(in: .whitespaces)
        let n = oneLine(name).trimmingCharacters(in: .whitespaces)
        if n.isEmpty || n == addr { return "<" + addr + ">" }
        let escaped = n.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"" + escaped + "\" <" + addr + ">"
    }

    /// Line breaks (which would end a header field) turned into spaces.
    static func oneLine(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { $0 == "\r" || $0 == "\n" ? " " : $0 }))
    }

    /// `Thu, 02 Jan 2020 03:04:05 +0000`.
    static func rfc5322Date(_ seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let secs = seconds - days * 86400
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][Int(((days % 7) + 7) % 7)]
        let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][Int(m - 1)]
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return
            "\(weekday), \(two(d)) \(month) \(y) \(two(secs / 3600)):\(two(secs % 3600 / 60)):\(two(secs % 60)) +0000"
    }

    /// The lines of a header block (split on LF, a CR before it removed; on bytes: `String.split` would
    /// keep CRLF together as one character).
    static func lines(_ headers: String) -> [Substring] {
        headers.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { raw in
            let line = Substring(raw)
            return line.utf8.last == 0x0D ? Substring(line.utf8.dropLast()) : line
        }
    }

    /// Transport headers without the MIME fields (the body is rewritten), line ends as LF, no trailing
    /// blank line.
    static func stripMIMEHeaders(_ headers: String) -> String {
        var kept: [Substring] = []
        var dropping = false
        for line in lines(headers) {
            if line.isEmpty {
                if kept.isEmpty { continue }
                break
            }
            if line.utf8.first == 0x20 || line.utf8.first == 0x09 {
                if !dropping && !kept.isEmpty { kept.append(line) }
                continue
            }
            let name = line.prefix { $0 != ":" }.lowercased()
            dropping = name.hasPrefix("content-") || name == "mime-version"
            if !dropping { kept.append(line) }
        }
        return kept.joined(separator: "\n")
    }

    /// Whether a header block has a field of that (lower-case) name.
    static func hasField(_ headers: String, _ name: String) -> Bool {
        for line in lines(headers) where line.utf8.first != 0x20 && line.utf8.first != 0x09 {
            if line.prefix(while: { $0 != ":" }).lowercased() == name { return true }
        }
        return false
    }
}
