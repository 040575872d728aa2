import ArgumentParser
import Foundation
import RapportCore
import RapportIngest

/// Options naming the inputs and who "us" is; shared by every command that reads exports.
struct InputOptions: ParsableArguments {
    @Argument(
        help: "Files or directories: mbox, .eml, Outlook .msg, maildir, Slack export (folder or .zip), HTML tickets.")
    var paths: [String] = []

    @Option(name: .customLong("input-format"), help: "Force the input format: mbox, eml, maildir, slack, html.")
    var inputFormat: String?

    @Option(name: .customLong("me"), help: "An address or Slack user id that is \"me\" (repeatable).")
    var me: [String] = []

    @Option(name: .customLong("internal-domain"), help: "A domain whose people are \"us\" (repeatable).")
    var internalDomains: [String] = []

    @Option(name: .customLong("ticket-profile"), help: "A ticket mapping file (JSON), tried before built-in profiles.")
    var ticketProfile: String?

    @Option(name: .customLong("data"), help: "Rapport's data directory (holding lexicons/ and profiles/).")
    var dataDirectory: String?

    func validate() throws {
        if let f = inputFormat, InputFormat(rawValue: f) == nil {
            throw ValidationError("--input-format must be one of: mbox, eml, maildir, slack, html")
        }
    }

    func ingestOptions() -> IngestOptions {
        var o = IngestOptions(forcedFormat: inputFormat.flatMap(InputFormat.init(rawValue:)))
        o.ticketProfilePath = ticketProfile
        o.dataDirectory = dataDirectory
        return o
    }

    /// Plans the inputs; files of unknown format met in folders are reported on stderr (never dropped
    /// silently) and returned as a report note.
    func plan(_ ingestor: Ingestor) throws(RapportError) -> (inputs: [Ingestor.Input], note: String?) {
        var ignored: [String] = []
        let inputs = try ingestor.plan(paths, ignored: &ignored)
        guard !ignored.isEmpty else { return (inputs, nil) }
        // Empty files (a Thunderbird folder that holds no mail, an interrupted download) are said apart
        // from files whose format is not known.
        var empty: [String] = []
        var unknown: [String] = []
        var pageFolders: [String] = []
        for path in ignored {
            var st = stat()
            if Ingestor.savedPageResources(path) != nil {
                pageFolders.append(path)
            } else if stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG, st.st_size == 0 {
                empty.append(path)
            } else {
                unknown.append(path)
            }
        }
        func files(_ n: Int) -> String { "\(n) file\(n == 1 ? "" : "s")" }
        var parts: [String] = []
        if let first = unknown.first {
            parts.append("\(files(unknown.count)) of unknown format in the folders given (first: \(first))")
        }
        if let first = empty.first {
            parts.append("\(files(empty.count)) that \(empty.count == 1 ? "is" : "are") empty (first: \(first))")
        }
        if let first = pageFolders.first {
            let n = pageFolders.count
            parts.append(
                "\(n) resource folder\(n == 1 ? "" : "s") of pages saved \"complete\" (images, scripts, frames; "
                    + "not tickets; first: \(first))")
        }
        let note = "ignored " + parts.joined(separator: " and ")
        Console.error("rapport: note: " + note)
        return (inputs, note)
    }

    /// "Us" as given on the command line, or `nil` when it must be inferred.
    var explicitUs: Us? {
        if me.isEmpty && internalDomains.isEmpty { return nil }
        var parts: [String] = []
        if !me.isEmpty { parts.append("--me " + me.map { $0.lowercased() }.sorted().joined(separator: ", ")) }
        if !internalDomains.isEmpty {
            parts.append(
                "--internal-domain " + internalDomains.map { $0.lowercased() }.sorted().joined(separator: ", "))
        }
        return Us(
            identities: Set(me), internalDomains: Set(internalDomains), inferred: false,
            explanation: "given: " + parts.joined(separator: "; "))
    }
}

/// Maps errors to exit statuses and prints them on stderr, in one place.
enum Failure {
    static func exitCode(for error: RapportError) -> ExitCode {
        switch error.code {
        case .missingInput, .unknownFormat, .invalidConfiguration: ExitCode(2)
        default: ExitCode(1)
        }
    }

    /// Prints `rapport: <error>` to stderr and returns the exit code to throw.
    static func report(_ error: RapportError) -> ExitCode {
        Console.error("rapport: " + error.description)
        return exitCode(for: error)
    }
}
