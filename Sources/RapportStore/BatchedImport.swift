import Foundation
public import RapportAnalysis
public import RapportCore

/// The batching shared by every store's push-style import: messages queue up to `batchSize`, then the
/// store's `writeBatch` commits them in one transaction and the counts add up. Not thread-safe: one
/// importer per worker.
public final class BatchedImport: HistoryImporting {
    /// Commits one batch; `finished` is the import's end instant on the last batch, else `nil`.
    public typealias WriteBatch = (_ batch: [Message], _ finished: Timestamp?) throws(RapportError) -> (
        new: Int, duplicate: Int
    )

    private let batchSize: Int
    private let now: Timestamp
    private let writeBatch: WriteBatch
    private var pending: [Message] = []
    /// Counts of the batches committed so far.
    public private(set) var result: ImportResult

    /// An import with id `importID` that commits through `writeBatch` every `batchSize` messages (at least 1).
    public init(importID: Int64, batchSize: Int, now: Timestamp, writeBatch: @escaping WriteBatch) {
        self.batchSize = max(1, batchSize)
        self.now = now
        self.writeBatch = writeBatch
        result = ImportResult(importID: importID)
        pending.reserveCapacity(self.batchSize)
    }

    /// Queues a message; writes the batch when it is full.
    public func add(_ message: Message) throws(RapportError) {
        pending.append(message)
        if pending.count >= batchSize { try write(final: false) }
    }

    /// Writes what is queued and marks the import finished.
    @discardableResult
    public func finish() throws(RapportError) -> ImportResult {
        try write(final: true)
        return result
    }

    private func write(final: Bool) throws(RapportError) {
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        let (new, duplicate) = try writeBatch(batch, final ? now : nil)
        result.new += new
        result.duplicate += duplicate
        if !batch.isEmpty { result.batches += 1 }
    }
}

/// The provenance recorded with every analysis run (inputs, ingest summary, who "us" is), as sorted-key JSON.
public enum RunProvenance {
    /// The run's provenance JSON for `report`.
    public static func json(_ report: AnalysisReport) throws(RapportError) -> String {
        struct Provenance: Encodable {
            var inputs: [InputRecord]
            var summary: IngestSummary
            var us: Us
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            let data = try encoder.encode(Provenance(inputs: report.inputs, summary: report.summary, us: report.us))
            return String(decoding: data, as: UTF8.self)
        } catch {
            throw RapportError(.io, "cannot encode the run's provenance: \(error)")
        }
    }
}
