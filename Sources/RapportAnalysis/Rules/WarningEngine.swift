public import RapportCore

/// Thresholds of every warning rule (a section of the analysis config file).
public struct WarningsConfig: Sendable, Hashable, Codable {
    public init() {}
}

/// Runs every warning rule over contacts' timelines.
public enum WarningEngine {
    /// Evaluates all rules. `timelines` maps contact id → that contact's messages sorted by date, then id.
    /// Returns warnings ordered by severity (act first), date, contact id.
    public static func evaluate(
        timelines: [String: [AnalyzedMessage]], config: WarningsConfig, asOf: Timestamp
    ) -> [Warning] {
        []
    }
}
