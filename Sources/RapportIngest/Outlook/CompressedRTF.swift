import RapportText

/// Compressed RTF (MS-OXRTFCP): the body Outlook keeps in `PR_RTF_COMPRESSED` and TNEF in
/// `attMsgProps`. A 16-byte header (compressed size, raw size, `LZFu` or `MELA`, CRC-32 of the
/// compressed data), then LZ77 runs over a 4096-byte dictionary preloaded with common RTF.
enum CompressedRTF {
    /// The dictionary's first 207 bytes (MS-OXRTFCP 3.1.2.2.1).
    static let preload: [UInt8] = Array(
        ("{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript "
            + "\\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par "
            + "\\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx").utf8)

    static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// The CRC of MS-OXRTFCP 3.1.3.2 (CRC-32 table, initial value 0, no final inversion).
    static func crc(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var c: UInt32 = 0
        for b in bytes { c = crcTable[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c
    }

    /// The RTF inside `data`, or a failure reason. Output is capped at `limit` bytes (and at the raw
    /// size the header announces).
    static func decompress(_ data: [UInt8], limit: Int = 64 << 20) -> Result<[UInt8], CompoundFile.Failure> {
        guard data.count >= 16 else { return .failure(.init("compressed RTF shorter than its header")) }
        let compSize = Int(CompoundFile.u32(data, 0))
        let rawSize = Int(CompoundFile.u32(data, 4))
        let type = CompoundFile.u32(data, 8)
        let end = min(data.count, compSize >= 12 ? compSize + 4 : data.count)
        let want = min(rawSize, limit)
        if type == 0x414C_454D {  // "MELA": stored.
            return .success(Array(data[16..<min(data.count, 16 + want)]))
        }
        guard type == 0x7546_5A4C else { return .failure(.init("compressed RTF of unknown type")) }
        guard crc(data[16..<end]) == CompoundFile.u32(data, 12) else {
            return .failure(.init("compressed RTF fails its CRC"))
        }
        var dict = [UInt8](repeating: 0, count: 4096)
        for (i, b) in preload.enumerated() { dict[i] = b }
        var write = preload.count
        var out: [UInt8] = []
        out.reserveCapacity(min(want, 1 << 20))
        var i = 16
        while i < end && out.count < want {
            let control = data[i]
            i += 1
            for bit in 0..<8 {
                guard i < end, out.count < want else { break }
                if control & (1 << bit) == 0 {
                    let b = data[i]
                    i += 1
                    out.append(b)
                    dict[write] = b
                    write = (write + 1) & 0xFFF
                } else {
                    guard i + 1 < end else { return .success(out) }
                    let ref = Int(data[i]) << 8 | Int(data[i + 1])
                    i += 2
                    let offset = ref >> 4
                    let length = (ref & 0xF) + 2
                    if offset == write { return .success(out) }
                    for k in 0..<min(length, want - out.count) {
                        let b = dict[(offset + k) & 0xFFF]
                        out.append(b)
                        dict[write] = b
                        write = (write + 1) & 0xFFF
                    }
                }
            }
        }
        return .success(out)
    }
}

/// What an RTF body holds once de-encapsulated (MS-OXRTFEX).
enum RTFBody: Equatable {
    /// `\fromhtml1`: the original HTML.
    case html(String)
    /// `\fromtext` or native RTF: plain text.
    case text(String)
}

/// A small, bounded RTF reader over bytes: de-encapsulates HTML (`\fromhtml1`, `\*\htmltag` groups,
/// `\htmlrtf` regions left out) and turns other RTF into text (destinations `{\*…}`, font, colour and
/// style tables, pictures skipped; `\par`/`\line` → newline, `\tab`, `\'hh` in the `\ansicpg` code
/// page, `\uN` with `\ucN` fallback skipping).
enum RTFText {
    /// Destinations (without `\*`) whose content is not text.
    static let skipped: Set<String> = [
        "fonttbl", "colortbl", "stylesheet", "pict", "info", "header", "footer", "headerl", "headerr", "footerl",
        "footerr", "object", "themedata", "colorschememapping", "datastore", "latentstyles", "listtable",
        "listoverridetable", "rsidtbl", "generator", "xmlnstbl", "filetbl", "revtbl", "fldinst", "pntext",
        "pntxta", "pntxtb", "bkmkstart", "bkmkend", "mmathPr", "userprops", "docvar", "field0",
    ]

    private struct Group {
        var skip = false
        var htmltag = false
        var htmlrtf = false
        var uc = 1
    }

    /// Reads `rtf` (at most `limit` bytes of output).
    static func read(_ rtf: [UInt8], limit: Int = 32 << 20) -> RTFBody {
        let head = rtf.prefix(1024)
        let fromHTML = HeaderDecoder.find(head, Array("\\fromhtml".utf8)) != nil
        var codepage = "windows-1252"
        var out = ""
        var pending: [UInt8] = []
        var produced = 0
        func flush() {
            if pending.isEmpty { return }
            out += Charset.decode(pending, charset: codepage)
            pending.removeAll(keepingCapacity: true)
        }
        func scalar(_ v: UInt32) {
            flush()
            if let s = Unicode.Scalar(v) { out.unicodeScalars.append(s) }
            produced += 1
        }
        var stack: [Group] = []
        var g = Group()
        var skipChars = 0
        var i = 0
        let n = rtf.count
        func emitting() -> Bool {
            if g.skip { return false }
            if fromHTML { return g.htmltag || !g.htmlrtf }
            return true
        }
        func emit(_ b: UInt8) {
            if skipChars > 0 {
                skipChars -= 1
                return
            }
            guard emitting() else { return }
            pending.append(b)
            produced += 1
        }
        while i < n && produced < limit {
            let c = rtf[i]
            switch c {
            case 0x7B:  // {
                // Nesting deeper than 256 groups is not real RTF: reading stops there.
                guard stack.count < 256 else {
                    i = n
                    break
                }
                stack.append(g)
                i += 1
                // `{\*\dest`: an ignorable destination, unless it is the HTML of `\fromhtml`.
                if i + 1 < n && rtf[i] == 0x5C && rtf[i + 1] == 0x2A {
                    var j = i + 2
                    while j < n && (rtf[j] == 0x20 || rtf[j] == 0x0D || rtf[j] == 0x0A) { j += 1 }
                    let word = j + 1 < n && rtf[j] == 0x5C ? controlWord(rtf, j + 1) : (name: "", param: nil, end: j)
                    if fromHTML && word.name == "htmltag" {
                        g.htmltag = true
                        g.skip = false
                        i = word.end
                    } else {
                        g.skip = true
                        i = j
                    }
                }
            case 0x7D:  // }
                if let top = stack.popLast() { g = top }
                i += 1
            case 0x5C:  // backslash
                guard i + 1 < n else {
                    i += 1
                    break
                }
                let next = rtf[i + 1]
                if next == 0x27 {  // \'hh
                    if i + 3 < n, let hi = Transfer.hex(rtf[i + 2]), let lo = Transfer.hex(rtf[i + 3]) {
                        emit(hi << 4 | lo)
                    }
                    i += 4
                } else if next == 0x5C || next == 0x7B || next == 0x7D {
                    emit(next)
                    i += 2
                } else if next == 0x7E {  // \~ non-breaking space
                    if skipChars > 0 { skipChars -= 1 } else if emitting() { scalar(0xA0) }
                    i += 2
                } else if next == 0x0D || next == 0x0A {  // \<newline> = \par
                    if emitting() { emit(0x0A) }
                    i += 2
                } else if (next >= 0x61 && next <= 0x7A) || (next >= 0x41 && next <= 0x5A) {
                    let word = controlWord(rtf, i + 1)
                    i = word.end
                    let on = emitting()
                    switch word.name {
                    case "par", "line", "sect", "page", "row":
                        if on { emit(0x0A) }
                    case "cell":
                        if on { emit(0x09) }
                    case "tab":
                        if on { emit(0x09) }
                    case "htmlrtf":
                        g.htmlrtf = word.param != 0
                    case "uc":
                        g.uc = max(0, min(word.param ?? 1, 16))
                    case "u":
                        if var v = word.param {
                            if v < 0 { v += 65536 }
                            if on { scalar(UInt32(clamping: v)) }
                            skipChars = g.uc
                        }
                    case "bin":
                        // Raw binary data (pictures, objects): never text, and it may hold braces.
                        i = min(n, i + max(0, word.param ?? 0))
                    case "ansicpg":
                        if let p = word.param { codepage = Self.charset(codepage: p) }
                    case "emdash": if on { scalar(0x2014) }
                    case "endash": if on { scalar(0x2013) }
                    case "bullet": if on { scalar(0x2022) }
                    case "lquote": if on { scalar(0x2018) }
                    case "rquote": if on { scalar(0x2019) }
                    case "ldblquote": if on { scalar(0x201C) }
                    case "rdblquote": if on { scalar(0x201D) }
                    default:
                        if skipped.contains(word.name) { g.skip = true }
                    }
                } else {
                    // Other control symbols (`\-`, `\_`, `\|`, `\:`): no text.
                    i += 2
                }
            case 0x0D, 0x0A:
                i += 1
            default:
                emit(c)
                i += 1
            }
        }
        flush()
        return fromHTML ? .html(out) : .text(out)
    }

    /// A control word starting at `start` (its first letter): name, numeric parameter, and the index
    /// after it (one delimiting space consumed).
    static func controlWord(_ b: [UInt8], _ start: Int) -> (name: String, param: Int?, end: Int) {
        var j = start
        while j < b.count && j - start < 32 && ((b[j] >= 0x61 && b[j] <= 0x7A) || (b[j] >= 0x41 && b[j] <= 0x5A)) {
            j += 1
        }
        let name = String(decoding: b[start..<j], as: UTF8.self)
        var param: Int?
        var negative = false
        if j < b.count && b[j] == 0x2D {
            negative = true
            j += 1
        }
        var digits = 0
        var v = 0
        while j < b.count && b[j] >= 0x30 && b[j] <= 0x39 && digits < 10 {
            v = v * 10 + Int(b[j] - 0x30)
            digits += 1
            j += 1
        }
        if digits > 0 { param = negative ? -v : v } else if negative { j -= 1 }
        if j < b.count && b[j] == 0x20 { j += 1 }
        return (name, param, j)
    }

    /// A charset name for a Windows code page number.
    static func charset(codepage: Int) -> String {
        switch codepage {
        case 65001: "utf-8"
        case 20127: "us-ascii"
        case 28591...28599: "iso-8859-\(codepage - 28590)"
        case 28603: "iso-8859-13"
        case 28605: "iso-8859-15"
        case 932: "shift_jis"
        case 936: "gbk"
        case 949: "euc-kr"
        case 950: "big5"
        case 20866: "koi8-r"
        case 21866: "koi8-u"
        case 50220, 50221, 50222: "iso-2022-jp"
        case 51932: "euc-jp"
        case 54936: "gb18030"
        case 1200: "utf-16le"
        default: "windows-\(codepage)"
        }
    }
}
