import CivilTime
import DarktraceAPI
import OrderedJSON
import XSOARKit

/// test-module: the tag list, then the Python probe's search (actioned emails tagged critical or
/// informational since first_fetch, times in seconds, L3) and the details of the first email it
/// keeps → "ok". Python read every page and every kept email's details; one of each proves the
/// same endpoints and permissions without thousands of requests. With fetching on, every fetch
/// setting is checked first; without, only first_fetch (L12).
func emailTestModuleCommand(context: CommandContext) throws -> String {
    let client = context.client
    let now = client.nowMilliseconds
    let firstFetch = try context.params.bool("isFetch", default: false)
        ? try EmailFetchSettings(params: context.params, nowMilliseconds: now).common.firstFetchMilliseconds
        : try FetchSettings.firstFetchMilliseconds(params: context.params, nowMilliseconds: now)
    let mapper = try emailTagMapper(client)
    let probe = EmailSearchFilter(minScore: 0, severities: ["critical", "info"], direction: nil, actioned: true)
    let page = try searchEmailPage(client, filter: probe, page: 0, fromSeconds: seconds(firstFetch), toSeconds: seconds(now))
    if let email = page.emails.first(where: { probe.keeps($0, mapper: mapper) }), case .string(let uuid)? = email["uuid"] {
        _ = try client.get(emailPath(uuid), query: detailQuery(email))
    }
    return "ok"
}

/// fetch-incidents: the emails since the cursor, oldest first (`dtime_unix`, then uuid), at most
/// max_fetch, each exactly once (L4); details are read only for the emails returned. The search
/// window is in epoch seconds (L3); lastRun `{"last_fetch": ms, "uuids": [...]}`.
func emailFetchIncidentsCommand(context: CommandContext) throws -> FetchOutcome {
    let client = context.client
    let now = client.nowMilliseconds
    let settings = try EmailFetchSettings(params: context.params, nowMilliseconds: now)
    let cursor = ExactlyOnceCursor(lastRun: context.lastRun, idsKey: "uuids", numericIDs: false)
        ?? ExactlyOnceCursor(lastFetch: settings.common.firstFetchMilliseconds, idsAtLastFetch: [])
    let mapper = try emailTagMapper(client)
    let filter = EmailSearchFilter(minScore: settings.common.minScoreWhole, severities: settings.severities,
                                   direction: settings.direction, actioned: settings.actioned)
    let listed = try searchEmails(client, filter: filter, mapper: mapper, fromSeconds: seconds(cursor.lastFetch),
                                  toSeconds: seconds(now), log: context.log)
    var candidates: [FetchCandidate<JSONObject>] = []
    candidates.reserveCapacity(listed.count)
    for email in listed {
        guard let id = email["uuid"].flatMap({ FetchItemID($0, numeric: false) }) else {
            context.log("fetch-incidents: skipped a listed email without a usable uuid")
            continue
        }
        // Python sorted on dtime_unix and raised without it: an email with no readable time is
        // older than any cursor, so it is never delivered.
        let time = email["dtime_unix"].flatMap { XSOARDate.epochMilliseconds(fromJSON: $0) } ?? 0
        candidates.append(FetchCandidate(item: email, time: time, id: id))
    }
    let selection = selectExactlyOnce(candidates, after: cursor, limit: settings.common.maxAlerts)
    var incidents: [JSONValue] = []
    incidents.reserveCapacity(selection.items.count)
    for listing in selection.items {
        let email = try details(of: listing, client: client, log: context.log)
        let time = listing["dtime_unix"].flatMap { XSOARDate.epochMilliseconds(fromJSON: $0) } ?? 0
        incidents.append(EmailShaping.incident(for: email, fallbackTime: time, tags: mapper, baseURL: client.displayBaseURL))
    }
    return FetchOutcome(incidents: incidents, lastRun: selection.cursor.lastRun(idsKey: "uuids"))
}

/// GET `/emails/{uuid}?dtime={dtime_unix}` for a listed email (what Python builds the incident
/// from). An email gone since the search (404) or details that are not an object are logged and
/// the listing is used instead, so the email is still delivered once; any other failure fails the
/// run, and the next run retries from the same cursor.
private func details(of listing: JSONObject, client: DarktraceClient, log: (String) -> Void) throws -> JSONObject {
    let uuid = (listing["uuid"] ?? .null).pythonStr()
    let answer: JSONValue
    do {
        answer = try client.get(emailPath(uuid), query: detailQuery(listing))
    } catch {
        guard case .http(404, _, _) = error else { throw error }
        log("fetch-incidents: email \(uuid) was listed but its details are gone (404); the incident uses the listing")
        return listing
    }
    guard case .object(let email) = answer else {
        log("fetch-incidents: the details of email \(uuid) are \(answer.typeName), not an object; the incident uses the listing")
        return listing
    }
    return email
}

/// `?dtime={dtime_unix}` as Python wrote it into the details URL.
private func detailQuery(_ email: JSONObject) -> [QueryItem] {
    [QueryItem("dtime", (email["dtime_unix"] ?? .null).pythonStr())]
}

/// Epoch ms as whole epoch seconds (rounded down).
private func seconds(_ ms: Int64) -> Int64 {
    CivilTime.floorDivide(ms, 1000).quotient
}
