import RapportText

/// Brings a saved page to UTF-8 before libxml2 sees it: a BOM wins, then `<meta charset>` /
/// `http-equiv` in the first 8 KB; bytes that are not valid in the declared (or assumed) UTF-8 are
/// re-read with ICU's detection or windows-1252, and the mismatch is reported.
enum TicketCharset {
    struct Result {
        var bytes: [UInt8]
        /// The charset the bytes were read as.
        var charset: String
        /// Set when the declaration was wrong or missing and a guess was made.
        var note: String?
    }

    /// `transport`: a charset declared outside the page (an MHTML part's `Content-Type`), which wins over
    /// the page's own `<meta>` (the bytes were saved in it); a BOM still wins over both.
    static func utf8(_ bytes: [UInt8], transport: String? = nil) -> Result {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return Result(bytes: Array(bytes.dropFirst(3)), charset: "UTF-8 (BOM)")
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let name = bytes[0] == 0xFF ? "UTF-16LE" : "UTF-16BE"
            let s = Charset.convert(Array(bytes.dropFirst(2)), from: name) ?? ""
            return Result(bytes: Array(s.utf8), charset: name + " (BOM)")
        }
        let declared = transport ?? declaredCharset(bytes)
        let effective = declared.map { Charset.effectiveName($0) }
        if effective == nil || effective == "UTF-8" {
            if isValidUTF8(bytes) {
                return Result(bytes: bytes, charset: declared == nil ? "UTF-8 (assumed)" : "UTF-8")
            }
            var guess = "windows-1252"
            if let d = Charset.detect(Array(bytes.prefix(65_536)), declared: nil), d.confidence >= 50,
                d.name.uppercased() != "UTF-8"
            {
                guess = d.name
            }
            let s = Charset.convert(bytes, from: guess) ?? Charset.decode(bytes, charset: "windows-1252")
            let said = declared.map { "declared \($0)" } ?? "no charset declared"
            return Result(
                bytes: Array(s.utf8), charset: guess, note: "\(said) but the bytes are not UTF-8; read as \(guess)")
        }
        let s = Charset.decode(bytes, charset: declared)
        return Result(bytes: Array(s.utf8), charset: effective ?? "UTF-8")
    }

    /// Fast UTF-8 validation (the standard library's validator).
    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        String(validating: bytes, as: UTF8.self) != nil
    }

    /// The charset named by `charset=` in the first 8 KB (covers `<meta charset>` and `http-equiv`).
    static func declaredCharset(_ bytes: [UInt8]) -> String? {
        let head = Array(bytes.prefix(8192))
        let needle = Array("charset".utf8)
        var i = 0
        while i + needle.count < head.count {
            var match = true
            for k in 0..<needle.count where head[i + k] | 0x20 != needle[k] {
                match = false
                break
            }
            if !match {
                i += 1
                continue
            }
            var j = i + needle.count
            while j < head.count, head[j] == 32 { j += 1 }
            guard j < head.count, head[j] == 61 else {
                i += 1
                continue
            }
            j += 1
            while j < head.count, head[j] == 32 || head[j] == 34 || head[j] == 39 { j += 1 }
            let start = j
            while j < head.count,
                (head[j] >= 48 && head[j] <= 57) || (head[j] | 0x20 >= 97 && head[j] | 0x20 <= 122) || head[j] == 45
                    || head[j] == 95 || head[j] == 58 || head[j] == 46
            {
                j += 1
            }
            if j > start { return String(decoding: head[start..<j], as: UTF8.self) }
            i = j
        }
        return nil
    }
}
