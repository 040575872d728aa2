import Foundation
import RapportCore

/// Slack emoji shortcodes (`thumbsup`, `+1::skin-tone-3`) → the emoji characters, loaded from
/// `lexicons/slack/emoji.tsv` (iamcal/emoji-data, MIT; see its PROVENANCE.md).
struct SlackEmoji: Sendable {
    private(set) var table: [String: String] = [:]
    /// The same table keyed by the names' bytes (`nil` when some name is not ASCII: byte equality is
    /// then not `String` equality, and lookups by bytes go through `table`).
    private var index: SlackEmojiIndex?

    init(table: [String: String] = [:]) {
        self.table = table
        index = SlackEmojiIndex(table)
    }

    /// Loads the table from the data directory; throws with every path tried when it is missing.
    static func load(dataDirectory: String?) throws(RapportError) -> SlackEmoji {
        let root = try DataPaths.root(explicit: dataDirectory)
        let path = root + "/lexicons/slack/emoji.tsv"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RapportError(
                .invalidConfiguration, "Slack emoji table not found", file: path,
                remedy: "reinstall Rapport's data directory or pass --data DIR")
        }
        return parse(Array(data))
    }

    /// Parses `name<TAB>HEX[-HEX…]` lines; `#` lines are comments; malformed lines are ignored.
    static func parse(_ bytes: [UInt8]) -> SlackEmoji {
        var table: [String: String] = [:]
        table.reserveCapacity(4096)
        for line in bytes.split(separator: 0x0A) {
            guard line.first != 0x23, let tab = line.firstIndex(of: 0x09) else { continue }
            let name = String(decoding: line[line.startIndex..<tab], as: UTF8.self)
            var out: [UInt8] = []
            var ok = true
            for part in line[(tab + 1)...].split(separator: 0x2D) {
                var v: UInt32 = 0
                for c in part {
                    switch c {
                    case 0x30...0x39: v = v << 4 | UInt32(c - 0x30)
                    case 0x41...0x46: v = v << 4 | UInt32(c - 0x41 + 10)
                    case 0x61...0x66: v = v << 4 | UInt32(c - 0x61 + 10)
                    case 0x0D: break
                    default: ok = false
                    }
                }
                appendUTF8(v, to: &out)
            }
            if ok && !out.isEmpty { table[name] = String(decoding: out, as: UTF8.self) }
        }
        return SlackEmoji(table: table)
    }

    /// The emoji for a shortcode name (without colons), or `nil`.
    func lookup(_ name: String) -> String? { table[name] }

    /// ``lookup(_:)`` for an ASCII name given as UTF-8 bytes (no `String`, no SipHash when every name of
    /// the table is ASCII). The mrkdwn scanner only passes ASCII names.
    func lookup(_ name: UnsafeBufferPointer<UInt8>) -> String? {
        if let index { return index.lookup(name) }
        return table[String(decoding: name, as: UTF8.self)]
    }
}

/// Emoji names → emoji in one open-addressing table over the names' bytes (FNV-1a, linear probing).
/// Only for tables whose names are all ASCII, where byte equality is `String` equality.
struct SlackEmojiIndex: Sendable {
    /// Entry index + 1 per slot (0: empty); a power-of-two count, at most half full.
    private let slots: [Int32]
    /// Entry `k`'s name is `names[starts[k] ..< starts[k + 1]]`.
    private let names: [UInt8]
    private let starts: [Int32]
    private let values: [String]

    init?(_ table: [String: String]) {
        var size = 16
        while size < table.count * 2 { size *= 2 }
        var slots = [Int32](repeating: 0, count: size)
        var names: [UInt8] = []
        var starts: [Int32] = [0]
        var values: [String] = []
        // Slot order follows the dictionary's order; lookups compare whole names, so it does not matter.
        for (name, value) in table {
            guard name.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
            var slot = Int(truncatingIfNeeded: Self.hash(name.utf8)) & (size - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (size - 1) }
            names.append(contentsOf: name.utf8)
            values.append(value)
            starts.append(Int32(names.count))
            slots[slot] = Int32(values.count)
        }
        self.slots = slots
        self.names = names
        self.starts = starts
        self.values = values
    }

    @inline(__always) private static func hash<C: Sequence<UInt8>>(_ bytes: C) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for c in bytes { h = (h ^ UInt64(c)) &* 0x100_0000_01B3 }
        return h ^ (h >> 29)
    }

    func lookup(_ name: UnsafeBufferPointer<UInt8>) -> String? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: Self.hash(name)) & mask
        return names.withUnsafeBufferPointer { all -> String? in
            while true {
                let entry = Int(slots[slot])
                if entry == 0 { return nil }
                let from = Int(starts[entry - 1])
                let to = Int(starts[entry])
                if to - from == name.count
                    && (name.isEmpty || memcmp(all.baseAddress! + from, name.baseAddress!, name.count) == 0)
                {
                    return values[entry - 1]
                }
                slot = (slot + 1) & mask
            }
        }
    }
}

/// Decodes Slack mrkdwn to plain text on UTF-8 bytes.
///
/// - `&amp; &lt; &gt;` → `& < >`;
/// - `<@U123>`, `<@U123|name>` → `@Display Name` (the workspace's name wins over the label);
/// - `<#C123>`, `<#C123|name>` → `#name`;
/// - `<!here>`, `<!channel>`, `<!everyone>` → `@here`…; `<!subteam^S1|@team>` → `@team`;
///   `<!date^…|fallback>` → `fallback`;
/// - `<url|label>` → `label`, `<url>` → `url` (`mailto:` dropped);
/// - `:name:` and `:name::skin-tone-N:` → the emoji character(s); unknown names stay as typed.
struct MrkdwnDecoder {
    var userNames: [String: String]
    var channelNames: [String: String]
    var emoji: SlackEmoji

    /// The result of decoding one text.
    struct Decoded {
        var text: String
        /// Mentioned user ids, in order of first appearance.
        var mentions: [String]
        /// Some line starts with `>` after decoding (a quote).
        var hasQuote: Bool
    }

    func decode(_ input: ArraySlice<UInt8>) -> Decoded {
        var scratch: [UInt8] = []
        return decode(input, scratch: &scratch)
    }

    /// ``decode(_:)`` with the decoded bytes built in `scratch` (a buffer reused from text to text by
    /// the caller, so decoding allocates only the resulting `String`).
    func decode(_ input: ArraySlice<UInt8>, scratch out: inout [UInt8]) -> Decoded {
        // Fast path: nothing to decode without `&`, `<` or `:` (the bytes are kept as they are).
        let plain = input.withUnsafeBufferPointer { buf -> Bool in
            guard let p = buf.baseAddress else { return true }
            return memchr(p, 0x3C, buf.count) == nil && memchr(p, 0x3A, buf.count) == nil
                && memchr(p, 0x26, buf.count) == nil
        }
        if plain {
            return Decoded(
                text: String(decoding: input, as: UTF8.self), mentions: [], hasQuote: Self.hasQuoteLine(input))
        }
        out.removeAll(keepingCapacity: true)
        out.reserveCapacity(input.count)
        var mentions: [String] = []
        decode(input, into: &out, mentions: &mentions)
        return Decoded(
            text: String(decoding: out, as: UTF8.self), mentions: mentions, hasQuote: Self.hasQuoteLine(out[...]))
    }

    /// Whether some line starts with `>` (memchr first: most messages hold no `>` at all).
    static func hasQuoteLine(_ out: ArraySlice<UInt8>) -> Bool {
        out.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress, memchr(base, 0x3E, buf.count) != nil else { return false }
            var lineStart = true
            for c in buf {
                if lineStart && c == 0x3E { return true }
                lineStart = c == 0x0A
            }
            return false
        }
    }

    func decode(_ b: ArraySlice<UInt8>, into out: inout [UInt8], mentions: inout [String]) {
        var i = b.startIndex
        var run = i
        let end = b.endIndex
        while i < end {
            // Plain bytes are copied in runs; only `&`, `<` and `:` need a look (found over a pointer).
            i = b.withUnsafeBufferPointer { buf -> Int in
                guard let p = buf.baseAddress else { return end }
                var k = i - b.startIndex
                let n = buf.count
                // 8 bytes at a time (SWAR: a byte equal to a pattern becomes zero; the lowest flagged
                // byte is exact), then byte by byte.
                while k + 8 <= n {
                    let w = UnsafeRawPointer(p + k).loadUnaligned(as: UInt64.self)
                    let a = w ^ 0x2626_2626_2626_2626
                    let l = w ^ 0x3C3C_3C3C_3C3C_3C3C
                    let c = w ^ 0x3A3A_3A3A_3A3A_3A3A
                    let ones: UInt64 = 0x0101_0101_0101_0101
                    let hit = ((a &- ones) & ~a | (l &- ones) & ~l | (c &- ones) & ~c) & 0x8080_8080_8080_8080
                    if hit != 0 {
                        k += hit.trailingZeroBitCount >> 3
                        return k + b.startIndex
                    }
                    k += 8
                }
                while k < n {
                    let c = p[k]
                    if c == 0x26 || c == 0x3C || c == 0x3A { break }
                    k += 1
                }
                return k + b.startIndex
            }
            guard i < end else { break }
            let c = b[i]
            out.append(contentsOf: b[run..<i])
            switch c {
            case 0x26:  // &
                if let (byte, len) = entity(b, i) {
                    out.append(byte)
                    i += len
                } else {
                    out.append(c)
                    i += 1
                }
            case 0x3C:  // <
                var j = i + 1
                while j < end, b[j] != 0x3E, b[j] != 0x3C, b[j] != 0x0A { j += 1 }
                // Slack escapes literal angle brackets, so `<…>` is a link; a space after `<` is not.
                if j < end, b[j] == 0x3E, j > i + 1, b[i + 1] != 0x20 {
                    link(b[(i + 1)..<j], into: &out, mentions: &mentions)
                    i = j + 1
                } else {
                    out.append(c)
                    i += 1
                }
            default:  // :
                if let consumed = shortcode(b, i, into: &out) {
                    i += consumed
                } else {
                    out.append(c)
                    i += 1
                }
            }
            run = i
        }
        out.append(contentsOf: b[run..<end])
    }

    private func entity(_ b: ArraySlice<UInt8>, _ i: Int) -> (UInt8, Int)? {
        let rest = b[i...]
        if rest.starts(with: [0x26, 0x61, 0x6D, 0x70, 0x3B]) { return (0x26, 5) }  // &amp;
        if rest.starts(with: [0x26, 0x6C, 0x74, 0x3B]) { return (0x3C, 4) }  // &lt;
        if rest.starts(with: [0x26, 0x67, 0x74, 0x3B]) { return (0x3E, 4) }  // &gt;
        return nil
    }

    /// Appends `s` with `&amp; &lt; &gt;` decoded.
    private func appendEntities(_ s: ArraySlice<UInt8>, into out: inout [UInt8]) {
        var i = s.startIndex
        while i < s.endIndex {
            if s[i] == 0x26, let (byte, len) = entity(s, i) {
                out.append(byte)
                i += len
            } else {
                out.append(s[i])
                i += 1
            }
        }
    }

    private func link(_ body: ArraySlice<UInt8>, into out: inout [UInt8], mentions: inout [String]) {
        let bar = body.firstIndex(of: 0x7C)
        let target = body[body.startIndex..<(bar ?? body.endIndex)]
        let label = bar.map { body[($0 + 1)...] }
        let nonEmptyLabel = (label?.isEmpty ?? true) ? nil : label
        switch target.first {
        case 0x40:  // @user
            let id = String(decoding: target.dropFirst(), as: UTF8.self)
            if !mentions.contains(id) { mentions.append(id) }
            out.append(0x40)
            if let name = userNames[id] {
                out.append(contentsOf: name.utf8)
            } else if var l = nonEmptyLabel {
                if l.first == 0x40 { l = l.dropFirst() }
                appendEntities(l, into: &out)
            } else {
                out.append(contentsOf: target.dropFirst())
            }
        case 0x23:  // #channel
            let id = String(decoding: target.dropFirst(), as: UTF8.self)
            out.append(0x23)
            if let name = channelNames[id] {
                out.append(contentsOf: name.utf8)
            } else if let l = nonEmptyLabel {
                appendEntities(l, into: &out)
            } else {
                out.append(contentsOf: target.dropFirst())
            }
        case 0x21:  // !special
            let cmd = target.dropFirst()
            let caret = cmd.firstIndex(of: 0x5E) ?? cmd.endIndex
            let word = cmd[cmd.startIndex..<caret]
            if let l = nonEmptyLabel {
                // <!subteam^S1|@team>, <!date^…|fallback>, <!here|here>
                if word.elementsEqual("here".utf8) || word.elementsEqual("channel".utf8)
                    || word.elementsEqual("everyone".utf8), l.first != 0x40
                {
                    out.append(0x40)
                }
                appendEntities(l, into: &out)
            } else if word.elementsEqual("date".utf8) {
                // No fallback: keep nothing rather than the raw token.
            } else {
                out.append(0x40)
                out.append(contentsOf: word)
            }
        default:  // URL
            if let l = nonEmptyLabel {
                appendEntities(l, into: &out)
            } else {
                var t = target
                if t.starts(with: "mailto:".utf8) { t = t.dropFirst(7) }
                appendEntities(t, into: &out)
            }
        }
    }

    /// Tries `:name:` (and a following `:skin-tone-N:`) at `i`; returns the bytes consumed. Names are
    /// looked up by their bytes (ASCII, as ``scanName(_:_:)`` accepts them).
    private func shortcode(_ b: ArraySlice<UInt8>, _ i: Int, into out: inout [UInt8]) -> Int? {
        guard let closing = scanName(b, i) else { return nil }
        var consumed = closing + 1 - i
        var tone: UInt8? = nil
        // `:thumbsup::skin-tone-3:`
        if let close2 = scanName(b, closing + 1), close2 - closing - 2 == 11,
            b[(closing + 2)..<(close2 - 1)].elementsEqual("skin-tone-".utf8), b[close2 - 1] >= 0x32,
            b[close2 - 1] <= 0x36
        {
            tone = b[close2 - 1]
            consumed = close2 + 1 - i
        }
        return b.withUnsafeBufferPointer { buf -> Int? in
            // Index `k` of `b` is `p + k`.
            let p = buf.baseAddress! - b.startIndex
            let name = UnsafeBufferPointer(start: p + i + 1, count: closing - i - 1)
            // With a tone, the whole `name::skin-tone-N` is a key of its own first.
            let key = tone == nil ? name : UnsafeBufferPointer(start: p + i + 1, count: consumed - 2)
            if let e = emoji.lookup(key) {
                out.append(contentsOf: e.utf8)
                return consumed
            }
            guard tone != nil, let base = emoji.lookup(name) else { return nil }
            out.append(contentsOf: base.utf8)
            if let tone, let modifier = emoji.lookup("skin-tone-" + String(UnicodeScalar(tone))) {
                out.append(contentsOf: modifier.utf8)
            }
            return consumed
        }
    }

    /// A shortcode name between the colon at `i` and the next colon: `[a-z0-9_+'-]{1,64}`; the index of
    /// the closing colon.
    private func scanName(_ b: ArraySlice<UInt8>, _ i: Int) -> Int? {
        guard i < b.endIndex, b[i] == 0x3A else { return nil }
        var j = i + 1
        while j < b.endIndex, j - i <= 65 {
            let c = b[j]
            if c == 0x3A { break }
            let ok =
                (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x5F || c == 0x2B || c == 0x2D
                || c == 0x27 || (c >= 0x41 && c <= 0x5A)
            if !ok { return nil }
            j += 1
        }
        guard j < b.endIndex, b[j] == 0x3A, j > i + 1 else { return nil }
        return j
    }
}
