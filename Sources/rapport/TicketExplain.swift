import ArgumentParser
import RapportCore
import RapportIngest

/// `rapport ingest --explain`: for each HTML ticket input, which profile matched and what it read.
enum TicketExplain {
    static func run(ingestor: Ingestor, paths: [String]) throws {
        do {
            let plan = try ingestor.plan(paths)
            let tickets = plan.filter { $0.format == .html }
            if tickets.isEmpty {
                Console.error("rapport: --explain describes HTML ticket pages; none among the inputs")
                throw ExitCode(2)
            }
            for input in tickets {
                Console.write(try TicketReader().explain(path: input.path, options: ingestor.options) + "\n")
            }
        } catch let error as RapportError {
            Console.flush()
            throw Failure.report(error)
        }
        Console.flush()
    }
}
