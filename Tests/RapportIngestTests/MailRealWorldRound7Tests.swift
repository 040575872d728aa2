import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Round 7 of the real-world triage (2026-12-06: webmail import/export test mailboxes, Thunderbird's
/// mailnews test data, quotation fixtures of reply-parsing libraries, mail in East Asian and Cyrillic
/// charsets): each test is a defect found there and fixed, written here from scratch with the same shape.
@Suite struct MailRealWorldRound7Tests: SavedMessageReading {
    /// Reads `text` as an mbox file.
    func mbox(_ text: String) throws -> (messages: [Message], summary: IngestSummary) {
        let dir = try TempTree.write(["box.mbox": text])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (ms, summary, _) = try readMail(dir + "/box.mbox")
        return (ms, summary)
    }

    let head =
        "From: Ann <ann@client.example>\nTo: Bob <bob@vendor.example>\nSubject: Re: plan\n"
        + "Date: Mon, 03 Mar 2025 10:15:00 +0100\nMessage-ID: <r1@client.example>\n"
        + "Content-Type: text/plain; charset=utf-8\n\n"

    // MARK: Separators

    /// Webmail importers' test mailboxes (and scripts that concatenate messages) put the next `From `
    /// line right after the last body line, with no blank line: the whole file was one message whose
    /// quoted part held the others.
    @Test func separatorWithoutBlankLineBeforeIt() throws {
        let (ms, summary) = try mbox(
            "From ann@client.example Sun Jul 16 15:06:25 2023\nFrom: ann@client.example\nTo: bob@vendor.example\n"
                + "Subject: One\nDate: Fri, 23 May 2014 19:44:50 +0200\nMessage-ID: <i1@client.example>\n\n1234\n"
                + "From bob@vendor.example Sun Jul 16 15:06:26 2023\nFrom: bob@vendor.example\n"
                + "To: ann@client.example\nSubject: Re: One\nDate: Fri, 23 May 2014 20:44:50 +0200\n"
                + "Message-ID: <i2@vendor.example>\nIn-Reply-To: <i1@client.example>\n\n>From me\n"
                + "From carol@client.example Sun Jul 16 15:06:27 2023\nFrom: carol@client.example\n"
                + "To: bob@vendor.example\nSubject: Three\nDate: Fri, 23 May 2014 21:44:50 +0200\n"
                + "Message-ID: <i3@client.example>\n\nXXXX\n")
        #expect(summary.read == 3 && summary.emitted == 3)
        #expect(ms.map(\.text) == ["1234", "From me", "XXXX"])
        #expect(ms.map(\.quotedChars) == [0, 0, 0])
        #expect(ms[1].parent == "i1@client.example")
    }

    /// A separator-looking line in a body that no header field follows stays body text.
    @Test func separatorLookingBodyLineStays() throws {
        let (ms, summary) = try mbox(
            "From ann@client.example Sun Jul 16 15:06:25 2023\n" + head
                + "Quoting the log:\nFrom bob@vendor.example Sun Jul 16 15:06:26 2023\nit stopped there.\n")
        #expect(summary.read == 1)
        #expect(
            ms.first?.text == "Quoting the log:\nFrom bob@vendor.example Sun Jul 16 15:06:26 2023\nit stopped there.")
    }

    /// Old Thunderbird folders separate messages with a bare `From ` line (no sender, no date): only the
    /// first message was found, the second one read as its quoted part.
    @Test func bareFromSeparator() throws {
        let (ms, summary) = try mbox(
            "From \nFrom: Ann <ann@client.example>\nTo: bob@vendor.example\nSubject: one\n"
                + "Date: Mon, 03 Mar 2025 10:15:00 +0100\nMessage-ID: <u1@client.example>\n\nFirst body.\n\n"
                + "From \r\nFrom: Bob <bob@vendor.example>\nTo: ann@client.example\nSubject: Re: one\n"
                + "Date: Mon, 03 Mar 2025 11:15:00 +0100\nMessage-ID: <u2@vendor.example>\n"
                + "In-Reply-To: <u1@client.example>\n\nSecond body.\n\nFrom \nand a line that is no header.\n")
        #expect(summary.read == 2 && summary.emitted == 2)
        #expect(ms.map(\.text) == ["First body.", "Second body.\n\nFrom\nand a line that is no header."])
        #expect(ms.last?.parent == "u1@client.example")
    }

    // MARK: Charsets

    /// Japanese mail in ISO-2022-JP that switches back to ASCII and out again with nothing between (`ESC ( B
    /// ESC $ B`: quoted-printable bodies, adjacent encoded-words of a subject or name): ICU put a U+FFFD
    /// at every such switch.
    @Test func iso2022JPEmptyRunsAreNotReplacementCharacters() throws {
        let m = try message(
            "From: =?ISO-2022-JP?B?GyRCOzNFRBsoQg==?= =?ISO-2022-JP?B?GyRCQkBPOhsoQg==?= <taro@example.jp>\n"
                + "To: Bob <bob@vendor.example>\n"
                + "Subject: =?ISO-2022-JP?B?GyRCMnE1RCRON28bKEI=?=\n =?ISO-2022-JP?B?GyRCJEckOSEjGyhC?=\n"
                + "Date: Mon, 03 Mar 2025 10:15:00 +0900\nMessage-ID: <j1@example.jp>\nMIME-Version: 1.0\n"
                + "Content-Type: text/plain; charset=\"iso-2022-jp\"\nContent-Transfer-Encoding: quoted-printable\n\n"
                + "=1B$B!J=1B(B=1B$BGcJ*=\n=1B(B=1B$B!K=1B(B=\n")
        #expect(m.text == "（買物）")
        #expect(m.subject == "会議の件です。")
        #expect(m.from.displayName == "山田太郎")
    }

    // MARK: Quotations (shapes of a reply-parsing library's fixtures)

    /// The answer and the attribution on one line (an HTML reply turned into text without a break): the
    /// answer was dropped with the quote.
    @Test(
        "answer before the attribution",
        arguments: [
            ("reply On Wed, Apr 4, 2012 at 3:59 PM, bob@example.com wrote:\n> Hi", "reply"),
            ("reply--- On Wed, Apr 4, 2012 at 3:59 PM, me@domain.com wrote:\n> Hi", "reply"),
            (
                "reply\nbla-bla - bla--- On Wed, Apr 4, 2012 at 3:59 PM, me@domain.com wrote:\n> Hi",
                "reply\nbla-bla - bla"
            ),
        ])
    func answerBeforeAttributionOnOneLine(_ body: String, _ own: String) throws {
        let m = try message(head + body + "\n")
        #expect(m.text == own)
        #expect(m.quotedChars > 0)
    }

    /// Attributions left in the own words: Gmail in Japanese/Chinese (`2011/4/7 Name <a@b>`, no colon),
    /// Apple Mail in Norwegian (`På … skrev:`), and German `-----Antwort Nachricht-----`.
    @Test(
        "more attribution shapes",
        arguments: [
            "Replying ok\n2011/4/7 Nathan Ivanova <support@example.com>\n\n>  Cool beans, scro",
            "Replying ok\nPå 14 september 2015 på 02:23:18, Valentino Rudy (valentino@rudy.example) skrev:\n\nVeniam.",
            "Replying ok\n\n-----Antwort Nachricht-----\n\nTest",
            "Replying ok\n\n2014-10-17 11:28 GMT+03:00 Postmaster <\npostmaster@sandbox.mail.example>:\n\n> First",
        ])
    func moreAttributionShapes(_ body: String) throws {
        let m = try message(head + body + "\n")
        #expect(m.text == "Replying ok")
    }

    /// Chinese and Japanese clients put the date and time first and quote without `>` (an HTML quote turned
    /// into text): the attribution still cuts what follows.
    @Test(
        "date-first East Asian attributions",
        arguments: [
            "Replying ok\n\n2025年9月22日 10:37，Ann Lee <ann@client.example> 写道：\n\n请确认发票。\n谢谢\n",
            "Replying ok\n\n2025/03/03 10:15、Bob <bob@client.example>のメール:\n\n確認します。\n",
        ])
    func eastAsianDateFirstAttributions(_ body: String) throws {
        let m = try message(head + body)
        #expect(m.text == "Replying ok")
    }

    /// A line that starts with a count, not a date, and ends like an attribution is their own words.
    @Test func countFirstLineEndingInSaidStays() throws {
        let body = "Two updates.\n\n2 customers called at 10:30 and said:\n\nthe export is empty again.\n"
        let m = try message(head + body)
        #expect(m.text == "Two updates.\n\n2 customers called at 10:30 and said:\n\nthe export is empty again.")
    }

    /// A date-first line that is no attribution (no quote below it) stays.
    @Test func numericDateLineWithoutQuoteStays() throws {
        let m = try message(head + "Meeting moved:\n2025/3/4 Ann Lee <ann@client.example>\n\nSee you there.\n")
        #expect(m.text == "Meeting moved:\n2025/3/4 Ann Lee <ann@client.example>\n\nSee you there.")
    }

    /// A quoted link broken by wrapping (its rest, or the link alone with the `>` pushed to the line end)
    /// between quoted lines was read as an inline answer.
    @Test(
        "quoted link fragments",
        arguments: [
            "Blah\n\nOn Thursday, October 25, 2012 at 3:03 PM, Bob wrote:\n\n>\n> Post a response by replying\n>\n"
                + " (http://example.com/c/YzOTYzMmE) >\n> life is short. (http://example.com/c/YzMmE)\n>",
            "Blah\n\nOn Monday, 24 September, 2012 at 3:46 PM, bob wrote:\n\n> [Ticket #50] test from bob\n>\n"
                + "> View ticket (http://example.com/action\n_nonce=3dd518)\n>",
        ])
    func quotedLinkFragments(_ body: String) throws {
        let m = try message(head + body + "\n")
        #expect(m.text == "Blah")
    }

    /// An inline answer between quoted lines is still kept, a link in it too.
    @Test func inlineAnswerWithLinkStays() throws {
        let m = try message(
            head + "On Mon, Mar 3, 2025 at 9:00 AM, Bob <bob@vendor.example> wrote:\n> Where is the doc?\n"
                + "(https://docs.example/plan)\n> And the date?\nFriday.\n")
        #expect(m.text == "(https://docs.example/plan)\nFriday.")
    }
}
