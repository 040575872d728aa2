import Foundation
import PostgresNIO
public import RapportCore

/// A parsed `postgres://` / `postgresql://` connection URL.
///
/// Form: `postgres://user[:password]@host[:port]/database[?schema=name][&host=/socket/dir]`. `?host=` with
/// an absolute directory connects through the server's unix socket in that directory (as libpq does);
/// `?schema=` keeps Rapport's tables in that schema (created if missing) instead of `public`.
/// `sslmode=disable` is the only TLS mode supported (the default); any other mode is refused so that
/// a URL that asks for TLS never silently connects without it.
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The user (default: `$USER`, else `postgres`).
    public var user: String
    /// The password, if the URL has one. Never part of ``redacted``.
    var password: String?
    /// Host name or address (`localhost` when the URL has none).
    public var host: String
    /// TCP port (default 5432); also names the unix socket file.
    public var port: Int
    /// The database (default: the user name, as PostgreSQL does).
    public var database: String?
    /// The unix socket directory (`?host=/dir`), or nil for TCP.
    public var socketDirectory: String?
    /// The schema for Rapport's tables (`?schema=`), or nil for the server default (`public`).
    public var schema: String?
    /// The URL without its password: what the store shows as its location and in errors.
    public var redacted: String

    /// The URL without its password (also what `print` and `dump` show).
    public var description: String { redacted }
    public var debugDescription: String { redacted }
    public var customMirror: Mirror { Mirror(self, children: ["redacted": redacted]) }

    /// Whether `s` names a PostgreSQL server (`postgres://` or `postgresql://`, any case) rather than
    /// an SQLite file.
    public static func isURL(_ s: String) -> Bool {
        let lower = s.prefix(13).lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// `s` with the password (between `user:` and `@`) removed; works on malformed URLs too.
    public static func redact(_ s: String) -> String {
        guard let scheme = s.range(of: "://") else { return s }
        let rest = s[scheme.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@"),
            let colon = rest[..<at].firstIndex(of: ":")
        else { return s }
        return String(s[..<colon]) + String(s[at...])
    }

    /// Parses `url`; errors name the URL without its password.
    public init(_ url: String, environment: [String: String]? = nil) throws(RapportError) {
        let environment = environment ?? ProcessInfo.processInfo.environment
        let shown = Self.redact(url)
        func invalid(_ message: String, _ remedy: String) -> RapportError {
            RapportError(.invalidConfiguration, message, file: shown, remedy: remedy)
        }
        let form = "use postgres://user[:password]@host[:port]/database"
        guard Self.isURL(url), let c = URLComponents(string: url) else {
            throw invalid("not a PostgreSQL URL", form)
        }
        if let port = c.port, !(1...65535).contains(port) {
            throw invalid("the port must be 1…65535", form)
        }
        let items = c.queryItems ?? []
        for item in items where !["schema", "host", "sslmode"].contains(item.name) {
            throw invalid("unknown URL parameter \"\(item.name)\"", "use schema=, host=/socket/dir or sslmode=disable")
        }
        func item(_ name: String) -> String? { items.last { $0.name == name }?.value }
        if let mode = item("sslmode"), mode != "disable" {
            throw invalid(
                "sslmode=\(mode) is not supported (this build connects without TLS)",
                "use sslmode=disable on a trusted network, or tunnel the connection (ssh -L)")
        }
        let schema = item("schema")
        if let schema,
            schema.isEmpty || schema.utf8.count > 63
                || !schema.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F })
        {
            throw invalid("schema names may hold a-z, 0-9 and _ only (at most 63)", "use ?schema=rapport_team")
        }
        let socket = item("host")
        if let socket, !socket.hasPrefix("/") {
            throw invalid("host= must be an absolute socket directory", "use ?host=/var/run/postgresql")
        }
        let user = c.user.flatMap { $0.isEmpty ? nil : $0 } ?? environment["USER"] ?? "postgres"
        let path = c.path.hasPrefix("/") ? String(c.path.dropFirst()) : c.path
        if path.contains("/") { throw invalid("the database name cannot contain \"/\"", form) }
        self.user = user
        password = c.password
        host = c.host.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        port = c.port ?? 5432
        database = path.isEmpty ? nil : path
        socketDirectory = socket
        self.schema = schema
        redacted = shown
    }

    /// The postgres-nio configuration (TLS disabled, see the type's notes).
    var configuration: PostgresConnection.Configuration {
        if let dir = socketDirectory {
            let file = (dir.hasSuffix("/") ? dir : dir + "/") + ".s.PGSQL.\(port)"
            return .init(unixSocketPath: file, username: user, password: password, database: database)
        }
        return .init(host: host, port: port, username: user, password: password, database: database, tls: .disable)
    }
}
