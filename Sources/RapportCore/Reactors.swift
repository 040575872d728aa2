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
    /// (not four fields, empty id) are skipped.
    public static func participants(_ attribute: String) -> [String: Participant] {
        var out: [String: Participant] = [:]
        for item in attribute.split(separator: ";") {
            let f = item.split(separator: "|", omittingEmptySubsequences: false)
            guard f.count == 4, !f[0].isEmpty else { continue }
            let external: Bool? = f[3] == "1" ? true : f[3] == "0" ? false : nil
            out[f[0].lowercased()] = Participant(
                id: String(f[0]), email: f[1].isEmpty ? nil : String(f[1]), displayName: "",
                organization: f[2].isEmpty ? nil : String(f[2]), isExternal: external)
        }
        return out
    }

    /// The distinct user ids of a reactions attribute (`name:user,user;…`: users follow each item's last
    /// `:`), in order of first appearance. Scans UTF-8 bytes (it runs for every Slack message with
    /// reactions); only the ids become `String`s.
    public static func users(ofReactions reactions: String) -> [String] {
        var out: [String] = []
        var text = reactions
        text.withUTF8 { b in
            let n = b.count
            var i = 0
            while i < n {
                var end = i  // the item is b[i..<end]
                while end < n && b[end] != UInt8(ascii: ";") { end += 1 }
                var u = end  // after the item's last ':'
                while u > i && b[u - 1] != UInt8(ascii: ":") { u -= 1 }
                if u > i {
                    while u < end {
                        var e = u
                        while e < end && b[e] != UInt8(ascii: ",") { e += 1 }
                        if e > u {
                            let id = String(decoding: UnsafeBufferPointer(rebasing: b[u..<e]), as: UTF8.self)
                            if !out.contains(id) { out.append(id) }
                        }
                        u = e + 1
                    }
                }
                i = end + 1
            }
        }
        return out
    }
}
