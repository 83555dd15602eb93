import OrderedJSON
import XSOARKit

/// The result of an /endpointdetails answer, the same in v1 and Admin (LATER.md "Command names
/// shared with v1"): the answer with `firsttime` in ISO under `Darktrace.ExternalEndpointDetails`,
/// titled `{Type}: {value} details`; an empty answer is the reference's one markdown line.
func externalEndpointDetailsResult(_ answer: JSONValue, type typeText: String, value: String) throws -> CommandResult {
    let prefix = "Darktrace.ExternalEndpointDetails"
    guard answer.isTruthy else {
        return CommandResult(outputsPrefix: prefix, outputs: .object(JSONObject()),
                             readableOutput: "### Did not get any details for \(typeText):\(value)")
    }
    guard case .object(var details) = answer else {
        throw CommandError.unexpectedAnswer(endpoint: "/endpointdetails", expected: "an object", got: answer.typeName)
    }
    details.convertTimestamp("firsttime", onlyIfTruthy: true)
    let shaped = JSONValue.object(details)
    let markdown = try TableToMarkdown.render("\(pythonCapitalize(typeText)): \(value) details", shaped)
    return CommandResult(outputsPrefix: prefix, outputs: shaped, readableOutput: markdown)
}
