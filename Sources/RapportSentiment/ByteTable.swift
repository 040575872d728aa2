/// An immutable-after-build hash table keyed on UTF-8 byte strings (open addressing, linear probing).
///
/// Keys live in one contiguous byte arena, so a lookup hashes and compares raw bytes: no `String` is
/// built per token. Inserting an existing key replaces its value (later lines of a lexicon win, as in
/// the reference's `dict`).
struct ByteTable<Value: Sendable>: Sendable {
    private var arena: [UInt8] = []
    private var keyStart: [Int32] = []
    private var keyLength: [Int32] = []
    private(set) var values: [Value] = []
    private var slots: [Int32] = Array(repeating: -1, count: 16)
    private var mask: Int = 15

    var count: Int { values.count }

    static func hash(_ p: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in p {
            h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3
        }
        return h ^ (h >> 29)
    }

    /// Index of `key`'s entry, or nil.
    func find(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        let m = mask
        var slot = Int(truncatingIfNeeded: Self.hash(key)) & m
        let count = key.count
        return slots.withUnsafeBufferPointer { sl in
            arena.withUnsafeBufferPointer { a in
                keyStart.withUnsafeBufferPointer { ks in
                    keyLength.withUnsafeBufferPointer { kl in
                        while true {
                            let e = Int(sl[slot])
                            if e < 0 { return nil }
                            if Int(kl[e]) == count {
                                let s = Int(ks[e])
                                var i = 0
                                while i < count && a[s + i] == key[i] { i += 1 }
                                if i == count { return e }
                            }
                            slot = (slot + 1) & m
                        }
                    }
                }
            }
        }
    }

    func find(_ key: [UInt8]) -> Int? { key.withUnsafeBufferPointer { find($0) } }

    func find(_ key: String) -> Int? { find(Array(key.utf8)) }

    /// The key bytes of entry `index`.
    func key(_ index: Int) -> ArraySlice<UInt8> {
        let s = Int(keyStart[index])
        return arena[s..<(s + Int(keyLength[index]))]
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
        keyStart.append(Int32(arena.count))
        keyLength.append(Int32(key.count))
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

    private mutating func place(_ e: Int) {
        let s = Int(keyStart[e])
        let l = Int(keyLength[e])
        let h = arena.withUnsafeBufferPointer { a in
            Self.hash(UnsafeBufferPointer(rebasing: a[s..<(s + l)]))
        }
        var slot = Int(truncatingIfNeeded: h) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(e)
    }

    private mutating func grow() {
        let n = slots.count * 2
        slots = Array(repeating: -1, count: n)
        mask = n - 1
        for e in 0..<values.count { place(e) }
    }
}
