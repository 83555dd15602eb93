import HTTPTransport
import OrderedJSON

/// Serves recorded exchanges in order and remembers every way the command strayed from them:
/// a request that was not recorded, one sent with other parameters, or a recorded one left unused.
final class ReplayTransport: HTTPTransport {
    /// One recorded request and the response to give it.
    struct Exchange {
        var method: String
        var path: String
        var query: [QueryPair]
        var body: String?
        var response: HTTPResponse
    }

    /// A decoded query pair; `value` nil for a bare name.
    struct QueryPair: Equatable, CustomStringConvertible {
        var name: String
        var value: String?
        var description: String { value.map { "\(name)=\($0)" } ?? name }
    }

    private let exchanges: [Exchange]
    private let baseURL: String
    private(set) var used = 0
    private(set) var problems: [String] = []
    private(set) var sent: [HTTPRequest] = []

    init(exchanges: [Exchange], baseURL: String) {
        self.exchanges = exchanges
        self.baseURL = baseURL
    }

    func send(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        sent.append(request)
        guard used < exchanges.count else {
            problems.append("unrecorded request \(request.method) \(request.url)")
            return HTTPResponse(status: 599, body: Array("replay: no recorded exchange left".utf8))
        }
        let expected = exchanges[used]
        used += 1
        guard request.url.hasPrefix(baseURL) else {
            problems.append("request \(request.url) does not start with \(baseURL)")
            return expected.response
        }
        let target = String(request.url.dropFirst(baseURL.count))
        let (path, query) = Self.split(target)
        let body = request.body.map { String(decoding: $0, as: UTF8.self) }
        if request.method != expected.method || path != expected.path || query != expected.query || body != expected.body {
            problems.append("request #\(used): sent \(request.method) \(path) \(query) body \(body ?? "nil"); "
                + "recorded \(expected.method) \(expected.path) \(expected.query) body \(expected.body ?? "nil")")
        }
        return expected.response
    }

    /// What went wrong, including recorded exchanges the command never asked for.
    var allProblems: [String] {
        problems + (used < exchanges.count ? ["\(exchanges.count - used) recorded exchange(s) left unused"] : [])
    }

    /// Splits a target into its path and decoded query pairs (`%XX` decoded; `+` is not a space here).
    static func split(_ target: String) -> (String, [QueryPair]) {
        guard let q = target.firstIndex(of: "?") else { return (target, []) }
        let pairs = target[target.index(after: q)...].split(separator: "&", omittingEmptySubsequences: false).map { part in
            if let eq = part.firstIndex(of: "=") {
                return QueryPair(name: percentDecode(part[..<eq]), value: percentDecode(part[part.index(after: eq)...]))
            }
            return QueryPair(name: percentDecode(part), value: nil)
        }
        return (String(target[..<q]), pairs)
    }

    static func percentDecode(_ s: Substring) -> String {
        var out: [UInt8] = []
        var bytes = Array(s.utf8)[...]
        while let b = bytes.popFirst() {
            if b == UInt8(ascii: "%"), bytes.count >= 2,
               let v = UInt8(String(decoding: bytes.prefix(2), as: UTF8.self), radix: 16) {
                out.append(v)
                bytes = bytes.dropFirst(2)
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension ReplayTransport.Exchange {
    /// Reads one exchange of `exchanges.json`.
    init?(json: JSONValue) {
        guard let request = json["request"]?.objectValue, let response = json["response"]?.objectValue,
              let method = request["method"]?.stringValue, let path = request["path"]?.stringValue else { return nil }
        self.method = method
        self.path = path
        self.query = (request["query"]?.arrayValue ?? []).compactMap { pair in
            guard let items = pair.arrayValue, let name = items.first?.stringValue else { return nil }
            return ReplayTransport.QueryPair(name: name, value: items.count > 1 ? items[1].stringValue : nil)
        }
        self.body = request["body"]?.stringValue
        let status = response["status"]?.numberValue?.intValue ?? 200
        let headers = (response["headers"]?.objectValue?.members ?? []).map {
            HTTPHeader($0.key, $0.value.stringValue ?? "")
        }
        let bodyBytes: [UInt8]
        if let text = response["bodyText"]?.stringValue {
            bodyBytes = Array(text.utf8)
        } else {
            bodyBytes = (response["body"] ?? .null).compactJSONBytes()
        }
        self.response = HTTPResponse(status: status, headers: headers, body: bodyBytes)
    }
}
