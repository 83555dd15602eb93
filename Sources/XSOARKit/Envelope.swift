public import OrderedJSON

/// The one JSON object the engine writes to our stdin: command, instance params, args, lastRun.
public struct Envelope: Sendable {
    /// The command name, e.g. `darktrace-get-breach`, `test-module`, `fetch-incidents`.
    public let command: String
    /// The instance settings (`url`, tokens, `insecure`, `proxy`, fetch settings).
    public let params: InstanceParams
    /// The command's arguments.
    public let args: Arguments
    /// The state the previous fetch-incidents run left (empty on the first fetch).
    public let lastRun: JSONObject
    /// The integration the instance belongs to (`"DarktraceMBs"`…); nil when the envelope names none.
    public let integration: String?

    public init(command: String, params: JSONObject = JSONObject(), args: JSONObject = JSONObject(),
                lastRun: JSONObject = JSONObject(), integration: String? = nil) {
        self.command = command
        self.integration = integration
        self.params = InstanceParams(params)
        self.args = Arguments(args)
        self.lastRun = lastRun
    }

    /// Decodes the envelope from stdin's bytes; unknown top-level keys are ignored.
    public static func decode(_ bytes: [UInt8]) throws(EnvelopeError) -> Envelope {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            throw EnvelopeError(command: nil, reason: "the envelope is empty: expected one JSON object on stdin")
        }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw EnvelopeError(command: nil, reason: "the envelope is not valid UTF-8")
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw EnvelopeError(command: nil, reason: "the envelope is not valid JSON: \(error)")
        }
        guard case .object(let top) = value else {
            throw EnvelopeError(command: nil, reason: "the envelope must be a JSON object, not \(value.typeName)")
        }
        guard let commandValue = top["command"], !commandValue.isNull else {
            throw EnvelopeError(command: nil, reason: "the envelope has no \"command\"")
        }
        guard case .string(let command) = commandValue else {
            throw EnvelopeError(command: nil, reason: "\"command\" must be a string, not \(commandValue.typeName)")
        }
        guard !command.isEmpty else {
            throw EnvelopeError(command: nil, reason: "\"command\" is empty")
        }
        func object(_ key: String) throws(EnvelopeError) -> JSONObject {
            switch top[key] {
            case nil, .null?: return JSONObject()
            case .object(let o)?: return o
            case let other?:
                throw EnvelopeError(command: command, reason: "\"\(key)\" must be a JSON object, not \(other.typeName)")
            }
        }
        let integration: String?
        switch top["integration"] {
        case nil, .null?: integration = nil
        case .string(let name)?: integration = name
        case let other?:
            throw EnvelopeError(command: command, reason: "\"integration\" must be a string, not \(other.typeName)")
        }
        return Envelope(command: command, params: try object("params"), args: try object("args"),
                        lastRun: try object("lastRun"), integration: integration)
    }
}

/// Why an envelope cannot be used at all (exit status 2).
public struct EnvelopeError: Error, Sendable, Equatable {
    /// The command name, when the envelope got as far as naming one.
    public let command: String?
    /// What is wrong, in words for the user.
    public let reason: String

    public init(command: String?, reason: String) {
        self.command = command
        self.reason = reason
    }
}

extension JSONValue {
    /// The JSON type's name, for messages: "an array", "a string".
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
