import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Sets proxy-related environment variables for one test and puts the previous values back.
///
/// The transport reads the environment on every request, so the variables must be in the real process
/// environment. XCTest runs tests one after another, which keeps these changes from racing.
final class ProxyVariables {
    static let names = ["http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
                        "no_proxy", "NO_PROXY", "REQUEST_METHOD"]

    private var saved: [String: String?] = [:]

    /// Saves every proxy variable and clears them all, so each test starts from a known state.
    init() {
        for name in Self.names {
            saved[name] = getenv(name).map { String(cString: $0) }
            unsetenv(name)
        }
    }

    deinit {
        restore()
    }

    /// Sets one variable until `restore()`.
    func set(_ name: String, _ value: String) {
        setenv(name, value, 1)
    }

    /// Puts the environment back as it was before `init`.
    func restore() {
        for (name, value) in saved {
            if let value {
                setenv(name, value, 1)
            } else {
                unsetenv(name)
            }
        }
    }
}
