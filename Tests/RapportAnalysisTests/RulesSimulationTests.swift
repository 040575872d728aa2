import Foundation
import Testing

@Suite struct RulesSimulationTests {
    /// A small seeded population (6 steady, 4 cooling contacts, 540 days) with exact expected counts, so
    /// any change of rule behaviour or of the generator is noticed. The full measurement is
    /// Benchmarks/warnings (release build).
    @Test func smoke() {
        let r = WarningsSimulation.run(.init(steady: 6, cooling: 4, days: 540, seed: 7))
        print(r)
        #expect(r.messages == 7251)
        #expect(r.steadyAlerts == ["open-item-ageing": 6])
        #expect(r.coolingContacts == 4)
        #expect(r.detectedByCooling60 == 3)
        #expect(r.delaysCooling.map { Int($0) } == [30, 46, 56])
    }

    @Test func generatorIsDeterministic() {
        var a = WarningsSimulation.RNG(state: 3)
        var b = WarningsSimulation.RNG(state: 3)
        let x = WarningsSimulation.contact(1, cooling: true, days: 120, rng: &a)
        let y = WarningsSimulation.contact(1, cooling: true, days: 120, rng: &b)
        #expect(x.messages == y.messages)
        #expect(!x.messages.isEmpty)
    }
}
