import Foundation
import RapportAnalysis
import RapportCore
import Testing

@testable import RapportReport

/// Checks JSON output against docs/report.schema.json with a small validator (type, required,
/// properties, additionalProperties, items, $ref, const, enum, minimum/maximum, pattern presence),
/// so the documented schema cannot drift from the encoder.
@Suite("JSON schema")
struct SchemaTests {
    static let schemaURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../docs/report.schema.json").standardized

    static func load() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: schemaURL)) as? [String: Any])
    }

    @Test(arguments: [false, true])
    func sampleConforms(_ redact: Bool) throws {
        let schema = try Self.load()
        let text = try Renderer.render(SampleReports.small, format: .json, options: RenderOptions(redact: redact))
        let value = try Self.parse(text)
        var errors: [String] = []
        Validator(root: schema).check(value, schema, "$", &errors)
        #expect(errors.isEmpty, "\(errors.prefix(10))")
    }

    @Test func generatedConforms() throws {
        let schema = try Self.load()
        let text = try Renderer.render(SampleReports.generated(accounts: 20), format: .json)
        var errors: [String] = []
        Validator(root: schema).check(try Self.parse(text), schema, "$", &errors)
        #expect(errors.isEmpty, "\(errors.prefix(10))")
    }

    @Test func validatorCatchesDrift() throws {
        let schema = try Self.load()
        var text = try Renderer.render(SampleReports.small, format: .json)
        text = text.replacingAll("\"stakeholders\"", with: "\"stakeHolders\"")
        var errors: [String] = []
        Validator(root: schema).check(try Self.parse(text), schema, "$", &errors)
        #expect(errors.contains { $0.contains("stakeHolders") })
        #expect(errors.contains { $0.contains("missing stakeholders") })
    }

    indirect enum JSONValue: Decodable {
        case object([String: JSONValue]), array([JSONValue]), string(String), number(Double), bool(Bool), null

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() {
                self = .null
            } else if let b = try? c.decode(Bool.self) {
                self = .bool(b)
            } else if let n = try? c.decode(Double.self) {
                self = .number(n)
            } else if let s = try? c.decode(String.self) {
                self = .string(s)
            } else if let a = try? c.decode([JSONValue].self) {
                self = .array(a)
            } else {
                self = .object(try c.decode([String: JSONValue].self))
            }
        }
    }

    static func parse(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    struct Validator {
        let root: [String: Any]

        func resolve(_ schema: [String: Any]) -> [String: Any] {
            guard let ref = schema["$ref"] as? String, ref.hasPrefix("#/$defs/") else { return schema }
            let name = String(ref.dropFirst("#/$defs/".count))
            return ((root["$defs"] as? [String: Any])?[name] as? [String: Any]) ?? [:]
        }

        func check(_ value: JSONValue, _ rawSchema: [String: Any], _ path: String, _ errors: inout [String]) {
            let schema = resolve(rawSchema)
            if let c = schema["const"] as? Int, case .number(let n) = value, n == Double(c) {
            } else if let c = schema["const"] as? Int {
                errors.append("\(path): not \(c)")
            }
            if let e = schema["enum"] as? [String] {
                if case .string(let s) = value, e.contains(s) {} else { errors.append("\(path): \(value) not in \(e)") }
            }
            if let type = schema["type"] as? String {
                let ok: Bool
                switch (type, value) {
                case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool),
                    ("number", .number):
                    ok = true
                case ("integer", .number(let n)): ok = n.rounded() == n
                default: ok = false
                }
                if !ok { errors.append("\(path): expected \(type), got \(value)") }
            }
            if case .number(let n) = value {
                if let min = schema["minimum"] as? Double, n < min { errors.append("\(path): below \(min)") }
                if let max = schema["maximum"] as? Double, n > max { errors.append("\(path): above \(max)") }
            }
            if case .object(let object) = value {
                let properties = schema["properties"] as? [String: Any] ?? [:]
                for key in (schema["required"] as? [String]) ?? [] where object[key] == nil {
                    errors.append("\(path): missing \(key)")
                }
                for (key, v) in object.sorted(by: { $0.key < $1.key }) {
                    if let p = properties[key] as? [String: Any] {
                        check(v, p, path + "." + key, &errors)
                    } else if let additional = schema["additionalProperties"] as? [String: Any] {
                        check(v, additional, path + "." + key, &errors)
                    } else if (schema["additionalProperties"] as? Bool) == false {
                        errors.append("\(path): unexpected \(key)")
                    }
                }
            }
            if case .array(let array) = value, let items = schema["items"] as? [String: Any] {
                for (i, v) in array.enumerated() { check(v, items, "\(path)[\(i)]", &errors) }
            }
        }
    }
}
