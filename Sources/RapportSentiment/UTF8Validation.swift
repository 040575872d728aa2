/// Strict UTF-8 validation on bytes: no overlong forms, surrogates or code points above U+10FFFF, so
/// exactly the byte strings that `String(validating:as:)` accepts and `String(decoding:as:)` keeps
/// unchanged. ASCII is skipped 8 bytes at a time; a multi-byte sequence is checked from one 4-byte load
/// (its form by mask, its range from the decoded code point).
public enum UTF8Validation {
    /// Whether `p` is valid UTF-8.
    public static func isValid(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = p.baseAddress else { return true }
        let n = p.count
        var i = 0
        while i < n {
            while i + 8 <= n && SWAR.load(base + i) & SWAR.high == 0 { i += 8 }
            // Then byte by byte; multi-byte sequences in a row without going back to the 8-byte check.
            while i < n {
                let b0 = base[i]
                if b0 < 0x80 {
                    i += 1
                    break
                }
                guard i + 4 <= n else { return isValidTail(base + i, n - i) }
                let w = UInt32(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt32.self))
                if w & 0xC0E0 == 0x80C0 {
                    if b0 < 0xC2 { return false }  // overlong
                    i += 2
                } else if w & 0xC0_C0F0 == 0x80_80E0 {
                    let cp = (w & 0x0F) << 12 | (w & 0x3F00) >> 2 | (w & 0x3F_0000) >> 16
                    if cp < 0x800 || cp & 0xF800 == 0xD800 { return false }  // overlong, surrogate
                    i += 3
                } else if w & 0xC0C0_C0F8 == 0x8080_80F0 {
                    let cp = (w & 0x07) << 18 | (w & 0x3F00) << 4 | (w & 0x3F_0000) >> 10 | (w & 0x3F00_0000) >> 24
                    if cp < 0x1_0000 || cp > 0x10_FFFF { return false }  // overlong, above U+10FFFF
                    i += 4
                } else {
                    return false
                }
            }
        }
        return true
    }

    /// The last fewer than four bytes, from a non-ASCII byte on (one byte at a time).
    private static func isValidTail(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0
        while i < n {
            let b0 = p[i]
            if b0 < 0x80 {
                i += 1
                continue
            }
            if b0 < 0xC2 { return false }
            if b0 < 0xE0 {
                guard i + 1 < n, p[i + 1] & 0xC0 == 0x80 else { return false }
                i += 2
                continue
            }
            if b0 < 0xF0 {
                guard i + 2 < n, p[i + 1] & 0xC0 == 0x80, p[i + 2] & 0xC0 == 0x80 else { return false }
                if b0 == 0xE0 && p[i + 1] < 0xA0 { return false }  // overlong
                if b0 == 0xED && p[i + 1] >= 0xA0 { return false }  // surrogate
                i += 3
                continue
            }
            // A 4-byte sequence needs four bytes.
            return false
        }
        return true
    }
}
