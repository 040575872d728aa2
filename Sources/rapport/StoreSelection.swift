import Foundation
import RapportCore
import RapportStore
import RapportStorePostgres

/// Opens the history store a `--store-path` value (or `$RAPPORT_STORE`) names: a `postgres://` or
/// `postgresql://` URL selects the shared PostgreSQL store, anything else is an SQLite file path (the
/// embedded default).
enum StoreSelection {
    /// Whether `location` is a PostgreSQL URL.
    static func isRemote(_ location: String) -> Bool { PostgresURL.isURL(location) }

    /// The location from `--store-path`, else `$RAPPORT_STORE`, else the default SQLite path.
    static func resolve(flag: String?) -> String { HistoryStore.resolvePath(flag: flag) }

    /// Opens (creating if needed) the store at `location`.
    static func open(_ location: String) throws(RapportError) -> any HistoryStoring {
        if isRemote(location) { return try PostgresHistoryStore(url: location) }
        return try HistoryStore(path: location)
    }

    /// `location` as it may be shown (a URL without its password).
    static func shown(_ location: String) -> String {
        isRemote(location) ? PostgresURL.redact(location) : location
    }
}
