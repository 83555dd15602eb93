import DarktraceIntegration
import HTTPTransport
import OrderedJSON
import Testing

/// The DarktraceAIA commands through the real dispatcher with a scripted Darktrace: the requests
/// they send (queries, bodies, what is signed), argument errors without a request, the settings
/// only fetch-incidents and test-module read (L12), and tokens kept out of every output.
@Suite struct DarktraceAIACommandTests {
    static let now: Int64 = 1_700_000_000_000
    static let publicToken = "aiaPUBLICtoken77"
    static let privateToken = "aiaPRIVATEtoken99"

    /// The requests one run sent.
    final class Recorder: @unchecked Sendable {
        var requests: [HTTPRequest] = []
    }

    /// Runs `command` as DarktraceAIA; every request gets `answer`.
    func run(_ command: String, args: JSONObject = JSONObject(), params extra: JSONObject = JSONObject(),
             lastRun: JSONObject = JSONObject(), answer: @escaping @Sendable (HTTPRequest) -> HTTPResponse = { _ in
                 HTTPResponse(status: 200, body: Array("[]".utf8))
             }) -> (exit: Int32, out: JSONValue, requests: [HTTPRequest]) {
        var params = JSONObject([
            "url": .string("https://dt.example"), "publicApiKey": .string(Self.publicToken),
            "privateApiKey": .string(Self.privateToken),
        ])
        for member in extra.members { params[member.key] = member.value }
        let envelope = JSONValue.object(JSONObject([
            "integration": .string("DarktraceAIA"), "command": .string(command), "params": .object(params),
            "args": .object(args), "lastRun": .object(lastRun),
        ]))
        let recorder = Recorder()
        let transport = ClosureTransport { request in
            recorder.requests.append(request)
            return answer(request)
        }
        let result = Integration.run(input: envelope.compactJSONBytes(),
                                     environment: RunEnvironment(makeTransport: { _ in transport }, clock: { Self.now }))
        return (result.exitStatus, (try? JSONParser.parse(result.stdout)) ?? .null, recorder.requests)
    }

    /// The error entry's text, or "" when the first entry is not one.
    func errorText(_ out: JSONValue) -> String {
        guard let entry = out["entries"]?.arrayValue?.first, entry["Type"] == .int(4) else { return "" }
        return entry["Contents"]?.stringValue ?? ""
    }

    /// The first entry's Contents.
    func contents(_ out: JSONValue) -> JSONValue? {
        out["entries"]?.arrayValue?.first?["Contents"]
    }

    func header(_ request: HTTPRequest, _ name: String) -> String? {
        request.headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    static let commandsWithEventID = [
        "darktrace-get-ai-analyst-incident-event", "darktrace-get-comments-for-ai-analyst-incident-event",
        "darktrace-acknowledge-ai-analyst-incident-event", "darktrace-unacknowledge-ai-analyst-incident-event",
        "darktrace-get-ai-analyst-incident-group-from-eventId", "darktrace-post-comment-to-ai-analyst-incident-event",
    ]

    @Test(arguments: commandsWithEventID)
    func missingEventIDIsAnErrorWithoutARequest(command: String) {
        for args in [JSONObject(), JSONObject(["eventId": .string("  ")]), JSONObject(["eventId": .null])] {
            var withComment = args
            withComment["comment"] = .string("c")
            let r = run(command, args: withComment)
            #expect(r.exit == 1)
            #expect(r.requests.isEmpty, "\(command) sent a request without an eventId")
            #expect(errorText(r.out) == "Failed to execute \(command) command.\nError:\nMissing required argument \"eventId\".")
        }
    }

    @Test func missingCommentIsAnErrorWithoutARequest() {
        let r = run("darktrace-post-comment-to-ai-analyst-incident-event", args: JSONObject(["eventId": .string("e-1")]))
        #expect(r.exit == 1 && r.requests.isEmpty)
        #expect(errorText(r.out).hasSuffix("Missing required argument \"comment\"."))
    }

    @Test func postCommentSendsPythonsJSONTextAsTypedAndNoBasicAuth() throws {
        let r = run("darktrace-post-comment-to-ai-analyst-incident-event",
                    args: JSONObject(["eventId": .string("e-1"), "comment": .string("Zoë said \"ok\" \n")]),
                    answer: { _ in HTTPResponse(status: 200, body: Array(#"{"aianalyst": "SUCCESS"}"#.utf8)) })
        #expect(r.exit == 0)
        let request = try #require(r.requests.first)
        #expect(request.method == "POST" && request.url == "https://dt.example/aianalyst/incident/comments")
        #expect(String(decoding: request.body ?? [], as: UTF8.self)
            == #"{"incident_id": "e-1", "message": "Zo\u00eb said \"ok\" \n"}"#)
        #expect(header(request, "Content-Type") == "application/json")
        #expect(header(request, "Authorization") == nil)
        #expect(contents(r.out)?["message"] == .string("Zoë said \"ok\" \n"))
    }

    @Test(arguments: ["acknowledge", "unacknowledge"])
    func acknowledgementIsAnEncodedFormPost(verb: String) throws {
        let r = run("darktrace-\(verb)-ai-analyst-incident-event", args: JSONObject(["eventId": .string("a b&c")]),
                    answer: { _ in HTTPResponse(status: 200, body: Array(#"{"aianalyst": "SUCCESS"}"#.utf8)) })
        let request = try #require(r.requests.first)
        #expect(request.method == "POST" && request.url == "https://dt.example/aianalyst/\(verb)")
        #expect(String(decoding: request.body ?? [], as: UTF8.self) == "uuid=a%20b%26c")
        #expect(header(request, "Content-Type") == "application/x-www-form-urlencoded")
        #expect(r.requests.count == 1)
    }

    @Test(arguments: [#"{"error": "no such event"}"#, "[]", #"{"aianalyst": "FAILURE"}"#])
    func acknowledgementWithoutSuccessSaysSoInsteadOfCrashing(body: String) {
        let r = run("darktrace-acknowledge-ai-analyst-incident-event", args: JSONObject(["eventId": .string("e-1")]),
                    answer: { _ in HTTPResponse(status: 200, body: Array(body.utf8)) })
        #expect(r.exit == 0)
        #expect(contents(r.out)?.compactJSON()
            == #"{"acknowledged":"False","response":"Unable to acknowledge event. ","eventId":"e-1"}"#)
    }

    @Test func getEventQueriesByUUIDAndNamesAnUnknownID() throws {
        let r = run("darktrace-get-ai-analyst-incident-event", args: JSONObject(["eventId": .string("e 1/ü")]))
        #expect(r.requests.first?.url == "https://dt.example/aianalyst/incidentevents?uuid=e%201%2F%C3%BC")
        #expect(r.exit == 1)
        #expect(errorText(r.out).hasSuffix("Error:\nDarktrace has no AI Analyst incident event with eventId e 1/ü."))
    }

    @Test func anAnswerOfTheWrongShapeIsOneErrorNamingTheEndpoint() {
        let r = run("darktrace-get-ai-analyst-incident-group-from-eventId", args: JSONObject(["eventId": .string("e-1")]),
                    answer: { _ in HTTPResponse(status: 200, body: Array(#"{"groups": []}"#.utf8)) })
        #expect(r.exit == 1)
        #expect(errorText(r.out).hasSuffix("Unexpected answer from Darktrace /aianalyst/groups: expected a list of incident groups, got an object."))
    }

    @Test func signatureErrorUsesTheAIAWording() {
        let r = run("darktrace-get-comments-for-ai-analyst-incident-event", args: JSONObject(["eventId": .string("e-1")]),
                    answer: { _ in HTTPResponse(status: 400, body: Array(#"{"error": "API SIGNATURE ERROR"}"#.utf8)) })
        #expect(errorText(r.out) == "Failed to execute darktrace-get-comments-for-ai-analyst-incident-event command.\nError:\n"
            + "API Signature Error. You have invalid credentials in your config.")
    }

    @Test func commandsDoNotReadFirstFetch() {
        let r = run("darktrace-acknowledge-ai-analyst-incident-event", args: JSONObject(["eventId": .string("e-1")]),
                    params: JSONObject(["first_fetch": .string("whenever"), "max_fetch": .string("lots")]),
                    answer: { _ in HTTPResponse(status: 200, body: Array(#"{"aianalyst": "SUCCESS"}"#.utf8)) })
        #expect(r.exit == 0, "L12: a bad first_fetch fails only fetch-incidents and test-module")
    }

    @Test func testModuleProbesFromFirstFetchInMilliseconds() throws {
        let r = run("test-module", params: JSONObject(["first_fetch": .string("2 days"), "max_fetch": .string("lots")]))
        #expect(r.out["entries"] == .array([.string("ok")]))
        #expect(r.requests.first?.url == "https://dt.example/aianalyst/incidentevents?mingroupscore=0&starttime=\(Self.now - 2 * 86_400_000)")
    }

    @Test func testModuleAndFetchFailOnAnUnparsableFirstFetchWithoutARequest() {
        for command in ["test-module", "fetch-incidents"] {
            let r = run(command, params: JSONObject(["first_fetch": .string("whenever"), "isFetch": .bool(true)]))
            #expect(r.exit == 1 && r.requests.isEmpty)
            #expect(errorText(r.out).contains("\"first_fetch\"=\"whenever\""), "\(command): \(errorText(r.out))")
        }
        let checked = run("test-module", params: JSONObject(["max_fetch": .string("lots"), "isFetch": .bool(true)]))
        #expect(checked.exit == 1 && checked.requests.isEmpty, "with fetching on, test-module checks max_fetch too")
    }

    @Test func fetchSendsTheWholeMinScoreUnscaledAndTheCursorInMilliseconds() throws {
        let r = run("fetch-incidents", params: JSONObject(["min_score": .string("50.9"), "max_fetch": .string("200")]),
                    lastRun: JSONObject(["last_fetch": .int(1_598_932_817)]))
        #expect(r.exit == 0)
        // A Python lastRun in seconds is scaled to ms and resumes after it.
        #expect(r.requests.first?.url == "https://dt.example/aianalyst/incidentevents?mingroupscore=50&starttime=1598932817001")
        #expect(r.out["lastRun"]?.compactJSON() == #"{"last_fetch":1598932817001,"ids":[]}"#)
    }

    @Test func fetchSkipsEventsWithoutAnIDAndKeepsTheRest() throws {
        let body = #"[{"title": "no id", "createdAt": 1700000000000}, {"id": "e-2", "createdAt": 1699999999000, "groupCategory": "compliance"}, 7]"#
        let r = run("fetch-incidents", answer: { _ in HTTPResponse(status: 200, body: Array(body.utf8)) })
        let incidents = try #require(r.out["incidents"]?.arrayValue)
        #expect(incidents.map { $0["name"] } == [.string("DT eventId #e-2: N/A")])
        #expect(incidents.first?["severity"] == .int(1))
        #expect(r.out["lastRun"]?.compactJSON() == #"{"last_fetch":1699999999000,"ids":["e-2"]}"#)
    }

    @Test(arguments: commandsWithEventID + ["test-module", "fetch-incidents"])
    func tokensNeverPrinted(command: String) {
        let echo = "\(Self.publicToken) \(Self.privateToken)"
        for answer in [HTTPResponse(status: 500, body: Array(echo.utf8)), HTTPResponse(status: 400, body: Array(echo.utf8)),
                       HTTPResponse(status: 200, body: Array("not json \(echo)".utf8))] {
            let r = run(command, args: JSONObject(["eventId": .string("e-1"), "comment": .string("c")]), answer: { _ in answer })
            let text = r.out.compactJSON()
            #expect(r.exit == 1, "\(command): exit \(r.exit)")
            #expect(!text.contains(Self.privateToken) && !text.contains(Self.publicToken), "\(command): \(text)")
        }
    }
}
