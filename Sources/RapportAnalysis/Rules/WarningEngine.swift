public import RapportCore

/// Thresholds of every warning rule: the `warnings` section of the analysis config file.
///
/// Every field has a documented default (see docs/warnings.md); a config file may give any subset of
/// fields — missing ones keep their defaults. Durations are in days unless named otherwise;
/// "business days" count Monday–Friday in the contact's UTC offset.
public struct WarningsConfig: Sendable, Hashable, Codable {
    /// After an alert of a rule for a contact resolves, the same rule does not raise a new alert for
    /// that contact within this many days: a recurrence continues the earlier alert (same raisedAt).
    public var cooldownDays: Double = 14
    /// Rule ids to skip.
    public var disabledRules: [String] = []
    public var cooling = Cooling()
    public var repeatedRequest = RepeatedRequest()
    public var openItemAgeing = OpenItemAgeing()
    public var goingDark = GoingDark()
    public var explicitRisk = ExplicitRisk()
    public var asymmetry = Asymmetry()

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Self()
        cooldownDays = try c.value(.cooldownDays, d.cooldownDays)
        disabledRules = try c.value(.disabledRules, d.disabledRules)
        cooling = try c.value(.cooling, d.cooling)
        repeatedRequest = try c.value(.repeatedRequest, d.repeatedRequest)
        openItemAgeing = try c.value(.openItemAgeing, d.openItemAgeing)
        goingDark = try c.value(.goingDark, d.goingDark)
        explicitRisk = try c.value(.explicitRisk, d.explicitRisk)
        asymmetry = try c.value(.asymmetry, d.asymmetry)
    }

    /// `cooling`: per-message z-scores against the contact's own baseline, pooled, accumulated (CUSUM).
    public struct Cooling: Sendable, Hashable, Codable {
        /// In-control inbound messages needed before the rule can fire, and the days they must span.
        public var minBaselineMessages: Int = 10
        public var minBaselineDays: Double = 28
        /// The baseline is the last this-many in-control inbound messages.
        public var baselineWindow: Int = 40
        /// CUSUM allowance k subtracted from each pooled index, and the watch / act decision limits h.
        public var allowance: Double = 0.6
        public var watchThreshold: Double = 6
        public var actThreshold: Double = 12
        /// Each feature's z-score is clipped to ±zClip (so one message adds at most zClip − k).
        public var zClip: Double = 3
        /// Feature weights in the pooled index (0 disables a feature).
        public var latencyWeight: Double = 1
        public var lengthWeight: Double = 1
        public var warmthWeight: Double = 1
        public var sentimentWeight: Double = 1

        public init() {}

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = Self()
            minBaselineMessages = try c.value(.minBaselineMessages, d.minBaselineMessages)
            minBaselineDays = try c.value(.minBaselineDays, d.minBaselineDays)
            baselineWindow = try c.value(.baselineWindow, d.baselineWindow)
            allowance = try c.value(.allowance, d.allowance)
            watchThreshold = try c.value(.watchThreshold, d.watchThreshold)
            actThreshold = try c.value(.actThreshold, d.actThreshold)
            zClip = try c.value(.zClip, d.zClip)
            latencyWeight = try c.value(.latencyWeight, d.latencyWeight)
            lengthWeight = try c.value(.lengthWeight, d.lengthWeight)
            warmthWeight = try c.value(.warmthWeight, d.warmthWeight)
            sentimentWeight = try c.value(.sentimentWeight, d.sentimentWeight)
        }
    }

    /// `repeated-request`: follow-up phrases or near-duplicate requests while our reply is outstanding.
    public struct RepeatedRequest: Sendable, Hashable, Codable {
        /// How far back an unanswered message of theirs counts as the request being repeated.
        public var lookbackDays: Double = 21
        /// How far back a strong follow-up phrase looks in its own thread (interim replies of ours allowed).
        public var threadLookbackDays: Double = 60
        /// Word-shingle size and the Jaccard similarity at which two requests are near-duplicates.
        public var shingleSize: Int = 2
        public var similarity: Double = 0.5
        /// Requests shorter than this (in words) are not compared.
        public var minWords: Int = 4
        /// The repeat count (of one outstanding request) at which the warning becomes act-level.
        public var actAfterRepeats: Int = 2

        public init() {}

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = Self()
            lookbackDays = try c.value(.lookbackDays, d.lookbackDays)
            threadLookbackDays = try c.value(.threadLookbackDays, d.threadLookbackDays)
            shingleSize = try c.value(.shingleSize, d.shingleSize)
            similarity = try c.value(.similarity, d.similarity)
            minWords = try c.value(.minWords, d.minWords)
            actAfterRepeats = try c.value(.actAfterRepeats, d.actAfterRepeats)
        }
    }

    /// `open-item-ageing`: a question of theirs waiting on us.
    public struct OpenItemAgeing: Sendable, Hashable, Codable {
        /// Watch beyond max(minWatchBusinessDays, usualMultiplier × our usual reply time to them).
        public var minWatchBusinessDays: Double = 1
        public var usualMultiplier: Double = 2
        /// Act beyond this many business days.
        public var actBusinessDays: Double = 3
        /// Our replies needed before "our usual reply time" is used.
        public var minReplies: Int = 3
        /// Items older than this (calendar days) are considered stale and no longer warned about.
        public var maxAgeDays: Double = 30

        public init() {}

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = Self()
            minWatchBusinessDays = try c.value(.minWatchBusinessDays, d.minWatchBusinessDays)
            usualMultiplier = try c.value(.usualMultiplier, d.usualMultiplier)
            actBusinessDays = try c.value(.actBusinessDays, d.actBusinessDays)
            minReplies = try c.value(.minReplies, d.minReplies)
            maxAgeDays = try c.value(.maxAgeDays, d.maxAgeDays)
        }
    }

    /// `going-dark`: silence far beyond their usual gaps, or inbound volume halved.
    public struct GoingDark: Sendable, Hashable, Codable {
        /// Silence watch limit: max(minSilenceDays, gapMultiplier × p90 of their earlier gaps);
        /// act at actMultiplier × that limit.
        public var minSilenceDays: Double = 30
        public var gapMultiplier: Double = 4
        public var actMultiplier: Double = 2
        /// Earlier gaps needed (and the most recent gaps used).
        public var minGaps: Int = 6
        public var gapWindow: Int = 50
        /// Volume: inbound messages in the last `recentDays` vs the `baselineDays` before them.
        public var recentDays: Double = 60
        public var baselineDays: Double = 180
        /// Fires when recent ≤ volumeRatio × expected and the one-sided Poisson p-value ≤ volumePValue.
        public var volumeRatio: Double = 0.5
        public var volumePValue: Double = 0.001
        /// The volume condition must hold on every day for this many days before it fires.
        public var volumePersistDays: Double = 21
        /// Baseline-window messages needed before the volume test runs.
        public var minBaselineMessages: Int = 12

        public init() {}

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = Self()
            minSilenceDays = try c.value(.minSilenceDays, d.minSilenceDays)
            gapMultiplier = try c.value(.gapMultiplier, d.gapMultiplier)
            actMultiplier = try c.value(.actMultiplier, d.actMultiplier)
            minGaps = try c.value(.minGaps, d.minGaps)
            gapWindow = try c.value(.gapWindow, d.gapWindow)
            recentDays = try c.value(.recentDays, d.recentDays)
            baselineDays = try c.value(.baselineDays, d.baselineDays)
            volumeRatio = try c.value(.volumeRatio, d.volumeRatio)
            volumePValue = try c.value(.volumePValue, d.volumePValue)
            volumePersistDays = try c.value(.volumePersistDays, d.volumePersistDays)
            minBaselineMessages = try c.value(.minBaselineMessages, d.minBaselineMessages)
        }
    }

    /// `explicit-risk`: cancel, not renewing, refund, escalate, unacceptable, competitors / alternatives.
    public struct ExplicitRisk: Sendable, Hashable, Codable {
        /// How long a risk statement keeps the warning open (days after the last one).
        public var windowDays: Double = 30
        /// Severity per kind: churn (cancel, not renewing, refund), escalation, competitor.
        public var churnSeverity: Warning.Severity = .act
        public var escalationSeverity: Warning.Severity = .act
        public var competitorSeverity: Warning.Severity = .watch

        public init() {}

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = Self()
            windowDays = try c.value(.windowDays, d.windowDays)
            churnSeverity = try c.value(.churnSeverity, d.churnSeverity)
            escalationSeverity = try c.value(.escalationSeverity, d.escalationSeverity)
            competitorSeverity = try c.value(.competitorSeverity, d.competitorSeverity)
        }
    }

    /// `asymmetry`: we send ≥ ratio × what they send and rising, or a sudden jump in formality.
    public struct Asymmetry: Sendable, Hashable, Codable {
        /// Volume: window length, our minimum messages in it, and the outbound/inbound ratio.
        public var windowDays: Double = 60
        public var minOutbound: Int = 8
        public var ratio: Double = 3
        /// Formality: this many consecutive formal messages ("Dear…", "Kind regards") after at least
        /// `minBaseline` earlier greeting-bearing messages of which at most `maxBaselineFormalShare` were formal.
        public var jumpMessages: Int = 3
        public var minBaseline: Int = 8
        public var maxBaselineFormalShare: Double = 0.15

        public init() {}

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = Self()
            windowDays = try c.value(.windowDays, d.windowDays)
            minOutbound = try c.value(.minOutbound, d.minOutbound)
            ratio = try c.value(.ratio, d.ratio)
            jumpMessages = try c.value(.jumpMessages, d.jumpMessages)
            minBaseline = try c.value(.minBaseline, d.minBaseline)
            maxBaselineFormalShare = try c.value(.maxBaselineFormalShare, d.maxBaselineFormalShare)
        }
    }
}

extension KeyedDecodingContainer {
    fileprivate func value<T: Decodable>(_ key: Key, _ fallback: T) throws -> T {
        try decodeIfPresent(T.self, forKey: key) ?? fallback
    }
}

/// One alert of a rule for a contact after hygiene (merging overlapping firings, cooldown).
public struct Alert: Sendable, Hashable {
    public var contact: String
    public var account: String?
    public var firing: RuleFiring

    /// The warning as reported at `t`.
    public func warning(at t: Timestamp) -> Warning {
        Warning(
            rule: firing.rule, severity: firing.severity(at: t) ?? .watch, contact: contact, account: account,
            raisedAt: firing.raisedAt, summary: firing.summary, evidence: firing.evidence)
    }
}

/// Warnings of one account, for reports.
public struct AccountWarnings: Sendable, Hashable {
    /// The account id, or nil for unaffiliated contacts.
    public var account: String?
    public var worst: Warning.Severity
    public var warnings: [Warning]
}

/// Runs every warning rule over contacts' timelines.
public enum WarningEngine {
    /// The rules in a fixed order.
    public static let rules: [any WarningRule.Type] = [
        CoolingRule.self, RepeatedRequestRule.self, OpenItemAgeingRule.self, GoingDarkRule.self,
        ExplicitRiskRule.self, AsymmetryRule.self,
    ]

    /// Evaluates all rules. `timelines` maps contact id → that contact's messages sorted by date, then id.
    /// Messages dated after `asOf` are ignored. Only warnings whose condition still holds at `asOf` are
    /// returned (auto-resolve), ordered by severity (act first), raisedAt, contact id, rule id.
    public static func evaluate(
        timelines: [String: [AnalyzedMessage]], config: WarningsConfig, asOf: Timestamp
    ) -> [Warning] {
        evaluate(timelines: timelines, config: config, asOf: asOf, workers: ParallelMap.defaultWorkers)
    }

    /// ``evaluate(timelines:config:asOf:)`` on `workers` threads (the warnings are the same for any number).
    static func evaluate(
        timelines: [String: [AnalyzedMessage]], config: WarningsConfig, asOf: Timestamp, workers: Int
    ) -> [Warning] {
        // Contacts are independent: their rules run on both cores (``ParallelMap``), in contact order.
        let perContact = ParallelMap.map(timelines.keys.sorted(), workers: workers) { contact -> [Warning] in
            guard let messages = timelines[contact] else { return [] }
            return alerts(contact: contact, messages: messages, config: config, asOf: asOf, workers: workers)
                .filter { $0.firing.isActive(at: asOf) }.map { $0.warning(at: asOf) }
        }
        return sorted(perContact.flatMap { $0 })
    }

    /// Every alert raised for one contact over its history up to `asOf` (resolved or not), after merging
    /// overlapping firings of a rule and applying the cooldown; ordered by raisedAt, then rule id.
    /// This is what a daily run would have raised over time (the simulation counts these).
    public static func alerts(
        contact: String, messages: [AnalyzedMessage], config: WarningsConfig, asOf: Timestamp
    ) -> [Alert] {
        alerts(contact: contact, messages: messages, config: config, asOf: asOf, workers: ParallelMap.defaultWorkers)
    }

    /// ``alerts(contact:messages:config:asOf:)`` with the timeline's tone readings on `workers` threads.
    static func alerts(
        contact: String, messages: [AnalyzedMessage], config: WarningsConfig, asOf: Timestamp, workers: Int
    ) -> [Alert] {
        let cut = asOf.instant
        let upTo = messages.filter { $0.date.instant <= cut }
        guard !upTo.isEmpty else { return [] }
        let timeline = ContactTimeline(contact: contact, messages: upTo, workers: workers)
        var out: [Alert] = []
        for rule in rules where !config.disabledRules.contains(rule.id) {
            let firings = rule.firings(timeline, config: config, asOf: asOf)
            for f in merge(firings, cooldownDays: config.cooldownDays) {
                out.append(Alert(contact: contact, account: timeline.account, firing: f))
            }
        }
        out.sort { ($0.firing.raisedAt.instant, $0.firing.rule) < ($1.firing.raisedAt.instant, $1.firing.rule) }
        return out
    }

    /// Merges a rule's firings into alerts: a firing raised while the previous alert still holds, or
    /// within `cooldownDays` after it resolved, continues that alert (same raisedAt, not a new alert;
    /// its current summary, severity and evidence are shown). Only a firing after a quiet cooldown is a
    /// new alert.
    static func merge(_ firings: [RuleFiring], cooldownDays: Double) -> [RuleFiring] {
        let ordered = firings.sorted { $0.raisedAt.instant < $1.raisedAt.instant }
        var out: [RuleFiring] = []
        for f in ordered {
            guard var last = out.last else {
                out.append(f)
                continue
            }
            let end = last.resolvedAt?.instant ?? .infinity
            guard f.raisedAt.instant < end + cooldownDays * 86_400 else {
                out.append(f)
                continue
            }
            let overlapping = f.raisedAt.instant < end
            if let r1 = last.resolvedAt, let r2 = f.resolvedAt {
                last.resolvedAt = r1.instant >= r2.instant ? r1 : r2
            } else {
                last.resolvedAt = nil
            }
            let lastAct = last.actAt?.instant ?? .infinity
            let fAct = f.actAt?.instant ?? .infinity
            if !overlapping {
                // After a gap, severity is that of the current condition.
                last.actAt = f.actAt
                last.summary = f.summary
            } else {
                if fAct < lastAct { last.actAt = f.actAt }
                // The newest statement of the condition, unless it is less severe than what is shown.
                if f.actAt != nil || last.actAt == nil || lastAct == fAct { last.summary = f.summary }
            }
            var ids = Set(last.evidence.map(\.messageID))
            for e in f.evidence where !ids.contains(e.messageID) {
                last.evidence.append(e)
                ids.insert(e.messageID)
            }
            last.evidence.sort { ($0.date?.instant ?? 0, $0.messageID) < ($1.date?.instant ?? 0, $1.messageID) }
            if last.evidence.count > 5 { last.evidence.removeFirst(last.evidence.count - 5) }
            out[out.count - 1] = last
        }
        return out
    }

    /// The report order: severity (act first), raisedAt, contact id, rule id.
    public static func sorted(_ warnings: [Warning]) -> [Warning] {
        warnings.sorted {
            let a = ($0.severity == .act ? 0 : 1, $0.raisedAt.instant, $0.contact, $0.rule)
            let b = ($1.severity == .act ? 0 : 1, $1.raisedAt.instant, $1.contact, $1.rule)
            return a < b
        }
    }

    /// Groups warnings by account for reports: accounts with an act-level warning first, then by account
    /// id; unaffiliated contacts (nil account) last. Warnings keep the report order within a group.
    public static func groupedByAccount(_ warnings: [Warning]) -> [AccountWarnings] {
        var groups: [String?: [Warning]] = [:]
        for w in sorted(warnings) { groups[w.account, default: []].append(w) }
        let result = groups.map { key, ws in
            AccountWarnings(account: key, worst: ws.contains { $0.severity == .act } ? .act : .watch, warnings: ws)
        }
        return result.sorted {
            let a = ($0.account == nil ? 1 : 0, $0.worst == .act ? 0 : 1, $0.account ?? "")
            let b = ($1.account == nil ? 1 : 0, $1.worst == .act ? 0 : 1, $1.account ?? "")
            return a < b
        }
    }
}
