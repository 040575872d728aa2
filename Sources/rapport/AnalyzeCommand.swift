import ArgumentParser
import RapportCore

/// `rapport analyze`: Relationship report with scores, dynamics and warnings per contact and account.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Relationship report with scores, dynamics and warnings per contact and account.")

    @Argument(help: "Inputs or arguments.") var arguments: [String] = []

    func run() throws {
        throw Failure.notBuilt("relationship analysis (rapport analyze)")
    }
}
