@testable import SocketTransport
import HTTPTransport
import XCTest

/// Bodies over the size limit are refused however they are framed or encoded, before they are
/// read in full: a runaway or hostile server cannot exhaust the engine's memory.
final class ResponseSizeLimitTests: XCTestCase {
    /// The whole response handed over in one read, then the end of the stream.
    private final class OneShotSource: ByteSource {
        private var bytes: [UInt8]?
        init(_ text: String) { bytes = Array(text.utf8) }

        func read(into buffer: UnsafeMutableRawBufferPointer, deadline: Deadline) throws(StreamFailure) -> Int {
            guard let bytes else { return 0 }
            precondition(bytes.count <= buffer.count, "test responses fit in one read")
            buffer.copyBytes(from: bytes)
            self.bytes = nil
            return bytes.count
        }
    }

    private func body(_ response: String, limit: Int) throws(ResponseFailure) -> [UInt8] {
        let reader = ResponseReader(source: OneShotSource(response), deadline: .after(seconds: 5), maximumBodySize: limit)
        return try reader.readBody(for: try reader.readHead(), method: "GET")
    }

    private func assertTooLarge(_ response: String, limit: Int, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(response, limit: limit), file: file, line: line) { error in
            XCTAssertEqual(error as? ResponseFailure, .tooLarge(limit: limit), file: file, line: line)
        }
    }

    func testBodiesAtTheLimitAreRead() throws {
        XCTAssertEqual(try body("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789", limit: 10).count, 10)
        XCTAssertEqual(try body("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n01234\r\n5\r\n56789\r\n0\r\n\r\n",
                                limit: 10).count, 10)
        XCTAssertEqual(try body("HTTP/1.0 200 OK\r\n\r\n0123456789", limit: 10).count, 10)
    }

    func testContentLengthOverTheLimitIsRefusedBeforeReading() {
        assertTooLarge("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n", limit: 10)
        assertTooLarge("HTTP/1.1 200 OK\r\nContent-Length: 999999999999999999\r\n\r\n", limit: 10)
    }

    func testChunksAddingUpPastTheLimitAreRefused() {
        assertTooLarge("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n01234567\r\n3\r\n", limit: 10)
        assertTooLarge("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffff\r\n", limit: 10)
    }

    func testReadToCloseBodyPastTheLimitIsRefused() {
        assertTooLarge("HTTP/1.0 200 OK\r\n\r\n0123456789A", limit: 10)
    }

    func testTheTransportWordsTheRefusal() {
        XCTAssertEqual(BodyDecoding.tooLargeText(ResponseReader.defaultMaximumBodySize),
                       "the answer is larger than 512 MB, more than this integration accepts; narrow the query")
    }
}
