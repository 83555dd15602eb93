import DarktraceAPI
import HTTPTransport
import OrderedJSON
import Testing

/// What DarktraceClient puts on the wire: URL joining, base URL checks, encoded queries, headers, signatures.
@Suite struct DarktraceClientRequestTests {
    /// HMAC-SHA1("priv", "/time\npub\n20250115T123000") from Python's hmac.
    static let timeSignature = "3b8a1de590d373af82ae8b7c554a8dd9138d38f2"

    @Test(arguments: [
        ("https://dt.example", "https://dt.example", "https://dt.example/time"),
        ("https://dt.example/", "https://dt.example", "https://dt.example/time"),
        ("https://dt.example///", "https://dt.example", "https://dt.example/time"),
        ("https://h/dt/", "https://h/dt", "https://h/dt/time"),
        ("https://h/dt", "https://h/dt", "https://h/dt/time"),
        ("  https://dt.example/ \t", "https://dt.example", "https://dt.example/time"),
        ("HTTPS://DT.example:8443/", "HTTPS://DT.example:8443", "HTTPS://DT.example:8443/time"),
        ("http://10.0.0.1", "http://10.0.0.1", "http://10.0.0.1/time"),
    ])
    func urlJoining(_ base: String, _ normalized: String, _ url: String) throws {
        let server = FakeDarktrace([.json(#"{"time":"2025-01-15 12:30:00"}"#)])
        let client = try server.client(baseURL: base)
        #expect(client.baseURL == normalized)
        let answer = try client.get("/time")
        #expect(answer.compactJSON() == #"{"time":"2025-01-15 12:30:00"}"#)
        let request = try #require(server.requests.first)
        #expect(request.url == url)
        // The path prefix is not signed: the signature is the one for "/time".
        #expect(FakeDarktrace.header("DTAPI-Signature", of: request) == Self.timeSignature)
    }

    @Test(arguments: [
        "", "dt.example", "ftp://dt.example", "https://", "https:///time", "https://dt example",
        "https://dt.example/a b", "https://dt.example?x=1", "https://dt.example#frag", "https:/dt.example",
        "//dt.example", "https://?x", "https://dt.example\n/x",
    ])
    func invalidBaseURL(_ base: String) {
        #expect(throws: DarktraceError.invalidBaseURL(base)) {
            try FakeDarktrace([]).client(baseURL: base)
        }
    }

    /// "\r\n" is one Character, so the CR/LF check and the trim both miss it; the URL keeps a line break.
    @Test
    func baseURLWithCRLFIsTrimmedOrRefused() throws {
        let client = try? FakeDarktrace([]).client(baseURL: "https://dt.example\r\n")
        #expect(client == nil || client?.baseURL == "https://dt.example")
    }

    @Test func getHeadersInOrder() throws {
        let server = FakeDarktrace([.json("{}")])
        _ = try server.client().get("/time")
        let request = try #require(server.requests.first)
        #expect(request.method == "GET")
        #expect(request.body == nil)
        #expect(request.headers == [
            HTTPHeader("DTAPI-Token", "pub"),
            HTTPHeader("DTAPI-Date", FakeDarktrace.date),
            HTTPHeader("DTAPI-Signature", Self.timeSignature),
            HTTPHeader("Accept", "application/json"),
        ])
    }

    /// The query goes percent-encoded; the signature covers the decoded string.
    @Test func getQueryEncodedOnTheWireSignedDecoded() throws {
        let server = FakeDarktrace([.json(#"{"devices":[]}"#)])
        _ = try server.client(baseURL: "https://h/dt/").get(
            "/devicesearch", query: [QueryItem("query", "a b+c&d=é"), QueryItem("count", "5")])
        let request = try #require(server.requests.first)
        #expect(request.url == "https://h/dt/devicesearch?query=a%20b%2Bc%26d%3D%C3%A9&count=5")
        let signed = "/devicesearch?query=a b+c&d=é&count=5"
        let expected = HMACSHA1.hexDigest(key: "priv", message: signed + "\npub\n" + FakeDarktrace.date)
        #expect(expected == "6eea0b2a96039781a40e24246afbe4b94e3a03f1")
        #expect(FakeDarktrace.header("DTAPI-Signature", of: request) == expected)
    }

    @Test func bareQueryNames() throws {
        let server = FakeDarktrace([.json("[]")])
        _ = try server.client().get("/details", query: [QueryItem("did", "1"), QueryItem("fulldevicedetails", nil)])
        #expect(server.requests.first?.url == "https://dt.example/details?did=1&fulldevicedetails")
        #expect(FakeDarktrace.header("DTAPI-Signature", of: try #require(server.requests.first))
            == HMACSHA1.hexDigest(key: "priv", message: "/details?did=1&fulldevicedetails\npub\n20250115T123000"))
    }

    @Test func postSendsTheFormAndSignsPathAndBody() throws {
        let server = FakeDarktrace([.json(#"{"response":"SUCCESS"}"#)])
        let answer = try server.client().postForm("/modelbreaches/95/acknowledge",
                                                  query: [QueryItem("acknowledge", "true")],
                                                  form: [QueryItem("acknowledge", "true")])
        #expect(answer.compactJSON() == #"{"response":"SUCCESS"}"#)
        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.url == "https://dt.example/modelbreaches/95/acknowledge?acknowledge=true")
        #expect(request.body == Array("acknowledge=true".utf8))
        #expect(request.headers == [
            HTTPHeader("DTAPI-Token", "pub"),
            HTTPHeader("DTAPI-Date", "20250115T123000"),
            HTTPHeader("DTAPI-Signature", "2b2c4bee6a9263a09b0c0569fd1ea406461698d9"),
            HTTPHeader("Accept", "application/json"),
            HTTPHeader("Content-Type", "application/x-www-form-urlencoded"),
        ])
    }

    @Test func postFormValuesAreEncoded() throws {
        let server = FakeDarktrace([.json("{}")])
        _ = try server.client().postForm("/x", query: [], form: [QueryItem("a", "b c"), QueryItem("d", "é")])
        let request = try #require(server.requests.first)
        #expect(request.url == "https://dt.example/x")
        #expect(request.body == Array("a=b%20c&d=%C3%A9".utf8))
        #expect(FakeDarktrace.header("DTAPI-Signature", of: request)
            == HMACSHA1.hexDigest(key: "priv", message: "/x?a=b%20c&d=%C3%A9\npub\n20250115T123000"))
    }

    @Test(arguments: [
        ("https://dt.example", "dt.example"), ("https://dt.example:8443/prefix", "dt.example:8443"),
        ("https://user:pw@dt.example/", "dt.example"), ("http://10.0.0.1/dt", "10.0.0.1"),
    ])
    func host(_ base: String, _ host: String) throws {
        #expect(try FakeDarktrace([]).client(baseURL: base).host == host)
    }
}
