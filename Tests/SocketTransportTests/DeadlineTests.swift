@testable import SocketTransport
import Foundation
import XCTest

/// `Deadline`: "never" for no limit, poll(2) timeouts rounded up, passing, and the earlier of two.
final class DeadlineTests: XCTestCase {
    func testNeverHasNoLimit() {
        XCTAssertEqual(Deadline.never.pollTimeout, -1)
        XCTAssertFalse(Deadline.never.hasPassed)
    }

    func testNonPositiveOrNonFiniteLimitsMeanNever() {
        for seconds in [0, -1, -0.0, .nan, .infinity, -.infinity] {
            let deadline = Deadline.after(seconds: seconds)
            XCTAssertEqual(deadline.pollTimeout, -1, "\(seconds)")
            XCTAssertFalse(deadline.hasPassed, "\(seconds)")
        }
    }

    func testHugeLimitIsClampedForPoll() {
        XCTAssertEqual(Deadline.after(seconds: 1e300).pollTimeout, Int32.max)
        XCTAssertEqual(Deadline.after(seconds: 3e6).pollTimeout, Int32.max)
        XCTAssertGreaterThan(Deadline.after(seconds: 2e6).pollTimeout, 1_999_990_000)
    }

    func testShortLimitPasses() {
        let deadline = Deadline.after(seconds: 0.05)
        XCTAssertFalse(deadline.hasPassed)
        XCTAssertTrue((1...50).contains(deadline.pollTimeout), "\(deadline.pollTimeout)")
        usleep(60_000)
        XCTAssertTrue(deadline.hasPassed)
        XCTAssertEqual(deadline.pollTimeout, 0)
    }

    func testPollTimeoutRoundsUp() {
        // Half a millisecond left is still a millisecond to wait, never a busy 0.
        XCTAssertEqual(Deadline.after(seconds: 0.000_5).pollTimeout, 1)
        XCTAssertEqual(Deadline.after(seconds: 2).pollTimeout, 2000)
    }

    func testEarlierPicksTheFirstToPass() {
        let soon = Deadline.after(seconds: 1)
        let late = Deadline.after(seconds: 100)
        XCTAssertLessThanOrEqual(Deadline.earlier(soon, late).pollTimeout, 1000)
        XCTAssertLessThanOrEqual(Deadline.earlier(late, soon).pollTimeout, 1000)
        XCTAssertGreaterThan(Deadline.earlier(late, soon).pollTimeout, 900)
        XCTAssertLessThanOrEqual(Deadline.earlier(.never, soon).pollTimeout, 1000)
        XCTAssertGreaterThan(Deadline.earlier(late, .never).pollTimeout, 99_000)
        XCTAssertEqual(Deadline.earlier(.never, .never).pollTimeout, -1)
    }
}
