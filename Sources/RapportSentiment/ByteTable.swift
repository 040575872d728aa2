/// An immutable-after-build hash table keyed on UTF-8 byte strings (open addressing, linear probing).
///
/// Keys live in one contiguous byte arena, so a lookup hashes and compares raw bytes: no `String` is
/// built per token. Each slot packs 32 bits of the key's hash with its entry index, so a probe only
/// touches the arena when the hashes agree. Inserting an existing key replaces its value (later lines
/// of a lexicon win, as in the reference's `dict`).
struct ByteTable<Value: Sendable>: Sendable {
    private var arena: [UInt8] = []
    /// Per entry: start in `arena` (high 32 bits) and length (low 32 bits).
    private var spans: [UInt64] = []
    private(set) var values: [Value] = []
    /// 0 = empty; else (hash32 << 32) | (entry + 1).
    private var slots: [UInt64] = Array(repeating: 0, count: 16)
    private var mask: Int = 15

    var count: Int { values.count }

    @inline(__always)
    static func hash(_ p: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = hashSeed
        for b in p { h = hashStep(h, b) }
        return hashFinish(h)
    }

    /// FNV-1a, exposed in steps so callers can hash while they scan.
    static var hashSeed: UInt64 { 0xcbf2_9ce4_8422_2325 }

    @inline(__always)
    static func hashStep(_ h: UInt64, _ b: UInt8) -> UInt64 { (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }

    @inline(__always)
    static func hashFinish(_ h: UInt64) -> UInt64 { h ^ (h >> 29) }

    /// Index of `key`'s entry, or nil.
    @inline(__always)
    func find(_ key: UnsafeBufferPointer<UInt8>) -> Int? { find(key, hash: Self.hash(key)) }

    /// Index of `key`'s entry given its ``hash(_:)`` (computed by the caller in the same pass as other work).
    @inline(__always)
    func find(_ key: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> Int? {
        let tag = h >> 32
        let m = mask
        var slot = Int(truncatingIfNeeded: h) & m
        let count = key.count
        return slots.withUnsafeBufferPointer { sl in
            while true {
                let v = sl[slot]
                if v == 0 { return nil }
                if v >> 32 == tag {
                    let e = Int(truncatingIfNeeded: v & 0xFFFF_FFFF) - 1
                    let span = spans[e]
                    if Int(span & 0xFFFF_FFFF) == count {
                        let s = Int(span >> 32)
                        let equal = arena.withUnsafeBufferPointer { a in
                            var i = 0
                            while i < count && a[s + i] == key[i] { i += 1 }
                            return i == count
                        }
                        if equal { return e }
                    }
                }
                slot = (slot + 1) & m
            }
        }
    }

    func find(_ key: [UInt8]) -> Int? { key.withUnsafeBufferPointer { find($0) } }

    func find(_ key: String) -> Int? { find(Array(key.utf8)) }

    /// The key bytes of entry `index`.
    func key(_ index: Int) -> ArraySlice<UInt8> {
        let s = Int(spans[index] >> 32)
        return arena[s..<(s + Int(spans[index] & 0xFFFF_FFFF))]
    }

    /// Calls `body` with the key bytes of entry `index` (no copy).
    func withKey<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let s = Int(spans[index] >> 32)
        let l = Int(spans[index] & 0xFFFF_FFFF)
        return arena.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[s..<(s + l)])) }
    }

    /// Inserts or replaces; returns the entry index.
    @discardableResult
    mutating func insert(_ key: [UInt8], _ value: Value) -> Int {
        if let e = find(key) {
            values[e] = value
            return e
        }
        if (values.count + 1) * 2 > slots.count { grow() }
        let e = values.count
        spans.append(UInt64(arena.count) << 32 | UInt64(key.count))
        arena.append(contentsOf: key)
        values.append(value)
        place(e)
        return e
    }

    /// Mutates the value of an existing entry, or inserts `initial` and then mutates it.
    mutating func update(_ key: [UInt8], default initial: Value, _ body: (inout Value) -> Void) {
        let e = find(key) ?? insert(key, initial)
        body(&values[e])
    }

    /// ``update(_:default:_:)`` for key bytes in a buffer (no key array per call).
    mutating func update(
        _ key: UnsafeBufferPointer<UInt8>, default initial: Value, _ body: (inout Value) -> Void
    ) {
        var e: Int
        let h = Self.hash(key)
        if let found = find(key, hash: h) {
            e = found
        } else {
            if (values.count + 1) * 2 > slots.count { grow() }
            e = values.count
            spans.append(UInt64(arena.count) << 32 | UInt64(key.count))
            arena.append(contentsOf: key)
            values.append(initial)
            // The key is hashed once (lexicon loading inserts ~7,500 keys at start-up).
            place(e, hash: h)
        }
        body(&values[e])
    }

    /// Room for `count` entries and `bytes` key bytes without growing.
    mutating func reserveCapacity(_ count: Int, bytes: Int) {
        arena.reserveCapacity(bytes)
        spans.reserveCapacity(count)
        values.reserveCapacity(count)
        var n = slots.count
        while count * 2 > n { n *= 2 }
        if n != slots.count {
            slots = Array(repeating: 0, count: n)
            mask = n - 1
            for e in 0..<values.count { place(e) }
        }
    }

    private mutating func place(_ e: Int) {
        let s = Int(spans[e] >> 32)
        let l = Int(spans[e] & 0xFFFF_FFFF)
        let h = arena.withUnsafeBufferPointer { a in
            Self.hash(UnsafeBufferPointer(rebasing: a[s..<(s + l)]))
        }
        place(e, hash: h)
    }

    /// Puts entry `e`, whose key hashes to `h`, into a free slot.
    private mutating func place(_ e: Int, hash h: UInt64) {
        var slot = Int(truncatingIfNeeded: h) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = (h >> 32) << 32 | UInt64(e + 1)
    }

    private mutating func grow() {
        let n = slots.count * 2
        slots = Array(repeating: 0, count: n)
        mask = n - 1
        for e in 0..<values.count { place(e) }
    }
}
