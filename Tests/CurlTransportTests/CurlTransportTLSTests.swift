import CurlTransport
import Foundation
import HTTPTransport
import XCTest

/// TLS verification on and off against a local server with a self-signed "not-localhost" certificate.
final class CurlTransportTLSTests: XCTestCase {
    nonisolated(unsafe) private static var directory: TemporaryDirectory?
    nonisolated(unsafe) private static var server: TestServer?

    override class func setUp() {
        super.setUp()
        do {
            let directory = try TemporaryDirectory()
            self.directory = directory
            let (cert, key) = try makeSelfSignedCertificate(in: directory)
            server = try TestServer(script: "test_server.py", arguments: ["--tls", cert, key])
        } catch {
            XCTFail("could not start the HTTPS test server: \(error)")
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

    private let secret = "signature-that-must-not-leak"

    func testVerificationRejectsSelfSignedCertificate() throws {
        let transport = CurlTransport(options: TransportOptions(verifyTLS: true, timeoutSeconds: 10))
        let request = HTTPRequest(method: "GET", url: try server.url("/echo", scheme: "https"),
                                  headers: [HTTPHeader("DTAPI-Signature", secret)])
        let error = expectFailure(transport, request)
        guard case .tls(let detail)? = error else {
            return XCTFail("expected tls, got \(String(describing: error))")
        }
        XCTAssertTrue(detail.localizedCaseInsensitiveContains("certificate"), detail)
        XCTAssertFalse(detail.contains(secret))
    }

    func testInsecureAcceptsSelfSignedCertificateAndWrongName() throws {
        let transport = CurlTransport(options: TransportOptions(verifyTLS: false, timeoutSeconds: 10))
        let request = HTTPRequest(method: "POST", url: try server.url("/echo", scheme: "https"),
                                  headers: [HTTPHeader("Content-Type", "text/plain")], body: Array("over tls".utf8))
        let response = try transport.send(request)
        XCTAssertEqual(response.status, 200)
        let echo = try Echo(response)
        XCTAssertEqual(echo.body, Array("over tls".utf8))
    }

    func testStalledHandshakeTimesOutInTheConnectPhase() throws {
        let listener = try SilentListener()
        let transport = CurlTransport(options: TransportOptions(verifyTLS: false, timeoutSeconds: 5,
                                                                connectTimeoutSeconds: 1))
        let started = Date()
        let error = expectFailure(transport, HTTPRequest(method: "POST", url: "https://127.0.0.1:\(listener.port)/",
                                                         body: Array("x".utf8)))
        XCTAssertEqual(error, .timedOut(phase: .connect, seconds: 1))
        XCTAssertEqual(error?.requestCertainlyNotSent, true)
        XCTAssertLessThan(Date().timeIntervalSince(started), 3)
    }
}
