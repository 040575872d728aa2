extension Vader {
    /// `round(x, digits) × 10^digits` (`digits` 3 or 4) as an integer: the digits CPython's `round` keeps
    /// (the exact binary value rounded, ties to even), so `Vader.pyRound(x, digits)` is this over 10^digits
    /// with the sign of `x`. nil when `x` is not finite or `|x| ≥ 10⁹`.
    @inline(__always)
    static func pyRoundDigits(_ x: Double, _ digits: Int) -> Int? {
        guard x.isFinite, abs(x) < 1e9 else { return nil }
        let p: Double = digits == 3 ? 1000 : 10000
        let hi = x * p
        // Round to nearest, ties to even, without a libm call: exact for |hi| < 2^51.
        let magic = 6_755_399_441_055_744.0  // 1.5 × 2^52
        let r = (hi + magic) - magic
        let d = hi - r
        // Only an exact half needs the rest of the product (an `fma` call on baseline x86-64).
        guard d == 0.5 || d == -0.5 else { return Int(r) }
        let lo = (-hi).addingProduct(x, p)  // exact: x*p == hi + lo
        return Int(Vader.pythonTieBreak(hi, r, lo))
    }
}

extension VaderScore {
    /// How Python prints k/1000 for k in 0...1000 ("0.0", "0.5", "0.123", "1.0"), for
    /// ``ByteWriter/putPacked(_:)``: the bytes little-endian, their count in the top byte.
    static let thousandths: [UInt64] = (0...1000).map { k in
        var digits: [UInt8] = Array((k == 1000 ? "1.0" : "0.").utf8)
        if k < 1000 {
            var frac = [UInt8(k / 100), UInt8(k / 10 % 10), UInt8(k % 10)]
            while frac.count > 1 && frac.last == 0 { frac.removeLast() }
            digits += frac.map { 0x30 + $0 }
        }
        var v = UInt64(digits.count) << 56
        for (j, b) in digits.enumerated() { v |= UInt64(b) << UInt64(8 * j) }
        return v
    }

    /// A rounded 3-decimal score (`k` = value × 1000, `negative` its sign) as Python prints it (`table`:
    /// ``thousandths``).
    @inline(__always)
    static func putThousandths(
        _ w: inout ByteWriter, _ k: Int, negative: Bool, _ table: UnsafeBufferPointer<UInt64>
    ) {
        if k >= 0 && k <= 1000 && !negative {
            w.putPacked(table[k])
        } else {
            w.putDecimal(10 * abs(k), negative: negative)
        }
    }

    /// The NDJSON line `rapport sentiment --engine vader` prints for `text` with these (unrounded) scores,
    /// keys sorted, without a newline: the numbers written from the rounded integers (the digits Python
    /// prints for the rounded floats), the text escaped like `json.dumps` (copied as is when `escaping` is
    /// false: the caller knows it has no `"`, `\` or control byte). False (nothing appended) when a
    /// score is not finite.
    func appendLine(text: UnsafeBufferPointer<UInt8>, escaping: Bool = true, to out: inout [UInt8]) -> Bool {
        guard let c = Vader.pyRoundDigits(compound, 4), let ng = Vader.pyRoundDigits(neg, 3),
            let nu = Vader.pyRoundDigits(neu, 3), let ps = Vader.pyRoundDigits(pos, 3)
        else { return false }
        let bound = 128 + 6 * text.count
        Self.thousandths.withUnsafeBufferPointer { table in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bound) { buf in
                var w = ByteWriter(buf.baseAddress!)
                w.put(#"{"compound":"#)
                w.putDecimal(abs(c), negative: compound.sign == .minus)
                w.put(#","neg":"#)
                Self.putThousandths(&w, ng, negative: neg.sign == .minus, table)
                w.put(#","neu":"#)
                Self.putThousandths(&w, nu, negative: neu.sign == .minus, table)
                w.put(#","pos":"#)
                Self.putThousandths(&w, ps, negative: pos.sign == .minus, table)
                w.put(#","text":""#)
                if escaping { w.putEscaped(text) } else { w.putVerbatim(text) }
                w.put(#""}"#)
                out.append(contentsOf: UnsafeBufferPointer(start: buf.baseAddress, count: w.count))
            }
        }
        return true
    }
}
