import DarktraceAPI
import OrderedJSON
import XSOARKit

/// darktrace-get-tagged-devices: the devices that hold a tag (/tags/entities?tag=…&fulldevicedetails=true).
func adminTaggedDevicesCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    let tag = try args.requiredString("tagName")
    let answer = try client.get("/tags/entities", query: [QueryItem("tag", tag), QueryItem("fulldevicedetails", "true")])
    guard case .object(let result) = answer else {
        throw CommandError.unexpectedAnswer(endpoint: "/tags/entities", expected: "an object with \"devices\"",
                                            got: answer.typeName)
    }
    var rows: [JSONValue] = []
    if case .array(let devices)? = result["devices"], !devices.isEmpty {
        rows = devices.map { AdminShaping.taggedDevice($0.objectValue ?? JSONObject()) }
    } else {
        rows = [.object(JSONObject(["response": .string("Unable to locate any devices for the queried tag")]))]
    }
    let markdown = try TableToMarkdown.render("Device Tag Response for device: \(tag) ", .array(rows))
    return CommandResult(outputsPrefix: "Darktrace.Device", outputsKeyField: "deviceId", outputs: .array(rows),
                         readableOutput: markdown)
}

/// darktrace-get-tags-for-device: the tags one device holds (/tags/entities?did=…).
func adminTagsForDeviceCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    let did = try args.requiredInteger("deviceId")
    let answer = try client.get("/tags/entities", query: [QueryItem("did", String(did))])
    guard case .array(let tags) = answer else {
        throw CommandError.unexpectedAnswer(endpoint: "/tags/entities", expected: "a list of tags", got: answer.typeName)
    }
    let rows = tags.map { AdminShaping.deviceTag($0.objectValue ?? JSONObject()) }
    let markdown = try TableToMarkdown.render("Device Tag Response for device: \(did) ", .array(rows))
    // Keyed on tagId, a field the rows have (L6; Python named `tid`, which they do not).
    return CommandResult(outputsPrefix: "Darktrace.Device", outputsKeyField: "tagId", outputs: .array(rows),
                         readableOutput: markdown)
}

/// darktrace-post-tag-to-device: tags a device (form POST /tags/entities `did=…&tag=…`).
///
/// The form is percent-encoded and signed as sent (L2), so a tag with spaces or non-ASCII works.
func adminPostTagToDeviceCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    let did = try args.requiredInteger("deviceId")
    let tag = try args.requiredString("tagName")
    let answer = try client.postForm("/tags/entities", query: [],
                                     form: [QueryItem("did", String(did)), QueryItem("tag", tag)])
    guard case .object(let result) = answer else {
        throw CommandError.unexpectedAnswer(endpoint: "/tags/entities", expected: "an object with \"tid\"",
                                            got: answer.typeName)
    }
    let output = JSONValue.object(JSONObject([
        "tagId": result["tid"] ?? .string(LaterErrorTexts.missingValue),
        "tagName": .string(tag),
        "deviceId": .string(String(did)),
        "response": .string("Successfully Tagged"),
    ]))
    let markdown = try TableToMarkdown.render("Device Tag Response ", output)
    return CommandResult(outputsPrefix: "Darktrace.Device", outputsKeyField: "deviceId", outputs: output,
                         readableOutput: markdown)
}

/// darktrace-post-to-watched-list: adds endpoints to the watched domains (JSON POST /intelfeed).
func adminPostToWatchedListCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    // As typed; a list (a playbook passing a context list) is joined with commas, the form the
    // API reads (Python sent the list's repr).
    let endpoints: String
    if case .array = args.raw["endpointsToWatch"] {
        endpoints = args.list("endpointsToWatch").map(\.trimmedWhitespace).filter { !$0.isEmpty }.joined(separator: ",")
        guard !endpoints.isEmpty else { throw ArgumentError.missing(name: "endpointsToWatch") }
    } else {
        endpoints = try args.requiredString("endpointsToWatch")
    }
    var body = JSONObject(["addlist": .string(endpoints)])
    // Without a description the body has none (L8; Python sent the string "None").
    if let description = args.string("description") { body["description"] = .string(description) }
    let answer = try client.postJSON("/intelfeed", json: .object(body))
    // L10: the Python title was a copy of post-tag's ("POST TAG to Device Response").
    let markdown = try TableToMarkdown.render("Darktrace Watched List Response", answer)
    return CommandResult(outputsPrefix: "Darktrace.Endpoint", outputs: answer, readableOutput: markdown)
}

/// The shapes of the tag commands' rows.
enum AdminShaping {
    /// A tagged device's row: the Python integration's keys, "N/A" for a missing field (L5;
    /// Python raised KeyError for a missing `did`). A field present as null stays null, as
    /// Python's `.get(key, "N/A")` left it.
    static func taggedDevice(_ device: JSONObject) -> JSONValue {
        .object(JSONObject([
            "deviceId": field(device, "did"),
            "hostname": field(device, "hostname"),
            "label": field(device, "devicelabel"),
            "credentials": field(device, "credentials"),
            "otherTags": field(device, "tags"),
        ]))
    }

    /// A device tag's row: tid, name, data.description and expiry under Admin's names, "N/A"
    /// for any that is missing (L5; Python raised KeyError).
    static func deviceTag(_ tag: JSONObject) -> JSONValue {
        .object(JSONObject([
            "tagId": field(tag, "tid"),
            "tagName": field(tag, "name"),
            "tagDescription": tag["data"]?.objectValue.map { field($0, "description") } ?? placeholder,
            "expiry": field(tag, "expiry"),
        ]))
    }

    /// The later integrations' placeholder for a missing value.
    static let placeholder = JSONValue.string(LaterErrorTexts.missingValue)

    /// The member `key`, or the placeholder when it is absent.
    static func field(_ object: JSONObject, _ key: String) -> JSONValue {
        object[key] ?? placeholder
    }
}
