/// Python `str` semantics over UTF-8 bytes: whitespace (`str.split()`/`strip()`), `str.isupper()`,
/// `string.punctuation`. Tables come from ``PythonUnicode`` (generated from CPython).
enum PythonText {
    /// Whether `cp` is whitespace for Python's `str.split()` / `str.strip()`.
    @inline(__always)
    static func isWhitespace(_ cp: UInt32) -> Bool {
        if cp < 0x80 { return (cp >= 9 && cp <= 13) || (cp >= 0x1C && cp <= 0x20) }
        switch cp {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// Whether the non-ASCII code point at `i` is Python whitespace, and its length as ``decode(_:_:)``
    /// counts it. Only lead bytes C2, E1, E2 and E3 can start a whitespace code point (U+0085, U+00A0,
    /// U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000), so others are not decoded.
    @inline(__always)
    static func nonASCIIWhitespace(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: Int) -> (Bool, Int) {
        let b0 = p[i]
        let len: Int
        if b0 >= 0xC0 && b0 < 0xE0 && i + 1 < n {
            len = 2
        } else if b0 >= 0xE0 && b0 < 0xF0 && i + 2 < n {
            len = 3
        } else if b0 >= 0xF0 && i + 3 < n {
            len = 4
        } else {
            // A stray byte decodes as itself (U+0085 and U+00A0 are whitespace).
            return (b0 == 0x85 || b0 == 0xA0, 1)
        }
        switch b0 {
        case 0xC2: return (p[i + 1] == 0x85 || p[i + 1] == 0xA0, len)
        case 0xE1, 0xE2, 0xE3:
            let (cp, _) = decode(UnsafeBufferPointer(start: p, count: n), i)
            return (isWhitespace(cp), len)
        default: return (false, len)
        }
    }

    /// ASCII `string.punctuation`.
    @inline(__always)
    static func isASCIIPunctuation(_ b: UInt8) -> Bool {
        (b >= 0x21 && b <= 0x2F) || (b >= 0x3A && b <= 0x40) || (b >= 0x5B && b <= 0x60) || (b >= 0x7B && b <= 0x7E)
    }

    /// 0 uncased, 1 lowercase/titlecase, 2 uppercase (as `str.isupper()` classifies characters).
    @inline(__always)
    static func caseClass(_ cp: UInt32) -> UInt8 {
        if cp < 0x80 {
            if cp >= 0x41 && cp <= 0x5A { return 2 }
            if cp >= 0x61 && cp <= 0x7A { return 1 }
            return 0
        }
        let starts = PythonUnicode.caseStarts
        var lo = 0
        var hi = starts.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if starts[mid] <= cp { lo = mid + 1 } else { hi = mid }
        }
        if lo == 0 { return 0 }
        let k = lo - 1
        return cp <= PythonUnicode.caseEnds[k] ? PythonUnicode.caseClasses[k] : 0
    }

    /// Decodes the code point at `i` (valid UTF-8 assumed; a stray byte decodes as itself, length 1).
    @inline(__always)
    static func decode(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let b0 = p[i]
        if b0 < 0x80 { return (UInt32(b0), 1) }
        let n = p.count
        if b0 >= 0xC0 && b0 < 0xE0 && i + 1 < n {
            return ((UInt32(b0 & 0x1F) << 6) | UInt32(p[i + 1] & 0x3F), 2)
        }
        if b0 >= 0xE0 && b0 < 0xF0 && i + 2 < n {
            return ((UInt32(b0 & 0x0F) << 12) | (UInt32(p[i + 1] & 0x3F) << 6) | UInt32(p[i + 2] & 0x3F), 3)
        }
        if b0 >= 0xF0 && i + 3 < n {
            return (
                (UInt32(b0 & 0x07) << 18) | (UInt32(p[i + 1] & 0x3F) << 12) | (UInt32(p[i + 2] & 0x3F) << 6)
                    | UInt32(p[i + 3] & 0x3F), 4
            )
        }
        return (UInt32(b0), 1)
    }

    /// Python `s.isupper()` for the UTF-8 bytes `p[start..<end]`.
    @inline(__always)
    static func isUpper(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var cased = false
        var i = start
        while i < end {
            let b = p[i]
            if b < 0x80 {
                if b >= 0x61 && b <= 0x7A { return false }
                if b >= 0x41 && b <= 0x5A { cased = true }
                i += 1
                continue
            }
            let (cp, len) = decode(p, i)
            switch caseClass(cp) {
            case 1: return false
            case 2: cased = true
            default: break
            }
            i += len
        }
        return cased
    }
}
