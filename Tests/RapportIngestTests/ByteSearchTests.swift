import Testing

@testable import RapportIngest

/// The one byte-substring search of the ingest module (ticket prefilters, the Slack profile read-ahead).
@Suite("Byte search")
struct ByteSearchTests {
    private func occurs(_ needle: String, _ hay: String, anchor: Int = 0) -> Bool {
        ByteSearch.occurs(Array(needle.utf8), in: Array(hay.utf8), anchor: anchor)
    }

    @Test func findsAtEveryPlaceAndOnlyWhole() {
        #expect(occurs("zd-comment", "zd-comment"))
        #expect(occurs("zd-comment", "<div class=\"zd-comment\">"))
        #expect(occurs("zd-comment", "x zd-comment"))
        #expect(!occurs("zd-comment", "zd-commen"))
        #expect(!occurs("zd-comment", "zd-Comment zd-commenx"))
        #expect(!occurs("abc", ""))
        #expect(occurs("", "anything"))
        #expect(occurs("", ""))
    }

    /// The anchor byte only picks where to look first; the answer is the same for every anchor.
    @Test(arguments: [0, 1, 5, 13])
    func anchorDoesNotChangeTheAnswer(_ anchor: Int) {
        let needle = "\"user_profile\""
        #expect(occurs(needle, #"[{"user_profile":{}}]"#, anchor: anchor))
        #expect(occurs(needle, #"_"user_"user_profile""#, anchor: anchor))
        #expect(!occurs(needle, #"{"user_profiles":1,"user":"user_profil"}"#, anchor: anchor))
        #expect(occurs(needle, needle, anchor: anchor))
    }
}
