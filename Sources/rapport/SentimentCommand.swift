import ArgumentParser
import RapportCore

/// `rapport sentiment`: Score text sentiment as NDJSON (compound, pos, neu, neg).
struct SentimentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sentiment", abstract: "Score text sentiment as NDJSON (compound, pos, neu, neg).")

    @Argument(help: "Inputs or arguments.") var arguments: [String] = []

    func run() throws {
        throw Failure.notBuilt("sentiment scoring (rapport sentiment)")
    }
}
