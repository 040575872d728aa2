/// Who "us" is: the people and domains on our side of every relationship.
///
/// Given explicitly (`--me`, `--internal-domain`) or inferred from the input (the dominant sender of
/// a mailbox, Gmail's `Sent` label, a Slack export's own team). ``explanation`` says which, and every
/// report prints it.
public struct Us: Sendable, Hashable, Codable {
    /// Lower-cased email addresses and Slack user ids that are "me".
    public var identities: Set<String>
    /// Lower-cased domains whose people count as internal.
    public var internalDomains: Set<String>
    /// Slack team (workspace) ids, as the export writes them, whose members count as internal: a member
    /// without a profile email is known by their team only. Kept apart from the domains, which users read.
    public var slackTeams: Set<String>
    /// Lower-cased profile emails of full members of our Slack team whose domain is not internal (free
    /// mail, a contractor's own domain): ours in Slack and in mail, whatever the domain (a guest or another
    /// team's user is never one). Inferred only (``UsEvidence/infer()``); not encoded (the report's `us`
    /// block names teams and domains, not every member).
    public var memberAddresses: Set<String>
    /// Whether this was inferred rather than given.
    public var inferred: Bool
    /// One line saying what "us" is and how it was decided.
    public var explanation: String

    public init(
        identities: Set<String> = [], internalDomains: Set<String> = [], slackTeams: Set<String> = [],
        memberAddresses: Set<String> = [], inferred: Bool, explanation: String
    ) {
        self.identities = Set(identities.map { $0.lowercased() })
        self.internalDomains = Set(internalDomains.map { $0.lowercased() })
        self.slackTeams = slackTeams
        self.memberAddresses = Set(memberAddresses.map { $0.lowercased() })
        self.inferred = inferred
        self.explanation = explanation
    }

    public var isEmpty: Bool {
        identities.isEmpty && internalDomains.isEmpty && slackTeams.isEmpty && memberAddresses.isEmpty
    }

    /// Whether a participant is on our side.
    public func contains(_ p: Participant) -> Bool {
        if !identities.isEmpty && identities.contains(p.id.lowercasedIfNeeded()) { return true }
        if let email = p.email {
            // Empty sets are tested first: `contains` hashes the address even then (every message asks).
            if !identities.isEmpty && identities.contains(email) { return true }
            if !memberAddresses.isEmpty && memberAddresses.contains(email) { return true }
        }
        if p.isExternal == true { return false }
        if let domain = p.emailDomain, internalDomains.contains(domain) { return true }
        if let org = p.organization {
            if slackTeams.contains(org) || internalDomains.contains(org.lowercasedIfNeeded()) { return true }
        }
        return false
    }

    /// Direction of a message relative to us. When "us" is empty (not given and not inferable) every
    /// message is inbound: everyone is a contact, whatever the channel — a DM, a mention or a mail with
    /// recipients is not told apart from a channel post it cannot be placed against either.
    ///
    /// A mailing list among the recipients (``Participant/isList``) is not a person: our post to a list
    /// is outbound (to the thread's external authors, like a post into a shared channel), and a post to
    /// a list of ours — its address is ours, or its domain is an internal domain or a subdomain of one
    /// (`lists.example.com` for `example.com`) — is addressed to us.
    ///
    /// In a Slack channel (public or private, not a DM) the recipients are the people @-mentioned, and a
    /// mention is not the audience: the channel is. Our answer to a customer that mentions a colleague
    /// ("@Chloe can join") is outbound, and their post that cc's a colleague of theirs ("any update? cc
    /// @Yuri") is inbound, exactly as without the mention.
    ///
    /// Our mail with no recipient at all is a post whose recipients were not kept — a mailing-list archive
    /// (pipermail's `.txt` months keep From, Date and Subject only) or a Bcc-only send: outbound, to the
    /// thread's external authors like a post to a list (it used to be internal, so a vendor's every answer
    /// on its own user list vanished and each user read as never answered).
    public func classify(_ m: Message) -> Direction {
        if isEmpty { return .inbound }
        let fromUs = contains(m.from)
        if m.channel == .slackPublic || m.channel == .slackPrivate { return fromUs ? .outbound : .inbound }
        let recipients = m.to + m.cc
        if fromUs {
            if recipients.isEmpty {
                // Chat and tickets have no recipient list: from us into a shared channel is outbound; so is
                // our mail whose recipients were not kept (an archive's copy, a Bcc-only send).
                return m.channel == .ticketInternal ? .internal : .outbound
            }
            return recipients.contains(where: { $0.isList == true || !contains($0) }) ? .outbound : .internal
        }
        if recipients.isEmpty || recipients.contains(where: { $0.isList == true ? ownsList($0) : contains($0) }) {
            return .inbound
        }
        return .unknown
    }

    /// Whether a mailing list is ours: its address is one of ours, or its domain is an internal domain or a
    /// subdomain of one.
    public func ownsList(_ p: Participant) -> Bool {
        if contains(p) { return true }
        guard let domain = p.emailDomain else { return false }
        return internalDomains.contains { domain.hasSuffix("." + $0) }
    }

    /// JSON-friendly sorted view.
    public var sortedIdentities: [String] { identities.sorted() }
    public var sortedDomains: [String] { internalDomains.sorted() }
    public var sortedSlackTeams: [String] { slackTeams.sorted() }

    private enum CodingKeys: String, CodingKey {
        case identities, internalDomains = "internal_domains", slackTeams = "slack_teams", inferred, explanation
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            identities: try c.decode(Set<String>.self, forKey: .identities),
            internalDomains: try c.decode(Set<String>.self, forKey: .internalDomains),
            slackTeams: try c.decodeIfPresent(Set<String>.self, forKey: .slackTeams) ?? [],
            inferred: try c.decode(Bool.self, forKey: .inferred),
            explanation: try c.decode(String.self, forKey: .explanation))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sortedIdentities, forKey: .identities)
        try c.encode(sortedDomains, forKey: .internalDomains)
        if !slackTeams.isEmpty { try c.encode(sortedSlackTeams, forKey: .slackTeams) }
        try c.encode(inferred, forKey: .inferred)
        try c.encode(explanation, forKey: .explanation)
    }
}

extension String {
    /// `lowercased()`, returning the string itself (no new one) when it is ASCII with no capital letter:
    /// addresses and keys nearly always are, and they are lower-cased for every message.
    public func lowercasedIfNeeded() -> String {
        for b in utf8 where b >= 0x80 || b &- 0x41 < 26 { return lowercased() }
        return self
    }
}
