import Foundation
import RapportAnalysis
import RapportCore
import Testing

@testable import RapportReport

@Suite("Report snapshots")
struct SnapshotTests {
    static let cases: [(String, ReportFormat, RenderOptions)] = [
        ("sample.txt", .table, RenderOptions()),
        ("sample-color.ansi", .table, RenderOptions(color: true)),
        ("sample.json", .json, RenderOptions()),
        ("sample.csv", .csv, RenderOptions()),
        ("sample.ndjson", .ndjson, RenderOptions()),
        ("sample.html", .html, RenderOptions()),
        ("sample-redacted.txt", .table, RenderOptions(redact: true)),
        ("sample-redacted.json", .json, RenderOptions(redact: true)),
        ("sample-redacted.html", .html, RenderOptions(redact: true)),
    ]

    @Test(arguments: 0..<cases.count)
    func matchesSnapshot(_ index: Int) throws {
        let (name, format, options) = Self.cases[index]
        let text = try Renderer.render(SampleReports.small, format: format, options: options)
        Snapshots.assertMatches(text, name)
    }

    @Test(arguments: ReportFormat.allCases)
    func deterministicAndStreamingMatches(_ format: ReportFormat) throws {
        let report = SampleReports.generated(accounts: 60)
        let a = try Renderer.render(report, format: format)
        let b = try Renderer.render(report, format: format)
        #expect(a == b)
        var chunks: [String] = []
        try Renderer.render(report, format: format) { chunks.append($0) }
        #expect(chunks.joined() == a)
        if format == .html { #expect(chunks.count > 1) }
    }
}

@Suite("Provenance in every format")
struct ProvenanceTests {
    @Test(arguments: ReportFormat.allCases)
    func carriesInputsCountsUsAndHashes(_ format: ReportFormat) throws {
        let r = SampleReports.small
        let text = try Renderer.render(r, format: format)
        #expect(text.contains("corpora/demo/mail.mbox"))
        #expect(text.contains("corpora/demo/slack-export.zip"))
        #expect(text.contains(r.configHash))
        #expect(text.contains(r.lexiconHash))
        #expect(text.contains("sam@ourco.example"))
        #expect(text.contains("ourco.example"))
        // Read / used / skipped with reasons.
        if format == .json || format == .ndjson {
            #expect(text.contains("\"malformed-headers\""))
            #expect(text.contains("\"read\""))
        } else {
            #expect(
                text.contains(
                    "messages read 1875, used 1788, skipped 27 (deleted 5, duplicate 14, malformed-headers 6, system 2)"
                ))
        }
    }
}

@Suite("JSON and NDJSON")
struct JSONTests {
    @Test func jsonRoundTripsTheWholeReport() throws {
        let r = SampleReports.small
        let text = try Renderer.render(r, format: .json)
        let decoded = try JSONDecoder().decode(AnalysisReport.self, from: Data(text.utf8))
        #expect(decoded == r)
        #expect(text.hasPrefix("{\n"))
        #expect(text.contains("\"schemaVersion\" : 1"))
    }

    @Test func ndjsonHasOneTypedObjectPerLine() throws {
        let r = SampleReports.small
        let text = try Renderer.render(r, format: .ndjson)
        let lines = text.split(separator: "\n")
        var types: [String] = []
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let type = try #require(object?["type"] as? String)
            types.append(type)
        }
        #expect(types.first == "report")
        #expect(types.filter { $0 == "account" }.count == 3)
        #expect(types.filter { $0 == "contact" }.count == 7)
        #expect(types.filter { $0 == "warning" }.count == 4)
        #expect(lines.count == 1 + 3 + 7 + 4)
        // Contacts follow their account.
        #expect(Array(types.prefix(6)) == ["report", "account", "contact", "contact", "contact", "account"])
        let contact = try JSONDecoder().decode(ContactResult.self, from: Data(lines[2].utf8))
        #expect(contact == r.accounts[0].contacts[0])
    }
}

@Suite("CSV")
struct CSVTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        ("cr\r", "\"cr\r\""),
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+1 555", "'+1 555"),
        ("-x", "'-x"),
        ("@cmd", "'@cmd"),
        ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
        ("\tTAB", "'\tTAB"),
        ("-3", "-3"),
        ("-0.25", "-0.25"),
        ("-", "'-"),
        ("-1.", "'-1."),
        ("", ""),
    ])
    func fieldQuoting(_ raw: String, _ expected: String) {
        #expect(CSVRenderer.field(raw) == expected)
    }

    @Test func documentParsesBackWithHostileNames() throws {
        var r = SampleReports.small
        r.accounts[0].contacts[0].displayName = "=cmd|' /C calc'!A0, \"Boss\"\nNext line"
        let text = try Renderer.render(r, format: .csv)
        let rows = parseCSV(text)
        let width = rows[0].count
        #expect(rows.allSatisfy { $0.count == width })
        #expect(rows[0].prefix(4) == ["record", "rank", "account", "id"])
        let hostile = try #require(rows.first { $0[3] == "dana.ruiz@northwind.example" })
        #expect(hostile[4] == "'=cmd|' /C calc'!A0, \"Boss\"\nNext line")
        #expect(rows.filter { $0[0] == "account" }.count == 3)
        #expect(rows.filter { $0[0] == "contact" }.count == 6)
        #expect(rows.filter { $0[0] == "unaffiliated-contact" }.count == 1)
        #expect(rows.contains { $0[0] == "meta" && $0[3] == "config_hash" && $0[4] == r.configHash })
        #expect(text.hasSuffix("\r\n"))
        // Negative numbers stay numbers.
        let bill = try #require(rows.first { $0[3] == "bill.lumbergh@initech.example" })
        #expect(bill[10] == "-2")
        #expect(bill[11] == "-26.60")
    }

    /// A strict RFC 4180 reader for the test.
    func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" {
                        field.unicodeScalars.append("\"")
                        chars.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" && field.isEmpty {
                quoted = true
            } else if c == "," {
                row.append(field)
                field = ""
            } else if c == "\r" && chars.first == "\n" {
                chars.removeFirst()
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.unicodeScalars.append(c)
            }
        }
        return rows
    }
}

@Suite("HTML")
struct HTMLTests {
    static let hostile = [
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(2)>", "'; background:url(http://evil/)",
        "</blockquote><iframe src=//evil>", "&amp; <svg onload=alert(3)>",
    ]

    @Test func escapesHostileText() throws {
        var r = SampleReports.small
        r.accounts[0].name = Self.hostile[0]
        r.accounts[0].id = Self.hostile[1]
        r.accounts[0].contacts[0].displayName = Self.hostile[2]
        r.accounts[0].contacts[0].title = Self.hostile[4]
        r.accounts[0].contacts[0].score.evidence[0].quote = Self.hostile[3]
        r.accounts[0].contacts[0].score.evidence[0].reason = Self.hostile[0]
        r.warnings[0].summary = Self.hostile[1]
        r.warnings[0].evidence[0].quote = Self.hostile[3]
        r.accounts[1].contacts[0].dynamics.openItems[0].quote = Self.hostile[4]
        r.inputs[0].path = Self.hostile[0]
        r.accounts[0].contacts[0].months[0].month = Self.hostile[0]
        let html = try Renderer.render(r, format: .html)
        for tag in ["<script", "<img", "<iframe", "<svg onload", "\" onerror", "style=\"'"] {
            #expect(!html.lowercased().contains(tag), "unescaped \(tag)")
        }
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"))
        #expect(html.contains("&lt;/blockquote&gt;&lt;iframe src=//evil&gt;"))
        #expect(html.contains("&amp;amp; &lt;svg onload=alert(3)&gt;"))
        // The anchors use indexes, never input text.
        #expect(html.contains("id=\"a1\""))
    }

    @Test func selfContained() throws {
        let html = try Renderer.render(SampleReports.small, format: .html)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("Content-Security-Policy"))
        for banned in ["<script", "<link", "@import", "src=", "http://", "https://", "url("] {
            #expect(!html.contains(banned), "external or scripted content: \(banned)")
        }
        #expect(html.components(separatedBy: "<details class=\"account\"").count - 1 == 3)
        #expect(html.contains("<svg"))
        #expect(html.contains("class=\"lvl b-red\""))
        #expect(html.contains("class=\"lvl b-amber\""))
        #expect(html.contains("class=\"lvl b-green\""))
        // Evidence quotes are rendered in the thread view, escaped.
        #expect(html.contains("we&#39;ve asked three times now. &lt;b&gt;Please&lt;/b&gt; escalate."))
    }

    @Test func thousandAccountsStayUsable() throws {
        let report = SampleReports.generated(accounts: 1000)
        let start = Date()
        let html = try Renderer.render(report, format: .html)
        let seconds = Date().timeIntervalSince(start)
        let bytes = html.utf8.count
        let accounts = html.components(separatedBy: "<details class=\"account\"").count - 1
        #expect(accounts == 1000)
        #expect(!html.contains("<details class=\"account\" open"))
        let contacts = report.accounts.reduce(0) { $0 + $1.contacts.count }
        // About 6 KB per contact (two charts, components, dynamics, thread); guard against growth.
        #expect(bytes / contacts < 8 << 10, "HTML is \(bytes / contacts) bytes per contact")
        #expect(bytes < 24 << 20, "HTML for 1,000 accounts is \(bytes) bytes")
        #expect(seconds < 60, "rendering took \(seconds) s (about 1.5 s on an idle machine, debug build)")
        if let path = ProcessInfo.processInfo.environment["RAPPORT_WRITE_LARGE_HTML"] {
            // For scripts/screenshot-report.sh (see docs/reports.md).
            try Data(html.utf8).write(to: URL(fileURLWithPath: path))
        }
        print("1,000-account HTML: \(bytes) bytes, \(contacts) contacts, \(seconds) s")
    }
}

@Suite("Redaction")
struct RedactionTests {
    /// Every name, name part, address, domain, message id and quote in the sample.
    static var secrets: [String] {
        let r = SampleReports.small
        var s: [String] = []
        var contacts = r.unaffiliated
        for a in r.accounts {
            contacts += a.contacts
            s += [a.id, a.name]
        }
        for c in contacts {
            s += [c.id, c.displayName] + c.aliases.map(\.id)
            s += c.displayName.split(separator: " ").map(String.init).filter { $0.count >= 3 && $0 != "🚀" }
            s += c.score.evidence.compactMap(\.quote) + c.score.evidence.map(\.messageID)
            s += c.dynamics.openItems.compactMap(\.quote) + c.dynamics.openItems.map(\.thread)
        }
        for w in r.warnings { s += w.evidence.compactMap(\.quote) }
        s += r.us.identities
        s += [
            "northwind", "Northwind", "unacceptable", "mail.mbox", "slack-export", "premium", "Shanghai", "O'Neil",
            "O&#39;Neil",
        ]
        return Array(Set(s)).sorted()
    }

    @Test(arguments: ReportFormat.allCases)
    func leavesNoOriginalNameAddressOrQuote(_ format: ReportFormat) throws {
        let text = try Renderer.render(SampleReports.small, format: format, options: RenderOptions(redact: true))
        for secret in Self.secrets {
            #expect(!text.contains(secret), "\(format): leaked \(secret)")
            #expect(!text.lowercased().contains(secret.lowercased()), "\(format): leaked \(secret) (case)")
        }
        #expect(text.contains("Contact-"))
        #expect(text.contains("account-"))
    }

    @Test func pseudonymsAreStableAndConsistent() throws {
        let redacted = Redactor.redact(SampleReports.small)
        let again = Redactor.redact(SampleReports.small)
        #expect(redacted == again)
        let dana = redacted.accounts[0].contacts[0]
        #expect(dana.displayName.hasPrefix("Contact-"))
        #expect(dana.id.hasPrefix("contact-") && dana.id.hasSuffix("@" + redacted.accounts[0].id))
        #expect(dana.email == dana.id)
        #expect(dana.account == redacted.accounts[0].id)
        // Warnings point at the same pseudonyms as the contacts.
        let bill = redacted.accounts[2].contacts[0]
        #expect(redacted.warnings[0].contact == bill.id)
        #expect(redacted.warnings[0].account == redacted.accounts[2].id)
        // Names inside free text become the pseudonym; quoted words are dropped.
        #expect(
            redacted.warnings[0].summary
                == "\(bill.displayName) used risk language ([redacted]) and asked for escalation")
        #expect(
            redacted.warnings[3].summary.hasPrefix(
                "replies from \(redacted.accounts[1].contacts[1].displayName) slowed"))
        #expect(redacted.accounts[0].contacts[0].score.evidence.allSatisfy { $0.quote == nil })
        // A different key gives different pseudonyms.
        let other = Redactor(key: "secret").redact(SampleReports.small)
        #expect(other.accounts[0].contacts[0].displayName != dana.displayName)
        // Inputs keep their extension only.
        #expect(redacted.inputs.map(\.path) == ["input-1.mbox", "input-2.zip", "input-3"])
    }

    @Test func dropQuotesKeepsApostrophes() {
        let map = PseudonymMap(key: Array("k".utf8))
        #expect(map.dropQuotes("negative: 'unacceptable'") == "negative: [redacted]")
        #expect(map.dropQuotes("we don't know") == "we don't know")
        #expect(map.dropQuotes("said “never again” twice") == "said [redacted] twice")
        #expect(map.dropQuotes("open \"quote without end") == "open [redacted]")
    }
}

@Suite("Terminal table")
struct TableTests {
    @Test(arguments: [
        ("abc", 3), ("李小龍", 6), ("🚀", 2), ("e\u{301}", 1), ("👩‍💻", 2), ("❤️", 2), ("Ａ", 2), ("\u{1B}", 0), ("한국어", 6),
    ])
    func displayWidth(_ s: String, _ width: Int) {
        #expect(DisplayWidth.of(s) == width)
    }

    @Test func truncatesByCells() {
        #expect(DisplayWidth.truncate("李小龍李小龍", to: 7) == "李小龍…")
        #expect(DisplayWidth.truncate("abcdefgh", to: 5, ascii: true) == "abcd~")
        #expect(DisplayWidth.truncate("short", to: 5) == "short")
    }

    /// Every row's POINTS cell ends at the same display column as the header's, whatever the names.
    @Test func columnsAlignWithWideNames() throws {
        let text = try Renderer.render(SampleReports.small, format: .table)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let headerIndex = try #require(lines.firstIndex { $0.hasPrefix("#") && $0.contains("POINTS") })
        let header = lines[headerIndex]
        let pointsEnd = DisplayWidth.of(String(header[..<header.range(of: "POINTS")!.upperBound]))
        var checked = 0
        for line in lines[(headerIndex + 1)...] {
            if line.isEmpty { break }
            if line.contains("(no account)") { continue }
            let cells = Array(line)
            var col = 0
            var prefix = ""
            for c in cells {
                if col >= pointsEnd { break }
                prefix.append(c)
                col += DisplayWidth.of(c)
            }
            #expect(col == pointsEnd, "misaligned: \(line)")
            let lastToken = prefix.split(separator: " ").last.map(String.init) ?? ""
            #expect(Double(lastToken) != nil, "points column not at the header position: \(line)")
            checked += 1
        }
        #expect(checked == 10)
        #expect(text.unicodeScalars.allSatisfy { $0.value != 0x1B }, "plain output must not contain ANSI codes")
    }

    @Test func colourUsesBandsAndArrows() throws {
        let text = try Renderer.render(SampleReports.small, format: .table, options: RenderOptions(color: true))
        #expect(text.contains("\u{1B}[32m  5\u{1B}[0m"))
        #expect(text.contains("\u{1B}[33m  3\u{1B}[0m"))
        #expect(text.contains("\u{1B}[31m  1\u{1B}[0m"))
        #expect(text.contains("↑ +8.3"))
        #expect(text.contains("↓ -26.6"))
    }

    @Test func controlCharactersInNamesAreRemoved() throws {
        var r = SampleReports.small
        r.accounts[0].contacts[0].displayName = "Evil\u{1B}[2J\u{202E}Name\nNext"
        let text = try Renderer.render(r, format: .table)
        #expect(!text.contains("\u{1B}"))
        #expect(!text.contains("\u{202E}"))
        #expect(text.contains("Evil[2JName Next"))
    }
}

@Suite("Progress")
struct ProgressTests {
    final class Box: @unchecked Sendable {
        var lines: [String] = []
        var now = 0.0
    }

    @Test func lineShowsFilesBytesRateAndETA() {
        let s = ProgressReporter.State(
            files: 3, totalFiles: 12, bytes: 40 << 20, totalBytes: 160 << 20, messages: 18_204, elapsed: 2)
        #expect(ProgressReporter.line(s) == "files 3/12 · 40.0 MB / 160.0 MB · 18,204 msgs · 9,102 msg/s · ETA 0:06")
    }

    @Test func throttlesAndClears() {
        let box = Box()
        let p = ProgressReporter(
            totalBytes: 1000, enabled: true, interval: 1, clock: { box.now }, sink: { box.lines.append($0) })
        box.now = 0.5
        p.advance(files: 1, bytes: 100, messages: 10)
        box.now = 0.9
        p.advance(bytes: 100, messages: 10)
        box.now = 2
        p.advance(bytes: 300, messages: 30)
        p.finish()
        #expect(box.lines.count == 3)
        #expect(box.lines[0] == "\rfiles 1 · 100 B / 1000 B · 10 msgs · 20 msg/s · ETA 0:05\u{1B}[K")
        #expect(box.lines[1] == "\rfiles 1 · 500 B / 1000 B · 50 msgs · 25 msg/s · ETA 0:02\u{1B}[K")
        #expect(box.lines[2] == "\r\u{1B}[K")
        #expect(p.current.messages == 50)
    }

    @Test func totalBytesWalksDirectories() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "rapport-progress-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data(count: 1000).write(to: dir.appendingPathComponent("a.mbox"))
        try Data(count: 234).write(to: dir.appendingPathComponent("sub/b.json"))
        #expect(ProgressReporter.totalBytes(of: [dir.path]) == 1234)
        #expect(ProgressReporter.totalBytes(of: [dir.appendingPathComponent("a.mbox").path, "/nonexistent"]) == 1000)
        try? FileManager.default.removeItem(at: dir)
    }

    @Test func disabledWritesNothing() {
        let box = Box()
        let p = ProgressReporter(enabled: false, clock: { box.now }, sink: { box.lines.append($0) })
        p.advance(files: 1, bytes: 10, messages: 1)
        p.finish()
        #expect(box.lines.isEmpty)
    }
}

/// A folder of many saved messages prints one provenance line, not one per file; JSON keeps them all.
@Suite struct ProvenanceGroupingTests {
    static func report(emlFiles: Int) -> AnalysisReport {
        var r = SampleReports.small
        var one = IngestSummary()
        one.files = 1
        one.read = 1
        one.emitted = 1
        var inputs = [InputRecord(path: "export/inbox.mbox", format: "mbox", summary: r.inputs[0].summary)]
        for i in 0..<emlFiles {
            inputs.append(InputRecord(path: "export/saved/\(1000 + i).eml", format: "eml", summary: one))
        }
        inputs.append(InputRecord(path: "export/tickets/t1.html", format: "html", summary: one))
        r.inputs = inputs
        return r
    }

    static func inputLines(_ r: AnalysisReport) throws -> [String] {
        try Renderer.render(r, format: .table).split(separator: "\n").map(String.init)
            .filter { $0.hasPrefix("Input:") }
    }

    @Test func manyFilesOfOneFormatInOneFolderCollapse() throws {
        let lines = try Self.inputLines(Self.report(emlFiles: 9))
        #expect(lines.count == 3)
        #expect(lines[1].hasSuffix("export/saved/ (9 eml inputs): files 9, messages read 9, used 9, skipped 0"))
        let json = try Renderer.render(Self.report(emlFiles: 9), format: .json)
        #expect(json.components(separatedBy: "\"format\" : \"eml\"").count - 1 == 9)
    }

    @Test func fewFilesStayOneLineEach() throws {
        #expect(try Self.inputLines(Self.report(emlFiles: 8)).count == 10)
    }
}

@Suite("Duration units")
struct DurationFormatTests {
    /// Before: 59.7 s printed `60s`, 59 min 50 s `60m` and 23 h 58 min `24.0h`: a value that rounds up to
    /// the next unit's size is now shown in that unit.
    @Test(arguments: [
        (0.0, "0s"), (59.4, "59s"), (59.7, "1m"), (3569.0, "59m"), (3590.0, "1.0h"), (3600.0, "1.0h"),
        (86_219.0, "23.9h"), (86_280.0, "1.0d"), (86_400.0, "1.0d"), (1_114_560.0, "12.9d"),
    ])
    func roundsIntoTheNextUnit(_ seconds: Double, _ expected: String) {
        #expect(Fmt.duration(seconds) == expected)
    }
}

@Suite("Redaction: paths in free text")
struct RedactPathTests {
    /// Before: an input folder named `mail` turned every "mail" inside words into the pseudonym ("no
    /// input-1box in this tar archive"), and the files below an input kept their names under --redact
    /// ("first: input-1/acme-contract-notes.txt").
    @Test func pathsAreReplacedAsPathsAndWhatLiesBelowIsHashed() {
        var map = PseudonymMap(key: Array("k".utf8))
        map.addPath("exports/mail", "input-1")
        map.addPath("exports/takeout.zip", "input-2.zip")
        #expect(map.replacePath("no mailbox in this mail", "mail", with: "input-1") == "no mailbox in this input-1")
        let note = map.scrub("ignored 1 file (first: exports/mail/acme-contract-notes.txt)")
        #expect(note.hasPrefix("ignored 1 file (first: input-1/file-"))
        #expect(note.hasSuffix(".txt)"))
        #expect(!note.contains("acme"))
        let problem = map.scrub("exports/takeout.zip!Takeout/Mail/Acme Corp.mbox: fails its CRC check")
        #expect(problem.hasPrefix("input-2.zip!file-"))
        #expect(problem.hasSuffix(".mbox: fails its CRC check"))
        #expect(!problem.contains("Acme"))
        // The same file gets the same pseudonym everywhere.
        #expect(
            map.scrub("exports/mail/acme-contract-notes.txt") == "input-1/" + note.split(separator: "/")[1].dropLast())
    }
}
