import DarktraceAPI
import OrderedJSON
import XSOARKit

/// darktrace-get-breach: one model breach by pbid, shaped as the Python integration shows it.
func getBreachCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    let pbid = try args.requiredInteger("pbid")
    let answer = try client.get("/modelbreaches", query: [QueryItem("pbid", String(pbid))])
    let breach: JSONObject
    switch answer {
    case .object(let o):
        breach = o
    case .array(let items):
        // Some Darktrace versions answer a pbid query with a list; an empty one means "no such breach".
        // Only the breach asked for will do: another one would be shown under this pbid's title.
        let match = items.compactMap(\.objectValue).first { $0["pbid"].flatMap(pbidValue) == Int64(pbid) }
        guard let match else { throw CommandError.failure("Darktrace has no model breach with pbid \(pbid).") }
        breach = match
    default:
        throw CommandError.unexpectedAnswer(endpoint: "/modelbreaches", expected: "a model breach object", got: answer.typeName)
    }
    let shaped = JSONValue.object(BreachShaping.shape(breach, tags: .getBreach, includeTriggeredComponents: false))
    let markdown = try TableToMarkdown.render("Darktrace Model Breach \(pbid)", shaped)
    return CommandResult(outputsPrefix: "Darktrace.ModelBreach", outputsKeyField: "pbid",
                         outputs: shaped, readableOutput: markdown)
}

/// darktrace-get-comments: a breach's comments, merged into the breach's context by pbid (fix 9).
func getCommentsCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    let pbid = try args.requiredInteger("pbid")
    let endpoint = "/modelbreaches/\(pbid)/comments"
    let answer = try client.get(endpoint)
    guard case .array(var comments) = answer else {
        throw CommandError.unexpectedAnswer(endpoint: endpoint, expected: "a list of comments", got: answer.typeName)
    }
    if comments.isEmpty {
        comments = [.object(JSONObject(["message": .string("No comments in Darktrace on this model breach.")]))]
    }
    comments = comments.map { comment in
        guard case .object(var c) = comment else { return comment }
        c.convertTimestamp("time", onlyIfTruthy: false)
        c["pbid"] = .int(pbid)
        return .object(c)
    }
    let markdown = try TableToMarkdown.render("Darktrace Model Breach \(pbid) Comments", .array(comments))
    let outputs = JSONValue.object(JSONObject(["pbid": .int(pbid), "comments": .array(comments)]))
    return CommandResult(outputsPrefix: "Darktrace.ModelBreach", outputsKeyField: "pbid",
                         outputs: outputs, readableOutput: markdown)
}

/// darktrace-acknowledge: marks a breach acknowledged.
func acknowledgeCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    try setAcknowledgement(client: client, args: args, acknowledged: true)
}

/// darktrace-unacknowledge: marks a breach unacknowledged (its title fixed to say so, fix 1).
func unacknowledgeCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    try setAcknowledgement(client: client, args: args, acknowledged: false)
}

/// The shared body of acknowledge and unacknowledge: one POST, never repeated.
private func setAcknowledgement(client: DarktraceClient, args: Arguments, acknowledged: Bool) throws
    -> CommandResult {
    let pbid = try args.requiredInteger("pbid")
    let verb = acknowledged ? "acknowledge" : "unacknowledge"
    let endpoint = "/modelbreaches/\(pbid)/\(verb)"
    let answer = try client.postForm(endpoint, query: [QueryItem(verb, "true")], form: [QueryItem(verb, "true")])
    // Only an answer with "response" says the action was answered; `{"error": …}` with status 200
    // is a failure, not "already acknowledged".
    guard case .object(var response) = answer, response["response"] != nil else {
        throw CommandError.failure("Darktrace did not confirm the \(verb) of model breach \(pbid): "
            + "its answer has no \"response\": \(quoted(answer, redactedBy: client))")
    }
    response["response"] = .string(response["response"] == .string("SUCCESS")
        ? "Successfully \(verb)d." : "Model Breach already \(verb)d.")
    let title = "Model Breach \(pbid) \(acknowledged ? "Acknowledged" : "Unacknowledged")"
    let markdown = try TableToMarkdown.render(title, .object(response))
    let outputs = JSONValue.object(JSONObject(["pbid": .int(pbid), "acknowledged": .bool(acknowledged)]))
    return CommandResult(outputsPrefix: "Darktrace.ModelBreach", outputsKeyField: "pbid",
                         outputs: outputs, readableOutput: markdown)
}

/// An answer quoted in an error message: compact JSON, its first 1,000 characters, redacted
/// before the cut (a token across it would otherwise leave its prefix behind).
private func quoted(_ answer: JSONValue, redactedBy client: DarktraceClient) -> String {
    let text = client.redact(answer.compactJSON())
    return text.count > 1_000 ? text.prefix(1_000) + "… (\(text.utf8.count) bytes)" : text
}
