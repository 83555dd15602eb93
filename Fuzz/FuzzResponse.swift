// libFuzzer target: the HTTP response reader (head, framing, chunked bodies) and body decoding,
// fed arbitrary bytes as a hostile server would send them.
#if canImport(Glibc)
import Glibc
#endif
@testable import SocketTransport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzResponse(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    var ends: [Int32] = [-1, -1]
    guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0 else { return 0 }
    // Inputs are capped at 4 KB (-max_len), well inside the socket buffer: one write, then EOF.
    _ = write(ends[1], data, size)
    close(ends[1])
    _ = fcntl(ends[0], F_SETFL, fcntl(ends[0], F_GETFL) | O_NONBLOCK)
    let reader = ResponseReader(connection: Connection(fd: ends[0]), deadline: .after(seconds: 5))
    let method = size > 0 && data[0] & 1 == 1 ? "HEAD" : "GET"
    do {
        let head = try reader.readHead()
        let body = try reader.readBody(for: head, method: method)
        _ = try? BodyDecoding.decode(body, encoding: head.value("content-encoding"))
    } catch {
        // Every failure is a typed ResponseFailure; only crashes and hangs matter here.
    }
    return 0
}
