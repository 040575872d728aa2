import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Round 8 of the real-world triage (2026-12-06: the remaining cases of a reply-parsing library's test
/// suite, reply-extraction fixtures of other libraries, threading of replies without references): each
/// test is a defect found there and fixed, written here from scratch with the same shape.
@Suite struct MailRealWorldRound8Tests: SavedMessageReading {
    let head =
        "From: Ann <ann@client.example>\nTo: Bob <bob@vendor.example>\nSubject: Re: plan\n"
        + "Date: Mon, 03 Mar 2025 10:15:00 +0100\nMessage-ID: <r1@client.example>\n"
        + "Content-Type: text/plain; charset=utf-8\n\n"

    // MARK: Quotations

    /// Attributions whose verb is "sent" (`On …, John <j@x> sent:`; Dutch `verzond`), with a quote below
    /// or with the earlier message unquoted below: the attribution stayed in the own words, or the
    /// unquoted earlier message too.
    @Test(
        "attributions ending in sent",
        arguments: [
            "Test reply\n\nOn 11-Apr-2011, at 6:54 PM, Roman Tkachenko <romant@example.com> sent:\n\n>\n> Test\n>\n> Roman",
            "Test reply\n\nOn Mon, 2 Jan 2017 at 10:00, John Doe <j@example.com> sent:\n\nThe earlier message.\nJohn",
            "Test reply\n\nOn Mon, 2 Jan 2017 at 10:00, John Doe <\nj@example.com> sent:\n\nThe earlier message.",
            "Test reply\n\nOp 13-02-2014 3:18 verzond Julius Caesar <pantheon@rome.example>:\n\nVeniam laborum.",
        ])
    func attributionEndingInSent(_ body: String) throws {
        let m = try message(head + body + "\n")
        #expect(m.text == "Test reply")
        #expect(m.quotedChars > 0)
    }

    /// A sentence that opens with "On" and ends in "sent:" is the author's own.
    @Test func sentenceEndingInSentStays() throws {
        let body = "On Monday, the two invoices below were sent:\n\nINV-1 and INV-2.\n"
        let m = try message(head + body)
        #expect(m.text == "On Monday, the two invoices below were sent:\n\nINV-1 and INV-2.")
        #expect(m.quotedChars == 0)
    }

    /// A header block of only `Date:` and `To:` (Hotmail-style forwarding of an earlier message) ended up
    /// in the own words with everything after it.
    @Test(
        "Date and To header block",
        arguments: [
            ("Blah\n\nDate: Wed, 16 May 2012 00:15:02 -0600\nTo: klizhentas@example.com", 64),
            ("Blah\n\nDate: Wed, 16 May 2012 00:15:02 -0600\nTo: Kim <kim@example.com>\n\n> earlier text", 79),
        ])
    func dateToHeaderBlock(_ body: String, _ quoted: Int) throws {
        let m = try message(head + body)
        #expect(m.text == "Blah")
        #expect(m.quotedChars == quoted)
    }

    /// A memo's own `Date:` and `To:` lines (no time, no address) stay.
    @Test func memoDateToLinesStay() throws {
        let m = try message(head + "Minutes\nDate: Monday\nTo: all staff\n\nWe agreed on the plan.\n")
        #expect(m.text == "Minutes\nDate: Monday\nTo: all staff\n\nWe agreed on the plan.")
    }

    /// Marketing mail highlights a link between arrows (`>>> http://… <<<`): not a quote.
    @Test func arrowDecoratedLinkIsNotAQuote() throws {
        let body =
            "Visit us now for assistance...\n>>> >>>  http://www.domain.example <<<\n"
            + "Visit our site by clicking the link above\n"
        let m = try message(head + body)
        #expect(
            m.text
                == "Visit us now for assistance...\n>>> >>>  http://www.domain.example <<<\n"
                + "Visit our site by clicking the link above")
        #expect(m.quotedChars == 0)
    }

    /// Deeper quotes are still quotes, also one ending in `<<` (C++ output in a quote).
    @Test func deepQuoteEndingInShiftStaysQuoted() throws {
        let m = try message(head + "Yes.\n\n>> std::cout << x <<\n>> more\n")
        #expect(m.text == "Yes.")
        #expect(m.quotedChars == 28)
    }

    /// Outlook's underscore rule over a lone `From:` line with an address, then the quote: the rule and
    /// the `From:` line stayed in the own words (a reply-extraction library's splitter case).
    @Test func underscoreRuleOverLoneFromLine() throws {
        let m = try message(head + "Hello\n\n_____________\nFrom: foo@bar.example\n\n> Hi\n\nSignature\n")
        #expect(m.text == "Hello")
        #expect(m.quotedChars == 52)
    }

    /// A `From:` line in prose, without the rule above it, stays.
    @Test func fromLineWithoutRuleStays() throws {
        let m = try message(head + "Thanks.\n\nFrom: ann@client.example\nis the address to use.\n")
        #expect(m.text == "Thanks.\n\nFrom: ann@client.example\nis the address to use.")
    }

    /// A signature written `Name | Title` over a company line, without `-- ` or a closing (GitHub's
    /// reply-parser fixture "no signature delimiter adds a middle initial"): it stayed in the own words.
    @Test func nameBarTitleSignature() throws {
        let m = try message(
            head
                + "I keep no delimiter before my signature.\n\nReally.\n\nJim P. Smith | Enrollment Manager\nXYZ Corp\n"
        )
        #expect(m.text == "I keep no delimiter before my signature.\n\nReally.")
        #expect(m.attributes["signature"] == "Jim P. Smith | Enrollment Manager\nXYZ Corp")
    }

    /// A `|` line that is not a name and a title stays.
    @Test func barLineThatIsNoSignatureStays() throws {
        let m = try message(head + "Options below.\n\nRed | Green | Blue\n")
        #expect(m.text == "Options below.\n\nRed | Green | Blue")
    }

    /// Gmail on Android wraps long quoted lines without repeating `>`: the tails between quoted lines were
    /// read as inline answers (a reply parser's `email_android_gmail_inline` fixture).
    @Test func wrappedQuoteTailsAreQuoted() throws {
        let body =
            "This is a test\n\nOn Sep 21, 2016 3:18 PM, \"frugal\" <noreply@frugal.example> wrote:\n>\n> Hi Mert,\n"
            + "> Pitchfork occupy vegan pabst hammock. Wayfarers etsy pok pok, kale chips\n"
            + "brooklyn four dollar toast street art 3 wolf moon.\n> VIEW ALL MESSAGES\n"
        let m = try message(head + body)
        #expect(m.text == "This is a test")
    }

    /// A lower-case inline answer under a short quoted line stays an answer.
    @Test func lowerCaseInlineAnswerStays() throws {
        let m = try message(
            head + "On Mon, Mar 3, 2025 at 9:00 AM, Bob <bob@vendor.example> wrote:\n> Friday?\nyes, friday works\n"
                + "> And the price?\nfine.\n")
        #expect(m.text == "yes, friday works\nfine.")
    }

    /// Gmail in Chinese, name first, over the earlier message turned into plain text (no `>`): the
    /// attribution and the store's order confirmation stayed in the own words.
    @Test func chineseNameFirstAttributionWithoutQuote() throws {
        let body =
            "Dear Bob\nCan I cancel my order please\n\n"
            + "XYZ Care <care@shop.example>于2020年3月9日 周一下午9:10写道：\n\nThank you for shopping.\n"
        let m = try message(head + body)
        #expect(m.text == "Dear Bob\nCan I cancel my order please")
        #expect(m.quotedChars > 0)
    }

    /// An Outlook signature under a rule of underscores, right below the closing, with the company's
    /// notices after it (a reply parser's `caution` fixture): more than six lines, so all of it stayed.
    @Test func closingOverUnderscoreRuleStartsTheSignature() throws {
        let body =
            "Hi team,\n\nThe file is still missing.\n\nThanks,\n___________________\nHaha Lolo\n"
            + "Markets Application Production Services\nDirect: (+00)00-000-0000\n"
            + "______________________________\n\nTo report an issue please send email to SUPPORT.\n"
            + "Escalation: MANAGEMENT\n___________________\n\nThis message is for the intended recipient only.\n"
        let m = try message(head + body)
        #expect(m.text == "Hi team,\n\nThe file is still missing.\n\nThanks,")
        #expect(
            m.attributes["signature"]
                == "Haha Lolo\nMarkets Application Production Services\nDirect: (+00)00-000-0000\n"
                + "To report an issue please send email to SUPPORT.\nEscalation: MANAGEMENT\n"
                + "This message is for the intended recipient only.")
    }

    /// `Name <address> wrote:` over the earlier message turned into plain text (no `>`): the attribution
    /// and the earlier message stayed in the own words (a reply parser's `email_inline_wrote` fixture).
    @Test func nameAddressWroteWithoutQuote() throws {
        let body =
            "Hi Molly,\n\nI think it should be workable.\n\nAdrian\n\nmolly <molly@msg.example> wrote:\n\n"
            + "Hi Adrian,\n\nthanks for the reply\n\nBest wishes,\nMolly\n"
        let m = try message(head + body)
        #expect(m.text == "Hi Molly,\n\nI think it should be workable.\n\nAdrian")
    }

    /// "… said:" after a name without an address, with no quote below, stays.
    @Test func nameSaidWithoutAddressStays() throws {
        let m = try message(head + "Update.\n\nThe auditor said:\n\nall good.\n")
        #expect(m.text == "Update.\n\nThe auditor said:\n\nall good.")
    }

    /// BlackBerry's footer ("Inviato da BlackBerry", "Sent from BlackBerry", with a carrier's name before the
    /// device) stayed in the own words.
    @Test(arguments: [
        "Inviato da BlackBerry", "Sent from BlackBerry", "Envoyé de mon BlackBerry",
        "Inviato da Verizon Wireless BlackBerry",
    ])
    func blackBerryFooter(_ footer: String) throws {
        let m = try message(head + "Here is another email\n\n\(footer)\n")
        #expect(m.text == "Here is another email")
        #expect(m.attributes["mobile_footer"] == "true")
    }

    /// A line that opens like a device footer but is a sentence stays.
    @Test func footerLookingSentenceStays() throws {
        let m = try message(head + "Here is another email\n\nInviato da desk, is much easier then my mobile phone.\n")
        #expect(m.text == "Here is another email\n\nInviato da desk, is much easier then my mobile phone.")
    }

    /// Yahoo! Mail's advertising footer under a rule (a mail parser's fixture of a Yahoo forward, and old
    /// list archives) stayed in the own words.
    @Test(
        arguments: [
            "---------------------------------\nBe a better Heartthrob. Get better answers.\nYahoo! Answers - Check it out.\n",
            "__________________________________________________\nDo You Yahoo!?\nTired of spam? Yahoo! Mail has it\n"
                + "http://mail.yahoo.com\n",
        ])
    func yahooAdFooterIsChrome(_ footer: String) throws {
        let m = try message(head + "Note: forwarded message attached.\n       \n" + footer)
        #expect(m.text == "Note: forwarded message attached.")
        #expect(m.quotedChars == 0)
    }

    /// Text under a rule that does not name Yahoo! stays.
    @Test func ruleWithoutYahooStays() throws {
        let m = try message(head + "Agenda\n---------------------------------\nBudget review.\nHiring plan.\n")
        #expect(m.text == "Agenda\n---------------------------------\nBudget review.\nHiring plan.")
    }

    // MARK: Threading

    /// Writes `files` into a temporary folder and reads it as one mailbox of saved messages.
    func savedFolder(_ files: [String: String]) throws -> [Message] {
        let dir = try TempTree.write(files)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        return try readMail(dir, format: .eml).messages
    }

    static func mail(
        from: String, to: String, subject: String, date: String, id: String, body: String = "Text."
    ) -> String {
        "From: \(from)\nTo: \(to)\nSubject: \(subject)\nDate: \(date)\nMessage-ID: <\(id)>\n\n\(body)\n"
    }

    /// A reply without In-Reply-To and References (Yahoo Mail) whose file sorts before the original's
    /// (saved messages named by subject: `Re plan.eml` < `plan.eml`) started a thread of its own.
    @Test func referencelessReplyBeforeItsOriginalInWalkOrder() throws {
        let ms = try savedFolder([
            "plan.eml": Self.mail(
                from: "Ann <ann@client.example>", to: "bob@vendor.example", subject: "Plan",
                date: "Mon, 03 Mar 2025 10:00:00 +0100", id: "p1@client.example"),
            "Re plan.eml": Self.mail(
                from: "Bob <bob@vendor.example>", to: "ann@client.example", subject: "Re: Plan",
                date: "Mon, 03 Mar 2025 11:00:00 +0100", id: "p2@yahoo.example"),
        ])
        #expect(ms.count == 2)
        #expect(Set(ms.map(\.thread)).count == 1)
    }

    /// An unrelated message with the same subject between the original and the reply (other people)
    /// hid the original from the reply without references.
    @Test func referencelessReplyFindsOriginalPastUnrelatedSameSubject() throws {
        let ms = try savedFolder([
            "1.eml": Self.mail(
                from: "Ann <ann@client.example>", to: "bob@vendor.example", subject: "Invoice",
                date: "Mon, 03 Mar 2025 10:00:00 +0100", id: "i1@client.example"),
            "2.eml": Self.mail(
                from: "Carl <carl@other.example>", to: "dana@other.example", subject: "Invoice",
                date: "Mon, 03 Mar 2025 10:30:00 +0100", id: "i2@other.example"),
            "3.eml": Self.mail(
                from: "Bob <bob@vendor.example>", to: "ann@client.example", subject: "RE: Invoice",
                date: "Mon, 03 Mar 2025 11:00:00 +0100", id: "i3@yahoo.example"),
        ])
        #expect(ms.count == 3)
        #expect(ms[0].thread == ms[2].thread)
        #expect(ms[1].thread != ms[0].thread)
    }

    /// Same subject without a reply prefix, or without a shared participant, is never merged.
    @Test func sameSubjectWithoutPrefixOrParticipantStaysApart() throws {
        let ms = try savedFolder([
            "1.eml": Self.mail(
                from: "Ann <ann@client.example>", to: "bob@vendor.example", subject: "Invoice",
                date: "Mon, 03 Mar 2025 10:00:00 +0100", id: "s1@client.example"),
            "2.eml": Self.mail(
                from: "Bob <bob@vendor.example>", to: "ann@client.example", subject: "Invoice",
                date: "Mon, 03 Mar 2025 11:00:00 +0100", id: "s2@vendor.example"),
            "3.eml": Self.mail(
                from: "Eve <eve@else.example>", to: "zed@else.example", subject: "Re: Invoice",
                date: "Mon, 03 Mar 2025 12:00:00 +0100", id: "s3@else.example"),
        ])
        #expect(Set(ms.map(\.thread)).count == 3)
    }
}
