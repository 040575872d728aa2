public import RapportCore

/// A fast NDJSON writer for ``Message``: byte-for-byte the output of `JSONEncoder` with
/// `[.sortedKeys, .withoutEscapingSlashes]` (tests compare the two), several times faster — the CLI's
/// `ingest` would otherwise spend a third of its time in `JSONEncoder`.
public enum MessageJSON {
    /// Appends the JSON object for `m` (no trailing newline) to `out`.
    public static func append(_ m: Message, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        key("attributes", &out, first: true)
        out.append(UInt8(ascii: "{"))
        var firstAttr = true
        for k in m.attributes.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            if !firstAttr { out.append(UInt8(ascii: ",")) }
            firstAttr = false
            string(k, &out)
            out.append(UInt8(ascii: ":"))
            string(m.attributes[k] ?? "", &out)
        }
        out.append(UInt8(ascii: "}"))
        key("cc", &out)
        participants(m.cc, &out)
        key("channel", &out)
        string(m.channel.rawValue, &out)
        if let d = m.date {
            key("date", &out)
            // ISO 8601 text has nothing to escape (digits, `-`, `:`, `T`, `.`, `+`).
            out.append(UInt8(ascii: "\""))
            d.appendISO8601(to: &out)
            out.append(UInt8(ascii: "\""))
        }
        key("direction", &out)
        string(m.direction.rawValue, &out)
        key("flags", &out)
        out.append(UInt8(ascii: "["))
        for (i, name) in m.flags.names.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            string(name, &out)
        }
        out.append(UInt8(ascii: "]"))
        key("from", &out)
        participant(m.from, &out)
        key("id", &out)
        string(m.id, &out)
        key("locator", &out)
        out.append(UInt8(ascii: "{"))
        var firstLoc = true
        if let b = m.locator.byteOffset {
            key("byte_offset", &out, first: true)
            out.append(contentsOf: String(b).utf8)
            firstLoc = false
        }
        key("file", &out, first: firstLoc)
        string(m.locator.file, &out)
        if let j = m.locator.jsonPath {
            key("json_path", &out)
            string(j, &out)
        }
        out.append(UInt8(ascii: "}"))
        if let v = m.messageID {
            key("message_id", &out)
            string(v, &out)
        }
        if let v = m.parent {
            key("parent", &out)
            string(v, &out)
        }
        key("quoted_chars", &out)
        out.append(contentsOf: String(m.quotedChars).utf8)
        key("source", &out)
        string(m.source.rawValue, &out)
        key("subject", &out)
        string(m.subject, &out)
        key("text", &out)
        string(m.text, &out)
        key("thread", &out)
        string(m.thread, &out)
        key("to", &out)
        participants(m.to, &out)
        out.append(UInt8(ascii: "}"))
    }

    private static func key(_ k: StaticString, _ out: inout [UInt8], first: Bool = false) {
        if !first { out.append(UInt8(ascii: ",")) }
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: UnsafeBufferPointer(start: k.utf8Start, count: k.utf8CodeUnitCount))
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: ":"))
    }

    private static func participants(_ ps: [Participant], _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (i, p) in ps.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            participant(p, &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    private static func participant(_ p: Participant, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        key("displayName", &out, first: true)
        string(p.displayName, &out)
        if let e = p.email {
            key("email", &out)
            string(e, &out)
        }
        key("id", &out)
        string(p.id, &out)
        if let x = p.isExternal {
            key("isExternal", &out)
            out.append(contentsOf: (x ? "true" : "false").utf8)
        }
        if let x = p.isList {
            key("isList", &out)
            out.append(contentsOf: (x ? "true" : "false").utf8)
        }
        if let o = p.organization {
            key("organization", &out)
            string(o, &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A JSON string: `"` and `\` escaped, control characters as short escapes or `\u00XX`.
    static func string(_ s: String, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { u in
            var run = 0
            for i in 0..<u.count {
                let c = u[i]
                if c >= 0x20 && c != 0x22 && c != 0x5C { continue }
                if i > run { out.append(contentsOf: UnsafeBufferPointer(rebasing: u[run..<i])) }
                run = i + 1
                out.append(UInt8(ascii: "\\"))
                switch c {
                case 0x22: out.append(0x22)
                case 0x5C: out.append(0x5C)
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                default:
                    out.append(contentsOf: [
                        UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hexDigits[Int(c >> 4)],
                        hexDigits[Int(c & 0xF)],
                    ])
                }
            }
            if run < u.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: u[run..<u.count])) }
        }
        out.append(UInt8(ascii: "\""))
    }
}
