import Foundation
import RapportCore
import Testing

@Suite struct TimestampTests {
    @Test func civilRoundTrip() {
        let t = Timestamp(year: 2016, month: 9, day: 16, hour: 22, minute: 26, second: 51, utcOffset: 0)
        #expect(t.seconds == 1_474_064_811)
        #expect(t.iso8601 == "2016-09-16T22:26:51+00:00")
        #expect(t.local.weekday == 5)  // Friday
    }

    @Test func keepsOffset() {
        let t = Timestamp(year: 2024, month: 3, day: 10, hour: 1, minute: 59, second: 0, utcOffset: -5 * 3600)
        #expect(t.iso8601 == "2024-03-10T01:59:00-05:00")
        #expect(t.at(offset: 3600).iso8601 == "2024-03-10T07:59:00+01:00")
        #expect(t.seconds == 1_710_053_940)
    }

    @Test func microsecondsAndNegativeEpoch() {
        let slack = Timestamp(seconds: 1_545_668_983, microseconds: 435_175)
        #expect(slack.iso8601 == "2018-12-24T16:29:43.435175+00:00")
        let old = Timestamp(year: 1969, month: 12, day: 31, hour: 23, minute: 0, second: 0)
        #expect(old.seconds == -3600)
        #expect(old.local.year == 1969 && old.local.day == 31 && old.local.hour == 23)
    }
}

@Suite struct TimestampCodingTests {
    @Test(arguments: ["2016-09-16T22:26:51+00:00", "2018-12-24T16:29:43.435175-08:00", "2024-03-10T01:59:00+05:30"])
    func isoRoundTrip(_ s: String) throws {
        let t = try #require(Timestamp(iso8601: s))
        #expect(t.iso8601 == s)
    }

    @Test func isoVariants() {
        #expect(Timestamp(iso8601: "2016-09-16T22:26:51Z")?.seconds == 1_474_064_811)
        #expect(Timestamp(iso8601: "2016-09-16 22:26:51+0200")?.utcOffset == 7200)
        #expect(Timestamp(iso8601: "2016-13-16T22:26:51Z") == nil)
        #expect(Timestamp(iso8601: "garbage") == nil)
    }
}

@Suite struct DataPathsTests {
    @Test func explicitDirectoryIsStrict() {
        #expect(throws: RapportError.self) { try DataPaths.root(explicit: "/nonexistent/rapport-data") }
    }

    @Test func repositoryCheckoutIsFound() throws {
        let root = try DataPaths.root()
        #expect(FileManager.default.fileExists(atPath: root + "/lexicons/en"))
    }
}
