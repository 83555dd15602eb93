@testable import SocketTransport
import Foundation
import HTTPTransport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// `ResponseReader` over a real non-blocking socket: head parsing, every body framing, and each failure.
final class ResponseReaderTests: XCTestCase {
    // MARK: Heads

    func testContentLengthBodyIgnoresBytesAfterIt() throws {
        let (head, body) = try exchange("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhelloEXTRA")
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.headers, [HTTPHeader("Content-Type", "text/plain"), HTTPHeader("Content-Length", "5")])
        XCTAssertEqual(head.value("content-type"), "text/plain")
        XCTAssertEqual(String(decoding: body, as: UTF8.self), "hello")
    }

    func testInterimContinueIsSkipped() throws {
        let (head, body) = try exchange("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\nX-Interim: 1\r\n\r\n"
                                        + "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok")
        XCTAssertEqual(head.status, 201)
        XCTAssertEqual(head.headers, [HTTPHeader("Content-Length", "2")])
        XCTAssertEqual(body, Array("ok".utf8))
    }

    func testSwitchingProtocolsIsNotSkipped() throws {
        let (head, body) = try exchange("HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\nstream", method: "GET")
        XCTAssertEqual(head.status, 101)
        XCTAssertEqual(body, [])
    }

    func testStrayBlankLinesBeforeStatusLineAreTolerated() throws {
        let (head, body) = try exchange("\r\n\r\nHTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx")
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(body, [0x78])
    }

    func testStatusLineWithoutReasonIsAccepted() throws {
        let (head, _) = try exchange("HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n")
        XCTAssertEqual(head.status, 404)
    }

    func testObsoleteFoldingContinuesThePreviousValue() throws {
        let (head, _) = try exchange("HTTP/1.1 200 OK\r\n \tleading fold is dropped\r\nX-Long: first\r\n  second  \r\n\tthird\r\n"
                                     + "X-Empty:\r\n folded\r\nContent-Length: 0\r\n\r\n")
        XCTAssertEqual(head.headers, [HTTPHeader("X-Long", "first second third"), HTTPHeader("X-Empty", "folded"),
                                      HTTPHeader("Content-Length", "0")])
    }

    func testLineWithoutColonIsIgnoredAndValuesAreTrimmed() throws {
        let (head, body) = try exchange("HTTP/1.1 200 OK\r\nno colon here\r\nX-A:   spaced \t \r\nX-B:\tv:w \r\nX-C:\r\n"
                                        + "X-D: in ner\r\nContent-Length:  3 \r\n\r\nabc")
        XCTAssertEqual(head.headers, [HTTPHeader("X-A", "spaced"), HTTPHeader("X-B", "v:w"), HTTPHeader("X-C", ""),
                                      HTTPHeader("X-D", "in ner"), HTTPHeader("Content-Length", "3")])
        XCTAssertEqual(body, Array("abc".utf8))
    }

    func testHeaderLookupIsCaseInsensitiveAndTakesTheFirst() {
        let head = ResponseHead(status: 200, headers: [HTTPHeader("X-Dup", "one"), HTTPHeader("x-dup", "two")])
        XCTAssertEqual(head.value("x-dup"), "one")
        XCTAssertNil(head.value("x-missing"))
    }

    func testBareLineFeedsEndLines() throws {
        let (head, body) = try exchange("HTTP/1.1 200 OK\nX-A: 1\nContent-Length: 4\n\nbody")
        XCTAssertEqual(head.headers, [HTTPHeader("X-A", "1"), HTTPHeader("Content-Length", "4")])
        XCTAssertEqual(body, Array("body".utf8))
    }

    // MARK: Chunked

    func testChunkedWithExtensionsAndTrailers() throws {
        let (head, body) = try exchange("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n"
                                        + "5;name=value\r\nhello\r\n"
                                        + "1 ; spaced-ext\r\n,\r\n"
                                        + "00A\r\n 012345678\r\n"
                                        + "0;last\r\nX-Trailer: yes\r\nX-Other: 2\r\n\r\nAFTER")
        XCTAssertEqual(head.value("transfer-encoding"), "gzip, Chunked")
        XCTAssertEqual(String(decoding: body, as: UTF8.self), "hello, 012345678")
        XCTAssertEqual(body.count, 16)
    }

    func testChunkedWithBareLineFeedsAndContentLengthIgnored() throws {
        let (_, body) = try exchange("HTTP/1.1 200 OK\nContent-Length: 999\nTransfer-Encoding: chunked\n\n3\nabc\n0\n\n")
        XCTAssertEqual(body, Array("abc".utf8))
    }

    func testNonChunkedTransferEncodingReadsToClose() throws {
        let (_, body) = try exchange("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
        XCTAssertEqual(String(decoding: body, as: UTF8.self), "3\r\nabc\r\n0\r\n\r\n")
    }

    func testChunkedSplitAcrossManySmallWrites() throws {
        var text = "HTTP/1.1 200 OK\r\nX-First: a\r\nTransfer-Encoding: chunked\r\nX-Last: z\r\n\r\n"
        var expected = ""
        for index in 0..<12 {
            let piece = String(repeating: Character(UnicodeScalar(UInt8(0x61 + index))), count: index + 1)
            text += String(piece.utf8.count, radix: 16) + "\r\n" + piece + "\r\n"
            expected += piece
        }
        text += "0\r\nX-Trailer: t\r\n\r\n"
        // One, two or three bytes per write, with a pause after each, so the reader sees them apart.
        var pieces: [[UInt8]] = []
        var bytes = Array(text.utf8)[...]
        var size = 1
        while !bytes.isEmpty {
            pieces.append(Array(bytes.prefix(size)))
            bytes = bytes.dropFirst(size)
            size = size % 3 + 1
        }
        let (head, body) = try exchange(pieces, pause: 300)
        XCTAssertEqual(head.headers, [HTTPHeader("X-First", "a"), HTTPHeader("Transfer-Encoding", "chunked"),
                                      HTTPHeader("X-Last", "z")])
        XCTAssertEqual(String(decoding: body, as: UTF8.self), expected)
    }

    func testInvalidChunkSizeIsMalformed() {
        for size in ["zz", "", ";ext", "-1", "1000000000000000", "\t5"] {
            XCTAssertEqual(failure("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\(size)\r\nhello\r\n0\r\n\r\n"),
                           .malformed(detail: "the response has an invalid chunk size"), size.debugDescription)
        }
    }

    func testChunkLongerThanItsSizeIsMalformed() {
        XCTAssertEqual(failure("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n"),
                       .malformed(detail: "a response chunk is longer than its size says"))
        XCTAssertEqual(failure("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcdefghij"),
                       .malformed(detail: "the response's chunk end line is too long"))
    }

    func testChunkedBodyCutShortIsTruncated() {
        XCTAssertEqual(failure("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel"),
                       .truncated(detail: "transfer closed with 2 bytes remaining to read"))
        XCTAssertEqual(failure("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"),
                       .truncated(detail: "the connection closed inside a chunked body"))
        XCTAssertEqual(failure("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-Trailer: 1\r\n"),
                       .truncated(detail: "the connection closed inside a chunked body"))
    }

    // MARK: Other framings

    func testBodyWithoutLengthIsReadToClose() throws {
        let (head, body) = try exchange(["HTTP/1.0 200 OK\r\nX: y\r\n\r\npart one, ", "part two"], pause: 2000)
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(String(decoding: body, as: UTF8.self), "part one, part two")
        let (_, empty) = try exchange("HTTP/1.1 200 OK\r\n\r\n")
        XCTAssertEqual(empty, [])
    }

    func testHeadAnd204And304HaveNoBody() throws {
        let (head, body) = try exchange("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n", method: "HEAD")
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(body, [])
        for status in [204, 304] {
            // Neither the length nor the bytes that follow are taken as a body, and nothing waits for them.
            let (head, body) = try exchange(["HTTP/1.1 \(status) X\r\nContent-Length: 10\r\n\r\n"], closing: false)
            XCTAssertEqual(head.status, status)
            XCTAssertEqual(body, [])
        }
        let (chunkedHead, chunkedBody) = try exchange(["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"],
                                                      method: "HEAD", closing: false)
        XCTAssertEqual(chunkedHead.status, 200)
        XCTAssertEqual(chunkedBody, [])
    }

    func testContentLengthValues() throws {
        XCTAssertEqual(try exchange("HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n\r\nhello").1, Array("hello".utf8))
        XCTAssertEqual(try exchange("HTTP/1.1 200 OK\r\nContent-Length: 3\r\ncontent-length: 3\r\n\r\nabcdef").1,
                       Array("abc".utf8))
        XCTAssertEqual(try exchange("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nignored").1, [])
        XCTAssertEqual(try exchange("HTTP/1.1 200 OK\r\nContent-Length: 007\r\n\r\n1234567").1, Array("1234567".utf8))
    }

    func testConflictingOrInvalidContentLengthIsMalformed() {
        let invalid = ResponseFailure.malformed(detail: "the response has an invalid Content-Length")
        for fields in ["Content-Length: 5\r\nContent-Length: 6", "Content-Length: 5, 6", "Content-Length: -1",
                       "Content-Length: abc", "Content-Length: 5x", "Content-Length: +5", "Content-Length:",
                       "Content-Length: 0x10", "Content-Length: 1 2", "Content-Length: 1234567890123456789",
                       "Content-Length: ,"] {
            XCTAssertEqual(failure("HTTP/1.1 200 OK\r\n\(fields)\r\n\r\nhello"), invalid, fields)
        }
    }

    func testTruncatedBodySaysHowMuchIsMissing() {
        XCTAssertEqual(failure("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"),
                       .truncated(detail: "transfer closed with 7 bytes remaining to read"))
        XCTAssertEqual(failure("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"),
                       .truncated(detail: "transfer closed with 10 bytes remaining to read"))
    }

    // MARK: Broken heads

    func testEmptyReplyIsTruncated() {
        XCTAssertEqual(failure(nothing), .truncated(detail: "Empty reply from server"))
    }

    func testEndOfStreamInsideTheHeadIsTruncated() {
        let cut = ResponseFailure.truncated(detail: "the connection closed in the middle of the response head")
        XCTAssertEqual(failure("HTTP/1.1 200 OK\r\nContent-Len"), cut)
        XCTAssertEqual(failure("HTTP/1.1 200 OK\r\n"), cut)
        XCTAssertEqual(failure("HTTP/1.1 100 Continue\r\n\r\n"), cut)
        XCTAssertEqual(failure("\r\n"), cut)
    }

    func testNonHTTPAnswerIsMalformedAtItsFirstLine() {
        // An SSH server sends its banner and then waits: the first line is enough to tell.
        XCTAssertEqual(failure(["SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13\r\n"], closing: false),
                       .malformed(detail: "the server's answer is not HTTP/1.x (it starts \"SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13\")"))
        XCTAssertEqual(failure("\u{1}\u{2}\u{7F}binary\tstuff\r\n\r\n"),
                       .malformed(detail: "the server's answer is not HTTP/1.x (it starts \"???binary?stuff\")"))
        let long = String(repeating: "<html>", count: 20)
        XCTAssertEqual(failure("\(long)\r\n\r\n"),
                       .malformed(detail: "the server's answer is not HTTP/1.x (it starts \"\(long.prefix(40))\")"))
        for line in ["HTTP/2 200", "HTTP/1.1 20 OK", "HTTP/1.1 2000 OK", "HTTP/1.1 099 Low", "HTTP/1.1  200 OK",
                     "HTTP/1.1 2x0 OK", "http/1.1 200 OK", "HTTP/1.1"] {
            XCTAssertEqual(failure("\(line)\r\nContent-Length: 0\r\n\r\n"),
                           .malformed(detail: "the server's answer is not HTTP/1.x (it starts \"\(line)\")"), line)
        }
    }

    func testHeadLargerThanTheLimitIsMalformed() {
        let tooLarge = ResponseFailure.malformed(detail: "the response head is larger than 256 KB")
        let field = "X-Filler: " + String(repeating: "f", count: 1000) + "\r\n"
        let manyLines = "HTTP/1.1 200 OK\r\n" + String(repeating: field, count: 300)
        XCTAssertEqual(failure([Array(manyLines.utf8)], closing: false), tooLarge)
        let oneLine = "HTTP/1.1 200 OK\r\nX-Huge: " + String(repeating: "h", count: 300_000)
        XCTAssertEqual(failure([Array(oneLine.utf8)], closing: false), tooLarge)
    }

    func testHeadJustUnderTheLimitIsRead() throws {
        let field = "X-Filler: " + String(repeating: "f", count: 1000) + "\r\n"
        let text = "HTTP/1.1 200 OK\r\n" + String(repeating: field, count: 250) + "Content-Length: 2\r\n\r\nok"
        let (head, body) = try exchange(text)
        XCTAssertEqual(head.headers.count, 251)
        XCTAssertEqual(body, Array("ok".utf8))
    }

    // MARK: Size and time

    func testLargeBodyArrivesIntact() throws {
        let size = 5 << 20
        let payload = Self.pattern(size)
        let head = Array("HTTP/1.1 200 OK\r\nContent-Length: \(size)\r\n\r\n".utf8)
        let (_, body) = try exchange([head + payload.prefix(1000), Array(payload.dropFirst(1000)) + Array("TAIL".utf8)])
        XCTAssertEqual(body.count, size)
        XCTAssertTrue(Self.same(body, payload), "the body differs from what was sent")
    }

    func testLargeChunkedAndReadToCloseBodiesArriveIntact() throws {
        let size = 1 << 20
        let payload = Self.pattern(size)
        var chunked = Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        for start in stride(from: 0, to: size, by: 100_000) {
            let piece = payload[start..<min(start + 100_000, size)]
            chunked += Array((String(piece.count, radix: 16) + "\r\n").utf8) + piece + [0x0D, 0x0A]
        }
        chunked += Array("0\r\n\r\n".utf8)
        XCTAssertTrue(Self.same(try exchange([chunked]).1, payload), "the chunked body differs from what was sent")
        let toClose = Array("HTTP/1.1 200 OK\r\n\r\n".utf8) + payload
        XCTAssertTrue(Self.same(try exchange([toClose]).1, payload), "the read-to-close body differs from what was sent")
    }

    func testSilentPeerTimesOutByTheDeadline() {
        let start = DispatchTime.now()
        let outcome = failure(["HTTP/1.1 200 OK\r\nContent-"], closing: false, deadline: .after(seconds: 0.3))
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        XCTAssertEqual(outcome, .stream(.timedOut, sawResponse: true))
        XCTAssertGreaterThanOrEqual(elapsed, 0.29)
        XCTAssertLessThan(elapsed, 0.8)
    }

    func testSilentPeerBeforeAnyByteTimesOutWithoutResponse() {
        XCTAssertEqual(failure(nothing, closing: false, deadline: .after(seconds: 0.05)), .stream(.timedOut, sawResponse: false))
    }

    func testSilentPeerInsideTheBodyTimesOut() {
        XCTAssertEqual(failure(["HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"], closing: false,
                               deadline: .after(seconds: 0.05)),
                       .stream(.timedOut, sawResponse: true))
    }

    func testResetByPeerIsAStreamFailure() throws {
        let (client, server) = try tcpPair()
        var reset = linger(l_onoff: 1, l_linger: 0)
        XCTAssertEqual(setsockopt(server, SOL_SOCKET, SO_LINGER, &reset, socklen_t(MemoryLayout<linger>.size)), 0)
        close(server)
        let reader = ResponseReader(source: Connection(fd: client), deadline: .after(seconds: 2))
        XCTAssertThrowsError(try reader.readHead()) { error in
            XCTAssertEqual(error as? ResponseFailure,
                           .stream(.closed(detail: "Connection reset by peer"), sawResponse: false))
        }
    }
}
