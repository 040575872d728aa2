import ArgumentParser
import RapportCore

/// `rapport`: relationship health from exported mail, Slack and helpdesk tickets — offline.
@main
struct Rapport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rapport",
        abstract: "Relationship health from exported mail, Slack and helpdesk tickets — offline.",
        discussion: """
            Exit status: 0 success; 1 processing error; 2 usage error, missing input or unknown format; \
            4 (warnings) an act-level warning exists.
            """,
        version: RapportVersion.string,
        subcommands: [
            AnalyzeCommand.self, IngestCommand.self, SentimentCommand.self, ThreadCommand.self,
            WarningsCommand.self, ConfigCommand.self, HistoryCommand.self,
        ],
        defaultSubcommand: nil
    )
}

enum RapportVersion {
    static let string = "0.1.0"
}
