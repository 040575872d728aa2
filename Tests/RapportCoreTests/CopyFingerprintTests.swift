import Testing

@testable import RapportCore

/// The copy fingerprint of mail messages and the `id#<hex>` names of different messages under one id.
@Suite struct CopyFingerprintTests {
    static func mail(_ from: String, _ seconds: Int64, id: String = "a1@x.example") -> Message {
        Message(
            id: id, source: .mbox, locator: SourceLocator(file: "f"), thread: "t", messageID: id,
            from: Participant(id: from), date: Timestamp(seconds: seconds), channel: .email, text: "")
    }

    @Test func copiesAgreeAndDifferentMessagesDiffer() throws {
        let a = try #require(CopyFingerprint.of(Self.mail("ann@x.example", 1_700_000_000)))
        #expect(CopyFingerprint.of(Self.mail("ann@x.example", 1_700_000_000)) == a)
        #expect(CopyFingerprint.of(Self.mail("bob@x.example", 1_700_000_000)) != a)
        #expect(CopyFingerprint.of(Self.mail("ann@x.example", 1_700_000_001)) != a)
        var undated = Self.mail("ann@x.example", 0)
        undated.date = nil
        #expect(CopyFingerprint.of(undated) != a)
        var chat = Self.mail("ann@x.example", 1_700_000_000)
        chat.channel = .slackDM
        #expect(CopyFingerprint.of(chat) == nil)
    }

    @Test func baseIDTakesOffOnlyItsOwnSuffix() {
        let v: UInt64 = 0x00ab_cdef_0123_4567
        let named = CopyFingerprint.distinctID("a1@x.example", v)
        #expect(named == "a1@x.example#00abcdef01234567")
        #expect(CopyFingerprint.baseID(named, v) == "a1@x.example")
        #expect(CopyFingerprint.baseID("a1@x.example", v) == "a1@x.example")
        #expect(CopyFingerprint.baseID(named, v + 1) == named[...])
        #expect(CopyFingerprint.baseID("a1@x.example#00ABCDEF01234567", v) == "a1@x.example#00ABCDEF01234567")
        #expect(CopyFingerprint.baseID("é#00abcdef01234567", v) == "é")
        #expect(CopyFingerprint.baseID("#00abcdef01234567", v) == "#00abcdef01234567")
    }
}
