import Foundation

/// A byte-level JSON parser that records a flat "tape" of nodes (kind + byte range + subtree end)
/// instead of building Swift objects: strings are decoded only when a reader asks for them, and
/// keys are compared as raw bytes. Used for Slack exports, where most fields of a message are skipped.
///
/// Measured against `JSONSerialization` on Slack day files, see `Benchmarks/slack/README.md`.
final class JSONTape {
    enum Kind: UInt8 {
        case object, array, string, number, bool, null
    }

    /// One value. Containers span `start..<end` bytes and their children are the nodes
    /// `index + 1 ..< next`; objects alternate key (string) and value nodes.
    struct Node {
        var kind: Kind
        /// Strings: holds a backslash escape. Bools: the value. Objects and arrays: a lazy subtree
        /// (validated, children not recorded; see ``JSONDocument/expanded(_:)``).
        var flag: Bool
        var start: Int32
        var end: Int32
        /// Index of the first node after this subtree.
        var next: Int32
    }

    /// Nodes live in one manually grown buffer (no per-append uniqueness checks; `Node` is trivial).
    private(set) var base: UnsafeMutablePointer<Node>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 64) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    @inline(__always) func append(_ node: Node) {
        if count == capacity { grow() }
        (base + count).initialize(to: node)
        count += 1
    }

    private func grow() {
        let bigger = UnsafeMutablePointer<Node>.allocate(capacity: capacity * 2)
        bigger.initialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }

    func reserve(_ n: Int) {
        while capacity < n { grow() }
    }

    @inline(__always) subscript(i: Int) -> Node {
        get { base[i] }
        set { base[i] = newValue }
    }

    /// A parse failure: byte offset and the JSON path of the value being read (`$[3].blocks[0]`).
    struct Failure: Error {
        var offset: Int
        var path: String
        var message: String
    }
}

/// The bytes of one JSON document plus its tape.
struct JSONDocument {
    let bytes: [UInt8]
    let tape: JSONTape

    /// Parses a whole document. Depth is capped (`maxDepth`); trailing garbage is an error.
    static func parse(_ bytes: [UInt8], maxDepth: Int) -> Result<JSONDocument, JSONTape.Failure> {
        if bytes.count >= Int32.max { return .failure(.init(offset: 0, path: "$", message: "file larger than 2 GiB")) }
        var parser = JSONParser(maxDepth: maxDepth)
        let result: Result<Void, JSONTape.Failure> = bytes.withUnsafeBufferPointer { buf in
            parser.parseDocument(buf)
        }
        switch result {
        case .success: return .success(JSONDocument(bytes: bytes, tape: parser.tape))
        case .failure(let f): return .failure(f)
        }
    }

    /// Parses a top-level array element by element. On a syntax error the elements completed before
    /// it are still returned (with the failure), so a damaged day file loses only its tail.
    ///
    /// With `lazy`, the `blocks`, `attachments` and `files` members of the elements (objects) are
    /// validated but their subtrees are not recorded: one lazy node each, see ``expanded(_:)``.
    /// Failures are reported exactly as without it.
    static func parseArray(
        _ bytes: [UInt8], maxDepth: Int, lazy: Bool = false
    ) -> (JSONDocument, [Int32], JSONTape.Failure?) {
        if bytes.count >= Int32.max {
            return (
                JSONDocument(bytes: [], tape: JSONTape()), [],
                .init(offset: 0, path: "$", message: "file larger than 2 GiB")
            )
        }
        var parser = JSONParser(maxDepth: maxDepth)
        parser.lazyMembers = lazy
        var elements: [Int32] = []
        let failure = bytes.withUnsafeBufferPointer { buf in parser.parseTopArray(buf, elements: &elements) }
        return (JSONDocument(bytes: bytes, tape: parser.tape), elements, failure)
    }

    @inline(__always) func node(_ i: Int32) -> JSONTape.Node { tape[Int(i)] }

    /// A document in which node `i`'s subtree is recorded: `self` and `i` unless `i` is a lazy
    /// container, else its subtree parsed from its bytes (node 0 of a new tape over the same bytes).
    func expanded(_ i: Int32) -> (JSONDocument, Int32) {
        let n = node(i)
        guard n.flag, n.kind == .object || n.kind == .array else { return (self, i) }
        var parser = JSONParser(maxDepth: .max)
        bytes.withUnsafeBufferPointer { parser.parseSubtree($0, from: Int(n.start)) }
        return (JSONDocument(bytes: bytes, tape: parser.tape), 0)
    }

    /// Children of an array (value node indices).
    func elements(_ i: Int32) -> [Int32] {
        let n = node(i)
        guard n.kind == .array else { return [] }
        var out: [Int32] = []
        var c = i + 1
        while c < n.next {
            out.append(c)
            c = node(c).next
        }
        return out
    }

    /// Calls `body(keyIndex, valueIndex)` for every member of an object.
    @inline(__always) func forEachMember(_ i: Int32, _ body: (Int32, Int32) -> Void) {
        let n = node(i)
        guard n.kind == .object else { return }
        var c = i + 1
        while c < n.next {
            let v = c + 1
            body(c, v)
            c = node(v).next
        }
    }

    /// The value of member `key` of object `i`, or `nil`.
    func member(_ i: Int32, _ key: StaticString) -> Int32? {
        let n = node(i)
        guard n.kind == .object else { return nil }
        var c = i + 1
        while c < n.next {
            let v = c + 1
            if keyEquals(c, key) { return v }
            c = node(v).next
        }
        return nil
    }

    /// Whether string node `k` (a key) equals `key` (ASCII, no escapes).
    @inline(__always) func keyEquals(_ k: Int32, _ key: StaticString) -> Bool {
        let n = node(k)
        let len = Int(n.end - n.start)
        guard len == key.utf8CodeUnitCount else {
            if n.flag { return string(k) == key.description }
            return false
        }
        let p = key.utf8Start
        let s = Int(n.start)
        for j in 0..<len where bytes[s + j] != p[j] { return false }
        return true
    }

    /// Whether string node `i` (without escapes) equals `s`, compared as bytes.
    func stringEquals(_ i: Int32, _ s: String) -> Bool {
        let n = node(i)
        guard n.kind == .string, !n.flag else { return string(i) == s }
        var s = s
        return s.withUTF8 { u in
            guard u.count == Int(n.end - n.start) else { return false }
            guard let q = u.baseAddress else { return true }
            return bytes.withUnsafeBufferPointer { buf in memcmp(buf.baseAddress! + Int(n.start), q, u.count) == 0 }
        }
    }

    /// The decoded string of a string node, or `nil` for other kinds.
    func string(_ i: Int32) -> String? {
        let n = node(i)
        guard n.kind == .string else { return nil }
        if !n.flag {
            return bytes.withUnsafeBufferPointer { buf in
                String(decoding: UnsafeBufferPointer(rebasing: buf[Int(n.start)..<Int(n.end)]), as: UTF8.self)
            }
        }
        var out: [UInt8] = []
        appendString(i, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Calls `body` with the decoded UTF-8 bytes of a string node (escapes resolved), or with the raw
    /// bytes of a number node when `numbers`; `nil` for other kinds.
    func withValueBytes<R>(_ i: Int32, numbers: Bool, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        let n = node(i)
        if (n.kind == .string && !n.flag) || (numbers && n.kind == .number) {
            return bytes.withUnsafeBufferPointer { buf in
                body(UnsafeBufferPointer(rebasing: buf[Int(n.start)..<Int(n.end)]))
            }
        }
        guard n.kind == .string else { return nil }
        var out: [UInt8] = []
        appendString(i, to: &out)
        return out.withUnsafeBufferPointer(body)
    }

    /// A non-empty string value, or `nil`.
    func nonEmptyString(_ i: Int32?) -> String? {
        guard let i, let s = string(i), !s.isEmpty else { return nil }
        return s
    }

    /// Appends the decoded UTF-8 bytes of a string node (escapes resolved; lone surrogates → U+FFFD).
    func appendString(_ i: Int32, to out: inout [UInt8]) {
        let n = node(i)
        guard n.kind == .string else { return }
        var j = Int(n.start)
        let end = Int(n.end)
        bytes.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress else { return }
            if !n.flag {
                out.append(contentsOf: UnsafeBufferPointer(start: base + j, count: end - j))
                return
            }
            out.reserveCapacity(out.count + end - j)
            while j < end {
                // The run up to the next backslash in one copy.
                guard let hit = memchr(base + j, 0x5C, end - j) else {
                    out.append(contentsOf: UnsafeBufferPointer(start: base + j, count: end - j))
                    return
                }
                let k = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if k > j { out.append(contentsOf: UnsafeBufferPointer(start: base + j, count: k - j)) }
                j = k + 1
                guard j < end else { break }
                let e = base[j]
                j += 1
                switch e {
                case 0x6E: out.append(0x0A)  // n
                case 0x74: out.append(0x09)  // t
                case 0x72: out.append(0x0D)  // r
                case 0x62: out.append(0x08)  // b
                case 0x66: out.append(0x0C)  // f
                case 0x75:  // u
                    var scalar = hex4(j, end)
                    j += 4
                    if let hi = scalar, (0xD800...0xDBFF).contains(hi) {
                        if j + 6 <= end, base[j] == 0x5C, base[j + 1] == 0x75, let lo = hex4(j + 2, end),
                            (0xDC00...0xDFFF).contains(lo)
                        {
                            scalar = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            j += 6
                        } else {
                            scalar = nil
                        }
                    } else if let s = scalar, (0xDC00...0xDFFF).contains(s) {
                        scalar = nil
                    }
                    appendUTF8(scalar ?? 0xFFFD, to: &out)
                default: out.append(e)  // " \ / and anything else verbatim
                }
            }
        }
    }

    private func hex4(_ at: Int, _ end: Int) -> UInt32? {
        guard at + 4 <= end else { return nil }
        var v: UInt32 = 0
        for k in 0..<4 {
            let c = bytes[at + k]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: return nil
            }
            v = v << 4 | d
        }
        return v
    }

    /// Whether a node's raw bytes are all ASCII.
    func isASCII(_ i: Int32) -> Bool {
        let n = node(i)
        return bytes.withUnsafeBufferPointer { buf in
            guard let p = buf.baseAddress else { return true }
            var high: UInt8 = 0
            for k in Int(n.start)..<Int(n.end) { high |= p[k] }
            return high < 0x80
        }
    }

    /// Byte-wise lexicographic order of two nodes' raw bytes.
    func rawLess(_ a: Int32, _ b: Int32) -> Bool {
        let x = node(a)
        let y = node(b)
        let lx = Int(x.end - x.start)
        let ly = Int(y.end - y.start)
        return bytes.withUnsafeBufferPointer { buf in
            guard let p = buf.baseAddress else { return false }
            let c = memcmp(p + Int(x.start), p + Int(y.start), min(lx, ly))
            return c < 0 || (c == 0 && lx < ly)
        }
    }

    /// The raw bytes of a node (numbers, unescaped strings).
    func raw(_ i: Int32) -> ArraySlice<UInt8> {
        let n = node(i)
        return bytes[Int(n.start)..<Int(n.end)]
    }

    /// True for `true`; false for anything else.
    func bool(_ i: Int32?) -> Bool {
        guard let i else { return false }
        let n = node(i)
        return n.kind == .bool && n.flag
    }

    /// An integer from a number node (fraction/exponent ignored), or `nil`.
    func int(_ i: Int32?) -> Int? {
        guard let i else { return nil }
        let n = node(i)
        guard n.kind == .number else { return nil }
        var j = Int(n.start)
        let end = Int(n.end)
        var neg = false
        if j < end, bytes[j] == 0x2D {
            neg = true
            j += 1
        }
        var v = 0
        var digits = 0
        while j < end, bytes[j] >= 0x30, bytes[j] <= 0x39, digits < 18 {
            v = v * 10 + Int(bytes[j] - 0x30)
            digits += 1
            j += 1
        }
        guard digits > 0 else { return nil }
        return neg ? -v : v
    }
}

@inline(__always) func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
    switch scalar {
    case 0..<0x80: out.append(UInt8(scalar))
    case 0x80..<0x800:
        out.append(UInt8(0xC0 | scalar >> 6))
        out.append(UInt8(0x80 | scalar & 0x3F))
    case 0x800..<0x10000:
        out.append(UInt8(0xE0 | scalar >> 12))
        out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
        out.append(UInt8(0x80 | scalar & 0x3F))
    default:
        out.append(UInt8(0xF0 | scalar >> 18))
        out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
        out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
        out.append(UInt8(0x80 | scalar & 0x3F))
    }
}

/// Recursive-descent parser over a byte buffer; fills a ``JSONTape``.
struct JSONParser {
    var tape = JSONTape()
    let maxDepth: Int
    private var b = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    private var i = 0
    /// Whether the document is a top-level array parsed element by element (no node for the array).
    private var virtualTopArray = false
    /// Whether `blocks`, `attachments` and `files` of top-level array elements become lazy nodes.
    var lazyMembers = false

    init(maxDepth: Int) { self.maxDepth = maxDepth }

    private struct Stop: Error {}
    private var failure: JSONTape.Failure?

    mutating func parseDocument(_ buf: UnsafeBufferPointer<UInt8>) -> Result<Void, JSONTape.Failure> {
        start(buf)
        do {
            skipWS()
            try value(depth: 0)
            skipWS()
            if i < b.count { try fail("unexpected data after the JSON value") }
            return .success(())
        } catch {
            return .failure(failure ?? JSONTape.Failure(offset: i, path: "$", message: "invalid JSON"))
        }
    }

    mutating func parseTopArray(_ buf: UnsafeBufferPointer<UInt8>, elements: inout [Int32]) -> JSONTape.Failure? {
        start(buf)
        do {
            skipWS()
            guard i < b.count, b[i] == 0x5B else { try fail("expected a JSON array") }
            i += 1
            virtualTopArray = true
            skipWS()
            if i < b.count, b[i] == 0x5D {
                i += 1
            } else {
                while true {
                    let node = Int32(tape.count)
                    skipWS()
                    try value(depth: 1)
                    elements.append(node)
                    skipWS()
                    guard i < b.count else { try fail("unterminated array") }
                    if b[i] == 0x2C {
                        i += 1
                        continue
                    }
                    if b[i] == 0x5D {
                        i += 1
                        break
                    }
                    try fail("expected ',' or ']' in array")
                }
            }
            virtualTopArray = false
            skipWS()
            if i < b.count { try fail("unexpected data after the JSON array") }
            return nil
        } catch {
            return failure ?? JSONTape.Failure(offset: i, path: "$", message: "invalid JSON")
        }
    }

    /// Records the (already validated) value starting at byte `from`.
    mutating func parseSubtree(_ buf: UnsafeBufferPointer<UInt8>, from: Int) {
        b = buf
        i = from
        try? value(depth: 0)
    }

    private mutating func start(_ buf: UnsafeBufferPointer<UInt8>) {
        b = buf
        i = 0
        tape.reserve(buf.count / 16)
        // Skip a UTF-8 byte order mark.
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { i = 3 }
    }

    private mutating func fail(_ message: String) throws -> Never {
        failure = JSONTape.Failure(offset: i, path: currentPath(), message: message)
        throw Stop()
    }

    /// The JSON path of the value being parsed, rebuilt from the tape: containers still open have
    /// `end == 0`, so the path follows the open chain (no bookkeeping while parsing).
    private func currentPath() -> String {
        var s = "$"
        var isArray = virtualTopArray
        var child = 0
        var limit = tape.count
        if !virtualTopArray {
            guard tape.count > 0, tape[0].end == 0, tape[0].kind == .object || tape[0].kind == .array else {
                return s
            }
            isArray = tape[0].kind == .array
            child = 1
        } else if tape.count == 0 {
            return s + "[0]"
        }
        while true {
            var index = 0
            var lastKey: Int? = nil
            var open: Int? = nil
            var c = child
            while c < limit {
                if !isArray {
                    lastKey = c
                    c += 1
                    guard c < limit else { break }
                }
                let n = tape[c]
                if n.end == 0 && (n.kind == .object || n.kind == .array) {
                    open = c
                    break
                }
                c = Int(n.next)
                index += 1
                if !isArray { lastKey = nil }
            }
            if isArray {
                s += "[\(index)]"
            } else if let k = lastKey {
                let n = tape[k]
                s += "." + String(decoding: UnsafeBufferPointer(rebasing: b[Int(n.start)..<Int(n.end)]), as: UTF8.self)
            }
            guard let o = open else { return s }
            isArray = tape[o].kind == .array
            child = o + 1
            limit = tape.count
        }
    }

    @inline(__always) private mutating func skipWS() {
        guard let p = b.baseAddress else { return }
        let n = b.count
        if i < n && p[i] > 0x20 { return }  // the common case: no whitespace at all
        // `": "`: one space before a value.
        if i + 1 < n && p[i] == 0x20 && p[i + 1] > 0x20 {
            i += 1
            return
        }
        skipWSRun(p, n)
    }

    /// Moves `i` past a run of whitespace. Pretty-printed exports: a newline then a run of spaces,
    /// checked 16 bytes at a time (the first other byte found from the lanes' mask).
    @inline(__always) private mutating func skipWSRun(_ p: UnsafePointer<UInt8>, _ n: Int) {
        var j = i
        while j + 16 <= n {
            let v = UnsafeRawPointer(p + j).loadUnaligned(as: SIMD16<UInt8>.self)
            let ws = (v .== Bytes16.space) .| (v .== Bytes16.newline) .| (v .== Bytes16.cr) .| (v .== Bytes16.tab)
            if allLanes(ws) {
                j += 16
                continue
            }
            i = j + firstClearLane(ws)
            return
        }
        while j < n {
            let c = p[j]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { break }
            j += 1
        }
        i = j
    }

    private mutating func value(depth: Int) throws {
        guard i < b.count else { try fail("unexpected end of input") }
        switch b[i] {
        case 0x7B: try container(isObject: true, depth: depth + 1)
        case 0x5B: try container(isObject: false, depth: depth + 1)
        case 0x22: try string()
        case 0x74: try literal("true", .bool, true)
        case 0x66: try literal("false", .bool, false)
        case 0x6E: try literal("null", .null, false)
        case 0x2D, 0x30...0x39: try number()
        default: try fail("unexpected character")
        }
    }

    private mutating func literal(_ word: StaticString, _ kind: JSONTape.Kind, _ flag: Bool) throws {
        guard i + word.utf8CodeUnitCount <= b.count else { try fail("truncated literal") }
        let s = Int32(i)
        guard skipLiteral(word) else { try fail("invalid literal") }
        let index = Int32(tape.count)
        tape.append(.init(kind: kind, flag: flag, start: s, end: Int32(i), next: index + 1))
    }

    private mutating func number() throws {
        let s = i
        guard skipNumber() else { try fail("invalid number") }
        let index = Int32(tape.count)
        tape.append(.init(kind: .number, flag: false, start: Int32(s), end: Int32(i), next: index + 1))
    }

    @inline(__always) private mutating func string() throws {
        let s = i + 1
        guard let escaped = scanString() else { try fail("unterminated string") }
        let index = Int32(tape.count)
        tape.append(.init(kind: .string, flag: escaped, start: Int32(s), end: Int32(i - 1), next: index + 1))
    }

    /// Moves `i` from an opening quote past the closing one; whether the string holds a backslash,
    /// or `nil` when it is unterminated (`i` is then the end of the input).
    @inline(__always) private mutating func scanString() -> Bool? {
        i += 1  // opening quote
        var escaped = false
        // Fast path: 16 bytes at a time to the first quote or backslash.
        if let p = b.baseAddress {
            var j = i
            let n = b.count
            while j + 16 <= n {
                let v = UnsafeRawPointer(p + j).loadUnaligned(as: SIMD16<UInt8>.self)
                let hit = (v .== Bytes16.quote) .| (v .== Bytes16.backslash)
                if anyLane(hit) {
                    j += firstLane(hit)
                    break
                }
                j += 16
            }
            while j < n, p[j] != 0x22, p[j] != 0x5C { j += 1 }
            if j < n, p[j] == 0x22 {
                i = j + 1
                return false
            }
            i = j
        }
        while i < b.count {
            let c = b[i]
            if c == 0x22 {
                i += 1
                return escaped
            }
            if c == 0x5C {
                escaped = true
                i += 2
                continue
            }
            i += 1
        }
        i = b.count
        return nil
    }

    private mutating func container(isObject: Bool, depth: Int) throws {
        if depth > maxDepth { try fail("JSON nested deeper than \(maxDepth) levels") }
        let index = tape.count
        tape.append(
            .init(kind: isObject ? .object : .array, flag: false, start: Int32(i), end: 0, next: 0))
        i += 1
        let close: UInt8 = isObject ? 0x7D : 0x5D
        skipWS()
        if i < b.count, b[i] == close {
            i += 1
        } else {
            while true {
                skipWS()
                if isObject {
                    guard i < b.count, b[i] == 0x22 else { try fail("expected a string key") }
                    try string()
                    skipWS()
                    guard i < b.count, b[i] == 0x3A else { try fail("expected ':' after key") }
                    i += 1
                    skipWS()
                    if lazyMembers && depth == 2 && virtualTopArray && i < b.count && (b[i] == 0x5B || b[i] == 0x7B)
                        && isLazyKey(tape.count - 1)
                    {
                        try lazyValue(depth: depth)
                    } else {
                        try value(depth: depth)
                    }
                } else {
                    try value(depth: depth)
                }
                skipWS()
                guard i < b.count else { try fail(isObject ? "unterminated object" : "unterminated array") }
                if b[i] == 0x2C {
                    i += 1
                    continue
                }
                if b[i] == close {
                    i += 1
                    break
                }
                try fail(isObject ? "expected ',' or '}' in object" : "expected ',' or ']' in array")
            }
        }
        tape.base[index].end = Int32(i)
        tape.base[index].next = Int32(tape.count)
    }

    // MARK: Lazy subtrees

    /// Whether key node `k` is `blocks`, `attachments` or `files` (unescaped).
    private func isLazyKey(_ k: Int) -> Bool {
        let n = tape[k]
        guard !n.flag, let p = b.baseAddress else { return false }
        let s = p + Int(n.start)
        switch n.end - n.start {
        case 5: return memcmp(s, "files", 5) == 0
        case 6: return memcmp(s, "blocks", 6) == 0
        case 11: return memcmp(s, "attachments", 11) == 0
        default: return false
        }
    }

    /// A container recorded as one lazy node after a validating skip. When the skip finds an error
    /// the value is parsed again, recorded, so the failure (offset, path, message) is the usual one.
    private mutating func lazyValue(depth: Int) throws {
        let s = i
        let index = tape.count
        if skipSubtree(depth: depth) {
            tape.append(
                .init(
                    kind: b[s] == 0x7B ? .object : .array, flag: true, start: Int32(s), end: Int32(i),
                    next: Int32(index + 1)))
        } else {
            i = s
            try value(depth: depth)
        }
    }

    /// Validates the value at `i` and moves past it: the grammar of ``value(depth:)`` (never more
    /// lenient), no tape nodes; `false` on any error. One loop over the subtree with the open containers
    /// kept as bits (1: object) instead of a call per value, and bytes read through the base pointer.
    /// Deeper than 64 open containers it gives up (`false`: the caller parses the value again, recorded).
    private mutating func skipSubtree(depth: Int) -> Bool {
        guard let p = b.baseAddress else { return false }
        let n = b.count
        var objects: UInt64 = 0
        var open = 0
        while true {
            // A value is expected.
            skipWS()
            guard i < n else { return false }
            let c = p[i]
            switch c {
            case 0x7B, 0x5B:
                open += 1
                guard depth + open <= maxDepth, open <= 64 else { return false }
                let isObject = c == 0x7B
                objects = objects << 1 | (isObject ? 1 : 0)
                i += 1
                skipWS()
                guard i < n else { return false }
                if p[i] == (isObject ? 0x7D : 0x5D) {
                    i += 1
                    open -= 1
                    objects >>= 1
                } else {
                    if isObject { guard skipKey(p, n) else { return false } }
                    continue
                }
            case 0x22: guard scanString() != nil else { return false }
            case 0x74: guard skipLiteral("true") else { return false }
            case 0x66: guard skipLiteral("false") else { return false }
            case 0x6E: guard skipLiteral("null") else { return false }
            case 0x2D, 0x30...0x39: guard skipNumber() else { return false }
            default: return false
            }
            // After a value: the next member or element, or closing brackets.
            while true {
                if open == 0 { return true }
                skipWS()
                guard i < n else { return false }
                let isObject = objects & 1 == 1
                let d = p[i]
                if d == 0x2C {
                    i += 1
                    if isObject {
                        skipWS()
                        guard skipKey(p, n) else { return false }
                    }
                    break
                }
                guard d == (isObject ? 0x7D : 0x5D) else { return false }
                i += 1
                open -= 1
                objects >>= 1
            }
        }
    }

    /// A member's key and its colon (whitespace before the key already skipped).
    @inline(__always) private mutating func skipKey(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        guard i < n, p[i] == 0x22, scanString() != nil else { return false }
        skipWS()
        guard i < n, p[i] == 0x3A else { return false }
        i += 1
        return true
    }

    // The skipping twins of `literal` and `number` (also used by them).

    private mutating func skipLiteral(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard i + n <= b.count else { return false }
        let w = word.utf8Start
        for k in 0..<n where b[i + k] != w[k] { return false }
        i += n
        return true
    }

    private mutating func skipNumber() -> Bool {
        if b[i] == 0x2D { i += 1 }
        var digits = 0
        while i < b.count {
            let c = b[i]
            if c >= 0x30 && c <= 0x39 {
                digits += 1
            } else if c != 0x2E && c != 0x65 && c != 0x45 && c != 0x2B && c != 0x2D {
                break
            }
            i += 1
        }
        return digits > 0
    }
}

/// 16-byte patterns. Lanes are compared with whole vectors (`v .== scalar` is compiled lane by lane).
enum Bytes16 {
    static var space: SIMD16<UInt8> { .init(repeating: 0x20) }
    static var newline: SIMD16<UInt8> { .init(repeating: 0x0A) }
    static var cr: SIMD16<UInt8> { .init(repeating: 0x0D) }
    static var tab: SIMD16<UInt8> { .init(repeating: 0x09) }
    static var quote: SIMD16<UInt8> { .init(repeating: 0x22) }
    static var backslash: SIMD16<UInt8> { .init(repeating: 0x5C) }
}

/// Index of the first set lane of a non-empty mask (its lanes are bytes 0xFF/0x00; read as two
/// little-endian words, the lowest set byte is the first lane).
@inline(__always) func firstLane(_ mask: SIMDMask<SIMD16<Int8>>) -> Int {
    let words = unsafeBitCast(mask, to: SIMD2<UInt64>.self)
    return words[0] != 0 ? words[0].trailingZeroBitCount >> 3 : 8 + words[1].trailingZeroBitCount >> 3
}

/// Index of the first clear lane of a mask that is not all set.
@inline(__always) func firstClearLane(_ mask: SIMDMask<SIMD16<Int8>>) -> Int {
    let words = unsafeBitCast(mask, to: SIMD2<UInt64>.self)
    return ~words[0] != 0 ? (~words[0]).trailingZeroBitCount >> 3 : 8 + (~words[1]).trailingZeroBitCount >> 3
}

/// Whether some lane is set, as a test of the mask's two words: the standard library's `any` is
/// compiled as a call to a lane-by-lane reduction (`SIMD.max()`, ≈ 8 M instructions on the benchmark
/// subset).
@inline(__always) func anyLane(_ mask: SIMDMask<SIMD16<Int8>>) -> Bool {
    let words = unsafeBitCast(mask, to: SIMD2<UInt64>.self)
    return words[0] | words[1] != 0
}

/// Whether every lane is set (see ``anyLane(_:)``).
@inline(__always) func allLanes(_ mask: SIMDMask<SIMD16<Int8>>) -> Bool {
    let words = unsafeBitCast(mask, to: SIMD2<UInt64>.self)
    return words[0] & words[1] == ~0
}
