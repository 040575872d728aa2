import ArgumentParser
import RapportCore

/// `rapport warnings`: List cold-tone early warnings (exit 4 when any is act-level).
struct WarningsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warnings", abstract: "List cold-tone early warnings (exit 4 when any is act-level).")

    @Argument(help: "Inputs or arguments.") var arguments: [String] = []

    func run() throws {
        throw Failure.notBuilt("early warnings (rapport warnings)")
    }
}
