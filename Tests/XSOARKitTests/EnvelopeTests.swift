import OrderedJSON
import Testing
import XSOARKit

/// Envelope.decode: every malformed class gives its exact EnvelopeError; valid envelopes keep what matters.
@Suite struct EnvelopeTests {
    private func decodeError(_ bytes: [UInt8]) -> EnvelopeError? {
        do {
            _ = try Envelope.decode(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("empty", "", nil, "the envelope is empty: expected one JSON object on stdin"),
        ("white space", " \n\t\r ", nil, "the envelope is empty: expected one JSON object on stdin"),
        ("not JSON", "hello", nil, "the envelope is not valid JSON: expected a JSON value at byte 0"),
        ("not JSON literal", "not json", nil, "the envelope is not valid JSON: invalid literal: expected 'null' at byte 0"),
        ("truncated", #"{"command":"#, nil, "the envelope is not valid JSON: unexpected end of input: expected a value at byte 11"),
        ("trailing garbage", "{} x", nil, "the envelope is not valid JSON: unexpected data after the JSON value at byte 3"),
        ("array", #"[{"command":"test-module"}]"#, nil, "the envelope must be a JSON object, not an array"),
        ("string", #""test-module""#, nil, "the envelope must be a JSON object, not a string"),
        ("number", "42", nil, "the envelope must be a JSON object, not a number"),
        ("null", "null", nil, "the envelope must be a JSON object, not null"),
        ("boolean", "true", nil, "the envelope must be a JSON object, not a boolean"),
        ("no command", #"{"params":{}}"#, nil, #"the envelope has no "command""#),
        ("command null", #"{"command":null}"#, nil, #"the envelope has no "command""#),
        ("command number", #"{"command":5}"#, nil, #""command" must be a string, not a number"#),
        ("command array", #"{"command":["test-module"]}"#, nil, #""command" must be a string, not an array"#),
        ("command object", #"{"command":{}}"#, nil, #""command" must be a string, not an object"#),
        ("command empty", #"{"command":""}"#, nil, #""command" is empty"#),
        ("params array", #"{"command":"test-module","params":[]}"#, "test-module", #""params" must be a JSON object, not an array"#),
        ("params string", #"{"command":"test-module","params":"x"}"#, "test-module", #""params" must be a JSON object, not a string"#),
        ("args string", #"{"command":"darktrace-get-breach","args":"pbid=1"}"#, "darktrace-get-breach", #""args" must be a JSON object, not a string"#),
        ("args number", #"{"command":"darktrace-get-breach","args":1}"#, "darktrace-get-breach", #""args" must be a JSON object, not a number"#),
        ("lastRun boolean", #"{"command":"fetch-incidents","lastRun":false}"#, "fetch-incidents", #""lastRun" must be a JSON object, not a boolean"#),
        ("lastRun array", #"{"command":"fetch-incidents","lastRun":[]}"#, "fetch-incidents", #""lastRun" must be a JSON object, not an array"#),
    ] as [(String, String, String?, String)])
    func malformed(_ name: String, _ input: String, _ command: String?, _ reason: String) throws {
        let error = try #require(decodeError(Array(input.utf8)), "\(name) was accepted")
        #expect(error == EnvelopeError(command: command, reason: reason), "\(name)")
    }

    @Test(arguments: [
        [0xFF, 0xFE],
        [0x7B, 0x22, 0x63, 0x6F, 0x6D, 0x6D, 0x61, 0x6E, 0x64, 0x22, 0x3A, 0x22, 0xC3, 0x22, 0x7D],
    ] as [[UInt8]])
    func invalidUTF8(_ bytes: [UInt8]) throws {
        let error = try #require(decodeError(bytes))
        #expect(error == EnvelopeError(command: nil, reason: "the envelope is not valid UTF-8"))
    }

    @Test func validEnvelopeWithExtraKeys() throws {
        let text = #"""
        {"command": "darktrace-get-breach", "context": {"x": 1}, "version": 6,
         "params": {"url": "https://dt.example", "insecure": false, "credentials": {"identifier": "p", "password": "s"}},
         "args": {"pbid": "95"}, "lastRun": {"last_fetch": 1598853600000}, "extra": [1, 2]}
        """#
        let envelope = try Envelope.decode(Array(text.utf8))
        #expect(envelope.command == "darktrace-get-breach")
        #expect(envelope.params.raw.keys == ["url", "insecure", "credentials"])
        #expect(envelope.params.string("url") == "https://dt.example")
        #expect(envelope.params.string("credentials") == "s")
        #expect(envelope.args.raw.keys == ["pbid"])
        #expect(envelope.args.string("pbid") == "95")
        #expect(JSONValue.object(envelope.lastRun).compactJSON() == #"{"last_fetch":1598853600000}"#)
    }

    @Test(arguments: [
        #"{"command":"test-module","params":null,"args":null,"lastRun":null}"#,
        #"{"command":"test-module"}"#,
        #"{"command":"test-module","params":{},"args":{},"lastRun":{}}"#,
    ])
    func absentOrNullSectionsAreEmpty(_ text: String) throws {
        let envelope = try Envelope.decode(Array(text.utf8))
        #expect(envelope.command == "test-module")
        #expect(envelope.params.raw.isEmpty)
        #expect(envelope.args.raw.isEmpty)
        #expect(envelope.lastRun.isEmpty)
    }

    @Test func surroundingWhiteSpaceIsFine() throws {
        let envelope = try Envelope.decode(Array("\n {\"command\":\"fetch-incidents\"} \n".utf8))
        #expect(envelope.command == "fetch-incidents")
    }

    @Test(arguments: [
        (JSONValue.null, "null"), (.bool(true), "a boolean"), (.int(1), "a number"), (.string(""), "a string"),
        (.array([]), "an array"), (.object(JSONObject()), "an object"),
    ])
    func typeNames(_ value: JSONValue, _ name: String) {
        #expect(value.typeName == name)
    }
}
