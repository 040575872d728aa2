public import RapportCore

/// One conversation scored on its own (`rapport thread --thread ID`).
public struct ThreadReport: Sendable, Hashable, Codable {
    public var thread: String
    public var subject: String
    public var asOf: Timestamp?
    /// Turns in time order, with latency and length per turn.
    public var turns: [ThreadTurn]
    /// Sentiment of each turn in order (nil where unavailable).
    public var sentimentArc: [Double?]
    /// The external people in the thread, scored on this thread alone.
    public var contacts: [ContactResult]
    public var warnings: [Warning]
    /// What `rapport thread` read to find the thread, as `analyze` reports it: the messages read, used and
    /// skipped with reasons (totals over the inputs), what the analysis did with them, and the notes on
    /// those counts. Set by the CLI.
    public var summary: IngestSummary? = nil
    public var analysis: AnalysisCounts? = nil
    public var notes: [String]? = nil
}

/// `rapport thread --format json` without `--thread`: the threads, newest first, and the counts of what
/// was read (as in ``ThreadReport``).
public struct ThreadList: Sendable, Hashable, Codable {
    public var threads: [ThreadListing]
    public var summary: IngestSummary
    public var analysis: AnalysisCounts?
    public var notes: [String]?

    public init(threads: [ThreadListing], summary: IngestSummary, analysis: AnalysisCounts?, notes: [String]?) {
        self.threads = threads
        self.summary = summary
        self.analysis = analysis
        self.notes = notes
    }
}

/// One message of a thread as `rapport thread` shows it.
public struct ThreadTurn: Sendable, Hashable, Codable {
    public var id: String
    public var date: Timestamp
    public var direction: String
    public var contact: String
    public var channel: String
    public var words: Int
    public var answers: String?
    public var replyLatencySeconds: Double?
    public var replyLatencyBusinessSeconds: Double?
    public var sentiment: Double?
    public var markers: [String]
    public var asksSomething: Bool
    public var isCloser: Bool
}

/// A line of `rapport thread` without `--thread`.
public struct ThreadListing: Sendable, Hashable, Codable {
    public var thread: String
    public var subject: String
    public var messages: Int
    public var first: Timestamp?
    public var last: Timestamp?
    public var channels: [String]

    public init(thread: String, subject: String, messages: Int, first: Timestamp?, last: Timestamp?, channels: [String])
    {
        self.thread = thread
        self.subject = subject
        self.messages = messages
        self.first = first
        self.last = last
        self.channels = channels
    }
}

extension Analyzer {
    /// Scores one thread from its messages (directions already classified).
    public func thread(_ id: String, messages: [Message], featurizer: Featurizer, asOf: Timestamp?) -> ThreadReport {
        // The whole thread keeps its text, however old.
        var whole = self
        whole.config.analysis.timelineDays = 1_000_000
        var agg = PartialAggregate(asOf: asOf, timelineDays: whole.config.analysis.timelineDays)
        for m in messages where m.thread == id { agg.add(m, featurizer: featurizer) }
        let body = whole.analyze(agg, asOf: asOf)
        var turns: [ThreadTurn] = []
        var seen = Set<String>()
        for contact in body.timelines.keys.sorted() {
            for m in body.timelines[contact]! where m.thread == id && seen.insert(m.id).inserted {
                turns.append(
                    ThreadTurn(
                        id: m.id, date: m.date, direction: m.direction.rawValue, contact: contact,
                        channel: m.channel.rawValue, words: m.words, answers: m.answers,
                        replyLatencySeconds: m.replyLatency, replyLatencyBusinessSeconds: m.replyLatencyBusiness,
                        sentiment: m.sentiment, markers: m.markers.map(\.kind.rawValue), asksSomething: m.asksSomething,
                        isCloser: m.isCloser))
            }
        }
        turns.sort { a, b in
            a.date.seconds != b.date.seconds
                ? a.date.seconds < b.date.seconds
                : (a.date.microseconds != b.date.microseconds ? a.date.microseconds < b.date.microseconds : a.id < b.id)
        }
        let subject =
            messages.filter { $0.thread == id }.min { ($0.date?.instant ?? 0, $0.id) < ($1.date?.instant ?? 0, $1.id) }?
            .subject ?? ""
        return ThreadReport(
            thread: id, subject: subject, asOf: body.asOf, turns: turns, sentimentArc: turns.map(\.sentiment),
            contacts: (body.accounts.flatMap(\.contacts) + body.unaffiliated).sorted(by: Analyzer.rank),
            warnings: body.warnings)
    }
}
