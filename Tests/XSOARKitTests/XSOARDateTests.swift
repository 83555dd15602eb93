import OrderedJSON
import Testing
import XSOARKit

/// XSOARDate: `timestamp_to_datestring` in UTC; expected values computed with Python's datetime.
@Suite struct XSOARDateTests {
    @Test(arguments: [
        (1_597_688_304_000, "2020-08-17T18:18:24.000Z"),
        (1_597_688_304_999, "2020-08-17T18:18:24.000Z"),
        (0, "1970-01-01T00:00:00.000Z"),
        (-1, "1969-12-31T23:59:59.000Z"),
        (-1500, "1969-12-31T23:59:58.000Z"),
        (1_598_940_000_000, "2020-09-01T06:00:00.000Z"),
        (951_782_400_000, "2000-02-29T00:00:00.000Z"),
        (253_402_300_799_999, "9999-12-31T23:59:59.000Z"),
        (-62_135_596_800_000, "0001-01-01T00:00:00.000Z"),
    ] as [(Int64, String)])
    func isoString(_ ms: Int64, _ expected: String) {
        #expect(XSOARDate.isoString(epochMilliseconds: ms) == expected)
    }

    /// Python's datetime raised outside years 1–9999.
    @Test(arguments: [253_402_300_800_000, -62_135_596_800_001, Int64.max, Int64.min] as [Int64])
    func outsideYears1To9999IsNil(_ ms: Int64) {
        #expect(XSOARDate.isoString(epochMilliseconds: ms) == nil)
    }

    /// JSON inputs as Python's `int(...)` takes them: ints, floats (truncated), digit strings, booleans.
    @Test(arguments: [
        ("1597688304000", "2020-08-17T18:18:24.000Z"),
        ("1597688304999.9", "2020-08-17T18:18:24.000Z"),
        ("1.5e12", "2017-07-14T02:40:00.000Z"),
        (#""1597688304000""#, "2020-08-17T18:18:24.000Z"),
        (#"" 1597688304000 ""#, "2020-08-17T18:18:24.000Z"),
        (#""-1500""#, "1969-12-31T23:59:58.000Z"),
        ("true", "1970-01-01T00:00:00.000Z"),
        ("false", "1970-01-01T00:00:00.000Z"),
        ("-1500.7", "1969-12-31T23:59:58.000Z"),
    ])
    func fromJSON(_ json: String, _ expected: String) throws {
        #expect(XSOARDate.isoString(fromJSON: try JSONParser.parse(json)) == expected)
    }

    @Test(arguments: [
        "null", #""""#, #""abc""#, #""1.5e12""#, #""1597688304000.0""#, "[]", "{}", "1e400",
        "253402300800000", "123456789012345678901234567890",
    ])
    func fromJSONNil(_ json: String) throws {
        #expect(XSOARDate.isoString(fromJSON: try JSONParser.parse(json)) == nil)
    }

    @Test(arguments: [
        ("1597688304000", 1_597_688_304_000), ("1597688304999.9", 1_597_688_304_999), ("-1500.7", -1500),
        (#""42""#, 42), ("true", 1), ("false", 0),
    ] as [(String, Int64)])
    func epochMilliseconds(_ json: String, _ expected: Int64) throws {
        #expect(XSOARDate.epochMilliseconds(fromJSON: try JSONParser.parse(json)) == expected)
    }
}
