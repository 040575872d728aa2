import Foundation

/// Substring search over bytes (glibc's `memmem` is not visible to Swift without `_GNU_SOURCE`).
enum ByteSearch {
    /// Whether `needle` occurs in the `count` bytes at `base`: `memchr` for `needle[anchor]` (choose a byte
    /// that is rare in the haystack: not a JSON quote), then `memcmp` of the whole needle around each hit.
    /// An empty needle occurs everywhere.
    static func occurs(
        _ needle: UnsafeRawBufferPointer, in base: UnsafeRawPointer, count: Int, anchor: Int = 0
    )
        -> Bool
    {
        let n = needle.count
        guard let np = needle.baseAddress, n > 0 else { return true }
        guard count >= n else { return false }
        let byte = Int32(needle[anchor])
        var k = anchor  // candidate position of the anchor byte
        let last = count - n + anchor  // its last possible position
        while k <= last {
            guard let hit = memchr(base + k, byte, last - k + 1) else { return false }
            let at = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(base + at - anchor, np, n) == 0 { return true }
            k = at + 1
        }
        return false
    }

    /// ``occurs(_:in:count:anchor:)`` over arrays.
    static func occurs(_ needle: [UInt8], in bytes: [UInt8], anchor: Int = 0) -> Bool {
        needle.withUnsafeBytes { n in
            bytes.withUnsafeBytes { b in
                guard let base = b.baseAddress else { return n.isEmpty }
                return occurs(n, in: base, count: b.count, anchor: anchor)
            }
        }
    }
}
