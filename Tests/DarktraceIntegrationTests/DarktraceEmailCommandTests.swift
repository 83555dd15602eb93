import DarktraceIntegration
import HTTPTransport
import OrderedJSON
import Testing

/// The DarktraceEmail commands through the real dispatcher with a scripted Darktrace: the tag
/// lookup every command makes, the requests and JSON bodies they send, hold and release with the
/// 409 Darktrace gives for an email already actioned, unknown uuids named, argument errors without
/// a request, odd answers without a crash (L5), and the settings only test-module reads (L12).
@Suite struct DarktraceEmailCommandTests {
    static let now: Int64 = 1_744_300_000_000
    static let privateToken = "emailPRIVATEtoken42"

    /// The requests one run sent.
    final class Recorder: @unchecked Sendable {
        var requests: [HTTPRequest] = []
    }

    static let tags = #"[{"name": "Spam", "status": "critical"}, {"name": "Mailer", "status": "info"}]"#
    static let email = """
        {"uuid": "U-1.1", "direction": "inbound", "dtime": "2025-04-10T13:02:48.021Z", "dtime_unix": 1744290168021,
         "header_from_email": "a@b.example", "header_subject": "Hello", "model_score": 80,
         "rcpts": [{"rcpt_to": "kelly.johnson@example.com", "rcpt_status": "delivered", "tags": ["Spam"],
                    "summary": ["s"], "rcpt_actions_taken": [], "action_status": false}]}
        """

    /// A Darktrace answering the tag list, `email` for GET /emails/…, and `action` for the action POST.
    static func darktrace(email: (Int, String) = (200, Self.email), action: (Int, String) = (200, #"{"code": 0, "resp": "Held Email"}"#),
                          search: String = "[]") -> @Sendable (HTTPRequest) -> HTTPResponse {
        { request in
            let path = String(request.url.dropFirst("https://dt.example".count).prefix { $0 != "?" })
            let (status, body): (Int, String)
            if path.hasSuffix("/resources/tags") {
                (status, body) = (200, Self.tags)
            } else if path.hasSuffix("/action") {
                (status, body) = action
            } else if path.hasSuffix("/emails/search") {
                (status, body) = (200, search)
            } else {
                (status, body) = email
            }
            return HTTPResponse(status: status, headers: [HTTPHeader("Content-Type", "application/json")], body: Array(body.utf8))
        }
    }

    func run(_ command: String, args: JSONObject = JSONObject(), params extra: JSONObject = JSONObject(),
             answer: @escaping @Sendable (HTTPRequest) -> HTTPResponse = Self.darktrace())
        -> (exit: Int32, out: JSONValue, requests: [HTTPRequest]) {
        var params = JSONObject([
            "url": .string("https://dt.example"), "publicApiKey": .string("emailPUBLIC"),
            "privateApiKey": .string(Self.privateToken),
        ])
        for member in extra.members { params[member.key] = member.value }
        let envelope = JSONValue.object(JSONObject([
            "integration": .string("DarktraceEmail"), "command": .string(command), "params": .object(params),
            "args": .object(args), "lastRun": .object(JSONObject()),
        ]))
        let recorder = Recorder()
        let transport = ClosureTransport { request in
            recorder.requests.append(request)
            return answer(request)
        }
        let result = Integration.run(input: envelope.compactJSONBytes(),
                                     environment: RunEnvironment(makeTransport: { _ in transport }, clock: { Self.now }))
        #expect(!String(decoding: result.stdout, as: UTF8.self).contains(Self.privateToken))
        return (result.exitStatus, (try? JSONParser.parse(result.stdout)) ?? .null, recorder.requests)
    }

    func errorText(_ out: JSONValue) -> String {
        guard let entry = out["entries"]?.arrayValue?.first, entry["Type"] == .int(4) else { return "" }
        return entry["Contents"]?.stringValue ?? ""
    }

    func entry(_ out: JSONValue) -> JSONValue? {
        out["entries"]?.arrayValue?.first
    }

    func target(_ request: HTTPRequest) -> String {
        String(request.url.dropFirst("https://dt.example".count))
    }

    func body(_ request: HTTPRequest) -> String {
        String(decoding: request.body ?? [], as: UTF8.self)
    }

    static let commands = ["darktrace-email-get-email", "darktrace-email-hold-email", "darktrace-email-release-email"]

    @Test(arguments: commands)
    func missingUUIDIsAnErrorWithoutARequest(command: String) {
        for args in [JSONObject(), JSONObject(["uuid": .string(" ")]), JSONObject(["uuid": .null])] {
            let r = run(command, args: args)
            #expect(r.exit == 1)
            #expect(errorText(r.out) == "Failed to execute \(command) command.\nError:\nMissing required argument \"uuid\".")
            #expect(r.requests.isEmpty)
        }
    }

    @Test(arguments: commands)
    func anUnknownUUIDIsNamed(command: String) {
        let r = run(command, args: JSONObject(["uuid": .string("NO-SUCH.1")]),
                    answer: Self.darktrace(email: (404, #"{"error": "Email not found"}"#), action: (404, #"{"error": "Email not found"}"#)))
        #expect(r.exit == 1)
        #expect(errorText(r.out).hasSuffix("Email could not be found. Ensure the UUID provided is correct. (uuid: NO-SUCH.1)"))
    }

    @Test func getEmailLooksUpTagsThenTheEmail() throws {
        let r = run("darktrace-email-get-email", args: JSONObject(["uuid": .string("U-1.1")]))
        #expect(r.exit == 0)
        #expect(r.requests.map(target) == ["/agemail/api/v1.0/resources/tags", "/agemail/api/v1.0/emails/U-1.1"])
        let e = try #require(entry(r.out))
        #expect(e["Contents"]?["tags_critical"] == .array([.string("Spam")]))
        #expect(e["Contents"]?["darktrace_url"] == .string("https://dt.example/agemail/?uuid=U-1.1"))
        #expect(e["EntryContext"]?.objectValue?.keys == ["Darktrace.Email(val.uuid && val.uuid == obj.uuid)"])
        #expect(e["HumanReadable"]?.stringValue?.hasPrefix("### Darktrace Email U-1.1\n|action_status|actions|") == true)
    }

    @Test func aUUIDWithReservedCharactersIsEncodedInThePath() {
        let r = run("darktrace-email-get-email", args: JSONObject(["uuid": .string("a b/c")]))
        #expect(r.requests.last.map(target) == "/agemail/api/v1.0/emails/a%20b%2Fc")
    }

    @Test func holdSendsTheFirstRecipientAndKeepsThePreviousStatus() throws {
        let r = run("darktrace-email-hold-email", args: JSONObject(["uuid": .string("U-1.1")]))
        #expect(r.exit == 0)
        #expect(r.requests.map(target) == ["/agemail/api/v1.0/resources/tags", "/agemail/api/v1.0/emails/U-1.1",
                                           "/agemail/api/v1.0/emails/U-1.1/action"])
        #expect(body(r.requests[2]) == #"{"action": "hold", "recipients": ["kelly.johnson@example.com"]}"#)
        let e = try #require(entry(r.out))
        #expect(e["Contents"]?.compactJSON() == #"{"code":0,"resp":"Held Email","previous_status":"delivered"}"#)
        #expect(e["HumanReadable"] == .string("### Holding Email U-1.1\n|resp|\n|---|\n| Held Email |\n"))
    }

    @Test func aSecondHoldIsAnAnswerSayingWhatTheEmailWas() throws {
        let r = run("darktrace-email-hold-email", args: JSONObject(["uuid": .string("U-1.1")]),
                    answer: Self.darktrace(action: (409, #"{"error": "Failed to hold email - Previously Held or Released"}"#)))
        #expect(r.exit == 0)
        let e = try #require(entry(r.out))
        #expect(e["Contents"]?.compactJSON()
            == #"{"resp":"Could not execute the hold action on this email.","previous_status":"delivered"}"#)
        #expect(e["HumanReadable"] == .string("""
            ### Holding Email U-1.1
            |resp|
            |---|
            | Could not execute the hold action on this email. This is because the email was previously delivered. |

            """))
    }

    @Test func anotherConflictIsAnError() {
        let r = run("darktrace-email-hold-email", args: JSONObject(["uuid": .string("U-1.1")]),
                    answer: Self.darktrace(action: (409, #"{"error": "Locked"}"#)))
        #expect(r.exit == 1)
        #expect(errorText(r.out).hasSuffix("\nA conflict was created by your request. Locked"))
    }

    @Test func releaseWithARecipientSendsOnlyTheAction() throws {
        let r = run("darktrace-email-release-email", args: JSONObject(["uuid": .string("U-1.1"), "recipient": .string("x@y.example")]),
                    answer: Self.darktrace(action: (200, #"{"resp": "Email added to queue"}"#)))
        #expect(r.requests.map(target) == ["/agemail/api/v1.0/resources/tags", "/agemail/api/v1.0/emails/U-1.1/action"])
        #expect(body(r.requests[1]) == #"{"action": "release", "recipients": ["x@y.example"]}"#)
        let e = try #require(entry(r.out))
        #expect(e["Contents"]?.compactJSON() == #"{"resp":"Email added to queue","previous_status":""}"#)
        #expect(e["HumanReadable"] == .string("### Releasing Email U-1.1\n|resp|\n|---|\n| Email Released |\n"))
    }

    @Test func releaseWithoutARecipientReadsTheEmail() throws {
        let r = run("darktrace-email-release-email", args: JSONObject(["uuid": .string("U-1.1")]),
                    answer: Self.darktrace(action: (200, #"{"resp": "Queued elsewhere"}"#)))
        #expect(r.requests.count == 3)
        #expect(body(r.requests[2]) == #"{"action": "release", "recipients": ["kelly.johnson@example.com"]}"#)
        // An answer other than "Email added to queue" is shown as Darktrace gave it.
        #expect(entry(r.out)?["HumanReadable"] == .string("### Releasing Email U-1.1\n|resp|\n|---|\n| Queued elsewhere |\n"))
    }

    @Test(arguments: ["darktrace-email-hold-email", "darktrace-email-release-email"])
    func anEmailWithoutARecipientIsAnErrorNamingIt(command: String) {
        let r = run(command, args: JSONObject(["uuid": .string("U-1.1")]),
                    answer: Self.darktrace(email: (200, #"{"uuid": "U-1.1", "rcpts": []}"#)))
        #expect(r.exit == 1)
        #expect(errorText(r.out).contains("Darktrace lists no recipient (rcpts[0].rcpt_to) for email U-1.1"))
        #expect(r.requests.count == 2, "no action without a recipient")
    }

    @Test func oddAnswersNeverCrash() throws {
        let notAnObject = run("darktrace-email-get-email", args: JSONObject(["uuid": .string("U-1.1")]),
                              answer: Self.darktrace(email: (200, "[1]")))
        #expect(notAnObject.exit == 1)
        #expect(errorText(notAnObject.out).contains("expected an email object, got an array"))
        let noResp = run("darktrace-email-hold-email", args: JSONObject(["uuid": .string("U-1.1")]),
                         answer: Self.darktrace(action: (200, "{}")))
        #expect(noResp.exit == 0)
        #expect(entry(noResp.out)?["HumanReadable"] == .string("### Holding Email U-1.1\n|resp|\n|---|\n| N/A |\n"))
        let tagsNotAList = run("darktrace-email-get-email", args: JSONObject(["uuid": .string("U-1.1")]), answer: { _ in
            HTTPResponse(status: 200, body: Array("{}".utf8))
        })
        #expect(errorText(tagsNotAList.out).contains("/agemail/api/v1.0/resources/tags: expected a list of tags"))
    }

    @Test func testModuleReadsOnlyFirstFetchUnlessFetching() {
        let ok = run("test-module", params: JSONObject(["max_fetch": .string("many"), "first_fetch": .string("2 days")]))
        #expect(ok.exit == 0 && ok.out["entries"] == .array([.string("ok")]))
        #expect(body(ok.requests[1]).contains(#""timeFrom": \#(Self.now / 1000 - 2 * 86_400), "timeTo": \#(Self.now / 1000)"#))
        let fetching = run("test-module", params: JSONObject(["max_fetch": .string("many"), "isFetch": .bool(true)]))
        #expect(fetching.exit == 1 && errorText(fetching.out).contains("max_fetch"))
        #expect(fetching.requests.isEmpty)
        let badFirstFetch = run("test-module", params: JSONObject(["first_fetch": .string("whenever")]))
        #expect(badFirstFetch.exit == 1 && errorText(badFirstFetch.out).contains("first_fetch"))
        #expect(badFirstFetch.requests.isEmpty)
    }

    @Test func testModuleProbesOneKeptEmail() {
        let listed = #"[{"uuid": "N.1", "dtime_unix": 5, "rcpts": [{"tags": ["Spam"], "rcpt_actions_taken": []}]}, "#
            + #"{"uuid": "K.1", "dtime_unix": 7, "rcpts": [{"tags": ["Mailer"], "rcpt_actions_taken": ["Hold message"]}]}, "#
            + #"{"uuid": "L.1", "dtime_unix": 8, "rcpts": [{"tags": ["Spam"], "rcpt_actions_taken": ["Lock link"]}]}]"#
        let r = run("test-module", answer: Self.darktrace(search: listed))
        #expect(r.exit == 0)
        #expect(r.requests.map(target).last == "/agemail/api/v1.0/emails/K.1?dtime=7")
        #expect(r.requests.count == 3)
        #expect(body(r.requests[1]).contains(#""criteriaList": [{"apiFilter": "Email.Antigena Email Anomaly", "value": "0", "operator": ">"}]"#))
    }

    @Test func otherSettingsAreNotReadByCommands() {
        let r = run("darktrace-email-get-email", args: JSONObject(["uuid": .string("U-1.1")]),
                    params: JSONObject(["first_fetch": .string("whenever"), "max_fetch": .string("x"), "actioned": .string("maybe")]))
        #expect(r.exit == 0)
    }
}
