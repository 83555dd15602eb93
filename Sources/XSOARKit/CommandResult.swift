public import OrderedJSON

/// What a command returns, as CommonServerPython's `CommandResults`: outputs under a context
/// prefix (with a key field for XSOAR's DT merge), and the markdown a person reads.
public struct CommandResult: Sendable {
    /// The context path the outputs go under, e.g. `Darktrace.ModelBreach`.
    public var outputsPrefix: String
    /// The field XSOAR merges entries on (`pbid`, `devices.did`); nil for plain keys.
    public var outputsKeyField: String?
    /// The outputs: also the entry's `Contents`.
    public var outputs: JSONValue
    /// The entry's `HumanReadable`: the markdown shown in the War Room (a string), or whatever
    /// else an integration handed XSOAR as its readable output.
    public var humanReadable: JSONValue

    /// The markdown shown in the War Room (empty when `humanReadable` is not a string).
    public var readableOutput: String {
        humanReadable.stringValue ?? ""
    }

    public init(outputsPrefix: String, outputsKeyField: String? = nil, outputs: JSONValue, readableOutput: String) {
        self.init(outputsPrefix: outputsPrefix, outputsKeyField: outputsKeyField, outputs: outputs,
                  humanReadable: .string(readableOutput))
    }

    /// A result whose readable output is not markdown: a Python integration that passed a list as
    /// `readable_output` got that list as the entry's `HumanReadable`.
    public init(outputsPrefix: String, outputsKeyField: String? = nil, outputs: JSONValue, humanReadable: JSONValue) {
        self.outputsPrefix = outputsPrefix
        self.outputsKeyField = outputsKeyField
        self.outputs = outputs
        self.humanReadable = humanReadable
    }

    /// The context key: `Prefix(val.k && val.k == obj.k)` with a key field, else the bare prefix.
    public var contextKey: String {
        guard let k = outputsKeyField else { return outputsPrefix }
        return "\(outputsPrefix)(val.\(k) && val.\(k) == obj.\(k))"
    }

    /// The war-room entry, keys in `CommandResults.to_context` order.
    ///
    /// `Contents` is the outputs, or `{}` when they are empty; `EntryContext` holds the outputs
    /// under the context key unless they are `[]` (an empty object is still written, as Python does).
    public func entry() -> JSONValue {
        var context = JSONObject()
        if outputs != .array([]) && !outputs.isNull {
            context[contextKey] = outputs
        }
        let contents: JSONValue = outputs.isTruthy ? outputs : .object(JSONObject())
        return .object(JSONObject([
            "Type": .int(1),
            "ContentsFormat": .string("json"),
            "Contents": contents,
            "HumanReadable": humanReadable,
            "EntryContext": .object(context),
            "IndicatorTimeline": .array([]),
            "IgnoreAutoExtract": .bool(false),
            "Note": .bool(false),
            "Relationships": .array([]),
        ]))
    }
}

/// Entries that are not command results: errors (`return_error`) and bare strings (test-module).
public enum Entry {
    /// `return_error`'s entry: Type 4, text, `Failed to execute CMD command.\nError:\nDETAIL`.
    public static func error(command: String, detail: String) -> JSONValue {
        .object(JSONObject([
            "Type": .int(4),
            "ContentsFormat": .string("text"),
            "Contents": .string("Failed to execute \(command) command.\nError:\n\(detail)"),
            "EntryContext": .null,
        ]))
    }
}
