import DarktraceAPI
import OrderedJSON
import XSOARKit
import ByteText

/// darktrace-get-external-endpoint-details: what Darktrace knows of an external IP or host name.
func getExternalEndpointDetailsCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    let typeText = try args.requiredString("endpoint_type")
    let key: String
    switch typeText.lowercased() {
    case "ip": key = "ip"
    case "hostname": key = "hostname"
    default: throw ArgumentError.invalidChoice(name: "endpoint_type", value: typeText, choices: ["IP", "hostname"])
    }
    let value = try args.requiredString("endpoint_value")
    var query = [QueryItem(key, value)]
    if let b = try args.boolean("additional_info") { query.append(QueryItem("additionalinfo", String(b))) }
    if let b = try args.boolean("devices") { query.append(QueryItem("devices", String(b))) }
    if let b = try args.boolean("score") { query.append(QueryItem("score", String(b))) }
    let answer = try client.get("/endpointdetails", query: query)
    return try externalEndpointDetailsResult(answer, type: typeText, value: value)
}

/// darktrace-get-entity-details: a time-sorted page of a device's or entity's events (/details).
func getEntityDetailsCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    let maxResults = min(50, try args.integer("max_results", minimum: 1) ?? 50)
    let offset = try args.integer("offset", minimum: 0) ?? 0
    let items = args.list("query").filter { !$0.isEmpty }
    guard !items.isEmpty else { throw ArgumentError.missing(name: "query") }
    let query = items.map { item -> QueryItem in
        guard let eq = item.firstIndex(of: "=") else { return QueryItem(item, nil) }
        return QueryItem(String(item[..<eq]), String(item[item.index(after: eq)...]))
    }
    let answer = try client.get("/details", query: query)
    guard case .array(let all) = answer else {
        throw CommandError.failure("Error getting results:\n \(answer.pythonStr())")
    }
    guard offset <= all.count else {
        throw CommandError.failure("Offset argument: \(offset), is greater than the amount of results: \(all.count)")
    }
    let page = Array(all[offset..<min(all.count, offset + maxResults)])
    guard let first = page.first else {
        return CommandResult(outputsPrefix: "Darktrace.EntityDetails", outputs: .object(JSONObject()),
                             readableOutput: "No details were retrieved for the given parameters")
    }
    // Python: `"device" in truncated[0]` — a leading device header element is left out of the table.
    let rows = pythonContains(first, "device") ? Array(page.dropFirst()) : page
    let markdown = try TableToMarkdown.render("Results:", .array(rows))
    return CommandResult(outputsPrefix: "Darktrace.EntityDetails", outputs: .array(page), readableOutput: markdown)
}

/// Python's `needle in value`: a key of an object, an element of a list, a substring of a string.
private func pythonContains(_ value: JSONValue, _ needle: String) -> Bool {
    switch value {
    case .object(let o): return o.contains(needle)
    case .array(let a): return a.contains(.string(needle))
    case .string(let s): return s.containsBytes(of: needle)
    default: return false
    }
}

/// Python's `str.capitalize()`: the first character upper-cased, the rest lower-cased.
func pythonCapitalize(_ s: String) -> String {
    guard let first = s.first else { return s }
    return first.uppercased() + s.dropFirst().lowercased()
}
