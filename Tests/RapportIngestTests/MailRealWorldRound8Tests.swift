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
        #expect(m.quotedChars == 29)
    }

    /// Outlook's underscore rule over a lone `From:` line with an address, then the quote: the rule and
    /// the `From:` line stayed in the own words (a reply-extraction library's splitter case).
    @Test func underscoreRuleOverLoneFromLine() throws {
        let m = try message(head + "Hello\n\n_____________\nFrom: foo@bar.example\n\n> Hi\n\nSignature\n")
        #expect(m.text == "Hello")
        #expect(m.quotedChars == 54)
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
}
