import Dispatch
import Foundation
import RapportCore

/// `map` on both cores for independent, read-only work (each contact's scoring): element `k` goes to
/// worker `k % workers`, results come back in input order, so the caller's fold is the sequential one.
enum ParallelMap {
    /// Below this many elements the work runs on the calling thread. Two is enough: the pool's threads are
    /// already running, and an export with two long DMs has two contacts that each cost seconds.
    static let minimumCount = 2

    /// Both cores, or one on a one-core machine.
    static var defaultWorkers: Int { max(1, min(2, ProcessInfo.processInfo.activeProcessorCount)) }

    static func map<T, R>(_ items: [T], workers: Int = defaultWorkers, _ transform: (T) -> R) -> [R] {
        guard workers > 1, items.count >= minimumCount else { return items.map(transform) }
        let slots = ResultSlots<R>(count: items.count)
        // The closure only reads `items` and calls `transform`, which must not mutate shared state.
        withoutActuallyEscaping(transform) { transform in
            let shared = Unchecked(items: items, transform: transform, slots: slots)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                var k = w
                while k < shared.items.count {
                    shared.slots.set(k, shared.transform(shared.items[k]))
                    k += workers
                }
            }
        }
        return slots.values()
    }

    /// What the worker threads share: read-only input and a transform without side effects.
    private struct Unchecked<T, R>: @unchecked Sendable {
        let items: [T]
        let transform: (T) -> R
        let slots: ResultSlots<R>
    }
}
