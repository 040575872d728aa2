import RapportCore
import Testing

@Suite struct MessageInitializeTests {
    private func sample() -> Message {
        Message(
            id: "C1/1545668983.435175", source: .slack,
            locator: SourceLocator(file: "export/general/2018-12-24.json", jsonPath: "$[3]"),
            thread: "C1/1545668900.000100",
            parent: "C1/1545668950.000200", messageID: "mid@example.com",
            from: Participant(
                id: "U1", email: "a@example.com", displayName: "Ann", organization: "T1", isExternal: true),
            to: [Participant(id: "U2", displayName: "Bob")], cc: [Participant(id: "U3", displayName: "Cy")],
            date: Timestamp(seconds: 1_545_668_983, microseconds: 435_175, utcOffset: 3600), channel: .slackDM,
            subject: "Ann, Bob", text: "hello there, a text longer than fifteen bytes", quotedChars: 7,
            flags: [.edited, .bot], direction: .inbound, attributes: ["reactions": "+1:U2", "files": "1"])
    }

    @Test func sameMessageAsTheInitializer() {
        let m = sample()
        let p = UnsafeMutablePointer<Message>.allocate(capacity: 1)
        defer { p.deallocate() }
        Message.initialize(
            p, id: m.id, source: m.source, locator: m.locator, thread: m.thread, parent: m.parent,
            messageID: m.messageID, from: m.from, to: m.to, cc: m.cc, date: m.date, channel: m.channel,
            subject: m.subject, text: m.text, quotedChars: m.quotedChars, flags: m.flags, direction: m.direction,
            attributes: m.attributes)
        let built = p.move()
        #expect(built == m)
        #expect(built.hashValue == m.hashValue)
    }

    @Test func initializesEveryStoredProperty() {
        #expect(Mirror(reflecting: sample()).children.count == Message.initializedProperties)
    }
}
