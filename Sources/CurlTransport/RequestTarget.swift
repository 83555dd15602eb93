import CCurlShim
import HTTPTransport

/// The scheme and host of a request URL, as libcurl's own parser reads them.
///
/// Parsing with libcurl's URL API, rather than by hand, keeps the host named in errors and the
/// host matched against `no_proxy` identical to the one libcurl connects to.
struct RequestTarget: Equatable {
    /// `http` or `https`, lower-case.
    let scheme: String
    /// The host as written in the URL, IPv6 literals in brackets (`[::1]`).
    let host: String

    init(parsing url: String) throws(TransportError) {
        guard !url.utf8.contains(0) else {
            throw .invalidURL(detail: "the URL contains a NUL byte")
        }
        guard let parser = curl_url() else {
            throw .other(detail: "libcurl could not allocate a URL parser")
        }
        defer { curl_url_cleanup(parser) }

        let parsed = curl_url_set(parser, CURLUPART_URL, url, 0)
        guard parsed == CURLUE_OK else {
            throw .invalidURL(detail: "the URL is not valid: \(Self.describe(parsed))")
        }
        guard let scheme = Self.part(CURLUPART_SCHEME, of: parser)?.lowercased() else {
            throw .invalidURL(detail: "the URL has no scheme")
        }
        guard scheme == "http" || scheme == "https" else {
            throw .invalidURL(detail: "the URL scheme \"\(scheme)\" is not http or https")
        }
        guard let host = Self.part(CURLUPART_HOST, of: parser), !host.isEmpty else {
            throw .invalidURL(detail: "the URL has no host")
        }
        self.scheme = scheme
        self.host = host
    }

    /// The host without IPv6 brackets, the form `no_proxy` entries are written in.
    var bareHost: String {
        guard host.hasPrefix("["), let close = host.firstIndex(of: "]") else { return host }
        return String(host[host.index(after: host.startIndex)..<close])
    }

    private static func part(_ which: CURLUPart, of parser: OpaquePointer) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard curl_url_get(parser, which, &value, 0) == CURLUE_OK, let value else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }

    private static func describe(_ code: CURLUcode) -> String {
        guard let text = curl_url_strerror(code) else { return "URL error \(code.rawValue)" }
        return String(cString: text)
    }
}
