public import HTTPTransport
import Glibc

/// The production `HTTPTransport`: HTTP/1.1 over a TCP socket, with TLS from OpenSSL for https.
///
/// Written on plain sockets rather than on libcurl or URLSession because the engine starts one
/// process per command: libcurl and its thirty dependent libraries cost about 4 ms of dynamic
/// loading in every process, Foundation more, and OpenSSL is loaded here only when a request is
/// https. Each request gets a fresh connection that is closed after the response (no keep-alive),
/// so every attempt the caller makes is exactly one exchange on the wire.
public struct SocketTransport: HTTPTransport, Sendable {
    /// The network settings every request is sent with.
    public let options: TransportOptions

    /// Creates a transport that sends every request with `options`.
    public init(options: TransportOptions) {
        self.options = options
    }

    /// Sends `request` in exactly one attempt and returns the response, whatever its status.
    public func send(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        let url = try RequestURL(parsing: request.url)
        let proxy = try ProxyRoute.forRequest(to: url, useSystemProxy: options.useSystemProxy)
        let absoluteForm = proxy != nil && url.scheme == "http"
        var bytes = try RequestHead.bytes(for: request, url: url, target: absoluteForm ? url.absoluteForm : url.target,
                                          proxyAuthorization: absoluteForm ? proxy?.authorization : nil)
        if let body = request.body { bytes.append(contentsOf: body) }

        let total = Deadline.after(seconds: options.timeoutSeconds)
        let connecting = Deadline.earlier(total, .after(seconds: connectLimit))
        let connection = try open(url, via: proxy, deadline: connecting)
        if url.scheme == "https" {
            try startTLS(on: connection, for: url, deadline: connecting)
        }

        do {
            try connection.writeAll(bytes, deadline: total)
        } catch .timedOut {
            throw .timedOut(phase: .total, seconds: options.timeoutSeconds)
        } catch {
            throw .connectionLost(detail: "sending the request failed: \(error.detail)")
        }
        let reader = ResponseReader(source: connection, deadline: total)
        let head: ResponseHead
        let body: [UInt8]
        do {
            head = try reader.readHead()
            body = try reader.readBody(for: head, method: request.method)
        } catch {
            throw responseFailure(error)
        }
        do {
            let decoded = try BodyDecoding.decode(body, encoding: head.value("content-encoding"),
                                                  limit: ResponseReader.defaultMaximumBodySize, deadline: total)
            return HTTPResponse(status: head.status, headers: head.headers, body: decoded)
        } catch {
            if error.timedOut { throw .timedOut(phase: .total, seconds: options.timeoutSeconds) }
            throw .other(detail: error.detail)
        }
    }

    // MARK: Connecting

    /// A TCP connection to the server, or to the proxy with a tunnel through it for https.
    private func open(_ url: RequestURL, via proxy: ProxyRoute?, deadline: Deadline) throws(TransportError) -> Connection {
        guard let proxy else {
            do {
                return try Connection.open(host: url.bareHost, port: url.port, deadline: deadline)
            } catch .unresolved {
                throw .hostNotFound(host: url.host)
            } catch .refused(let detail) {
                throw .connectionFailed(host: url.host, detail: detail)
            } catch {
                throw .timedOut(phase: .connect, seconds: connectLimit)
            }
        }
        let connection: Connection
        do {
            connection = try Connection.open(host: proxy.host, port: proxy.port, deadline: deadline)
        } catch .unresolved(let host, let detail) {
            // Transient like a server's name failing to resolve would not be: the proxy is the
            // network path, and its name service may come back (requests retries it too).
            throw .proxy(detail: "Could not resolve proxy: \(host) (\(detail))", transient: true)
        } catch .refused(let detail) {
            throw .proxy(detail: detail, transient: true)
        } catch {
            throw .timedOut(phase: .connect, seconds: connectLimit)
        }
        if url.scheme == "https" {
            try openTunnel(through: connection, proxy: proxy, to: url, deadline: deadline)
        }
        return connection
    }

    /// Asks the proxy for a CONNECT tunnel to `url`'s host; nothing of the request is sent yet.
    private func openTunnel(through connection: Connection, proxy: ProxyRoute, to url: RequestURL,
                            deadline: Deadline) throws(TransportError) {
        let head: ResponseHead
        do {
            try connection.writeAll(proxy.connectRequest(to: url), deadline: deadline)
            head = try ResponseReader(source: connection, deadline: deadline).readHead()
        } catch let failure as StreamFailure where failure == .timedOut {
            throw .timedOut(phase: .connect, seconds: connectLimit)
        } catch ResponseFailure.stream(.timedOut, _) {
            throw .timedOut(phase: .connect, seconds: connectLimit)
        } catch {
            throw .proxy(detail: "the proxy closed or broke the connection before the tunnel was open", transient: true)
        }
        guard (200..<300).contains(head.status) else {
            // 407 (credentials), 403 (policy), 400 and the like will be the same next time.
            throw .proxy(detail: "CONNECT tunnel failed, response \(head.status)",
                         transient: [429, 502, 503, 504].contains(head.status))
        }
    }

    private func startTLS(on connection: Connection, for url: RequestURL, deadline: Deadline) throws(TransportError) {
        Self.ignoreBrokenPipes()
        do {
            try connection.startTLS(host: url.bareHost, verify: options.verifyTLS,
                                    trust: TrustStore.forVerification(options.verifyTLS), deadline: deadline)
        } catch .timedOut {
            throw .timedOut(phase: .connect, seconds: connectLimit)
        } catch {
            throw .tls(detail: error.detail, kind: connection.certificateProblem)
        }
    }

    // MARK: Failures

    private func responseFailure(_ failure: ResponseFailure) -> TransportError {
        switch failure {
        case .stream(.timedOut, _): return .timedOut(phase: .total, seconds: options.timeoutSeconds)
        case .stream(let stream, _): return .connectionLost(detail: stream.detail)
        case .truncated(let detail): return .connectionLost(detail: detail)
        case .malformed(let detail): return .other(detail: detail)
        case .tooLarge(let limit): return .other(detail: BodyDecoding.tooLargeText(limit))
        }
    }

    /// The limit on connecting (TCP, proxy tunnel and TLS handshake): the shorter of the two settings.
    var connectLimit: Double {
        let connect = options.connectTimeoutSeconds
        let total = options.timeoutSeconds
        guard connect > 0 else { return total > 0 ? min(total, Self.defaultConnectTimeout) : Self.defaultConnectTimeout }
        guard total > 0 else { return connect }
        return min(connect, total)
    }

    /// The connect limit when none is set, as libcurl and requests' urllib3 both bound it at 300 s.
    static let defaultConnectTimeout: Double = 300

    /// OpenSSL writes to the socket with write(2), which raises SIGPIPE when the peer has gone;
    /// the process must get EPIPE (a reportable error) instead of being killed by the signal.
    private static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }
}
