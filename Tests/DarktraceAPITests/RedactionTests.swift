@testable import DarktraceAPI
import HTTPTransport
import Testing

/// `Redaction`: secrets in raw and JSON-escaped forms, redaction before any cut, URL credentials.
@Suite struct RedactionTests {
    /// A token with everything a serialiser escapes: a quote, two backslashes, é, an astral
    /// character (a surrogate pair in `\u` form), a slash, <&> and a newline.
    static let awkward = "S3cr\"et\\\\é😀/<&>\n-x"

    /// Python's json.dumps(awkward) and json.dumps(awkward, ensure_ascii=False), without the quotes.
    static let pythonASCII = #"S3cr\"et\\\\\u00e9\ud83d\ude00/<&>\n-x"#
    static let pythonUnicode = "S3cr\\\"et\\\\\\\\é😀/<&>\\n-x"

    @Test func jsonFormsIncludePythonsBothWaysAndOtherSerialisers() {
        let forms = Redaction.jsonForms(of: Self.awkward)
        #expect(forms.first == Self.awkward)
        #expect(forms.contains(Self.pythonASCII))
        #expect(forms.contains(Self.pythonUnicode))
        #expect(forms.contains(#"S3cr\"et\\\\\u00E9\uD83D\uDE00/<&>\n-x"#), "upper-case hex")
        #expect(forms.contains(#"S3cr\"et\\\\\u00e9\ud83d\ude00\/<&>\n-x"#), "PHP's \\/")
        #expect(forms.contains("S3cr\\\"et\\\\\\\\é😀/\\u003c\\u0026\\u003e\\n-x"), "Go's HTML-safe escapes")
    }

    @Test func aPlainTokenHasOneForm() {
        #expect(Redaction.jsonForms(of: "PRIV-0b5d2e8f-never-printed") == ["PRIV-0b5d2e8f-never-printed"])
    }

    @Test func everyFormIsReplaced() {
        let redaction = Redaction(secrets: [Self.awkward])
        for form in Redaction.jsonForms(of: Self.awkward) {
            #expect(redaction.redact("before \(form) after") == "before <redacted> after", "\(form)")
        }
        #expect(redaction.redact(Array("x\(Self.pythonASCII)y".utf8)) == Array("x<redacted>y".utf8))
    }

    @Test func shortSecretsAndTextWithoutSecretsAreLeftAlone() {
        let redaction = Redaction(secrets: ["abc", "", "long-enough"])
        #expect(redaction.redact("abc and long-enough") == "abc and <redacted>")
        #expect(Redaction(secrets: ["abc"]).isEmpty)
        let text: [UInt8] = [0x00, 0xFF, 0x61]
        #expect(Redaction(secrets: ["long-enough"]).redact(text) == text, "bytes that are not UTF-8 stay as they are")
    }

    @Test func extraFormsAreRedactedToo() {
        let redaction = Redaction(secrets: ["secret-1"]) { [$0.uppercased()] }
        #expect(redaction.redact("SECRET-1 secret-1") == "<redacted> <redacted>")
    }

    // MARK: Before the cut

    /// A non-JSON 2xx answer is quoted by its first 120 bytes: a token across byte 120 must not
    /// leave its first half there.
    @Test func tokenAcrossTheQuotedPrefixIsRedactedWhole() {
        let token = "PRIV-0b5d2e8f-never-printed"
        let body = Array((String(repeating: "x", count: 110) + token).utf8)
        let redaction = Redaction(secrets: [token])
        #expect(throws: DarktraceError.invalidJSON(detail: "expected a JSON value at byte 0",
                                                   bodyPrefix: String(repeating: "x", count: 110) + "<redacted>")) {
            try DarktraceClient.decode(HTTPResponse(status: 200, body: body), redaction: redaction)
        }
    }

    /// An error page over 64 KiB is quoted by its start: the token across the cut goes first.
    @Test func tokenAcrossTheQuotedBodyLimitIsRedactedWhole() throws {
        let token = "PRIV-0b5d2e8f-never-printed"
        let body = Array((String(repeating: "y", count: DarktraceError.maximumQuotedBody - 20) + token + "tail").utf8)
        do {
            _ = try DarktraceClient.decode(HTTPResponse(status: 500, body: body), redaction: Redaction(secrets: [token]))
            Issue.record("expected an error")
        } catch {
            let message = error.message
            #expect(!message.contains("PRIV-0b5d"), "no prefix of the token")
            #expect(message.contains("<redacted>tail"), "the body is short enough once redacted to be quoted whole")
        }
    }

    /// A JSON error echoing the token escaped (by the server's serialiser) is re-serialised by
    /// `json.dumps` in the message: neither form may be left.
    @Test func tokenEchoedEscapedInAJSONErrorIsRedacted() throws {
        for echoed in [Self.pythonASCII, Self.pythonUnicode] {
            let body = Array(#"{"error": "bad key \#(echoed)"}"#.utf8)
            do {
                _ = try DarktraceClient.decode(HTTPResponse(status: 400, body: body), redaction: Redaction(secrets: [Self.awkward]))
                Issue.record("expected an error")
            } catch {
                #expect(error.message == "Error in API call [400] - Bad Request\n{\"error\": \"bad key <redacted>\"}")
            }
        }
    }

    // MARK: URL credentials

    @Test(arguments: [
        ("https://user:secret@dt.example/path", "https://<redacted>@dt.example/path"),
        ("htps://user:secret@dt.example", "htps://<redacted>@dt.example"),
        ("user:secret@dt.example", "<redacted>@dt.example"),
        ("https://us@er:se@cret@dt.example?q=a@b", "https://<redacted>@dt.example?q=a@b"),
        ("https://dt.example/#mail@x", "https://dt.example/#mail@x"),
        ("https://dt.example", "https://dt.example"),
        ("ftp://@dt.example", "ftp://@dt.example"),
    ])
    func credentialsAreMasked(_ url: String, _ expected: String) {
        #expect(Redaction.maskingCredentials(in: url) == expected)
    }

    @Test func invalidServerURLIsQuotedWithoutItsCredentials() {
        let message = DarktraceError.invalidBaseURL("htps://admin:hunter2-secret@dt.example").message
        #expect(message == #"Invalid Server URL "htps://<redacted>@dt.example": it must start with https:// (or http://) and name a host, e.g. https://darktrace.example.com."#)
        let long = DarktraceError.invalidBaseURL("ftp://admin:" + String(repeating: "p", count: 300) + "@dt.example").message
        #expect(!long.contains("pppp") && long.contains("ftp://<redacted>@dt.example"))
    }

    @Test func displayBaseURLDropsCredentials() throws {
        let transport = ClosureTransport { _ in HTTPResponse(status: 200) }
        let client = try DarktraceClient(baseURL: "https://user:pw@dt.example/prefix", publicToken: "p", privateToken: "q",
                                         transport: transport)
        #expect(client.displayBaseURL == "https://dt.example/prefix")
        let plain = try DarktraceClient(baseURL: "https://dt.example/a@b", publicToken: "p", privateToken: "q", transport: transport)
        #expect(plain.displayBaseURL == "https://dt.example/a@b", "an @ in the path is no user information")
    }
}
