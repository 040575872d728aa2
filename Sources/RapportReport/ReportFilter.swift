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

    static func sorted(_ contacts: [ContactResult], by sort: Sort, _ warned: [String: Int]) -> [ContactResult] {
        let keyed = contacts.enumerated().map { ($0.offset, $0.element) }
        return keyed.sorted { a, b in
            let (x, y) = (a.1, b.1)
            switch sort {
            case .points: break
            case .risk:
                let (wx, wy) = (warned[x.id] ?? 0, warned[y.id] ?? 0)
                if wx != wy { return wx > wy }
                if x.score.points != y.score.points { return x.score.points < y.score.points }
            case .messages:
                let mx = x.dynamics.messagesIn + x.dynamics.messagesOut
                let my = y.dynamics.messagesIn + y.dynamics.messagesOut
                if mx != my { return mx > my }
            case .name:
                let (nx, ny) = (x.displayName.lowercased(), y.displayName.lowercased())
                if nx != ny { return nx < ny }
            }
            return a.0 < b.0
        }.map(\.1)
    }

    static func sorted(_ accounts: [AccountResult], by sort: Sort, _ warned: [String: Int]) -> [AccountResult] {
        let keyed = accounts.enumerated().map { ($0.offset, $0.element) }
        func risk(_ a: AccountResult) -> Int { a.contacts.map { warned[$0.id] ?? 0 }.max() ?? 0 }
        func messages(_ a: AccountResult) -> Int {
            a.contacts.reduce(0) { $0 + $1.dynamics.messagesIn + $1.dynamics.messagesOut }
        }
        return keyed.sorted { a, b in
            let (x, y) = (a.1, b.1)
            switch sort {
            case .points: break
            case .risk:
                let (rx, ry) = (risk(x), risk(y))
                if rx != ry { return rx > ry }
                if x.score.points != y.score.points { return x.score.points < y.score.points }
            case .messages:
                let (mx, my) = (messages(x), messages(y))
                if mx != my { return mx > my }
            case .name:
                let (nx, ny) = (x.name.lowercased(), y.name.lowercased())
                if nx != ny { return nx < ny }
            }
            return a.0 < b.0
        }.map(\.1)
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
