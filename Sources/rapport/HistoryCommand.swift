import ArgumentParser
import Foundation
import RapportCore
import RapportStore

/// `rapport history`: Show a contact's or account's score history from the local store.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Show a contact's or account's score history from the local store.",
        discussion: """
            The store is --store-path (or --store), else $RAPPORT_STORE, else \
            $XDG_DATA_HOME/rapport/history.sqlite, else ~/.local/share/rapport/history.sqlite: an SQLite file \
            or a postgres://user@host/db URL (a shared team store). Runs are recorded by \
            `rapport analyze --store`.
            """)

    @Argument(help: "A contact id (usually the address) or an account id (usually the domain).")
    var subject: String

    @Option(name: .customLong("format"), help: "Output format: table or json.")
    var format: String = "table"

    @Option(
        name: [.customLong("store-path"), .customLong("store")],
        help: "The history store: an SQLite file or a postgres:// URL (overrides RAPPORT_STORE).")
    var storePath: String?

    func validate() throws {
        if format != "table" && format != "json" { throw ValidationError("--format must be table or json") }
    }

    func run() throws {
        do {
            let path = StoreSelection.resolve(flag: storePath)
            guard StoreSelection.isRemote(path) || FileManager.default.fileExists(atPath: path) else {
                throw RapportError(
                    .missingInput, "no history store", file: path,
                    remedy: "record runs with `rapport analyze --store`, or pass --store-path / set RAPPORT_STORE")
            }
            let store = try StoreSelection.open(path)
            let snapshots = try store.history(of: subject)
            if format == "json" {
                Console.write(try HistoryRenderer.json(snapshots))
            } else if !snapshots.isEmpty {
                Console.write(HistoryRenderer.table(subject: subject, snapshots: snapshots))
            }
            Console.flush()
            if snapshots.isEmpty {
                Console.error("rapport: no history for \(subject) in \(store.location) (ids are addresses or domains)")
                throw ExitCode(1)
            }
        } catch let error as RapportError {
            throw Failure.report(error)
        }
    }
}
