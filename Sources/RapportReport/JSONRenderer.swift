import Foundation
import RapportAnalysis
import RapportCore

/// `--format json`: the whole ``AnalysisReport`` as one pretty-printed JSON document with sorted keys
/// (schema: docs/json-schema.md, docs/report.schema.json).
enum JSONRenderer {
    static func encoder(pretty: Bool) -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting =
            pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        e.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return e
    }

    /// Writes what `encode(report, pretty: true)` returns, and a newline, without building the document
    /// in one piece: the three lists that grow with the input (accounts, unaffiliated contacts, warnings)
    /// are encoded one element at a time and spliced into the encoding of the rest of the report,
    /// indented as the one-piece encoding places them. The bytes are the same (tests compare both); the
    /// encoder's tree holds one element at a time instead of the whole report (an 83 MB mailbox with
    /// 20,000 correspondents: a 145 MB document, whose tree took ~500 MB).
    static func render(_ report: AnalysisReport, into out: inout ChunkedOutput) throws(RapportError) {
        var skeleton = report
        skeleton.accounts = []
        skeleton.unaffiliated = []
        skeleton.warnings = []
        let text = try encode(skeleton, pretty: true)
        // A top-level list is the only thing at two spaces of indentation with its key.
        var splices: [(range: Range<String.Index>, key: String)] = []
        for key in ["accounts", "unaffiliated", "warnings"] {
            guard let r = text.range(of: "\n  \"\(key)\" : [\n\n  ]") else {
                throw RapportError(.io, "JSON encoding failed: no \"\(key)\" list in the report's encoding")
            }
            splices.append((r, key))
        }
        splices.sort { $0.range.lowerBound < $1.range.lowerBound }
        var position = text.startIndex
        for (range, key) in splices {
            out.write(String(text[position..<range.lowerBound]))
            out.write("\n  \"\(key)\" : ")
            switch key {
            case "accounts": try writeList(report.accounts, into: &out)
            case "unaffiliated": try writeList(report.unaffiliated, into: &out)
            default: try writeList(report.warnings, into: &out)
            }
            position = range.upperBound
        }
        out.write(String(text[position...]))
        out.write("\n")
    }

    /// A top-level list's value as the pretty encoder writes it at one level of nesting: `[`, each
    /// element indented by four spaces (blank lines, inside empty lists and objects, stay empty),
    /// separated by `,` and a newline, and `]` indented by two; an empty list is `[`, a blank line, `]`.
    static func writeList<T: Encodable & Sendable>(
        _ items: [T], into out: inout ChunkedOutput
    )
        throws(RapportError)
    {
        guard !items.isEmpty else {
            out.write("[\n\n  ]")
            return
        }
        out.write("[\n")
        try encodeInOrder(items, pretty: true, finish: indented) { k, text in
            if k > 0 { out.write(",\n") }
            out.write(text)
        }
        out.write("\n  ]")
    }

    /// Encodes `items` on both cores, a window of 256 at a time, turns each encoding into text with
    /// `finish` (on the encoding thread too), and hands the texts to `body` in order, on this thread.
    static func encodeInOrder<T: Encodable & Sendable>(
        _ items: [T], pretty: Bool, finish: @escaping @Sendable (Data) -> String,
        _ body: (Int, String) -> Void
    ) throws(RapportError) {
        let workers = max(1, min(2, ProcessInfo.processInfo.activeProcessorCount))
        let window = 256
        var start = 0
        while start < items.count {
            let end = min(items.count, start + window)
            let pieces = ResultSlots<Result<String, any Error>>(count: end - start)
            let first = start
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let encoder = encoder(pretty: pretty)
                var k = first + w
                while k < end {
                    pieces.set(k - first, Result { finish(try encoder.encode(items[k])) })
                    k += workers
                }
            }
            for k in first..<end {
                switch pieces.take(k - first) {
                case .success(let text): body(k, text)
                case .failure(let error): throw RapportError(.io, "JSON encoding failed: \(error)")
                }
            }
            start = end
        }
    }

    /// One element's encoding indented by four spaces (empty lines stay empty).
    static func indented(_ data: Data) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(data.count + data.count / 8 + 4)
        bytes.append(contentsOf: "    ".utf8)
        data.withUnsafeBytes { raw in
            // Line by line: each line after a line break, unless empty, gets the indent.
            let p = raw.assumingMemoryBound(to: UInt8.self)
            guard let base = p.baseAddress else { return }
            var i = 0
            while i < p.count {
                let j =
                    memchr(base + i, 0x0A, p.count - i).map {
                        base.distance(to: $0.assumingMemoryBound(to: UInt8.self))
                    } ?? p.count
                bytes.append(contentsOf: UnsafeBufferPointer(start: base + i, count: j - i))
                guard j < p.count else { break }
                bytes.append(0x0A)
                i = j + 1
                if i < p.count && p[i] != 0x0A { bytes.append(contentsOf: "    ".utf8) }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func encode(_ value: some Encodable, pretty: Bool) throws(RapportError) -> String {
        do {
            return String(decoding: try encoder(pretty: pretty).encode(value), as: UTF8.self)
        } catch {
            throw RapportError(.io, "JSON encoding failed: \(error)")
        }
    }
}

/// `--format ndjson`: one JSON object per line, each with a `type`:
/// `report` (provenance, first), then per account `account` followed by its `contact` lines, then
/// `contact` lines of unaffiliated contacts, then `warning` lines.
enum NDJSONRenderer {
    struct Header: Encodable {
        let type = "report"
        var schemaVersion: Int
        var generator: String
        var asOf: Timestamp?
        var inputs: [InputRecord]
        var summary: IngestSummary
        var us: Us
        var configHash: String
        var lexiconHash: String
        var analysis: AnalysisCounts?
        var notes: [String]?
        var accounts: Int
        var contacts: Int
        var warnings: Int
    }

    struct AccountLine: Encodable, Sendable {
        let type = "account"
        var rank: Int
        var id: String
        var name: String
        var score: ScoreResult
        var contactIDs: [String]
        var stakeholders: Int
        var singleThreaded: Bool
        var channelMix: [String: Int]
        var history: [ScorePoint]
    }

    struct ContactLine: Encodable, Sendable {
        let type = "contact"
        var rank: Int
        var unaffiliated: Bool
        var contact: ContactResult
        func encode(to encoder: any Encoder) throws {
            try contact.encode(to: encoder)
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(type, forKey: .type)
            try c.encode(rank, forKey: .rank)
            try c.encode(unaffiliated, forKey: .unaffiliated)
        }
        enum Keys: String, CodingKey { case type, rank, unaffiliated }
    }

    struct WarningLine: Encodable, Sendable {
        let type = "warning"
        var warning: Warning
        func encode(to encoder: any Encoder) throws {
            try warning.encode(to: encoder)
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(type, forKey: .type)
        }
        enum Keys: String, CodingKey { case type }
    }

    static func render(_ r: AnalysisReport, into out: inout ChunkedOutput) throws(RapportError) {
        let contactCount = r.accounts.reduce(r.unaffiliated.count) { $0 + $1.contacts.count }
        let header = Header(
            schemaVersion: r.schemaVersion, generator: r.generator, asOf: r.asOf, inputs: r.inputs,
            summary: r.summary, us: r.us, configHash: r.configHash, lexiconHash: r.lexiconHash,
            analysis: r.analysis, notes: r.notes, accounts: r.accounts.count, contacts: contactCount,
            warnings: r.warnings.count)
        out.line(try JSONRenderer.encode(header, pretty: false))
        var lines: [Line] = []
        for (i, a) in r.accounts.enumerated() {
            lines.append(
                .account(
                    AccountLine(
                        rank: i + 1, id: a.id, name: a.name, score: a.score, contactIDs: a.contacts.map(\.id),
                        stakeholders: a.stakeholders, singleThreaded: a.singleThreaded, channelMix: a.channelMix,
                        history: a.history)))
            for (j, c) in a.contacts.enumerated() {
                lines.append(.contact(ContactLine(rank: j + 1, unaffiliated: false, contact: c)))
            }
        }
        for (j, c) in r.unaffiliated.enumerated() {
            lines.append(.contact(ContactLine(rank: j + 1, unaffiliated: true, contact: c)))
        }
        lines += r.warnings.map { .warning(WarningLine(warning: $0)) }
        try JSONRenderer.encodeInOrder(lines, pretty: false, finish: { String(decoding: $0, as: UTF8.self) }) {
            out.line($1)
        }
    }

    /// One line after the header.
    enum Line: Encodable, Sendable {
        case account(AccountLine)
        case contact(ContactLine)
        case warning(WarningLine)

        func encode(to encoder: any Encoder) throws {
            switch self {
            case .account(let line): try line.encode(to: encoder)
            case .contact(let line): try line.encode(to: encoder)
            case .warning(let line): try line.encode(to: encoder)
            }
        }
    }
}
