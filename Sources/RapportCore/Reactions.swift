/// Slack reactions as the reader and the analysis read them: who reacted to a message, and whether the
/// reaction acknowledges it (docs/dynamics.md, "Reactions"). The one scanner of the reactions attribute.
///
/// The Slack reader stores a message's reactions as `attributes["reactions"]` =
/// `name:user,user;name:user…` (docs/slack.md). A reaction name may carry a skin tone
/// (`+1::skin-tone-2`); the users follow the last `:` of each item.
public enum Reactions {
    /// Reaction names that acknowledge a message ("done", "agreed", "thanks"): from the other side on a
    /// message of ours that asks something, they answer it for reply-rate and open-item purposes (not for
    /// latency: exports carry no reaction time). 👀 (`eyes`), 👎 and the rest are engagement only.
    public static let acknowledgements: [String] = [
        "+1", "thumbsup", "white_check_mark", "heavy_check_mark", "ballot_box_with_check", "ok_hand", "ok",
        "raised_hands", "pray", "saluting_face",
    ]

    static let acknowledgementBytes: [[UInt8]] = acknowledgements.map { Array($0.utf8) }

    /// Whether a reaction name (skin tone ignored: `+1::skin-tone-3` is `+1`) acknowledges.
    public static func isAcknowledgement(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { isAcknowledgement($0[...]) }
    }

    static func isAcknowledgement(_ name: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        // The base name ends at a skin-tone suffix "::".
        var end = name.endIndex
        var i = name.startIndex
        while i + 1 < name.endIndex {
            if name[i] == UInt8(ascii: ":") && name[i + 1] == UInt8(ascii: ":") {
                end = i
                break
            }
            i += 1
        }
        let base = name[name.startIndex..<end]
        return acknowledgementBytes.contains { $0.elementsEqual(base) }
    }

    /// The distinct reacting users of a reactions attribute, in order of first appearance, each with
    /// whether any of their reactions acknowledges. Items without a `:` and empty user ids are skipped.
    public static func reactors(_ attribute: String) -> [(user: String, acknowledges: Bool)] {
        var out: [(user: String, acknowledges: Bool)] = []
        var attribute = attribute
        attribute.withUTF8 { bytes in
            forEachUser(in: bytes) { name, userBytes in
                let ack = isAcknowledgement(name)
                let user = String(decoding: userBytes, as: UTF8.self)
                if let k = out.firstIndex(where: { $0.user == user }) {
                    if ack { out[k].acknowledges = true }
                } else {
                    out.append((user, ack))
                }
            }
        }
        return out
    }

    /// Calls `body` with the reaction name and the bytes of each user id of a reactions attribute, in order
    /// (a user of several reactions comes once per reaction). Items without a `:` and empty user ids are
    /// skipped. The scan every reader of the attribute shares, on its UTF-8 bytes.
    public static func forEachUser(
        in bytes: UnsafeBufferPointer<UInt8>,
        _ body: (_ name: Slice<UnsafeBufferPointer<UInt8>>, _ user: UnsafeBufferPointer<UInt8>) -> Void
    ) {
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: ";") { end += 1 }
            // Users follow the item's last ':'.
            var colon = end - 1
            while colon >= start && bytes[colon] != UInt8(ascii: ":") { colon -= 1 }
            if colon >= start {
                var u = colon + 1
                while u < end {
                    var v = u
                    while v < end && bytes[v] != UInt8(ascii: ",") { v += 1 }
                    if v > u { body(bytes[start..<colon], UnsafeBufferPointer(rebasing: bytes[u..<v])) }
                    u = v + 1
                }
            }
            start = end + 1
        }
    }
}
