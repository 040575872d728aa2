/// Whole-line facts of the VADER engine's fast path, found in one pass 16 bytes at a time: the "!" and "?"
/// counts (punctuation emphasis), whether any byte is non-ASCII, and whether the JSON string of the line
/// needs escaping (a `"`, a `\` or a C0 control; everything else is written as is).
///
/// The pass uses lane-wise arithmetic on `SIMD16<UInt8>` only (xor, wrapping subtract, and, or, shift):
/// those lower to SSE2 on baseline x86-64, while the `SIMDMask` comparisons (`.==`, `.<`) compile to a
/// per-lane loop in Swift 6 and are avoided. A lane is 0 exactly when `x == 0` is tested as
/// `(x &- 1) & ~x` (high bit set only for 0).
struct VaderLineFacts: Equatable {
    var exclamations = 0
    var questions = 0
    /// Whether some byte is ≥ 0x80.
    var nonASCII = false
    /// Whether some byte is `"`, `\` or below 0x20.
    var needsEscape = false

    private typealias V = SIMD16<UInt8>

    /// High bit set in exactly the lanes of `x` that are 0.
    @inline(__always)
    private static func zeroLanes(_ x: V) -> V { (x &- V(repeating: 1)) & ~x }

    /// The sum of the 16 byte lanes of `x` (each at most 255).
    @inline(__always)
    private static func laneSum(_ x: V) -> Int {
        let w = unsafeBitCast(x, to: SIMD2<UInt64>.self)
        let m: UInt64 = 0x00FF_00FF_00FF_00FF
        // Pairs of bytes into 16-bit lanes (≤ 1020 each), then the four 16-bit lanes summed by one multiply.
        let s = (w[0] & m) &+ ((w[0] >> 8) & m) &+ (w[1] & m) &+ ((w[1] >> 8) & m)
        return Int(truncatingIfNeeded: (s &* 0x0001_0001_0001_0001) >> 48)
    }

    /// The facts of `p[0..<n]`.
    @inline(__always)
    static func scan(_ p: UnsafePointer<UInt8>, _ n: Int) -> VaderLineFacts {
        var facts = VaderLineFacts()
        if n < 16 {
            scanScalar(p, 0, n, &facts)
            return facts
        }
        // Per lane: "!" count in the low nibble, "?" count in the high nibble (15 blocks at most).
        var marks = V(repeating: 0)
        var bits = V(repeating: 0)
        var escape = V(repeating: 0)
        var i = 0
        var block = 0
        while true {
            var v: V
            if i + 16 <= n {
                v = UnsafeRawPointer(p + i).loadUnaligned(as: V.self)
            } else {
                // The last 16 bytes, the lanes already seen replaced by a byte that matches nothing.
                let seen = V(repeating: UInt8(truncatingIfNeeded: i - (n - 16)))
                v = UnsafeRawPointer(p + n - 16).loadUnaligned(as: V.self)
                // Lane j: high bit of j - seen set exactly when j < seen; keep = 0xFF in the other lanes.
                let keep = (((Self.lanes &- seen) & V(repeating: 0x80)) &>> 7) &- V(repeating: 1)
                v = (v & keep) | (V(repeating: 0x41) & ~keep)
            }
            marks &+=
                (zeroLanes(v ^ V(repeating: 0x21)) &>> 7) | (zeroLanes(v ^ V(repeating: 0x3F)) & V(repeating: 0x80))
                &>> 3
            bits |= v
            escape |=
                zeroLanes(v ^ V(repeating: 0x22)) | zeroLanes(v ^ V(repeating: 0x5C))
                | zeroLanes(v & V(repeating: 0xE0))
            i += 16
            block += 1
            if i >= n || block == 15 {
                // A nibble holds at most 15.
                facts.exclamations += laneSum(marks & V(repeating: 0x0F))
                facts.questions += laneSum(marks &>> 4)
                marks = V(repeating: 0)
                block = 0
                if i >= n { break }
            }
        }
        let h = unsafeBitCast(bits, to: SIMD2<UInt64>.self)
        let e = unsafeBitCast(escape, to: SIMD2<UInt64>.self)
        facts.nonASCII = (h[0] | h[1]) & SWAR.high != 0
        facts.needsEscape = (e[0] | e[1]) & SWAR.high != 0
        return facts
    }

    /// Lane indices 0...15.
    private static var lanes: V { V(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15) }

    /// The facts of `p[from..<to]` added one byte at a time (short lines).
    private static func scanScalar(_ p: UnsafePointer<UInt8>, _ from: Int, _ to: Int, _ facts: inout VaderLineFacts) {
        for k in from..<to {
            let b = p[k]
            if b == 0x21 { facts.exclamations += 1 } else if b == 0x3F { facts.questions += 1 }
            if b >= 0x80 { facts.nonASCII = true }
            if b < 0x20 || b == 0x22 || b == 0x5C { facts.needsEscape = true }
        }
    }
}
