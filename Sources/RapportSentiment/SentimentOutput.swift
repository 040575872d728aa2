/// NDJSON rendering of sentiment results (`rapport sentiment`): one object per text, keys sorted, numbers
/// printed as Python prints the reference's rounded floats (shortest round-trip form: `0.4404`, `0.0`).
public enum SentimentOutput {
    /// One JSON object (no trailing newline) appended to `out`.
    public static func appendLine(
        text: UnsafeBufferPointer<UInt8>, result: TextSentiment, explain: Bool, to out: inout [UInt8]
    ) {
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
                out.append(contentsOf: String(m.evidence.end).utf8)
                out.append(UInt8(ascii: ","))
                key("kind", &out)
                string(m.kind.rawValue, &out)
                out.append(UInt8(ascii: ","))
                key("start", &out)
                out.append(contentsOf: String(m.evidence.start).utf8)
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
            out.append(contentsOf: String(e.end).utf8)
            out.append(UInt8(ascii: ","))
            key("start", &out)
            out.append(contentsOf: String(e.start).utf8)
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
        let scaled = (abs(x) * 10000).rounded()
        guard abs(x) < 1e9, Double(scaled) / 10000 == abs(x) else {
            out.append(contentsOf: x.description.utf8)
            return
        }
        if x.sign == .minus { out.append(UInt8(ascii: "-")) }
        let d = Int(scaled)
        out.append(contentsOf: String(d / 10000).utf8)
        out.append(UInt8(ascii: "."))
        var frac = d % 10000
        if frac == 0 {
            out.append(UInt8(ascii: "0"))
            return
        }
        var digits = 4
        while frac % 10 == 0 {
            frac /= 10
            digits -= 1
        }
        var buf: [UInt8] = [0x30, 0x30, 0x30, 0x30]
        var k = digits - 1
        while k >= 0 {
            buf[k] = UInt8(0x30 + frac % 10)
            frac /= 10
            k -= 1
        }
        out.append(contentsOf: buf[0..<digits])
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
