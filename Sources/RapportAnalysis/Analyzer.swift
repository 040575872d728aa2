import Foundation
public import RapportCore

/// The body of an analysis: ranked accounts and contacts with scores, dynamics and warnings.
public struct AnalysisBody: Sendable {
    public var asOf: Timestamp?
    public var accounts: [AccountResult]
    public var unaffiliated: [ContactResult]
    public var warnings: [Warning]
    /// The aggregate's counts, with outbound messages that reached no external person (e.g. our posts in
    /// a channel where no outsider wrote) moved from `used` to `notUsed["no-external-participant"]`.
    public var counts: AnalysisCounts
    /// Per-contact analyzed messages inside the timeline window (what the warning rules saw).
    public var timelines: [String: [AnalyzedMessage]]
    /// What the reader of the report must know about this analysis (see ``Analyzer/oneSidedNotes``).
    public var notes: [String] = []
}

/// Turns a (merged) ``PartialAggregate`` into ranked results: identity resolution, accounts, dynamics,
/// scores with explanations, trend (replayed `trendDays` earlier), monthly history and warnings.
/// Deterministic: every collection is sorted before it is used or emitted.
public struct Analyzer: Sendable {
    public var config: AnalysisConfig
    public var calendar: BusinessCalendar
    /// Threads that score contacts and run their warning rules (``ParallelMap``); the report is the same
    /// for any number.
    var threads = ParallelMap.defaultWorkers

    public init(config: AnalysisConfig = .defaults) {
        self.config = config
        self.calendar = BusinessCalendar(config.businessHours)
    }

    // MARK: Identity

    /// How identity keys map to contacts, with the links that justify it.
    public struct Identities: Sendable {
        public var contactOf: [String: String]
        public var links: [String: [IdentityLink]]
    }

    public func resolveIdentities(_ records: [String: IdentityRecord]) -> Identities {
        var contactOf: [String: String] = [:]
        var links: [String: [IdentityLink]] = [:]
        let aliases = Dictionary(
            config.identity.aliases.map { ($0.key.lowercased(), $0.value.lowercased()) },
            uniquingKeysWith: { a, _ in a })
        var unresolved: [String] = []
        for key in records.keys.sorted() {
            let r = records[key]!
            if let target = aliases[key] {
                contactOf[key] = target
                if target != key {
                    links[target, default: []].append(IdentityLink(id: key, via: "config", strong: true))
                }
            } else if let email = r.email {
                contactOf[key] = email
                if email != key { links[email, default: []].append(IdentityLink(id: key, via: "email", strong: true)) }
            } else {
                unresolved.append(key)
            }
        }
        if config.identity.linkByDisplayName {
            linkFreeMailAddresses(records, aliases: aliases, contactOf: &contactOf, links: &links)
        }
        // Weak links: equal full display names (at least two words), only when exactly one contact matches.
        var byName: [String: Set<String>] = [:]
        for (key, contact) in contactOf {
            let name = Self.normalizedName(records[key]?.displayName ?? "")
            if name.contains(" ") { byName[name, default: []].insert(contact) }
        }
        for key in unresolved {
            let name = Self.normalizedName(records[key]?.displayName ?? "")
            if config.identity.linkByDisplayName, name.contains(" "), let matches = byName[name], matches.count == 1,
                let contact = matches.first
            {
                contactOf[key] = contact
                links[contact, default: []].append(IdentityLink(id: key, via: "display-name", strong: false))
            } else {
                contactOf[key] = key
            }
        }
        for k in links.keys { links[k]!.sort { $0.id < $1.id } }
        return Identities(contactOf: contactOf, links: links)
    }

    /// Weak links between addresses: a person who also writes from a free-mail address (Gmail on the
    /// phone, a personal account, several Gmail addresses) is one contact, not two half-contacts. A
    /// free-mail address (not named in `identity.aliases`) whose full display name (at least two words,
    /// case-folded) equals that of **exactly one** other contact that is not free-mail joins that contact; when
    /// only free-mail addresses share the name, they join the smallest address. Two or more non-free-mail
    /// contacts with the name (two companies' John Smiths) link nothing. Flagged `"via": "display-name",
    /// "strong": false`; `identity.linkByDisplayName: false` turns it off with the other weak links.
    func linkFreeMailAddresses(
        _ records: [String: IdentityRecord], aliases: [String: String], contactOf: inout [String: String],
        links: inout [String: [IdentityLink]]
    ) {
        var freeByName: [String: [String]] = [:]
        var otherByName: [String: Set<String>] = [:]
        let aliasTargets = Set(aliases.values)
        for key in contactOf.keys.sorted() {
            let contact = contactOf[key]!
            let name = Self.normalizedName(records[key]?.displayName ?? "")
            guard name.contains(" ") else { continue }
            if key == contact, aliases[key] == nil, !aliasTargets.contains(key), let email = records[key]?.email,
                email == key, let at = email.lastIndex(of: "@"),
                FreeMail.isFreeMail(String(email[email.index(after: at)...]))
            {
                freeByName[name, default: []].append(key)
            } else {
                otherByName[name, default: []].insert(contact)
            }
        }
        var moved: [String: String] = [:]
        for name in freeByName.keys.sorted() {
            let free = freeByName[name]!
            // A free-mail address can be another identity's contact too (a Slack profile email).
            let others = (otherByName[name] ?? []).subtracting(free)
            let target: String
            if others.count == 1 {
                target = others.first!
            } else if others.isEmpty, free.count >= 2 {
                target = free[0]
            } else {
                continue
            }
            for f in free where f != target {
                moved[f] = target
            }
        }
        guard !moved.isEmpty else { return }
        for key in contactOf.keys.sorted() {
            if let target = moved[contactOf[key]!] { contactOf[key] = target }
        }
        for (from, target) in moved.sorted(by: { $0.key < $1.key }) {
            links[target, default: []].append(contentsOf: links.removeValue(forKey: from) ?? [])
            links[target, default: []].append(IdentityLink(id: from, via: "display-name", strong: false))
        }
    }

    static func normalizedName(_ s: String) -> String {
        s.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\"" || $0 == "'" }).joined(
            separator: " ")
    }

    /// Account of a contact: its email domain, unless free-mail or overridden in the config. A corporate
    /// domain is an account even with a single contact (flagged single-threaded); free-mail never is.
    public func account(ofEmail email: String?) -> String? {
        guard let email, let at = email.lastIndex(of: "@") else { return nil }
        let domain = String(email[email.index(after: at)...]).lowercased()
        guard !domain.isEmpty else { return nil }
        if let mapped = config.identity.domains[domain] { return mapped.isEmpty ? nil : mapped.lowercased() }
        if FreeMail.isFreeMail(domain) { return nil }
        return domain
    }

    // MARK: Analysis

    struct ContactData {
        var id: String
        var account: String?
        /// Indices of the contact's events in the aggregate, sorted chronologically.
        var events: [Int32]
        /// Dense per-contact thread numbers parallel to `events` (interned once, reused by every replay).
        var threads: [Int32]
        /// By dense thread number: the thread was opened by another outsider (a colleague of theirs in a
        /// shared channel or on Cc), so neither this contact nor we started it.
        var openedByOther: [Bool]
        /// Reactions on each event, parallel to `events` (``ReactionBits``).
        var reactions: [UInt8]
    }

    /// Groups events per contact (sorted chronologically).
    func contactEvents(
        _ agg: PartialAggregate, identities: Identities, asOf: Double, counts: inout AnalysisCounts
    ) -> [ContactData] {
        // Contacts as dense numbers; identity keys of the aggregate mapped to them once.
        var contactNames: [String] = []
        var contactIndex: [String: Int32] = [:]
        func contactNumber(_ name: String) -> Int32 {
            if let c = contactIndex[name] { return c }
            let c = Int32(contactNames.count)
            contactNames.append(name)
            contactIndex[name] = c
            return c
        }
        let contactOfKey = (0..<Int32(agg.keys.count)).map { k -> Int32 in
            let key = agg.keys.string(k)
            return contactNumber(identities.contactOf[key] ?? key)
        }
        // Threads where one of our messages reached no listed external recipient: who wrote there.
        var needed = [Bool](repeating: false, count: agg.threads.count)
        for e in agg.events where !e.inbound && e.recipients < 0 && e.instant <= asOf { needed[Int(e.thread)] = true }
        var threadContacts: [Int32: [Int32]] = [:]
        for e in agg.events where e.inbound && needed[Int(e.thread)] && e.instant <= asOf {
            let c = contactOfKey[Int(e.author)]
            if threadContacts[e.thread]?.contains(c) != true { threadContacts[e.thread, default: []].append(c) }
        }
        // Reactors of ours: people who wrote to a contact (as of as-of), our identities (`--me`), or people
        // the export places on our side (``SlackReactors``).
        var ourKey = [Bool](repeating: false, count: agg.keys.count)
        for e in agg.events where !e.inbound && e.instant <= asOf { ourKey[Int(e.author)] = true }
        // Reactors of theirs beside the ones the export described: people who wrote to us (as of as-of). The
        // reader describes a reactor as known when it reads the reaction (`users.json`, earlier
        // `user_profile`s); one it discovers later in the export, or in another shard, is resolved here,
        // once every message is in: placed the same whatever the order of files and shards.
        var theirKey = [Bool](repeating: false, count: agg.keys.count)
        for e in agg.events where e.inbound && e.instant <= asOf { theirKey[Int(e.author)] = true }
        var per = [[Int32]](repeating: [], count: contactNames.count)
        var targets: [Int32] = []
        for (i, e) in agg.events.enumerated() where e.instant <= asOf {
            if e.inbound {
                per[Int(contactOfKey[Int(e.author)])].append(Int32(i))
                continue
            }
            targets.removeAll(keepingCapacity: true)
            if e.recipients >= 0 {
                for k in agg.recipientLists[Int(e.recipients)] {
                    let c = contactOfKey[Int(k)]
                    if !targets.contains(c) { targets.append(c) }
                }
            }
            if targets.isEmpty { targets = threadContacts[e.thread] ?? [] }
            // Known outsiders who reacted to our post (a 👍 on an announcement or an ask in a shared
            // channel) were reached by it, whatever its audience: alone (a thread no outsider wrote in)
            // or on top of the people it addressed or who wrote in its thread (a second customer contact
            // reacting to our answer to the first). Each such contact gets the post (docs/dynamics.md).
            if e.reacted, let reactors = agg.reactions[Int32(i)] {
                for r in reactors where (r.theirs || theirKey[Int(r.key)]) && !ourKey[Int(r.key)] {
                    let c = contactOfKey[Int(r.key)]
                    if !targets.contains(c) { targets.append(c) }
                }
            }
            if targets.isEmpty {
                counts.used -= 1
                counts.notUsed["no-external-participant", default: 0] += 1
            }
            for t in targets { per[Int(t)].append(Int32(i)) }
        }
        var emailOf: [String: String] = [:]
        for (key, r) in agg.identities {
            if let email = r.email {
                let c = identities.contactOf[key] ?? key
                if emailOf[c] == nil || email < emailOf[c]! { emailOf[c] = email }
            }
        }
        // The first used event of each thread (as of as-of): who opened it.
        var opener = [Int32](repeating: -1, count: agg.threads.count)
        for i in agg.events.indices where agg.events[i].instant <= asOf {
            let g = Int(agg.events[i].thread)
            if opener[g] < 0 || agg.chronological(Int32(i), opener[g]) { opener[g] = Int32(i) }
        }
        var threadIndex = [Int32](repeating: -1, count: agg.threads.count)
        func reactionBits(_ i: Int32, contact c: Int32) -> UInt8 {
            let e = agg.events[Int(i)]
            guard e.reacted, let reactors = agg.reactions[i] else { return 0 }
            var bits: UInt8 = 0
            for r in reactors {
                let ours = r.ours || ourKey[Int(r.key)]
                if e.inbound {
                    if ours { bits |= ReactionBits.byUs }
                } else if !ours && contactOfKey[Int(r.key)] == c {
                    bits |= ReactionBits.byThem
                    if r.acknowledges { bits |= ReactionBits.acknowledgedByThem }
                }
            }
            return bits
        }
        return contactNames.indices.filter { !per[$0].isEmpty }.sorted { contactNames[$0] < contactNames[$1] }
            .map { c in
                let id = contactNames[c]
                let email = id.contains("@") ? id : emailOf[id]
                let events = per[c].sorted(by: agg.chronological)
                per[c] = []
                var used: [Int32] = []
                let threads = events.map { i -> Int32 in
                    let g = Int(agg.events[Int(i)].thread)
                    if threadIndex[g] >= 0 { return threadIndex[g] }
                    threadIndex[g] = Int32(used.count)
                    used.append(Int32(g))
                    return Int32(used.count - 1)
                }
                for g in used { threadIndex[Int(g)] = -1 }
                let openedByOther = used.map { g -> Bool in
                    let first = agg.events[Int(opener[Int(g)])]
                    return first.inbound && contactOfKey[Int(first.author)] != Int32(c)
                }
                return ContactData(
                    id: id, account: account(ofEmail: email), events: events, threads: threads,
                    openedByOther: openedByOther, reactions: events.map { reactionBits($0, contact: Int32(c)) })
            }
    }

    struct Scored {
        var computation: ContactComputation
        var score: ScoreResult
    }

    func score(
        _ source: EventSource, _ events: ArraySlice<Int32>, contact: String, account: String?, asOf: Double,
        full: Bool, threads: ArraySlice<Int32>, openedByOther: [Bool], reactions: ArraySlice<UInt8>
    ) -> Scored {
        let comp = ContactAnalyzer.compute(
            source: source, events: events, contact: contact, account: account, asOf: asOf, config: config,
            calendar: calendar, withMessages: full, threadIDs: threads, openedByOther: openedByOther,
            reactions: reactions)
        let values = Scorer.components(comp, asOf: asOf, config: config)
        let (points, components) = Scorer.weigh(values, weights: config.weights)
        let (level, gates) = Scorer.gate(points: points, c: comp, values: values, config: config)
        let result = ScoreResult(
            level: level, points: points, components: components, gates: gates, trend: nil,
            confidence: Scorer.confidence(pairs: comp.pairs, config: config),
            evidence: full ? Scorer.evidence(comp, source: source, events: events) : [])
        return Scored(computation: comp, score: result)
    }

    /// The contact's (level, points) as of each instant (nil where it had no message yet). `incremental`
    /// sweeps its events once (``ContactAnalyzer/replay(source:events:threadIDs:openedByOther:reactions:cutoffs:config:calendar:)``);
    /// otherwise each instant is a full recomputation on the prefix (the reference the sweep must equal).
    func pastScores(
        _ source: EventSource, _ c: ContactData, at instants: [Double], incremental: Bool = true
    )
        -> [(level: Int, points: Double)?]
    {
        let counts = instants.map { Self.prefixCount(source.aggregate, c.events, upTo: $0) }
        if !incremental {
            return zip(counts, instants).map { n, t in
                guard n > 0 else { return nil }
                let p = score(
                    source, c.events[0..<n], contact: c.id, account: c.account, asOf: t, full: false,
                    threads: c.threads[0..<n], openedByOther: c.openedByOther, reactions: c.reactions[0..<n]
                ).score
                return (p.level, p.points)
            }
        }
        let order = instants.indices.filter { counts[$0] > 0 }.sorted { instants[$0] < instants[$1] }
        let comps = ContactAnalyzer.replay(
            source: source, events: c.events, threadIDs: c.threads, openedByOther: c.openedByOther,
            reactions: c.reactions, cutoffs: order.map { (counts[$0], instants[$0]) },
            config: config, calendar: calendar)
        var result = [(level: Int, points: Double)?](repeating: nil, count: instants.count)
        for (k, i) in order.enumerated() {
            let values = Scorer.components(comps[k], asOf: instants[i], config: config)
            let (points, _) = Scorer.weigh(values, weights: config.weights)
            let (level, _) = Scorer.gate(points: points, c: comps[k], values: values, config: config)
            result[i] = (level, points)
        }
        return result
    }

    /// Number of events at or before `t` (a prefix of the chronological order).
    static func prefixCount(_ agg: PartialAggregate, _ events: [Int32], upTo t: Double) -> Int {
        var lo = 0
        var hi = events.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if agg.events[Int(events[mid])].instant <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// When the analyzed messages all go one way, the input lacks a side: an inbox exported without its
    /// Sent folder (nothing from us), or only the Sent mail (nothing from them). Every contact is then
    /// capped at level 1 (no two-way exchange), and the warnings whose premise is the missing side are
    /// not raised: without our messages "waiting on us" is unknowable (`open-item-ageing`,
    /// `repeated-request`); without theirs "we send more than they do" is trivially true (`asymmetry`).
    /// Returns the notes for the report and the rule ids left out.
    /// Notes for accounts that look like our own organization: an account whose domain is the domain of
    /// one of our addresses (`--me neel@vendor.example`, not free-mail) but not an internal domain holds,
    /// most likely, our colleagues — scored as a customer. The report says so and how to fix it.
    public static func colleagueNotes(us: Us, accountIDs: [String]) -> [String] {
        let ours = Set(
            us.identities.compactMap { id -> String? in
                guard let at = id.lastIndex(of: "@") else { return nil }
                let domain = String(id[id.index(after: at)...])
                return FreeMail.isFreeMail(domain) ? nil : domain
            })
        return accountIDs.filter { ours.contains($0) && !us.internalDomains.contains($0) }.sorted().map {
            "account \($0) is the domain of our own address (--me): if they are colleagues, pass --internal-domain \($0)"
        }
    }

    static func oneSidedNotes(inbound: Int, outbound: Int) -> (notes: [String], rules: Set<String>) {
        if inbound > 0 && outbound == 0 {
            return (
                [
                    "no message from us among the \(inbound) analyzed messages: our side is missing (a mailbox "
                        + "exported without its Sent folder?) or \"us\" does not match it (check --me / "
                        + "--internal-domain); every contact is capped at level 1 (no two-way exchange), and "
                        + "open-item-ageing and repeated-request warnings are not raised"
                ], [OpenItemAgeingRule.id, RepeatedRequestRule.id]
            )
        }
        if outbound > 0 && inbound == 0 {
            return (
                [
                    "no message from them among the \(outbound) analyzed messages: their side is missing (only "
                        + "our sent mail?) or \"us\" is too wide (check --me / --internal-domain); every contact "
                        + "is capped at level 1 (no two-way exchange), and asymmetry warnings are not raised"
                ], [AsymmetryRule.id]
            )
        }
        return ([], [])
    }

    /// Runs the analysis as of `asOf` (default: the newest used message).
    public func analyze(_ agg: PartialAggregate, asOf given: Timestamp?) -> AnalysisBody {
        let aggregate = agg
        let newest = aggregate.events.indices.max { aggregate.chronological(Int32($0), Int32($1)) }.map {
            aggregate.events[$0].date
        }
        guard let asOfStamp = given ?? newest else {
            return AnalysisBody(
                asOf: given, accounts: [], unaffiliated: [], warnings: [], counts: agg.counts, timelines: [:])
        }
        let asOf = asOfStamp.instant
        let identities = resolveIdentities(aggregate.identities)
        var counts = aggregate.counts
        let contacts = contactEvents(aggregate, identities: identities, asOf: asOf, counts: &counts)
        let source = EventSource(
            aggregate: aggregate, textFrom: asOf - Double(config.analysis.timelineDays) * 86_400)
        let trendAt = asOf - Double(config.analysis.trendDays) * 86_400
        let months = historyInstants(asOf: asOfStamp)

        var results: [String: ContactResult] = [:]
        var lastTwoWay: [String: Double] = [:]
        var timelines: [String: [AnalyzedMessage]] = [:]
        var historyPoints: [String: [(Double, Int, Double)]] = [:]  // contact → per month (points, level)
        var trendScores: [String: (Int, Double)] = [:]
        var linkedKeys: [String: [String]] = [:]
        for (key, contact) in identities.contactOf { linkedKeys[contact, default: []].append(key) }
        // Each contact is scored on its own (trend and history replays included), on both cores; the
        // results are folded here in contact order, so the report does not depend on the threads.
        let outcomes = ParallelMap.map(contacts, workers: threads) { c in
            analyzeContact(
                c, source: source, aggregate: aggregate, identities: identities, linked: linkedKeys[c.id] ?? [],
                asOf: asOf, trendAt: trendAt, months: months)
        }
        for o in outcomes {
            let id = o.result.id
            results[id] = o.result
            if let t = o.trend { trendScores[id] = t }
            if let h = o.history { historyPoints[id] = h }
            if let l = o.lastTwoWay { lastTwoWay[id] = l }
            if !o.timeline.isEmpty { timelines[id] = o.timeline }
        }

        // Accounts.
        var byAccount: [String: [ContactResult]] = [:]
        var unaffiliated: [ContactResult] = []
        for id in results.keys.sorted() {
            let r = results[id]!
            if let a = r.account { byAccount[a, default: []].append(r) } else { unaffiliated.append(r) }
        }
        let stakeholderFrom = asOf - Double(config.analysis.stakeholderDays) * 86_400
        var accounts: [AccountResult] = []
        var contactsByAccount: [String: [ContactData]] = [:]
        for c in contacts { if let a = c.account { contactsByAccount[a, default: []].append(c) } }
        for (id, members) in byAccount {
            let ranked = members.sorted(by: Self.rank)
            let stakeholders = ranked.filter { (lastTwoWay[$0.id] ?? -.infinity) >= stakeholderFrom }
            let single = stakeholders.count <= 1
            var score = accountScore(ranked.map { ($0.id, $0.score.points, $0.score.level) }, singleThreaded: single)
            score.confidence = ranked.map(\.score.confidence).max() ?? 0
            score.evidence = Array((ranked.first?.score.evidence ?? []).prefix(3))
            let prev = ranked.compactMap { m in trendScores[m.id].map { (m.id, $0.1, $0.0) } }
                .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            if !prev.isEmpty {
                let p = accountScore(prev, singleThreaded: single)
                score.trend = Trend(
                    previousLevel: p.level, previousPoints: p.points, levelDelta: score.level - p.level,
                    pointsDelta: Stats.round(score.points - p.points, 2))
            }
            var mix: [String: Int] = [:]
            var seen = Set<Int32>()
            for c in contactsByAccount[id] ?? [] {
                for e in c.events where seen.insert(e).inserted {
                    mix[aggregate.events[Int(e)].channel.rawValue, default: 0] += 1
                }
            }
            var history: [ScorePoint] = []
            for (i, (key, _)) in months.enumerated() {
                let cs = ranked.compactMap { m -> (String, Double, Int)? in
                    guard let h = historyPoints[m.id], i < h.count, h[i].1 > 0 else { return nil }
                    return (m.id, h[i].2, h[i].1)
                }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
                if cs.isEmpty { continue }
                let p = accountScore(cs, singleThreaded: single)
                history.append(ScorePoint(period: key, level: p.level, points: p.points))
            }
            accounts.append(
                AccountResult(
                    id: id, name: config.identity.accountNames[id] ?? id, score: score, contacts: ranked,
                    stakeholders: stakeholders.count, singleThreaded: single, channelMix: mix, history: history))
        }
        accounts.sort { a, b in
            a.score.level != b.score.level
                ? a.score.level > b.score.level
                : (a.score.points != b.score.points ? a.score.points > b.score.points : a.id < b.id)
        }
        unaffiliated.sort(by: Self.rank)

        var warnings = WarningEngine.evaluate(
            timelines: timelines, config: config.warnings, asOf: asOfStamp, workers: threads)
        let all = results.values
        let (notes, unjudgeable) = Self.oneSidedNotes(
            inbound: all.reduce(0) { $0 + $1.dynamics.messagesIn },
            outbound: all.reduce(0) { $0 + $1.dynamics.messagesOut })
        warnings.removeAll { unjudgeable.contains($0.rule) }
        warnings.sort { a, b in
            if a.severity != b.severity { return a.severity > b.severity }
            if a.raisedAt != b.raisedAt { return a.raisedAt < b.raisedAt }
            if a.contact != b.contact { return a.contact < b.contact }
            if a.rule != b.rule { return a.rule < b.rule }
            return a.summary < b.summary
        }
        return AnalysisBody(
            asOf: asOfStamp, accounts: accounts, unaffiliated: unaffiliated, warnings: warnings, counts: counts,
            timelines: timelines, notes: notes)
    }

    /// What ``analyze(_:asOf:)`` keeps of one contact.
    struct ContactOutcome {
        var result: ContactResult
        var lastTwoWay: Double?
        var timeline: [AnalyzedMessage]
        /// Per history month: (month end, level, points); nil without an account.
        var history: [(Double, Int, Double)]?
        /// The score 30 days before as-of: (level, points).
        var trend: (Int, Double)?
    }

    /// Scores one contact with its trend and monthly history, and gathers its name, title and email from
    /// its identity records (pure: reads the aggregate only).
    func analyzeContact(
        _ c: ContactData, source: EventSource, aggregate: PartialAggregate, identities: Identities,
        linked unsortedLinked: [String], asOf: Double, trendAt: Double, months: [(String, Double)]
    ) -> ContactOutcome {
        let scored = score(
            source, c.events[...], contact: c.id, account: c.account, asOf: asOf, full: true,
            threads: c.threads[...], openedByOther: c.openedByOther, reactions: c.reactions[...])
        var s = scored.score
        // Trend and monthly history: the score as of earlier instants, all from one sweep.
        let instants = [trendAt] + (c.account != nil ? months.map(\.1) : [])
        let past = pastScores(source, c, at: instants)
        var trend: (Int, Double)?
        if let p = past[0] {
            s.trend = Trend(
                previousLevel: p.level, previousPoints: p.points, levelDelta: s.level - p.level,
                pointsDelta: Stats.round(s.points - p.points, 2))
            trend = (p.level, p.points)
        }
        var history: [(Double, Int, Double)]?
        if c.account != nil {
            history = zip(months, past.dropFirst()).map { m, p in (m.1, p?.level ?? 0, p?.points ?? 0) }
        }
        let record = aggregate.identities[c.id]
        let linked = unsortedLinked.sorted()
        var name = record?.displayName ?? ""
        var title = record?.title
        var titleStamp = record?.titleStamp
        var titleMessage = record?.titleMessage ?? ""
        for key in linked {
            guard let r = aggregate.identities[key] else { continue }
            if name.isEmpty { name = r.displayName }
            if let t = r.title,
                title == nil || IdentityRecord.newer(r.titleStamp, r.titleMessage, than: titleStamp, titleMessage)
            {
                title = t
                titleStamp = r.titleStamp
                titleMessage = r.titleMessage
            }
        }
        let email = c.id.contains("@") ? c.id : linked.compactMap { aggregate.identities[$0]?.email }.min()
        let result = ContactResult(
            id: c.id, displayName: name, email: email, account: c.account, title: title,
            aliases: identities.links[c.id] ?? [], score: s, dynamics: scored.computation.dynamics,
            months: scored.computation.months)
        return ContactOutcome(
            result: result, lastTwoWay: scored.computation.lastTwoWay, timeline: scored.computation.analyzed,
            history: history, trend: trend)
    }

    static func rank(_ a: ContactResult, _ b: ContactResult) -> Bool {
        if a.score.level != b.score.level { return a.score.level > b.score.level }
        if a.score.points != b.score.points { return a.score.points > b.score.points }
        return a.id < b.id
    }

    /// Month-end instants of the last `historyMonths` months (the current month ends at as-of).
    func historyInstants(asOf: Timestamp) -> [(String, Double)] {
        let n = max(0, config.analysis.historyMonths)
        guard n > 0 else { return [] }
        let c = asOf.local
        var result: [(String, Double)] = []
        var y = c.year
        var m = c.month
        for i in 0..<n {
            let key = Timestamp(year: y, month: m, day: 1).local.monthKey
            let end: Double
            if i == 0 {
                end = asOf.instant
            } else {
                let ny = m == 12 ? y + 1 : y
                let nm = m == 12 ? 1 : m + 1
                end = Timestamp(year: ny, month: nm, day: 1, utcOffset: asOf.utcOffset).instant - 1
            }
            result.append((key, end))
            m -= 1
            if m == 0 {
                m = 12
                y -= 1
            }
        }
        return result.reversed()
    }

    /// Account score from its contacts' (id, points, level), strongest first: points are the weighted sum of
    /// the strongest contacts' points (missing contacts count 0, so breadth is rewarded); the level is the
    /// band of those points, at least one below and at most the best contact's level, and capped for a
    /// single-threaded account.
    func accountScore(_ contacts: [(String, Double, Int)], singleThreaded: Bool) -> ScoreResult {
        let weights = config.account.contactWeights
        let names = ["best-contact", "second-contact", "third-contact", "fourth-contact", "fifth-contact"]
        var total = 0.0
        var comps: [ScoreComponent] = []
        for (i, w) in weights.enumerated() {
            let c = i < contacts.count ? contacts[i] : nil
            let v = c?.1 ?? 0
            total += v * w
            comps.append(
                ScoreComponent(
                    id: i < names.count ? names[i] : "contact-\(i + 1)", value: c == nil ? 0 : v, weight: w,
                    effectiveWeight: w, contribution: Stats.round(v * w, 2),
                    detail: c.map { "\($0.0): level \($0.2), \(Scorer.fmt($0.1, 1)) points" } ?? "no such contact"))
        }
        let points = Stats.round(total, 2)
        let best = contacts.first?.2 ?? 1
        var level = Scorer.band(points, bands: config.bands)
        var gates: [String] = []
        if level < best - 1 { level = best - 1 }
        if level > best {
            gates.append("\(best), not \(level): no contact is above \(best)")
            level = best
        }
        let cap = config.account.singleThreadedMaxLevel
        if singleThreaded && level > cap {
            gates.append("\(cap), not \(level): single-threaded (one stakeholder carries the relationship)")
            level = cap
        }
        return ScoreResult(
            level: level, points: points, components: comps, gates: gates, trend: nil, confidence: 0, evidence: [])
    }
}
