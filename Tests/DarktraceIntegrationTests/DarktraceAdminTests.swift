import DarktraceAPI
@testable import DarktraceIntegration
import HTTPTransport
import OrderedJSON
import Testing
import XSOARKit

/// Runs one Darktrace Admin envelope against a canned answer, keeping every request sent.
final class AdminRun {
    private(set) var requests: [HTTPRequest] = []
    let result: RunResult

    init(_ command: String, _ args: JSONObject, status: Int = 200, answer: String = "{}") {
        let envelope = JSONValue.object(JSONObject([
            "integration": .string("DarktraceAdmin"),
            "command": .string(command),
            "params": .object(JSONObject([
                "url": .string("https://dt.example"), "publicApiKey": .string("PUBLIC-TOKEN-1234"),
                "privateApiKey": .string("PRIVATE-TOKEN-5678"),
            ])),
            "args": .object(args),
        ]))
        var sent: [HTTPRequest] = []
        let transport = ClosureTransport { request in
            sent.append(request)
            return HTTPResponse(status: status, headers: [HTTPHeader("Content-Type", "application/json")],
                                body: Array(answer.utf8))
        }
        result = Integration.run(input: envelope.compactJSONBytes(),
                                 environment: RunEnvironment(makeTransport: { _ in transport }, clock: { 1_598_940_000_000 }))
        requests = sent
    }

    /// The one entry written.
    var entry: JSONValue? {
        guard case .array(let entries)? = result.output["entries"], entries.count == 1 else { return nil }
        return entries[0]
    }

    /// The error entry's detail (after "Error:\n"), nil for a successful entry.
    var errorDetail: String? {
        guard entry?["Type"] == .int(4), let text = entry?["Contents"]?.stringValue else { return nil }
        return text.split(separator: "\n", maxSplits: 2).last.map(String.init)
    }

    /// The first request's decoded query pairs.
    var query: [String] {
        guard let url = requests.first?.url, let q = url.firstIndex(of: "?") else { return [] }
        return url[url.index(after: q)...].split(separator: "&").map { String($0).removingPercentEncoding() }
    }

    /// The first request's body as text.
    var body: String? {
        requests.first?.body.map { String(decoding: $0, as: UTF8.self) }
    }
}

extension String {
    /// `%XX` decoded (test helper; the API's wire form is plain percent-encoding).
    func removingPercentEncoding() -> String {
        var out: [UInt8] = []
        var bytes = Array(utf8)[...]
        while let b = bytes.popFirst() {
            if b == UInt8(ascii: "%"), bytes.count >= 2, let v = UInt8(String(decoding: bytes.prefix(2), as: UTF8.self), radix: 16) {
                out.append(v)
                bytes = bytes.dropFirst(2)
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Argument helper: a JSONObject of string arguments.
private func args(_ pairs: KeyValuePairs<String, String>) -> JSONObject {
    var o = JSONObject()
    for (k, v) in pairs { o[k] = .string(v) }
    return o
}

@Suite struct AdminAdvancedSearchTests {
    @Test func base64MatchesRFC4648Vectors() {
        let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=",
                       "foobar": "Zm9vYmFy"]
        for (plain, encoded) in vectors { #expect(base64Encoded(Array(plain.utf8)) == encoded) }
        #expect(base64Encoded([0xFB, 0xFF]) == "+/8=")
        #expect(base64Encoded([0x00, 0x10, 0x83, 0x10, 0x51, 0x87]) == "ABCDEFGH")
    }

    @Test func queryIsPythonsJSONDumpsText() {
        let q = AdvancedSearch.query(search: "user:Zoë \"x\"", offset: 0, from: "2022-12-10T09:00:00Z", to: "2022-12-11T08:00:00Z")
        #expect(q.pythonJSONDumps() == #"{"search": "user:Zo\u00eb \"x\"", "fields": [], "offset": "0", "timeframe": "custom", "#
            + #""graphmode": "count", "time": {"from": "2022-12-10T09:00:00Z", "to": "2022-12-11T08:00:00Z", "#
            + #""user_interval": "0"}, "mode": "", "analyze_field": ""}"#)
    }

    @Test func pathAppendsMetricOperationAndBase64() {
        let q = AdvancedSearch.query(search: "@type:conn", offset: 10, from: "a", to: "b")
        let path = AdvancedSearch.path(metric: "@fields.source_ip", operation: "trend", query: q)
        #expect(path == "/advancedsearch/api/analyze/@fields.source_ip/trend/" + base64Encoded(Array(q.pythonJSONDumps().utf8)))
    }

    @Test func commandSendsTheDefaultsAndNoQueryString() throws {
        let run = AdminRun("darktrace-run-advanced-search-analysis",
                           args(["initialDate": "2024-05-01", "endDate": "2024-05-02", "query": "@type:dns", "metric": "@type"]),
                           answer: #"{"hits": {"hits": [{"count": 2, "id": "dns"}]}}"#)
        #expect(run.errorDetail == nil)
        let url = try #require(run.requests.first?.url)
        let expected = AdvancedSearch.path(metric: "@type", operation: "score",
                                           query: AdvancedSearch.query(search: "@type:dns", offset: 0,
                                                                       from: "2024-05-01T00:00:00Z", to: "2024-05-02T00:00:00Z"))
        #expect(url == "https://dt.example" + expected)
        #expect(run.entry?["HumanReadable"]?.stringValue == "### Results for Advanced Search Query \n|Id|Count|\n|---|---|\n| dns | 2 |\n")
    }

    @Test func metricMustBeOnePathSegment() throws {
        #expect(try AdvancedSearch.metric("@fields.source_ip") == "@fields.source_ip")
        for bad in ["a b", "a/b", "a?b", "a#b", "a%2Fb", "a\tb"] {
            #expect(throws: ArgumentError.self) { try AdvancedSearch.metric(bad) }
        }
    }

    @Test func hitsOfOddAnswers() throws {
        #expect(try AdvancedSearch.hits(of: .object(JSONObject(["hits": .object(JSONObject(["hits": .null]))]))) == [])
        #expect(try AdvancedSearch.hits(of: .object(JSONObject(["hits": .object(JSONObject())]))) == [])
        #expect(throws: CommandError.unexpectedAnswer(endpoint: "/advancedsearch/api/analyze", expected: "an object with \"hits\"",
                                                      got: "an array")) {
            try AdvancedSearch.hits(of: .array([]))
        }
        #expect(throws: CommandError.unexpectedAnswer(endpoint: "/advancedsearch/api/analyze", expected: "an object with \"hits\"",
                                                      got: "\"hits\" as an array")) {
            try AdvancedSearch.hits(of: .object(JSONObject(["hits": .array([])])))
        }
    }

    @Test func tableRowsRenameTheColumnsOnly() {
        let rows = AdvancedSearch.tableRows([.object(JSONObject(["count": .int(3), "id": .string("x"), "other": .int(1)])), .int(7)])
        #expect(rows == .array([.object(JSONObject(["Id": .string("x"), "Count": .int(3)])),
                                .object(JSONObject(["Id": .int(7)]))]))
    }

    @Test func argumentErrorsSendNothing() {
        let base = ["initialDate": "2024-05-01", "endDate": "2024-05-02", "query": "q", "metric": "@type"]
        for (name, value) in [("operation", "sum"), ("offset", "x"), ("metric", "a b"), ("query", " ")] {
            var a = args([:])
            for (k, v) in base { a[k] = .string(v) }
            a[name] = .string(value)
            let run = AdminRun("darktrace-run-advanced-search-analysis", a)
            #expect(run.requests.isEmpty)
            #expect(run.errorDetail?.contains("\"\(name)\"") == true, "\(name): \(run.errorDetail ?? "no error")")
        }
    }
}

@Suite struct AdminRequestTests {
    @Test func deviceInfoSendsOnlyGivenOptionalsAndOdid() {
        let absent = AdminRun("darktrace-get-device-connection-info", args(["deviceId": "1", "dataType": "co"]),
                              answer: #"{"deviceInfo": []}"#)
        #expect(absent.query == ["did=1", "datatype=co", "showallgraphdata=false", "fulldevicedetails=false", "similardevices=0"])
        let given = AdminRun("darktrace-get-device-connection-info",
                             args(["deviceId": "1", "dataType": "sizein", "externalDomain": "a b.com", "destinationDeviceId": "5",
                                   "showAllGraphData": "yes", "numberOfSimilarDevices": "3"]),
                             answer: #"{"deviceInfo": []}"#)
        #expect(given.query == ["did=1", "datatype=sizein", "externaldomain=a b.com", "odid=5", "showallgraphdata=true",
                                "fulldevicedetails=false", "similardevices=3"])
    }

    @Test func deviceInfoEmptyIsTheNoResultsString() {
        let run = AdminRun("darktrace-get-device-connection-info", args(["deviceId": "1", "dataType": "co"]),
                           answer: #"{"deviceInfo": null}"#)
        let text = JSONValue.string("### No results were found for the given ID")
        #expect(run.entry?["Contents"] == text)
        #expect(run.entry?["EntryContext"]?["Darktrace.DeviceConnectionInfo"] == text)
    }

    @Test func endpointTypeSelectsTheQueryKey() {
        for (type, key, title) in [("IP", "ip", "Ip"), ("ip", "ip", "Ip"), ("hostname", "hostname", "Hostname")] {
            let run = AdminRun("darktrace-get-external-endpoint-details", args(["endpointType": type, "endpointValue": "v"]),
                               answer: #"{"firsttime": 1596775643000}"#)
            #expect(run.query == ["\(key)=v", "additionalinfo=true", "devices=true", "score=true"])
            #expect(run.entry?["HumanReadable"]?.stringValue?.hasPrefix("### \(title): v details\n") == true)
        }
        let bad = AdminRun("darktrace-get-external-endpoint-details", args(["endpointType": "HOSTNAME", "endpointValue": "v"]))
        #expect(bad.requests.isEmpty)
        #expect(bad.errorDetail == #"Invalid value: "endpointType"="HOSTNAME" (expected one of: IP, hostname)."#)
    }

    @Test func postTagEncodesTheFormAndSignsItAsSent() throws {
        let run = AdminRun("darktrace-post-tag-to-device", args(["deviceId": "31", "tagName": "Güest Wi-Fi & more"]),
                           answer: #"{"tid": 95}"#)
        let request = try #require(run.requests.first)
        #expect(request.method == "POST")
        #expect(request.url == "https://dt.example/tags/entities")
        #expect(run.body == "did=31&tag=G%C3%BCest%20Wi-Fi%20%26%20more")
        let date = try #require(request.headers.first { $0.name == "DTAPI-Date" }?.value)
        let signature = RequestSigner(publicToken: "PUBLIC-TOKEN-1234", privateToken: "PRIVATE-TOKEN-5678")
            .signature(signed: "/tags/entities?" + (run.body ?? ""), date: date)
        #expect(request.headers.first { $0.name == "DTAPI-Signature" }?.value == signature)
        #expect(request.headers.first { $0.name == "Content-Type" }?.value == "application/x-www-form-urlencoded")
        #expect(run.entry?["Contents"]?["deviceId"] == .string("31"))
    }

    @Test func watchedListBodyHasADescriptionOnlyWhenGiven() {
        let without = AdminRun("darktrace-post-to-watched-list", args(["endpointsToWatch": "8.8.8.8"]))
        #expect(without.body == #"{"addlist": "8.8.8.8"}"#)
        let with = AdminRun("darktrace-post-to-watched-list", args(["endpointsToWatch": "a.com, b.com", "description": "é"]))
        #expect(with.body == #"{"addlist": "a.com, b.com", "description": "\u00e9"}"#)
        #expect(with.requests.first?.headers.contains(HTTPHeader("Content-Type", "application/json")) == true)
        var listArgs = JSONObject()
        listArgs["endpointsToWatch"] = .array([.string("a.com"), .string(" "), .string("1.2.3.4")])
        #expect(AdminRun("darktrace-post-to-watched-list", listArgs).body == #"{"addlist": "a.com,1.2.3.4"}"#)
    }

    @Test func noBasicAuthorizationEver() {
        for (command, a) in AdminCatalog.valid {
            let run = AdminRun(command, a)
            #expect(!run.requests.isEmpty, "\(command) sent nothing")
            #expect(run.requests.allSatisfy { r in !r.headers.contains { $0.name.lowercased() == "authorization" } })
        }
    }
}

@Suite struct AdminShapingTests {
    @Test func taggedDeviceDefaultsAndNulls() {
        let row = AdminShaping.taggedDevice(JSONObject(["did": .int(2), "hostname": .null]))
        #expect(row == .object(JSONObject(["deviceId": .int(2), "hostname": .null, "label": .string("N/A"),
                                           "credentials": .string("N/A"), "otherTags": .string("N/A")])))
    }

    @Test func deviceTagDefaults() {
        let row = AdminShaping.deviceTag(JSONObject(["tid": .int(9), "data": .string("odd"), "expiry": .int(0)]))
        #expect(row == .object(JSONObject(["tagId": .int(9), "tagName": .string("N/A"), "tagDescription": .string("N/A"),
                                           "expiry": .int(0)])))
        let described = AdminShaping.deviceTag(JSONObject(["data": .object(JSONObject(["description": .string("d")]))]))
        #expect(described["tagDescription"] == .string("d"))
    }

    /// Every command survives every odd answer shape: one entry, exit 0 or 1, never a trap (L5).
    @Test(arguments: AdminCatalog.valid.map(\.command))
    func oddAnswersNeverCrash(_ command: String) throws {
        let a = try #require(AdminCatalog.valid.first { $0.command == command }?.args)
        for answer in ["{}", "[]", "null", "\"text\"", "5", "[1, \"x\", null]", #"{"hits": 1, "deviceInfo": 2, "devices": 3}"#,
                       #"[{"tid": null, "data": null, "firstSeen": "x"}]"#] {
            let run = AdminRun(command, a, answer: answer)
            #expect(run.entry != nil, "\(command) with \(answer)")
            #expect(run.result.exitStatus == 0 || run.result.exitStatus == 1, "\(command) with \(answer)")
            #expect(run.requests.count == 1, "\(command) with \(answer)")
        }
    }
}

/// Every Admin command with arguments that pass validation.
enum AdminCatalog {
    static let valid: [(command: String, args: JSONObject)] = [
        ("test-module", JSONObject()),
        ("darktrace-run-advanced-search-analysis",
         args(["initialDate": "2024-05-01", "endDate": "2024-05-02", "query": "@type:conn", "metric": "@fields.source_ip"])),
        ("darktrace-get-device-connection-info", args(["deviceId": "1", "dataType": "co"])),
        ("darktrace-get-external-endpoint-details", args(["endpointType": "IP", "endpointValue": "1.2.3.4"])),
        ("darktrace-get-similar-devices", args(["deviceId": "1"])),
        ("darktrace-post-to-watched-list", args(["endpointsToWatch": "cats.com"])),
        ("darktrace-get-tagged-devices", args(["tagName": "Admin"])),
        ("darktrace-get-tags-for-device", args(["deviceId": "1"])),
        ("darktrace-post-tag-to-device", args(["deviceId": "1", "tagName": "Admin"])),
    ]
}
