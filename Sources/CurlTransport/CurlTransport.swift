public import HTTPTransport
import CCurlShim

/// The production `HTTPTransport`: each request is one libcurl transfer on a fresh connection.
///
/// libcurl rather than URLSession because Foundation on Linux can neither skip certificate
/// verification nor ignore the proxy environment, and loading Foundation would slow the start of
/// every command. Connections are deliberately not kept alive between requests: on a reused
/// connection that turns out dead libcurl re-sends the request by itself, and the caller, which
/// owns retries, must see every attempt.
public struct CurlTransport: HTTPTransport, Sendable {
    /// The network settings every request is sent with.
    public let options: TransportOptions

    /// Creates a transport that sends every request with `options`.
    public init(options: TransportOptions) {
        self.options = options
    }

    /// Sends `request` in exactly one attempt and returns the response, whatever its status.
    public func send(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        let target = try RequestTarget(parsing: request.url)
        let headerLines = try Self.headerLines(for: request)
        let easy = try CurlEasy()
        let proxy = try configureProxy(easy, for: target)
        try configureConnection(easy)
        try configureRequest(easy, request, headerLines: headerLines)

        let code = easy.perform()
        guard code == CURLE_OK else {
            throw failure(code, of: easy, target: target, throughProxy: proxy != nil)
        }
        return HTTPResponse(status: easy.info(CURLINFO_RESPONSE_CODE),
                            headers: easy.responseHeaders,
                            body: easy.takeResponseBody())
    }

    // MARK: Configuration

    /// Settles the proxy question on the handle; returns the proxy the request will go through, if any.
    private func configureProxy(_ easy: CurlEasy, for target: RequestTarget) throws(TransportError) -> String? {
        guard options.useSystemProxy else {
            // An empty CURLOPT_PROXY stops libcurl from reading *_proxy variables; the `*` no-proxy
            // list is a second lock in case a future libcurl treats the empty string differently.
            try easy.set(CURLOPT_PROXY, "")
            try easy.set(CURLOPT_NOPROXY, "*")
            return nil
        }
        let environment = ProxyEnvironment.process
        if let uppercase = environment.uppercaseHTTPProxy(scheme: target.scheme) {
            // Set explicitly because libcurl ignores HTTP_PROXY; it still applies no_proxy to it.
            try easy.set(CURLOPT_PROXY, uppercase)
        }
        // Otherwise libcurl reads the environment itself (including no_proxy) at perform time.
        return environment.proxy(scheme: target.scheme, host: target.bareHost)
    }

    private func configureConnection(_ easy: CurlEasy) throws(TransportError) {
        try easy.installCollectors()
        // Without it libcurl uses SIGALRM for DNS timeouts, which is unsafe in a threaded process.
        try easy.set(CURLOPT_NOSIGNAL, 1)
        try easy.set(CURLOPT_FOLLOWLOCATION, 0)
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(options.connectTimeoutSeconds))
        try easy.set(CURLOPT_TIMEOUT_MS, Self.milliseconds(options.timeoutSeconds))
        // An empty list means "every encoding libcurl can decode", and libcurl then decodes the body.
        try easy.set(CURLOPT_ACCEPT_ENCODING, "")
        // HTTP/1.1 as the Python integration spoke it; appliances' HTTP/2 support is not relied on.
        try easy.set(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1))
        // The proxy's CONNECT answer is not part of the response the caller asked for.
        try easy.set(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1)
        easy.setIfSupported(CURLOPT_PROTOCOLS_STR, "http,https")

        let verify = options.verifyTLS ? 1 : 0
        try easy.set(CURLOPT_SSL_VERIFYPEER, verify)
        // 2 is libcurl's "name must match"; 1 is an obsolete value that libcurl treats the same.
        try easy.set(CURLOPT_SSL_VERIFYHOST, options.verifyTLS ? 2 : 0)
        // `insecure` also covers an HTTPS proxy, as it does in requests.
        try easy.set(CURLOPT_PROXY_SSL_VERIFYPEER, verify)
        try easy.set(CURLOPT_PROXY_SSL_VERIFYHOST, options.verifyTLS ? 2 : 0)

        let trust = TrustStore.forVerification(options.verifyTLS)
        if !trust.useLibraryDefaults {
            try easy.set(CURLOPT_CAINFO, trust.caFile)
            try easy.set(CURLOPT_CAPATH, trust.caPath)
        }
    }

    private func configureRequest(_ easy: CurlEasy, _ request: HTTPRequest,
                                  headerLines: [String]) throws(TransportError) {
        let method = request.method
        if method == "POST" || request.body != nil {
            try easy.setPostFields(request.body ?? [])
            if method != "POST" {
                try easy.set(CURLOPT_CUSTOMREQUEST, method)
            }
        } else if method == "GET" {
            try easy.set(CURLOPT_HTTPGET, 1)
        } else if method == "HEAD" {
            try easy.set(CURLOPT_NOBODY, 1)
        } else {
            try easy.set(CURLOPT_CUSTOMREQUEST, method)
        }
        try easy.setHeaderLines(headerLines)
        try easy.set(CURLOPT_URL, request.url)
    }

    /// Converts a limit in seconds to libcurl's milliseconds; 0 (no limit) for a non-positive value.
    static func milliseconds(_ seconds: Double) -> Int {
        guard seconds.isFinite, seconds > 0 else { return 0 }
        let milliseconds = (seconds * 1000).rounded(.up)
        // Clamped before converting, since an out-of-range Double-to-Int conversion traps.
        return milliseconds >= Double(Int32.max) ? Int(Int32.max) : Int(milliseconds)
    }
}
