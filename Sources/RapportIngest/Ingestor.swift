import Foundation
public import RapportCore

/// Entry point of ingestion: expands paths, detects each input's format, and runs its reader.
///
/// Format detection looks at content, not names: a directory with `users.json`/`channels.json` is a
/// Slack export, one with `cur/` or `new/` is a maildir, an Apple Mail `.mbox` bundle holds a file
/// named `mbox`; other directories are walked (sorted, so output order is stable). A file starting
/// with `PK\x03\x04` is a zip (a Slack export, or mail such as a Google Takeout archive: ``detectFile(_:)``
/// looks inside), `\x1f\x8b` gzip (compressed mbox), `From ` an mbox,
/// RFC 5322 header lines an `.eml` (also after the byte-count line of Apple Mail's `.emlx`), an OLE2
/// compound file holding MAPI properties an Outlook `.msg` (read as a saved message, like `.eml`), and
/// `<html`/`<!doctype` an HTML ticket (an XML file such as a property list only when it holds `<html`).
public struct Ingestor: Sendable {
    public var options: IngestOptions
    /// Ticket profiles resolved once per ingestor (a folder of saved pages is thousands of inputs; each
    /// used to locate, list and read the profile files again).
    let ticketProfiles = TicketProfileCache()

    public init(options: IngestOptions = IngestOptions()) { self.options = options }

    /// One input to read and how.
    public struct Input: Sendable, Hashable {
        public var path: String
        public var format: InputFormat
    }

    /// Expands and classifies `paths`. Missing paths and unknown formats throw (exit status 2 in the CLI).
    public func plan(_ paths: [String]) throws(RapportError) -> [Input] {
        var ignored: [String] = []
        return try plan(paths, ignored: &ignored)
    }

    /// Like `plan(_:)`, and lists in `ignored` the regular files met while walking folders whose format is
    /// not recognized (attachments, `.DS_Store`-like binaries, notes), so callers can report them.
    ///
    /// The paths are taken in sorted (byte) order, as a folder's children are: the same files give the
    /// same inputs, duplicates and report whether they are named in one order, another, or as their folder.
    public func plan(_ paths: [String], ignored: inout [String]) throws(RapportError) -> [Input] {
        var result: [Input] = []
        var visited: Set<String> = []
        for path in paths.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            try expand(path, into: &result, depth: 0, topLevel: true, visited: &visited, ignored: &ignored)
        }
        return result
    }

    private func expand(
        _ path: String, into result: inout [Input], depth: Int, topLevel: Bool, visited: inout Set<String>,
        ignored: inout [String], emlGroup: EmlGroup? = nil
    ) throws(RapportError) {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
            throw RapportError(
                .missingInput, "no such file or directory", file: path,
                remedy: "give an mbox, .eml, maildir, Slack export (folder or .zip) or HTML ticket")
        }
        if depth > 32 {
            throw RapportError(.limitExceeded, "directory nesting deeper than 32 (symlink loop?)", file: path)
        }
        if let forced = options.forcedFormat, topLevel || !isDir.boolValue {
            if forced == .maildir || forced == .slack || !isDir.boolValue {
                result.append(Input(path: path, format: forced))
                return
            }
        }
        if let forced = options.forcedFormat, forced != .maildir, forced != .slack, isDir.boolValue {
            // A file format forced on a folder applies to the files walked in it. A folder that is itself
            // an export of another kind (Slack, maildir) cannot be read as that file format, and reading it
            // as what it is would ignore the option silently: an error (exit 2) that says so.
            if let detected = Self.detectDirectory(path) {
                let what = detected == .slack ? "a Slack export" : "a maildir"
                let why = detected == .slack ? "it holds users.json, channels.json or the like" : "it has cur/ or new/"
                throw RapportError(
                    .unknownFormat,
                    "--input-format \(forced.rawValue) cannot read this folder: it is \(what) (\(why)), and "
                        + "\(forced.rawValue) is a format of single files",
                    file: path,
                    remedy:
                        "leave --input-format out, or give --input-format \(detected.rawValue), to read it as "
                        + "\(what); or give the \(forced.rawValue) files themselves")
            }
        }
        if isDir.boolValue {
            // A directory reached again through a symlink (a loop, or two links to one folder) is
            // read once.
            let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            if !visited.insert(real).inserted && !topLevel { return }
            if let format = Self.detectDirectory(path) {
                result.append(Input(path: path, format: format))
                if format == .slack {
                    // A Slack export unpacked inside another (or next to another's metadata) is an export
                    // of its own: the outer reader passes over such folders (see ``nestedSlackExports(in:)``).
                    for nested in Self.nestedSlackExports(in: path) {
                        try expand(
                            nested, into: &result, depth: depth + 1, topLevel: false, visited: &visited,
                            ignored: &ignored)
                    }
                }
                return
            }
            if let what = Self.slackdumpArchive(path) {
                // Inside a folder that is walked: passed over, listed with the files not recognized.
                guard topLevel else {
                    ignored.append(path)
                    return
                }
                throw RapportError(
                    .unknownFormat, "a slackdump archive (\(what)), which Rapport does not read", file: path,
                    remedy: Self.slackdumpConvert)
            }
            guard let children = try? fm.contentsOfDirectory(atPath: path) else {
                // Like a file that cannot be read (exit 2, missing input), not an I/O failure (exit 1).
                throw RapportError(
                    .missingInput, "directory cannot be read", file: path,
                    remedy: topLevel ? "check its permissions" : "check its permissions, or move it out of the folder")
            }
            let before = result.count
            // The `.eml` files of a folder tree (saved messages, Apple Mail's `.emlx` store) are one
            // mailbox: one input, so that threading sees every file (a reply carrying only In-Reply-To
            // finds its parent in another file).
            var group = emlGroup
            if group == nil && topLevel && options.forcedFormat == nil {
                let files = Self.emlFiles(under: path)
                if files.count >= 2 { group = EmlGroup(root: path) }
            }
            for child in children.sorted() where !child.hasPrefix(".") {
                let full = path.hasSuffix("/") ? path + child : path + "/" + child
                var childIsDir: ObjCBool = false
                _ = fm.fileExists(atPath: full, isDirectory: &childIsDir)
                if childIsDir.boolValue {
                    if Self.savedPageResources(full) != nil {
                        // "Save page as… complete": the page's images, scripts and frames, not tickets.
                        ignored.append(full)
                        continue
                    }
                    try expand(
                        full, into: &result, depth: depth + 1, topLevel: false, visited: &visited, ignored: &ignored,
                        emlGroup: group)
                    continue
                }
                // Only regular files: opening a FIFO would block forever; devices and sockets are
                // not exports. Dangling symlinks fail `stat` and are passed over too.
                var st = stat()
                guard stat(full, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { continue }
                guard fm.isReadableFile(atPath: full) else {
                    throw RapportError(
                        .missingInput, "file cannot be read", file: full,
                        remedy: "check its permissions, or move it out of the folder")
                }
                if let format = Self.detectFile(full) {
                    if format == .eml, let group {
                        // The group's input stands where its first file would.
                        if group.claim() { result.append(Input(path: group.root, format: .eml)) }
                        continue
                    }
                    result.append(Input(path: full, format: format))
                } else {
                    ignored.append(full)
                }
            }
            if topLevel && result.count == before {
                if Self.isSlackTextExport(path) { throw Self.slackTextExport(path) }
                throw RapportError(
                    .unknownFormat, "no readable inputs in this directory", file: path,
                    remedy: "expected mbox, .eml, maildir, a Slack export or HTML tickets")
            }
            return
        }
        guard fm.isReadableFile(atPath: path) else {
            throw RapportError(.missingInput, "file cannot be read", file: path, remedy: "check its permissions")
        }
        guard let format = Self.detectFile(path) else {
            let head = Self.head(path, count: 8)
            if head.isEmpty, (try? fm.attributesOfItem(atPath: path)[.size] as? Int) == 0 {
                // An empty mail folder (Thunderbird keeps one per folder it ever had) or an interrupted
                // download: said as such, not as an unknown format.
                throw RapportError(
                    .unknownFormat, "the file is empty (0 bytes): nothing to read", file: path,
                    remedy: "an empty mail folder holds no messages; check the export if it should not be empty")
            }
            if head.starts(with: [0x50, 0x4B]) && path.lowercased().hasSuffix(".olm") {
                // Outlook for Mac's archive whose zip holds no message record (`…/com.microsoft.__Messages/…/*.xml`):
                // contacts, calendars or notes only, or a layout not seen before.
                throw RapportError(
                    .unknownFormat, "an Outlook for Mac archive (.olm) holding no mail message records", file: path,
                    remedy: "export the mail folders from Outlook for Mac again; or select the messages and drag them "
                        + "to a Finder folder (each becomes an .eml file) and give that folder")
            }
            if head.starts(with: [0x50, 0x4B]) {
                if MailZip.classify(path) == .slackText { throw Self.slackTextExport(path) }
                throw RapportError(
                    .unknownFormat, "a zip holding neither a Slack export nor mail (.mbox, .eml, maildir files)",
                    file: path,
                    remedy: "give the Slack export .zip or the Google Takeout part that holds Takeout/Mail, "
                        + "or use --input-format to force one")
            }
            if head.starts(with: [0x21, 0x42, 0x44, 0x4E]) {
                throw RapportError(
                    .unknownFormat, "an Outlook .pst/.ost data file, which Rapport does not read", file: path,
                    remedy: "convert it to mbox first, e.g. `readpst -r -o OUT FILE.pst` (Debian: pst-utils), "
                        + "then give OUT")
            }
            if head.starts(with: CompoundFile.magic) {
                throw RapportError(
                    .unknownFormat, "an OLE2 compound file that is not an Outlook message (a Word or Excel file?)",
                    file: path, remedy: "give Outlook .msg files, or save the message as .eml")
            }
            if Self.head(path, count: 16).starts(with: Array("SQLite format 3\0".utf8)) {
                throw RapportError(
                    .unknownFormat,
                    "an SQLite database (slackdump's `archive` writes one), which Rapport does not read",
                    file: path, remedy: Self.slackdumpConvert)
            }
            if Self.isGzipJSON(head, name: path) {
                throw RapportError(
                    .unknownFormat,
                    "gzip'd JSON (a chunk file of a slackdump archive?), which Rapport does not read", file: path,
                    remedy: Self.slackdumpConvert)
            }
            switch Self.slackJSONKind(Self.head(path)) {
            case .dayFile:
                throw RapportError(
                    .unknownFormat, "a single day file of a Slack export, which is not read on its own", file: path,
                    remedy: "give the whole export (the folder holding users.json and channels.json, or the .zip)")
            case .dump, nil: break
            }
            throw RapportError(
                .unknownFormat, "unrecognized input format", file: path,
                remedy: "expected an mbox (starts with 'From '), an .eml, a Slack export .zip, gzip'd mbox or HTML; "
                    + "use --input-format to force one")
        }
        result.append(Input(path: path, format: format))
    }

    /// Suffixes browsers give the resource folder of a page saved "complete" (`Ticket 4821_files` beside
    /// `Ticket 4821.html`): Chromium and Firefox write `_files`; older Internet Explorer / Edge and Word
    /// translated it (`-Dateien`, `_fichiers`, `_archivos`, `_arquivos`, `_bestanden`, `_file`, `.files`).
    static let savedPageFolderSuffixes = [
        "_files", "-dateien", "_fichiers", "-fichiers", "_archivos", "_arquivos", "_bestanden", "_file", ".files",
    ]

    /// The page a folder belongs to when it is the resource folder of a page saved "complete" (its name is
    /// the page's name plus a suffix of ``savedPageFolderSuffixes``, and that `.html`/`.htm`/`.xhtml`/
    /// `.shtml` page is beside it); `nil` otherwise. Such folders hold the page's images, style sheets,
    /// scripts and frames (Chromium saves frames as `.html` files there), never tickets: a walk passes
    /// over them and the CLI reports them.
    public static func savedPageResources(_ path: String) -> String? {
        let url = URL(fileURLWithPath: path)
        let name = url.lastPathComponent
        let lower = name.lowercased()
        guard let suffix = savedPageFolderSuffixes.first(where: { lower.hasSuffix($0) && lower.count > $0.count })
        else { return nil }
        let stem = String(name.dropLast(suffix.count))
        let dir = url.deletingLastPathComponent().path
        for ext in ["html", "htm", "xhtml", "shtml", "HTML", "HTM"] {
            let page = (dir == "/" ? "" : dir) + "/" + stem + "." + ext
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: page, isDirectory: &isDir), !isDir.boolValue { return page }
        }
        return nil
    }

    /// What to do with a slackdump archive (chunk files or SQLite), which is not read.
    /// Slack's TXT export of one user's conversations: `channels/` and `dms/` folders of `.txt` files
    /// (and `files/`), no JSON. It keeps names and times as text lines only, so it is refused with the way
    /// to the JSON export rather than guessed at.
    static func isSlackTextExport(_ path: String) -> Bool {
        let fm = FileManager.default
        var txt = 0
        for folder in ["channels", "dms"] {
            guard let names = try? fm.contentsOfDirectory(atPath: path + "/" + folder) else { return false }
            txt += names.filter { $0.lowercased().hasSuffix(".txt") }.count
        }
        return txt > 0
    }

    /// The refusal of Slack's TXT export (folder or `.zip`).
    static func slackTextExport(_ path: String) -> RapportError {
        RapportError(
            .unknownFormat,
            "a Slack export in TXT format (one user's conversations: channels/, dms/ and files/ of "
                + ".txt files), which Rapport does not read", file: path,
            remedy: "export the user's conversations again in JSON format (Slack offers JSON or TXT "
                + "for a single user's export) and give that export")
    }

    static let slackdumpConvert =
        "convert it to a Slack export with slackdump (`slackdump convert -f export ARCHIVE`) and give the "
        + "export, or dump the conversations with `slackdump dump`"

    /// slackdump's `archive` output in a folder, which is not read: its SQLite database
    /// (`slackdump.sqlite`, slackdump 3.1 and later) or its chunk files (`workspace.json.gz`,
    /// `users.json.gz`, `channels.json.gz`, `<channel id>.json.gz`: gzip'd JSON lines of API chunks).
    static func slackdumpArchive(_ path: String) -> String? {
        let fm = FileManager.default
        func exists(_ name: String) -> Bool { fm.fileExists(atPath: path + "/" + name) }
        if exists("slackdump.sqlite") { return "slackdump.sqlite, an SQLite database" }
        if exists("workspace.json.gz") || (exists("users.json.gz") && exists("channels.json.gz")) {
            return "chunk files, *.json.gz"
        }
        return nil
    }

    /// A gzip'd file named `.json.gz` or `.jsonl.gz` (slackdump's archive chunks), not mail.
    static func isGzipJSON(_ head: [UInt8], name: String) -> Bool {
        let lower = name.lowercased()
        return head.starts(with: [0x1F, 0x8B]) && (lower.hasSuffix(".json.gz") || lower.hasSuffix(".jsonl.gz"))
    }

    /// Slack data given as a lone JSON file, which no reader takes (only to explain the refusal).
    enum SlackJSONKind: Equatable { case dump, dayFile }

    /// What a JSON file's first bytes say it is: a conversation dump (an object whose `messages` hold
    /// objects with `ts`: `slackdump dump`, whose `channel_id` may come after the messages and whose
    /// thread replies are nested in `slackdump_thread_replies`, or a saved `conversations.history`
    /// response) or one day file of a Slack export (an array of objects with `ts`); `nil` otherwise.
    static func slackJSONKind(_ head: [UInt8]) -> SlackJSONKind? {
        var i = 0
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        while i < head.count, head[i] == 0x20 || head[i] == 0x09 || head[i] == 0x0A || head[i] == 0x0D { i += 1 }
        guard i < head.count else { return nil }
        func has(_ key: String) -> Bool {
            let k = Array(key.utf8)
            guard head.count - i >= k.count else { return false }
            return (i...(head.count - k.count)).contains { j in head[j..<(j + k.count)].elementsEqual(k) }
        }
        if head[i] == UInt8(ascii: "{"), has("\"messages\""), has("\"ts\"") || has("\"channel_id\"") { return .dump }
        if head[i] == UInt8(ascii: "["), has("\"ts\""), has("\"type\"") || has("\"user\"") { return .dayFile }
        return nil
    }

    /// Detects a directory's format, or `nil` to walk it.
    public static func detectDirectory(_ path: String) -> InputFormat? {
        let fm = FileManager.default
        func exists(_ name: String) -> Bool { fm.fileExists(atPath: path + "/" + name) }
        if exists("users.json") || exists("channels.json") || exists("dms.json") || exists("groups.json")
            || exists("org_users.json")
        {
            return .slack
        }
        if exists("cur") || exists("new") { return .maildir }
        // slackdump's conversation files (`slackdump dump`) at the top of the folder.
        if let names = try? fm.contentsOfDirectory(atPath: path),
            names.contains(where: {
                $0.hasSuffix(".json") && !$0.hasPrefix(".") && !SlackExportState.isDayFile($0)
                    && slackJSONKind(head(path + "/" + $0)) == .dump
            })
        {
            return .slack
        }
        return nil
    }

    /// The subfolders of a Slack export folder that are Slack exports themselves (they hold `users.json`,
    /// `channels.json`, `dms.json` or `groups.json`, which a conversation folder never does), sorted.
    public static func nestedSlackExports(in path: String) -> [String] {
        let fm = FileManager.default
        guard let children = try? fm.contentsOfDirectory(atPath: path) else { return [] }
        var result: [String] = []
        for child in children.sorted() where !child.hasPrefix(".") {
            let full = path.hasSuffix("/") ? path + child : path + "/" + child
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: full, isDirectory: &isDir), isDir.boolValue, detectDirectory(full) == .slack {
                result.append(full)
            }
        }
        return result
    }

    /// The `.eml` files under a folder that is walked, which form one input (see ``emlFiles(under:)``).
    final class EmlGroup {
        let root: String
        private var placed = false
        init(root: String) { self.root = root }
        /// True the first time: where the group's input goes in the plan.
        func claim() -> Bool {
            defer { placed = true }
            return !placed
        }
    }

    /// The single-message mail files (`.eml`, `.emlx`; by content) under `root`, in the order the plan
    /// walks them: sorted names, hidden entries passed over, maildir and Slack folders not entered,
    /// regular files only, symlinked folders read once, at most 32 levels deep. A folder of saved
    /// messages given as a path is read as one mailbox over these files.
    public static func emlFiles(under root: String) -> [String] {
        var result: [String] = []
        var visited: Set<String> = []
        func walk(_ dir: String, depth: Int) {
            guard depth <= 32 else { return }
            let real = URL(fileURLWithPath: dir).resolvingSymlinksInPath().path
            guard visited.insert(real).inserted else { return }
            guard let children = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
            for child in children.sorted() where !child.hasPrefix(".") {
                let full = dir.hasSuffix("/") ? dir + child : dir + "/" + child
                var st = stat()
                guard stat(full, &st) == 0 else { continue }
                if st.st_mode & S_IFMT == S_IFDIR {
                    if detectDirectory(full) == nil { walk(full, depth: depth + 1) }
                    continue
                }
                guard st.st_mode & S_IFMT == S_IFREG, FileManager.default.isReadableFile(atPath: full) else { continue }
                if detectFile(full) == .eml { result.append(full) }
            }
        }
        if detectDirectory(root) == nil { walk(root, depth: 0) }
        return result
    }

    /// Reads the first bytes of a file.
    public static func head(_ path: String, count: Int = 4096) -> [UInt8] {
        guard let h = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? h.close() }
        return [UInt8]((try? h.read(upToCount: count)) ?? Data())
    }

    /// The name of an input's format in reports (``InputRecord``'s `format`): the format's raw value, except
    /// `olm` for an Outlook for Mac archive, which is read by the mail reader (as ``InputFormat/mbox``) but is
    /// no mbox.
    public static func formatLabel(path: String, format: InputFormat) -> String {
        format == .mbox && path.lowercased().hasSuffix(".olm") ? "olm" : format.rawValue
    }

    /// Detects a file's format from its first bytes, or `nil` when unknown.
    /// A zip is looked into: Slack metadata files make it a Slack export, mail entries (`.mbox`, `.eml`,
    /// maildir files; Google Takeout) an mbox input read entry by entry (``MailZip``); neither, unknown.
    public static func detectFile(_ path: String) -> InputFormat? {
        let head = head(path)
        if head.starts(with: CompoundFile.magic) {
            // OLE2: an Outlook `.msg` (read as a saved message) when named so or when its root holds MAPI
            // property streams; Word and Excel files are not mail.
            if path.lowercased().hasSuffix(".msg") { return .eml }
            guard let bytes = try? FileBytes.read(path, limit: 256 << 20) else { return nil }
            return OutlookMessage.isMessage(bytes) ? .eml : nil
        }
        let format = detect(head: head, name: path)
        guard format == .slack, head.starts(with: [0x50, 0x4B]) else { return format }
        switch MailZip.classify(path) {
        case .mail: return .mbox
        case .unknown, .slackText: return nil
        // An unreadable zip goes to the Slack reader, which reports why.
        case .slack, nil: return .slack
        }
    }

    /// Content sniffing (see the type's documentation).
    public static func detect(head: [UInt8], name: String) -> InputFormat? {
        var h = head[...]
        if h.starts(with: [0xEF, 0xBB, 0xBF]) { h = h.dropFirst(3) }
        if h.starts(with: [0x50, 0x4B, 0x03, 0x04]) || h.starts(with: [0x50, 0x4B, 0x05, 0x06]) { return .slack }
        if h.starts(with: [0x1F, 0x8B]) { return isGzipJSON(head, name: name) ? nil : .mbox }
        // OLE2 compound file: an Outlook `.msg` (``detectFile(_:)`` looks inside).
        if head.starts(with: CompoundFile.magic) { return .eml }
        // A tar archive (Takeout's `.tgz` parts are this, gzip'd): its mailboxes are read.
        if head.count >= 512 && TarMail.isHeader(Array(head.prefix(512))) { return .mbox }
        // A page saved as UTF-16 with its BOM (Windows "Save as… Unicode"): HTML when its first
        // characters, read as UTF-16, are (only an HTML page is taken this way).
        // UTF-32 (its BOM begins like UTF-16LE's) and UTF-16 without a BOM (recognized from the NUL bytes
        // of the markup, ``TicketCharset/utf16WithoutBOM(_:)``) likewise.
        if h.starts(with: [0xFF, 0xFE, 0x00, 0x00]) || h.starts(with: [0x00, 0x00, 0xFE, 0xFF]) {
            let little = h.first == 0xFF
            let body = Array(h.dropFirst(4).prefix(4096))
            var scalars = String.UnicodeScalarView()
            var k = 0
            while k + 3 < body.count {
                let v =
                    little
                    ? UInt32(body[k]) | UInt32(body[k + 1]) << 8 | UInt32(body[k + 2]) << 16 | UInt32(body[k + 3]) << 24
                    : UInt32(body[k]) << 24 | UInt32(body[k + 1]) << 16 | UInt32(body[k + 2]) << 8 | UInt32(body[k + 3])
                scalars.append(Unicode.Scalar(v) ?? "\u{FFFD}")
                k += 4
            }
            return detect(head: Array(String(scalars).utf8), name: name) == .html ? .html : nil
        }
        let bomless = TicketCharset.utf16WithoutBOM(h)
        if h.starts(with: [0xFF, 0xFE]) || h.starts(with: [0xFE, 0xFF]) || bomless != nil {
            let hasBOM = h.starts(with: [0xFF, 0xFE]) || h.starts(with: [0xFE, 0xFF])
            let little = hasBOM ? h.first == 0xFF : bomless == "UTF-16LE"
            let body = Array(h.dropFirst(hasBOM ? 2 : 0).prefix(2048))
            var units: [UInt16] = []
            var k = 0
            while k + 1 < body.count {
                units.append(
                    little ? UInt16(body[k]) | UInt16(body[k + 1]) << 8 : UInt16(body[k]) << 8 | UInt16(body[k + 1]))
                k += 2
            }
            let text = Array(String(decoding: units, as: UTF16.self).utf8)
            return detect(head: text, name: name) == .html ? .html : nil
        }
        while let f = h.first, f == 0x0A || f == 0x0D { h = h.dropFirst() }
        if h.starts(with: Array("From ".utf8)) { return .mbox }
        // A page saved as a single file (MHTML): MIME headers, but a web page, not mail.
        if TicketMHTML.looks(h) { return .html }
        let prefix = String(decoding: h.prefix(1024), as: UTF8.self).lowercased()
        let trimmed = prefix.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        if trimmed.hasPrefix("<!doctype html") || trimmed.hasPrefix("<html")
            || (trimmed.hasPrefix("<?xml") && prefix.contains("<html"))
            || trimmed.hasPrefix("<!--") || trimmed.hasPrefix("<head") || trimmed.hasPrefix("<body")
            || (trimmed.hasPrefix("<") && prefix.contains("<div"))
        {
            return .html
        }
        if looksLikeHeaders(h, named: name.lowercased().hasSuffix(".eml")) { return .eml }
        // A slackdump conversation file (read by the Slack reader, with the users list beside it).
        if slackJSONKind(head) == .dump { return .slack }
        // Apple Mail `.emlx`: a line with the message's byte count, then the message.
        if let nl = h.firstIndex(of: 0x0A), nl - h.startIndex <= 13,
            h[h.startIndex..<nl].allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x0D || $0 == 0x20 }),
            h[h.startIndex..<nl].contains(where: { $0 >= 0x30 && $0 <= 0x39 }),
            looksLikeHeaders(h[(nl + 1)...], named: true)
        {
            return .eml
        }
        return nil
    }

    /// True when the bytes start with RFC 5322 header lines and include a typical mail header (any
    /// header at all for a file named `.eml`). A line that is not a header after the first ends the
    /// header block, as mail readers do with a missing blank line.
    static func looksLikeHeaders(_ bytes: ArraySlice<UInt8>, named eml: Bool = false) -> Bool {
        let text = String(decoding: bytes.prefix(4096), as: UTF8.self)
        var sawHeader = false
        var known = false
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let l = line.hasSuffix("\r") ? line.dropLast() : line
            if l.isEmpty { break }
            if l.first == " " || l.first == "\t" {
                if i == 0 { return false }
                continue
            }
            guard let colon = l.firstIndex(of: ":"), colon != l.startIndex,
                l[..<colon].utf8.allSatisfy({ $0 > 32 && $0 < 127 })
            else {
                if i == 0 { return false }
                break
            }
            let name = l[..<colon]
            sawHeader = true
            switch name.lowercased() {
            case "from", "to", "subject", "date", "message-id", "received", "return-path", "mime-version",
                "delivered-to", "x-gm-thrid", "in-reply-to", "references", "cc":
                known = true
            default: break
            }
        }
        return sawHeader && (known || eml)
    }

    /// The reader for a format, sharing this ingestor's per-run state (the resolved ticket profiles).
    public func configuredReader(for format: InputFormat) -> any SourceReader {
        guard format == .html else { return Self.reader(for: format) }
        var tickets = TicketReader()
        tickets.cache = ticketProfiles
        return tickets
    }

    /// The reader for a format.
    public static func reader(for format: InputFormat) -> any SourceReader {
        switch format {
        case .mbox, .eml, .maildir: MailReader(format: format)
        case .slack: SlackExportReader()
        case .html: TicketReader()
        }
    }

    /// The reason an emitted message is counted under in ``IngestSummary/excluded`` (nil: it is not):
    /// Slack's follows from its flags and subtype; mail's is the one its reader marked
    /// (``IngestOptions/markExclusions``).
    public static func exclusionReason(of m: Message) -> String? {
        if m.source == .slack { return SlackMessageParts.exclusion(m.flags, subtype: m.attributes["subtype"]) }
        return m.attributes[Message.exclusionAttribute]
    }

    /// Reads every input in order, calling `emit` per message. Stops at the first fatal error of an
    /// input (the error is rethrown after counting what was read).
    public func ingest(
        _ inputs: [Input], summary: inout IngestSummary, evidence: inout UsEvidence,
        emit: (Message) throws(RapportError) -> Void
    ) throws(RapportError) {
        for input in inputs {
            let reader = configuredReader(for: input.format)
            try reader.read(path: input.path, options: options, summary: &summary, evidence: &evidence, emit: emit)
        }
    }
}
