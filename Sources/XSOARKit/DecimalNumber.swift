/// Numbers typed by people, read as Python's `int()`/`float()` read them: decimal only.
///
/// Swift's `Double(String)` also accepts hex (`0x5f`), `inf` and `nan`; Python does not, so a
/// pbid of `0x5f` must be refused, not silently become 95.
public enum DecimalNumber {
    /// The value of `[+-]digits[.digits][e[+-]digits]` (or `.digits`), surrounding white space
    /// allowed; nil for anything else.
    public static func parse(_ text: String) -> Double? {
        let s = text.trimmedWhitespace
        var digits = 0
        var sawExponent = false
        var exponentDigits = 0
        var sawDot = false
        var previous: UInt8 = 0
        for (k, b) in s.utf8.enumerated() {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if sawExponent { exponentDigits += 1 } else { digits += 1 }
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard k == 0 || previous == UInt8(ascii: "e") || previous == UInt8(ascii: "E") else { return nil }
            case UInt8(ascii: "."):
                guard !sawDot, !sawExponent else { return nil }
                sawDot = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                guard !sawExponent, digits > 0 else { return nil }
                sawExponent = true
            default:
                return nil
            }
            previous = b
        }
        guard digits > 0, !sawExponent || exponentDigits > 0, let value = Double(s), value.isFinite else { return nil }
        return value
    }
}
