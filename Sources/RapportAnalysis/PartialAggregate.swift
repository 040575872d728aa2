public import RapportCore
public import RapportSentiment

/// One message reduced to what dynamics and scoring need. Text (and tone-marker spans) is kept only for
/// messages inside the timeline window (warning rules and quoted evidence need it); older messages keep
/// numbers and flags only.
public struct EventRecord: Sendable, Hashable {
    public var id: String
    public var thread: String
    public var parent: String?
    public var date: Timestamp
    public var inbound: Bool
    public var channel: ChannelKind
    /// Identity key of the author (external person for inbound, our person for outbound).
    public var author: String
    /// Identity keys of external recipients (outbound mail); empty for chat and tickets.
    public var recipients: [String]
    public var words: Int32
    public var sentiment: Double?
    /// Bit i set ⇔ tone marker kind `ToneMarkerKind.allCases[i]` present.
    public var markerMask: UInt32
    public var asks: Bool
    public var closer: Bool
    public var mobile: Bool
    public var text: String?
    public var markers: [ToneMarker]

    var instant: Double { date.instant }

    func has(_ kind: ToneMarkerKind) -> Bool { markerMask & EventRecord.bit(kind) != 0 }

    static func bit(_ kind: ToneMarkerKind) -> UInt32 {
        1 << UInt32(ToneMarkerKind.allCases.firstIndex(of: kind) ?? 31)
    }

    static let informalMask: UInt32 = TextFeatures.informalKinds.reduce(0) { $0 | bit($1) }
    static let formalMask: UInt32 = TextFeatures.formalKinds.reduce(0) { $0 | bit($1) }

    var isInformal: Bool { markerMask & Self.informalMask != 0 }
    var isFormal: Bool { markerMask & Self.formalMask != 0 }

    /// Total order used to pick one of two records with the same id (duplicates across inputs), so the
    /// choice does not depend on input order.
    func precedes(_ o: EventRecord) -> Bool {
        if date != o.date { return date < o.date }
        if thread != o.thread { return thread < o.thread }
        if author != o.author { return author < o.author }
        if channel != o.channel { return channel.rawValue < o.channel.rawValue }
        if words != o.words { return words < o.words }
        return (text ?? "") < (o.text ?? "")
    }

    /// Sort order within a contact: date instant, then id.
    static func chronological(_ a: EventRecord, _ b: EventRecord) -> Bool {
        if a.date.seconds != b.date.seconds { return a.date.seconds < b.date.seconds }
        if a.date.microseconds != b.date.microseconds { return a.date.microseconds < b.date.microseconds }
        return a.id < b.id
    }
}

/// What is known about one identity (an address, a Slack user, a ticket author).
public struct IdentityRecord: Sendable, Hashable {
    public var key: String
    public var email: String?
    public var displayName: String
    /// Date and id of the message the display name comes from (the newest wins).
    var nameStamp: Timestamp?
    var nameMessage: String
    public var title: String?
    var titleStamp: Timestamp?
    var titleMessage: String
    public var sources: Set<String>

    mutating func merge(_ o: IdentityRecord) {
        if email == nil || (o.email != nil && o.email! < email!) { email = o.email ?? email }
        if !o.displayName.isEmpty,
            displayName.isEmpty || Self.newer(o.nameStamp, o.nameMessage, than: nameStamp, nameMessage)
        {
            displayName = o.displayName
            nameStamp = o.nameStamp
            nameMessage = o.nameMessage
        }
        if o.title != nil, title == nil || Self.newer(o.titleStamp, o.titleMessage, than: titleStamp, titleMessage) {
            title = o.title
            titleStamp = o.titleStamp
            titleMessage = o.titleMessage
        }
        sources.formUnion(o.sources)
    }

    /// Same as merging a one-message record, without allocating one.
    mutating func observe(
        email e: String?, name: String, stamp: Timestamp?, message: String, title t: String?, source: String
    ) {
        if let e, email == nil || e < email! { email = e }
        if !name.isEmpty, displayName.isEmpty || Self.newer(stamp, message, than: nameStamp, nameMessage) {
            displayName = name
            nameStamp = stamp
            nameMessage = message
        }
        if let t, title == nil || Self.newer(stamp, message, than: titleStamp, titleMessage) {
            title = t
            titleStamp = stamp
            titleMessage = message
        }
        if !sources.contains(source) { sources.insert(source) }
    }

    static func newer(_ a: Timestamp?, _ aID: String, than b: Timestamp?, _ bID: String) -> Bool {
        switch (a, b) {
        case (nil, nil): return aID > bID
        case (nil, _): return false
        case (_, nil): return true
        case (let x?, let y?): return x != y ? y < x : aID > bID
        }
    }
}

/// Counts of what analysis did with the messages it was given.
public struct AnalysisCounts: Sendable, Hashable, Codable {
    /// Messages handed to analysis.
    public var received: Int = 0
    /// Messages used (conversational, dated, between us and someone outside).
    public var used: Int = 0
    /// Messages not used, by reason (`automated`, `internal`, `not-involving-us`, `undated`, `after-as-of`,
    /// `duplicate-id`, `no-external-participant`).
    public var notUsed: [String: Int] = [:]

    public init() {}

    mutating func merge(_ o: AnalysisCounts) {
        received += o.received
        used += o.used
        for (k, v) in o.notUsed { notUsed[k, default: 0] += v }
    }
}

/// Mergeable partial result of the streaming pass: aggregates computed on separate shards of the input
/// combine, in any order, into exactly the aggregate of one pass over everything.
///
/// Holds one compact ``EventRecord`` per used message (duplicates by id collapse deterministically) and
/// one ``IdentityRecord`` per identity; text is kept only inside the timeline window. Merging is a
/// union with order-independent tie-breaks, so `a.merge(b)` and `b.merge(a)` are equal.
public struct PartialAggregate: Sendable {
    public private(set) var events: [String: EventRecord] = [:]
    public private(set) var identities: [String: IdentityRecord] = [:]
    public private(set) var counts = AnalysisCounts()
    /// Newest used message instant.
    public private(set) var newest: Double = -.infinity
    /// Messages after this instant are ignored (`--as-of`).
    public let asOf: Double?
    /// Days of text kept before the newest message (or as-of).
    public let timelineDays: Int
    private var addsSincePrune = 0

    public init(asOf: Timestamp?, timelineDays: Int) {
        self.asOf = asOf?.instant
        self.timelineDays = timelineDays
    }

    /// The instant before which text is dropped.
    var textCutoff: Double {
        let reference = asOf ?? newest
        return reference - Double(timelineDays) * 86_400
    }

    /// Adds one message. `direction` must already be classified (see ``Us/classify(_:)``).
    public mutating func add(_ m: Message, featurizer: Featurizer) {
        counts.received += 1
        guard m.isConversational else {
            counts.notUsed["automated", default: 0] += 1
            return
        }
        guard let date = m.date else {
            counts.notUsed["undated", default: 0] += 1
            return
        }
        if let asOf, date.instant > asOf {
            counts.notUsed["after-as-of", default: 0] += 1
            return
        }
        let inbound: Bool
        switch m.direction {
        case .inbound: inbound = true
        case .outbound: inbound = false
        case .internal:
            counts.notUsed["internal", default: 0] += 1
            return
        case .unknown:
            counts.notUsed["not-involving-us", default: 0] += 1
            return
        }
        counts.used += 1
        let keepText = date.instant >= textCutoff
        let f = featurizer.features(of: m, keepMarkers: keepText)
        var recipients: [String] = []
        if !inbound {
            var seen = Set<String>()
            for p in m.to + m.cc where !featurizer.us.contains(p) {
                let key = Self.identityKey(p)
                if seen.insert(key).inserted { recipients.append(key) }
                note(p, m, title: nil)
            }
            recipients.sort()
        }
        let author = Self.identityKey(m.from)
        if inbound {
            // Titles come from signatures (mail reader) or, for mail only, the last lines of the text.
            let signature = m.attributes["signature"]
            let title =
                signature != nil || m.channel == .email
                ? TextFeatures.title(text: m.text, signature: signature) : nil
            note(m.from, m, title: title)
        }
        let record = EventRecord(
            id: m.id, thread: m.thread, parent: m.parent, date: date, inbound: inbound, channel: m.channel,
            author: author, recipients: recipients, words: Int32(clamping: f.words), sentiment: f.sentiment,
            markerMask: f.markers.reduce(0) { $0 | EventRecord.bit($1.kind) }, asks: f.asksSomething,
            closer: f.isCloser, mobile: f.hasMobileFooter, text: keepText ? m.text : nil,
            markers: keepText ? f.markers : [])
        insert(record)
        newest = max(newest, date.instant)
        addsSincePrune += 1
        if addsSincePrune >= 50_000 {
            pruneText()
            addsSincePrune = 0
        }
    }

    private mutating func insert(_ r: EventRecord) {
        if let existing = events[r.id] {
            counts.notUsed["duplicate-id", default: 0] += 1
            counts.used -= 1
            if r.precedes(existing) { events[r.id] = r }
        } else {
            events[r.id] = r
        }
    }

    private mutating func note(_ p: Participant, _ m: Message, title: String?) {
        let key = Self.identityKey(p)
        let named = !p.displayName.isEmpty
        if identities[key] != nil {
            // In place, without building a record (the common case: a known identity).
            identities[key]!.observe(
                email: p.email, name: p.displayName, stamp: m.date, message: m.id, title: title,
                source: m.source.rawValue)
            return
        }
        identities[key] = IdentityRecord(
            key: key, email: p.email, displayName: p.displayName, nameStamp: named ? m.date : nil,
            nameMessage: named ? m.id : "", title: title,
            titleStamp: title == nil ? nil : m.date, titleMessage: title == nil ? "" : m.id,
            sources: [m.source.rawValue])
    }

    /// Drops text older than the timeline window (deterministic: depends only on the final window).
    public mutating func pruneText() {
        let cutoff = textCutoff
        // Walk by index and mutate values in place (iterating the dictionary itself while mutating it
        // would copy all of it).
        var i = events.startIndex
        while i != events.endIndex {
            if events.values[i].text != nil && events.values[i].instant < cutoff {
                events.values[i].text = nil
                events.values[i].markers = []
            }
            events.formIndex(after: &i)
        }
    }

    /// Combines another shard's aggregate into this one (commutative and associative).
    public mutating func merge(_ other: PartialAggregate) {
        counts.merge(other.counts)
        for (_, r) in other.events { insert(r) }
        for (k, v) in other.identities {
            if var mine = identities[k] {
                mine.merge(v)
                identities[k] = mine
            } else {
                identities[k] = v
            }
        }
        newest = max(newest, other.newest)
        pruneText()
    }

    /// Identity key of a participant: lower-cased id (addresses are already lower-cased).
    static func identityKey(_ p: Participant) -> String { p.id.lowercased() }
}

/// Per-message feature extraction (sentiment + byte-level features). Not `Sendable`: one per task.
public final class Featurizer {
    public let us: Us
    let analyzer: SentimentAnalyzer?

    public init(us: Us, analyzer: SentimentAnalyzer?) {
        self.us = us
        self.analyzer = analyzer
    }

    struct Features {
        var words: Int
        var sentiment: Double?
        var markers: [ToneMarker]
        var asksSomething: Bool
        var isCloser: Bool
        var hasMobileFooter: Bool
    }

    func features(of m: Message, keepMarkers: Bool) -> Features {
        let t = TextFeatures.extract(
            m.text, signature: m.attributes["signature"],
            mobileFooterAttribute: m.attributes["mobile_footer"] == "true" || m.attributes["mobile-footer"] == "true")
        var markers = t.markers
        var sentiment: Double?
        if let analyzer, !m.text.isEmpty {
            let s = analyzer.analyze(m.text)
            sentiment = s.score?.compound
            let fallbackKinds = Set(s.markers.map(\.kind))
            markers = s.markers + t.markers.filter { !fallbackKinds.contains($0.kind) }
        }
        markers.sort { a, b in
            a.evidence.start != b.evidence.start
                ? a.evidence.start < b.evidence.start : a.kind.rawValue < b.kind.rawValue
        }
        return Features(
            words: t.words, sentiment: sentiment, markers: markers, asksSomething: t.asksSomething,
            isCloser: t.isCloser, hasMobileFooter: t.hasMobileFooter)
    }
}
