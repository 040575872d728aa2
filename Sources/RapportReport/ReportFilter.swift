public import RapportAnalysis

/// Narrows a report to the accounts and contacts a reader asked for (`--account`, `--contact`, `--limit`),
/// after the whole analysis ran: scores, counts and "us" stay those of the full input, only the lists get
/// shorter, and a note says what was left out. A real mailbox holds hundreds of accounts; an account
/// manager wants theirs.
///
/// - `accounts`: an account's id (its domain) or display name, case-insensitive.
/// - `contacts`: a contact's id, address or an alias id, case-insensitive; its account is kept with just
///   the selected contacts under it.
/// - `limit`: at most this many accounts (in report order: best first, or `sort`'s) and as many
///   unaffiliated contacts.
/// - `sort`: `risk` puts accounts and contacts with act-level warnings first, then watch-level ones, then
///   the lowest scores; `messages` the busiest (messages both ways) first; `name` alphabetical. Ties keep
///   the report order (points, then id), so the result is deterministic.
///
/// Warnings are kept for the contacts still shown. With no criterion the report is returned unchanged.
public struct ReportFilter: Sendable, Hashable {
    /// Orders of the account and contact lists.
    public enum Sort: String, Sendable, Hashable, CaseIterable {
        case points, risk, messages, name
    }

    public var accounts: [String]
    public var contacts: [String]
    public var limit: Int?
    public var sort: Sort

    public init(accounts: [String] = [], contacts: [String] = [], limit: Int? = nil, sort: Sort = .points) {
        self.accounts = accounts
        self.contacts = contacts
        self.limit = limit
        self.sort = sort
    }

    public var isEmpty: Bool { accounts.isEmpty && contacts.isEmpty && limit == nil && sort == .points }

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
        if sort != .points {
            let warned = Self.warningRank(report.warnings)
            for k in kept.indices { kept[k].contacts = Self.sorted(kept[k].contacts, by: sort, warned) }
            kept = Self.sorted(kept, by: sort, warned)
        }
        var loose =
            selecting
            ? report.unaffiliated.filter { c in contacts.contains { Self.contact(c, matches: $0) } }
            : report.unaffiliated
        if sort != .points { loose = Self.sorted(loose, by: sort, Self.warningRank(report.warnings)) }
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
        if sort != .points { criteria.append("--sort \(sort.rawValue)") }
        let contactCount = report.accounts.reduce(0) { $0 + $1.contacts.count } + report.unaffiliated.count
        let sortedOnly = accounts.isEmpty && contacts.isEmpty && limit == nil
        let note =
            sortedOnly
            ? "sorted by \(sort.rawValue) (--sort \(sort.rawValue))"
            : "filtered (\(criteria.joined(separator: "; "))): showing \(kept.count) of \(report.accounts.count) "
                + "accounts, \(shown.count) of \(contactCount) contacts, \(r.warnings.count) of "
                + "\(report.warnings.count) warnings"
        r.notes = (report.notes ?? []) + [note]
        return r
    }

    /// Per contact id: 2 with an act-level warning, 1 with a watch-level one.
    static func warningRank(_ warnings: [Warning]) -> [String: Int] {
        var rank: [String: Int] = [:]
        for w in warnings { rank[w.contact] = max(rank[w.contact] ?? 0, w.severity == .act ? 2 : 1) }
        return rank
    }

    /// What one row (a contact or an account) is ordered by, computed once per row.
    struct SortKey {
        /// 2 with an act-level warning, 1 with a watch-level one, 0 without.
        var risk: Int
        var points: Double
        var messages: Int
        var name: String
    }

    static func sorted(_ contacts: [ContactResult], by sort: Sort, _ warned: [String: Int]) -> [ContactResult] {
        sorted(contacts, by: sort) { c in
            SortKey(
                risk: warned[c.id] ?? 0, points: c.score.points,
                messages: c.dynamics.messagesIn + c.dynamics.messagesOut, name: c.displayName.lowercased())
        }
    }

    static func sorted(_ accounts: [AccountResult], by sort: Sort, _ warned: [String: Int]) -> [AccountResult] {
        sorted(accounts, by: sort) { a in
            SortKey(
                risk: a.contacts.map { warned[$0.id] ?? 0 }.max() ?? 0, points: a.score.points,
                messages: a.contacts.reduce(0) { $0 + $1.dynamics.messagesIn + $1.dynamics.messagesOut },
                name: a.name.lowercased())
        }
    }

    /// Stable sort by `sort` over keys computed once per row; ties keep the input (points) order.
    static func sorted<Row>(_ rows: [Row], by sort: Sort, key: (Row) -> SortKey) -> [Row] {
        let keyed = rows.enumerated().map { (offset: $0.offset, key: key($0.element), row: $0.element) }
        return keyed.sorted { a, b in
            let (x, y) = (a.key, b.key)
            switch sort {
            case .points: break
            case .risk:
                if x.risk != y.risk { return x.risk > y.risk }
                if x.points != y.points { return x.points < y.points }
            case .messages:
                if x.messages != y.messages { return x.messages > y.messages }
            case .name:
                if x.name != y.name { return x.name < y.name }
            }
            return a.offset < b.offset
        }.map(\.row)
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
