import OrderedJSON
import Testing

/// Python's `repr`, `str` and `json.dumps` of strings and containers; every expected value came from CPython 3.11.
@Suite struct PythonReprTests {
    /// (name, string, repr(s), json.dumps(s), json.dumps(s, ensure_ascii=False)), generated with python3.
    static let strings: [(String, String, String, String, String)] = [
        ("plain", "abc", "'abc'", "\"abc\"", "\"abc\""),
        ("empty", "", "''", "\"\"", "\"\""),
        ("apostrophe", "it's", "\"it's\"", "\"it's\"", "\"it's\""),
        ("double quotes", "say \"hi\"", "'say \"hi\"'", "\"say \\\"hi\\\"\"", "\"say \\\"hi\\\"\""),
        ("both quotes", "it's \"x\"", "'it\\'s \"x\"'", "\"it's \\\"x\\\"\"", "\"it's \\\"x\\\"\""),
        ("backslash", "a\\b", "'a\\\\b'", "\"a\\\\b\"", "\"a\\\\b\""),
        ("newline tab cr", "a\nb\tc\rd", "'a\\nb\\tc\\rd'", "\"a\\nb\\tc\\rd\"", "\"a\\nb\\tc\\rd\""),
        ("control 0x01", "\u{1}", "'\\x01'", "\"\\u0001\"", "\"\\u0001\""),
        ("control 0x1f", "\u{1F}", "'\\x1f'", "\"\\u001f\"", "\"\\u001f\""),
        ("backspace formfeed", "\u{8}\u{C}", "'\\x08\\x0c'", "\"\\b\\f\"", "\"\\b\\f\""),
        ("DEL", "\u{7F}", "'\\x7f'", "\"\\u007f\"", "\"\u{7F}\""),
        ("cafe", "caf\u{E9}", "'caf\u{E9}'", "\"caf\\u00e9\"", "\"caf\u{E9}\""),
        ("NBSP", "\u{A0}", "'\\xa0'", "\"\\u00a0\"", "\"\u{A0}\""),
        ("line separator", "\u{2028}", "'\\u2028'", "\"\\u2028\"", "\"\u{2028}\""),
        ("private use", "\u{E000}", "'\\ue000'", "\"\\ue000\"", "\"\u{E000}\""),
        ("tag character", "\u{E0001}", "'\\U000e0001'", "\"\\udb40\\udc01\"", "\"\u{E0001}\""),
        ("emoji", "\u{1F600}", "'\u{1F600}'", "\"\\ud83d\\ude00\"", "\"\u{1F600}\""),
        ("soft hyphen", "\u{AD}", "'\\xad'", "\"\\u00ad\"", "\"\u{AD}\""),
        ("zero width joiner", "\u{200D}", "'\\u200d'", "\"\\u200d\"", "\"\u{200D}\""),
        ("CJK", "\u{65E5}\u{672C}", "'\u{65E5}\u{672C}'", "\"\\u65e5\\u672c\"", "\"\u{65E5}\u{672C}\""),
        ("slash", "a/b", "'a/b'", "\"a/b\"", "\"a/b\""),
        ("NUL", "\u{0}", "'\\x00'", "\"\\u0000\"", "\"\\u0000\""),
        ("ideographic space", "\u{3000}", "'\\u3000'", "\"\\u3000\"", "\"\u{3000}\""),
        ("combining acute", "e\u{301}", "'e\u{301}'", "\"e\\u0301\"", "\"e\u{301}\""),
    ]

    @Test(arguments: strings)
    func stringRepr(_ name: String, _ text: String, _ repr: String, _ dumps: String, _ dumpsUnicode: String) {
        let value = JSONValue.string(text)
        expectSameBytes(value.pythonRepr(), repr, name)
        expectSameBytes(value.pythonJSONDumps(), dumps, name)
        expectSameBytes(value.pythonJSONDumps(ensureASCII: true), dumps, name)
        expectSameBytes(value.pythonJSONDumps(ensureASCII: false), dumpsUnicode, name)
        expectSameBytes(value.pythonStr(), text, name)
    }

    /// (JSON text, repr, str, json.dumps, json.dumps ensure_ascii=False) of `json.loads(text)`, generated with python3.
    static let documents: [(String, String, String, String, String)] = [
        ("{\"a\":[1,2.5,null,true,\"x\"]}", "{'a': [1, 2.5, None, True, 'x']}", "{'a': [1, 2.5, None, True, 'x']}", "{\"a\": [1, 2.5, null, true, \"x\"]}", "{\"a\": [1, 2.5, null, true, \"x\"]}"),
        ("[]", "[]", "[]", "[]", "[]"),
        ("{}", "{}", "{}", "{}", "{}"),
        ("[[],{}]", "[[], {}]", "[[], {}]", "[[], {}]", "[[], {}]"),
        ("null", "None", "None", "null", "null"),
        ("true", "True", "True", "true", "true"),
        ("false", "False", "False", "false", "false"),
        ("\"str\"", "'str'", "str", "\"str\"", "\"str\""),
        ("[1,\"it's\",{\"k\":\"v\\\"q\"}]", "[1, \"it's\", {'k': 'v\"q'}]", "[1, \"it's\", {'k': 'v\"q'}]", "[1, \"it's\", {\"k\": \"v\\\"q\"}]", "[1, \"it's\", {\"k\": \"v\\\"q\"}]"),
        ("{\"b\":1,\"a\":{\"z\":[false,1.0,1e2]},\"c\":\"caf\\u00e9 \\ud83d\\ude00\"}", "{'b': 1, 'a': {'z': [False, 1.0, 100.0]}, 'c': 'caf\u{E9} \u{1F600}'}", "{'b': 1, 'a': {'z': [False, 1.0, 100.0]}, 'c': 'caf\u{E9} \u{1F600}'}", "{\"b\": 1, \"a\": {\"z\": [false, 1.0, 100.0]}, \"c\": \"caf\\u00e9 \\ud83d\\ude00\"}", "{\"b\": 1, \"a\": {\"z\": [false, 1.0, 100.0]}, \"c\": \"caf\u{E9} \u{1F600}\"}"),
        ("{\"\":\"\"}", "{'': ''}", "{'': ''}", "{\"\": \"\"}", "{\"\": \"\"}"),
        ("[-0,-0.0,0.5e1]", "[0, -0.0, 5.0]", "[0, -0.0, 5.0]", "[0, -0.0, 5.0]", "[0, -0.0, 5.0]"),
        ("{\"n\":123456789012345678901234567890}", "{'n': 123456789012345678901234567890}", "{'n': 123456789012345678901234567890}", "{\"n\": 123456789012345678901234567890}", "{\"n\": 123456789012345678901234567890}"),
    ]

    @Test(arguments: documents)
    func documentRepr(_ json: String, _ repr: String, _ str: String, _ dumps: String, _ dumpsUnicode: String) throws {
        let value = try JSONParser.parse(json)
        expectSameBytes(value.pythonRepr(), repr, json)
        expectSameBytes(value.pythonStr(), str, json)
        expectSameBytes(value.pythonJSONDumps(), dumps, json)
        expectSameBytes(value.pythonJSONDumps(ensureASCII: false), dumpsUnicode, json)
    }

    @Test func nestedReprOfTheBrief() throws {
        let value = try JSONParser.parse(#"{"a":[1,2.5,null,true,"x"]}"#)
        #expect(value.pythonRepr() == "{'a': [1, 2.5, None, True, 'x']}")
    }

    @Test func strOfAStringIsTheRawString() {
        expectSameBytes(JSONValue.string("it's \"x\"\n\u{1F600}").pythonStr(), "it's \"x\"\n\u{1F600}", "str")
        #expect(JSONValue.string("").pythonStr() == "")
        #expect(JSONValue.int(7).pythonStr() == "7")
        #expect(JSONValue.null.pythonStr() == "None")
    }

    /// Swift's `==` on String ignores canonical equivalence differences; compare the UTF-8 bytes.
    private func expectSameBytes(_ actual: String, _ expected: String, _ label: String,
                                 sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(Array(actual.utf8) == Array(expected.utf8), "\(label): got \(actual) expected \(expected)",
                sourceLocation: sourceLocation)
    }
}
