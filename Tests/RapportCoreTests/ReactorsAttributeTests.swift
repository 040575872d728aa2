import Foundation
import Testing

@testable import RapportCore

/// `SlackReactors.participants` reads the `reactors` attribute on its bytes (2026-12-08; before, it split
/// it into `Substring` views and lower-cased every id). The reference below is its documented reading: items
/// split at `;` (empty ones skipped), four fields split at `|`, a non-empty id, `1` / `0` / anything else
/// for the external flag, keyed by the lower-cased id, a later item winning.
@Suite struct ReactorsAttributeTests {
    static func reference(_ attribute: String) -> [String: Participant] {
        var out: [String: Participant] = [:]
        for item in attribute.split(separator: ";") {
            let f = item.split(separator: "|", omittingEmptySubsequences: false)
            guard f.count == 4, !f[0].isEmpty else { continue }
            let external: Bool? = f[3] == "1" ? true : f[3] == "0" ? false : nil
            let id = String(f[0])
            out[id.lowercased()] = Participant(
                id: id, email: f[1].isEmpty ? nil : String(f[1]), displayName: "",
                organization: f[2].isEmpty ? nil : String(f[2]), isExternal: external)
        }
        return out
    }

    @Test func bytesReadingMatchesTheReference() {
        var state: UInt64 = 0x5EED
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let pieces = [
            "U01AB", "u01ab", "UÉ7", "W9", "ann@acme.example", "Ann@Acme.Example", "acme.example", "ünï.example",
            "|", "|", "|", ";", ";", "1", "0", "", "x", "10",
        ]
        for _ in 0..<5_000 {
            let text = (0..<Int(next() % 16)).map { _ in pieces[Int(next() % UInt64(pieces.count))] }.joined()
            #expect(SlackReactors.participants(text) == Self.reference(text), "\(text)")
        }
        // A round trip of written items.
        let p = Participant(
            id: "U0CUST1", email: "ana@cust.example", displayName: "", organization: "cust.example", isExternal: true)
        let q = Participant(id: "U0OURS", email: nil, displayName: "", organization: nil, isExternal: nil)
        let attribute = SlackReactors.attribute([q, p])!
        #expect(attribute == "U0CUST1|ana@cust.example|cust.example|1;U0OURS|||")
        #expect(SlackReactors.participants(attribute) == ["u0cust1": p, "u0ours": q])
    }
}
