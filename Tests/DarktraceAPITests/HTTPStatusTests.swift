import DarktraceAPI
import Testing

/// HTTPStatus.reasonPhrase against Python's `http.HTTPStatus(code).phrase` for every error status it knows.
@Suite struct HTTPStatusTests {
    /// Generated with `[(s.value, s.phrase) for s in http.HTTPStatus if s.value >= 300]` (Python 3.11).
    @Test(arguments: [
        (300, "Multiple Choices"),
        (301, "Moved Permanently"),
        (302, "Found"),
        (303, "See Other"),
        (304, "Not Modified"),
        (305, "Use Proxy"),
        (307, "Temporary Redirect"),
        (308, "Permanent Redirect"),
        (400, "Bad Request"),
        (401, "Unauthorized"),
        (402, "Payment Required"),
        (403, "Forbidden"),
        (404, "Not Found"),
        (405, "Method Not Allowed"),
        (406, "Not Acceptable"),
        (407, "Proxy Authentication Required"),
        (408, "Request Timeout"),
        (409, "Conflict"),
        (410, "Gone"),
        (411, "Length Required"),
        (412, "Precondition Failed"),
        (413, "Request Entity Too Large"),
        (414, "Request-URI Too Long"),
        (415, "Unsupported Media Type"),
        (416, "Requested Range Not Satisfiable"),
        (417, "Expectation Failed"),
        (418, "I'm a Teapot"),
        (421, "Misdirected Request"),
        (422, "Unprocessable Entity"),
        (423, "Locked"),
        (424, "Failed Dependency"),
        (425, "Too Early"),
        (426, "Upgrade Required"),
        (428, "Precondition Required"),
        (429, "Too Many Requests"),
        (431, "Request Header Fields Too Large"),
        (451, "Unavailable For Legal Reasons"),
        (500, "Internal Server Error"),
        (501, "Not Implemented"),
        (502, "Bad Gateway"),
        (503, "Service Unavailable"),
        (504, "Gateway Timeout"),
        (505, "HTTP Version Not Supported"),
        (506, "Variant Also Negotiates"),
        (507, "Insufficient Storage"),
        (508, "Loop Detected"),
        (510, "Not Extended"),
        (511, "Network Authentication Required"),
    ])
    func reasonPhraseMatchesPython(_ status: Int, _ phrase: String) {
        #expect(HTTPStatus.reasonPhrase(status) == phrase)
    }

    @Test(arguments: [299, 309, 419, 499, 599, 0, -1])
    func unknownStatusesAreUnknown(_ status: Int) {
        #expect(HTTPStatus.reasonPhrase(status) == "Unknown")
    }

    @Test func unknownStatusInAnErrorMessage() {
        #expect(DarktraceError.http(status: 599, location: nil, body: Array("x".utf8)).message
            == "Error in API call [599] - Unknown\nx")
    }
}
