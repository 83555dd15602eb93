import SocketTransport
import Foundation
import HTTPTransport
import XCTest

/// Plain-HTTP behaviour against a local server: round trips, bodies, status handling, broken transfers.
final class SocketTransportHTTPTests: XCTestCase {
    nonisolated(unsafe) private static var directory: TemporaryDirectory?
    nonisolated(unsafe) private static var server: TestServer?

    override class func setUp() {
        super.setUp()
        do {
            let directory = try TemporaryDirectory()
            self.directory = directory
            server = try TestServer(script: "test_server.py", logURL: directory.file("http.log"))
        } catch {
            XCTFail("could not start the test server: \(error)")
        }
    }

    override class func tearDown() {
        server?.stop()
        server = nil
        directory = nil
        super.tearDown()
    }

    private var server: TestServer {
        get throws { try XCTUnwrap(Self.server) }
    }

    private let transport = SocketTransport(options: TransportOptions(timeoutSeconds: 10, connectTimeoutSeconds: 5))

    func testGetRoundTripSendsHeadersInOrder() throws {
        let request = HTTPRequest(method: "GET", url: try server.url("/echo?q=1&r=two"), headers: [
            HTTPHeader("DTAPI-Token", "public-token"),
            HTTPHeader("DTAPI-Date", "20240101T000000"),
            HTTPHeader("DTAPI-Signature", "abc123"),
            HTTPHeader("Accept", "application/json"),
        ])
        let response = try transport.send(request)
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.header("x-echo"), "yes")
        XCTAssertEqual(response.header("Content-Type"), "application/json")
        let echo = try Echo(response)
        XCTAssertEqual(echo.method, "GET")
        XCTAssertEqual(echo.path, "/echo?q=1&r=two")
        let ours = echo.headerNames.filter { ["dtapi-token", "dtapi-date", "dtapi-signature", "accept"].contains($0) }
        XCTAssertEqual(ours, ["dtapi-token", "dtapi-date", "dtapi-signature", "accept"])
        XCTAssertEqual(echo.header("DTAPI-Signature"), "abc123")
        XCTAssertEqual(echo.header("Accept"), "application/json")
        XCTAssertNotNil(echo.header("Accept-Encoding"), "gzip must be offered")
        XCTAssertEqual(echo.body, [])
    }

    func testPostSendsBodyExactlyOnceWithoutExpect() throws {
        var body: [UInt8] = Array("{\"x\": \"é\"}\r\n".utf8)
        body += [0, 255, 1, 254]  // bytes no string conversion would survive
        body += [UInt8](repeating: 0x41, count: 1_100_000)  // a body of over a megabyte: several writes
        let marker = UUID().uuidString
        let request = HTTPRequest(method: "POST", url: try server.url("/echo?id=\(marker)"),
                                  headers: [HTTPHeader("Content-Type", "application/json")], body: body)
        let response = try transport.send(request)
        XCTAssertEqual(response.status, 200)
        let echo = try Echo(response)
        XCTAssertEqual(echo.method, "POST")
        XCTAssertTrue(echo.body == body, "server got \(echo.body.count) bytes, sent \(body.count)")
        XCTAssertEqual(echo.header("Content-Length"), String(body.count))
        XCTAssertEqual(echo.header("Content-Type"), "application/json")
        XCTAssertNil(echo.header("Expect"))
        XCTAssertEqual(try server.loggedLines().filter { $0.contains(marker) }.count, 1)
    }

    func testPostWithoutBodyOrContentTypeSendsNothingExtra() throws {
        let request = HTTPRequest(method: "POST", url: try server.url("/echo"))
        let echo = try Echo(try transport.send(request))
        XCTAssertEqual(echo.method, "POST")
        XCTAssertEqual(echo.body, [])
        XCTAssertEqual(echo.header("Content-Length"), "0")
        XCTAssertNil(echo.header("Content-Type"), "no Content-Type is invented")
    }

    func testEmptyHeaderValueIsSent() throws {
        let request = HTTPRequest(method: "GET", url: try server.url("/echo"), headers: [HTTPHeader("X-Empty", "")])
        let echo = try Echo(try transport.send(request))
        XCTAssertEqual(echo.header("X-Empty"), "")
    }

    func testRedirectIsReturnedNotFollowed() throws {
        let response = try transport.send(HTTPRequest(method: "GET", url: try server.url("/redirect")))
        XCTAssertEqual(response.status, 302)
        XCTAssertEqual(response.header("Location"), "/echo")
        XCTAssertEqual(String(decoding: response.body, as: UTF8.self), "moved")
    }

    func testErrorStatusIsAResponse() throws {
        let response = try transport.send(HTTPRequest(method: "GET", url: try server.url("/status/503")))
        XCTAssertEqual(response.status, 503)
        XCTAssertEqual(response.body, Array("status 503".utf8))
    }

    func testGzipBodyIsDecoded() throws {
        let response = try transport.send(HTTPRequest(method: "GET", url: try server.url("/gzip")))
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.header("Content-Encoding"), "gzip")
        let expected = Array(String(repeating: "gzip body line\n", count: 2000).utf8)
        // Compared as a Bool so a failure reports sizes, not two long byte lists.
        XCTAssertTrue(response.body == expected, "got \(response.body.count) bytes, expected \(expected.count) decoded")
    }

    func testTwentyMegabyteBodyArrivesIntact() throws {
        let size = 20 * 1024 * 1024
        let response = try transport.send(HTTPRequest(method: "GET", url: try server.url("/large?bytes=\(size)")))
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.body.count, size)
        let mismatch = response.body.indices.first { response.body[$0] != UInt8($0 % 251) }
        XCTAssertNil(mismatch, "body differs from the pattern at byte \(mismatch ?? -1)")
    }

    func testTruncatedBodyIsConnectionLost() throws {
        let error = expectFailure(transport, HTTPRequest(method: "GET", url: try server.url("/truncate")))
        guard case .connectionLost(let detail)? = error else {
            return XCTFail("expected connectionLost, got \(String(describing: error))")
        }
        XCTAssertFalse(detail.isEmpty)
        XCTAssertEqual(error?.requestCertainlyNotSent, false)
    }

    func testSlowDripBodyIsCutAtTheTotalLimit() throws {
        let quick = SocketTransport(options: TransportOptions(timeoutSeconds: 1, connectTimeoutSeconds: 1))
        let started = Date()
        let error = expectFailure(quick, HTTPRequest(method: "GET", url: try server.url("/drip")))
        XCTAssertEqual(error, .timedOut(phase: .total, seconds: 1))
        XCTAssertLessThan(Date().timeIntervalSince(started), 3)
    }

    func testResetMidBodyIsConnectionLost() throws {
        let error = expectFailure(transport, HTTPRequest(method: "GET", url: try server.url("/reset")))
        guard case .connectionLost? = error else {
            return XCTFail("expected connectionLost, got \(String(describing: error))")
        }
    }

    func testServerThatNeverAnswersTimesOutAfterTheTotalLimit() throws {
        let quick = SocketTransport(options: TransportOptions(timeoutSeconds: 1, connectTimeoutSeconds: 1))
        let started = Date()
        let error = expectFailure(quick, HTTPRequest(method: "GET", url: try server.url("/hang")))
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertEqual(error, .timedOut(phase: .total, seconds: 1))
        XCTAssertLessThan(elapsed, 3)
        XCTAssertGreaterThan(elapsed, 0.9)
    }
}
