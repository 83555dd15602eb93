import DarktraceAPI
import HTTPTransport
import OrderedJSON
import Testing

/// Turning answers into JSON or errors: HTML login pages, invalid and empty bodies, invalid UTF-8, non-2xx.
@Suite struct DarktraceClientDecodeTests {
    private func outcome(of answer: Outcome) -> Result<JSONValue, DarktraceError> {
        let server = FakeDarktrace([answer])
        do {
            return .success(try server.client().get("/modelbreaches"))
        } catch {
            return .failure(error)
        }
    }

    private func failure(of answer: Outcome) -> DarktraceError? {
        if case .failure(let error) = outcome(of: answer) { return error }
        return nil
    }

    @Test(arguments: [
        (200, [HTTPHeader("Content-Type", "text/html; charset=utf-8")], "{}"),
        (200, [HTTPHeader("content-type", "TEXT/HTML")], "[]"),
        (200, [], "<!DOCTYPE html><html><body>Login</body></html>"),
        (200, [], "<!doctype HTML>\n<html>"),
        (200, [], "\n \r\t<html><head><title>Darktrace</title></head></html>"),
        (201, [HTTPHeader("Content-Type", "application/json")], "<HTML>"),
    ] as [(Int, [HTTPHeader], String)])
    func htmlPages(_ status: Int, _ headers: [HTTPHeader], _ body: String) {
        #expect(failure(of: .status(status, body, headers: headers)) == .htmlPage(status: status))
    }

    @Test(arguments: [
        ("hello world", "expected a JSON value at byte 0", "hello world"),
        ("not json", "invalid literal: expected 'null' at byte 0", "not json"),
        (#"{"a":"#, "unexpected end of input: expected a value at byte 5", #"{"a":"#),
        ("[1,]", "expected a JSON value at byte 3", "[1,]"),
        ("", "the body is empty", "(nothing)"),
        ("<?xml version=\"1.0\"?>", "expected a JSON value at byte 0", "<?xml version=\"1.0\"?>"),
    ])
    func invalidJSON(_ body: String, _ detail: String, _ prefix: String) {
        #expect(failure(of: .json(body)) == .invalidJSON(detail: detail, bodyPrefix: prefix))
    }

    @Test func emptyBodyOf204IsInvalidJSON() {
        #expect(failure(of: .status(204)) == .invalidJSON(detail: "the body is empty", bodyPrefix: "(nothing)"))
    }

    @Test func bodyPrefixIsTheFirst120Bytes() {
        let body = "x" + String(repeating: "0123456789", count: 20)
        let expected = String(body.prefix(120))
        #expect(failure(of: .json(body)) == .invalidJSON(detail: "expected a JSON value at byte 0", bodyPrefix: expected))
    }

    /// One bad byte in a device name is replaced (as `requests` decodes text), not a failed command.
    @Test func invalidUTF8InsideAStringIsReplaced() throws {
        let body: [UInt8] = Array(#"{"hostname":"ab"#.utf8) + [0xFF] + Array(#"c","ok":[1.0]}"#.utf8)
        let result = outcome(of: .answer(HTTPResponse(status: 200, body: body)))
        let value = try result.get()
        #expect(value.compactJSON() == "{\"hostname\":\"ab\u{FFFD}c\",\"ok\":[1.0]}")
        #expect(value["hostname"]?.stringValue?.unicodeScalars.map(\.value) == [0x61, 0x62, 0xFFFD, 0x63])
    }

    @Test func invalidUTF8OutsideAStringIsStillInvalidJSON() {
        let result = failure(of: .answer(HTTPResponse(status: 200, body: [0xFF, 0x7B, 0x7D])))
        #expect(result == .invalidJSON(detail: "expected a JSON value at byte 0", bodyPrefix: "\u{FFFD}{}"))
    }

    @Test func validJSONKeepsOrderAndNumberText() throws {
        let value = try outcome(of: .json(#"[{"pbid":95,"score":0.729,"time":1597688304000,"b":1.0,"a":1}]"#)).get()
        #expect(value.compactJSON() == #"[{"pbid":95,"score":0.729,"time":1597688304000,"b":1.0,"a":1}]"#)
    }

    @Test(arguments: [
        (302, [HTTPHeader("Location", "/login")], "Found. Redirecting to /login", "/login"),
        (302, [HTTPHeader("location", "https://dt.example/403")], "", "https://dt.example/403"),
        (400, [], #"{"error":"API SIGNATURE ERROR"}"#, nil),
        (500, [HTTPHeader("Content-Type", "text/html")], "<html>oops</html>", nil),
    ] as [(Int, [HTTPHeader], String, String?)])
    func non2xxIsAnHTTPError(_ status: Int, _ headers: [HTTPHeader], _ body: String, _ location: String?) {
        #expect(failure(of: .status(status, body, headers: headers))
            == .http(status: status, location: location, body: Array(body.utf8)))
    }
}
