import SocketTransport
import Foundation
import HTTPTransport
import XCTest

/// TLS verification on and off against local servers: a self-signed "not-localhost" certificate,
/// and one issued for 127.0.0.1 and localhost that the tests trust through SSL_CERT_FILE.
final class SocketTransportTLSTests: XCTestCase {
    nonisolated(unsafe) private static var directory: TemporaryDirectory?
    nonisolated(unsafe) private static var server: TestServer?
    nonisolated(unsafe) private static var named: TestServer?
    nonisolated(unsafe) private static var namedCertificate: String?
    nonisolated(unsafe) private static var otherCertificate: String?

    override class func setUp() {
        super.setUp()
        do {
            let directory = try TemporaryDirectory()
            self.directory = directory
            let (cert, key) = try makeSelfSignedCertificate(in: directory)
            server = try TestServer(script: "test_server.py", arguments: ["--tls", cert, key])
            otherCertificate = cert
            let (namedCert, namedKey) = try makeSelfSignedCertificate(in: directory, name: "named",
                                                                      subjectAltName: "IP:127.0.0.1,DNS:localhost")
            named = try TestServer(script: "test_server.py", arguments: ["--tls", namedCert, namedKey])
            namedCertificate = namedCert
        } catch {
            XCTFail("could not start the HTTPS test server: \(error)")
        }
    }

    override class func tearDown() {
        server?.stop()
        named?.stop()
        (server, named) = (nil, nil)
        directory = nil
        super.tearDown()
    }

    private var server: TestServer {
        get throws { try XCTUnwrap(Self.server) }
    }

    private let secret = "signature-that-must-not-leak"

    func testVerificationRejectsSelfSignedCertificate() throws {
        let transport = SocketTransport(options: TransportOptions(verifyTLS: true, timeoutSeconds: 10))
        let request = HTTPRequest(method: "GET", url: try server.url("/echo", scheme: "https"),
                                  headers: [HTTPHeader("DTAPI-Signature", secret)])
        let error = expectFailure(transport, request)
        guard case .tls(let detail, let kind)? = error else {
            return XCTFail("expected tls, got \(String(describing: error))")
        }
        XCTAssertTrue(detail.localizedCaseInsensitiveContains("certificate"), detail)
        XCTAssertEqual(kind, .untrustedCertificate)
        XCTAssertFalse(detail.contains(secret))
    }

    func testInsecureAcceptsSelfSignedCertificateAndWrongName() throws {
        let transport = SocketTransport(options: TransportOptions(verifyTLS: false, timeoutSeconds: 10))
        let request = HTTPRequest(method: "POST", url: try server.url("/echo", scheme: "https"),
                                  headers: [HTTPHeader("Content-Type", "text/plain")], body: Array("over tls".utf8))
        let response = try transport.send(request)
        XCTAssertEqual(response.status, 200)
        let echo = try Echo(response)
        XCTAssertEqual(echo.body, Array("over tls".utf8))
    }

    /// A peer that speaks no TLS fails the handshake itself: no certificate was ever judged.
    func testPlainHTTPServerIsAHandshakeFailure() throws {
        let plain = try TestServer(script: "test_server.py")
        let transport = SocketTransport(options: TransportOptions(verifyTLS: true, timeoutSeconds: 10))
        let error = expectFailure(transport, HTTPRequest(method: "GET", url: plain.url("/echo", scheme: "https")))
        guard case .tls(let detail, let kind)? = error else {
            return XCTFail("expected tls, got \(String(describing: error))")
        }
        XCTAssertEqual(kind, .handshake, detail)
    }

    func testStalledHandshakeTimesOutInTheConnectPhase() throws {
        let listener = try SilentListener()
        let transport = SocketTransport(options: TransportOptions(verifyTLS: false, timeoutSeconds: 5,
                                                                connectTimeoutSeconds: 1))
        let started = Date()
        let error = expectFailure(transport, HTTPRequest(method: "POST", url: "https://127.0.0.1:\(listener.port)/",
                                                         body: Array("x".utf8)))
        XCTAssertEqual(error, .timedOut(phase: .connect, seconds: 1))
        XCTAssertEqual(error?.requestCertainlyNotSent, true)
        XCTAssertLessThan(Date().timeIntervalSince(started), 3)
    }

    /// Runs `body` with SSL_CERT_FILE naming `bundle`, then restores the variable.
    private func trusting(_ bundle: String, _ body: () throws -> Void) rethrows {
        let previous = getenv("SSL_CERT_FILE").map { String(cString: $0) }
        setenv("SSL_CERT_FILE", bundle, 1)
        defer {
            if let previous { setenv("SSL_CERT_FILE", previous, 1) } else { unsetenv("SSL_CERT_FILE") }
        }
        try body()
    }

    func testTrustedCertificateIsAcceptedByAddressAndByName() throws {
        let named = try XCTUnwrap(Self.named)
        let bundle = try XCTUnwrap(Self.namedCertificate)
        let transport = SocketTransport(options: TransportOptions(verifyTLS: true, timeoutSeconds: 10))
        try trusting(bundle) {
            for host in ["127.0.0.1", "localhost"] {
                let response = try transport.send(HTTPRequest(method: "GET", url: "https://\(host):\(named.port)/echo"))
                XCTAssertEqual(response.status, 200, host)
                XCTAssertEqual(try Echo(response).path, "/echo")
            }
        }
    }

    func testTrustedCertificateForAnotherNameIsRejected() throws {
        let server = try server
        let bundle = try XCTUnwrap(Self.otherCertificate)
        let transport = SocketTransport(options: TransportOptions(verifyTLS: true, timeoutSeconds: 10))
        trusting(bundle) {
            let error = expectFailure(transport, HTTPRequest(method: "GET", url: "https://127.0.0.1:\(server.port)/echo"))
            XCTAssertEqual(error, .tls(detail: "SSL certificate problem: IP address mismatch", kind: .nameMismatch))
        }
    }
}
