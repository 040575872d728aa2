import Foundation
public import RapportCore

/// Whole-file reads straight into a byte array: one `open`/`fstat`/`read` loop, no `Data` copy, and
/// nothing allocated for an empty file (Foundation's `FileManager.contents(atPath:)` leaks a small buffer
/// for empty files on Linux, which LeakSanitizer reports).
public enum FileBytes {
    /// Reads `path` completely. Files larger than `limit` bytes are refused with `.limitExceeded`.
    public static func read(_ path: String, limit: Int) throws(RapportError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw RapportError(.io, "file cannot be read", file: path, remedy: "check its permissions")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw RapportError(.io, "file cannot be inspected", file: path) }
        let size = Int(st.st_size)
        if size > limit {
            throw RapportError(.limitExceeded, "file larger than \(limit) bytes", file: path)
        }
        guard size > 0 else { return [] }
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buf, initialized in
            var done = 0
            guard let base = buf.baseAddress else { return initialized = 0 }
            while done < size {
                let n = Foundation.read(fd, base + done, size - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 {
                    if n < 0 { failure = errno }
                    break
                }
                done += n
            }
            initialized = done
        }
        if failure != 0 { throw RapportError(.io, "read failed (errno \(failure))", file: path) }
        return bytes
    }
}
