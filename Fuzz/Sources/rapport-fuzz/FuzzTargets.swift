import Foundation
import RapportCore

@testable import RapportIngest
@testable import RapportSentiment
@testable import RapportText

/// One libFuzzer binary, many targets: `RAPPORT_FUZZ_TARGET` picks the parser under test (one binary
/// keeps the sanitizer build and link to a single pass on a small machine). Each target checks the
/// invariants that must hold for any input — no crash, no hang, and for readers the accounting
/// equation `read == emitted + skipped` — and traps when one fails, so libFuzzer saves the input.
enum FuzzTarget: String, CaseIterable {
    /// mbox file → `MailReader` (ByteInput, LineReader, MboxSplitter, MailParser, MIME, cleaning).
    case mbox
    /// A single message file (`.eml`) → `MailReader`.
    case eml
    /// Header block → `MailHeaders.parse` and every header decoder (encoded words, addresses, ids,
    /// parameters with RFC 2231 continuations) and `MailDate`.
    case headers
    /// `MailDate.parse` alone.
    case date
    /// One raw message → `MailParser.parse` (MIME tree, transfer decoding, charsets, HTML, cleaning).
    case mime
    /// Quoted-printable (body and header flavour) and base64 decoders.
    case transfer
    /// Charset conversion: first line is the charset name, the rest the bytes.
    case charset
    /// HTML ticket page file → `TicketReader` (libxml2, profiles, generic detection, dates).
    case html
    /// HTML → text (`HTMLText`) and the mail HTML quote renderer.
    case htmltext
    /// Slack JSON: `JSONDocument.parse` / `parseArray` and a walk over every value.
    case json
    /// A Slack day file inside a small export → `SlackExportReader`.
    case slack
    /// Slack mrkdwn → text (`MrkdwnDecoder`).
    case mrkdwn
    /// Quote / signature stripping (`TextCleaner`).
    case clean
    /// An Outlook for Mac message record (XML) → `OLMMessage.rfc822` → `MailParser`.
    case olm
    /// An Outlook `.msg` (compound file) → `OutlookMessage.rfc822` → `MailParser`.
    case msg
    /// A TNEF stream (`winmail.dat`) → `TNEF.body`; compressed RTF → `CompressedRTF` and `RTFText`.
    case tnef
    /// A zip (mail zip, Takeout part, `.olm` archive, Slack export) named `input.olm` → `rapport ingest`'s
    /// path: `Ingestor` detection (`MailZip.classify`) and the chosen reader.
    case zip
    /// A tar archive (Takeout's `.tgz` unpacked) → `Ingestor` detection and `MailReader` (`TarMail`).
    case tar
    /// An mbox of `message/partial` fragments → `MailReader` (`PartialAssembler`), held bytes capped low.
    case partial
    /// A ticket page → `TicketReader.readPage` with the built-in profiles (loaded once), the charset
    /// detection (UTF-16/32 with and without BOM) and MHTML extraction.
    case ticket
    /// One JSON file of a slackdump export (first byte picks which) → `SlackExportReader`.
    case slackdump
    /// One metadata or canvas file of an Enterprise Grid org export (first byte picks which: users,
    /// channels, DMs, canvases, `file_conversations.json`, a canvas day file) → `SlackExportReader`.
    case slackorg
    /// Any bytes (decoded as the CLI does) → the Rapport and VADER sentiment engines.
    case sentiment
}

let target: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["RAPPORT_FUZZ_TARGET"] ?? ""
    guard let t = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        FileHandle.standardError.write(Data("rapport-fuzz: set RAPPORT_FUZZ_TARGET to one of: \(names)\n".utf8))
        exit(2)
    }
    return t
}()

/// Per-process scratch directory for the file-based targets (RAM-backed when possible).
let scratch: String = {
    let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let dir = base + "/rapport-fuzz-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(atPath: "/dev/shm/rapport-fuzz-\(getpid())") }
    return dir
}()

/// Limits small enough that limit paths are reachable by the fuzzer.
let fuzzLimits: IngestLimits = {
    var l = IngestLimits()
    l.maxHeaderBytes = 64 << 10
    l.maxMessageBytes = 1 << 20
    l.maxMIMEDepth = 8
    l.maxMIMEParts = 64
    l.maxJSONDepth = 32
    l.maxPartialBytes = 64 << 10
    return l
}()

let dataDirectory: String = {
    // Fuzz/Sources/rapport-fuzz/FuzzTargets.swift → the repository root (lexicons/, profiles/).
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
}()

let slackExport: String = {
    let dir = scratch + "/export"
    try? FileManager.default.createDirectory(atPath: dir + "/general", withIntermediateDirectories: true)
    _ = FileManager.default.createFile(
        atPath: dir + "/users.json",
        contents: Data(#"[{"id":"U1","name":"ana","real_name":"Ana"},{"id":"U2","name":"bo","is_bot":true}]"#.utf8))
    _ = FileManager.default.createFile(
        atPath: dir + "/channels.json", contents: Data(#"[{"id":"C1","name":"general","members":["U1","U2"]}]"#.utf8))
    return dir
}()

func check(_ summary: IngestSummary, emitted: Int) {
    if summary.read != summary.emitted + summary.skippedTotal || summary.emitted != emitted || summary.used < 0 {
        FileHandle.standardError.write(Data("accounting broken: \(summary.line) emitted \(emitted)\n".utf8))
        abort()
    }
}

func options() -> IngestOptions {
    var o = IngestOptions()
    o.limits = fuzzLimits
    o.dataDirectory = dataDirectory
    return o
}

func readFile(_ reader: some SourceReader, path: String) {
    var summary = IngestSummary()
    var evidence = UsEvidence()
    var emitted = 0
    do {
        try reader.read(path: path, options: options(), summary: &summary, evidence: &evidence) { _ in emitted += 1 }
    } catch {
        // A clear error is an acceptable outcome; the counts so far must still add up.
    }
    check(summary, emitted: emitted)
}

func write(_ bytes: UnsafeBufferPointer<UInt8>, to path: String) {
    let fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0o644)
    guard fd >= 0 else { return }
    var done = 0
    while done < bytes.count {
        let n = Foundation.write(fd, bytes.baseAddress! + done, bytes.count - done)
        if n <= 0 { break }
        done += n
    }
    close(fd)
}

/// Every input `rapport ingest` plans for `path` (detection included), read in order.
func ingestFile(_ path: String) {
    var summary = IngestSummary()
    var evidence = UsEvidence()
    var emitted = 0
    let ingestor = Ingestor(options: options())
    if let inputs = try? ingestor.plan([path]) {
        do {
            try ingestor.ingest(inputs, summary: &summary, evidence: &evidence) { _ in emitted += 1 }
        } catch {
            // A clear error is an acceptable outcome; the counts so far must still add up.
        }
    }
    check(summary, emitted: emitted)
}

/// A copy of the fixture export `name` (under Tests/RapportIngestTests/Fixtures/slack) in the scratch
/// directory, with its JSON files (sorted) and their original bytes, restored after each input.
final class SlackFixture: @unchecked Sendable {
    let dir: String
    let files: [(path: String, bytes: [UInt8])]

    init(_ name: String) {
        let fm = FileManager.default
        let source = dataDirectory + "/Tests/RapportIngestTests/Fixtures/slack/" + name
        let copy = scratch + "/" + name
        try? fm.removeItem(atPath: copy)
        try? fm.copyItem(atPath: source, toPath: copy)
        let names = (fm.enumerator(atPath: copy)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".json") }
        dir = copy
        files = names.sorted().map { ($0, [UInt8](fm.contents(atPath: copy + "/" + $0) ?? Data())) }
    }

    /// Replaces file `input[0] % count` with the rest of `input`, reads the export, restores the file.
    func run(_ input: UnsafeBufferPointer<UInt8>) {
        guard let first = input.first, !files.isEmpty else { return }
        let (name, original) = files[Int(first) % files.count]
        write(UnsafeBufferPointer(rebasing: input[1...]), to: dir + "/" + name)
        readFile(SlackExportReader(), path: dir)
        original.withUnsafeBufferPointer { write($0, to: dir + "/" + name) }
    }
}

let slackdumpFixture = SlackFixture("slackdump")
let slackOrgFixture = SlackFixture("grid-org")

let ticketProfiles: [(TicketProfile, String)] = {
    (try? TicketReader().profiles(options: options())) ?? []
}()

/// The Rapport and VADER analyzers over the repository's lexicons (loaded once).
nonisolated(unsafe) let sentimentAnalyzers: [SentimentAnalyzer] = {
    guard let lexicons = try? Lexicons.load(dataDirectory: dataDirectory) else {
        FileHandle.standardError.write(Data("rapport-fuzz: lexicons not found under \(dataDirectory)\n".utf8))
        exit(2)
    }
    return [SentimentEngineKind.rapport, .vader].compactMap { try? SentimentAnalyzer(lexicons: lexicons, engine: $0) }
}()

/// One raw message through the mail parser (as the mail reader does with a converted Outlook message).
func parseMail(_ data: [UInt8]) {
    let parser = MailParser(file: "fuzz", source: .eml, limits: fuzzLimits)
    _ = parser.parse(RawMessage(index: 0, offset: 0, fromLine: nil, data: data))
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let buf = UnsafeBufferPointer(start: data, count: size)
    let bytes = [UInt8](buf)
    switch target {
    case .mbox:
        let path = scratch + "/input.mbox"
        write(buf, to: path)
        var reader = MailReader(format: .mbox)
        reader.workers = 1
        readFile(reader, path: path)
    case .eml:
        let path = scratch + "/input.eml"
        write(buf, to: path)
        var reader = MailReader(format: .eml)
        reader.workers = 1
        readFile(reader, path: path)
    case .headers:
        if let (h, _, _) = MailHeaders.parse(buf, limit: fuzzLimits.maxHeaderBytes) {
            for f in h.fields {
                _ = HeaderDecoder.decodeText(f.value)
                _ = HeaderDecoder.addresses(f.value)
                _ = HeaderDecoder.messageIDs(f.value)
                _ = HeaderDecoder.parameters(f.value)
                _ = MailDate.parse(f.value)
            }
            _ = ThreadLinks(headers: h, from: nil, recipients: [])
            _ = MailParser.isDeleted(h)
        }
        _ = HeaderDecoder.decodeText(bytes)
        _ = HeaderDecoder.addresses(bytes)
    case .date:
        _ = MailDate.parse(bytes)
    case .mime:
        let parser = MailParser(file: "fuzz", source: .mbox, limits: fuzzLimits)
        _ = parser.parse(RawMessage(index: 0, offset: 0, fromLine: nil, data: bytes))
    case .transfer:
        _ = Transfer.quotedPrintable(bytes)
        _ = Transfer.quotedPrintable(bytes, header: true)
        _ = Transfer.base64(bytes)
        _ = MIMEWalker.unflow(bytes, delsp: true)
    case .charset:
        let nl = bytes.firstIndex(of: 0x0A) ?? min(bytes.count, 16)
        let name = String(decoding: bytes[..<nl], as: UTF8.self)
        let rest = Array(bytes[min(nl + 1, bytes.count)...])
        _ = Charset.decode(rest, charset: name)
        _ = Charset.convert(rest, from: name)
        _ = Charset.detect(rest, declared: name)
        _ = TicketCharset.utf8(rest)
    case .html:
        let path = scratch + "/input.html"
        write(buf, to: path)
        readFile(TicketReader(), path: path)
    case .htmltext:
        _ = HTMLText.text(fromHTML: bytes)
        _ = HTMLQuotes.render(String(decoding: bytes, as: UTF8.self))
    case .json:
        if case .success(let doc) = JSONDocument.parse(bytes, maxDepth: fuzzLimits.maxJSONDepth) {
            walk(doc, 0)
        }
        let (doc, elements, _) = JSONDocument.parseArray(bytes, maxDepth: fuzzLimits.maxJSONDepth)
        for e in elements { walk(doc, e) }
    case .slack:
        write(buf, to: slackExport + "/general/2023-01-01.json")
        readFile(SlackExportReader(), path: slackExport)
    case .mrkdwn:
        let decoder = MrkdwnDecoder(userNames: ["U1": "Ana"], channelNames: ["C1": "general"], emoji: SlackEmoji())
        _ = decoder.decode(bytes[...])
    case .clean:
        _ = TextCleaner.clean(String(decoding: bytes, as: UTF8.self))
    case .olm:
        if case .success(let data) = OLMMessage.rfc822(bytes) { parseMail(data) }
    case .msg:
        _ = OutlookMessage.isMessage(bytes)
        if case .success(let data) = OutlookMessage.rfc822(bytes) { parseMail(data) }
    case .tnef:
        _ = TNEF.body(bytes)
        if case .success(let rtf) = CompressedRTF.decompress(bytes, limit: 1 << 20) { _ = RTFText.read(rtf) }
        _ = RTFText.read(bytes)
    case .zip:
        let path = scratch + "/input.olm"
        write(buf, to: path)
        ingestFile(path)
    case .tar:
        let path = scratch + "/input.tar"
        write(buf, to: path)
        ingestFile(path)
    case .partial:
        let path = scratch + "/input.mbox"
        write(buf, to: path)
        var reader = MailReader(format: .mbox)
        reader.workers = 1
        readFile(reader, path: path)
    case .ticket:
        let path = scratch + "/input.html"
        write(buf, to: path)
        if let r = try? TicketReader().readPage(path: path, options: options(), profiles: ticketProfiles),
            let page = r.page
        {
            var summary = IngestSummary()
            var evidence = UsEvidence()
            let messages = TicketReader.messages(page, path: path, summary: &summary, evidence: &evidence)
            summary.emitted = messages.count
            check(summary, emitted: messages.count)
        }
        _ = TicketCharset.utf8(bytes)
        _ = TicketMHTML.extract(bytes, limits: fuzzLimits)
    case .slackdump:
        slackdumpFixture.run(buf)
    case .slackorg:
        slackOrgFixture.run(buf)
    case .sentiment:
        let text = String(decoding: bytes, as: UTF8.self)
        for analyzer in sentimentAnalyzers { _ = analyzer.analyze(text) }
    }
    return 0
}

/// Visits every value of a parsed document (strings decoded, members looked up).
func walk(_ doc: JSONDocument, _ i: Int32) {
    _ = doc.string(i)
    _ = doc.member(i, "text")
    doc.forEachMember(i) { k, v in
        _ = doc.string(k)
        walk(doc, v)
    }
    for e in doc.elements(i) { walk(doc, e) }
}
