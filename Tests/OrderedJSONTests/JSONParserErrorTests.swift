import OrderedJSON
import Testing

/// Every RFC 8259 error class is refused with its exact byte offset and message; deep nesting never crashes.
@Suite struct JSONParserErrorTests {
    private func parseError(_ bytes: [UInt8]) -> JSONParseError? {
        do {
            _ = try JSONParser.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("empty input", "", 0, "empty input: expected a JSON value"),
        ("only white space", " \n\t ", 4, "expected a JSON value"),
        ("trailing comma in array", "[1,]", 3, "expected a JSON value"),
        ("trailing comma in object", #"{"a":1,}"#, 7, "expected a string key"),
        ("missing colon", #"{"a" 1}"#, 5, "expected ':' after an object key"),
        ("single-quoted key", "{'a':1}", 1, "expected a string key"),
        ("single-quoted string", "['a']", 1, "expected a JSON value"),
        ("number as key", "{1:2}", 1, "expected a string key"),
        ("leading zero", "01", 1, "leading zeros are not allowed in a number"),
        ("negative leading zero", "[-012]", 3, "leading zeros are not allowed in a number"),
        ("lone minus", "-", 1, "expected a digit in a number"),
        ("minus then letter", "-a", 1, "expected a digit in a number"),
        ("plus sign", "+1", 0, "expected a JSON value"),
        ("fraction without digits", "1.", 2, "expected a digit after the decimal point"),
        ("fraction then exponent", "1.e5", 2, "expected a digit after the decimal point"),
        ("leading decimal point", ".5", 0, "expected a JSON value"),
        ("exponent without digits", "1e", 2, "expected a digit in the exponent"),
        ("exponent sign without digits", "1e+", 3, "expected a digit in the exponent"),
        ("bad literal tru", "tru", 0, "invalid literal: expected 'true'"),
        ("bad literal in array", "[nul]", 1, "invalid literal: expected 'null'"),
        ("bad literal falsy", "falsy", 0, "invalid literal: expected 'false'"),
        ("Python True", "True", 0, "expected a JSON value"),
        ("NaN", "NaN", 0, "expected a JSON value"),
        ("unterminated string", #""abc"#, 0, "unterminated string"),
        ("unterminated string in array", #"["a"#, 1, "unterminated string"),
        ("unterminated after backslash", "\"a\\", 3, "unterminated string"),
        ("unterminated after escape", #""a\n"#, 0, "unterminated string"),
        ("raw control character", "\"a\u{01}b\"", 2, "unescaped control character in a string"),
        ("raw newline", "\"a\nb\"", 2, "unescaped control character in a string"),
        ("raw tab after an escape", "\"\\n\tb\"", 3, "unescaped control character in a string"),
        ("bad escape x", #""\x41""#, 1, "invalid escape sequence"),
        ("bad escape U", #"["\U0041"]"#, 2, "invalid escape sequence"),
        ("short u escape", #""\u12""#, 3, #"expected four hex digits after \u"#),
        ("non-hex u escape", #""\u12g4""#, 5, #"expected four hex digits after \u"#),
        ("data after value", "1 2", 2, "unexpected data after the JSON value"),
        ("two objects", "{}{}", 2, "unexpected data after the JSON value"),
        ("comment after value", "[1]//x", 3, "unexpected data after the JSON value"),
        ("array not closed", "[1", 2, "unexpected end of input: expected ',' or ']' in an array"),
        ("object not closed", #"{"a":1"#, 6, "unexpected end of input: expected ',' or '}' in an object"),
        ("missing comma in array", "[1 2]", 3, "expected ',' or ']' after an array element"),
        ("missing comma in object", #"{"a":1 "b":2}"#, 7, "expected ',' or '}' after an object member"),
        ("open brace only", "{", 1, "unexpected end of input: expected a string key"),
        ("open bracket only", "[", 1, "unexpected end of input: expected a value"),
        ("key without value", #"{"a":"#, 5, "unexpected end of input: expected a value"),
        ("comma then end", "[1,", 3, "unexpected end of input: expected a value"),
    ])
    func rejected(_ name: String, _ input: String, _ offset: Int, _ message: String) throws {
        let error = try #require(parseError(Array(input.utf8)), "\(name) was accepted")
        #expect(error.offset == offset, "\(name)")
        #expect(error.message == message, "\(name)")
        #expect(error.description == "\(message) at byte \(offset)")
    }

    /// Invalid UTF-8 inside a string is refused at the string's opening quote.
    @Test(arguments: [
        ("0xFF in a string", [0x22, 0x61, 0xFF, 0x22], 0),
        ("truncated two-byte sequence", [0x5B, 0x22, 0xC3, 0x22, 0x5D], 1),
        ("overlong encoding", [0x22, 0xC0, 0x80, 0x22], 0),
        ("UTF-8 encoded surrogate", [0x22, 0xED, 0xA0, 0x80, 0x22], 0),
        ("after an escape (slow path)", [0x22, 0x5C, 0x6E, 0xFF, 0x22], 0),
        ("in an object key", [0x7B, 0x22, 0xFE, 0x22, 0x3A, 0x31, 0x7D], 1),
    ] as [(String, [UInt8], Int)])
    func invalidUTF8InAString(_ name: String, _ bytes: [UInt8], _ offset: Int) throws {
        let error = try #require(parseError(bytes), "\(name) was accepted")
        #expect(error == parseError(bytes))
        #expect(error.offset == offset, "\(name)")
        #expect(error.message == "invalid UTF-8 in a string", "\(name)")
    }

    @Test func invalidByteOutsideAStringIsNotAValue() throws {
        let error = try #require(parseError([0xFF]))
        #expect(error.description == "expected a JSON value at byte 0")
    }

    /// 10 000 levels are refused where level 513 opens, without recursion or a crash.
    @Test func tenThousandLevelsAreRefusedCleanly() throws {
        let arrays = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let error = try #require(parseError(Array(arrays.utf8)))
        #expect(error.description == "nesting deeper than 512 levels at byte 513")

        let objects = String(repeating: #"{"a":"#, count: 10_000) + "1" + String(repeating: "}", count: 10_000)
        let objectError = try #require(parseError(Array(objects.utf8)))
        #expect(objectError.description == "nesting deeper than 512 levels at byte 2561")
    }

    @Test func level513WithAValueInsideIsRefused() throws {
        let text = String(repeating: "[", count: 513) + "1" + String(repeating: "]", count: 513)
        let error = try #require(parseError(Array(text.utf8)))
        #expect(error.description == "nesting deeper than 512 levels at byte 513")
    }

    /// The innermost empty container is not counted, so 513 levels of `[[…[]…]]` get through.
    @Test
    func level513EndingInAnEmptyArrayIsRefused() throws {
        let bytes = Array((String(repeating: "[", count: 513) + String(repeating: "]", count: 513)).utf8)
        let error = try #require(parseError(bytes), "513 levels were accepted")
        #expect(error.message == "nesting deeper than 512 levels")
    }
}
