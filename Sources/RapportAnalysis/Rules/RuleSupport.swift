import Foundation
public import RapportCore

/// Business time as the rules count it: Monday–Friday in a given UTC offset, whole days (24 h) each;
/// Saturday and Sunday do not count. One business day = 86 400 business seconds.
public enum BusinessTime {
    public static let day: Double = 86_400

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// 0 = Sunday … 6 = Saturday for a day number since 1970-01-01.
    private static func weekday(_ day: Int64) -> Int64 { ((day % 7) + 11) % 7 }
    private static func isWeekday(_ day: Int64) -> Bool {
        let w = weekday(day)
        return w != 0 && w != 6
    }

    /// Weekdays in the day range [from, to).
    private static func weekdays(from: Int64, to: Int64) -> Int64 {
        guard to > from else { return 0 }
        let n = to - from
        var count = n / 7 * 5
        var d = from + n / 7 * 7
        while d < to {
            if isWeekday(d) { count += 1 }
            d += 1
        }
        return count
    }

    /// Business seconds between two instants, counted in `offset` (seconds east of UTC).
    public static func seconds(from a: Timestamp, to b: Timestamp, offset: Int32) -> Double {
        let la = max(-Safe.limit, min(Safe.limit, a.instant + Double(offset)))
        let lb = max(-Safe.limit, min(Safe.limit, b.instant + Double(offset)))
        guard lb > la else { return 0 }
        let da = floorDiv(Int64(la.rounded(.down)), 86_400)
        let db = floorDiv(Int64(lb.rounded(.down)), 86_400)
        if da == db { return isWeekday(da) ? lb - la : 0 }
        var total = 0.0
        if isWeekday(da) { total += Double(da + 1) * 86_400 - la }
        if isWeekday(db) { total += lb - Double(db) * 86_400 }
        total += Double(weekdays(from: da + 1, to: db)) * 86_400
        return total
    }

    /// The instant when `business` business seconds have elapsed after `a` (in `offset`).
    public static func adding(_ business: Double, to a: Timestamp, offset: Int32) -> Timestamp {
        // Capped (about 300 000 years) so absurd configured thresholds cannot overflow.
        var remaining = business.isNaN ? 0 : min(max(0, business), 1e13)
        var t = max(-Safe.limit, min(Safe.limit, a.instant + Double(offset)))
        var day = floorDiv(Int64(t.rounded(.down)), 86_400)
        // Partial first day.
        if isWeekday(day) {
            let left = Double(day + 1) * 86_400 - t
            if remaining <= left { return stamp(t + remaining, offset: offset) }
            remaining -= left
        }
        day += 1
        t = Double(day) * 86_400
        // Whole weeks.
        let weeks = Int64(remaining / (5 * 86_400))
        if weeks > 0 {
            day += weeks * 7
            remaining -= Double(weeks) * 5 * 86_400
        }
        while true {
            if isWeekday(day) {
                if remaining <= 86_400 { return stamp(Double(day) * 86_400 + remaining, offset: offset) }
                remaining -= 86_400
            }
            day += 1
        }
    }

    private static func stamp(_ local: Double, offset: Int32) -> Timestamp {
        Safe.stamp(local - Double(offset), offset: offset)
    }
}

/// Conversions that never trap on out-of-range values (thresholds come from user config files).
enum Safe {
    static let limit = 1e15

    static func int(_ x: Double) -> Int { x.isNaN ? 0 : Int(Swift.max(-limit, Swift.min(limit, x))) }

    static func stamp(_ instant: Double, offset: Int32) -> Timestamp {
        let v = instant.isNaN ? 0 : Swift.max(-limit, Swift.min(limit, instant))
        let s = v.rounded(.down)
        let micro = Swift.max(0, Swift.min(999_999, ((v - s) * 1_000_000).rounded()))
        return Timestamp(seconds: Int64(s), microseconds: Int32(micro), utcOffset: offset)
    }
}

/// Small statistics helpers (deterministic; inputs are not reordered in place).
enum RuleStats {
    static func mean(_ xs: [Double]) -> Double { xs.isEmpty ? 0 : xs.reduce(0, +) / Double(xs.count) }

    static func sd(_ xs: [Double]) -> Double {
        guard xs.count > 1 else { return 0 }
        let m = mean(xs)
        return (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)).squareRoot()
    }

    /// Linear-interpolated quantile (q in 0…1); nil for no values.
    static func quantile(_ xs: [Double], _ q: Double) -> Double? {
        guard !xs.isEmpty else { return nil }
        let s = xs.sorted()
        let pos = q * Double(s.count - 1)
        let lo = Int(pos.rounded(.down))
        let hi = min(s.count - 1, lo + 1)
        return s[lo] + (s[hi] - s[lo]) * (pos - Double(lo))
    }

    static func median(_ xs: [Double]) -> Double? { quantile(xs, 0.5) }

    /// P(X ≤ k) for X ~ Poisson(lambda).
    static func poissonCDF(_ k: Int, _ lambda: Double) -> Double {
        guard k >= 0 else { return 0 }
        var term = Foundation.exp(-lambda)
        var sum = term
        if k == 0 { return sum }
        for i in 1...k {
            term *= lambda / Double(i)
            sum += term
        }
        return min(1, sum)
    }
}

/// Human-readable durations for summaries ("3 h", "2.5 d", "45 min").
enum Human {
    static func duration(_ seconds: Double) -> String {
        if seconds < 3600 { return "\(Safe.int((seconds / 60).rounded())) min" }
        if seconds < 2 * 86_400 { return one(seconds / 3600) + " h" }
        return one(seconds / 86_400) + " d"
    }

    static func businessDays(_ seconds: Double) -> String { one(seconds / BusinessTime.day) + " business days" }

    static func days(_ seconds: Double) -> String { "\(Safe.int((seconds / 86_400).rounded())) days" }

    /// One decimal, trailing ".0" dropped.
    static func one(_ x: Double) -> String {
        let r = (x * 10).rounded() / 10
        if r == r.rounded() { return String(Safe.int(r)) }
        let tenths = Safe.int((r * 10).rounded())
        return (tenths < 0 ? "-" : "") + String(abs(tenths) / 10) + "." + String(abs(tenths) % 10)
    }
}
