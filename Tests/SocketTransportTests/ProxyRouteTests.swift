@testable import SocketTransport
import HTTPTransport
import XCTest

/// Proxy URLs as the environment spells them: accepted forms, credentials, refused schemes.
final class ProxyRouteTests: XCTestCase {
    func testSchemeLessProxyIsHTTPWithPortEightyByDefault() throws {
        for (setting, host, port) in [("proxy.corp:3128", "proxy.corp", 3128), ("HTTP://proxy.corp", "proxy.corp", 80),
                                      ("http://[::1]:8080/", "::1", 8080)] {
            let route = try ProxyRoute(setting: setting)
            XCTAssertEqual(route.host, host, setting)
            XCTAssertEqual(route.port, port, setting)
            XCTAssertNil(route.authorization, setting)
        }
    }

    func testCredentialsBecomeBasicAuthorization() throws {
        // "user@x" and "p:w", percent-encoded in the URL, decoded before encoding (RFC 7617).
        let route = try ProxyRoute(setting: "http://user%40x:p%3Aw@proxy.corp:3128")
        XCTAssertEqual(route.authorization, "Basic dXNlckB4OnA6dw==")
        let connect = String(decoding: route.connectRequest(to: try RequestURL(parsing: "https://dt.example/x")), as: UTF8.self)
        XCTAssertEqual(connect, "CONNECT dt.example:443 HTTP/1.1\r\nHost: dt.example:443\r\n"
                       + "Proxy-Authorization: Basic dXNlckB4OnA6dw==\r\n\r\n")
    }

    func testOtherSchemesAreRefusedAsProxyErrors() {
        for setting in ["socks5://proxy.corp:1080", "https://proxy.corp:443", "socks5h://p"] {
            XCTAssertThrowsError(try ProxyRoute(setting: setting), setting) { error in
                guard case .proxy(let detail, let transient)? = error as? TransportError else {
                    return XCTFail("\(setting): expected proxy, got \(error)")
                }
                XCTAssertTrue(detail.contains("not supported"), detail)
                XCTAssertFalse(transient, "a proxy URL of another scheme fails the same way every time")
            }
        }
    }

    func testUnusableProxyURLIsAProxyErrorWithoutItsText() {
        XCTAssertThrowsError(try ProxyRoute(setting: "http://us er:secret@proxy corp")) { error in
            XCTAssertEqual(error as? TransportError, .proxy(detail: "the proxy URL is not valid", transient: false))
        }
    }

    func testRouteFollowsTheEnvironmentOnlyWhenAsked() throws {
        let environment = ProxyEnvironment { ["https_proxy": "proxy.corp:3128", "no_proxy": "internal.example"][$0] }
        let url = try RequestURL(parsing: "https://dt.example/")
        XCTAssertNil(try ProxyRoute.forRequest(to: url, useSystemProxy: false, environment: environment))
        XCTAssertEqual(try ProxyRoute.forRequest(to: url, useSystemProxy: true, environment: environment)?.port, 3128)
        let excluded = try RequestURL(parsing: "https://dt.internal.example/")
        XCTAssertNil(try ProxyRoute.forRequest(to: excluded, useSystemProxy: true, environment: environment))
    }
}
