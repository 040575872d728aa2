/// Interns strings to dense indices `0, 1, 2, …` in order of first appearance, keeping their UTF-8 bytes in
/// one arena (no `String` object per entry). Equality is `String` equality (canonical equivalence), as a
/// `[String: Int]` dictionary would have it, so replacing one by the other changes no result.
///
/// Memory: the id bytes, a 4-byte end offset, a 4-byte hash and about 8 bytes of open-addressing slots
/// per entry.
struct StringTable: Sendable {
    private var bytes: [UInt8] = []
    /// End offset of entry i in `bytes` (its start is the previous entry's end).
    private var ends: [UInt32] = []
    /// Whether entry i is all ASCII (then byte equality is `String` equality).
    private var ascii: [Bool] = []
    /// The low 32 bits of entry i's `String.hashValue`: probes compare it before the bytes, and growing
    /// re-slots entries without building their strings again.
    private var hashes: [UInt32] = []
    /// Open addressing, linear probing: entry index + 1, 0 = empty. Capacity is a power of two ≥ 2 × count.
    private var slots: [Int32] = []

    var count: Int { ends.count }

    /// The index of `s`, if interned.
    func index(of s: String) -> Int32? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        let hash = s.hashValue
        var i = hash & mask
        let isASCII = Self.isASCII(s)
        while slots[i] != 0 {
            let e = slots[i] - 1
            if hashes[Int(e)] == UInt32(truncatingIfNeeded: hash), equals(e, s, isASCII) { return e }
            i = (i + 1) & mask
        }
        return nil
    }

    /// Interns `s`: its index and whether it was new.
    @discardableResult
    mutating func intern(_ s: String) -> (index: Int32, inserted: Bool) {
        if (ends.count + 1) * 2 > slots.count { grow() }
        let mask = slots.count - 1
        let hash = s.hashValue
        var i = hash & mask
        let isASCII = Self.isASCII(s)
        while slots[i] != 0 {
            let e = slots[i] - 1
            if hashes[Int(e)] == UInt32(truncatingIfNeeded: hash), equals(e, s, isASCII) { return (e, false) }
            i = (i + 1) & mask
        }
        let e = Int32(ends.count)
        bytes.append(contentsOf: s.utf8)
        precondition(bytes.count <= Int(UInt32.max), "string table over 4 GB")
        ends.append(UInt32(bytes.count))
        ascii.append(isASCII)
        hashes.append(UInt32(truncatingIfNeeded: hash))
        slots[i] = e + 1
        return (e, true)
    }

    /// The string at index `e`.
    func string(_ e: Int32) -> String {
        let r = range(e)
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[r]), as: UTF8.self) }
    }

    /// `string(a) < string(b)`, without building strings when both are ASCII (byte order is then `String` order).
    func less(_ a: Int32, _ b: Int32) -> Bool {
        guard ascii[Int(a)] && ascii[Int(b)] else { return string(a) < string(b) }
        return bytes[range(a)].lexicographicallyPrecedes(bytes[range(b)])
    }

    private func range(_ e: Int32) -> Range<Int> {
        let i = Int(e)
        return (i == 0 ? 0 : Int(ends[i - 1]))..<Int(ends[i])
    }

    private func equals(_ e: Int32, _ s: String, _ isASCII: Bool) -> Bool {
        let r = range(e)
        var s = s
        let sameBytes = s.withUTF8 { u in
            guard u.count == r.count else { return false }
            return bytes.withUnsafeBufferPointer { b in
                for k in 0..<u.count where u[k] != b[r.lowerBound + k] { return false }
                return true
            }
        }
        if sameBytes { return true }
        // Different bytes can still be canonically equivalent strings (only with non-ASCII).
        if isASCII && ascii[Int(e)] { return false }
        return string(e) == s
    }

    private mutating func grow() {
        let capacity = max(16, slots.count * 2)
        slots = [Int32](repeating: 0, count: capacity)
        let mask = capacity - 1
        for e in 0..<Int32(ends.count) {
            // The capacity stays below 2^32 slots, so the low 32 bits of the hash give the same slot.
            var i = Int(hashes[Int(e)]) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = e + 1
        }
    }

    private static func isASCII(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { u in
            var high: UInt8 = 0
            for b in u { high |= b }
            return high < 0x80
        }
    }
}
