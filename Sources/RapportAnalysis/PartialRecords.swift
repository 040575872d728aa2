public import RapportCore
public import RapportSentiment

/// One message after the map stage: normalized, featurized and scored, but not yet classified
/// relative to "us" (who "us" is may only be known once every shard's ``UsEvidence`` is merged).
///
/// Holds what ``Us/classify(_:)`` needs (participants, channel, a direction the reader fixed itself),
/// what identity resolution needs (participants with names, the signature title) and the per-message
/// features ``PartialAggregate`` keeps. Text and tone-marker spans are kept only inside the shard's
/// timeline window (see ``PartialAggregate/add(_:us:)``).
public struct MessageRecord: Sendable, Hashable, Codable {
    public var id: String
    public var source: SourceKind
    public var thread: String
    public var parent: String?
    public var date: Timestamp?
    public var channel: ChannelKind
    public var from: Participant
    public var to: [Participant]
    public var cc: [Participant]
    /// Direction fixed by the reader (`unknown` when it depends on "us").
    public var direction: Direction
    public var conversational: Bool
    /// Title from the signature (used when the message turns out inbound).
    public var title: String?
    public var words: Int32
    public var sentiment: Double?
    public var markerMask: UInt32
    public var asks: Bool
    public var closer: Bool
    public var mobile: Bool
    /// Text, inside the shard's timeline window only.
    public var text: String?
    /// Tone markers with spans, inside the timeline window only.
    public var markers: [ToneMarker]
    /// `true` when the text was dropped by the map stage (outside the shard's window).
    public var textDropped: Bool
    /// Slack reactions (`attributes["reactions"]`, `name:user,user;…`), kept whatever the window.
    public var reactions: String?
    /// What the export knows of the reactors (`attributes["reactors"]`, ``SlackReactors``): placed against
    /// "us" in the reduce stage. Absent from records written before it existed.
    public var reactors: String?
    /// A Slack huddle (`attributes["huddle"]`): its outside participants get presence events. Absent
    /// (nil) for every other message and in records written before it existed.
    public var huddle: Bool?
    /// A huddle's participants' own UTC offsets (`attributes["huddle_offsets"]`) for their presence events.
    /// Absent for every other message and in records written before it existed.
    public var huddleOffsets: String? = nil
    /// The reason the reader counted an automated message under in its summary's `excluded`: taken out of
    /// that count when the reduce sets the message aside as a copy of one from another input. Absent for
    /// other messages and in records written before it existed.
    public var excluded: String? = nil
    /// Mail with a Message-ID: its ``CopyFingerprint`` (16 hex digits), which tells a copy of a message read
    /// in another shard from a different message under the same id. Absent for other messages and in
    /// records written before it existed (those match by id only).
    public var fingerprint: String? = nil

    private enum CodingKeys: String, CodingKey {
        case id, source, thread, parent, date, channel, from, to, cc, direction, conversational, title, words,
            sentiment, markerMask = "marker_mask", asks, closer, mobile, text, markers, textDropped = "text_dropped",
            reactions, reactors, huddle, huddleOffsets = "huddle_offsets", excluded, fingerprint
    }

    /// ``fingerprint`` as a number; 0 when absent or unreadable.
    var fingerprintValue: UInt64 { fingerprint.flatMap { UInt64($0, radix: 16) } ?? 0 }

    /// The fields ``Us/classify(_:)`` reads, as a message.
    var classifiable: Message {
        Message(
            id: id, source: source, locator: SourceLocator(file: ""), thread: thread, parent: parent, from: from,
            to: to, cc: cc, date: date, channel: channel, text: "", direction: direction)
    }
}

extension Featurizer {
    /// The map-stage record of a message; text and markers are kept when `keepText`.
    public func record(of m: Message, keepText: Bool, exclusion: String? = nil) -> MessageRecord {
        let conversational = m.isConversational
        var f = Features(
            words: 0, sentiment: nil, markers: [], asksSomething: false, isCloser: false,
            hasMobileFooter: false)
        var title: String?
        if conversational && m.date != nil {
            f = features(of: m)
            // The one title rule of PartialAggregate.add.
            title = PartialAggregate.title(text: m.text, signature: m.attributes["signature"], channel: m.channel)
        }
        return MessageRecord(
            id: m.id, source: m.source, thread: m.thread, parent: m.parent, date: m.date, channel: m.channel,
            from: m.from, to: m.to, cc: m.cc, direction: m.direction, conversational: conversational, title: title,
            words: Int32(clamping: f.words), sentiment: f.sentiment,
            markerMask: f.markers.reduce(0) { $0 | EventRecord.bit($1.kind) }, asks: f.asksSomething,
            closer: f.isCloser, mobile: f.hasMobileFooter, text: keepText ? m.text : nil,
            markers: keepText ? f.markers : [], textDropped: !keepText,
            reactions: conversational ? m.attributes["reactions"] : nil,
            reactors: conversational ? m.attributes["reactors"] : nil,
            huddle: conversational && m.source == .slack && m.attributes["huddle"] == "true" ? true : nil,
            huddleOffsets: conversational && m.source == .slack ? m.attributes["huddle_offsets"] : nil,
            excluded: exclusion, fingerprint: CopyFingerprint.of(m).map(CopyFingerprint.hex))
    }
}

extension PartialAggregate {
    /// Adds a map-stage record, classifying it against `us` now. Same rules and counts as
    /// ``add(_:featurizer:)`` on the original message (the partials test compares the reports byte for
    /// byte). Returns the record's instant when it was used but its text had been dropped by the map stage.
    @discardableResult
    public mutating func add(_ r: MessageRecord, us: Us) -> Double? {
        guard
            let (date, inbound) = admit(
                id: r.id, fingerprint: r.fingerprintValue, conversational: r.conversational, date: r.date,
                exclusion: r.excluded,
                direction: r.direction == .unknown ? us.classify(r.classifiable) : r.direction)
        else { return nil }
        let keepText = date.instant >= textCutoff
        addUsed(
            id: r.id, fingerprint: r.fingerprintValue, thread: r.thread, date: date, inbound: inbound,
            channel: r.channel, from: r.from, to: r.to,
            cc: r.cc, us: us, source: r.source, title: inbound ? r.title : nil, words: r.words,
            sentiment: r.sentiment, markerMask: r.markerMask, asks: r.asks, closer: r.closer, mobile: r.mobile,
            text: keepText ? r.text : nil, markers: keepText ? r.markers : [], reactions: r.reactions,
            reactors: r.reactors)
        if r.huddle == true {
            addHuddlePresence(
                huddle: r.id, thread: r.thread, date: date, inbound: inbound, channel: r.channel, from: r.from,
                to: r.to, us: us, source: r.source, offsets: r.huddleOffsets)
        }
        return r.textDropped ? date.instant : nil
    }

    /// The instant before which the single pass keeps no text: `asOf` (or the newest used message) minus
    /// the timeline window.
    public var textWindowStart: Double { textCutoff }
}
