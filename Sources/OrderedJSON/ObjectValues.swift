/// The values of one object, in key order: a count and the values in one allocation.
///
/// An `Array` spends 32 bytes on its header; this spends 24, which puts the commonest object of a
/// large answer — two numbers, e.g. a graph point — into a smaller allocator size class (80 bytes
/// instead of 96). A value type with copy-on-write, like `Array`.
///
/// Sendable unchecked, as `Array` is: the storage is only changed through a mutating method, which
/// first copies it unless this value holds the only reference, so a shared storage is never written.
struct ObjectValues: RandomAccessCollection, @unchecked Sendable {
    /// The storage; the header is the number of initialized values.
    fileprivate final class Storage: ManagedBuffer<Int, JSONValue> {
        deinit {
            _ = withUnsafeMutablePointers { count, values in values.deinitialize(count: count.pointee) }
        }
    }

    fileprivate var storage: Storage

    /// Storage for `capacity` values, none initialized yet.
    private static func makeStorage(capacity: Int) -> Storage {
        let buffer = Storage.create(minimumCapacity: capacity) { _ in 0 }
        // `create` allocates an instance of the class it is called on.
        return unsafeDowncast(buffer, to: Storage.self)
    }

    /// No values.
    init() {
        storage = Self.empty
    }

    /// The storage of every empty object (never written: this reference keeps it shared).
    nonisolated(unsafe) private static let empty = makeStorage(capacity: 0)

    /// A copy of the values of `array`.
    init(_ array: [JSONValue]) {
        self.init(count: array.count) { target in
            array.withUnsafeBufferPointer { source in
                guard let base = source.baseAddress else { return }
                target.initialize(from: base, count: source.count)
            }
        }
    }

    /// Storage of exactly `count` values, which `initialize` must initialize, all of them.
    init(count n: Int, initialize: (UnsafeMutablePointer<JSONValue>) -> Void) {
        guard n > 0 else {
            storage = Self.empty
            return
        }
        storage = Self.makeStorage(capacity: n)
        storage.withUnsafeMutablePointers { count, values in
            initialize(values)
            count.pointee = n
        }
    }

    /// The storage's address: two values have the same one only while they share their storage.
    var identity: UInt { UInt(bitPattern: ObjectIdentifier(storage)) }

    /// The number of values, read through a pointer: `header` is a stored class property, and
    /// each read of it paid a dynamic exclusivity check (on every element access of a writer).
    private var storedCount: Int {
        storage.withUnsafeMutablePointerToHeader { $0.pointee }
    }

    /// Calls `body` with the values in place (no per-element bounds or exclusivity checks).
    func withUnsafeValues<R>(_ body: (UnsafeBufferPointer<JSONValue>) throws -> R) rethrows -> R {
        try storage.withUnsafeMutablePointers { count, values in
            try body(UnsafeBufferPointer(start: values, count: count.pointee))
        }
    }

    var startIndex: Int { 0 }
    var endIndex: Int { storedCount }

    subscript(position: Int) -> JSONValue {
        get {
            precondition(position >= 0 && position < storedCount, "ObjectValues: index \(position) out of range")
            return storage.withUnsafeMutablePointerToElements { $0[position] }
        }
        set {
            precondition(position >= 0 && position < storedCount, "ObjectValues: index \(position) out of range")
            makeUnique(capacity: storedCount)
            storage.withUnsafeMutablePointerToElements { $0[position] = newValue }
        }
    }

    /// Adds a value at the end.
    mutating func append(_ value: JSONValue) {
        makeUnique(capacity: storedCount + 1)
        storage.withUnsafeMutablePointers { count, values in
            (values + count.pointee).initialize(to: value)
            count.pointee += 1
        }
    }

    /// Removes the value at `position`, keeping the order of the rest.
    mutating func remove(at position: Int) {
        precondition(position >= 0 && position < storedCount, "ObjectValues: index \(position) out of range")
        makeUnique(capacity: storedCount)
        storage.withUnsafeMutablePointers { count, values in
            (values + position).deinitialize(count: 1)
            (values + position).moveInitialize(from: values + position + 1, count: count.pointee - position - 1)
            count.pointee -= 1
        }
    }

    /// Makes the storage this value's own, with room for `capacity` values.
    private mutating func makeUnique(capacity: Int) {
        let unique = isKnownUniquelyReferenced(&storage)
        if unique && storage.capacity >= capacity { return }
        // Growing doubles the room, so building an object key by key stays linear; a shared
        // storage is copied at the size asked for (parsed objects are never grown).
        let room = storage.capacity >= capacity ? capacity : Swift.max(capacity, storedCount * 2)
        let copy = Self.makeStorage(capacity: Swift.max(room, storedCount))
        storage.withUnsafeMutablePointers { count, values in
            copy.withUnsafeMutablePointers { newCount, newValues in
                newValues.initialize(from: values, count: count.pointee)
                newCount.pointee = count.pointee
            }
        }
        storage = copy
    }
}

extension ObjectValues: Equatable {
    static func == (lhs: ObjectValues, rhs: ObjectValues) -> Bool {
        lhs.storage === rhs.storage || lhs.elementsEqual(rhs)
    }
}
