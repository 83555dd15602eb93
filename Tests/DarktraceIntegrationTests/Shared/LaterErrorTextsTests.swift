import DarktraceAPI
@testable import DarktraceIntegration
import Testing

/// The later integrations' wording of Darktrace's failures (LATER.md section 2).
@Suite struct LaterErrorTextsTests {
    func http(_ status: Int, _ body: String, location: String? = nil) -> DarktraceError {
        .http(status: status, location: location, body: Array(body.utf8))
    }

    @Test func signatureAndDateErrors() {
        let signature = http(400, #"{"error": "API SIGNATURE ERROR"}"#)
        #expect(LaterErrorTexts.modelBreaches.message(signature)
            == "400 - API Signature Error. You have invalid credentials in your config.")
        #expect(LaterErrorTexts.representative.message(signature)
            == "API Signature Error. You have invalid credentials in your config.")
        #expect(LaterErrorTexts.representative.message(http(400, #"{"error": "API DATE ERROR"}"#))
            == "API Date Error. Check that the time on this machine matches that of the Darktrace instance.")
    }

    @Test func redirects() {
        #expect(LaterErrorTexts.modelBreaches.message(http(302, "Found. Redirecting to /login"))
            == "302 - Invalid Endpoint. Please create a ticket on the Darktrace Customer Portal.")
        #expect(LaterErrorTexts.representative.message(http(302, "Found. Redirecting to /403"))
            == "User has insufficient permissions to access the API endpoint.")
    }

    @Test func fallThroughQuotesTheBodyAsPythonBytes() {
        #expect(LaterErrorTexts.representative.message(http(400, #"{"error": "nope"}"#))
            == #"Your request failed with the following error: b'{"error": "nope"}'. Response Status code: 400"#)
        #expect(LaterErrorTexts.modelBreaches.message(http(302, "Found. Redirecting to /elsewhere"))
            == "Your request failed with the following error: b'Found. Redirecting to /elsewhere'. Response Status code: 302")
    }

    @Test func notFoundAndOtherStatuses() {
        #expect(LaterErrorTexts.modelBreaches.message(http(404, #"{"error": "No such pbid"}"#))
            == "404 - Darktrace was unable to find the requested data. No such pbid.")
        #expect(LaterErrorTexts.modelBreaches.message(http(404, "<html>"))
            == "404 - Darktrace was unable to find the requested data.")
        #expect(LaterErrorTexts.representative.message(http(404, "{}"))
            == "Darktrace was unable to process your request - Please contact your Darktrace representative.")
        #expect(LaterErrorTexts.modelBreaches.message(http(500, ""))
            == "500 - Darktrace was unable to process your request. Please create a ticket on the Darktrace Customer Portal.")
    }

    @Test func loginPageIsThePrivilegeError() {
        #expect(LaterErrorTexts.modelBreaches.message(.htmlPage(status: 200))
            == "User has insufficient permissions to access the API endpoint.")
    }

    @Test func pythonBytesReprEscapes() {
        #expect(pythonBytesRepr(Array("a'b".utf8)) == #"b"a'b""#)
        #expect(pythonBytesRepr(Array(#"a'b""#.utf8)) == #"b'a\'b"'"#)
        #expect(pythonBytesRepr([0x5C, 0x09, 0x0A, 0x0D, 0x00, 0x7F, 0xC3, 0xA9]) == #"b'\\\t\n\r\x00\x7f\xc3\xa9'"#)
        #expect(pythonBytesRepr([]) == "b''")
    }
}
