import RapportCore

extension ContactAnalyzer {
    /// The score inputs of a contact as of several earlier instants, in one chronological sweep: for each
    /// `(count, t)` (the first `count` events, as of `t`; ascending), the ``ContactComputation`` that
    /// ``compute(source:events:contact:account:asOf:config:calendar:withMessages:threadIDs:openedByOther:)`` would return
    /// on that prefix without messages, restricted to what ``Scorer`` reads (score-equal, byte for byte).
    ///
    /// Exact because every input is a prefix quantity: reply pairing walks threads in time order, sums run
    /// in the same order, and business clocks use only offset changes observable by the query's end.
    static func replay(
        source: EventSource, events: [Int32], threadIDs: [Int32], openedByOther: [Bool], reactions: [UInt8],
        cutoffs: [(count: Int, t: Double)],
        config: AnalysisConfig, calendar: BusinessCalendar
    ) -> [ContactComputation] {
        guard !cutoffs.isEmpty else { return [] }
        let agg = source.aggregate
        let n = cutoffs.map(\.count).max() ?? 0
        var ev: [Event] = []
        ev.reserveCapacity(n)
        var threadCount = 0
        for k in 0..<n {
            ev.append(agg.events[Int(events[k])])
            threadCount = max(threadCount, Int(threadIDs[k]) + 1)
        }
        var theirObs: [(Double, Int32)] = []
        var ourObs: [(author: Int32, instant: Double, offset: Int32)] = []
        for e in ev where !e.presence {
            if e.inbound {
                theirObs.append((e.instant, e.utcOffset))
            } else {
                ourObs.append((e.author, e.instant, e.utcOffset))
            }
        }
        let theirClock = BusinessClock(calendar: calendar, offsets: OffsetTimeline(observations: theirObs))
        let ourClocks = OurClocks(calendar: calendar, observations: ourObs)

        struct ThreadState {
            var lastInbound: Bool
            var runStart: Int
            var runAsks: Int?
            var runInvites: Bool
            var ourAuthor: Int32?
            var acknowledged: Bool
        }
        var threads = [ThreadState?](repeating: nil, count: threadCount)
        var theirReplies: [ReplyPair] = []
        var ourPairs = 0
        var d = Dynamics()
        var runsOurs = 0
        var runsTheirs = 0
        var runsOursAnswered = 0
        var runsTheirsAnswered = 0
        var nonEmptyIn = 0
        var informalIn = 0
        var formalIn = 0
        var inboundCount = 0
        var offHoursIn = 0
        var mostPrivateTheirs: ChannelKind?
        let privateSet = Set(config.gates.privateChannels)
        var privateThem = false
        var mirrorSum = 0.0
        var sentimentSum = 0.0
        var sentimentCount = 0
        var lastDay: Double?
        var gaps: [Double] = []
        var firstInbound: Double?
        var lastInbound: Double?

        var out: [ContactComputation] = []
        out.reserveCapacity(cutoffs.count)
        var i = 0
        for cut in cutoffs {
            while i < cut.count {
                let e = ev[i]
                let thread = Int(threadIDs[i])
                if e.inbound { d.messagesIn += 1 } else { d.messagesOut += 1 }
                // A huddle presence is contact, not a turn (as in `compute`).
                if !e.presence, var st = threads[thread] {
                    if st.lastInbound != e.inbound {
                        let a = ev[st.runStart]
                        let wall = max(0, e.instant - a.instant)
                        if e.inbound {
                            let business = theirClock.businessSeconds(from: a.instant, to: e.instant)
                            theirReplies.append(
                                ReplyPair(
                                    reply: i, answered: st.runStart, wall: wall, business: business, channel: e.channel)
                            )
                            let lw = Double(min(e.words, a.words) + 1) / Double(max(e.words, a.words) + 1)
                            mirrorSum += 0.5 * lw + 0.5 * (e.isInformal == a.isInformal ? 1.0 : 0.5)
                        } else {
                            ourPairs += 1
                        }
                        if st.lastInbound {
                            runsTheirs += 1
                            runsTheirsAnswered += 1
                        } else {
                            runsOurs += 1
                            runsOursAnswered += 1
                        }
                        st = ThreadState(
                            lastInbound: e.inbound, runStart: i, runAsks: e.asks ? i : nil,
                            runInvites: e.asks && !e.closer, ourAuthor: st.ourAuthor,
                            acknowledged: Self.acknowledges(e.inbound, reactions[i]))
                    } else {
                        if st.runAsks == nil && e.asks { st.runAsks = i }
                        if e.asks && !e.closer { st.runInvites = true }
                        st.acknowledged = Self.stillAcknowledged(st.acknowledged, e.inbound, e.asks, reactions[i])
                    }
                    if !e.inbound {
                        st.ourAuthor = e.author
                    } else if st.ourAuthor == nil, let a = agg.addressee(e) {
                        st.ourAuthor = a
                    }
                    threads[thread] = st
                } else if !e.presence {
                    let other = openedByOther[thread]
                    if !other {
                        if e.inbound { d.threadsStartedByThem += 1 } else { d.threadsStartedByUs += 1 }
                    }
                    threads[thread] = ThreadState(
                        lastInbound: e.inbound, runStart: i, runAsks: e.asks ? i : nil,
                        runInvites: other ? e.asks && !e.closer : !e.closer,
                        ourAuthor: e.inbound ? agg.addressee(e) : e.author,
                        acknowledged: Self.acknowledges(e.inbound, reactions[i]))
                }
                if e.inbound {
                    inboundCount += 1
                    if e.words > 0 || e.markerMask != 0 {
                        nonEmptyIn += 1
                        if e.isInformal { informalIn += 1 }
                        if e.isFormal { formalIn += 1 }
                    }
                    if !calendar.isWorkingTime(e.date) { offHoursIn += 1 }
                    let channel = e.channel
                    if mostPrivateTheirs.map({ channel > $0 }) ?? true { mostPrivateTheirs = channel }
                    if privateSet.contains(channel.rawValue) { privateThem = true }
                    if let s = e.sentiment {
                        sentimentSum += s
                        sentimentCount += 1
                    }
                    let day = (e.instant / 86_400).rounded(.down)
                    if let l = lastDay, day > l { gaps.append(day - l) }
                    if lastDay != day { lastDay = day }
                    if firstInbound == nil { firstInbound = e.instant }
                    lastInbound = e.instant
                }
                i += 1
            }
            // Snapshot at `cut`: open runs close unanswered; open items waiting on us age until `cut.t`.
            var ours = runsOurs
            var theirs = runsTheirs
            var oursAnswered = runsOursAnswered
            var waiting: [(Timestamp, String, Double)] = []
            for state in threads {
                guard let st = state else { continue }
                if st.runInvites || st.acknowledged {
                    if st.lastInbound { theirs += 1 } else { ours += 1 }
                }
                if st.acknowledged { oursAnswered += 1 }
                guard st.lastInbound, let ask = st.runAsks else { continue }
                let a = ev[ask]
                let seconds = ourClocks.clock(st.ourAuthor).businessSeconds(from: a.instant, to: cut.t)
                let age = calendar.daySeconds > 0 ? seconds / calendar.daySeconds : 0
                waiting.append((a.date, source.id(events[ask]), Stats.round(age, 2)))
            }
            waiting.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            var s = d
            s.replyRateThem = ours > 0 ? Double(oursAnswered) / Double(ours) : nil
            s.replyRateUs = theirs > 0 ? Double(runsTheirsAnswered) / Double(theirs) : nil
            s.openItems = waiting.map {
                OpenItem(
                    messageID: $0.1, thread: "", since: $0.0, waitingOn: "waiting-on-us", ageBusinessDays: $0.2,
                    quote: nil)
            }
            var informalShare: Double?
            var formalShare: Double?
            if nonEmptyIn > 0 {
                informalShare = Double(informalIn) / Double(nonEmptyIn)
                formalShare = Double(formalIn) / Double(nonEmptyIn)
            }
            let offHoursShare = inboundCount > 0 ? Double(offHoursIn) / Double(inboundCount) : nil
            s.intimacy = Intimacy.score(
                mostPrivateTheirs: mostPrivateTheirs, informalShare: informalShare ?? 0,
                offHoursShare: offHoursShare ?? 0)
            let pairs = theirReplies.count + ourPairs
            s.replyExchanges = pairs
            out.append(
                ContactComputation(
                    dynamics: s, months: [], analyzed: [], pairs: pairs,
                    twoWay: pairs > 0 && s.messagesIn > 0 && s.messagesOut > 0, theirReplies: theirReplies,
                    ourReplies: [], informalShareThem: informalShare, formalShareThem: formalShare,
                    mirror: theirReplies.isEmpty ? nil : mirrorSum / Double(theirReplies.count),
                    meanSentimentThem: sentimentCount > 0 ? sentimentSum / Double(sentimentCount) : nil,
                    privateChannelThem: privateThem, mostPrivateTheirs: mostPrivateTheirs, base: 0,
                    lastInbound: lastInbound, firstInbound: firstInbound,
                    cadenceDays: gaps.count >= 2 ? Stats.median(gaps) : nil, lastTwoWay: nil))
        }
        return out
    }
}
