import Foundation

/// The PostgreSQL server the store tests run against.
///
/// `RAPPORT_TEST_POSTGRES_URL` when set (`.ci/run` exports it after `.ci/postgres.sh start`). Otherwise
/// the tests start a throwaway server themselves with `.ci/postgres.sh start` (PostgreSQL must be
/// installed: the tests never install packages) on a port of their own, and stop it when the test
/// process exits. `RAPPORT_TEST_POSTGRES=off` skips that; without a server the PostgreSQL tests are
/// disabled with a visible reason and the reason for the failed start is printed on stderr.
enum TestServer {
    struct Started: Sendable {
        var url: String
        var port: Int
        var directory: String
    }

    /// The server's URL, or nil when there is none (the tests that need it are disabled).
    static var url: String? {
        if let given = ProcessInfo.processInfo.environment["RAPPORT_TEST_POSTGRES_URL"], !given.isEmpty {
            return given
        }
        return started?.url
    }

    /// The URL with `?schema=NAME` (a fresh schema isolates each test).
    static func url(schema: String) -> String? {
        url.map { $0 + ($0.contains("?") ? "&" : "?") + "schema=" + schema }
    }

    /// A new schema name, unique per call.
    static func freshSchema() -> String {
        "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The server this process started (once, on first use), or nil.
    static let started: Started? = start()

    private static func start() -> Started? {
        if ProcessInfo.processInfo.environment["RAPPORT_TEST_POSTGRES"] == "off" {
            note("RAPPORT_TEST_POSTGRES=off")
            return nil
        }
        let script = repositoryRoot.appendingPathComponent(".ci/postgres.sh").path
        guard FileManager.default.fileExists(atPath: script) else {
            note("\(script) not found")
            return nil
        }
        let pid = Int(getpid())
        let port = 41_000 + pid % 20_000
        let directory = "/tmp/rapport-pg-swifttest-\(pid)"
        let result = run(script, "start", port: port, directory: directory)
        guard result.status == 0, let line = result.stdout.split(separator: "\n").last, line.hasPrefix("postgres")
        else {
            note("`.ci/postgres.sh start` failed (status \(result.status)): \(result.stderr.suffix(400))")
            return nil
        }
        atexit {
            if let s = TestServer.started {
                _ = TestServer.run(
                    TestServer.repositoryRoot.appendingPathComponent(".ci/postgres.sh").path, "stop", port: s.port,
                    directory: s.directory)
            }
        }
        return Started(url: String(line), port: port, directory: directory)
    }

    private static func note(_ why: String) {
        FileHandle.standardError.write(Data("RapportStorePostgresTests: no PostgreSQL server: \(why)\n".utf8))
    }

    /// Runs `.ci/postgres.sh VERB` with its output in files, by posix_spawn + waitpid (Foundation's
    /// `Process.waitUntilExit` was seen to hang under the test runner on Linux).
    static func run(
        _ script: String, _ verb: String, port: Int, directory: String
    ) -> (status: Int32, stdout: String, stderr: String) {
        let out = directory + ".out"
        let err = directory + ".err"
        defer {
            unlink(out)
            unlink(err)
        }
        // Every value is ours (a number, /tmp paths, the script path): quoted for the shell all the same.
        func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let command =
            "PGPORT=\(port) RAPPORT_PG_DIR=\(quoted(directory)) RAPPORT_PG_NO_INSTALL=1 exec /bin/bash "
            + "\(quoted(script)) \(verb) </dev/null >\(quoted(out)) 2>\(quoted(err))"
        let argv = ["/bin/bash", "-c", command]
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/bash", nil, nil, &cArgs, environ)
        guard spawned == 0 else { return (-1, "", "posix_spawn failed: \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : -1
        let stdout = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: err, encoding: .utf8)) ?? ""
        return (code, stdout, stderr)
    }
}
