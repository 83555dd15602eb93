import DarktraceAPI
import OrderedJSON
import XSOARKit

/// darktrace-get-model-breach-connections: the connections behind a breach (/details?pbid=…),
/// newest first; the answer's first record is the breach itself and is left out.
func getModelBreachConnectionsCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    let pbid = try args.requiredInteger("pbid")
    let count = try args.integer("count", minimum: 1) ?? 100
    let offset = try args.integer("offset", minimum: 0) ?? 0
    // L11: the default end is now in whole milliseconds (Python sent a float string).
    let endTime = try args.integer("endtime", minimum: 0).map(String.init) ?? String(client.nowMilliseconds)
    let answer = try client.get("/details", query: [
        QueryItem("endTime", endTime), QueryItem("order", "desc"), QueryItem("includetotalbytes", "true"),
        QueryItem("offset", String(offset)), QueryItem("count", String(count + 1)), QueryItem("pbid", String(pbid)),
    ])
    guard case .array(let records) = answer else {
        throw CommandError.unexpectedAnswer(endpoint: "/details", expected: "a list of connections", got: answer.typeName)
    }
    let prefix = "Darktrace.ModelBreach"
    guard records.count > 1 else {
        // Python hands this list itself to XSOAR as the readable output.
        let none = JSONValue.array([.object(JSONObject(["response": .string("Unable to locate connection details for this Model Breach")]))])
        return CommandResult(outputsPrefix: prefix, outputsKeyField: "pid", outputs: none, humanReadable: none)
    }
    let connections = Array(records.dropFirst())
    // Python: the headers are the last record's keys, sorted, without the columns that are empty in every row.
    let headers = (connections.last?.objectValue?.keys ?? [])
        .sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
    let markdown = try TableToMarkdown.render("Darktrace Model Breach \(pbid) Details", .array(connections),
                                              headers: headers, removeNull: true)
    return CommandResult(outputsPrefix: prefix, outputsKeyField: "pid", outputs: .array(connections),
                         readableOutput: markdown)
}

/// darktrace-get-model: a model's configuration (/models?uuid=), as Darktrace gives it.
func getModelCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    let uuid = try args.requiredString("uuid")
    let answer = try client.get("/models", query: [QueryItem("uuid", uuid)])
    let markdown = try TableToMarkdown.render("Darktrace Model \(uuid)", answer)
    return CommandResult(outputsPrefix: "Darktrace.Model", outputsKeyField: "uuid", outputs: answer, readableOutput: markdown)
}

/// darktrace-get-model-component: one model component (/components?cid=), as Darktrace gives it.
func getModelComponentCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    let cid = try args.requiredInteger("cid")
    let answer = try client.get("/components", query: [QueryItem("cid", String(cid))])
    let markdown = try TableToMarkdown.render("Darktrace Component \(cid)", answer)
    return CommandResult(outputsPrefix: "Darktrace.Model.Component", outputsKeyField: "cid", outputs: answer,
                         readableOutput: markdown)
}
