/// A JSON object: members in document order.
///
/// Lookups scan the keys (objects in API answers are small); duplicate keys are resolved as
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

    /// Distinct keys in order; never changed once made, so any number of objects may share one.
    final class KeyList: Sendable {
        let keys: [String]

        init(_ keys: [String]) {
            self.keys = keys
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
        var keys: [String] = []
        var values: [JSONValue] = []
        keys.reserveCapacity(pairs.count)
        values.reserveCapacity(pairs.count)
        for (k, v) in pairs {
            if let i = keys.firstIndex(where: { $0.isExactly(k) }) {
                values[i] = v
            } else {
                keys.append(k)
                values.append(v)
            }
        }
        self.init(keyList: KeyList(keys), values: ObjectValues(values))
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

    /// The number of members.
    public var count: Int { values.count }

    /// True when there are no members.
    public var isEmpty: Bool { values.isEmpty }

    /// The keys in order.
    public var keys: [String] { keyList.keys }

    /// True when the object has the key (Python's `key in dict`).
    public func contains(_ key: String) -> Bool {
        keyList.keys.contains { $0.isExactly(key) }
    }

    /// The value of `key`; setting nil removes it, setting a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let i = keyList.keys.firstIndex(where: { $0.isExactly(key) }) else { return nil }
            return values[i]
        }
        set {
            if let i = keyList.keys.firstIndex(where: { $0.isExactly(key) }) {
                if let newValue {
                    values[i] = newValue
                } else {
                    var keys = keyList.keys
                    keys.remove(at: i)
                    keyList = KeyList(keys)
                    values.remove(at: i)
                }
            } else if let newValue {
                keyList = KeyList(keyList.keys + [key])
                values.append(newValue)
            }
        }
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        let sameKeys = lhs.keyList === rhs.keyList
            || (lhs.count == rhs.count && zip(lhs.keyList.keys, rhs.keyList.keys).allSatisfy { $0.isExactly($1) })
        return sameKeys && lhs.values == rhs.values
    }
}
