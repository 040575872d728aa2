import ArgumentParser
import RapportCore

/// `rapport config`: Show the scoring configuration (--dump prints the defaults).
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Show the scoring configuration (--dump prints the defaults).")

    @Argument(help: "Inputs or arguments.") var arguments: [String] = []

    func run() throws {
        throw Failure.notBuilt("the scoring configuration (rapport config)")
    }
}
