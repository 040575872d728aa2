import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Any mbox we generate ingests back to exactly the messages, Message-IDs and texts we wrote.
@Suite struct MailPropertyTests {
    static let words = [
        "alpha", "report", "numbers", "café", "naïve", "déjà", "日本語", "Straße", "budget", "meeting", "ok", "From",
        "from", "42", "x=y", "a_b", "=?not?encoded?=", "tab\there",
    ]

    struct Written {
        var id: String
        var text: String
        var subject: String
    }

    static func line(_ rng: inout SplitMix) -> String {
        let n = 1 + Int(rng.next() % 10)
        var parts: [String] = []
        for _ in 0..<n { parts.append(rng.pick(words)) }
        switch rng.next() % 8 {
        case 0: return "From " + parts.joined(separator: " ")  // needs escaping
        case 1: return "From someone@example.com Mon Jan  1 00:00:00 2001"  // looks like a separator
        default: return parts.joined(separator: " ")
        }
    }

    static func generate(seed: UInt64, count: Int, crlf: Bool) -> (Data, [Written]) {
        var rng = SplitMix(seed: seed)
        var out = ""
        var written: [Written] = []
        for i in 0..<count {
            var paragraphs: [String] = []
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                var lines: [String] = []
                for _ in 0..<(1 + Int(rng.next() % 4)) { lines.append(line(&rng)) }
                paragraphs.append(lines.joined(separator: "\n"))
            }
            let text = paragraphs.joined(separator: "\n\n")
            let id = "p\(seed)-\(i)@gen.example"
            let subject = "Subject \(i) " + rng.pick(words.filter { !$0.contains("\t") })
            let encoding = rng.next() % 3
            var m = "From sender\(i)@gen.example Mon Jan  1 00:00:\(String(format: "%02d", i % 60)) 2001\n"
            m += "Message-ID: <\(id)>\nFrom: Sender <sender\(i)@gen.example>\nTo: r@gen.example\n"
            m += "Date: Mon, 1 Jan 2001 00:00:00 +0000\n"
            m += "Subject: =?utf-8?B?" + Data(subject.utf8).base64EncodedString() + "?=\n"
            m += "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
            var body: String
            switch encoding {
            case 0:
                m += "Content-Transfer-Encoding: base64\n"
                let b64 = Data(text.utf8).base64EncodedString()
                var chunks: [String] = []
                var s = Substring(b64)
                while !s.isEmpty {
                    chunks.append(String(s.prefix(76)))
                    s = s.dropFirst(76)
                }
                body = chunks.joined(separator: "\n")
            default:
                m += "Content-Transfer-Encoding: 8bit\n"
                // mboxrd quoting: any run of '>' followed by "From " gains one '>'.
                body = text.split(separator: "\n", omittingEmptySubsequences: false).map { l -> String in
                    let stripped = l.drop { $0 == ">" }
                    return stripped.hasPrefix("From ") ? ">" + l : String(l)
                }.joined(separator: "\n")
            }
            m += "\n" + body + "\n\n"
            out += m
            written.append(Written(id: id, text: text, subject: subject))
        }
        if crlf { out = out.replacingOccurrences(of: "\n", with: "\r\n") }
        return (Data(out.utf8), written)
    }

    @Test(arguments: [(1, false), (2, true), (3, false), (4, true), (5, false)])
    func roundTrip(_ seed: UInt64, _ crlf: Bool) throws {
        let (data, written) = Self.generate(seed: seed, count: 60, crlf: crlf)
        let path = NSTemporaryDirectory() + "rapport-mail-prop-\(seed)-\(getpid()).mbox"
        try data.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (ms, summary, _) = try readMail(path)
        #expect(summary.read == written.count && summary.skippedTotal == 0)
        #expect(ms.map(\.id) == written.map(\.id))
        #expect(ms.map(\.messageID) == written.map(\.id))
        #expect(ms.map(\.subject) == written.map(\.subject))
        for (m, w) in zip(ms, written) where m.text != w.text {
            Issue.record("\(w.id): got \(m.text.debugDescription), wrote \(w.text.debugDescription)")
        }
    }

    /// Mutated mailboxes never crash or hang, and every message is accounted for.
    @Test func mutationsNeverCrash() throws {
        var rng = SplitMix(seed: 99)
        let fixtures = ["takeout.mbox", "thunderbird.mbox", "cl2.mbox", "crlf.mbox"]
        let path = NSTemporaryDirectory() + "rapport-mail-fuzz-\(getpid()).mbox"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let junk: [[UInt8]] = [
            Array("\nFrom x@y Mon Jan  1 00:00:00 2001\n".utf8), Array("=?utf-8?B?".utf8),
            Array("Content-Type: multipart/mixed; boundary=\"\"\n".utf8), Array("--\n".utf8), [0, 0xFF, 0xFE, 0x0D],
            Array("Content-Length: 99999999999999\n".utf8), Array("\n\n".utf8),
        ]
        for round in 0..<120 {
            var bytes = [UInt8](
                try Data(contentsOf: URL(fileURLWithPath: mailFixture(fixtures[round % fixtures.count]))))
            for _ in 0..<(1 + Int(rng.next() % 6)) {
                let at = Int(rng.next() % UInt64(bytes.count + 1))
                switch rng.next() % 3 {
                case 0: bytes.insert(contentsOf: rng.pick(junk), at: at)
                case 1: if at < bytes.count { bytes[at] = UInt8(truncatingIfNeeded: rng.next()) }
                default: bytes.removeSubrange(at..<min(bytes.count, at + Int(rng.next() % 40)))
                }
            }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let (ms, summary, _) = try readMail(path)
            #expect(summary.read == summary.emitted + summary.skippedTotal)
            #expect(ms.count == summary.emitted)
        }
    }
}
