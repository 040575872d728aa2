/// Who the people reacting to a Slack message are, as far as the export knows them: the
/// `attributes["reactors"]` the Slack reader writes next to `attributes["reactions"]` (docs/slack.md).
///
/// The reactions attribute names the reacting users by id only; an id says nothing about the side a
/// user is on. The reader knows each user of `users.json` (or of an earlier `user_profile`): their
/// email, team and whether they are external. With that, the analysis places a reactor with
/// ``Us/contains(_:)`` exactly as it places an author, so a colleague who only ever reacts is ours
/// without `--me`.
///
/// Format: one item per known human reactor, sorted by id, separated by `;`; an item is
/// `id|email|organization|external` with `external` `1`, `0` or empty (unknown) and empty fields for
/// what is unknown, e.g. `U01|ann@vendor.example|vendor.example|0;U07||T0VENDOR|0`. Bots and users the
/// export does not describe are left out (a reactor without an item is placed by its id alone).
public enum SlackReactors {
    /// The attribute for these reactors (`nil` when none can be written). A participant whose fields
    /// hold `|` or `;` is left out rather than written ambiguously.
    public static func attribute(_ reactors: [Participant]) -> String? {
        let items = reactors.sorted(by: { $0.id < $1.id }).compactMap(item)
        return items.isEmpty ? nil : items.joined(separator: ";")
    }

    /// One participant's item (`id|email|organization|external`), or `nil` when it cannot be written
    /// unambiguously (an empty id, a field holding `|` or `;`). ``attribute(_:)`` joins the items of its
    /// participants, sorted by id, with `;`.
    public static func item(_ p: Participant) -> String? {
        let fields = [p.id, p.email ?? "", p.organization ?? ""]
        guard !p.id.isEmpty, !fields.contains(where: { $0.contains("|") || $0.contains(";") }) else { return nil }
        return fields.joined(separator: "|") + "|" + (p.isExternal.map { $0 ? "1" : "0" } ?? "")
    }

    /// The participants of an attribute, by lower-cased id (the analysis' identity key). Malformed items
    /// (not four fields, empty id) are skipped. Splits on UTF-8 bytes (`;` and `|` are ASCII).
    public static func participants(_ attribute: String) -> [String: Participant] {
        var out: [String: Participant] = [:]
        for item in attribute.utf8.split(separator: UInt8(ascii: ";")) {
            let f = item.split(separator: UInt8(ascii: "|"), omittingEmptySubsequences: false)
            guard f.count == 4, !f[0].isEmpty else { continue }
            let external: Bool? = f[3].elementsEqual("1".utf8) ? true : f[3].elementsEqual("0".utf8) ? false : nil
            let id = String(Substring(f[0]))
            out[id.lowercased()] = Participant(
                id: id, email: f[1].isEmpty ? nil : String(Substring(f[1])), displayName: "",
                organization: f[2].isEmpty ? nil : String(Substring(f[2])), isExternal: external)
        }
        return out
    }
}
