import RapportText

/// Brings a saved page to UTF-8 before libxml2 sees it: a BOM wins (UTF-32 before UTF-16), then UTF-32 or
/// UTF-16 without a BOM recognized from the NUL bytes of its markup, then `<meta charset>` / `http-equiv` in the
/// first 8 KB. Wherever the declaration and the bytes disagree the bytes win and a note says so: UTF-8
/// declared over legacy bytes (re-read with ICU's detection or windows-1252), a legacy charset declared
/// over valid UTF-8 (read as UTF-8), UTF-16/32 declared in a `<meta>` that was read as ASCII (UTF-8, as
/// browsers do), an unknown name, or bytes the declared charset cannot decode.
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
        if bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) || bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) {
            let name = bytes[0] == 0xFF ? "UTF-32LE" : "UTF-32BE"
            let s = Charset.convert(Array(bytes.dropFirst(4)), from: name) ?? ""
            return Result(bytes: Array(s.utf8), charset: name + " (BOM)")
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let name = bytes[0] == 0xFF ? "UTF-16LE" : "UTF-16BE"
            let s = Charset.convert(Array(bytes.dropFirst(2)), from: name) ?? ""
            return Result(bytes: Array(s.utf8), charset: name + " (BOM)")
        }
        if let name = utf32WithoutBOM(bytes) ?? utf16WithoutBOM(bytes) {
            let s = Charset.convert(bytes, from: name) ?? ""
            return Result(
                bytes: Array(s.utf8), charset: name + " (no BOM)",
                note: "no byte order mark; the NUL bytes of the markup show \(name)")
        }
        let declared = transport ?? declaredCharset(bytes)
        var effective = declared.map { Charset.effectiveName($0) }
        var note: String?
        if let e = effective, transport == nil, isWide(e) {
            // A `<meta>` found by reading the bytes as ASCII cannot be right about a 16/32-bit encoding.
            note = "declared \(declared ?? e) in a <meta> readable as ASCII; read as UTF-8"
            effective = "UTF-8"
        }
        if effective == nil || effective == "UTF-8" {
            if isValidUTF8(bytes) {
                return Result(bytes: bytes, charset: declared == nil ? "UTF-8 (assumed)" : "UTF-8", note: note)
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
        let name = effective ?? "windows-1252"
        let said = "declared \(declared ?? name)"
        if !isSevenBit(name), hasHighByte(bytes), isValidUTF8(bytes) {
            // Saved or re-encoded as UTF-8 with the original `<meta>` kept (a page saved "complete" by one
            // browser and opened in another, editors that convert but do not touch the markup).
            return Result(bytes: bytes, charset: "UTF-8", note: "\(said) but the bytes are UTF-8; read as UTF-8")
        }
        guard Charset.isKnown(name) else {
            var guess = "windows-1252"
            if let d = Charset.detect(Array(bytes.prefix(65_536)), declared: nil), d.confidence >= 50 { guess = d.name }
            let s = Charset.convert(bytes, from: guess) ?? Charset.decode(bytes, charset: "windows-1252")
            return Result(
                bytes: Array(s.utf8), charset: guess, note: "\(said), which is not a known charset; read as \(guess)")
        }
        let s = Charset.decode(bytes, charset: declared)
        let replaced = replacementCount(s) - replacementCount(bytes)
        if replaced > 0 {
            // Bytes the declared charset has no character for (a page in windows-1252 labelled Shift_JIS):
            // ICU's guess when it reads them all, else the declared reading with its count.
            if let d = Charset.detect(Array(bytes.prefix(65_536)), declared: nil), d.confidence >= 50,
                Charset.effectiveName(d.name) != name, let t = Charset.convert(bytes, from: d.name),
                replacementCount(t) == replacementCount(bytes)
            {
                return Result(
                    bytes: Array(t.utf8), charset: d.name,
                    note: "\(said) but \(replaced) byte sequences are not \(name); read as \(d.name)")
            }
            note = "\(said) but \(replaced) byte sequences are not \(name); each became U+FFFD"
        }
        return Result(bytes: Array(s.utf8), charset: name, note: note)
    }

    /// `UTF-16LE` / `UTF-16BE` for a page saved as UTF-16 without a byte order mark: among the first 512
    /// code units, at least 8 and 90 % are ASCII with their high byte 0 on the same side, and none is on
    /// the other side. Markup is mostly ASCII, so its NUL pattern is unmistakable; text in UTF-8 or a
    /// legacy charset has no NUL bytes, binary data has them on both sides.
    static func utf16WithoutBOM(_ bytes: some Collection<UInt8>) -> String? { wideWithoutBOM(bytes, width: 2) }

    /// `UTF-32LE` / `UTF-32BE` without a byte order mark, by the same rule over the first 256 code units
    /// (ASCII with three zero bytes after it, or before it).
    static func utf32WithoutBOM(_ bytes: some Collection<UInt8>) -> String? { wideWithoutBOM(bytes, width: 4) }

    /// The rule of ``utf16WithoutBOM(_:)`` for code units of `width` bytes (2 or 4) over the first 1 KB: a
    /// unit is "little" when its first byte is ASCII and the others are 0, "big" when its last byte is ASCII
    /// and the others are 0.
    private static func wideWithoutBOM(_ bytes: some Collection<UInt8>, width: Int) -> String? {
        let head = Array(bytes.prefix(1024))
        var little = 0
        var big = 0
        var units = 0
        var k = 0
        while k + width <= head.count {
            units += 1
            let first = head[k]
            let last = head[k + width - 1]
            var innerZero = true
            for m in 1..<(width - 1) where head[k + m] != 0 { innerZero = false }
            if innerZero {
                if first != 0 && first < 0x80 && last == 0 { little += 1 }
                if first == 0 && last != 0 && last < 0x80 { big += 1 }
            }
            k += width
        }
        guard units >= 8 else { return nil }
        let name = width == 2 ? "UTF-16" : "UTF-32"
        if big == 0, little * 10 >= units * 9 { return name + "LE" }
        if little == 0, big * 10 >= units * 9 { return name + "BE" }
        return nil
    }

    /// Share of C0 control bytes (other than tab, line feed, form feed and carriage return) and NULs in the
    /// first 4 KB of decoded text: a page whose text is more than a tenth control bytes is not text.
    static func controlBytes(_ bytes: [UInt8]) -> (count: Int, of: Int) {
        let head = bytes.prefix(4096)
        var n = 0
        for b in head where (b < 0x20 && b != 9 && b != 10 && b != 12 && b != 13) || b == 0x7F { n += 1 }
        return (n, head.count)
    }

    private static func isWide(_ name: String) -> Bool {
        let l = name.lowercased()
        return l.hasPrefix("utf-16") || l.hasPrefix("utf-32") || l.hasPrefix("ucs-2") || l.hasPrefix("ucs-4")
            || l == "utf16" || l == "utf32" || l == "unicode"
    }

    private static func isSevenBit(_ name: String) -> Bool {
        let l = name.lowercased()
        return l.hasPrefix("iso-2022") || l.hasPrefix("utf-7") || l == "hz-gb-2312" || l == "csiso2022jp"
    }

    private static func hasHighByte(_ bytes: [UInt8]) -> Bool { bytes.contains { $0 >= 0x80 } }

    /// U+FFFD (EF BF BD) sequences in UTF-8 bytes.
    private static func replacementCount(_ bytes: some Collection<UInt8>) -> Int {
        var n = 0
        var state = 0
        for b in bytes {
            switch (state, b) {
            case (_, 0xEF): state = 1
            case (1, 0xBF): state = 2
            case (2, 0xBD):
                n += 1
                state = 0
            default: state = 0
            }
        }
        return n
    }

    private static func replacementCount(_ s: String) -> Int { replacementCount(s.utf8) }

    /// Fast UTF-8 validation (the standard library's validator).
    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        String(validating: bytes, as: UTF8.self) != nil
    }

    /// The charset named by `charset=` inside a `<meta>` tag in the first 8 KB (`<meta charset>` and
    /// `http-equiv`); a `charset=` elsewhere (a script's attribute, text, a comment's prose) is passed over.
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
            if !match || !insideMetaTag(head, at: i) {
                i += 1
                continue
            }
            if let value = attributeValue(head, after: i + needle.count) {
                return String(decoding: head[value], as: UTF8.self)
            }
            i += 1
        }
        return xmlDeclaredEncoding(head)
    }

    /// The `encoding` of an XML declaration opening the page (`<?xml version="1.0" encoding="ISO-8859-2"?>`,
    /// XHTML pages saved by older helpdesks), used when no `<meta>` declares a charset.
    static func xmlDeclaredEncoding(_ head: [UInt8]) -> String? {
        var i = 0
        while i < head.count, head[i] == 0x20 || head[i] == 0x09 || head[i] == 0x0A || head[i] == 0x0D { i += 1 }
        guard head[i...].starts(with: Array("<?xml".utf8)) else { return nil }
        var end = i + 5
        while end + 1 < head.count, !(head[end] == 0x3F && head[end + 1] == 0x3E) { end += 1 }
        guard end + 1 < head.count else { return nil }
        let decl = head[i..<end]
        let needle = "encoding".utf8
        var k = decl.startIndex
        while k + needle.count < decl.endIndex {
            if decl[k..<k + needle.count].elementsEqual(needle) {
                return attributeValue(head, after: k + needle.count).map { String(decoding: head[$0], as: UTF8.self) }
            }
            k += 1
        }
        return nil
    }

    /// The value of an attribute whose name ends at `j` in `bytes` (`charset="utf-8"`, `encoding='koi8-r'`):
    /// spaces, `=`, spaces or quotes, then a charset name (letters, digits, `-`, `_`, `:`, `.`). Nil without
    /// the `=` or a name.
    static func attributeValue(_ bytes: [UInt8], after j: Int) -> Range<Int>? {
        var j = j
        while j < bytes.count, bytes[j] == 32 { j += 1 }
        guard j < bytes.count, bytes[j] == 61 else { return nil }
        j += 1
        while j < bytes.count, bytes[j] == 32 || bytes[j] == 34 || bytes[j] == 39 { j += 1 }
        let start = j
        while j < bytes.count,
            (bytes[j] >= 48 && bytes[j] <= 57) || (bytes[j] | 0x20 >= 97 && bytes[j] | 0x20 <= 122) || bytes[j] == 45
                || bytes[j] == 95 || bytes[j] == 58 || bytes[j] == 46
        {
            j += 1
        }
        return j > start ? start..<j : nil
    }

    /// Whether offset `i` lies inside a `<meta …>` tag: the nearest `<` before it (with no `>` between)
    /// opens `meta`.
    private static func insideMetaTag(_ head: [UInt8], at i: Int) -> Bool {
        var k = i - 1
        while k >= 0, i - k < 1024 {
            if head[k] == 0x3E { return false }
            if head[k] == 0x3C {
                let meta: [UInt8] = [0x6D, 0x65, 0x74, 0x61]
                guard k + 5 < head.count else { return false }
                for m in 0..<4 where head[k + 1 + m] | 0x20 != meta[m] { return false }
                let after = head[k + 5]
                return after == 32 || after == 9 || after == 10 || after == 13 || after == 0x2F
            }
            k -= 1
        }
        return false
    }
}
