/// A command argument or instance setting that cannot be used; the message names it.
public enum ArgumentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A required argument is absent or empty.
    case missing(name: String)
    /// A required instance setting is absent or empty.
    case missingSetting(name: String, display: String)
    /// A numeric argument is not a whole number.
    case notANumber(name: String, value: String)
    /// A number outside what the argument allows.
    case outOfRange(name: String, value: String, allowed: String)
    /// A Boolean argument that is not true/false/yes/no.
    case invalidBoolean(name: String, value: String)
    /// A value not among the allowed choices.
    case invalidChoice(name: String, value: String, choices: [String])
    /// A value that cannot be read for another reason.
    case invalid(name: String, value: String, reason: String)

    /// The longest value quoted back in a message: enough to recognise it, never a 50 MB echo.
    public static let maximumQuotedLength = 120

    public var description: String {
        let shown: (String) -> String = { value in
            guard value.count > Self.maximumQuotedLength else { return value }
            return value.prefix(Self.maximumQuotedLength) + "… (\(value.count) characters)"
        }
        switch self {
        case .missing(let name):
            return "Missing required argument \"\(name)\"."
        case .missingSetting(let name, let display):
            return "Missing required instance setting \"\(display)\" (\(name)): set it in the integration instance."
        case .notANumber(let name, let value):
            return "Invalid number: \"\(name)\"=\"\(shown(value))\" (expected a whole number)."
        case .outOfRange(let name, let value, let allowed):
            return "Invalid value: \"\(name)\"=\"\(shown(value))\" (allowed: \(allowed))."
        case .invalidBoolean(let name, let value):
            return "Invalid boolean: \"\(name)\"=\"\(shown(value))\" (expected true or false)."
        case .invalidChoice(let name, let value, let choices):
            return "Invalid value: \"\(name)\"=\"\(shown(value))\" (expected one of: \(choices.joined(separator: ", ")))."
        case .invalid(let name, let value, let reason):
            return "Invalid value: \"\(name)\"=\"\(shown(value))\" (\(reason))."
        }
    }
}
