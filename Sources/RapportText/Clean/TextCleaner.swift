/// The author's own words, separated from quoted replies, signatures and disclaimers.
public struct CleanedText: Sendable, Hashable {
    /// What the author wrote in this message.
    public var text: String
    /// Unicode scalars of quoted / forwarded text removed.
    public var quotedChars: Int
    /// Unicode scalars of signature / disclaimer / mobile footer removed.
    public var signatureChars: Int
    /// A mobile footer ("Sent from my iPhone") was present.
    public var hasMobileFooter: Bool
    /// The signature block that was removed (for title parsing), if any.
    public var signature: String?

    public init(
        text: String, quotedChars: Int = 0, signatureChars: Int = 0, hasMobileFooter: Bool = false,
        signature: String? = nil
    ) {
        self.text = text
        self.quotedChars = quotedChars
        self.signatureChars = signatureChars
        self.hasMobileFooter = hasMobileFooter
        self.signature = signature
    }
}

/// Separates the author's words from quoted replies ("On … wrote:", `>` runs, Outlook headers, in
/// several languages), signatures (`-- `, mobile footers) and legal disclaimers. Used for mail,
/// ticket entries and Slack messages alike.
public enum TextCleaner {
    /// Cleans plain text (already decoded, `\n` line ends).
    public static func clean(_ text: String) -> CleanedText {
        // Minimal first version: drop `>` quote lines. The mail work replaces this.
        var own: [Substring] = []
        var quoted = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(">") {
                quoted += line.unicodeScalars.count + 1
            } else {
                own.append(line)
            }
        }
        return CleanedText(text: own.joined(separator: "\n"), quotedChars: quoted)
    }
}
