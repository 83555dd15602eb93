import SocketTransport
import Foundation
import HTTPTransport
import XCTest

/// Failures that need no server: refused connections, unknown hosts, unusable URLs and headers.
final class SocketTransportErrorTests: XCTestCase {
    private let transport = SocketTransport(options: TransportOptions(timeoutSeconds: 5, connectTimeoutSeconds: 2))

    func testClosedPortIsConnectionFailed() throws {
        let port = try closedLoopbackPort()
        let error = expectFailure(transport, HTTPRequest(method: "GET", url: "http://127.0.0.1:\(port)/"))
        guard case .connectionFailed(let host, let detail)? = error else {
            return XCTFail("expected connectionFailed, got \(String(describing: error))")
        }
        XCTAssertEqual(host, "127.0.0.1")
        XCTAssertTrue(detail.contains(String(port)), detail)
        XCTAssertEqual(error?.requestCertainlyNotSent, true)
    }

    func testUnresolvableHostIsHostNotFound() {
        let error = expectFailure(transport, HTTPRequest(method: "GET", url: "https://nonexistent.invalid/summarystatistics"))
        XCTAssertEqual(error, .hostNotFound(host: "nonexistent.invalid"))
    }

    func testUnsupportedSchemeIsInvalidURL() {
        for url in ["ftp://127.0.0.1/file", "file:///etc/passwd", "127.0.0.1/no-scheme", "http://exa mple/"] {
            let error = expectFailure(transport, HTTPRequest(method: "GET", url: url))
            guard case .invalidURL? = error else {
                XCTFail("\(url): expected invalidURL, got \(String(describing: error))")
                continue
            }
        }
    }

    func testHeaderWithLineBreakIsRefusedWithoutItsValue() {
        let request = HTTPRequest(method: "GET", url: "http://127.0.0.1:9/",
                                  headers: [HTTPHeader("DTAPI-Signature", "secret\r\nX-Injected: 1")])
        let error = expectFailure(transport, request)
        guard case .other(let detail)? = error else {
            return XCTFail("expected other, got \(String(describing: error))")
        }
        XCTAssertTrue(detail.contains("DTAPI-Signature"), detail)
        XCTAssertFalse(detail.contains("secret"), detail)
    }

    func testInvalidMethodIsRefused() {
        let error = expectFailure(transport, HTTPRequest(method: "GET /x HTTP/1.1\r\n", url: "http://127.0.0.1:9/"))
        guard case .other? = error else {
            return XCTFail("expected other, got \(String(describing: error))")
        }
    }
}
