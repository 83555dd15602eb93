/// The parser's scratch stack: values of every open container, innermost last.
///
/// When a container closes, its values are moved (not copied) off the top into a new array of
/// exactly their count. Arrays grown one `append` at a time end up with up to twice the capacity
/// they need and are reallocated log₂(n) times; with large answers made of many small objects, that
/// slack is a large share of peak memory. Moving also spares a retain and a release per value.
final class MoveStack<Element> {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    /// The number of values on the stack.
    private(set) var count = 0

    /// An empty stack with room for `capacity` values before it first grows.
    init(capacity: Int = 256) {
        self.capacity = max(1, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    /// Pushes one value.
    func push(_ element: consuming Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    /// Moves the values from position `start` to the top into an array of exactly that many
    /// values, leaving `start` values on the stack.
    func popAll(from start: Int) -> [Element] {
        precondition(start >= 0 && start <= count, "MoveStack.popAll: start \(start) outside 0...\(count)")
        let n = count - start
        guard n > 0 else { return [] }
        let source = base + start
        let out = [Element](unsafeUninitializedCapacity: n) { buffer, initialized in
            guard let target = buffer.baseAddress else { return }
            target.moveInitialize(from: source, count: n)
            initialized = n
        }
        // The closure cannot fail to get storage for n > 0; should it ever, the values stay owned
        // here and are destroyed, rather than leaked or destroyed twice.
        if out.count != n { source.deinitialize(count: n) }
        count = start
        return out
    }

    /// Hands `body` the values from position `start` to the top, which it must move out, all of
    /// them (e.g. with `moveInitialize`); they are then no longer on the stack.
    func moveOut<R>(from start: Int, _ body: (UnsafeMutablePointer<Element>, Int) -> R) -> R {
        precondition(start >= 0 && start <= count, "MoveStack.moveOut: start \(start) outside 0...\(count)")
        let result = body(base + start, count - start)
        count = start
        return result
    }

    /// Destroys the values from position `start` to the top.
    func drop(from start: Int) {
        precondition(start >= 0 && start <= count, "MoveStack.drop: start \(start) outside 0...\(count)")
        (base + start).deinitialize(count: count - start)
        count = start
    }

    /// Calls `body` with the values from position `start` to the top, in place.
    func withElements<R>(from start: Int, _ body: (UnsafeBufferPointer<Element>) -> R) -> R {
        precondition(start >= 0 && start <= count, "MoveStack.withElements: start \(start) outside 0...\(count)")
        return body(UnsafeBufferPointer(start: base + start, count: count - start))
    }

    private func grow() {
        let newCapacity = capacity * 2
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}
