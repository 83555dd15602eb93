/// A JSON value that keeps what Foundation's JSONSerialization loses: key order and number text.
///
/// Objects keep their members in document order, and a number keeps the exact text it was written
/// with, so `1` and `1.0` stay different and integers of any size survive a round trip.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

extension JSONValue {
    /// An integer value.
    public static func int(_ value: Int) -> JSONValue {
        .number(JSONNumber(integer: value))
    }

    /// The string, when this is a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The object, when this is an object.
    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The elements, when this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The number, when this is a number.
    public var numberValue: JSONNumber? {
        if case .number(let n) = self { return n }
        return nil
    }

    /// The Boolean, when this is a Boolean.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// True for `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// Python truthiness: `None`, `False`, `0`, `0.0`, `""`, `[]` and `{}` are false.
    public var isTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let b): return b
        case .number(let n): return !n.isZero
        case .string(let s): return !s.isEmpty
        case .array(let a): return !a.isEmpty
        case .object(let o): return !o.isEmpty
        }
    }

    /// The member `key` of an object (nil for other values or a missing key).
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }
}

/// A JSON number kept as the text it was written with.
public struct JSONNumber: Sendable, Equatable {
    /// The number exactly as written, valid per RFC 8259 (e.g. `-12`, `0.729`, `1E+2`).
    public let text: String
    /// True when the text has no fraction and no exponent: Python reads it as an `int`.
    public let isInteger: Bool

    /// Wraps already-validated number text.
    public init(validatedText text: String) {
        self.text = text
        self.isInteger = !text.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
    }

    /// Wraps number text the parser has just validated and classified.
    init(text: String, isInteger: Bool) {
        self.text = text
        self.isInteger = isInteger
    }

    /// An integer.
    public init(integer: Int) {
        self.text = String(integer)
        self.isInteger = true
    }

    /// The value as a Double (integers beyond 2^53 lose precision; out of range gives ±infinity).
    public var doubleValue: Double {
        Double(text) ?? .nan
    }

    /// The value as an Int when it is an integer that fits (nil otherwise).
    public var intValue: Int? {
        isInteger ? Int(text) : nil
    }

    /// True when the number is zero (`0`, `-0`, `0.0`, `0e5`).
    public var isZero: Bool {
        doubleValue == 0
    }
}
