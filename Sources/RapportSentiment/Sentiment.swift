/// Sentiment of one text, VADER-style: `compound` in [-1, 1]; `pos + neu + neg ≈ 1`.
public struct SentimentScore: Sendable, Hashable, Codable {
    public var compound: Double
    public var pos: Double
    public var neu: Double
    public var neg: Double
    /// Tokens / markers that moved the score most, with UTF-8 byte spans into the scored text.
    public var evidence: [Evidence]

    public init(compound: Double, pos: Double, neu: Double, neg: Double, evidence: [Evidence] = []) {
        self.compound = compound
        self.pos = pos
        self.neu = neu
        self.neg = neg
        self.evidence = evidence
    }
}

/// A span of text that contributed to a score or matched a marker.
public struct Evidence: Sendable, Hashable, Codable {
    /// What matched: a lexicon token, an idiom, a marker id.
    public var term: String
    /// UTF-8 byte offsets into the scored text.
    public var start: Int
    public var end: Int
    /// Signed contribution (valence units for sentiment, 1 for markers).
    public var weight: Double

    public init(term: String, start: Int, end: Int, weight: Double) {
        self.term = term
        self.start = start
        self.end = end
        self.weight = weight
    }
}

/// Why a text got no score.
public enum SentimentUnavailable: Sendable, Hashable, Codable {
    /// The text's language has no lexicon (ISO 639-1 code or script name).
    case noLexicon(language: String)
    /// Nothing to score (empty after cleaning).
    case empty
}

/// Tone markers used by the warnings (not valence): warmth vs formality, gratitude, hedges, apologies,
/// repeated-request phrases, churn and escalation terms.
public enum ToneMarkerKind: String, Sendable, Hashable, Codable, CaseIterable {
    case warmGreeting = "warm-greeting"
    case formalGreeting = "formal-greeting"
    case warmSignOff = "warm-sign-off"
    case formalSignOff = "formal-sign-off"
    case gratitude
    case hedge
    case apology
    case exclamation
    case emoji
    case laughter
    case directQuestion = "direct-question"
    case repeatedRequest = "repeated-request"
    case churnRisk = "churn-risk"
    case escalation
    case competitor
}

/// One tone marker hit with its byte span.
public struct ToneMarker: Sendable, Hashable, Codable {
    public var kind: ToneMarkerKind
    public var evidence: Evidence

    public init(kind: ToneMarkerKind, evidence: Evidence) {
        self.kind = kind
        self.evidence = evidence
    }
}
