import CZlib

/// Undoes a `Content-Encoding` the transport offered (gzip, deflate); the body is kept otherwise.
enum BodyDecoding {
    /// The `Accept-Encoding` value sent with every request.
    static let acceptedEncodings = "gzip, deflate"

    /// Why a compressed body could not be decoded.
    struct Failure: Error, Equatable {
        let detail: String
        /// True when the decoded body outgrew the limit (not a fault of the data itself).
        var exceededLimit = false
    }

    /// Words for a body over `limit` bytes, decoded or not.
    static func tooLargeText(_ limit: Int) -> String {
        "the answer is larger than \(limit >> 20) MB, more than this integration accepts; narrow the query"
    }

    /// The decoded body for `encoding` (the header's value), or `body` itself when it is not
    /// compressed; a decoded body over `limit` bytes is refused (a small gzip can expand a thousandfold).
    static func decode(_ body: [UInt8], encoding: String?,
                       limit: Int = ResponseReader.defaultMaximumBodySize) throws(Failure) -> [UInt8] {
        guard let encoding else { return body }
        let codings = ResponseHead.listItems(encoding)
        guard codings.count == 1, let coding = codings.first else {
            // Stacked codings never come from a server answering this Accept-Encoding.
            return codings.allSatisfy({ $0 == "identity" }) ? body : try decode(body, stacked: codings, limit: limit)
        }
        switch coding {
        case "gzip", "x-gzip", "deflate": return try inflate(body, limit: limit)
        default: return body
        }
    }

    private static func decode(_ body: [UInt8], stacked codings: [String], limit: Int) throws(Failure) -> [UInt8] {
        var result = body
        for coding in codings.reversed() where coding != "identity" {
            guard ["gzip", "x-gzip", "deflate"].contains(coding) else {
                throw Failure(detail: "the response uses the content encoding \"\(coding)\", which is not supported")
            }
            result = try inflate(result, limit: limit)
        }
        return result
    }

    /// Inflates a gzip or zlib stream (zlib detects which from the header), or raw deflate as a fallback.
    static func inflate(_ input: [UInt8], limit: Int = ResponseReader.defaultMaximumBodySize) throws(Failure) -> [UInt8] {
        do {
            // 15 + 32: the largest window, with automatic gzip/zlib header detection.
            return try inflate(input, windowBits: 15 + 32, limit: limit)
        } catch {
            // Some servers label raw deflate data "deflate"; that is the only other reading.
            guard !error.exceededLimit, let raw = try? inflate(input, windowBits: -15, limit: limit) else {
                throw error
            }
            return raw
        }
    }

    private static func inflate(_ input: [UInt8], windowBits: Int32, limit: Int) throws(Failure) -> [UInt8] {
        if input.isEmpty { return [] }
        guard input.count < Int(UInt32.max) else {
            throw Failure(detail: "the compressed body is larger than zlib can take in one piece")
        }
        var stream = z_stream()
        guard inflateInit2_(&stream, windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(detail: "zlib could not be initialised")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        output.reserveCapacity(min(input.count, limit / 4) * 4)
        var chunk = [UInt8](repeating: 0, count: 256 << 10)
        var status = Z_OK
        input.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = UInt32(source.count)
            repeat {
                let produced = chunk.withUnsafeMutableBufferPointer { target -> Int in
                    stream.next_out = target.baseAddress
                    stream.avail_out = UInt32(target.count)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return target.count - Int(stream.avail_out)
                }
                output.append(contentsOf: chunk[..<produced])
                if output.count > limit { status = Z_MEM_ERROR }
                // Z_BUF_ERROR with input left means "no progress possible": a truncated stream.
            } while status == Z_OK && (stream.avail_in > 0 || stream.avail_out == 0)
        }
        if output.count > limit { throw Failure(detail: tooLargeText(limit), exceededLimit: true) }
        guard status == Z_STREAM_END else {
            let reason = stream.msg.map { String(cString: $0) } ?? (status == Z_OK || status == Z_BUF_ERROR
                ? "the compressed data ends early" : "zlib error \(status)")
            throw Failure(detail: "the compressed body could not be decoded: \(reason)")
        }
        return output
    }
}
