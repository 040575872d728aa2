/// A person (or bot) taking part in a conversation.
public struct Participant: Sendable, Hashable, Codable {
    /// The identity key within its source: a lower-cased email address, a Slack user id (`U123`),
    /// or a ticket author key (`ticket:<name>` when no address is known).
    public var id: String
    /// Lower-cased email address when known (from mail, a Slack profile, or a ticket), linking sources.
    public var email: String?
    /// Human name as shown by the source (decoded).
    public var displayName: String
    /// Organization: the email domain, the Slack team id, or the ticket organization.
    public var organization: String?
    /// True when the source itself marks the person as external (e.g. Slack Connect).
    public var isExternal: Bool?
    /// True for a mailing list's or group's posting address among a mail's recipients (the mail reader
    /// sets it from `List-Post:`): a distribution address, never a contact (see ``Us/classify(_:)``).
    public var isList: Bool?

    public init(
        id: String, email: String? = nil, displayName: String = "", organization: String? = nil,
        isExternal: Bool? = nil, isList: Bool? = nil
    ) {
        self.id = id
        self.email = email
        self.displayName = displayName
        self.organization = organization
        self.isExternal = isExternal
        self.isList = isList
    }

    /// A participant from an email address: id and email are the lower-cased address,
    /// organization is its domain.
    public static func email(_ address: String, name: String = "") -> Participant {
        let lower = address.lowercased()
        let domain = lower.split(separator: "@", omittingEmptySubsequences: false).last.map(String.init)
        return Participant(
            id: lower, email: lower.contains("@") ? lower : nil, displayName: name,
            organization: lower.contains("@") ? domain : nil)
    }

    /// The domain part of `email`, if any.
    public var emailDomain: String? {
        guard let email, let at = AtSign.last(in: email) else { return nil }
        return String(email[email.index(after: at)...])
    }
}

/// The "@" of an address, found on its bytes when it is ASCII (there every `Character` is one byte, so it
/// is the same index as `lastIndex(of: "@")`, without grapheme breaking); readers and the analysis ask it
/// of every message's participants.
public enum AtSign {
    /// `address.lastIndex(of: "@")`.
    public static func last(in address: String) -> String.Index? {
        guard address.utf8.allSatisfy({ $0 < 0x80 }) else { return address.lastIndex(of: "@") }
        return address.utf8.lastIndex(of: 0x40)
    }

    /// `address.firstIndex(of: "@")`.
    public static func first(in address: String) -> String.Index? {
        guard address.utf8.allSatisfy({ $0 < 0x80 }) else { return address.firstIndex(of: "@") }
        return address.utf8.firstIndex(of: 0x40)
    }
}
