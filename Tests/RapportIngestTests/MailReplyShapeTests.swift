import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Reply shapes of common mail clients (modelled on the client samples in Mailgun's talon test suite):
/// only the author's own words remain, whatever the client did to the quote.
@Suite struct MailReplyShapeTests {
    static func text(_ contentType: String, _ body: String) throws -> String {
        let eml = """
            From: Alex <alex@example.com>
            To: bob@example.org
            Subject: Re: test
            Date: Thu, 26 Jun 2014 15:10:00 +0400
            Message-ID: <shape@example.com>
            MIME-Version: 1.0
            Content-Type: \(contentType)

            \(body)
            """
        let path = NSTemporaryDirectory() + "rapport-reply-shape-\(UUID().uuidString).eml"
        try Data(eml.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let ms = try readMail(path, format: .eml).messages
        return try #require(ms.first).text
    }

    static let html = "text/html; charset=utf-8"
    static let mine = "Hi. I am fine."

    @Test(
        "HTML quotes",
        arguments: [
            // Hotmail / Outlook.com: a rule with id stopSpelling, then a header block as bare text lines.
            "<div>Hi. I am fine.<div><hr id=\"stopSpelling\">Date: Thu, 26 Jun 2014 13:53:45 +0400<br>"
                + "Subject: Test<br>From: abc@example.com<br>To: alex@example.com<br><br><div>Hello! How are you?</div></div></div>",
            // Yandex: a verb-less attribution ending in the address, then a bare <blockquote>.
            "<p>Hi. I am fine.<br /><br />26.06.2014, 14:41, \"Alexander L\" &lt;<a href=\"mailto:abc@example.com\">"
                + "abc@example.com</a>&gt;:</p><blockquote> Hello! How are you?</blockquote>",
            // Mail.ru: "от" (from) attribution and a bordered blockquote.
            "<div>Hi. I am fine.</div><div>Thu, 26 Jun 2014 14:00:51 +0400 от Alexander L &lt;abc@example.com&gt;:"
                + "<blockquote style=\"border-left:1px solid #0857A6; margin:10px\">Hello! How are you?</blockquote></div>",
            // Windows Mail in Russian: От / Отправлено / Кому / Тема header block.
            "<div>Hi. I am fine.</div><div><br></div><div>От: Alexander L<br>Отправлено: четверг, 26 июня 2014 г. 15:05<br>"
                + "Кому: Alex<br>Тема: Test<br><br>Hello! How are you?</div>",
        ])
    func htmlQuotes(_ body: String) throws {
        #expect(try Self.text(Self.html, body) == Self.mine)
    }

    /// Gmail's "indent" button writes a borderless blockquote: the author's own words, kept.
    @Test func gmailIndentIsOwnText() throws {
        let body =
            "<div>Hi. I am fine.</div><blockquote style=\"margin:0 0 0 40px;border:none;padding:0px\">"
            + "<div>Indented point.</div></blockquote>"
        #expect(try Self.text(Self.html, body) == "Hi. I am fine.\n\nIndented point.")
    }

    /// Thunderbird bottom-posts with format=flowed: "> Hi " is soft-broken but must not swallow the reply.
    @Test func flowedBottomPost() throws {
        let body = "On 04/02/2012 06:26 PM, Megan One wrote:\n> Hi \nHi. I am fine."
        #expect(try Self.text("text/plain; charset=\"us-ascii\"; format=\"flowed\"", body) == Self.mine)
    }
}
