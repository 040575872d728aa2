import Foundation
import RapportCore
import Testing

@testable import RapportIngest

/// Outlook `.msg` files (built here with ``CompoundFileWriter``), TNEF `winmail.dat`, compressed RTF and
/// Thread-Index threading.
@Suite struct OutlookTests {
    typealias B = MsgBuilder

    /// MS-OXRTFCP's own example: the compressed bytes of `{\rtf1\ansi\ansicpg1252\pard hello world}\r\n`.
    static let specRTF: [UInt8] = [
        0x2d, 0x00, 0x00, 0x00, 0x2b, 0x00, 0x00, 0x00, 0x4c, 0x5a, 0x46, 0x75, 0xf1, 0xc5, 0xc7, 0xa7,
        0x03, 0x00, 0x0a, 0x00, 0x72, 0x63, 0x70, 0x67, 0x31, 0x32, 0x35, 0x42, 0x32, 0x0a, 0xf3, 0x20,
        0x68, 0x65, 0x6c, 0x09, 0x00, 0x20, 0x62, 0x77, 0x05, 0xb0, 0x6c, 0x64, 0x7d, 0x0a, 0x80, 0x0f,
        0xa0,
    ]

    static let transport =
        "Received: from mx.vendor.example by mail.vendor.example; Tue, 4 Aug 2026 09:12:00 +0200\r\n"
        + "From: Greg Morrison <greg.morrison@harbourline.example>\r\n"
        + "To: Ana Lopez <ana@acme.example>\r\nCc: Sofia Reyes <sofia@harbourline.example>\r\n"
        + "Subject: Re: renewal\r\nDate: Tue, 4 Aug 2026 09:11:30 +0200\r\n"
        + "Message-ID: <greg-2@harbourline.example>\r\nIn-Reply-To: <ana-1@acme.example>\r\n"
        + "MIME-Version: 1.0\r\nContent-Type: multipart/alternative;\r\n\tboundary=\"b1\"\r\n\r\n"

    static let body =
        "Ana,\r\n\r\nWe are evaluating alternatives and may not renew.\r\n\r\nRegards,\r\nGreg\r\n\r\n"
        + "-----Original Message-----\r\nFrom: Ana Lopez\r\nSent: Monday\r\nSubject: renewal\r\n\r\nHi Greg\r\n"

    func read(_ bytes: [UInt8], name: String = "m.msg") throws -> ([Message], IngestSummary) {
        try TempTree.readSavedMessage(bytes, name: name)
    }

    // MARK: .msg

    /// Received mail: the transport headers are parsed by the mail header code, the body cleaned as mail,
    /// and the result is the message the same `.eml` gives.
    @Test("received .msg reads like the same .eml")
    func receivedMessageMatchesEml() throws {
        let file = CompoundFileWriter().write([
            B.unicode(0x007D, Self.transport), B.unicode(0x0037, "Re: renewal"), B.unicode(0x1000, Self.body),
            B.properties([.long(0x3FFD, 1252)], headerSize: 32),
        ])
        let (ms, summary) = try read(file.bytes)
        #expect(summary.read == 1 && summary.emitted == 1)
        let m = try #require(ms.first)
        let eml =
            Self.transport.replacingOccurrences(
                of: "Content-Type: multipart/alternative;\r\n\tboundary=\"b1\"\r\n", with: "") + Self.body
        let (es, _) = try read(Array(eml.utf8), name: "m.eml")
        let e = try #require(es.first)
        #expect(m.text == "Ana,\n\nWe are evaluating alternatives and may not renew.\n\nRegards,")
        #expect(m.text == e.text && m.quotedChars == e.quotedChars && m.attributes == e.attributes)
        #expect(m.from == e.from && m.to == e.to && m.cc == e.cc && m.subject == e.subject)
        #expect(m.date == e.date && m.date?.iso8601 == "2026-08-04T09:11:30+02:00")
        #expect(m.parent == "ana-1@acme.example" && m.messageID == "greg-2@harbourline.example")
        #expect(m.thread == e.thread && m.id == e.id && m.source == .eml)
        #expect(m.locator.byteOffset == 0 && m.locator.file.hasSuffix("/m.msg"))
        #expect(m.from.email == "greg.morrison@harbourline.example")
    }

    /// `.msg` files inside a zip (a folder of saved Outlook mail, zipped) read like the files themselves.
    @Test("a zip of .msg files")
    func msgInsideZip() throws {
        let file = CompoundFileWriter().write([
            B.unicode(0x007D, Self.transport), B.unicode(0x0037, "Re: renewal"), B.unicode(0x1000, Self.body),
            B.properties([.long(0x3FFD, 1252)], headerSize: 32),
        ])
        let dir = try TempTree.write([:])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/saved.zip"
        try TempTree.write(
            TempTree.storedZip([("Outlook/Re renewal.msg", file.bytes), ("Outlook/broken.msg", [0xD0, 0xCF, 0x11])]),
            to: path)
        #expect(try Ingestor().plan([path]).map(\.format) == [.mbox])
        let r = try readMail(path)
        #expect(r.messages.map(\.messageID) == ["greg-2@harbourline.example"])
        #expect(r.messages.first?.locator.file == path + "!Outlook/Re renewal.msg")
        #expect(r.messages.first?.text == "Ana,\n\nWe are evaluating alternatives and may not renew.\n\nRegards,")
        #expect(r.summary.read == 2 && r.summary.emitted == 1 && r.summary.skipped == ["malformed-msg": 1])
    }

    /// A sent item without transport headers, 4096-byte sectors, 8-bit strings in the message code page,
    /// an Exchange sender, a recipient table; the date is the submit time at +00:00.
    @Test("sent .msg: properties, recipients, 8-bit strings, 4096-byte sectors")
    func sentItemFromProperties() throws {
        var w = CompoundFileWriter()
        w.sectorSize = 4096
        let big = String(repeating: "Line of the export notes.\n", count: 200)  // 5200 bytes: regular sectors
        let file = w.write([
            B.string8(0x0037, [0x47, 0x72, 0xFC, 0xDF, 0x65]),  // "Grüße" in cp1252
            B.string8(0x0C1A, [0x41, 0x6E, 0x61, 0x20, 0x4C, 0xF3, 0x70, 0x65, 0x7A]),  // "Ana López" in cp1252
            B.unicode(0x0C1E, "EX"), B.unicode(0x0C1F, "/O=ACME/OU=EXCHANGE/CN=RECIPIENTS/CN=ANA"),
            B.unicode(0x5D01, "ana@acme.example"), B.unicode(0x1035, "<ana-9@acme.example>"),
            B.unicode(0x1000, "Hi Dana,\n\nthe export is attached.\n\n" + big),
            B.binary(0x0071, [1] + [UInt8](repeating: 7, count: 21)),
            B.recipient(0, name: "Dana Whitfield", address: "dana@northwind.example", type: 1),
            B.recipient(1, name: "Raj Patel", address: "raj@northwind.example", type: 2),
            B.recipient(2, name: "Hidden", address: "audit@acme.example", type: 3),
            B.properties(
                [.long(0x3FFD, 1252), .time(0x0039, 1_785_000_000), .time(0x0E06, 1_785_000_100)], headerSize: 32),
        ])
        #expect(file.bytes.count % 4096 == 0)
        let (ms, summary) = try read(file.bytes)
        #expect(summary.read == 1 && summary.emitted == 1)
        let m = try #require(ms.first)
        #expect(m.subject == "Grüße")
        #expect(m.from.email == "ana@acme.example" && m.from.displayName == "Ana López")
        #expect(m.to.map(\.id) == ["dana@northwind.example"] && m.to.first?.displayName == "Dana Whitfield")
        #expect(m.cc.map(\.id) == ["raj@northwind.example"])
        #expect(m.date == Timestamp(seconds: 1_785_000_000, utcOffset: 0))
        #expect(m.date?.iso8601 == "2026-07-25T17:20:00+00:00")
        #expect(m.messageID == "ana-9@acme.example")
        #expect(m.text.hasPrefix("Hi Dana,\n\nthe export is attached.\n\nLine of the export notes.\n"))
        #expect(m.text.utf8.count == 35 + 5200 - 1)
    }

    /// A message Outlook never sent (PR_MESSAGE_FLAGS has MSGFLAG_UNSENT) is a draft, skipped as such.
    @Test("unsent .msg is a draft")
    func unsentIsDraft() throws {
        let file = CompoundFileWriter().write([
            B.unicode(0x0037, "half written"), B.unicode(0x0C1F, "ana@acme.example"), B.unicode(0x1000, "Dear"),
            B.properties([.long(0x0E07, 0x08)], headerSize: 32),
        ])
        let (ms, summary) = try read(file.bytes)
        #expect(ms.isEmpty && summary.skipped == ["draft": 1])
    }

    /// Mini-stream properties (every stream under 4096 bytes) and a body from PR_HTML only.
    @Test("HTML-only .msg")
    func htmlOnly() throws {
        let html = "<html><body><p>Hello Raj,</p><p>the invoice is <b>paid</b>.</p></body></html>"
        let file = CompoundFileWriter().write([
            B.unicode(0x0037, "Invoice"), B.unicode(0x0C1A, "Ana"), B.unicode(0x0C1F, "ana@acme.example"),
            B.binary(0x1013, Array(html.utf8)), B.properties([.long(0x3FDE, 65001)], headerSize: 32),
        ])
        let (ms, _) = try read(file.bytes)
        let m = try #require(ms.first)
        #expect(m.text == "Hello Raj,\n\nthe invoice is paid.")
        #expect(m.attributes["body"] == "html")
        #expect(m.date == nil)
    }

    @Test("compressed-RTF-only .msg")
    func rtfOnly() throws {
        let file = CompoundFileWriter().write([
            B.unicode(0x0037, "hi"), B.unicode(0x0C1F, "ana@acme.example"), B.binary(0x1009, Self.specRTF),
        ])
        let (ms, _) = try read(file.bytes)
        #expect(ms.first?.text == "hello world")
    }

    /// An attached message (PR_ATTACH_METHOD 5) is forwarded text; an ordinary attachment is not decoded.
    @Test("attached message is forwarded content")
    func attachedMessage() throws {
        let inner: [CompoundFileWriter.Node] = [
            B.unicode(0x0037, "Original"), B.unicode(0x0C1F, "raj@northwind.example"),
            B.unicode(0x1000, "Please call me about the outage."), B.properties([], headerSize: 24),
        ]
        let file = CompoundFileWriter().write([
            B.unicode(0x0037, "Fw: Original"), B.unicode(0x0C1F, "ana@acme.example"), B.unicode(0x1000, "FYI"),
            .storage(
                "__attach_version1.0_#00000000",
                [.storage("__substg1.0_3701000D", inner), B.properties([.long(0x3705, 5)], headerSize: 8)]),
            .storage(
                "__attach_version1.0_#00000001",
                [
                    B.binary(0x3701, Array("%PDF-1.4 secret words".utf8)),
                    B.properties([.long(0x3705, 1)], headerSize: 8),
                ]),
        ])
        let (ms, _) = try read(file.bytes)
        let m = try #require(ms.first)
        #expect(m.text == "FYI")
        #expect(m.flags.contains(.forwarded))
        #expect(m.quotedChars == "Please call me about the outage.".count)
    }

    /// Damaged files are counted skips with the file and a reason; nothing crashes or hangs.
    @Test("corrupt, truncated and looping .msg files are counted skips")
    func damaged() throws {
        let good = CompoundFileWriter().write([B.unicode(0x0037, "x"), B.unicode(0x1000, "body")])
        var loop = good.bytes
        // The directory's only sector points at itself in the FAT.
        let at = good.layout.fatEntryOffset(good.layout.firstDirectorySector)
        let d = UInt32(good.layout.firstDirectorySector)
        for k in 0..<4 { loop[at + k] = UInt8((d >> (8 * UInt32(k))) & 0xFF) }
        let cases: [([UInt8], String)] = [
            (Array(good.bytes.prefix(700)), "sector"), (Array(good.bytes.prefix(300)), "not a compound file"),
            (loop, "loops"),
        ]
        for (bytes, reason) in cases {
            let (ms, summary) = try read(bytes)
            #expect(ms.isEmpty)
            #expect(summary.read == 1 && summary.skipped == ["malformed-msg": 1])
            #expect(summary.problems.first?.contains("m.msg @0: unreadable Outlook .msg") == true)
            #expect(summary.problems.first?.contains(reason) == true, "\(summary.problems)")
        }
        // Every single-byte change in the header, FAT and directory: read or skipped, never a crash.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<300 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            var bytes = good.bytes
            let k = Int((state >> 33) % UInt64(min(bytes.count, 2048)))
            bytes[k] = UInt8(truncatingIfNeeded: state >> 17)
            if case .success(let data) = OutlookMessage.rfc822(bytes) { #expect(!data.isEmpty) }
        }
    }

    /// A file large enough to need DIFAT sectors (more than 109 FAT sectors of 512 bytes: over 7 MB),
    /// and a directory whose siblings point back (a skip, not a hang).
    @Test("DIFAT chain and a directory sibling loop")
    func difatAndDirectoryLoop() throws {
        let attachment = [UInt8](repeating: 0x5A, count: 8 << 20)
        let file = CompoundFileWriter().write([
            B.unicode(0x0037, "Big"), B.unicode(0x0C1F, "ana@acme.example"), B.unicode(0x1000, "See the log."),
            .storage(
                "__attach_version1.0_#00000000",
                [B.binary(0x3701, attachment), B.properties([.long(0x3705, 1)], headerSize: 8)]),
        ])
        #expect(CompoundFile.u32(file.bytes, 0x2C) > 109 && CompoundFile.u32(file.bytes, 0x48) == 1)
        let (ms, summary) = try read(file.bytes)
        #expect(summary.emitted == 1 && ms.first?.text == "See the log.")

        let small = CompoundFileWriter().write([B.unicode(0x0037, "x"), B.unicode(0x1000, "body")])
        var loop = small.bytes
        // Entry 1's right sibling (entry 2) gets entry 1 as its right sibling.
        let dir = (small.layout.firstDirectorySector + 1) * 512
        loop[dir + 2 * 128 + 0x48] = 1
        for k in 1..<4 { loop[dir + 2 * 128 + 0x48 + k] = 0 }
        let (none, skipped) = try read(loop)
        #expect(none.isEmpty && skipped.skipped == ["malformed-msg": 1])
        #expect(skipped.problems.first?.hasSuffix("directory tree loops at entry 1") == true, "\(skipped.problems)")
    }

    /// Attachments pointing at one message storage (fuzz campaign 2026-12-07): k such attachments per
    /// level over 5 levels expanded a 19 KB file to k⁴ nested copies (k = 12: 74 s under ASan). A storage
    /// read twice as a message is now a skip with the reason.
    @Test("attachments sharing one message storage are a skip, not an expansion")
    func sharedAttachedMessageStorage() throws {
        let inner: [CompoundFileWriter.Node] = [
            B.unicode(0x0037, "Original"), B.unicode(0x1000, "The outage report."), B.properties([], headerSize: 24),
        ]
        let file = CompoundFileWriter().write([
            B.unicode(0x0037, "Fw: Original"), B.unicode(0x0C1F, "ana@acme.example"), B.unicode(0x1000, "FYI"),
            .storage(
                "__attach_version1.0_#00000000",
                [.storage("__substg1.0_3701000D", inner), B.properties([.long(0x3705, 5)], headerSize: 8)]),
            .storage("__attach_version1.0_#00000001", []),
        ])
        let (ok, okSummary) = try read(file.bytes)
        #expect(okSummary.emitted == 1 && ok.first?.text == "FYI")
        // The second attachment's child becomes the first one's: both now hold the same message storage.
        var bytes = file.bytes
        let dir = (file.layout.firstDirectorySector + 1) * 512
        func entry(_ name: String) throws -> Int {
            let units = Array(name.utf16)
            for k in 0..<64 {
                let at = dir + k * 128
                guard at + 128 <= bytes.count else { break }
                if (0..<units.count).allSatisfy({ CompoundFile.u16(bytes, at + 2 * $0) == units[$0] }) { return at }
            }
            throw CompoundFile.Failure("no entry \(name)")
        }
        let first = try entry("__attach_version1.0_#00000000")
        let second = try entry("__attach_version1.0_#00000001")
        bytes.replaceSubrange((second + 0x4C)..<(second + 0x50), with: bytes[(first + 0x4C)..<(first + 0x50)])
        let (ms, summary) = try read(bytes)
        #expect(ms.isEmpty && summary.read == 1 && summary.skipped == ["malformed-msg": 1])
        #expect(summary.problems.first?.contains("unreadable Outlook .msg: attached message storage") == true)
        #expect(
            summary.problems.first?.hasSuffix("used twice (a damaged or hostile file)") == true, "\(summary.problems)")
    }

    /// A .msg reply without In-Reply-To finds its .eml parent through PR_CONVERSATION_INDEX.
    @Test("conversation index threads a .msg with an .eml")
    func conversationIndex() throws {
        let root: [UInt8] = [0x01, 0xDC] + [UInt8](repeating: 0x17, count: 20)
        let msg = CompoundFileWriter().write([
            B.unicode(0x0037, "RE: plan"), B.unicode(0x0C1F, "bob@vendor.example"), B.unicode(0x1000, "Agreed."),
            B.unicode(0x1035, "<b1@vendor.example>"), B.binary(0x0071, root + [9, 9, 9, 9, 9]),
        ])
        let dir = try TempTree.write([
            "a.eml": "From: Ann <ann@client.example>\nTo: carl@other.example\nSubject: plan\n"
                + "Message-ID: <a1@client.example>\nThread-Index: \(Data(root).base64EncodedString())\n\nShall we?\n"
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try TempTree.write(msg.bytes, to: dir + "/b.msg")
        let (ms, _, _) = try readMail(dir, format: .eml)
        #expect(ms.map(\.parent) == [nil, "a1@client.example"])
        #expect(ms[0].thread == ms[1].thread)
    }

    /// In a folder, .msg files join the saved messages (one input); an OLE2 file without MAPI streams
    /// (a Word document) is not mail.
    @Test("folder of .msg and .eml files")
    func folder() throws {
        let msg = CompoundFileWriter().write([
            B.unicode(0x0037, "Re: plan"), B.unicode(0x0C1F, "bob@vendor.example"), B.unicode(0x1000, "Agreed."),
            B.unicode(0x1042, "<a1@client.example>"), B.unicode(0x1035, "<b1@vendor.example>"),
        ])
        let doc = CompoundFileWriter().write([.stream("WordDocument", [1, 2, 3])])
        let dir = try TempTree.write([
            "a.eml": "From: Ann <ann@client.example>\nTo: bob@vendor.example\nSubject: plan\n"
                + "Message-ID: <a1@client.example>\nDate: Mon, 03 Mar 2025 10:15:00 +0100\n\nShall we?\n"
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try TempTree.write(msg.bytes, to: dir + "/b.msg")
        try TempTree.write(doc.bytes, to: dir + "/c.doc")
        var ignored: [String] = []
        let plan = try Ingestor().plan([dir], ignored: &ignored)
        #expect(plan.map(\.format) == [.eml] && ignored.map { ($0 as NSString).lastPathComponent } == ["c.doc"])
        #expect(Ingestor.detectFile(dir + "/b.msg") == .eml && Ingestor.detectFile(dir + "/c.doc") == nil)
        let (ms, summary, _) = try readMail(dir, format: .eml)
        #expect(summary.read == 2 && summary.emitted == 2)
        #expect(ms.map(\.text) == ["Shall we?", "Agreed."])
        #expect(ms[1].parent == "a1@client.example" && ms[1].thread == ms[0].thread)
        #expect(throws: RapportError.self) { try Ingestor().plan([dir + "/c.doc"]) }
    }

    // MARK: TNEF

    static func tnef(_ attributes: [(UInt32, [UInt8])]) -> [UInt8] {
        func le(_ v: UInt64, _ n: Int) -> [UInt8] { (0..<n).map { UInt8((v >> (8 * UInt64($0))) & 0xFF) } }
        var b = le(0x223E_9F78, 4) + le(1, 2)
        for (id, value) in attributes {
            b += [1] + le(UInt64(id), 4) + le(UInt64(value.count), 4) + value
            b += le(UInt64(value.reduce(0) { ($0 + Int($1)) & 0xFFFF }), 2)
        }
        return b
    }

    static func tnefMail(_ tnef: [UInt8], plain: String? = nil) -> [UInt8] {
        var s =
            "From: Katrin Vogel <katrin@kestrel-freight.example>\nTo: ana@acme.example\nSubject: status\n"
            + "Date: Wed, 05 Aug 2026 08:00:00 +0200\nMessage-ID: <k1@kestrel-freight.example>\nMIME-Version: 1.0\n"
            + "Content-Type: multipart/mixed; boundary=\"t\"\n\n"
        if let plain { s += "--t\nContent-Type: text/plain\n\n\(plain)\n" }
        s += "--t\nContent-Type: application/ms-tnef; name=\"winmail.dat\"\nContent-Transfer-Encoding: base64\n\n"
        s += Data(tnef).base64EncodedString(options: .lineLength76Characters) + "\n--t--\n"
        return Array(s.utf8)
    }

    /// Multi-valued PT_NULL properties each claiming as many values as the block has bytes (fuzz campaign
    /// 2026-12-07): one step per value made a 60 KB winmail.dat take 112 s of CPU (under ASan), this one
    /// hours. Now linear; the body after them is read.
    @Test("TNEF: 0.7 MB of multi-valued PT_NULL properties is read in linear time")
    func tnefNullValues() throws {
        let le: (Int) -> [UInt8] = { v in (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }
        let count = 90_000  // under the 100,000 properties a block is read for
        let size = 4 + 8 * count + 12 + 40
        var props = le(count + 1)
        for _ in 0..<count { props += [0x01, 0x10, 0x01, 0x00] + le(size) }
        let text = Array("Body after the nulls".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        props += [0x1F, 0x00, 0x00, 0x10] + le(1) + le(text.count) + text
        #expect(props.count == size)
        var ms: [Message] = []
        let seconds = try BadInput.time {
            ms = try read(Self.tnefMail(Self.tnef([(0x0006_9003, props)])), name: "t.eml").0
        }
        #expect(seconds < BadInput.linearBound)
        #expect(ms.first?.text == "Body after the nulls")
        #expect(ms.first?.attributes["tnef"] == "true")
    }

    @Test("TNEF attBody, attMsgProps PR_BODY and compressed RTF; a text body wins")
    func tnefBodies() throws {
        let att = Self.tnef([(0x0002_800C, Array("The trucks leave at six.".utf8) + [0])])
        var props: [UInt8] = [1, 0, 0, 0, 0x1F, 0x00, 0x00, 0x10, 1, 0, 0, 0]
        let text = Array("Caf\u{e9} order confirmed.".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        props += [UInt8(text.count), 0, 0, 0] + text + [UInt8](repeating: 0, count: (4 - text.count % 4) % 4)
        let mapi = Self.tnef([(0x0006_9003, props)])
        var rtfProps: [UInt8] = [1, 0, 0, 0, 0x02, 0x01, 0x09, 0x10, 1, 0, 0, 0, UInt8(Self.specRTF.count), 0, 0, 0]
        rtfProps += Self.specRTF + [UInt8](repeating: 0, count: (4 - Self.specRTF.count % 4) % 4)
        let rtf = Self.tnef([(0x0006_9003, rtfProps)])
        let cases: [([UInt8], String?, String, String?)] = [
            (att, nil, "The trucks leave at six.", "true"), (mapi, nil, "Café order confirmed.", "true"),
            (rtf, nil, "hello world", "true"), (att, "See below.", "See below.", nil),
            (Array(att.prefix(12)), nil, "", "unreadable"),
        ]
        for (tnef, plain, expected, flag) in cases {
            let (ms, summary) = try read(Self.tnefMail(tnef, plain: plain), name: "t.eml")
            let m = try #require(ms.first)
            #expect(m.text == expected)
            #expect(m.attributes["tnef"] == flag)
            #expect(summary.problems.isEmpty == (flag != "unreadable"))
        }
    }

    // MARK: Compressed RTF

    @Test("compressed RTF: the spec's example, CRC check, stored form")
    func compressedRTF() throws {
        let expected = Array("{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n".utf8)
        #expect(CompressedRTF.preload.count == 207)
        #expect(try CompressedRTF.decompress(Self.specRTF).get() == expected)
        var bad = Self.specRTF
        bad[20] ^= 1
        #expect(throws: CompoundFile.Failure("compressed RTF fails its CRC")) {
            try CompressedRTF.decompress(bad).get()
        }
        let stored: [UInt8] =
            [0x16, 0, 0, 0, 0x0A, 0, 0, 0] + Array("MELA".utf8) + [0, 0, 0, 0] + Array("{\\rtf1 hi}".utf8)
        #expect(try CompressedRTF.decompress(stored).get() == Array("{\\rtf1 hi}".utf8))
    }

    @Test("RTF de-encapsulation and RTF to text")
    func rtfText() {
        let html =
            "{\\rtf1\\ansi\\ansicpg1252\\fromhtml1 \\deff0{\\fonttbl{\\f0\\fswiss Arial;}}"
            + "{\\*\\htmltag19 <html>}{\\*\\htmltag50 <body>}\\htmlrtf {\\htmlrtf0 {\\*\\htmltag64 <p>}"
            + "Caf\\'e9 \\u8364?5\\htmlrtf\\par\\htmlrtf0{\\*\\htmltag72 </p>}\\htmlrtf }\\htmlrtf0 {\\*\\htmltag58 </body>}}"
        #expect(RTFText.read(Array(html.utf8)) == .html("<html><body><p>Café €5</p></body>"))
        let plain =
            "{\\rtf1\\ansi\\ansicpg1251{\\fonttbl{\\f0 Arial;}}{\\colortbl;\\red0\\green0\\blue0;}"
            + "{\\*\\generator Msftedit;}\\pard \\'cf\\'f0\\'e8\\'e2\\'e5\\'f2\\par second\\tab line\\line \\uc2\\u1044\\'3f\\'3f!}"
        #expect(RTFText.read(Array(plain.utf8)) == .text("Привет\nsecond\tline\nД!"))
        let binary = "{\\rtf1\\fromtext before {\\pict\\bin4 }}{{}after}"
        #expect(RTFText.read(Array(binary.utf8)) == .text("before after"))
    }

    /// Random bytes through the LZFu decoder (with a matching CRC, so the decoder runs), the RTF reader
    /// and the TNEF reader: bounded output, no crash.
    @Test("hostile bytes: compressed RTF, RTF, TNEF")
    func hostileBytes() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> UInt8 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
        for round in 0..<200 {
            let body = (0..<(round * 7 % 600)).map { _ in next() }
            var packed = [UInt8](repeating: 0, count: 16) + body
            let le: (UInt32) -> [UInt8] = { v in (0..<4).map { UInt8((v >> (8 * UInt32($0))) & 0xFF) } }
            packed.replaceSubrange(0..<4, with: le(UInt32(packed.count - 4)))
            packed.replaceSubrange(4..<8, with: le(UInt32(next()) << 8))
            packed.replaceSubrange(8..<12, with: Array("LZFu".utf8))
            packed.replaceSubrange(12..<16, with: le(CompressedRTF.crc(packed[16...])))
            if case .success(let raw) = CompressedRTF.decompress(packed) {
                #expect(raw.count <= Int(CompoundFile.u32(packed, 4)))
                _ = RTFText.read(raw)
            }
            _ = RTFText.read(Array("{\\rtf1\\fromhtml1 {\\*\\htmltag".utf8) + body)
            var tnef = Self.tnef([(0x0006_9003, body), (0x0002_800C, body)])
            if !tnef.isEmpty { tnef[Int(next()) % tnef.count] = next() }
            _ = TNEF.body(tnef)
        }
    }

    // MARK: Thread-Index

    @Test("Thread-Index links replies without References")
    func threadIndex() throws {
        let root: [UInt8] = [0x01, 0xDC] + [UInt8](repeating: 0x42, count: 20)
        let reply = root + [0, 0, 1, 2, 3]
        let second = reply + [0, 0, 4, 5, 6]
        func mail(_ id: String, _ ti: [UInt8], _ subject: String) -> String {
            "From: a@x.example\nTo: b@y.example\nSubject: \(subject)\nDate: Mon, 03 Mar 2025 10:15:00 +0100\n"
                + "Message-ID: <\(id)>\nThread-Index: \(Data(ti).base64EncodedString())\nThread-Topic: plan\n\n\(id)\n"
        }
        // Child first: the parent is found wherever it is in the input.
        let mbox = ["m3@x", "m1@x", "m2@x", "m4@x"].enumerated().map { k, id in
            let ti = [second, root, reply, [0x01, 0xDC] + [UInt8](repeating: 0x43, count: 20)][k]
            return "From x Mon Mar  3 10:15:00 2025\n"
                + mail(id, ti, [k == 1 ? "plan" : "RE: plan", "RE: other"][k == 3 ? 1 : 0]) + "\n"
        }.joined()
        let dir = try TempTree.write(["box.mbox": mbox])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (ms, _, _) = try readMail(dir + "/box.mbox")
        #expect(ms.map(\.messageID) == ["m3@x", "m1@x", "m2@x", "m4@x"])
        #expect(ms.map(\.parent) == ["m2@x", nil, "m1@x", nil])
        #expect(ms[0].thread == ms[1].thread && ms[2].thread == ms[1].thread && ms[3].thread != ms[1].thread)
    }
}
