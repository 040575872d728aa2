import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Round 15: mails shaped like those of public MIME test suites (Apache Tika's, go-message's, Python's
/// `email`): broken and missing boundaries, a message inside an alternative, raw 8-bit headers in legacy
/// charsets, `Content-Transfer-Encoding` in odd case and folding, uuencoded bodies. Our own fixtures under
/// `Fixtures/mail/mime-shapes`, read as one folder of saved messages: every one is read, none skipped.
@Suite struct MailMIMEShapesTests {
    static let folder = mailFixture("mime-shapes")

    static func messages() throws -> (byID: [String: Message], summary: IngestSummary) {
        let (ms, summary, _) = try readMail(folder, format: .eml)
        return (Dictionary(uniqueKeysWithValues: ms.map { (String($0.id.prefix { $0 != "@" }), $0) }), summary)
    }

    @Test func everyShapeIsRead() throws {
        let (byID, summary) = try Self.messages()
        #expect(summary.read == 15 && summary.emitted == 15 && summary.skipped.isEmpty)
        let expected: [String: String] = [
            // `multipart/mixed` without a boundary parameter: the delimiter found in the body splits it (before:
            // the delimiters and part headers were own words).
            "boundary-missing": "Hello no boundary param.",
            "boundary-trailing-ws": "Hello with trailing ws.",
            "boundary-unclosed": "Hello unclosed.",
            "crlf-mixed": "Mixed line ends.",
            "cte-comment": "Commented CTE.",
            "cte-odd-b64": "Base64 words here.",
            "cte-odd-qp": "Café at ten, fine.",
            "inner-boundary-wrong": "Inner text lost?",
            "preamble-epilogue": "Real words.",
            "raw8-koi8": "Привет, это текст письма для проверки.",
            "raw8-latin1": "Café au lait.",
            "raw8-sjis": "明日の会議は十時からです。",
            "rfc822-in-alternative": "See the message below.",
            // The uuencoded block (`begin 644 report.pdf` … `end`) is an attachment, not words.
            "uuencode-in-text": "Here is the report.\n\nAnn",
            "uuencode-x-uue": "",
        ]
        #expect(byID.mapValues(\.text) == expected)
    }

    /// Raw 8-bit headers in the body's legacy charset (old Japanese and Russian clients): read in that charset,
    /// not as windows-1252 (before: `‰ï‹c‚ÌŒ`, `áÎÎÁ`). Latin-1 stays windows-1252's reading.
    @Test func rawHeadersInTheBodysCharset() throws {
        let (byID, _) = try Self.messages()
        #expect(byID["raw8-sjis"]?.subject == "会議の件")
        #expect(byID["raw8-koi8"]?.from.displayName == "Анна")
        #expect(byID["raw8-latin1"]?.subject == "Café résumé")
        var h = MailHeaders()
        h.fields = [
            ("subject", [0x8F, 0x40, 0x3D, 0x3F]), ("from", Array("Ann <a@x>".utf8)),
            ("content-type", Array("text/plain; charset=shift_jis".utf8)),
        ]
        h.recodeRawValues()
        // A value that looks like it holds an encoded-word is left alone.
        #expect(h.fields[0].value == [0x8F, 0x40, 0x3D, 0x3F])
    }
}
