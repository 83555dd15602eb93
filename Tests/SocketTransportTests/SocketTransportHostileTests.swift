import SocketTransport
import Foundation
import HTTPTransport
import XCTest

/// The transport against `Servers/hostile_server.py`, over http and https: endless floods end with
/// a limit's error or the timeout, and a gzip bomb is refused at the size cap.
final class SocketTransportHostileTests: XCTestCase {
    nonisolated(unsafe) private static var directory: TemporaryDirectory?
    nonisolated(unsafe) private static var plain: TestServer?
    nonisolated(unsafe) private static var tls: TestServer?

    override class func setUp() {
        super.setUp()
        do {
            let directory = try TemporaryDirectory()
            self.directory = directory
            plain = try TestServer(script: "hostile_server.py")
            let (cert, key) = try makeSelfSignedCertificate(in: directory, name: "hostile")
            tls = try TestServer(script: "hostile_server.py", arguments: ["--tls", cert, key])
        } catch {
            XCTFail("could not start the hostile test servers: \(error)")
        }
    }

    override class func tearDown() {
        plain?.stop()
        tls?.stop()
        (plain, tls) = (nil, nil)
        directory = nil
        super.tearDown()
    }

    /// The floods a limit refuses, with the words of the refusal.
    private static let refusedFloods = [
        ("/flood/continue", "the server sent more than 16 interim (1xx) responses"),
        ("/flood/blank", "the response starts with more than 64 blank lines"),
        ("/flood/trailer", "the response's trailer fields are larger than 64 KB"),
        ("/flood/extension", "the response's chunk extensions are larger than 64 KB"),
    ]

    /// Each server with its scheme: insecure, since the certificate is a throw-away one.
    private func servers() throws -> [(TestServer, String)] {
        [(try XCTUnwrap(Self.plain), "http"), (try XCTUnwrap(Self.tls), "https")]
    }

    private func transport(timeout: Double) -> SocketTransport {
        SocketTransport(options: TransportOptions(verifyTLS: false, timeoutSeconds: timeout, connectTimeoutSeconds: 5))
    }

    func testFloodsAreRefusedByTheirLimits() throws {
        for (server, scheme) in try servers() {
            for (path, detail) in Self.refusedFloods {
                let error = expectFailure(transport(timeout: 60), HTTPRequest(method: "GET", url: server.url(path, scheme: scheme)))
                XCTAssertEqual(error, .other(detail: detail), "\(scheme) \(path)")
            }
        }
    }

    /// One-byte chunks pass every limit but the body's 512 MB: the deadline must end them, although
    /// the socket never runs dry. The bound is generous; without the check the read ran for minutes.
    func testEndlessChunksEndAtTheDeadline() throws {
        for (server, scheme) in try servers() {
            let started = Date()
            let error = expectFailure(transport(timeout: 1), HTTPRequest(method: "GET", url: server.url("/flood/chunks", scheme: scheme)))
            XCTAssertEqual(error, .timedOut(phase: .total, seconds: 1), scheme)
            XCTAssertLessThan(Date().timeIntervalSince(started), 15, scheme)
        }
    }

    func testGzipBombIsRefusedAtTheCap() throws {
        for (server, scheme) in try servers() {
            let error = expectFailure(transport(timeout: 60), HTTPRequest(method: "GET", url: server.url("/bomb/1", scheme: scheme)))
            XCTAssertEqual(error, .other(detail: "the answer is larger than 512 MB, more than this integration accepts; narrow the query"),
                           scheme)
        }
    }

    func testTheServerAnswersNormallyElsewhere() throws {
        for (server, scheme) in try servers() {
            let response = try transport(timeout: 10).send(HTTPRequest(method: "GET", url: server.url("/ok", scheme: scheme)))
            XCTAssertEqual(response.status, 200)
        }
    }
}
