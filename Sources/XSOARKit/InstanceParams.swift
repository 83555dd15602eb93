public import OrderedJSON

/// The instance settings, read the way XSOAR really sends them: strings, numbers, booleans,
/// `"true"`/`"false"` strings, and credentials objects `{"identifier": …, "password": …}`.
public struct InstanceParams: Sendable {
    /// The raw settings object.
    public let raw: JSONObject

    public init(_ raw: JSONObject) {
        self.raw = raw
    }

    /// A setting as text: strings as they are, numbers as written, booleans as `true`/`false`;
    /// nil when absent, null or empty. A credentials object gives its `password`, or its
    /// `identifier` when `preferIdentifier` is set (and the password otherwise).
    public func string(_ name: String, preferIdentifier: Bool = false) -> String? {
        guard let value = raw[name] else { return nil }
        let text: String?
        switch value {
        case .string(let s): text = s
        case .number(let n): text = n.text
        case .bool(let b): text = b ? "true" : "false"
        case .object(let o):
            let identifier = o["identifier"]?.stringValue
            let password = o["password"]?.stringValue
            text = preferIdentifier ? (nonEmpty(identifier) ?? password) : (nonEmpty(password) ?? identifier)
        case .null, .array: text = nil
        }
        return nonEmpty(text)
    }

    /// A Boolean setting: JSON booleans, or `true`/`false`/`yes`/`no` in any case; `fallback` when
    /// absent or empty. Anything else is an error naming the setting.
    public func bool(_ name: String, default fallback: Bool) throws(ArgumentError) -> Bool {
        guard let value = raw[name], !value.isNull else { return fallback }
        if case .string(let s) = value, s.trimmedWhitespace.isEmpty { return fallback }
        guard let b = booleanLike(value) else {
            throw .invalidBoolean(name: name, value: value.pythonStr())
        }
        return b
    }

    private func nonEmpty(_ s: String?) -> String? {
        guard let s, !s.isEmpty else { return nil }
        return s
    }
}

/// CommonServerPython's `argToBoolean`: a JSON boolean, or `true`/`yes`/`false`/`no` in any case.
func booleanLike(_ value: JSONValue) -> Bool? {
    switch value {
    case .bool(let b): return b
    case .string(let s):
        switch s.trimmedWhitespace.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default: return nil
        }
    default: return nil
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs and line breaks (Python's `strip()`).
    ///
    /// Works on Unicode scalars: as Characters, "\r\n" is one grapheme equal to neither "\r" nor "\n".
    public var trimmedWhitespace: String {
        let scalars = unicodeScalars
        let ws: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0B}" || $0 == "\u{0C}" }
        guard let first = scalars.firstIndex(where: { !ws($0) }), let last = scalars.lastIndex(where: { !ws($0) }) else { return "" }
        return String(scalars[first...last])
    }
}
