public import RapportCore

/// Which scoring rules to use.
public enum SentimentEngineKind: String, Sendable, CaseIterable, Codable {
    /// Exact vaderSentiment 3.3.2 behaviour, quirks included.
    case vader
    /// ICU tokenization, normalization, per-sentence VADER rules with known bugs fixed, domain lexicon.
    case rapport
}

/// Everything sentiment analysis says about one text.
public struct TextSentiment: Sendable, Hashable, Codable {
    /// The score, or nil when unavailable (see `unavailable`).
    public var score: SentimentScore?
    public var unavailable: SentimentUnavailable?
    /// Tone markers with byte spans into the text.
    public var markers: [ToneMarker]

    public init(score: SentimentScore?, unavailable: SentimentUnavailable?, markers: [ToneMarker]) {
        self.score = score
        self.unavailable = unavailable
        self.markers = markers
    }
}

/// Compiled lexicons (immutable, shareable across threads).
public struct Lexicons: Sendable {
    public init() {}

    /// Loads the lexicons from the data directory (see ``DataPaths``).
    public static func load(dataDirectory: String? = nil) throws(RapportError) -> Lexicons {
        throw RapportError(.notImplemented, "sentiment lexicons are not built yet")
    }
}

/// A per-thread scorer (owns ICU iterators; not `Sendable`: make one per task).
public final class SentimentAnalyzer {
    public let engine: SentimentEngineKind

    public init(lexicons: Lexicons, engine: SentimentEngineKind = .rapport) throws(RapportError) {
        self.engine = engine
    }

    /// Scores a text and finds its tone markers.
    public func analyze(_ text: String) -> TextSentiment {
        TextSentiment(score: nil, unavailable: .noLexicon(language: "none"), markers: [])
    }
}
