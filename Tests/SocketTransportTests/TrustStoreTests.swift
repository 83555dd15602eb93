@testable import SocketTransport
import XCTest

/// Which certificates a verifying transfer trusts, and that an insecure one loads none.
final class TrustStoreTests: XCTestCase {
    private func store(verify: Bool = true, env: [String: String], hashedDirectory: Bool = true) -> TrustStore {
        TrustStore.forVerification(verify, environment: { env[$0] }, hasHashedCertificates: { _ in hashedDirectory })
    }

    func testInsecureLoadsNothing() {
        XCTAssertEqual(store(verify: false, env: ["SSL_CERT_FILE": "/x.pem"]), TrustStore.none)
    }

    func testSystemDirectoryIsPreferredToTheBundle() {
        XCTAssertEqual(store(env: [:]), TrustStore(caFile: nil, caPath: "/etc/ssl/certs", useLibraryDefaults: false))
        // Naming the system bundle itself is the same as naming nothing.
        XCTAssertEqual(store(env: ["SSL_CERT_FILE": "/etc/ssl/certs/ca-certificates.crt"]),
                       TrustStore(caFile: nil, caPath: "/etc/ssl/certs", useLibraryDefaults: false))
    }

    func testAPrivateBundleWins() {
        for name in ["SSL_CERT_FILE", "CURL_CA_BUNDLE", "REQUESTS_CA_BUNDLE"] {
            XCTAssertEqual(store(env: [name: "/opt/dt-ca.pem", "SSL_CERT_DIR": "/etc/ssl/certs"]),
                           TrustStore(caFile: "/opt/dt-ca.pem", caPath: nil, useLibraryDefaults: false), name)
        }
        XCTAssertEqual(store(env: ["SSL_CERT_DIR": "/opt/certs"]),
                       TrustStore(caFile: nil, caPath: "/opt/certs", useLibraryDefaults: false))
    }

    func testLibraryDefaultsWithoutAHashedDirectory() {
        XCTAssertEqual(store(env: [:], hashedDirectory: false), TrustStore(caFile: nil, caPath: nil, useLibraryDefaults: true))
    }

    func testHashNames() {
        XCTAssertTrue(TrustStore.isHashName("002c0b4f.0"))
        XCTAssertTrue(TrustStore.isHashName("002c0b4f.12"))
        XCTAssertFalse(TrustStore.isHashName("ca-certificates.crt"))
        XCTAssertFalse(TrustStore.isHashName("002C0B4F.0"))
        XCTAssertFalse(TrustStore.isHashName("002c0b4f."))
    }
}
