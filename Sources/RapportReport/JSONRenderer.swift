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

    static func render(_ report: AnalysisReport, into out: inout ChunkedOutput) throws(RapportError) {
        out.write(try encode(report, pretty: true))
        out.write("\n")
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

    struct AccountLine: Encodable {
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

    struct ContactLine: Encodable {
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

    struct WarningLine: Encodable {
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
        for (i, a) in r.accounts.enumerated() {
            let line = AccountLine(
                rank: i + 1, id: a.id, name: a.name, score: a.score, contactIDs: a.contacts.map(\.id),
                stakeholders: a.stakeholders, singleThreaded: a.singleThreaded, channelMix: a.channelMix,
                history: a.history)
            out.line(try JSONRenderer.encode(line, pretty: false))
            for (j, c) in a.contacts.enumerated() {
                out.line(
                    try JSONRenderer.encode(ContactLine(rank: j + 1, unaffiliated: false, contact: c), pretty: false))
            }
        }
        for (j, c) in r.unaffiliated.enumerated() {
            out.line(try JSONRenderer.encode(ContactLine(rank: j + 1, unaffiliated: true, contact: c), pretty: false))
        }
        for w in r.warnings {
            out.line(try JSONRenderer.encode(WarningLine(warning: w), pretty: false))
        }
    }
}
