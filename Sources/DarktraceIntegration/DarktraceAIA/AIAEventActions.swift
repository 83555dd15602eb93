import DarktraceAPI
import OrderedJSON
import XSOARKit

/// darktrace-get-comments-for-ai-analyst-incident-event: the event's comments, each comment's
/// `incident_id` renamed `eventId` and its `time` as ISO; outputs are the whole answer.
func getCommentsForAIAnalystIncidentEventCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    let eventID = try args.requiredString("eventId")
    let endpoint = "/aianalyst/incident/comments"
    let answer = try client.get(endpoint, query: [QueryItem("incident_id", eventID)])
    guard case .object(var response) = answer else {
        throw CommandError.unexpectedAnswer(endpoint: endpoint, expected: "an object with \"comments\"", got: answer.typeName)
    }
    let title = "Darktrace AIA Comments for \(eventID)"
    let markdown: String
    switch response["comments"] {
    case .array(let comments)? where !comments.isEmpty:
        let shaped = comments.map { value -> JSONValue in
            guard case .object(var comment) = value else { return value }
            comment.renameLaterKey("incident_id", to: "eventId")
            comment.convertLaterTimestamp("time")
            return .object(comment)
        }
        response["comments"] = .array(shaped)
        markdown = try TableToMarkdown.render(title, .array(shaped))
    case .array?, nil, .null?:
        // No comments (Python iterated over its string default when the key was missing, and crashed).
        markdown = try TableToMarkdown.render(title, .array([.object(JSONObject(["response": .string("unable to get comments")]))]))
    case let other?:
        throw CommandError.unexpectedAnswer(endpoint: endpoint, expected: "\"comments\" as a list", got: other.typeName)
    }
    return CommandResult(outputsPrefix: aiaOutputsPrefix, outputsKeyField: "eventId", outputs: .object(response),
                         readableOutput: markdown)
}

/// darktrace-post-comment-to-ai-analyst-incident-event: posts `comment` to the event (JSON body).
func postCommentToAIAnalystIncidentEventCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    let eventID = try args.requiredString("eventId")
    let message = try args.requiredText("comment")
    let answer = try client.postJSON("/aianalyst/incident/comments", json: .object(JSONObject([
        "incident_id": .string(eventID), "message": .string(message),
    ])))
    var output = JSONObject()
    if succeeded(answer) {
        output["commented"] = .string("True")
        output["response"] = .string("Successfully Uploaded Comment")
    } else {
        output["commented"] = .string("False")
        output["response"] = .string("Unable to Upload comment")
    }
    output["eventId"] = .string(eventID)
    output["message"] = .string(message)
    let markdown = try TableToMarkdown.render("Darktrace AIA Post Comment Response", .object(output))
    return CommandResult(outputsPrefix: aiaOutputsPrefix, outputsKeyField: "eventId", outputs: .object(output),
                         readableOutput: markdown)
}

/// darktrace-acknowledge-ai-analyst-incident-event: acknowledges the event (form `uuid=`).
func acknowledgeAIAnalystIncidentEventCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    try setEventAcknowledgement(client: client, args: args, acknowledged: true)
}

/// darktrace-unacknowledge-ai-analyst-incident-event: unacknowledges the event (form `uuid=`).
func unacknowledgeAIAnalystIncidentEventCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    try setEventAcknowledgement(client: client, args: args, acknowledged: false)
}

/// The shared body of acknowledge and unacknowledge: one POST, never repeated. The acknowledge
/// title is fixed (L10: Python reused the post-comment title).
private func setEventAcknowledgement(client: DarktraceClient, args: Arguments, acknowledged: Bool) throws
    -> CommandResult {
    let eventID = try args.requiredString("eventId")
    let verb = acknowledged ? "acknowledge" : "unacknowledge"
    let answer = try client.postForm("/aianalyst/\(verb)", query: [], form: [QueryItem("uuid", eventID)])
    var output = JSONObject()
    let ok = succeeded(answer)
    if acknowledged {
        output["acknowledged"] = .string(ok ? "True" : "False")
        output["response"] = .string(ok ? "Incident Event Successfully Acknowledged" : "Unable to acknowledge event. ")
    } else {
        output["unacknowledged"] = .string(ok ? "True" : "False")
        output["response"] = .string(ok ? "Incident Event Successfully Unacknowledged" : "Unable to Unacknowledge event. ")
    }
    output["eventId"] = .string(eventID)
    let title = acknowledged ? "Darktrace AIA Acknowledgement Response" : "Darktrace AIA Unacknowledgement Response"
    let markdown = try TableToMarkdown.render(title, .object(output))
    return CommandResult(outputsPrefix: aiaOutputsPrefix, outputsKeyField: "eventId", outputs: .object(output),
                         readableOutput: markdown)
}

/// Python's `answer['aianalyst'] == 'SUCCESS'`; an answer without it (Python: KeyError) is a
/// failure to report, not a crash.
private func succeeded(_ answer: JSONValue) -> Bool {
    answer["aianalyst"] == .string("SUCCESS")
}
