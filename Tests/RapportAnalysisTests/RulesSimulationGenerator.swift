import Foundation
import RapportAnalysis
import RapportCore

// This file is shared (by symlink) with Benchmarks/warnings: keep it free of test-only imports.

/// A seeded generator of realistic contact histories (bursts, weekends, vacations, noisy latencies and
/// lengths, closers, mobile replies), with and without injected cooling, and the measurement of the
/// warning rules on it. The full run is Benchmarks/warnings/run.sh (env RAPPORT_WARNINGS_SIM=full);
/// a small seeded smoke run with exact expected counts is a normal test.
enum WarningsSimulation {
    /// SplitMix64: small, fast, reproducible everywhere.
    struct RNG {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
        mutating func chance(_ p: Double) -> Bool { uniform() < p }
        mutating func normal() -> Double {
            let u1 = max(uniform(), 1e-12)
            let u2 = uniform()
            return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        }
        mutating func lognormal(median: Double, sigma: Double) -> Double { median * exp(sigma * normal()) }
        mutating func poisson(_ lambda: Double) -> Int {
            var k = 0
            var p = 1.0
            let l = exp(-lambda)
            repeat {
                k += 1
                p *= uniform()
            } while p > l
            return k - 1
        }
        mutating func pick<T>(_ xs: [T]) -> T { xs[Int(next() % UInt64(xs.count))] }
    }

    struct Contact {
        var id: String
        var messages: [AnalyzedMessage]
        /// Cooling onset (instant), nil for steady contacts.
        var coolingStart: Double?
    }

    struct Params {
        var steady: Int
        var cooling: Int
        var days: Int
        var seed: UInt64
    }

    static let epoch = Timestamp(year: 2024, month: 1, day: 1).instant
    static let vocabulary: [String] = """
        project plan team report numbers dashboard release update meeting call notes budget invoice order contract \
        rollout timeline feature request issue ticket login export import data sync migration training users access \
        account pricing quote review draft document slides agenda schedule week month quarter roadmap launch test \
        pilot feedback results metrics integration api server error fix patch deploy staging production support \
        onboarding license seats renewal workshop demo prototype design mockup copy campaign newsletter survey \
        the a our your this that next last new old good fine quick short long small big first other final \
        check send share confirm look see need want think know make take get move add change keep start finish
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    static func filler(_ n: Int, _ rng: inout RNG) -> String {
        var words: [String] = []
        words.reserveCapacity(n)
        for _ in 0..<max(1, n) { words.append(rng.pick(vocabulary)) }
        return words.joined(separator: " ")
    }

    /// One contact's history.
    static func contact(_ index: Int, cooling: Bool, days: Int, rng: inout RNG) -> Contact {
        let id = "c\(index)@example\(index % 37).com"
        let account = "example\(index % 37).com"
        let offset = Int32(rng.pick([-8.0, -5, 0, 1, 2, 5.5, 9]) * 3600)
        let rate = rng.lognormal(median: 1.5, sigma: 0.6)  // their thread starts per week
        let ourRate = rate * (0.5 + 0.7 * rng.uniform())
        let themLatency = rng.lognormal(median: 4 * 3600, sigma: 0.8)
        let usLatency = rng.lognormal(median: 3 * 3600, sigma: 0.5)
        let wordsMedian = rng.lognormal(median: 35, sigma: 0.5)
        let formalStyle = rng.chance(0.15)
        let sentimentMean = 0.35 + 0.15 * rng.normal()
        let magnitude = 0.6 + 0.6 * rng.uniform()
        let coolingStart: Double? = cooling ? epoch + (300 + rng.uniform() * 300) * 86_400 : nil
        // Vacations: about two a year, 5–18 days.
        var vacations: [(Double, Double)] = []
        for _ in 0..<max(1, days * 2 / 365) {
            let s = epoch + rng.uniform() * Double(days) * 86_400
            vacations.append((s, s + (5 + rng.uniform() * 13) * 86_400))
        }
        func onVacation(_ t: Double) -> Double? { vacations.first { t >= $0.0 && t < $0.1 }?.1 }
        func cool(_ t: Double) -> Double {
            guard let c = coolingStart, t >= c else { return 0 }
            return min(1, (t - c) / (14 * 86_400)) * magnitude
        }
        struct Draft {
            var t: Double
            var inbound: Bool
            var thread: String
            var text: String
            var asks: Bool
            var closer: Bool
            var mobile: Bool
            var sentiment: Double?
        }
        var drafts: [Draft] = []
        func theirMessage(_ t: Double, thread: String, last: Bool) -> Draft {
            let c = cool(t)
            if last && rng.chance(0.35) {
                return Draft(
                    t: t, inbound: true, thread: thread, text: rng.pick(["Thanks!", "Thank you!", "Thanks, got it."]),
                    asks: false, closer: true, mobile: false, sentiment: 0.5)
            }
            if rng.chance(0.08) {
                let text = filler(3 + Int(rng.uniform() * 6), &rng) + "\n\nSent from my iPhone"
                return Draft(
                    t: t, inbound: true, thread: thread, text: text, asks: false, closer: false, mobile: true,
                    sentiment: 0)
            }
            let warmP = formalStyle ? 0.15 : 0.75
            let formalP = formalStyle ? 0.8 : 0.03
            var parts: [String] = []
            let g = rng.uniform()
            if g < formalP {
                parts.append("Dear Sam,")
            } else if g < formalP + warmP * (1 - 0.7 * c) {
                parts.append(rng.pick(["Hi Sam,", "Hey Sam!", "Hello Sam,"]))
            }
            let n = Int(rng.lognormal(median: wordsMedian * exp(-0.5 * c), sigma: 0.55).rounded())
            let asks = rng.chance(0.55)
            parts.append(filler(n, &rng) + (asks ? "?" : "."))
            if rng.chance(0.5 * (1 - 0.7 * c)) { parts.append(rng.pick(["Thanks a lot!", "Thank you.", "Thanks!"])) }
            if rng.chance(0.1 * (1 - c)) { parts.append(":)") }
            let s = rng.uniform()
            if s < formalP {
                parts.append("Kind regards,\nAna")
            } else if s < formalP + warmP * (1 - 0.7 * c) {
                parts.append(rng.pick(["Cheers,\nAna", "Talk soon,\nAna", "Best,\nAna"]))
            } else {
                parts.append("Ana")
            }
            let sentiment = max(-1, min(1, sentimentMean - 0.3 * c + 0.3 * rng.normal()))
            return Draft(
                t: t, inbound: true, thread: thread, text: parts.joined(separator: "\n"), asks: asks, closer: false,
                mobile: false, sentiment: sentiment)
        }
        func ourMessage(_ t: Double, thread: String) -> Draft {
            Draft(
                t: t, inbound: false, thread: thread, text: "Hi Ana,\n" + filler(20, &rng) + "\nBest, Sam", asks: true,
                closer: false, mobile: false, sentiment: nil)
        }
        /// Their reply time from `t`: lognormal, pushed past vacations and mostly past weekends.
        func theirReply(_ t: Double) -> Double {
            var r = t + rng.lognormal(median: themLatency * exp(log(2.5) * cool(t)), sigma: 1.0)
            if let back = onVacation(r) { r = back + rng.uniform() * 86_400 }
            let wd = CivilTime(epochSeconds: Int64(r) + Int64(offset)).weekday
            if (wd == 0 || wd == 6) && rng.chance(0.8) { r += Double(wd == 6 ? 2 : 1) * 86_400 }
            return r
        }
        var threadNo = 0
        var burst = 1.0
        for day in 0..<days {
            if day % 7 == 0 { burst = rng.chance(0.1) ? 3 : 1 }
            let dayStart = epoch + Double(day) * 86_400 - Double(offset)
            let wd = CivilTime(epochSeconds: Int64(epoch) + Int64(day) * 86_400).weekday
            let weekend = wd == 0 || wd == 6
            let perDay = (weekend ? 0.15 : 1) / (5 + 2 * 0.15)
            let c = cool(dayStart)
            let theirs = onVacation(dayStart) == nil ? rng.poisson(rate * burst * perDay * (1 - 0.3 * c)) : 0
            let ours = rng.poisson(ourRate * perDay)
            for k in 0..<(theirs + ours) {
                threadNo += 1
                let thread = "t\(threadNo)"
                var t = dayStart + (8 + 10 * rng.uniform()) * 3600
                var inbound = k < theirs
                let length = 1 + min(5, rng.poisson(1.2 * (1 - 0.4 * cool(t))))
                for m in 0..<length {
                    let last = m == length - 1
                    var d =
                        inbound ? theirMessage(t, thread: thread, last: last && m > 0) : ourMessage(t, thread: thread)
                    d.t = t
                    drafts.append(d)
                    if inbound && d.closer { break }
                    // The other side answers.
                    if inbound {
                        let late = rng.lognormal(median: usLatency, sigma: 0.9)
                        if last && !d.asks { break }
                        if late > 2 * 86_400 && d.asks {
                            // They chase us before we answer.
                            drafts.append(
                                Draft(
                                    t: t + 2 * 86_400, inbound: true, thread: thread,
                                    text: "Hi Sam, any update on this?",
                                    asks: true, closer: false, mobile: false, sentiment: 0.1))
                        }
                        t += late
                    } else {
                        if last { break }
                        t = theirReply(t)
                    }
                    inbound.toggle()
                    if last {
                        drafts.append(
                            inbound ? theirMessage(t, thread: thread, last: true) : ourMessage(t, thread: thread))
                    }
                }
            }
        }
        let end = epoch + Double(days) * 86_400
        drafts = drafts.filter { $0.t < end }
        drafts.sort { $0.t < $1.t }
        var messages: [AnalyzedMessage] = []
        var lastInThread: [String: Int] = [:]
        for (n, d) in drafts.enumerated() {
            let date = Timestamp(seconds: Int64(d.t.rounded(.down)), utcOffset: d.inbound ? offset : 0)
            var answers: String? = nil
            var latency: Double? = nil
            var business: Double? = nil
            if let p = lastInThread[d.thread], (messages[p].direction == .inbound) != d.inbound {
                answers = messages[p].id
                latency = date.instant - messages[p].date.instant
                business = BusinessTime.seconds(from: messages[p].date, to: date, offset: offset)
            }
            messages.append(
                AnalyzedMessage(
                    id: "\(id)/\(n)", thread: d.thread, answers: answers, date: date,
                    direction: d.inbound ? .inbound : .outbound, channel: .email, contact: id, account: account,
                    text: d.text, words: ExampleScript.countWords(d.text), startsThread: lastInThread[d.thread] == nil,
                    replyLatency: latency, replyLatencyBusiness: business, sentiment: d.sentiment, markers: [],
                    asksSomething: d.asks, isCloser: d.closer, hasMobileFooter: d.mobile))
            lastInThread[d.thread] = messages.count - 1
        }
        return Contact(id: id, messages: messages, coolingStart: coolingStart)
    }

    struct Result: CustomStringConvertible {
        var steadyContactYears = 0.0
        /// Alerts on steady contacts per rule id.
        var steadyAlerts: [String: Int] = [:]
        var steadyWatchAlerts: [String: Int] = [:]
        var coolingContacts = 0
        /// Cooling contacts detected within 60 days of onset by the cooling rule / by any contact-behaviour rule.
        var detectedByCooling60 = 0
        var detectedByAny60 = 0
        var delaysCooling: [Double] = []
        var messages = 0

        /// Contact-behaviour rules: alerts about what the contact does (not about our own late replies).
        static let behaviourRules = ["cooling", "going-dark", "explicit-risk", "asymmetry"]

        var falseBehaviourPerContactYear: Double {
            Double(Self.behaviourRules.reduce(0) { $0 + (steadyAlerts[$1] ?? 0) }) / steadyContactYears
        }
        var falseWatchBehaviourPerContactYear: Double {
            Double(Self.behaviourRules.reduce(0) { $0 + (steadyWatchAlerts[$1] ?? 0) }) / steadyContactYears
        }
        var coolingDetectionRate: Double { Double(detectedByCooling60) / Double(max(1, coolingContacts)) }
        var anyDetectionRate: Double { Double(detectedByAny60) / Double(max(1, coolingContacts)) }

        var description: String {
            var s = "messages: \(messages); steady contact-years: \(Human2.f(steadyContactYears))\n"
            s += "alerts on steady contacts per contact-year, by rule (watch-level at raise in brackets):\n"
            for rule in WarningEngine.rules.map({ $0.id }) {
                let n = steadyAlerts[rule] ?? 0
                let w = steadyWatchAlerts[rule] ?? 0
                s +=
                    "  \(rule): \(Human2.f(Double(n) / steadyContactYears)) [\(Human2.f(Double(w) / steadyContactYears))]\n"
            }
            s += "false alerts (contact-behaviour rules) per contact-year: \(Human2.f(falseBehaviourPerContactYear))"
            s += " (watch: \(Human2.f(falseWatchBehaviourPerContactYear)))\n"
            s +=
                "cooling contacts: \(coolingContacts); detected within 60 days by cooling: \(Human2.pct(coolingDetectionRate))"
            s += "; by any behaviour rule: \(Human2.pct(anyDetectionRate))\n"
            let sorted = delaysCooling.sorted()
            if !sorted.isEmpty {
                s += "cooling-rule detection delay (days, detected ones): median \(Human2.f(sorted[sorted.count / 2]))"
                s += ", p90 \(Human2.f(sorted[min(sorted.count - 1, sorted.count * 9 / 10)]))\n"
            }
            return s
        }
    }

    static func run(_ p: Params, config: WarningsConfig = WarningsConfig()) -> Result {
        var rng = RNG(state: p.seed)
        var result = Result()
        let asOf = Timestamp(seconds: Int64(epoch) + Int64(p.days) * 86_400)
        for i in 0..<(p.steady + p.cooling) {
            let isCooling = i >= p.steady
            let c = contact(i, cooling: isCooling, days: p.days, rng: &rng)
            result.messages += c.messages.count
            let alerts = WarningEngine.alerts(contact: c.id, messages: c.messages, config: config, asOf: asOf)
            if let start = c.coolingStart {
                result.coolingContacts += 1
                let after = alerts.filter { $0.firing.raisedAt.instant >= start }
                if let first = after.first(where: { $0.firing.rule == "cooling" }) {
                    let delay = (first.firing.raisedAt.instant - start) / 86_400
                    result.delaysCooling.append(delay)
                    if delay <= 60 { result.detectedByCooling60 += 1 }
                }
                if after.contains(where: {
                    Result.behaviourRules.contains($0.firing.rule) && $0.firing.raisedAt.instant - start <= 60 * 86_400
                }) {
                    result.detectedByAny60 += 1
                }
            } else {
                result.steadyContactYears += Double(p.days) / 365
                for a in alerts {
                    result.steadyAlerts[a.firing.rule, default: 0] += 1
                    if a.firing.severity(at: a.firing.raisedAt) == .watch {
                        result.steadyWatchAlerts[a.firing.rule, default: 0] += 1
                    }
                }
            }
        }
        return result
    }
}

enum Human2 {
    static func f(_ x: Double) -> String { String(format: "%.2f", x) }
    static func pct(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }
}
