import OrderedJSON
import XSOARKit

/// The Python integration's `format_JSON_for_ai_analyst_incident`: the one shape of an AI Analyst
/// incident event, shown by get-event and stored (with `details`) in every fetched incident.
///
/// Python crashed on a missing `summary`, `currentGroup`, `details` or `relatedBreaches` and on
/// odd timestamps; here those give the placeholder "N/A" (`modelBreaches` gives `{}`, no
/// breaches) and nothing crashes (L5).
enum AIAEventShaping {
    /// The placeholder the Python integration writes for a missing value.
    static let missing = JSONValue.string(LaterErrorTexts.missingValue)

    /// The shaped event; `details` adds the event's `details` (fetch's rawJSON), `baseURL` is the
    /// instance URL the `link` starts with.
    static func shape(_ event: JSONObject, details: Bool, baseURL: String) -> JSONObject {
        var out = JSONObject()
        out["eventId"] = event["id"] ?? missing
        // Python: timestamp_to_datestring(createdAt or 0); a value that is not a timestamp raised.
        out["createdAt"] = .string(XSOARDate.isoString(fromJSON: event["createdAt"] ?? .int(0)) ?? LaterErrorTexts.missingValue)
        out["title"] = event["title"] ?? missing
        out["mitreTactics"] = event["mitreTactics"] ?? missing
        out["score"] = .string((event["aiaScore"] ?? .int(0)).pythonStr() + "%")
        out["category"] = event["category"] ?? missing
        if case .string(let summary)? = event["summary"] {
            out["summary"] = .string(summary.removingLiteralBackslashN)
        } else {
            out["summary"] = missing
        }
        let groupID = event["currentGroup"] ?? missing
        out["groupId"] = groupID
        if details {
            out["details"] = event["details"] ?? missing
        }
        out["devices"] = event["breachDevices"] ?? missing
        out["modelBreaches"] = .object(modelBreaches(event["relatedBreaches"]))
        out["link"] = .string(baseURL + "/#aiagroup/" + groupID.pythonStr())
        return out
    }

    /// `relatedBreaches` as `{"0": breach, "1": …}` with each `timestamp` as ISO; `{}` when the
    /// event has none or they are not a list.
    static func modelBreaches(_ related: JSONValue?) -> JSONObject {
        var out = JSONObject()
        guard case .array(let breaches)? = related else { return out }
        for (i, breach) in breaches.enumerated() {
            guard case .object(var b) = breach else {
                out[String(i)] = breach
                continue
            }
            b.convertLaterTimestamp("timestamp")
            out[String(i)] = .object(b)
        }
        return out
    }

    /// The incident severity from `groupCategory`: compliance 1, informational 2, suspicious 3,
    /// anything else (critical, or none at all) 4.
    static func severity(groupCategory: JSONValue?) -> Int {
        switch groupCategory {
        case .string("compliance")?: return 1
        case .string("informational")?: return 2
        case .string("suspicious")?: return 3
        default: return 4
        }
    }

    /// One fetched incident exactly as the Python integration builds it: name, occurred, rawJSON
    /// (`json.dumps` of the shape with details) and severity.
    static func incident(for event: JSONObject, createdAt: Int64, baseURL: String) -> JSONValue {
        let id = (event["id"] ?? missing).pythonStr()
        let title = (event["title"] ?? missing).pythonStr()
        let shaped = JSONValue.object(shape(event, details: true, baseURL: baseURL))
        return .object(JSONObject([
            "name": .string("DT eventId #\(id): \(title)"),
            "occurred": .string(XSOARDate.isoString(epochMilliseconds: createdAt) ?? LaterErrorTexts.missingValue),
            "rawJSON": .string(shaped.pythonJSONDumps()),
            "severity": .int(severity(groupCategory: event["groupCategory"])),
        ]))
    }
}
