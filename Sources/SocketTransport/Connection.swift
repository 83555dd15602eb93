import CTLSShim
import Glibc
import HTTPTransport

/// One TCP connection, with TLS layered on once `startTLS` succeeds; closed when released.
///
/// The socket is non-blocking throughout and every wait is a poll(2) bounded by the caller's
/// deadline, so a silent peer costs at most the time left, whichever phase it stalls in.
final class Connection: ByteSource {
    private let fd: Int32
    private var tls: OpaquePointer?
    /// After a failed `startTLS`: whether the certificate was the problem, and how.
    private(set) var certificateProblem = TLSFailureKind.handshake
    /// Where OpenSSL writes its account of a failure; one spare byte keeps it terminated.
    private var errorText = [CChar](repeating: 0, count: 257)

    /// Takes ownership of a connected socket (tests hand in one end of a socketpair).
    init(fd: Int32) {
        self.fd = fd
    }

    deinit {
        if let tls { ctls_session_free(tls) }
        close(fd)
    }

    // MARK: Opening

    /// Resolves `host` and connects to the first of its addresses that accepts, by `deadline`.
    static func open(host: String, port: Int, deadline: Deadline) throws(ConnectFailure) -> Connection {
        let first: UnsafeMutablePointer<addrinfo>
        switch AddressLookup.resolve(host: host, port: port, deadline: deadline) {
        case .addresses(let list): first = list
        case .failed(let detail): throw .unresolved(host: host, detail: detail)
        case .timedOut: throw .timedOut
        }
        defer { freeaddrinfo(first) }

        var lastReason = "no address to connect to"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry {
            entry = address.pointee.ai_next
            let fd = socket(address.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
                            | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else {
                lastReason = Self.systemError(errno)
                continue
            }
            let connection = Connection(fd: fd)
            switch connection.finishConnect(to: address.pointee, deadline: deadline) {
            case 0:
                var on: Int32 = 1
                // The request goes out in one write; no reason to let Nagle hold a tail back.
                setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
                return connection
            case ETIMEDOUT where deadline.hasPassed:
                throw .timedOut
            case let code:
                lastReason = "Failed to connect to \(host) port \(port): \(Self.systemError(code))"
            }
        }
        throw .refused(detail: lastReason)
    }

    /// Connects this socket to `address`; returns 0 or the errno that ended the attempt.
    private func finishConnect(to address: addrinfo, deadline: Deadline) -> Int32 {
        if connect(fd, address.ai_addr, address.ai_addrlen) == 0 { return 0 }
        guard errno == EINPROGRESS || errno == EINTR else { return errno }
        switch wait(for: Int16(POLLOUT), until: deadline) {
        case .ready: break
        case .timedOut: return ETIMEDOUT
        case .failed(let code): return code
        }
        var result: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &result, &length) == 0 else { return errno }
        return result
    }

    /// Performs a TLS client handshake for `host` (no brackets) by `deadline`.
    func startTLS(host: String, verify: Bool, trust: TrustStore, deadline: Deadline) throws(StreamFailure) {
        let session = errorText.withUnsafeMutableBufferPointer { buffer in
            ctls_session_new(fd, host, verify ? 1 : 0, trust.caFile, trust.caPath, buffer.baseAddress, buffer.count - 1)
        }
        guard let session else { throw .failed(detail: lastErrorText) }
        tls = session
        while true {
            let step = errorText.withUnsafeMutableBufferPointer { ctls_handshake(session, $0.baseAddress, $0.count - 1) }
            switch step {
            case Int32(CTLS_OK): return
            case Int32(CTLS_WANT_READ): try waitReady(Int16(POLLIN), until: deadline)
            case Int32(CTLS_WANT_WRITE): try waitReady(Int16(POLLOUT), until: deadline)
            case Int32(CTLS_CLOSED): throw .closed(detail: "the server closed the connection during the TLS handshake")
            default:
                switch ctls_certificate_problem(session) {
                case Int32(CTLS_CERTIFICATE_UNTRUSTED): certificateProblem = .untrustedCertificate
                case Int32(CTLS_CERTIFICATE_NAME_MISMATCH): certificateProblem = .nameMismatch
                default: certificateProblem = .handshake
                }
                throw .failed(detail: lastErrorText)
            }
        }
    }

    // MARK: Transfer

    /// Sends every byte of `bytes` by `deadline`.
    func writeAll(_ bytes: [UInt8], deadline: Deadline) throws(StreamFailure) {
        var offset = 0
        while offset < bytes.count {
            // withUnsafeBytes does not carry typed throws, so the outcome travels as a Result.
            let written = bytes.withUnsafeBytes { raw in
                Result { () throws(StreamFailure) -> Int in
                    try writeSome(UnsafeRawBufferPointer(rebasing: raw[offset...]), deadline: deadline)
                }
            }
            offset += try written.get()
        }
    }

    /// Reads what is available into `buffer` (waiting by `deadline`); 0 means the peer closed.
    func read(into buffer: UnsafeMutableRawBufferPointer, deadline: Deadline) throws(StreamFailure) -> Int {
        if let tls {
            return try tlsProgress(deadline: deadline) {
                ctls_read(tls, buffer.baseAddress, buffer.count, $0, $1)
            }
        }
        while true {
            let count = recv(fd, buffer.baseAddress, buffer.count, 0)
            if count >= 0 { return count }
            switch errno {
            case EAGAIN, EWOULDBLOCK: try waitReady(Int16(POLLIN), until: deadline)
            case EINTR: continue
            case ECONNRESET: throw .closed(detail: "Connection reset by peer")
            case let code: throw .failed(detail: Self.systemError(code))
            }
        }
    }

    private func writeSome(_ bytes: UnsafeRawBufferPointer, deadline: Deadline) throws(StreamFailure) -> Int {
        if let tls {
            let count = try tlsProgress(deadline: deadline) {
                ctls_write(tls, bytes.baseAddress, bytes.count, $0, $1)
            }
            if count == 0 { throw .closed(detail: lastErrorText) }
            return count
        }
        while true {
            // MSG_NOSIGNAL: a peer gone away is an error to report, not a SIGPIPE that kills us.
            let count = send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if count >= 0 { return count }
            switch errno {
            case EAGAIN, EWOULDBLOCK: try waitReady(Int16(POLLOUT), until: deadline)
            case EINTR: continue
            case EPIPE, ECONNRESET: throw .closed(detail: Self.systemError(errno))
            case let code: throw .failed(detail: Self.systemError(code))
            }
        }
    }

    /// Repeats a TLS read or write (given the error buffer and its size) until it moves bytes:
    /// waits out OpenSSL's want-read/want-write, returns 0 when the peer has closed.
    private func tlsProgress(deadline: Deadline,
                             _ call: (UnsafeMutablePointer<CChar>?, Int) -> Int) throws(StreamFailure) -> Int {
        while true {
            let count = errorText.withUnsafeMutableBufferPointer { call($0.baseAddress, $0.count - 1) }
            switch count {
            case 1...: return count
            case CTLS_WANT_READ: try waitReady(Int16(POLLIN), until: deadline)
            case CTLS_WANT_WRITE: try waitReady(Int16(POLLOUT), until: deadline)
            case CTLS_CLOSED: return 0
            default: throw .failed(detail: lastErrorText)
            }
        }
    }

    // MARK: Waiting

    private enum WaitOutcome {
        case ready
        case timedOut
        case failed(Int32)
    }

    /// Waits until the socket is ready for `events` or the deadline passes.
    private func wait(for events: Int16, until deadline: Deadline) -> WaitOutcome {
        var descriptor = pollfd(fd: fd, events: events, revents: 0)
        while true {
            // Before polling, not only when poll times out: a peer that keeps the socket ready
            // (TLS records that carry no data, say) would otherwise never let the deadline show.
            if deadline.hasPassed { return .timedOut }
            let timeout = deadline.pollTimeout
            let ready = poll(&descriptor, 1, timeout)
            if ready > 0 { return .ready }  // errors and hang-ups surface in the next call
            if ready == 0 { return timeout == 0 || deadline.hasPassed ? .timedOut : .ready }
            if errno != EINTR { return .failed(errno) }
        }
    }

    private func waitReady(_ events: Int16, until deadline: Deadline) throws(StreamFailure) {
        switch wait(for: events, until: deadline) {
        case .ready: return
        case .timedOut: throw .timedOut
        case .failed(let code): throw .failed(detail: Self.systemError(code))
        }
    }

    private var lastErrorText: String {
        let text = String(decoding: errorText.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text.isEmpty ? "TLS failure" : text
    }

    static func systemError(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}
