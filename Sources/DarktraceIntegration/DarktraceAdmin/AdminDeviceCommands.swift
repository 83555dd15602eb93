import DarktraceAPI
import OrderedJSON
import XSOARKit

/// darktrace-get-device-connection-info: a device's graphable connection data (/deviceinfo).
///
/// Unlike v1's command of the same name, the outputs are the `deviceInfo` list itself, and an
/// empty list gives the "No results" string as both the readable output and the outputs.
func adminDeviceConnectionInfoCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    let did = try args.requiredInteger("deviceId")
    let dataType = try args.requiredChoice("dataType", among: ["co", "sizeout", "sizein"])
    let domain = args.string("externalDomain")
    let odid = try args.integer("destinationDeviceId")
    let showAll = try args.boolean("showAllGraphData") ?? false
    let full = try args.boolean("fullDeviceDetails") ?? false
    let similar = try args.integer("numberOfSimilarDevices", minimum: 0) ?? 0
    // Python's parameter order; an absent domain or destination is not sent (L7), and the
    // destination goes as `odid`, the API's name (Python: `oid`).
    var query = [QueryItem("did", String(did)), QueryItem("datatype", dataType)]
    if let domain { query.append(QueryItem("externaldomain", domain)) }
    if let odid { query.append(QueryItem("odid", String(odid))) }
    query += [QueryItem("showallgraphdata", String(showAll)), QueryItem("fulldevicedetails", String(full)),
              QueryItem("similardevices", String(similar))]
    let answer = try client.get("/deviceinfo", query: query)
    guard case .object(let result) = answer, let info = result["deviceInfo"] else {
        let got = answer.objectValue == nil ? answer.typeName : "an object without \"deviceInfo\""
        throw CommandError.unexpectedAnswer(endpoint: "/deviceinfo", expected: "an object with \"deviceInfo\"", got: got)
    }
    let prefix = "Darktrace.DeviceConnectionInfo"
    guard info.isTruthy else {
        let none = "### No results were found for the given ID"
        return CommandResult(outputsPrefix: prefix, outputs: .string(none), readableOutput: none)
    }
    let markdown = try TableToMarkdown.render("Results for device id: \(did)", info)
    return CommandResult(outputsPrefix: prefix, outputs: info, readableOutput: markdown)
}

/// darktrace-get-external-endpoint-details: what Darktrace knows of an external IP or host name.
///
/// The same entry as v1's command of the same name for the same answer; the arguments are
/// Admin's, and devices, additionalInfo and score default to true as its yml says.
func adminExternalEndpointDetailsCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    let typeText = try args.requiredString("endpointType")
    // IP/ip sends ip=, hostname sends hostname= (L7; Python sent the type as typed as the key).
    let key: String
    switch typeText {
    case "IP", "ip": key = "ip"
    case "hostname": key = "hostname"
    default: throw ArgumentError.invalidChoice(name: "endpointType", value: typeText, choices: ["IP", "hostname"])
    }
    let value = try args.requiredString("endpointValue")
    let additionalInfo = try args.boolean("additionalInfo") ?? true
    let devices = try args.boolean("devices") ?? true
    let score = try args.boolean("score") ?? true
    let answer = try client.get("/endpointdetails", query: [
        QueryItem(key, value), QueryItem("additionalinfo", String(additionalInfo)),
        QueryItem("devices", String(devices)), QueryItem("score", String(score)),
    ])
    return try externalEndpointDetailsResult(answer, type: typeText, value: value)
}

/// darktrace-get-similar-devices: devices Darktrace considers similar to one device, under
/// `Darktrace.Device` keyed by `deviceId` (v1 writes `Darktrace.SimilarDevices` keyed by `did`).
func adminSimilarDevicesCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    let did = try args.requiredInteger("deviceId")
    let count = try args.integer("maxResults", minimum: 1) ?? 5
    let answer = try client.get("/similardevices", query: [QueryItem("did", String(did)), QueryItem("count", String(count))])
    guard case .array(let list) = answer else {
        throw CommandError.unexpectedAnswer(endpoint: "/similardevices", expected: "a list of devices", got: answer.typeName)
    }
    let devices = list.map { device -> JSONValue in
        guard case .object(var d) = device else { return device }
        // Python converted only truthy values; a missing one is left out (L5; Python raised
        // KeyError) and one that is no timestamp becomes "N/A" (Python raised as well).
        for key in ["firstSeen", "lastSeen"] where d[key]?.isTruthy == true {
            d.convertLaterTimestamp(key)
        }
        return .object(d)
    }
    let markdown = try TableToMarkdown.render("List of similar devices to device:\(did):", .array(devices))
    let outputs = JSONValue.object(JSONObject(["deviceId": .int(did), "devices": .array(devices)]))
    return CommandResult(outputsPrefix: "Darktrace.Device", outputsKeyField: "deviceId", outputs: outputs,
                         readableOutput: markdown)
}
