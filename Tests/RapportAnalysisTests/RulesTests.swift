import Foundation
import RapportAnalysis
import RapportCore
import RapportSentiment
import Testing

/// One rule example as a test case.
struct RuleCase: Sendable, CustomTestStringConvertible {
    var rule: String
    var index: Int
    var example: RuleExample

    var testDescription: String { "\(rule): \(example.name)" }

    static let all: [RuleCase] = WarningEngine.rules.flatMap { rule in
        rule.examples.enumerated().map { RuleCase(rule: rule.id, index: $0.offset, example: $0.element) }
    }
}

/// Config with only one rule enabled.
func only(_ rule: String, _ base: WarningsConfig = WarningsConfig()) -> WarningsConfig {
    var c = base
    c.disabledRules = WarningEngine.rules.map { $0.id }.filter { $0 != rule }
    return c
}

@Suite struct RulesExamplesTests {
    @Test(arguments: RuleCase.all)
    func example(_ c: RuleCase) {
        let contact = c.example.messages.first?.contact ?? "x"
        let warnings = WarningEngine.evaluate(
            timelines: [contact: c.example.messages], config: only(c.rule), asOf: c.example.asOf)
        if let expected = c.example.expected {
            #expect(warnings.count == 1, "\(warnings)")
            #expect(warnings.first?.rule == c.rule)
            #expect(warnings.first?.severity == expected)
            #expect(warnings.first?.evidence.isEmpty == false)
            #expect(warnings.first?.summary.isEmpty == false)
        } else {
            #expect(warnings.isEmpty, "\(warnings)")
        }
    }

    @Test func everyRuleHasTriggeringAndNonTriggeringExamples() {
        #expect(
            WarningEngine.rules.map { $0.id } == [
                "cooling", "repeated-request", "open-item-ageing", "going-dark", "explicit-risk", "asymmetry",
            ])
        for rule in WarningEngine.rules {
            #expect(rule.examples.contains { $0.triggers }, "\(rule.id)")
            #expect(rule.examples.contains { !$0.triggers }, "\(rule.id)")
        }
    }
}

@Suite struct RulesHygieneTests {
    typealias S = ExampleScript

    @Test func cooldownContinuesTheEarlierAlertInsteadOfRaisingANewOne() {
        let ask = S.them(0, "Hi Sam, could you send the order form?")
        let lines = [
            ask, S.them(2, "Any update?"), S.us(2.5, "Sent."),
            S.them(5, "Hi Sam, could you send the usage report?", thread: "t2"),
            S.them(7, "Any update on the report?", thread: "t2"),
        ]
        let messages = S.build(lines)
        let config = only("repeated-request")
        // The second repeat (day 7) comes 4.5 days after the first alert resolved (day 2.5), within the
        // 14-day cooldown: one alert over the history, reported with its first raisedAt.
        let alerts = WarningEngine.alerts(contact: "a", messages: messages, config: config, asOf: S.at(7.5))
        #expect(alerts.map(\.firing.raisedAt) == [S.at(2)])
        let reported = WarningEngine.evaluate(timelines: ["a": messages], config: config, asOf: S.at(7.5))
        #expect(reported.map(\.raisedAt) == [S.at(2)])
        #expect(reported.first?.evidence.map(\.messageID) == ["m001", "m002", "m004", "m005"])
        // Without cooldown both are separate alerts, and only the open one is reported.
        var none = config
        none.cooldownDays = 0
        let again = WarningEngine.alerts(contact: "a", messages: messages, config: none, asOf: S.at(7.5))
        #expect(again.map(\.firing.raisedAt) == [S.at(2), S.at(7)])
        let open = WarningEngine.evaluate(timelines: ["a": messages], config: none, asOf: S.at(7.5))
        #expect(open.map(\.raisedAt) == [S.at(7)])
        // After the cooldown a recurrence is a new alert.
        let late = S.build(
            lines.map { l in
                var l = l
                if l.day >= 5 { l.day += 20 }
                return l
            })
        let two = WarningEngine.alerts(contact: "a", messages: late, config: config, asOf: S.at(28))
        #expect(two.map(\.firing.raisedAt) == [S.at(2), S.at(27)])
    }

    @Test func continuedAlertShowsTheCurrentSeverity() {
        let lines = [
            S.them(0, "Hi Sam, could you send the order form?"), S.them(2, "Any update?"), S.them(3, "Following up!"),
            S.us(3.5, "Sent."), S.them(5, "Hi Sam, could you send the usage report?", thread: "t2"),
            S.them(6, "Any update on the report?", thread: "t2"),
        ]
        let config = only("repeated-request")
        let at3 = WarningEngine.evaluate(timelines: ["a": S.build(lines)], config: config, asOf: S.at(3.2))
        #expect(at3.map(\.severity) == [.act])
        let at6 = WarningEngine.evaluate(timelines: ["a": S.build(lines)], config: config, asOf: S.at(6.5))
        #expect(at6.map(\.severity) == [.watch])
        #expect(at6.map(\.raisedAt) == [S.at(2)])
    }

    @Test func autoResolveDropsWarningsThatNoLongerHold() {
        let lines = [S.them(0, "Hi Sam, can you confirm the go-live date?")]
        let config = only("open-item-ageing")
        let open = WarningEngine.evaluate(timelines: ["a": S.build(lines)], config: config, asOf: S.at(2))
        #expect(open.map(\.severity) == [.watch])
        // Our reply on day 2.5 resolves it: nothing reported at day 3, though the alert was raised.
        let answered = S.build(lines + [S.us(2.5, "Confirmed: 3 March.")])
        #expect(WarningEngine.evaluate(timelines: ["a": answered], config: config, asOf: S.at(3)).isEmpty)
        let history = WarningEngine.alerts(contact: "a", messages: answered, config: config, asOf: S.at(3))
        #expect(history.count == 1)
        #expect(history.first?.firing.resolvedAt == S.at(2.5))
        // Evaluated as of day 2 (the reply is in the future), it still holds.
        #expect(WarningEngine.evaluate(timelines: ["a": answered], config: config, asOf: S.at(2)).count == 1)
    }

    @Test func mergesAndOrdersDeterministically() {
        let a = S.build(
            [
                S.them(0, "We will cancel our subscription."),
                S.them(1, "Hi Sam, can you confirm the date?", thread: "q"),
            ],
            contact: "a@x.example", account: "x.example")
        let b = S.build(
            [S.them(0, "We are looking at alternatives.")], contact: "b@y.example", account: "y.example")
        let c = S.build(
            [S.them(0, "This is unacceptable.")], contact: "c@x.example", account: "x.example")
        let timelines = ["b@y.example": b, "a@x.example": a, "c@x.example": c]
        let w1 = WarningEngine.evaluate(timelines: timelines, config: WarningsConfig(), asOf: S.at(5))
        var reversed: [String: [AnalyzedMessage]] = [:]
        for k in timelines.keys.sorted().reversed() { reversed[k] = timelines[k] }
        let w2 = WarningEngine.evaluate(timelines: reversed, config: WarningsConfig(), asOf: S.at(5))
        #expect(w1 == w2)
        #expect(
            w1.map { "\($0.severity.rawValue) \($0.contact) \($0.rule)" } == [
                "act a@x.example explicit-risk", "act c@x.example explicit-risk", "act a@x.example open-item-ageing",
                "watch b@y.example explicit-risk",
            ])
        let groups = WarningEngine.groupedByAccount(w1)
        #expect(groups.map(\.account) == ["x.example", "y.example"])
        #expect(groups.map(\.worst) == [.act, .watch])
        #expect(groups.first?.warnings.count == 3)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data1 = try? encoder.encode(w1)
        let data2 = try? encoder.encode(w2)
        #expect(data1 != nil && data1 == data2)
    }

    @Test func absurdConfigValuesNeverTrap() throws {
        let json = """
            {"cooldownDays": -5,
             "cooling": {"baselineWindow": -3, "minBaselineMessages": -1, "zClip": 1e300, "watchThreshold": -1},
             "repeatedRequest": {"shingleSize": -2, "actAfterRepeats": -1, "lookbackDays": 1e300},
             "openItemAgeing": {"minWatchBusinessDays": 1e300, "actBusinessDays": -4, "maxAgeDays": 1e300},
             "goingDark": {"gapWindow": -1, "minGaps": -1, "minSilenceDays": 1e300, "recentDays": -10,
                           "baselineDays": 0},
             "explicitRisk": {"windowDays": 1e300},
             "asymmetry": {"windowDays": -1, "jumpMessages": -2, "minBaseline": -1, "minOutbound": -1}}
            """
        let config = try JSONDecoder().decode(WarningsConfig.self, from: Data(json.utf8))
        for rule in WarningEngine.rules {
            for example in rule.examples {
                _ = WarningEngine.evaluate(timelines: ["a": example.messages], config: config, asOf: example.asOf)
            }
        }
        let far = Timestamp(seconds: Int64.max / 2)
        _ = WarningEngine.evaluate(
            timelines: ["a": S.build([S.them(0, "We will cancel our contract, any update?")])], config: config,
            asOf: far)
    }

    @Test func configDecodesPartialSectionsWithDefaults() throws {
        let json =
            #"{"cooldownDays": 7, "cooling": {"watchThreshold": 6}, "explicitRisk": {"competitorSeverity": "act"}}"#
        let c = try JSONDecoder().decode(WarningsConfig.self, from: Data(json.utf8))
        #expect(c.cooldownDays == 7)
        #expect(c.cooling.watchThreshold == 6)
        #expect(c.cooling.actThreshold == WarningsConfig().cooling.actThreshold)
        #expect(c.explicitRisk.competitorSeverity == .act)
        #expect(c.goingDark == WarningsConfig().goingDark)
        let round = try JSONDecoder().decode(WarningsConfig.self, from: try JSONEncoder().encode(c))
        #expect(round == c)
    }
}

@Suite struct RulesCoolingTests {
    typealias S = ExampleScript

    @Test func singleExtremeMessageNeverFires() {
        // Steady warm weeks, then one message that is late, tiny, cold and negative on every feature.
        var lines = S.steadyWeeks(14)
        lines.append(S.us(98.2, "Hi Ana, here is the update.", thread: "x"))
        lines.append(S.them(104, "No.", thread: "x", sentiment: -0.9))
        lines += S.steadyWeeks(6, fromDay: 105, thread: "y")
        let messages = S.build(lines)
        let alerts = WarningEngine.alerts(contact: "a", messages: messages, config: only("cooling"), asOf: S.at(150))
        #expect(alerts.isEmpty)
        // Three such messages in a row reach the watch limit (3 × (3 − 0.6) = 7.2 ≥ 6); two (4.8) do not.
        var three = S.steadyWeeks(14)
        for (k, day) in [104.0, 110, 116].enumerated() {
            three.append(S.us(day - 5.8, "Hi Ana, here is the update.", thread: "x\(k)"))
            three.append(S.them(day, "No.", thread: "x\(k)", sentiment: -0.9))
        }
        let cooling = only("cooling")
        let atTwo = WarningEngine.alerts(contact: "a", messages: S.build(three), config: cooling, asOf: S.at(111))
        #expect(atTwo.isEmpty)
        let fired = WarningEngine.alerts(contact: "a", messages: S.build(three), config: cooling, asOf: S.at(117))
        #expect(fired.map(\.firing.raisedAt) == [S.at(116)])
    }

    @Test func habitualMobileRepliesAreRead() {
        // Ana always answers from her phone: her mobile replies are how she writes, so three cold ones
        // in a row are cooling, as they are for anyone else (they used to be skipped, all of them).
        let footer = "\n\nSent from my iPhone"
        func phone(_ lines: [S.Line]) -> [S.Line] {
            lines.map { l in
                var l = l
                if l.who == .them && l.text != "Thanks!" { l.text += footer }
                return l
            }
        }
        var cold: [S.Line] = []
        for (k, day) in [104.0, 110, 116].enumerated() {
            cold.append(S.us(day - 5.8, "Hi Ana, here is the update.", thread: "x\(k)"))
            cold.append(S.them(day, "No." + footer, thread: "x\(k)", sentiment: -0.9))
        }
        let cooling = only("cooling")
        let habit = S.build(phone(S.steadyWeeks(14)) + cold)
        #expect(habit.filter { $0.hasMobileFooter }.count == 17)
        let fired = WarningEngine.alerts(contact: "a", messages: habit, config: cooling, asOf: S.at(117))
        #expect(fired.map(\.firing.raisedAt) == [S.at(116)])
        // Ana at her desk, replying from the phone only those three times: short by nature, not coldness.
        let exception = S.build(S.steadyWeeks(14) + cold)
        #expect(WarningEngine.alerts(contact: "a", messages: exception, config: cooling, asOf: S.at(117)).isEmpty)
    }

    @Test func minimumBaselineIsRequired() {
        // Nine warm messages then cold ones: below minBaselineMessages (10), nothing can fire.
        var lines = S.steadyWeeks(9)
        for w in 9..<16 {
            lines.append(S.us(Double(w) * 7, "Update.", thread: "c\(w)"))
            lines.append(S.them(Double(w) * 7 + 3, "Noted.", thread: "c\(w)", sentiment: -0.5))
        }
        // steadyWeeks(9) yields 9 scored messages (closers are skipped): the first cold one completes
        // the baseline; lowering the minimum to 5 lets the rule fire.
        let messages = S.build(lines)
        let strict = WarningEngine.alerts(contact: "a", messages: messages, config: only("cooling"), asOf: S.at(120))
        var cfg = WarningsConfig()
        cfg.cooling.minBaselineMessages = 30
        #expect(
            WarningEngine.alerts(contact: "a", messages: messages, config: only("cooling", cfg), asOf: S.at(120))
                .isEmpty)
        cfg.cooling.minBaselineMessages = 5
        let loose = WarningEngine.alerts(
            contact: "a", messages: messages, config: only("cooling", cfg), asOf: S.at(120))
        #expect(loose.count == 1)
        #expect(strict.count == 1)
        #expect(loose.first!.firing.raisedAt.instant < strict.first!.firing.raisedAt.instant)
    }

    @Test func markersArePreferredAndThePhraseMatcherFillsMissingKinds() {
        var m = S.build([S.them(0, "Hi Sam, any update? We may not renew.")])
        let plain = ContactTimeline(contact: "a", messages: m)
        #expect(!plain.usesMarkers)
        #expect(plain.tones[0].has(.repeatedRequest) && plain.tones[0].has(.churnRisk))
        // Input markers win for their kind (here a greeting span the engine chose); other kinds still
        // come from the text.
        let greeting = ToneMarker(kind: .warmGreeting, evidence: Evidence(term: "hi sam", start: 0, end: 6, weight: 1))
        m[0].markers = [greeting]
        let t = ContactTimeline(contact: "a", messages: m)
        #expect(t.usesMarkers)
        #expect(t.tones[0].markers.filter { $0.kind == .warmGreeting } == [greeting])
        #expect(t.tones[0].has(.repeatedRequest) && t.tones[0].has(.churnRisk))
    }
}

@Suite struct RulesTextTests {
    typealias S = ExampleScript

    @Test func phraseMatcherNormalizesCaseApostrophesAndSpace() {
        let text = "ANY\n  Update? We won\u{2019}t renew. A  refund please."
        let markers = PhraseMatcher.standard.markers(in: text)
        let bytes = Array(text.utf8)
        let got = markers.map {
            "\($0.kind.rawValue):\(String(decoding: bytes[$0.evidence.start..<$0.evidence.end], as: UTF8.self))"
        }
        #expect(got == ["repeated-request:ANY\n  Update", "churn-risk:won\u{2019}t renew", "churn-risk:A  refund"])
    }

    /// The built-in phrases (used when the input carries no markers) need the object too: "cancel our
    /// call" and a signature's "Account Manager" are no risk; the rule stays silent on such a message.
    @Test func phraseMatcherChurnNeedsItsObject() {
        let text =
            "Can we cancel our call on Thursday? We are switching to the new office network.\nJo, Account Manager"
        let risky: Set<ToneMarkerKind> = [.churnRisk, .escalation, .competitor]
        #expect(PhraseMatcher.standard.markers(in: text).filter { risky.contains($0.kind) }.isEmpty)
        let alerts = WarningEngine.alerts(
            contact: "a", messages: S.build([S.them(0, text)]), config: only("explicit-risk"), asOf: S.at(1))
        #expect(alerts.isEmpty)
        let real = PhraseMatcher.standard.markers(in: "We will cancel our contract and speak to a manager.")
        #expect(real.map(\.kind) == [.churnRisk, .escalation])
    }

    @Test func phraseMatcherRespectsWordBoundaries() {
        #expect(PhraseMatcher.standard.markers(in: "this is thigh-high").isEmpty)
        #expect(PhraseMatcher.standard.markers(in: "Deescalate calmly").isEmpty)
        let hi = PhraseMatcher.standard.markers(in: "Hi team")
        #expect(hi.map(\.kind) == [.warmGreeting])
        // Greetings only at the start, sign-offs only at the end.
        #expect(PhraseMatcher.standard.markers(in: String(repeating: "x ", count: 40) + "dear").isEmpty)
        #expect(
            PhraseMatcher.standard.markers(
                in: "Regards to the team, here is a long message " + String(repeating: "y ", count: 40)
            ).isEmpty)
    }

    @Test func businessTimeSkipsWeekends() {
        // 2025-01-10 is a Friday.
        let fri = Timestamp(year: 2025, month: 1, day: 10, hour: 12)
        let mon = Timestamp(year: 2025, month: 1, day: 13, hour: 12)
        #expect(BusinessTime.seconds(from: fri, to: mon, offset: 0) == 86_400)
        #expect(BusinessTime.adding(86_400, to: fri, offset: 0) == mon)
        // +02:00: Friday 23:30 UTC is Saturday 01:30 local.
        let late = Timestamp(year: 2025, month: 1, day: 10, hour: 23, minute: 30)
        #expect(BusinessTime.seconds(from: late, to: mon, offset: 7200) == 14 * 3600)
        let twoWeeks = BusinessTime.adding(10 * 86_400, to: fri, offset: 0)
        #expect(twoWeeks == Timestamp(year: 2025, month: 1, day: 24, hour: 12))
        #expect(BusinessTime.seconds(from: fri, to: twoWeeks, offset: 0) == 10 * 86_400)
    }
}

@Suite struct RulesDocsTests {
    /// docs/warnings.md lists every rule and every example by name, with its expected outcome.
    @Test func docsListEveryExample() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let docs = try String(contentsOf: root.appendingPathComponent("docs/warnings.md"), encoding: .utf8)
        for rule in WarningEngine.rules {
            #expect(docs.contains("### `\(rule.id)`"), "\(rule.id)")
            for example in rule.examples {
                let outcome = example.expected?.rawValue ?? "—"
                #expect(docs.contains("| \(example.name) | \(outcome) |"), "\(rule.id): \(example.name)")
            }
        }
    }
}
