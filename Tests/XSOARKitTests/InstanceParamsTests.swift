import OrderedJSON
import Testing
import XSOARKit

/// InstanceParams as XSOAR sends them (strings, numbers, booleans, credentials) and ArgumentError's texts.
@Suite struct InstanceParamsTests {
    /// Params holding `{"p": value}`, the value given as JSON text.
    private func params(_ valueJSON: String) throws -> InstanceParams {
        InstanceParams(try #require(try JSONParser.parse(#"{"p":\#(valueJSON)}"#).objectValue))
    }

    @Test(arguments: [
        (#""https://dt.example""#, "https://dt.example"),
        (#"" spaced ""#, " spaced "),
        (#""""#, nil),
        ("null", nil),
        ("[]", nil),
        ("60", "60"),
        ("0.5", "0.5"),
        ("true", "true"),
        ("false", "false"),
        (#"{"identifier":"id","password":"pw"}"#, "pw"),
        (#"{"identifier":"id","password":""}"#, "id"),
        (#"{"identifier":"id"}"#, "id"),
        (#"{"password":"pw"}"#, "pw"),
        (#"{"identifier":"","password":""}"#, nil),
        ("{}", nil),
        (#"{"identifier":1,"password":2}"#, nil),
    ] as [(String, String?)])
    func string(_ json: String, _ expected: String?) throws {
        #expect(try params(json).string("p") == expected)
    }

    /// With `preferIdentifier` a credentials object gives its identifier, falling back to the password.
    @Test(arguments: [
        (#"{"identifier":"id","password":"pw"}"#, "id"),
        (#"{"identifier":"","password":"pw"}"#, "pw"),
        (#"{"password":"pw"}"#, "pw"),
        (#""plain""#, "plain"),
        ("{}", nil),
    ] as [(String, String?)])
    func stringPreferringIdentifier(_ json: String, _ expected: String?) throws {
        #expect(try params(json).string("p", preferIdentifier: true) == expected)
    }

    @Test func absentSettingIsNil() {
        #expect(InstanceParams(JSONObject()).string("url") == nil)
    }

    @Test(arguments: [
        ("true", true), ("false", false), (#""true""#, true), (#""false""#, false), (#""TRUE""#, true),
        (#""False""#, false), (#""yes""#, true), (#""no""#, false), (#"" true ""#, true),
    ])
    func bool(_ json: String, _ expected: Bool) throws {
        #expect(try params(json).bool("p", default: !expected) == expected)
    }

    @Test(arguments: [#""""#, #""  ""#, "null"])
    func boolBlankIsTheDefault(_ json: String) throws {
        #expect(try params(json).bool("p", default: true) == true)
        #expect(try params(json).bool("p", default: false) == false)
        #expect(try InstanceParams(JSONObject()).bool("insecure", default: true) == true)
    }

    @Test(arguments: [(#""garbage""#, "garbage"), ("1", "1"), ("0", "0"), (#""t""#, "t"), ("{}", "{}")])
    func boolGarbageIsAnError(_ json: String, _ shown: String) throws {
        #expect(throws: ArgumentError.invalidBoolean(name: "p", value: shown)) { try params(json).bool("p", default: false) }
    }

    @Test(arguments: [
        (ArgumentError.missing(name: "pbid"), #"Missing required argument "pbid"."#),
        (.missingSetting(name: "url", display: "Server URL"),
         #"Missing required instance setting "Server URL" (url): set it in the integration instance."#),
        (.notANumber(name: "did", value: "abc"), #"Invalid number: "did"="abc" (expected a whole number)."#),
        (.outOfRange(name: "max_results", value: "0", allowed: "1 or more"),
         #"Invalid value: "max_results"="0" (allowed: 1 or more)."#),
        (.invalidBoolean(name: "insecure", value: "maybe"), #"Invalid boolean: "insecure"="maybe" (expected true or false)."#),
        (.invalidChoice(name: "endpoint_type", value: "url", choices: ["ip", "hostname"]),
         #"Invalid value: "endpoint_type"="url" (expected one of: ip, hostname)."#),
        (.invalid(name: "first_fetch", value: "soon", reason: "not a time"), #"Invalid value: "first_fetch"="soon" (not a time)."#),
    ])
    func argumentErrorDescriptions(_ error: ArgumentError, _ text: String) {
        #expect(error.description == text)
        #expect("\(error)" == text)
    }

    @Test(arguments: [
        (" a b ", "a b"), ("\t\n\r x \u{0B}\u{0C}", "x"), ("", ""), ("   ", ""), ("x", "x"), ("\n\nx\n", "x"),
    ])
    func trimmedWhitespace(_ text: String, _ expected: String) {
        #expect(text.trimmedWhitespace == expected)
    }

    /// "\r\n" is one Character in Swift, equal to neither "\r" nor "\n", so the Character-based trim keeps it.
    @Test
    func trimmedWhitespaceRemovesCRLF() throws {
        #expect("95\r\n".trimmedWhitespace == "95")
        #expect("\r\n x \r\n".trimmedWhitespace == "x")
        let args = Arguments(try #require(try JSONParser.parse(#"{"pbid":"95\r\n"}"#).objectValue))
        #expect(try args.integer("pbid") == 95)
    }
}
