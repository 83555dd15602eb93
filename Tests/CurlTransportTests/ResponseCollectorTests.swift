@testable import CurlTransport
import HTTPTransport
import XCTest

/// Header-line handling, fed the lines exactly as libcurl's header callback delivers them.
final class ResponseCollectorTests: XCTestCase {
    private func collect(_ lines: [String]) -> ResponseCollector {
        let collector = ResponseCollector()
        for line in lines {
            Array(line.utf8).withUnsafeBufferPointer { collector.receiveHeaderLine($0) }
        }
        return collector
    }

    func testInterimContinueBlockIsDiscarded() {
        let collector = collect([
            "HTTP/1.1 100 Continue\r\n", "X-Interim: 1\r\n", "\r\n",
            "HTTP/1.1 200 OK\r\n", "Content-Type: application/json\r\n", "X-A:  spaced value \t\r\n", "\r\n",
        ])
        XCTAssertEqual(collector.headers, [HTTPHeader("Content-Type", "application/json"),
                                           HTTPHeader("X-A", "spaced value")])
    }

    func testFoldedLinesAndTrailersAndJunk() {
        let collector = collect([
            "HTTP/1.1 200 OK\r\n", "X-Long: first\r\n", "\t second\r\n", "no colon here\r\n",
            "Empty:\r\n", "\r\n", "X-Trailer: late\r\n",
        ])
        XCTAssertEqual(collector.headers, [HTTPHeader("X-Long", "first second"), HTTPHeader("Empty", "")])
    }

    func testInvalidUTF8IsRepairedNotTrapped() {
        let collector = ResponseCollector()
        let bytes: [UInt8] = Array("X-Bin: ".utf8) + [0xFF, 0xFE] + Array("\r\n".utf8)
        bytes.withUnsafeBufferPointer { collector.receiveHeaderLine($0) }
        XCTAssertEqual(collector.headers.first?.name, "X-Bin")
        XCTAssertEqual(collector.headers.first?.value, "\u{FFFD}\u{FFFD}")
    }

    func testProxyConnectBlockIsDiscarded() {
        let collector = collect([
            "HTTP/1.1 200 Connection established\r\n", "Proxy-Agent: test\r\n", "\r\n",
            "HTTP/2 204\r\n", "date: today\r\n", "\r\n",
        ])
        XCTAssertEqual(collector.headers, [HTTPHeader("date", "today")])
    }

    func testAbsurdContentLengthOnlyBoundsTheReservation() {
        let collector = collect(["HTTP/1.1 200 OK\r\n", "Content-Length: 999999999999999\r\n", "\r\n"])
        for chunk in [[1, 2, 3], [4], [5, 6]] as [[UInt8]] {
            chunk.withUnsafeBufferPointer { collector.appendBody($0) }
        }
        XCTAssertEqual(collector.takeBody(), [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(collector.takeBody(), [])
    }
}
