import HTTPTransport

/// A forward proxy a request goes through: where it listens and the credentials it wants.
///
/// Only `http://` proxies are spoken to (absolute-form requests for http, a CONNECT tunnel for
/// https); a URL without a scheme counts as one, as it does for libcurl and requests.
struct ProxyRoute: Equatable {
    /// The proxy's host as written (IPv6 in brackets) and port (80 when the URL names none, as in requests).
    let host: String
    let port: Int
    /// `Basic …` from the proxy URL's user information, or nil.
    let authorization: String?

    /// The proxy for `url` under `options`, or nil to connect directly.
    static func forRequest(to url: RequestURL, useSystemProxy: Bool,
                           environment: ProxyEnvironment = .process) throws(TransportError) -> ProxyRoute? {
        guard useSystemProxy, let setting = environment.proxy(scheme: url.scheme, host: url.bareHost) else {
            return nil
        }
        return try ProxyRoute(setting: setting)
    }

    init(setting: String) throws(TransportError) {
        let hasScheme = setting.firstIndex(of: ":").map { setting[$0...].hasPrefix("://") } ?? false
        let written = hasScheme ? setting : "http://" + setting
        let scheme = written.prefix { $0 != ":" }.lowercased()
        guard scheme == "http" else {
            throw .proxy(detail: "the proxy URL's scheme \"\(scheme.prefix(16))\" is not supported (use an http:// proxy)",
                         transient: false)
        }
        let parsed: RequestURL
        do {
            parsed = try RequestURL(parsing: written)
        } catch {
            throw .proxy(detail: "the proxy URL is not valid", transient: false)
        }
        host = parsed.bareHost
        port = parsed.port
        authorization = parsed.userinfo.map { "Basic " + BasicCredentials.encode($0) }
    }

    /// The CONNECT request that opens a tunnel to `url`'s host and port.
    func connectRequest(to url: RequestURL) -> [UInt8] {
        var head = "CONNECT \(url.hostAndPort) HTTP/1.1\r\nHost: \(url.hostAndPort)\r\n"
        if let authorization { head += "Proxy-Authorization: \(authorization)\r\n" }
        head += "\r\n"
        return Array(head.utf8)
    }
}
