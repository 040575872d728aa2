public import RapportCore

/// Locale-free, deterministic number and duration formatting shared by the renderers.
public enum Fmt {
    /// `value` rounded to `places` decimals (half away from zero), without locale or exponent.
    public static func fixed(_ value: Double, _ places: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.0e18 else { return String(value) }
        let n = Int64(scaled)
        let negative = value < 0 && n != 0
        var digits = String(n)
        if places > 0 {
            if digits.count <= places { digits = String(repeating: "0", count: places - digits.count + 1) + digits }
            let cut = digits.index(digits.endIndex, offsetBy: -places)
            digits = String(digits[..<cut]) + "." + String(digits[cut...])
        }
        return (negative ? "-" : "") + digits
    }

    /// Optional number, or `-` when missing.
    public static func fixed(_ value: Double?, _ places: Int, missing: String = "-") -> String {
        value.map { fixed($0, places) } ?? missing
    }

    /// A share 0–1 as a whole percentage (`42%`).
    public static func percent(_ value: Double?, missing: String = "-") -> String {
        value.map { fixed($0 * 100, 0) + "%" } ?? missing
    }

    /// A duration in seconds as a short human form: `45s`, `12m`, `3.5h`, `2.1d`. A value that would
    /// round up to the next unit's size is shown in that unit (59 min 40 s is `1.0h`, not `60m`).
    public static func duration(_ seconds: Double?, missing: String = "-") -> String {
        guard let s = seconds, s.isFinite else { return missing }
        if s < 59.5 { return fixed(s, 0) + "s" }
        if s < 3570 { return fixed(s / 60, 0) + "m" }
        if s < 86_220 { return fixed(s / 3600, 1) + "h" }
        return fixed(s / 86_400, 1) + "d"
    }

    /// A byte count: `512 B`, `12.3 KB`, `4.0 MB`, `1.2 GB` (powers of 1024).
    public static func bytes(_ n: Int64) -> String {
        let d = Double(n)
        if n < 1024 { return "\(n) B" }
        if d < 1024 * 1024 { return fixed(d / 1024, 1) + " KB" }
        if d < 1024 * 1024 * 1024 { return fixed(d / 1024 / 1024, 1) + " MB" }
        return fixed(d / 1024 / 1024 / 1024, 1) + " GB"
    }

    /// Date part of a timestamp in its own offset (`2026-03-01`), or `-`.
    public static func day(_ t: Timestamp?) -> String {
        guard let t else { return "-" }
        return String(t.iso8601.prefix(10))
    }

    /// "1 warning", "2 warnings": `n` and `noun`, with an "s" unless `n` is 1.
    public static func count(_ n: Int, _ noun: String) -> String {
        "\(n) \(noun)\(n == 1 ? "" : "s")"
    }

    /// `key n, key n` sorted by key.
    public static func counts(_ d: [String: Int]) -> String {
        d.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}

/// The relationship level's colour band: red 1–2, amber 3, green 4–5.
public enum Band: String, Sendable {
    case red, amber, green

    public init(level: Int) {
        self = level <= 2 ? .red : (level == 3 ? .amber : .green)
    }
}
