public import RapportAnalysis

/// Narrows a report to the accounts and contacts a reader asked for (`--account`, `--contact`, `--limit`),
/// after the whole analysis ran: scores, counts and "us" stay those of the full input, only the lists get
/// shorter, and a note says what was left out. A real mailbox holds hundreds of accounts; an account
/// manager wants theirs.
///
/// - `accounts`: an account's id (its domain) or display name, case-insensitive.
/// - `contacts`: a contact's id, address or an alias id, case-insensitive; its account is kept with just
///   the selected contacts under it.
/// - `limit`: at most this many accounts (in report order: best first) and as many unaffiliated contacts.
///
/// Warnings are kept for the contacts still shown. With no criterion the report is returned unchanged.
public struct ReportFilter: Sendable, Hashable {
    public var accounts: [String]
    public var contacts: [String]
    public var limit: Int?

    public init(accounts: [String] = [], contacts: [String] = [], limit: Int? = nil) {
        self.accounts = accounts
        self.contacts = contacts
        self.limit = limit
    }

    public var isEmpty: Bool { accounts.isEmpty && contacts.isEmpty && limit == nil }

    /// The criteria that matched nothing in `report` (for a clear message about a typo).
    public func unmatched(in report: AnalysisReport) -> [String] {
        let allContacts = report.accounts.flatMap(\.contacts) + report.unaffiliated
        let missingAccounts = accounts.filter { a in !report.accounts.contains { Self.account($0, matches: a) } }
        let missingContacts = contacts.filter { c in !allContacts.contains { Self.contact($0, matches: c) } }
        return missingAccounts.map { "--account " + $0 } + missingContacts.map { "--contact " + $0 }
    }

    /// The report with only the selected accounts and contacts.
    public func apply(to report: AnalysisReport) -> AnalysisReport {
        guard !isEmpty else { return report }
        var r = report
        let selecting = !accounts.isEmpty || !contacts.isEmpty
        var kept: [AccountResult] = []
        for account in report.accounts {
            if !selecting || accounts.contains(where: { Self.account(account, matches: $0) }) {
                kept.append(account)
                continue
            }
            let chosen = account.contacts.filter { c in contacts.contains { Self.contact(c, matches: $0) } }
            if !chosen.isEmpty {
                var a = account
                a.contacts = chosen
                kept.append(a)
            }
        }
        var loose =
            selecting
            ? report.unaffiliated.filter { c in contacts.contains { Self.contact(c, matches: $0) } }
            : report.unaffiliated
        if let limit {
            kept = Array(kept.prefix(max(0, limit)))
            loose = Array(loose.prefix(max(0, limit)))
        }
        r.accounts = kept
        r.unaffiliated = loose
        var shown = Set(loose.map(\.id))
        for a in kept { for c in a.contacts { shown.insert(c.id) } }
        r.warnings = report.warnings.filter { shown.contains($0.contact) }

        var criteria: [String] = []
        if !accounts.isEmpty { criteria.append("--account " + accounts.joined(separator: ", ")) }
        if !contacts.isEmpty { criteria.append("--contact " + contacts.joined(separator: ", ")) }
        if let limit { criteria.append("--limit \(limit)") }
        let contactCount = report.accounts.reduce(0) { $0 + $1.contacts.count } + report.unaffiliated.count
        let note =
            "filtered (\(criteria.joined(separator: "; "))): showing \(kept.count) of \(report.accounts.count) "
            + "accounts, \(shown.count) of \(contactCount) contacts, \(r.warnings.count) of "
            + "\(report.warnings.count) warnings"
        r.notes = (report.notes ?? []) + [note]
        return r
    }

    static func account(_ a: AccountResult, matches query: String) -> Bool {
        let q = query.lowercased()
        return a.id.lowercased() == q || a.name.lowercased() == q
    }

    static func contact(_ c: ContactResult, matches query: String) -> Bool {
        let q = query.lowercased()
        if c.id.lowercased() == q || c.email?.lowercased() == q { return true }
        return c.aliases.contains { $0.id.lowercased() == q }
    }
}
