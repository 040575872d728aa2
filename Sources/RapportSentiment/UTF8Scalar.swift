/// Strict UTF-8 decoding of one non-ASCII scalar, shared by the byte-level word and sentence segmenters.
enum UTF8Scalar {
    /// The scalar starting at `k` (its lead byte is ≥ 0x80) and its byte length, reading no byte at or
    /// past `end`; `nil` for invalid UTF-8 (bad lead or continuation byte, overlong form, surrogate,
    /// beyond U+10FFFF, or cut short by `end`).
    @inline(__always)
    static func decode(_ s: UnsafeBufferPointer<UInt8>, at k: Int, end: Int) -> (UInt32, Int)? {
        let b0 = s[k]
        @inline(__always) func cont(_ j: Int) -> UInt32? {
            guard j < end, s[j] & 0xC0 == 0x80 else { return nil }
            return UInt32(s[j] & 0x3F)
        }
        if b0 >= 0xC2 && b0 < 0xE0 {
            guard let c1 = cont(k + 1) else { return nil }
            return (UInt32(b0 & 0x1F) << 6 | c1, 2)
        }
        if b0 >= 0xE0 && b0 < 0xF0 {
            guard let c1 = cont(k + 1), let c2 = cont(k + 2) else { return nil }
            let cp = UInt32(b0 & 0x0F) << 12 | c1 << 6 | c2
            if cp < 0x800 || (cp >= 0xD800 && cp < 0xE000) { return nil }
            return (cp, 3)
        }
        if b0 >= 0xF0 && b0 <= 0xF4 {
            guard let c1 = cont(k + 1), let c2 = cont(k + 2), let c3 = cont(k + 3) else { return nil }
            let cp = UInt32(b0 & 0x07) << 18 | c1 << 12 | c2 << 6 | c3
            if cp < 0x10000 || cp > 0x10FFFF { return nil }
            return (cp, 4)
        }
        return nil
    }
}
