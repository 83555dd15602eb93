/// A JSON object: members in document order.
///
/// Lookups scan the members (objects in API answers are small); duplicate keys are resolved as
/// Python's `json.loads` does at parse time: the last value wins, at the first key's position.
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

    /// The members in order.
    public private(set) var members: [Member]

    /// An empty object.
    public init() {
        members = []
    }

    /// An object from key/value pairs in order; a repeated key replaces the earlier value in place.
    public init(_ pairs: KeyValuePairs<String, JSONValue>) {
        members = []
        members.reserveCapacity(pairs.count)
        for (k, v) in pairs { self[k] = v }
    }

    /// An object from members whose keys are known to be distinct.
    init(uniqueMembers: [Member]) {
        members = uniqueMembers
    }

    /// The number of members.
    public var count: Int { members.count }

    /// True when there are no members.
    public var isEmpty: Bool { members.isEmpty }

    /// The keys in order.
    public var keys: [String] { members.map(\.key) }

    /// True when the object has the key (Python's `key in dict`).
    public func contains(_ key: String) -> Bool {
        members.contains { $0.key == key }
    }

    /// The value of `key`; setting nil removes it, setting a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get {
            for m in members where m.key == key { return m.value }
            return nil
        }
        set {
            if let i = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[i].value = newValue } else { members.remove(at: i) }
            } else if let newValue {
                members.append(Member(key, newValue))
            }
        }
    }
}

extension JSONObject {
    /// Builds an object from parsed members, resolving duplicate keys as Python does (linear time).
    static func resolvingDuplicates(_ parsed: [Member]) -> JSONObject {
        if parsed.count < 2 { return JSONObject(uniqueMembers: parsed) }
        // Small objects (nearly all of an API answer) are checked pairwise without allocating.
        if parsed.count <= 16 {
            var distinct = true
            outer: for i in 1..<parsed.count {
                for j in 0..<i where parsed[j].key == parsed[i].key {
                    distinct = false
                    break outer
                }
            }
            if distinct { return JSONObject(uniqueMembers: parsed) }
        }
        var firstIndex: [String: Int] = [:]
        firstIndex.reserveCapacity(parsed.count)
        var out: [Member] = []
        out.reserveCapacity(parsed.count)
        for m in parsed {
            if let i = firstIndex[m.key] {
                out[i].value = m.value
            } else {
                firstIndex[m.key] = out.count
                out.append(m)
            }
        }
        return JSONObject(uniqueMembers: out)
    }
}
