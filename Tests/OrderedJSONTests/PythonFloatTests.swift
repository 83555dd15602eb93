import OrderedJSON
import Testing

/// Floats as CPython prints them (`repr` and `json.dumps`); every expected value came from python3.
@Suite struct PythonFloatTests {
    /// (double, repr(double)) from `python3 -c 'print(repr(x))'`.
    @Test(arguments: [
        (0.1, "0.1"),
        (1.0, "1.0"),
        (1e-05, "1e-05"),
        (0.0001, "0.0001"),
        (0.001, "0.001"),
        (1e-7, "1e-07"),
        (1e16, "1e+16"),
        (1e15, "1000000000000000.0"),
        (123456789012345680.0, "1.2345678901234568e+17"),
        (-0.0, "-0.0"),
        (0.0, "0.0"),
        (Double.leastNonzeroMagnitude, "5e-324"),
        (2 * Double.leastNonzeroMagnitude, "1e-323"),
        (2.2250738585072014e-308, "2.2250738585072014e-308"),
        (1.7976931348623157e+308, "1.7976931348623157e+308"),
        (0.729, "0.729"),
        (100.0, "100.0"),
        (1.5e300, "1.5e+300"),
        (1e22, "1e+22"),
        (2.5, "2.5"),
        (0.5, "0.5"),
        (123.456, "123.456"),
        (-1.5e-10, "-1.5e-10"),
        (0.30000000000000004, "0.30000000000000004"),
        (9007199254740993.0, "9007199254740992.0"),
        (9999999999999998.0, "9999999999999998.0"),
        (1234567890123456.7, "1234567890123456.8"),
        (123456780000000.0, "123456780000000.0"),
    ])
    func repr(_ value: Double, _ expected: String) {
        #expect(PythonFloat.repr(value) == expected)
        #expect(PythonFloat.jsonText(value) == expected)
    }

    @Test(arguments: [
        (Double.infinity, "inf", "Infinity"),
        (-Double.infinity, "-inf", "-Infinity"),
        (Double.nan, "nan", "NaN"),
    ])
    func nonFinite(_ value: Double, _ repr: String, _ json: String) {
        #expect(PythonFloat.repr(value) == repr)
        #expect(PythonFloat.jsonText(value) == json)
    }

    /// (JSON number text, repr(json.loads(text)), json.dumps(json.loads(text))) from python3.
    @Test(arguments: [
        ("0.1", "0.1", "0.1"),
        ("1.0", "1.0", "1.0"),
        ("1e-05", "1e-05", "1e-05"),
        ("0.00001", "1e-05", "1e-05"),
        ("0.0001", "0.0001", "0.0001"),
        ("1e16", "1e+16", "1e+16"),
        ("1e15", "1000000000000000.0", "1000000000000000.0"),
        ("123456789012345680.0", "1.2345678901234568e+17", "1.2345678901234568e+17"),
        ("-0.0", "-0.0", "-0.0"),
        ("5e-324", "5e-324", "5e-324"),
        ("1.7976931348623157e+308", "1.7976931348623157e+308", "1.7976931348623157e+308"),
        ("0.729", "0.729", "0.729"),
        ("1E2", "100.0", "100.0"),
        ("1.5e300", "1.5e+300", "1.5e+300"),
        ("1e400", "inf", "Infinity"),
        ("-1e400", "-inf", "-Infinity"),
        ("1e-7", "1e-07", "1e-07"),
        ("0.30000000000000004", "0.30000000000000004", "0.30000000000000004"),
        ("0", "0", "0"),
        ("-0", "0", "0"),
        ("42", "42", "42"),
        ("123456789012345678901234567890", "123456789012345678901234567890", "123456789012345678901234567890"),
    ])
    func viaJSONText(_ text: String, _ repr: String, _ dumps: String) throws {
        let value = try JSONParser.parse(text)
        #expect(value.pythonRepr() == repr)
        #expect(value.pythonStr() == repr)
        #expect(value.pythonJSONDumps() == dumps)
        #expect(value.pythonJSONDumps(ensureASCII: false) == dumps)
        #expect(value.compactJSON() == text, "the compact writer keeps the text as written")
    }

    @Test func intAndFloatPrintDifferently() throws {
        let value = try JSONParser.parse("[1,1.0,1e2,10]")
        #expect(value.pythonRepr() == "[1, 1.0, 100.0, 10]")
        #expect(value.pythonJSONDumps() == "[1, 1.0, 100.0, 10]")
        #expect(value.compactJSON() == "[1,1.0,1e2,10]")
    }
}
