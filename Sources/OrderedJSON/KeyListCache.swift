/// The parser's memory of recent key sequences, so that alike objects share one `KeyList`.
///
/// A small direct-mapped table: a sequence's slot comes from a cheap hash of its raw key bytes, and
/// a hit is confirmed by comparing the keys themselves, so a collision only costs a fresh list.
/// Only distinct key sequences are stored, which lets a hit skip the duplicate-key check too.
struct KeyListCache {
    /// The running hash of an object's raw key bytes, and whether they were all plain ASCII
    /// (below 0x80, no escapes), which makes the decoded keys ASCII too.
    struct SequenceHash {
        var value: UInt64 = 0
        var isPlainASCII = true
    }

    /// A stored list, and whether all its keys are ASCII.
    private struct Entry {
        let list: JSONObject.KeyList
        let isPlainASCII: Bool
    }

    private var slots = [Entry?](repeating: nil, count: 256)

    /// Folds one key's raw bytes (between its quotes) into the running hash of an object's keys,
    /// noting whether they are plain ASCII.
    static func combine(_ hash: SequenceHash, keyBytes: UnsafeBufferPointer<UInt8>) -> SequenceHash {
        var h = hash.value ^ 0xCBF2_9CE4_8422_2325
        var seen: UInt8 = 0
        for b in keyBytes {
            h = (h ^ UInt64(b)) &* 0x100_0000_01B3  // FNV-1a
            // A backslash counts as non-ASCII: an escape may decode to any character.
            seen |= b == UInt8(ascii: "\\") ? 0x80 : b
        }
        return SequenceHash(value: h ^ (h >> 29), isPlainASCII: hash.isPlainASCII && seen < 0x80)
    }

    /// The stored list whose keys equal `keys` byte for byte, in order, if the slot for `hash` holds it.
    func lookup(_ keys: UnsafeBufferPointer<String>, hash: SequenceHash) -> JSONObject.KeyList? {
        guard let entry = slots[Self.slot(hash.value)], entry.list.keys.count == keys.count else { return nil }
        if entry.isPlainASCII && hash.isPlainASCII {
            // For ASCII, String's == (with its fast paths) is byte equality; canonical equivalence
            // only differs once a non-ASCII character is involved (U+212A KELVIN SIGN == "K").
            for (cached, parsed) in zip(entry.list.keys, keys) where cached != parsed { return nil }
        } else {
            for (cached, parsed) in zip(entry.list.keys, keys) where !cached.isExactly(parsed) { return nil }
        }
        return entry.list
    }

    /// Remembers a list of distinct keys, replacing whatever shared its slot.
    mutating func store(_ list: JSONObject.KeyList, hash: SequenceHash) {
        slots[Self.slot(hash.value)] = Entry(list: list, isPlainASCII: hash.isPlainASCII)
    }

    private static func slot(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: hash & 0xFF)
    }
}
