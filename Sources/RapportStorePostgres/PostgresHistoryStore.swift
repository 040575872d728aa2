import Foundation
import PostgresNIO
public import RapportCore
public import RapportStore

/// The history store on a PostgreSQL server, shared by a team; the embedded SQLite ``HistoryStore``
/// stays the default. Same interface (``HistoryStoring``) and the same rules: a message is stored once
/// per ``HistoryStore/sourceKey(_:)`` (a `UNIQUE` column and `INSERT … ON CONFLICT DO NOTHING`), each
/// import batch is one transaction, reads come in one deterministic order. Several workers (processes
/// or threads, each with its own store instance) can import overlapping inputs at once: nothing is
/// lost or stored twice, and the per-import new/duplicate counts add up to what is stored. Each batch
/// is inserted in source-key order (bytewise), so concurrent batches take their row locks in one order
/// and cannot deadlock.
///
/// Bridging: postgres-nio is asynchronous, ``HistoryStoring`` is synchronous. Every call sends its
/// query on the connection's event loop (postgres-nio's shared NIO event-loop group, whose threads run
/// only network I/O) and blocks the calling thread with `EventLoopFuture.wait()` until the result is
/// there. That is safe from the main thread and from any other thread that is not one of NIO's event
/// loops (ours never call back into the store), including Swift concurrency's cooperative threads: the
/// work completes on NIO's threads, so a blocked caller can never be what it waits for. A
/// semaphore-bridged `Task` was rejected because it needs a free cooperative thread to finish, which a
/// blocked cooperative caller may be holding (a deadlock on a 2-core machine).
///
/// One connection per instance; calls on one instance are serialized by a lock (a transaction never
/// interleaves with another call's queries). Tables are prefixed `rapport_`, created on first use
/// under an advisory lock, in `?schema=` when the URL names one. A broken connection is not re-opened:
/// the failing call throws and the caller opens a new store.
public final class PostgresHistoryStore: HistoryStoring {
    /// The connection URL without its password.
    public let location: String
    /// The parsed URL.
    public let url: PostgresURL
    let connection: PostgresConnection
    let logger: Logger
    private let lock = NSLock()

    /// Whether a `--store` value names a PostgreSQL server rather than an SQLite file.
    public static func isURL(_ s: String) -> Bool { PostgresURL.isURL(s) }

    /// Connects to `url` (see ``PostgresURL``) and creates the tables if they are missing.
    /// Errors (a malformed URL, a refused connection, failed authentication, a missing database) are
    /// ``RapportError``s that name the URL without its password.
    public convenience init(url: String) throws(RapportError) {
        try self.init(url: try PostgresURL(url))
    }

    /// Connects to `url` and creates the tables if they are missing.
    public init(url: PostgresURL) throws(RapportError) {
        self.url = url
        location = url.redacted
        var logger = Logger(label: "rapport.store.postgres")
        logger.logLevel = .critical
        self.logger = logger
        do {
            connection = try PostgresConnection.connect(
                on: PostgresConnection.defaultEventLoopGroup.any(), configuration: url.configuration,
                id: 1, logger: logger
            ).wait()
        } catch {
            let (code, why, remedy) = Self.explain(error)
            throw RapportError(
                code, "cannot connect to PostgreSQL: \(why)", file: url.redacted,
                remedy: remedy ?? "check that the server runs and that the URL (user, host, port, database) is right")
        }
        do {
            try migrate()
        } catch {
            closeAndWait()
            throw error
        }
    }

    deinit { closeAndWait() }

    /// Closes the connection and waits for it (postgres-nio requires a connection to be closed before
    /// it is released). Off an event loop, as every caller of this store is, that is a short wait; on
    /// one (never expected) it only starts the close, since waiting there would deadlock.
    private func closeAndWait() {
        let closing: EventLoopFuture<Void> = connection.close()
        if !connection.eventLoop.inEventLoop { try? closing.wait() }
    }

    /// Closes the connection now (otherwise it closes when the store is released).
    public func close() {
        lock.lock()
        defer { lock.unlock() }
        let closing: EventLoopFuture<Void> = connection.close()
        try? closing.wait()
    }

    // MARK: Plumbing

    /// Runs `body` holding the instance's lock; any error becomes a ``RapportError`` saying what failed.
    func guarded<T>(_ what: String, _ body: () throws -> T) throws(RapportError) -> T {
        lock.lock()
        defer { lock.unlock() }
        do {
            return try body()
        } catch let error as RapportError {
            throw error
        } catch {
            let (code, why, remedy) = Self.explain(error)
            throw RapportError(code, "history store: \(what) failed: \(why)", file: location, remedy: remedy)
        }
    }

    /// Sends one query and waits for all its rows (see the type's notes on bridging).
    @discardableResult
    func query(_ q: PostgresQuery) throws -> PostgresQueryResult {
        try connection.query(q, logger: logger).wait()
    }

    /// Runs one SQL statement as given (no parameters); for maintenance and tests.
    func execute(unsafeSQL sql: String) throws(RapportError) {
        try guarded("running a statement") { _ = try query(PostgresQuery(unsafeSQL: sql)) }
    }

    /// Runs `body` in a transaction: BEGIN … COMMIT, ROLLBACK when it throws.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try query("BEGIN")
        do {
            let value = try body()
            try query("COMMIT")
            return value
        } catch {
            _ = try? query("ROLLBACK")
            throw error
        }
    }

    /// A category, a one-line reason and a remedy for a postgres-nio error. Never includes the
    /// password (postgres-nio errors do not carry it).
    static func explain(_ error: any Error) -> (RapportError.Code, String, String?) {
        guard let p = error as? PSQLError else { return (.system, "\(error)", nil) }
        if let info = p.serverInfo {
            let message = info[.message] ?? "server error"
            let state = info[.sqlState] ?? ""
            let why = state.isEmpty ? message : "\(message) (SQLSTATE \(state))"
            switch state {
            case "28P01", "28000":
                return (.invalidConfiguration, why, "check the user and the password in the URL")
            case "3D000":
                return (.invalidConfiguration, why, "create the database (createdb NAME) or fix the URL")
            case "42501":
                return (.invalidConfiguration, why, "grant the user rights on the database or schema")
            case "53300":
                return (.io, why, "the server has too many connections: try again, or raise max_connections")
            default:
                return (.system, why, nil)
            }
        }
        switch p.code {
        case .connectionError:
            let cause = p.underlying.map { "\($0)" } ?? "no connection"
            return (.io, "connection failed: \(cause)", "check that the server runs and the URL's host and port")
        case .authMechanismRequiresPassword:
            return (
                .invalidConfiguration, "the server asks for a password and the URL has none",
                "use postgres://user:password@host/database"
            )
        case .unsupportedAuthMechanism:
            return (.invalidConfiguration, "the server asks for an authentication method postgres-nio lacks", nil)
        case .sslUnsupported:
            return (.invalidConfiguration, "the server does not support TLS", nil)
        case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
            return (.io, "the connection to the server was closed (\(p.code))", "check the server, then try again")
        default:
            return (.system, "\(p.code)", nil)
        }
    }
}
