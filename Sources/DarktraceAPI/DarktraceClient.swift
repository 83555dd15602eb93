public import HTTPTransport
public import OrderedJSON
public import CivilTime
import ByteText

/// Talks to the Darktrace API: builds and signs requests, retries what may be retried, and turns
/// answers into JSON or a `DarktraceError`. It knows nothing of XSOAR.
public struct DarktraceClient {
    /// The server as configured: scheme, host and any path prefix, without a trailing slash.
    public let baseURL: String
    let signer: RequestSigner
    /// The two tokens in every form, taken out of answers before they are quoted (or cut).
    let redaction: Redaction
    let transport: any HTTPTransport
    let retryPolicy: RetryPolicy
    let clock: @Sendable () -> Int64
    let sleep: @Sendable (Double) -> Void
    let log: @Sendable (String) -> Void

    /// Creates a client; the URL must be http(s) with a host (a path prefix and trailing slash are fine).
    ///
    /// - Parameters:
    ///   - clock: epoch milliseconds now (DTAPI-Date).
    ///   - sleep: waits between retries (tests pass a recorder instead of waiting).
    ///   - log: one line per notable event; never given a token.
    public init(baseURL: String, publicToken: String, privateToken: String, transport: any HTTPTransport,
                retryPolicy: RetryPolicy = .standard,
                clock: @escaping @Sendable () -> Int64 = CivilTime.nowMilliseconds,
                sleep: @escaping @Sendable (Double) -> Void = { _ in },
                log: @escaping @Sendable (String) -> Void = { _ in }) throws(DarktraceError) {
        self.baseURL = try Self.normalizedBaseURL(baseURL)
        self.signer = RequestSigner(publicToken: publicToken, privateToken: privateToken)
        self.redaction = Redaction(secrets: [privateToken, publicToken])
        self.transport = transport
        self.retryPolicy = retryPolicy
        self.clock = clock
        self.sleep = sleep
        self.log = log
    }

    /// The URL without trailing slashes; an error unless it is http(s)://host[…].
    static func normalizedBaseURL(_ raw: String) throws(DarktraceError) -> String {
        var url = Substring(raw.trimmingSpaces)
        while url.last == "/" { url.removeLast() }
        let lower = url.lowercased()
        let schemeLength: Int
        if lower.hasPrefix("https://") { schemeLength = 8 } else if lower.hasPrefix("http://") { schemeLength = 7 } else {
            throw .invalidBaseURL(raw)
        }
        let rest = url.dropFirst(schemeLength)
        guard let first = rest.first, first != "/", first != "?", first != "#",
              !rest.unicodeScalars.contains(where: { $0.value <= 0x20 || $0 == "?" || $0 == "#" || $0.value == 0x7F }) else {
            throw .invalidBaseURL(raw)
        }
        return String(url)
    }

    /// The base URL as it may be shown (links in results): without any `user:password@`.
    public var displayBaseURL: String {
        let bytes = Array(baseURL.utf8)
        guard let separator = bytes.firstOccurrence(of: Array("://".utf8)) else { return baseURL }
        let start = separator + 3
        let end = bytes[start...].firstIndex(of: UInt8(ascii: "/")) ?? bytes.count
        guard let at = bytes[start..<end].lastIndex(of: UInt8(ascii: "@")) else { return baseURL }
        return String(decoding: bytes[..<start] + bytes[(at + 1)...], as: UTF8.self)
    }

    /// `text` without the tokens, in any form: for text quoted from an answer before it is cut.
    public func redact(_ text: String) -> String {
        redaction.redact(text)
    }

    /// The host part of the base URL, for messages.
    public var host: String {
        var rest = Substring(baseURL)
        if let colon = rest.firstIndex(of: ":") { rest = rest[colon...].drop { $0 == ":" || $0 == "/" } }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        return String(rest)
    }

    /// GET `path` with `query` (decoded pairs, sent percent-encoded and signed decoded).
    public func get(_ path: String, query: [QueryItem] = []) throws(DarktraceError) -> JSONValue {
        let wireQuery = query.map(\.encoded).joined(separator: "&")
        let url = baseURL + path + (query.isEmpty ? "" : "?" + wireQuery)
        return try send(method: "GET", url: url, signed: RequestSigner.signedString(path: path, query: query),
                        body: nil, describe: path)
    }

    /// POST a form to `path?query`; the signature covers `path?body` as Darktrace verifies it.
    public func postForm(_ path: String, query: [QueryItem], form: [QueryItem]) throws(DarktraceError) -> JSONValue {
        let encode: ([QueryItem]) -> String = { $0.map(\.encoded).joined(separator: "&") }
        let body = encode(form)
        let url = baseURL + path + (query.isEmpty ? "" : "?" + encode(query))
        return try send(method: "POST", url: url, signed: RequestSigner.signedString(path: path, formBody: body),
                        body: Array(body.utf8), contentType: "application/x-www-form-urlencoded", describe: path)
    }

    /// POST `json` to `path` as the Python integrations send it: `json.dumps` text (`", "` and
    /// `": "` separators, ASCII escapes), signed as `path?` + that exact text.
    public func postJSON(_ path: String, json: JSONValue) throws(DarktraceError) -> JSONValue {
        let text = json.pythonJSONDumps()
        return try send(method: "POST", url: baseURL + path, signed: RequestSigner.signedString(path: path, formBody: text),
                        body: Array(text.utf8), contentType: "application/json", describe: path)
    }

    /// Epoch milliseconds now, by the clock the requests are signed with.
    public var nowMilliseconds: Int64 {
        clock()
    }

    private func send(method: String, url: String, signed: String, body: [UInt8]?, contentType: String? = nil,
                      describe: String) throws(DarktraceError) -> JSONValue {
        var attempt = 1
        while true {
            let date = RequestSigner.dateHeader(epochSeconds: CivilTime.floorDivide(clock(), 1000).quotient)
            var headers = signer.headers(signed: signed, date: date).map { HTTPHeader($0.name, $0.value) }
            headers.append(HTTPHeader("Accept", "application/json"))
            if let contentType { headers.append(HTTPHeader("Content-Type", contentType)) }
            let request = HTTPRequest(method: method, url: url, headers: headers, body: body)
            let response: HTTPResponse
            do {
                response = try transport.send(request)
            } catch {
                guard let wait = retryPolicy.delay(after: error, attempt: attempt, method: method) else {
                    throw .transport(error, host: host, attempts: attempt)
                }
                log("\(method) \(describe): \(DarktraceError.transportMessage(error, host: host)) Retrying in \(wait) s (attempt \(attempt + 1) of \(retryPolicy.maxAttempts)).")
                sleep(wait)
                attempt += 1
                continue
            }
            if let wait = retryPolicy.delay(after: response, attempt: attempt, method: method) {
                log("\(method) \(describe): HTTP \(response.status). Retrying in \(wait) s (attempt \(attempt + 1) of \(retryPolicy.maxAttempts)).")
                sleep(wait)
                attempt += 1
                continue
            }
            return try Self.decode(response, redaction: redaction)
        }
    }

    /// The JSON of a 2xx answer, or the error it stands for. Bodies an error quotes are redacted
    /// whole, before anything cuts them (the first 120 bytes here, 64 KB in `message`).
    static func decode(_ response: HTTPResponse, redaction: Redaction = .none) throws(DarktraceError) -> JSONValue {
        guard (200..<300).contains(response.status) else {
            throw .http(status: response.status, location: response.header("Location"), body: redaction.redact(response.body))
        }
        if looksLikeHTML(response) { throw .htmlPage(status: response.status) }
        do {
            return try JSONParserFacade.parse(response.body)
        } catch {
            // The parser's byte offset is the original body's; only the quoted text is redacted.
            let prefix = String(decoding: redaction.redact(response.body).prefix(120), as: UTF8.self)
            throw .invalidJSON(detail: response.body.isEmpty ? "the body is empty" : error.description,
                               bodyPrefix: prefix.isEmpty ? "(nothing)" : prefix)
        }
    }

    private static func looksLikeHTML(_ response: HTTPResponse) -> Bool {
        if let type = response.header("Content-Type")?.lowercased(), type.containsBytes(of: "text/html") { return true }
        let start = response.body.prefix(64).drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        let head = String(decoding: start.prefix(14), as: UTF8.self).lowercased()
        return head.hasPrefix("<!doctype html") || head.hasPrefix("<html")
    }
}
