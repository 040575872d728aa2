import Foundation
import RapportCore
import ZIPFoundation

/// The files of a Slack export, from an unzipped folder or straight from the `.zip` (nothing is
/// extracted to disk: each entry is inflated into memory when it is read, one at a time).
///
/// Paths are relative to the export root (`users.json`, `general/2020-01-02.json`); for a zip whose
/// files sit under one top folder, that folder is the root.
///
/// `@unchecked Sendable`: after `init` only ``read(_:)`` mutates (the inflated-bytes counter), and the
/// reader calls it from one thread at a time (the pipeline's worker, once the metadata was read).
final class SlackExportSource: @unchecked Sendable {
    /// What the user gave (for locators and errors).
    let path: String
    let isZip: Bool
    /// Relative paths of the JSON files, sorted.
    private(set) var files: [String] = []
    private var folderRoot = ""
    private var archive: Archive?
    private var entries: [String: Entry] = [:]
    private var limits: IngestLimits
    private var inflatedTotal: Int64 = 0
    /// Zip entries refused (unsafe paths), with a reason; the reader counts and reports them.
    private(set) var refused: [(String, String)] = []
    /// The workspace roots of the export: `""`, and for an Enterprise Grid export each
    /// `teams/<workspace>/` folder (a workspace's own metadata and conversation folders), sorted.
    private(set) var roots: [String] = [""]
    /// slackdump conversation files (`slackdump dump`: a JSON object with `channel_id` and `messages`) at
    /// the top of the folder, or the one file given: full paths, sorted. See ``register(_:real:)``.
    private(set) var dumpFiles: [String] = []
    /// slackdump's channel lists beside them (`channels.json`, `channels-<team>.json`: every kind of
    /// conversation, with `is_im`/`is_mpim`/`is_private`), full paths, sorted.
    private(set) var dumpChannelLists: [String] = []
    /// Virtual paths of slackdump files (`slackdump:<id>/000.json`, `users.json` for a
    /// `users-<team>.json`) → the real file.
    private var aliases: [String: String] = [:]

    init(path: String, isDirectory: Bool, limits: IngestLimits) throws(RapportError) {
        self.path = path
        self.limits = limits
        let dumpFile = !isDirectory && Ingestor.slackJSONKind(Ingestor.head(path)) == .dump
        self.isZip = !isDirectory && !dumpFile
        if isDirectory {
            try listFolder()
        } else if dumpFile {
            listDumpFile()
        } else {
            try openZip()
        }
    }

    /// Display form of a file for locators: `export/general/2020-01-02.json` or `export.zip!general/…`
    /// (a slackdump file: its own path).
    func locator(_ rel: String) -> String {
        if let real = aliases[rel] { return isZip ? path + "!" + real : real }
        return isZip ? path + "!" + rel : (path.hasSuffix("/") ? path + rel : path + "/" + rel)
    }

    /// Whether `rel` is a slackdump conversation file (a JSON object, not a day file's array).
    func isDump(_ rel: String) -> Bool { rel.hasPrefix(Self.dumpFolderPrefix) && aliases[rel] != nil }

    /// The prefix of the virtual folder of a slackdump conversation (`slackdump:C0123`): Slack names
    /// hold no `:`, so it cannot be an export's folder.
    static let dumpFolderPrefix = "slackdump:"

    /// Adds a virtual file `rel` read from `real` (before the conversations are read).
    func register(_ rel: String, real: String) {
        aliases[rel] = real
        if let at = files.firstIndex(where: { $0 >= rel }) {
            if files[at] != rel { files.insert(rel, at: at) }
        } else {
            files.append(rel)
        }
    }

    func contains(_ rel: String) -> Bool {
        if aliases[rel] != nil { return true }
        if isZip { return entries[rel] != nil }
        // `files` is sorted: a binary search (a Grid export looks up each workspace's metadata files).
        var lo = 0
        var hi = files.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if files[mid] < rel { lo = mid + 1 } else { hi = mid }
        }
        return lo < files.count && files[lo] == rel
    }

    // MARK: Folder

    private func listFolder() throws(RapportError) {
        let fm = FileManager.default
        guard let top = try? fm.contentsOfDirectory(atPath: path) else {
            throw RapportError(.io, "directory cannot be read", file: path, remedy: "check its permissions")
        }
        folderRoot = path.hasSuffix("/") ? path : path + "/"
        var result: [String] = []
        for name in top where !name.hasPrefix(".") {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: folderRoot + name, isDirectory: &isDir) else { continue }
            if isDir.boolValue {
                // A nested export is read as an input of its own (``Ingestor/nestedSlackExports(in:)``).
                if Ingestor.detectDirectory(folderRoot + name) == .slack { continue }
                // `teams/<workspace>/` folders (Enterprise Grid); a channel named `teams` still has its
                // day files read below (a conversation folder holds no folders).
                if name == Self.gridTeams { listGridTeams(into: &result) }
                guard let inner = try? fm.contentsOfDirectory(atPath: folderRoot + name) else { continue }
                for f in inner where f.hasSuffix(".json") && !f.hasPrefix(".") { result.append(name + "/" + f) }
            } else if name.hasSuffix(".json") {
                result.append(name)
                if !Self.exportMetadata.contains(name) { sniffDumpSide(folderRoot + name, name: name) }
            }
        }
        files = result.sorted()
        finishDumpListing()
    }

    /// A lone slackdump conversation file, with the users and channel lists of its folder.
    private func listDumpFile() {
        let dir = (path as NSString).deletingLastPathComponent
        folderRoot = dir.isEmpty ? "./" : (dir.hasSuffix("/") ? dir : dir + "/")
        dumpFiles = [path]
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: folderRoot)) ?? []).sorted()
        where name.hasSuffix(".json") && !name.hasPrefix(".") {
            if name == "users.json" {
                files.append(name)
            } else if Self.isList(name, "channels") {
                dumpChannelLists.append(folderRoot + name)
            } else if Self.isList(name, "users") {
                sniffDumpSide(folderRoot + name, name: name)
            }
        }
        finishDumpListing()
    }

    /// The metadata files of a Slack export (never slackdump conversation files).
    static let exportMetadata: Set<String> = [
        "users.json", "org_users.json", "channels.json", "groups.json", "dms.json", "mpims.json",
        "integration_logs.json", "canvases.json", "huddles.json", "lists.json", "file_conversations.json",
        "huddle_transcripts.json", "content_flags.json",
    ]

    /// `users-<team>.json` and the like: what `slackdump list users` / `list channels` save.
    static func isList(_ name: String, _ kind: String) -> Bool {
        name == kind + ".json" || (name.hasPrefix(kind + "-") && name.hasSuffix(".json"))
    }

    private var dumpUserLists: [String] = []

    /// Files at the top of a folder that slackdump writes: conversation files, `users-<team>.json`,
    /// `channels-<team>.json`.
    private func sniffDumpSide(_ full: String, name: String) {
        if Self.isList(name, "users") {
            dumpUserLists.append(full)
        } else if Self.isList(name, "channels") {
            dumpChannelLists.append(full)
        } else if Ingestor.slackJSONKind(Ingestor.head(full)) == .dump {
            dumpFiles.append(full)
        }
    }

    private func finishDumpListing() {
        dumpFiles.sort()
        dumpChannelLists.sort()
        guard !dumpFiles.isEmpty else { return }
        // slackdump's users list stands in for `users.json` when there is none.
        if !files.contains("users.json"), let first = dumpUserLists.sorted().first {
            register("users.json", real: first)
        }
        // `channels.json` beside slackdump files is slackdump's list of every kind of conversation.
        let channels = isZip ? "channels.json" : folderRoot + "channels.json"
        if files.contains("channels.json"), !dumpChannelLists.contains(channels) {
            dumpChannelLists.insert(channels, at: 0)
        }
    }

    /// The folder of an Enterprise Grid export holding one folder per workspace.
    static let gridTeams = "teams"

    /// An Enterprise Grid export's `teams/<workspace>/` folders: each holds a workspace's metadata files
    /// and conversation folders (organization-wide conversations sit at the export root).
    private func listGridTeams(into result: inout [String]) {
        let fm = FileManager.default
        let base = folderRoot + Self.gridTeams + "/"
        guard let teams = try? fm.contentsOfDirectory(atPath: base) else { return }
        for team in teams.sorted() where !team.hasPrefix(".") {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: base + team, isDirectory: &isDir), isDir.boolValue,
                let inner = try? fm.contentsOfDirectory(atPath: base + team)
            else { continue }
            let root = Self.gridTeams + "/" + team + "/"
            roots.append(root)
            for name in inner where !name.hasPrefix(".") {
                var innerDir: ObjCBool = false
                guard fm.fileExists(atPath: base + team + "/" + name, isDirectory: &innerDir) else { continue }
                if innerDir.boolValue {
                    guard let days = try? fm.contentsOfDirectory(atPath: base + team + "/" + name) else { continue }
                    for f in days where f.hasSuffix(".json") && !f.hasPrefix(".") {
                        result.append(root + name + "/" + f)
                    }
                } else if name.hasSuffix(".json") {
                    result.append(root + name)
                }
            }
        }
    }

    // MARK: Zip

    private func openZip() throws(RapportError) {
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw RapportError(
                .malformedInput, "not a readable zip archive (\(MailZip.describe(error)))", file: path,
                // An unreadable zip cannot be told apart (a cut Takeout part or `.olm` comes here too).
                remedy: "download the archive again, or unzip it and give the folder")
        }
        self.archive = archive
        var count = 0
        var declaredTotal: Int64 = 0
        var all: [(String, Entry)] = []
        for entry in archive {
            count += 1
            try limits.checkZipEntryCount(count, file: path)
            guard entry.type == .file else { continue }
            let name = Self.entryName(entry)
            if let why = Self.unsafePathReason(name) {
                refused.append((name, why))
                continue
            }
            let size = Int64(clamping: entry.uncompressedSize)
            // Saturating: declared sizes come from the archive and may be hostile.
            let (sum, overflow) = declaredTotal.addingReportingOverflow(size)
            declaredTotal = overflow ? Int64.max : sum
            if declaredTotal > limits.maxZipUncompressedBytes {
                throw RapportError(
                    .limitExceeded,
                    "zip would expand to more than \(limits.maxZipUncompressedBytes) bytes (zip bomb?)", file: path,
                    remedy: "check the archive; unzip it yourself if it is genuine")
            }
            try limits.checkZipRatio(
                declared: size, compressed: Int64(clamping: entry.compressedSize), entry: name, file: path)
            if name.hasPrefix("__MACOSX/") || !name.hasSuffix(".json") { continue }
            all.append((name, entry))
        }
        // The export root: the shallowest folder holding a metadata file (some zips wrap everything
        // in one top folder).
        let markers: Set<String> = [
            "users.json", "org_users.json", "channels.json", "groups.json", "dms.json", "mpims.json",
            "integration_logs.json",
        ]
        var prefix = ""
        var best = Int.max
        for (name, _) in all {
            let parts = name.split(separator: "/", omittingEmptySubsequences: false)
            if let last = parts.last, markers.contains(String(last)), parts.count < best {
                best = parts.count
                prefix = parts.dropLast().map { $0 + "/" }.joined()
            }
        }
        var teamRoots: Set<String> = []
        for (name, entry) in all where name.hasPrefix(prefix) {
            let rel = String(name.dropFirst(prefix.count))
            // Only the root's files and one level of conversation folders; in an Enterprise Grid
            // export the same below each `teams/<workspace>/`.
            let parts = rel.split(separator: "/")
            if parts.count >= 3, parts[0] == Self.gridTeams {
                guard parts.count <= 4 else { continue }
                teamRoots.insert(Self.gridTeams + "/" + parts[1] + "/")
            } else if parts.count != 1 && parts.count != 2 {
                continue
            }
            if entries[rel] == nil { entries[rel] = entry }
        }
        roots += teamRoots.sorted()
        files = entries.keys.sorted()
        // slackdump conversation files at the root, known by name as slackdump itself does (`[CDG]*.json`):
        // inflating every entry to look would cost a pass over the archive.
        for name in files where !name.contains("/") && !Self.exportMetadata.contains(name) {
            if Self.isList(name, "users") {
                dumpUserLists.append(name)
            } else if Self.isList(name, "channels") {
                dumpChannelLists.append(name)
            } else if SlackDump.isConversationFileName(name) {
                dumpFiles.append(name)
            }
        }
        finishDumpListing()
    }

    /// An entry's name. Slack's exporter writes UTF-8 names without the zip's UTF-8 flag, which
    /// ZIPFoundation then reads as code page 437 (`営業` became `σû╢µÑ¡`, so a channel's folder no longer
    /// matched its name in `channels.json`): a name that is valid UTF-8 is taken as UTF-8, whatever the
    /// flag; other names keep code page 437 (old tools' non-UTF-8 names).
    static func entryName(_ entry: Entry) -> String {
        let utf8 = entry.path(using: .utf8)
        return utf8.isEmpty ? entry.path : utf8
    }

    /// Why a zip entry name is refused: absolute paths, `..` components, backslashes, NUL.
    static func unsafePathReason(_ name: String) -> String? {
        if name.hasPrefix("/") { return "absolute path" }
        if name.utf8.contains(0) { return "NUL in path" }
        if name.contains("\\") { return "backslash in path" }
        if name.count >= 2, name.dropFirst().first == ":" { return "drive letter in path" }
        for part in name.split(separator: "/", omittingEmptySubsequences: false) where part == ".." {
            return "path traversal ('..')"
        }
        return nil
    }

    // MARK: Reading

    /// The bytes of one file. Zip entries are inflated into memory with the size limits enforced on
    /// the actual bytes (headers can lie).
    func read(_ rel: String) throws(RapportError) -> [UInt8] {
        if let real = aliases[rel] { return try readRaw(real) }
        return try readRaw(isZip ? rel : folderRoot + rel)
    }

    /// The bytes of a zip entry (by its name below the root) or of a file (by its full path).
    func readRaw(_ rel: String) throws(RapportError) -> [UInt8] {
        if !isZip { return try readFile(rel) }
        guard let archive, let entry = entries[rel] else {
            throw RapportError(.missingInput, "no such entry in the zip: \(rel)", file: path)
        }
        let declared = Int64(clamping: entry.uncompressedSize)
        let compressed = max(Int64(clamping: entry.compressedSize), 1)
        let perEntryCap = min(
            Int64(limits.maxMessageBytes), limits.zipEntryCap(compressed: compressed),
            limits.maxZipUncompressedBytes - inflatedTotal)
        var out: [UInt8] = []
        out.reserveCapacity(Int(max(0, min(declared, perEntryCap, 256 << 20))))
        var exceeded = false
        var crcMismatch = false
        do {
            // This form of `extract` computes the CRC but does not compare it with the entry's (below).
            let crc = try archive.extract(entry, skipCRC32: false) { chunk in
                if Int64(out.count + chunk.count) > perEntryCap {
                    exceeded = true
                    throw CocoaError(.fileReadTooLarge)
                }
                out.append(contentsOf: chunk)
            }
            if crc != entry.checksum { crcMismatch = true }
        } catch {
            if exceeded {
                throw RapportError(
                    .limitExceeded,
                    "zip entry '\(rel)' inflates past the limits (size, ratio or total; zip bomb?)", file: path,
                    remedy: "check the archive; unzip it yourself if it is genuine")
            }
            throw RapportError(
                .malformedInput, "zip entry '\(rel)' cannot be read (\(error))", file: path,
                remedy: "re-download the export, or unzip it and give the folder")
        }
        inflatedTotal += Int64(out.count)
        if crcMismatch {
            throw RapportError(
                .malformedInput, "zip entry '\(rel)' fails its CRC check (damaged archive)", file: path,
                remedy: "re-download the export, or unzip it and give the folder")
        }
        return out
    }

    /// Reads a whole file straight into an array (one copy, no `Data`), refusing files over the message limit.
    func readFile(_ full: String) throws(RapportError) -> [UInt8] {
        try FileBytes.read(full, limit: limits.maxMessageBytes)
    }
}
