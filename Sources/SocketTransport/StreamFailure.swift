/// Why reading from or writing to an open connection stopped; the transport decides what it means.
enum StreamFailure: Error, Equatable {
    /// The deadline passed while waiting.
    case timedOut
    /// The peer closed the connection (or reset it) before the exchange was complete.
    case closed(detail: String)
    /// A TLS or system error, in words.
    case failed(detail: String)

    /// The words, for an error message.
    var detail: String {
        switch self {
        case .timedOut: return "timed out"
        case .closed(let detail), .failed(let detail): return detail
        }
    }
}

/// Why no connection could be opened.
enum ConnectFailure: Error, Equatable {
    /// The name did not resolve.
    case unresolved(host: String, detail: String)
    /// Every address refused or was unreachable; the detail is the last address's reason.
    case refused(detail: String)
    /// The deadline passed before any address answered.
    case timedOut
}
