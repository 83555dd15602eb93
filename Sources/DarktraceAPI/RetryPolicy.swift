public import HTTPTransport

/// When and how long to wait before trying a request again.
///
/// GETs are retried on 429, 502, 503, 504 and on connection failures; a POST only when the
/// request certainly never left (it may otherwise have acknowledged a breach already).
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    /// The wait before the first retry, doubled for each later one.
    public var baseDelaySeconds: Double
    /// The longest single wait, also the cap on a server's Retry-After.
    public var maxDelaySeconds: Double

    public init(maxAttempts: Int = 3, baseDelaySeconds: Double = 0.5, maxDelaySeconds: Double = 10) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelaySeconds = baseDelaySeconds
        self.maxDelaySeconds = maxDelaySeconds
    }

    /// The default: three attempts, 0.5 s then 1 s apart.
    public static let standard = RetryPolicy()

    /// Statuses worth another attempt for a GET.
    public static let retryableStatuses: Set<Int> = [429, 502, 503, 504]

    /// The wait before attempt `attempt + 1` after `response`, or nil when it must not be retried.
    public func delay(after response: HTTPResponse, attempt: Int, method: String) -> Double? {
        guard attempt < maxAttempts, method == "GET", Self.retryableStatuses.contains(response.status) else { return nil }
        if let header = response.header("Retry-After"), let seconds = Double(header.trimmingSpaces), seconds >= 0 {
            return min(seconds, maxDelaySeconds)
        }
        return backoff(attempt)
    }

    /// The wait before attempt `attempt + 1` after a transport failure, or nil when it must not be retried.
    public func delay(after error: TransportError, attempt: Int, method: String) -> Double? {
        guard attempt < maxAttempts else { return nil }
        if method != "GET" { return error.requestCertainlyNotSent && isTransient(error) ? backoff(attempt) : nil }
        return isTransient(error) ? backoff(attempt) : nil
    }

    /// Failures another attempt may cure: not DNS, TLS, a bad URL or proxy setting, and not a
    /// server that already used up the whole timeout (retrying it would multiply the wait).
    private func isTransient(_ error: TransportError) -> Bool {
        switch error {
        case .connectionFailed, .connectionLost: return true
        case .proxy(_, let transient): return transient
        case .timedOut(let phase, _): return phase == .connect
        case .hostNotFound, .tls, .invalidURL, .other: return false
        }
    }

    private func backoff(_ attempt: Int) -> Double {
        var d = baseDelaySeconds
        for _ in 1..<max(1, attempt) { d *= 2 }
        return min(d, maxDelaySeconds)
    }
}

extension String {
    /// The text without surrounding spaces, tabs and line breaks (on Unicode scalars, so a
    /// trailing "\r\n" goes too).
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        let ws: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let first = scalars.firstIndex(where: { !ws($0) }), let last = scalars.lastIndex(where: { !ws($0) }) else { return "" }
        return String(scalars[first...last])
    }
}
