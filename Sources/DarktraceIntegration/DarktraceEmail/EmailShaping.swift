import ByteText
import OrderedJSON
import XSOARKit

/// Darktrace/Email's tag severities (`tag_mapper`): every command first reads
/// `/resources/tags` and keeps each tag name's status ("critical", "warn", "info").
struct EmailTagMapper: Equatable {
    /// The status of each tag name; a tag without a text status is left out.
    private(set) var statusByName: [String: String] = [:]

    /// The mapper of a `/resources/tags` answer: a later tag of the same name wins, as in the
    /// Python dict comprehension; entries that are not objects with a text name are skipped.
    init(tags: [JSONValue]) {
        for case .object(let tag) in tags {
            guard case .string(let name)? = tag["name"], case .string(let status)? = tag["status"] else { continue }
            statusByName[name] = status
        }
    }

    /// The status of an email tag; nil for a tag Darktrace did not list (Python raised a
    /// KeyError and the whole command failed; L5, L9).
    func status(of tag: JSONValue) -> String? {
        guard case .string(let name) = tag else { return nil }
        return statusByName[name]
    }

    /// Whether any of `tags` has `status`.
    func any(of tags: [JSONValue], has status: String) -> Bool {
        tags.contains { self.status(of: $0) == status }
    }
}

/// The Python integration's `format_JSON_for_email` and the incident built from it: the one shape
/// of an email, shown by darktrace-email-get-email and stored as every fetched incident's rawJSON.
///
/// Python crashed on a missing recipient list, `rcpt_status`, `tags` or `summary`, on a tag absent
/// from the tag list and on non-text values it capitalizes or joins; here those give the
/// placeholder "N/A" (or no tags), and nothing crashes (L5).
enum EmailShaping {
    /// The placeholder the later integrations write for a missing value.
    static let missing = JSONValue.string(LaterErrorTexts.missingValue)

    /// The formatted email. `baseURL` starts `darktrace_url`.
    static func format(_ email: JSONObject, tags mapper: EmailTagMapper, baseURL: String) -> JSONObject {
        var out = JSONObject()
        let uuid = email["uuid"] ?? .null
        out["uuid"] = uuid
        switch email["direction"] {
        case nil: out["direction"] = .string("")
        case .string(let s)?: out["direction"] = .string(pythonCapitalize(s))
        case _?: out["direction"] = missing
        }
        out["time"] = email["dtime"] ?? .null
        out["timestamp"] = email["dtime_unix"] ?? .null
        out["sender"] = email["header_from_email"] ?? .null
        out["subject"] = email["header_subject"] ?? .null
        out["score"] = email["model_score"] ?? .null
        out["darktrace_url"] = .string(baseURL + "/agemail/?uuid=" + uuid.pythonStr())
        out["attachments"] = email["n_attachments"] ?? .null
        out["links"] = email["n_links"] ?? .null
        let recipient = firstRecipient(email) ?? JSONObject()
        out["recipient"] = recipient["rcpt_to"] ?? .null
        if case .string(let status)? = recipient["rcpt_status"] {
            out["receipt_status"] = .string(pythonCapitalize(status))
        } else {
            out["receipt_status"] = missing
        }
        out["read_status"] = .string(pythonCapitalize((recipient["is_read"] ?? .null).pythonStr()))
        let all = tagList(recipient)
        out["tags"] = .array(all)
        out["tags_critical"] = .array(all.filter { mapper.status(of: $0) == "critical" })
        out["tags_warning"] = .array(all.filter { mapper.status(of: $0) == "warn" })
        out["tags_informational"] = .array(all.filter { mapper.status(of: $0) == "info" })
        if case .array(let lines)? = recipient["summary"] {
            out["summary"] = .string(lines.map { $0.pythonStr() }.joined(separator: " "))
        } else {
            out["summary"] = missing
        }
        out["actions"] = actionsText(recipient)
        out["action_status"] = .string(pythonCapitalize((recipient["action_status"] ?? .null).pythonStr()))
        out["release_requested"] = .bool((recipient["requestedRelease"] ?? .null).isTruthy)
        return out
    }

    /// `email['rcpts'][0]`: the first recipient, nil when there is none or it is not an object.
    static func firstRecipient(_ email: JSONObject) -> JSONObject? {
        guard case .array(let recipients)? = email["rcpts"], case .object(let first)? = recipients.first else { return nil }
        return first
    }

    /// The first recipient's tags; none when the list is missing or not a list.
    static func tagList(_ recipient: JSONObject) -> [JSONValue] {
        guard case .array(let tags)? = recipient["tags"] else { return [] }
        return tags
    }

    /// `", ".join(rcpt_actions_taken)`: "" when there are none, "N/A" for a value that is not a list.
    static func actionsText(_ recipient: JSONObject) -> JSONValue {
        switch recipient["rcpt_actions_taken"] {
        case nil, .null?: return .string("")
        case .array(let actions)?: return .string(actions.map { $0.pythonStr() }.joined(separator: ", "))
        case _?: return missing
        }
    }

    /// Python's `int(model_score)`: an integer, a float truncated, a string of digits (the rules of
    /// `int()` the timestamp reader already follows); nil for anything else (Python raised).
    static func wholeScore(_ value: JSONValue?) -> Int? {
        value.flatMap { XSOARDate.epochMilliseconds(fromJSON: $0) }.map { Int($0) }
    }

    /// `_compute_xsoar_severity`: 4 for a critical tag with score > 75, 3 for critical and > 50, 2
    /// for (a warning tag and > 50) or (critical and < 50); 1 otherwise and whenever the actions
    /// name "Hold message" (a text search in the joined actions, as Python's `in` on a string). A
    /// score Python could not read counts as no score, so 1.
    static func severity(tags: [JSONValue], actions: String, score: Int?, mapper: EmailTagMapper) -> Int {
        guard let score, !actions.containsBytes(of: "Hold message") else { return 1 }
        let critical = mapper.any(of: tags, has: "critical")
        if critical && score > 75 { return 4 }
        if critical && score > 50 { return 3 }
        if (mapper.any(of: tags, has: "warn") && score > 50) || (critical && score < 50) { return 2 }
        return 1
    }

    /// One fetched incident exactly as the Python integration builds it from the email's details:
    /// name, occurred (`dtime_unix`; `fallbackTime` when it is not a timestamp), rawJSON
    /// (`json.dumps` of the formatted email) and severity.
    static func incident(for email: JSONObject, fallbackTime: Int64, tags mapper: EmailTagMapper, baseURL: String)
        -> JSONValue {
        let formatted = format(email, tags: mapper, baseURL: baseURL)
        let sender = (email["header_from_email"] ?? missing).pythonStr()
        let recipient = (firstRecipient(email)?["rcpt_to"] ?? missing).pythonStr()
        let score = wholeScore(email["model_score"])
        let occurred = email["dtime_unix"].flatMap { XSOARDate.isoString(fromJSON: $0) }
            ?? XSOARDate.isoString(epochMilliseconds: fallbackTime) ?? LaterErrorTexts.missingValue
        let severity = severity(tags: formatted["tags"]?.arrayValue ?? [], actions: formatted["actions"]?.stringValue ?? "",
                                score: score, mapper: mapper)
        return .object(JSONObject([
            "name": .string("DT Email from \(sender) to \(recipient) | Anomaly score \(score.map(String.init) ?? LaterErrorTexts.missingValue)"),
            "occurred": .string(occurred),
            "rawJSON": .string(JSONValue.object(formatted).pythonJSONDumps()),
            "severity": .int(severity),
        ]))
    }
}
