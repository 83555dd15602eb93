@testable import DarktraceIntegration
import HTTPTransport
import OrderedJSON
import Testing
import XSOARKit

/// The DarktraceAIA shaping (format_JSON_for_ai_analyst_incident, the group, fetch incidents),
/// its fixes for missing or odd fields (L5), and the shared helpers it added.
@Suite struct DarktraceAIATests {
    /// A JSON object from its text (the test's own literals, so a parse failure is a test bug).
    func object(_ text: String) throws -> JSONObject {
        try #require(try JSONParser.parse(Array(text.utf8)).objectValue)
    }

    static let fullEvent = """
        {"id": "e-1", "createdAt": 1658853909796, "title": "Possible Hijack", "mitreTactics": ["privilege-escalation"],
         "aiaScore": 94, "category": "critical", "summary": "one\\\\n\\\\ntwo\\nthree", "currentGroup": "g-1",
         "groupCategory": "suspicious", "details": [{"blockType": "single"}], "breachDevices": [{"did": 1975}],
         "relatedBreaches": [{"modelName": "M", "pbid": 27055, "threatScore": 73, "timestamp": 1658853636000}]}
        """

    @Test func shapeHasPythonsKeysInPythonsOrder() throws {
        let shaped = AIAEventShaping.shape(try object(Self.fullEvent), details: true, baseURL: "https://dt.example")
        #expect(shaped.keys == ["eventId", "createdAt", "title", "mitreTactics", "score", "category", "summary", "groupId",
                                "details", "devices", "modelBreaches", "link"])
        #expect(JSONValue.object(shaped).compactJSON() == """
            {"eventId":"e-1","createdAt":"2022-07-26T16:45:09.000Z","title":"Possible Hijack",\
            "mitreTactics":["privilege-escalation"],"score":"94%","category":"critical","summary":"onetwo\\nthree",\
            "groupId":"g-1","details":[{"blockType":"single"}],"devices":[{"did":1975}],\
            "modelBreaches":{"0":{"modelName":"M","pbid":27055,"threatScore":73,"timestamp":"2022-07-26T16:40:36.000Z"}},\
            "link":"https://dt.example/#aiagroup/g-1"}
            """)
        #expect(!AIAEventShaping.shape(try object(Self.fullEvent), details: false, baseURL: "").contains("details"))
    }

    @Test func missingFieldsGiveThePlaceholderAndNoBreaches() {
        let shaped = AIAEventShaping.shape(JSONObject(), details: true, baseURL: "https://dt.example")
        #expect(JSONValue.object(shaped).compactJSON() == """
            {"eventId":"N/A","createdAt":"1970-01-01T00:00:00.000Z","title":"N/A","mitreTactics":"N/A","score":"0%",\
            "category":"N/A","summary":"N/A","groupId":"N/A","details":"N/A","devices":"N/A","modelBreaches":{},\
            "link":"https://dt.example/#aiagroup/N/A"}
            """)
    }

    @Test func oddlyTypedFieldsNeverCrash() throws {
        let event = try object("""
            {"createdAt": "soon", "aiaScore": 94.5, "summary": null, "currentGroup": 7,
             "relatedBreaches": [5, {"timestamp": null}, {"pbid": 1}, {"timestamp": "1658853636000"}]}
            """)
        let shaped = AIAEventShaping.shape(event, details: false, baseURL: "u")
        #expect(shaped["createdAt"] == .string("N/A"))
        #expect(shaped["score"] == .string("94.5%"))
        #expect(shaped["summary"] == .string("N/A"))
        #expect(shaped["link"] == .string("u/#aiagroup/7"))
        #expect(shaped["modelBreaches"]?.compactJSON()
            == #"{"0":5,"1":{"timestamp":"N/A"},"2":{"pbid":1},"3":{"timestamp":"2022-07-26T16:40:36.000Z"}}"#)
        #expect(AIAEventShaping.shape(try object(#"{"relatedBreaches": "none", "aiaScore": null}"#), details: false,
                                      baseURL: "")["modelBreaches"] == .object(JSONObject()))
        #expect(AIAEventShaping.shape(try object(#"{"aiaScore": null}"#), details: false, baseURL: "")["score"] == .string("None%"))
    }

    @Test func literalBackslashNIsRemovedLeftToRightAndLineBreaksStay() {
        #expect("a\\nb\nc".removingLiteralBackslashN == "ab\nc")
        // Python: "\\\\n".replace("\\n", "") == "\\" (the first backslash is not part of the pair).
        #expect("\\\\n".removingLiteralBackslashN == "\\")
        #expect("ünï\\n😀".removingLiteralBackslashN == "ünï😀")
    }

    @Test(arguments: [("compliance", 1), ("informational", 2), ("suspicious", 3), ("critical", 4), ("Critical", 4)])
    func severityFromGroupCategory(category: String, severity: Int) {
        #expect(AIAEventShaping.severity(groupCategory: .string(category)) == severity)
    }

    @Test func severityWithoutACategoryIsTheCatchAll() {
        #expect(AIAEventShaping.severity(groupCategory: nil) == 4)
        #expect(AIAEventShaping.severity(groupCategory: .int(1)) == 4)
    }

    @Test func incidentIsNameOccurredRawJSONSeverity() throws {
        let incident = AIAEventShaping.incident(for: try object(Self.fullEvent), createdAt: 1_658_853_909_796, baseURL: "https://dt.example")
        let o = try #require(incident.objectValue)
        #expect(o.keys == ["name", "occurred", "rawJSON", "severity"])
        #expect(o["name"] == .string("DT eventId #e-1: Possible Hijack"))
        #expect(o["occurred"] == .string("2022-07-26T16:45:09.000Z"))
        #expect(o["severity"] == .int(3))
        let raw = try #require(o["rawJSON"]?.stringValue)
        // Python json.dumps: ", " and ": " separators, details included.
        #expect(raw.hasPrefix(#"{"eventId": "e-1", "createdAt": "2022-07-26T16:45:09.000Z", "#))
        #expect(raw.contains(#""groupId": "g-1", "details": [{"blockType": "single"}], "devices""#))
    }

    @Test func incidentOfAnEventWithoutTitleOrNonASCIIText() throws {
        let incident = AIAEventShaping.incident(for: try object(#"{"id": 42, "summary": "Zoë"}"#), createdAt: 0, baseURL: "")
        #expect(incident["name"] == .string("DT eventId #42: N/A"))
        #expect(incident["rawJSON"]?.stringValue?.contains(#""summary": "Zo\u00eb""#) == true)
    }

    @Test func groupRenamesEventKeysAndRoundsTheScore() throws {
        let group = try object("""
            {"id": "g-1", "acknowledged": false, "mitreTactics": ["x"], "category": "critical", "groupScore": 40.666309838880856,
             "incidentEvents": [{"uuid": "e-1", "start": 1658853532289, "title": "T", "triggerDid": 1976, "visible": true},
                                {"title": "no ids"}, "odd", {"eventId": "old", "uuid": "e-2", "start": null}]}
            """)
        let shaped = shapeGroup(group)
        #expect(shaped.keys == ["groupId", "groupScore", "groupCategory", "acknowledged", "mitreTactics", "incidentEvents"])
        #expect(shaped["groupScore"]?.compactJSON() == "40.7")
        #expect(shaped["incidentEvents"]?.compactJSON() == """
            [{"start":"2022-07-26T16:38:52.000Z","title":"T","visible":true,"eventId":"e-1","deviceId":1976},\
            {"title":"no ids","eventId":"N/A","deviceId":"N/A"},"odd",\
            {"eventId":"e-2","start":"N/A","deviceId":"N/A"}]
            """)
    }

    @Test func groupWithoutFieldsGivesThePlaceholder() throws {
        let shaped = shapeGroup(try object(#"{"groupScore": "high", "incidentEvents": {}}"#))
        #expect(JSONValue.object(shaped).compactJSON() == """
            {"groupId":"N/A","groupScore":"N/A","groupCategory":"N/A","acknowledged":"N/A","mitreTactics":"N/A","incidentEvents":"N/A"}
            """)
        #expect(shapeGroup(try object(#"{"groupScore": 40}"#))["groupScore"] == .int(40))
    }

    @Test(arguments: [(40.666309838880856, 1, 40.7), (2.675, 2, 2.67), (0.25, 1, 0.2), (0.35, 1, 0.3), (0.45, 1, 0.5),
                      (0.15, 1, 0.1), (99.95, 1, 100.0), (1_234_567.25, 1, 1_234_567.2), (1.5, 0, 2.0), (2.5, 0, 2.0),
                      (1e300, 1, 1e300), (Double.leastNonzeroMagnitude, 1, 0.0), (-40.666309838880856, 1, -40.7)])
    func pythonRoundMatchesCPython(value: Double, digits: Int, expected: Double) {
        #expect(PythonRound.round(value, digits: digits) == expected)
    }

    @Test func pythonRoundKeepsTheSignOfZeroAndJSONTypes() {
        let r = PythonRound.round(-0.04, digits: 1)
        #expect(r == 0 && r.sign == .minus)
        #expect(PythonRound.round(JSONValue.number(JSONNumber(validatedText: "40.0")), digits: 1)?.compactJSON() == "40.0")
        #expect(PythonRound.round(JSONValue.number(JSONNumber(validatedText: "1e2")), digits: 1)?.compactJSON() == "100.0")
        #expect(PythonRound.round(JSONValue.int(7), digits: 1) == .int(7))
        #expect(PythonRound.round(JSONValue.string("7"), digits: 1) == nil)
    }

    @Test func renameMovesTheValueToTheEndOrReplacesInPlace() throws {
        var o = try object(#"{"a": 1, "b": 2, "c": 3}"#)
        o.renameLaterKey("a", to: "z")
        #expect(JSONValue.object(o).compactJSON() == #"{"b":2,"c":3,"z":1}"#)
        o.renameLaterKey("z", to: "b")
        #expect(JSONValue.object(o).compactJSON() == #"{"b":1,"c":3}"#)
        o.renameLaterKey("missing", to: "m")
        #expect(o["m"] == .string("N/A"))
    }

    @Test func timestampConversionLeavesAbsentKeysAbsent() throws {
        var o = try object(#"{"t": 0, "u": [1], "v": "86400000"}"#)
        for key in ["t", "u", "v", "w"] { o.convertLaterTimestamp(key) }
        #expect(JSONValue.object(o).compactJSON() == #"{"t":"1970-01-01T00:00:00.000Z","u":"N/A","v":"1970-01-02T00:00:00.000Z"}"#)
    }
}
