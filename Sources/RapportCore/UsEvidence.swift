/// Observations readers make while ingesting, from which "us" is inferred when the user gave
/// neither `--me` nor `--internal-domain`. Mergeable by addition (shards combine exactly).
public struct UsEvidence: Sendable, Hashable, Codable {
    /// Messages sent per sender address / Slack user id (mailbox owner = dominant sender).
    public var senders: [String: Int] = [:]
    /// Messages carrying Gmail's `Sent` label, per sender.
    public var sentLabelSenders: [String: Int] = [:]
    /// Messages read from a mailbox named like a Sent folder (Thunderbird `Sent`, Outlook `Sent Items`,
    /// Apple Mail `Sent Messages.mbox`, Maildir++ `.Sent`, localized names), per sender. Optional so
    /// evidence without it encodes as before.
    public var sentFolderSenders: [String: Int]?
    /// Distinct recipients per sender (the owner writes to many people).
    public var recipientsPerSender: [String: Int] = [:]
    /// Mail messages (not mailing-list posts) per `To:`/`Cc:` address: an inbox's owner receives nearly
    /// all of it. Optional so evidence without it encodes as before.
    public var recipients: [String: Int]?
    /// Mail messages with recipients counted in ``recipients``.
    public var recipientMessages: Int?
    /// Slack export's own team ids with their user counts.
    public var slackTeams: [String: Int] = [:]
    /// Email domains of the workspace's members (not guests, not bots) per team id; members of an old
    /// export without team fields are under the empty id `""`.
    public var slackTeamEmailDomains: [String: [String: Int]] = [:]
    /// Profile emails of the workspace's full members (not guests, not bots) per team id, counted like
    /// ``slackTeamEmailDomains``: a member of the team chosen as ours is one of us whatever their email's
    /// domain (free mail, a contractor's own domain). Optional so evidence without it encodes as before.
    public var slackTeamMemberEmails: [String: [String: Int]]?

    public init() {}

    public mutating func merge(_ o: UsEvidence) {
        for (k, v) in o.senders { senders[k, default: 0] += v }
        for (k, v) in o.sentLabelSenders { sentLabelSenders[k, default: 0] += v }
        if let other = o.sentFolderSenders {
            var mine = sentFolderSenders ?? [:]
            for (k, v) in other { mine[k, default: 0] += v }
            sentFolderSenders = mine
        }
        for (k, v) in o.recipientsPerSender { recipientsPerSender[k, default: 0] += v }
        if let other = o.recipients {
            var mine = recipients ?? [:]
            for (k, v) in other { mine[k, default: 0] += v }
            recipients = mine
        }
        if let n = o.recipientMessages { recipientMessages = (recipientMessages ?? 0) + n }
        for (k, v) in o.slackTeams { slackTeams[k, default: 0] += v }
        for (team, d) in o.slackTeamEmailDomains {
            for (k, v) in d { slackTeamEmailDomains[team, default: [:]][k, default: 0] += v }
        }
        if let other = o.slackTeamMemberEmails {
            var mine = slackTeamMemberEmails ?? [:]
            for (team, d) in other {
                for (k, v) in d { mine[team, default: [:]][k, default: 0] += v }
            }
            slackTeamMemberEmails = mine
        }
    }

    /// Infers "us". Rules, in order:
    /// 1. senders of messages labelled `Sent` by Gmail or read from a Sent mailbox (all of them: aliases
    ///    count; a sender with under a tenth of the top sender's count is left out);
    /// 2. otherwise the dominant recipient — the owner of an inbox exported without its Sent folder: an
    ///    address in `To:`/`Cc:` of at least half the mail (mailing-list posts not counted) and of at least
    ///    twice as many messages as the next address;
    /// 3. otherwise the dominant mail sender, if they sent ≥ 20% of messages and at least twice as many
    ///    as the next sender;
    /// 4. a Slack export's own team (the team with most users) — its id and the dominant email
    ///    domain of its members become internal; an old export without team fields: the email domain
    ///    of at least half of its members (not guests, not bots; two at least), unless it is free mail.
    ///    The chosen team's members' own addresses outside the internal domains (free mail, another
    ///    domain) become ``Us/memberAddresses``: the Slack team decides, not the email's domain.
    /// The owner's email domain becomes internal unless it is a free-mail domain.
    public func infer() -> Us {
        var ids: Set<String> = []
        var domains: Set<String> = []
        var how: [String] = []
        var sent = sentLabelSenders
        for (k, v) in sentFolderSenders ?? [:] { sent[k, default: 0] += v }
        if !sent.isEmpty {
            let sorted = sent.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            let top = sorted[0].value
            for (k, v) in sorted where v * 10 >= top { ids.insert(k) }
            let source =
                sentLabelSenders.isEmpty
                ? "Sent mailbox"
                : (sentFolderSenders ?? [:]).isEmpty ? "Gmail Sent label" : "Gmail Sent label and Sent mailbox"
            how.append(source + ": " + ids.sorted().joined(separator: ", "))
        } else {
            // The dominant recipient first: in an inbox without its Sent folder the top sender is often a
            // notification system or one busy correspondent, while the owner receives nearly everything.
            // In a whole mailbox the owner is both, so the order only matters for inboxes.
            if let counts = recipients, let total = recipientMessages, total >= 2 {
                let sorted = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                if let first = sorted.first {
                    let second = sorted.count > 1 ? sorted[1].value : 0
                    if first.value * 2 >= total && first.value >= 2 * second {
                        ids.insert(first.key)
                        how.append("dominant recipient \(first.key) (\(first.value) of \(total) messages)")
                    }
                }
            }
            let mail = senders.filter { $0.key.contains("@") }
            let total = mail.values.reduce(0, +)
            let sorted = mail.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            if ids.isEmpty, let first = sorted.first, total > 0 {
                let second = sorted.count > 1 ? sorted[1].value : 0
                if first.value * 5 >= total && first.value >= 2 * second {
                    ids.insert(first.key)
                    how.append("dominant sender \(first.key) (\(first.value) of \(total) messages)")
                }
            }
        }
        for id in ids {
            if let at = id.lastIndex(of: "@") {
                let domain = String(id[id.index(after: at)...])
                if !FreeMail.isFreeMail(domain) { domains.insert(domain) }
            }
        }
        var teams: Set<String> = []
        var members: Set<String> = []
        // The biggest team, unless mail already says who we are: then the team our mail domain belongs
        // to, however small (a Slack Connect export with one member per side is a tie that the key order
        // used to break, making the customer "us" next to our own mail domain).
        let mailDomains = domains
        func ours(_ team: String) -> Bool {
            !mailDomains.isEmpty && slackTeamEmailDomains[team]?.keys.contains { mailDomains.contains($0) } == true
        }
        if let team = slackTeams.sorted(by: {
            ours($0.key) != ours($1.key)
                ? ours($0.key) : $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key
        }).first {
            teams.insert(team.key)
            var line = "Slack workspace team \(team.key)"
            if let d = slackTeamEmailDomains[team.key]?.sorted(by: {
                $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key
            }).first, !FreeMail.isFreeMail(d.key) {
                domains.insert(d.key)
                line += " (members' domain \(d.key))"
            }
            // Full members whose address is not on an internal domain (free mail, a contractor's own domain):
            // one of us by their team, in Slack and in their mail.
            for email in (slackTeamMemberEmails?[team.key] ?? [:]).keys {
                guard let at = email.lastIndex(of: "@") else { continue }
                if !domains.contains(String(email[email.index(after: at)...])) { members.insert(email) }
            }
            if !members.isEmpty {
                line += "; \(members.count) member address\(members.count == 1 ? "" : "es") outside it"
            }
            how.append(line)
        } else if let members = slackTeamEmailDomains[""] {
            let total = members.values.reduce(0, +)
            let top = members.filter { !FreeMail.isFreeMail($0.key) }
                .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.first
            if let top, top.value >= 2, top.value * 2 >= total {
                domains.insert(top.key)
                how.append(
                    "Slack workspace members' domain \(top.key) (\(top.value) of \(total) members with an email)")
            }
        }
        if ids.isEmpty && domains.isEmpty && teams.isEmpty && members.isEmpty {
            return Us(inferred: true, explanation: "could not infer who \"us\" is; pass --me or --internal-domain")
        }
        var explanation = "inferred from " + how.joined(separator: "; ")
        if !domains.isEmpty { explanation += "; internal domains: " + domains.sorted().joined(separator: ", ") }
        return Us(
            identities: ids, internalDomains: domains, slackTeams: teams, memberAddresses: members, inferred: true,
            explanation: explanation)
    }
}

/// Free-mail providers: their domains are never accounts or "internal" domains.
public enum FreeMail {
    public static let domains: Set<String> = [
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.co.uk", "live.com", "msn.com",
        "yahoo.com", "yahoo.co.uk", "yahoo.fr", "yahoo.de", "ymail.com", "aol.com", "icloud.com", "me.com",
        "mac.com", "proton.me", "protonmail.com", "pm.me", "gmx.com", "gmx.de", "gmx.net", "web.de",
        "mail.com", "yandex.ru", "yandex.com", "mail.ru", "qq.com", "163.com", "126.com", "naver.com",
        "zoho.com", "fastmail.com", "hey.com", "tutanota.com", "orange.fr", "free.fr", "t-online.de",
        "libero.it", "btinternet.com", "comcast.net", "verizon.net", "att.net", "sbcglobal.net",
    ]

    public static func isFreeMail(_ domain: String) -> Bool { domains.contains(domain.lowercased()) }
}
