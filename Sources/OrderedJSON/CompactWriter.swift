/// The compact JSON writer: one growing byte buffer, handed out in chunks by a streaming caller.
///
/// Two things make it cheaper than writing each value as it comes:
/// - a value shown in two places near the top of the output (a command's outputs are both the
///   entry's `Contents` and its context) is written once and its bytes are reused;
/// - the keys of alike objects (which share one `KeyList`) are escaped once per list, not once
///   per object.
struct CompactWriter {
    /// Containers this deep or shallower (the result, `entries`, the entry, its `Contents` and
    /// its context's one value) are checked for repeats; deeper ones never repeat in our output.
    static let sharedDepth = 4
    /// The most bytes of one repeated container kept for reuse: beyond that, holding a second
    /// copy of the output costs more (peak memory of a 50 MB answer) than writing it again costs
    /// time, so a larger one is written twice.
    static let maximumRecorded = 16 << 20

    /// A container's identity: its storage (an object's key list and values), which two values
    /// share only while they are the same value.
    struct ContainerID: Hashable {
        let first: UInt
        let second: UInt

        /// The identity of a non-empty array or object (nil for scalars and empty containers).
        init?(_ value: JSONValue) {
            switch value {
            case .array(let a):
                guard let base = a.withUnsafeBufferPointer({ $0.baseAddress }) else { return nil }
                first = UInt(bitPattern: base)
                second = 0
            case .object(let o):
                guard !o.isEmpty else { return nil }
                first = UInt(bitPattern: ObjectIdentifier(o.keyList))
                second = o.values.identity
            default:
                return nil
            }
        }
    }

    /// One key list's keys as compact JSON, each with its `:` (and, after the first, a leading `,`).
    private struct KeyBytes {
        let list: JSONObject.KeyList
        let bytes: [UInt8]
        /// Where each key's piece ends in `bytes`.
        let ends: [Int]
    }

    /// The output not yet handed out.
    var out: [UInt8] = []
    /// Out's size at which it is handed out (`Int.max`: never, the caller takes it whole).
    let chunkSize: Int
    /// The bytes of each repeated container once it has been written.
    private var shared: [ContainerID: [UInt8]] = [:]
    /// Containers that occur more than once near the top.
    private var repeated: Set<ContainerID> = []
    /// The repeated container being written for the first time, where it starts in `out`, and
    /// its bytes already handed out (kept in place: a copy of this array per chunk was quadratic).
    private var recording: ContainerID?
    private var recordingStart = 0
    private var recorded: [UInt8] = []
    /// Recent key lists' bytes, by a hash of the list's identity (a miss only costs a rebuild).
    private var keySlots = [KeyBytes?](repeating: nil, count: 64)

    /// A writer for `value`, whose repeated containers near the top are found first.
    init(for value: JSONValue, chunkSize: Int) {
        self.chunkSize = chunkSize
        var seen: Set<ContainerID> = []
        Self.collectRepeats(value, depth: 0, seen: &seen, repeated: &repeated)
    }

    private static func collectRepeats(_ value: JSONValue, depth: Int, seen: inout Set<ContainerID>,
                                       repeated: inout Set<ContainerID>) {
        guard depth <= sharedDepth, let id = ContainerID(value) else { return }
        if !seen.insert(id).inserted {
            repeated.insert(id)
            return
        }
        // The result's own containers are small; a large one is an answer, whose thousands of
        // members are not looked at one by one (they never repeat as a whole).
        switch value {
        case .array(let a) where a.count <= 16:
            for v in a { collectRepeats(v, depth: depth + 1, seen: &seen, repeated: &repeated) }
        case .object(let o) where o.count <= 16:
            for v in o.values { collectRepeats(v, depth: depth + 1, seen: &seen, repeated: &repeated) }
        default: break
        }
    }

    /// Writes `value`, handing full chunks to `write`.
    mutating func write(_ value: JSONValue, depth: Int = 0, to write: ([UInt8]) -> Void) {
        var id: ContainerID?
        if depth <= Self.sharedDepth, !repeated.isEmpty, let candidate = ContainerID(value), repeated.contains(candidate) {
            if let bytes = shared[candidate] {
                // Written before: its bytes go out as they are (through the buffer while they are
                // part of a container being recorded).
                if chunkSize == .max || recording != nil {
                    out.append(contentsOf: bytes)
                    if out.count >= chunkSize { flush(to: write) }
                } else {
                    flush(to: write)
                    write(bytes)
                }
                return
            }
            if recording == nil {
                id = candidate
                recording = candidate
                recordingStart = out.count
            }
        }
        switch value {
        case .null: appendASCII("null", to: &out)
        case .bool(let b): appendASCII(b ? "true" : "false", to: &out)
        case .number(let n): appendUTF8(of: n.text, to: &out)
        case .string(let s): writeJSONString(s, to: &out, ensureASCII: false)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (k, v) in a.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                self.write(v, depth: depth + 1, to: write)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            out.append(UInt8(ascii: "{"))
            let keys = keyBytes(of: o.keyList)
            o.values.withUnsafeValues { values in keys.bytes.withUnsafeBufferPointer { keyBytes in
                var start = 0
                for (k, v) in values.enumerated() {
                    let end = keys.ends[k]
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: keyBytes[start..<end]))
                    start = end
                    self.write(v, depth: depth + 1, to: write)
                }
            } }
            out.append(UInt8(ascii: "}"))
        }
        if let id, recording == id {
            recorded.append(contentsOf: out[recordingStart...])
            shared[id] = recorded
            recorded = []
            recording = nil
        }
        if out.count >= chunkSize { flush(to: write) }
    }

    /// Hands out what is buffered (keeping a copy of what belongs to a container being recorded).
    mutating func flush(to write: ([UInt8]) -> Void) {
        guard chunkSize != .max, !out.isEmpty else { return }
        if let id = recording {
            recorded.append(contentsOf: out[recordingStart...])
            recordingStart = 0
            if recorded.count > Self.maximumRecorded {
                // Too large to keep: this container is written again where it repeats.
                recorded = []
                recording = nil
                repeated.remove(id)
            }
        }
        write(out)
        out.removeAll(keepingCapacity: true)
    }

    /// The bytes of a key list's keys, from the cache or built now.
    private mutating func keyBytes(of list: JSONObject.KeyList) -> KeyBytes {
        let slot = Int(truncatingIfNeeded: UInt(bitPattern: ObjectIdentifier(list)) >> 4) & (keySlots.count - 1)
        if let cached = keySlots[slot], cached.list === list { return cached }
        var bytes: [UInt8] = []
        var ends: [Int] = []
        ends.reserveCapacity(list.keys.count)
        for (k, key) in list.keys.enumerated() {
            if k > 0 { bytes.append(UInt8(ascii: ",")) }
            writeJSONString(key, to: &bytes, ensureASCII: false)
            bytes.append(UInt8(ascii: ":"))
            ends.append(bytes.count)
        }
        let built = KeyBytes(list: list, bytes: bytes, ends: ends)
        keySlots[slot] = built
        return built
    }
}
