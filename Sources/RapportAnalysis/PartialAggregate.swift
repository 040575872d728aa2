import Foundation
public import RapportCore
public import RapportSentiment

/// One used message reduced to fixed-size numbers (48 bytes): no strings, no references. Strings live
/// in the aggregate's ``StringTable``s (message id = the event's index, thread, author), recipient sets
/// in an interned list table, text and tone-marker spans in a side table for the timeline window only.
struct Event: Sendable {
    var seconds: Int64
    /// Valid when ``hasSentiment``.
    var sentimentValue: Double
    var microseconds: Int32
    var utcOffset: Int32
    var thread: Int32
    /// Identity key of the author (external person for inbound, our person for outbound).
    var author: Int32
    /// Index of a recipient key list; -1 for none. Outbound: the external recipients (mail To + Cc, chat
    /// mentions). Inbound: the one person of ours it addresses (mail To + Cc, chat mentions), when exactly one.
    var recipients: Int32
    var words: Int32
    /// Bit i set ⇔ tone marker kind `ToneMarkerKind.allCases[i]` present.
    var markerMask: UInt32
    /// Index in `ChannelKind.allCases`.
    var channelIndex: UInt8
    var flags: UInt8

    static let inboundFlag: UInt8 = 1
    static let asksFlag: UInt8 = 2
    static let closerFlag: UInt8 = 4
    static let mobileFlag: UInt8 = 8
    static let sentimentFlag: UInt8 = 16
    /// Someone other than the author reacted (Slack): the reactors are in ``PartialAggregate/reactions``.
    static let reactedFlag: UInt8 = 32
    /// Presence, not a turn: an outsider who joined a Slack huddle someone else started
    /// (``PartialAggregate/addHuddlePresence(huddle:thread:date:inbound:channel:from:to:us:source:)``). It
    /// counts as a message of its side (volume, cadence, silence, channels) but takes no part in reply
    /// pairing, runs, thread starts or clocks, and carries no words.
    static let presenceFlag: UInt8 = 64

    static let channels = ChannelKind.allCases

    var date: Timestamp { Timestamp(seconds: seconds, microseconds: microseconds, utcOffset: utcOffset) }
    var instant: Double { Double(seconds) + Double(microseconds) / 1_000_000 }
    var inbound: Bool { flags & Self.inboundFlag != 0 }
    var asks: Bool { flags & Self.asksFlag != 0 }
    var closer: Bool { flags & Self.closerFlag != 0 }
    var mobile: Bool { flags & Self.mobileFlag != 0 }
    var sentiment: Double? { flags & Self.sentimentFlag != 0 ? sentimentValue : nil }
    var reacted: Bool { flags & Self.reactedFlag != 0 }
    var presence: Bool { flags & Self.presenceFlag != 0 }
    var channel: ChannelKind { Self.channels[Int(channelIndex)] }
    var isInformal: Bool { markerMask & EventRecord.informalMask != 0 }
    var isFormal: Bool { markerMask & EventRecord.formalMask != 0 }

    /// Same instant (seconds, microseconds): the order of ``EventRecord/chronological(_:_:)`` before the id.
    func sameInstant(_ o: Event) -> Bool { seconds == o.seconds && microseconds == o.microseconds }
    func earlier(_ o: Event) -> Bool {
        seconds != o.seconds ? seconds < o.seconds : microseconds < o.microseconds
    }
}

/// Text and tone-marker spans of a message inside the timeline window.
struct KeptText: Sendable {
    var text: String
    var markers: [ToneMarker]
}

/// One used message with its strings, built on demand from an ``Event`` (only for the few messages
/// whose ids, threads or texts reach the output).
struct EventRecord: Sendable, Hashable {
    var id: String
    var thread: String
    var date: Timestamp
    var inbound: Bool
    var channel: ChannelKind
    var words: Int32
    var sentiment: Double?
    var markerMask: UInt32
    var asks: Bool
    var closer: Bool
    var mobile: Bool
    var text: String?
    var markers: [ToneMarker]

    var instant: Double { date.instant }

    static func bit(_ kind: ToneMarkerKind) -> UInt32 {
        1 << UInt32(ToneMarkerKind.allCases.firstIndex(of: kind) ?? 31)
    }

    static let informalMask: UInt32 = TextFeatures.informalKinds.reduce(0) { $0 | bit($1) }
    static let formalMask: UInt32 = TextFeatures.formalKinds.reduce(0) { $0 | bit($1) }

    var isInformal: Bool { markerMask & Self.informalMask != 0 }
    var isFormal: Bool { markerMask & Self.formalMask != 0 }

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
/// Holds one fixed-size ``Event`` per used message (duplicates by id collapse deterministically), message
/// ids, threads and identity keys interned in byte arenas, and one ``IdentityRecord`` per identity; text is
/// kept only inside the timeline window (docs/dynamics.md, "Memory"). Merging is a union with
/// order-independent tie-breaks, so `a.merge(b)` and `b.merge(a)` analyze identically.
public struct PartialAggregate: Sendable {
    /// Message ids; the index of an id is the index of its event.
    var ids = StringTable()
    /// The ``CopyFingerprint`` of each of ``ids`` (0: none — not mail, or a record written before it existed).
    var idFingerprints: [UInt64] = []
    var events: [Event] = []
    var threads = StringTable()
    /// Identity keys of authors and recipients.
    var keys = StringTable()
    /// Interned recipient key lists (sorted key indices), referenced by ``Event/recipients``.
    var recipientLists: [[Int32]] = []
    var recipientListIndex: [[Int32]: Int32] = [:]
    /// Text of events inside the timeline window, by event index.
    var texts: [Int32: KeptText] = [:]
    /// Who reacted to an event, by event index (only events with ``Event/reactedFlag``; a side table so
    /// that the 48-byte event does not grow).
    var reactions: [Int32: [Reactor]] = [:]
    public internal(set) var identities: [String: IdentityRecord] = [:]
    public internal(set) var counts = AnalysisCounts()
    /// Ids of the messages received but not used (automated, undated, …), with the reason counted for
    /// each (an index into ``notUsedOrder``): a later copy of one of them, or of a used message, is a
    /// `duplicate-id` whatever it is, as `rapport ingest` counts a `duplicate` before anything else.
    var unusedIDs = StringTable()
    /// The ``CopyFingerprint`` of each of ``unusedIDs`` (0: none).
    var unusedFingerprints: [UInt64] = []
    var unusedReasons: [UInt8] = []
    /// The reader's exclusion reason (``IngestSummary/excluded``) of the copy counted for each of
    /// ``unusedIDs``, if it had one.
    var unusedExclusions: [String?] = []
    /// Exclusion reasons of the copies set aside as `duplicate-id` (the readers counted them in
    /// ``IngestSummary/excluded``): what to take out of those counts when the report counts the copies
    /// as skipped duplicates instead.
    public internal(set) var duplicateExclusions: [String: Int] = [:]
    /// Newest used message instant.
    public internal(set) var newest: Double = -.infinity
    /// Messages after this instant are ignored (`--as-of`).
    public let asOf: Double?
    /// Days of text kept before the newest message (or as-of).
    public let timelineDays: Int
    var addsSincePrune = 0

    public init(asOf: Timestamp?, timelineDays: Int) {
        self.asOf = asOf?.instant
        self.timelineDays = timelineDays
    }

    /// Distinct used messages held.
    public var eventCount: Int { events.count }

    /// The instant before which text is dropped.
    var textCutoff: Double {
        let reference = asOf ?? newest
        return reference - Double(timelineDays) * 86_400
    }

    /// Adds one message. `direction` must already be classified (see ``Us/classify(_:)``); `exclusion` is
    /// the reason the reader counted it as excluded, if any.
    public mutating func add(_ m: Message, featurizer: Featurizer, exclusion: String? = nil) {
        let fingerprint = CopyFingerprint.of(m) ?? 0
        guard
            let (date, inbound) = admit(
                id: m.id, fingerprint: fingerprint, conversational: m.isConversational, date: m.date,
                exclusion: exclusion, direction: m.direction)
        else { return }
        let keepText = date.instant >= textCutoff
        // Features computed on the reader's worker thread (``FeaturizerPool``) when it ran, else here.
        let f =
            (m.precomputed.object as? PrecomputedFeatures)?.features
            ?? featurizer.features(of: m)
        let signature = m.attributes["signature"]
        addUsed(
            id: m.id, fingerprint: fingerprint, thread: m.thread, date: date, inbound: inbound,
            channel: m.channel, from: m.from,
            to: m.to, cc: m.cc, us: featurizer.us, source: m.source,
            title: inbound ? Self.title(text: m.text, signature: signature, channel: m.channel) : nil,
            words: Int32(clamping: f.words), sentiment: f.sentiment,
            markerMask: f.markers.reduce(0) { $0 | EventRecord.bit($1.kind) }, asks: f.asksSomething,
            closer: f.isCloser, mobile: f.hasMobileFooter, text: keepText ? m.text : nil,
            markers: keepText ? f.markers : [], reactions: m.attributes["reactions"],
            reactors: m.attributes["reactors"])
        if m.source == .slack && m.attributes["huddle"] == "true" {
            addHuddlePresence(
                huddle: m.id, thread: m.thread, date: date, inbound: inbound, channel: m.channel,
                from: m.from, to: m.to, us: featurizer.us, source: m.source, offsets: m.attributes["huddle_offsets"])
        }
    }

    /// A Slack huddle is one message of its creator's side (docs/slack.md, "Huddles"); an outsider who
    /// joined it — a customer in our huddle, a second person of theirs in their colleague's — had a
    /// synchronous contact with us too. Each external participant but the author gets a presence event
    /// (``Event/presenceFlag``: inbound, at the huddle's time, in its thread, addressed to the people of
    /// ours in it), when at least one of us took part. Not counted as a used message (it is no message).
    /// The presence carries the participant's own UTC offset when the reader knew it (`offsets`: the
    /// `huddle_offsets` attribute, `id:seconds;…`), as every message of theirs does; else the huddle's.
    mutating func addHuddlePresence(
        huddle: String, thread: String, date: Timestamp, inbound: Bool, channel: ChannelKind, from: Participant,
        to: [Participant], us: Us, source: SourceKind, offsets: String? = nil
    ) {
        let ours = ([from] + to).filter { $0.isList != true && us.contains($0) }
        guard !ours.isEmpty else { return }
        let authorKey = Self.identityKey(from)
        var done: Set<String> = [authorKey]
        let own = offsets.map(Self.huddleOffsets) ?? [:]
        for p in to where p.isList != true && !us.contains(p) && done.insert(Self.identityKey(p)).inserted {
            var date = date
            if let offset = own[p.id] { date.utcOffset = offset }
            addUsed(
                id: huddle + "#joined/" + p.id, thread: thread, date: date, inbound: true, channel: channel, from: p,
                to: ours, cc: [], us: us, source: source, title: nil, words: 0, sentiment: nil, markerMask: 0,
                asks: false, closer: true, mobile: false, text: nil, markers: [], reactions: nil, reactors: nil,
                presence: true)
        }
    }

    /// The `huddle_offsets` attribute of a Slack huddle (`U2:-18000;U3:3600`: each participant's UTC offset
    /// at the huddle's time, docs/slack.md) by user id; malformed items are left out.
    static func huddleOffsets(_ text: String) -> [String: Int32] {
        var result: [String: Int32] = [:]
        for item in text.utf8.split(separator: UInt8(ascii: ";")) {
            guard let colon = item.firstIndex(of: UInt8(ascii: ":")),
                let offset = Int32(Substring(item[item.index(after: colon)...])), abs(offset) <= 18 * 3600
            else { continue }
            let id = String(Substring(item[..<colon]))
            if !id.isEmpty { result[id] = offset }
        }
        return result
    }

    /// The title rule, shared by the one-pass and the map-stage paths: a signature (mail reader) or, for
    /// mail only, the last lines of the text. Used only when the message turns out inbound.
    static func title(text: String, signature: String?, channel: ChannelKind) -> String? {
        signature != nil || channel == .email ? TextFeatures.title(text: text, signature: signature) : nil
    }

    /// Why a received message is not used, in the order of the gates: of two copies of one id that are
    /// both not used, the reason earlier here is the one counted (order-independent).
    static let notUsedOrder = ["automated", "undated", "after-as-of", "internal", "not-involving-us"]

    /// The gate shared by both add paths: counts the message, and returns its date and whether it is
    /// inbound when it is used. `direction` is evaluated only for dated conversational messages.
    ///
    /// Every received message is deduplicated by id first, whatever happens to it next (the definition of
    /// `rapport ingest`'s `duplicate`): of all the copies of an id, one is counted — the used one if a
    /// copy is used (of two used copies, ``insert(id:_:_:_:)`` keeps the one that sorts first), else the
    /// one with the earliest reason in ``notUsedOrder`` (then the smaller reader exclusion reason) — and every
    /// other copy is `duplicate-id`, its exclusion reason noted in ``duplicateExclusions``. The
    /// result does not depend on the order messages (or shards) arrive in.
    ///
    /// Mail copies are matched by id *and* ``CopyFingerprint`` (`fingerprint`, 0 when none): a different
    /// message under an id already held is no copy and is kept as a message of its own (see ``find(_:_:in:_:)``).
    mutating func admit(
        id: String, fingerprint: UInt64 = 0, conversational: Bool, date: Timestamp?, exclusion: String?,
        direction: @autoclosure () -> Direction
    )
        -> (Timestamp, Bool)?
    {
        counts.received += 1
        let reason: Int
        if !conversational {
            reason = 0
        } else if date == nil {
            reason = 1
        } else if let asOf, let date, date.instant > asOf {
            reason = 2
        } else {
            switch direction() {
            case .inbound: return used(id: id, fingerprint, date!, true)
            case .outbound: return used(id: id, fingerprint, date!, false)
            case .internal: reason = 3
            case .unknown: reason = 4
            }
        }
        if Self.find(id, fingerprint, in: ids, idFingerprints) != nil {
            setAside(exclusion)
            return nil
        }
        if let index = Self.find(id, fingerprint, in: unusedIDs, unusedFingerprints) {
            keepFirst(Int(index), UInt8(reason), exclusion)
            return nil
        }
        unusedIDs.intern(Self.name(id, fingerprint, in: unusedIDs))
        unusedFingerprints.append(fingerprint)
        unusedReasons.append(UInt8(reason))
        unusedExclusions.append(exclusion)
        counts.notUsed[Self.notUsedOrder[reason], default: 0] += 1
        return nil
    }

    /// The entry of `table` (with fingerprints `fingerprints`) that holds the message `id` with
    /// `fingerprint`: the entry named by its Message-ID when it has the same fingerprint (or one of them has
    /// none), else the entry named `id#<fingerprint>` (``CopyFingerprint/distinctID(_:_:)``). The reader names
    /// a later, different message under one Message-ID that way; the suffix is taken off first.
    static func find(_ id: String, _ fingerprint: UInt64, in table: StringTable, _ fingerprints: [UInt64]) -> Int32? {
        guard fingerprint != 0 else { return table.index(of: id) }
        let base = Self.base(id, fingerprint)
        if let i = table.index(of: base), fingerprints[Int(i)] == fingerprint || fingerprints[Int(i)] == 0 {
            return i
        }
        return table.index(of: CopyFingerprint.distinctID(base, fingerprint))
    }

    /// The name under which a message that ``find(_:_:in:_:)`` did not find is added to `table`: its
    /// Message-ID, or `id#<fingerprint>` when a different message holds that.
    static func name(_ id: String, _ fingerprint: UInt64, in table: StringTable) -> String {
        guard fingerprint != 0 else { return id }
        let base = Self.base(id, fingerprint)
        return table.index(of: base) == nil ? base : CopyFingerprint.distinctID(base, fingerprint)
    }

    /// The Message-ID of `id` (``CopyFingerprint/baseID(_:_:)``), `id` itself (no new string) when it has
    /// no suffix — nearly always.
    private static func base(_ id: String, _ fingerprint: UInt64) -> String {
        let base = CopyFingerprint.baseID(id, fingerprint)
        return base.endIndex == id.endIndex ? id : String(base)
    }

    /// Two not-used copies of one id: the one whose (reason, exclusion) sorts first stays counted, the
    /// other is a `duplicate-id`.
    private mutating func keepFirst(_ index: Int, _ reason: UInt8, _ exclusion: String?) {
        let old = unusedReasons[index]
        let oldExclusion = unusedExclusions[index]
        if (reason, exclusion ?? "") < (old, oldExclusion ?? "") {
            uncount(Self.notUsedOrder[Int(old)])
            counts.notUsed[Self.notUsedOrder[Int(reason)], default: 0] += 1
            unusedReasons[index] = reason
            unusedExclusions[index] = exclusion
            setAside(oldExclusion)
        } else {
            setAside(exclusion)
        }
    }

    /// Counts a copy set aside as `duplicate-id`.
    private mutating func setAside(_ exclusion: String?) {
        counts.notUsed["duplicate-id", default: 0] += 1
        if let exclusion { duplicateExclusions[exclusion, default: 0] += 1 }
    }

    /// A used message: a copy of it counted earlier as not used becomes its duplicate.
    private mutating func used(
        id: String, _ fingerprint: UInt64, _ date: Timestamp, _ inbound: Bool
    ) -> (
        Timestamp, Bool
    ) {
        if let index = Self.find(id, fingerprint, in: unusedIDs, unusedFingerprints) { replaceUnused(Int(index)) }
        return (date, inbound)
    }

    /// The not-used copy counted for `unusedIDs[index]` is a duplicate of a used copy.
    private mutating func replaceUnused(_ index: Int) {
        guard unusedReasons[index] != Self.replacedByUsed else { return }
        uncount(Self.notUsedOrder[Int(unusedReasons[index])])
        setAside(unusedExclusions[index])
        unusedReasons[index] = Self.replacedByUsed
        unusedExclusions[index] = nil
    }

    /// Marks an id of ``unusedIDs`` whose counted copy is now a used one.
    static let replacedByUsed: UInt8 = .max

    private mutating func uncount(_ reason: String) {
        let left = (counts.notUsed[reason] ?? 0) - 1
        counts.notUsed[reason] = left > 0 ? left : nil
    }

    /// Records one used message (after ``admit(id:conversational:date:direction:)``), shared by both add
    /// paths: identities of the external participants, the event, text pruning.
    mutating func addUsed(
        id: String, fingerprint: UInt64 = 0, thread: String, date: Timestamp, inbound: Bool, channel: ChannelKind,
        from: Participant,
        to: [Participant], cc: [Participant], us: Us, source: SourceKind, title: String?, words: Int32,
        sentiment: Double?, markerMask: UInt32, asks: Bool, closer: Bool, mobile: Bool, text: String?,
        markers: [ToneMarker], reactions: String?, reactors: String?, presence: Bool = false
    ) {
        if !presence { counts.used += 1 }
        var list: Int32 = -1
        if !inbound {
            var recipients: [Int32] = []
            for p in to + cc where p.isList != true && !us.contains(p) {
                let key = keys.intern(Self.identityKey(p)).index
                if !recipients.contains(key) { recipients.append(key) }
                note(p, id: id, date: date, source: source, title: nil)
            }
            list = internList(recipients)
        } else {
            // The one person of ours an inbound message addresses: whose clock an item waiting on us ages
            // on before any of us wrote in the thread.
            var addressee: String?
            var several = false
            for p in to + cc where p.isList != true && us.contains(p) {
                let key = Self.identityKey(p)
                if addressee == nil {
                    addressee = key
                } else if addressee != key {
                    several = true
                }
            }
            if let addressee, !several { list = internList([keys.intern(addressee).index]) }
        }
        if inbound { note(from, id: id, date: date, source: source, title: title) }
        var flags: UInt8 = inbound ? Event.inboundFlag : 0
        if asks { flags |= Event.asksFlag }
        if closer { flags |= Event.closerFlag }
        if mobile { flags |= Event.mobileFlag }
        if sentiment != nil { flags |= Event.sentimentFlag }
        if presence { flags |= Event.presenceFlag }
        let authorKey = Self.identityKey(from)
        var reacting: [Reactor] = []
        if let reactions {
            // What the export knows of each reactor (team, email, external): placed against "us" as an
            // author is, so a colleague who only reacts is ours (docs/dynamics.md, "Reactions").
            let known = reactors.map(SlackReactors.participants) ?? [:]
            // The author's own reactions are no engagement.
            for r in Reactions.reactors(reactions) {
                let key = r.user.lowercased()
                guard key != authorKey else { continue }
                let ours = us.identities.contains(key) || known[key].map(us.contains) == true
                // An outsider the export knows (another team, a guest, an outside email) is an identity even
                // if they never wrote: their reaction resolves to their contact, and their email links it. A
                // member the export says nothing about (an old export without teams, no email) is neither.
                let theirs =
                    !ours
                    && known[key].map {
                        !us.isEmpty && !us.contains($0)
                            && ($0.isExternal == true || $0.email != nil || $0.organization != nil)
                    } == true
                if theirs, let p = known[key] { note(p, id: id, date: date, source: source, title: nil) }
                reacting.append(
                    Reactor(key: keys.intern(key).index, acknowledges: r.acknowledges, ours: ours, theirs: theirs))
            }
        }
        if !reacting.isEmpty { flags |= Event.reactedFlag }
        let event = Event(
            seconds: date.seconds, sentimentValue: sentiment ?? 0, microseconds: date.microseconds,
            utcOffset: date.utcOffset, thread: threads.intern(thread).index,
            author: keys.intern(authorKey).index, recipients: list, words: words, markerMask: markerMask,
            channelIndex: UInt8(Event.channels.firstIndex(of: channel) ?? 0), flags: flags)
        insert(id: id, fingerprint: fingerprint, event, text.map { KeptText(text: $0, markers: markers) }, reacting)
        newest = max(newest, date.instant)
        addsSincePrune += 1
        if addsSincePrune >= 50_000 {
            pruneText()
            addsSincePrune = 0
        }
    }

    /// Index of a recipient key list (sorted first); -1 for an empty list.
    mutating func internList(_ keys: [Int32]) -> Int32 {
        guard !keys.isEmpty else { return -1 }
        let sorted = keys.sorted()
        if let known = recipientListIndex[sorted] { return known }
        let i = Int32(recipientLists.count)
        recipientLists.append(sorted)
        recipientListIndex[sorted] = i
        return i
    }

    /// Inserts an event whose strings are interned in this aggregate; of two events with the same id the
    /// one that ``precedes(_:_:_:_:)`` the other is kept.
    mutating func insert(id: String, fingerprint: UInt64 = 0, _ e: Event, _ text: KeptText?, _ reactors: [Reactor]) {
        let index: Int32
        let isNew: Bool
        if fingerprint == 0 {
            // Without a fingerprint the entry is named by the id itself: one hash and one probe find or add it.
            (index, isNew) = ids.intern(id)
        } else if let found = Self.find(id, fingerprint, in: ids, idFingerprints) {
            (index, isNew) = (found, false)
        } else {
            (index, isNew) = (ids.intern(Self.name(id, fingerprint, in: ids)).index, true)
        }
        if isNew {
            idFingerprints.append(fingerprint)
            events.append(e)
            if let text { texts[index] = text }
            if !reactors.isEmpty { reactions[index] = reactors }
            return
        }
        counts.notUsed["duplicate-id", default: 0] += 1
        counts.used -= 1
        if precedes(e, text?.text, reactors, events[Int(index)], texts[index]?.text, reactions[index] ?? []) {
            events[Int(index)] = e
            texts[index] = text
            reactions[index] = reactors.isEmpty ? nil : reactors
        }
    }

    /// Total order used to pick one of two records with the same id (duplicates across inputs), so the
    /// choice does not depend on input order: date, thread, author, channel, words, text, reactions (two
    /// exports of one workspace made at different times can differ in reactions only).
    func precedes(
        _ a: Event, _ aText: String?, _ aReactors: [Reactor], _ b: Event, _ bText: String?, _ bReactors: [Reactor]
    ) -> Bool {
        if a.date != b.date { return a.date < b.date }
        if a.thread != b.thread { return threads.less(a.thread, b.thread) }
        if a.author != b.author { return keys.less(a.author, b.author) }
        if a.channelIndex != b.channelIndex { return a.channel.rawValue < b.channel.rawValue }
        if a.words != b.words { return a.words < b.words }
        if (aText ?? "") != (bText ?? "") { return (aText ?? "") < (bText ?? "") }
        return reactionOrderKey(aReactors).lexicographicallyPrecedes(reactionOrderKey(bReactors))
    }

    /// Reactors as strings in a fixed order (key, then flags), for ``precedes(_:_:_:_:_:_:)``.
    func reactionOrderKey(_ rs: [Reactor]) -> [String] {
        rs.map { "\(keys.string($0.key))\u{1}\($0.acknowledges ? 1 : 0)\($0.ours ? 1 : 0)\($0.theirs ? 1 : 0)" }
            .sorted()
    }

    /// Records what a message says about one participant (shared by both add paths).
    mutating func note(_ p: Participant, id: String, date: Timestamp, source: SourceKind, title: String?) {
        let key = Self.identityKey(p)
        if let slot = identities.index(forKey: key) {
            // In place, without building or copying a record (the common case: a known identity); one hash.
            identities.values[slot].observe(
                email: p.email, name: p.displayName, stamp: date, message: id, title: title,
                source: source.rawValue)
            return
        }
        let named = !p.displayName.isEmpty
        identities[key] = IdentityRecord(
            key: key, email: p.email, displayName: p.displayName, nameStamp: named ? date : nil,
            nameMessage: named ? id : "", title: title, titleStamp: title == nil ? nil : date,
            titleMessage: title == nil ? "" : id, sources: [source.rawValue])
    }

    /// Drops text older than the timeline window (deterministic: depends only on the final window).
    public mutating func pruneText() {
        let cutoff = textCutoff
        let events = self.events
        let old = texts.keys.filter { events[Int($0)].instant < cutoff }
        for k in old { texts[k] = nil }
    }

    /// Combines another shard's aggregate into this one (commutative and associative).
    public mutating func merge(_ other: PartialAggregate) {
        counts.merge(other.counts)
        let threadMap = (0..<Int32(other.threads.count)).map { threads.intern(other.threads.string($0)).index }
        let keyMap = (0..<Int32(other.keys.count)).map { keys.intern(other.keys.string($0)).index }
        let listMap = other.recipientLists.map { l in internList(l.map { keyMap[Int($0)] }) }
        for (i, o) in other.events.enumerated() {
            var e = o
            e.thread = threadMap[Int(o.thread)]
            e.author = keyMap[Int(o.author)]
            e.recipients = o.recipients < 0 ? -1 : listMap[Int(o.recipients)]
            let reactors = (other.reactions[Int32(i)] ?? []).map { r in
                Reactor(key: keyMap[Int(r.key)], acknowledges: r.acknowledges, ours: r.ours, theirs: r.theirs)
            }
            insert(
                id: other.ids.string(Int32(i)), fingerprint: other.idFingerprints[i], e, other.texts[Int32(i)], reactors
            )
        }
        // Copies not used on one side of a message used (or not used) on the other: as in ``admit``.
        for (k, v) in other.duplicateExclusions { duplicateExclusions[k, default: 0] += v }
        for i in 0..<unusedIDs.count
        where Self.find(unusedIDs.string(Int32(i)), unusedFingerprints[i], in: other.ids, other.idFingerprints) != nil {
            replaceUnused(i)
        }
        for i in 0..<other.unusedIDs.count {
            let reason = other.unusedReasons[i]
            let exclusion = other.unusedExclusions[i]
            let id = other.unusedIDs.string(Int32(i))
            let fingerprint = other.unusedFingerprints[i]
            let known = Self.find(id, fingerprint, in: unusedIDs, unusedFingerprints)
            if reason == Self.replacedByUsed {
                if known == nil {
                    unusedIDs.intern(Self.name(id, fingerprint, in: unusedIDs))
                    unusedFingerprints.append(fingerprint)
                    unusedReasons.append(reason)
                    unusedExclusions.append(nil)
                }
                continue
            }
            // Counted once in `other.counts` (merged above): the copy is set aside instead.
            if Self.find(id, fingerprint, in: ids, idFingerprints) != nil {
                uncount(Self.notUsedOrder[Int(reason)])
                setAside(exclusion)
                continue
            }
            guard let index = known else {
                unusedIDs.intern(Self.name(id, fingerprint, in: unusedIDs))
                unusedFingerprints.append(fingerprint)
                unusedReasons.append(reason)
                unusedExclusions.append(exclusion)
                continue
            }
            // Both copies are counted: take the other's count back and compare as ``admit`` does.
            uncount(Self.notUsedOrder[Int(reason)])
            keepFirst(Int(index), reason, exclusion)
        }
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

    // MARK: Reading (analysis)

    /// The event at `i` with its strings; text only when at or after `textFrom`.
    func record(_ i: Int32, textFrom: Double) -> EventRecord {
        let e = events[Int(i)]
        let kept = e.instant >= textFrom ? texts[i] : nil
        return EventRecord(
            id: ids.string(i), thread: threads.string(e.thread), date: e.date, inbound: e.inbound,
            channel: e.channel, words: e.words, sentiment: e.sentiment, markerMask: e.markerMask, asks: e.asks,
            closer: e.closer, mobile: e.mobile, text: kept?.text, markers: kept?.markers ?? [])
    }

    /// Whether event `i` has text at or after `textFrom`.
    func hasText(_ i: Int32, textFrom: Double) -> Bool {
        events[Int(i)].instant >= textFrom && texts[i] != nil
    }

    /// Chronological order of two events: instant, then message id (``EventRecord/chronological(_:_:)``).
    func chronological(_ a: Int32, _ b: Int32) -> Bool {
        let x = events[Int(a)]
        let y = events[Int(b)]
        if !x.sameInstant(y) { return x.earlier(y) }
        return ids.less(a, b)
    }

    /// The key of the one person of ours an inbound event addresses (see ``Event/recipients``), or nil.
    func addressee(_ e: Event) -> Int32? {
        e.inbound && e.recipients >= 0 ? recipientLists[Int(e.recipients)].first : nil
    }

    /// Identity key of a participant: lower-cased id (addresses are already lower-cased).
    static func identityKey(_ p: Participant) -> String { p.id.lowercasedIfNeeded() }
}

/// Per-message feature extraction (sentiment + byte-level features). Not `Sendable`: one per task.
public final class Featurizer {
    public let us: Us
    let analyzer: SentimentAnalyzer?

    /// The featurizer uses the analyzer's compound score and tone markers only, so it switches the
    /// analyzer's evidence off (``SentimentAnalyzer/collectsEvidence``: the top tokens, ranked per text).
    public init(us: Us, analyzer: SentimentAnalyzer?) {
        self.us = us
        self.analyzer = analyzer
        analyzer?.collectsEvidence = false
    }

    struct Features: Sendable {
        var words: Int
        var sentiment: Double?
        var markers: [ToneMarker]
        var asksSomething: Bool
        var isCloser: Bool
        var hasMobileFooter: Bool
    }

    func features(of m: Message) -> Features {
        // Pasted code and logs (a fenced ``` block) are not the author's words: each block is one word, and
        // neither the words nor the sentiment read inside it ("ERROR … failed: 401 Unauthorized").
        let (fenced, codeBlocks) = TextFeatures.blankingCodeBlocks(m.text)
        // Output pasted without a fence (a prompt, kernel log, "ERROR: …" lines) likewise.
        let (text, pasted) = TextFeatures.blankingPastedOutput(fenced)
        var t = TextFeatures.extract(
            text, signature: m.attributes["signature"],
            mobileFooterAttribute: m.attributes["mobile_footer"] == "true" || m.attributes["mobile-footer"] == "true")
        t.words += codeBlocks + pasted
        var markers = t.markers
        var sentiment: Double?
        if let analyzer, !m.text.isEmpty {
            let s = analyzer.analyze(text)
            sentiment = s.score?.compound
            let fallbackKinds = Set(s.markers.map(\.kind))
            markers = s.markers + t.markers.filter { !fallbackKinds.contains($0.kind) }
        }
        markers.sort { a, b in
            a.evidence.start != b.evidence.start
                ? a.evidence.start < b.evidence.start : a.kind.rawValue < b.kind.rawValue
        }
        // A Slack huddle (docs/slack.md, "Huddles") is a synchronous contact without text: it asks nothing
        // and, like a closer, invites no written reply.
        let huddle = m.source == .slack && m.attributes["huddle"] == "true"
        return Features(
            words: t.words, sentiment: sentiment, markers: markers, asksSomething: t.asksSomething && !huddle,
            isCloser: t.isCloser || huddle, hasMobileFooter: t.hasMobileFooter)
    }
}

/// ``Featurizer/Features`` computed on a reader's worker thread (``Message/precomputed``).
final class PrecomputedFeatures: Sendable {
    let features: Featurizer.Features
    init(_ features: Featurizer.Features) { self.features = features }
}

/// Computes the analysis's per-message features on the readers' worker threads (the
/// `IngestOptions.workerStage` of `rapport analyze`), where each message was built, instead of on the
/// one thread that aggregates: with two cores the aggregating thread was the critical path, and
/// featurizing there was ~40 % of it. Features are a function of the message alone, so the report is
/// the same byte for byte; ``PartialAggregate/add(_:featurizer:exclusion:)`` uses them when present and
/// computes them itself otherwise.
///
/// Each thread borrows a ``Featurizer`` (its sentiment analyzer is not thread-safe) from a small pool,
/// made on first need and reused; the lock is taken twice per message, uncontended almost always.
public final class FeaturizerPool: @unchecked Sendable {
    private let us: Us
    private let lexicons: Lexicons?
    private var idle: [Featurizer] = []
    private let lock = NSLock()

    /// `lexicons` nil: no sentiment (as a ``Featurizer`` without analyzer).
    public init(us: Us, lexicons: Lexicons?) {
        self.us = us
        self.lexicons = lexicons
    }

    /// Classifies `m` (when its direction is unknown) and, when the analysis will use it (conversational,
    /// dated, inbound or outbound), attaches its features. The same test as the aggregate's gate, but for
    /// the as-of date, which is not known while reading (features of a later message are unused).
    public func prepare(_ m: inout Message) {
        if m.direction == .unknown { m.direction = us.classify(m) }
        guard m.isConversational, m.date != nil, m.direction == .inbound || m.direction == .outbound else { return }
        lock.lock()
        let featurizer = idle.popLast()
        lock.unlock()
        let f = featurizer ?? make()
        m.precomputed = Precomputed(PrecomputedFeatures(f.features(of: m)))
        lock.lock()
        idle.append(f)
        lock.unlock()
    }

    /// `message` after ``prepare(_:)`` (the form of a mail reader's worker transform).
    public func prepared(_ message: Message) -> Message {
        var m = message
        prepare(&m)
        return m
    }

    /// ``prepare(_:)`` on every message of `batch`, on both cores (``ParallelMap``), returned in order: for
    /// messages read by one thread, e.g. from the history store.
    public func prepared(_ batch: [Message]) -> [Message] { ParallelMap.map(batch, prepared) }

    private func make() -> Featurizer {
        Featurizer(us: us, analyzer: lexicons.flatMap { try? SentimentAnalyzer(lexicons: $0) })
    }
}
