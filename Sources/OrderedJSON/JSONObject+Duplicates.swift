extension JSONObject {
    /// An object from parsed keys and values, repeated keys resolved as Python's `json.loads`
    /// does: the last value wins, at the first key's position.
    static func resolvingDuplicates(keys: [String], values: ObjectValues) -> JSONObject {
        var firstIndex: [ExactKey: Int] = [:]
        firstIndex.reserveCapacity(keys.count)
        var outKeys: [String] = []
        var outValues: [JSONValue] = []
        outKeys.reserveCapacity(keys.count)
        outValues.reserveCapacity(keys.count)
        for (key, value) in zip(keys, values) {
            if let i = firstIndex[ExactKey(text: key)] {
                outValues[i] = value
            } else {
                firstIndex[ExactKey(text: key)] = outKeys.count
                outKeys.append(key)
                outValues.append(value)
            }
        }
        return JSONObject(keyList: KeyList(outKeys), values: ObjectValues(outValues))
    }

    /// True when no key repeats: pairwise for small objects (nearly all of an API answer), without
    /// allocating; with a set otherwise, to stay linear.
    static func keysAreDistinct(_ keys: [String]) -> Bool {
        if keys.count < 2 { return true }
        if keys.count <= 16 {
            for i in 1..<keys.count {
                for j in 0..<i where keys[j].isExactly(keys[i]) { return false }
            }
            return true
        }
        var seen = Set<ExactKey>(minimumCapacity: keys.count)
        for key in keys where !seen.insert(ExactKey(text: key)).inserted { return false }
        return true
    }
}
