import DarktraceAPI
import HTTPTransport
import OrderedJSON
import Testing

/// Retries with an injected sleep: which statuses and transport failures are retried, how long each wait is.
@Suite struct DarktraceClientRetryTests {
    private static let ok = Outcome.json(#"{"ok":true}"#)

    private func get(_ server: FakeDarktrace, policy: RetryPolicy = .standard) throws(DarktraceError) -> JSONValue {
        try server.client(retryPolicy: policy).get("/time")
    }

    private func error(_ body: () throws(DarktraceError) -> JSONValue) -> DarktraceError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    /// 429/502/503/504 then 200: two attempts; the wait is Retry-After (capped at maxDelaySeconds) or the back-off.
    @Test(arguments: [
        (429, [HTTPHeader("Retry-After", "3")], 3.0),
        (429, [HTTPHeader("retry-after", " 2.5 ")], 2.5),
        (429, [HTTPHeader("Retry-After", "120")], 10.0),
        (429, [HTTPHeader("Retry-After", "0")], 0.0),
        (429, [HTTPHeader("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")], 0.5),
        (429, [], 0.5),
        (502, [], 0.5),
        (503, [HTTPHeader("Retry-After", "4")], 4.0),
        (504, [], 0.5),
    ] as [(Int, [HTTPHeader], Double)])
    func retriedStatusThenOK(_ status: Int, _ headers: [HTTPHeader], _ wait: Double) throws {
        let server = FakeDarktrace([.status(status, "busy", headers: headers), Self.ok])
        #expect(try get(server).compactJSON() == #"{"ok":true}"#)
        #expect(server.requests.count == 2)
        #expect(server.sleeps.all == [wait])
        #expect(server.logs.all == ["GET /time: HTTP \(status). Retrying in \(wait) s (attempt 2 of 3)."])
    }

    @Test func retryAfterCappedByThePolicy() throws {
        let server = FakeDarktrace([.status(429, headers: [HTTPHeader("Retry-After", "5")]), Self.ok])
        _ = try get(server, policy: RetryPolicy(maxAttempts: 3, baseDelaySeconds: 0.25, maxDelaySeconds: 2))
        #expect(server.sleeps.all == [2.0])
    }

    @Test func threeTimes503IsAnHTTPError() throws {
        let server = FakeDarktrace(Array(repeating: .status(503, "down"), count: 3) + [Self.ok])
        #expect(error { () throws(DarktraceError) in try get(server) } == .http(status: 503, location: nil, body: Array("down".utf8)))
        #expect(server.requests.count == 3)
        #expect(server.sleeps.all == [0.5, 1.0])
    }

    @Test(arguments: [500, 501, 400, 401, 403, 404, 302])
    func otherStatusesAreNotRetried(_ status: Int) throws {
        let server = FakeDarktrace([.status(status, "no"), Self.ok])
        #expect(error { () throws(DarktraceError) in try get(server) } == .http(status: status, location: nil, body: Array("no".utf8)))
        #expect(server.requests.count == 1)
        #expect(server.sleeps.all == [])
    }

    @Test(arguments: [429, 502, 503, 504])
    func postIsNotRetriedOnStatus(_ status: Int) throws {
        let server = FakeDarktrace([.status(status), Self.ok])
        let result = error { () throws(DarktraceError) in
            try server.client().postForm("/modelbreaches/1/acknowledge", query: [QueryItem("acknowledge", "true")],
                                         form: [QueryItem("acknowledge", "true")])
        }
        #expect(result == .http(status: status, location: nil, body: []))
        #expect(server.requests.count == 1)
    }

    /// A POST is retried only when the request certainly never left.
    @Test(arguments: [
        (TransportError.connectionFailed(host: "dt.example", detail: "Connection refused"), 2),
        (.timedOut(phase: .connect, seconds: 15), 2),
        (.proxy(detail: "proxy refused", transient: true), 2),
        (.proxy(detail: "CONNECT tunnel failed, response 407", transient: false), 1),
        (.connectionLost(detail: "Connection reset by peer"), 1),
        (.timedOut(phase: .total, seconds: 60), 1),
        (.tls(detail: "certificate verify failed", kind: .untrustedCertificate), 1),
        (.hostNotFound(host: "dt.example"), 1),
        (.other(detail: "weird"), 1),
    ])
    func postTransportFailures(_ failure: TransportError, _ attempts: Int) throws {
        let server = FakeDarktrace([.fail(failure), Self.ok])
        let result = error { () throws(DarktraceError) in
            try server.client().postForm("/modelbreaches/1/acknowledge", query: [], form: [QueryItem("acknowledge", "true")])
        }
        #expect(server.requests.count == attempts)
        if attempts == 2 {
            #expect(result == nil)
            #expect(server.sleeps.all == [0.5])
            #expect(server.requests[0] == server.requests[1])
        } else {
            #expect(result == .transport(failure, host: "dt.example", attempts: 1))
            #expect(server.sleeps.all == [])
        }
    }

    @Test(arguments: [
        (TransportError.connectionLost(detail: "reset"), 2),
        (.connectionFailed(host: "", detail: "refused"), 2),
        (.timedOut(phase: .connect, seconds: 15), 2),
        (.proxy(detail: "x", transient: true), 2),
        (.proxy(detail: "the proxy URL is not valid", transient: false), 1),
        (.timedOut(phase: .total, seconds: 60), 1),
        (.hostNotFound(host: "dt.example"), 1),
        (.tls(detail: "bad cert", kind: .untrustedCertificate), 1),
        (.tls(detail: "SSL certificate problem: hostname mismatch", kind: .nameMismatch), 1),
        (.tls(detail: "TLS handshake: unsupported protocol", kind: .handshake), 1),
        (.invalidURL(detail: "bad"), 1),
        (.other(detail: "x"), 1),
    ])
    func getTransportFailures(_ failure: TransportError, _ attempts: Int) throws {
        let server = FakeDarktrace([.fail(failure), Self.ok])
        let result = error { () throws(DarktraceError) in try get(server) }
        #expect(server.requests.count == attempts)
        #expect(result == (attempts == 2 ? nil : .transport(failure, host: "dt.example", attempts: 1)))
    }

    @Test func getConnectionLostThreeTimes() throws {
        let lost = TransportError.connectionLost(detail: "reset")
        let server = FakeDarktrace([.fail(lost), .fail(lost), .fail(lost), Self.ok])
        #expect(error { () throws(DarktraceError) in try get(server) } == .transport(lost, host: "dt.example", attempts: 3))
        #expect(server.sleeps.all == [0.5, 1.0])
        #expect(server.logs.all == [
            "GET /time: The connection to dt.example broke before the answer was complete: reset. Retrying in 0.5 s (attempt 2 of 3).",
            "GET /time: The connection to dt.example broke before the answer was complete: reset. Retrying in 1.0 s (attempt 3 of 3).",
        ])
    }

    @Test func oneAttemptPolicyNeverRetries() throws {
        let server = FakeDarktrace([.status(503), Self.ok])
        _ = error { () throws(DarktraceError) in try get(server, policy: RetryPolicy(maxAttempts: 1)) }
        #expect(server.requests.count == 1)
        #expect(RetryPolicy(maxAttempts: 0).maxAttempts == 1)
    }

    @Test func backOffDoublesUpToTheCap() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelaySeconds: 0.5, maxDelaySeconds: 3)
        let response = HTTPResponse(status: 503)
        #expect((1...9).map { policy.delay(after: response, attempt: $0, method: "GET") } == [0.5, 1, 2, 3, 3, 3, 3, 3, 3])
        #expect(policy.delay(after: response, attempt: 10, method: "GET") == nil)
    }
}
