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
        /// True when the deadline passed while inflating.
        var timedOut = false
    }

    /// Words for a body over `limit` bytes, decoded or not.
    static func tooLargeText(_ limit: Int) -> String {
        "the answer is larger than \(limit >> 20) MB, more than this integration accepts; narrow the query"
    }

    /// The most decoded bytes kept while it is not yet known whether the whole body fits the limit.
    ///
    /// Beyond it, inflating goes on only to count; a body that turns out to fit is inflated a
    /// second time into memory reserved for its exact size. A bomb is thus refused having held
    /// this much, not the whole limit (and the doubling growth of an array past it).
    static let defaultRetainedSize = 64 << 20

    /// The decoded body for `encoding` (the header's value), or `body` itself when it is not
    /// compressed; a decoded body over `limit` bytes is refused (a small gzip can expand a thousandfold).
    static func decode(_ body: [UInt8], encoding: String?, limit: Int = ResponseReader.defaultMaximumBodySize,
                       deadline: Deadline = .never, retaining retained: Int = defaultRetainedSize) throws(Failure) -> [UInt8] {
        guard let encoding else { return body }
        let codings = ResponseHead.listItems(encoding)
        let bounds = Bounds(limit: limit, retained: retained, deadline: deadline)
        guard codings.count == 1, let coding = codings.first else {
            // Stacked codings never come from a server answering this Accept-Encoding.
            return codings.allSatisfy({ $0 == "identity" }) ? body : try decode(body, stacked: codings, bounds: bounds)
        }
        switch coding {
        case "gzip", "x-gzip", "deflate": return try inflate(body, bounds: bounds)
        default: return body
        }
    }

    /// What one inflation may cost: output bytes in all and kept at once, and time.
    struct Bounds {
        /// The most decoded bytes accepted.
        var limit: Int
        /// The most decoded bytes kept in the first pass.
        var retained: Int
        /// When decoding must have finished.
        var deadline: Deadline
    }

    private static func decode(_ body: [UInt8], stacked codings: [String], bounds: Bounds) throws(Failure) -> [UInt8] {
        var result = body
        for coding in codings.reversed() where coding != "identity" {
            guard ["gzip", "x-gzip", "deflate"].contains(coding) else {
                throw Failure(detail: "the response uses the content encoding \"\(coding)\", which is not supported")
            }
            result = try inflate(result, bounds: bounds)
        }
        return result
    }

    /// Inflates a gzip or zlib stream (zlib detects which from the header), or raw deflate as a fallback.
    static func inflate(_ input: [UInt8], bounds: Bounds) throws(Failure) -> [UInt8] {
        do {
            // 15 + 32: the largest window, with automatic gzip/zlib header detection.
            return try inflate(input, windowBits: 15 + 32, bounds: bounds)
        } catch {
            // Some servers label raw deflate data "deflate"; that is the only other reading.
            guard !error.exceededLimit, !error.timedOut, let raw = try? inflate(input, windowBits: -15, bounds: bounds) else {
                throw error
            }
            return raw
        }
    }

    /// Inflates in two passes at most: the first keeps up to `bounds.retained` bytes and counts the
    /// rest; only a body that outgrew that and still fits the limit is inflated again, in full.
    private static func inflate(_ input: [UInt8], windowBits: Int32, bounds: Bounds) throws(Failure) -> [UInt8] {
        if input.isEmpty { return [] }
        var kept: [UInt8] = []
        kept.reserveCapacity(min(input.count, bounds.retained / 4) * 4)
        var keeping = true
        let total = try stream(input, windowBits: windowBits, bounds: bounds) { piece in
            guard keeping else { return }
            let needed = kept.count + piece.count
            if needed <= bounds.retained {
                // Grown by hand so that doubling never reserves past the retained size.
                if needed > kept.capacity { kept.reserveCapacity(min(max(kept.capacity * 2, needed), bounds.retained)) }
                kept.append(contentsOf: piece)
            } else {
                keeping = false
                kept = []  // released now: the count goes on without it
            }
        }
        if keeping { return kept }
        var output: [UInt8] = []
        output.reserveCapacity(total)
        _ = try stream(input, windowBits: windowBits, bounds: bounds) { output.append(contentsOf: $0) }
        return output
    }

    /// Runs zlib over `input`, handing each decoded piece (at most 256 KB) to `sink`; returns the
    /// decoded size. Stops as soon as the size passes the limit or the deadline passes.
    private static func stream(_ input: [UInt8], windowBits: Int32, bounds: Bounds,
                               sink: (UnsafeBufferPointer<UInt8>) -> Void) throws(Failure) -> Int {
        guard input.count < Int(UInt32.max) else {
            throw Failure(detail: "the compressed body is larger than zlib can take in one piece")
        }
        var stream = z_stream()
        guard inflateInit2_(&stream, windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(detail: "zlib could not be initialised")
        }
        defer { inflateEnd(&stream) }
        let chunk = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 256 << 10)
        defer { chunk.deallocate() }
        var total = 0
        var status = Z_OK
        var stop: Failure?
        input.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = UInt32(source.count)
            repeat {
                stream.next_out = chunk.baseAddress
                stream.avail_out = UInt32(chunk.count)
                status = CZlib.inflate(&stream, Z_NO_FLUSH)
                let produced = chunk.count - Int(stream.avail_out)
                total += produced
                if total > bounds.limit {
                    stop = Failure(detail: tooLargeText(bounds.limit), exceededLimit: true)
                } else if bounds.deadline.hasPassed {
                    stop = Failure(detail: "the deadline passed while decoding the body", timedOut: true)
                } else {
                    sink(UnsafeBufferPointer(rebasing: chunk[..<produced]))
                }
                // Z_BUF_ERROR with input left means "no progress possible": a truncated stream.
            } while stop == nil && status == Z_OK && (stream.avail_in > 0 || stream.avail_out == 0)
        }
        if let stop { throw stop }
        guard status == Z_STREAM_END else {
            let reason = stream.msg.map { String(cString: $0) } ?? (status == Z_OK || status == Z_BUF_ERROR
                ? "the compressed data ends early" : "zlib error \(status)")
            throw Failure(detail: "the compressed body could not be decoded: \(reason)")
        }
        return total
    }
}
