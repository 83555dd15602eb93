@testable import SocketTransport
import HTTPTransport
import XCTest

/// `RequestURL` parsing: every accepted shape, and every refusal as `.invalidURL` with a bounded detail.
final class RequestURLTests: XCTestCase {
    // MARK: Accepted shapes

    func testPlainHTTPUsesPort80AndSlashTarget() throws {
        let url = try RequestURL(parsing: "http://example.com")
        XCTAssertEqual(url.scheme, "http")
        XCTAssertNil(url.userinfo)
        XCTAssertEqual(url.host, "example.com")
        XCTAssertEqual(url.bareHost, "example.com")
        XCTAssertEqual(url.port, 80)
        XCTAssertFalse(url.hasCustomPort)
        XCTAssertEqual(url.target, "/")
        XCTAssertEqual(url.hostHeader, "example.com")
        XCTAssertEqual(url.hostAndPort, "example.com:80")
        XCTAssertEqual(url.absoluteForm, "http://example.com/")
    }

    func testUpperCaseSchemeIsLowered() throws {
        let url = try RequestURL(parsing: "HTTPS://Example.COM/Path")
        XCTAssertEqual(url.scheme, "https")
        XCTAssertEqual(url.host, "Example.COM", "the host is kept as written")
        XCTAssertEqual(url.port, 443)
        XCTAssertFalse(url.hasCustomPort)
        XCTAssertEqual(url.target, "/Path")
        XCTAssertEqual(url.absoluteForm, "https://Example.COM/Path")
    }

    func testDefaultPortWrittenExplicitlyIsNotCustom() throws {
        let http = try RequestURL(parsing: "http://h:80/")
        XCTAssertEqual(http.port, 80)
        XCTAssertFalse(http.hasCustomPort)
        XCTAssertEqual(http.hostHeader, "h")
        let https = try RequestURL(parsing: "https://h:443/")
        XCTAssertEqual(https.port, 443)
        XCTAssertFalse(https.hasCustomPort)
        XCTAssertEqual(https.hostHeader, "h")
    }

    func testExplicitPortIsCustomAndInHostHeader() throws {
        let url = try RequestURL(parsing: "https://dt.example:8443/x")
        XCTAssertEqual(url.port, 8443)
        XCTAssertTrue(url.hasCustomPort)
        XCTAssertEqual(url.hostHeader, "dt.example:8443")
        XCTAssertEqual(url.hostAndPort, "dt.example:8443")
        XCTAssertEqual(url.absoluteForm, "https://dt.example:8443/x")
        // The other scheme's default is still custom.
        let crossed = try RequestURL(parsing: "https://h:80/")
        XCTAssertTrue(crossed.hasCustomPort)
        XCTAssertEqual(crossed.hostHeader, "h:80")
        let bounds = try RequestURL(parsing: "http://h:65535")
        XCTAssertEqual(bounds.port, 65535)
        XCTAssertEqual(try RequestURL(parsing: "http://h:1").port, 1)
        XCTAssertEqual(try RequestURL(parsing: "http://h:00080/").port, 80)
    }

    func testEmptyPortMeansDefault() throws {
        let url = try RequestURL(parsing: "http://h:/")
        XCTAssertEqual(url.host, "h")
        XCTAssertEqual(url.port, 80)
        XCTAssertFalse(url.hasCustomPort)
        XCTAssertEqual(url.target, "/")
    }

    func testUserinfoIsSplitOffAndKeptEncoded() throws {
        let url = try RequestURL(parsing: "http://user%40x:p%3Aw@host.example:8080/api")
        XCTAssertEqual(url.userinfo, "user%40x:p%3Aw")
        XCTAssertEqual(url.host, "host.example")
        XCTAssertEqual(url.port, 8080)
        XCTAssertEqual(url.target, "/api")
        XCTAssertEqual(url.absoluteForm, "http://host.example:8080/api", "no credentials in the absolute form")
        // The last @ ends the userinfo.
        let twoAts = try RequestURL(parsing: "http://a@b:c@h/")
        XCTAssertEqual(twoAts.userinfo, "a@b:c")
        XCTAssertEqual(twoAts.host, "h")
        XCTAssertEqual(try RequestURL(parsing: "http://user@h").userinfo, "user")
    }

    func testIPv6LiteralKeepsBracketsInHostOnly() throws {
        let url = try RequestURL(parsing: "https://[::1]:8443/a?b=c")
        XCTAssertEqual(url.host, "[::1]")
        XCTAssertEqual(url.bareHost, "::1")
        XCTAssertEqual(url.port, 8443)
        XCTAssertTrue(url.hasCustomPort)
        XCTAssertEqual(url.hostHeader, "[::1]:8443")
        XCTAssertEqual(url.hostAndPort, "[::1]:8443")
        XCTAssertEqual(url.target, "/a?b=c")
        let plain = try RequestURL(parsing: "http://[fe80::1:2]")
        XCTAssertEqual(plain.host, "[fe80::1:2]")
        XCTAssertEqual(plain.bareHost, "fe80::1:2")
        XCTAssertEqual(plain.port, 80)
        XCTAssertEqual(plain.hostHeader, "[fe80::1:2]")
        let mapped = try RequestURL(parsing: "http://[::ffff:10.0.0.1]:81/")
        XCTAssertEqual(mapped.bareHost, "::ffff:10.0.0.1")
        XCTAssertEqual(mapped.port, 81)
    }

    func testPathAndQueryAreTheTarget() throws {
        XCTAssertEqual(try RequestURL(parsing: "https://h/modelbreaches?minscore=0.5&x=%20").target,
                       "/modelbreaches?minscore=0.5&x=%20")
        XCTAssertEqual(try RequestURL(parsing: "https://h/a/b/").target, "/a/b/")
        XCTAssertEqual(try RequestURL(parsing: "https://h/a@b:c").target, "/a@b:c")
        let at = try RequestURL(parsing: "https://h/a@b")
        XCTAssertNil(at.userinfo, "an @ in the path is not userinfo")
        XCTAssertEqual(at.host, "h")
    }

    func testQueryWithoutPathGetsASlash() throws {
        let url = try RequestURL(parsing: "http://h?x=1")
        XCTAssertEqual(url.host, "h")
        XCTAssertEqual(url.port, 80)
        XCTAssertEqual(url.target, "/?x=1")
        XCTAssertEqual(try RequestURL(parsing: "http://h:81?x=1@y").target, "/?x=1@y")
        XCTAssertEqual(try RequestURL(parsing: "http://h:81?x=1@y").port, 81)
    }

    func testFragmentIsDropped() throws {
        XCTAssertEqual(try RequestURL(parsing: "http://h/p?q=1#frag").target, "/p?q=1")
        XCTAssertEqual(try RequestURL(parsing: "http://h/p#frag?not=query").target, "/p")
        let bare = try RequestURL(parsing: "http://h#frag")
        XCTAssertEqual(bare.host, "h")
        XCTAssertEqual(bare.target, "/")
        XCTAssertEqual(try RequestURL(parsing: "http://h:81#/x").port, 81)
    }

    func testHostCharactersAllowed() throws {
        XCTAssertEqual(try RequestURL(parsing: "http://a-b.c_d~e.1/").host, "a-b.c_d~e.1")
        XCTAssertEqual(try RequestURL(parsing: "http://10.0.0.1:8080/").host, "10.0.0.1")
    }

    // MARK: Refusals

    func testNoSchemeIsRefused() {
        for text in ["example.com/path", "example.com:443", "//example.com/", "http:/h/", "http:h", ""] {
            assertInvalid(text, detail: "the URL has no scheme (http:// or https://)")
        }
    }

    func testOtherSchemesAreRefused() {
        assertInvalid("ftp://h/file", detail: "the URL scheme \"ftp\" is not http or https")
        assertInvalid("file:///etc/passwd", detail: "the URL scheme \"file\" is not http or https")
        assertInvalid("FTP://h/", detail: "the URL scheme \"ftp\" is not http or https")
        assertInvalid("://h/", detail: "the URL scheme \"\" is not http or https")
        assertInvalid("httpx://h/", detail: "the URL scheme \"httpx\" is not http or https")
    }

    func testBlankControlAndNonASCIICharactersAreRefused() {
        let detail = "the URL contains a blank, control or non-ASCII character"
        for text in ["http://exa mple/", " http://h/", "http://h/ ", "http://h/a\tb", "http://h/\r\nX: y",
                     "http://h/\u{7F}", "http://h/\u{1B}[0m", "http://hé/", "http://h/ü", "http://h/\u{200B}"] {
            assertInvalid(text, detail: detail)
        }
    }

    func testNULIsRefusedByName() {
        assertInvalid("http://h/\0", detail: "the URL contains a NUL byte")
        assertInvalid("http://h\0.evil/", detail: "the URL contains a NUL byte")
    }

    func testEmptyHostIsRefused() {
        for text in ["http:///path", "http://", "http://:8080/", "http://user@/", "http://?x", "http://#f"] {
            assertInvalid(text, detail: "the URL has no host")
        }
    }

    func testBadHostCharactersAreRefused() {
        assertInvalid("http://h%41/", detail: "the URL's host \"h%41\" has characters a host name cannot have")
        assertInvalid("http://a,b/", detail: "the URL's host \"a,b\" has characters a host name cannot have")
        assertInvalid("http://h\\x/", detail: "the URL's host \"h\\x\" has characters a host name cannot have")
        assertInvalid("http://a]b/", detail: "the URL's host \"a]b\" has characters a host name cannot have")
    }

    func testBadPortsAreRefused() {
        for (text, shown) in [("http://h:0/", "0"), ("http://h:65536/", "65536"), ("http://h:abc/", "abc"),
                              ("http://h:123456/", "123456"), ("http://h:-1/", "-1"), ("http://h:8080:1/", "8080:1"),
                              ("http://h: 80/", nil), ("http://h:+80/", "+80"), ("https://[::1]:x/", "x"),
                              ("https://[::1]:0", "0")] {
            guard let shown else {
                assertInvalid(text, detail: "the URL contains a blank, control or non-ASCII character")
                continue
            }
            assertInvalid(text, detail: "the URL port \"\(shown)\" is not a number from 1 to 65535")
        }
    }

    func testUnclosedIPv6BracketIsRefused() {
        assertInvalid("http://[::1/", detail: "the URL's IPv6 address has no closing bracket")
        assertInvalid("http://[::1:8080", detail: "the URL's IPv6 address has no closing bracket")
    }

    func testBadIPv6LiteralIsRefused() {
        assertInvalid("http://[]/", detail: "the URL's IPv6 address is not valid")
        assertInvalid("http://[::g]/", detail: "the URL's IPv6 address is not valid")
        assertInvalid("http://[fe80::1%25eth0]/", detail: "the URL's IPv6 address is not valid")
    }

    func testJunkAfterIPv6BracketIsRefused() {
        assertInvalid("http://[::1]x/", detail: "the URL has characters after its IPv6 address")
        assertInvalid("http://[::1]]:80/", detail: "the URL has characters after its IPv6 address")
        assertInvalid("http://[::1]8080/", detail: "the URL has characters after its IPv6 address")
    }

    func testLongValuesAreNeverQuotedWhole() {
        let long = String(repeating: "x", count: 300)
        let cases = [
            ("\(long)://h/", "the URL scheme \"\(long.prefix(20))\" is not http or https"),
            ("http://h%\(long)/", "the URL's host \"h%\(long.prefix(62))\" has characters a host name cannot have"),
            ("http://h:\(long)/", "the URL port \"\(long.prefix(12))\" is not a number from 1 to 65535"),
        ]
        for (text, detail) in cases {
            let error = invalidDetail(text)
            XCTAssertEqual(error, detail)
            XCTAssertFalse(error?.contains(long) ?? true, "the detail quotes the whole value")
            XCTAssertLessThanOrEqual(error?.count ?? .max, 120)
        }
    }

    // MARK: Helpers

    private func invalidDetail(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        do {
            let url = try RequestURL(parsing: text)
            XCTFail("\(text.debugDescription) parsed as \(url)", file: file, line: line)
            return nil
        } catch {
            guard case .invalidURL(let detail) = error else {
                XCTFail("\(text.debugDescription): expected invalidURL, got \(error)", file: file, line: line)
                return nil
            }
            return detail
        }
    }

    private func assertInvalid(_ text: String, detail: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(invalidDetail(text, file: file, line: line), detail, text.debugDescription, file: file, line: line)
    }
}
