import Foundation
public import RapportCore
import RapportSentiment

/// One reply: a message paired with the first unanswered message of the other side in its thread.
struct ReplyPair {
    /// Offsets into the contact's events (add ``ContactComputation/base`` to index the slice).
    var reply: Int
    var answered: Int
    var wall: Double
    var business: Double
    var channel: ChannelKind
}

/// The reference-free part of an ``EventRecord`` that the computation walks repeatedly.
struct Lite {
    var date: Timestamp
    var inbound: Bool
    var channel: ChannelKind
    var words: Int32
    var markerMask: UInt32
    var asks: Bool
    var closer: Bool
    var mobile: Bool
    var sentiment: Double?
    var thread: Int
    /// Interned identity key of the author (ours for outbound).
    var author: Int32
    /// Inbound: the one person of ours it addresses (``PartialAggregate/addressee(_:)``), or nil.
    var addressee: Int32?
    /// ``ReactionBits`` of the event for this contact.
    var reactions: UInt8
    /// A presence in a huddle (``Event/presenceFlag``): counted, never paired.
    var presence: Bool = false

    var instant: Double { date.instant }
    var isInformal: Bool { markerMask & EventRecord.informalMask != 0 }
    var isFormal: Bool { markerMask & EventRecord.formalMask != 0 }
    /// Whether the message counts for verbosity: it has own words and is neither a short thread closer nor
    /// sent with a mobile footer (both would read as coldness).
    var isVerbosityEvidence: Bool { words > 0 && !closer && !mobile }
}

/// Everything computed for one contact at one as-of instant: dynamics, score inputs, per-message features.
struct ContactComputation {
    var dynamics: Dynamics
    var months: [MonthStats]
    var analyzed: [AnalyzedMessage]
    var pairs: Int
    var twoWay: Bool
    var theirReplies: [ReplyPair]
    var ourReplies: [ReplyPair]
    var informalShareThem: Double?
    var formalShareThem: Double?
    var mirror: Double?
    var meanSentimentThem: Double?
    var privateChannelThem: Bool
    var mostPrivateTheirs: ChannelKind?
    /// Start index of the contact's events in the slice the computation ran on.
    var base: Int
    var lastInbound: Double?
    var firstInbound: Double?
    var cadenceDays: Double?
    var lastTwoWay: Double?
}

/// The merged aggregate as the analysis reads it: text only at or after `textFrom` (the timeline window of
/// the analysis, which may be shorter than the aggregate's).
struct EventSource {
    let aggregate: PartialAggregate
    let textFrom: Double

    func record(_ i: Int32) -> EventRecord { aggregate.record(i, textFrom: textFrom) }
    func hasText(_ i: Int32) -> Bool { aggregate.hasText(i, textFrom: textFrom) }
    func id(_ i: Int32) -> String { aggregate.ids.string(i) }
    func event(_ i: Int32) -> Event { aggregate.events[Int(i)] }
}

/// Computes a contact's dynamics from its events sorted chronologically (see ``EventRecord/chronological``).
///
/// A thread opened by another outsider (`openedByOther`, by dense thread number) counts as started by
/// neither side, and its first run invites a reply only when it asks.
///
/// Pairing rule (per thread): walking the thread in time order, a message whose direction differs from the
/// previous message's answers the *first* message of the previous run of same-direction messages (so
/// consecutive inbound messages form one waiting period, its clock starting at the first unanswered one).
enum ContactAnalyzer {
    static func compute(
        source: EventSource, events: ArraySlice<Int32>, contact: String, account: String?, asOf: Double,
        config: AnalysisConfig, calendar: BusinessCalendar, withMessages: Bool, threadIDs: ArraySlice<Int32>,
        openedByOther: [Bool], reactions: ArraySlice<UInt8>
    ) -> ContactComputation {
        // A compact copy of the contact's events, threads as small per-contact integers.
        let agg = source.aggregate
        let base = events.startIndex
        var ev: [Lite] = []
        ev.reserveCapacity(events.count)
        var threadCount = 0
        for k in events.indices {
            let t = Int(threadIDs[threadIDs.startIndex + (k - base)])
            threadCount = max(threadCount, t + 1)
            let e = agg.events[Int(events[k])]
            ev.append(
                Lite(
                    date: e.date, inbound: e.inbound, channel: e.channel, words: e.words, markerMask: e.markerMask,
                    asks: e.asks, closer: e.closer, mobile: e.mobile, sentiment: e.sentiment, thread: t,
                    author: e.author, addressee: agg.addressee(e),
                    reactions: reactions[reactions.startIndex + (k - base)], presence: e.presence))
        }
        var theirObs: [(Double, Int32)] = []
        var ourObs: [(author: Int32, instant: Double, offset: Int32)] = []
        // A huddle presence carries the huddle creator's clock, not the participant's.
        for e in ev where !e.presence {
            if e.inbound {
                theirObs.append((e.instant, e.date.utcOffset))
            } else {
                ourObs.append((e.author, e.instant, e.date.utcOffset))
            }
        }
        let theirClock = BusinessClock(calendar: calendar, offsets: OffsetTimeline(observations: theirObs))
        let ourClocks = OurClocks(calendar: calendar, observations: ourObs)

        struct ThreadState {
            var lastInbound: Bool
            var runStart: Int
            var runAsks: Int?  // first asking message of the current run
            /// The run invites a reply: it opens the thread or asks something (closers never do).
            var runInvites: Bool
            /// The last person of ours who wrote in the thread (whose clock an item waiting on us ages on);
            /// before any of us wrote, the one person of ours their messages there address.
            var ourAuthor: Int32?
            /// A run of ours that they acknowledged with a reaction (its latest asking message or a later one).
            var acknowledged: Bool
        }
        var threads = [ThreadState?](repeating: nil, count: threadCount)
        var theirReplies: [ReplyPair] = []
        var ourReplies: [ReplyPair] = []
        var answersOf = [Int?](repeating: nil, count: ev.count)
        var startsThread = [Bool](repeating: false, count: ev.count)
        var d = Dynamics()
        // Runs that invited a reply, per side, and how many of them got one.
        var runsOurs = 0
        var runsTheirs = 0
        var runsOursAnswered = 0
        var runsTheirsAnswered = 0
        func closeRun(_ st: ThreadState, answered: Bool) {
            // An answered run evidently invited the answer.
            guard st.runInvites || answered else { return }
            if st.lastInbound {
                runsTheirs += 1
                if answered { runsTheirsAnswered += 1 }
            } else {
                runsOurs += 1
                if answered { runsOursAnswered += 1 }
            }
        }

        for (i, e) in ev.enumerated() {
            if e.inbound { d.messagesIn += 1 } else { d.messagesOut += 1 }
            // Joining a huddle is contact, not a turn: it answers nothing and starts nothing.
            if e.presence { continue }
            if var st = threads[e.thread] {
                if st.lastInbound != e.inbound {
                    // A reply to the run that started at st.runStart.
                    let a = ev[st.runStart]
                    let wall = max(0, e.instant - a.instant)
                    let business = (e.inbound ? theirClock : ourClocks.clock(e.author))
                        .businessSeconds(from: a.instant, to: e.instant)
                    let pair = ReplyPair(
                        reply: i, answered: st.runStart, wall: wall, business: business, channel: e.channel)
                    answersOf[i] = st.runStart
                    if e.inbound { theirReplies.append(pair) } else { ourReplies.append(pair) }
                    closeRun(st, answered: true)
                    st = ThreadState(
                        lastInbound: e.inbound, runStart: i, runAsks: e.asks ? i : nil, runInvites: e.asks && !e.closer,
                        ourAuthor: st.ourAuthor, acknowledged: Self.acknowledges(e.inbound, e.reactions))
                } else {
                    if st.runAsks == nil && e.asks { st.runAsks = i }
                    if e.asks && !e.closer { st.runInvites = true }
                    st.acknowledged = Self.stillAcknowledged(st.acknowledged, e.inbound, e.asks, e.reactions)
                }
                if !e.inbound {
                    st.ourAuthor = e.author
                } else if st.ourAuthor == nil, let a = e.addressee {
                    st.ourAuthor = a
                }
                threads[e.thread] = st
            } else {
                // A thread another outsider opened (a colleague of theirs in a shared channel) was started
                // by neither side of this relationship, and joining it invites a reply only by asking.
                let other = openedByOther[e.thread]
                if !other {
                    startsThread[i] = true
                    if e.inbound { d.threadsStartedByThem += 1 } else { d.threadsStartedByUs += 1 }
                }
                threads[e.thread] = ThreadState(
                    lastInbound: e.inbound, runStart: i, runAsks: e.asks ? i : nil,
                    runInvites: other ? e.asks && !e.closer : !e.closer, ourAuthor: e.inbound ? e.addressee : e.author,
                    acknowledged: Self.acknowledges(e.inbound, e.reactions))
            }
        }
        // A run of ours they acknowledged with a reaction is answered (no reply pair: no latency).
        for st in threads { if let st { closeRun(st, answered: st.acknowledged) } }
        d.replyRateThem = runsOurs > 0 ? Double(runsOursAnswered) / Double(runsOurs) : nil
        d.replyRateUs = runsTheirs > 0 ? Double(runsTheirsAnswered) / Double(runsTheirs) : nil
        d.latencyThem = latencyStats(theirReplies)
        d.latencyUs = latencyStats(ourReplies)

        // Verbosity: closers and mobile-footer replies are not read as terseness.
        // Verbosity counts messages with own words only: an attachment-only, quote-only or encrypted
        // message says nothing about how much someone writes (it is still a message for latency).
        // A mobile footer on most of a side's messages is how that side writes (someone who always answers
        // from Outlook for iOS), not a hurried exception: then those replies are its word counts too.
        let habitThem = Self.mobileHabit(ev.filter(\.inbound))
        let habitUs = Self.mobileHabit(ev.filter { !$0.inbound })
        func isWords(_ e: Lite) -> Bool {
            e.isVerbosityEvidence || (e.words > 0 && !e.closer && (e.inbound ? habitThem : habitUs))
        }
        let wordsThem = ev.filter { $0.inbound && isWords($0) }.map { Double($0.words) }
        let wordsUs = ev.filter { !$0.inbound && isWords($0) }.map { Double($0.words) }
        d.medianWordsThem = Stats.median(wordsThem)
        d.medianWordsUs = Stats.median(wordsUs)
        if let t = d.medianWordsThem, let u = d.medianWordsUs, u > 0 { d.verbosityRatio = Stats.round(t / u, 3) }
        d.closersThem = ev.filter { $0.inbound && $0.closer }.count
        d.mobileRepliesThem = ev.filter { $0.inbound && $0.mobile }.count

        // Reactions (Slack): reported when either side reacted at all.
        let reactedByThem = ev.filter { !$0.inbound && $0.reactions & ReactionBits.byThem != 0 }.count
        let reactedByUs = ev.filter { $0.inbound && $0.reactions & ReactionBits.byUs != 0 }.count
        let anyReactions = reactedByThem + reactedByUs > 0
        if anyReactions {
            d.reactionsThem = reactedByThem
            d.reactionsUs = reactedByUs
            d.acknowledgementsThem =
                ev.filter { !$0.inbound && $0.reactions & ReactionBits.acknowledgedByThem != 0 }.count
        }

        // Channels.
        var firstUse: [ChannelKind: (Double, Int)] = [:]
        var theirChannels = Set<ChannelKind>()
        for (i, e) in ev.enumerated() {
            if firstUse[e.channel] == nil { firstUse[e.channel] = (e.instant, i) }
            if e.inbound { theirChannels.insert(e.channel) }
        }
        let used = firstUse.keys.sorted { $0.privacyRank > $1.privacyRank }
        d.channels = used.map(\.rawValue)
        d.mostPrivateChannel = used.first?.rawValue
        d.channelPath = firstUse.sorted { $0.value.0 != $1.value.0 ? $0.value.0 < $1.value.0 : $0.key < $1.key }
            .map(\.key.rawValue)
        d.firstMessage = ev.first?.date
        d.lastMessage = ev.last?.date

        // Informal markers and off-hours (their messages).
        let inbound = ev.filter(\.inbound)
        let nonEmptyIn = inbound.filter { $0.words > 0 || $0.markerMask != 0 }
        var informalShare: Double?
        var formalShare: Double?
        var offHoursShare: Double?
        if !nonEmptyIn.isEmpty {
            let n = Double(nonEmptyIn.count)
            informalShare = Double(nonEmptyIn.filter(\.isInformal).count) / n
            formalShare = Double(nonEmptyIn.filter(\.isFormal).count) / n
        }
        if !inbound.isEmpty {
            offHoursShare = Double(inbound.filter { !calendar.isWorkingTime($0.date) }.count) / Double(inbound.count)
        }
        d.informalShareThem = informalShare.map { Stats.round($0, 3) }
        d.offHoursShareThem = offHoursShare.map { Stats.round($0, 3) }
        let mostPrivateTheirs = theirChannels.max()
        let privateSet = Set(config.gates.privateChannels)
        let privateThem = theirChannels.contains { privateSet.contains($0.rawValue) }
        d.intimacy = Intimacy.score(
            mostPrivateTheirs: mostPrivateTheirs, informalShare: informalShare ?? 0, offHoursShare: offHoursShare ?? 0)

        // Style mirroring: their reply against the message of ours it answers.
        var mirrors: [Double] = []
        for p in theirReplies {
            let r = ev[p.reply]
            let a = ev[p.answered]
            let lw = Double(min(r.words, a.words) + 1) / Double(max(r.words, a.words) + 1)
            let tone = r.isInformal == a.isInformal ? 1.0 : 0.5
            mirrors.append(0.5 * lw + 0.5 * tone)
        }
        let mirror = mirrors.isEmpty ? nil : mirrors.reduce(0, +) / Double(mirrors.count)

        let sentiments = inbound.compactMap(\.sentiment)
        let meanSentiment = sentiments.isEmpty ? nil : sentiments.reduce(0, +) / Double(sentiments.count)

        // Cadence: median gap between their messages on distinct days.
        var days: [Double] = []
        for e in inbound {
            let day = (e.instant / 86_400).rounded(.down)
            if days.last != day { days.append(day) }
        }
        var gaps: [Double] = []
        for (a, b) in zip(days, days.dropFirst()) where b > a { gaps.append(b - a) }
        let cadence = gaps.count >= 2 ? Stats.median(gaps) : nil

        // Open items: the last run of each thread, when it asks something.
        var open: [OpenItem] = []
        for state in threads {
            guard let st = state, let askIndex = st.runAsks, !st.acknowledged else { continue }
            let e = source.record(events[base + askIndex])
            let thread = e.thread
            let seconds = (st.lastInbound ? ourClocks.clock(st.ourAuthor) : theirClock)
                .businessSeconds(from: e.instant, to: asOf)
            let age = calendar.daySeconds > 0 ? seconds / calendar.daySeconds : 0
            open.append(
                OpenItem(
                    messageID: e.id, thread: thread, since: e.date,
                    waitingOn: st.lastInbound ? "waiting-on-us" : "waiting-on-them",
                    ageBusinessDays: Stats.round(age, 2),
                    quote: e.text.map { Quote.excerpt($0, around: nil) }))
        }
        open.sort { a, b in
            a.waitingOn != b.waitingOn
                ? a.waitingOn > b.waitingOn
                : (a.since != b.since ? a.since < b.since : a.messageID < b.messageID)
        }
        d.openItems = open

        // Monthly series (month of each message in its author's local time); only for the full result.
        var monthStats: [MonthStats] = []
        if withMessages {
            struct Month {
                var ins = 0
                var outs = 0
                var latT: [Double] = []
                var latU: [Double] = []
                var wT: [Double] = []
                var wU: [Double] = []
                var s: [Double] = []
                var reactionsThem = 0
                var reactionsUs = 0
            }
            var months: [Int: Month] = [:]
            var monthOf = [Int](repeating: 0, count: ev.count)
            for (i, e) in ev.enumerated() {
                let c = e.date.local
                let key = c.year * 12 + c.month - 1
                monthOf[i] = key
                var m = months[key] ?? Month()
                if e.inbound {
                    m.ins += 1
                    if isWords(e) { m.wT.append(Double(e.words)) }
                    if let s = e.sentiment { m.s.append(s) }
                    if e.reactions & ReactionBits.byUs != 0 { m.reactionsUs += 1 }
                } else {
                    m.outs += 1
                    if isWords(e) { m.wU.append(Double(e.words)) }
                    if e.reactions & ReactionBits.byThem != 0 { m.reactionsThem += 1 }
                }
                months[key] = m
            }
            for p in theirReplies { months[monthOf[p.reply]]?.latT.append(p.wall) }
            for p in ourReplies { months[monthOf[p.reply]]?.latU.append(p.wall) }
            monthStats = months.keys.sorted().map { key -> MonthStats in
                let m = months[key]!
                let label = Timestamp(year: key / 12, month: key % 12 + 1, day: 1).local.monthKey
                return MonthStats(
                    month: label, messagesIn: m.ins, messagesOut: m.outs,
                    medianLatencyThemSeconds: Stats.median(m.latT),
                    medianLatencyUsSeconds: Stats.median(m.latU), medianWordsThem: Stats.median(m.wT),
                    medianWordsUs: Stats.median(m.wU),
                    meanSentimentThem: m.s.isEmpty ? nil : Stats.round(m.s.reduce(0, +) / Double(m.s.count), 4),
                    reactionsThem: anyReactions ? m.reactionsThem : nil, reactionsUs: anyReactions ? m.reactionsUs : nil
                )
            }
            // Verbosity trend: least-squares slope of their monthly median words over the last 6 months with data.
            let recent = monthStats.compactMap { m in m.medianWordsThem.map { (m.month, $0) } }.suffix(6)
            if recent.count >= 3 {
                let ys = recent.map(\.1)
                let xs = recent.map { Double(monthIndex($0.0)) }
                d.verbosityTrendThem = Stats.slope(xs: xs, ys: ys).map { Stats.round($0, 3) }
            }
        }

        let pairs = theirReplies.count + ourReplies.count
        let twoWay = pairs > 0 && d.messagesIn > 0 && d.messagesOut > 0
        d.replyExchanges = pairs
        var lastTwoWay: Double?
        for p in theirReplies + ourReplies { lastTwoWay = max(lastTwoWay ?? -.infinity, ev[p.reply].instant) }

        var analyzed: [AnalyzedMessage] = []
        if withMessages {
            var latencyOf: [Int: (Double, Double)] = [:]
            for p in theirReplies + ourReplies { latencyOf[p.reply] = (p.wall, p.business) }
            for i in ev.indices where source.hasText(events[base + i]) {
                let e = source.record(events[base + i])
                analyzed.append(
                    AnalyzedMessage(
                        id: e.id, thread: e.thread, answers: answersOf[i].map { source.id(events[base + $0]) },
                        date: e.date,
                        direction: e.inbound ? .inbound : .outbound, channel: e.channel, contact: contact,
                        account: account, text: e.text ?? "", words: Int(e.words), startsThread: startsThread[i],
                        replyLatency: latencyOf[i]?.0, replyLatencyBusiness: latencyOf[i]?.1, sentiment: e.sentiment,
                        markers: e.markers, asksSomething: e.asks, isCloser: e.closer, hasMobileFooter: e.mobile))
            }
        }
        return ContactComputation(
            dynamics: d, months: monthStats, analyzed: analyzed, pairs: pairs, twoWay: twoWay,
            theirReplies: theirReplies, ourReplies: ourReplies, informalShareThem: informalShare,
            formalShareThem: formalShare, mirror: mirror, meanSentimentThem: meanSentiment,
            privateChannelThem: privateThem, mostPrivateTheirs: mostPrivateTheirs, base: base,
            lastInbound: inbound.last?.instant, firstInbound: inbound.first?.instant,
            cadenceDays: cadence, lastTwoWay: lastTwoWay)
    }

    /// Whether a message that opens a run leaves it acknowledged: ours, with their acknowledgement.
    static func acknowledges(_ inbound: Bool, _ reactions: UInt8) -> Bool {
        !inbound && reactions & ReactionBits.acknowledgedByThem != 0
    }

    /// A run of ours stays acknowledged until a later message of ours asks again without their
    /// acknowledgement; an acknowledgement of any later message of ours covers the run.
    static func stillAcknowledged(_ before: Bool, _ inbound: Bool, _ asks: Bool, _ reactions: UInt8) -> Bool {
        if inbound { return before }
        if reactions & ReactionBits.acknowledgedByThem != 0 { return true }
        return asks ? false : before
    }

    static func monthIndex(_ key: String) -> Int {
        let parts = key.split(separator: "-")
        guard parts.count == 2, let y = Int(parts[0]), let m = Int(parts[1]) else { return 0 }
        return y * 12 + m - 1
    }

    /// Whether a mobile footer is one side's habit: more than half of its messages with own words that are
    /// not closers carry one.
    static func mobileHabit(_ side: [Lite]) -> Bool {
        var eligible = 0
        var mobile = 0
        for e in side where e.words > 0 && !e.closer {
            eligible += 1
            if e.mobile { mobile += 1 }
        }
        return 2 * mobile > eligible
    }

    static func latencyStats(_ pairs: [ReplyPair]) -> LatencyStats {
        guard !pairs.isEmpty else { return LatencyStats() }
        let wall = pairs.map(\.wall).sorted()
        let business = pairs.map(\.business).sorted()
        let n = Double(wall.count)
        func share(_ limit: Double) -> Double { Stats.round(Double(wall.filter { $0 <= limit }.count) / n, 4) }
        return LatencyStats(
            count: wall.count, medianSeconds: Stats.median(wall), p90Seconds: Stats.percentile(wall, 0.9),
            medianBusinessSeconds: Stats.median(business), within1h: share(3600), within4h: share(4 * 3600),
            within1d: share(86_400), within3d: share(3 * 86_400))
    }
}

/// Channel intimacy 0–100 (docs/intimacy.md).
public enum Intimacy {
    /// Base points of the most private channel they wrote in.
    public static func base(_ channel: ChannelKind?) -> Double {
        switch channel {
        case nil: 0
        case .ticketInternal: 0
        case .ticketPublic: 10
        case .email: 30
        case .slackPublic: 45
        case .slackPrivate: 55
        case .slackGroupDM: 65
        case .slackDM: 80
        }
    }

    /// base + 15 × share of their messages with informal markers + 5 × min(1, 2 × off-hours share).
    public static func score(mostPrivateTheirs: ChannelKind?, informalShare: Double, offHoursShare: Double) -> Double {
        guard mostPrivateTheirs != nil else { return 0 }
        let v = base(mostPrivateTheirs) + 15 * informalShare + 5 * min(1, 2 * offHoursShare)
        return Stats.round(min(100, v), 2)
    }
}

/// Robust statistics with documented definitions.
public enum Stats {
    /// Median; the mean of the two middle values for an even count. nil when empty.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let s = values.sorted()
        let n = s.count
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
    }

    /// Nearest-rank percentile: the value at rank ⌈p·n⌉ of the sorted values.
    public static func percentile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let s = values.sorted()
        let rank = Int((p * Double(s.count)).rounded(.up))
        return s[min(max(rank, 1), s.count) - 1]
    }

    /// Least-squares slope of ys over xs.
    public static func slope(xs: [Double], ys: [Double]) -> Double? {
        guard xs.count == ys.count, xs.count >= 2 else { return nil }
        let n = Double(xs.count)
        let mx = xs.reduce(0, +) / n
        let my = ys.reduce(0, +) / n
        var num = 0.0
        var den = 0.0
        for (x, y) in zip(xs, ys) {
            num += (x - mx) * (y - my)
            den += (x - mx) * (x - mx)
        }
        return den > 0 ? num / den : nil
    }

    /// Rounds to `places` decimals (stable output).
    public static func round(_ v: Double, _ places: Int) -> Double {
        let f = pow(10, Double(places))
        return (v * f).rounded() / f
    }
}

/// Short quotes of own words for evidence.
enum Quote {
    /// Up to 160 bytes of `text` on one line, starting near `around` (a UTF-8 byte offset) when given.
    /// `text.trimmingCharacters(in: .whitespaces)` on UTF-8 bytes: the scalars of Foundation's set (on Linux:
    /// U+0009, U+0020, U+00A0, U+1680, U+2000–U+200B, U+202F, U+205F, U+3000; `QuoteTrimTests` checks them) at
    /// either end are dropped. Foundation's took ≈ 70,000 instructions per excerpt.
    static func trimmingSpaceSeparators(_ text: String) -> String {
        var text = text
        return text.withUTF8 { b -> String in
            /// The length of the separator ending at `end` (exclusive), or 0.
            func separator(endingAt end: Int, from lower: Int) -> Int {
                let n = end - lower
                if n >= 1, b[end - 1] == 0x20 || b[end - 1] == 0x09 { return 1 }
                if n >= 2, b[end - 2] == 0xC2, b[end - 1] == 0xA0 { return 2 }
                guard n >= 3 else { return 0 }
                return isThreeByteSeparator(b[end - 3], b[end - 2], b[end - 1]) ? 3 : 0
            }
            /// The length of the separator starting at `start`, or 0.
            func separator(startingAt start: Int, to upper: Int) -> Int {
                let n = upper - start
                if n >= 1, b[start] == 0x20 || b[start] == 0x09 { return 1 }
                if n >= 2, b[start] == 0xC2, b[start + 1] == 0xA0 { return 2 }
                guard n >= 3 else { return 0 }
                return isThreeByteSeparator(b[start], b[start + 1], b[start + 2]) ? 3 : 0
            }
            var lo = 0
            var hi = b.count
            while lo < hi {
                let k = separator(startingAt: lo, to: hi)
                if k == 0 { break }
                lo += k
            }
            while hi > lo {
                let k = separator(endingAt: hi, from: lo)
                if k == 0 { break }
                hi -= k
            }
            if lo == 0 && hi == b.count { return String(decoding: b, as: UTF8.self) }
            return String(decoding: UnsafeBufferPointer(rebasing: b[lo..<hi]), as: UTF8.self)
        }
    }

    /// U+1680 (E1 9A 80), U+2000–U+200B (E2 80 80–8B), U+202F (E2 80 AF), U+205F (E2 81 9F), U+3000 (E3 80 80).
    private static func isThreeByteSeparator(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Bool {
        switch (a, b) {
        case (0xE1, 0x9A): return c == 0x80
        case (0xE2, 0x80): return (0x80...0x8B).contains(c) || c == 0xAF
        case (0xE2, 0x81): return c == 0x9F
        case (0xE3, 0x80): return c == 0x80
        default: return false
        }
    }

    static func excerpt(_ text: String, around: Int?) -> String {
        var bytes = Array(text.utf8)
        var start = 0
        if let around, around > 40 { start = around - 40 }
        start = min(start, bytes.count)
        while start < bytes.count, start > 0, bytes[start] & 0xC0 == 0x80 { start += 1 }
        var end = min(bytes.count, start + 160)
        while end < bytes.count, end > start, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        bytes = Array(bytes[start..<end])
        for i in bytes.indices where bytes[i] == 10 || bytes[i] == 13 || bytes[i] == 9 { bytes[i] = 32 }
        var s = trimmingSpaceSeparators(String(decoding: bytes, as: UTF8.self))
        if start > 0 { s = "…" + s }
        if end < text.utf8.count { s += "…" }
        return s
    }
}
