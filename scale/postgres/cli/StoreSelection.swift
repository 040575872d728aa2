import RapportCore
import RapportStore
import RapportStorePostgres

/// Opens the history store a `--store` value names: a `postgres://` / `postgresql://` URL selects the
/// shared PostgreSQL store, anything else is an SQLite file path (the embedded default).
enum StoreSelection {
  static func isRemote(_ location: String) -> Bool { PostgresHistoryStore.isURL(location) }

  static func open(_ location: String) throws(RapportError) -> any HistoryStoring {
    if isRemote(location) { return try PostgresHistoryStore(url: location) }
    return try HistoryStore(path: location)
  }
}
