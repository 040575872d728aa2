import Foundation
import RapportCore
import RapportStorePostgres
import Testing

/// URL parsing, password hiding and connection errors: no server needed.
@Suite("History store: PostgreSQL URLs and connection errors")
struct PostgresURLTests {
    @Test func parsesTheURLForms() throws {
        let full = try PostgresURL("postgres://team:s3cret@db.example:6543/rapport?schema=sales_eu")
        #expect(full.user == "team")
        #expect(full.host == "db.example")
        #expect(full.port == 6543)
        #expect(full.database == "rapport")
        #expect(full.schema == "sales_eu")
        #expect(full.socketDirectory == nil)
        #expect(full.redacted == "postgres://team@db.example:6543/rapport?schema=sales_eu")

        let minimal = try PostgresURL("postgresql://localhost", environment: ["USER": "dana"])
        #expect(minimal.user == "dana")
        #expect(minimal.port == 5432)
        #expect(minimal.database == nil)
        #expect(minimal.schema == nil)

        let socket = try PostgresURL("postgres://postgres@/rapport_test?host=/tmp/pg&sslmode=disable")
        #expect(socket.socketDirectory == "/tmp/pg")
        #expect(socket.host == "localhost")
        #expect(socket.database == "rapport_test")

        #expect(PostgresURL.isURL("POSTGRES://x"))
        #expect(PostgresURL.isURL("postgresql://x"))
        #expect(!PostgresURL.isURL("/var/lib/rapport/history.sqlite"))
        #expect(!PostgresURL.isURL("postgres.sqlite"))
    }

    @Test func thePasswordIsNeverShown() throws {
        #expect(PostgresURL.redact("postgres://u:p%40ss@h:1/db") == "postgres://u@h:1/db")
        #expect(PostgresURL.redact("postgres://u@h/db") == "postgres://u@h/db")
        #expect(PostgresURL.redact("postgres://h/db?x=a:b@c") == "postgres://h/db?x=a:b@c")
        #expect(PostgresURL.redact("postgres://u:p:q@h") == "postgres://u@h")
        let url = try PostgresURL("postgres://team:s3cret@db.example/rapport")
        #expect(!"\(url)".contains("s3cret"))
        #expect(!String(reflecting: url).contains("s3cret"))
        var dumped = ""
        dump(url, to: &dumped)
        #expect(!dumped.contains("s3cret"))
    }

    @Test(arguments: [
        ("postgres://u:s3cret@h:99999/db", "the port must be 1…65535"),
        ("postgres://u:s3cret@h/db?schema=Bad-Name", "schema names may hold a-z, 0-9 and _ only"),
        ("postgres://u:s3cret@h/db?sslmode=require", "sslmode=require is not supported"),
        ("postgres://u:s3cret@h/db?host=relative/dir", "host= must be an absolute socket directory"),
        ("postgres://u:s3cret@h/db?colour=blue", "unknown URL parameter \"colour\""),
        ("postgres://u:s3cret@h/a/b", "the database name cannot contain"),
        ("postgres://u:s3cret@h:port/db", "not a PostgreSQL URL"),
    ])
    func malformedURLsAreClearErrors(url: String, message: String) {
        do {
            _ = try PostgresURL(url)
            Issue.record("expected an error for \(url)")
        } catch {
            #expect(error.code == .invalidConfiguration)
            #expect(error.message.contains(message), "\(error)")
            #expect(!error.description.contains("s3cret"), "\(error)")
            #expect(error.remedy != nil)
        }
    }

    /// Nothing listens on the port (we bind it ourselves and do not accept): a clear, typed error
    /// that names the URL without its password.
    @Test func aServerThatIsDownIsAClearError() throws {
        let port = try Self.closedPort()
        do {
            _ = try PostgresHistoryStore(url: "postgres://team:s3cret@127.0.0.1:\(port)/rapport")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .io)
            #expect(error.message.hasPrefix("cannot connect to PostgreSQL: connection failed"), "\(error)")
            #expect(error.file == "postgres://team@127.0.0.1:\(port)/rapport")
            #expect(!error.description.contains("s3cret"))
            #expect(error.remedy?.contains("server runs") == true)
        }
    }

    @Test func aMissingUnixSocketIsAClearError() {
        do {
            _ = try PostgresHistoryStore(url: "postgres://u@/db?host=/nonexistent-rapport-dir")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .io)
            #expect(error.message.contains("cannot connect to PostgreSQL"))
        }
    }

    /// A loopback port that refuses connections: bound (so nothing else takes it), then closed.
    static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        #expect(bound)
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
