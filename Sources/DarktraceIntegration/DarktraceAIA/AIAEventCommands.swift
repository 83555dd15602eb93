import DarktraceAPI
import OrderedJSON
import XSOARKit

/// The context path every AI Analyst command writes under.
let aiaOutputsPrefix = "Darktrace.AIAnalyst"

/// darktrace-get-ai-analyst-incident-event: one incident event by its id, in the shape fetch uses.
func getAIAnalystIncidentEventCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    let eventID = try args.requiredString("eventId")
    let endpoint = "/aianalyst/incidentevents"
    let answer = try client.get(endpoint, query: [QueryItem("uuid", eventID)])
    guard case .array(let events) = answer else {
        throw CommandError.unexpectedAnswer(endpoint: endpoint, expected: "a list of incident events", got: answer.typeName)
    }
    // Python took answer[0] and crashed on an empty list: no event means Darktrace does not know the id.
    guard let first = events.first else {
        throw CommandError.failure("Darktrace has no AI Analyst incident event with eventId \(eventID).")
    }
    guard case .object(let event) = first else {
        throw CommandError.unexpectedAnswer(endpoint: endpoint, expected: "an incident event object", got: first.typeName)
    }
    let shaped = JSONValue.object(AIAEventShaping.shape(event, details: false, baseURL: client.displayBaseURL))
    let markdown = try TableToMarkdown.render("Darktrace AI Analyst Incident \(eventID)", shaped)
    return CommandResult(outputsPrefix: aiaOutputsPrefix, outputsKeyField: "eventId", outputs: shaped,
                         readableOutput: markdown)
}

/// darktrace-get-ai-analyst-incident-group-from-eventId: the investigation group an event belongs
/// to, with its events renamed as the Python integration shows them.
func getAIAnalystIncidentGroupCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    let eventID = try args.requiredString("eventId")
    let endpoint = "/aianalyst/groups"
    let answer = try client.get(endpoint, query: [QueryItem("uuid", eventID)])
    guard case .array(let groups) = answer else {
        throw CommandError.unexpectedAnswer(endpoint: endpoint, expected: "a list of incident groups", got: answer.typeName)
    }
    // Python showed an empty table; every event Darktrace knows is in a group, so none means an unknown id (L5).
    guard let first = groups.first else {
        throw CommandError.failure("Darktrace has no AI Analyst incident group for eventId \(eventID).")
    }
    guard case .object(let group) = first else {
        throw CommandError.unexpectedAnswer(endpoint: endpoint, expected: "an incident group object", got: first.typeName)
    }
    let shaped = JSONValue.object(shapeGroup(group))
    let markdown = try TableToMarkdown.render("Darktrace AIA Group Information", shaped)
    return CommandResult(outputsPrefix: aiaOutputsPrefix, outputsKeyField: "groupId", outputs: shaped,
                         readableOutput: markdown)
}

/// The group as Python outputs it: id, score rounded to one place, category, acknowledged, tactics
/// and its events (`uuid` → `eventId`, `triggerDid` → `deviceId`, `start` as ISO); "N/A" for a
/// missing field.
func shapeGroup(_ group: JSONObject) -> JSONObject {
    let missing = AIAEventShaping.missing
    var out = JSONObject()
    out["groupId"] = group["id"] ?? missing
    out["groupScore"] = group["groupScore"].flatMap { PythonRound.round($0, digits: 1) } ?? missing
    out["groupCategory"] = group["category"] ?? missing
    out["acknowledged"] = group["acknowledged"] ?? missing
    out["mitreTactics"] = group["mitreTactics"] ?? missing
    if case .array(let events)? = group["incidentEvents"] {
        out["incidentEvents"] = .array(events.map { value in
            guard case .object(var event) = value else { return value }
            event.renameLaterKey("uuid", to: "eventId")
            event.renameLaterKey("triggerDid", to: "deviceId")
            event.convertLaterTimestamp("start")
            return .object(event)
        })
    } else {
        out["incidentEvents"] = missing
    }
    return out
}
