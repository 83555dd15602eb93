@testable import SocketTransport
import Foundation
import HTTPTransport
import XCTest

/// A response that arrives in many small pieces, each read separately: the reader must join lines
/// and chunks across reads, wherever the pieces break.
final class ResponseReaderPacingTests: XCTestCase {
    /// Sends `pieces` with a pause between them, so that each one lands in its own read.
    private func read(_ pieces: [String], method: String = "GET") throws -> (ResponseHead, [UInt8]) {
        var ends: [Int32] = [-1, -1]
        XCTAssertEqual(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends), 0)
        XCTAssertEqual(fcntl(ends[0], F_SETFL, fcntl(ends[0], F_GETFL) | O_NONBLOCK), 0)
        let writer = ends[1]
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            for piece in pieces {
                let bytes = Array(piece.utf8)
                _ = bytes.withUnsafeBytes { write(writer, $0.baseAddress, $0.count) }
                usleep(3_000)
            }
            close(writer)
            done.signal()
        }
        defer { done.wait() }
        let reader = ResponseReader(source: Connection(fd: ends[0]), deadline: .after(seconds: 5))
        let head = try reader.readHead()
        return (head, try reader.readBody(for: head, method: method))
    }

    func testHeadSplitAtLineEndsAndInsideLines() throws {
        let (head, body) = try read(["HTTP/1.1 200 OK\r\n", "Content-Type: applica", "tion/json\r\n",
                                     "Content-Length: 2\r", "\n\r\n", "{}"])
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.headers, [HTTPHeader("Content-Type", "application/json"), HTTPHeader("Content-Length", "2")])
        XCTAssertEqual(body, Array("{}".utf8))
    }

    func testInterimResponseInItsOwnRead() throws {
        let (head, body) = try read(["HTTP/1.1 100 Continue\r\n\r\n", "HTTP/1.1 201 Created\r\n",
                                     "Content-Length: 3\r\n\r\n", "a", "bc"])
        XCTAssertEqual(head.status, 201)
        XCTAssertEqual(body, Array("abc".utf8))
    }

    func testChunkedBodyBrokenAtEveryBoundary() throws {
        let (_, body) = try read(["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "4", "\r\n", "ab",
                                  "cd", "\r", "\n", "3;ext=1\r\nxyz\r\n", "0\r\n", "Trailer: 1\r\n", "\r\n"])
        XCTAssertEqual(body, Array("abcdxyz".utf8))
    }

    func testBodyReadToTheEndAcrossReads() throws {
        let (_, body) = try read(["HTTP/1.0 200 OK\r\n\r\n", "one ", "two ", "three"])
        XCTAssertEqual(body, Array("one two three".utf8))
    }
}
