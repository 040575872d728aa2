import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Every fixture and demo input satisfies `read == emitted + skipped` and `used == emitted − excluded`.
@Suite("Bad input: accounting on every fixture")
struct BadInputAccountingTests {
    /// Every entry directly under `Tests/*/Fixtures/<area>/` and `corpora/demo/<area>/`, plus the area
    /// folders themselves (walked by the Ingestor).
    static let inputs: [String] = {
        let fm = FileManager.default
        var areas: [String] = []
        let tests = BadInput.repo.appendingPathComponent("Tests").path
        for module in ((try? fm.contentsOfDirectory(atPath: tests)) ?? []).sorted() {
            let fixtures = tests + "/" + module + "/Fixtures"
            for area in ((try? fm.contentsOfDirectory(atPath: fixtures)) ?? []).sorted() {
                var isDir: ObjCBool = false
                if fm.fileExists(atPath: fixtures + "/" + area, isDirectory: &isDir), isDir.boolValue {
                    areas.append(fixtures + "/" + area)
                }
            }
        }
        let demo = BadInput.repo.appendingPathComponent("corpora/demo").path
        for area in ((try? fm.contentsOfDirectory(atPath: demo)) ?? []).sorted() { areas.append(demo + "/" + area) }
        var result: [String] = []
        for area in areas {
            result.append(area)
            for child in ((try? fm.contentsOfDirectory(atPath: area)) ?? []).sorted() where !child.hasPrefix(".") {
                result.append(area + "/" + child)
            }
        }
        return result
    }()

    @Test func equationHoldsOnEveryFixture() {
        var readTotal = 0
        var inputsRead = 0
        for path in Self.inputs {
            let r = BadInput.ingest([path])
            if let e = r.error, e.code == .unknownFormat || e.code == .missingInput { continue }
            inputsRead += 1
            readTotal += r.summary.read
            BadInput.checkAccounting(r.summary, path)
            #expect(r.messages.count == r.summary.emitted, "\(path)")
        }
        // The walk must really have found the fixtures and the demo corpus.
        #expect(inputsRead > 40)
        #expect(readTotal > 300)
    }

    @Test func demoCorpusAsOneRun() {
        let demo = BadInput.repo.appendingPathComponent("corpora/demo").path
        let r = BadInput.ingest([demo])
        #expect(r.error == nil)
        #expect(r.summary.read > 100)
        BadInput.checkAccounting(r.summary, "corpora/demo")
    }
}

/// Broken mail: truncation, NUL bytes, invalid UTF-8, limits, pathological inputs.
@Suite("Bad input: mail")
struct BadInputMailTests {
    static let mailFiles = [
        "alternative-html.eml", "autoreply.eml", "bounce.eml", "broken.mbox", "calendar.eml", "cl2.mbox", "crlf.mbox",
        "forward.eml", "outlook-reply.eml", "takeout.mbox", "thunderbird.mbox", "truncated.mbox",
    ]

    static func fixtureBytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: mailFixture(name))))
    }

    @Test(arguments: mailFiles) func truncatedAnywhere(_ name: String) throws {
        let bytes = try Self.fixtureBytes(name)
        let dir = try BadInput.tempDir("trunc")
        defer { BadInput.cleanup(dir) }
        let cuts = Set(stride(from: 0, through: bytes.count, by: max(1, bytes.count / 40)))
        for cut in cuts.sorted() {
            let path = dir + "/cut-\(cut)"
            try BadInput.write(Array(bytes[..<cut]), to: path)
            for format in [InputFormat.mbox, .eml] {
                var options = BadInput.defaultOptions()
                options.forcedFormat = format
                let r = BadInput.ingest([path], options: options)
                #expect(r.error == nil, "\(name) cut at \(cut) as \(format): \(String(describing: r.error))")
                BadInput.checkAccounting(r.summary, "\(name)[..<\(cut)]")
            }
        }
    }

    @Test(arguments: mailFiles) func bytesCorruptedEverywhere(_ name: String) throws {
        let original = try Self.fixtureBytes(name)
        let dir = try BadInput.tempDir("corrupt")
        defer { BadInput.cleanup(dir) }
        // NUL, invalid UTF-8 lead/continuation bytes, a lone surrogate encoding and CR, at several strides.
        let poisons: [[UInt8]] = [[0x00], [0xFF], [0xC3], [0x80], [0xED, 0xA0, 0x80], [0x0D], [0x3D]]
        for (k, poison) in poisons.enumerated() {
            for stride in [3, 17, 101] {
                var bytes = original
                var i = k % stride
                while i + poison.count <= bytes.count {
                    bytes.replaceSubrange(i..<(i + poison.count), with: poison)
                    i += stride
                }
                let path = dir + "/p\(k)-\(stride)"
                try BadInput.write(bytes, to: path)
                var options = BadInput.defaultOptions()
                options.forcedFormat = .mbox
                let r = BadInput.ingest([path], options: options)
                #expect(r.error == nil, "\(name) poison \(k)/\(stride): \(String(describing: r.error))")
                BadInput.checkAccounting(r.summary, "\(name) poison \(k)/\(stride)")
            }
        }
    }

    @Test func nulAndInvalidUTF8AreReadNotDropped() throws {
        let r = BadInput.ingest([BadInput.badFixtures + "/nul-and-invalid-utf8.mbox"])
        #expect(r.error == nil)
        #expect(r.summary.read == 3)
        #expect(r.summary.emitted == 3)
        #expect(r.messages.first?.id == "nul1@example.com")
        #expect(r.messages.last?.id == "ok3@example.com")
        #expect(r.messages.last?.text == "Still readable.")
        // Invalid bytes become U+FFFD, never a crash or a lost message.
        #expect(r.messages[0].text.contains("invalid UTF-8"))
        BadInput.checkAccounting(r.summary, "nul mbox")
    }

    /// Outlook's own data files are named, with the way to convert them, instead of "unrecognized"; a
    /// `.msg` is read (here: a damaged one, a counted skip) and other OLE2 files are named as not mail.
    @Test func outlookFilesGetAConversionHint() throws {
        let dir = try BadInput.tempDir("outlook")
        defer { BadInput.cleanup(dir) }
        try BadInput.write(Array("!BDN".utf8) + [0x8A, 0x03, 0x00, 0x00], to: dir + "/archive.pst")
        try BadInput.write([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], to: dir + "/note.msg")
        let pst = BadInput.ingest([dir + "/archive.pst"])
        #expect(pst.error?.code == .unknownFormat)
        #expect(pst.error?.message.contains("Outlook .pst") == true)
        #expect(pst.error?.remedy?.contains("readpst") == true)
        let msg = BadInput.ingest([dir + "/note.msg"])
        #expect(msg.error == nil && msg.messages.isEmpty)
        #expect(msg.summary.skipped == ["malformed-msg": 1])
        #expect(msg.summary.problems == [dir + "/note.msg @0: unreadable Outlook .msg: not a compound file"])
        BadInput.checkAccounting(msg.summary, "damaged .msg")
        try BadInput.write([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], to: dir + "/report.doc")
        let doc = BadInput.ingest([dir + "/report.doc"])
        #expect(doc.error?.code == .unknownFormat)
        #expect(doc.error?.message.contains("not an Outlook message") == true)
    }

    /// An Outlook for Mac .olm archive without mail records (contacts only) is named, with the way out.
    @Test func outlookForMacArchiveWithoutMailIsNamed() throws {
        let dir = try BadInput.tempDir("olm")
        defer { BadInput.cleanup(dir) }
        let record = Array("<?xml version=\"1.0\"?><contacts><contact/></contacts>".utf8)
        try BadInput.write(
            TempTree.storedZip([
                ("Accounts/me@acme.example/com.microsoft.__Contacts/Contacts/contact_00001.xml", record)
            ]),
            to: dir + "/Outlook for Mac Archive.olm")
        let olm = BadInput.ingest([dir + "/Outlook for Mac Archive.olm"])
        #expect(olm.error?.code == .unknownFormat)
        #expect(olm.error?.message == "an Outlook for Mac archive (.olm) holding no mail message records")
        #expect(olm.error?.remedy?.contains(".eml file") == true)
    }

    @Test func emptyAndNulOnlyFiles() throws {
        let dir = try BadInput.tempDir("empty")
        defer { BadInput.cleanup(dir) }
        try BadInput.write([], to: dir + "/empty")
        try BadInput.write([0x0A, 0x0A, 0x0D, 0x0A], to: dir + "/blank")
        // Not recognizable as anything: a clear "unrecognized input format".
        let plain = BadInput.ingest([dir + "/empty"])
        #expect(plain.error?.code == .unknownFormat)
        let nul = BadInput.ingest([BadInput.badFixtures + "/only-nul.eml"])
        #expect(nul.error?.code == .unknownFormat)
        for format in InputFormat.allCases where format != .maildir && format != .slack {
            for name in ["empty", "blank"] {
                var options = BadInput.defaultOptions()
                options.forcedFormat = format
                let r = BadInput.ingest([dir + "/" + name], options: options)
                #expect(r.summary.emitted == 0)
                BadInput.checkAccounting(r.summary, "\(name) as \(format)")
            }
        }
        var options = BadInput.defaultOptions()
        options.forcedFormat = .eml
        let forced = BadInput.ingest([BadInput.badFixtures + "/only-nul.eml"], options: options)
        BadInput.checkAccounting(forced.summary, "only-nul as eml")
        #expect(forced.summary.read == 1)
    }

    @Test func truncatedGzipKeepsWhatInflated() throws {
        let bytes = try Self.fixtureBytes("archive.mbox.gz")
        let dir = try BadInput.tempDir("gz")
        defer { BadInput.cleanup(dir) }
        for cut in stride(from: 2, to: bytes.count, by: max(1, bytes.count / 25)) {
            let path = dir + "/a\(cut).mbox.gz"
            try BadInput.write(Array(bytes[..<cut]), to: path)
            var options = BadInput.defaultOptions()
            options.forcedFormat = .mbox
            let r = BadInput.ingest([path], options: options)
            #expect(r.error == nil)
            BadInput.checkAccounting(r.summary, "gz cut \(cut)")
        }
        // Garbage after the gzip magic: noted as corrupt, no crash.
        let path = dir + "/garbage.mbox.gz"
        try BadInput.write([0x1F, 0x8B] + [UInt8](repeating: 0xAB, count: 5000), to: path)
        let r = BadInput.ingest([path])
        #expect(r.error == nil)
        #expect(r.summary.problems.contains { $0.contains("corrupt or truncated") })
    }

    /// Valid messages around every kind of limit-breaking message are still read; each bad one is a
    /// counted skip with its reason.
    @Test func validMessagesAroundLimitBreakers() throws {
        var limits = IngestLimits()
        limits.maxHeaderBytes = 8 << 10
        limits.maxMessageBytes = 256 << 10
        limits.maxMIMEDepth = 8
        limits.maxMIMEParts = 50
        var mbox = BadInput.mail("good1")
        // Header block beyond the limit (one 20 KB header line).
        mbox += BadInput.mail("hugeheader", extraHeaders: "X-Junk: " + String(repeating: "j", count: 20_000) + "\n")
        // Message beyond the size limit.
        mbox += BadInput.mail("huge", body: String(repeating: "word ", count: 80_000))
        // MIME nested deeper than the limit.
        var deep = "deep body\n"
        for level in (0..<20).reversed() {
            deep =
                "--b\(level)\nContent-Type: multipart/mixed; boundary=b\(level + 1)\n\n" + deep + "\n--b\(level)--\n"
        }
        mbox += BadInput.mail(
            "deep", body: deep, extraHeaders: "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b0\n")
        // More parts than allowed.
        var parts = ""
        for k in 0..<200 { parts += "--p\nContent-Type: text/plain\n\npart \(k)\n" }
        parts += "--p--\n"
        mbox += BadInput.mail(
            "parts", body: parts, extraHeaders: "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=p\n")
        // Garbage with no header lines at all.
        mbox += "From x@example.com Mon Jan  1 10:00:00 2024\n\u{0}\u{0}\u{0} no headers here\n\n"
        mbox += BadInput.mail("good2")
        let dir = try BadInput.tempDir("limits")
        defer { BadInput.cleanup(dir) }
        try BadInput.write(Array(mbox.utf8), to: dir + "/limits.mbox")
        var options = BadInput.defaultOptions()
        options.limits = limits
        let r = BadInput.ingest([dir + "/limits.mbox"], options: options)
        #expect(r.error == nil)
        #expect(r.messages.map(\.id) == ["good1@example.com", "good2@example.com"])
        #expect(
            r.summary.skipped == [
                "header-too-large": 1, "too-large": 1, "mime-too-deep": 1, "too-many-mime-parts": 1,
                "malformed-headers": 1,
            ])
        #expect(r.summary.read == 7)
        BadInput.checkAccounting(r.summary, "limits.mbox")
        // Each skip says where and why.
        #expect(r.summary.problems.contains { $0.contains("limits.mbox @") && $0.contains("header block larger") })
    }

    /// A megabyte of each pathological construct finishes in linear-ish time.
    static let pathologicalBodiesCases: [(String, String)] = [
        ("quote-markers", String(repeating: "> ", count: 250_000) + "\n" + String(repeating: ">>>>\n", count: 100_000)),
        (
            "attribution-lines",
            String(repeating: "On Mon, Jan 1, 2024 at 10:00 AM Bob <b@x.org> wrote:\n", count: 20_000)
        ),
        ("signature-dashes", String(repeating: "-- \n", count: 250_000)),
        ("one-long-line", String(repeating: "abcdefgh ", count: 120_000)),
        ("outlook-blocks", String(repeating: "From: a\nSent: b\nTo: c\nSubject: d\n", count: 30_000)),
        ("forward-markers", String(repeating: "---------- Forwarded message ---------\n", count: 25_000)),
    ]

    @Test(arguments: pathologicalBodiesCases)
    func pathologicalBodies(_ name: String, _ body: String) throws {
        let dir = try BadInput.tempDir("patho")
        defer { BadInput.cleanup(dir) }
        let mbox = BadInput.mail("before") + BadInput.mail("patho", body: body) + BadInput.mail("after")
        try BadInput.write(Array(mbox.utf8), to: dir + "/p.mbox")
        let r = BadInput.ingest([dir + "/p.mbox"])
        #expect(r.error == nil)
        #expect(r.seconds < BadInput.linearBound, "\(name): \(r.seconds) s")
        #expect(r.messages.first?.id == "before@example.com")
        #expect(r.messages.last?.id == "after@example.com")
        #expect(r.summary.read == 3)
        BadInput.checkAccounting(r.summary, name)
    }

    /// Encoded bodies: a megabyte of soft breaks, of `=`, of invalid base64, of nested boundaries.
    static let pathologicalEncodingsCases: [(String, String, String)] = [
        ("qp-soft-breaks", "Content-Transfer-Encoding: quoted-printable\n", String(repeating: "=\r\n", count: 350_000)),
        ("qp-equals", "Content-Transfer-Encoding: quoted-printable\n", String(repeating: "=", count: 1_000_000)),
        ("qp-bad-hex", "Content-Transfer-Encoding: quoted-printable\n", String(repeating: "=ZZ=4", count: 200_000)),
        ("base64-garbage", "Content-Transfer-Encoding: base64\n", String(repeating: "!@#$%^&*()=", count: 100_000)),
        ("base64-padding", "Content-Transfer-Encoding: base64\n", String(repeating: "=", count: 1_000_000)),
        (
            "boundary-lines", "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=x\n",
            String(repeating: "--x\n", count: 250_000)
        ),
        (
            "html-unclosed", "Content-Type: text/html\n", String(repeating: "<div><b><i><blockquote>", count: 45_000)
        ),
        ("html-lt", "Content-Type: text/html\n", String(repeating: "<", count: 1_000_000)),
        (
            "charset-unknown", "Content-Type: text/plain; charset=x-no-such-charset\n",
            String(repeating: "é", count: 500_000)
        ),
        ("charset-utf7", "Content-Type: text/plain; charset=utf-7\n", String(repeating: "+AGEAYgBj-", count: 100_000)),
    ]

    @Test(arguments: pathologicalEncodingsCases)
    func pathologicalEncodings(_ name: String, _ headers: String, _ body: String) throws {
        let dir = try BadInput.tempDir("enc")
        defer { BadInput.cleanup(dir) }
        let mbox =
            BadInput.mail("before") + BadInput.mail("enc", body: body, extraHeaders: headers)
            + BadInput.mail("after")
        try BadInput.write(Array(mbox.utf8), to: dir + "/e.mbox")
        let r = BadInput.ingest([dir + "/e.mbox"])
        #expect(r.error == nil)
        #expect(r.seconds < BadInput.linearBound, "\(name): \(r.seconds) s")
        #expect(r.messages.first?.id == "before@example.com")
        #expect(r.messages.last?.id == "after@example.com")
        #expect(r.summary.read == 3)
        BadInput.checkAccounting(r.summary, name)
    }

    /// Header fields: a long (but allowed) header of each hostile shape.
    static let pathologicalHeadersCases: [(String, String, String)] = [
        ("subject-encoded-words", "Subject", String(repeating: "=?utf-8?q?a=C3=A9?= ", count: 40_000)),
        ("subject-broken-words", "Subject", String(repeating: "=?", count: 400_000)),
        ("from-comments", "From", String(repeating: "(", count: 800_000)),
        ("from-closing", "From", String(repeating: ")", count: 800_000)),
        ("to-angles", "To", String(repeating: "<", count: 800_000)),
        ("to-quotes", "To", String(repeating: "\"a,", count: 250_000)),
        ("to-many", "To", String(repeating: "a@b.c, ", count: 110_000)),
        ("references", "References", String(repeating: "<a@b> ", count: 130_000)),
        ("references-open", "References", String(repeating: "<", count: 800_000)),
        ("date", "Date", String(repeating: "1", count: 800_000)),
        ("content-type-params", "Content-Type", "text/plain" + String(repeating: "; a*0*=x", count: 90_000)),
        ("rfc2231-continuations", "Content-Type", "text/plain" + (0..<40_000).map { "; name*\($0)*=%41" }.joined()),
        ("folded", "Subject", String(repeating: "x\n ", count: 250_000)),
        // Found by this suite: grouping distinct parameter names was quadratic (minutes at 26,000).
        ("distinct-params", "Content-Type", "text/plain" + (0..<60_000).map { "; p\($0)=x" }.joined()),
        ("distinct-params-2231", "Content-Disposition", "attachment" + (0..<60_000).map { "; f\($0)*=%41" }.joined()),
    ]

    @Test(arguments: pathologicalHeadersCases)
    func pathologicalHeaders(_ name: String, _ field: String, _ value: String) throws {
        let dir = try BadInput.tempDir("hdr")
        defer { BadInput.cleanup(dir) }
        var limits = IngestLimits()
        limits.maxHeaderBytes = 4 << 20
        limits.maxLineBytes = 4 << 20
        let mbox =
            BadInput.mail("before") + BadInput.mail("hdr", extraHeaders: "\(field): \(value)\n")
            + BadInput.mail("after")
        try BadInput.write(Array(mbox.utf8), to: dir + "/h.mbox")
        var options = BadInput.defaultOptions()
        options.limits = limits
        let r = BadInput.ingest([dir + "/h.mbox"], options: options)
        #expect(r.error == nil)
        #expect(r.seconds < BadInput.linearBound, "\(name): \(r.seconds) s")
        #expect(r.messages.first?.id == "before@example.com")
        #expect(r.messages.last?.id == "after@example.com")
        #expect(r.summary.read == 3)
        BadInput.checkAccounting(r.summary, name)
    }

    /// Direct parser entry points on 256 KiB of hostile bytes each (a quadratic parser takes minutes
    /// there; 1 MiB made linear-but-slow invalid-UTF-8 repair flaky on a loaded machine).
    @Test func parsersOnHostileBytes() {
        let inputs: [[UInt8]] = [
            [UInt8](repeating: 0x3D, count: 1 << 18),  // =
            [UInt8](repeating: 0x28, count: 1 << 18),  // (
            [UInt8](repeating: 0x3C, count: 1 << 18),  // <
            [UInt8](repeating: 0x22, count: 1 << 18),  // "
            [UInt8](repeating: 0x5C, count: 1 << 18),  // \
            [UInt8](repeating: 0xFF, count: 1 << 18),
            [UInt8](repeating: 0x00, count: 1 << 18),
            Array(String(repeating: "=?utf-8?b?", count: 25_000).utf8),
            Array(String(repeating: "(\\", count: 125_000).utf8),
        ]
        let parsers: [(String, ([UInt8]) -> Void)] = [
            ("qp", { _ = Transfer.quotedPrintable($0) }),
            ("qp-header", { _ = Transfer.quotedPrintable($0, header: true) }),
            ("base64", { _ = Transfer.base64($0) }),
            ("decodeText", { _ = HeaderDecoder.decodeText($0) }),
            ("addresses", { _ = HeaderDecoder.addresses($0) }),
            ("messageIDs", { _ = HeaderDecoder.messageIDs($0) }),
            ("parameters", { _ = HeaderDecoder.parameters($0) }),
            ("date", { _ = MailDate.parse($0) }),
        ]
        for input in inputs {
            for (name, parse) in parsers {
                let t = BadInput.time { parse(input) }
                #expect(t < BadInput.linearBound, "\(name) on \(input.prefix(4)): \(t) s")
            }
        }
    }
}

/// Regression tests for findings (each names the fix).
@Suite("Bad input: regressions")
struct BadInputRegressionTests {
    /// MailHeaders.parameters grouped names with a linear search per parameter: O(n²).
    @Test func manyDistinctParametersAreLinear() {
        let small = Array(("text/plain" + (0..<2_000).map { "; p\($0)=x" }.joined()).utf8)
        let big = Array(("text/plain" + (0..<32_000).map { "; p\($0)=x" }.joined()).utf8)
        let r = HeaderDecoder.parameters(small)
        #expect(r.value == "text/plain" && r.params.count == 2_000 && r.params["p1999"] == "x")
        let t = BadInput.time { _ = HeaderDecoder.parameters(big) }
        // Quadratic took ~90 s for 13,000 names; linear is well under a second.
        #expect(t < BadInput.linearBound / 4, "\(t) s")
    }

    /// IngestLimits.maxLineBytes was not enforced by any reader: a header field longer than it is now
    /// a counted skip; the messages around it are read.
    @Test func headerLineLimitIsEnforced() throws {
        var options = BadInput.defaultOptions()
        options.limits.maxLineBytes = 1_000
        let mbox =
            BadInput.mail("a")
            + BadInput.mail("long", extraHeaders: "X-Long: " + String(repeating: "x", count: 5_000) + "\n")
            + BadInput.mail("b")
        let dir = try BadInput.tempDir("line")
        defer { BadInput.cleanup(dir) }
        try BadInput.write(Array(mbox.utf8), to: dir + "/l.mbox")
        let r = BadInput.ingest([dir + "/l.mbox"], options: options)
        #expect(r.messages.map(\.id) == ["a@example.com", "b@example.com"])
        #expect(r.summary.skipped == ["header-line-too-long": 1])
        #expect(r.summary.problems.contains { $0.contains("header field 'x-long' longer than 1000 bytes") })
        BadInput.checkAccounting(r.summary, "l.mbox")
    }

    @Test func continuationsStillJoinInSectionOrder() {
        let v = Array("attachment; filename*1=\"b.txt\"; filename*0*=utf-8''%C3%A9; size=3".utf8)
        let r = HeaderDecoder.parameters(v)
        #expect(r.value == "attachment")
        #expect(r.params["filename"] == "éb.txt")
        #expect(r.params["size"] == "3")
    }
}
