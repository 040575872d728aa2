import Foundation
import RapportAnalysis
import RapportCore

// Usage: AnalysisBench MESSAGES CONTACTS [NDJSON-OUT]
// Generates a synthetic multi-source corpus in memory (deterministic LCG), then measures:
//   one streaming pass (PartialAggregate.add), the analysis (scores, trend, 12-month history, warnings),
//   a 4-shard run (aggregates built separately, merged) and checks it equals the one-pass result,
//   and peak RSS. With NDJSON-OUT, also writes (thread, contact, direction, instant) for the Python reference.

struct LCG {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 33
    }
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

func rssKB(_ field: String) -> Int {
    guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in s.split(separator: "\n") where line.hasPrefix(field) {
        return Int(line.split(separator: " ").dropFirst().first { !$0.isEmpty }.map(String.init) ?? "0") ?? 0
    }
    return 0
}

let args = CommandLine.arguments
let total = args.count > 1 ? Int(args[1]) ?? 1_000_000 : 1_000_000
let contacts = args.count > 2 ? Int(args[2]) ?? 10_000 : 10_000
let ndjsonPath = args.count > 3 ? args[3] : nil

let texts = [
    "Hi Sam! Thanks for the update, looks great 🙂", "Could you send the latest figures by Friday?",
    "Dear team, please find the report attached. Regards", "Thanks!", "haha yes, see you Thursday",
    "We are still waiting for an answer on the invoice, any update?", "Sounds good, will do.",
    "Here are the numbers you asked for, let me know if anything is unclear.",
]
let channels: [ChannelKind] = [.email, .email, .email, .ticketPublic, .slackDM, .slackPublic]
let us = Us(identities: ["me@ours.com"], internalDomains: ["ours.com"], inferred: false, explanation: "bench")

/// Message i of the synthetic corpus: threads of 2–8 turns alternating between us and one contact.
func makeCorpus() -> [Message] {
    var rng = LCG(state: 42)
    var out: [Message] = []
    out.reserveCapacity(total)
    var thread = 0
    let start: Int64 = 1_704_067_200  // 2024-01-01
    while out.count < total {
        let c = rng.int(contacts)
        let address = "c\(c)@d\(c % max(1, contacts / 4)).com"
        let channel = channels[rng.int(channels.count)]
        var t = start + Int64(rng.int(700 * 86_400))
        let turns = 2 + rng.int(7)
        var inbound = rng.int(2) == 0
        let offset: Int32 = [0, 3600, -18_000, 7200][c % 4]
        for k in 0..<turns where out.count < total {
            let from: Participant = inbound ? .email(address) : .email("me@ours.com")
            let to: [Participant] = channel == .email ? [inbound ? .email("me@ours.com") : .email(address)] : []
            var m = Message(
                id: "m\(thread)-\(k)", source: .mbox, locator: SourceLocator(file: "bench"), thread: "t\(thread)",
                from: from, to: to, date: Timestamp(seconds: t, utcOffset: inbound ? offset : 0), channel: channel,
                text: texts[rng.int(texts.count)])
            m.direction = inbound ? .inbound : .outbound
            out.append(m)
            t += Int64(60 + rng.int(3 * 86_400))
            if rng.int(4) != 0 { inbound.toggle() }
        }
        thread += 1
    }
    return out
}

func now() -> Double { Date().timeIntervalSince1970 }

/// CPU seconds used by this process (user + system): fair on a loaded machine.
func cpu() -> Double {
    Double(clock()) / Double(CLOCKS_PER_SEC)
}

let corpus = makeCorpus()
let baseRSS = rssKB("VmRSS:")
print("messages \(corpus.count), contacts ≤ \(contacts), corpus in memory: \(baseRSS / 1024) MB RSS")
if let ndjsonPath {
    var s = ""
    s.reserveCapacity(corpus.count * 80)
    for m in corpus {
        let contact = m.direction == .inbound ? m.from.id : (m.to.first?.id ?? "")
        s +=
            "{\"t\":\"\(m.thread)\",\"c\":\"\(contact)\",\"i\":\(m.direction == .inbound),\"s\":\(m.date!.seconds),\"ch\":\"\(m.channel.rawValue)\"}\n"
    }
    FileManager.default.createFile(atPath: ndjsonPath, contents: Data(s.utf8))
}
let featurizer = Featurizer(us: us, analyzer: nil)
let config = AnalysisConfig.defaults

var t0 = now()
var c0 = cpu()
var one = PartialAggregate(asOf: nil, timelineDays: config.analysis.timelineDays)
for m in corpus { one.add(m, featurizer: featurizer) }
let passSeconds = now() - t0
let passCPU = cpu() - c0
let afterPass = rssKB("VmRSS:")
t0 = now()
c0 = cpu()
let body = Analyzer(config: config).analyze(one, asOf: nil)
let analyzeSeconds = now() - t0
let analyzeCPU = cpu() - c0
print(
    String(
        format: "one pass (features + aggregate): %.2f s (cpu %.2f s, %.0f messages/cpu-s)", passSeconds, passCPU,
        Double(corpus.count) / passCPU))
print(
    String(
        format: "analysis (dynamics, scores, trend, 12-month history, warnings): %.2f s (cpu %.2f s)", analyzeSeconds,
        analyzeCPU))
var single = config
single.analysis.historyMonths = 0
c0 = cpu()
_ = Analyzer(config: single).analyze(one, asOf: nil)
print(String(format: "analysis without the 12 monthly history replays: cpu %.2f s", cpu() - c0))
print(
    "aggregate RSS growth: \(max(0, afterPass - baseRSS) / 1024) MB; accounts \(body.accounts.count), unaffiliated \(body.unaffiliated.count)"
)

// Shards: 4 aggregates on separate slices, merged (in reverse order), must equal the one-pass result.
t0 = now()
let shards = 4
let shardAggs: [PartialAggregate] = (0..<shards).map { s in
    let f = Featurizer(us: us, analyzer: nil)
    var a = PartialAggregate(asOf: nil, timelineDays: config.analysis.timelineDays)
    var i = s
    while i < corpus.count {
        a.add(corpus[i], featurizer: f)
        i += shards
    }
    return a
}
var merged = shardAggs[shards - 1]
for s in (0..<(shards - 1)).reversed() { merged.merge(shardAggs[s]) }
let shardSeconds = now() - t0
let body2 = Analyzer(config: config).analyze(merged, asOf: nil)
let enc = JSONEncoder()
enc.outputFormatting = [.sortedKeys]
let same =
    (try? enc.encode(body.accounts)) == (try? enc.encode(body2.accounts))
    && (try? enc.encode(body.unaffiliated)) == (try? enc.encode(body2.unaffiliated))
print(
    String(
        format: "4 shards + merge: %.2f s; merged result identical to one pass: %@", shardSeconds, same ? "yes" : "NO"))
print("peak RSS: \(rssKB("VmHWM:") / 1024) MB")
