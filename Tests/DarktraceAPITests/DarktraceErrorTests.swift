import DarktraceAPI
import HTTPTransport
import Testing

/// DarktraceError: user-facing messages, authorization failures and clock skew.
@Suite struct DarktraceErrorTests {
    private static func http(_ status: Int, _ body: String, location: String? = nil) -> DarktraceError {
        .http(status: status, location: location, body: Array(body.utf8))
    }

    @Test(arguments: [
        (http(302, "Found. Redirecting to /login", location: "/login"), "Error in API call [302] - Found\nFound. Redirecting to /login"),
        (http(400, #"{"error":"API SIGNATURE ERROR"}"#), "Error in API call [400] - Bad Request\n{\"error\": \"API SIGNATURE ERROR\"}"),
        (http(400, #"{"error":"API DATE ERROR","d":{"n":[1,2.0,null]}}"#),
         "Error in API call [400] - Bad Request\n{\"error\": \"API DATE ERROR\", \"d\": {\"n\": [1, 2.0, null]}}"),
        (http(500, #"{"détail":"é 😀"}"#), "Error in API call [500] - Internal Server Error\n{\"d\\u00e9tail\": \"\\u00e9 \\ud83d\\ude00\"}"),
        (http(404, ""), "Error in API call [404] - Not Found\n"),
        (http(503, "<html>Service Unavailable</html>"), "Error in API call [503] - Service Unavailable\n<html>Service Unavailable</html>"),
        (http(401, "\"quoted\""), "Error in API call [401] - Unauthorized\n\"quoted\""),
        (.http(status: 502, location: nil, body: [0x62, 0x61, 0x64, 0xFF]), "Error in API call [502] - Bad Gateway\nbad\u{FFFD}"),
        (.htmlPage(status: 200),
         "Darktrace answered [200] with an HTML page (its login page) instead of JSON: check the Server URL and that the API tokens are valid and allowed to use this endpoint."),
        (.invalidJSON(detail: "the body is empty", bodyPrefix: "(nothing)"),
         "Darktrace's answer is not valid JSON (the body is empty). It began: (nothing)"),
        (.invalidBaseURL("dt.example"),
         #"Invalid Server URL "dt.example": it must start with https:// (or http://) and name a host, e.g. https://darktrace.example.com."#),
    ] as [(DarktraceError, String)])
    func message(_ error: DarktraceError, _ expected: String) {
        #expect(error.message == expected)
    }

    /// Each transport failure names the host; TLS mentions insecure; timeouts name the limit.
    @Test(arguments: [
        (TransportError.hostNotFound(host: ""), 1, #"Could not resolve host "dt.example": check the Server URL and DNS."#),
        (.hostNotFound(host: "other.example"), 1, #"Could not resolve host "other.example": check the Server URL and DNS."#),
        (.connectionFailed(host: "dt.example:443", detail: "Connection refused"), 1,
         "Could not connect to dt.example:443: Connection refused. Check the Server URL, the port and the network path."),
        (.connectionFailed(host: "", detail: "No route to host"), 3,
         "Could not connect to dt.example: No route to host. Check the Server URL, the port and the network path. (after 3 attempts)"),
        (.tls(detail: "self-signed certificate in certificate chain", kind: .untrustedCertificate), 1,
         #"TLS connection to dt.example failed: self-signed certificate in certificate chain. If Darktrace uses a self-signed certificate, enable "Trust any certificate (not secure)" (insecure) or install its CA."#),
        // "Trust any certificate" would hide a wrong name, and cannot fix a handshake: not suggested.
        (.tls(detail: "SSL certificate problem: hostname mismatch", kind: .nameMismatch), 1,
         "TLS connection to dt.example failed: SSL certificate problem: hostname mismatch. The certificate does not name this host: use the host name it was issued for in the Server URL."),
        (.tls(detail: "TLS handshake: unsupported protocol", kind: .handshake), 1,
         "TLS connection to dt.example failed: TLS handshake: unsupported protocol."),
        (.timedOut(phase: .connect, seconds: 15), 1, "Timed out connecting to dt.example after 15 s (connect timeout)."),
        (.timedOut(phase: .total, seconds: 60), 1, "Timed out waiting for dt.example to answer after 60 s (the timeout setting)."),
        (.timedOut(phase: .total, seconds: 2.5), 1, "Timed out waiting for dt.example to answer after 2.5 s (the timeout setting)."),
        (.connectionLost(detail: "Connection reset by peer"), 2,
         "The connection to dt.example broke before the answer was complete: Connection reset by peer. (after 2 attempts)"),
        (.proxy(detail: "Received HTTP code 407 from proxy after CONNECT", transient: false), 1,
         #"Could not go through the system proxy to reach dt.example: Received HTTP code 407 from proxy after CONNECT. Check https_proxy/http_proxy, or turn off "Use system proxy settings"."#),
        (.invalidURL(detail: "Malformed input to a URL function"), 1,
         "Invalid request URL for dt.example: Malformed input to a URL function."),
        (.other(detail: "Failure when receiving data from the peer"), 1,
         "Request to dt.example failed: Failure when receiving data from the peer."),
    ] as [(TransportError, Int, String)])
    func transportMessage(_ failure: TransportError, _ attempts: Int, _ expected: String) {
        #expect(DarktraceError.transport(failure, host: "dt.example", attempts: attempts).message == expected)
    }

    @Test(arguments: [
        (http(400, #"{"error":"API SIGNATURE ERROR"}"#), true),
        (http(400, "API SIGNATURE ERROR"), true),
        (http(401, ""), true),
        (http(403, "Forbidden"), true),
        (http(302, "Found. Redirecting to /login", location: "/login"), true),
        (http(302, "", location: "https://dt.example/403"), true),
        (http(302, "Found. Redirecting to /login"), true),
        (http(301, "Moved Permanently. Redirecting to /403"), true),
        (http(302, "Found. Redirecting to /summary", location: "/summary"), false),
        (.htmlPage(status: 200), true),
        (http(500, #"{"error":"API SIGNATURE ERROR"}"#), false),
        (http(404, "Not Found"), false),
        (http(400, #"{"error":"API DATE ERROR"}"#), false),
        (http(400, "Bad Request"), false),
        (.invalidJSON(detail: "x", bodyPrefix: "y"), false),
        (.transport(.tls(detail: "x", kind: .untrustedCertificate), host: "h", attempts: 1), false),
        (.invalidBaseURL("x"), false),
    ] as [(DarktraceError, Bool)])
    func isAuthorizationFailure(_ error: DarktraceError, _ expected: Bool) {
        #expect(error.isAuthorizationFailure == expected)
    }

    @Test(arguments: [
        (http(400, #"{"error":"API DATE ERROR"}"#), true),
        (http(400, "API DATE ERROR: the date is too far from the server time"), true),
        (http(400, #"{"error":"API SIGNATURE ERROR"}"#), false),
        (http(500, #"{"error":"API DATE ERROR"}"#), false),
        (http(401, "API DATE ERROR"), false),
        (.htmlPage(status: 200), false),
    ] as [(DarktraceError, Bool)])
    func isClockSkew(_ error: DarktraceError, _ expected: Bool) {
        #expect(error.isClockSkew == expected)
    }

    @Test(arguments: [
        (TransportError.hostNotFound(host: "h"), true), (.connectionFailed(host: "h", detail: "d"), true),
        (.proxy(detail: "d", transient: true), true), (.proxy(detail: "d", transient: false), true), (.invalidURL(detail: "d"), true), (.timedOut(phase: .connect, seconds: 1), true),
        (.timedOut(phase: .total, seconds: 1), false), (.tls(detail: "d", kind: .handshake), false), (.connectionLost(detail: "d"), false),
        (.other(detail: "d"), false),
    ])
    func requestCertainlyNotSent(_ failure: TransportError, _ expected: Bool) {
        #expect(failure.requestCertainlyNotSent == expected)
    }
}
