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

/// Per-code-point classes (one byte each) over the ranges the byte-level segmenters handle: U+0000–U+052F
/// (ASCII, Latin-1 Supplement to Cyrillic), U+1D00–U+2BFF (phonetic extensions to miscellaneous symbols
/// and arrows), U+3000 (the ideographic space, WSegSpace: common between Latin words, and alone it sent
/// whole sentences to ICU), the emoji blocks U+1F000–U+1FAFF except U+1F200–U+1F2FF (enclosed ideographs, which ICU's
/// dictionary rules treat as Hiragana/Han), variation selectors, tag characters, Alphabetic Presentation
/// Forms (U+FB00–U+FB4F) and Mathematical Alphanumeric Symbols (U+1D400–U+1D7FF). Code points outside
/// them are `unsupported`; `classify` is called once per code point inside them, at construction.
struct CodePointClassTable: Sendable {
    let unsupported: UInt8
    private let low: [UInt8]
    private let emoji: [UInt8]
    private let selectors: [UInt8]
    private let tags: [UInt8]
    /// Alphabetic Presentation Forms (ligatures such as "ﬁ"; the Hebrew ones are Hebrew_Letter) and
    /// Mathematical Alphanumeric Symbols (bold, italic, ... letters and digits).
    private let presentation: [UInt8]
    private let math: [UInt8]

    init(unsupported: UInt8, classify: (UInt32) -> UInt8) {
        func table(_ range: Range<UInt32>, _ included: (UInt32) -> Bool) -> [UInt8] {
            range.map { cp in included(cp) ? classify(cp) : unsupported }
        }
        self.unsupported = unsupported
        low = table(0..<0x3001) { cp in cp < 0x530 || (cp >= 0x1D00 && cp < 0x2C00) || cp == 0x3000 }
        emoji = table(0x1F000..<0x1FB00) { cp in cp < 0x1F200 || cp >= 0x1F300 }
        selectors = table(0xFE00..<0xFE10) { _ in true }
        tags = table(0xE0000..<0xE0080) { _ in true }
        presentation = table(0xFB00..<0xFB50) { _ in true }
        math = table(0x1D400..<0x1D800) { _ in true }
    }

    /// The class of `cp`.
    @inline(__always)
    func of(_ cp: UInt32) -> UInt8 {
        if cp <= 0x3000 { return low[Int(cp)] }
        if cp &- 0x1F000 < 0xB00 { return emoji[Int(cp &- 0x1F000)] }
        if cp &- 0xFE00 < 0x10 { return selectors[Int(cp &- 0xFE00)] }
        if cp &- 0xE0000 < 0x80 { return tags[Int(cp &- 0xE0000)] }
        if cp &- 0xFB00 < 0x50 { return presentation[Int(cp &- 0xFB00)] }
        if cp &- 0x1D400 < 0x400 { return math[Int(cp &- 0x1D400)] }
        return unsupported
    }
}
