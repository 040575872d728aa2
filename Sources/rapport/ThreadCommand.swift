import ArgumentParser
import RapportCore

/// `rapport thread`: Score one conversation thread.
struct ThreadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "thread", abstract: "Score one conversation thread.")

    @Argument(help: "Inputs or arguments.") var arguments: [String] = []

    func run() throws {
        throw Failure.notBuilt("thread scoring (rapport thread)")
    }
}
