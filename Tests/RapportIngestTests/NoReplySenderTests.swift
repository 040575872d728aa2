import Testing

@testable import RapportIngest

/// No-reply words inside longer sender names (LinkedIn's `messages-noreply@`, Google Calendar's
/// `calendar-notification@`): the sender is a machine, its mail bulk, and never the mailbox owner.
@Suite struct NoReplySenderTests: SavedMessageReading {
    @Test(
        "a no-reply token anywhere in the local part",
        arguments: [
            "messages-noreply", "calendar-notification", "info.donotreply", "mail_no_reply", "do-not-reply-billing",
            "Jobs-NoReply", "team+notifications", "noreply", "no-reply", "notifications", "noreply-42",
        ])
    func noReplyLocalParts(_ local: String) {
        #expect(Automated.isNoReply(Substring(local)))
    }

    @Test(
        "people and shared mailboxes are not no-reply senders",
        arguments: ["dana", "renoreplyx", "no.name", "reply", "notify-dana", "dana.notification2", "do-reply", "noah"])
    func people(_ local: String) {
        #expect(!Automated.isNoReply(Substring(local)))
    }

    @Test func linkedInMessagesAreBulk() throws {
        let (m, summary) = try read(
            "From: LinkedIn <messages-noreply@linkedin.com>\nTo: me@acme.example\nSubject: Dana, you have 3 new "
                + "invitations\nDate: Tue, 03 Mar 2026 10:00:00 +0000\nMessage-ID: <l1@linkedin.com>\n\nSee your "
                + "invitations\n")
        #expect(m.flags.contains(.bulk))
        #expect(summary.excluded == ["no-reply-sender": 1])
    }
}
