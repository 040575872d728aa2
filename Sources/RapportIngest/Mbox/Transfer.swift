/// Tolerant content-transfer decoders on bytes.
enum Transfer {
    @inline(__always) static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x41...0x46: c - 0x41 + 10
        case 0x61...0x66: c - 0x61 + 10
        default: nil
        }
    }

    static let b64: [UInt8] = {
        var t = [UInt8](repeating: 0xFF, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = UInt8(i) }
        t[Int(UInt8(ascii: "-"))] = 62  // URL-safe variants
        t[Int(UInt8(ascii: "_"))] = 63
        return t
    }()

    /// Base64: characters outside the alphabet are ignored, decoding stops at `=` padding (but goes on
    /// when more data follows a padded quantum, as concatenated parts do), missing padding tolerated.
    static func base64(_ input: some Collection<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(input.count * 3 / 4)
        var acc: UInt32 = 0
        var bits = 0
        let table = b64
        for c in input {
            let v = table[Int(c)]
            if v == 0xFF {
                if c == 0x3D {
                    acc = 0
                    bits = 0
                }
                continue
            }
            acc = (acc << 6) | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: acc >> UInt32(bits)))
                acc &= (1 << UInt32(bits)) - 1
            }
        }
        return out
    }

    /// Where the base64 data of a body ends: the start of the first line, after a line with data, that is
    /// a rule (`--`, `___…`: only dashes or underscores, two or more) or holds a byte that is neither in the
    /// alphabet (URL-safe `-`/`_` included), `=`, nor white space (`-- `, prose); else the end.
    ///
    /// A body whose first two lines with visible bytes are both no base64 line — a foreign byte, or white
    /// space after a word whose length is no multiple of 4 (prose: `Hello  world`; base64 split into groups,
    /// `RGVy IFBy`, is read) — is not base64 at all: a
    /// script labelled plain text `base64` (round-12 triage: enmime's `mime-bad-content-transfer-encoding`
    /// decoded into garbage). Then the end is 0 and the whole body is kept as it is.
    static func base64End(_ body: UnsafeBufferPointer<UInt8>) -> Int {
        let table = b64
        var data = false
        var proseLines = 0
        var i = 0
        let n = body.count
        while i < n {
            var e = i
            var foreign = false
            var rule = true
            var visible = 0
            var gap = false
            var inner = false
            var run = 0
            while e < n && body[e] != 0x0A {
                let c = body[e]
                if c != 0x20 && c != 0x09 && c != 0x0D {
                    // A word of a length no base64 group has (groups of 4, `RGVy IFBy`, are base64).
                    if gap && visible > 0 && run % 4 != 0 { inner = true }
                    if gap { run = 0 }
                    gap = false
                    run += 1
                    visible += 1
                    if c != 0x2D && c != 0x5F { rule = false }
                    if table[Int(c)] == 0xFF && c != 0x3D { foreign = true }
                } else if c != 0x0D {
                    gap = true
                }
                e += 1
            }
            if visible > 0 {
                if data && (foreign || (rule && visible >= 2)) { return i }
                if !data && (foreign || inner) {
                    proseLines += 1
                    if proseLines == 2 { return 0 }
                    i = e + 1
                    continue
                }
                if !foreign { data = true }
            }
            i = e + 1
        }
        return proseLines == 1 && !data ? 0 : n
    }

    /// Quoted-printable: `=XX` (either case), soft line breaks (`=` before a line end, trailing
    /// whitespace allowed), a lone `=` kept literally; `header` turns `_` into a space (RFC 2047 Q).
    static func quotedPrintable(_ input: some Collection<UInt8>, header: Bool = false) -> [UInt8] {
        let v = Array(input)
        var out: [UInt8] = []
        out.reserveCapacity(v.count)
        var i = 0
        let n = v.count
        while i < n {
            let c = v[i]
            if c == 0x3D {
                if i + 2 < n, let h = hex(v[i + 1]), let l = hex(v[i + 2]) {
                    out.append(h << 4 | l)
                    i += 3
                    continue
                }
                // Soft break: '=' then optional spaces then (CR)LF, or '=' at the very end.
                var j = i + 1
                while j < n && (v[j] == 0x20 || v[j] == 0x09) { j += 1 }
                if j == n {
                    i = n
                    continue
                }
                if v[j] == 0x0A {
                    i = j + 1
                    continue
                }
                if v[j] == 0x0D && j + 1 < n && v[j + 1] == 0x0A {
                    i = j + 2
                    continue
                }
                out.append(c)
                i += 1
                continue
            }
            if header && c == 0x5F {
                out.append(0x20)
            } else {
                out.append(c)
            }
            i += 1
        }
        return out
    }
}
