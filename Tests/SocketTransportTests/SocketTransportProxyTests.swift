import SocketTransport
import Foundation
import HTTPTransport
import XCTest

/// Proxy handling through a recording local proxy: honoured, ignored, excluded, and dead.
///
/// Every test changes the process environment; XCTest runs them one at a time.
final class SocketTransportProxyTests: XCTestCase {
    nonisolated(unsafe) private static var directory: TemporaryDirectory?
    nonisolated(unsafe) private static var http: TestServer?
    nonisolated(unsafe) private static var https: TestServer?
    nonisolated(unsafe) private static var proxy: TestServer?

    override class func setUp() {
        super.setUp()
        do {
            let directory = try TemporaryDirectory()
            self.directory = directory
            let (cert, key) = try makeSelfSignedCertificate(in: directory)
            http = try TestServer(script: "test_server.py", logURL: directory.file("http.log"))
            https = try TestServer(script: "test_server.py", arguments: ["--tls", cert, key])
            proxy = try TestServer(script: "proxy_server.py", logURL: directory.file("proxy.log"))
        } catch {
            XCTFail("could not start the test servers: \(error)")
        }
    }

    override class func tearDown() {
        for server in [http, https, proxy] { server?.stop() }
        (http, https, proxy, directory) = (nil, nil, nil, nil)
        super.tearDown()
    }

    private var variables: ProxyVariables?

    override func setUpWithError() throws {
        variables = ProxyVariables()
        try XCTUnwrap(Self.proxy).clearLog()
    }

    override func tearDown() {
        variables?.restore()
        variables = nil
        super.tearDown()
    }

    private func servers() throws -> (http: TestServer, https: TestServer, proxy: TestServer) {
        (try XCTUnwrap(Self.http), try XCTUnwrap(Self.https), try XCTUnwrap(Self.proxy))
    }

    private func transport(proxy: Bool) -> SocketTransport {
        SocketTransport(options: TransportOptions(verifyTLS: false, useSystemProxy: proxy,
                                                timeoutSeconds: 10, connectTimeoutSeconds: 5))
    }

    private func pointProxyVariables(at proxy: TestServer) {
        let address = "http://127.0.0.1:\(proxy.port)"
        for name in ["http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "HTTP_PROXY"] {
            variables?.set(name, address)
        }
    }

    func testHTTPSGoesThroughProxyTunnelWhenEnabled() throws {
        let (_, https, proxy) = try servers()
        variables?.set("https_proxy", "http://127.0.0.1:\(proxy.port)")
        let response = try transport(proxy: true).send(HTTPRequest(method: "GET", url: https.url("/echo", scheme: "https")))
        XCTAssertEqual(response.status, 200)
        XCTAssertNil(response.header("Connection-Established"))
        XCTAssertEqual(try Echo(response).path, "/echo")
        XCTAssertEqual(proxy.loggedLines(), ["CONNECT 127.0.0.1:\(https.port) HTTP/1.1"])
    }

    func testHTTPGoesThroughProxyInAbsoluteFormWhenEnabled() throws {
        let (http, _, proxy) = try servers()
        variables?.set("http_proxy", "http://127.0.0.1:\(proxy.port)")
        let response = try transport(proxy: true).send(HTTPRequest(method: "POST", url: http.url("/echo"),
                                                                   body: Array("via proxy".utf8)))
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(try Echo(response).body, Array("via proxy".utf8))
        XCTAssertEqual(proxy.loggedLines(), ["POST http://127.0.0.1:\(http.port)/echo HTTP/1.1"])
    }

    func testUppercaseHTTPProxyIsHonoured() throws {
        let (http, _, proxy) = try servers()
        variables?.set("HTTP_PROXY", "http://127.0.0.1:\(proxy.port)")
        let response = try transport(proxy: true).send(HTTPRequest(method: "GET", url: http.url("/echo")))
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(proxy.loggedLines(), ["GET http://127.0.0.1:\(http.port)/echo HTTP/1.1"])

        // no_proxy applies to the upper-case HTTP_PROXY as well.
        proxy.clearLog()
        variables?.set("no_proxy", "127.0.0.1")
        XCTAssertEqual(try transport(proxy: true).send(HTTPRequest(method: "GET", url: http.url("/echo"))).status, 200)
        XCTAssertEqual(proxy.loggedLines(), [])
    }

    func testUppercaseHTTPProxyIsIgnoredInACGIEnvironment() throws {
        let (http, _, proxy) = try servers()
        variables?.set("HTTP_PROXY", "http://127.0.0.1:\(proxy.port)")
        variables?.set("REQUEST_METHOD", "GET")
        let response = try transport(proxy: true).send(HTTPRequest(method: "GET", url: http.url("/echo")))
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(proxy.loggedLines(), [])
    }

    func testProxyVariablesAreIgnoredWhenDisabled() throws {
        let (http, https, proxy) = try servers()
        pointProxyVariables(at: proxy)
        let direct = transport(proxy: false)
        XCTAssertEqual(try direct.send(HTTPRequest(method: "GET", url: http.url("/echo"))).status, 200)
        XCTAssertEqual(try direct.send(HTTPRequest(method: "GET", url: https.url("/echo", scheme: "https"))).status, 200)
        XCTAssertEqual(proxy.loggedLines(), [])
    }

    func testNoProxyListingTheHostGoesDirect() throws {
        let (http, https, proxy) = try servers()
        pointProxyVariables(at: proxy)
        variables?.set("no_proxy", "example.com, 127.0.0.1")
        let enabled = transport(proxy: true)
        XCTAssertEqual(try enabled.send(HTTPRequest(method: "GET", url: http.url("/echo"))).status, 200)
        XCTAssertEqual(try enabled.send(HTTPRequest(method: "GET", url: https.url("/echo", scheme: "https"))).status, 200)
        XCTAssertEqual(proxy.loggedLines(), [])
    }

    func testUppercaseNoProxyWithCIDRGoesDirect() throws {
        let (http, _, proxy) = try servers()
        pointProxyVariables(at: proxy)
        variables?.set("NO_PROXY", "127.0.0.0/8")
        XCTAssertEqual(try transport(proxy: true).send(HTTPRequest(method: "GET", url: http.url("/echo"))).status, 200)
        XCTAssertEqual(proxy.loggedLines(), [])
    }

    func testDeadProxyIsAProxyError() throws {
        let (_, https, _) = try servers()
        let deadPort = try closedLoopbackPort()
        variables?.set("https_proxy", "http://127.0.0.1:\(deadPort)")
        let error = expectFailure(transport(proxy: true), HTTPRequest(method: "GET", url: https.url("/echo", scheme: "https")))
        guard case .proxy(let detail, let transient)? = error else {
            return XCTFail("expected proxy, got \(String(describing: error))")
        }
        XCTAssertTrue(detail.contains(String(deadPort)), detail)
        XCTAssertTrue(transient, "a proxy that is down may be up again")
        XCTAssertEqual(error?.requestCertainlyNotSent, true)
    }

    func testProxyRefusingTheTunnelIsAProxyError() throws {
        let (_, _, proxy) = try servers()
        variables?.set("https_proxy", "http://127.0.0.1:\(proxy.port)")
        // The recording proxy tunnels to 127.0.0.1 only, so this CONNECT is refused with 403
        // (and, through a proxy, the transport never resolves the target name itself).
        let error = expectFailure(transport(proxy: true), HTTPRequest(method: "GET", url: "https://refused.invalid/"))
        guard case .proxy(let detail, let transient)? = error else {
            return XCTFail("expected proxy, got \(String(describing: error))")
        }
        XCTAssertTrue(detail.contains("403"), detail)
        XCTAssertFalse(transient, "a refusal by policy is the same next time")
        XCTAssertEqual(proxy.loggedLines(), ["CONNECT refused.invalid:443 HTTP/1.1"])
    }

    func testUnresolvableProxyIsAProxyError() throws {
        let (http, _, _) = try servers()
        variables?.set("http_proxy", "http://proxy.nonexistent.invalid:3128")
        let error = expectFailure(transport(proxy: true), HTTPRequest(method: "GET", url: http.url("/echo")))
        guard case .proxy(_, true)? = error else {
            return XCTFail("expected a transient proxy failure, got \(String(describing: error))")
        }
    }

    func testProxyAskingForCredentialsIsAProxyErrorNotWorthRetrying() throws {
        let log = try TemporaryDirectory()
        let guarded = try TestServer(script: "proxy_server.py", arguments: ["--require-auth", "user:secret"],
                                     logURL: log.file("proxy.log"))
        let (_, https, _) = try servers()
        variables?.set("https_proxy", "http://127.0.0.1:\(guarded.port)")
        let error = expectFailure(transport(proxy: true), HTTPRequest(method: "GET", url: https.url("/echo", scheme: "https")))
        XCTAssertEqual(error, .proxy(detail: "CONNECT tunnel failed, response 407", transient: false))
        variables?.set("https_proxy", "http://user:secret@127.0.0.1:\(guarded.port)")
        let response = try transport(proxy: true).send(HTTPRequest(method: "GET", url: https.url("/echo", scheme: "https")))
        XCTAssertEqual(response.status, 200, "the right credentials open the tunnel")
    }
}
