import Foundation
import Testing

@testable import RapportCore
@testable import RapportIngest

/// The byte-level fast paths of mail ingestion (mailperf) give what the definitions they replace give, on
/// seeded random inputs built from the pieces those definitions react to.
@Suite struct MailFastPathTests {
    /// Subject pieces: reply and forward prefixes (any case), list and gateway tags, brackets, colons, spaces
    /// and tabs, and a few non-ASCII pieces (those take the `Character` path, checked for equality too).
    static let subjectPieces = [
        "Re", "RE", "re", "Fwd", "FW", "fw", "AW", "Aw", "WG", "SV", "VS", "Antw", "Réf", "REF", "ref", "TR", "RV",
        "R", "I", "ODP", "Enc", "enc", ":", " :", "：", "[2]", "[list]", "[EXTERNAL]", "[a b c]",
        "[a very long tag with spaces that is over thirty]", "[", "]", " ", "  ", "\t", "EXTERNAL:", "Ext:",
        "*EXTERNAL*", "(External)", "external -", "External Email:", "plan", "Topic 12", "Q3", "x", "é", "日本",
        "re\u{301}", "e\u{301}", "\r", "\r\n", "\n",
    ]

    @Test func asciiSubjectsNormalizeAsCharacters() {
        var rng = SplitMix(seed: 0x5eed_0f_5b)
        var checked = 0
        for _ in 0..<2_000 {
            var s = ""
            for _ in 0..<(1 + Int(rng.next() % 8)) { s += rng.pick(Self.subjectPieces) }
            let expected = ThreadLinks.normalizeAnySubject(s)
            #expect(ThreadLinks.normalizeSubject(s) == expected, "\(s.debugDescription)")
            if let fast = ThreadLinks.normalizeASCIISubject(s) {
                checked += 1
                #expect(fast == expected, "\(s.debugDescription)")
            }
        }
        #expect(checked > 600)
    }

    @Test func lowerBytesAsLowercased() {
        for s in ["Out of Office: Re: X", "ÀÉÎ Straße", "İstanbul", "ABC xyz 123 [Z]", "", "ΣΊΣΥΦΟΣ"] {
            #expect(Automated.lowerBytes(s) == Array(s.lowercased().utf8))
        }
    }

    @Test func lastAtAsCharacters() {
        for s in ["a@b.c", "x@y@z", "none", "", "é@x", "a@\u{301}b@c", "@", "u@b\u{fc}cher.example"] {
            #expect(AtSign.last(in: s) == s.lastIndex(of: "@"))
            #expect(AtSign.first(in: s) == s.firstIndex(of: "@"))
            let domain = AtSign.last(in: s).map { String(s[s.index(after: $0)...]) }
            #expect(Participant(id: s, email: s).emailDomain == domain)
        }
    }

    @Test func hasSlashAsContains() {
        for s in ["text/plain", "text", "", "/", "a/\u{301}b", "é/x", "multipart/mixed", "x-y"] {
            #expect(MIMEWalker.hasSlash(s) == s.contains("/"))
        }
    }

    @Test func iso8601AsPaddedFields() {
        var rng = SplitMix(seed: 8601)
        for _ in 0..<1_000 {
            let t = Timestamp(
                seconds: Int64(bitPattern: rng.next() % 200_000_000_000) - 100_000_000_000,
                microseconds: rng.next() % 3 == 0 ? 0 : Int32(rng.next() % 1_000_000),
                utcOffset: Int32(Int64(rng.next() % 100_000) - 50_000))
            let c = t.local
            var s = Timestamp.pad(c.year, 4) + "-" + Timestamp.pad(c.month, 2) + "-" + Timestamp.pad(c.day, 2) + "T"
            s += Timestamp.pad(c.hour, 2) + ":" + Timestamp.pad(c.minute, 2) + ":" + Timestamp.pad(c.second, 2)
            if t.microseconds != 0 { s += "." + Timestamp.pad(Int(t.microseconds), 6) }
            let off = Int(t.utcOffset)
            s +=
                (off < 0 ? "-" : "+") + Timestamp.pad(abs(off) / 3600, 2) + ":" + Timestamp.pad(abs(off) % 3600 / 60, 2)
            #expect(t.iso8601 == s)
        }
    }
}
