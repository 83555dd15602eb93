@testable import SocketTransport
import Foundation
import HTTPTransport
import XCTest
import Glibc

/// The harness of ResponseReaderTests: socket pairs, paced writers and one-call exchanges.
extension ResponseReaderTests {
    /// A connected pair: ours non-blocking inside a `Connection`, the peer's a plain blocking descriptor.
    func socketPair(file: StaticString = #filePath, line: UInt = #line) throws -> (ours: Int32, peer: Int32) {
        var fds: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0 else {
            XCTFail("socketpair failed: errno \(errno)", file: file, line: line)
            throw SocketError.failed("socketpair")
        }
        let flags = fcntl(fds[0], F_GETFL)
        XCTAssertEqual(fcntl(fds[0], F_SETFL, flags | O_NONBLOCK), 0, file: file, line: line)
        return (fds[0], fds[1])
    }

    /// A TCP connection over loopback: the client's end non-blocking, and the server's end.
    func tcpPair() throws -> (client: Int32, server: Int32) {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ready = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { named in
                bind(listener, named, length) == 0 && listen(listener, 1) == 0 && getsockname(listener, named, &length) == 0
            }
        }
        let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        let connected = ready && withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, length) == 0 }
        }
        let server = connected ? accept(listener, nil, nil) : -1
        guard server >= 0 else {
            close(client)
            throw SocketError.failed("loopback connection")
        }
        _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
        return (client, server)
    }

    /// Reads one response to `method` while `pieces` are written to the peer (`pause` microseconds
    /// after each), which then shuts its side down, or, when `closing` is false, stays silent until read.
    func outcome(_ pieces: [[UInt8]], method: String, pause: useconds_t, closing: Bool,
                         deadline: Deadline) throws -> Result<(ResponseHead, [UInt8]), ResponseFailure> {
        let (ours, peer) = try socketPair()
        let written = DispatchSemaphore(value: 0)
        let total = pieces.reduce(0) { $0 + $1.count }
        let write: @Sendable () -> Void = {
            for piece in pieces {
                var offset = 0
                while offset < piece.count {
                    let count = piece[offset...].withUnsafeBytes { send(peer, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                    guard count > 0 else { break }  // the reader gave up and closed its end
                    offset += count
                }
                if pause > 0 { usleep(pause) }
            }
            if closing { shutdown(peer, Int32(SHUT_WR)) }
            written.signal()
        }
        // Small writes that need no pause fit in the socket buffer: write them before reading.
        let inBackground = pause > 0 || total > 64 << 10
        if inBackground { Thread(block: write).start() } else { write() }
        let result = Self.read(Connection(fd: ours), method: method, deadline: deadline)
        // The reader (and with it our end) is gone here, so a writer stuck on a full buffer is released.
        if inBackground { written.wait() }
        close(peer)
        return result
    }

    /// `size` bytes whose period (251 KB) is no multiple of any power-of-two block: a misplaced block shows.
    /// Built by doubling, since a byte loop over megabytes is slow in a debug build.
    static func pattern(_ size: Int) -> [UInt8] {
        var bytes = (0..<(251 << 10)).map { UInt8(truncatingIfNeeded: $0 % 251 ^ $0 >> 10) }
        while bytes.count < size { bytes.append(contentsOf: bytes) }
        return Array(bytes.prefix(size))
    }

    /// Byte equality by memcmp: an element loop over megabytes is slow in a debug build.
    static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.count == b.count && a.withUnsafeBytes { x in b.withUnsafeBytes { y in memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 } }
    }

    static func read(_ connection: Connection, method: String,
                             deadline: Deadline) -> Result<(ResponseHead, [UInt8]), ResponseFailure> {
        let reader = ResponseReader(source: connection, deadline: deadline)
        return Result { () throws(ResponseFailure) in
            let head = try reader.readHead()
            return (head, try reader.readBody(for: head, method: method))
        }
    }

    func exchange(_ pieces: [[UInt8]], method: String = "GET", pause: useconds_t = 0, closing: Bool = true,
                          file: StaticString = #filePath, line: UInt = #line) throws -> (ResponseHead, [UInt8]) {
        switch try outcome(pieces, method: method, pause: pause, closing: closing, deadline: .after(seconds: 5)) {
        case .success(let response): return response
        case .failure(let failure):
            XCTFail("expected a response, got \(failure)", file: file, line: line)
            throw failure
        }
    }

    func exchange(_ text: String, method: String = "GET",
                          file: StaticString = #filePath, line: UInt = #line) throws -> (ResponseHead, [UInt8]) {
        try exchange([Array(text.utf8)], method: method, file: file, line: line)
    }

    func failure(_ pieces: [[UInt8]], closing: Bool = true, deadline: Deadline = .after(seconds: 5),
                         file: StaticString = #filePath, line: UInt = #line) -> ResponseFailure? {
        do {
            switch try outcome(pieces, method: "GET", pause: 0, closing: closing, deadline: deadline) {
            case .success(let (head, body)):
                XCTFail("expected a failure, got \(head.status) with \(body.count) body bytes", file: file, line: line)
                return nil
            case .failure(let failure):
                return failure
            }
        } catch {
            XCTFail("\(error)", file: file, line: line)
            return nil
        }
    }

    func exchange(_ texts: [String], method: String = "GET", pause: useconds_t = 0, closing: Bool = true,
                          file: StaticString = #filePath, line: UInt = #line) throws -> (ResponseHead, [UInt8]) {
        try exchange(texts.map { Array($0.utf8) }, method: method, pause: pause, closing: closing, file: file, line: line)
    }

    func failure(_ texts: [String], closing: Bool = true, deadline: Deadline = .after(seconds: 5),
                         file: StaticString = #filePath, line: UInt = #line) -> ResponseFailure? {
        failure(texts.map { Array($0.utf8) }, closing: closing, deadline: deadline, file: file, line: line)
    }

    /// No bytes at all.
    var nothing: [[UInt8]] { [] }

    func failure(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> ResponseFailure? {
        failure([Array(text.utf8)], file: file, line: line)
    }
}
