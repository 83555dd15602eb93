import CZlib
@testable import SocketTransport
import XCTest

/// `BodyDecoding`: gzip, zlib and raw deflate bodies inflated; other codings passed through; bad data refused.
final class BodyDecodingTests: XCTestCase {
    private let text = Array("{\"modelbreaches\": [1, 2, 3], \"note\": \"héllo, darktrace\"}".utf8)

    func testGzipFromPython() throws {
        // python3 -c "import gzip;print(list(gzip.compress(b'hello, darktrace', mtime=0)))"
        let gzip: [UInt8] = [31, 139, 8, 0, 0, 0, 0, 0, 2, 3, 203, 72, 205, 201, 201, 215, 81, 72, 73, 44, 202, 46,
                             41, 74, 76, 78, 5, 0, 71, 94, 95, 143, 16, 0, 0, 0]
        XCTAssertEqual(try BodyDecoding.decode(gzip, encoding: "gzip"), Array("hello, darktrace".utf8))
    }

    func testGzipZlibAndRawDeflateAreInflated() throws {
        XCTAssertEqual(try BodyDecoding.decode(compress(text, windowBits: 31), encoding: "gzip"), text)
        XCTAssertEqual(try BodyDecoding.decode(compress(text, windowBits: 31), encoding: "x-gzip"), text)
        XCTAssertEqual(try BodyDecoding.decode(compress(text, windowBits: 15), encoding: "deflate"), text)
        XCTAssertEqual(try BodyDecoding.decode(compress(text, windowBits: -15), encoding: "deflate"), text)
        // The label's case and blanks do not matter, nor which of the three formats it names.
        XCTAssertEqual(try BodyDecoding.decode(compress(text, windowBits: 31), encoding: " GZip\t"), text)
        XCTAssertEqual(try BodyDecoding.decode(compress(text, windowBits: 15), encoding: "gzip"), text)
        XCTAssertEqual(try BodyDecoding.decode(compress(text, windowBits: 31), encoding: "Deflate"), text)
    }

    func testIdentityAndAbsentEncodingPassThrough() throws {
        let gzipped = compress(text, windowBits: 31)
        XCTAssertEqual(try BodyDecoding.decode(gzipped, encoding: nil), gzipped)
        XCTAssertEqual(try BodyDecoding.decode(gzipped, encoding: "identity"), gzipped)
        XCTAssertEqual(try BodyDecoding.decode(gzipped, encoding: ""), gzipped)
        XCTAssertEqual(try BodyDecoding.decode(gzipped, encoding: "identity, IDENTITY"), gzipped)
        XCTAssertEqual(try BodyDecoding.decode(text, encoding: nil), text)
    }

    func testUnknownSingleEncodingPassesThrough() throws {
        let body: [UInt8] = [0x0B, 0x02, 0x80, 0x68, 0x69, 0x03]
        XCTAssertEqual(try BodyDecoding.decode(body, encoding: "br"), body)
        XCTAssertEqual(try BodyDecoding.decode(body, encoding: "zstd"), body)
        XCTAssertEqual(try BodyDecoding.decode(body, encoding: "compress"), body)
    }

    func testStackedCodingsAreUndoneInReverse() throws {
        XCTAssertEqual(try BodyDecoding.decode(compress(text, windowBits: 31), encoding: "gzip, identity"), text)
        XCTAssertEqual(try BodyDecoding.decode(compress(text, windowBits: 31), encoding: "identity,gzip"), text)
        let twice = compress(compress(text, windowBits: 15), windowBits: 31)
        XCTAssertEqual(try BodyDecoding.decode(twice, encoding: "deflate, gzip"), text)
        XCTAssertThrowsError(try BodyDecoding.decode(compress(text, windowBits: 31), encoding: "br, gzip")) { error in
            XCTAssertEqual(error as? BodyDecoding.Failure,
                           BodyDecoding.Failure(detail: "the response uses the content encoding \"br\", which is not supported"))
        }
    }

    func testCorruptDataFailsWithZlibsReason() {
        XCTAssertEqual(failure(Array("not compressed at all".utf8), "gzip"),
                       "the compressed body could not be decoded: incorrect header check")
        var badCRC = compress(text, windowBits: 31)
        badCRC[badCRC.count - 6] ^= 0xFF
        XCTAssertEqual(failure(badCRC, "gzip"), "the compressed body could not be decoded: incorrect data check")
        var badData = compress(text, windowBits: 15)
        badData[2] = 0xFF  // a reserved block type
        XCTAssertEqual(failure(badData, "deflate"), "the compressed body could not be decoded: invalid block type")
    }

    func testTruncatedStreamFails() {
        let gzip = compress(text, windowBits: 31)
        XCTAssertEqual(failure(Array(gzip.dropLast(4)), "gzip"),
                       "the compressed body could not be decoded: the compressed data ends early")
        XCTAssertEqual(failure(Array(gzip.prefix(10)), "gzip"),
                       "the compressed body could not be decoded: the compressed data ends early")
        XCTAssertNotNil(failure(Array(compress(text, windowBits: -15).dropLast(3)), "deflate"))
    }

    func testEmptyBodyDecodesToEmpty() throws {
        XCTAssertEqual(try BodyDecoding.decode([], encoding: "gzip"), [])
        XCTAssertEqual(try BodyDecoding.decode([], encoding: "deflate"), [])
        XCTAssertEqual(try BodyDecoding.decode(compress([], windowBits: 31), encoding: "gzip"), [])
    }

    func testTrailingBytesAfterTheStreamAreIgnored() throws {
        XCTAssertEqual(try BodyDecoding.decode(compress(text, windowBits: 31) + [0, 0, 0], encoding: "gzip"), text)
    }

    func testLargeBodyInflatesIntact() throws {
        let size = 10 << 20
        let original = ResponseReaderTests.pattern(size)
        let gzip = compress(original, windowBits: 31, level: 1)
        XCTAssertLessThan(gzip.count, size / 10)
        let decoded = try BodyDecoding.decode(gzip, encoding: "gzip")
        XCTAssertEqual(decoded.count, size)
        XCTAssertTrue(decoded.withUnsafeBytes { a in original.withUnsafeBytes { b in memcmp(a.baseAddress!, b.baseAddress!, size) == 0 } })
    }

    func testDecompressedBodyPastTheLimitIsRefused() throws {
        // 1 MB of zeros deflates to about a kilobyte: the limit must apply to what comes out.
        let compressed = compress([UInt8](repeating: 0, count: 1 << 20), windowBits: 31)
        XCTAssertLessThan(compressed.count, 4096)
        XCTAssertEqual(try BodyDecoding.decode(compressed, encoding: "gzip", limit: 1 << 20).count, 1 << 20)
        XCTAssertEqual(failure(compressed, "gzip", limit: 100_000), BodyDecoding.tooLargeText(100_000))
    }

    /// A body larger than what the first pass keeps is counted, then inflated again in full.
    func testBodyLargerThanTheRetainedSizeIsInflatedInASecondPass() throws {
        let original = ResponseReaderTests.pattern(3 << 20)
        let gzip = compress(original, windowBits: 31, level: 1)
        for retained in [0, 1, 256 << 10, (3 << 20) - 1, 3 << 20] {
            let decoded = try BodyDecoding.decode(gzip, encoding: "gzip", retaining: retained)
            XCTAssertTrue(ResponseReaderTests.same(decoded, original), "retaining \(retained)")
        }
        let deflated = try BodyDecoding.decode(compress(original, windowBits: -15, level: 1), encoding: "deflate", retaining: 1000)
        XCTAssertTrue(ResponseReaderTests.same(deflated, original), "raw deflate after the failed gzip/zlib reading")
    }

    /// The bomb is refused by counting once past the retained size, whatever the retained size.
    func testBombIsRefusedPastTheRetainedSize() {
        let compressed = compress([UInt8](repeating: 0, count: 4 << 20), windowBits: 31)
        for retained in [0, 1 << 20, 8 << 20] {
            XCTAssertThrowsError(try BodyDecoding.decode(compressed, encoding: "gzip", limit: 2 << 20, retaining: retained)) { error in
                XCTAssertEqual(error as? BodyDecoding.Failure,
                               BodyDecoding.Failure(detail: BodyDecoding.tooLargeText(2 << 20), exceededLimit: true))
            }
        }
    }

    func testCorruptDataPastTheRetainedSizeStillFails() {
        var gzip = compress(ResponseReaderTests.pattern(1 << 20), windowBits: 31, level: 1)
        gzip[gzip.count - 6] ^= 0xFF
        XCTAssertThrowsError(try BodyDecoding.decode(gzip, encoding: "gzip", retaining: 1000)) { error in
            XCTAssertEqual((error as? BodyDecoding.Failure)?.detail, "the compressed body could not be decoded: incorrect data check")
        }
    }

    func testAPassedDeadlineStopsInflating() {
        let compressed = compress([UInt8](repeating: 0, count: 1 << 20), windowBits: 31)
        XCTAssertThrowsError(try BodyDecoding.decode(compressed, encoding: "gzip", deadline: .after(seconds: 1e-9))) { error in
            XCTAssertEqual(error as? BodyDecoding.Failure,
                           BodyDecoding.Failure(detail: "the deadline passed while decoding the body", timedOut: true))
        }
    }

    // MARK: Helpers

    /// `input` deflated in one call: windowBits 31 writes gzip, 15 zlib, -15 raw deflate.
    private func compress(_ input: [UInt8], windowBits: Int32, level: Int32 = 6) -> [UInt8] {
        var stream = z_stream()
        guard deflateInit2_(&stream, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                            Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            XCTFail("deflateInit2_ failed")
            return []
        }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(input.count))))
        var input = input
        let status = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = UInt32(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = UInt32(target.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        XCTAssertEqual(status, Z_STREAM_END)
        return Array(output.prefix(Int(stream.total_out)))
    }

    private func failure(_ body: [UInt8], _ encoding: String, limit: Int = ResponseReader.defaultMaximumBodySize,
                         file: StaticString = #filePath, line: UInt = #line) -> String? {
        do {
            let decoded = try BodyDecoding.decode(body, encoding: encoding, limit: limit)
            XCTFail("expected a failure, got \(decoded.count) bytes", file: file, line: line)
            return nil
        } catch {
            return error.detail
        }
    }
}
