/// The per-token lexicon lookup of both engines: an open-addressed table over pre-lowered UTF-8 keys,
/// built once from a ``ByteTable`` at load time.
///
/// Keys of up to 16 bytes (all but a handful of lexicon entries) are stored inline in their slot as two
/// little-endian words, so a lookup packs the token's lower-cased bytes into two registers while it
/// scans them (see ``VaderEngine``), hashes the two words with two multiplications and compares one
/// slot with three integer comparisons: no `String`, no per-byte hash, no key arena. Longer keys fall
/// back to the ``ByteTable``. The table is at most 3/8 full, so most lookups touch one slot.
final class WordLookup: @unchecked Sendable {
    struct Slot {
        var k0: UInt64 = 0
        var k1: UInt64 = 0
        /// Key length in bytes; 0 marks an empty slot (the empty key is never looked up).
        var length: Int32 = 0
        /// Index into `infos` (and into the source table's entries).
        var entry: Int32 = -1
    }

    private let slots: UnsafeMutablePointer<Slot>
    private let mask: Int
    /// Entry index → the word's facts (same indices as the source table).
    let infos: UnsafeMutablePointer<WordInfo>
    private let infoCount: Int
    /// Keys longer than 16 bytes.
    private let long: ByteTable<WordInfo>

    init(_ table: ByteTable<WordInfo>) {
        infoCount = table.count
        infos = .allocate(capacity: max(1, infoCount))
        infos.initialize(from: table.values, count: infoCount)
        var size = 16
        while size * 3 < infoCount * 8 { size *= 2 }
        mask = size - 1
        slots = .allocate(capacity: size)
        slots.initialize(repeating: Slot(), count: size)
        long = table
        for e in 0..<infoCount {
            let (k0, k1, count) = table.withKey(e) { key -> (UInt64, UInt64, Int) in
                guard let p = key.baseAddress, !key.isEmpty, key.count <= 16 else { return (0, 0, 0) }
                let (k0, k1) = Self.pack(p, key.count)
                return (k0, k1, key.count)
            }
            guard count > 0 else { continue }
            var s = Self.slot(k0, k1, count) & mask
            while slots[s].length != 0 { s = (s + 1) & mask }
            slots[s] = Slot(k0: k0, k1: k1, length: Int32(count), entry: Int32(e))
        }
    }

    deinit {
        slots.deallocate()
        infos.deinitialize(count: infoCount)
        infos.deallocate()
    }

    /// The first 16 bytes of `p[0..<count]` as two little-endian words (missing bytes are 0).
    @inline(__always)
    static func pack(_ p: UnsafePointer<UInt8>, _ count: Int) -> (UInt64, UInt64) {
        var k0: UInt64 = 0
        var k1: UInt64 = 0
        var i = min(count, 16)
        while i > 8 {
            i -= 1
            k1 = k1 &<< 8 | UInt64(p[i])
        }
        while i > 0 {
            i -= 1
            k0 = k0 &<< 8 | UInt64(p[i])
        }
        return (k0, k1)
    }

    @inline(__always)
    static func slot(_ k0: UInt64, _ k1: UInt64, _ count: Int) -> Int {
        var h = (k0 ^ UInt64(truncatingIfNeeded: count) << 56) &* 0x9E37_79B9_7F4A_7C15
        h ^= k1 &* 0xC2B2_AE3D_27D4_EB4F
        h ^= h >> 29
        return Int(truncatingIfNeeded: h)
    }

    /// Entry of a key of `count` bytes (`count <= 16`) given as packed words, or -1.
    @inline(__always)
    func find(_ k0: UInt64, _ k1: UInt64, _ count: Int) -> Int {
        var s = Self.slot(k0, k1, count) & mask
        let length = Int32(truncatingIfNeeded: count)
        while true {
            let slot = slots[s]
            if slot.length == 0 { return -1 }
            if slot.k0 == k0 && slot.k1 == k1 && slot.length == length { return Int(slot.entry) }
            s = (s + 1) & mask
        }
    }

    /// Entry of the (already lower-cased) key `p[0..<count]`, or -1.
    @inline(__always)
    func find(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int {
        if count == 0 { return -1 }
        if count > 16 { return long.find(UnsafeBufferPointer(start: p, count: count)) ?? -1 }
        let (k0, k1) = Self.pack(p, count)
        return find(k0, k1, count)
    }
}
