import DarktraceAPI
import OrderedJSON
import ByteText

/// How the four later Python integrations word a failed Darktrace call (LATER.md section 2):
/// their `error_handler` and `_darktrace_api_call`, one table per wording.
struct LaterErrorTexts: Sendable {
    /// The texts that differ between Model Breaches and the other three.
    let endpoint: String
    let undetermined: String
    /// MBs prefixes the status ("302 - ") to what its error handler raises; the others do not.
    let prefixesStatus: Bool
    /// MBs only: 404 is "data not found" (with Darktrace's `error` when it gives one).
    let dataNotFound: String?
    /// Extra handling of some statuses before the common table (Email's 404 texts).
    let special: (@Sendable (_ status: Int, _ body: [UInt8]) -> String?)?

    static let signature = "API Signature Error. You have invalid credentials in your config."
    static let date = "API Date Error. Check that the time on this machine matches that of the Darktrace instance."
    static let privilege = "User has insufficient permissions to access the API endpoint."
    /// The placeholder the later integrations write for a missing value (`FAILED_TO_PARSE`).
    static let missingValue = "N/A"

    /// Model Breaches' wording.
    static let modelBreaches = LaterErrorTexts(
        endpoint: "Invalid Endpoint. Please create a ticket on the Darktrace Customer Portal.",
        undetermined: "Darktrace was unable to process your request. Please create a ticket on the Darktrace Customer Portal.",
        prefixesStatus: true,
        dataNotFound: "Darktrace was unable to find the requested data.",
        special: nil)

    /// AI Analyst's and Admin's wording (Email adds its own 404 texts to it).
    static let representative = LaterErrorTexts(
        endpoint: "Invalid Endpoint. - Please contact your Darktrace representative.",
        undetermined: "Darktrace was unable to process your request - Please contact your Darktrace representative.",
        prefixesStatus: false,
        dataNotFound: nil,
        special: nil)

    /// The same table with a status-specific rule in front of it.
    func with(special rule: @escaping @Sendable (_ status: Int, _ body: [UInt8]) -> String?) -> LaterErrorTexts {
        LaterErrorTexts(endpoint: endpoint, undetermined: undetermined, prefixesStatus: prefixesStatus,
                        dataNotFound: dataNotFound, special: rule)
    }

    /// The detail for `error`: the Python wording for HTTP answers, this binary's own for the
    /// rest (no answer at all, an answer that is not JSON), as v1 words them.
    func message(_ error: DarktraceError) -> String {
        switch error {
        case .http(let status, _, let body):
            return httpMessage(status: status, body: body)
        case .htmlPage:
            return Self.privilege
        default:
            return error.message
        }
    }

    private func httpMessage(status: Int, body: [UInt8]) -> String {
        let prefix = prefixesStatus ? "\(status) - " : ""
        if let special, let text = special(status, body) { return text }
        switch status {
        case 400:
            if let values = jsonObjectValues(body) {
                if values.contains(.string("API SIGNATURE ERROR")) { return prefix + Self.signature }
                if values.contains(.string("API DATE ERROR")) { return prefix + Self.date }
            }
        case 302:
            let text = String(decoding: body, as: UTF8.self)
            if text == "Found. Redirecting to /login" { return prefix + endpoint }
            if text == "Found. Redirecting to /403" { return prefix + Self.privilege }
        case 404 where dataNotFound != nil:
            let detail = dataNotFound ?? ""
            if case .object(let o)? = try? JSONParser.parse(body), let e = o["error"], e.isTruthy {
                return "\(prefix)\(detail) \(e.pythonStr())."
            }
            return prefix + detail
        case 300...:
            return prefix + undetermined
        default:
            break
        }
        return "Your request failed with the following error: \(pythonBytesRepr(body)). Response Status code: \(status)"
    }

    /// The values of a JSON object body (Python's `res.json().values()`); nil for anything else.
    private func jsonObjectValues(_ body: [UInt8]) -> [JSONValue]? {
        guard case .object(let o)? = try? JSONParser.parse(body) else { return nil }
        return o.members.map(\.value)
    }
}

/// Python's `repr()` of a `bytes` value (`str(res.content)`): `b'...'` with `\\`, `\t`, `\n`,
/// `\r` and `\xNN` escapes; double quotes around it when the bytes hold `'` and no `"`.
func pythonBytesRepr(_ bytes: [UInt8]) -> String {
    let quote: UInt8 = bytes.contains(0x27) && !bytes.contains(0x22) ? 0x22 : 0x27
    var out: [UInt8] = [0x62, quote]
    out += pythonBytesReprBody(bytes, quote: quote)
    out.append(quote)
    return String(decoding: out, as: UTF8.self)
}

/// The inside of a `bytes` repr delimited by `quote`: what the redactor must find a token as.
func pythonBytesReprBody(_ bytes: [UInt8], quote: UInt8) -> [UInt8] {
    var out: [UInt8] = []
    let hex = Array("0123456789abcdef".utf8)
    for b in bytes {
        switch b {
        case 0x5C: out += [0x5C, 0x5C]
        case 0x09: out += [0x5C, 0x74]
        case 0x0A: out += [0x5C, 0x6E]
        case 0x0D: out += [0x5C, 0x72]
        case quote: out += [0x5C, b]
        case 0x20..<0x7F: out.append(b)
        default: out += [0x5C, 0x78, hex[Int(b >> 4)], hex[Int(b & 0x0F)]]
        }
    }
    return out
}
