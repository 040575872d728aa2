import ArgumentParser
import RapportCore

/// `rapport history`: Show a contact's or account's score history from the local store.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Show a contact's or account's score history from the local store.")

    @Argument(help: "Inputs or arguments.") var arguments: [String] = []

    func run() throws {
        throw Failure.notBuilt("the history store (rapport history)")
    }
}
