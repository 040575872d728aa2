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

    /// ArgumentParser's entry point, after a hand-parsed fast path for plain `rapport sentiment` batch
    /// runs (see ``FastArguments``: same behaviour, without ArgumentParser's start-up cost).
    static func main() {
        if let fast = FastArguments(Array(CommandLine.arguments.dropFirst())) {
            do {
                try SentimentCommand.execute(
                    engine: fast.engine, explain: fast.explain, dataDirectory: fast.dataDirectory,
                    threads: fast.threads, texts: [])
            } catch {
                exit(withError: error)
            }
            return
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: usageStatus(error))
        }
    }

    /// Usage errors (a bad option value, an unknown option, a missing argument) exit with status 2, as
    /// the README and `--help` say; ArgumentParser's own status for them is 64 (`EX_USAGE`). The message
    /// is ArgumentParser's (error, usage line, hint).
    static func usageStatus(_ error: any Error) -> any Error {
        guard exitCode(for: error) == .validationFailure else { return error }
        Console.error(fullMessage(for: error))
        return ExitCode(2)
    }
}

enum RapportVersion {
    static let string = "0.1.0"
}
