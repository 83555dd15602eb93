import OrderedJSON
import XSOARKit

/// The Python integration's breach shapes (`format_JSON_for_modelbreach` and
/// `format_JSON_for_fetch_incidents`), with its crashes on missing objects fixed (CONTRACT fix 5)
/// and `device.did` kept as the API sent it (fix 3).
enum BreachShaping {
    /// How `model.tags` is shaped: get-breach replaces empty or missing tags by a one-item list;
    /// fetch keeps them as received and writes a bare string when absent.
    enum TagsStyle {
        case getBreach
        case fetch
    }

    /// The shape shown by get-breach and stored in fetched incidents.
    static func shape(_ breach: JSONObject, tags: TagsStyle, includeTriggeredComponents: Bool) -> JSONObject {
        var out = JSONObject()
        out["commentCount"] = breach["commentCount"] ?? .string("No comment count")
        out["pbid"] = breach["pbid"] ?? .string("No Darktrace pbid")
        if let time = breach["time"] {
            out["time"] = XSOARDate.isoString(fromJSON: time).map(JSONValue.string) ?? time
        } else {
            out["time"] = .string(tags == .fetch ? "1970-01-01T00:00:00.000Z" : "No Darktrace model breach time")
        }
        out["score"] = breach["score"] ?? .string("No Darktrace model breach score")
        if includeTriggeredComponents {
            out["triggeredComponents"] = breach["triggeredComponents"] ?? .string("No Darktrace triggeredComponents")
        }
        out["device"] = .object(device(breach["device"]?.objectValue ?? JSONObject()))
        out["model"] = .object(model(breach["model"]?["then"]?.objectValue ?? JSONObject(), tags: tags))
        return out
    }

    private static func device(_ d: JSONObject) -> JSONObject {
        var out = JSONObject()
        out["did"] = d["did"] ?? .string("No DID in Darktrace")
        out["macaddress"] = d["macaddress"] ?? .string("No MAC address in Darktrace")
        if let vendor = d["vendor"], vendor != .string("") {
            out["vendor"] = vendor
        } else {
            out["vendor"] = .string("No device vendor in Darktrace")
        }
        out["ip"] = d["ip"] ?? .string("No device IP in Darktrace")
        out["hostname"] = d["hostname"] ?? .string("No device hostname in Darktrace")
        out["devicelabel"] = d["devicelabel"] ?? .string("No device label in Darktrace")
        return out
    }

    private static func model(_ then: JSONObject, tags style: TagsStyle) -> JSONObject {
        var out = JSONObject()
        out["name"] = then["name"] ?? .string("No Darktrace model name")
        out["pid"] = then["pid"] ?? .string("No Darktrace model pid")
        out["uuid"] = then["uuid"] ?? .string("No Darktrace model uuid")
        switch style {
        case .getBreach:
            // Python: tags if len(tags) > 0 else ['No Darktrace model tags'].
            let tags = then["tags"]
            let hasTags: Bool
            switch tags {
            case .array(let a)?: hasTags = !a.isEmpty
            case .string(let s)?: hasTags = !s.isEmpty
            case .object(let o)?: hasTags = !o.isEmpty
            default: hasTags = false
            }
            out["tags"] = hasTags ? tags : .array([.string("No Darktrace model tags")])
        case .fetch:
            out["tags"] = then["tags"] ?? .string("No Darktrace model tags")
        }
        out["priority"] = then["priority"] ?? .string("No Darktrace model priority")
        out["description"] = then["description"] ?? .string("No Darktrace model description")
        return out
    }
}

extension JSONObject {
    /// Replaces an epoch-ms field by its ISO string when it is present and truthy (Python's
    /// `if x['firstSeen']: x['firstSeen'] = timestamp_to_datestring(...)`); absent is left out.
    mutating func convertTimestamp(_ key: String, onlyIfTruthy: Bool) {
        guard let v = self[key], !v.isNull, !onlyIfTruthy || v.isTruthy,
              let iso = XSOARDate.isoString(fromJSON: v) else { return }
        self[key] = .string(iso)
    }
}
