import Foundation
import RapportCore
import RapportText
import Testing

@testable import RapportIngest

/// Hostile HTML tickets: entity bombs, external entities, deep nesting, truncation.
@Suite("Bad input: HTML tickets")
struct BadInputTicketTests {
    static let ticketDir = BadInput.testsDir.appendingPathComponent("Fixtures/tickets").path
    static let ticketFiles: [String] =
        ((try? FileManager.default.contentsOfDirectory(atPath: ticketDir)) ?? []).filter { $0.hasSuffix(".html") }
        .sorted()

    @Test func billionLaughsIsBounded() {
        let r = BadInput.ingest([BadInput.badFixtures + "/billion-laughs.html"])
        #expect(r.error == nil)
        #expect(r.seconds < BadInput.linearBound)
        BadInput.checkAccounting(r.summary, "billion laughs")
        // Entities are never expanded into a billion "lol"s.
        let total = r.messages.reduce(0) { $0 + $1.text.utf8.count }
        #expect(total < 10_000)
        #expect(!r.messages.contains { $0.text.contains("lollollol") })
    }

    @Test func billionLaughsThroughHTMLText() throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: BadInput.badFixtures + "/billion-laughs.html")))
        let text = HTMLText.text(fromHTML: bytes)
        #expect(text.utf8.count < 10_000)
        #expect(!text.contains("lollollol"))
    }

    @Test func externalEntitiesAndNetworkAreNeverFetched() throws {
        let r = BadInput.ingest([BadInput.badFixtures + "/xxe.html"])
        #expect(r.error == nil)
        BadInput.checkAccounting(r.summary, "xxe")
        for m in r.messages {
            #expect(!m.text.contains("root:"))
            #expect(!m.text.contains("/bin/"))
        }
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: BadInput.badFixtures + "/xxe.html")))
        let text = HTMLText.text(fromHTML: bytes)
        #expect(!text.contains("root:"))
        #expect(text.contains("before"))
    }

    static let pathologicalPagesCases: [(String, String)] = [
        ("deep-divs", String(repeating: "<div>", count: 200_000) + "text"),
        ("deep-tables", String(repeating: "<table><tr><td>", count: 60_000) + "text"),
        ("unclosed-tags", String(repeating: "<b", count: 500_000)),
        ("lt", String(repeating: "<", count: 1_000_000)),
        ("comments", String(repeating: "<!--", count: 250_000)),
        ("entities", String(repeating: "&amp", count: 250_000)),
        ("attributes", "<div " + String(repeating: "a=\"", count: 330_000)),
        ("nul", String(repeating: "<p>\u{0}", count: 250_000)),
    ]

    @Test(arguments: pathologicalPagesCases)
    func pathologicalPages(_ name: String, _ body: String) throws {
        let dir = try BadInput.tempDir("html")
        defer { BadInput.cleanup(dir) }
        let page = "<!doctype html><html><head><title>Ticket #9</title></head><body>" + body
        try BadInput.write(Array(page.utf8), to: dir + "/\(name).html")
        let r = BadInput.ingest([dir + "/\(name).html"])
        #expect(r.error == nil, "\(name): \(String(describing: r.error))")
        #expect(r.seconds < BadInput.linearBound, "\(name): \(r.seconds) s")
        BadInput.checkAccounting(r.summary, name)
        #expect(r.summary.read >= 1)
        let t = BadInput.time { _ = HTMLText.text(fromHTML: Array(page.utf8)) }
        #expect(t < BadInput.linearBound, "\(name) HTMLText: \(t) s")
    }

    /// Beyond `maxHTMLDepth` the page's entries are still read and the depth is reported (not silent).
    @Test func deepNestingBeyondTheLimitIsReported() throws {
        let dir = try BadInput.tempDir("deep")
        defer { BadInput.cleanup(dir) }
        let fixture = try String(contentsOfFile: Self.ticketDir + "/zendesk-print.html", encoding: .utf8)
        let page = fixture.replacingOccurrences(
            of: "</body>", with: String(repeating: "<div>", count: 5_000) + "hidden words</body>")
        try BadInput.write(Array(page.utf8), to: dir + "/deep.html")
        let r = BadInput.ingest([dir + "/deep.html"])
        #expect(r.error == nil)
        #expect(r.summary.problems.contains { $0.contains("deeper than 256 elements") })
        #expect(r.summary.emitted > 0)
        BadInput.checkAccounting(r.summary, "deep.html")
    }

    @Test(arguments: ticketFiles) func truncatedAndCorruptedTickets(_ name: String) throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.ticketDir + "/" + name)))
        let dir = try BadInput.tempDir("tk")
        defer { BadInput.cleanup(dir) }
        var variants: [[UInt8]] = []
        for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 12)) {
            variants.append(Array(bytes[..<cut]))
        }
        for poison: UInt8 in [0x00, 0xFF, 0x3C] {
            var b = bytes
            for i in stride(from: 50, to: b.count, by: 37) { b[i] = poison }
            variants.append(b)
        }
        for (k, v) in variants.enumerated() {
            let path = dir + "/v\(k).html"
            try BadInput.write(v, to: path)
            var options = BadInput.defaultOptions()
            options.forcedFormat = .html
            let r = BadInput.ingest([path], options: options)
            #expect(r.error == nil, "\(name) variant \(k): \(String(describing: r.error))")
            BadInput.checkAccounting(r.summary, "\(name) variant \(k)")
        }
    }
}

/// Hostile Slack exports: deep JSON, broken day files, mrkdwn bombs, truncated zips.
@Suite("Bad input: Slack")
struct BadInputSlackTests {
    static func export(dayFile: String) throws -> String {
        let dir = try BadInput.tempDir("slack")
        try FileManager.default.createDirectory(atPath: dir + "/general", withIntermediateDirectories: true)
        try BadInput.write(
            Array(#"[{"id":"U1","name":"ana","real_name":"Ana"},{"id":"U2","name":"bo","real_name":"Bo"}]"#.utf8),
            to: dir + "/users.json")
        try BadInput.write(
            Array(#"[{"id":"C1","name":"general","members":["U1","U2"]}]"#.utf8), to: dir + "/channels.json")
        try BadInput.write(
            Array(#"[{"type":"message","user":"U1","text":"first day ok","ts":"1700000000.000100"}]"#.utf8),
            to: dir + "/general/2023-11-14.json")
        try BadInput.write(Array(dayFile.utf8), to: dir + "/general/2023-11-15.json")
        try BadInput.write(
            Array(#"[{"type":"message","user":"U2","text":"third day ok","ts":"1700200000.000100"}]"#.utf8),
            to: dir + "/general/2023-11-16.json")
        return dir
    }

    static func message(_ text: String) -> String {
        var escaped = ""
        for s in text.unicodeScalars {
            switch s {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(s)
            }
        }
        return #"[{"type":"message","user":"U2","text":""# + escaped + #"","ts":"1700100000.000100"}]"#
    }

    static let pathologicalDayFilesCases: [(String, String)] = [
        ("deep-arrays", String(repeating: "[", count: 1_000_000)),
        ("deep-objects", String(repeating: #"{"a":"#, count: 200_000)),
        (
            "deep-in-message",
            #"[{"type":"message","user":"U1","ts":"1700100000.1","x":"# + String(repeating: "[", count: 500_000)
        ),
        ("unterminated-string", #"[{"type":"message","text":""# + String(repeating: "\\\"", count: 400_000)),
        ("numbers", "[" + String(repeating: "1", count: 1_000_000)),
        ("invalid-utf8", "[\u{FFFD}\u{0}\u{0}]"),
        ("empty", ""),
        ("nul", String(repeating: "\u{0}", count: 100)),
        ("not-array", #"{"type":"message"}"#),
        ("mrkdwn-brackets", message(String(repeating: "<", count: 300_000))),
        ("mrkdwn-links", message(String(repeating: "<@U1|<#C1|<http://x|", count: 30_000))),
        ("mrkdwn-emoji", message(String(repeating: ":", count: 500_000))),
        ("mrkdwn-skin", message(String(repeating: ":a::skin-tone-", count: 50_000))),
        ("mrkdwn-format", message(String(repeating: "*_~`", count: 200_000))),
        ("mrkdwn-quotes", message(String(repeating: "&gt; ", count: 150_000))),
        ("mrkdwn-entities", message(String(repeating: "&amp;lt;", count: 100_000))),
        ("mrkdwn-nested-brackets", message(String(repeating: "[", count: 500_000))),
    ]

    @Test(arguments: pathologicalDayFilesCases)
    func pathologicalDayFiles(_ name: String, _ dayFile: String) throws {
        let dir = try Self.export(dayFile: dayFile)
        defer { BadInput.cleanup(dir) }
        let r = BadInput.ingest([dir])
        #expect(r.error == nil, "\(name): \(String(describing: r.error))")
        #expect(r.seconds < BadInput.linearBound, "\(name): \(r.seconds) s")
        let texts = r.messages.map(\.text)
        #expect(texts.first == "first day ok", "\(name)")
        #expect(texts.last == "third day ok", "\(name)")
        BadInput.checkAccounting(r.summary, name)
    }

    @Test func jsonDepthLimitIsReported() throws {
        let dir = try Self.export(dayFile: String(repeating: "[", count: 10_000))
        defer { BadInput.cleanup(dir) }
        let r = BadInput.ingest([dir])
        #expect(r.messages.count == 2)
        #expect(r.summary.problems.contains { $0.contains("2023-11-15.json") && $0.contains("deep") })
    }

    @Test func mrkdwnDecoderOnHostileBytes() {
        let decoder = MrkdwnDecoder(userNames: ["U1": "Ana"], channelNames: ["C1": "general"], emoji: SlackEmoji())
        let inputs = [
            String(repeating: "<", count: 1 << 20), String(repeating: "<@", count: 1 << 19),
            String(repeating: "<!date^", count: 150_000), String(repeating: ":", count: 1 << 20),
            String(repeating: "&", count: 1 << 20), String(repeating: "<http://a|", count: 100_000),
            String(repeating: "[", count: 1 << 20),
        ]
        for input in inputs {
            let bytes = Array(input.utf8)
            let t = BadInput.time { _ = decoder.decode(bytes[...]) }
            #expect(t < BadInput.linearBound, "\(input.prefix(8)): \(t) s")
        }
    }

    @Test func truncatedZipIsAClearErrorOrAPartialRead() throws {
        let zip = [UInt8](
            try Data(contentsOf: BadInput.testsDir.appendingPathComponent("Fixtures/slack/modern.zip")))
        let dir = try BadInput.tempDir("zip")
        defer { BadInput.cleanup(dir) }
        for cut in stride(from: 4, to: zip.count, by: max(1, zip.count / 20)) {
            let path = dir + "/cut\(cut).zip"
            try BadInput.write(Array(zip[..<cut]), to: path)
            let r = BadInput.ingest([path])
            if let e = r.error {
                #expect(!e.message.isEmpty)
            }
            BadInput.checkAccounting(r.summary, "zip cut \(cut)")
        }
    }
}
