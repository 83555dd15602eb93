@testable import SocketTransport
import HTTPTransport
import XCTest

/// The parts of a response that are not body each have a limit, and the deadline holds however
/// fast the peer talks: a server cannot keep the reader busy forever with bytes that never end it.
final class ResponseReaderLimitTests: XCTestCase {
    /// A prefix, then `repeated` over and over without end, 4 KB a read; never waits, never closes.
    private final class EndlessSource: ByteSource {
        private var pending: [UInt8]
        /// `repeated` copied to at least one read's worth, so a read appends it once.
        private let block: [UInt8]
        /// How many reads the reader made.
        private(set) var reads = 0

        init(prefix: String, repeated: String) {
            pending = Array(prefix.utf8)
            let piece = Array(repeated.utf8)
            block = Array(repeating: piece, count: 4096 / piece.count + 1).flatMap { $0 }
        }

        func read(into buffer: UnsafeMutableRawBufferPointer, deadline: Deadline) throws(StreamFailure) -> Int {
            reads += 1
            let count = min(buffer.count, 4096)
            while pending.count < count { pending += block }
            buffer.copyBytes(from: pending[..<count])
            pending.removeFirst(count)
            return count
        }
    }

    /// The failure reading a whole response from `source` ends in (nil, recorded, when it succeeds).
    private func failure(_ source: any ByteSource, deadline: Deadline = .never,
                         file: StaticString = #filePath, line: UInt = #line) -> ResponseFailure? {
        let reader = ResponseReader(source: source, deadline: deadline)
        do {
            let head = try reader.readHead()
            let body = try reader.readBody(for: head, method: "GET")
            XCTFail("expected a failure, got \(head.status) with \(body.count) body bytes", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    private func failure(_ prefix: String, repeating: String, file: StaticString = #filePath, line: UInt = #line) -> ResponseFailure? {
        failure(EndlessSource(prefix: prefix, repeated: repeating), file: file, line: line)
    }

    private let chunkedHead = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"

    // MARK: Each part's limit

    func testEndlessInterimResponsesAreRefused() {
        XCTAssertEqual(failure("", repeating: "HTTP/1.1 100 Continue\r\n\r\n"),
                       .malformed(detail: "the server sent more than 16 interim (1xx) responses"))
    }

    func testSixteenInterimResponsesAreStillSkipped() throws {
        let interim = String(repeating: "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n", count: 8)
        let (head, body) = try exchange(interim + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(body, Array("ok".utf8))
    }

    func testEndlessBlankLinesAreRefused() {
        XCTAssertEqual(failure("", repeating: "\r\n"), .malformed(detail: "the response starts with more than 64 blank lines"))
        XCTAssertEqual(failure("", repeating: "\n"), .malformed(detail: "the response starts with more than 64 blank lines"))
    }

    func testSixtyFourBlankLinesAreStillSkipped() throws {
        let (head, _) = try exchange(String(repeating: "\r\n", count: 64) + "HTTP/1.1 204 No Content\r\n\r\n")
        XCTAssertEqual(head.status, 204)
    }

    /// The blank-line count starts again for each head: an interim response may be followed by one too.
    func testBlankLinesAreCountedPerHead() throws {
        let blanks = String(repeating: "\r\n", count: 40)
        let (head, _) = try exchange(blanks + "HTTP/1.1 100 Continue\r\n\r\n" + blanks + "HTTP/1.1 204 No Content\r\n\r\n")
        XCTAssertEqual(head.status, 204)
    }

    func testEndlessTrailerFieldsAreRefused() {
        XCTAssertEqual(failure(chunkedHead + "1\r\nx\r\n0\r\n", repeating: "X-Trailer: again\r\n"),
                       .malformed(detail: "the response's trailer fields are larger than 64 KB"))
    }

    func testOneTrailerLineOverTheLimitIsRefused() {
        XCTAssertEqual(failure(chunkedHead + "0\r\nX-Long: ", repeating: "y"),
                       .malformed(detail: "the response's trailer line is too long"))
    }

    func testTrailersUpToTheLimitAreRead() throws {
        let field = "X-T: " + String(repeating: "t", count: 1000) + "\r\n"  // 1 007 bytes with its CRLF
        let (_, body) = try exchange(chunkedHead + "1\r\nx\r\n0\r\n" + String(repeating: field, count: 65) + "\r\n")
        XCTAssertEqual(body, [0x78])
    }

    func testEndlessChunkExtensionsAreRefused() {
        XCTAssertEqual(failure(chunkedHead, repeating: "1;" + String(repeating: "e", count: 4000) + "\r\nx\r\n"),
                       .malformed(detail: "the response's chunk extensions are larger than 64 KB"))
    }

    func testChunkExtensionsCountAcrossTheWholeBody() throws {
        let chunk = "1;" + String(repeating: "e", count: 1000) + "\r\nx\r\n"
        let (_, body) = try exchange(chunkedHead + String(repeating: chunk, count: 60) + "0\r\n\r\n")
        XCTAssertEqual(body.count, 60)
        XCTAssertEqual(failure(chunkedHead + String(repeating: chunk, count: 70), repeating: "1\r\nx\r\n"),
                       .malformed(detail: "the response's chunk extensions are larger than 64 KB"))
    }

    // MARK: The deadline

    /// A source that always has data never waits, so only the reader itself can notice the time.
    func testThePassedDeadlineStopsAReaderWhoseSourceNeverWaits() {
        let passed = Deadline.after(seconds: 1e-9)
        for (prefix, repeated) in [("HTTP/1.1 200 OK\r\n\r\n", "body"), (chunkedHead, "1\r\nx\r\n"), ("", "HTTP/1.1 100 Continue\r\n\r\n")] {
            let source = EndlessSource(prefix: prefix, repeated: repeated)
            XCTAssertEqual(failure(source, deadline: passed), .stream(.timedOut, sawResponse: false), prefix + repeated)
            XCTAssertEqual(source.reads, 0, "no read once the deadline has passed")
        }
    }

    func testEndlessOneByteChunksStopAtTheBodyLimitWithoutADeadline() {
        let reader = ResponseReader(source: EndlessSource(prefix: chunkedHead, repeated: "1\r\nx\r\n"), deadline: .never,
                                    maximumBodySize: 1000)
        XCTAssertThrowsError(try reader.readBody(for: try reader.readHead(), method: "GET")) { error in
            XCTAssertEqual(error as? ResponseFailure, .tooLarge(limit: 1000))
        }
    }

    // MARK: Helpers

    private func exchange(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> (ResponseHead, [UInt8]) {
        let reader = ResponseReader(source: EndlessSource(prefix: text, repeated: "\0"), deadline: .never)
        let head = try reader.readHead()
        return (head, try reader.readBody(for: head, method: "GET"))
    }
}
