/// A typed error with the context needed to find the problem: what went wrong, where (file, byte
/// offset or line, message id), and what to do. Descriptions never include message bodies or
/// addresses.
public struct RapportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Broad category; the CLI maps it to an exit status.
    public enum Code: String, Sendable, Hashable, Codable {
        /// A path does not exist or cannot be read.
        case missingInput = "missing-input"
        /// The input's format is not one Rapport reads (or not the one forced).
        case unknownFormat = "unknown-format"
        /// The input is malformed beyond recovery.
        case malformedInput = "malformed-input"
        /// A safety limit was exceeded (size, depth, count, expansion ratio).
        case limitExceeded = "limit-exceeded"
        /// A configuration, lexicon or profile file is invalid.
        case invalidConfiguration = "invalid-configuration"
        /// An I/O failure while reading or writing.
        case io
        /// A failure inside a system library (ICU, libxml2, zlib, SQLite).
        case system
    }

    public var code: Code
    public var message: String
    public var file: String?
    public var byteOffset: Int64?
    public var line: Int?
    public var messageID: String?
    /// What the user can do about it.
    public var remedy: String?

    public init(
        _ code: Code, _ message: String, file: String? = nil, byteOffset: Int64? = nil, line: Int? = nil,
        messageID: String? = nil, remedy: String? = nil
    ) {
        self.code = code
        self.message = message
        self.file = file
        self.byteOffset = byteOffset
        self.line = line
        self.messageID = messageID
        self.remedy = remedy
    }

    public var description: String {
        var where_: [String] = []
        if let file { where_.append(file) }
        if let line { where_.append("line \(line)") }
        if let byteOffset { where_.append("byte \(byteOffset)") }
        if let messageID { where_.append("message \(messageID)") }
        var s = where_.isEmpty ? "" : where_.joined(separator: ", ") + ": "
        s += message
        if let remedy { s += " (" + remedy + ")" }
        return s
    }
}
