import Testing
import XSOARKit

/// FirstFetch with the clock fixed at 2020-09-01T06:00:00Z; expected values computed with Python's datetime.
@Suite struct FirstFetchTests {
    static let now: Int64 = 1_598_940_000_000

    @Test(arguments: [
        ("1 day", 1_598_853_600_000),
        ("1 days", 1_598_853_600_000),
        ("3 days ago", 1_598_680_800_000),
        ("3 DAYS AGO", 1_598_680_800_000),
        ("  3   days  ", 1_598_680_800_000),
        ("2 hours", 1_598_932_800_000),
        ("2 hours ago", 1_598_932_800_000),
        ("2h", 1_598_932_800_000),
        ("1 week", 1_598_335_200_000),
        ("1w", 1_598_335_200_000),
        ("30 minutes", 1_598_938_200_000),
        ("30 min", 1_598_938_200_000),
        ("45 seconds", 1_598_939_955_000),
        ("1d", 1_598_853_600_000),
        ("0 days", 1_598_940_000_000),
        ("1 year", 1_567_317_600_000),
        ("12 months", 1_567_317_600_000),
        ("13 months", 1_564_639_200_000),
    ] as [(String, Int64)])
    func relative(_ text: String, _ expected: Int64) throws {
        #expect(try FirstFetch.epochMilliseconds(text, nowMilliseconds: Self.now) == expected)
    }

    /// Months move the calendar date and clamp the day: 2020-03-31 minus one month is 2020-02-29.
    @Test func monthClampsToTheLeapDay() throws {
        let march31Noon: Int64 = 1_585_656_000_000
        #expect(try FirstFetch.epochMilliseconds("1 month", nowMilliseconds: march31Noon) == 1_582_977_600_000)
        let leapDay8am: Int64 = 1_582_963_200_000
        #expect(try FirstFetch.epochMilliseconds("1 year", nowMilliseconds: leapDay8am) == 1_551_340_800_000)
    }

    @Test(arguments: [
        ("2020-08-31T06:00:00Z", 1_598_853_600_000),
        ("2020-08-31T06:00:00z", 1_598_853_600_000),
        ("2020-08-31T08:00:00+02:00", 1_598_853_600_000),
        ("2020-08-31T08:00:00+0200", 1_598_853_600_000),
        ("2020-08-30T22:30:00-07:30", 1_598_853_600_000),
        ("2020-08-31T06:00:00.123Z", 1_598_853_600_123),
        ("2020-08-31T06:00:00.123456Z", 1_598_853_600_123),
        ("2020-08-31T06:00:00", 1_598_853_600_000),
        ("2020-08-31 06:00", 1_598_853_600_000),
        ("2020-08-31", 1_598_832_000_000),
        ("1598853600", 1_598_853_600_000),
        ("1598853600000", 1_598_853_600_000),
        (" 1598853600 ", 1_598_853_600_000),
    ] as [(String, Int64)])
    func absolute(_ text: String, _ expected: Int64) throws {
        #expect(try FirstFetch.epochMilliseconds(text, nowMilliseconds: Self.now) == expected)
    }

    /// Below 10^11 a number is seconds, from there on milliseconds.
    @Test func epochSecondsOrMilliseconds() throws {
        #expect(try FirstFetch.epochMilliseconds("99999999999", nowMilliseconds: Self.now) == 99_999_999_999_000)
        #expect(try FirstFetch.epochMilliseconds("100000000000", nowMilliseconds: Self.now) == 100_000_000_000)
        #expect(try FirstFetch.epochMilliseconds("0", nowMilliseconds: Self.now) == 0)
    }

    @Test(arguments: [
        "garbage", "", "   ", "1 fortnight", "days", "ago", "-1 day", "1.5 days", "2020-13-01", "2020-08-32",
        "2020-08-31T25:00:00Z", "2020-08-31T06:00:00X", "99999999999999999999", "yesterday", "1 day 2 hours",
    ])
    func garbageIsAParseError(_ text: String) throws {
        let error = try #require(parseError(text), "\(text) was accepted")
        #expect(error.value == text)
        #expect(error.description == "Invalid first fetch time \"\(text)\": use e.g. \"3 days\", \"12 hours ago\", an ISO 8601 time or epoch seconds/milliseconds.")
    }

    @Test func parseErrorText() throws {
        let error = try #require(parseError("garbage"))
        #expect(error.description == #"Invalid first fetch time "garbage": use e.g. "3 days", "12 hours ago", an ISO 8601 time or epoch seconds/milliseconds."#)
    }

    /// The ISO reader checks the day against 1...31 only, so impossible dates roll over into the next month
    /// (2021-02-30 reads as 2021-03-02); Python's datetime refuses them, and so should a first_fetch setting.
    @Test(
          arguments: ["2021-02-30", "2021-04-31T00:00:00Z", "2019-02-29", "2020-08-31T06:00:60Z", "2020-08-31T06:00:00+25:00"])
    func impossibleDatesAreAParseError(_ text: String) {
        #expect(parseError(text)?.value == text)
    }

    private func parseError(_ text: String) -> FirstFetch.ParseError? {
        do {
            _ = try FirstFetch.epochMilliseconds(text, nowMilliseconds: Self.now)
            return nil
        } catch {
            return error
        }
    }
}

