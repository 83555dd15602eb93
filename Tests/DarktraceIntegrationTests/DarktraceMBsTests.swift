@testable import DarktraceIntegration
import DarktraceAPI
import HTTPTransport
import OrderedJSON
import Testing
import XSOARKit

/// The DarktraceMBs breach shape (format_JSON_for_model_breach), its score text (Python's
/// round-half-even on the binary double), severity, the fetched incident, and the requests the
/// commands send (JSON bodies signed as sent, argument errors without a request).
@Suite struct DarktraceMBsTests {
    /// A JSON value from its text (the test's own literals, so a parse failure is a test bug).
    func json(_ text: String) throws -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    func object(_ text: String) throws -> JSONObject {
        try #require(try json(text).objectValue)
    }

    static let fullBreach = """
        {"commentCount": 2, "pbid": 95, "time": 1597688304000, "creationTime": 1597688310000, "score": 0.729,
         "model": {"then": {"name": "Testing::Cats DNS", "pid": 762, "phid": 1450, "uuid": "u-762", "tags": ["Cats"],
                            "priority": 3, "category": "Informational", "description": "one\\\\ntwo\\nthree", "extra": 1},
                   "now": {"name": "Renamed later", "pid": 762, "category": "Critical"}},
         "triggeredComponents": [{"cid": 2997}],
         "device": {"did": 823, "macaddress": "00:00:00:00:00:00", "vendor": "", "ip": "10.0.0.1", "hostname": "h",
                    "devicelabel": "Kelly's", "credentials": ["kelly"], "typename": "laptop", "typelabel": "Laptop"}}
        """

    // MARK: score

    @Test(arguments: [
        ("0.729", "72.9 %"), ("0.592", "59.2 %"), ("0.953", "95.3 %"), ("0.8711497", "87.1 %"),
        // 0.0005 * 100 is the double 0.05000000000000000277: above the half, so 0.1.
        ("0.0005", "0.1 %"),
        // 0.7285 * 100 is 72.85000000000001: 72.9; 0.0015 * 100 is 0.1499999999999999944: 0.1.
        ("0.7285", "72.9 %"), ("0.0015", "0.1 %"),
        // 0.0025 * 100 is exactly 0.25: round-half-even gives 0.2; 0.00049 gives 0.0.
        ("0.0025", "0.2 %"), ("0.00049", "0.0 %"), ("0.99999", "100.0 %"), ("1e-7", "0.0 %"), ("-0.5", "-50.0 %"),
        // A float stays a float ("100.0"), an int an int ("100"), as Python writes them.
        ("1.0", "100.0 %"), ("0.0", "0.0 %"), ("1", "100 %"), ("0", "0 %"), ("2", "200 %"),
        ("true", "100 %"), ("false", "0 %"),
        // Python raised a TypeError (str * 100 is "0.90.9...", None * 100 fails): N/A.
        ("\"0.9\"", "N/A"), ("null", "N/A"), ("[0.5]", "N/A"), ("{}", "N/A"),
    ])
    func scoreIsPythonsRoundedPercentText(score: String, expected: String) throws {
        #expect(MBsBreachShape.scoreText(try json(score)) == expected)
    }

    @Test func missingScoreCountsAsZero() {
        #expect(MBsBreachShape.scoreText(nil) == "0 %")
    }

    // MARK: severity

    @Test(arguments: [("Informational", 2), ("Suspicious", 3), ("Critical", 4), ("Compliance", 1), ("critical", 4),
                      ("informational", 2), ("", 1), ("Informational|Critical", 2), ("Unknown", 1)])
    func severityFromTheCategoryText(category: String, severity: Int) {
        #expect(MBsBreachShape.severity(category: .string(category)) == severity)
    }

    @Test func severityWithoutACategoryTextIsOne() {
        #expect(MBsBreachShape.severity(category: nil) == 1)
        #expect(MBsBreachShape.severity(category: .null) == 1)
        #expect(MBsBreachShape.severity(category: .int(4)) == 1)
    }

    // MARK: the shape

    @Test func shapeHasPythonsKeysAndValues() throws {
        let shaped = MBsBreachShape.shape(try object(Self.fullBreach), time: .string("T"), includeTriggeredComponents: false,
                                          baseURL: "https://dt.example")
        #expect(JSONValue.object(shaped).compactJSON() == """
            {"pbid":95,"commentCount":2,"time":"T","score":"72.9 %",\
            "device":{"did":"823","macaddress":"00:00:00:00:00:00","vendor":"","ip":"10.0.0.1","hostname":"h",\
            "devicelabel":"Kelly's","credentials":["kelly"],"deviceType":"laptop"},\
            "model":{"name":"Testing::Cats DNS","pid":762,"uuid":"u-762","tags":["Cats"],"priority":3,\
            "category":"Informational","description":"onetwo\\nthree"},\
            "link":"https://dt.example/#modelbreach/95"}
            """)
    }

    @Test func fetchedShapeCarriesTriggeredComponentsAfterTheScore() throws {
        let shaped = MBsBreachShape.shape(try object(Self.fullBreach), time: .string("T"), includeTriggeredComponents: true,
                                          baseURL: "")
        #expect(shaped.keys == ["pbid", "commentCount", "time", "score", "triggeredComponents", "device", "model", "link"])
        #expect(shaped["triggeredComponents"]?.compactJSON() == #"[{"cid":2997}]"#)
        let bare = MBsBreachShape.shape(JSONObject(), time: .string("T"), includeTriggeredComponents: true, baseURL: "")
        #expect(bare["triggeredComponents"] == .string("N/A"))
    }

    @Test func missingDeviceAndModelGiveEmptyObjectsAndMissingFieldsNA() throws {
        let shaped = MBsBreachShape.shape(try object(#"{"pbid": 7}"#), time: .string("N/A"), includeTriggeredComponents: false,
                                          baseURL: "u")
        #expect(JSONValue.object(shaped).compactJSON()
            == #"{"pbid":7,"commentCount":"N/A","time":"N/A","score":"0 %","device":{},"model":{},"link":"u/#modelbreach/7"}"#)
        // A model without "then" (Python read only model.then) is empty too.
        let nowOnly = MBsBreachShape.shape(try object(#"{"pbid": 7, "model": {"now": {"name": "n"}}}"#), time: .null,
                                           includeTriggeredComponents: false, baseURL: "")
        #expect(nowOnly["model"] == .object(JSONObject()))
    }

    @Test func deviceAndModelThatAreNoObjectsShowNAFields() throws {
        let shaped = MBsBreachShape.shape(try object(#"{"pbid": 7, "device": null, "model": {"then": "x"}}"#), time: .null,
                                          includeTriggeredComponents: false, baseURL: "")
        #expect(shaped["device"]?.compactJSON() == """
            {"did":"N/A","macaddress":"N/A","vendor":"N/A","ip":"N/A","hostname":"N/A","devicelabel":"N/A","credentials":"N/A","deviceType":"N/A"}
            """)
        #expect(shaped["model"]?.compactJSON() == """
            {"name":"N/A","pid":"N/A","uuid":"N/A","tags":"N/A","priority":"N/A","category":"N/A","description":"N/A"}
            """)
    }

    @Test func didIsPythonsStrAndAMissingPbidIsNone() throws {
        for (did, text) in [("823", "823"), ("\"x-1\"", "x-1"), ("null", "None"), ("true", "True"), ("1.5", "1.5")] {
            let shaped = MBsBreachShape.shape(try object(#"{"device": {"did": \#(did)}}"#), time: .null,
                                              includeTriggeredComponents: false, baseURL: "u")
            #expect(shaped["device"]?["did"] == .string(text), "did \(did)")
            #expect(shaped["pbid"] == .null)
            #expect(shaped["link"] == .string("u/#modelbreach/None"))
        }
    }

    @Test func aDescriptionThatIsNoStringIsKept() throws {
        let shaped = MBsBreachShape.shape(try object(#"{"model": {"then": {"description": 5}}}"#), time: .null,
                                          includeTriggeredComponents: false, baseURL: "")
        #expect(shaped["model"]?["description"] == .int(5))
    }

    // MARK: the incident

    @Test func incidentIsNameOccurredRawJSONSeverity() throws {
        let incident = mbsIncident(for: try object(Self.fullBreach), created: 1_597_688_310_000, baseURL: "https://dt.example")
        let o = try #require(incident.objectValue)
        #expect(o.keys == ["name", "occurred", "rawJSON", "severity"])
        // The name and severity come from model.then, not model.now.
        #expect(o["name"] == .string("DT modelId #95: Testing::Cats DNS"))
        #expect(o["occurred"] == .string("2020-08-17T18:18:30.000Z"))
        #expect(o["severity"] == .int(2))
        // Python json.dumps: ", " and ": " separators, ASCII escapes; time is the creation time.
        #expect(o["rawJSON"] == .string("""
            {"pbid": 95, "commentCount": 2, "time": "2020-08-17T18:18:30.000Z", "score": "72.9 %", \
            "triggeredComponents": [{"cid": 2997}], "device": {"did": "823", "macaddress": "00:00:00:00:00:00", \
            "vendor": "", "ip": "10.0.0.1", "hostname": "h", "devicelabel": "Kelly's", "credentials": ["kelly"], \
            "deviceType": "laptop"}, "model": {"name": "Testing::Cats DNS", "pid": 762, "uuid": "u-762", "tags": ["Cats"], \
            "priority": 3, "category": "Informational", "description": "onetwo\\nthree"}, "link": "https://dt.example/#modelbreach/95"}
            """))
    }

    @Test func incidentOfABreachWithoutModelOrWithNonASCIIText() throws {
        let bare = mbsIncident(for: try object(#"{"pbid": "42"}"#), created: 0, baseURL: "")
        #expect(bare["name"] == .string("DT modelId #42: N/A"))
        #expect(bare["occurred"] == .string("1970-01-01T00:00:00.000Z"))
        #expect(bare["severity"] == .int(1))
        let named = mbsIncident(for: try object(#"{"pbid": 1, "model": {"then": {"name": "Zoë ✓", "category": "Critical"}}}"#),
                                created: 0, baseURL: "")
        #expect(named["name"] == .string("DT modelId #1: Zoë ✓"))
        #expect(named["rawJSON"]?.stringValue?.contains(#""name": "Zo\u00eb \u2713""#) == true)
        #expect(named["severity"] == .int(4))
    }

    // MARK: requests

    static let now: Int64 = 1_700_000_000_000
    static let publicToken = "mbsPUBLICtoken31"
    static let privateToken = "mbsPRIVATEtoken47"

    /// The requests one run sent.
    final class Recorder: @unchecked Sendable {
        var requests: [HTTPRequest] = []
    }

    /// Runs `command` as DarktraceMBs; every request gets `answer`.
    func run(_ command: String, args: JSONObject = JSONObject(), params extra: JSONObject = JSONObject(),
             lastRun: JSONObject = JSONObject(), answer: String = "[]", status: Int = 200)
        -> (exit: Int32, out: JSONValue, requests: [HTTPRequest]) {
        var params = JSONObject([
            "url": .string("https://dt.example"), "publicApiKey": .string(Self.publicToken),
            "privateApiKey": .string(Self.privateToken),
        ])
        for member in extra.members { params[member.key] = member.value }
        let envelope = JSONValue.object(JSONObject([
            "integration": .string("DarktraceMBs"), "command": .string(command), "params": .object(params),
            "args": .object(args), "lastRun": .object(lastRun),
        ]))
        let recorder = Recorder()
        let transport = ClosureTransport { request in
            recorder.requests.append(request)
            return HTTPResponse(status: status, body: Array(answer.utf8))
        }
        let result = Integration.run(input: envelope.compactJSONBytes(),
                                     environment: RunEnvironment(makeTransport: { _ in transport }, clock: { Self.now }))
        return (result.exitStatus, (try? JSONParser.parse(result.stdout)) ?? .null, recorder.requests)
    }

    func header(_ request: HTTPRequest, _ name: String) -> String? {
        request.headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The first entry's Contents.
    func contents(_ out: JSONValue) -> JSONValue? {
        out["entries"]?.arrayValue?.first?["Contents"]
    }

    func errorText(_ out: JSONValue) -> String {
        guard let entry = out["entries"]?.arrayValue?.first, entry["Type"] == .int(4) else { return "" }
        return entry["Contents"]?.stringValue ?? ""
    }

    @Test func linksNeverCarryURLCredentials() throws {
        let breach = #"{"pbid": 95, "time": 1597688304000, "creationTime": 1597688310000, "score": 0.5, "model": {"then": {"name": "M"}}}"#
        let r = run("darktrace-get-model-breach", args: JSONObject(["pbid": .string("95")]),
                    params: JSONObject(["url": .string("https://analyst:hunter2secret@dt.example/")]), answer: breach)
        #expect(r.exit == 0)
        #expect(contents(r.out)?["link"] == .string("https://dt.example/#modelbreach/95"))
        let request = try #require(r.requests.first)
        #expect(request.url.hasPrefix("https://analyst:hunter2secret@dt.example/modelbreaches"))
        #expect(!String(decoding: r.out.compactJSONBytes(), as: UTF8.self).contains("hunter2secret"))
    }

    @Test(arguments: [("darktrace-acknowledge-model-breach", "acknowledge"), ("darktrace-unacknowledge-model-breach", "unacknowledge")])
    func acknowledgementIsAJSONPostSignedAsSent(command: String, verb: String) throws {
        let r = run(command, args: JSONObject(["pbid": .string("111")]), answer: #"[{"replicate": true}]"#)
        #expect(r.exit == 0)
        let request = try #require(r.requests.first)
        #expect(r.requests.count == 1)
        #expect(request.method == "POST" && request.url == "https://dt.example/modelbreaches/111/\(verb)")
        let body = String(decoding: request.body ?? [], as: UTF8.self)
        #expect(body == #"{"\#(verb)": "true"}"#)
        #expect(header(request, "Content-Type") == "application/json")
        #expect(header(request, "Authorization") == nil, "L1: no Basic auth")
        let date = try #require(header(request, "DTAPI-Date"))
        let signer = RequestSigner(publicToken: Self.publicToken, privateToken: Self.privateToken)
        #expect(header(request, "DTAPI-Signature") == signer.signature(signed: "/modelbreaches/111/\(verb)?" + body, date: date))
        #expect(contents(r.out)?.compactJSON() == #"{"response":"Successfully \#(verb)d.","pbid":111}"#)
    }

    @Test func postCommentSendsTheMessageAsTypedInPythonsJSONText() throws {
        let r = run("darktrace-post-comment-to-model-breach",
                    args: JSONObject(["pbid": .int(46), "message": .string(" Zoë said \"ok\" \\ \n")]),
                    answer: #"[{"message": "stored"}]"#)
        #expect(r.exit == 0)
        let request = try #require(r.requests.first)
        #expect(request.url == "https://dt.example/modelbreaches/46/comments")
        #expect(String(decoding: request.body ?? [], as: UTF8.self) == #"{"message": " Zo\u00eb said \"ok\" \\ \n"}"#)
        #expect(contents(r.out)?["message"] == .string(" Zoë said \"ok\" \\ \n"))
    }

    @Test func getBreachAsksForTheDeviceAtTheTop() throws {
        let r = run("darktrace-get-model-breach", args: JSONObject(["pbid": .string("95")]), answer: Self.fullBreach)
        #expect(r.requests.map(\.url) == ["https://dt.example/modelbreaches?pbid=95&deviceattop=true"])
        #expect(contents(r.out)?["score"] == .string("72.9 %"))
    }

    @Test func connectionsSendCountPlusOneAndAnIntegerEndTime() throws {
        let r = run("darktrace-get-model-breach-connections", args: JSONObject(["pbid": .string("30859")]))
        #expect(r.requests.map(\.url) == [
            "https://dt.example/details?endTime=\(Self.now)&order=desc&includetotalbytes=true&offset=0&count=101&pbid=30859",
        ])
        let given = run("darktrace-get-model-breach-connections",
                        args: JSONObject(["pbid": .string("1"), "count": .string("5"), "offset": .string("10"),
                                          "endtime": .string("1674236165000")]))
        #expect(given.requests.first?.url
            == "https://dt.example/details?endTime=1674236165000&order=desc&includetotalbytes=true&offset=10&count=6&pbid=1")
    }

    static let commandsWithPbid = [
        "darktrace-get-model-breach", "darktrace-get-model-breach-comments", "darktrace-acknowledge-model-breach",
        "darktrace-unacknowledge-model-breach", "darktrace-post-comment-to-model-breach", "darktrace-get-model-breach-connections",
    ]

    @Test(arguments: commandsWithPbid)
    func aMissingOrNonNumericPbidIsAnErrorWithoutARequest(command: String) {
        for pbid in [nil, JSONValue.string(" "), .null, .string("12a"), .string("1.5"), .bool(true)] {
            var args = JSONObject(["message": .string("m")])
            if let pbid { args["pbid"] = pbid }
            let r = run(command, args: args)
            #expect(r.exit == 1)
            #expect(r.requests.isEmpty, "\(command) sent a request with pbid \(pbid?.compactJSON() ?? "absent")")
            #expect(errorText(r.out).hasPrefix("Failed to execute \(command) command.\nError:\n"))
            #expect(errorText(r.out).contains("\"pbid\""), "\(command): \(errorText(r.out))")
        }
    }

    @Test func commandsDoNotReadTheFetchSettings() {
        let r = run("darktrace-get-model", args: JSONObject(["uuid": .string("u")]),
                    params: JSONObject(["first_fetch": .string("whenever"), "max_fetch": .string("lots")]), answer: "{}")
        #expect(r.exit == 0, "L12: a bad first_fetch fails only fetch-incidents and test-module")
    }

    @Test func fetchSendsTheWholeMinScoreAsAFractionAndTheCursorInMilliseconds() throws {
        let r = run("fetch-incidents", params: JSONObject(["min_score": .string("50.9"), "max_fetch": .string("200")]),
                    lastRun: JSONObject(["last_fetch": .int(1_598_932_817)]))
        #expect(r.exit == 0)
        // Python: str(arg_to_number("50.9") / 100) is "0.5"; a lastRun in seconds resumes after it in ms.
        #expect(r.requests.first?.url
            == "https://dt.example/modelbreaches?minscore=0.5&starttime=1598932817001&minimal=false&deviceattop=true")
        #expect(r.out["lastRun"]?.compactJSON() == #"{"last_fetch":1598932817001,"pbids":[]}"#)
    }

    @Test func testModuleProbesFromFirstFetchInMilliseconds() {
        let r = run("test-module", params: JSONObject(["first_fetch": .string("2 days")]))
        #expect(r.out["entries"] == .array([.string("ok")]))
        #expect(r.requests.first?.url
            == "https://dt.example/modelbreaches?minscore=0&starttime=\(Self.now - 2 * 86_400_000)&minimal=false&deviceattop=true")
    }

    @Test(arguments: commandsWithPbid + ["darktrace-get-model", "darktrace-get-model-component", "test-module", "fetch-incidents"])
    func tokensNeverPrinted(command: String) {
        let echo = "\(Self.publicToken) \(Self.privateToken)"
        for (status, body) in [(500, echo), (400, echo), (404, #"{"error": "\#(echo)"}"#), (200, "not json \(echo)")] {
            let r = run(command, args: JSONObject(["pbid": .string("1"), "message": .string("m"), "uuid": .string("u"),
                                                   "cid": .string("2")]), answer: body, status: status)
            let text = r.out.compactJSON()
            #expect(r.exit == 1, "\(command): exit \(r.exit)")
            #expect(!text.contains(Self.privateToken) && !text.contains(Self.publicToken), "\(command): \(text)")
        }
    }
}
