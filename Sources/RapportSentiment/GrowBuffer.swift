/// Grow-only storage of trivial values (`RuleToken`, `TokenFacts`, key bytes) owned by one engine.
///
/// The Rapport engine appends a few hundred thousand tokens per megabyte. As members of a struct,
/// `Array`s pay a uniqueness check (a runtime call) and a capacity check on every `append` and every
/// `withUnsafeMutable…` access; this buffer is a class the engine never shares, so an append is one
/// capacity comparison and one store. Elements must be trivial (no references): they are copied with
/// `memmove` semantics and never deinitialized.
final class GrowBuffer<Element> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var capacity: Int
    /// The number of elements in use: `base[0..<count]`.
    var count = 0

    init(capacity: Int = 64) {
        precondition(_isPOD(Element.self), "GrowBuffer holds trivial values only")
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    var isEmpty: Bool { count == 0 }

    /// The elements in use.
    var buffer: UnsafeMutableBufferPointer<Element> { UnsafeMutableBufferPointer(start: base, count: count) }

    @inline(__always)
    subscript(i: Int) -> Element {
        get {
            assert(i >= 0 && i < count)
            return base[i]
        }
        set {
            assert(i >= 0 && i < count)
            base[i] = newValue
        }
    }

    /// Makes room for `extra` more elements past `count`.
    @inline(__always)
    func reserve(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    @inline(never)
    private func grow(_ needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    func append(_ x: Element) {
        if count == capacity { grow(count + 1) }
        (base + count).initialize(to: x)
        count += 1
    }

    /// Appends `source[0..<n]`.
    @inline(__always)
    func append(_ source: UnsafePointer<Element>, count n: Int) {
        reserve(n)
        (base + count).update(from: source, count: n)
        count += n
    }

    func removeAll() { count = 0 }

    /// Removes `range` (within `0..<count`), moving the later elements down.
    func removeSubrange(_ range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= count)
        let tail = count - range.upperBound
        (base + range.lowerBound).update(from: base + range.upperBound, count: tail)
        count -= range.count
    }
}
