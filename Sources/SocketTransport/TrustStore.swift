#if canImport(Glibc)
import Glibc
#endif

/// Where certificates are trusted from, chosen so that verifying costs milliseconds, not tens.
///
/// The usual default on Debian is the whole bundle (/etc/ssl/certs/ca-certificates.crt), which
/// OpenSSL parses in full on every connection: about 20 ms per command. The hashed directory
/// beside it holds the same certificates, and OpenSSL reads from it only the issuers a chain
/// needs. Explicit choices win: SSL_CERT_FILE, CURL_CA_BUNDLE or REQUESTS_CA_BUNDLE name a bundle
/// (an appliance's private CA), SSL_CERT_DIR a hashed directory.
struct TrustStore: Equatable {
    /// A bundle file to load, or nil.
    var caFile: String?
    /// A hashed certificate directory, or nil.
    var caPath: String?
    /// True when OpenSSL's compiled-in default locations should be used.
    var useLibraryDefaults: Bool

    /// Nothing loaded: verification is off, so the certificates would never be read.
    static let none = TrustStore(caFile: nil, caPath: nil, useLibraryDefaults: false)

    /// The hashed directory Debian, Ubuntu and Alpine keep the system CAs in.
    static let systemDirectory = "/etc/ssl/certs"
    /// The same CAs as one bundle file, which libcurl and requests load by default.
    static let systemBundle = "/etc/ssl/certs/ca-certificates.crt"

    /// The trust store for a transfer that verifies (or not) the server's certificate.
    static func forVerification(_ verify: Bool, environment: (String) -> String? = Self.environmentValue,
                                hasHashedCertificates: (String) -> Bool = Self.hasHashedCertificates) -> TrustStore {
        guard verify else { return .none }
        for name in ["SSL_CERT_FILE", "CURL_CA_BUNDLE", "REQUESTS_CA_BUNDLE"] {
            // Naming the system bundle itself (many images do) asks for nothing but the system CAs.
            if let file = environment(name), !file.isEmpty, file != systemBundle {
                return TrustStore(caFile: file, caPath: nil, useLibraryDefaults: false)
            }
        }
        if let dir = environment("SSL_CERT_DIR"), !dir.isEmpty {
            return TrustStore(caFile: nil, caPath: dir, useLibraryDefaults: false)
        }
        if hasHashedCertificates(systemDirectory) {
            return TrustStore(caFile: nil, caPath: systemDirectory, useLibraryDefaults: false)
        }
        return TrustStore(caFile: nil, caPath: nil, useLibraryDefaults: true)
    }

    static func environmentValue(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// True when `directory` holds at least one OpenSSL subject-hash link (`1a2b3c4d.0`).
    static func hasHashedCertificates(_ directory: String) -> Bool {
        guard let dir = opendir(directory) else { return false }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if isHashName(name) { return true }
        }
        return false
    }

    /// `XXXXXXXX.N` with eight lowercase hex digits.
    static func isHashName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard bytes.count >= 10, bytes[8] == UInt8(ascii: ".") else { return false }
        let hexOK = bytes[0..<8].allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
        let suffixOK = bytes[9...].allSatisfy { (0x30...0x39).contains($0) }
        return hexOK && suffixOK
    }
}
