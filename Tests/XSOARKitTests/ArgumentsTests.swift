import OrderedJSON
import Testing
import XSOARKit

/// Arguments with CommonServerPython's semantics: strings, whole numbers, argToBoolean and argToList.
@Suite struct ArgumentsTests {
    /// Arguments holding `{"a": value}`, the value given as JSON text.
    private func args(_ valueJSON: String) throws -> Arguments {
        Arguments(try #require(try JSONParser.parse(#"{"a":\#(valueJSON)}"#).objectValue))
    }

    @Test(arguments: [
        (#""abc""#, "abc"), (#"" abc \t""#, "abc"), (#""""#, nil), (#""  \n ""#, nil), ("null", nil),
        ("42", "42"), ("4.50", "4.50"), ("1e2", "1e2"), ("true", "true"), ("false", "false"),
        (#"["x",1]"#, #"["x",1]"#), ("{}", "{}"),
    ] as [(String, String?)])
    func string(_ json: String, _ expected: String?) throws {
        #expect(try args(json).string("a") == expected)
    }

    @Test func absentIsNil() throws {
        #expect(Arguments(JSONObject()).string("a") == nil)
        #expect(try Arguments(JSONObject()).integer("a") == nil)
        #expect(try Arguments(JSONObject()).boolean("a") == nil)
        #expect(Arguments(JSONObject()).list("a") == [])
    }

    @Test(arguments: [#""""#, #""   ""#, "null"])
    func requiredStringBlankIsMissing(_ json: String) throws {
        #expect(throws: ArgumentError.missing(name: "a")) { try args(json).requiredString("a") }
        #expect(throws: ArgumentError.missing(name: "pbid")) { try Arguments(JSONObject()).requiredString("pbid") }
        #expect(try args(#"" 95 ""#).requiredString("a") == "95")
    }

    @Test(arguments: [
        (#""42""#, 42), ("42", 42), (#""42.0""#, 42), ("42.0", 42), (#"" 7 ""#, 7), (#""-3""#, -3),
        (#""1e3""#, 1000), (#""0""#, 0), (#""""#, nil), ("null", nil),
    ] as [(String, Int?)])
    func integer(_ json: String, _ expected: Int?) throws {
        #expect(try args(json).integer("a") == expected)
    }

    @Test(arguments: [
        (#""4.5""#, "4.5"), ("4.5", "4.5"), (#""abc""#, "abc"), (#""12abc""#, "12abc"), ("true", "true"),
        (#""1e20""#, "1e20"), (#""NaN""#, "NaN"), (#""inf""#, "inf"), ("[1]", "[1]"),
    ])
    func integerRejects(_ json: String, _ shown: String) throws {
        #expect(throws: ArgumentError.notANumber(name: "a", value: shown)) { try args(json).integer("a") }
    }

    @Test func integerMinimum() throws {
        #expect(try args(#""1""#).integer("a", minimum: 1) == 1)
        #expect(throws: ArgumentError.outOfRange(name: "a", value: "0", allowed: "1 or more")) {
            try args(#""0""#).integer("a", minimum: 1)
        }
        #expect(throws: ArgumentError.outOfRange(name: "a", value: "-5", allowed: "0 or more")) {
            try args("-5").integer("a", minimum: 0)
        }
    }

    @Test func requiredInteger() throws {
        #expect(try args(#""95""#).requiredInteger("a") == 95)
        #expect(throws: ArgumentError.missing(name: "a")) { try args(#""""#).requiredInteger("a") }
        #expect(throws: ArgumentError.notANumber(name: "a", value: "x")) { try args(#""x""#).requiredInteger("a") }
    }

    @Test(arguments: [
        ("true", true), (#""true""#, true), (#""TRUE""#, true), (#""yes""#, true), (#"" Yes ""#, true),
        ("false", false), (#""false""#, false), (#""False""#, false), (#""no""#, false), (#""NO""#, false),
        (#""""#, nil), (#""  ""#, nil), ("null", nil),
    ] as [(String, Bool?)])
    func boolean(_ json: String, _ expected: Bool?) throws {
        #expect(try args(json).boolean("a") == expected)
    }

    @Test(arguments: [(#""maybe""#, "maybe"), ("1", "1"), (#""1""#, "1"), ("0", "0"), ("[]", "[]"), (#""on""#, "on")])
    func booleanRejects(_ json: String, _ shown: String) throws {
        #expect(throws: ArgumentError.invalidBoolean(name: "a", value: shown)) { try args(json).boolean("a") }
    }

    /// argToList: JSON arrays, `[...]` strings read as JSON, otherwise split on the separator and stripped.
    @Test(arguments: [
        (#""a, b ,c""#, ["a", "b", "c"]),
        (#""single""#, ["single"]),
        (#""a,,b""#, ["a", "", "b"]),
        (#"" ""#, [""]),
        (#""[\"x\",\"y\"]""#, ["x", "y"]),
        (#""[1,2]""#, ["1", "2"]),
        (#""[not json]""#, ["[not json]"]),
        (#"["x","y"]"#, ["x", "y"]),
        (#"[1,"b"]"#, ["1", "b"]),
        ("[]", []),
        (#""""#, []),
        ("null", []),
        ("5", ["5"]),
        ("0", []),
        ("false", []),
    ] as [(String, [String])])
    func list(_ json: String, _ expected: [String]) throws {
        #expect(try args(json).list("a") == expected)
    }

    @Test func listWithAnotherSeparator() throws {
        #expect(try args(#""a; b;c""#).list("a", separator: ";") == ["a", "b", "c"])
        #expect(try args(#""a,b;c""#).list("a", separator: ";") == ["a,b", "c"])
    }

    @Test func choiceIsOneOfThePredefinedValuesExactly() throws {
        #expect(try args(#"" desc ""#).choice("a", among: ["asc", "desc"]) == "desc")
        #expect(try args("null").choice("a", among: ["asc"]) == nil)
        #expect(throws: ArgumentError.invalidChoice(name: "a", value: "DESC", choices: ["asc", "desc"])) {
            try args(#""DESC""#).choice("a", among: ["asc", "desc"])
        }
        #expect(throws: ArgumentError.missing(name: "a")) { try args(#""""#).requiredChoice("a", among: ["co"]) }
        #expect(try args(#""co""#).requiredChoice("a", among: ["co", "sizein"]) == "co")
    }
}
