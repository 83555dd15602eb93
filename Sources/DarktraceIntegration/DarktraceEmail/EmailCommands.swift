import ByteText
import DarktraceAPI
import OrderedJSON
import XSOARKit

/// The root of the Darktrace/Email API.
let emailAPIRoot = "/agemail/api/v1.0"

/// The Python integration's own texts (its `DARKTRACE_API_ERRORS` and `EMAIL_ACTION_*` constants).
enum EmailTexts {
    /// `EMAIL_NOT_FOUND_ERROR`: a 404 whose `error` says "Email not found".
    static let emailNotFound = "Email could not be found. Ensure the UUID provided is correct."
    /// `RESOURCE_LOCATION_ERROR`: any other 404.
    static let resourceNotFound = "Request not completed - Resource could not be found"
    /// `CONFLICT_ERROR`, followed by Darktrace's `error`.
    static let conflict = "A conflict was created by your request."
    /// `HOLD_ACTION_FAIL`: Darktrace's 409 `error` for an email already held or released.
    static let holdActionFail = "Failed to hold email - Previously Held or Released"
    /// `EMAIL_ACTION_UNDETERMINED`: the `resp` Python's client put in place of that 409.
    static let actionUndetermined = "Could not execute the hold action on this email."
    /// `EMAIL_ACTION_REASON`: the hold readable output's explanation, before the status.
    static let actionReason = "This is because the email was previously"
    /// `EMAIL_ACTION_RELEASED`: the release readable output for a queued release.
    static let released = "Email Released"
    /// `EMAIL_ACTION_RELEASE_RESPONSE`: Darktrace's `resp` for a queued release.
    static let releaseResponse = "Email added to queue"

    /// Email's `error_handler` for the statuses it words itself (LATER.md section 2): a 404 is
    /// "email not found" when Darktrace's `error` says so, else "resource not found"; a 409 other
    /// than "previously held or released" is a conflict quoting Darktrace's `error`. The hold and
    /// release commands turn that one 409 into an answer before it gets here.
    @Sendable static func statusText(status: Int, body: [UInt8]) -> String? {
        switch status {
        case 404:
            if case .string(let error)? = errorField(body), error.containsBytes(of: "Email not found") { return emailNotFound }
            return resourceNotFound
        case 409:
            let error = errorField(body)
            if error == .string(holdActionFail) { return actionUndetermined }
            return conflict + " " + (error?.pythonStr() ?? "")
        default:
            return nil
        }
    }

    /// Darktrace's `error` value in a JSON object body; nil for any other body.
    static func errorField(_ body: [UInt8]) -> JSONValue? {
        guard case .object(let o)? = try? JSONParser.parse(body) else { return nil }
        return o["error"]
    }

    /// Whether a 404 says the email does not exist (rather than the endpoint).
    static func isEmailNotFound(_ body: [UInt8]) -> Bool {
        statusText(status: 404, body: body) == emailNotFound
    }
}

/// GET `/resources/tags`: the tag severities every command reads first, as Python's
/// `get_tag_mapper` does.
func emailTagMapper(_ client: DarktraceClient) throws -> EmailTagMapper {
    let endpoint = emailAPIRoot + "/resources/tags"
    let answer = try client.get(endpoint)
    guard case .array(let tags) = answer else {
        throw CommandError.unexpectedAnswer(endpoint: endpoint, expected: "a list of tags", got: answer.typeName)
    }
    return EmailTagMapper(tags: tags)
}

/// The path of one email, its uuid percent-encoded (Python put it in the URL raw, so a uuid with
/// a reserved character reached another path or failed the signature).
func emailPath(_ uuid: String) -> String {
    emailAPIRoot + "/emails/" + percentEncode(uuid)
}

/// GET one email by uuid; an unknown uuid is an error naming it (L5).
func fetchEmail(_ client: DarktraceClient, uuid: String) throws -> JSONObject {
    let endpoint = emailAPIRoot + "/emails/{uuid}"
    let answer: JSONValue
    do {
        answer = try client.get(emailPath(uuid))
    } catch {
        if case .http(404, _, let body) = error, EmailTexts.isEmailNotFound(body) {
            throw CommandError.failure("\(EmailTexts.emailNotFound) (uuid: \(uuid))")
        }
        throw error
    }
    guard case .object(let email) = answer else {
        throw CommandError.unexpectedAnswer(endpoint: endpoint, expected: "an email object", got: answer.typeName)
    }
    return email
}

/// darktrace-email-get-email: one email in the shape fetch-incidents stores.
func getEmailCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    let uuid = try args.requiredString("uuid")
    let mapper = try emailTagMapper(client)
    let email = try fetchEmail(client, uuid: uuid)
    let formatted = JSONValue.object(EmailShaping.format(email, tags: mapper, baseURL: client.displayBaseURL))
    let markdown = try TableToMarkdown.render("Darktrace Email \(uuid)", formatted)
    return CommandResult(outputsPrefix: "Darktrace.Email", outputsKeyField: "uuid", outputs: formatted,
                         readableOutput: markdown)
}
