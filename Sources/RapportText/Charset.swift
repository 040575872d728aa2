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
        if name == "UTF-8" || (!sevenBitStateful && array.allSatisfy({ $0 < 0x80 })) {
            return String(decoding: array, as: UTF8.self)
        }
        if lower.hasPrefix("iso-2022-jp") || lower == "csiso2022jp" {
            array = droppingRedundantDesignations(array)
        }
        let wide = lower.hasPrefix("utf-16") || lower.hasPrefix("utf-32") || lower.hasPrefix("ucs")
        if !sevenBitStateful && !wide, isValidUTF8(array) {
            // Undeclared or mislabelled 8-bit text that is valid UTF-8 is UTF-8: webmail and scripts send
            // UTF-8 under iso-8859-1, gb2312 or Big5 labels. Text really in a legacy charset is almost never
            // valid UTF-8 (a lead byte must be followed by exactly its continuation bytes).
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
