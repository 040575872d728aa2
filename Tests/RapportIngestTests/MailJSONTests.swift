import Foundation
import RapportCore
import Testing

@testable import RapportIngest

@Suite struct MailJSONTests {
    static func reference(_ m: Message) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(m), as: UTF8.self)
    }

    static func fast(_ m: Message) -> String {
        var out: [UInt8] = []
        MessageJSON.append(m, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test(arguments: ["takeout.mbox", "thunderbird.mbox", "alternative-html.eml", "outlook-reply.eml", "forward.eml"])
    func matchesJSONEncoderOnFixtures(_ name: String) throws {
        let (ms, _, _) = try readMail(mailFixture(name), format: name.hasSuffix(".eml") ? .eml : .mbox)
        #expect(!ms.isEmpty)
        for m in ms { #expect(Self.fast(m) == (try Self.reference(m))) }
    }

    @Test func matchesJSONEncoderOnEdgeCases() throws {
        var m = Message(
            id: "a\"b\\c/d", source: .slack, locator: SourceLocator(file: "f/x.json", jsonPath: "$[0]"),
            thread: "t\u{1}\u{1f}\u{7f}", parent: nil, from: Participant(id: "U1", isExternal: true),
            to: [Participant(id: "x", email: nil, displayName: "Zoë 🎉", organization: "T1", isExternal: false)],
            date: nil, channel: .slackDM, subject: "\t\n\r\u{8}\u{c} \u{2028}", text: "line1\nline2 ☃",
            quotedChars: -3, flags: [.bot, .edited], direction: .internal,
            attributes: ["z": "1", "a": "2", "m_x": "\"", "M": "upper"])
        #expect(Self.fast(m) == (try Self.reference(m)))
        m.date = Timestamp(seconds: 1_545_668_983, microseconds: 435_175, utcOffset: -16_200)
        m.parent = "p"
        m.messageID = "mid@x"
        m.locator = SourceLocator(file: "m.mbox", byteOffset: 1 << 40)
        #expect(Self.fast(m) == (try Self.reference(m)))
    }
}
