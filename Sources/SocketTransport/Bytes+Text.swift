extension BidirectionalCollection where Element == UInt8 {
    /// The bytes without leading and trailing spaces and tabs (HTTP's optional whitespace).
    ///
    /// Byte-level on purpose: Character-level trimming of a String instantiates generic metadata
    /// at run time, which showed up as 9% of a whole command's instructions under callgrind.
    var trimmingBlanks: SubSequence {
        let start = firstIndex { $0 != 0x20 && $0 != 0x09 } ?? endIndex
        let end = self[start...].lastIndex { $0 != 0x20 && $0 != 0x09 }.map { index(after: $0) } ?? start
        return self[start..<end]
    }
}

extension Collection where Element == UInt8 {
    /// The value of these bytes read as decimal digits only (no sign, no blanks: `Int(_:)` would
    /// take "+80"), at most `maximumDigits` of them; nil for anything else.
    func decimalValue(maximumDigits: Int) -> Int? {
        guard !isEmpty, count <= maximumDigits else { return nil }
        var value = 0
        for byte in self {
            guard (0x30...0x39).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }
}
