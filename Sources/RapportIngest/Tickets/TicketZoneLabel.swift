import Foundation

/// Helpdesk zone labels such as Zendesk's `(GMT+01:00) Berlin` or `(GMT-05:00) Eastern Time (US & Canada)`
/// (Rails time-zone names): resolved to an IANA zone so every date gets the offset in force on that day
/// (daylight saving), not the label's one fixed offset.
enum TicketZoneLabel {
    /// Rails names that are not an IANA city (the rest match an IANA identifier's last component).
    static let railsNames: [String: String] = [
        "eastern time (us & canada)": "America/New_York", "central time (us & canada)": "America/Chicago",
        "mountain time (us & canada)": "America/Denver", "pacific time (us & canada)": "America/Los_Angeles",
        "atlantic time (canada)": "America/Halifax", "alaska": "America/Juneau", "hawaii": "Pacific/Honolulu",
        "arizona": "America/Phoenix", "indiana (east)": "America/Indiana/Indianapolis",
        "central america": "America/Guatemala", "mid-atlantic": "Atlantic/South_Georgia",
        "international date line west": "Etc/GMT+12", "midway island": "Pacific/Midway",
        "american samoa": "Pacific/Pago_Pago", "greenland": "America/Godthab", "brasilia": "America/Sao_Paulo",
        "buenos aires": "America/Argentina/Buenos_Aires", "edinburgh": "Europe/London", "utc": "Etc/UTC",
        "west central africa": "Africa/Algiers", "bern": "Europe/Zurich", "ljubljana": "Europe/Ljubljana",
        "new delhi": "Asia/Kolkata", "mumbai": "Asia/Kolkata", "chennai": "Asia/Kolkata",
        "kolkata": "Asia/Kolkata", "sri jayawardenepura": "Asia/Colombo", "beijing": "Asia/Shanghai",
        "osaka": "Asia/Tokyo", "sapporo": "Asia/Tokyo", "hanoi": "Asia/Bangkok", "guam": "Pacific/Guam",
        "port moresby": "Pacific/Port_Moresby", "wellington": "Pacific/Auckland", "canberra": "Australia/Sydney",
        "new caledonia": "Pacific/Noumea", "solomon is.": "Pacific/Guadalcanal", "marshall is.": "Pacific/Majuro",
        "kamchatka": "Asia/Kamchatka", "astana": "Asia/Almaty", "islamabad": "Asia/Karachi",
        "abu dhabi": "Asia/Muscat", "pretoria": "Africa/Johannesburg", "cape verde is.": "Atlantic/Cape_Verde",
        "azores": "Atlantic/Azores", "quito": "America/Lima", "georgetown": "America/Guyana",
    ]

    /// IANA identifiers by their lower-cased last component (`berlin` → `Europe/Berlin`); the first in
    /// sorted order wins, so the table is deterministic.
    static let byCity: [String: String] = {
        var table: [String: String] = [:]
        for id in TimeZone.knownTimeZoneIdentifiers.sorted() {
            guard let city = id.split(separator: "/").last?.lowercased(), table[city] == nil else { continue }
            table[city] = id
        }
        return table
    }()

    /// The IANA zone a label names, when its offset agrees with that zone in January or July; `nil` when
    /// the text is not `(GMT±hh:mm) Name` / `(UTC±hh:mm) Name` or the name is unknown.
    static func resolve(_ text: String) -> String? {
        var t = Substring(text.trimmingCharacters(in: .whitespaces))
        guard t.hasPrefix("(") else { return nil }
        t = t.dropFirst()
        guard let close = t.firstIndex(of: ")") else { return nil }
        guard let offset = TicketDateParser.parseOffset(Array(t[..<close].utf8)[...]) else { return nil }
        let name = t[t.index(after: close)...].trimmingCharacters(in: .whitespaces).lowercased()
        guard !name.isEmpty else { return nil }
        let id: String
        if let mapped = railsNames[name] {
            id = mapped
        } else {
            guard let found = byCity[name.replacingOccurrences(of: " ", with: "_")] else { return nil }
            id = found
        }
        guard let zone = TimeZone(identifier: id) else { return nil }
        // Labels show the standard or the current offset; either must match the zone in January or July.
        let january = Date(timeIntervalSince1970: 1_704_067_200)  // 2024-01-01
        let july = Date(timeIntervalSince1970: 1_719_792_000)  // 2024-07-01
        let offsets = [zone.secondsFromGMT(for: january), zone.secondsFromGMT(for: july)]
        return offsets.contains(Int(offset)) ? id : nil
    }
}
