import RapportAnalysis
import RapportCore

/// Realistic sample reports built in code (the analysis engine lands separately): a small one with
/// three accounts, several contacts, histories and warnings, and a generated one of any size.
enum SampleReports {
    static func t(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 10, _ mi: Int = 0, offset: Int32 = 0) -> Timestamp {
        Timestamp(year: y, month: m, day: d, hour: h, minute: mi, utcOffset: offset)
    }

    static func components(_ values: [Double?]) -> [ScoreComponent] {
        let ids = ["warmth", "intimacy", "responsiveness", "recency", "volume", "duration", "balance", "sentiment"]
        let weights = [0.2, 0.15, 0.15, 0.1, 0.1, 0.1, 0.1, 0.1]
        let present = zip(values, weights).filter { $0.0 != nil }.map(\.1).reduce(0, +)
        return ids.indices.map { i in
            let v = i < values.count ? values[i] : nil
            let eff = v == nil ? 0 : weights[i] / present
            return ScoreComponent(
                id: ids[i], value: v, weight: weights[i], effectiveWeight: eff, contribution: (v ?? 0) * eff,
                detail: v == nil ? "missing: weight redistributed" : "\(ids[i]) from \(Int(v!)) of 100")
        }
    }

    static func score(
        _ level: Int, _ points: Double, _ values: [Double?], trend: Trend? = nil, gates: [String] = [],
        confidence: Double = 0.8, evidence: [EvidenceItem] = []
    ) -> ScoreResult {
        ScoreResult(
            level: level, points: points, components: components(values), gates: gates, trend: trend,
            confidence: confidence, evidence: evidence)
    }

    static func months(_ start: Int, _ count: Int, seed: Int, latencyScale: Double) -> [MonthStats] {
        (0..<count).map { i in
            let month = start + i
            let y = 2025 + (month - 1) / 12
            let m = (month - 1) % 12 + 1
            let wobble = Double((seed * 7 + i * 13) % 11)
            return MonthStats(
                month: "\(y)-\(m < 10 ? "0" : "")\(m)", messagesIn: 3 + (seed + i) % 6,
                messagesOut: 4 + (seed * 3 + i) % 5,
                medianLatencyThemSeconds: i == 2 && seed % 2 == 0 ? nil : (1800 + wobble * 900) * latencyScale,
                medianLatencyUsSeconds: (1200 + Double((i * 5 + seed) % 7) * 600),
                medianWordsThem: 40 + wobble * 6 - Double(i) * latencyScale,
                medianWordsUs: 55 + Double((i + seed) % 5) * 4,
                meanSentimentThem: 0.3 - Double(i) * 0.02 * latencyScale)
        }
    }

    static func history(_ points: [Double]) -> [ScorePoint] {
        points.enumerated().map { i, p in
            let level = p >= 80 ? 5 : p >= 65 ? 4 : p >= 45 ? 3 : p >= 30 ? 2 : 1
            let month = 10 + i
            let (y, m) = (2025 + (month - 1) / 12, (month - 1) % 12 + 1)
            return ScorePoint(period: "\(y)-\(m < 10 ? "0" : "")\(m)", level: level, points: p)
        }
    }

    /// The small sample: Northwind (warm), Globex (neutral), Initech (cold, with warnings).
    static var small: AnalysisReport {
        var mbox = IngestSummary()
        mbox.files = 1
        mbox.bytes = 4_812_331
        mbox.read = 1210
        mbox.emitted = 1190
        mbox.skipped = ["duplicate": 14, "malformed-headers": 6]
        mbox.excluded = ["auto-reply": 31, "bulk": 12]
        mbox.problems = ["corpora/demo/mail.mbox: byte 88211: header line without colon, skipped message"]
        var slack = IngestSummary()
        slack.files = 41
        slack.bytes = 912_004
        slack.read = 640
        slack.emitted = 633
        slack.skipped = ["deleted": 5, "system": 2]
        slack.excluded = ["bot": 17]
        var tickets = IngestSummary()
        tickets.files = 25
        tickets.bytes = 388_120
        tickets.read = 25
        tickets.emitted = 25
        var total = IngestSummary()
        total.merge(mbox)
        total.merge(slack)
        total.merge(tickets)
        let us = Us(
            identities: ["sam@ourco.example", "U01SAM"], internalDomains: ["ourco.example"], inferred: false,
            explanation: "given: --me sam@ourco.example, U01SAM; --internal-domain ourco.example")

        let danaEvidence = [
            EvidenceItem(
                messageID: "CAF=nw-1001@mail.northwind.example", date: t(2026, 2, 3, 9, 12, offset: -18000),
                reason: "fast reply: 12 min", quote: "Thanks Sam — that fix landed perfectly, the team is thrilled."),
            EvidenceItem(
                messageID: "C01NW/1709210000.000200", date: t(2026, 2, 29, 15, 40), reason: "moved to a DM (slack-dm)",
                quote: "Let's keep this between us for now, but we're planning to expand to 40 seats."),
        ]
        var dana = ContactResult(
            id: "dana.ruiz@northwind.example", displayName: "Dana Ruiz", email: "dana.ruiz@northwind.example",
            account: "northwind.example", title: "VP Operations",
            aliases: [IdentityLink(id: "U07DANA", via: "email", strong: true)],
            score: score(
                5, 86.4, [92, 95, 88, 90, 70, 80, 75, 82],
                trend: Trend(previousLevel: 4, previousPoints: 78.1, levelDelta: 1, pointsDelta: 8.3),
                confidence: 0.92, evidence: danaEvidence),
            dynamics: Dynamics(
                messagesIn: 64, messagesOut: 58, threadsStartedByThem: 11, threadsStartedByUs: 9, replyRateThem: 0.94,
                replyRateUs: 0.97,
                latencyThem: LatencyStats(
                    count: 50, medianSeconds: 2280, p90Seconds: 14_400, medianBusinessSeconds: 1900, within1h: 0.61,
                    within4h: 0.86, within1d: 0.98, within3d: 1),
                latencyUs: LatencyStats(
                    count: 55, medianSeconds: 1500, p90Seconds: 9000, medianBusinessSeconds: 1320, within1h: 0.7,
                    within4h: 0.9, within1d: 1, within3d: 1),
                medianWordsThem: 48, medianWordsUs: 61, verbosityRatio: 0.787, intimacy: 88,
                channels: ["slack-dm", "slack-private", "email"], mostPrivateChannel: "slack-dm",
                channelPath: ["ticket-public", "email", "slack-private", "slack-dm"], firstMessage: t(2025, 9, 2),
                lastMessage: t(2026, 3, 27, 16, 5)),
            months: months(9, 7, seed: 1, latencyScale: 0.8))
        dana.dynamics.replyExchanges = 105
        dana.dynamics.closersThem = 6
        dana.dynamics.mobileRepliesThem = 3
        dana.dynamics.informalShareThem = 0.64
        dana.dynamics.offHoursShareThem = 0.12
        dana.dynamics.verbosityTrendThem = -1.25
        let li = ContactResult(
            id: "xiaolong.li@northwind.example", displayName: "李小龍", email: "xiaolong.li@northwind.example",
            account: "northwind.example", title: "Director of IT", aliases: [],
            score: score(
                4, 71.0, [75, 60, 80, 85, 55, 70, 72, 74],
                trend: Trend(previousLevel: 4, previousPoints: 70.6, levelDelta: 0, pointsDelta: 0.4),
                gates: ["4, not 5: no private channel"], confidence: 0.74,
                evidence: [
                    EvidenceItem(
                        messageID: "nw-2044@mail.northwind.example", date: t(2026, 3, 10, 8, 30, offset: 28800),
                        reason: "positive: 'great'", quote: "Great, the rollout in Shanghai went smoothly.")
                ]),
            dynamics: Dynamics(
                messagesIn: 22, messagesOut: 25, threadsStartedByThem: 4, threadsStartedByUs: 6, replyRateThem: 0.8,
                replyRateUs: 0.92, latencyThem: LatencyStats(count: 18, medianSeconds: 10_800, p90Seconds: 64_800),
                latencyUs: LatencyStats(count: 20, medianSeconds: 3600, p90Seconds: 21_600), medianWordsThem: 35,
                medianWordsUs: 52, verbosityRatio: 0.673, intimacy: 55, channels: ["email", "ticket-public"],
                mostPrivateChannel: "email", channelPath: ["ticket-public", "email"], firstMessage: t(2025, 10, 14),
                lastMessage: t(2026, 3, 20)),
            months: months(10, 6, seed: 2, latencyScale: 1.1))
        let priya = ContactResult(
            id: "priya.patel@northwind.example", displayName: "Priya 🚀 Patel", email: "priya.patel@northwind.example",
            account: "northwind.example", title: nil,
            aliases: [IdentityLink(id: "U07PRIYA", via: "display-name", strong: false)],
            score: score(4, 66.2, [70, 62, 66, 72, 50, 40, 70, nil], confidence: 0.41),
            dynamics: Dynamics(
                messagesIn: 9, messagesOut: 7, threadsStartedByThem: 2, threadsStartedByUs: 1, replyRateThem: 0.86,
                replyRateUs: 1, latencyThem: LatencyStats(count: 6, medianSeconds: 5400),
                latencyUs: LatencyStats(count: 7, medianSeconds: 2700),
                medianWordsThem: 22, medianWordsUs: 30, verbosityRatio: 0.733, intimacy: 62,
                channels: ["slack-private"],
                mostPrivateChannel: "slack-private", channelPath: ["slack-private"], firstMessage: t(2026, 1, 8),
                lastMessage: t(2026, 3, 25)),
            months: months(13, 3, seed: 3, latencyScale: 1))
        let northwind = AccountResult(
            id: "northwind.example", name: "Northwind Traders",
            score: score(
                5, 81.3, [88, 90, 84, 90, 68, 75, 74, 80],
                trend: Trend(previousLevel: 4, previousPoints: 76.0, levelDelta: 1, pointsDelta: 5.3), confidence: 0.9),
            contacts: [dana, li, priya], stakeholders: 3, singleThreaded: false,
            channelMix: ["email": 98, "slack-dm": 40, "slack-private": 31, "ticket-public": 16],
            history: history([70.2, 72.5, 74.0, 76.0, 79.9, 81.3]))

        let hankOpen = OpenItem(
            messageID: "gx-311@globex.example", thread: "gx-thread-300", since: t(2026, 3, 18, 14, 0, offset: -25200),
            waitingOn: "waiting-on-us", ageBusinessDays: 9.5,
            quote: "Can you send the revised SOW, with the \"premium\" tier priced out?")
        let hank = ContactResult(
            id: "hank@globex.example", displayName: "Hank Scorpio", email: "hank@globex.example",
            account: "globex.example",
            title: "CEO", aliases: [],
            score: score(
                3, 52.7, [55, 40, 48, 60, 50, 65, 55, 50],
                trend: Trend(previousLevel: 3, previousPoints: 58.0, levelDelta: 0, pointsDelta: -5.3),
                gates: ["3, not 4: an open item waiting on us for 9.5 business days"], confidence: 0.66,
                evidence: [
                    EvidenceItem(
                        messageID: "gx-311@globex.example", date: t(2026, 3, 18, 14, 0, offset: -25200),
                        reason: "open item waiting on us", quote: nil)
                ]),
            dynamics: Dynamics(
                messagesIn: 31, messagesOut: 24, threadsStartedByThem: 8, threadsStartedByUs: 3, replyRateThem: 0.71,
                replyRateUs: 0.68, latencyThem: LatencyStats(count: 17, medianSeconds: 20_000, p90Seconds: 172_800),
                latencyUs: LatencyStats(count: 21, medianSeconds: 52_000, p90Seconds: 259_200), medianWordsThem: 64,
                medianWordsUs: 41, verbosityRatio: 1.561, intimacy: 34, channels: ["email", "ticket-public"],
                mostPrivateChannel: "email", channelPath: ["email"], firstMessage: t(2025, 8, 20),
                lastMessage: t(2026, 3, 18),
                openItems: [hankOpen]),
            months: months(8, 8, seed: 4, latencyScale: 1.6))
        let marge = ContactResult(
            id: "marge.oneil@globex.example", displayName: "Marge O'Neil", email: "marge.oneil@globex.example",
            account: "globex.example", title: "Procurement", aliases: [],
            score: score(2, 38.9, [35, 30, 40, 45, 30, 50, 40, 35], confidence: 0.55),
            dynamics: Dynamics(
                messagesIn: 12, messagesOut: 15, replyRateThem: 0.5, replyRateUs: 0.9,
                latencyThem: LatencyStats(count: 6, medianSeconds: 90_000),
                latencyUs: LatencyStats(count: 10, medianSeconds: 7200),
                medianWordsThem: 18, medianWordsUs: 70, verbosityRatio: 0.257, intimacy: 30, channels: ["email"],
                mostPrivateChannel: "email", channelPath: ["email"], firstMessage: t(2025, 11, 3),
                lastMessage: t(2026, 2, 27)),
            months: months(11, 4, seed: 5, latencyScale: 2))
        let globex = AccountResult(
            id: "globex.example", name: "Globex",
            score: score(
                3, 47.6, [48, 36, 45, 55, 42, 60, 50, 44],
                trend: Trend(previousLevel: 3, previousPoints: 51.2, levelDelta: 0, pointsDelta: -3.6), confidence: 0.62
            ),
            contacts: [hank, marge], stakeholders: 2, singleThreaded: false,
            channelMix: ["email": 74, "ticket-public": 8], history: history([55.0, 53.1, 51.2, 47.6]))

        let billQuote = "This is unacceptable, we've asked three times now. <b>Please</b> escalate."
        let billEvidence = [
            EvidenceItem(
                messageID: "it-90@initech.example", date: t(2026, 3, 2, 11, 0, offset: -21600),
                reason: "negative: 'unacceptable'", quote: billQuote),
            EvidenceItem(
                messageID: "it-95@initech.example", date: t(2026, 3, 16, 17, 45, offset: -21600),
                reason: "repeated request (3rd time)", quote: "Following up AGAIN on the TPS report export."),
        ]
        let bill = ContactResult(
            id: "bill.lumbergh@initech.example", displayName: "Bill Lumbergh", email: "bill.lumbergh@initech.example",
            account: "initech.example", title: "Division VP",
            aliases: [IdentityLink(id: "ticket:bill lumbergh", via: "display-name", strong: false)],
            score: score(
                1, 22.4, [15, 20, 25, 30, 35, 60, 20, 10],
                trend: Trend(previousLevel: 3, previousPoints: 49.0, levelDelta: -2, pointsDelta: -26.6),
                gates: ["capped at 2: explicit risk language in the last 30 days"], confidence: 0.71,
                evidence: billEvidence),
            dynamics: Dynamics(
                messagesIn: 19, messagesOut: 27, threadsStartedByThem: 7, threadsStartedByUs: 2, replyRateThem: 0.41,
                replyRateUs: 0.85, latencyThem: LatencyStats(count: 9, medianSeconds: 259_200, p90Seconds: 604_800),
                latencyUs: LatencyStats(count: 16, medianSeconds: 86_400, p90Seconds: 345_600), medianWordsThem: 14,
                medianWordsUs: 88, verbosityRatio: 0.159, intimacy: 12, channels: ["ticket-public", "email"],
                mostPrivateChannel: "email", channelPath: ["email", "ticket-public"], firstMessage: t(2025, 7, 1),
                lastMessage: t(2026, 3, 16, 17, 45, offset: -21600),
                openItems: [
                    OpenItem(
                        messageID: "it-95@initech.example", thread: "it-thread-77",
                        since: t(2026, 3, 16, 17, 45, offset: -21600),
                        waitingOn: "waiting-on-us", ageBusinessDays: 11,
                        quote: "Following up AGAIN on the TPS report export.")
                ]),
            months: months(7, 9, seed: 6, latencyScale: 3))
        let initech = AccountResult(
            id: "initech.example", name: "Initech",
            score: score(
                1, 22.4, [15, 20, 25, 30, 35, 60, 20, 10],
                trend: Trend(previousLevel: 3, previousPoints: 49.0, levelDelta: -2, pointsDelta: -26.6),
                confidence: 0.7),
            contacts: [bill], stakeholders: 1, singleThreaded: true, channelMix: ["email": 30, "ticket-public": 16],
            history: history([60.0, 55.5, 49.0, 40.2, 30.8, 22.4]))

        let joe = ContactResult(
            id: "joe.freelance@gmail.example", displayName: "Joe Freelance", email: "joe.freelance@gmail.example",
            account: nil, title: nil, aliases: [],
            score: score(2, 33.0, [40, 20, 30, 25, nil, nil, 50, 40], confidence: 0.2),
            dynamics: Dynamics(
                messagesIn: 3, messagesOut: 2, replyRateThem: 0.5, replyRateUs: 1,
                latencyThem: LatencyStats(count: 1, medianSeconds: 40_000),
                latencyUs: LatencyStats(count: 2, medianSeconds: 3000), medianWordsThem: 80, medianWordsUs: 40,
                verbosityRatio: 2, intimacy: 20, channels: ["email"], mostPrivateChannel: "email",
                channelPath: ["email"],
                firstMessage: t(2026, 1, 20), lastMessage: t(2026, 2, 2)),
            months: months(13, 2, seed: 7, latencyScale: 1))

        let warnings = [
            Warning(
                rule: "explicit-risk", severity: .act, contact: bill.id, account: "initech.example",
                raisedAt: t(2026, 3, 2, 11, 0, offset: -21600),
                summary: "Bill Lumbergh used risk language ('unacceptable') and asked for escalation",
                evidence: [billEvidence[0]]),
            Warning(
                rule: "repeated-request", severity: .act, contact: bill.id, account: "initech.example",
                raisedAt: t(2026, 3, 16, 17, 45, offset: -21600),
                summary: "the same request was made 3 times in 21 days", evidence: [billEvidence[1]]),
            Warning(
                rule: "open-item-ageing", severity: .watch, contact: hank.id, account: "globex.example",
                raisedAt: t(2026, 3, 31),
                summary: "Hank's question has waited on us for 9.5 business days",
                evidence: [
                    EvidenceItem(
                        messageID: hankOpen.messageID, date: hankOpen.since, reason: "unanswered question",
                        quote: hankOpen.quote)
                ]),
            Warning(
                rule: "cooling", severity: .watch, contact: marge.id, account: "globex.example",
                raisedAt: t(2026, 3, 31),
                summary: "replies from Marge O'Neil slowed from 4h to 25h over 3 months", evidence: []),
        ]

        var analysis = AnalysisCounts()
        analysis.received = 1848
        analysis.used = 1788
        analysis.notUsed = ["automated": 60]
        return AnalysisReport(
            generator: "rapport 0.1.0", asOf: t(2026, 3, 31, 18, 0),
            inputs: [
                InputRecord(path: "corpora/demo/mail.mbox", format: "mbox", summary: mbox),
                InputRecord(path: "corpora/demo/slack-export.zip", format: "slack", summary: slack),
                InputRecord(path: "corpora/demo/tickets", format: "html", summary: tickets),
            ], summary: total, us: us,
            configHash: "3f1c9a0e5b7d2c4468a1f0e9d8c7b6a5f4e3d2c1b0a99887766554433221100f",
            lexiconHash: "9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3b4a5968778695a4b3c2d1e0f",
            accounts: [northwind, globex, initech], unaffiliated: [joe], warnings: warnings, analysis: analysis,
            notes: ["sentiment uses the bundled VADER lexicon only; the domain lexicon was not found"])
    }

    /// A generated report of `accounts` accounts with 1–5 contacts each (deterministic).
    static func generated(accounts count: Int) -> AnalysisReport {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        var accounts: [AccountResult] = []
        var warnings: [Warning] = []
        for a in 0..<count {
            let domain = "acct\(a).example"
            var contacts: [ContactResult] = []
            for c in 0..<(1 + next(5)) {
                let level = 1 + next(5)
                let points = Double(level * 18 - next(15))
                let id = "person\(c)@\(domain)"
                contacts.append(
                    ContactResult(
                        id: id, displayName: "Person \(c) of Account \(a)", email: id, account: domain, title: nil,
                        aliases: [],
                        score: score(
                            level, points, (0..<8).map { _ in Double(next(100)) },
                            trend: Trend(
                                previousLevel: level, previousPoints: points - 2, levelDelta: 0, pointsDelta: 2),
                            evidence: [
                                EvidenceItem(
                                    messageID: "m\(a)-\(c)@\(domain)", date: t(2026, 3, 1 + next(28)),
                                    reason: "fast reply", quote: "Sounds good, thanks!")
                            ]),
                        dynamics: Dynamics(
                            messagesIn: next(50), messagesOut: next(50), replyRateThem: 0.8, replyRateUs: 0.9,
                            latencyThem: LatencyStats(count: 5, medianSeconds: Double(600 + next(90_000))),
                            latencyUs: LatencyStats(count: 5, medianSeconds: Double(600 + next(90_000))),
                            medianWordsThem: 40,
                            medianWordsUs: 50, verbosityRatio: 0.8, intimacy: Double(next(100)), channels: ["email"],
                            mostPrivateChannel: "email", channelPath: ["email"], firstMessage: t(2025, 6, 1),
                            lastMessage: t(2026, 3, 20)),
                        months: months(4 + next(6), 6, seed: a + c, latencyScale: 1)))
                if level <= 2 && next(3) == 0 {
                    warnings.append(
                        Warning(
                            rule: "cooling", severity: level == 1 ? .act : .watch, contact: id, account: domain,
                            raisedAt: t(2026, 3, 30),
                            summary: "replies slowed", evidence: []))
                }
            }
            contacts.sort { $0.score.points != $1.score.points ? $0.score.points > $1.score.points : $0.id < $1.id }
            let best = contacts[0].score
            accounts.append(
                AccountResult(
                    id: domain, name: "Account \(a)",
                    score: score(best.level, best.points, [60, 50, 40, 70, 30, 20, 60, 50]),
                    contacts: contacts, stakeholders: contacts.count, singleThreaded: contacts.count == 1,
                    channelMix: ["email": 10 + next(100), "slack-dm": next(20)],
                    history: history([40, 45, 50, best.points])))
        }
        accounts.sort { $0.score.points != $1.score.points ? $0.score.points > $1.score.points : $0.id < $1.id }
        warnings.sort { ($0.severity == .act ? 0 : 1, $0.contact) < ($1.severity == .act ? 0 : 1, $1.contact) }
        return AnalysisReport(
            generator: "rapport 0.1.0", asOf: t(2026, 3, 31),
            inputs: [InputRecord(path: "generated", format: "mbox", summary: IngestSummary())],
            summary: IngestSummary(),
            us: Us(identities: ["me@ourco.example"], inferred: true, explanation: "inferred: dominant sender"),
            configHash: String(repeating: "a", count: 64), lexiconHash: String(repeating: "b", count: 64),
            accounts: accounts,
            unaffiliated: [], warnings: warnings)
    }
}
