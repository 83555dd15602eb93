/// One HTTP exchange at a time: the seam between the Darktrace client and the network.
///
/// The production implementation is `CurlTransport`; tests inject a closure-backed fake
/// (`ClosureTransport`) or a replay of recorded exchanges. A transport makes exactly one attempt:
/// retries, back-off and error wording belong to the caller.
public protocol HTTPTransport {
    /// Sends one request and returns the response, whatever its status (redirects are not followed).
    func send(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse
}

/// A request as it goes on the wire.
public struct HTTPRequest: Sendable, Equatable {
    /// `GET` or `POST`.
    public var method: String
    /// The absolute URL, already percent-encoded (`https://host:port/prefix/path?k=v`).
    public var url: String
    /// Header fields in the order they are sent.
    public var headers: [HTTPHeader]
    /// The body, for a POST.
    public var body: [UInt8]?

    public init(method: String, url: String, headers: [HTTPHeader] = [], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// A response with its body fully read (and decompressed when it was sent gzip-encoded).
public struct HTTPResponse: Sendable, Equatable {
    /// The status code, e.g. 200.
    public var status: Int
    /// Header fields as received (names in their original case).
    public var headers: [HTTPHeader]
    /// The body bytes.
    public var body: [UInt8]

    public init(status: Int, headers: [HTTPHeader] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of a header field, matched case-insensitively.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}

/// One header field.
public struct HTTPHeader: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// How the production transport connects: the instance settings that concern the network.
public struct TransportOptions: Sendable, Equatable {
    /// Verify the server certificate and host name (the `insecure` setting turns this off).
    public var verifyTLS: Bool
    /// Use the `http_proxy`/`https_proxy`/`no_proxy` environment (either case); false connects directly.
    public var useSystemProxy: Bool
    /// Bound on one whole attempt (connect, send, receive), in seconds.
    public var timeoutSeconds: Double
    /// Bound on establishing the connection (TCP + TLS), in seconds.
    public var connectTimeoutSeconds: Double

    public init(verifyTLS: Bool = true, useSystemProxy: Bool = false,
                timeoutSeconds: Double = 60, connectTimeoutSeconds: Double = 15) {
        self.verifyTLS = verifyTLS
        self.useSystemProxy = useSystemProxy
        self.timeoutSeconds = timeoutSeconds
        self.connectTimeoutSeconds = min(connectTimeoutSeconds, timeoutSeconds)
    }
}

/// Why an attempt produced no HTTP response.
public enum TransportError: Error, Sendable, Equatable {
    /// The host name did not resolve (the host is named).
    case hostNotFound(host: String)
    /// The TCP connection could not be made: refused, unreachable (host and detail given).
    case connectionFailed(host: String, detail: String)
    /// The TLS handshake failed or the certificate was not accepted; the detail names the problem,
    /// `kind` what sort of problem it is (which decides what the user can do about it).
    case tls(detail: String, kind: TLSFailureKind)
    /// A limit ran out: `connect` or `total`, with the limit in seconds.
    case timedOut(phase: TimeoutPhase, seconds: Double)
    /// The connection broke after the request was (possibly) sent: reset, closed early, truncated body.
    /// A POST that fails this way may have reached the server and must not be repeated.
    case connectionLost(detail: String)
    /// The proxy could not be reached or refused the tunnel. `transient` is true when another
    /// attempt may get through (unreachable, dropped, 502-504), false when it cannot (an unusable
    /// proxy URL, a 407 or 403): retrying a configuration error only adds waiting.
    case proxy(detail: String, transient: Bool)
    /// The URL was not usable (bad scheme, malformed).
    case invalidURL(detail: String)
    /// Anything else, with the library's own words.
    case other(detail: String)

    /// Which limit a `timedOut` hit.
    public enum TimeoutPhase: String, Sendable, Equatable {
        case connect
        case total
    }

    /// True when the request certainly did not reach the server, so even a POST may be sent again.
    public var requestCertainlyNotSent: Bool {
        switch self {
        case .hostNotFound, .connectionFailed, .proxy, .invalidURL: return true
        case .timedOut(let phase, _): return phase == .connect
        case .tls, .connectionLost, .other: return false
        }
    }
}

/// What a failed TLS handshake was about.
public enum TLSFailureKind: String, Sendable, Equatable {
    /// The chain is not trusted (self-signed, unknown issuer, expired): turning verification off gets past it.
    case untrustedCertificate
    /// The chain is trusted but the certificate names another host: the Server URL should use a name it carries.
    case nameMismatch
    /// The handshake itself failed (protocol version, ciphers, a peer that speaks no TLS): no setting helps.
    case handshake
}

/// A transport backed by a closure: the test double, after swift-openapi-runtime's mock transports.
public struct ClosureTransport: HTTPTransport {
    private let handler: (HTTPRequest) throws(TransportError) -> HTTPResponse

    /// Creates a transport that answers every request with `handler`.
    public init(_ handler: @escaping (HTTPRequest) throws(TransportError) -> HTTPResponse) {
        self.handler = handler
    }

    public func send(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        try handler(request)
    }
}
