import DarktraceAPI
import Testing

/// The signed string, the DTAPI-Date header and RFC 3986 percent-encoding (expected values from Python).
@Suite struct RequestSignerTests {
    @Test func getSignsPairsInWireOrderDecoded() {
        let query = [QueryItem("zparam", "zval"), QueryItem("aparam", "a val+x&y"), QueryItem("mparam", "é")]
        #expect(RequestSigner.signedString(path: "/devices", query: query) == "/devices?zparam=zval&aparam=a val+x&y&mparam=é")
    }

    @Test func getWithoutQueryIsThePath() {
        #expect(RequestSigner.signedString(path: "/time", query: []) == "/time")
    }

    @Test func bareNamesHaveNoEqualsSign() {
        let query = [QueryItem("did", "1"), QueryItem("fulldevicedetails", nil), QueryItem("empty", "")]
        #expect(RequestSigner.signedString(path: "/details", query: query) == "/details?did=1&fulldevicedetails&empty=")
        #expect(query.map(\.encoded) == ["did=1", "fulldevicedetails", "empty="])
    }

    @Test func postSignsPathAndBody() {
        #expect(RequestSigner.signedString(path: "/modelbreaches/95/acknowledge", formBody: "acknowledge=true")
            == "/modelbreaches/95/acknowledge?acknowledge=true")
        #expect(RequestSigner.signedString(path: "/modelbreaches/95/unacknowledge", formBody: "unacknowledge=true")
            == "/modelbreaches/95/unacknowledge?unacknowledge=true")
    }

    @Test func queryItemForms() {
        let item = QueryItem("a b", "c+d&e")
        #expect(item.decoded == "a b=c+d&e")
        #expect(item.encoded == "a%20b=c%2Bd%26e")
    }

    /// Python: `datetime.fromtimestamp(s, timezone.utc).strftime("%Y%m%dT%H%M%S")`.
    @Test(arguments: [
        (0, "19700101T000000"),
        (1_736_944_200, "20250115T123000"),
        (-1, "19691231T235959"),
        (951_782_400, "20000229T000000"),
        (253_402_300_799, "99991231T235959"),
        (1_598_940_000, "20200901T060000"),
    ] as [(Int64, String)])
    func dateHeader(_ seconds: Int64, _ expected: String) {
        #expect(RequestSigner.dateHeader(epochSeconds: seconds) == expected)
    }

    /// Python: `urllib.parse.quote(text, safe="-._~")`.
    @Test(arguments: [
        (" ", "%20"), ("+", "%2B"), ("&", "%26"), ("#", "%23"), ("%", "%25"), ("/", "%2F"), ("?", "%3F"),
        ("=", "%3D"), ("é", "%C3%A9"), ("AZaz09-._~", "AZaz09-._~"), ("a b", "a%20b"), ("😀", "%F0%9F%98%80"),
        (":@!$'()*,;", "%3A%40%21%24%27%28%29%2A%2C%3B"), ("", ""), ("\n\u{7F}", "%0A%7F"),
    ])
    func percentEncoding(_ text: String, _ expected: String) {
        #expect(percentEncode(text) == expected)
    }

    /// The signature of a GET covers the decoded query, not the wire form.
    @Test func signatureCoversTheDecodedString() {
        let signer = RequestSigner(publicToken: "pub", privateToken: "priv")
        let query = [QueryItem("query", "a b+c&d=é"), QueryItem("count", "5")]
        let signed = RequestSigner.signedString(path: "/devicesearch", query: query)
        #expect(signed == "/devicesearch?query=a b+c&d=é&count=5")
        #expect(signer.signature(signed: signed, date: "20250115T123000") == "6eea0b2a96039781a40e24246afbe4b94e3a03f1")
    }
}
