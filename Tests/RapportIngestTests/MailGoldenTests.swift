import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Byte-for-byte regression gate for the mail reader: the NDJSON (``MessageJSON``) and the summary
/// line of every mail fixture must equal the golden files captured before the reader was optimised.
/// Regenerate (only for an intended output change) with `RAPPORT_UPDATE_GOLDEN=1 swift test --filter MailGolden`.
@Suite struct MailGoldenTests {
    static let fixtures = [
        "alternative-html.eml", "archive.mbox.gz", "autoreply.eml", "bounce.eml", "broken.mbox", "calendar.eml",
        "cl2.mbox", "crlf.mbox", "forward.eml", "maildir", "outlook-reply.eml", "pipermail.txt", "takeout.mbox",
        "thunderbird.mbox", "truncated.mbox", "undeclared-8bit.eml", "../../../../corpora/demo/mail/inbox.mbox",
    ]

    static func render(_ name: String, workers: Int? = nil) -> [UInt8] {
        let format: InputFormat = name.hasSuffix(".eml") ? .eml : name == "maildir" ? .maildir : .mbox
        let dir = mailFixture("")
        var out: [UInt8] = []
        do {
            let (ms, summary, _) = try readMail(mailFixture(name), format: format, workers: workers)
            for m in ms {
                var line: [UInt8] = []
                MessageJSON.append(m, to: &line)
                // Paths relative to the fixture folder, so the goldens do not depend on the checkout.
                var s = String(decoding: line, as: UTF8.self)
                s = s.replacingOccurrences(of: "\"" + dir, with: "\"")
                out += Array(s.utf8)
                out.append(0x0A)
            }
            out += Array(("summary: " + summary.line + "\n").utf8)
        } catch {
            out += Array("error: \(error)\n".utf8)
        }
        return out
    }

    static func goldenPath(_ name: String) -> String {
        let base = name.split(separator: "/").last.map(String.init) ?? name
        return mailFixture("golden/" + base + ".ndjson")
    }

    @Test(arguments: fixtures)
    func matchesGolden(_ name: String) throws {
        let got = Self.render(name)
        let path = Self.goldenPath(name)
        if ProcessInfo.processInfo.environment["RAPPORT_UPDATE_GOLDEN"] == "1" {
            try Data(got).write(to: URL(fileURLWithPath: path))
        }
        let want = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(got.count > 20)
        #expect(got == want, "\(name): output differs from \(path)")
        // One worker and many must agree byte for byte.
        #expect(Self.render(name, workers: 1) == want)
    }
}
