import Glibc

/// The proxy settings of the process environment, read the way libcurl reads them, plus the
/// upper-case `HTTP_PROXY` that libcurl ignores but the Python integration (through `requests`)
/// honoured.
struct ProxyEnvironment {
    private let lookup: (String) -> String?

    /// Reads variables through `lookup`; an empty value counts as unset, as it does for libcurl.
    init(lookup: @escaping (String) -> String?) {
        self.lookup = lookup
    }

    /// The environment of this process, read at the moment of each lookup.
    static var process: ProxyEnvironment {
        ProxyEnvironment { name in
            guard let value = getenv(name) else { return nil }
            return String(cString: value)
        }
    }

    /// The upper-case `HTTP_PROXY` for an `http` URL, when it applies.
    ///
    /// libcurl skips `HTTP_PROXY` because in a CGI program it can be set by a request's `Proxy:`
    /// header ("httpoxy"). This process is no CGI program, and `requests` (which the Python
    /// integration used) honours the variable, so it is honoured here too, unless the lower-case
    /// `http_proxy` is set (it wins, as in libcurl) or `REQUEST_METHOD` marks a CGI environment
    /// (where Python's urllib ignores it too).
    func uppercaseHTTPProxy(scheme: String) -> String? {
        guard scheme == "http", value("http_proxy") == nil, value("REQUEST_METHOD") == nil else {
            return nil
        }
        return value("HTTP_PROXY")
    }

    /// The proxy a request to `host` over `scheme` goes through, or nil when it goes direct.
    ///
    /// libcurl's order: `<scheme>_proxy`, then `<SCHEME>_PROXY` (`HTTP_PROXY` only as
    /// `uppercaseHTTPProxy` allows), then `all_proxy`/`ALL_PROXY`; then `no_proxy` (or `NO_PROXY`)
    /// can exclude the host.
    func proxy(scheme: String, host: String) -> String? {
        let lower = scheme.lowercased()
        var candidate = value("\(lower)_proxy")
        if candidate == nil, lower != "http" {
            candidate = value("\(lower.uppercased())_PROXY")
        }
        if candidate == nil {
            candidate = uppercaseHTTPProxy(scheme: lower)
        }
        if candidate == nil {
            candidate = value("all_proxy") ?? value("ALL_PROXY")
        }
        guard let proxy = candidate else { return nil }
        if let exclusions = value("no_proxy") ?? value("NO_PROXY"),
           NoProxyList(exclusions).excludes(host: host) {
            return nil
        }
        return proxy
    }

    private func value(_ name: String) -> String? {
        guard let value = lookup(name), !value.isEmpty else { return nil }
        return value
    }
}
