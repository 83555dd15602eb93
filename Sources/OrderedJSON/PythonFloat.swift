/// Python's `repr(float)`: the shortest text that reads back as the same double, laid out as
/// CPython does (fixed notation for decimal exponents -4..16, otherwise `d.ddde±XX`).
public enum PythonFloat {
    /// The Python `repr` of a double: `0.1`, `1.0`, `1e-05`, `1e+16`, `1000000000000000.0`, `inf`, `nan`.
    public static func repr(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let (negative, digits, decimalPoint) = shortestDigits(value)
        var out = negative ? "-" : ""
        let n = digits.count
        if decimalPoint > -4 && decimalPoint <= 16 {
            if decimalPoint <= 0 {
                out += "0." + String(repeating: "0", count: -decimalPoint) + digits
            } else if decimalPoint >= n {
                out += digits + String(repeating: "0", count: decimalPoint - n) + ".0"
            } else {
                let cut = digits.index(digits.startIndex, offsetBy: decimalPoint)
                out += digits[..<cut] + "." + digits[cut...]
            }
        } else {
            let exponent = decimalPoint - 1
            out += String(digits.prefix(1))
            if n > 1 { out += "." + digits.dropFirst() }
            let magnitude = String(abs(exponent))
            out += (exponent < 0 ? "e-" : "e+") + (magnitude.count < 2 ? "0" + magnitude : magnitude)
        }
        return out
    }

    /// Python's `json.dumps` of a double: like `repr`, but `Infinity`, `-Infinity`, `NaN`.
    public static func jsonText(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return repr(value)
    }

    /// The shortest round-trip digits (no leading/trailing zeros, "0" for zero) and the position
    /// of the decimal point relative to them: value = 0.DIGITS × 10^decimalPoint.
    ///
    /// Swift's `description` already yields the shortest round-trip digits; only its layout
    /// differs from Python's, so the digits are read back out of it.
    static func shortestDigits(_ value: Double) -> (negative: Bool, digits: String, decimalPoint: Int) {
        var text = Substring(value.description)
        var negative = false
        if text.first == "-" {
            negative = true
            text = text.dropFirst()
        }
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = text[..<e]
        }
        var integerPart = text
        var fraction: Substring = ""
        if let dot = text.firstIndex(of: ".") {
            integerPart = text[..<dot]
            fraction = text[text.index(after: dot)...]
        }
        var all = String(integerPart) + fraction
        var point = integerPart.count + exponent
        while all.first == "0" {
            all.removeFirst()
            point -= 1
        }
        while all.last == "0" { all.removeLast() }
        if all.isEmpty { return (negative, "0", 1) }
        return (negative, all, point)
    }
}
