import Dispatch
import Foundation
import RapportCore
import ZIPFoundation

/// Mail inside a `.zip`: Google Takeout's `takeout-….zip` (`Takeout/Mail/All mail Including Spam and
/// Trash.mbox`), or a zip of mailboxes, Apple Mail bundles, maildir folders or saved `.eml`/`.emlx` files,
/// or Outlook for Mac's `.olm` archive (one XML record per message, ``OLMMessage``).
///
/// Nothing is extracted to disk: each mail entry is inflated by a thread of its own into one end of a
/// socket pair, and the mbox reader reads the other end like a file (``ByteInput``), so memory stays at
/// the socket buffer whatever the entry's size. The zip-bomb limits of Slack exports apply: entry count,
/// per-entry expansion ratio (declared and actual) and unsafe paths (refused, counted).
enum MailZip {
    /// One mail entry of the archive.
    struct Entry: Sendable, Equatable {
        /// The entry's path inside the archive.
        var name: String
        /// One message per entry (`.eml`, `.emlx`, a maildir file) rather than an mbox.
        var single: Bool
        /// How messages from it are labelled.
        var source: SourceKind
    }

    /// What a zip holds, from its entry names.
    enum Content: Equatable {
        case slack
        case mail
        /// Slack's TXT export of one user's conversations (`channels/` or `dms/` entries of `.txt` files,
        /// no Slack metadata, no mail): refused with the way to the JSON export.
        case slackText
        case unknown
    }

    /// Slack export metadata files: a zip holding one is a Slack export.
    static let slackMarkers: Set<String> = [
        "users.json", "channels.json", "groups.json", "dms.json", "mpims.json", "integration_logs.json",
    ]

    /// Classifies a zip by its entry names; `nil` when it is not a readable zip.
    static func classify(_ path: String) -> Content? {
        guard let archive = try? open(path) else { return nil }
        var mail = false
        var dump = false
        var text = false
        for entry in archive where entry.type == .file {
            let name = SlackExportSource.entryName(entry)
            if name.hasPrefix("__MACOSX/") { continue }
            let parts = name.split(separator: "/")
            if let last = parts.last, slackMarkers.contains(String(last)) { return .slack }
            if !mail, kind(of: name) != nil { mail = true }
            // slackdump's conversation files (`slackdump dump` writes a zip by default).
            if !dump, SlackDump.isConversationFileName(name) { dump = true }
            // `channels/general.txt`, `dms/Ann Lee.txt` (under one top folder or not): a TXT export.
            if !text, parts.count >= 2, parts.count <= 3,
                parts[parts.count - 2] == "channels" || parts[parts.count - 2] == "dms",
                parts[parts.count - 1].lowercased().hasSuffix(".txt")
            {
                text = true
            }
        }
        return mail ? .mail : (dump ? .slack : (text ? .slackText : .unknown))
    }

    /// How an entry name is read as mail, or `nil` when it is not mail: `*.mbox`, `*.mbx`, an Apple Mail
    /// bundle's `mbox`, a file named like a Thunderbird folder is not guessed; `*.eml`, `*.emlx`, Outlook
    /// `*.msg`, Outlook for Mac's message records (`…/com.microsoft.__Messages/…/*.xml` in an `.olm`), and
    /// files in a maildir `cur/` or `new/` folder are single messages.
    static func kind(of name: String) -> Entry? {
        let parts = name.split(separator: "/")
        guard let last = parts.last?.lowercased() else { return nil }
        if last.hasPrefix(".") || last == "info.plist" { return nil }
        if last.hasSuffix(".mbox") || last.hasSuffix(".mbx") || last == "mbox" || last.hasSuffix(".mbox.gz") {
            return Entry(name: name, single: false, source: .mbox)
        }
        if last.hasSuffix(".eml") || last.hasSuffix(".emlx") || last.hasSuffix(".msg") || OLMMessage.isRecord(name) {
            return Entry(name: name, single: true, source: .eml)
        }
        if parts.count >= 2, parts[parts.count - 2] == "cur" || parts[parts.count - 2] == "new" {
            return Entry(name: name, single: true, source: .maildir)
        }
        return nil
    }

    /// The mail entries of an archive, in archive order, and the entries refused for unsafe paths.
    static func entries(
        _ path: String, limits: IngestLimits
    ) throws(RapportError) -> (
        mail: [Entry], refused: [(name: String, why: String)]
    ) {
        let archive = try open(path)
        var mail: [Entry] = []
        var refused: [(name: String, why: String)] = []
        var count = 0
        for entry in archive {
            count += 1
            try limits.checkZipEntryCount(count, file: path)
            // UTF-8 names without the zip's UTF-8 flag (Slack's exporter, many Windows tools) are read as
            // UTF-8, as for Slack exports (`SlackExportSource.entryName`); the same name keys `entry(_:in:path:)`.
            let name = SlackExportSource.entryName(entry)
            guard entry.type == .file, !name.hasPrefix("__MACOSX/"), let kind = kind(of: name) else {
                continue
            }
            if let why = SlackExportSource.unsafePathReason(name) {
                refused.append((name, why))
                continue
            }
            try limits.checkZipRatio(
                declared: Int64(clamping: entry.uncompressedSize), compressed: Int64(clamping: entry.compressedSize),
                entry: name, file: path)
            mail.append(kind)
        }
        return (mail, refused)
    }

    /// ZIPFoundation's error in words: its case names (`missingEndOfCentralDirectoryRecord`) are Swift
    /// identifiers, not messages.
    static func describe(_ error: any Error) -> String {
        let name = String(describing: error)
        if name == "missingEndOfCentralDirectoryRecord" {
            return "no end-of-archive record: the file is cut short or is not a zip"
        }
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return name }
        var words = ""
        for c in name {
            if c.isUppercase, !words.isEmpty { words.append(" ") }
            words.append(contentsOf: c.lowercased())
        }
        return words
    }

    static func open(_ path: String) throws(RapportError) -> Archive {
        do {
            return try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw RapportError(
                .malformedInput, "not a readable zip archive (\(describe(error)))", file: path,
                remedy: "download the archive again, or unzip it and give the folder")
        }
    }
}

/// One zip entry inflating on a thread of its own into a socket; ``readFD`` is the reading end.
///
/// The thread stops when the entry is done, when it fails (bad CRC, corrupt data, inflating past the
/// expansion limit: ``finish()`` tells why), or when the reader closes ``readFD`` early.
/// `@unchecked Sendable`: `failure` is written by the thread before it signals `done`, and read only
/// after waiting for `done`.
final class ZipEntryStream: @unchecked Sendable {
    /// The socket end the entry's bytes arrive on (closed by the reader).
    let readFD: Int32
    private let writeFD: Int32
    private let done = DispatchSemaphore(value: 0)
    private var failure: String?
    private var waited = false

    init(archive path: String, entry name: String, limits: IngestLimits) throws(RapportError) {
        var fds: [Int32] = [-1, -1]
        #if os(Linux)
            let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        #else
            let type = SOCK_STREAM
        #endif
        guard socketpair(AF_UNIX, type, 0, &fds) == 0 else {
            throw RapportError(.system, "socketpair failed (errno \(errno))", file: path)
        }
        readFD = fds[0]
        writeFD = fds[1]
        let writeFD = fds[1]
        let thread = Thread { [self] in
            failure = Self.pump(archive: path, entry: name, limits: limits, into: writeFD)
            close(writeFD)
            done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Waits for the extraction thread; the reason it failed, if it did (a reader that closed early is
    /// not a failure).
    func finish() -> String? {
        if !waited {
            done.wait()
            waited = true
        }
        return failure
    }

    /// Inflates the entry into `fd`; returns why it stopped early, or `nil`.
    private static func pump(
        archive path: String, entry name: String, limits: IngestLimits, into fd: Int32
    )
        -> String?
    {
        var readerGone = false
        let failure = extract(archive: path, entry: name, limits: limits) { raw in
            var off = 0
            while off < raw.count {
                #if os(Linux)
                    let flags = Int32(MSG_NOSIGNAL)
                #else
                    let flags: Int32 = 0
                #endif
                let n = send(fd, raw.baseAddress! + off, raw.count - off, flags)
                if n < 0 {
                    if errno == EINTR { continue }
                    readerGone = true
                    return false
                }
                off += n
            }
            return true
        }
        return readerGone ? nil : failure
    }

    /// Entries at most this large (declared uncompressed size) are inflated on the reading thread into
    /// memory (``small(archive:entry:limits:)``): a thread and a socket pair per saved message cost more
    /// than the message.
    static let smallEntryBytes: UInt64 = 1 << 20

    /// The whole entry inflated in memory when it declares at most ``smallEntryBytes`` (else nil), and
    /// why it stopped early, if it did (the zip-bomb cap counts the actual bytes, not the declared size).
    static func small(
        archive path: String, entry name: String, limits: IngestLimits
    ) -> (bytes: [UInt8], failure: String?)? {
        guard let archive = try? MailZip.open(path),
            let entry = ZipDirectoryCache.shared.entry(name, in: archive, path: path),
            entry.uncompressedSize <= smallEntryBytes
        else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(entry.uncompressedSize))
        let failure = extract(archive: path, entry: name, limits: limits, opened: (archive, entry)) { raw in
            bytes.append(contentsOf: raw)
            return true
        }
        return (bytes, failure)
    }

    /// Inflates the entry, handing each chunk to `sink` (false: stop, the reader is gone); returns why it
    /// stopped early (damage, CRC, the expansion cap), or `nil`.
    private static func extract(
        archive path: String, entry name: String, limits: IngestLimits, opened: (Archive, Entry)? = nil,
        sink: (UnsafeRawBufferPointer) -> Bool
    ) -> String? {
        let archive: Archive
        let entry: Entry
        if let opened {
            (archive, entry) = opened
        } else {
            guard let a = try? MailZip.open(path), let e = ZipDirectoryCache.shared.entry(name, in: a, path: path)
            else { return "the entry cannot be opened" }
            (archive, entry) = (a, e)
        }
        let cap = limits.zipEntryCap(compressed: Int64(clamping: entry.compressedSize))
        var written: Int64 = 0
        var stopped = false
        var overLimit = false
        do {
            // This form of `extract` computes the CRC but does not compare it with the entry's.
            // ZIPFoundation allocates and zeroes buffers of this size per extraction: small entries get
            // small buffers (256 KiB buffers were half of the instructions of reading 3 KB records).
            let bufferSize = Int(min(max(entry.compressedSize, entry.uncompressedSize, 1 << 12), 1 << 18))
            let crc = try archive.extract(entry, bufferSize: bufferSize, skipCRC32: false) { chunk in
                written += Int64(chunk.count)
                if written > cap {
                    overLimit = true
                    throw CocoaError(.fileReadTooLarge)
                }
                let more = chunk.withUnsafeBytes { sink($0) }
                if !more {
                    stopped = true
                    throw CocoaError(.fileWriteUnknown)
                }
            }
            if crc != entry.checksum { return "fails its CRC check (damaged archive); its messages may be wrong" }
        } catch {
            if stopped { return nil }
            if overLimit {
                return "inflates more than \(limits.maxZipExpansionRatio)× (zip bomb?); read up to the limit"
            }
            return "damaged (\(error)); read up to the damage"
        }
        return nil
    }
}

/// The central directory of the zip being read, by entry name: built once per archive instead of looked
/// up per entry. ZIPFoundation's `archive[name]` walks the directory from the start, so reading a zip of
/// n single-message entries (saved `.eml` files, an `.olm`'s records) cost n²/2 entry parses — 10 minutes
/// for 5,000 records. Only the most recent archive is kept (memory bounded by one directory), and a
/// ZIPFoundation `Entry` (offsets and sizes) is valid with any `Archive` opened on the same file.
final class ZipDirectoryCache: @unchecked Sendable {
    static let shared = ZipDirectoryCache()
    private let lock = NSLock()
    private var path: String?
    private var size: UInt64 = 0
    private var entries: [String: Entry] = [:]

    /// The first entry named `name` of the archive at `path` (`archive` is that archive, open).
    func entry(_ name: String, in archive: Archive, path: String) -> Entry? {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? UInt64) ?? 0
        lock.lock()
        defer { lock.unlock() }
        if self.path != path || self.size != size {
            var map: [String: Entry] = [:]
            for e in archive {
                let name = SlackExportSource.entryName(e)
                if map[name] == nil { map[name] = e }
            }
            entries = map
            self.path = path
            self.size = size
        }
        return entries[name]
    }
}
