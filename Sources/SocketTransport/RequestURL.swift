import HTTPTransport

/// An absolute `http`/`https` URL taken apart for sending: where to connect and what to ask for.
///
/// The parse is deliberately strict (RFC 3986 authority, ASCII only, no blanks or control
/// characters): the URL comes from the instance settings and the client's own percent-encoding,
/// so anything else is a mistake to report, not to repair.
struct RequestURL: Equatable {
    /// `http` or `https`, lower-case.
    let scheme: String
    /// `user:password` as written (still percent-encoded), or nil.
    let userinfo: String?
    /// The host as written, IPv6 literals in brackets (`[::1]`).
    let host: String
    /// The port to connect to: the explicit one, or 80/443.
    let port: Int
    /// True when the URL names a port that is not the scheme's default.
    let hasCustomPort: Bool
    /// Path and query, at least `/`; the fragment is never sent.
    let target: String

    init(parsing url: String) throws(TransportError) {
        if let bad = url.utf8.first(where: { $0 <= 0x20 || $0 >= 0x7F }) {
            throw .invalidURL(detail: bad == 0 ? "the URL contains a NUL byte"
                : "the URL contains a blank, control or non-ASCII character")
        }
        guard let colon = url.firstIndex(of: ":"), url[colon...].hasPrefix("://") else {
            throw .invalidURL(detail: "the URL has no scheme (http:// or https://)")
        }
        let scheme = url[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else {
            throw .invalidURL(detail: "the URL scheme \"\(scheme.prefix(20))\" is not http or https")
        }
        var rest = url[url.index(colon, offsetBy: 3)...]
        if let fragment = rest.firstIndex(of: "#") { rest = rest[..<fragment] }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        let path = rest[authorityEnd...]

        var userinfo: String?
        if let at = authority.lastIndex(of: "@") {
            userinfo = String(authority[..<at])
            authority = authority[authority.index(after: at)...]
        }
        let (host, portText) = try Self.splitHostAndPort(authority)
        let defaultPort = scheme == "https" ? 443 : 80
        var port = defaultPort
        if let portText, !portText.isEmpty {
            guard let number = portText.utf8.decimalValue(maximumDigits: 5), (1...65_535).contains(number) else {
                throw .invalidURL(detail: "the URL port \"\(portText.prefix(12))\" is not a number from 1 to 65535")
            }
            port = number
        }
        self.scheme = scheme
        self.userinfo = userinfo
        self.host = host
        self.port = port
        self.hasCustomPort = port != defaultPort
        self.target = path.isEmpty ? "/" : (path.hasPrefix("?") ? "/" + path : String(path))
    }

    /// The host without IPv6 brackets: what name resolution, TLS and `no_proxy` take.
    var bareHost: String {
        host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
    }

    /// The `Host` header value: the host, and the port when it is not the default.
    var hostHeader: String {
        hasCustomPort ? "\(host):\(port)" : host
    }

    /// `host:port` as a CONNECT request names it.
    var hostAndPort: String {
        "\(host):\(port)"
    }

    /// The URL in absolute form without user information, as a request to a proxy spells it.
    var absoluteForm: String {
        "\(scheme)://\(hostHeader)\(target)"
    }

    /// Splits `host[:port]` or `[v6]:port`, checking the host's characters.
    private static func splitHostAndPort(_ authority: Substring) throws(TransportError) -> (String, Substring?) {
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw .invalidURL(detail: "the URL's IPv6 address has no closing bracket")
            }
            let literal = authority[authority.index(after: authority.startIndex)..<close]
            guard !literal.isEmpty, literal.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw .invalidURL(detail: "the URL's IPv6 address is not valid")
            }
            let after = authority[authority.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else {
                throw .invalidURL(detail: "the URL has characters after its IPv6 address")
            }
            return ("[\(literal)]", after.isEmpty ? nil : after.dropFirst())
        }
        let colon = authority.firstIndex(of: ":")
        let host = authority[..<(colon ?? authority.endIndex)]
        guard !host.isEmpty else { throw .invalidURL(detail: "the URL has no host") }
        guard host.utf8.allSatisfy(isHostByte) else {
            throw .invalidURL(detail: "the URL's host \"\(host.prefix(64))\" has characters a host name cannot have")
        }
        return (String(host), colon.map { authority[authority.index(after: $0)...] })
    }

    /// RFC 3986 reg-name characters (unreserved and sub-delims, no percent-encoding).
    private static func isHostByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
             UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
