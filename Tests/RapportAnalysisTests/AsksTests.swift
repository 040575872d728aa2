import RapportAnalysis
import Testing

/// What "asks something" means on real support mail (real-world check, 2026-12-06): a link with a query
/// string is no question, and a support reply's closing offer ("Please let us know if you have any
/// problems") asks nothing of them.
@Suite struct AsksTests {
    @Test(
        arguments: [
            ("This one works: https://shop.example/gp/product/B07?ie=UTF8&psc=1", false),
            ("See <https://kb.example/x?y=1> and www.example.com/a?b=2 for the details.", false),
            ("Does it work with https://kb.example/x?y=1 too?", true),
            ("Is the driver needed?", true),
            ("Please let us know if you have any problems.", false),
            ("The driver is at [1].  Please let us know if you have any\nproblems.", false),
            ("Feel free to reach out. Don't hesitate to call.", false),
            ("Let me know if this helps.", false),
            ("Please send the logs. Let me know if you have any questions.", true),
            ("Please let me know if the owners look right.", true),
            ("Could you send the latest numbers", true),
            ("Here is the update you asked for, all good.", false),
            // "Please" that informs: attachments, notes, notices (no reply awaited).
            ("Please find attached the signed order form.\n\nBest,\nJo", false),
            ("Please see the attached invoice. Please note our new address.", false),
            ("Kindly find enclosed the report.", false),
            ("Please find attached the report and let me know if it works.", true),
            ("Please note the change. Could you update your records", true),
            // An out-of-office heads-up asks nothing now.
            ("I'm on holiday from 18 May. Please contact Mark for anything urgent while I'm away.", false),
            // A wait on their own side is no request; a wait on us is.
            ("Still waiting for procurement to sign, should be done this week.", false),
            ("Still waiting for your reply on the quote", true),
            // A confidentiality footer asks nothing ("please notify the sender").
            (
                "Please find attached our usage report.\n\nKind regards,\nLinda\nThis email is confidential. "
                    + "If you received it in error, please notify the sender and delete it.", false
            ),
            (
                "Could you send the SOC 2 report\n\nThis email is confidential. If you are not the intended "
                    + "recipient please notify the sender.", true
            ),
            // An offer that ends a reply in any tool: "anything else", "if you have questions".
            ("Attached is the quote for 120 seats. Let me know if procurement needs anything else.", false),
            ("Let me know if you have questions.", false),
            ("Let me know which seat count procurement needs.", true),
        ])
    func asks(_ text: String, _ expected: Bool) {
        #expect(TextFeatures.extract(text).asksSomething == expected)
    }

    /// The open item of a support answer that ends with an offer is gone; a real request stays open.
    @Test func courtesyOfferIsNoOpenItem() {
        let messages = [
            Kit.mail(
                "q", "t", from: "jane@acme.com", to: "me@ours.com", at: "2026-03-02T09:00:00+00:00", "Which driver?"),
            Kit.mail(
                "a", "t", from: "me@ours.com", to: "jane@acme.com", at: "2026-03-02T10:00:00+00:00",
                "The driver is on the download page. Please let us know if you have any problems."),
            Kit.mail(
                "q2", "t2", from: "jane@acme.com", to: "me@ours.com", at: "2026-03-03T09:00:00+00:00", "Which cable?"),
            Kit.mail(
                "a2", "t2", from: "me@ours.com", to: "jane@acme.com", at: "2026-03-03T10:00:00+00:00",
                "Any CAT6 cable. Please send us the serial number."),
        ]
        let body = Kit.analyze(messages, asOf: "2026-03-10T00:00:00+00:00")
        let items = Kit.contact(body, "jane@acme.com")?.dynamics.openItems ?? []
        #expect(items.map(\.messageID) == ["a2"])
        #expect(items.map(\.waitingOn) == ["waiting-on-them"])
    }
}

/// A web address is one word (real-world check: a one-line answer with a shop link counted 22 words).
@Suite struct URLWordTests {
    @Test(
        arguments: [
            ("This one works: https://shop.example/gp/product/B07KTLP44W/ref=ppx_yo?ie=UTF8&psc=1", 4),
            ("See <https://kb.example/X300/X310#Choosing_a_Host_Interface> now", 3),
            ("Try www.example.com/a/b/c or HTTP://EXAMPLE.COM/x.", 4),
            ("the https-proxy and wwwx.example words", 5),
            // Not addresses, but one word each: a version, a time, a number, hyphens, an address.
            ("Upgrade to 2.3.1 by 10:30, all 1,000 seats; follow-up to jane@acme.com and/or e.g. Kim.", 14),
            ("a - b . c , d", 4),
            ("end. Next", 2),
        ])
    func words(_ text: String, _ expected: Int) {
        #expect(TextFeatures.countWords(Array(text.utf8)) == expected)
    }
}
