import CResolver
import Glibc

/// Name resolution bounded by a deadline.
///
/// getaddrinfo has no timeout of its own, so a silent DNS server would hold a command for
/// resolv.conf's retries, past the connect timeout. The lookup runs on a helper thread
/// (`CResolver`) and is abandoned when the deadline passes; address literals need no thread.
enum AddressLookup {
    /// What a lookup came to.
    enum Outcome {
        /// The addresses, to be freed with freeaddrinfo.
        case addresses(UnsafeMutablePointer<addrinfo>)
        /// The name did not resolve; getaddrinfo's words.
        case failed(detail: String)
        /// The deadline passed first.
        case timedOut
    }

    /// Resolves `host` for a TCP connection to `port` by `deadline`; `function` stands in for
    /// getaddrinfo in tests.
    static func resolve(host: String, port: Int, deadline: Deadline, using function: cres_lookup_fn? = nil) -> Outcome {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var found: UnsafeMutableRawPointer?
        var status: Int32 = 0
        let finished = if let function {
            cres_getaddrinfo_with(function, host, String(port), &hints, deadline.pollTimeout, &found, &status)
        } else {
            cres_getaddrinfo(host, String(port), &hints, deadline.pollTimeout, &found, &status)
        }
        guard finished == 0 else { return .timedOut }
        // CResolver passes getaddrinfo's `struct addrinfo *` untyped (see its header).
        let list = found?.assumingMemoryBound(to: addrinfo.self)
        guard status == 0, let list else {
            if let list { freeaddrinfo(list) }
            return .failed(detail: String(cString: gai_strerror(status)))
        }
        return .addresses(list)
    }
}
