@testable import SocketTransport
import HTTPTransport
import XCTest

/// `RequestHead.bytes`: the exact request head on the wire, and the refusals that keep values out of errors.
final class RequestHeadTests: XCTestCase {
    // MARK: Exact bytes

    func testGetHeadHasHostFirstCallerFieldsInOrderThenTransportFields() throws {
        let request = HTTPRequest(method: "GET", url: "https://dt.example/modelbreaches?minscore=0.5",
                                  headers: [HTTPHeader("DTAPI-Token", "public"), HTTPHeader("DTAPI-Date", "20240101T000000"),
                                            HTTPHeader("DTAPI-Signature", "abc123"), HTTPHeader("X-Empty", "")])
        XCTAssertEqual(try head(request), """
            GET /modelbreaches?minscore=0.5 HTTP/1.1\r
            Host: dt.example\r
            DTAPI-Token: public\r
            DTAPI-Date: 20240101T000000\r
            DTAPI-Signature: abc123\r
            X-Empty: \r
            Accept: */*\r
            Accept-Encoding: gzip, deflate\r
            Connection: close\r
            \r

            """)
    }

    func testCustomPortAppearsInHost() throws {
        XCTAssertEqual(try head(HTTPRequest(method: "GET", url: "http://[::1]:8080")), """
            GET / HTTP/1.1\r
            Host: [::1]:8080\r
            Accept: */*\r
            Accept-Encoding: gzip, deflate\r
            Connection: close\r
            \r

            """)
    }

    func testPostWithBodyHasContentLength() throws {
        let request = HTTPRequest(method: "POST", url: "https://dt.example:8443/intelfeed",
                                  headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded")],
                                  body: Array("addentry=evil.example".utf8))
        XCTAssertEqual(try head(request), """
            POST /intelfeed HTTP/1.1\r
            Host: dt.example:8443\r
            Content-Type: application/x-www-form-urlencoded\r
            Accept: */*\r
            Accept-Encoding: gzip, deflate\r
            Content-Length: 21\r
            Connection: close\r
            \r

            """)
    }

    func testPostWithoutBodySendsContentLengthZero() throws {
        XCTAssertEqual(try head(HTTPRequest(method: "POST", url: "http://h/x")), """
            POST /x HTTP/1.1\r
            Host: h\r
            Accept: */*\r
            Accept-Encoding: gzip, deflate\r
            Content-Length: 0\r
            Connection: close\r
            \r

            """)
        XCTAssertTrue(try head(HTTPRequest(method: "PUT", url: "http://h/x")).contains("\r\nContent-Length: 0\r\n"))
        XCTAssertTrue(try head(HTTPRequest(method: "POST", url: "http://h/x", body: [])).contains("\r\nContent-Length: 0\r\n"))
    }

    func testBodilessMethodsHaveNoContentLength() throws {
        for method in ["GET", "HEAD", "DELETE", "OPTIONS"] {
            XCTAssertFalse(try head(HTTPRequest(method: method, url: "http://h/")).contains("Content-Length"), method)
        }
        // A GET that carries a body says how long it is.
        XCTAssertTrue(try head(HTTPRequest(method: "GET", url: "http://h/", body: [1, 2, 3])).contains("\r\nContent-Length: 3\r\n"))
    }

    func testCallerFieldsReplaceTheTransportDefaults() throws {
        let request = HTTPRequest(method: "POST", url: "http://user:pw@h:81/",
                                  headers: [HTTPHeader("accept", "application/json"), HTTPHeader("HOST", "other.example"),
                                            HTTPHeader("Accept-Encoding", "identity"), HTTPHeader("connection", "keep-alive"),
                                            HTTPHeader("Authorization", "Bearer t"), HTTPHeader("content-length", "2")],
                                  body: [0x7B, 0x7D])
        XCTAssertEqual(try head(request), """
            POST / HTTP/1.1\r
            accept: application/json\r
            HOST: other.example\r
            Accept-Encoding: identity\r
            connection: keep-alive\r
            Authorization: Bearer t\r
            content-length: 2\r
            \r

            """)
    }

    func testUserinfoBecomesBasicAuthorization() throws {
        // "user@x:p:w" percent-decoded, base64: dXNlckB4OnA6dw==
        let request = HTTPRequest(method: "GET", url: "https://user%40x:p%3Aw@h/", headers: [HTTPHeader("X-A", "1")])
        XCTAssertEqual(try head(request), """
            GET / HTTP/1.1\r
            Host: h\r
            X-A: 1\r
            Authorization: Basic dXNlckB4OnA6dw==\r
            Accept: */*\r
            Accept-Encoding: gzip, deflate\r
            Connection: close\r
            \r

            """)
        // RFC 7617's example.
        XCTAssertTrue(try head(HTTPRequest(method: "GET", url: "http://Aladdin:open%20sesame@h/"))
            .contains("\r\nAuthorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\r\n"))
    }

    func testPercentDecodingKeepsMalformedEscapes() {
        XCTAssertEqual(BasicCredentials.percentDecoded("a%40b%3a%3Ac"), Array("a@b::c".utf8))
        XCTAssertEqual(BasicCredentials.percentDecoded("%zz%4%"), Array("%zz%4%".utf8))
        XCTAssertEqual(BasicCredentials.percentDecoded("%41%4"), Array("A%4".utf8))
        XCTAssertEqual(BasicCredentials.percentDecoded("%C3%A9%00"), [0xC3, 0xA9, 0x00])
        XCTAssertEqual(BasicCredentials.encode("user%40x:p%3Aw"), "dXNlckB4OnA6dw==")
        XCTAssertEqual(BasicCredentials.encode("%ff%FE"), "//4=")
    }

    func testBase64MatchesRFC4648Vectors() {
        let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==",
                       "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy"]
        for (input, expected) in vectors {
            XCTAssertEqual(BasicCredentials.base64(Array(input.utf8)), expected, input)
        }
        XCTAssertEqual(BasicCredentials.base64([0xFB, 0xFF, 0xBF]), "+/+/")
        XCTAssertEqual(BasicCredentials.base64([0, 0, 0, 0]), "AAAAAA==")
        XCTAssertEqual(BasicCredentials.base64(Array(0...255)).count, 344)
    }

    func testProxyAuthorizationLineAndAbsoluteFormTarget() throws {
        let url = try RequestURL(parsing: "http://user:pw@h:8080/a?b=1#frag")
        let request = HTTPRequest(method: "GET", url: "http://user:pw@h:8080/a?b=1#frag")
        let bytes = try RequestHead.bytes(for: request, url: url, target: url.absoluteForm,
                                          proxyAuthorization: "Basic cHJveHk6c2VjcmV0")
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), """
            GET http://h:8080/a?b=1 HTTP/1.1\r
            Host: h:8080\r
            Authorization: Basic dXNlcjpwdw==\r
            Proxy-Authorization: Basic cHJveHk6c2VjcmV0\r
            Accept: */*\r
            Accept-Encoding: gzip, deflate\r
            Connection: close\r
            \r

            """)
    }

    func testProxyRouteAuthorizationAndConnectRequest() throws {
        let proxy = try ProxyRoute(setting: "http://me%40corp:s%3Acret@proxy.local:3128")
        XCTAssertEqual(proxy.host, "proxy.local")
        XCTAssertEqual(proxy.port, 3128)
        XCTAssertEqual(proxy.authorization, "Basic " + BasicCredentials.base64(Array("me@corp:s:cret".utf8)))
        let url = try RequestURL(parsing: "https://[::1]/x")
        XCTAssertEqual(String(decoding: proxy.connectRequest(to: url), as: UTF8.self),
                       "CONNECT [::1]:443 HTTP/1.1\r\nHost: [::1]:443\r\nProxy-Authorization: \(proxy.authorization!)\r\n\r\n")
    }

    // MARK: Refusals

    func testLineBreaksAndNULInValuesAreRefusedNamingOnlyTheField() {
        let secret = "s3cr3t-signature-value"
        for bad in ["\(secret)\r\nX-Injected: 1", "\(secret)\n", "\r\(secret)", "\(secret)\0tail"] {
            let request = HTTPRequest(method: "GET", url: "http://h/",
                                      headers: [HTTPHeader("X-Fine", "ok"), HTTPHeader("DTAPI-Signature", bad)])
            let detail = otherDetail(request)
            XCTAssertEqual(detail, "the request header \"DTAPI-Signature\" contains a line break; nothing was sent")
            XCTAssertFalse(detail?.contains(secret) ?? true)
        }
    }

    func testInvalidMethodIsRefused() {
        for method in ["", "GET /evil HTTP/1.1\r\nX:", "G ET", "GET\r", "GÉT", "GET(", "GET\0"] {
            XCTAssertEqual(otherDetail(HTTPRequest(method: method, url: "http://h/")),
                           "the HTTP method is not a valid token; nothing was sent", method.debugDescription)
        }
        // Unusual but valid tokens pass.
        XCTAssertNoThrow(try head(HTTPRequest(method: "M-SEARCH", url: "http://h/")))
        XCTAssertNoThrow(try head(HTTPRequest(method: "!#$%&'*+-.^_`|~", url: "http://h/")))
    }

    func testInvalidHeaderNamesAreRefusedPrintably() {
        let cases: [(String, String)] = [
            ("", ""), ("X Y", "X Y"), ("X:Y", "X:Y"), ("X-\r\nInjected", "X-??Injected"), ("Bad\0", "Bad?"),
            ("Ünicode", "Ünicode"), ("(comment)", "(comment)"), ("X\u{7F}", "X?"),
        ]
        for (name, shown) in cases {
            let request = HTTPRequest(method: "GET", url: "http://h/", headers: [HTTPHeader(name, "v")])
            XCTAssertEqual(otherDetail(request),
                           "the request header name \"\(shown)\" is not valid; nothing was sent", name.debugDescription)
        }
        let long = String(repeating: "n", count: 200) + " "
        XCTAssertEqual(otherDetail(HTTPRequest(method: "GET", url: "http://h/", headers: [HTTPHeader(long, "v")])),
                       "the request header name \"\(String(repeating: "n", count: 64))…\" is not valid; nothing was sent")
    }

    func testTokenCharacters() {
        XCTAssertTrue(RequestHead.isToken("DTAPI-Signature"))
        XCTAssertTrue(RequestHead.isToken("a1!#$%&'*+-.^_`|~Z"))
        for bad in ["", " ", "a b", "a,b", "a;b", "a\"b", "a/b", "a[b]", "a{b}", "a=b", "a?b", "a@b", "a\\b", "é"] {
            XCTAssertFalse(RequestHead.isToken(bad), bad)
        }
    }

    // MARK: Helpers

    private func head(_ request: HTTPRequest) throws -> String {
        let url = try RequestURL(parsing: request.url)
        return String(decoding: try RequestHead.bytes(for: request, url: url, target: url.target, proxyAuthorization: nil),
                      as: UTF8.self)
    }

    private func otherDetail(_ request: HTTPRequest, file: StaticString = #filePath, line: UInt = #line) -> String? {
        do {
            let text = try head(request)
            XCTFail("expected a refusal, got \(text.debugDescription)", file: file, line: line)
            return nil
        } catch let error as TransportError {
            guard case .other(let detail) = error else {
                XCTFail("expected .other, got \(error)", file: file, line: line)
                return nil
            }
            return detail
        } catch {
            XCTFail("unexpected \(error)", file: file, line: line)
            return nil
        }
    }
}
