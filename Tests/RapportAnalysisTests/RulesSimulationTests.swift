import Foundation
import Testing

@Suite struct RulesSimulationTests {
    /// Small seeded population: exact counts, so any change of rule behaviour is noticed.
    @Test func smoke() {
        let r = WarningsSimulation.run(.init(steady: 12, cooling: 8, days: 730, seed: 42))
        print(r)
        #expect(r.messages == 0)
    }
}
