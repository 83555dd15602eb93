import DarktraceAPI
import OrderedJSON
import XSOARKit

/// Where the previous fetch stopped: the ms of its newest breach and the pbids already returned
/// at that very ms, so breaches sharing a millisecond are neither dropped nor repeated.
struct FetchCursor: Equatable {
    var lastFetch: Int64
    var pbidsAtLastFetch: [Int64]

    /// Reads lastRun; a Python-integration `{"last_fetch": T}` (no pbids) meant "everything up to
    /// and including T was delivered", so it resumes at T+1.
    init?(lastRun: JSONObject) {
        guard let raw = lastRun["last_fetch"], !raw.isNull, let t = XSOARDate.epochMilliseconds(fromJSON: raw) else {
            return nil
        }
        if let pbids = lastRun["pbids"] {
            lastFetch = t
            pbidsAtLastFetch = (pbids.arrayValue ?? []).compactMap(pbidValue)
        } else {
            lastFetch = t + 1
            pbidsAtLastFetch = []
        }
    }

    init(lastFetch: Int64, pbidsAtLastFetch: [Int64]) {
        self.lastFetch = lastFetch
        self.pbidsAtLastFetch = pbidsAtLastFetch
    }

    /// The lastRun object written for the next run.
    var lastRun: JSONValue {
        .object(JSONObject([
            "last_fetch": .number(JSONNumber(validatedText: String(lastFetch))),
            "pbids": .array(pbidsAtLastFetch.sorted().map { .number(JSONNumber(validatedText: String($0))) }),
        ]))
    }
}

/// A pbid as an integer, from a number or a string of digits.
func pbidValue(_ v: JSONValue) -> Int64? {
    switch v {
    case .number(let n): return n.isInteger ? Int64(n.text) : nil
    case .string(let s): return Int64(s.trimmedWhitespace)
    default: return nil
    }
}

/// fetch-incidents: breaches since the cursor, oldest first, at most `maxAlerts`, each exactly once.
func fetchIncidentsCommand(context: CommandContext) throws -> FetchOutcome {
    let settings = try FetchSettings(params: context.params, nowMilliseconds: context.client.nowMilliseconds)
    let cursor = FetchCursor(lastRun: context.lastRun)
        ?? FetchCursor(lastFetch: settings.firstFetchMilliseconds, pbidsAtLastFetch: [])
    let answer = try context.client.get("/modelbreaches", query: [QueryItem("minscore", settings.minScoreQueryValue),
                                                                  QueryItem("starttime", String(cursor.lastFetch))])
    guard case .array(let breaches) = answer else {
        throw CommandError.unexpectedAnswer(endpoint: "/modelbreaches", expected: "a list of model breaches", got: answer.typeName)
    }
    let selection = selectBreaches(breaches, after: cursor, minScore: settings.minScore, limit: settings.maxAlerts,
                                   log: context.log)
    let incidents = selection.breaches.map { incident(for: $0.breach, pbid: $0.pbid, time: $0.time) }
    return FetchOutcome(incidents: incidents, lastRun: selection.cursor.lastRun)
}

/// A breach ready to become an incident.
struct SelectedBreach {
    var breach: JSONObject
    var pbid: Int64
    var time: Int64
}

/// Picks the breaches not yet delivered, oldest first (time, then pbid), at most `limit`, and the
/// cursor after them. Linear apart from the sort; duplicates in one answer count once.
func selectBreaches(_ breaches: [JSONValue], after cursor: FetchCursor, minScore: Double, limit: Int,
                    log: (String) -> Void) -> (breaches: [SelectedBreach], cursor: FetchCursor) {
    let seen = Set(cursor.pbidsAtLastFetch)
    var byPbid: [Int64: Int] = [:]
    var candidates: [SelectedBreach] = []
    for value in breaches {
        guard case .object(let b) = value, let pbid = b["pbid"].flatMap(pbidValue) else {
            log("fetch-incidents: skipped a model breach without a usable pbid")
            continue
        }
        let time = b["time"].flatMap { XSOARDate.epochMilliseconds(fromJSON: $0) } ?? 0
        if time < cursor.lastFetch || (time == cursor.lastFetch && seen.contains(pbid)) { continue }
        let score = b["score"].flatMap { v -> Double? in
            switch v {
            case .number(let n): return n.doubleValue
            case .string(let s): return DecimalNumber.parse(s)
            default: return nil
            }
        } ?? 0
        if score < minScore { continue }
        let item = SelectedBreach(breach: b, pbid: pbid, time: time)
        if let i = byPbid[pbid] { candidates[i] = item } else {
            byPbid[pbid] = candidates.count
            candidates.append(item)
        }
    }
    candidates.sort { ($0.time, $0.pbid) < ($1.time, $1.pbid) }
    let taken = Array(candidates.prefix(limit))
    guard let last = taken.last else { return ([], cursor) }
    var pbidsAtLast = last.time == cursor.lastFetch ? cursor.pbidsAtLastFetch : []
    pbidsAtLast += taken.filter { $0.time == last.time }.map(\.pbid)
    return (taken, FetchCursor(lastFetch: last.time, pbidsAtLastFetch: pbidsAtLast))
}

/// One incident: name, occurred and rawJSON (Python `json.dumps` of the fetch shape).
func incident(for breach: JSONObject, pbid: Int64, time: Int64) -> JSONValue {
    let shape = JSONValue.object(BreachShaping.shape(breach, tags: .fetch, includeTriggeredComponents: true))
    let pbidText = breach["pbid"].map { $0.pythonStr() } ?? String(pbid)
    return .object(JSONObject([
        "name": .string("Darktrace Model Breach #" + pbidText),
        "occurred": .string(XSOARDate.isoString(epochMilliseconds: time) ?? "1970-01-01T00:00:00.000Z"),
        "rawJSON": .string(shape.pythonJSONDumps()),
    ]))
}
