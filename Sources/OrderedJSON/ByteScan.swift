/// Finding the next byte that needs escaping eight bytes at a time: the writers copy the runs
/// between such bytes whole, and a run of ordinary text then costs a few instructions per word
/// instead of a compare and branch per byte.
public enum ByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// True when some byte of `word` equals `byte` (exact: the borrow of the subtraction only
    /// reaches bytes above a zero one, so it never makes a word without one look as if it had one).
    @inline(__always)
    private static func has(_ word: UInt64, _ byte: UInt8) -> Bool {
        let x = word ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & highs != 0
    }

    /// True when some byte of `word` is below `bound` (≤ 0x80), exact for the same reason.
    @inline(__always)
    private static func hasBelow(_ word: UInt64, _ bound: UInt8) -> Bool {
        (word &- ones &* UInt64(bound)) & ~word & highs != 0
    }

    /// The position of the first byte at or after `start` that a JSON string escapes (`"`, `\`
    /// or a control character), or `bytes.count`.
    public static func firstJSONSpecial(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var k = start
        let n = bytes.count
        guard let base = bytes.baseAddress else { return n }
        let raw = UnsafeRawPointer(base)
        while k + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)
            if has(w, 0x22) || has(w, 0x5C) || hasBelow(w, 0x20) { break }
            k += 8
        }
        while k < n {
            let b = base[k]
            if b == 0x22 || b == 0x5C || b < 0x20 { return k }
            k += 1
        }
        return n
    }

    /// The position of the first byte at or after `start` that markdown escaping changes
    /// (`\n`, `\r`, `` ` `` or `|`), or `bytes.count`.
    public static func firstMarkdownSpecial(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var k = start
        let n = bytes.count
        guard let base = bytes.baseAddress else { return n }
        let raw = UnsafeRawPointer(base)
        while k + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)
            // Below 0x0E catches `\n` and `\r` (and a few other controls, looked at one by one).
            if hasBelow(w, 0x0E) || has(w, 0x60) || has(w, 0x7C) { break }
            k += 8
        }
        while k < n {
            let b = base[k]
            if b == 0x0A || b == 0x0D || b == 0x60 || b == 0x7C { return k }
            k += 1
        }
        return n
    }
}
