import RapportText

/// Transport Neutral Encapsulation Format (MS-OXTNEF: `winmail.dat`, `application/ms-tnef`), read
/// only for the message body: `attBody` (0x0002800C) and, in `attMsgProps` (0x00069003), `PR_BODY`,
/// `PR_HTML` and `PR_RTF_COMPRESSED`. Bounds-checked: a damaged stream gives a failure reason.
enum TNEF {
    static let signature: UInt32 = 0x223E_9F78

    /// The body found in a TNEF stream.
    enum Body: Equatable {
        case text(String)
        case html(String)
    }

    /// The body of the TNEF stream `data` (plain text first, then HTML, then compressed RTF), `nil` when
    /// it holds none, or a failure reason.
    static func body(_ data: [UInt8]) -> Result<Body?, CompoundFile.Failure> {
        guard data.count >= 6, CompoundFile.u32(data, 0) == signature else {
            return .failure(.init("not a TNEF stream (bad signature)"))
        }
        var at = 6
        var attBody: [UInt8]?
        var oemCharset = "windows-1252"
        var props = MAPIProperties()
        var damaged: String?
        while at < data.count {
            guard at + 9 <= data.count else {
                damaged = "TNEF attribute header cut short"
                break
            }
            let level = data[at]
            let id = CompoundFile.u32(data, at + 1)
            let length = Int(CompoundFile.u32(data, at + 5))
            let start = at + 9
            guard length >= 0, length <= data.count - start, data.count - start - length >= 2 else {
                damaged = "TNEF attribute longer than the stream"
                break
            }
            let value = Array(data[start..<(start + length)])
            at = start + length + 2  // checksum
            guard level == 1 else { continue }
            switch id {
            case 0x0002_800C: attBody = value
            case 0x0006_9007:
                if value.count >= 4 { oemCharset = RTFText.charset(codepage: Int(CompoundFile.u32(value, 0))) }
            case 0x0006_9003:
                if let reason = readProperties(value, into: &props) { damaged = reason }
            default: break
            }
        }
        props.charset = oemCharset
        if let cp = props.long(0x3FFD) ?? props.long(0x3FDE), cp > 0 {
            props.charset = RTFText.charset(codepage: Int(cp))
        }
        if let text = props.string(0x1000), !text.isEmpty { return .success(.text(text)) }
        if var b = attBody, !b.isEmpty {
            while b.last == 0 { b.removeLast() }
            return .success(.text(Charset.decode(b, charset: oemCharset)))
        }
        if let html = props.binary(0x1013), !html.isEmpty {
            let cp = props.long(0x3FDE).map { RTFText.charset(codepage: Int($0)) }
            return .success(.html(Charset.decode(html, charset: cp ?? MIMEWalker.metaCharset(html))))
        }
        if let html = props.string(0x1013), !html.isEmpty { return .success(.html(html)) }
        if let rtf = props.binary(0x1009) {
            switch CompressedRTF.decompress(rtf) {
            case .success(let raw):
                switch RTFText.read(raw) {
                case .html(let h): return .success(.html(h))
                case .text(let t): return .success(.text(t))
                }
            case .failure(let f): return .failure(f)
            }
        }
        if let damaged { return .failure(.init(damaged)) }
        return .success(nil)
    }

    /// Reads a MAPI property block (`attMsgProps`) into `props`; a reason when it is damaged (what was
    /// read before the damage is kept).
    static func readProperties(_ b: [UInt8], into props: inout MAPIProperties) -> String? {
        guard b.count >= 4 else { return "TNEF property block cut short" }
        let count = Int(CompoundFile.u32(b, 0))
        var at = 4
        func need(_ n: Int) -> Bool { n >= 0 && n <= b.count - at }
        for _ in 0..<min(count, 100_000) {
            guard need(4) else { return "TNEF property block cut short" }
            let type = CompoundFile.u16(b, at)
            let id = CompoundFile.u16(b, at + 2)
            at += 4
            if id >= 0x8000 {
                // Named property: GUID, kind, then an id or a name.
                guard need(20) else { return "TNEF named property cut short" }
                let kind = CompoundFile.u32(b, at + 16)
                at += 20
                if kind == 0 {
                    guard need(4) else { return "TNEF named property cut short" }
                    at += 4
                } else {
                    guard need(4) else { return "TNEF named property cut short" }
                    let n = Int(CompoundFile.u32(b, at))
                    at += 4
                    let padded = (n + 3) & ~3
                    guard need(padded) else { return "TNEF property name longer than the block" }
                    at += padded
                }
            }
            let multi = type & 0x1000 != 0
            let base = type & 0x0FFF
            var values = 1
            if multi || base == 0x001E || base == 0x001F || base == 0x0102 || base == 0x000D {
                guard need(4) else { return "TNEF property cut short" }
                values = Int(CompoundFile.u32(b, at))
                at += 4
                guard values <= b.count else { return "TNEF value count larger than the block" }
            }
            let fixedSize: Int? =
                switch base {
                case 0x0002, 0x0003, 0x0004, 0x000A, 0x000B: 4
                case 0x0005, 0x0006, 0x0007, 0x0014, 0x0040: 8
                case 0x0048: 16
                case 0x0001: 0
                default: nil
                }
            if let size = fixedSize {
                // All values at once: a multi-valued PT_NULL (size 0) may claim as many values as the block
                // has bytes, and one step per value made a block of such properties quadratic (2026-12-07 fuzz campaign).
                guard need(size * values) else { return "TNEF property value cut short" }
                if !multi && size <= 8 {
                    var v: UInt64 = 0
                    for k in 0..<size { v |= UInt64(b[at + k]) << (8 * UInt64(k)) }
                    props.fixed[UInt32(id) << 16 | UInt32(base)] = v
                }
                at += size * values
                continue
            }
            for _ in 0..<values {
                if base == 0x001E || base == 0x001F || base == 0x0102 || base == 0x000D {
                    guard need(4) else { return "TNEF property length cut short" }
                    let n = Int(CompoundFile.u32(b, at))
                    at += 4
                    let padded = (n + 3) & ~3
                    guard n >= 0, need(n) else { return "TNEF property value longer than the block" }
                    if !multi { props.streams[UInt32(id) << 16 | UInt32(base)] = Array(b[at..<(at + n)]) }
                    at += min(padded, b.count - at)
                } else {
                    return "TNEF property of unknown type \(String(base, radix: 16))"
                }
            }
        }
        return nil
    }
}
