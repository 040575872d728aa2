import RapportCore
import Testing

@testable import RapportIngest

@Suite struct MailDateTests {
    @Test(arguments: [
        ("Fri, 16 Sep 2016 22:26:51 +0200", "2016-09-16T22:26:51+02:00"),
        ("16 Sep 2016 22:26 -0430", "2016-09-16T22:26:00-04:30"),  // no weekday, no seconds
        ("Fri, 16 Sep 16 22:26:51 EST", "2016-09-16T22:26:51-05:00"),  // 2-digit year, named zone
        ("Thu, 1 Jan 98 00:00:00 PDT", "1998-01-01T00:00:00-07:00"),
        ("Sat, 02 Jan 103 10:00:00 GMT", "2003-01-02T10:00:00+00:00"),  // 3-digit year
        ("Fri, 16 Sep 2016 22:26:51 Z", "2016-09-16T22:26:51+00:00"),
        ("Fri, 16 Sep 2016 22:26:51 A", "2016-09-16T22:26:51+00:00"),  // military → -0000
        ("Fri, 16 Sep 2016 22:26:51 +0100 (CET)", "2016-09-16T22:26:51+01:00"),  // comment
        ("Fri, 16 Sep 2016 (a comment) 22:26:51 UT", "2016-09-16T22:26:51+00:00"),
        ("Fri Sep 16 22:26:51 2016", "2016-09-16T22:26:51+00:00"),  // asctime
        ("Fri Sep 16 22:26:51 +0000 2016", "2016-09-16T22:26:51+00:00"),  // Gmail From_ line
        ("2016-09-16T22:26:51+02:00", "2016-09-16T22:26:51+02:00"),  // ISO 8601
        ("2016-09-16 22:26:51Z", "2016-09-16T22:26:51+00:00"),
        ("Mon, 3 Jun 2019 4:05:06 PM +0900", "2019-06-03T16:05:06+09:00"),
        ("  Tue,  5 Mar 2019 08:15 +0100", "2019-03-05T08:15:00+01:00"),
        ("1 jan 2020 00:00:00 CEST", "2020-01-01T00:00:00+02:00"),
    ])
    func parses(_ input: String, _ expected: String) {
        #expect(MailDate.parse(input)?.iso8601 == expected)
    }

    @Test(arguments: [
        "", "garbage", "Fri, 32 Sep 2016 10:00:00", "Fri, 16 Foo 2016 10:00", "99:99:99", "1 Jan 2020 25:00",
    ])
    func rejects(_ input: String) {
        #expect(MailDate.parse(input) == nil)
    }

    @Test func receivedAndFromLineFallbacks() throws {
        let raw = Array(
            "Received: from a by b; Tue, 5 Mar 2019 08:15:00 -0800\nReceived: from c; Mon, 4 Mar 2019 00:00 +0000\n\n"
                .utf8)
        let (h, _, _) = try #require(raw.withUnsafeBufferPointer { MailHeaders.parse($0, limit: 1000) })
        var unread = false
        #expect(MailParser.date(h, fromLine: nil, dateUnread: &unread)?.iso8601 == "2019-03-05T08:15:00-08:00")
        let none = MailHeaders()
        let line = Array("From - Thu Jun 13 12:00:00 2019".utf8)
        #expect(MailParser.date(none, fromLine: line, dateUnread: &unread)?.iso8601 == "2019-06-13T12:00:00+00:00")
        #expect(!unread)
    }

    @Test func neverCrashesOnRandomBytes() {
        var rng = SplitMix(seed: 7)
        for _ in 0..<2000 {
            let n = Int(rng.next() % 40)
            let bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            _ = MailDate.parse(bytes)
            _ = HeaderDecoder.decodeText(bytes)
            _ = HeaderDecoder.addresses(bytes)
            _ = HeaderDecoder.parameters(bytes)
        }
    }
}

/// Small deterministic PRNG for tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func pick<T>(_ a: [T]) -> T { a[Int(next() % UInt64(a.count))] }
}
