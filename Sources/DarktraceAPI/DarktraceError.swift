public import HTTPTransport
import ByteText

/// Everything that can go wrong talking to Darktrace, with the context to explain it.
///
/// `message` is the one place these become user-facing text. No case carries a token.
public enum DarktraceError: Error, Sendable, Equatable {
    /// The `url` setting is not an http(s) URL.
    case invalidBaseURL(String)
    /// Darktrace answered with a non-2xx status (redirects included: they are never followed).
    case http(status: Int, location: String?, body: [UInt8])
    /// A 2xx answer that is an HTML page (Darktrace's login page) instead of JSON.
    case htmlPage(status: Int)
    /// A 2xx answer whose body is not JSON.
    case invalidJSON(detail: String, bodyPrefix: String)
    /// No HTTP answer at all, after the retries the request allowed.
    case transport(TransportError, host: String, attempts: Int)

    /// True when the failure means the credentials (or permissions) are wrong: 400 API SIGNATURE
    /// ERROR, 401, 403, a redirect to /login or /403, or an HTML login page.
    public var isAuthorizationFailure: Bool {
        switch self {
        case .http(let status, let location, let body):
            if status == 401 || status == 403 { return true }
            if status == 400 { return contains(body, "API SIGNATURE ERROR") }
            if (300..<400).contains(status) {
                let target = location ?? String(decoding: body, as: UTF8.self)
                return target.containsBytes(of: "/login") || target.containsBytes(of: "/403")
            }
            return false
        case .htmlPage:
            return true
        default:
            return false
        }
    }

    /// True for 400 API DATE ERROR: our clock and Darktrace's differ too much.
    public var isClockSkew: Bool {
        if case .http(400, _, let body) = self { return contains(body, "API DATE ERROR") }
        return false
    }

    /// The detail shown to the user (after "Failed to execute … command.\nError:\n").
    public var message: String {
        switch self {
        case .invalidBaseURL(let url):
            // Credentials masked first, then cut, so that no part of them is left to show.
            let masked = Redaction.maskingCredentials(in: url)
            let shown = masked.count > 200 ? masked.prefix(200) + "…" : masked
            return "Invalid Server URL \"\(shown)\": it must start with https:// (or http://) and name a host, e.g. https://darktrace.example.com."
        case .http(let status, _, let body):
            return "Error in API call [\(status)] - \(HTTPStatus.reasonPhrase(status))\n" + Self.bodyText(body)
        case .htmlPage(let status):
            return "Darktrace answered [\(status)] with an HTML page (its login page) instead of JSON: "
                + "check the Server URL and that the API tokens are valid and allowed to use this endpoint."
        case .invalidJSON(let detail, let prefix):
            return "Darktrace's answer is not valid JSON (\(detail)). It began: \(prefix)"
        case .transport(let error, let host, let attempts):
            let tries = attempts > 1 ? " (after \(attempts) attempts)" : ""
            return Self.transportMessage(error, host: host) + tries
        }
    }

    /// The most of an error body quoted in a message: every real Darktrace error fits many times
    /// over, while a misbehaving proxy's 100 MB page must not become a 100 MB War Room entry.
    public static let maximumQuotedBody = 65_536

    /// A body as the Python integration quoted it: JSON re-serialized by `json.dumps`, else text;
    /// beyond `maximumQuotedBody` bytes, the start of the raw text and how much was left out.
    static func bodyText(_ body: [UInt8]) -> String {
        if body.count > maximumQuotedBody {
            var cut = maximumQuotedBody
            while cut > 0 && body[cut] & 0xC0 == 0x80 { cut -= 1 }  // not inside a UTF-8 sequence
            return String(decoding: body[..<cut], as: UTF8.self) + "\n… (\(body.count - cut) more bytes not shown)"
        }
        if let parsed = try? JSONParserFacade.parse(body) { return parsed.pythonJSONDumps() }
        return String(decoding: body, as: UTF8.self)
    }

    static func transportMessage(_ error: TransportError, host: String) -> String {
        switch error {
        case .hostNotFound(let h):
            return "Could not resolve host \"\(h.isEmpty ? host : h)\": check the Server URL and DNS."
        case .connectionFailed(let h, let detail):
            return "Could not connect to \(h.isEmpty ? host : h): \(detail). Check the Server URL, the port and the network path."
        case .tls(let detail, let kind):
            // "Trust any certificate" only where it is the cure: an untrusted chain, not a wrong
            // name (the Server URL is) nor a failed handshake (which verification has no part in).
            switch kind {
            case .untrustedCertificate:
                return "TLS connection to \(host) failed: \(detail). If Darktrace uses a self-signed certificate, "
                    + "enable \"Trust any certificate (not secure)\" (insecure) or install its CA."
            case .nameMismatch:
                return "TLS connection to \(host) failed: \(detail). The certificate does not name this host: "
                    + "use the host name it was issued for in the Server URL."
            case .handshake:
                return "TLS connection to \(host) failed: \(detail)."
            }
        case .timedOut(let phase, let seconds):
            let limit = Self.secondsText(seconds)
            switch phase {
            case .connect: return "Timed out connecting to \(host) after \(limit) s (connect timeout)."
            case .total: return "Timed out waiting for \(host) to answer after \(limit) s (the timeout setting)."
            }
        case .connectionLost(let detail):
            return "The connection to \(host) broke before the answer was complete: \(detail)."
        case .proxy(let detail, _):
            return "Could not go through the system proxy to reach \(host): \(detail). Check https_proxy/http_proxy, or turn off \"Use system proxy settings\"."
        case .invalidURL(let detail):
            return "Invalid request URL for \(host): \(detail)."
        case .other(let detail):
            return "Request to \(host) failed: \(detail)."
        }
    }

    private static func secondsText(_ s: Double) -> String {
        s == s.rounded() && abs(s) < 1e15 ? String(Int64(s)) : String(s)
    }
}

private func contains(_ body: [UInt8], _ needle: String) -> Bool {
    body.firstOccurrence(of: Array(needle.utf8)) != nil
}
