/// What tells two mail messages that carry one Message-ID apart (docs/mail.md, "Duplicates").
///
/// Copies of one message — Gmail Takeout's label copies, the Sent-folder copy and the copy a list delivered
/// back — share the Message-ID, the sender and the `Date:` header; distinct messages under one id (a script
/// or client that reuses ids, Roundcube's import test: three senders, one id) differ in one of them. The
/// fingerprint is a 64-bit FNV-1a of the sender's id, the date's instant (or "no date") and an unreadable
/// `Date:` header's text. It depends on the message alone, never on its file or position, so a shard and
/// a one-pass run give it the same value.
public enum CopyFingerprint {
    /// The fingerprint of a mail message with a Message-ID; `nil` for other messages.
    public static func of(_ m: Message) -> UInt64? {
        guard m.channel == .email, m.messageID != nil else { return nil }
        return of(fromID: m.from.id, date: m.date, dateText: m.attributes["date_text"])
    }

    /// The fingerprint of a message from `fromID` dated `date`, whose unreadable `Date:` header reads
    /// `dateText` (the header pass computes it before there is a ``Message``).
    public static func of(fromID: String, date: Timestamp?, dateText: String?) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ b: UInt8) {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        for b in fromID.utf8 { add(b) }
        add(0)
        if let d = date {
            // The instant's bytes (little-endian), not its decimal text: no String per message.
            withUnsafeBytes(of: d.seconds.littleEndian) { for b in $0 { add(b) } }
            withUnsafeBytes(of: d.microseconds.littleEndian) { for b in $0 { add(b) } }
            add(1)
        }
        add(0)
        if let text = dateText { for b in text.utf8 { add(b) } }
        return h
    }

    /// 16 lower-case hex digits.
    public static func hex(_ value: UInt64) -> String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    /// The id of a message whose Message-ID another, different message already took: `id#<hex>`.
    public static func distinctID(_ messageID: String, _ value: UInt64) -> String { messageID + "#" + hex(value) }

    /// `id` without the ``distinctID(_:_:)`` suffix of `value`, if it has it.
    public static func baseID(_ id: String, _ value: UInt64) -> Substring {
        // Compared in place (no suffix string built): this runs for every mail message the analysis adds.
        let utf8 = id.utf8
        guard utf8.count > 17, let hash = utf8.index(utf8.endIndex, offsetBy: -17, limitedBy: utf8.startIndex),
            utf8[hash] == UInt8(ascii: "#"), let digits = UInt64(id[id.index(after: hash)...], radix: 16),
            digits == value,
            id[id.index(after: hash)...].utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { return id[...] }
        return id[..<hash]
    }
}
