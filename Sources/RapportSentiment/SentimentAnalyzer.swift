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

/// A per-thread scorer (owns ICU iterators; not `Sendable`: make one per task).
public final class SentimentAnalyzer {
    public let engine: SentimentEngineKind
    // Stored properties skip the dynamic exclusivity check (four per text otherwise): an analyzer is
    // used by one thread at a time and `analyze` never re-enters itself.
    /// Whether ``analyze(_:)`` looks for tone markers (off = faster when only scores are needed).
    @exclusivity(unchecked) public var findsMarkers = true
    /// Whether scores carry evidence (top contributing tokens).
    @exclusivity(unchecked) public var collectsEvidence = true
    /// How many evidence entries a score keeps at most.
    @exclusivity(unchecked) public var evidenceLimit = 5

    @exclusivity(unchecked) private var vader: VaderEngine
    /// nil when the lexicons were loaded without the Rapport tables (VADER scores only, no markers).
    @exclusivity(unchecked) private var rapport: RapportEngine?

    /// `.rapport` needs lexicons loaded with their Rapport tables (``Lexicons/hasRapportTables``); without
    /// them a `.vader` analyzer finds no tone markers.
    public init(lexicons: Lexicons, engine: SentimentEngineKind = .rapport) throws(RapportError) {
        guard let english = lexicons.languages["en"] else {
            throw RapportError(
                .invalidConfiguration, "the English lexicon (lexicons/en/vader_lexicon.txt) is missing",
                remedy: "pass --data DIR pointing at a Rapport checkout or installation")
        }
        self.engine = engine
        vader = VaderEngine(lexicon: english)
        if lexicons.hasRapportTables {
            rapport = try RapportEngine(lexicons: lexicons)
        } else if engine == .rapport {
            throw RapportError(
                .invalidConfiguration, "the Rapport engine needs lexicons loaded with rapportTables: true")
        }
    }

    /// Scores a text and finds its tone markers.
    public func analyze(_ text: String) -> TextSentiment {
        var copy = text
        return copy.withUTF8 { analyze(utf8: $0) }
    }

    /// Scores UTF-8 text (byte spans in the result index into `text`).
    ///
    /// `.vader` scores exactly like vaderSentiment 3.3.2 (every text gets a score, as there). `.rapport`
    /// returns `unavailable` for empty texts and for languages without a lexicon. Markers come from the
    /// Rapport tokenization with either engine.
    public func analyze(utf8 text: UnsafeBufferPointer<UInt8>) -> TextSentiment {
        var markers: [ToneMarker] = []
        switch engine {
        case .vader:
            if findsMarkers { _ = rapport?.score(text, markers: &markers) }
            if vader.tracksOffsets != collectsEvidence { vader.tracksOffsets = collectsEvidence }
            let s = vader.score(text).rounded
            let evidence = collectsEvidence ? topEvidence(text, tokens: vader.tokens, sentiments: vader.sentiments) : []
            return TextSentiment(
                score: SentimentScore(compound: s.compound, pos: s.pos, neu: s.neu, neg: s.neg, evidence: evidence),
                unavailable: nil, markers: markers)
        case .rapport:
            // Present: `init` throws for `.rapport` without the Rapport tables.
            let r = findsMarkers ? rapport!.score(text, markers: &markers) : rapport!.score(text, markers: nil)
            guard let raw = r.score else {
                return TextSentiment(score: nil, unavailable: r.unavailable, markers: markers)
            }
            let s = raw.rounded
            let evidence =
                collectsEvidence ? topEvidence(text, tokens: rapport!.tokens, sentiments: rapport!.sentiments) : []
            return TextSentiment(
                score: SentimentScore(compound: s.compound, pos: s.pos, neu: s.neu, neg: s.neg, evidence: evidence),
                unavailable: nil, markers: markers)
        }
    }

    /// Appends the NDJSON line of a `.vader` score of UTF-8 `text` without evidence or markers (exactly
    /// what ``SentimentOutput/appendLine(text:result:explain:to:)`` writes for ``analyze(utf8:)``'s result),
    /// without a newline, in one pass that builds no ``TextSentiment``. Returns false, appending nothing,
    /// when the engine is not `.vader`, evidence or markers are requested, or a score is not finite.
    public func appendVaderScoreLine(utf8 text: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) -> Bool {
        guard engine == .vader, !collectsEvidence, !findsMarkers else { return false }
        if vader.tracksOffsets { vader.tracksOffsets = false }
        let score = vader.score(text)
        return score.appendLine(text: text, escaping: vader.lineFacts.needsEscape, to: &out)
    }

    /// The `evidenceLimit` tokens with the largest |sentiment| (ties: earlier first).
    func topEvidence(_ text: UnsafeBufferPointer<UInt8>, tokens: [RuleToken], sentiments: [Double]) -> [Evidence] {
        var order: [Int] = []
        for k in 0..<min(tokens.count, sentiments.count) where sentiments[k] != 0 { order.append(k) }
        order.sort { a, b in
            let x = abs(sentiments[a])
            let y = abs(sentiments[b])
            return x != y ? x > y : a < b
        }
        return order.prefix(evidenceLimit).map { k in
            let t = tokens[k]
            let s = Int(t.start)
            let e = max(s, Int(t.end))
            let term = String(decoding: UnsafeBufferPointer(rebasing: text[s..<e]), as: UTF8.self)
            return Evidence(term: term, start: s, end: e, weight: Vader.pyRound(sentiments[k], 4))
        }
    }
}
