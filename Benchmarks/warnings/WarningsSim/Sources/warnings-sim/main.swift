import Foundation
import RapportAnalysis

// Usage: warnings-sim [--steady N] [--cooling N] [--days N] [--seeds 1,2,3] [--config warnings.json]
var steady = 300
var cooling = 150
var days = 730
var seeds: [UInt64] = [1, 2, 3]
var config = WarningsConfig()
var args = Array(CommandLine.arguments.dropFirst())
while !args.isEmpty {
    let flag = args.removeFirst()
    guard let value = args.first else {
        FileHandle.standardError.write(Data("missing value for \(flag)\n".utf8))
        exit(2)
    }
    args.removeFirst()
    switch flag {
    case "--steady": steady = Int(value) ?? steady
    case "--cooling": cooling = Int(value) ?? cooling
    case "--days": days = Int(value) ?? days
    case "--seeds": seeds = value.split(separator: ",").compactMap { UInt64($0) }
    case "--config":
        do {
            config = try JSONDecoder().decode(WarningsConfig.self, from: Data(contentsOf: URL(fileURLWithPath: value)))
        } catch {
            FileHandle.standardError.write(Data("cannot read \(value): \(error)\n".utf8))
            exit(2)
        }
    default:
        FileHandle.standardError.write(Data("unknown option \(flag)\n".utf8))
        exit(2)
    }
}

let clock = ContinuousClock()
var steadyYears = 0.0
var falseAlerts = 0.0
var falseWatch = 0.0
var detected = 0
var detectedAny = 0
var coolingContacts = 0
var perRule: [String: Int] = [:]
var messages = 0
let elapsed = clock.measure {
    for seed in seeds {
        let r = WarningsSimulation.run(.init(steady: steady, cooling: cooling, days: days, seed: seed), config: config)
        print("seed \(seed):\n\(r)")
        steadyYears += r.steadyContactYears
        falseAlerts += r.falseBehaviourPerContactYear * r.steadyContactYears
        falseWatch += r.falseWatchBehaviourPerContactYear * r.steadyContactYears
        detected += r.detectedByCooling60
        detectedAny += r.detectedByAny60
        coolingContacts += r.coolingContacts
        messages += r.messages
        for (k, v) in r.steadyAlerts { perRule[k, default: 0] += v }
    }
}
let rate = falseAlerts / steadyYears
let detection = Double(detected) / Double(max(1, coolingContacts))
print("TOTAL over \(seeds.count) seeds, \(messages) messages, \(Human2.f(steadyYears)) steady contact-years:")
for rule in WarningEngine.rules.map({ $0.id }) {
    print("  \(rule): \(Human2.f(Double(perRule[rule] ?? 0) / steadyYears)) alerts per steady contact-year")
}
print(
    "  false alerts (contact-behaviour rules) per contact-year: \(Human2.f(rate)) (watch at raise: \(Human2.f(falseWatch / steadyYears))) — target ≤ 0.25"
)
print(
    "  cooling detected within 60 days by the cooling rule: \(Human2.pct(detection)) (any behaviour rule: \(Human2.pct(Double(detectedAny) / Double(max(1, coolingContacts))))) — target ≥ 80%"
)
print("  targets met: \(rate <= 0.25 && detection >= 0.8 ? "yes" : "no"); time \(elapsed)")
