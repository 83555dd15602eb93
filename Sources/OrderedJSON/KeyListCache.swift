/// The parser's memory of recent key sequences, so that alike objects share one `KeyList`.
///
/// A small direct-mapped table: a sequence's slot comes from a cheap hash of its raw key bytes, and
/// a hit is confirmed by comparing the keys themselves, so a collision only costs a fresh list.
/// Only distinct key sequences are stored, which lets a hit skip the duplicate-key check too.
struct KeyListCache {
    private var slots = [JSONObject.KeyList?](repeating: nil, count: 256)

    /// Folds one key's raw bytes (between its quotes) into the running hash of an object's keys.
    static func combine(_ hash: UInt64, keyBytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = hash ^ 0xCBF2_9CE4_8422_2325
        for b in keyBytes { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }  // FNV-1a
        return h ^ (h >> 29)
    }

    /// The stored list whose keys equal `keys` in order, if the slot for `hash` holds it.
    func lookup(_ keys: UnsafeBufferPointer<String>, hash: UInt64) -> JSONObject.KeyList? {
        guard let list = slots[Self.slot(hash)], list.keys.count == keys.count else { return nil }
        for (cached, parsed) in zip(list.keys, keys) where cached != parsed { return nil }
        return list
    }

    /// Remembers a list of distinct keys, replacing whatever shared its slot.
    mutating func store(_ list: JSONObject.KeyList, hash: UInt64) {
        slots[Self.slot(hash)] = list
    }

    private static func slot(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: hash & 0xFF)
    }
}

extension JSONObject {
    /// An object from parsed keys and values, repeated keys resolved as Python's `json.loads`
    /// does: the last value wins, at the first key's position.
    static func resolvingDuplicates(keys: [String], values: ObjectValues) -> JSONObject {
        var firstIndex: [String: Int] = [:]
        firstIndex.reserveCapacity(keys.count)
        var outKeys: [String] = []
        var outValues: [JSONValue] = []
        outKeys.reserveCapacity(keys.count)
        outValues.reserveCapacity(keys.count)
        for (key, value) in zip(keys, values) {
            if let i = firstIndex[key] {
                outValues[i] = value
            } else {
                firstIndex[key] = outKeys.count
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
                for j in 0..<i where keys[j] == keys[i] { return false }
            }
            return true
        }
        var seen = Set<String>(minimumCapacity: keys.count)
        for key in keys where !seen.insert(key).inserted { return false }
        return true
    }
}
