/// The normalized message model: one shape for every source (mail, Slack, tickets).
///
/// Parsers fill it; everything downstream (cleaning, sentiment, dynamics, scoring, reports) reads only
/// this. Values are plain data, `Sendable`, and encode to the NDJSON that `rapport ingest` prints.
public struct Message: Sendable, Hashable, Codable {
    /// Stable id, unique within a run and identical across runs on the same input
    /// (mail: the Message-ID without brackets, or a hash of locator + headers when missing;
    /// Slack: `<channel id>/<ts>`; tickets: `<ticket id>#<entry index>`).
    public var id: String
    /// Which kind of source produced it, and exactly where.
    public var source: SourceKind
    public var locator: SourceLocator
    /// Conversation / thread key: messages with the same key belong to one thread.
    public var thread: String
    /// Id of the message this one answers, when known (threading, Slack `thread_ts`, ticket order).
    public var parent: String?
    /// Mail only: the raw Message-ID (without angle brackets), when the header carried one.
    public var messageID: String?
    public var from: Participant
    public var to: [Participant]
    public var cc: [Participant]
    /// When it was written, keeping the author's UTC offset. `nil` when no date could be recovered.
    public var date: Timestamp?
    public var channel: ChannelKind
    /// Mail/ticket subject, or the Slack channel name.
    public var subject: String
    /// The author's own visible words: quoted replies, signatures, disclaimers and forwarded text removed.
    public var text: String
    /// Characters (Unicode scalars) of quoted / forwarded text removed from `text`.
    public var quotedChars: Int
    public var flags: MessageFlags
    /// Relative to "us" (see ``Us``); `.unknown` until ``Us/classify(_:)`` ran.
    public var direction: Direction
    /// Extra source-specific facts (e.g. Slack reactions, ticket status), sorted by key when encoded.
    public var attributes: [String: String]
    /// What a consumer computed from this message ahead of use, on the reader's worker thread
    /// (`IngestOptions.workerStage`): a cache, never encoded, ignored by equality and hashing.
    public var precomputed = Precomputed()

    public init(
        id: String, source: SourceKind, locator: SourceLocator, thread: String, parent: String? = nil,
        messageID: String? = nil, from: Participant, to: [Participant] = [], cc: [Participant] = [],
        date: Timestamp?, channel: ChannelKind, subject: String = "", text: String, quotedChars: Int = 0,
        flags: MessageFlags = [], direction: Direction = .unknown, attributes: [String: String] = [:]
    ) {
        self.id = id
        self.source = source
        self.locator = locator
        self.thread = thread
        self.parent = parent
        self.messageID = messageID
        self.from = from
        self.to = to
        self.cc = cc
        self.date = date
        self.channel = channel
        self.subject = subject
        self.text = text
        self.quotedChars = quotedChars
        self.flags = flags
        self.direction = direction
        self.attributes = attributes
    }

    private enum CodingKeys: String, CodingKey {
        case id, source, locator, thread, parent, messageID = "message_id", from, to, cc, date, channel, subject,
            text, quotedChars = "quoted_chars", flags, direction, attributes
    }

    /// The attribute holding the reason an automated mail is counted as excluded, set only when the
    /// reader was asked to (``IngestOptions.markExclusions``, for analysis).
    public static let exclusionAttribute = "excluded"

    /// Whether relationship analysis should use this message (not automated, bot or system traffic).
    public var isConversational: Bool {
        flags.isDisjoint(with: [.autoReply, .bulk, .bot, .system, .notification])
    }
}

extension Message {
    /// Initializes the uninitialized memory at `pointer` with the message
    /// ``init(id:source:locator:thread:parent:messageID:from:to:cc:date:channel:subject:text:quotedChars:flags:direction:attributes:)``
    /// makes, the values moved in: each stored property is initialized at its offset, so the whole value
    /// is never copied (the initializer's return copies it once: a retain and a release of every
    /// reference in it, ≈ 900 instructions). For readers that build messages into buffers.
    ///
    /// Every stored property must be initialized here (a test pins their number).
    public static func initialize(
        _ pointer: UnsafeMutablePointer<Message>, id: consuming String, source: SourceKind,
        locator: consuming SourceLocator, thread: consuming String, parent: consuming String? = nil,
        messageID: consuming String? = nil, from: consuming Participant, to: consuming [Participant] = [],
        cc: consuming [Participant] = [], date: Timestamp?, channel: ChannelKind, subject: consuming String = "",
        text: consuming String, quotedChars: Int = 0, flags: MessageFlags = [], direction: Direction = .unknown,
        attributes: consuming [String: String] = [:]
    ) {
        let raw = UnsafeMutableRawPointer(pointer)
        put(raw, \.id, id)
        put(raw, \.source, source)
        put(raw, \.locator, locator)
        put(raw, \.thread, thread)
        put(raw, \.parent, parent)
        put(raw, \.messageID, messageID)
        put(raw, \.from, from)
        put(raw, \.to, to)
        put(raw, \.cc, cc)
        put(raw, \.date, date)
        put(raw, \.channel, channel)
        put(raw, \.subject, subject)
        put(raw, \.text, text)
        put(raw, \.quotedChars, quotedChars)
        put(raw, \.flags, flags)
        put(raw, \.direction, direction)
        put(raw, \.attributes, attributes)
        put(raw, \.precomputed, Precomputed())
    }

    /// The number of stored properties ``initialize(_:id:source:locator:thread:parent:messageID:from:to:cc:date:channel:subject:text:quotedChars:flags:direction:attributes:)``
    /// initializes (tests compare it with the type's).
    public static var initializedProperties: Int { 18 }

    /// Initializes one stored property in place (the offset of a stored property is a constant).
    @inline(__always)
    private static func put<T>(_ raw: UnsafeMutableRawPointer, _ key: WritableKeyPath<Message, T>, _ value: consuming T)
    {
        (raw + MemoryLayout<Message>.offset(of: key)!).initializeMemory(as: T.self, to: value)
    }
}

/// The kind of input a message came from.
public enum SourceKind: String, Sendable, Hashable, Codable, CaseIterable {
    case mbox, eml, maildir, slack, ticket
}

/// Where a message is in its input: a file plus a byte offset (mail, tickets) or a JSON path (Slack).
public struct SourceLocator: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var byteOffset: Int64?
    public var jsonPath: String?

    private enum CodingKeys: String, CodingKey { case file, byteOffset = "byte_offset", jsonPath = "json_path" }

    public init(file: String, byteOffset: Int64? = nil, jsonPath: String? = nil) {
        self.file = file
        self.byteOffset = byteOffset
        self.jsonPath = jsonPath
    }

    public var description: String {
        if let byteOffset { return "\(file):@\(byteOffset)" }
        if let jsonPath { return "\(file):\(jsonPath)" }
        return file
    }
}

/// How private a channel is; the order is the intimacy order used by analysis (least → most private).
public enum ChannelKind: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case ticketPublic = "ticket-public"
    case ticketInternal = "ticket-internal"
    case email
    case slackPublic = "slack-public"
    case slackPrivate = "slack-private"
    case slackGroupDM = "slack-group-dm"
    case slackDM = "slack-dm"

    /// Rank in the intimacy order (0 = least private). Internal ticket notes rank low: the customer
    /// never sees them.
    public var privacyRank: Int {
        switch self {
        case .ticketInternal: 0
        case .ticketPublic: 1
        case .email: 2
        case .slackPublic: 3
        case .slackPrivate: 4
        case .slackGroupDM: 5
        case .slackDM: 6
        }
    }

    public static func < (lhs: ChannelKind, rhs: ChannelKind) -> Bool { lhs.privacyRank < rhs.privacyRank }

    public var isSlack: Bool { rawValue.hasPrefix("slack") }
    public var isTicket: Bool { rawValue.hasPrefix("ticket") }
}

/// A value a consumer derived from a ``Message``'s other fields ahead of use (see ``Message/precomputed``),
/// e.g. the analysis's text features, computed on a reader's worker thread instead of the consuming one.
/// Equality and hashing ignore it (it is a cache, a function of the fields that are compared); coding
/// leaves it out. A consumer that changes a message's text must reset it.
public struct Precomputed: Sendable, Hashable {
    /// The cached value (its owner casts it back to its own class), or nil.
    public var object: (any AnyObject & Sendable)?

    public init(_ object: (any AnyObject & Sendable)? = nil) { self.object = object }

    public static func == (_: Precomputed, _: Precomputed) -> Bool { true }
    public func hash(into _: inout Hasher) {}
}

/// Message flags; encoded as a sorted array of names.
public struct MessageFlags: OptionSet, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let autoReply = MessageFlags(rawValue: 1 << 0)
    public static let bulk = MessageFlags(rawValue: 1 << 1)
    public static let bot = MessageFlags(rawValue: 1 << 2)
    public static let system = MessageFlags(rawValue: 1 << 3)
    public static let forwarded = MessageFlags(rawValue: 1 << 4)
    /// A calendar invitation or delivery status notification (automated, kept apart from auto-replies).
    public static let notification = MessageFlags(rawValue: 1 << 5)
    /// An edited chat message.
    public static let edited = MessageFlags(rawValue: 1 << 6)
    /// An encrypted message (PGP/MIME, S/MIME enveloped data, an inline PGP block): its words cannot be
    /// read, so it counts for timing but not for text metrics.
    public static let encrypted = MessageFlags(rawValue: 1 << 7)

    /// Names in a fixed order (stable output).
    public static let names: [(MessageFlags, String)] = [
        (.autoReply, "auto-reply"), (.bulk, "bulk"), (.bot, "bot"), (.system, "system"),
        (.forwarded, "forwarded"), (.notification, "notification"), (.edited, "edited"),
        (.encrypted, "encrypted"),
    ]

    public var names: [String] { Self.names.filter { contains($0.0) }.map(\.1) }
    public var description: String { names.joined(separator: ",") }

    public init(names: [String]) {
        var value: MessageFlags = []
        for name in names {
            if let flag = Self.names.first(where: { $0.1 == name }) { value.insert(flag.0) }
        }
        self = value
    }

    public init(from decoder: any Decoder) throws {
        self.init(names: try decoder.singleValueContainer().decode([String].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(names)
    }
}

/// Direction relative to "us" (see ``Us``).
public enum Direction: String, Sendable, Hashable, Codable {
    /// From someone outside to us.
    case inbound
    /// From us to someone outside.
    case outbound
    /// Between people on our side only.
    case `internal`
    /// Between outside people only, or not classified yet.
    case unknown
}
