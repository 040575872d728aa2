import RapportText
import Testing

@Suite struct CleanTests {
    @Test(arguments: [
        ("Yes.\n\nOn Mon, 4 Mar 2019 at 10:00, Ana <a@b.c> wrote:\n> old\n> text", "Yes."),
        ("Yes.\n\nOn Mon, 4 Mar 2019 at 10:00, Ana Lima\n<a@b.c> wrote:\n> old", "Yes."),
        ("Oui.\n\nLe lun. 4 mars 2019 à 10:00, Ana <a@b.c> a écrit :\n> vieux", "Oui."),
        ("Ja.\n\nAm 04.03.2019 um 10:00 schrieb Ana <a@b.c>:\n> alt", "Ja."),
        ("Sí.\n\nEl lun., 4 mar. 2019 a las 10:00, Ana (<a@b.c>) escribió:\n> viejo", "Sí."),
        ("Sì.\n\nIl giorno lun 4 mar 2019 alle ore 10:00 Ana <a@b.c> ha scritto:\n> vecchio", "Sì."),
        ("Sim.\n\nEm seg., 4 de mar. de 2019 às 10:00, Ana <a@b.c> escreveu:\n> velho", "Sim."),
        ("Ja.\n\nOp ma 4 mrt. 2019 om 10:00 schreef Ana <a@b.c>:\n> oud", "Ja."),
        ("Done.\n\n-----Original Message-----\nFrom: Ana\nSent: Monday\nSubject: x\n\nold text", "Done."),
        (
            "Erledigt.\n\nVon: Ana <a@b.c>\nGesendet: Montag, 4. März 2019 10:00\nAn: Bob\nBetreff: x\n\nalt",
            "Erledigt."
        ),
        ("Fait.\n\nDe : Ana\nEnvoyé : lundi 4 mars 2019 10:00\nÀ : Bob\nObjet : x\n\nvieux", "Fait."),
        ("Ok.\n\n________________________________\nFrom: Ana\nSent: Monday\nTo: Bob\n\nold", "Ok."),
        ("a\n> q1\n> q2\nb", "a\nb"),
        // Mailgun talon's standard replies: Android wraps the Russian attribution before the address;
        // Thunderbird bottom-posts under the quote.
        (
            "Hello\n02.04.2012 14:20 пользователь \"bob@xxx.mailgun.org\" <\nbob@xxx.mailgun.org> написал:\n\n> Hi\n>\n",
            "Hello"
        ),
        ("On 04/02/2012 06:26 PM, Megan One wrote:\n> Hi \nHello", "Hello"),
    ])
    func quotesRemoved(_ input: String, _ expected: String) {
        let c = TextCleaner.clean(input)
        #expect(c.text == expected)
        #expect(c.quotedChars > 0)
    }

    @Test func interleavedReplyKeepsAnswers() {
        let c = TextCleaner.clean("On Mon, Ana wrote:\n> Question one?\nAnswer one.\n> Question two?\nAnswer two.")
        #expect(c.text == "Answer one.\nAnswer two.")
        #expect(c.quotedChars == "On Mon, Ana wrote:\n> Question one?\n> Question two?\n".count)
    }

    @Test func signatureDelimiterAndMobileFooter() {
        let c = TextCleaner.clean("Thanks!\n\nSent from my iPhone\n\n-- \nAna Lima\nHead of CS, Acme")
        #expect(c.text == "Thanks!")
        #expect(c.hasMobileFooter)
        #expect(c.signature == "Ana Lima\nHead of CS, Acme")
        #expect(c.quotedChars == 0)
    }

    @Test func closingNameBlockIsSignature() {
        let c = TextCleaner.clean("Please send the file.\n\nKind regards,\nBob Stone\nVP Operations | Client Org")
        #expect(c.text == "Please send the file.\n\nKind regards,")
        #expect(c.signature == "Bob Stone\nVP Operations | Client Org")
    }

    @Test func disclaimerRemoved() {
        let c = TextCleaner.clean(
            "See you.\n\nCONFIDENTIALITY NOTICE: This e-mail is for the addressee only.\nIt may be privileged.")
        #expect(c.text == "See you.")
        #expect(c.hasDisclaimer)
        #expect(c.signatureChars > 0)
    }

    @Test func forwardedSeparatorFlagsForwarded() {
        let c = TextCleaner.clean("FYI\n\n---------- Forwarded message ---------\nFrom: X\nDate: Y\n\nBody")
        #expect(c.text == "FYI")
        #expect(c.forwarded)
    }

    @Test(arguments: [
        "From the start, we agreed.\nTo: be clear, this stays.",
        "On Monday we meet.\nI wrote: a plan.",
        "Best wishes for the launch, team.",
        "Line one\r\nLine two",
    ])
    func ordinaryTextUntouched(_ input: String) {
        let c = TextCleaner.clean(input)
        #expect(c.text == input.replacingOccurrences(of: "\r\n", with: "\n"))
        #expect(c.quotedChars == 0 && c.signature == nil)
    }
}

/// Helpdesk notification mail (round-2 triage: a real Zendesk notification kept its ticket chrome and hid
/// the earlier comment in the signature).
@Suite struct HelpdeskNotificationCleanTests {
    static let notification =
        "##- Please type your reply above this line -##\n\nYou are registered as a CC on this request (4711). "
        + "Reply to this email to add a comment to the request.\n\n----------------------------------------------\n\n"
        + "Erin Agent, Jan 2, 2024, 11:00 UTC\n\nHi Carla, the corrected invoice is attached.\n\n--\nErin\n\n"
        + "----------------------------------------------\n\nCarla Customer, Jan 2, 2024, 10:00 UTC\n\n"
        + "Hi, the invoice for December is missing the discount we agreed.\n"

    @Test func notificationChromeIsDroppedAndEarlierCommentsAreQuoted() {
        let c = TextCleaner.clean(Self.notification)
        #expect(c.text == "Hi Carla, the corrected invoice is attached.")
        #expect(c.signature == "Erin")
        // The second rule, the earlier comment's header and the comment, with the newlines between them (not
        // the body's final one).
        #expect(c.quotedChars == 151)
    }

    @Test(
        "a customer's reply above the quoted notification",
        arguments: [
            "##- Please type your reply above this line -##",
            "##- Bitte geben Sie Ihre Antwort über dieser Zeile ein. -##",
            "##- Veuillez répondre au-dessus de cette ligne. -##", "--- Reply above this line ---",
        ])
    func replyAboveTheMarker(_ marker: String) {
        let c = TextCleaner.clean("Thanks, that works for us.\n\n\(marker)\n\nYour request (4711) has been updated.\n")
        #expect(c.text == "Thanks, that works for us.")
        #expect(c.quotedChars > 30)
    }

    @Test func markerWordsInsideProseAreText() {
        let text = "Please write your name above this line of the form and sign below it.\nThanks."
        #expect(TextCleaner.clean(text).text == text)
    }
}

/// A signature without a closing line: a name block at the end (a ticket comment ending in "Greg
/// Morrison" / "VP Operations, Harbourline Retail" kept the title in the author's words, where "VP" read as
/// an escalation and the words counted for verbosity).
@Suite struct NameBlockSignatureTests {
    @Test(arguments: [
        (
            "It is not fixed.\n\nGreg Morrison\nVP Operations, Harbourline Retail", "It is not fixed.",
            "Greg Morrison\nVP Operations, Harbourline Retail"
        ),
        ("See you then.\n\nAna María López\n+34 612 345 678", "See you then.", "Ana María López\n+34 612 345 678"),
        (
            "Sure.\n\nJ. Smith\njsmith@acme.example\nwww.acme.example", "Sure.",
            "J. Smith\njsmith@acme.example\nwww.acme.example"
        ),
        ("Works now.\n\nKim Lee\nSenior Data Engineer", "Works now.", "Kim Lee\nSenior Data Engineer"),
    ])
    func nameBlockIsTheSignature(_ input: String, _ text: String, _ signature: String) {
        let c = TextCleaner.clean(input)
        #expect(c.text == text)
        #expect(c.signature == signature)
    }

    @Test(arguments: [
        // No body before it, a sentence instead of a name, a list, too long a block, no title or contact line.
        "Greg Morrison\nVP Operations",
        "It is done.\n\nThe fix is live\nVP approval came today",
        "Agenda:\n\nNext steps\n- migrate the data\n- switch the DNS",
        "Thanks.\n\nGreg Morrison\nVP Operations\nHarbourline\nSeattle\n206 555 0119",
        "All good.\n\nGreg Morrison\nSee you Monday",
    ])
    func otherEndingsStay(_ input: String) {
        let c = TextCleaner.clean(input)
        #expect(c.text == input)
        #expect(c.signature == nil)
    }
}
