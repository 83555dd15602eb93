public import OrderedJSON

/// A command's arguments with CommonServerPython's semantics (`argToBoolean`, `arg_to_number`,
/// `argToList`). Values arrive as strings from the CLI, but numbers and booleans are accepted too.
public struct Arguments: Sendable {
    /// The raw arguments object.
    public let raw: JSONObject

    public init(_ raw: JSONObject) {
        self.raw = raw
    }

    /// The argument as text (numbers as written, booleans `true`/`false`), trimmed; nil when
    /// absent, null or blank.
    public func string(_ name: String) -> String? {
        let text: String
        switch raw[name] {
        case nil, .null?: return nil
        case .string(let s)?: text = s.trimmedWhitespace
        case .number(let n)?: text = n.text
        case .bool(let b)?: text = b ? "true" : "false"
        case let other?: text = other.compactJSON()
        }
        return text.isEmpty ? nil : text
    }

    /// The argument as text; an error naming it when absent or blank.
    public func requiredString(_ name: String) throws(ArgumentError) -> String {
        guard let s = string(name) else { throw .missing(name: name) }
        return s
    }

    /// Free text exactly as typed (a comment: spaces kept, as `str(args[name])`); an error naming
    /// it when absent or blank. Numbers and booleans read as `string(_:)` gives them.
    public func requiredText(_ name: String) throws(ArgumentError) -> String {
        let trimmed = try requiredString(name)
        if case .string(let typed)? = raw[name] { return typed }
        return trimmed
    }

    /// A whole number (`"42"`, `42`, `"42.0"`); nil when absent or blank, an error when not a whole
    /// number or below `minimum`.
    public func integer(_ name: String, minimum: Int? = nil) throws(ArgumentError) -> Int? {
        guard let text = string(name) else { return nil }
        let value: Int
        if let v = Int(text) {
            value = v
        } else if let d = DecimalNumber.parse(text), d == d.rounded(.towardZero), abs(d) < 9.0e15 {
            value = Int(d)
        } else {
            throw .notANumber(name: name, value: text)
        }
        if let minimum, value < minimum {
            throw .outOfRange(name: name, value: text, allowed: "\(minimum) or more")
        }
        return value
    }

    /// A required whole number: an error naming the argument when absent, blank or not a number.
    public func requiredInteger(_ name: String, minimum: Int? = nil) throws(ArgumentError) -> Int {
        guard let v = try integer(name, minimum: minimum) else { throw .missing(name: name) }
        return v
    }

    /// One of an argument's predefined values (the yml's `predefined`), matched exactly; nil when
    /// absent or blank, an error naming the accepted values otherwise.
    public func choice(_ name: String, among choices: [String]) throws(ArgumentError) -> String? {
        guard let text = string(name) else { return nil }
        guard choices.contains(where: { $0.utf8.elementsEqual(text.utf8) }) else {
            throw .invalidChoice(name: name, value: text, choices: choices)
        }
        return text
    }

    /// A required argument with predefined values: an error naming it when absent or blank, or
    /// naming the accepted values when it is none of them.
    public func requiredChoice(_ name: String, among choices: [String]) throws(ArgumentError) -> String {
        guard let v = try choice(name, among: choices) else { throw .missing(name: name) }
        return v
    }

    /// An optional Boolean (`argToBoolean`): nil when absent or blank.
    public func boolean(_ name: String) throws(ArgumentError) -> Bool? {
        guard let value = raw[name], !value.isNull else { return nil }
        if case .string(let s) = value, s.trimmedWhitespace.isEmpty { return nil }
        guard let b = booleanLike(value) else { throw .invalidBoolean(name: name, value: value.pythonStr()) }
        return b
    }

    /// `argToList`: a JSON array as its items' text, a `[...]` string read as JSON, otherwise the
    /// text split on `separator` with each item stripped (empty items kept, as Python does).
    public func list(_ name: String, separator: Character = ",") -> [String] {
        switch raw[name] {
        case nil, .null?: return []
        case .array(let items)?: return items.map { $0.pythonStr() }
        case .string(let s)?:
            if s.isEmpty { return [] }
            if s.first == "[", s.last == "]", case .array(let items)? = try? JSONParser.parse(s) {
                return items.map { $0.pythonStr() }
            }
            return s.split(separator: separator, omittingEmptySubsequences: false).map { String($0).trimmedWhitespace }
        case let other?:
            return other.isTruthy ? [other.pythonStr()] : []
        }
    }
}
