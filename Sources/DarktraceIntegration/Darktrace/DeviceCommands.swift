import DarktraceAPI
import OrderedJSON
import XSOARKit

/// darktrace-list-similar-devices: devices Darktrace considers similar to one device.
func listSimilarDevicesCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    let did = try args.requiredInteger("did")
    let count = try args.requiredInteger("max_results", minimum: 1)
    let answer = try client.get("/similardevices", query: [QueryItem("did", String(did)), QueryItem("count", String(count))])
    guard case .array(let list) = answer else {
        throw CommandError.unexpectedAnswer(endpoint: "/similardevices", expected: "a list of devices", got: answer.typeName)
    }
    let devices = list.map { device -> JSONValue in
        guard case .object(var d) = device else { return device }
        d.convertTimestamp("firstSeen", onlyIfTruthy: true)
        d.convertTimestamp("lastSeen", onlyIfTruthy: true)
        return .object(d)
    }
    let markdown = try TableToMarkdown.render("List of similar devices to device:\(did):", .array(devices))
    let outputs = JSONValue.object(JSONObject(["did": .int(did), "devices": .array(devices)]))
    return CommandResult(outputsPrefix: "Darktrace.SimilarDevices", outputsKeyField: "did",
                         outputs: outputs, readableOutput: markdown)
}

/// darktrace-get-device-connection-info: graph data of a device's connections (/deviceinfo).
func getDeviceConnectionInfoCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    let did = try args.requiredInteger("did")
    let dataType = try args.requiredChoice("data_type", among: ["co", "sizeout", "sizein"])
    var query = [QueryItem("did", String(did)), QueryItem("datatype", dataType)]
    if let domain = args.string("external_domain") { query.append(QueryItem("externaldomain", domain)) }
    if let odid = try args.integer("destination_did") { query.append(QueryItem("odid", String(odid))) }
    if let all = try args.boolean("show_all_graph_data") { query.append(QueryItem("showallgraphdata", String(all))) }
    if let full = try args.boolean("full_device_details") { query.append(QueryItem("fulldevicedetails", String(full))) }
    if let n = try args.integer("num_similar_devices", minimum: 0) { query.append(QueryItem("similardevices", String(n))) }
    let answer = try client.get("/deviceinfo", query: query)
    guard answer.isTruthy else {
        return CommandResult(outputsPrefix: "Darktrace.DeviceConnectionInfo", outputs: .object(JSONObject()),
                             readableOutput: "### No results were found for the given ID")
    }
    let markdown = try TableToMarkdown.render("Results for device id: \(did)", answer)
    return CommandResult(outputsPrefix: "Darktrace.DeviceConnectionInfo", outputs: answer, readableOutput: markdown)
}

/// darktrace-get-device-identity-info: a device search (/devicesearch), with `displayedCount` added.
func getDeviceIdentityInfoCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    let searchText = try args.requiredString("query")
    var query: [QueryItem] = []
    if let count = try args.integer("max_results", minimum: 1) { query.append(QueryItem("count", String(count))) }
    if let orderBy = try args.choice("order_by", among: DeviceSearch.orderByChoices) {
        query.append(QueryItem("orderBy", orderBy))
    }
    if let order = try args.choice("order", among: ["asc", "desc"]) { query.append(QueryItem("order", order)) }
    query.append(QueryItem("query", searchText))
    let answer = try client.get("/devicesearch", query: query)
    let prefix = "Darktrace.DeviceIdentityInfo"
    guard answer.isTruthy else {
        return CommandResult(outputsPrefix: prefix, outputsKeyField: "devices.did", outputs: .object(JSONObject()),
                             readableOutput: "### No results were found for the given query")
    }
    guard case .object(var result) = answer else {
        throw CommandError.unexpectedAnswer(endpoint: "/devicesearch", expected: "an object with \"devices\"", got: answer.typeName)
    }
    let markdown: String
    if case .array(let devices)? = result["devices"], !devices.isEmpty {
        let total = result["totalCount"].flatMap { $0.isTruthy ? $0.pythonStr() : nil } ?? "0"
        result["displayedCount"] = .int(devices.count)
        let converted = devices.map { device -> JSONValue in
            guard case .object(var d) = device else { return device }
            d.convertTimestamp("firstSeen", onlyIfTruthy: false)
            d.convertTimestamp("lastSeen", onlyIfTruthy: false)
            return .object(d)
        }
        result["devices"] = .array(converted)
        let title = "Results for query: \(searchText) (\(devices.count) results displayed of \(total) which match the query)"
        markdown = try TableToMarkdown.render(title, .array(converted))
    } else {
        let snapshot = JSONValue.object(result)
        markdown = try TableToMarkdown.render("Results for query: \(searchText)", snapshot)
    }
    return CommandResult(outputsPrefix: prefix, outputsKeyField: "devices.did", outputs: .object(result),
                         readableOutput: markdown)
}

/// The device search's predefined values (integration.yml).
enum DeviceSearch {
    /// What `order_by` may name.
    static let orderByChoices = ["priority", "hostname", "ip", "macaddress", "vendor", "os", "firstSeen", "lastSeen",
                                 "devicelabel", "typelabel"]
}
