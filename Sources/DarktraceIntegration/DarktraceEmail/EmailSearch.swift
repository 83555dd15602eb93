import CivilTime
import DarktraceAPI
import OrderedJSON
import XSOARKit

/// The fetch settings Email adds to the shared three (LATER.md section 4): which tag severities,
/// actioned emails only, and one direction.
struct EmailFetchSettings: Equatable {
    /// min_score, max_fetch and first_fetch, read as for every later integration.
    var common: FetchSettings
    /// The selected severities as Darktrace names them ("critical", "warn", "info"), in the
    /// setting's order, each once.
    var severities: [String]
    /// Keep only emails Darktrace took an action on.
    var actioned: Bool
    /// Only emails of this direction (inbound, outbound, internal); nil for all.
    var direction: String?

    /// The setting's names (lowercased) and the severities Darktrace uses for them.
    static let severityValues = ["critical": "critical", "warning": "warn", "informational": "info"]

    /// Reads the settings; an unusable min_score, max_fetch, first_fetch or actioned is an error
    /// naming it.
    init(params: InstanceParams, nowMilliseconds: Int64) throws(ArgumentError) {
        common = try FetchSettings(params: params, nowMilliseconds: nowMilliseconds)
        severities = Self.severities(params.raw["tag_severity"])
        actioned = try params.bool("actioned", default: false)
        direction = params.string("direction")
    }

    /// `tag_severity` as a list or a comma-separated string (the yml's default is the string
    /// "Critical,Warning,Informational", on which Python raised a KeyError); names are matched
    /// without regard to case or spaces around them, unknown names are ignored (L9), and an
    /// absent setting selects all three.
    static func severities(_ value: JSONValue?) -> [String] {
        let names: [String]
        switch value {
        case nil, .null?: return ["critical", "warn", "info"]
        case .array(let items)?: names = items.map { $0.pythonStr() }
        case .string(let text)?: names = text.split(separator: ",", omittingEmptySubsequences: true).map(String.init)
        case let other?: names = [other.pythonStr()]
        }
        var out: [String] = []
        for name in names {
            guard let value = severityValues[name.trimmedWhitespace.lowercased()], !out.contains(value) else { continue }
            out.append(value)
        }
        return out
    }
}

/// What one search asks Darktrace and keeps of its answer: the Python integration's
/// `search_emails` filters.
struct EmailSearchFilter {
    /// Emails with `model_score` above this (0–100).
    var minScore: Int
    /// Severities: exactly one is asked of Darktrace, exactly two are checked here, none or all
    /// three do not filter (as Python does).
    var severities: [String]
    /// Only this direction; nil for all.
    var direction: String?
    /// Only emails with a recipient action taken.
    var actioned: Bool

    /// The page size Python asks for.
    static let itemsPerPage = 20
    /// Python's last page: at most 100 pages (2000 emails) a search.
    static let maxPages = 100

    /// The `criteriaList` of the search body, in Python's order, values as `f"{value}"` writes them.
    var criteria: [JSONValue] {
        func criterion(_ filter: String, _ value: String, _ op: String) -> JSONValue {
            .object(JSONObject(["apiFilter": .string(filter), "value": .string(value), "operator": .string(op)]))
        }
        var out = [criterion("Email.Antigena Email Anomaly", String(minScore), ">")]
        if severities.count == 1 { out.append(criterion("Model Tag Severity", severities[0], "=")) }
        if let direction { out.append(criterion("Connection.Direction", direction, "=")) }
        return out
    }

    /// The JSON body of one page (`email_query_builder`); times in epoch seconds (L3).
    func body(page: Int, fromSeconds: Int64, toSeconds: Int64) -> JSONValue {
        .object(JSONObject([
            "page": .int(page), "itemsPerPage": .int(Self.itemsPerPage),
            "timeFrom": .number(JSONNumber(validatedText: String(fromSeconds))),
            "timeTo": .number(JSONNumber(validatedText: String(toSeconds))),
            "query": .object(JSONObject(["criteriaList": .array(criteria), "mode": .string("and")])),
        ]))
    }

    /// Whether a listed email passes the client-side filters: actioned (a recipient action taken)
    /// and, with two severities, a first-recipient tag of one of them. A tag Darktrace did not list
    /// has no severity (Python raised a KeyError).
    func keeps(_ email: JSONObject, mapper: EmailTagMapper) -> Bool {
        let recipient = EmailShaping.firstRecipient(email) ?? JSONObject()
        if actioned {
            guard case .array(let actions)? = recipient["rcpt_actions_taken"], !actions.isEmpty else { return false }
        }
        if severities.count == 2 {
            return EmailShaping.tagList(recipient).contains { tag in mapper.status(of: tag).map(severities.contains) ?? false }
        }
        return true
    }
}

/// The search endpoint.
let emailSearchEndpoint = emailAPIRoot + "/emails/search"

/// One page of a search: the listed emails that are objects, and how many the page held.
func searchEmailPage(_ client: DarktraceClient, filter: EmailSearchFilter, page: Int, fromSeconds: Int64, toSeconds: Int64)
    throws -> (emails: [JSONObject], count: Int) {
    let answer = try client.postJSON(emailSearchEndpoint, json: filter.body(page: page, fromSeconds: fromSeconds,
                                                                            toSeconds: toSeconds))
    guard case .array(let items) = answer else {
        throw CommandError.unexpectedAnswer(endpoint: emailSearchEndpoint, expected: "a list of emails", got: answer.typeName)
    }
    return (items.compactMap(\.objectValue), items.count)
}

/// Every email of the window `fromSeconds...toSeconds` that passes the filter, reading pages until
/// one is short. Darktrace lists newest first, so when 100 full pages (Python's limit) do not reach
/// the window's start, the search goes on below the oldest second seen, so the oldest emails,
/// which a fetch delivers first, are never out of reach. An email listed twice comes back twice
/// (the fetch keeps one). Linear in the emails listed.
func searchEmails(_ client: DarktraceClient, filter: EmailSearchFilter, mapper: EmailTagMapper, fromSeconds: Int64,
                  toSeconds: Int64, log: (String) -> Void) throws -> [JSONObject] {
    var kept: [JSONObject] = []
    var upper = toSeconds
    while true {
        var oldest: Int64?
        for page in 0..<EmailSearchFilter.maxPages {
            let (emails, count) = try searchEmailPage(client, filter: filter, page: page, fromSeconds: fromSeconds,
                                                      toSeconds: upper)
            for email in emails {
                if let ms = email["dtime_unix"].flatMap({ XSOARDate.epochMilliseconds(fromJSON: $0) }) {
                    let second = CivilTime.floorDivide(ms, 1000).quotient
                    oldest = Swift.min(oldest ?? second, second)
                }
                if filter.keeps(email, mapper: mapper) { kept.append(email) }
            }
            if count < EmailSearchFilter.itemsPerPage { return kept }
        }
        guard let oldest, oldest < upper, oldest >= fromSeconds else {
            log("fetch-incidents: more than \(EmailSearchFilter.maxPages * EmailSearchFilter.itemsPerPage) emails "
                + "listed at one second; the rest of that second is out of reach of this search")
            return kept
        }
        upper = oldest
    }
}
