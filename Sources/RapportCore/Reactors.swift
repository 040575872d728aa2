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
    /// (not four fields, empty id) are skipped. Reads the UTF-8 bytes in place (`;` and `|` are ASCII).
    public static func participants(_ attribute: String) -> [String: Participant] {
        var out: [String: Participant] = [:]
        var attribute = attribute
        attribute.withUTF8 { b in
            var start = 0
            while start < b.count {
                var end = start
                while end < b.count && b[end] != UInt8(ascii: ";") { end += 1 }
                defer { start = end + 1 }
                // Exactly four fields: the positions of the three `|`.
                var bars = (0, 0, 0)
                var found = 0
                for k in start..<end where b[k] == UInt8(ascii: "|") {
                    found += 1
                    if found == 1 { bars.0 = k } else if found == 2 { bars.1 = k } else if found == 3 { bars.2 = k }
                }
                guard found == 3, bars.0 > start else { continue }
                func field(_ from: Int, _ to: Int) -> String? {
                    to > from ? String(decoding: UnsafeBufferPointer(rebasing: b[from..<to]), as: UTF8.self) : nil
                }
                let flag = UnsafeBufferPointer(rebasing: b[(bars.2 + 1)..<end])
                let external: Bool? =
                    flag.count == 1 && flag[0] == UInt8(ascii: "1")
                    ? true : flag.count == 1 && flag[0] == UInt8(ascii: "0") ? false : nil
                let id = field(start, bars.0)!
                out[id.lowercasedIfNeeded()] = Participant(
                    id: id, email: field(bars.0 + 1, bars.1), displayName: "",
                    organization: field(bars.1 + 1, bars.2), isExternal: external)
            }
        }
        return out
    }
}
