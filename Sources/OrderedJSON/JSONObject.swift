/// A JSON object: members in document order.
///
/// Lookups scan the keys of small objects (nearly all of an API answer) and use a hash index of
/// the keys of larger ones, so every lookup path stays linear in the answer; duplicate keys are resolved as
/// Python's `json.loads` does at parse time: the last value wins, at the first key's position.
/// Keys match byte for byte (`ExactKey`), as Python's do, not by Unicode canonical equivalence.
///
/// The keys live in an immutable `KeyList` that objects with the same keys in the same order share
/// (the parser hands them one), so a large answer made of many alike objects stores each key
/// sequence once and each object as one block of values.
public struct JSONObject: Sendable, Equatable {
    /// One key and its value.
    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: JSONValue

        public init(_ key: String, _ value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// Distinct keys in order, with an index by key once there are more than `indexedCount`.
    ///
    /// Shared by any number of alike objects, so it is changed only while one object holds it
    /// alone (`isKnownUniquelyReferenced`), which is what makes the unchecked Sendable sound.
    final class KeyList: @unchecked Sendable {
        private(set) var keys: [String]
        /// Each key's position, for lists longer than `indexedCount`; nil for short ones, which a
        /// scan answers faster than a hash.
        private var index: [ExactKey: Int]?

        /// Lists longer than this get an index.
        static let indexedCount = 16

        init(_ keys: [String]) {
            self.keys = keys
            if keys.count > Self.indexedCount { buildIndex() }
        }

        /// The position of `key`, if it is one of the keys.
        func position(of key: String) -> Int? {
            if let index { return index[ExactKey(text: key)] }
            return keys.firstIndex { $0.isExactly(key) }
        }

        /// A copy of the list (for an object about to change a shared one).
        func copy() -> KeyList {
            KeyList(keys)
        }

        /// Adds a key that is not in the list yet; only while one object holds the list.
        func append(_ key: String) {
            keys.append(key)
            if index != nil {
                index?[ExactKey(text: key)] = keys.count - 1
            } else if keys.count > Self.indexedCount {
                buildIndex()
            }
        }

        /// Removes the key at `position`; only while one object holds the list.
        func remove(at position: Int) {
            keys.remove(at: position)
            index = nil
            if keys.count > Self.indexedCount { buildIndex() }
        }

        private func buildIndex() {
            var built = [ExactKey: Int](minimumCapacity: keys.count)
            for (i, key) in keys.enumerated() { built[ExactKey(text: key)] = i }
            index = built
        }

        /// The keys of every empty object.
        static let empty = KeyList([])
    }

    /// The keys, in order.
    private(set) var keyList: KeyList
    /// The values, in key order.
    private(set) var values: ObjectValues

    /// An empty object.
    public init() {
        keyList = .empty
        values = ObjectValues()
    }

    /// An object from key/value pairs in order; a repeated key replaces the earlier value in place.
    public init(_ pairs: KeyValuePairs<String, JSONValue>) {
        let keys = pairs.map(\.key)
        let values = ObjectValues(pairs.map(\.value))
        self = Self.keysAreDistinct(keys) ? JSONObject(keyList: KeyList(keys), values: values)
            : Self.resolvingDuplicates(keys: keys, values: values)
    }

    /// An object from distinct keys and as many values.
    init(keyList: KeyList, values: ObjectValues) {
        precondition(keyList.keys.count == values.count, "JSONObject: \(keyList.keys.count) keys, \(values.count) values")
        self.keyList = keyList
        self.values = values
    }

    /// The members in order.
    public var members: [Member] {
        zip(keyList.keys, values).map { Member($0, $1) }
    }

    /// Calls `body` with each key and value in order (no array of members made on the way).
    public func forEachMember(_ body: (String, JSONValue) throws -> Void) rethrows {
        for (key, value) in zip(keyList.keys, values) { try body(key, value) }
    }

    /// True when both objects hold the same shared key list (so the same keys in the same
    /// order): a key's position found in one is its position in the other.
    public func sharesKeys(with other: JSONObject) -> Bool {
        keyList === other.keyList
    }

    /// The position of `key` among the keys, if it is one.
    public func position(of key: String) -> Int? {
        keyList.position(of: key)
    }

    /// The value at `position` (`0..<count`, as `position(of:)` gives).
    public func value(at position: Int) -> JSONValue {
        values[position]
    }

    /// The number of members.
    public var count: Int { values.count }

    /// True when there are no members.
    public var isEmpty: Bool { values.isEmpty }

    /// The keys in order.
    public var keys: [String] { keyList.keys }

    /// True when the object has the key (Python's `key in dict`).
    public func contains(_ key: String) -> Bool {
        keyList.position(of: key) != nil
    }

    /// The value of `key`; setting nil removes it, setting a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let i = keyList.position(of: key) else { return nil }
            return values[i]
        }
        set {
            if let i = keyList.position(of: key) {
                if let newValue {
                    values[i] = newValue
                } else {
                    uniqueKeyList().remove(at: i)
                    values.remove(at: i)
                }
            } else if let newValue {
                // Appending in place keeps building an object key by key linear.
                uniqueKeyList().append(key)
                values.append(newValue)
            }
        }
    }

    /// The key list, copied first when other objects share it, so it may be changed.
    private mutating func uniqueKeyList() -> KeyList {
        if !isKnownUniquelyReferenced(&keyList) { keyList = keyList.copy() }
        return keyList
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        let sameKeys = lhs.keyList === rhs.keyList
            || (lhs.count == rhs.count && zip(lhs.keyList.keys, rhs.keyList.keys).allSatisfy { $0.isExactly($1) })
        return sameKeys && lhs.values == rhs.values
    }
}
