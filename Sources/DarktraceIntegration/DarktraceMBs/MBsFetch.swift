import DarktraceAPI
import OrderedJSON
import XSOARKit

/// The query both test-module and fetch-incidents send to /modelbreaches.
private func breachSearch(minScore: String, startTime: Int64) -> [QueryItem] {
    [QueryItem("minscore", minScore), QueryItem("starttime", String(startTime)), QueryItem("minimal", "false"),
     QueryItem("deviceattop", "true")]
}

/// test-module: one search from first_fetch (in ms, L3) → "ok". With fetching on, every fetch
/// setting is checked first; without, only first_fetch, which the probe needs (L12).
func mbsTestModuleCommand(context: CommandContext) throws -> String {
    let now = context.client.nowMilliseconds
    let firstFetch = try context.params.bool("isFetch", default: false)
        ? try FetchSettings(params: context.params, nowMilliseconds: now).firstFetchMilliseconds
        : try FetchSettings.firstFetchMilliseconds(params: context.params, nowMilliseconds: now)
    _ = try context.client.get("/modelbreaches", query: breachSearch(minScore: "0", startTime: firstFetch))
    return "ok"
}

/// fetch-incidents: the breaches since the cursor, oldest first (creationTime, then pbid), at most
/// max_fetch, each exactly once (L4); lastRun `{"last_fetch": ms, "pbids": [...]}`.
func mbsFetchIncidentsCommand(context: CommandContext) throws -> FetchOutcome {
    let settings = try FetchSettings(params: context.params, nowMilliseconds: context.client.nowMilliseconds)
    let cursor = ExactlyOnceCursor(lastRun: context.lastRun, idsKey: "pbids", numericIDs: true)
        ?? ExactlyOnceCursor(lastFetch: settings.firstFetchMilliseconds, idsAtLastFetch: [])
    // Python: str(min_score / 100) of the whole number arg_to_number read ("0.0", "0.5").
    let minScore = PythonFloat.repr(Double(settings.minScoreWhole) / 100)
    let answer = try context.client.get("/modelbreaches", query: breachSearch(minScore: minScore, startTime: cursor.lastFetch))
    guard case .array(let breaches) = answer else {
        throw CommandError.unexpectedAnswer(endpoint: "/modelbreaches", expected: "a list of model breaches",
                                            got: answer.typeName)
    }
    var candidates: [FetchCandidate<(breach: JSONObject, created: Int64)>] = []
    candidates.reserveCapacity(breaches.count)
    for value in breaches {
        guard case .object(let breach) = value, let pbid = breach["pbid"].flatMap({ FetchItemID($0, numeric: true) }) else {
            context.log("fetch-incidents: skipped a model breach without a usable pbid")
            continue
        }
        // Python: int(creationTime or 0); a breach without one is older than any cursor.
        let created = breach["creationTime"].flatMap { XSOARDate.epochMilliseconds(fromJSON: $0) } ?? 0
        candidates.append(FetchCandidate(item: (breach, created), time: created, id: pbid))
    }
    let selection = selectExactlyOnce(candidates, after: cursor, limit: settings.maxAlerts)
    let incidents = selection.items.map { mbsIncident(for: $0.breach, created: $0.created, baseURL: context.client.displayBaseURL) }
    return FetchOutcome(incidents: incidents, lastRun: selection.cursor.lastRun(idsKey: "pbids"))
}

/// One incident as the Python integration builds it: name, occurred, rawJSON (the breach shape
/// with its creation time and triggered components, `json.dumps`), severity.
func mbsIncident(for breach: JSONObject, created: Int64, baseURL: String) -> JSONValue {
    let occurred = XSOARDate.isoString(epochMilliseconds: created) ?? "1970-01-01T00:00:00.000Z"
    let shape = MBsBreachShape.shape(breach, time: .string(occurred), includeTriggeredComponents: true, baseURL: baseURL)
    let then = breach["model"]?["then"]
    let title = (then?["name"] ?? MBsBreachShape.missing).pythonStr()
    return .object(JSONObject([
        "name": .string("DT modelId #\((breach["pbid"] ?? .null).pythonStr()): \(title)"),
        "occurred": .string(occurred),
        "rawJSON": .string(JSONValue.object(shape).pythonJSONDumps()),
        "severity": .int(MBsBreachShape.severity(category: then?["category"])),
    ]))
}
