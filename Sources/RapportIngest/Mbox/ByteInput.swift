import CRapportZlib
import Foundation
import RapportCore

/// A sequential byte stream read in chunks: a plain file (`read(2)`), a zip entry inflating on another
/// thread (``ZipEntryStream``), or either holding a gzip stream (zlib inflate, auto-detected header,
/// concatenated members supported); a file holding a tar archive yields the mailboxes inside it.
/// Memory is the chunk buffers only.
final class ByteInput {
    private let fd: Int32
    private let path: String
    private let gzip: Bool
    private var stream = z_stream()
    private var inBuf: UnsafeMutablePointer<UInt8>
    private let inCap = 1 << 18
    private var zDone = false
    private var inflateReady = false
    /// Inside a gzip member (its end not reached yet): the input ending here means it was truncated.
    private var inMember = false
    /// Compressed or plain bytes read from the file.
    private(set) var fileBytes: Int64 = 0
    /// The zip entry being read, if any (kept alive while its socket is read).
    private let zipStream: ZipEntryStream?
    /// A small zip entry inflated in memory (no socket), and why its inflating stopped early, if it did.
    private var memory: [UInt8]?
    private var memoryPos = 0
    private var memoryFailure: String?
    /// Why the input ended early or is not what it seems (corrupt gzip or zip data, a zip entry past the
    /// limits, a tar archive without mailboxes), if so.
    private(set) var damage: String?
    /// Set when the input is a tar archive (plain or gzip'd, such as a Takeout `.tgz`).
    private var tar: TarMail?
    /// The bytes read to look for a tar header, handed out first when there is none.
    private var lookahead: [UInt8] = []
    private var lookaheadPos = 0

    init(path: String) throws(RapportError) {
        self.path = path
        fd = open(path, O_RDONLY)
        if fd < 0 {
            throw RapportError(.missingInput, "file cannot be opened", file: path, remedy: "check its permissions")
        }
        inBuf = UnsafeMutablePointer<UInt8>.allocate(capacity: inCap)
        zipStream = nil
        var magic: [UInt8] = [0, 0]
        let n = pread(fd, &magic, 2, 0)
        gzip = n == 2 && magic[0] == 0x1F && magic[1] == 0x8B
        try startInflate()
        try sniffTar()
    }

    /// Reads one entry of a zip archive (`path`), inflated on another thread; a `.gz` entry is also
    /// gunzipped.
    init(zip path: String, entry: String, limits: IngestLimits) throws(RapportError) {
        self.path = path + "!" + entry
        if let (bytes, failure) = ZipEntryStream.small(archive: path, entry: entry, limits: limits) {
            // A small entry (a saved message) is inflated here, into memory.
            memory = bytes
            memoryFailure = failure
            zipStream = nil
            fd = -1
        } else {
            let stream = try ZipEntryStream(archive: path, entry: entry, limits: limits)
            zipStream = stream
            fd = stream.readFD
        }
        inBuf = UnsafeMutablePointer<UInt8>.allocate(capacity: inCap)
        gzip = entry.lowercased().hasSuffix(".gz")
        try startInflate()
    }

    private func startInflate() throws(RapportError) {
        if gzip {
            let rc = inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
            if rc != Z_OK {
                if fd >= 0 { close(fd) }
                inBuf.deallocate()
                throw RapportError(.system, "zlib could not start inflating", file: path)
            }
            inflateReady = true
        }
    }

    deinit {
        if inflateReady { inflateEnd(&stream) }
        if fd >= 0 { close(fd) }
        inBuf.deallocate()
    }

    /// Reads up to `count` bytes of the file or zip entry itself; 0 at its end (where a zip entry's
    /// extraction thread is waited for and its failure, if any, recorded as ``damage``).
    private func rawRead(into dst: UnsafeMutablePointer<UInt8>, count: Int) throws(RapportError) -> Int {
        if let memory {
            let n = min(count, memory.count - memoryPos)
            if n > 0 {
                memory.withUnsafeBufferPointer { dst.update(from: $0.baseAddress! + memoryPos, count: n) }
                memoryPos += n
            } else if let memoryFailure {
                damage = memoryFailure
            }
            fileBytes += Int64(n)
            return n
        }
        while true {
            let n = Foundation.read(fd, dst, count)
            if n < 0 {
                if errno == EINTR { continue }
                throw RapportError(.io, "read failed (errno \(errno))", file: path)
            }
            if n == 0, let zipStream, let failure = zipStream.finish() {
                damage = failure
            }
            fileBytes += Int64(n)
            return n
        }
    }

    /// Reads up to `count` bytes into `dst`; 0 at the end of input. A tar archive yields the mailboxes
    /// inside it (``TarMail``).
    func read(into dst: UnsafeMutablePointer<UInt8>, count: Int) throws(RapportError) -> Int {
        if let tar {
            let n = try tar.read(into: dst, count: count) { (p, c) throws(RapportError) in
                try decoded(into: p, count: c)
            }
            if n == 0, damage == nil, let problem = tar.problem { damage = problem }
            return n
        }
        if lookaheadPos < lookahead.count {
            let n = min(count, lookahead.count - lookaheadPos)
            lookahead.withUnsafeBufferPointer { dst.update(from: $0.baseAddress! + lookaheadPos, count: n) }
            lookaheadPos += n
            return n
        }
        return try decoded(into: dst, count: count)
    }

    /// For a tar archive: the mailbox member holding offset `offset` of the stream and where it starts.
    func tarMember(at offset: Int64) -> (name: String, start: Int64)? { tar?.member(at: offset) }

    /// The first 512 bytes: a tar header switches to reading the archive's mailboxes; anything else is
    /// handed out again by ``read(into:count:)``.
    private func sniffTar() throws(RapportError) {
        var block = [UInt8](repeating: 0, count: 512)
        var got = 0
        try block.withUnsafeMutableBufferPointer { (buf) throws(RapportError) in
            while got < 512 {
                let n = try decoded(into: buf.baseAddress! + got, count: 512 - got)
                if n == 0 { break }
                got += n
            }
        }
        block.removeLast(512 - got)
        if TarMail.isHeader(block) { tar = TarMail(firstHeader: block) } else { lookahead = block }
    }

    /// The file's bytes, gunzipped when gzip.
    private func decoded(into dst: UnsafeMutablePointer<UInt8>, count: Int) throws(RapportError) -> Int {
        if !gzip { return try rawRead(into: dst, count: count) }
        if zDone { return 0 }
        stream.next_out = dst
        stream.avail_out = UInt32(count)
        while stream.avail_out == UInt32(count) {
            if stream.avail_in == 0 {
                let n = try rawRead(into: inBuf, count: inCap)
                if n == 0 {
                    zDone = true
                    if inMember && damage == nil { damage = "compressed data is truncated; read up to the end" }
                    break
                }
                inMember = true
                stream.next_in = inBuf
                stream.avail_in = UInt32(n)
            }
            let rc = inflate(&stream, Z_NO_FLUSH)
            if rc == Z_STREAM_END {
                // Concatenated gzip members: reset and go on if more input follows.
                inMember = false
                if stream.avail_in > 0 || peekMore() {
                    inflateReset(&stream)
                    inMember = true
                } else {
                    zDone = true
                    break
                }
            } else if rc == Z_BUF_ERROR {
                if stream.avail_in == 0 { continue }
                break
            } else if rc != Z_OK {
                // Corrupt or truncated compressed data: deliver what was inflated, then stop.
                zDone = true
                if damage == nil { damage = "compressed data is corrupt or truncated; read up to the damage" }
                break
            }
        }
        return count - Int(stream.avail_out)
    }

    private func peekMore() -> Bool {
        guard let n = try? rawRead(into: inBuf, count: inCap), n > 0 else { return false }
        stream.next_in = inBuf
        stream.avail_in = UInt32(n)
        return true
    }
}

/// Splits a byte stream into lines without copying more than a buffer: each line is handed out as a
/// buffer pointer (valid until the next call) with its absolute offset. Lines longer than the buffer
/// are delivered in pieces (`complete == false` for all but the last).
final class LineReader {
    private let input: ByteInput
    private var buf: UnsafeMutablePointer<UInt8>
    private let cap: Int
    private var start = 0
    private var end = 0
    private var eof = false
    /// Absolute offset of `buf[start]` in the (decompressed) stream.
    private(set) var offset: Int64 = 0

    init(input: ByteInput, capacity: Int = 1 << 20) {
        self.input = input
        cap = max(capacity, 4096)
        buf = UnsafeMutablePointer<UInt8>.allocate(capacity: cap)
    }

    deinit { buf.deallocate() }

    /// The last three bytes consumed (newest in `last0`), to tell whether a line follows a blank line.
    private var last0: UInt8 = 0x0A
    private var last1: UInt8 = 0x0A
    private var last2: UInt8 = 0x0A

    @inline(__always) private func track(_ p: UnsafeMutablePointer<UInt8>, _ len: Int) {
        if len >= 3 {
            last2 = p[len - 3]
            last1 = p[len - 2]
            last0 = p[len - 1]
        } else {
            for k in 0..<len {
                last2 = last1
                last1 = last0
                last0 = p[k]
            }
        }
    }

    /// Whether the consumed bytes end with a blank line (or nothing was consumed yet).
    private var afterBlankLine: Bool {
        last0 == 0x0A && (last1 == 0x0A || (last1 == 0x0D && last2 == 0x0A))
    }

    /// Skips ahead to the next line that starts with `From ` (or the end of input), without handing
    /// out the lines in between; returns the bytes skipped and whether the line before was blank.
    /// Used by the header-only pass, where body lines matter only as possible separators.
    func skipToFromLine() throws(RapportError) -> (skipped: Int, prevBlank: Bool) {
        var skipped = 0
        while true {
            var pos = start
            while end - pos >= 5 {
                if buf[pos] == 0x46 && buf[pos + 1] == 0x72 && buf[pos + 2] == 0x6F && buf[pos + 3] == 0x6D
                    && buf[pos + 4] == 0x20
                {
                    break
                }
                guard let nl = memchr(buf + pos, 0x0A, end - pos) else { break }
                pos = UnsafeMutablePointer<UInt8>(nl.assumingMemoryBound(to: UInt8.self)) - buf + 1
            }
            // `pos` is at a line start: consume the whole lines before it at once.
            let lines = pos - start
            skipped += lines
            consume(lines)
            if end - pos >= 5 && buf[pos] == 0x46 && buf[pos + 1] == 0x72 && buf[pos + 2] == 0x6F
                && buf[pos + 3] == 0x6D && buf[pos + 4] == 0x20
            {
                return (skipped, afterBlankLine)
            }
            if eof { return (skipped, afterBlankLine) }
            // Keep the partial line (at most 4 bytes or an incomplete line) and refill.
            if start > 0 {
                if end > start { memmove(buf, buf + start, end - start) }
                end -= start
                start = 0
            }
            if end == cap {
                // A huge line without a newline: hand it to next().
                return (skipped, afterBlankLine)
            }
            let n = try input.read(into: buf + end, count: cap - end)
            if n == 0 { eof = true } else { end += n }
        }
    }

    /// Complete body lines from the current position that need no per-line handling (see
    /// ``MboxSplitter/canBulk``): it stops before a line that starts with `F` (a possible separator) or
    /// `>` (a possible `>From ` escape), a line ending in CRLF, an incomplete line, or `maxBytes`. The
    /// span is consumed and valid until the next call; `blankEnd` tells whether its last line is blank.
    func plainBodyLines(maxBytes: Int) -> (lines: UnsafeBufferPointer<UInt8>, blankEnd: Bool)? {
        var pos = start
        var blankEnd = false
        while pos < end {
            let c = buf[pos]
            if c == 0x46 || c == 0x3E { break }
            guard let nl = memchr(buf + pos, 0x0A, end - pos) else { break }
            let e = UnsafeMutablePointer<UInt8>(nl.assumingMemoryBound(to: UInt8.self)) - buf + 1
            if e - pos >= 2 && buf[e - 2] == 0x0D { break }
            if e - start > maxBytes { break }
            blankEnd = e - pos == 1
            pos = e
        }
        let n = pos - start
        guard n > 0 else { return nil }
        let span = UnsafeBufferPointer(start: UnsafePointer(buf + start), count: n)
        consume(n)
        return (span, blankEnd)
    }

    private func consume(_ n: Int) {
        guard n > 0 else { return }
        track(buf + start, n)
        start += n
        offset += Int64(n)
    }

    /// The next line (including its `\n`, if any), its offset, and whether it is complete.
    func next() throws(RapportError) -> (line: UnsafeBufferPointer<UInt8>, offset: Int64, complete: Bool)? {
        while true {
            if start < end {
                let p = buf + start
                if let nl = memchr(p, 0x0A, end - start) {
                    let len = UnsafeMutablePointer<UInt8>(nl.assumingMemoryBound(to: UInt8.self)) - p + 1
                    let line = UnsafeBufferPointer(start: p, count: len)
                    let off = offset
                    track(p, len)
                    start += len
                    offset += Int64(len)
                    return (line, off, true)
                }
                if eof || (start == 0 && end == cap) {
                    let len = end - start
                    let line = UnsafeBufferPointer(start: p, count: len)
                    let off = offset
                    track(p, len)
                    start = end
                    offset += Int64(len)
                    return (line, off, eof)
                }
            } else if eof {
                return nil
            }
            // Compact and refill.
            if start > 0 {
                if end > start { memmove(buf, buf + start, end - start) }
                end -= start
                start = 0
            }
            let n = try input.read(into: buf + end, count: cap - end)
            if n == 0 { eof = true } else { end += n }
        }
    }
}
