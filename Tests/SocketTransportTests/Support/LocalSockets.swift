import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A listening socket on 127.0.0.1 that never accepts: the kernel completes TCP handshakes into the
/// backlog, so a client connects but never hears back (a TLS handshake then stalls).
final class SilentListener {
    let port: Int
    private let descriptor: Int32

    init() throws {
        let (descriptor, port) = try bindLoopback()
        guard listen(descriptor, 16) == 0 else {
            close(descriptor)
            throw SocketError.failed("listen")
        }
        self.descriptor = descriptor
        self.port = port
    }

    deinit {
        close(descriptor)
    }
}

/// A loopback port with nothing listening on it (bound, read, released).
func closedLoopbackPort() throws -> Int {
    let (descriptor, port) = try bindLoopback()
    close(descriptor)
    return port
}

enum SocketError: Error {
    case failed(String)
}

private func bindLoopback() throws -> (Int32, Int) {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw SocketError.failed("socket") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    guard bound == 0 else {
        close(descriptor)
        throw SocketError.failed("bind")
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let named = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            getsockname(descriptor, $0, &length)
        }
    }
    guard named == 0 else {
        close(descriptor)
        throw SocketError.failed("getsockname")
    }
    return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
}
