import RapportCore

/// The mailboxes inside a tar stream (Google Takeout's `.tgz` parts: `Takeout/Mail/All mail Including
/// Spam and Trash.mbox` among Drive files and photos), read as one mbox stream.
///
/// Entries are walked in order without buffering any: the data of each `.mbox`/`.mbx` entry (and an
/// Apple Mail bundle's `mbox`) is passed through, a blank line between two mailboxes so the next one's
/// first `From ` line starts a message; every other entry is skipped. Names come from ustar
/// (`prefix/name`), pax extended headers (`path`, `size` — large files) and GNU long-name entries; sizes
/// in octal or base-256. ``member(at:)`` maps an offset of the stream back to its member, so locators
/// read `archive.tgz!member` with the offset inside the member.
final class TarMail {
    /// The tar header that was read to recognize the stream.
    init(firstHeader: [UInt8]) {
        pendingHeader = firstHeader
    }

    /// True when `block` (512 bytes) is a tar header: `ustar` magic and a matching checksum.
    static func isHeader(_ block: [UInt8]) -> Bool {
        guard block.count >= 512 else { return false }
        guard block[257] == 0x75, block[258] == 0x73, block[259] == 0x74, block[260] == 0x61, block[261] == 0x72
        else { return false }
        return checksumMatches(block)
    }

    /// Why the stream is not what was expected (truncated, no mailbox inside), if so.
    private(set) var problem: String?
    /// Names of the mailbox entries passed through.
    private(set) var mailboxes: [String] = []
    /// Where each mailbox entry starts in the stream of mailboxes (ascending), parallel to ``mailboxes``.
    private(set) var starts: [Int64] = []
    /// Bytes of the stream of mailboxes handed out so far.
    private var delivered: Int64 = 0

    private var pendingHeader: [UInt8]?
    private var remaining: Int64 = 0
    private var padding: Int64 = 0
    private var deliver = false
    private var separator = 0
    private var nextPath: String?
    private var nextSize: Int64?
    private var done = false
    private var scratch = [UInt8](repeating: 0, count: 1 << 16)

    /// Maximum size of a pax extended header or GNU long name read into memory.
    private static let maxMetaBytes: Int64 = 1 << 20

    /// Reads up to `count` bytes of mailbox data into `dst`, pulling the tar stream from `source`
    /// (a read function returning 0 at the end); 0 at the end of the mailboxes.
    func read(
        into dst: UnsafeMutablePointer<UInt8>, count: Int,
        from source: (UnsafeMutablePointer<UInt8>, Int) throws(RapportError) -> Int
    ) throws(RapportError) -> Int {
        while !done {
            if remaining > 0 {
                if deliver {
                    if separator > 0 {
                        let n = min(separator, count)
                        for k in 0..<n { dst[k] = 0x0A }
                        separator -= n
                        delivered += Int64(n)
                        return n
                    }
                    let n = try source(dst, Int(min(Int64(count), remaining)))
                    if n == 0 { return finish(truncated: true) }
                    remaining -= Int64(n)
                    delivered += Int64(n)
                    return n
                }
                guard try skip(remaining, source) else { return finish(truncated: true) }
                remaining = 0
                continue
            }
            if padding > 0 {
                guard try skip(padding, source) else { return finish(truncated: true) }
                padding = 0
                continue
            }
            let header: [UInt8]
            if let pending = pendingHeader {
                header = pending
                pendingHeader = nil
            } else {
                guard let block = try readExactly(512, source) else { return finish(truncated: true) }
                header = block
            }
            if header.allSatisfy({ $0 == 0 }) { return finish(truncated: false) }
            guard Self.checksumMatches(header), let size = Self.size(header) else {
                problem = "tar stream damaged (a header fails its checksum); mailboxes read up to there"
                return finish(truncated: false)
            }
            let type = header[156]
            switch type {
            case 0x78, 0x4C:  // 'x' pax extended header, 'L' GNU long name: about the next entry.
                guard size <= Self.maxMetaBytes, let meta = try readExactly(Int(size), source) else {
                    return finish(truncated: true)
                }
                if type == 0x4C {
                    nextPath = String(decoding: meta.prefix { $0 != 0 }, as: UTF8.self)
                } else {
                    applyPax(meta)
                }
                padding = Self.paddingFor(size)
                continue
            case 0x30, 0x00, 0x37:  // regular file
                let name = nextPath ?? Self.name(header)
                let entrySize = nextSize ?? size
                nextPath = nil
                nextSize = nil
                remaining = entrySize
                padding = Self.paddingFor(entrySize)
                deliver = false
                if let kind = MailZip.kind(of: name), !kind.single, !name.lowercased().hasSuffix(".gz"),
                    SlackExportSource.unsafePathReason(name) == nil, !name.hasPrefix("__MACOSX/")
                {
                    deliver = true
                    separator = mailboxes.isEmpty ? 0 : 2
                    mailboxes.append(name)
                    starts.append(delivered + Int64(separator))
                }
            default:  // directories, links, global pax headers, devices: skip their data
                nextPath = nil
                nextSize = nil
                remaining = size
                padding = Self.paddingFor(size)
                deliver = false
            }
        }
        return 0
    }

    /// The mailbox entry holding stream offset `offset` and where that entry starts, if any.
    func member(at offset: Int64) -> (name: String, start: Int64)? {
        // The last entry starting at or before `offset` (binary search; starts ascend).
        var lo = 0
        var hi = starts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if starts[mid] <= offset { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? nil : (mailboxes[lo - 1], starts[lo - 1])
    }

    private func finish(truncated: Bool) -> Int {
        done = true
        if truncated && problem == nil { problem = "tar stream is truncated; mailboxes read up to the end" }
        if mailboxes.isEmpty && problem == nil {
            problem = "no mailbox in this tar archive (no .mbox entry; Takeout's mail is under Takeout/Mail)"
        }
        return 0
    }

    private func skip(
        _ count: Int64, _ source: (UnsafeMutablePointer<UInt8>, Int) throws(RapportError) -> Int
    )
        throws(RapportError) -> Bool
    {
        var left = count
        return try scratch.withUnsafeMutableBufferPointer { (buf) throws(RapportError) -> Bool in
            while left > 0 {
                let n = try source(buf.baseAddress!, Int(min(left, Int64(buf.count))))
                if n == 0 { return false }
                left -= Int64(n)
            }
            return true
        }
    }

    private func readExactly(
        _ count: Int, _ source: (UnsafeMutablePointer<UInt8>, Int) throws(RapportError) -> Int
    )
        throws(RapportError) -> [UInt8]?
    {
        var out = [UInt8](repeating: 0, count: count)
        var got = 0
        try out.withUnsafeMutableBufferPointer { (buf) throws(RapportError) in
            while got < count {
                let n = try source(buf.baseAddress! + got, count - got)
                if n == 0 { return }
                got += n
            }
        }
        return got == count ? out : nil
    }

    /// pax records: `LEN key=value\n`; `path` and `size` apply to the next entry.
    private func applyPax(_ meta: [UInt8]) {
        var i = 0
        while i < meta.count {
            var len = 0
            var j = i
            // A record is never longer than the header; more digits than that are damage (and
            // would overflow).
            while j < meta.count, meta[j] >= 0x30, meta[j] <= 0x39, len <= meta.count {
                len = len * 10 + Int(meta[j] - 0x30)
                j += 1
            }
            guard len > 0, i + len <= meta.count, j < meta.count, meta[j] == 0x20 else { return }
            let record = meta[(j + 1)..<(i + len)]
            if let eq = record.firstIndex(of: 0x3D) {
                let key = String(decoding: record[record.startIndex..<eq], as: UTF8.self)
                var value = record[(eq + 1)...]
                if value.last == 0x0A { value = value.dropLast() }
                if key == "path" { nextPath = String(decoding: value, as: UTF8.self) }
                if key == "size", let n = Int64(String(decoding: value, as: UTF8.self)), n >= 0 { nextSize = n }
            }
            i += len
        }
    }

    private static func paddingFor(_ size: Int64) -> Int64 { (512 - size % 512) % 512 }

    /// `prefix/name` (ustar) or `name`.
    private static func name(_ h: [UInt8]) -> String {
        let name = String(decoding: h[0..<100].prefix { $0 != 0 }, as: UTF8.self)
        let prefix = String(decoding: h[345..<500].prefix { $0 != 0 }, as: UTF8.self)
        return prefix.isEmpty ? name : prefix + "/" + name
    }

    /// The size field: octal, or base-256 (GNU, high bit set) for files of 8 GB and more.
    private static func size(_ h: [UInt8]) -> Int64? {
        let field = h[124..<136]
        if field.first! & 0x80 != 0 {
            var v: Int64 = Int64(field.first! & 0x7F)
            for b in field.dropFirst() {
                guard v < Int64.max >> 8 else { return nil }
                v = v << 8 | Int64(b)
            }
            return v
        }
        var v: Int64 = 0
        var seen = false
        for b in field {
            if b == 0x20 || b == 0 {
                if seen { break } else { continue }
            }
            guard b >= 0x30, b <= 0x37, v < Int64.max >> 3 else { return nil }
            v = v << 3 | Int64(b - 0x30)
            seen = true
        }
        return v
    }

    /// The header checksum: the sum of its bytes with the checksum field read as spaces (unsigned, or
    /// signed as some old tars wrote it).
    private static func checksumMatches(_ h: [UInt8]) -> Bool {
        var stored = 0
        for b in h[148..<156] where b >= 0x30 && b <= 0x37 { stored = stored << 3 | Int(b - 0x30) }
        var unsigned = 0
        var signed = 0
        for (k, b) in h.prefix(512).enumerated() {
            let v = (148..<156).contains(k) ? 0x20 : b
            unsigned += Int(v)
            signed += Int(Int8(bitPattern: v))
        }
        return stored == unsigned || stored == signed
    }
}
