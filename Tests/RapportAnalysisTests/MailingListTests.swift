import Foundation
import RapportAnalysis
import RapportCore
import Testing

/// A vendor answering its customers on its own support list (real-world check on a hardware vendor's
/// user list, 2026-12-06): customers post to the list, the vendor's engineers answer to the list, and the
/// list's address is on every message. The list is a distribution address, never a contact.
@Suite struct MailingListTests {
    static let list = Participant(
        id: "support@lists.ours.com", email: "support@lists.ours.com", displayName: "Support list",
        organization: "lists.ours.com", isList: true)

    /// A mail to the list only (plus `cc`).
    static func post(
        _ id: String, _ thread: String, from: String, at date: String, _ text: String, cc: [String] = [],
        list: Participant = list
    ) -> Message {
        var m = Kit.mail(id, thread, from: from, to: "x@y.z", at: date, text)
        m.to = [list]
        m.cc = cc.map { .email($0, name: Kit.name($0)) }
        return m
    }

    static let thread = [
        post(
            "q1", "t1", from: "jane@acme.com", at: "2026-03-02T09:00:00+00:00", "Do we need a driver for the PCIe card?"
        ),
        post(
            "a1", "t1", from: "me@ours.com", at: "2026-03-02T11:00:00+00:00",
            "Yes, install the driver from the download page and reboot the host."),
        post("q2", "t1", from: "jane@acme.com", at: "2026-03-02T12:00:00+00:00", "Does it also work on Ubuntu 20.04?"),
        post("a2", "t1", from: "me@ours.com", at: "2026-03-02T12:30:00+00:00", "Yes, both 18.04 and 20.04 work."),
        post("c1", "t1", from: "jane@acme.com", at: "2026-03-02T13:00:00+00:00", "Thanks, that worked!"),
    ]

    @Test func directionOfListPosts() {
        let us = Kit.us
        // Their post to our list (a subdomain of an internal domain) is addressed to us.
        #expect(us.classify(Self.thread[0]) == .inbound)
        // Our post to the list alone is outbound, not internal.
        #expect(us.classify(Self.thread[1]) == .outbound)
        // A post to somebody else's list is not ours to answer.
        let other = Participant(
            id: "dev@lists.python.example", email: "dev@lists.python.example", organization: "lists.python.example",
            isList: true)
        #expect(
            us.classify(Self.post("o1", "t9", from: "bob@other.com", at: "2026-03-02T09:00:00+00:00", "?", list: other))
                == .unknown)
        // Unless it names the list as ours.
        let named = Us(identities: ["dev@lists.python.example"], inferred: false, explanation: "test")
        #expect(
            named.classify(
                Self.post("o1", "t9", from: "bob@other.com", at: "2026-03-02T09:00:00+00:00", "?", list: other))
                == .inbound)
        // Without the list flag the address is an ordinary outside recipient, as before.
        var plain = Self.thread[0]
        plain.to[0].isList = nil
        #expect(us.classify(plain) == .unknown)
    }

    /// The asker is the contact, with our list answers as replies to her; the list is no contact.
    @Test func listThreadScoresTheAskerNotTheList() {
        let body = Kit.analyze(Self.thread)
        #expect(body.counts.used == 5)
        #expect(body.counts.notUsed.isEmpty)
        let ids = (body.accounts.flatMap(\.contacts) + body.unaffiliated).map(\.id)
        #expect(ids == ["jane@acme.com"])
        #expect(body.accounts.map(\.id) == ["acme.com"])
        let jane = Kit.contact(body, "jane@acme.com")
        #expect(jane?.dynamics.messagesIn == 3)
        #expect(jane?.dynamics.messagesOut == 2)
        #expect(jane?.dynamics.latencyUs.count == 2)
        #expect(jane?.dynamics.latencyUs.medianSeconds == 4_500)
        #expect(jane?.dynamics.latencyThem.count == 2)
        #expect(jane?.dynamics.latencyThem.medianSeconds == 2_700)
        #expect(jane?.dynamics.openItems.isEmpty == true)
        #expect(body.warnings.isEmpty)
    }

    /// A list copy among several recipients is skipped; the person next to it is the contact.
    @Test func listCopyIsNoRecipient() {
        var reply = Self.post(
            "a1", "t1", from: "me@ours.com", at: "2026-03-02T11:00:00+00:00", "Yes, install the driver.")
        reply.to = [.email("jane@acme.com", name: "Jane"), Self.list]
        let body = Kit.analyze([Self.thread[0], reply])
        let ids = (body.accounts.flatMap(\.contacts) + body.unaffiliated).map(\.id)
        #expect(ids == ["jane@acme.com"])
        #expect(Kit.contact(body, "jane@acme.com")?.dynamics.latencyUs.medianSeconds == 7_200)
    }

    /// `--me` alone on a corporate address: the colleagues answering next to us form an account of our own
    /// domain, and the report says how to fold them into "us".
    @Test func colleagueAccountNote() {
        let me = Us(identities: ["neel@vendor.example", "neel.home@gmail.com"], inferred: false, explanation: "t")
        #expect(
            Analyzer.colleagueNotes(us: me, accountIDs: ["acme.com", "vendor.example", "gmail.com"]) == [
                "account vendor.example is the domain of our own address (--me): if they are colleagues, pass --internal-domain vendor.example"
            ])
        let both = Us(
            identities: ["neel@vendor.example"], internalDomains: ["vendor.example"], inferred: false, explanation: "t")
        #expect(Analyzer.colleagueNotes(us: both, accountIDs: ["vendor.example"]).isEmpty)
    }
}
