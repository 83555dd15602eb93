// libFuzzer target: the HTTP response reader (head, framing, chunked bodies, the limits on interim
// responses, blank lines, trailers and chunk extensions) and body decoding (one pass against two),
// fed arbitrary bytes as a hostile server would send them, cut into reads of varying sizes.
@testable import SocketTransport

/// Hands out the input in pieces whose sizes cycle through `sizes`, then reports the end.
final class PiecewiseSource: ByteSource {
    private let bytes: [UInt8]
    private let sizes: [Int]
    private var offset = 0
    private var turn = 0

    init(_ bytes: [UInt8], sizes: [Int]) {
        self.bytes = bytes
        self.sizes = sizes
    }

    func read(into buffer: UnsafeMutableRawBufferPointer, deadline: Deadline) throws(StreamFailure) -> Int {
        let count = min(sizes[turn % sizes.count], bytes.count - offset, buffer.count)
        turn += 1
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { raw in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + count)]))
        }
        offset += count
        return count
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzResponse(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    // The first byte picks the read sizes and the method; the rest is what the server sends.
    let control = data[0]
    let sizes = [1 + Int(control & 7), 1 + Int(control >> 3 & 31), 4096]
    let reader = ResponseReader(source: PiecewiseSource(Array(UnsafeBufferPointer(start: data + 1, count: size - 1)),
                                                        sizes: sizes), deadline: .never)
    do {
        let head = try reader.readHead()
        let body = try reader.readBody(for: head, method: control & 0x80 != 0 ? "HEAD" : "GET")
        checkBoundedInflation(body, encoding: head.value("content-encoding"), retained: Int(control & 0x3F) * 97)
    } catch {
        // Every failure is a typed ResponseFailure; only crashes and hangs matter here.
    }
    return 0
}

/// Decoding that keeps only `retained` bytes in its first pass (and so often inflates twice)
/// must give exactly what one pass keeping everything gives: the same bytes or the same failure.
/// The small limit makes the refusal path as common as success.
func checkBoundedInflation(_ body: [UInt8], encoding: String?, retained: Int) {
    let limit = 1 << 16
    let bounded = Result { () throws(BodyDecoding.Failure) in
        try BodyDecoding.decode(body, encoding: encoding, limit: limit, retaining: retained)
    }
    let whole = Result { () throws(BodyDecoding.Failure) in
        try BodyDecoding.decode(body, encoding: encoding, limit: limit, retaining: limit)
    }
    switch (bounded, whole) {
    case let (.success(a), .success(b)): precondition(a == b, "two-pass inflation changed the body")
    case let (.failure(a), .failure(b)): precondition(a == b, "two-pass inflation failed differently: \(a) vs \(b)")
    default: preconditionFailure("two-pass inflation disagrees with one pass: \(bounded) vs \(whole)")
    }
}
