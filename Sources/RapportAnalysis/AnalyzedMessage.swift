public import RapportCore
public import RapportSentiment

/// One message as the dynamics and warning rules see it: the normalized message reduced to the
/// features they need, relative to one external contact.
///
/// Produced by the analysis pipeline (identity resolution, threading, reply pairing, sentiment,
/// markers); consumed by score components and warning rules. Arrays of these per contact are sorted
/// by date, then id.
public struct AnalyzedMessage: Sendable, Hashable, Codable {
    public var id: String
    public var thread: String
    /// The message this one answers (after pairing: threading first, then the chat session rule).
    public var answers: String?
    public var date: Timestamp
    /// `.inbound` (contact → us) or `.outbound` (us → contact).
    public var direction: Direction
    public var channel: ChannelKind
    /// Resolved contact id (the external person) and account id.
    public var contact: String
    public var account: String?
    /// Own words (quotes/signatures stripped) and their count.
    public var text: String
    public var words: Int
    /// Whether the message opens a thread (no earlier message in its thread).
    public var startsThread: Bool
    /// Seconds from the message this one answers (wall clock), and in business hours; nil when not a reply.
    public var replyLatency: Double?
    public var replyLatencyBusiness: Double?
    /// Sentiment compound (nil when unavailable: no lexicon / empty).
    public var sentiment: Double?
    /// Tone markers with spans into `text`.
    public var markers: [ToneMarker]
    /// Contains a question or request addressed to the other side.
    public var asksSomething: Bool
    /// Short thread closer ("Thanks!") or a mobile-footer reply: not read as coldness.
    public var isCloser: Bool
    public var hasMobileFooter: Bool

    public init(
        id: String, thread: String, answers: String?, date: Timestamp, direction: Direction, channel: ChannelKind,
        contact: String, account: String?, text: String, words: Int, startsThread: Bool, replyLatency: Double?,
        replyLatencyBusiness: Double?, sentiment: Double?, markers: [ToneMarker], asksSomething: Bool,
        isCloser: Bool, hasMobileFooter: Bool
    ) {
        self.id = id
        self.thread = thread
        self.answers = answers
        self.date = date
        self.direction = direction
        self.channel = channel
        self.contact = contact
        self.account = account
        self.text = text
        self.words = words
        self.startsThread = startsThread
        self.replyLatency = replyLatency
        self.replyLatencyBusiness = replyLatencyBusiness
        self.sentiment = sentiment
        self.markers = markers
        self.asksSomething = asksSomething
        self.isCloser = isCloser
        self.hasMobileFooter = hasMobileFooter
    }
}
