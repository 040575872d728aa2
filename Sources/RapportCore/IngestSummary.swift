/// What happened to every input message: `read == emitted + skipped` always holds.
///
/// Reasons are short kebab-case keys (`duplicate`, `malformed-headers`, `deleted`, `auto-reply`, …);
/// the report lists them sorted. Summaries from separate inputs merge by addition.
public struct IngestSummary: Sendable, Hashable, Codable {
    /// Files (or zip entries) opened.
    public var files: Int = 0
    /// Bytes read from inputs.
    public var bytes: Int64 = 0
    /// Messages (or entries) encountered.
    public var read: Int = 0
    /// Messages handed on to the caller.
    public var emitted: Int = 0
    /// Messages dropped, by reason.
    public var skipped: [String: Int] = [:]
    /// Emitted messages that analysis will not use (automated, bot, system), by reason. These are
    /// part of `emitted`, reported so that "used" can be derived.
    public var excluded: [String: Int] = [:]
    /// Slack huddles read as synchronous contacts (``nil`` when none): counted in `emitted` and used.
    public var huddles: Int?
    /// Emitted messages whose `Date:` header could not be read (an impossible time such as `27:10`, an
    /// unknown shape), by what happened: `other-header` (dated from `Received:`, `Delivery-Date:` or the
    /// mbox `From ` line) or `undated`. `nil` when none, so a message never loses its date silently.
    public var unreadDates: [String: Int]?
    /// Non-fatal problems worth telling the user (first few, with locations), capped.
    public var problems: [String] = []

    public init() {}

    public var skippedTotal: Int { skipped.values.reduce(0, +) }
    public var excludedTotal: Int { excluded.values.reduce(0, +) }
    /// Messages that reach relationship analysis.
    public var used: Int { emitted - excludedTotal }

    public static let maxProblems = 50

    public mutating func skip(_ reason: String, problem: String? = nil) {
        skipped[reason, default: 0] += 1
        if let problem { note(problem) }
    }

    public mutating func exclude(_ reason: String) { excluded[reason, default: 0] += 1 }

    /// Counts an emitted message whose `Date:` header could not be read (see ``unreadDates``).
    public mutating func unreadDate(undated: Bool) {
        unreadDates = unreadDates ?? [:]
        unreadDates?[undated ? "undated" : "other-header", default: 0] += 1
    }

    public mutating func note(_ problem: String) {
        if problems.count < Self.maxProblems { problems.append(problem) }
    }

    public mutating func merge(_ other: IngestSummary) {
        files += other.files
        bytes += other.bytes
        read += other.read
        emitted += other.emitted
        for (k, v) in other.skipped { skipped[k, default: 0] += v }
        for (k, v) in other.excluded { excluded[k, default: 0] += v }
        if let h = other.huddles { huddles = (huddles ?? 0) + h }
        if let d = other.unreadDates {
            var mine = unreadDates ?? [:]
            for (k, v) in d { mine[k, default: 0] += v }
            unreadDates = mine
        }
        for p in other.problems { note(p) }
    }

    /// Human one-liner: `read 120, used 100, skipped 12 (duplicate 10, malformed 2), excluded 8 (...)`.
    public var line: String {
        func list(_ d: [String: Int]) -> String {
            d.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
        var s = "files \(files), messages read \(read), used \(used), skipped \(skippedTotal)"
        if !skipped.isEmpty { s += " (" + list(skipped) + ")" }
        if !excluded.isEmpty { s += ", excluded from analysis \(excludedTotal) (" + list(excluded) + ")" }
        if let huddles { s += ", huddles \(huddles)" }
        if let d = unreadDates {
            s += ", unreadable Date: \(d.values.reduce(0, +)) (" + list(d) + ")"
        }
        return s
    }
}
