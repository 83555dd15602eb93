import OrderedJSON
import Testing
import XSOARKit

/// TableToMarkdown's pieces and errors; expected values from CommonServerPython's formatCell/flattenCell/stringEscapeMD.
@Suite struct TableToMarkdownTests {
    private func renderError(_ title: String, _ json: String, headers: [String]? = nil) throws -> String? {
        let table = try JSONParser.parse(json)
        do {
            _ = try TableToMarkdown.render(title, table, headers: headers)
            return nil
        } catch {
            return error.description
        }
    }

    /// Rows of scalars need headers: Python raised this exact message.
    @Test(arguments: [#"["a","b"]"#, #""text""#, "[1]", "[null]", "[[1]]"])
    func scalarRowsWithoutHeadersAreAnError(_ json: String) throws {
        #expect(try renderError("T", json) == "Missing headers param for tableToMarkdown. Example: headers=['Some Header']")
    }

    @Test func scalarRowsWithHeadersAreOneColumn() throws {
        let md = try TableToMarkdown.render("T", try JSONParser.parse(#"["a","b"]"#), headers: ["Name"])
        #expect(md == "### T\n|Name|\n|---|\n| a |\n| b |\n")
    }

    /// Every falsy table (Python `not t`) is an empty table.
    @Test(arguments: ["0", "false", #""""#, "null", "[]", "{}", "0.0"])
    func falsyTablesHaveNoEntries(_ json: String) throws {
        #expect(try TableToMarkdown.render("T", try JSONParser.parse(json)) == "### T\n**No entries.**\n")
        #expect(try TableToMarkdown.render("", try JSONParser.parse(json)) == "**No entries.**\n")
    }

    /// A single-key object whose value is empty: Python crashed (IndexError); CONTRACT §4 wants no entries.
    @Test(arguments: [#"{"items":[]}"#, #"{"devices":[]}"#])
    func singleKeyEmptyListHasNoEntries(_ json: String) throws {
        #expect(try TableToMarkdown.render("T", try JSONParser.parse(json)) == "### T\n**No entries.**\n")
    }

    @Test func titleIsNotEscaped() throws {
        let md = try TableToMarkdown.render("a|b `c`\nd", try JSONParser.parse(#"{"k":1,"j":2}"#))
        #expect(md == "### a|b `c`\nd\n|j|k|\n|---|---|\n| 2 | 1 |\n")
    }

    /// (JSON, formatCell(v, False), flattenCell(v, False)) generated with CommonServerPython.
    @Test(arguments: [
        (#""as is""#, "as is", "as is"),
        (#"{"k":"v","n":null,"l":[1,"a"],"d":{"x":[]}}"#, "k: v\nn: null\nl: 1,\na\nd: {\"x\": []}", "{\"k\": \"v\", \"n\": null, \"l\": [1, \"a\"], \"d\": {\"x\": []}}"),
        (#"[1,"a",null,true,{"k":"v"},[2]]"#, "1,\na,\nNone,\nTrue,\n{'k': 'v'},\n[2]", "1,\na,\nNone,\nTrue,\n{'k': 'v'},\n[2]"),
        (#"true"#, "true", "true"),
        (#"false"#, "false", "false"),
        (#"0.729"#, "0.729", "0.729"),
        (#"1.0"#, "1.0", "1.0"),
        (#"1E2"#, "100.0", "100.0"),
        (#"12345678901234567890"#, "12345678901234567890", "12345678901234567890"),
        (#"{}"#, "", "{}"),
        (#"[]"#, "", ""),
        (#""café""#, "caf\u{E9}", "caf\u{E9}"),
        (#"{"u":{"k":"ü"}}"#, "u: {\"k\": \"\u{FC}\"}", "{\"u\": {\"k\": \"\u{FC}\"}}"),
    ])
    func cells(_ json: String, _ formatted: String, _ flattened: String) throws {
        let value = try JSONParser.parse(json)
        #expect(TableToMarkdown.formatCell(value) == formatted)
        #expect(TableToMarkdown.flattenCell(value) == flattened)
    }

    /// (text, stringEscapeMD(text, True, True)) generated with CommonServerPython.
    @Test(arguments: [
        ("a|b", "a\\|b"),
        ("`x`", "\\`x\\`"),
        ("a\r\nb", "a<br>b"),
        ("a\rb", "a<br>b"),
        ("a\nb", "a<br>b"),
        ("\n\r", "<br><br>"),
        ("\r\r\n", "<br><br>"),
        ("x\\|y", "x\\\\|y"),
        ("plain *md* _x_ #h", "plain *md* _x_ #h"),
        ("", ""),
    ])
    func escapeMarkdown(_ text: String, _ expected: String) {
        #expect(TableToMarkdown.escapeMarkdown(text) == expected)
    }
}
