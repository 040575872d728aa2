public import Foundation
public import RapportCore

/// Everything the score and dynamics depend on besides the messages: weights, level bands and gates,
/// business hours, identity overrides, and the warning rules' thresholds (`warnings`).
///
/// Loaded from JSON (`--config FILE`): keys missing from the file take their defaults, unknown keys are
/// an error (a typo must not silently fall back). `rapport config --dump` prints the defaults.
/// See docs/score.md.
public struct AnalysisConfig: Sendable, Hashable, Codable {
    /// Component weights (relative; normalized over the components that have a value).
    public var weights: [String: Double]
    /// Minimum points for levels 2, 3, 4 and 5 (ascending).
    public var bands: [Double]
    public var gates: Gates
    public var responsiveness: Responsiveness
    public var businessHours: BusinessHours
    public var identity: Identity
    public var account: Account
    public var analysis: Analysis
    public var warnings: WarningsConfig

    /// Level gates (see docs/score.md).
    public struct Gates: Sendable, Hashable, Codable {
        /// Reply pairs (either direction) needed for level 3 and above ("just introduced" stays ≤ 2).
        public var minExchangesFor3: Int
        /// Level 3 means "professional and responsive": their reply speed × rate must reach this.
        public var minResponsivenessFor3: Double
        /// Level 4 needs quick exchanges and friendly language from them.
        public var minResponsivenessFor4: Double
        public var minWarmthFor4: Double
        /// Level 4 means a *strong* relationship, which takes time: days from their first to their last
        /// message needed (a fortnight of quick, friendly mail is a good start, not a strong relationship).
        public var minDaysFor4: Double
        /// Level 5 needs a private channel they wrote in and warm language.
        public var minWarmthFor5: Double
        /// Channels counted as private (raw values).
        public var privateChannels: [String]
    }

    /// Reply-speed anchors: mean hours → value 0–100 (piecewise linear in log hours), on the email scale;
    /// other channels' latencies are divided by their factor first.
    public struct Responsiveness: Sendable, Hashable, Codable {
        /// `[hours, value]` pairs, ascending hours.
        public var anchors: [[Double]]
        /// Channel raw value → factor (chat is answered faster than mail: factor < 1 stretches it).
        public var channelFactors: [String: Double]
        /// Each reply's latency is capped at this many hours before averaging (one holiday or leave must
        /// not dominate the mean).
        public var capHours: Double
    }

    /// Working hours in each side's local time (from the UTC offsets on its own messages).
    public struct BusinessHours: Sendable, Hashable, Codable {
        /// `HH:MM`.
        public var start: String
        public var end: String
        /// Non-working weekdays, 0 = Sunday … 6 = Saturday.
        public var weekend: [Int]
        /// `YYYY-MM-DD` days off (both sides).
        public var holidays: [String]
        /// A file with one `YYYY-MM-DD` per line (`#` comments), added to `holidays`.
        public var holidaysFile: String?
    }

    /// Identity overrides.
    public struct Identity: Sendable, Hashable, Codable {
        /// Any identity key (Slack id, `ticket:<name>`, address) → the contact it belongs to (an address).
        public var aliases: [String: String]
        /// Email domain → account id (e.g. `acme.co.uk` → `acme.com`); map a domain to `""` to make it no account.
        public var domains: [String: String]
        /// Account id → display name.
        public var accountNames: [String: String]
        /// Weak, flagged links by equal full display name: identities without an address to an address, and
        /// free-mail addresses to the one other contact of that name (see `Analyzer.linkFreeMailAddresses`).
        public var linkByDisplayName: Bool
    }

    /// How an account's score is built from its contacts.
    public struct Account: Sendable, Hashable, Codable {
        /// Weights of the strongest, second and third contact's points.
        public var contactWeights: [Double]
        /// A single-threaded account's level is capped here.
        public var singleThreadedMaxLevel: Int
    }

    /// Windows and saturation points.
    public struct Analysis: Sendable, Hashable, Codable {
        /// The trend compares with the score replayed this many days earlier.
        public var trendDays: Int
        /// Months of score history per account.
        public var historyMonths: Int
        /// Messages newer than as-of minus this many days keep their text (warning rules, evidence).
        public var timelineDays: Int
        /// Stakeholders: contacts with a two-way exchange in this many days.
        public var stakeholderDays: Int
        /// Reply pairs at which the volume component saturates (log scale).
        public var volumeFull: Double
        /// Days of relationship at which the duration component saturates.
        public var durationFullDays: Double
        /// Recency: silence of this many times their usual gap scores 0.
        public var recencyZeroRatio: Double
        /// Usual gap when fewer than 3 messages from them exist.
        public var defaultCadenceDays: Double
        /// Open items: business days after which one unanswered item costs its full penalty.
        public var openItemFullDays: Double
        /// Reply pairs at which confidence reaches ~0.9.
        public var confidencePairs: Double
    }

    public init(
        weights: [String: Double], bands: [Double], gates: Gates, responsiveness: Responsiveness,
        businessHours: BusinessHours, identity: Identity, account: Account, analysis: Analysis,
        warnings: WarningsConfig
    ) {
        self.weights = weights
        self.bands = bands
        self.gates = gates
        self.responsiveness = responsiveness
        self.businessHours = businessHours
        self.identity = identity
        self.account = account
        self.analysis = analysis
        self.warnings = warnings
    }

    /// Component ids in their fixed report order.
    public static let componentIDs = [
        "warmth", "intimacy", "responsiveness", "recency", "volume", "duration", "balance", "sentiment", "open-items",
    ]

    /// The documented defaults.
    public static let defaults = AnalysisConfig(
        weights: [
            "warmth": 20, "intimacy": 15, "responsiveness": 20, "recency": 10, "volume": 10, "duration": 5,
            "balance": 10, "sentiment": 5, "open-items": 5,
        ],
        bands: [20, 40, 60, 75],
        gates: Gates(
            minExchangesFor3: 3, minResponsivenessFor3: 25, minResponsivenessFor4: 50, minWarmthFor4: 35,
            minDaysFor4: 30, minWarmthFor5: 55,
            privateChannels: ["slack-private", "slack-group-dm", "slack-dm"]),
        responsiveness: Responsiveness(
            anchors: [[1, 100], [7, 85], [11, 65], [50, 20], [168, 0]],
            channelFactors: [
                "email": 1, "ticket-public": 1, "ticket-internal": 1, "slack-public": 0.25, "slack-private": 0.25,
                "slack-group-dm": 0.2, "slack-dm": 0.2,
            ],
            capHours: 72),
        businessHours: BusinessHours(start: "09:00", end: "17:00", weekend: [0, 6], holidays: [], holidaysFile: nil),
        identity: Identity(aliases: [:], domains: [:], accountNames: [:], linkByDisplayName: true),
        account: Account(contactWeights: [0.8, 0.15, 0.05], singleThreadedMaxLevel: 4),
        analysis: Analysis(
            trendDays: 30, historyMonths: 12, timelineDays: 180, stakeholderDays: 180, volumeFull: 60,
            durationFullDays: 365, recencyZeroRatio: 6, defaultCadenceDays: 14, openItemFullDays: 5,
            confidencePairs: 20),
        warnings: WarningsConfig())

    /// Paths whose children are free-form keys (not checked against the defaults).
    static let mapPaths: Set<String> = [
        "weights", "responsiveness.channelFactors", "identity.aliases", "identity.domains", "identity.accountNames",
    ]

    /// Canonical JSON (sorted keys, pretty), as `rapport config --dump` prints and the config hash covers.
    public func canonicalJSON() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// SHA-256 of ``canonicalJSON()``.
    public var hash: String { SHA256.hex(canonicalJSON()) }

    /// Loads a config file over the defaults. Unknown keys, wrong types and invalid values are errors.
    public static func load(path: String) throws(RapportError) -> AnalysisConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RapportError(
                .missingInput, "config file cannot be read", file: path,
                remedy: "check the path; `rapport config --dump > rapport.json` writes the defaults to start from")
        }
        return try parse(data, file: path)
    }

    /// Parses config JSON over the defaults.
    public static func parse(_ data: Data, file: String = "<config>") throws(RapportError) -> AnalysisConfig {
        let user: Any
        do { user = try JSONSerialization.jsonObject(with: data) } catch {
            throw RapportError(
                .invalidConfiguration, "config is not valid JSON" + jsonSyntaxDetail(error, data: data),
                file: file, remedy: "fix the JSON syntax")
        }
        guard let userObject = user as? [String: Any] else {
            throw RapportError(.invalidConfiguration, "config must be a JSON object", file: file)
        }
        let defaultsData = Data(defaults.canonicalJSON().utf8)
        guard let base = (try? JSONSerialization.jsonObject(with: defaultsData)) as? [String: Any] else {
            throw RapportError(.system, "default config does not encode")
        }
        let merged = try mergeJSON(base, userObject, path: "", file: file)
        do {
            let mergedData = try JSONSerialization.data(withJSONObject: merged)
            var config = try JSONDecoder().decode(AnalysisConfig.self, from: mergedData)
            try config.validate(file: file)
            if let holidaysFile = config.businessHours.holidaysFile {
                config.businessHours.holidays += try BusinessCalendar.readHolidays(path: holidaysFile)
                config.businessHours.holidays = Array(Set(config.businessHours.holidays)).sorted()
            }
            return config
        } catch let error as RapportError {
            throw error
        } catch {
            throw RapportError(
                .invalidConfiguration, "config has a value of the wrong type" + decodingDetail(error), file: file,
                remedy: "compare with `rapport config --dump`")
        }
    }

    /// Where a JSON syntax error is, as `: line L, column C (reason)`, from Foundation's "around character N"
    /// (its `localizedDescription` only says "The data is not in the correct format").
    static func jsonSyntaxDetail(_ error: any Error, data: Data) -> String {
        let debug = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? ""
        var detail = debug.hasSuffix(".") ? String(debug.dropLast()) : debug
        if let range = debug.range(of: "around character "),
            let offset = Int(debug[range.upperBound...].prefix { $0.isASCII && $0.isNumber })
        {
            var line = 1
            var column = 1
            for byte in data.prefix(offset) {
                if byte == 0x0A {
                    line += 1
                    column = 1
                } else if byte & 0xC0 != 0x80 {
                    column += 1
                }
            }
            detail = "line \(line), column \(column)" + (detail.isEmpty ? "" : " (\(detail))")
        }
        return detail.isEmpty ? "" : ": " + detail
    }

    /// The key path and the expected type of a value that does not decode, without Swift's type dump:
    /// `: weights.warmth must be a number (found a string)`.
    static func decodingDetail(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "" }
        func path(_ c: DecodingError.Context) -> String {
            let p = c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return p.isEmpty ? "the top level" : p.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        func kind(_ type: Any.Type) -> String {
            switch type {
            case is Double.Type, is Float.Type: "a number"
            case is Int.Type, is Int32.Type, is Int64.Type: "a whole number"
            case is Bool.Type: "true or false"
            case is String.Type: "a string"
            default:
                String(describing: type).hasPrefix("Array") ? "an array" : "an object"
            }
        }
        func found(_ c: DecodingError.Context) -> String {
            // Foundation's wording: "Expected to decode Double but found a string instead."
            guard let r = c.debugDescription.range(of: "but found ") else { return "" }
            let rest = c.debugDescription[r.upperBound...]
            let what = rest.hasSuffix(" instead.") ? rest.dropLast(" instead.".count) : rest
            return " (found \(what))"
        }
        switch error {
        case .typeMismatch(let type, let c): return ": \(path(c)) must be \(kind(type))" + found(c)
        case .valueNotFound(let type, let c): return ": \(path(c)) must be \(kind(type)), not null"
        case .keyNotFound(let key, let c):
            return ": \(path(c)) lacks the key \"\(key.stringValue)\""
        case .dataCorrupted(let c): return ": \(path(c)): \(c.debugDescription)"
        @unknown default: return ""
        }
    }

    private static func mergeJSON(
        _ base: [String: Any], _ user: [String: Any], path: String, file: String
    )
        throws(RapportError) -> [String: Any]
    {
        var result = base
        for key in user.keys.sorted() {
            let value = user[key]!
            let childPath = path.isEmpty ? key : path + "." + key
            if mapPaths.contains(path) {
                result[key] = value
                continue
            }
            guard let baseValue = base[key] else {
                // Optional fields encode as absent; accept the known ones.
                if childPath == "businessHours.holidaysFile" || path == "warnings" {
                    result[key] = value
                    continue
                }
                throw RapportError(
                    .invalidConfiguration, "unknown config key \"\(childPath)\"", file: file,
                    remedy: "compare with `rapport config --dump`")
            }
            if mapPaths.contains(childPath), let userMap = value as? [String: Any] {
                result[key] = userMap
            } else if let baseObject = baseValue as? [String: Any], let userObject = value as? [String: Any] {
                result[key] = try mergeJSON(baseObject, userObject, path: childPath, file: file)
            } else {
                result[key] = value
            }
        }
        return result
    }

    func validate(file: String) throws(RapportError) {
        func bad(_ what: String) -> RapportError {
            RapportError(
                .invalidConfiguration, "invalid config: \(what)", file: file,
                remedy: "compare with `rapport config --dump`")
        }
        for (k, v) in weights {
            guard Self.componentIDs.contains(k) else { throw bad("unknown component \"\(k)\" in weights") }
            guard v >= 0, v.isFinite else { throw bad("weight of \(k) must be ≥ 0") }
        }
        guard bands.count == 4, zip(bands, bands.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw bad("bands must be 4 ascending numbers (minimum points of levels 2…5)")
        }
        guard responsiveness.anchors.allSatisfy({ $0.count == 2 && $0[0] > 0 }), !responsiveness.anchors.isEmpty else {
            throw bad("responsiveness.anchors must be [hours, value] pairs with hours > 0")
        }
        guard BusinessCalendar.parseClock(businessHours.start) != nil,
            BusinessCalendar.parseClock(businessHours.end) != nil
        else { throw bad("businessHours.start/end must be HH:MM") }
        guard businessHours.weekend.allSatisfy({ (0...6).contains($0) }) else {
            throw bad("businessHours.weekend must list weekdays 0 (Sunday) … 6 (Saturday)")
        }
        for d in businessHours.holidays where BusinessCalendar.parseDay(d) == nil {
            throw bad("holiday \"\(d)\" is not YYYY-MM-DD")
        }
        guard account.contactWeights.count >= 1 else { throw bad("account.contactWeights must not be empty") }
    }
}
