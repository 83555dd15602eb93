import DarktraceAPI
import OrderedJSON
import XSOARKit

/// darktrace-get-model-breach: one breach by pbid (/modelbreaches?pbid=&deviceattop=true).
func getModelBreachCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    let pbid = try args.requiredInteger("pbid")
    let answer = try client.get("/modelbreaches", query: [QueryItem("pbid", String(pbid)), QueryItem("deviceattop", "true")])
    let breach = try matchingBreach(answer, pbid: pbid)
    // Python converts `time` only when the breach has one; without it the shape shows "N/A".
    let time = breach["time"].map { XSOARDate.isoString(fromJSON: $0).map(JSONValue.string) ?? MBsBreachShape.missing }
    let shaped = JSONValue.object(MBsBreachShape.shape(breach, time: time ?? MBsBreachShape.missing,
                                                       includeTriggeredComponents: false, baseURL: client.displayBaseURL))
    let markdown = try TableToMarkdown.render("Darktrace Model Breach \(pbid)", shaped)
    return CommandResult(outputsPrefix: "Darktrace.ModelBreach", outputsKeyField: "pbid", outputs: shaped,
                         readableOutput: markdown)
}

/// The breach a pbid query answered: the object itself, or the one with that pbid in a list (an
/// empty list is Darktrace's "no such breach", an error naming the pbid, L5).
private func matchingBreach(_ answer: JSONValue, pbid: Int) throws -> JSONObject {
    switch answer {
    case .object(let breach):
        return breach
    case .array(let items):
        let match = items.compactMap(\.objectValue).first {
            $0["pbid"].flatMap { FetchItemID($0, numeric: true) } == .number(Int64(pbid))
        }
        guard let match else { throw CommandError.failure("Darktrace has no model breach with pbid \(pbid).") }
        return match
    default:
        throw CommandError.unexpectedAnswer(endpoint: "/modelbreaches", expected: "a model breach object",
                                            got: answer.typeName)
    }
}

/// darktrace-get-model-breach-comments: a breach's comments (/mbcomments?pbid=), each with its
/// time in ISO and the pbid as a number.
func getModelBreachCommentsCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    let pbid = try args.requiredInteger("pbid")
    let answer = try client.get("/mbcomments", query: [QueryItem("pbid", String(pbid))])
    guard case .array(let list) = answer else {
        throw CommandError.unexpectedAnswer(endpoint: "/mbcomments", expected: "a list of comments", got: answer.typeName)
    }
    let comments = list.map { value -> JSONValue in
        guard case .object(var comment) = value else { return value }
        comment.convertLaterTimestamp("time")
        comment["pbid"] = .int(pbid)
        return .object(comment)
    }
    var outputs = JSONObject(["comments": .array(comments)])
    if comments.isEmpty {
        outputs["message"] = .array([.object(JSONObject(["comment": .string("No comments in Darktrace on this model breach.")]))])
    }
    let markdown = try TableToMarkdown.render("Darktrace Model Breach \(pbid) Comments", .array(comments))
    return CommandResult(outputsPrefix: "Darktrace.ModelBreach.Comment", outputsKeyField: "message",
                         outputs: .object(outputs), readableOutput: markdown)
}

/// darktrace-acknowledge-model-breach: JSON POST /modelbreaches/{pbid}/acknowledge.
func acknowledgeModelBreachCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    try setModelBreachAcknowledgement(client: client, args: args, acknowledged: true)
}

/// darktrace-unacknowledge-model-breach: JSON POST /modelbreaches/{pbid}/unacknowledge.
func unacknowledgeModelBreachCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    try setModelBreachAcknowledgement(client: client, args: args, acknowledged: false)
}

/// The body of both: `{"(un)acknowledge": "true"}`, sent once; "Successfully …" when Darktrace
/// answers `"response": "SUCCESS"` or `"replicate": true`, else "already …" (the Python texts).
private func setModelBreachAcknowledgement(client: DarktraceClient, args: Arguments, acknowledged: Bool) throws
    -> CommandResult {
    let pbid = try args.requiredInteger("pbid")
    let verb = acknowledged ? "acknowledge" : "unacknowledge"
    let answer = firstOfList(try client.postJSON("/modelbreaches/\(pbid)/\(verb)",
                                                 json: .object(JSONObject([verb: .string("true")]))))
    let done = answer["response"] == .string("SUCCESS") || answer["replicate"] == .bool(true)
    let outputs = JSONValue.object(JSONObject([
        "response": .string(done ? "Successfully \(verb)d." : "Model Breach already \(verb)d."),
        "pbid": .int(pbid),
    ]))
    let markdown = try TableToMarkdown.render("Model Breach \(pbid) \(acknowledged ? "Acknowledged" : "Unacknowledged")", outputs)
    return CommandResult(outputsPrefix: "Darktrace.ModelBreach", outputsKeyField: "pbid", outputs: outputs,
                         readableOutput: markdown)
}

/// darktrace-post-comment-to-model-breach: JSON POST /modelbreaches/{pbid}/comments `{"message": …}`.
func postCommentToModelBreachCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    let pbid = try args.requiredInteger("pbid")
    let message = try args.requiredText("message")
    let answer = firstOfList(try client.postJSON("/modelbreaches/\(pbid)/comments",
                                                 json: .object(JSONObject(["message": .string(message)]))))
    // Darktrace echoes the comment it stored; without that echo the post did not take.
    let outputs: JSONObject
    if answer["message"]?.isTruthy == true {
        outputs = JSONObject(["response": .string("Successfully posted comment."), "pbid": .int(pbid),
                              "message": .string(message)])
    } else {
        outputs = JSONObject(["response": .string("Failed to post comment.")])
    }
    let markdown = try TableToMarkdown.render("Model Breach \(pbid)", .object(outputs))
    return CommandResult(outputsPrefix: "Darktrace.ModelBreach", outputsKeyField: "pbid", outputs: .object(outputs),
                         readableOutput: markdown)
}

/// `Client.post`'s unwrapping: a list answer stands for its first element; anything that is not
/// an object reads as an empty one.
private func firstOfList(_ answer: JSONValue) -> JSONObject {
    if case .array(let items) = answer { return items.first?.objectValue ?? JSONObject() }
    return answer.objectValue ?? JSONObject()
}
