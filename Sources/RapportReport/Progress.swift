import Foundation

/// A progress line for long runs, written to stderr only when stderr is a terminal:
/// `files 3/12 · 41.2 MB / 160.0 MB · 18,204 msgs · 9,532 msg/s · ETA 0:12`.
///
/// The CLI feeds it from ingest callbacks (``advance(files:bytes:messages:)``); it redraws at most
/// every ``interval`` seconds with a carriage return, and ``finish()`` clears the line. The ETA comes
/// from bytes read against ``totalBytes`` (the planner's file sizes), when known. Thread-safe.
public final class ProgressReporter: @unchecked Sendable {
    /// Where lines go (default: stderr).
    public typealias Sink = @Sendable (String) -> Void

    public let totalFiles: Int?
    public let totalBytes: Int64?
    public let enabled: Bool
    public let interval: Double
    private let sink: Sink
    private let clock: @Sendable () -> Double
    private let lock = NSLock()
    private var files = 0
    private var bytes: Int64 = 0
    private var messages = 0
    private var started: Double
    private var lastDraw: Double = -.infinity
    private var drawn = false

    /// - Parameters:
    ///   - enabled: pass `isatty(2) != 0` (``ProgressReporter/stderrIsTerminal``); when false nothing is written.
    ///   - clock: seconds (monotonic); injectable for tests.
    public init(
        totalFiles: Int? = nil, totalBytes: Int64? = nil, enabled: Bool = ProgressReporter.stderrIsTerminal,
        interval: Double = 0.2, clock: @escaping @Sendable () -> Double = ProgressReporter.monotonicSeconds,
        sink: @escaping Sink = ProgressReporter.stderr
    ) {
        self.totalFiles = totalFiles
        self.totalBytes = totalBytes
        self.enabled = enabled
        self.interval = interval
        self.clock = clock
        self.sink = sink
        self.started = clock()
    }

    public static var stderrIsTerminal: Bool { isatty(2) != 0 }

    /// Writes to standard error, unbuffered.
    public static let stderr: Sink = { FileHandle.standardError.write(Data($0.utf8)) }

    public static let monotonicSeconds: @Sendable () -> Double = {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }

    /// Adds finished files, bytes read and messages emitted; redraws when due.
    public func advance(files: Int = 0, bytes: Int64 = 0, messages: Int = 0) {
        guard enabled else { return }
        lock.lock()
        self.files += files
        self.bytes += bytes
        self.messages += messages
        let now = clock()
        var line: String? = nil
        if now - lastDraw >= interval {
            lastDraw = now
            drawn = true
            line = "\r" + Self.line(state(now: now)) + "\u{1B}[K"
        }
        lock.unlock()
        if let line { sink(line) }
    }

    /// Clears the progress line (call before printing the report or an error).
    public func finish() {
        guard enabled else { return }
        lock.lock()
        let wasDrawn = drawn
        drawn = false
        lock.unlock()
        if wasDrawn { sink("\r\u{1B}[K") }
    }

    /// Total size in bytes of files and directories (recursively), for ``totalBytes``; unreadable
    /// entries count 0.
    public static func totalBytes(of paths: [String]) -> Int64 {
        let fm = FileManager.default
        var total: Int64 = 0
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else { continue }
            if !isDir.boolValue {
                total += (try? fm.attributesOfItem(atPath: path)[.size] as? NSNumber)??.int64Value ?? 0
                continue
            }
            guard let walker = fm.enumerator(atPath: path) else { continue }
            while let relative = walker.nextObject() as? String {
                let attributes = try? fm.attributesOfItem(atPath: path + "/" + relative)
                if attributes?[.type] as? FileAttributeType == .typeRegular {
                    total += (attributes?[.size] as? NSNumber)?.int64Value ?? 0
                }
            }
        }
        return total
    }

    /// A snapshot of the counters.
    public struct State: Sendable, Equatable {
        public var files: Int
        public var totalFiles: Int?
        public var bytes: Int64
        public var totalBytes: Int64?
        public var messages: Int
        public var elapsed: Double
    }

    public var current: State {
        lock.lock()
        defer { lock.unlock() }
        return state(now: clock())
    }

    private func state(now: Double) -> State {
        State(
            files: files, totalFiles: totalFiles, bytes: bytes, totalBytes: totalBytes, messages: messages,
            elapsed: now - started)
    }

    /// The text of one progress line (without control characters).
    public static func line(_ s: State) -> String {
        var parts: [String] = []
        parts.append("files " + String(s.files) + (s.totalFiles.map { "/" + String($0) } ?? ""))
        parts.append(Fmt.bytes(s.bytes) + (s.totalBytes.map { " / " + Fmt.bytes($0) } ?? ""))
        parts.append(grouped(s.messages) + " msgs")
        if s.elapsed > 0 {
            parts.append(grouped(Int((Double(s.messages) / s.elapsed).rounded())) + " msg/s")
            if let total = s.totalBytes, s.bytes > 0, total > s.bytes {
                let remaining = Double(total - s.bytes) / (Double(s.bytes) / s.elapsed)
                parts.append("ETA " + clockTime(remaining))
            }
        }
        return parts.joined(separator: " · ")
    }

    static func grouped(_ n: Int) -> String {
        let digits = Array(String(abs(n)))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return n < 0 ? "-" + out : out
    }

    /// `m:ss` or `h:mm:ss`.
    static func clockTime(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let t = Int(seconds.rounded(.up))
        let h = t / 3600
        let m = t % 3600 / 60
        let s = t % 60
        let ss = s < 10 ? "0\(s)" : "\(s)"
        if h > 0 { return "\(h):" + (m < 10 ? "0\(m)" : "\(m)") + ":" + ss }
        return "\(m):" + ss
    }
}
