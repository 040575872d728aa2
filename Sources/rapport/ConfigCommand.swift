import ArgumentParser
import Foundation
import RapportAnalysis
import RapportCore

/// `rapport config [--dump] [--config FILE]`: prints the scoring configuration.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show the scoring configuration (--dump prints the defaults).",
        discussion: """
            Without --config, prints the documented defaults (weights, bands, gates, business hours, identity \
            overrides, warning thresholds). With --config FILE, validates it and prints the effective \
            configuration (defaults with the file's values on top). --hash prints its SHA-256 instead.
            """)

    @Flag(name: .customLong("dump"), help: "Print the default configuration as JSON.")
    var dump = false

    @Option(name: .customLong("config"), help: "A configuration file to validate and print merged with the defaults.")
    var config: String?

    @Flag(name: .customLong("hash"), help: "Print the SHA-256 of the effective configuration.")
    var hash = false

    func validate() throws {
        // Before, --dump silently won over --config: the defaults (or their hash) printed as if they were
        // the file's effective configuration.
        if dump && config != nil {
            throw ValidationError(
                "--dump prints the defaults; leave it out to print the effective configuration of --config")
        }
    }

    func run() throws {
        do {
            let effective =
                try (dump ? nil : config).map { p throws(RapportError) in try AnalysisConfig.load(path: p) }
                ?? .defaults
            Console.write(hash ? effective.hash + "\n" : effective.canonicalJSON())
            Console.flush()
        } catch {
            throw Failure.report(error)
        }
    }
}
