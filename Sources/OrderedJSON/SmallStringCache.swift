/// The parser's memory of recent short strings and number texts, so a value seen before (a port,
/// a count, a graph point's hour, `"connection"`) becomes a `String` without being validated and
/// copied again.
///
/// Swift stores text of up to 15 UTF-8 bytes inside the `String` value itself, so a cached one is
/// handed out by copying 16 bytes (no allocation). An entry is the text packed into two words with
/// its length, so a hit is confirmed by comparing three integers. A class with a fixed table (not
/// an array) so that a lookup pays neither a uniqueness check nor an exclusivity check.
final class SmallStringCache {
    /// The longest text cached: what fits inside a `String` value.
    static let maximumLength = 15

    private struct Entry {
        var low: UInt64 = 0
        var high: UInt64 = 0
        var length = -1
        var text = ""
    }

    private static let slotCount = 4096
    private let table: UnsafeMutablePointer<Entry>

    init() {
        table = .allocate(capacity: Self.slotCount)
        table.initialize(repeating: Entry(), count: Self.slotCount)
    }

    deinit {
        table.deinitialize(count: Self.slotCount)
        table.deallocate()
    }

    /// The string of the `count` bytes (ASCII, at most `maximumLength`) at `start` in `bytes`,
    /// from the cache or made with `make` and remembered.
    func string(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, count n: Int,
                make: (UnsafeBufferPointer<UInt8>) -> String) -> String {
        var low: UInt64 = 0
        var high: UInt64 = 0
        if let base = bytes.baseAddress, start + 16 <= bytes.count {
            // Two loads, the bytes past the text masked off (they are inside the input).
            let raw = UnsafeRawPointer(base + start)
            let first = raw.loadUnaligned(as: UInt64.self)
            let second = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            if n >= 8 {
                low = first
                high = n == 8 ? 0 : second & ((1 << (8 * UInt64(n - 8))) - 1)
            } else {
                low = first & ((1 << (8 * UInt64(n))) - 1)
            }
        } else {
            for k in 0..<n {
                let b = UInt64(bytes[start + k])
                if k < 8 { low |= b << (8 * UInt64(k)) } else { high |= b << (8 * UInt64(k - 8)) }
            }
        }
        var h = (low ^ (high &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(n)) &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 29
        let entry = table + (Int(truncatingIfNeeded: h) & (Self.slotCount - 1))
        if entry.pointee.length == n && entry.pointee.low == low && entry.pointee.high == high {
            return entry.pointee.text
        }
        let text = make(UnsafeBufferPointer(rebasing: bytes[start..<(start + n)]))
        entry.pointee = Entry(low: low, high: high, length: n, text: text)
        return text
    }
}
