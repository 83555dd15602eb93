import Foundation
import OrderedJSON
import Testing

/// Every kind of unusable envelope, fed to the BUILT BINARY: exit status 2 (1 where the envelope
/// is usable but an argument is not), exactly one JSON object on stdout holding one error entry.
@Suite struct HostileEnvelopeTests {
    static let valid = #"{"command":"darktrace-get-breach","params":{"url":"http://127.0.0.1:9","public_api_token":"p-token","private_api_token":"q-token"},"args":{"pbid":"abc"}}"#

    static let cases: [(name: String, input: [UInt8], exit: Int32, says: String)] = [
        ("empty stdin", [], 2, "the envelope is empty"),
        ("white space", Array(" \n\t ".utf8), 2, "the envelope is empty"),
        ("invalid UTF-8", Array(#"{"command": ""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8), 2, "not valid UTF-8"),
        ("truncated", Array(valid.utf8.prefix(40)), 2, "not valid JSON"),
        ("array", Array("[]".utf8), 2, "must be a JSON object, not an array"),
        ("string", Array(#""test-module""#.utf8), 2, "not a string"),
        ("number", Array("42".utf8), 2, "not a number"),
        ("null", Array("null".utf8), 2, "not null"),
        ("no command", Array(#"{"params": {}}"#.utf8), 2, "has no \"command\""),
        ("empty command", Array(#"{"command": ""}"#.utf8), 2, "\"command\" is empty"),
        ("numeric command", Array(#"{"command": 7}"#.utf8), 2, "\"command\" must be a string"),
        ("unknown command", Array(#"{"command": "darktrace-drop-tables"}"#.utf8), 2, "Unknown command"),
        ("NUL in command", Array(#"{"command": "test-module\u0000"}"#.utf8), 2, "Unknown command"),
        ("raw NUL byte", Array(#"{"command": "#.utf8) + [0] + Array("}".utf8), 2, "not valid JSON"),
        ("params not an object", Array(#"{"command": "test-module", "params": []}"#.utf8), 2, "\"params\" must be a JSON object"),
        ("args not an object", Array(#"{"command": "test-module", "args": "pbid=1"}"#.utf8), 2, "\"args\" must be a JSON object"),
        ("lastRun not an object", Array(#"{"command": "fetch-incidents", "lastRun": 5}"#.utf8), 2, "\"lastRun\" must be a JSON object"),
        ("deep nesting", Array(#"{"command": "test-module", "args": "#.utf8) + [UInt8](repeating: UInt8(ascii: "["), count: 10_000),
         2, "nesting deeper than 512 levels"),
        ("duplicate keys: the last wins, as in Python", Array(#"{"command": "test-module", "command": "darktrace-get-breach", "params": {"url": "http://127.0.0.1:9", "public_api_token": "p-token", "private_api_token": "q-token"}, "args": {"pbid": "x"}}"#.utf8),
         1, "Invalid number: \"pbid\"=\"x\""),
        ("url without scheme", Array(#"{"command": "test-module", "params": {"url": "dt.example.com", "public_api_token": "p-token", "private_api_token": "q-token"}}"#.utf8),
         1, "Invalid Server URL \"dt.example.com\""),
        ("no tokens", Array(#"{"command": "test-module", "params": {"url": "https://dt.example.com"}}"#.utf8),
         1, "Missing required instance setting \"Public API Token\""),
        ("unknown integration", Array(#"{"integration": "DarktraceXDR", "command": "test-module"}"#.utf8), 2,
         "Unknown integration \"DarktraceXDR\". This binary answers: Darktrace, DarktraceAIA, DarktraceAdmin, DarktraceEmail, DarktraceMBs."),
        ("integration not a string", Array(#"{"integration": ["DarktraceMBs"], "command": "test-module"}"#.utf8), 2,
         "\"integration\" must be a string, not an array"),
        ("integration names are exact", Array(#"{"integration": "darktracembs", "command": "test-module"}"#.utf8), 2,
         "Unknown integration \"darktracembs\""),
        ("a v1 command on a later integration", Array(#"{"integration": "DarktraceAdmin", "command": "darktrace-get-breach"}"#.utf8), 2,
         "Unknown command \"darktrace-get-breach\". This integration answers: "),
        ("a later command on v1", Array(#"{"command": "darktrace-get-model-breach"}"#.utf8), 2,
         "Unknown command \"darktrace-get-model-breach\". This integration answers: darktrace-acknowledge, "),
        ("no tokens under the later names", Array(#"{"integration": "DarktraceAdmin", "command": "test-module", "params": {"url": "https://dt.example.com", "public_api_token": "p-token", "private_api_token": "q-token"}}"#.utf8),
         1, "Missing required instance setting \"Public API Token\" (publicApiKey)"),
        ("50 MB argument", Array(#"{"command":"darktrace-get-breach","params":{"url":"http://127.0.0.1:9","public_api_token":"p-token","private_api_token":"q-token"},"args":{"pbid":""#.utf8)
            + [UInt8](repeating: UInt8(ascii: "7"), count: 50 << 20) + Array("\"}}".utf8), 1, "Invalid number: \"pbid\""),
    ]

    @Test(arguments: 0..<cases.count)
    func unusableEnvelope(_ index: Int) throws {
        let c = Self.cases[index]
        let out = try BinaryRunner.run(c.input, timeout: 60)
        #expect(!out.timedOut, "\(c.name)")
        #expect(out.exitStatus == c.exit, "\(c.name): exit \(out.exitStatus)")
        // Exactly one JSON object (the parser refuses trailing data) holding exactly one error entry.
        let value = try JSONParser.parse(out.stdout)
        let entries = try #require(value["entries"]?.arrayValue, "\(c.name)")
        #expect(value.objectValue?.keys == ["entries"], "\(c.name)")
        #expect(entries.count == 1, "\(c.name)")
        #expect(entries.first?["Type"] == .int(4), "\(c.name)")
        let contents = entries.first?["Contents"]?.stringValue ?? ""
        #expect(contents.hasPrefix("Failed to execute "), "\(c.name): \(contents)")
        #expect(contents.contains(c.says), "\(c.name): \(contents.prefix(300))")
        #expect(contents.utf8.count < 2_000, "\(c.name): the error must not echo a huge input")
    }
}
