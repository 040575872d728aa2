import RapportText

/// A parsed header block: names lower-cased, values unfolded raw bytes (not yet decoded).
struct MailHeaders: Sendable {
    var fields: [(name: String, value: [UInt8])] = []

    /// The first value of a header (lower-case name).
    func first(_ name: String) -> [UInt8]? {
        let count = name.utf8.count
        // By index: a `for f in fields` loop copies each (name, value) pair out, retaining both.
        for k in fields.indices where Self.same(fields[k].name, name, count) { return fields[k].value }
        return nil
    }

    func all(_ name: String) -> [[UInt8]] {
        let count = name.utf8.count
        var values: [[UInt8]] = []
        for k in fields.indices where Self.same(fields[k].name, name, count) { values.append(fields[k].value) }
        return values
    }

    func has(_ name: String) -> Bool {
        let count = name.utf8.count
        for k in fields.indices where Self.same(fields[k].name, name, count) { return true }
        return false
    }

    /// `a == b` where `b` has `count` UTF-8 bytes. A message's header lookups (some 80 of them) mostly meet
    /// names of another length, told apart by the stored byte count without a string comparison. Header
    /// names are printable ASCII (``parse(_:from:limit:)`` reads no other byte into a name) and so are the
    /// names looked up, so equal names have equal byte counts.
    @inline(__always) private static func same(_ a: String, _ b: String, _ count: Int) -> Bool {
        a.utf8.count == count && a == b
    }

    /// Raw 8-bit header values that are not UTF-8, re-encoded as UTF-8 from the charset the message's top-level
    /// `Content-Type` declares, when that is a multi-byte legacy charset (Shift_JIS, EUC-JP, GB18030, Big5,
    /// EUC-KR/windows-949) or a single-byte one other than Latin-1/windows-1252 (KOI8-R, windows-1251, ISO-8859-x):
    /// old Japanese, Chinese, Korean and Russian clients wrote headers unencoded in the body's charset, as
    /// Thunderbird reads them (round-15 triage: a Shift_JIS subject read as windows-1252 mojibake). Values with
    /// encoded-words are left as they are (their words carry their own charset).
    mutating func recodeRawValues() {
        guard fields.contains(where: { f in f.value.contains { $0 >= 0x80 } }),
            let ct = first("content-type")
        else { return }
        guard let declared = HeaderDecoder.parameters(ct).params["charset"] else { return }
        let name = Charset.effectiveName(declared)
        let lower = name.lowercased()
        guard lower != "windows-1252", lower != "utf-8", !lower.hasPrefix("utf-"), !lower.hasPrefix("iso-2022"),
            Charset.isKnown(name)
        else { return }
        for k in fields.indices where fields[k].value.contains(where: { $0 >= 0x80 }) {
            let v = fields[k].value
            if Charset.isValidUTF8(v) || HeaderDecoder.find(v, [0x3D, 0x3F]) != nil { continue }
            if let text = Charset.convert(v, from: name) { fields[k].value = Array(text.utf8) }
        }
    }

    /// Decoded text (RFC 2047, raw 8-bit as UTF-8 or windows-1252) of the first header `name`.
    func text(_ name: String) -> String? { first(name).map { HeaderDecoder.decodeText($0) } }

    /// Parses the header block at the start of `data`; returns the headers and the body start.
    /// A first line that is not a header yields `nil` (malformed). A later line without a colon ends
    /// the headers (it starts the body), as most mail clients do — unless only header fields follow it
    /// up to the blank line, one of them a standard field (`From`, `Date`, `Subject`, …): then that one
    /// line is junk inside the header block and is skipped, so the fields after it are not lost.
    static func parse(
        _ data: UnsafeBufferPointer<UInt8>, from begin: Int = 0, limit: Int
    ) -> (
        MailHeaders, body: Int, tooLarge: Bool
    )? {
        var h = MailHeaders()
        // Room for a typical header block, so the field list is not regrown four times per message.
        h.fields.reserveCapacity(16)
        var i = begin
        let n = data.count
        var curName: String?
        var curValue: [UInt8] = []
        func flush() {
            if let name = curName {
                var e = curValue.count
                while e > 0 && (curValue[e - 1] == 0x20 || curValue[e - 1] == 0x09) { e -= 1 }
                var s = 0
                while s < e && (curValue[s] == 0x20 || curValue[s] == 0x09) { s += 1 }
                h.fields.append((name, Array(curValue[s..<e])))
            }
            curName = nil
            curValue.removeAll(keepingCapacity: true)
        }
        var first = true
        while i < n {
            if i - begin > limit { return (h, n, true) }
            var e = i
            while e < n && data[e] != 0x0A { e += 1 }
            var le = e
            if le > i && data[le - 1] == 0x0D { le -= 1 }
            let next = e < n ? e + 1 : n
            if le == i {
                flush()
                return (h, next, false)
            }
            let c = data[i]
            if c == 0x20 || c == 0x09 {
                if curName != nil {
                    curValue.append(contentsOf: UnsafeBufferPointer(rebasing: data[i..<le]))
                } else if first {
                    return nil
                }
                i = next
                continue
            }
            var colon = i
            while colon < le && data[colon] != 0x3A && data[colon] > 0x20 && data[colon] < 0x7F { colon += 1 }
            var k = colon
            while k < le && (data[k] == 0x20 || data[k] == 0x09) { k += 1 }
            if k >= le || data[k] != 0x3A || colon == i {
                if first { return nil }
                // An address cut inside its angle brackets without folding whitespace (`Cc: Dan <d@` then
                // `example.com>`, seen in a real export): the line continues the field, joined as is.
                if let name = curName, Self.addressFields.contains(name), Self.openAngle(curValue) {
                    curValue.append(contentsOf: UnsafeBufferPointer(rebasing: data[i..<le]))
                    i = next
                    continue
                }
                // A MIME parameter that lost its folding whitespace (`charset="BIG-5"` on a line of its own
                // below `Content-Transfer-Encoding:`, a bulk mailer's part headers in Email-MIME's tests; round-13
                // triage): a parameter of the block's `Content-Type`, not the start of the body.
                if Self.isParameterLine(data, i, le) {
                    let parameter = [0x3B, 0x20] + Array(UnsafeBufferPointer(rebasing: data[i..<le]))
                    if curName == "content-type" {
                        curValue += parameter
                    } else if let t = h.fields.lastIndex(where: { $0.name == "content-type" }) {
                        h.fields[t].value += parameter
                    }
                    i = next
                    continue
                }
                // A stray line inside the header block ("quite Delivered-To: …" in a real export): skipped
                // when what follows up to the blank line is header fields, one of them a standard one.
                if Self.headerFieldsFollow(data, from: next) {
                    flush()
                    i = next
                    continue
                }
                // Not a header line: the body starts here.
                flush()
                return (h, i, false)
            }
            flush()
            first = false
            // The name lower-cased straight into the string (printable ASCII: valid UTF-8 as it is).
            curName = String(unsafeUninitializedCapacity: colon - i) { out in
                for j in 0..<(colon - i) {
                    let c = data[i + j]
                    out[j] = c >= 0x41 && c <= 0x5A ? c | 0x20 : c
                }
                return colon - i
            }
            curValue.append(contentsOf: UnsafeBufferPointer(rebasing: data[(k + 1)..<le]))
            i = next
        }
        flush()
        return first ? nil : (h, n, false)
    }
}

extension MailHeaders {
    /// Address fields whose value can be continued by a line that lost its folding whitespace.
    private static let addressFields: Set<String> = ["from", "to", "cc", "bcc", "reply-to", "sender"]

    /// Whether the last `<` of `value` is not closed by a `>` (an address cut in the middle).
    static func openAngle(_ value: [UInt8]) -> Bool {
        guard let lt = value.lastIndex(of: 0x3C) else { return false }
        return !value[lt...].contains(0x3E)
    }

    /// Whether `data[start..<end]` is one MIME parameter and nothing else: `name=value` or `name="value"`
    /// (an attribute token of letters, digits, `-`, `_`, `*`; a token value, or a quoted string running to
    /// the line's end, optionally followed by `;`).
    static func isParameterLine(_ data: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var i = start
        while i < end, data[i].isParameterNameByte { i += 1 }
        guard i > start, i < end, data[i] == 0x3D else { return false }
        i += 1
        var e = end
        while e > i && (data[e - 1] == 0x20 || data[e - 1] == 0x09) { e -= 1 }
        if e > i && data[e - 1] == 0x3B { e -= 1 }
        guard e > i else { return false }
        if data[i] == 0x22 {
            guard e - i >= 2, data[e - 1] == 0x22 else { return false }
            for k in (i + 1)..<(e - 1) where data[k] == 0x22 || data[k] < 0x20 { return false }
            return true
        }
        for k in i..<e where data[k] <= 0x20 || data[k] >= 0x7F || data[k] == 0x22 || data[k] == 0x3B {
            return false
        }
        return true
    }

    /// Standard field names whose presence after a stray line shows the header block goes on.
    private static let standardNames: Set<[UInt8]> = Set(
        [
            "from", "to", "cc", "bcc", "subject", "date", "message-id", "in-reply-to", "references", "reply-to",
            "sender", "received", "return-path", "delivered-to", "mime-version", "content-type",
            "content-transfer-encoding",
        ].map { Array($0.utf8) })

    /// Whether the lines from `start` up to the next blank line (at most 200 lines, 64 KiB) are all
    /// header fields or continuations, at least one of them a standard field.
    static func headerFieldsFollow(_ data: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        var i = start
        let n = data.count
        var standard = false
        var lines = 0
        while i < n && lines < 200 && i - start < 65536 {
            var e = i
            while e < n && data[e] != 0x0A { e += 1 }
            var le = e
            if le > i && data[le - 1] == 0x0D { le -= 1 }
            if le == i { return standard }
            lines += 1
            let c = data[i]
            if c != 0x20 && c != 0x09 {
                var colon = i
                while colon < le && data[colon] != 0x3A && data[colon] > 0x20 && data[colon] < 0x7F { colon += 1 }
                guard colon > i, colon < le, data[colon] == 0x3A else { return false }
                var name = [UInt8](UnsafeBufferPointer(rebasing: data[i..<colon]))
                for j in 0..<name.count where name[j] >= 0x41 && name[j] <= 0x5A { name[j] |= 0x20 }
                if standardNames.contains(name) { standard = true }
            }
            i = e < n ? e + 1 : n
        }
        return false
    }
}

/// Header value decoding: RFC 2047 encoded-words, RFC 2231 parameters, addresses, message ids.
enum HeaderDecoder {
    // MARK: Unstructured text (RFC 2047)

    /// Decodes a header value: encoded-words (whitespace between adjacent ones dropped, adjacent words
    /// of one charset decoded together, missing base64 padding tolerated); raw bytes are UTF-8 when
    /// valid, else windows-1252. Whitespace runs collapse to one space.
    static func decodeText(_ v: [UInt8]) -> String {
        if !v.contains(0x3D) || !v.contains(0x3F) {
            return collapse(rawText(v))
        }
        var out = ""
        var i = 0
        let n = v.count
        var plainStart = 0
        var pendingBytes: [UInt8] = []
        var pendingCharset: String?
        var lastWasWord = false
        func flushPending() {
            if let cs = pendingCharset {
                out += Charset.decode(pendingBytes, charset: cs)
                pendingBytes.removeAll()
                pendingCharset = nil
            }
        }
        while i < n {
            if v[i] == 0x3D && i + 1 < n && v[i + 1] == 0x3F, let w = encodedWord(v, at: i) {
                let gap = v[plainStart..<i]
                let gapIsSpace = gap.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
                if !(lastWasWord && gapIsSpace) {
                    flushPending()
                    out += rawText(Array(gap))
                }
                if let cs = pendingCharset, cs.lowercased() != w.charset.lowercased() { flushPending() }
                pendingCharset = w.charset
                pendingBytes += w.bytes
                lastWasWord = true
                i = w.end
                plainStart = i
                continue
            }
            i += 1
        }
        let tail = v[plainStart..<n]
        flushPending()
        if !tail.isEmpty { out += rawText(Array(tail)) }
        return collapse(out)
    }

    /// One encoded-word `=?charset[*lang]?B|Q?text?=` at `i`.
    static func encodedWord(_ v: [UInt8], at i: Int) -> (charset: String, bytes: [UInt8], end: Int)? {
        let n = v.count
        var j = i + 2
        let csStart = j
        while j < n && v[j] != 0x3F && v[j] > 0x20 && j - csStart < 64 { j += 1 }
        guard j < n, v[j] == 0x3F, j > csStart, j + 2 < n, v[j + 2] == 0x3F else { return nil }
        var csEnd = j
        if let star = v[csStart..<j].firstIndex(of: 0x2A) { csEnd = star }
        let charset = String(decoding: v[csStart..<csEnd], as: UTF8.self)
        let enc = v[j + 1] | 0x20
        guard enc == 0x62 || enc == 0x71 else { return nil }
        let textStart = j + 3
        var k = textStart
        while k + 1 < n && !(v[k] == 0x3F && v[k + 1] == 0x3D) {
            if v[k] == 0x20 && enc == 0x62 { return nil }
            if k - textStart > 4096 { return nil }
            k += 1
        }
        guard k + 1 < n else { return nil }
        let text = v[textStart..<k]
        let bytes: [UInt8]
        if enc == 0x62 {
            bytes = Transfer.base64(text)
        } else {
            bytes = Transfer.quotedPrintable(text, header: true)
        }
        return (charset, bytes, k + 2)
    }

    /// Raw header bytes as text: UTF-8 when valid, else windows-1252.
    static func rawText(_ v: [UInt8]) -> String {
        if v.allSatisfy({ $0 < 0x80 }) { return String(decoding: v, as: UTF8.self) }
        return Charset.decode(v, charset: nil)
    }

    static func collapse(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        var space = false
        for b in s.utf8 {
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                space = !out.isEmpty
            } else {
                if space { out.append(0x20) }
                space = false
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: Structured: Content-Type style values with RFC 2231 parameters

    /// `type/subtype; a=b; c*0*=utf-8''x; c*1=y` → lower-cased value and parameters (names
    /// lower-cased, continuations joined, `*` values percent-decoded in their charset).
    static func parameters(_ v: [UInt8]) -> (value: String, params: [String: String]) {
        let (valueBytes, valueEnd) = mediaTypeBytes(v)
        var i = valueEnd
        let n = v.count
        var raw: [(name: String, section: Int, extended: Bool, value: [UInt8])] = []
        while i < n {
            // at ';'
            i += 1
            while i < n && (v[i] == 0x20 || v[i] == 0x09 || v[i] == 0x3B || v[i] == 0x0D || v[i] == 0x0A) { i += 1 }
            let ns = i
            while i < n && v[i] != 0x3D && v[i] != 0x3B { i += 1 }
            var ne = i
            while ne > ns && (v[ne - 1] == 0x20 || v[ne - 1] == 0x09 || v[ne - 1] == 0x0D || v[ne - 1] == 0x0A) {
                ne -= 1
            }
            guard i < n, v[i] == 0x3D else { continue }
            i += 1
            while i < n && (v[i] == 0x20 || v[i] == 0x09) { i += 1 }
            var val: [UInt8] = []
            if i < n && v[i] == 0x22 {
                i += 1
                while i < n && v[i] != 0x22 {
                    if v[i] == 0x5C && i + 1 < n { i += 1 }
                    val.append(v[i])
                    i += 1
                }
                if i < n { i += 1 }
                while i < n && v[i] != 0x3B { i += 1 }
            } else {
                while i < n && v[i] != 0x3B {
                    val.append(v[i])
                    i += 1
                }
                while let l = val.last, l == 0x20 || l == 0x09 { val.removeLast() }
            }
            var name = String(decoding: v[ns..<ne], as: UTF8.self).lowercased()
            var extended = false
            var section = -1
            if name.hasSuffix("*") {
                extended = true
                name.removeLast()
            }
            if let star = name.lastIndex(of: "*"), let num = Int(name[name.index(after: star)...]) {
                section = num
                name = String(name[..<star])
            }
            raw.append((name, section, extended, val))
        }
        var params: [String: String] = [:]
        // Group by name in one pass (a linear `contains`/`filter` per name was quadratic in the
        // number of parameters: 26,000 distinct names took minutes).
        var names: [String] = []
        var groups: [String: [Int]] = [:]
        for (k, r) in raw.enumerated() {
            if groups[r.name] == nil { names.append(r.name) }
            groups[r.name, default: []].append(k)
        }
        for name in names {
            let parts = (groups[name] ?? []).map { raw[$0] }.sorted { $0.section < $1.section }
            if parts.count == 1 && !parts[0].extended && parts[0].section < 0 {
                params[name] = decodeText(parts[0].value)
                continue
            }
            var charset: String?
            var bytes: [UInt8] = []
            for (k, p) in parts.enumerated() {
                var val = p.value[...]
                if p.extended {
                    if k == 0, let q1 = val.firstIndex(of: 0x27),
                        let q2 = val[(q1 + 1)...].firstIndex(of: 0x27)
                    {
                        charset = String(decoding: val[val.startIndex..<q1], as: UTF8.self)
                        val = val[(q2 + 1)...]
                    }
                    bytes += percentDecode(val)
                } else {
                    bytes += val
                }
            }
            params[name] = Charset.decode(bytes, charset: charset?.isEmpty == false ? charset : "utf-8")
        }
        return (String(decoding: valueBytes, as: UTF8.self), params)
    }

    /// The lower-cased value of a `Content-Type`-like header (before the first `;`), as
    /// ``parameters(_:)`` returns it, without parsing the parameters.
    static func mediaType(_ v: [UInt8]) -> String { String(decoding: mediaTypeBytes(v).bytes, as: UTF8.self) }

    /// The value bytes (comments, blanks and quotes removed, lower-cased) and the index of the first `;`.
    static func mediaTypeBytes(_ v: [UInt8]) -> (bytes: [UInt8], end: Int) {
        var i = 0
        let n = v.count
        var valueBytes: [UInt8] = []
        while i < n && v[i] != 0x3B {
            let c = v[i]
            if c == 0x28 {
                i = skipComment(v, i)
                continue
            }
            if c != 0x20 && c != 0x09 && c != 0x22 { valueBytes.append(c >= 0x41 && c <= 0x5A ? c | 0x20 : c) }
            i += 1
        }
        return (valueBytes, i)
    }

    static func percentDecode(_ v: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        var i = v.startIndex
        while i < v.endIndex {
            if v[i] == 0x25, i + 2 < v.endIndex, let h = Transfer.hex(v[i + 1]), let l = Transfer.hex(v[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(v[i])
                i += 1
            }
        }
        return out
    }

    static func skipComment(_ v: [UInt8], _ start: Int) -> Int {
        var depth = 0
        var i = start
        while i < v.count {
            let c = v[i]
            if c == 0x5C {
                i += 2
                continue
            }
            if c == 0x28 { depth += 1 }
            if c == 0x29 {
                depth -= 1
                if depth == 0 { return i + 1 }
            }
            i += 1
        }
        return v.count
    }

    // MARK: Addresses

    /// An address list (groups, comments, quoted names, encoded-word names, bare addresses).
    static func addresses(_ v: [UInt8]) -> [(name: String, address: String)] {
        var result: [(String, String)] = []
        var phrase: [UInt8] = []
        var angle: [UInt8]?
        // Text after `<addr>` before the next separator: the start of a second mailbox when a comma is
        // missing ("Bob <bob@x> Bobby <bobby@x>"), never part of the first one's name.
        var trailing: [UInt8] = []
        var comment: [UInt8] = []
        var i = 0
        let n = v.count
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }
        func emit(_ rawName: String, _ raw: [UInt8]) {
            var addr = raw
            // Tested first: removing copies the shared buffer even when nothing goes (the common case).
            if addr.contains(where: { isSpace($0) || $0 == 0x22 }) { addr.removeAll { isSpace($0) || $0 == 0x22 } }
            // An address left in brackets by a quoted whole mailbox (`"John Doe <j@x>"`, web forms and CRMs)
            // or written in square brackets (`John Doe [j@x]`, Lotus Notes).
            if let f = addr.first, let l = addr.last, addr.count > 2,
                (f == 0x3C && l == 0x3E) || (f == 0x5B && l == 0x5D)
            {
                addr = Array(addr[1..<(addr.count - 1)])
            }
            if addr.first == 0x3A || addr.first == 0x40 {
                // Obsolete source route `<@a,@b:user@host>`.
                if let colon = addr.lastIndex(of: 0x3A) { addr = Array(addr[(colon + 1)...]) }
            }
            if !addr.isEmpty && addr.count < 320 {
                var a = String(decoding: addr, as: UTF8.self)
                if a.hasPrefix("mailto:") { a.removeFirst(7) }
                // Outlook wraps a name it quotes in apostrophes ("'Ann Other'" <ann@x>, 'John Doe' <j@x>): the
                // quotes are not part of the name, which the report would otherwise show as 'Ann Other'. A name
                // with an apostrophe inside ("'Tis' the season'") is left as it is.
                var name = rawName
                if name.utf8.count > 2, name.hasPrefix("'"), name.hasSuffix("'") {
                    var inner = name.dropFirst().dropLast()
                    while inner.first == " " { inner = inner.dropFirst() }
                    while inner.last == " " { inner = inner.dropLast() }
                    if !inner.contains("'") { name = String(inner) }
                }
                result.append((name == a ? "" : name, a))
            }
        }
        /// Whitespace-separated words of `bytes` that hold an `@` with text on both sides.
        func atWords(_ bytes: [UInt8]) -> [[UInt8]] {
            bytes.split(whereSeparator: isSpace).filter { w in
                guard let at = w.firstIndex(of: 0x40) else { return false }
                return at > w.startIndex && at < w.endIndex - 1
            }.map(Array.init)
        }
        func end() {
            if let a = angle {
                var name = decodeText(phrase)
                if name.isEmpty { name = decodeText(comment) }
                emit(name, a)
                for w in atWords(trailing) { emit("", w) }
            } else {
                var addr = phrase
                var name = decodeText(comment)
                // Without white space (`ann@x.org`, the common bare address) the words are not looked at:
                // every use below needs two words or a space.
                let words = addr.contains(where: isSpace) ? atWords(addr) : []
                // A lone word with "@" among other words counts when its domain has a dot ("John Doe
                // john@x.com"); "bob@example .com" is one address with a stray space.
                let complete = words.count == 1 && words[0].split(separator: 0x40).last?.contains(0x2E) == true
                if name.isEmpty && complete && addr.contains(where: isSpace) {
                    // `"John Doe" john@x`, `John Doe john@x`, `"John Doe <john@x>"`: the other words are the name.
                    var rest = addr
                    if let at = find(rest, words[0]) { rest.removeSubrange(at..<(at + words[0].count)) }
                    let text = decodeText(rest)
                    if !text.contains("@") { name = text }
                }
                if !addr.contains(0x40), find(addr, [0x3D, 0x3F]) != nil {
                    // A whole mailbox inside an encoded-word (`=?UTF-8?B?…?=` holding `John Doe <j@x>`: CRMs,
                    // bulk senders; RFC 2047 forbids it, Thunderbird shows it decoded): read the decoded text.
                    let decoded = Array(decodeText(addr).utf8)
                    if decoded.contains(0x40), find(decoded, [0x3D, 0x3F]) == nil {
                        result.append(contentsOf: addresses(decoded))
                        phrase.removeAll()
                        trailing.removeAll()
                        comment.removeAll()
                        angle = nil
                        return
                    }
                }
                if words.count > 1 || (complete && addr.contains(where: isSpace)) {
                    // Bare addresses without commas ("tim@x.com concierge@x.com"): one mailbox per word
                    // holding an "@"; an addr-spec has one "@", so words are never glued together.
                    for (k, w) in words.enumerated() { emit(k == 0 ? name : "", w) }
                } else {
                    // Pipermail archives obfuscate `user@host` as `user at host`.
                    if !addr.contains(0x40), let at = find(addr, [0x20, 0x61, 0x74, 0x20]) {
                        addr.replaceSubrange(at..<(at + 4), with: [0x40])
                    }
                    emit(name, addr)
                }
            }
            phrase.removeAll()
            trailing.removeAll()
            comment.removeAll()
            angle = nil
        }
        while i < n {
            let c = v[i]
            switch c {
            case 0x22:  // quoted string
                i += 1
                while i < n && v[i] != 0x22 {
                    if v[i] == 0x5C && i + 1 < n { i += 1 }
                    if angle != nil { trailing.append(v[i]) } else { phrase.append(v[i]) }
                    i += 1
                }
                i += 1
            case 0x28:
                let e = skipComment(v, i)
                if e - 1 > i + 1 {
                    // Several comments are one name, a space between them (as Python's `getaddrlist`).
                    if !comment.isEmpty { comment.append(0x20) }
                    comment += v[(i + 1)..<(e - 1)]
                }
                i = e
            case 0x3C:
                if angle != nil {
                    // A second `<addr>` without a comma: the first mailbox ends here.
                    let next = trailing
                    trailing.removeAll()
                    end()
                    phrase = next
                }
                var a: [UInt8] = []
                i += 1
                while i < n && v[i] != 0x3E {
                    a.append(v[i])
                    i += 1
                }
                angle = a
                i += 1
            case 0x2C:
                // `Quan, Evan <evan@x>` unquoted (Exchange exports, Lotus Notes): a phrase without an address
                // before a comma, with the next mailbox opening on a name and `<addr>`, is that name's first half.
                if angle == nil && comment.isEmpty && !phrase.contains(0x40) && phrase.contains(where: { !isSpace($0) })
                    && Self.nameAndAngleFollow(v, from: i + 1)
                {
                    phrase.append(0x2C)
                    i += 1
                    continue
                }
                end()
                i += 1
            case 0x3A where angle == nil:
                // Group display name: drop it.
                phrase.removeAll()
                comment.removeAll()
                i += 1
            case 0x3B:
                end()
                i += 1
            default:
                if angle != nil { trailing.append(c) } else { phrase.append(c) }
                i += 1
            }
        }
        end()
        return result.filter { !$0.1.isEmpty }
    }

    /// Whether the mailbox starting at `start` is a name (words, no `@`) followed by `<`, before any `,`,
    /// `;` or `:`.
    static func nameAndAngleFollow(_ v: [UInt8], from start: Int) -> Bool {
        var j = start
        var words = false
        while j < v.count {
            switch v[j] {
            case 0x3C: return words
            case 0x2C, 0x3B, 0x3A, 0x40, 0x3E: return false
            case 0x20, 0x09, 0x0D, 0x0A: break
            default: words = true
            }
            j += 1
        }
        return false
    }

    /// The index of the first occurrence of `p` in `v` (any byte collection indexed by `Int`: arrays, slices
    /// with their own indices, buffers).
    static func find<C: RandomAccessCollection<UInt8>>(_ v: C, _ p: [UInt8]) -> Int? where C.Index == Int {
        guard !p.isEmpty, v.count >= p.count else { return nil }
        let first = p[0]
        outer: for i in v.startIndex...(v.endIndex - p.count) where v[i] == first {
            for k in 1..<p.count where v[i + k] != p[k] { continue outer }
            return i
        }
        return nil
    }

    // MARK: Message ids

    /// Ids in a Message-ID / In-Reply-To / References value: `<…>` tokens, or bare `x@y` tokens;
    /// junk (`<yes>`, no `@`, spaces, over 250 bytes, 8-bit bytes that are not UTF-8) is dropped.
    static func messageIDs(_ v: [UInt8]) -> [String] {
        var ids: [String] = []
        var i = 0
        let n = v.count
        var sawAngle = false
        while i < n {
            if v[i] == 0x3C {
                var j = i + 1
                while j < n && v[j] != 0x3E && v[j] != 0x3C { j += 1 }
                if j < n && v[j] == 0x3E {
                    sawAngle = true
                    if let id = saneID(v[(i + 1)..<j]) { ids.append(id) }
                    i = j + 1
                    continue
                }
            }
            i += 1
        }
        if !sawAngle {
            var s = 0
            while s < n {
                while s < n && (v[s] == 0x20 || v[s] == 0x09 || v[s] == 0x2C) { s += 1 }
                var e = s
                while e < n && v[e] != 0x20 && v[e] != 0x09 && v[e] != 0x2C { e += 1 }
                if e > s, let id = saneID(v[s..<e]) { ids.append(id) }
                s = e
            }
        }
        return ids
    }

    static func saneID(_ raw: ArraySlice<UInt8>) -> String? {
        var s = raw.startIndex
        var e = raw.endIndex
        while s < e && (raw[s] == 0x20 || raw[s] == 0x09 || raw[s] == 0x3C) { s += 1 }
        while e > s && (raw[e - 1] == 0x20 || raw[e - 1] == 0x09 || raw[e - 1] == 0x3E) { e -= 1 }
        let b = raw[s..<e]
        guard b.count >= 3, b.count <= 250, let at = b.firstIndex(of: 0x40), at > b.startIndex, at < e - 1 else {
            return nil
        }
        var ascii = true
        for c in b where c <= 0x20 || c >= 0x7F || c == 0x3C || c == 0x3E || c == 0x22 || c == 0x2C {
            // UTF-8 is allowed (RFC 6532: `<u1@bücher.example>` from an internationalized address).
            guard c >= 0x80 else { return nil }
            ascii = false
        }
        return ascii ? String(decoding: b, as: UTF8.self) : String(validating: b, as: UTF8.self)
    }
}

extension UInt8 {
    /// A byte of a MIME parameter's name (RFC 2045 token, as written in practice): letters, digits, `-`,
    /// `_`, `*` (RFC 2231's `name*0*`).
    fileprivate var isParameterNameByte: Bool {
        (self >= 0x61 && self <= 0x7A) || (self >= 0x41 && self <= 0x5A) || (self >= 0x30 && self <= 0x39)
            || self == 0x2D || self == 0x5F || self == 0x2A
    }
}
