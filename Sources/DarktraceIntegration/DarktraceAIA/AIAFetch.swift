import DarktraceAPI
import OrderedJSON
import XSOARKit

/// The endpoint test-module and fetch-incidents search.
private let incidentEventsEndpoint = "/aianalyst/incidentevents"

/// test-module: one search from first_fetch (in ms, L3) → "ok". With fetching on, every fetch
/// setting is checked first; without, only first_fetch (the probe needs it; L12).
func aiaTestModuleCommand(context: CommandContext) throws -> String {
    let now = context.client.nowMilliseconds
    let firstFetch = try context.params.bool("isFetch", default: false)
        ? try FetchSettings(params: context.params, nowMilliseconds: now).firstFetchMilliseconds
        : try FetchSettings.firstFetchMilliseconds(params: context.params, nowMilliseconds: now)
    _ = try context.client.get(incidentEventsEndpoint, query: [
        QueryItem("mingroupscore", "0"), QueryItem("starttime", String(firstFetch)),
    ])
    return "ok"
}

/// fetch-incidents: the events since the cursor, oldest first (createdAt, then id), at most
/// max_fetch, each exactly once (L4); lastRun `{"last_fetch": ms, "ids": [...]}`.
func aiaFetchIncidentsCommand(context: CommandContext) throws -> FetchOutcome {
    let settings = try FetchSettings(params: context.params, nowMilliseconds: context.client.nowMilliseconds)
    let cursor = ExactlyOnceCursor(lastRun: context.lastRun, idsKey: "ids", numericIDs: false)
        ?? ExactlyOnceCursor(lastFetch: settings.firstFetchMilliseconds, idsAtLastFetch: [])
    // Python sends min_score unscaled (0–100) as the whole number arg_to_number read.
    let answer = try context.client.get(incidentEventsEndpoint, query: [
        QueryItem("mingroupscore", String(settings.minScoreWhole)), QueryItem("starttime", String(cursor.lastFetch)),
    ])
    guard case .array(let events) = answer else {
        throw CommandError.unexpectedAnswer(endpoint: incidentEventsEndpoint, expected: "a list of incident events",
                                            got: answer.typeName)
    }
    var candidates: [FetchCandidate<(event: JSONObject, time: Int64)>] = []
    candidates.reserveCapacity(events.count)
    for value in events {
        guard case .object(let event) = value, let id = event["id"].flatMap({ FetchItemID($0, numeric: false) }) else {
            context.log("fetch-incidents: skipped an AI Analyst incident event without a usable id")
            continue
        }
        // Python: int(createdAt or 0); an event without a readable time is older than any cursor.
        let time = event["createdAt"].flatMap { XSOARDate.epochMilliseconds(fromJSON: $0) } ?? 0
        candidates.append(FetchCandidate(item: (event, time), time: time, id: id))
    }
    let selection = selectExactlyOnce(candidates, after: cursor, limit: settings.maxAlerts)
    let incidents = selection.items.map {
        AIAEventShaping.incident(for: $0.event, createdAt: $0.time, baseURL: context.client.displayBaseURL)
    }
    return FetchOutcome(incidents: incidents, lastRun: selection.cursor.lastRun(idsKey: "ids"))
}
