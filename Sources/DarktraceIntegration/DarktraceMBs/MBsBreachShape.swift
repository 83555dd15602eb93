import ByteText
import OrderedJSON
import XSOARKit

/// The Model Breaches integration's breach shape (`format_JSON_for_model_breach`), shown by
/// get-model-breach and stored as a fetched incident's rawJSON, with its crashes on odd answers
/// fixed (L5): a missing `device` or `model.then` gives empty objects, a missing field "N/A".
enum MBsBreachShape {
    /// The placeholder for a missing value.
    static let missing = JSONValue.string(LaterErrorTexts.missingValue)

    /// The shape of `breach`; `time` is the already converted time to show, and fetched incidents
    /// also carry `triggeredComponents`.
    static func shape(_ breach: JSONObject, time: JSONValue, includeTriggeredComponents: Bool, baseURL: String) -> JSONObject {
        var out = JSONObject()
        let pbid = breach["pbid"] ?? .null
        out["pbid"] = pbid
        out["commentCount"] = breach["commentCount"] ?? missing
        out["time"] = time
        out["score"] = .string(scoreText(breach["score"]))
        if includeTriggeredComponents {
            out["triggeredComponents"] = breach["triggeredComponents"] ?? missing
        }
        // Python: the device fields only when the breach has a device at all.
        out["device"] = .object(breach["device"].map { device($0.objectValue ?? JSONObject()) } ?? JSONObject())
        out["model"] = .object(breach["model"]?["then"].map { model($0.objectValue ?? JSONObject()) } ?? JSONObject())
        out["link"] = .string(baseURL + "/#modelbreach/" + pbid.pythonStr())
        return out
    }

    /// `str(round(score * 100, 1)) + " %"`: "72.9 %" for 0.729, "100 %" for an integer 1; a
    /// missing score counts as 0 (Python's default), one that is not a number shows "N/A".
    static func scoreText(_ score: JSONValue?) -> String {
        let percent: String
        switch score {
        case nil:
            percent = "0"
        case .bool(let b)?:
            percent = b ? "100" : "0"
        case .number(let n)? where n.isInteger:
            // An int times 100 stays an int, and round(int, 1) is that int.
            if let v = Int64(n.text), case (let product, false) = v.multipliedReportingOverflow(by: 100) {
                percent = String(product)
            } else {
                percent = PythonFloat.repr(PythonRound.round(n.doubleValue * 100, digits: 1))
            }
        case .number(let n)?:
            percent = PythonFloat.repr(PythonRound.round(n.doubleValue * 100, digits: 1))
        default:
            return LaterErrorTexts.missingValue
        }
        return percent + " %"
    }

    /// `_compute_xsoar_severity`: by the category's text, Informational 2, Suspicious 3, Critical 4, else 1.
    static func severity(category: JSONValue?) -> Int {
        guard case .string(let text)? = category else { return 1 }
        if text.containsBytes(of: "nformational") { return 2 }
        if text.containsBytes(of: "uspicious") { return 3 }
        if text.containsBytes(of: "ritical") { return 4 }
        return 1
    }

    private static func device(_ d: JSONObject) -> JSONObject {
        var out = JSONObject()
        out["did"] = .string((d["did"] ?? missing).pythonStr())
        out["macaddress"] = d["macaddress"] ?? missing
        out["vendor"] = d["vendor"] ?? missing
        out["ip"] = d["ip"] ?? missing
        out["hostname"] = d["hostname"] ?? missing
        out["devicelabel"] = d["devicelabel"] ?? missing
        out["credentials"] = d["credentials"] ?? missing
        out["deviceType"] = d["typename"] ?? missing
        return out
    }

    private static func model(_ then: JSONObject) -> JSONObject {
        var out = JSONObject()
        out["name"] = then["name"] ?? missing
        out["pid"] = then["pid"] ?? missing
        out["uuid"] = then["uuid"] ?? missing
        out["tags"] = then["tags"] ?? missing
        out["priority"] = then["priority"] ?? missing
        out["category"] = then["category"] ?? missing
        // Python removes the literal "\n" pairs Darktrace leaves in descriptions.
        if case .string(let text)? = then["description"] {
            out["description"] = .string(text.removingLiteralBackslashN)
        } else {
            out["description"] = then["description"] ?? missing
        }
        return out
    }
}
