import Dispatch
import Foundation
public import RapportCore

#if os(Linux)
    /// glibc's `mallopt` (not exported by the Glibc module); `int mallopt(int, int)`.
    @_silgen_name("mallopt") private func glibcMallopt(_ param: Int32, _ value: Int32) -> Int32

    /// Message buffers of 128 KB+ would otherwise be mmap'd and unmapped one by one (a page fault per
    /// 4 KB on every message); keep them on the heap. -3 = M_MMAP_THRESHOLD, -1 = M_TRIM_THRESHOLD.
    private let tuneMalloc: Void = {
        _ = glibcMallopt(-3, 16 << 20)
        _ = glibcMallopt(-1, 32 << 20)
        // -2 = M_TOP_PAD: grow the heap in 64 MB steps, so the batches' buffers are not handed back to
        // the kernel and faulted in again page by page (about 40% fewer page faults).
        _ = glibcMallopt(-2, 64 << 20)
    }()
#else
    private let tuneMalloc: Void = ()
#endif

/// Reads mail: mbox (plain or gzip; mboxo/mboxrd/mboxcl/mboxcl2; Gmail Takeout, Thunderbird, Apple
/// Mail, pipermail archives), single `.eml` files and maildir folders (`cur/` + `new/`, Maildir++
/// subfolders).
///
/// Two streaming passes over the input: the first reads headers only and builds the thread index
/// (64-bit id hashes); the second parses messages on all cores in input-ordered batches, removes
/// duplicates by Message-ID, threads and emits. Memory is bounded by the batch size, the largest
/// message and the id index — never by the mailbox size.
public struct MailReader: SourceReader {
    public var format: InputFormat
    /// Worker threads for parsing (default: the active processor count, at most 8).
    public var workers: Int
    /// Messages per parallel batch (results are emitted in input order after each batch).
    public var batchMessages = 128
    /// Bytes per parallel batch.
    public var batchBytes = 2 << 20
    /// Message-ID hashes shared by the inputs of one run, so that a message found in several inputs
    /// (older Takeout exports give one mbox per label; Thunderbird keeps copies in Inbox and Sent) is
    /// emitted once and its later copies are skipped as `duplicate`. `nil`: duplicates are removed
    /// within each input only.
    public var seenAcrossInputs: SeenMessageIDs?

    public init(format: InputFormat) {
        self.format = format
        workers = max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))
    }

    public func canRead(path: String, isDirectory: Bool, head: [UInt8]) -> Bool {
        if isDirectory { return Ingestor.detectDirectory(path) == .maildir }
        let f = Ingestor.detect(head: head, name: path)
        return f == .mbox || f == .eml
    }

    /// One physical file to split: a file, or an entry of a zip archive at `path`.
    struct Unit {
        var path: String
        var single: Bool
        /// The entry's path inside the zip archive `path`, if the unit is one.
        var zipEntry: String? = nil
        /// How its messages are labelled (mail in a zip mixes mboxes, `.eml` files and maildirs).
        var source: SourceKind? = nil

        /// The name in locators, errors and notes: `archive.zip!Takeout/Mail/Inbox.mbox` for a zip entry.
        var display: String { zipEntry.map { path + "!" + $0 } ?? path }
    }

    /// The files (or zip entries) of an input, in reading order; `refused` lists zip entries with unsafe
    /// names, which are not read.
    func units(
        _ path: String, limits: IngestLimits, refused: inout [(name: String, why: String)]
    ) throws(RapportError) -> [Unit] {
        switch format {
        case .maildir:
            var result: [Unit] = []
            let fm = FileManager.default
            var folders = [path]
            if let children = try? fm.contentsOfDirectory(atPath: path) {
                for c in children.sorted() where c.hasPrefix(".") && c != "." && c != ".." {
                    let full = path + "/" + c
                    if fm.fileExists(atPath: full + "/cur") || fm.fileExists(atPath: full + "/new") {
                        folders.append(full)
                    }
                }
            }
            for folder in folders {
                for sub in ["cur", "new"] {
                    let dir = folder + "/" + sub
                    guard let files = try? fm.contentsOfDirectory(atPath: dir) else { continue }
                    for f in files.sorted() where !f.hasPrefix(".") {
                        result.append(Unit(path: dir + "/" + f, single: true))
                    }
                }
            }
            return result
        case .eml:
            // A folder: its saved messages, read as one mailbox (one thread index over all files).
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
                return Ingestor.emlFiles(under: path).map { Unit(path: $0, single: true) }
            }
            return [Unit(path: path, single: true)]
        default:
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
                // Apple Mail bundle: a folder holding `mbox`.
                if FileManager.default.fileExists(atPath: path + "/mbox") {
                    return [Unit(path: path + "/mbox", single: false)]
                }
                throw RapportError(.unknownFormat, "folder is not an mbox bundle or maildir", file: path)
            }
            if Ingestor.head(path, count: 4).starts(with: [0x50, 0x4B]) {
                return try zipUnits(path, limits: limits, refused: &refused)
            }
            return [Unit(path: path, single: false)]
        }
    }

    /// The mail entries of a zip archive (see ``MailZip``); unsafe entry names are refused.
    private func zipUnits(
        _ path: String, limits: IngestLimits, refused: inout [(name: String, why: String)]
    )
        throws(RapportError) -> [Unit]
    {
        let mail: [MailZip.Entry]
        (mail, refused) = try MailZip.entries(path, limits: limits)
        if mail.isEmpty && refused.isEmpty {
            throw RapportError(
                .unknownFormat, "no mail in this zip (no .mbox, .eml or maildir entries)", file: path,
                remedy: "give the Google Takeout or mail archive .zip, or its unzipped folder")
        }
        return mail.map { Unit(path: path, single: $0.single, zipEntry: $0.name, source: $0.source) }
    }

    var sourceKind: SourceKind {
        switch format {
        case .eml: .eml
        case .maildir: .maildir
        default: .mbox
        }
    }

    /// Mailbox names of sent mail (lower case): Thunderbird, Outlook, Apple Mail, Gmail over IMAP, and the
    /// common localized ones.
    static let sentMailboxNames: Set<String> = [
        "sent", "sent items", "sent mail", "sent messages", "gesendet", "gesendete elemente", "gesendete objekte",
        "envoyés", "éléments envoyés", "enviados", "elementos enviados", "inviata", "posta inviata", "verzonden",
        "verzonden items", "enviadas", "itens enviados", "skickat", "skickade objekt", "sendt", "sendte elementer",
        "lähetetyt", "wysłane", "отправленные", "送信済み", "已发送",
    ]

    /// True when a unit comes from a Sent mailbox: an mbox file (or Apple Mail bundle) so named, a maildir
    /// file in a Maildir++ `.Sent` folder, or an `.eml`/`.emlx` in a folder so named (underscores read as
    /// spaces: Enron's `_sent_mail`, `sent_items`).
    static func isSentMailbox(_ path: String, format: InputFormat) -> Bool {
        let parts = path.split(separator: "/")
        var name: Substring?
        switch format {
        case .mbox:
            name = parts.last
            if name == "mbox", parts.count >= 2 { name = parts[parts.count - 2] }
        case .maildir:
            if parts.count >= 3 { name = parts[parts.count - 3] }
        default:
            // Apple Mail's store: …/Sent Messages.mbox/<id>/Data/Messages/1.emlx.
            name = parts.dropLast().last { $0.lowercased().hasSuffix(".mbox") } ?? parts.dropLast().last
        }
        guard var n = name?.lowercased() else { return false }
        if n.hasSuffix(".mbox") { n.removeLast(5) }
        if n.hasPrefix(".") { n.removeFirst() }
        if let dot = n.lastIndex(of: "."), format == .maildir { n = String(n[n.index(after: dot)...]) }
        // Underscores for spaces: the Enron corpus's `_sent_mail`, `sent_items` folders.
        if n.contains("_") { n = n.split(separator: "_").joined(separator: " ") }
        return sentMailboxNames.contains(n)
    }

    /// The byte count on the first line of an Apple Mail `.emlx` file (1–12 ASCII digits, then the line
    /// end), or `nil` for any other first line — a mail header line always has a colon.
    static func emlxByteCount(_ line: UnsafeBufferPointer<UInt8>) -> Int? {
        var n = line.count
        if n > 0 && line[n - 1] == 0x0A { n -= 1 }
        if n > 0 && line[n - 1] == 0x0D { n -= 1 }
        var i = 0
        while i < n && (line[i] == 0x20 || line[i] == 0x09) { i += 1 }
        guard i < n, n - i <= 12 else { return nil }
        var value = 0
        while i < n {
            let d = line[i]
            if d == 0x20 || d == 0x09 { break }
            guard d >= 0x30 && d <= 0x39 else { return nil }
            value = value * 10 + Int(d - 0x30)
            i += 1
        }
        while i < n && (line[i] == 0x20 || line[i] == 0x09) { i += 1 }
        return i == n ? value : nil
    }

    /// The whole (inflated) zip entry, up to `maxMessageBytes` (else a `limitExceeded` error).
    static func entryBytes(_ path: String, entry: String, limits: IngestLimits) throws(RapportError) -> [UInt8] {
        let input = try ByteInput(zip: path, entry: entry, limits: limits)
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try chunk.withUnsafeMutableBufferPointer { (b) throws(RapportError) -> Int in
                try input.read(into: b.baseAddress!, count: b.count)
            }
            if n <= 0 { break }
            out.append(contentsOf: chunk[0..<n])
            if out.count > limits.maxMessageBytes {
                throw RapportError(.limitExceeded, "a message larger than the limit", file: path + "!" + entry)
            }
        }
        if let damage = input.damage, out.isEmpty {
            throw RapportError(.malformedInput, damage, file: path + "!" + entry)
        }
        return out
    }

    /// Streams the raw messages of one unit.
    static func split(
        _ unit: Unit, limits: IngestLimits, headersOnly: Bool = false, batchMessages: Int = 128,
        batchBytes: Int = 2 << 20,
        _ body: ([RawMessage]) throws(RapportError) -> Void
    ) throws(RapportError) -> (bytes: Int64, damage: String?) {
        _ = tuneMalloc
        let olm = unit.single && unit.zipEntry.map(OLMMessage.isRecord) == true
        let outlook =
            olm
            || unit.single
                && (unit.zipEntry.map { $0.lowercased().hasSuffix(".msg") }
                    ?? (Ingestor.head(unit.path, count: 8) == CompoundFile.magic))
        if outlook {
            // An Outlook .msg (a file, or a zip entry named `*.msg`) or an Outlook for Mac record (an
            // `.olm` entry): one message, rewritten as RFC 5322 (see ``OutlookMessage``, ``OLMMessage``).
            var raw = RawMessage(index: 0, offset: 0, data: [])
            var size: Int64 = 0
            do {
                let bytes =
                    if let entry = unit.zipEntry {
                        try Self.entryBytes(unit.path, entry: entry, limits: limits)
                    } else {
                        try FileBytes.read(unit.path, limit: limits.maxMessageBytes)
                    }
                size = Int64(bytes.count)
                if olm {
                    raw.failureReason = "malformed-olm-record"
                    switch OLMMessage.rfc822(bytes) {
                    case .success(let data): raw.data = data
                    case .failure(let f): raw.failure = f.reason
                    }
                } else {
                    switch OutlookMessage.rfc822(bytes) {
                    case .success(let data): raw.data = data
                    case .failure(let f): raw.failure = f.reason
                    }
                }
            } catch {
                if error.code == .limitExceeded { raw.oversize = true } else { throw error }
            }
            try body([raw])
            return (size, nil)
        }
        let input =
            if let entry = unit.zipEntry {
                try ByteInput(zip: unit.path, entry: entry, limits: limits)
            } else {
                try ByteInput(path: unit.path)
            }
        let reader = LineReader(input: input)
        var splitter = MboxSplitter(maxMessageBytes: limits.maxMessageBytes, single: unit.single)
        splitter.headersOnly = headersOnly
        var pendingBytes = 0
        // Apple Mail's `.emlx`: a first line holding the message's byte count, the message, then an XML
        // property list (flags) that is not part of the message.
        var emlxRemaining: Int?
        if unit.single, let (line, _, complete) = try reader.next() {
            if complete, let count = emlxByteCount(line) {
                emlxRemaining = count
                pendingBytes += line.count
            } else {
                splitter.feed(line, offset: 0, complete: complete)
                pendingBytes += line.count
            }
        }
        var emlxDraft = false
        while true {
            if let remaining = emlxRemaining {
                guard remaining > 0 else {
                    emlxDraft = try emlxDraftFlag(reader)
                    break
                }
                guard let (line, offset, complete) = try reader.next() else { break }
                let take = min(remaining, line.count)
                splitter.feed(
                    UnsafeBufferPointer(rebasing: line[0..<take]), offset: offset,
                    complete: take == line.count ? complete : true)
                emlxRemaining = remaining - line.count
                pendingBytes += line.count
                continue
            }
            if splitter.wantsSkip {
                let (n, blank) = try reader.skipToFromLine()
                splitter.skipped(n, prevBlank: blank)
                pendingBytes += n
            }
            if splitter.canBulk, let (lines, blank) = reader.plainBodyLines(maxBytes: splitter.bulkRoom) {
                splitter.bulk(lines, blankEnd: blank)
                pendingBytes += lines.count
            } else {
                guard let (line, offset, complete) = try reader.next() else { break }
                splitter.feed(line, offset: offset, complete: complete)
                pendingBytes += line.count
            }
            if splitter.ready.count >= batchMessages || pendingBytes >= batchBytes {
                let batch = located(splitter.drain(), in: input)
                pendingBytes = 0
                if !batch.isEmpty { try body(batch) }
            }
        }
        splitter.finish()
        var batch = located(splitter.drain(), in: input)
        if emlxDraft { for k in batch.indices { batch[k].draft = true } }
        if !batch.isEmpty { try body(batch) }
        return (input.fileBytes, input.damage)
    }

    /// Whether the property list after an `.emlx` message has the draft bit (bit 6, 0x40) in its
    /// `flags` integer (`<key>flags</key>` then `<integer>…</integer>`); reads at most 64 KiB of it.
    static func emlxDraftFlag(_ reader: LineReader) throws(RapportError) -> Bool {
        var plist: [UInt8] = []
        while plist.count < 65536, let (line, _, _) = try reader.next() { plist += line }
        return plist.withUnsafeBufferPointer { emlxFlags($0).map { $0 & 0x40 != 0 } ?? false }
    }

    /// The `flags` integer of an `.emlx` property list, if any.
    static func emlxFlags(_ p: UnsafeBufferPointer<UInt8>) -> UInt64? {
        let key = Array("<key>flags</key>".utf8)
        let open = Array("<integer>".utf8)
        guard let k = HeaderDecoder.find(p, key) else { return nil }
        var i = k + key.count
        while i < p.count && (p[i] == 0x20 || p[i] == 0x09 || p[i] == 0x0D || p[i] == 0x0A) { i += 1 }
        guard i + open.count < p.count, p[i..<(i + open.count)].elementsEqual(open) else { return nil }
        i += open.count
        var v: UInt64 = 0
        var digits = 0
        while i < p.count, p[i] >= 0x30, p[i] <= 0x39, digits < 19 {
            v = v * 10 + UInt64(p[i] - 0x30)
            digits += 1
            i += 1
        }
        return digits > 0 ? v : nil
    }

    /// Messages of a tar archive located in their member: `member` set, `offset` made relative to it.
    private static func located(_ batch: [RawMessage], in input: ByteInput) -> [RawMessage] {
        guard !batch.isEmpty, input.tarMember(at: batch[0].offset) != nil else { return batch }
        return batch.map { raw in
            guard let (name, start) = input.tarMember(at: raw.offset) else { return raw }
            var r = raw
            r.member = name
            r.offset -= start
            return r
        }
    }

    public func read(
        path: String, options: IngestOptions, summary: inout IngestSummary, evidence: inout UsEvidence,
        emit: (Message) throws(RapportError) -> Void
    ) throws(RapportError) {
        let stage = options.workerStage
        try read(
            path: path, options: options, summary: &summary, evidence: &evidence,
            prepare: { _ throws(RapportError) -> @Sendable (Message) -> Message in
                guard let stage else { return { $0 } }
                return { message in
                    var m = message
                    stage(&m)
                    return m
                }
            }, emit: emit)
    }

    /// The general form of ``read(path:options:summary:evidence:emit:)``: after the index pass,
    /// `prepare` gets the complete evidence of this input and returns a transform that runs on the
    /// worker threads on every finished message (thread and parent already set), e.g. to classify and
    /// encode it; `emit` then receives the transformed messages in input order, on this thread,
    /// without duplicates (and without automated mail unless `keepAutomated`).
    public func read<Prepared: Sendable>(
        path: String, options: IngestOptions, summary: inout IngestSummary, evidence: inout UsEvidence,
        prepare: (UsEvidence) throws(RapportError) -> @Sendable (Message) -> Prepared,
        emit: (Prepared) throws(RapportError) -> Void
    ) throws(RapportError) {
        let limits = options.limits
        var refused: [(name: String, why: String)] = []
        let units = try units(path, limits: limits, refused: &refused)
        for (name, why) in refused {
            summary.read += 1
            summary.skip("zip-unsafe-entry", problem: "\(path): zip entry '\(name)' refused: \(why)")
        }

        // Pass 1: thread index and "us" evidence from headers only. Header facts are parsed on the
        // worker threads (one batch in flight while the next is split); index and evidence are folded
        // here, in input order.
        let index = ThreadIndex(scope: path)
        // `message/partial` fragments, held until their set is complete (the same decisions in both passes).
        var partials = PartialAssembler(limits: limits)
        var serial = 0
        var seen = SeenMessageIDs()
        var recipients: [String: Set<String>] = [:]
        var recipientCounts: [String: Int] = [:]
        var recipientMessages = 0
        let indexWorkers = workers
        var unitIsSent = false
        var lastMember: String?
        var lastMemberSent = false
        func fold(_ pending: PendingWork<HeaderFacts?>) {
            pending.done.wait()
            for facts in pending.results {
                let i = serial
                serial += 1
                guard let facts else { continue }
                index.add(facts.links, index: i)
                // As the parse pass: deleted messages and drafts are skipped before duplicates are looked
                // for, and a different message under an id already read (other sender or date) is kept and
                // counts, a copy does not.
                if facts.deleted || facts.draft { continue }
                if let id = facts.links.messageID, seen.insert(FNV.hash(id), facts.fingerprint ?? 0) == .duplicate {
                    continue
                }
                guard let sender = facts.from else { continue }
                // Notification senders (`noreply@`, `notifications@`) are never the mailbox owner; in an
                // inbox they are often the most frequent sender.
                // Their recipients still count (the owner receives them).
                let noReply = AtSign.last(in: sender).map { Automated.isNoReply(sender[..<$0]) } ?? false
                if !noReply { evidence.senders[sender, default: 0] += 1 }
                if facts.sentLabel { evidence.sentLabelSenders[sender, default: 0] += 1 }
                // A tar's members are mailboxes of their own (`Takeout/Mail/Sent.mbox`).
                if let member = facts.member {
                    if member != lastMember {
                        lastMember = member
                        lastMemberSent = Self.isSentMailbox(member, format: .mbox)
                    }
                }
                if facts.member != nil ? lastMemberSent : unitIsSent {
                    evidence.sentFolderSenders = (evidence.sentFolderSenders ?? [:]).merging(
                        [sender: 1], uniquingKeysWith: +)
                }
                if !facts.recipients.isEmpty {
                    recipients[sender, default: []].formUnion(facts.recipients)
                    if !facts.mailingList {
                        // Each distinct recipient once (most messages have one: no set needed).
                        if facts.recipients.count == 1 {
                            recipientCounts[facts.recipients[0], default: 0] += 1
                        } else {
                            for r in Set(facts.recipients) { recipientCounts[r, default: 0] += 1 }
                        }
                        recipientMessages += 1
                    }
                }
            }
        }
        for unit in units {
            unitIsSent =
                if let entry = unit.zipEntry {
                    Self.isSentMailbox(entry, format: unit.single ? (unit.source == .maildir ? .maildir : .eml) : .mbox)
                } else {
                    Self.isSentMailbox(unit.path, format: format)
                }
            var inflight: [PendingWork<HeaderFacts?>] = []
            _ = try Self.split(unit, limits: limits, headersOnly: true) { split in
                let batch = partials.take(split, unit: unit.display, single: unit.single)
                if batch.isEmpty { return }
                let pending = PendingWork<HeaderFacts?>()
                if indexWorkers <= 1 {
                    pending.results = batch.map { HeaderFacts($0, limits: limits) }
                    pending.done.signal()
                } else {
                    DispatchQueue.global().async {
                        pending.results = parallelMap(batch, workers: indexWorkers) { HeaderFacts($0, limits: limits) }
                        pending.done.signal()
                    }
                }
                inflight.append(pending)
                while inflight.count > 2 { fold(inflight.removeFirst()) }
            }
            while !inflight.isEmpty { fold(inflight.removeFirst()) }
        }
        _ = partials.leftovers()
        for (sender, set) in recipients { evidence.recipientsPerSender[sender, default: 0] += set.count }
        if recipientMessages > 0 {
            var found = UsEvidence()
            found.recipients = recipientCounts
            found.recipientMessages = recipientMessages
            evidence.merge(found)
        }
        if options.evidenceOnly { return }
        let transform = try prepare(evidence)
        // Read-only from here on: workers compute thread keys concurrently.
        index.freeze()

        // Pass 2: split on this thread while earlier batches parse on the others (which also thread,
        // transform and encode each message); deduplicate, count and emit here, in input order.
        seen = SeenMessageIDs()  // releases the index pass's table
        let copies = SeenMessageIDs()
        serial = 0
        let workerCount = workers
        let markExclusions = options.markExclusions
        for unit in units {
            let parser = MailParser(file: unit.display, source: unit.source ?? sourceKind, limits: limits)
            var inflight: [PendingWork<FinishedMail<Prepared>>] = []
            var dispatched = 0
            func finish(_ pending: PendingWork<FinishedMail<Prepared>>) throws(RapportError) {
                pending.done.wait()
                for outcome in pending.results {
                    summary.read += 1
                    switch outcome {
                    case .skip(let reason, let problem):
                        summary.skip(reason, problem: problem.isEmpty ? nil : problem)
                    case .message(let idHash, let excludeReason, var prepared, let problem, let unreadDate, let copy):
                        if let problem { summary.note(problem) }
                        if let idHash, let copy {
                            switch (seenAcrossInputs ?? copies).insert(idHash, copy.fingerprint) {
                            case .new: break
                            case .duplicate:
                                summary.skip("duplicate")
                                continue
                            case .collision:
                                // A different message under an id already read: kept, with an id of its own
                                // that depends on its content only (docs/mail.md, "Duplicates").
                                var m = copy.message
                                let id = m.id
                                m.id = CopyFingerprint.distinctID(id, copy.fingerprint)
                                summary.note(
                                    "\(m.locator.file) @\(m.locator.byteOffset ?? 0): Message-ID of an earlier, different "
                                        + "message (other sender or date): kept as id …#\(CopyFingerprint.hex(copy.fingerprint))"
                                )
                                prepared = transform(m)
                            }
                        }
                        if let reason = excludeReason {
                            if !options.keepAutomated {
                                summary.skip(reason)
                                continue
                            }
                            summary.exclude(reason)
                        }
                        if let undated = unreadDate { summary.unreadDate(undated: undated) }
                        summary.emitted += 1
                        try emit(prepared)
                    }
                }
            }
            let stats = try Self.split(
                unit, limits: limits, batchMessages: batchMessages, batchBytes: batchBytes
            ) { (split) throws(RapportError) in
                let batch = partials.take(split, unit: unit.display, single: unit.single)
                if batch.isEmpty { return }
                let pending = PendingWork<FinishedMail<Prepared>>()
                let first = serial + dispatched
                dispatched += batch.count
                let work: @Sendable (Int, RawMessage) -> FinishedMail<Prepared> = { k, raw in
                    FinishedMail(
                        parser.parse(raw), serial: first + k, index: index, markExclusion: markExclusions,
                        transform: transform)
                }
                if workerCount <= 1 {
                    pending.results = batch.enumerated().map { work($0.offset, $0.element) }
                    pending.done.signal()
                } else {
                    DispatchQueue.global().async {
                        pending.results = parallelMapIndexed(batch, workers: workerCount, work)
                        pending.done.signal()
                    }
                }
                inflight.append(pending)
                // Earlier batches parse while the next is split.
                while inflight.count > 2 { try finish(inflight.removeFirst()) }
            }
            while !inflight.isEmpty { try finish(inflight.removeFirst()) }
            serial += dispatched
            summary.files += 1
            summary.bytes += stats.bytes
            if let damage = stats.damage { summary.note("\(unit.display): \(damage)") }
        }
        for left in partials.leftovers() {
            summary.read += 1
            let file = left.raw.member.map { left.unit + "!" + $0 } ?? left.unit
            summary.skip("partial-incomplete", problem: "\(file) @\(left.raw.offset): \(left.problem)")
        }
    }
}

/// Message-ID hashes (64-bit FNV-1a) seen by the inputs of one run, each with the
/// ``CopyFingerprint`` of the messages read under it; see ``MailReader/seenAcrossInputs``. Used from the
/// thread that emits (not shared between threads).
public final class SeenMessageIDs: @unchecked Sendable {
    /// The fingerprint of the first message read under each id.
    private var first: [UInt64: UInt64] = [:]
    /// (id hash, fingerprint) of the later, different messages under an id (rare).
    private var others: Set<[UInt64]> = []

    public init() {}

    enum Outcome { case new, duplicate, collision }

    /// Adds a message: `.duplicate` when a copy of it (same id and fingerprint) was read, `.collision`
    /// when only a different message under its id was.
    func insert(_ hash: UInt64, _ fingerprint: UInt64) -> Outcome {
        guard let known = first[hash] else {
            first[hash] = fingerprint
            return .new
        }
        if known == fingerprint { return .duplicate }
        return others.insert([hash, fingerprint]).inserted ? .collision : .duplicate
    }
}

/// `transform` over `items` on `workers` threads; results in input order.
func parallelMap<T: Sendable, R: Sendable>(
    _ items: [T], workers: Int, _ transform: @escaping @Sendable (T) -> R
) -> [R] {
    parallelMapIndexed(items, workers: workers) { _, item in transform(item) }
}

/// `transform(position, item)` over `items` on `workers` threads; results in input order.
func parallelMapIndexed<T: Sendable, R: Sendable>(
    _ items: [T], workers: Int, _ transform: @escaping @Sendable (Int, T) -> R
) -> [R] {
    if workers <= 1 || items.count < 2 { return items.enumerated().map { transform($0.offset, $0.element) } }
    let results = ResultSlots<R>(count: items.count)
    let chunks = min(workers, items.count)
    DispatchQueue.concurrentPerform(iterations: chunks) { w in
        var k = w
        while k < items.count {
            results.set(k, transform(k, items[k]))
            k += chunks
        }
    }
    return results.values()
}

/// A parsed message finished on a worker thread: threaded, transformed, with what the in-order fold
/// still needs (the Message-ID hash for duplicates, the automated-mail reason).
enum FinishedMail<Prepared: Sendable>: Sendable {
    /// `unreadDate`: the `Date:` header could not be read, and whether the message is undated for it.
    /// `copy`: the message and its ``CopyFingerprint`` when it has a Message-ID (to tell a copy from a
    /// different message under the same id, and to rename the latter).
    case message(
        idHash: UInt64?, excludeReason: String?, prepared: Prepared, problem: String?, unreadDate: Bool?,
        copy: (message: Message, fingerprint: UInt64)?)
    case skip(reason: String, problem: String)

    /// Sets thread and parent from the (frozen) index; `serial` is the message's position in its file.
    init(
        _ outcome: ParseOutcome, serial: Int, index: ThreadIndex, markExclusion: Bool = false,
        transform: @Sendable (Message) -> Prepared
    ) {
        switch outcome {
        case .skip(let reason, let problem):
            self = .skip(reason: reason, problem: problem)
        case .message(var parsed):
            parsed.message.thread = index.threadKey(parsed.links, index: serial)
            if parsed.message.parent == nil, let p = index.threadIndexParent(parsed.links, index: serial) {
                parsed.message.parent = p
            }
            if parsed.message.parent != nil && index.parentCloseCycle(parsed.links, index: serial) {
                parsed.message.parent = nil
            }
            if markExclusion, let reason = parsed.excludeReason {
                parsed.message.attributes[Message.exclusionAttribute] = reason
            }
            self = .message(
                idHash: parsed.links.messageID.map { FNV.hash($0) }, excludeReason: parsed.excludeReason,
                prepared: transform(parsed.message), problem: parsed.problem,
                unreadDate: parsed.dateUnread ? parsed.message.date == nil : nil,
                copy: CopyFingerprint.of(parsed.message).map { (parsed.message, $0) })
        }
    }
}

/// What the index pass needs from one message's header block (parsed on a worker thread).
struct HeaderFacts: Sendable {
    var links: ThreadLinks
    /// Lower-cased sender address (`From:`), if any.
    var from: String?
    /// Lower-cased `To:` and `Cc:` addresses.
    var recipients: [String]
    var deleted: Bool
    /// Never sent (see ``MailParser/isDraft(_:file:)``; maildir file flags are not looked at here).
    var draft: Bool
    var sentLabel: Bool
    /// A mailing-list post (`List-Id` or `List-Post`): its recipients are the list, not the mailbox owner.
    var mailingList: Bool
    /// The tar member the message comes from (``RawMessage/member``), if any.
    var member: String?
    /// The message's ``CopyFingerprint`` when it has a Message-ID.
    var fingerprint: UInt64?

    /// `nil` for an oversize message or one without a header block (the index pass skips those).
    init?(_ raw: RawMessage, limits: IngestLimits) {
        guard !raw.oversize, raw.failure == nil, raw.skip == nil else { return nil }
        guard
            let facts = raw.data.withUnsafeBufferPointer({ buf -> HeaderFacts? in
                guard var h = MailHeaders.parse(buf, limit: limits.maxHeaderBytes)?.0 else { return nil }
                h.recodeRawValues()
                return HeaderFacts(headers: h, fromLine: raw.fromLine)
            })
        else { return nil }
        self = facts
        member = raw.member
        if raw.draft { draft = true }
    }

    private init(headers h: MailHeaders, fromLine: [UInt8]?) {
        let sender = MailParser.sender(h)
        from = sender?.address.lowercased()
        var rcpt: [String] = []
        for name in ["to", "cc"] {
            for v in h.all(name) { rcpt += HeaderDecoder.addresses(v).map { $0.address.lowercased() } }
        }
        recipients = rcpt
        links = ThreadLinks(headers: h, from: from, recipients: rcpt)
        deleted = MailParser.isDeleted(h)
        draft = MailParser.isDraft(h, file: nil)
        sentLabel = MailParser.hasSentLabel(h.first("x-gmail-labels"))
        mailingList = h.first("list-id") != nil || h.first("list-post") != nil
        if links.messageID != nil { fingerprint = MailParser.copyFingerprint(h, fromLine: fromLine, sender: sender) }
    }
}

/// Work running in the background; `done` is signalled once `results` is set.
final class PendingWork<T>: @unchecked Sendable {
    var results: [T] = []
    let done = DispatchSemaphore(value: 0)
}
