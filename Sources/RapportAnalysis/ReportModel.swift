public import RapportCore

/// The complete result of `rapport analyze`: what reports render and the store snapshots.
///
/// This is the contract between analysis (producer) and reports/store (consumers). Collections are
/// arrays in a documented, deterministic order so encoding is byte-stable.
public struct AnalysisReport: Sendable, Hashable, Codable {
    /// Bumped on any incompatible change of this structure (see docs/json-schema.md).
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    /// Tool version that produced it.
    public var generator: String
    /// The `--as-of` instant (or the newest message's date when not given).
    public var asOf: Timestamp?
    /// Inputs read, in the order given.
    public var inputs: [InputRecord]
    /// read / used / skipped counts with reasons.
    public var summary: IngestSummary
    /// Who "us" was and how it was decided.
    public var us: Us
    /// SHA-256 (hex) of the effective config and of the lexicons, so a result can be reproduced.
    public var configHash: String
    public var lexiconHash: String
    /// Accounts ranked by score (descending), ties by id.
    public var accounts: [AccountResult]
    /// Contacts not belonging to any account (free-mail, unknown org), ranked like accounts' contacts.
    public var unaffiliated: [ContactResult]
    /// All warnings, ordered by severity (act first), then date, then contact id.
    public var warnings: [Warning]
    /// What analysis did with the messages (used / not used by reason); nil in reports built without it.
    public var analysis: AnalysisCounts?
    /// Things the reader of the report must know (e.g. sentiment unavailable: lexicons not built).
    public var notes: [String]?

    public init(
        schemaVersion: Int = AnalysisReport.currentSchemaVersion, generator: String, asOf: Timestamp?,
        inputs: [InputRecord], summary: IngestSummary, us: Us, configHash: String, lexiconHash: String,
        accounts: [AccountResult], unaffiliated: [ContactResult], warnings: [Warning],
        analysis: AnalysisCounts? = nil, notes: [String]? = nil
    ) {
        self.schemaVersion = schemaVersion
        self.generator = generator
        self.asOf = asOf
        self.inputs = inputs
        self.summary = summary
        self.us = us
        self.configHash = configHash
        self.lexiconHash = lexiconHash
        self.accounts = accounts
        self.unaffiliated = unaffiliated
        self.warnings = warnings
        self.analysis = analysis
        self.notes = notes
    }
}

/// One input path and its detected format.
public struct InputRecord: Sendable, Hashable, Codable {
    public var path: String
    public var format: String
    public var summary: IngestSummary

    public init(path: String, format: String, summary: IngestSummary) {
        self.path = path
        self.format = format
        self.summary = summary
    }
}

/// An organization we have a relationship with.
public struct AccountResult: Sendable, Hashable, Codable {
    /// Account id: the email domain (or configured account name).
    public var id: String
    public var name: String
    public var score: ScoreResult
    /// Contacts ranked by score (descending), ties by id.
    public var contacts: [ContactResult]
    /// Contacts with a two-way exchange in the window.
    public var stakeholders: Int
    /// True when only one contact carries the relationship.
    public var singleThreaded: Bool
    /// Messages per channel kind (raw value → count), both directions.
    public var channelMix: [String: Int]
    /// Score per period (oldest first), for history charts.
    public var history: [ScorePoint]

    public init(
        id: String, name: String, score: ScoreResult, contacts: [ContactResult], stakeholders: Int,
        singleThreaded: Bool, channelMix: [String: Int], history: [ScorePoint]
    ) {
        self.id = id
        self.name = name
        self.score = score
        self.contacts = contacts
        self.stakeholders = stakeholders
        self.singleThreaded = singleThreaded
        self.channelMix = channelMix
        self.history = history
    }
}

/// An external person.
public struct ContactResult: Sendable, Hashable, Codable {
    /// Identity key (lower-cased email when known, else source id).
    public var id: String
    public var displayName: String
    public var email: String?
    public var account: String?
    /// Title parsed from their signature (CEO, VP, Director…), when found.
    public var title: String?
    /// Other identities linked to this person (Slack ids, ticket keys), with link strength.
    public var aliases: [IdentityLink]
    public var score: ScoreResult
    public var dynamics: Dynamics
    /// Monthly series for charts (oldest first).
    public var months: [MonthStats]

    public init(
        id: String, displayName: String, email: String?, account: String?, title: String?, aliases: [IdentityLink],
        score: ScoreResult, dynamics: Dynamics, months: [MonthStats]
    ) {
        self.id = id
        self.displayName = displayName
        self.email = email
        self.account = account
        self.title = title
        self.aliases = aliases
        self.score = score
        self.dynamics = dynamics
        self.months = months
    }
}

/// A link from a contact to another identity of the same person.
public struct IdentityLink: Sendable, Hashable, Codable {
    public var id: String
    /// `email` (exact address match: strong) or `display-name` (weaker, flagged).
    public var via: String
    public var strong: Bool

    public init(id: String, via: String, strong: Bool) {
        self.id = id
        self.via = via
        self.strong = strong
    }
}

/// The 1–5 relationship score with everything that explains it.
public struct ScoreResult: Sendable, Hashable, Codable {
    /// 1…5.
    public var level: Int
    /// The weighted component total 0–100 before gates.
    public var points: Double
    public var components: [ScoreComponent]
    /// Gates that capped the level, e.g. "4, not 5: no private channel".
    public var gates: [String]
    /// Change against the previous period: level delta and points delta (nil when no previous period).
    public var trend: Trend?
    /// 0–1; low with few two-way exchanges.
    public var confidence: Double
    /// Messages that moved the score most.
    public var evidence: [EvidenceItem]

    public init(
        level: Int, points: Double, components: [ScoreComponent], gates: [String], trend: Trend?, confidence: Double,
        evidence: [EvidenceItem]
    ) {
        self.level = level
        self.points = points
        self.components = components
        self.gates = gates
        self.trend = trend
        self.confidence = confidence
        self.evidence = evidence
    }
}

/// One documented score component.
public struct ScoreComponent: Sendable, Hashable, Codable {
    /// Stable id: warmth, intimacy, responsiveness, recency, volume, duration, balance, sentiment, open-items.
    public var id: String
    /// 0–100, or nil when missing (its weight is redistributed, never counted as 0).
    public var value: Double?
    /// Configured weight and the weight actually applied after re-weighting.
    public var weight: Double
    public var effectiveWeight: Double
    /// value × effectiveWeight (points contributed to the 0–100 total).
    public var contribution: Double
    /// One line saying how the value was computed.
    public var detail: String

    public init(
        id: String, value: Double?, weight: Double, effectiveWeight: Double, contribution: Double, detail: String
    ) {
        self.id = id
        self.value = value
        self.weight = weight
        self.effectiveWeight = effectiveWeight
        self.contribution = contribution
        self.detail = detail
    }
}

public struct Trend: Sendable, Hashable, Codable {
    public var previousLevel: Int
    public var previousPoints: Double
    public var levelDelta: Int
    public var pointsDelta: Double

    public init(previousLevel: Int, previousPoints: Double, levelDelta: Int, pointsDelta: Double) {
        self.previousLevel = previousLevel
        self.previousPoints = previousPoints
        self.levelDelta = levelDelta
        self.pointsDelta = pointsDelta
    }
}

/// A message cited as evidence, with an optional quoted span of its own words.
public struct EvidenceItem: Sendable, Hashable, Codable {
    public var messageID: String
    public var date: Timestamp?
    /// Why it is cited ("fast reply: 12 min", "negative: 'unacceptable'").
    public var reason: String
    /// A short quote of the author's own words (dropped under --redact).
    public var quote: String?

    public init(messageID: String, date: Timestamp?, reason: String, quote: String?) {
        self.messageID = messageID
        self.date = date
        self.reason = reason
        self.quote = quote
    }
}

public struct ScorePoint: Sendable, Hashable, Codable {
    /// Period key, `YYYY-MM`.
    public var period: String
    public var level: Int
    public var points: Double

    public init(period: String, level: Int, points: Double) {
        self.period = period
        self.level = level
        self.points = points
    }
}

/// Relationship dynamics of one contact (see issue "Dynamics").
public struct Dynamics: Sendable, Hashable, Codable {
    public var messagesIn: Int
    public var messagesOut: Int
    /// Threads they started / we started.
    public var threadsStartedByThem: Int
    public var threadsStartedByUs: Int
    /// Share of our messages they answered, and of theirs we answered (0–1; nil without messages).
    public var replyRateThem: Double?
    public var replyRateUs: Double?
    /// Their replies to us, and ours to them.
    public var latencyThem: LatencyStats
    public var latencyUs: LatencyStats
    /// Median own words per message, theirs and ours; ratio theirs / ours.
    public var medianWordsThem: Double?
    public var medianWordsUs: Double?
    public var verbosityRatio: Double?
    /// 0–100 (documented in docs/intimacy.md) with the channels used, most private first.
    public var intimacy: Double
    public var channels: [String]
    public var mostPrivateChannel: String?
    /// Channel movement over time, e.g. ["ticket-public", "email", "slack-dm"].
    public var channelPath: [String]
    public var firstMessage: Timestamp?
    public var lastMessage: Timestamp?
    public var openItems: [OpenItem]
    /// Reply pairs in either direction (their replies to us + ours to them).
    public var replyExchanges: Int?
    /// Their short thread closers ("Thanks!") and mobile-footer replies: excluded from word medians,
    /// never read as coldness.
    public var closersThem: Int?
    public var mobileRepliesThem: Int?
    /// Share of their messages with informal markers (greeting by first name, emoji, exclamation,
    /// laughter, gratitude), and written outside their working hours (0–1).
    public var informalShareThem: Double?
    public var offHoursShareThem: Double?
    /// Least-squares slope of their monthly median words over the last 6 months with data (words/month).
    public var verbosityTrendThem: Double?
    /// Slack reactions (docs/dynamics.md, "Reactions"): our messages they reacted to, their messages we
    /// reacted to, and our messages they acknowledged (👍, ✅, …). Absent when neither side reacted.
    public var reactionsThem: Int?
    public var reactionsUs: Int?
    public var acknowledgementsThem: Int?

    public init(
        messagesIn: Int = 0, messagesOut: Int = 0, threadsStartedByThem: Int = 0, threadsStartedByUs: Int = 0,
        replyRateThem: Double? = nil, replyRateUs: Double? = nil, latencyThem: LatencyStats = LatencyStats(),
        latencyUs: LatencyStats = LatencyStats(), medianWordsThem: Double? = nil, medianWordsUs: Double? = nil,
        verbosityRatio: Double? = nil, intimacy: Double = 0, channels: [String] = [], mostPrivateChannel: String? = nil,
        channelPath: [String] = [], firstMessage: Timestamp? = nil, lastMessage: Timestamp? = nil,
        openItems: [OpenItem] = []
    ) {
        self.messagesIn = messagesIn
        self.messagesOut = messagesOut
        self.threadsStartedByThem = threadsStartedByThem
        self.threadsStartedByUs = threadsStartedByUs
        self.replyRateThem = replyRateThem
        self.replyRateUs = replyRateUs
        self.latencyThem = latencyThem
        self.latencyUs = latencyUs
        self.medianWordsThem = medianWordsThem
        self.medianWordsUs = medianWordsUs
        self.verbosityRatio = verbosityRatio
        self.intimacy = intimacy
        self.channels = channels
        self.mostPrivateChannel = mostPrivateChannel
        self.channelPath = channelPath
        self.firstMessage = firstMessage
        self.lastMessage = lastMessage
        self.openItems = openItems
    }
}

/// Robust reply-latency statistics (seconds).
public struct LatencyStats: Sendable, Hashable, Codable {
    public var count: Int
    public var medianSeconds: Double?
    public var p90Seconds: Double?
    public var medianBusinessSeconds: Double?
    /// Share of replies within 1 h, 4 h, 1 d, 3 d (0–1).
    public var within1h: Double?
    public var within4h: Double?
    public var within1d: Double?
    public var within3d: Double?

    public init(
        count: Int = 0, medianSeconds: Double? = nil, p90Seconds: Double? = nil, medianBusinessSeconds: Double? = nil,
        within1h: Double? = nil, within4h: Double? = nil, within1d: Double? = nil, within3d: Double? = nil
    ) {
        self.count = count
        self.medianSeconds = medianSeconds
        self.p90Seconds = p90Seconds
        self.medianBusinessSeconds = medianBusinessSeconds
        self.within1h = within1h
        self.within4h = within4h
        self.within1d = within1d
        self.within3d = within3d
    }
}

/// Per-month figures for one contact (charts, trends).
public struct MonthStats: Sendable, Hashable, Codable {
    /// `YYYY-MM`.
    public var month: String
    public var messagesIn: Int
    public var messagesOut: Int
    public var medianLatencyThemSeconds: Double?
    public var medianLatencyUsSeconds: Double?
    public var medianWordsThem: Double?
    public var medianWordsUs: Double?
    public var meanSentimentThem: Double?
    /// Our messages of the month they reacted to, and theirs we reacted to (month of the message: the
    /// reaction's own time is not exported). Absent when the contact has no reactions at all.
    public var reactionsThem: Int?
    public var reactionsUs: Int?

    public init(
        month: String, messagesIn: Int = 0, messagesOut: Int = 0, medianLatencyThemSeconds: Double? = nil,
        medianLatencyUsSeconds: Double? = nil, medianWordsThem: Double? = nil, medianWordsUs: Double? = nil,
        meanSentimentThem: Double? = nil, reactionsThem: Int? = nil, reactionsUs: Int? = nil
    ) {
        self.month = month
        self.messagesIn = messagesIn
        self.messagesOut = messagesOut
        self.medianLatencyThemSeconds = medianLatencyThemSeconds
        self.medianLatencyUsSeconds = medianLatencyUsSeconds
        self.medianWordsThem = medianWordsThem
        self.medianWordsUs = medianWordsUs
        self.meanSentimentThem = meanSentimentThem
        self.reactionsThem = reactionsThem
        self.reactionsUs = reactionsUs
    }
}

/// A question or request not answered yet.
public struct OpenItem: Sendable, Hashable, Codable {
    public var messageID: String
    public var thread: String
    public var since: Timestamp
    /// `waiting-on-us` or `waiting-on-them`.
    public var waitingOn: String
    public var ageBusinessDays: Double
    public var quote: String?

    public init(
        messageID: String, thread: String, since: Timestamp, waitingOn: String, ageBusinessDays: Double, quote: String?
    ) {
        self.messageID = messageID
        self.thread = thread
        self.since = since
        self.waitingOn = waitingOn
        self.ageBusinessDays = ageBusinessDays
        self.quote = quote
    }
}

/// An early warning raised by a rule.
public struct Warning: Sendable, Hashable, Codable {
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        case watch, act
        public static func < (a: Severity, b: Severity) -> Bool { a == .watch && b == .act }
    }

    /// Rule id: cooling, repeated-request, open-item-ageing, going-dark, explicit-risk, asymmetry.
    public var rule: String
    public var severity: Severity
    public var contact: String
    public var account: String?
    /// When the rule fired.
    public var raisedAt: Timestamp
    /// One line for humans.
    public var summary: String
    public var evidence: [EvidenceItem]

    public init(
        rule: String, severity: Severity, contact: String, account: String?, raisedAt: Timestamp, summary: String,
        evidence: [EvidenceItem]
    ) {
        self.rule = rule
        self.severity = severity
        self.contact = contact
        self.account = account
        self.raisedAt = raisedAt
        self.summary = summary
        self.evidence = evidence
    }
}
