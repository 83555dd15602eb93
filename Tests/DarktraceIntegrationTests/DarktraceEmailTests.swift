@testable import DarktraceIntegration
import OrderedJSON
import Testing
import XSOARKit

/// The DarktraceEmail shaping (format_JSON_for_email, severities, incidents), its fixes for missing
/// or odd fields (L5), the Email settings (tag_severity as a list or a string, L9), the search's
/// filters and body, and Email's error texts.
@Suite struct DarktraceEmailTests {
    /// A JSON object from its text (the test's own literals, so a parse failure is a test bug).
    func object(_ text: String) throws -> JSONObject {
        try #require(try JSONParser.parse(Array(text.utf8)).objectValue)
    }

    static let mapper = EmailTagMapper(tags: [
        .object(JSONObject(["name": .string("Spam"), "status": .string("critical")])),
        .object(JSONObject(["name": .string("No Association"), "status": .string("warn")])),
        .object(JSONObject(["name": .string("Mailer"), "status": .string("info")])),
        .object(JSONObject(["name": .string("Undeliverable"), "status": .null])),
        .string("not a tag"),
    ])

    static let email = """
        {"uuid": "U-1.1", "direction": "inbound", "dtime": "2025-04-10T13:02:48.021Z", "dtime_unix": 1744290168021,
         "header_from_email": "a@b.example", "header_subject": "Zürich ✓", "model_score": 100, "n_links": 6,
         "n_attachments": 0, "rcpts": [{"rcpt_to": "leeroy.jenkins@example.com", "rcpt_status": "held",
         "tags": ["Spam", "Mailer", "No Association", "Unlisted"], "is_read": false, "summary": ["One.", "Two."],
         "rcpt_actions_taken": ["Hold message"], "action_status": true, "requestedRelease": null}]}
        """

    @Test func formatHasPythonsKeysInPythonsOrder() throws {
        let shaped = EmailShaping.format(try object(Self.email), tags: Self.mapper, baseURL: "https://dt.example")
        #expect(JSONValue.object(shaped).compactJSON() == """
            {"uuid":"U-1.1","direction":"Inbound","time":"2025-04-10T13:02:48.021Z","timestamp":1744290168021,\
            "sender":"a@b.example","subject":"Zürich ✓","score":100,\
            "darktrace_url":"https://dt.example/agemail/?uuid=U-1.1","attachments":0,"links":6,\
            "recipient":"leeroy.jenkins@example.com","receipt_status":"Held","read_status":"False",\
            "tags":["Spam","Mailer","No Association","Unlisted"],"tags_critical":["Spam"],"tags_warning":["No Association"],\
            "tags_informational":["Mailer"],"summary":"One. Two.","actions":"Hold message","action_status":"True",\
            "release_requested":false}
            """)
    }

    @Test func anEmptyEmailGivesPythonsNonesAndThePlaceholder() {
        let shaped = EmailShaping.format(JSONObject(), tags: Self.mapper, baseURL: "u")
        // Python: .get() gives None (null, "None" in the URL); rcpts[0], rcpt_status, tags and
        // summary raised, here "N/A" or no tags.
        #expect(JSONValue.object(shaped).compactJSON() == """
            {"uuid":null,"direction":"","time":null,"timestamp":null,"sender":null,"subject":null,"score":null,\
            "darktrace_url":"u/agemail/?uuid=None","attachments":null,"links":null,"recipient":null,\
            "receipt_status":"N/A","read_status":"None","tags":[],"tags_critical":[],"tags_warning":[],\
            "tags_informational":[],"summary":"N/A","actions":"","action_status":"None","release_requested":false}
            """)
    }

    @Test func oddlyTypedFieldsNeverCrash() throws {
        let email = try object("""
            {"uuid": 7, "direction": null, "rcpts": [{"rcpt_status": 3, "tags": "Spam", "summary": "text",
             "rcpt_actions_taken": "Hold message", "is_read": "yes", "action_status": 1, "requestedRelease": "x"}]}
            """)
        let shaped = EmailShaping.format(email, tags: Self.mapper, baseURL: "u")
        #expect(shaped["direction"] == .string("N/A"))
        #expect(shaped["darktrace_url"] == .string("u/agemail/?uuid=7"))
        #expect(shaped["receipt_status"] == .string("N/A"))
        #expect(shaped["read_status"] == .string("Yes"))
        #expect(shaped["tags"] == .array([]))
        #expect(shaped["summary"] == .string("N/A"))
        #expect(shaped["actions"] == .string("N/A"))
        #expect(shaped["action_status"] == .string("1"))
        #expect(shaped["release_requested"] == .bool(true))
        for rcpts in [#"[]"#, #"[5]"#, #""none""#] {
            let s = EmailShaping.format(try object(#"{"rcpts": \#(rcpts)}"#), tags: Self.mapper, baseURL: "u")
            #expect(s["recipient"] == .null && s["receipt_status"] == .string("N/A"))
        }
        // Non-text summary lines and actions are written as Python's str() writes them.
        let mixed = try object(#"{"rcpts": [{"summary": ["a", 1, null], "rcpt_actions_taken": ["Lock link", true]}]}"#)
        let m = EmailShaping.format(mixed, tags: Self.mapper, baseURL: "u")
        #expect(m["summary"] == .string("a 1 None"))
        #expect(m["actions"] == .string("Lock link, True"))
    }

    @Test func tagMapperKeepsTheLastOfANameAndOnlyTextStatuses() {
        let mapper = EmailTagMapper(tags: [
            .object(JSONObject(["name": .string("T"), "status": .string("info")])),
            .object(JSONObject(["name": .string("T"), "status": .string("critical")])),
            .object(JSONObject(["name": .int(5), "status": .string("warn")])),
        ])
        #expect(mapper.statusByName == ["T": "critical"])
        #expect(mapper.status(of: .int(5)) == nil)
        #expect(Self.mapper.status(of: .string("Undeliverable")) == nil)
    }

    /// (tags, actions, score, severity): Python's `_compute_xsoar_severity` table.
    static let severities: [([String], String, Int?, Int)] = [
        (["Spam"], "", 76, 4), (["Spam"], "", 75, 3), (["Spam"], "", 51, 3), (["Spam"], "", 50, 1),
        (["Spam"], "", 49, 2), (["Spam"], "", 0, 2), (["No Association"], "", 51, 2), (["No Association"], "", 50, 1),
        (["Mailer"], "", 100, 1), (["Spam"], "Hold message", 100, 1), (["Spam"], "Lock link, Hold message", 100, 1),
        (["Spam"], "Lock link", 100, 4), (["Unlisted", "No Association"], "", 90, 2), ([], "", 100, 1),
        (["Spam"], "", nil, 1), (["Undeliverable", "Spam"], "", 60, 3),
    ]

    @Test(arguments: severities)
    func severityAsPythonComputesIt(tags: [String], actions: String, score: Int?, severity: Int) {
        #expect(EmailShaping.severity(tags: tags.map(JSONValue.string), actions: actions, score: score,
                                      mapper: Self.mapper) == severity)
    }

    @Test func wholeScoreIsPythonsInt() {
        #expect(EmailShaping.wholeScore(.int(100)) == 100)
        #expect(EmailShaping.wholeScore(.number(JSONNumber(validatedText: "99.9"))) == 99)
        #expect(EmailShaping.wholeScore(.string(" 42 ")) == 42)
        #expect(EmailShaping.wholeScore(.string("4.2")) == nil)
        #expect(EmailShaping.wholeScore(.null) == nil)
        #expect(EmailShaping.wholeScore(nil) == nil)
    }

    @Test func incidentIsNameOccurredRawJSONSeverity() throws {
        let email = try object(Self.email)
        let incident = EmailShaping.incident(for: email, fallbackTime: 0, tags: Self.mapper, baseURL: "https://dt.example")
        #expect(incident.objectValue?.keys == ["name", "occurred", "rawJSON", "severity"])
        #expect(incident["name"] == .string("DT Email from a@b.example to leeroy.jenkins@example.com | Anomaly score 100"))
        #expect(incident["occurred"] == .string("2025-04-10T13:02:48.000Z"))
        #expect(incident["severity"] == .int(1))  // held: "Hold message" among the actions
        let raw = try #require(incident["rawJSON"]?.stringValue)
        // json.dumps: ", " and ": " separators, non-ASCII escaped.
        #expect(raw.hasPrefix(#"{"uuid": "U-1.1", "direction": "Inbound", "#))
        #expect(raw.contains(#""subject": "Z\u00fcrich \u2713""#))
        #expect(try JSONParser.parse(Array(raw.utf8)) == .object(EmailShaping.format(email, tags: Self.mapper,
                                                                                       baseURL: "https://dt.example")))
    }

    @Test func incidentOfAnEmailWithoutFieldsNamesThePlaceholder() {
        let incident = EmailShaping.incident(for: JSONObject(), fallbackTime: 1_744_290_168_021, tags: Self.mapper,
                                             baseURL: "u")
        #expect(incident["name"] == .string("DT Email from N/A to N/A | Anomaly score N/A"))
        #expect(incident["occurred"] == .string("2025-04-10T13:02:48.000Z"))
        #expect(incident["severity"] == .int(1))
        let nulls = EmailShaping.incident(for: JSONObject(["header_from_email": .null, "model_score": .string("x")]),
                                          fallbackTime: 0, tags: Self.mapper, baseURL: "u")
        #expect(nulls["name"] == .string("DT Email from None to N/A | Anomaly score N/A"))
    }

    // MARK: settings and search

    @Test func tagSeverityAsAListOrACommaString() {
        let all = ["critical", "warn", "info"]
        #expect(EmailFetchSettings.severities(.string("Critical,Warning,Informational")) == all)
        #expect(EmailFetchSettings.severities(.array(["Informational", "Critical"].map(JSONValue.string))) == ["info", "critical"])
        #expect(EmailFetchSettings.severities(.string(" warning , Bogus,,WARNING")) == ["warn"])
        #expect(EmailFetchSettings.severities(.string("Critical")) == ["critical"])
        #expect(EmailFetchSettings.severities(.array([.string("Bogus"), .int(3)])) == [])
        #expect(EmailFetchSettings.severities(nil) == all)
        #expect(EmailFetchSettings.severities(.null) == all)
    }

    @Test func settingsReadActionedAndDirection() throws {
        let params = InstanceParams(JSONObject([
            "actioned": .string("false"), "direction": .string("outbound"), "tag_severity": .string("Warning"),
            "min_score": .string("20.9"), "max_fetch": .string("120"), "first_fetch": .string("1 day"),
        ]))
        let s = try EmailFetchSettings(params: params, nowMilliseconds: 1_700_000_000_000)
        #expect(!s.actioned && s.direction == "outbound" && s.severities == ["warn"])
        #expect(s.common.minScoreWhole == 20 && s.common.maxAlerts == 120)
        #expect(throws: ArgumentError.invalidBoolean(name: "actioned", value: "maybe")) {
            try EmailFetchSettings(params: InstanceParams(JSONObject(["actioned": .string("maybe")])), nowMilliseconds: 0)
        }
    }

    @Test func searchBodyIsPythonsJSON() {
        let one = EmailSearchFilter(minScore: 20, severities: ["critical"], direction: "inbound", actioned: false)
        #expect(one.body(page: 2, fromSeconds: 1_744_243_200, toSeconds: 1_744_300_600).pythonJSONDumps() == """
            {"page": 2, "itemsPerPage": 20, "timeFrom": 1744243200, "timeTo": 1744300600, "query": {"criteriaList": \
            [{"apiFilter": "Email.Antigena Email Anomaly", "value": "20", "operator": ">"}, {"apiFilter": "Model Tag \
            Severity", "value": "critical", "operator": "="}, {"apiFilter": "Connection.Direction", "value": "inbound", \
            "operator": "="}], "mode": "and"}}
            """)
        for severities in [[], ["critical", "info"], ["critical", "warn", "info"]] {
            let f = EmailSearchFilter(minScore: 0, severities: severities, direction: nil, actioned: false)
            #expect(f.criteria.count == 1, "only one severity is asked of Darktrace")
        }
    }

    @Test func clientSideFiltersKeepActionedAndTwoSeverities() throws {
        let held = try object(#"{"rcpts": [{"tags": ["Mailer"], "rcpt_actions_taken": ["Hold message"]}]}"#)
        let none = try object(#"{"rcpts": [{"tags": ["Spam", "Unlisted"], "rcpt_actions_taken": []}]}"#)
        let bare = try object(#"{"uuid": "x"}"#)
        let actioned = EmailSearchFilter(minScore: 0, severities: [], direction: nil, actioned: true)
        #expect(actioned.keeps(held, mapper: Self.mapper) && !actioned.keeps(none, mapper: Self.mapper))
        #expect(!actioned.keeps(bare, mapper: Self.mapper))
        let two = EmailSearchFilter(minScore: 0, severities: ["critical", "warn"], direction: nil, actioned: false)
        #expect(!two.keeps(held, mapper: Self.mapper) && two.keeps(none, mapper: Self.mapper))
        #expect(!two.keeps(bare, mapper: Self.mapper))
        let all = EmailSearchFilter(minScore: 0, severities: ["critical", "warn", "info"], direction: nil, actioned: false)
        #expect(all.keeps(bare, mapper: Self.mapper))
    }

    // MARK: error texts

    func message(_ status: Int, _ body: String) -> String {
        DarktraceEmail.errorTexts.message(.http(status: status, location: nil, body: Array(body.utf8)))
    }

    @Test func emailsOwnStatusTexts() {
        #expect(message(404, #"{"error": "Email not found"}"#) == "Email could not be found. Ensure the UUID provided is correct.")
        #expect(message(404, #"{"error": "Endpoint not found"}"#) == "Request not completed - Resource could not be found")
        #expect(message(404, "<html>") == "Request not completed - Resource could not be found")
        #expect(message(409, #"{"error": "Failed to release email - Email is not held"}"#)
            == "A conflict was created by your request. Failed to release email - Email is not held")
        #expect(message(409, #"{"error": "Failed to hold email - Previously Held or Released"}"#)
            == "Could not execute the hold action on this email.")
        #expect(message(409, "{}") == "A conflict was created by your request. ")
    }

    @Test func theSharedTextsStillApply() {
        #expect(message(400, #"{"error": "API SIGNATURE ERROR"}"#) == LaterErrorTexts.signature)
        #expect(message(302, "Found. Redirecting to /login") == "Invalid Endpoint. - Please contact your Darktrace representative.")
        #expect(message(500, "{}") == "Darktrace was unable to process your request - Please contact your Darktrace representative.")
        #expect(message(400, #"{"error": "Recipient x not found"}"#)
            == #"Your request failed with the following error: b'{"error": "Recipient x not found"}'. Response Status code: 400"#)
    }
}
