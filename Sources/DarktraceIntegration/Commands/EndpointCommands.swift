import DarktraceAPI
import OrderedJSON
import XSOARKit
import ByteText

/// darktrace-get-external-endpoint-details: what Darktrace knows of an external IP or host name.
func getExternalEndpointDetailsCommand(client: DarktraceClient, args: Arguments) throws(CommandError) -> CommandResult {
    let (typeText, value, query) = try CommandError.arguments { () throws(ArgumentError) -> (String, String, [QueryItem]) in
        let type = try args.requiredString("endpoint_type")
        let key: String
        switch type.lowercased() {
        case "ip": key = "ip"
        case "hostname": key = "hostname"
        default: throw .invalidChoice(name: "endpoint_type", value: type, choices: ["IP", "hostname"])
        }
        let value = try args.requiredString("endpoint_value")
        var q = [QueryItem(key, value)]
        if let b = try args.boolean("additional_info") { q.append(QueryItem("additionalinfo", String(b))) }
        if let b = try args.boolean("devices") { q.append(QueryItem("devices", String(b))) }
        if let b = try args.boolean("score") { q.append(QueryItem("score", String(b))) }
        return (type, value, q)
    }
    let answer = try CommandError.wrap { () throws(DarktraceError) in try client.get("/endpointdetails", query: query) }
    let prefix = "Darktrace.ExternalEndpointDetails"
    guard answer.isTruthy else {
        return CommandResult(outputsPrefix: prefix, outputs: .object(JSONObject()),
                             readableOutput: "### Did not get any details for \(typeText):\(value)")
    }
    guard case .object(var details) = answer else {
        throw .unexpectedAnswer(endpoint: "/endpointdetails", expected: "an object", got: answer.typeName)
    }
    details.convertTimestamp("firsttime", onlyIfTruthy: true)
    let shaped = JSONValue.object(details)
    let markdown = try CommandError.rendering { () throws(TableToMarkdown.RenderError) in
        try TableToMarkdown.render("\(pythonCapitalize(typeText)): \(value) details", shaped)
    }
    return CommandResult(outputsPrefix: prefix, outputs: shaped, readableOutput: markdown)
}

/// darktrace-get-entity-details: a time-sorted page of a device's or entity's events (/details).
func getEntityDetailsCommand(client: DarktraceClient, args: Arguments) throws(CommandError) -> CommandResult {
    let (maxResults, offset, query) = try CommandError.arguments { () throws(ArgumentError) -> (Int, Int, [QueryItem]) in
        let max = min(50, try args.integer("max_results", minimum: 1) ?? 50)
        let offset = try args.integer("offset", minimum: 0) ?? 0
        let items = args.list("query").filter { !$0.isEmpty }
        guard !items.isEmpty else { throw .missing(name: "query") }
        let pairs = items.map { item -> QueryItem in
            guard let eq = item.firstIndex(of: "=") else { return QueryItem(item, nil) }
            return QueryItem(String(item[..<eq]), String(item[item.index(after: eq)...]))
        }
        return (max, offset, pairs)
    }
    let answer = try CommandError.wrap { () throws(DarktraceError) in try client.get("/details", query: query) }
    guard case .array(let all) = answer else {
        throw .failure("Error getting results:\n \(answer.pythonStr())")
    }
    guard offset <= all.count else {
        throw .failure("Offset argument: \(offset), is greater than the amount of results: \(all.count)")
    }
    let page = Array(all[offset..<min(all.count, offset + maxResults)])
    guard let first = page.first else {
        return CommandResult(outputsPrefix: "Darktrace.EntityDetails", outputs: .object(JSONObject()),
                             readableOutput: "No details were retrieved for the given parameters")
    }
    // Python: `"device" in truncated[0]` — a leading device header element is left out of the table.
    let rows = pythonContains(first, "device") ? Array(page.dropFirst()) : page
    let markdown = try CommandError.rendering { () throws(TableToMarkdown.RenderError) in
        try TableToMarkdown.render("Results:", .array(rows))
    }
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
