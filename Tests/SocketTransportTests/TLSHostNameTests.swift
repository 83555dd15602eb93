@testable import SocketTransport
import Foundation
import XCTest

/// Host-name checks as curl and requests make them: a wildcard is a whole left-most label, and the
/// subject CN counts only when the certificate has no subjectAltName at all.
///
/// Each certificate is served by its own local server; the connection goes to 127.0.0.1 while the
/// handshake names the host under test, so no name has to resolve.
final class TLSHostNameTests: XCTestCase {
    nonisolated(unsafe) private static var directory: TemporaryDirectory?
    nonisolated(unsafe) private static var servers: [String: (server: TestServer, cert: String)] = [:]

    /// Certificates by label: (CN, subjectAltName or nil for none).
    private static let certificates: [String: (commonName: String, subjectAltName: String?)] = [
        "partial": ("partial", "DNS:f*.example.test"),
        "wildcard": ("wildcard", "DNS:*.example.test"),
        "exact": ("exact", "DNS:foo.example.test"),
        "ipOnly": ("foo.example.test", "IP:127.0.0.1"),
        "otherName": ("foo.example.test", "DNS:other.example.test"),
        "emailOnly": ("foo.example.test", "email:ops@example.test"),
        "cnOnly": ("foo.example.test", nil),
    ]

    override class func setUp() {
        super.setUp()
        do {
            let directory = try TemporaryDirectory()
            self.directory = directory
            for (label, names) in certificates {
                let (cert, key) = try makeSelfSignedCertificate(in: directory, name: label, commonName: names.commonName,
                                                                subjectAltName: names.subjectAltName)
                servers[label] = (try TestServer(script: "test_server.py", arguments: ["--tls", cert, key]), cert)
            }
        } catch {
            XCTFail("could not start the HTTPS test servers: \(error)")
        }
    }

    override class func tearDown() {
        for (_, entry) in servers { entry.server.stop() }
        servers = [:]
        directory = nil
        super.tearDown()
    }

    /// The handshake's outcome naming `host` to the server holding certificate `label` (trusted).
    private func handshake(_ label: String, host: String, file: StaticString = #filePath, line: UInt = #line) throws -> StreamFailure? {
        let entry = try XCTUnwrap(Self.servers[label], file: file, line: line)
        let connection = try Connection.open(host: "127.0.0.1", port: entry.server.port, deadline: .after(seconds: 10))
        do {
            try connection.startTLS(host: host, verify: true,
                                    trust: TrustStore(caFile: entry.cert, caPath: nil, useLibraryDefaults: false),
                                    deadline: .after(seconds: 10))
            return nil
        } catch {
            return error
        }
    }

    private let mismatch = StreamFailure.failed(detail: "SSL certificate problem: hostname mismatch")

    func testPartialWildcardIsRejected() throws {
        XCTAssertEqual(try handshake("partial", host: "foo.example.test"), mismatch)
        XCTAssertEqual(try handshake("partial", host: "f.example.test"), mismatch)
    }

    func testWholeLabelWildcardMatchesOneLabel() throws {
        XCTAssertNil(try handshake("wildcard", host: "foo.example.test"))
        XCTAssertNil(try handshake("wildcard", host: "FOO.Example.TEST"), "names compare case-insensitively")
        XCTAssertEqual(try handshake("wildcard", host: "a.foo.example.test"), mismatch)
        XCTAssertEqual(try handshake("wildcard", host: "example.test"), mismatch)
    }

    func testExactNameMatches() throws {
        XCTAssertNil(try handshake("exact", host: "foo.example.test"))
        XCTAssertEqual(try handshake("exact", host: "bar.example.test"), mismatch)
    }

    /// With any subjectAltName the CN is never a fallback, whatever kind of name the SANs hold.
    func testCommonNameIsIgnoredWhenTheCertificateHasSubjectAltNames() throws {
        for label in ["ipOnly", "otherName", "emailOnly"] {
            XCTAssertEqual(try handshake(label, host: "foo.example.test"), mismatch, label)
        }
        XCTAssertNil(try handshake("ipOnly", host: "127.0.0.1"), "the IP SAN itself still matches")
    }

    /// Without any subjectAltName the CN still names the host, as curl and OpenSSL allow.
    func testCommonNameIsUsedWhenThereAreNoSubjectAltNames() throws {
        XCTAssertNil(try handshake("cnOnly", host: "foo.example.test"))
        XCTAssertEqual(try handshake("cnOnly", host: "bar.example.test"), mismatch)
        XCTAssertEqual(try handshake("cnOnly", host: "127.0.0.1"),
                       .failed(detail: "SSL certificate problem: IP address mismatch"), "an address never matches a CN")
    }
}
