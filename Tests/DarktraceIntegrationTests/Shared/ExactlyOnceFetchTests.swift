@testable import DarktraceIntegration
import OrderedJSON
import Testing

/// The exactly-once selection and cursor the later integrations' fetches share (LATER.md L4).
@Suite struct ExactlyOnceFetchTests {
    /// Candidates named by their id, with the given times.
    func candidates(_ items: [(Int64, String)]) -> [FetchCandidate<String>] {
        items.map { FetchCandidate(item: $0.1, time: $0.0, id: .text($0.1)) }
    }

    @Test func oldestFirstThenByIDAtMostLimit() {
        let start = ExactlyOnceCursor(lastFetch: 0, idsAtLastFetch: [])
        let answer = candidates([(30, "d"), (10, "b"), (20, "c"), (10, "a")])
        let (items, cursor) = selectExactlyOnce(answer, after: start, limit: 3)
        #expect(items == ["a", "b", "c"])
        #expect(cursor == ExactlyOnceCursor(lastFetch: 20, idsAtLastFetch: [.text("c")]))
    }

    @Test func tiesAtOneMillisecondAcrossRunsAreNeitherLostNorRepeated() {
        let answer = candidates([(5, "x"), (5, "y"), (5, "z"), (6, "w")])
        var cursor = ExactlyOnceCursor(lastFetch: 0, idsAtLastFetch: [])
        var delivered: [String] = []
        for _ in 0..<6 {
            // The API answers from the cursor's ms on, inclusive, as Darktrace's starttime does.
            let (items, next) = selectExactlyOnce(answer.filter { $0.time >= cursor.lastFetch }, after: cursor, limit: 1)
            delivered += items
            cursor = next
        }
        #expect(delivered == ["x", "y", "z", "w"])
    }

    @Test func anIDListedTwiceInOneAnswerIsDeliveredOnce() {
        let start = ExactlyOnceCursor(lastFetch: 0, idsAtLastFetch: [])
        let (items, _) = selectExactlyOnce(candidates([(7, "e"), (7, "e")]), after: start, limit: 10)
        #expect(items == ["e"])
    }

    @Test func nothingNewKeepsTheCursor() {
        let start = ExactlyOnceCursor(lastFetch: 9, idsAtLastFetch: [.text("q")])
        let (items, cursor) = selectExactlyOnce(candidates([(9, "q"), (3, "old")]), after: start, limit: 10)
        #expect(items.isEmpty)
        #expect(cursor == start)
    }

    @Test func numericIDsSortAsNumbers() {
        let start = ExactlyOnceCursor(lastFetch: 0, idsAtLastFetch: [])
        let answer = [10, 9, 100].map { FetchCandidate(item: $0, time: 1, id: FetchItemID.number(Int64($0))) }
        #expect(selectExactlyOnce(answer, after: start, limit: 5).items == [9, 10, 100])
    }

    @Test func lastRunRoundTrips() throws {
        let cursor = ExactlyOnceCursor(lastFetch: 1_700_000_000_123, idsAtLastFetch: [.number(12), .number(3)])
        let written = cursor.lastRun(idsKey: "pbids")
        #expect(written.compactJSON() == #"{"last_fetch":1700000000123,"pbids":[3,12]}"#)
        let object = try #require(written.objectValue)
        let read = try #require(ExactlyOnceCursor(lastRun: object, idsKey: "pbids", numericIDs: true))
        #expect(read == ExactlyOnceCursor(lastFetch: 1_700_000_000_123, idsAtLastFetch: [.number(3), .number(12)]))
    }

    @Test func pythonLastRunResumesAfterItsTime() throws {
        let ms = try #require(ExactlyOnceCursor(lastRun: JSONObject(["last_fetch": .int(1_700_000_000_123)]),
                                                idsKey: "ids", numericIDs: false))
        #expect(ms == ExactlyOnceCursor(lastFetch: 1_700_000_000_124, idsAtLastFetch: []))
        // A first Python fetch that found nothing left first_fetch in seconds.
        let seconds = try #require(ExactlyOnceCursor(lastRun: JSONObject(["last_fetch": .int(1_700_000_000)]),
                                                     idsKey: "ids", numericIDs: false))
        #expect(seconds == ExactlyOnceCursor(lastFetch: 1_700_000_000_001, idsAtLastFetch: []))
    }

    @Test func unusableLastRunIsAFirstFetch() {
        #expect(ExactlyOnceCursor(lastRun: JSONObject(), idsKey: "ids", numericIDs: false) == nil)
        #expect(ExactlyOnceCursor(lastRun: JSONObject(["last_fetch": .null]), idsKey: "ids", numericIDs: false) == nil)
        #expect(ExactlyOnceCursor(lastRun: JSONObject(["last_fetch": .string("soon")]), idsKey: "ids", numericIDs: false) == nil)
    }

    @Test func idsOfOddTypesAreDropped() throws {
        let lastRun = JSONObject(["last_fetch": .int(200_000_000_000),
                                  "pbids": .array([.int(4), .string("5"), .null, .bool(true), .string("x")])])
        let cursor = try #require(ExactlyOnceCursor(lastRun: lastRun, idsKey: "pbids", numericIDs: true))
        #expect(cursor.idsAtLastFetch == [.number(4), .number(5)])
    }
}
