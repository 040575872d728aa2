/// NDJSON rendering of sentiment results (`rapport sentiment`): one object per text, keys sorted, numbers
/// printed as Python prints the reference's rounded floats (shortest round-trip form: `0.4404`, `0.0`).
public enum SentimentOutput {
    /// One JSON object (no trailing newline) appended to `out`.
    public static func appendLine(
        text: UnsafeBufferPointer<UInt8>, result: TextSentiment, explain: Bool, to out: inout [UInt8]
    ) {
        if !explain, result.unavailable == nil, let score = result.score, appendScoreLine(text, score, &out) {
            return
        }
        out.append(contentsOf: keyCompound)
        let score = result.score
        number(score?.compound, &out)
        if explain {
            out.append(UInt8(ascii: ","))
            key("evidence", &out)
            evidenceList(score?.evidence ?? [], &out)
            out.append(UInt8(ascii: ","))
            key("markers", &out)
            out.append(UInt8(ascii: "["))
            for (k, m) in result.markers.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "{"))
                key("end", &out)
                appendOffset(m.evidence.end, &out)
                out.append(UInt8(ascii: ","))
                key("kind", &out)
                string(m.kind.rawValue, &out)
                out.append(UInt8(ascii: ","))
                key("start", &out)
                appendOffset(m.evidence.start, &out)
                out.append(UInt8(ascii: ","))
                key("term", &out)
                string(m.evidence.term, &out)
                out.append(UInt8(ascii: "}"))
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(contentsOf: keyNeg)
        number(score?.neg, &out)
        out.append(contentsOf: keyNeu)
        number(score?.neu, &out)
        out.append(contentsOf: keyPos)
        number(score?.pos, &out)
        out.append(contentsOf: keyText)
        escaped(text, &out)
        if let why = result.unavailable {
            out.append(UInt8(ascii: ","))
            key("unavailable", &out)
            switch why {
            case .empty: string("empty", &out)
            case .noLexicon(let language): string("no-lexicon:" + language, &out)
            }
        }
        out.append(UInt8(ascii: "}"))
    }

    /// The common line (a score, no evidence) composed in one stack buffer and appended at once; false
    /// (nothing appended) when a number needs the general formatting.
    private static func appendScoreLine(
        _ text: UnsafeBufferPointer<UInt8>, _ score: SentimentScore, _ out: inout [UInt8]
    ) -> Bool {
        guard let compound = fourDecimals(score.compound), let neg = fourDecimals(score.neg),
            let neu = fourDecimals(score.neu), let pos = fourDecimals(score.pos)
        else { return false }
        let bound = 128 + 6 * text.count
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bound) { buf in
            var w = ByteWriter(buf.baseAddress!)
            w.put(#"{"compound":"#)
            w.putDecimal(compound, negative: score.compound.sign == .minus)
            w.put(#","neg":"#)
            w.putDecimal(neg, negative: score.neg.sign == .minus)
            w.put(#","neu":"#)
            w.putDecimal(neu, negative: score.neu.sign == .minus)
            w.put(#","pos":"#)
            w.putDecimal(pos, negative: score.pos.sign == .minus)
            w.put(#","text":""#)
            w.putEscaped(text)
            w.put(#""}"#)
            out.append(contentsOf: UnsafeBufferPointer(start: buf.baseAddress, count: w.count))
        }
        return true
    }

    /// |x| × 10⁴ when `x` is finite and exactly a decimal with at most 4 fraction digits (as rounded scores
    /// are), else nil.
    @inline(__always)
    static func fourDecimals(_ x: Double) -> Int? {
        let a = abs(x)
        guard a < 1e9 else { return nil }
        // floor(v + 0.5) instead of `rounded()` (a libm call): they differ only far from an integer,
        // where the check below fails for both.
        let scaled = Double(Int(a * 10000 + 0.5))
        guard scaled / 10000 == a else { return nil }
        return Int(scaled)
    }

    private static let keyCompound: [UInt8] = Array(#"{"compound":"#.utf8)
    private static let keyNeg: [UInt8] = Array(#","neg":"#.utf8)
    private static let keyNeu: [UInt8] = Array(#","neu":"#.utf8)
    private static let keyPos: [UInt8] = Array(#","pos":"#.utf8)
    private static let keyText: [UInt8] = Array(#","text":"#.utf8)

    private static func evidenceList(_ list: [Evidence], _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (k, e) in list.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "{"))
            key("end", &out)
            appendOffset(e.end, &out)
            out.append(UInt8(ascii: ","))
            key("start", &out)
            appendOffset(e.start, &out)
            out.append(UInt8(ascii: ","))
            key("term", &out)
            string(e.term, &out)
            out.append(UInt8(ascii: ","))
            key("weight", &out)
            number(e.weight, &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
    }

    /// A byte offset (non-negative below 10¹⁰ in practice; anything else as `String(n)`).
    private static func appendOffset(_ n: Int, _ out: inout [UInt8]) {
        if n >= 0 && n < 1_000_000_000 { appendInteger(n, &out) } else { out.append(contentsOf: String(n).utf8) }
    }

    private static func key(_ k: String, _ out: inout [UInt8]) {
        string(k, &out)
        out.append(UInt8(ascii: ":"))
    }

    private static func number(_ x: Double?, _ out: inout [UInt8]) {
        guard let x, x.isFinite else {
            out.append(contentsOf: "null".utf8)
            return
        }
        appendNumber(x, &out)
    }

    /// Python `repr` of a float. Values already rounded to at most 4 decimals (all scores and weights)
    /// are printed from their digits directly (the shortest round-trip form of the double nearest to
    /// d/10⁴ is that decimal without trailing zeros); anything else falls back to `description`
    /// (also shortest round-trip).
    static func appendNumber(_ x: Double, _ out: inout [UInt8]) {
        guard let d = fourDecimals(x) else {
            out.append(contentsOf: x.description.utf8)
            return
        }
        if x.sign == .minus { out.append(UInt8(ascii: "-")) }
        appendInteger(d / 10000, &out)
        out.append(UInt8(ascii: "."))
        let frac = d % 10000
        if frac == 0 {
            out.append(UInt8(ascii: "0"))
            return
        }
        // Up to 4 fraction digits without trailing zeros, written without temporary allocations.
        let d1 = UInt8(frac / 1000)
        let d2 = UInt8(frac / 100 % 10)
        let d3 = UInt8(frac / 10 % 10)
        let d4 = UInt8(frac % 10)
        out.append(0x30 + d1)
        if d2 == 0 && d3 == 0 && d4 == 0 { return }
        out.append(0x30 + d2)
        if d3 == 0 && d4 == 0 { return }
        out.append(0x30 + d3)
        if d4 == 0 { return }
        out.append(0x30 + d4)
    }

    /// Decimal digits of a non-negative integer (`String(n)` without the allocation).
    @inline(__always)
    static func appendInteger(_ n: Int, _ out: inout [UInt8]) {
        if n < 10 {
            out.append(0x30 + UInt8(truncatingIfNeeded: n))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0
        )
        var count = 0
        var v = n
        withUnsafeMutableBytes(of: &digits) { buf in
            while v > 0 && count < 10 {
                buf[count] = 0x30 + UInt8(truncatingIfNeeded: v % 10)
                v /= 10
                count += 1
            }
            while count > 0 {
                count -= 1
                out.append(buf[count])
            }
        }
    }

    private static func string(_ s: String, _ out: inout [UInt8]) {
        var copy = s
        copy.withUTF8 { escaped($0, &out) }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// A JSON string literal escaped like Python's `json.dumps(ensure_ascii=False)`: `"` `\\` and C0
    /// controls (short forms for \b \f \n \r \t), everything else (valid UTF-8) as is.
    static func escaped(_ p: UnsafeBufferPointer<UInt8>, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var runStart = 0
        for (i, b) in p.enumerated() where b < 0x20 || b == 0x22 || b == 0x5C {
            if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: p[runStart..<i])) }
            runStart = i + 1
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            default:
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]])
            }
        }
        if runStart < p.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: p[runStart..<p.count])) }
        out.append(UInt8(ascii: "\""))
    }
}

/// Writes bytes through a raw pointer into a buffer the caller sized (no capacity checks).
struct ByteWriter {
    let base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0

    init(_ base: UnsafeMutablePointer<UInt8>) { self.base = base }

    @inline(__always)
    mutating func put(_ b: UInt8) {
        base[count] = b
        count += 1
    }

    @inline(__always)
    mutating func put(_ s: StaticString) {
        (base + count).update(from: s.utf8Start, count: s.utf8CodeUnitCount)
        count += s.utf8CodeUnitCount
    }

    /// `d / 10⁴` (d ≥ 0) as Python prints that float: integer part, ".", up to 4 fraction digits without
    /// trailing zeros (at least one digit).
    @inline(__always)
    mutating func putDecimal(_ d: Int, negative: Bool) {
        if negative { put(UInt8(ascii: "-")) }
        putInteger(d / 10000)
        put(UInt8(ascii: "."))
        let frac = d % 10000
        put(0x30 + UInt8(truncatingIfNeeded: frac / 1000))
        let rest = frac % 1000
        if rest == 0 { return }
        put(0x30 + UInt8(truncatingIfNeeded: rest / 100))
        if rest % 100 == 0 { return }
        put(0x30 + UInt8(truncatingIfNeeded: rest / 10 % 10))
        if rest % 10 == 0 { return }
        put(0x30 + UInt8(truncatingIfNeeded: rest % 10))
    }

    /// `p` as is (one `memcpy`).
    @inline(__always)
    mutating func putVerbatim(_ p: UnsafeBufferPointer<UInt8>) {
        guard let src = p.baseAddress else { return }
        (base + count).update(from: src, count: p.count)
        count += p.count
    }

    /// Up to 7 bytes packed little-endian in the low 56 bits of `v`, their count in the top byte (one
    /// 8-byte store: the buffer must have room for 8).
    @inline(__always)
    mutating func putPacked(_ v: UInt64) {
        UnsafeMutableRawPointer(base + count).storeBytes(of: v & 0x00FF_FFFF_FFFF_FFFF, as: UInt64.self)
        count += Int(truncatingIfNeeded: v &>> 56)
    }

    /// Decimal digits of a non-negative integer.
    @inline(__always)
    mutating func putInteger(_ n: Int) {
        if n < 10 {
            put(0x30 + UInt8(truncatingIfNeeded: n))
            return
        }
        var digits = 1
        var p = 10
        while p <= n && digits < 19 {
            p = p &* 10
            digits += 1
        }
        var v = n
        var k = count + digits
        count = k
        while k > count - digits {
            k -= 1
            base[k] = 0x30 + UInt8(truncatingIfNeeded: v % 10)
            v /= 10
        }
    }

    /// `SentimentOutput.escaped` into the buffer (at most 6 bytes per input byte): eight bytes at a time
    /// while none of them needs escaping.
    mutating func putEscaped(_ p: UnsafeBufferPointer<UInt8>) {
        guard let src = p.baseAddress else { return }
        let n = p.count
        let hex: StaticString = "0123456789abcdef"
        var i = 0
        while i < n {
            if i + 8 <= n {
                let v = UnsafeRawPointer(src + i).loadUnaligned(as: UInt64.self)
                let ones: UInt64 = 0x0101_0101_0101_0101
                let high: UInt64 = 0x8080_8080_8080_8080
                let control = (v &- 0x2020_2020_2020_2020) & ~v & high
                let q = v ^ 0x2222_2222_2222_2222
                let quote = (q &- ones) & ~q & high
                let bs = v ^ 0x5C5C_5C5C_5C5C_5C5C
                let backslash = (bs &- ones) & ~bs & high
                if control | quote | backslash == 0 {
                    UnsafeMutableRawPointer(base + count).storeBytes(of: v, toByteOffset: 0, as: UInt64.self)
                    count += 8
                    i += 8
                    continue
                }
            }
            let b = src[i]
            i += 1
            if b >= 0x20 && b != 0x22 && b != 0x5C {
                put(b)
                continue
            }
            put(0x5C)
            switch b {
            case 0x22: put(0x22)
            case 0x5C: put(0x5C)
            case 0x0A: put(UInt8(ascii: "n"))
            case 0x0D: put(UInt8(ascii: "r"))
            case 0x09: put(UInt8(ascii: "t"))
            case 0x08: put(UInt8(ascii: "b"))
            case 0x0C: put(UInt8(ascii: "f"))
            default:
                put(UInt8(ascii: "u"))
                put(0x30)
                put(0x30)
                put(hex.utf8Start[Int(b >> 4)])
                put(hex.utf8Start[Int(b & 15)])
            }
        }
    }
}
