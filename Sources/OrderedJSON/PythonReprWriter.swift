/// Python's `repr` of containers, with each key list's quoted keys written once: the objects of a
/// large list are nearly all alike (one shared `KeyList`), and quoting their keys again for every
/// object was most of the cost of a repr.
struct PythonReprWriter {
    /// One key list's keys as `'key': ` pieces, each after the first with a leading `, `.
    private struct KeyPieces {
        let list: JSONObject.KeyList
        let bytes: [UInt8]
        /// Where each key's piece ends in `bytes`.
        let ends: [Int]
    }

    /// Recent key lists' pieces, by a hash of the list's identity (a miss only costs a rebuild);
    /// allocated at the first object, so the repr of a scalar costs nothing extra.
    private var slots: [KeyPieces?] = []

    /// Appends `repr(value)`.
    mutating func write(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .null: appendASCII("None", to: &out)
        case .bool(let b): appendASCII(b ? "True" : "False", to: &out)
        case .number(let n): JSONValue.appendPythonNumber(n, json: false, to: &out)
        case .string(let s): writePythonStringRepr(s, to: &out)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (k, v) in a.enumerated() {
                if k > 0 { out.append(0x2C); out.append(0x20) }
                write(v, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            out.append(UInt8(ascii: "{"))
            let pieces = keyPieces(of: o.keyList)
            o.values.withUnsafeValues { values in pieces.bytes.withUnsafeBufferPointer { keyBytes in
                var start = 0
                for (k, v) in values.enumerated() {
                    let end = pieces.ends[k]
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: keyBytes[start..<end]))
                    start = end
                    write(v, to: &out)
                }
            } }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// The pieces of a key list's keys, from the cache or built now.
    private mutating func keyPieces(of list: JSONObject.KeyList) -> KeyPieces {
        if slots.isEmpty { slots = [KeyPieces?](repeating: nil, count: 32) }
        let slot = Int(truncatingIfNeeded: UInt(bitPattern: ObjectIdentifier(list)) >> 4) & (slots.count - 1)
        if let cached = slots[slot], cached.list === list { return cached }
        var bytes: [UInt8] = []
        var ends: [Int] = []
        ends.reserveCapacity(list.keys.count)
        for (k, key) in list.keys.enumerated() {
            if k > 0 { bytes.append(0x2C); bytes.append(0x20) }
            writePythonStringRepr(key, to: &bytes)
            bytes.append(0x3A)
            bytes.append(0x20)
            ends.append(bytes.count)
        }
        let built = KeyPieces(list: list, bytes: bytes, ends: ends)
        slots[slot] = built
        return built
    }
}

extension JSONValue {
    /// Appends each item's Python `str()` with `separator` between them (`', '.join(map(str, items))`
    /// for any separator), quoting the keys of alike objects once for the whole list.
    public static func appendPythonStrs(of items: [JSONValue], separator: String, to out: inout [UInt8]) {
        var writer = PythonReprWriter()
        var separator = separator
        separator.withUTF8 { sep in
            for (k, item) in items.enumerated() {
                if k > 0 { out.append(contentsOf: sep) }
                if case .string(let s) = item { appendUTF8(of: s, to: &out) } else { writer.write(item, to: &out) }
            }
        }
    }

    /// Appends each item's Python `str()` back to back, calling `after` once each item is written
    /// (with where it starts in `out`), so a caller can rework it and put a separator after it;
    /// the keys of alike objects are quoted once for the whole list.
    public static func appendPythonStrs(of items: [JSONValue], to out: inout [UInt8],
                                        after: (inout [UInt8], _ itemStart: Int) -> Void) {
        var writer = PythonReprWriter()
        for item in items {
            let start = out.count
            if case .string(let s) = item { appendUTF8(of: s, to: &out) } else { writer.write(item, to: &out) }
            after(&out, start)
        }
    }
}
