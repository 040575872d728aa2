/// One user's reactions to one used message, in ``PartialAggregate``'s side table (only for messages
/// with reactions; the author's own reactions are not kept).
struct Reactor: Sendable, Hashable {
    /// Interned identity key of the reacting user (the lower-cased Slack user id).
    var key: Int32
    /// One of their reactions acknowledges (``Reactions/acknowledgements``).
    var acknowledges: Bool
    /// The user is one of ours: one of our identities (`--me`), or placed on our side by what the export
    /// knows of them (``SlackReactors``: team, email).
    var ours: Bool
    /// The export places the user on the other side (``SlackReactors``: another team, a guest, an
    /// outside email): an outsider even when they never wrote.
    var theirs: Bool = false
}

/// What the reactions on one of a contact's events say about that relationship (bits, computed after
/// identity resolution by `Analyzer.contactEvents`).
enum ReactionBits {
    /// Our message: the contact reacted to it.
    static let byThem: UInt8 = 1
    /// Our message: one of the contact's reactions acknowledges it (``Reactions/acknowledgements``).
    static let acknowledgedByThem: UInt8 = 2
    /// Their message: one of us reacted to it.
    static let byUs: UInt8 = 4
}
