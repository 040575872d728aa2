import Foundation

/// Timing helpers: every entry runs `repeats` times in the same process and reports the median.
enum Harness {
    /// Wall-clock and CPU seconds of each run.
    struct Runs {
        var wall: [Double] = []
        var cpu: [Double] = []
    }

    /// Runs `body` `repeats` times, timing each run with `ContinuousClock` (wall) and `getrusage`
    /// (user + system CPU of this process, or of waited-for children when `children` is true). CPU
    /// time is the steadier number on a loaded machine; wall time is what a user waits.
    static func time(repeats: Int, children: Bool = false, _ body: () throws -> Void) rethrows -> Runs {
        let clock = ContinuousClock()
        var runs = Runs()
        for _ in 0..<max(1, repeats) {
            let cpu0 = cpuSeconds(children: children)
            let elapsed = try clock.measure { try body() }
            runs.cpu.append(cpuSeconds(children: children) - cpu0)
            runs.wall.append(seconds(elapsed))
        }
        return runs
    }

    static func cpuSeconds(children: Bool) -> Double {
        var u = rusage()
        #if os(Linux)
            getrusage(children ? RUSAGE_CHILDREN.rawValue : RUSAGE_SELF.rawValue, &u)
        #else
            getrusage(children ? RUSAGE_CHILDREN : RUSAGE_SELF, &u)
        #endif
        return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6 + Double(u.ru_stime.tv_sec)
            + Double(u.ru_stime.tv_usec) / 1e6
    }

    static func seconds(_ d: Duration) -> Double {
        let c = d.components
        return Double(c.seconds) + Double(c.attoseconds) / 1e18
    }

    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        if s.isEmpty { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// One result line: name, median wall seconds and MB/s, median CPU seconds and MB/s
    /// (1 MB = 10^6 bytes). Returns (wall MB/s, CPU MB/s).
    static func report(_ name: String, bytes: Int, runs: Runs, extra: String = "") -> (wall: Double, cpu: Double) {
        let wall = median(runs.wall)
        let cpu = median(runs.cpu)
        let wallMBps = Double(bytes) / 1e6 / wall
        let cpuMBps = Double(bytes) / 1e6 / cpu
        let line =
            name.padding(toLength: 34, withPad: " ", startingAt: 0)
            + "wall " + fixed(wall, 3) + " s " + fixed(wallMBps, 1).leftPadded(7) + " MB/s   cpu "
            + fixed(cpu, 3) + " s " + fixed(cpuMBps, 1).leftPadded(7) + " MB/s"
            + (extra.isEmpty ? "" : "   " + extra)
        print(line)
        return (wallMBps, cpuMBps)
    }

    static func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }

    static func grouped(_ n: Int) -> String {
        let s = String(n)
        var out = ""
        for (i, c) in s.enumerated() {
            if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }

    /// Runs an external command with stdout/stderr sent to /dev/null (posix_spawn, so the cost
    /// measured is the command's, not Foundation's `Process` set-up); returns its exit status.
    static func run(_ executable: String, _ arguments: [String]) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) }
        defer { argv.forEach { free($0) } }
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv + [nil]
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, nil, &cArgs, environ)
        if rc != 0 { throw BenchError("posix_spawn \(executable) failed: errno \(rc)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { throw BenchError("waitpid failed: errno \(errno)") }
        }
        return (status >> 8) & 0xFF
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

/// Deterministic PRNG (SplitMix64): the same seed gives the same input file on every machine.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
