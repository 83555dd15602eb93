import DarktraceAPI
import OrderedJSON
import XSOARKit

/// The context path both email actions write under (key field `resp`).
private let actionOutputsPrefix = "Darktrace.Action"

/// darktrace-email-hold-email: holds the email for its first recipient. Darktrace refusing a
/// second hold (409 "Previously Held or Released") is an answer, not an error: the readable
/// output says what the email's status already was.
func holdEmailCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    let uuid = try args.requiredString("uuid")
    // Python looked the tags up before every command: a token without Email rights fails here, as it did.
    _ = try emailTagMapper(client)
    let email = try fetchEmail(client, uuid: uuid)
    let target = try recipient(of: email, uuid: uuid, action: "hold")
    var response = try emailAction(client, uuid: uuid, action: "hold", recipient: target.address)
    response["previous_status"] = target.status
    let text: String
    if response["resp"] == .string(EmailTexts.actionUndetermined) {
        text = "\(EmailTexts.actionUndetermined) \(EmailTexts.actionReason) \(target.status.pythonStr())."
    } else {
        text = (response["resp"] ?? EmailShaping.missing).pythonStr()
    }
    let markdown = try TableToMarkdown.render("Holding Email \(uuid)", .object(JSONObject(["resp": .string(text)])))
    return CommandResult(outputsPrefix: actionOutputsPrefix, outputsKeyField: "resp", outputs: .object(response),
                         readableOutput: markdown)
}

/// darktrace-email-release-email: releases the email to `recipient`, or to its first recipient
/// (then read from the email, with its status as `previous_status`) when none is given.
func releaseEmailCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    let uuid = try args.requiredString("uuid")
    let given = args.string("recipient")
    // The tag lookup every command makes first (see hold).
    _ = try emailTagMapper(client)
    let target: (address: JSONValue, status: JSONValue)
    if let given {
        target = (.string(given), .string(""))
    } else {
        target = try recipient(of: try fetchEmail(client, uuid: uuid), uuid: uuid, action: "release")
    }
    var response = try emailAction(client, uuid: uuid, action: "release", recipient: target.address)
    response["previous_status"] = target.status
    let resp = response["resp"] ?? EmailShaping.missing
    let shown: JSONValue = resp == .string(EmailTexts.releaseResponse) ? .string(EmailTexts.released) : resp
    let markdown = try TableToMarkdown.render("Releasing Email \(uuid)", .object(JSONObject(["resp": shown])))
    return CommandResult(outputsPrefix: actionOutputsPrefix, outputsKeyField: "resp", outputs: .object(response),
                         readableOutput: markdown)
}

/// The first recipient's address and status (`rcpts[0].rcpt_to`, `rcpt_status`); an email
/// without a recipient address is an error naming it (Python: KeyError), a missing status "N/A".
private func recipient(of email: JSONObject, uuid: String, action: String) throws
    -> (address: JSONValue, status: JSONValue) {
    guard let first = EmailShaping.firstRecipient(email), let address = first["rcpt_to"], !address.isNull else {
        let advice = action == "release" ? "give the recipient argument to release it" : "it cannot be held"
        throw CommandError.failure("Darktrace lists no recipient (rcpts[0].rcpt_to) for email \(uuid): \(advice).")
    }
    return (address, first["rcpt_status"] ?? EmailShaping.missing)
}

/// POST `/emails/{uuid}/action` `{"action": action, "recipients": [recipient]}`. The 409 Darktrace
/// gives for an email already held or released becomes `{"resp": "Could not execute the hold
/// action on this email."}`, as Python's client returned it; an unknown uuid is an error naming it.
private func emailAction(_ client: DarktraceClient, uuid: String, action: String, recipient: JSONValue) throws
    -> JSONObject {
    let endpoint = emailAPIRoot + "/emails/{uuid}/action"
    let body = JSONValue.object(JSONObject(["action": .string(action), "recipients": .array([recipient])]))
    let answer: JSONValue
    do {
        answer = try client.postJSON(emailPath(uuid) + "/action", json: body)
    } catch {
        switch error {
        case .http(409, _, let body) where EmailTexts.errorField(body) == .string(EmailTexts.holdActionFail):
            answer = .object(JSONObject(["resp": .string(EmailTexts.actionUndetermined)]))
        case .http(404, _, let body) where EmailTexts.isEmailNotFound(body):
            throw CommandError.failure("\(EmailTexts.emailNotFound) (uuid: \(uuid))")
        default:
            throw error
        }
    }
    guard case .object(let response) = answer else {
        throw CommandError.unexpectedAnswer(endpoint: endpoint, expected: "an object with \"resp\"", got: answer.typeName)
    }
    return response
}
