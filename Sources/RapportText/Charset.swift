internal import CICUShim

/// Charset conversion to UTF-8 through ICU, with the alias rules mail needs.
public enum Charset {
    /// The name ICU should use for a declared charset: `iso-8859-1`, `us-ascii` and missing → windows-1252
    /// (what senders actually mean); gb2312/gbk → GB18030; ks_c_5601-1987 → windows-949.
    public static func effectiveName(_ declared: String?) -> String {
        guard let raw = declared?.trimmingASCIIWhitespaceAndQuotes(), !raw.isEmpty else { return "windows-1252" }
        switch raw.lowercased() {
        case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii", "ansi_x3.4-1968", "iso_8859-1",
            "8859-1", "cp819", "x-unknown", "unknown", "unknown-8bit", "x-user-defined", "default", "none":
            return "windows-1252"
        case "gb2312", "gbk", "x-gbk", "cp936", "euc-cn", "x-euc-cn": return "GB18030"
        case "ks_c_5601-1987", "ks_c_5601", "ksc5601", "euc-kr", "x-euc-kr", "cp949": return "windows-949"
        case "utf8", "utf-8", "x-utf-8": return "UTF-8"
        case "shift-jis", "shift_jis", "sjis", "x-sjis", "ms_kanji", "cp932": return "windows-31j"
        default: return raw
        }
    }

    /// Whether ICU knows the charset name.
    public static func isKnown(_ name: String) -> Bool { rapport_charset_known(name) != 0 }

    /// Decodes bytes in `charset` to a `String`. UTF-8 (validated, invalid sequences → U+FFFD) takes a
    /// fast path, as does valid UTF-8 under any other 8-bit label; unknown charsets fall back to detection,
    /// then windows-1252. Never fails.
    public static func decode(_ bytes: some Collection<UInt8>, charset declared: String?) -> String {
        let name = effectiveName(declared)
        var array = Array(bytes)
        let lower = name.lowercased()
        let sevenBitStateful =
            lower.hasPrefix("iso-2022") || lower.hasPrefix("utf-7") || lower == "hz-gb-2312"
            || lower == "csiso2022jp"
        if name == "UTF-8" {
            return declaredUTF8(array)
        }
        if !sevenBitStateful && array.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: array, as: UTF8.self)
        }
        if lower.hasPrefix("iso-2022-jp") || lower == "csiso2022jp" {
            array = droppingRedundantDesignations(array)
        }
        let wide = lower.hasPrefix("utf-16") || lower.hasPrefix("utf-32") || lower.hasPrefix("ucs")
        if !wide, !sevenBitStateful || array.contains(where: { $0 >= 0x80 }), isValidUTF8(array) {
            // Undeclared or mislabelled 8-bit text that is valid UTF-8 is UTF-8: webmail and scripts send
            // UTF-8 under iso-8859-1, gb2312 or Big5 labels. Text really in a legacy charset is almost never
            // valid UTF-8 (a lead byte must be followed by exactly its continuation bytes). A 7-bit label
            // (`ISO-2022-JP`, UTF-7) over 8-bit bytes is wrong whatever they are (round-13 triage: MimeKit's
            // Japanese test message re-encoded as UTF-8 under its `ISO-2022-JP` label read as U+FFFD).
            return String(decoding: array, as: UTF8.self)
        }
        if let s = convert(array, from: name) { return s }
        if let detected = detect(array, declared: nil), let s = convert(array, from: detected.name) { return s }
        return convert(array, from: "windows-1252") ?? String(decoding: array, as: UTF8.self)
    }

    /// ISO-2022-JP text with a G0 designation right after another (`ESC ( B ESC $ B`: encoders that switch
    /// back to ASCII at the end of each run, quoted-printable lines, adjacent encoded-words joined before
    /// decoding): ICU rejects the empty run with a U+FFFD (a guard against hiding text), so every such
    /// designation but the last of its run is dropped; it designated nothing that was used.
    static func droppingRedundantDesignations(_ bytes: [UInt8]) -> [UInt8] {
        func g0Length(_ i: Int) -> Int {
            guard i + 2 < bytes.count, bytes[i] == 0x1B else { return 0 }
            let a = bytes[i + 1]
            let b = bytes[i + 2]
            if a == 0x28 { return b >= 0x40 && b <= 0x7E ? 3 : 0 }
            guard a == 0x24 else { return 0 }
            if b == 0x40 || b == 0x41 || b == 0x42 { return 3 }
            if b == 0x28, i + 3 < bytes.count, bytes[i + 3] >= 0x40 && bytes[i + 3] <= 0x7E { return 4 }
            return 0
        }
        guard bytes.contains(0x1B) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let n = g0Length(i)
            if n > 0 && g0Length(i + n) > 0 {
                i += n
                continue
            }
            out.append(bytes[i])
            i += 1
        }
        return out
    }

    /// Converts with ICU; `nil` when the charset is unknown.
    public static func convert(_ bytes: [UInt8], from charset: String) -> String? {
        if bytes.isEmpty { return "" }
        var capacity = bytes.count * 2 + 16
        while true {
            var out = [UInt8](repeating: 0, count: capacity)
            let n = bytes.withUnsafeBufferPointer { src in
                out.withUnsafeMutableBufferPointer { dst in
                    rapport_convert_to_utf8(
                        charset, src.baseAddress, Int64(src.count), dst.baseAddress, Int64(capacity))
                }
            }
            if n < 0 { return nil }
            if n <= capacity { return String(decoding: out[0..<Int(n)], as: UTF8.self) }
            capacity = Int(n)
        }
    }

    /// ICU charset detection: the best guess and its confidence (0–100).
    public static func detect(_ bytes: [UInt8], declared: String?) -> (name: String, confidence: Int)? {
        var name = [CChar](repeating: 0, count: 64)
        let confidence = bytes.withUnsafeBufferPointer { src in
            rapport_detect_charset(src.baseAddress, Int64(src.count), declared, &name, 64)
        }
        guard confidence >= 0 else { return nil }
        let s = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return s.isEmpty ? nil : (s, Int(confidence))
    }

    /// Text labelled UTF-8. Valid UTF-8 is decoded as it is. Bytes that are not (scripts and old clients
    /// that label windows-1252 or Latin-1 text `utf-8`, or paste it into UTF-8 text) would each become
    /// U+FFFD: without one valid multi-byte sequence the text is legacy 8-bit — ICU's guess when it is not
    /// Latin nor UTF (confidence 10 or more, on 64 bytes or more: shorter guesses are noise), else
    /// windows-1252; mixed with valid sequences, each invalid byte is
    /// read as windows-1252 and the rest as UTF-8 (round-10 triage: `Gr��e aus M�nchen`).
    static func declaredUTF8(_ v: [UInt8]) -> String {
        // Valid text (nearly all of it) takes the standard library's validator, one pass.
        if let s = String(validating: v, as: UTF8.self) { return s }
        let (multibyte, invalid) = utf8Counts(v)
        if invalid == 0 { return String(decoding: v, as: UTF8.self) }
        if multibyte == 0, v.count >= 64, let d = detect(v, declared: nil), d.confidence >= 10,
            !d.name.hasPrefix("ISO-8859-1"), !d.name.hasPrefix("windows-1252"), !d.name.hasPrefix("UTF"),
            let s = convert(v, from: d.name)
        {
            return s
        }
        var out = String.UnicodeScalarView()
        var i = 0
        let n = v.count
        while i < n {
            let len = utf8SequenceLength(v, i)
            if len > 0 {
                if len == 1 {
                    out.append(Unicode.Scalar(v[i]))
                } else {
                    var x = UInt32(v[i] & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07))
                    for k in 1..<len { x = (x << 6) | UInt32(v[i + k] & 0x3F) }
                    out.append(Unicode.Scalar(x) ?? "\u{FFFD}")
                }
                i += len
            } else {
                out.append(windows1252Scalar(v[i]))
                i += 1
            }
        }
        return String(out)
    }

    /// Valid multi-byte UTF-8 sequences and bytes that start no valid sequence.
    static func utf8Counts(_ v: [UInt8]) -> (multibyte: Int, invalid: Int) {
        var i = 0
        var multibyte = 0
        var invalid = 0
        let n = v.count
        while i < n {
            if v[i] < 0x80 {
                i += 1
                continue
            }
            let len = utf8SequenceLength(v, i)
            if len == 0 {
                invalid += 1
                i += 1
            } else {
                multibyte += 1
                i += len
            }
        }
        return (multibyte, invalid)
    }

    /// The length of the valid UTF-8 sequence starting at `i` (1 for ASCII), or 0 when none starts there.
    @inline(__always) static func utf8SequenceLength(_ v: [UInt8], _ i: Int) -> Int {
        let c = v[i]
        if c < 0x80 { return 1 }
        var len = 0
        var lo: UInt8 = 0x80
        var hi: UInt8 = 0xBF
        switch c {
        case 0xC2...0xDF: len = 2
        case 0xE0:
            len = 3
            lo = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: len = 3
        case 0xED:
            len = 3
            hi = 0x9F
        case 0xF0:
            len = 4
            lo = 0x90
        case 0xF1...0xF3: len = 4
        case 0xF4:
            len = 4
            hi = 0x8F
        default: return 0
        }
        guard i + len <= v.count, v[i + 1] >= lo, v[i + 1] <= hi else { return 0 }
        for k in 2..<len where v[i + k] & 0xC0 != 0x80 { return 0 }
        return len
    }

    /// A byte read as windows-1252 (0x80–0x9F: the C1 range's printable replacements; the rest Latin-1).
    static func windows1252Scalar(_ b: UInt8) -> Unicode.Scalar {
        if b < 0x80 || b >= 0xA0 { return Unicode.Scalar(b) }
        return Unicode.Scalar(windows1252High[Int(b - 0x80)]) ?? "\u{FFFD}"
    }

    static let windows1252High: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152,
        0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122,
        0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]

    /// Strict UTF-8 validation over bytes.
    public static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        var it = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&it) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}

extension String {
    func trimmingASCIIWhitespaceAndQuotes() -> String {
        var u = Substring(self)
        while let f = u.first, f == " " || f == "\t" || f == "\"" || f == "'" || f == "\r" || f == "\n" {
            u = u.dropFirst()
        }
        while let l = u.last, l == " " || l == "\t" || l == "\"" || l == "'" || l == "\r" || l == "\n" || l == ";" {
            u = u.dropLast()
        }
        return String(u)
    }
}
