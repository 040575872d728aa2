/// One slot per result of a parallel map: each slot is written by one worker thread, and the slots are
/// read by the calling thread once every worker finished (the threads' join orders the accesses).
public final class ResultSlots<T>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<T?>
    private let count: Int

    public init(count: Int) {
        self.count = count
        base = .allocate(capacity: count)
        base.initialize(repeating: nil, count: count)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    /// Stores the result of item `i`.
    public func set(_ i: Int, _ value: T) { base[i] = value }

    /// Moves the result of item `i` out (it must have been set).
    public func take(_ i: Int) -> T {
        defer { base[i] = nil }
        return base[i]!
    }

    /// All results, in order (every slot must have been set).
    public func values() -> [T] { (0..<count).map { base[$0]! } }
}
