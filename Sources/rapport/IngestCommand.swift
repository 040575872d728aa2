import ArgumentParser
import Foundation
import RapportCore
import RapportIngest

/// `rapport ingest PATH...`: normalized messages as NDJSON on stdout; a summary on stderr.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Print normalized messages as NDJSON (one per line); a summary goes to stderr.")

    @OptionGroup var input: InputOptions

    func run() throws {
        guard !input.paths.isEmpty else { throw ValidationError("give at least one PATH") }
        let ingestor = Ingestor(options: input.ingestOptions())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var summary = IngestSummary()
        var evidence = UsEvidence()
        do {
            let plan = try ingestor.plan(input.paths)
            // "Us" is known up front when given; otherwise a first pass gathers the evidence.
            let us: Us
            if let given = input.explicitUs {
                us = given
            } else {
                // Evidence only: mail readers scan headers, skipping bodies.
                var quick = ingestor
                quick.options.evidenceOnly = true
                var scratch = IngestSummary()
                try quick.ingest(plan, summary: &scratch, evidence: &evidence) { _ in }
                us = evidence.infer()
            }
            Console.error("rapport: us: " + us.explanation)
            var ignored = UsEvidence()
            try ingestor.ingest(plan, summary: &summary, evidence: &ignored) { message throws(RapportError) in
                var m = message
                m.direction = us.classify(m)
                do {
                    let data = try encoder.encode(m)
                    Console.write(String(decoding: data, as: UTF8.self) + "\n")
                } catch {
                    throw RapportError(.io, "could not encode message \(m.id): \(error)")
                }
            }
        } catch {
            Console.flush()
            throw Failure.report(error)
        }
        Console.flush()
        Console.error("rapport: " + summary.line)
    }
}
