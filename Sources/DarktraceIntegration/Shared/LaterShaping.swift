import OrderedJSON
import XSOARKit

/// Small shaping steps the later Python integrations repeat (LATER.md section 4), done once here
/// with their crashes on odd values fixed (L5).
extension JSONObject {
    /// `x[key] = timestamp_to_datestring(x[key])` without Python's crashes: an epoch-ms value
    /// becomes its ISO string, a value that is not a timestamp (null, text, a list) becomes the
    /// placeholder "N/A", and an absent key stays absent (nothing is invented).
    mutating func convertLaterTimestamp(_ key: String) {
        guard let value = self[key] else { return }
        self[key] = .string(XSOARDate.isoString(fromJSON: value) ?? LaterErrorTexts.missingValue)
    }

    /// `x[newKey] = x.pop(oldKey)`: the value moves to the end under its new name (or replaces
    /// `newKey`'s value in place when that key exists, as a dict assignment does); an absent
    /// `oldKey` (Python: KeyError) gives the placeholder "N/A".
    mutating func renameLaterKey(_ oldKey: String, to newKey: String) {
        let value = self[oldKey] ?? .string(LaterErrorTexts.missingValue)
        self[oldKey] = nil
        self[newKey] = value
    }
}

extension String {
    /// Python's `text.replace('\\n', '')`: every literal backslash-n pair removed, scanning left
    /// to right (real line breaks are kept, as the Python integrations keep them).
    var removingLiteralBackslashN: String {
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var bytes = Array(utf8)[...]
        while let b = bytes.popFirst() {
            if b == UInt8(ascii: "\\"), bytes.first == UInt8(ascii: "n") {
                bytes = bytes.dropFirst()
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Python's `round(x, ndigits)` of a float: the exact binary value rounded to `ndigits` decimal
/// places, ties (exact halves only) to even, read back as the nearest double.
enum PythonRound {
    /// `round(value, digits)` for 0 ≤ digits ≤ 15; exact for |value| < 2^53 / 10^digits (beyond,
    /// a double has no fractional digits left to round in practice). Infinity and NaN come back as
    /// they are, and the sign of a result that rounds to zero is kept (`round(-0.04, 1)` is -0.0).
    static func round(_ value: Double, digits: Int) -> Double {
        guard value.isFinite, value != 0, (0...15).contains(digits) else { return value }
        let magnitude = value.magnitude
        // magnitude = significand × 2^exponent with significand in [1, 2): an integer of 53 bits
        // scaled by 2^(exponent - 52).
        let integerSignificand = UInt64(magnitude.significand * 0x1p52)
        let fractionBits = 52 - Int(magnitude.exponent)
        guard fractionBits > 0 else { return value }
        var scale: UInt128 = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = UInt128(integerSignificand) * scale
        var quotient: UInt128 = 0
        if fractionBits < 128 {
            quotient = scaled >> fractionBits
            let remainder = scaled & ((1 << fractionBits) - 1)
            let half: UInt128 = 1 << (fractionBits - 1)
            if remainder > half || (remainder == half && quotient & 1 == 1) { quotient += 1 }
        }
        let rounded = Double(quotient) / Double(scale)
        return value < 0 ? -rounded : rounded
    }

    /// `round(x, digits)` of a JSON number as Python computes it after `json.loads`: an int is
    /// returned unchanged (Python's `round(int, n)` is the int), a float is rounded and written as
    /// Python's `repr`; nil for anything that is not a number (Python raised a TypeError).
    static func round(_ value: JSONValue, digits: Int) -> JSONValue? {
        guard case .number(let n) = value else { return nil }
        // An int, or a float too large for a double (Python: inf, which JSON cannot carry), stays.
        if n.isInteger || !n.doubleValue.isFinite { return value }
        return .number(JSONNumber(validatedText: PythonFloat.jsonText(round(n.doubleValue, digits: digits))))
    }
}
