@testable import SocketTransport
import XCTest

/// The proxy choice (libcurl's rules, plus the upper-case HTTP_PROXY that requests honours).
final class ProxyEnvironmentTests: XCTestCase {
    private func environment(_ variables: [String: String]) -> ProxyEnvironment {
        ProxyEnvironment { variables[$0] }
    }

    func testSchemeVariablePrecedence() {
        let env = environment(["https_proxy": "lower", "HTTPS_PROXY": "upper", "all_proxy": "all"])
        XCTAssertEqual(env.proxy(scheme: "https", host: "h"), "lower")
        XCTAssertEqual(environment(["HTTPS_PROXY": "upper", "all_proxy": "all"]).proxy(scheme: "https", host: "h"), "upper")
        XCTAssertEqual(environment(["ALL_PROXY": "all"]).proxy(scheme: "https", host: "h"), "all")
        XCTAssertNil(environment(["http_proxy": "p"]).proxy(scheme: "https", host: "h"))
        XCTAssertNil(environment(["https_proxy": ""]).proxy(scheme: "https", host: "h"), "empty means unset")
    }

    func testUppercaseHTTPProxyRules() {
        XCTAssertEqual(environment(["HTTP_PROXY": "up"]).uppercaseHTTPProxy(scheme: "http"), "up")
        XCTAssertNil(environment(["HTTP_PROXY": "up"]).uppercaseHTTPProxy(scheme: "https"))
        XCTAssertNil(environment(["HTTP_PROXY": "up", "http_proxy": "low"]).uppercaseHTTPProxy(scheme: "http"))
        XCTAssertNil(environment(["HTTP_PROXY": "up", "REQUEST_METHOD": "GET"]).uppercaseHTTPProxy(scheme: "http"))
        XCTAssertEqual(environment(["HTTP_PROXY": "up", "all_proxy": "all"]).proxy(scheme: "http", host: "h"), "up")
    }

    func testNoProxyExcludesHost() {
        let env = environment(["https_proxy": "p", "no_proxy": "internal.example, .corp.local"])
        XCTAssertNil(env.proxy(scheme: "https", host: "internal.example"))
        XCTAssertNil(env.proxy(scheme: "https", host: "a.corp.local"))
        XCTAssertEqual(env.proxy(scheme: "https", host: "darktrace.example"), "p")
        let upper = environment(["https_proxy": "p", "NO_PROXY": "*"])
        XCTAssertNil(upper.proxy(scheme: "https", host: "anything"))
    }

    func testNoProxyNames() {
        let list = NoProxyList("example.com .Other.ORG. ,  , trailing.net.")
        XCTAssertTrue(list.excludes(host: "example.com"))
        XCTAssertTrue(list.excludes(host: "WWW.Example.com"))
        XCTAssertTrue(list.excludes(host: "example.com."))
        XCTAssertFalse(list.excludes(host: "notexample.com"))
        XCTAssertTrue(list.excludes(host: "a.b.other.org"))
        XCTAssertTrue(list.excludes(host: "trailing.net"))
        XCTAssertFalse(list.excludes(host: ""))
        XCTAssertFalse(NoProxyList("").excludes(host: "example.com"))
        XCTAssertFalse(NoProxyList("a, *").excludes(host: "example.com"), "only a lone * matches everything")
    }

    func testNoProxyAddresses() {
        let list = NoProxyList("10.0.0.0/8,192.168.1.7,fd00::/8")
        XCTAssertTrue(list.excludes(host: "10.20.30.40"))
        XCTAssertFalse(list.excludes(host: "11.0.0.1"))
        XCTAssertTrue(list.excludes(host: "192.168.1.7"))
        XCTAssertFalse(list.excludes(host: "192.168.1.8"))
        XCTAssertTrue(list.excludes(host: "[fd12::1]"))
        XCTAssertFalse(list.excludes(host: "[fe80::1]"))
        XCTAssertFalse(NoProxyList("10.0.0.0/33").excludes(host: "10.0.0.1"))
        XCTAssertTrue(NoProxyList("127.0.0.1/0").excludes(host: "127.0.0.1"), "/0 means the whole address")
        XCTAssertFalse(NoProxyList("127.0.0.1/0").excludes(host: "127.0.0.2"))
        XCTAssertFalse(NoProxyList("example.com").excludes(host: "10.0.0.1"))
    }
}
