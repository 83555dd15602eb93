import DarktraceAPI
import HTTPTransport
import Synchronization

/// A thread-safe list the client's `@Sendable` sleep and log closures append to.
final class Recorder<Element: Sendable>: Sendable {
    private let items = Mutex<[Element]>([])

    func append(_ item: Element) {
        items.withLock { $0.append(item) }
    }

    var all: [Element] { items.withLock { $0 } }
}

/// What the fake server does with one request: answer, or fail the way a transport fails.
enum Outcome {
    case answer(HTTPResponse)
    case fail(TransportError)

    /// A response with a status, a body and optional headers.
    static func status(_ status: Int, _ body: String = "", headers: [HTTPHeader] = []) -> Outcome {
        .answer(HTTPResponse(status: status, headers: headers, body: Array(body.utf8)))
    }

    /// A 200 with a JSON body.
    static func json(_ body: String) -> Outcome {
        status(200, body, headers: [HTTPHeader("Content-Type", "application/json")])
    }
}

/// Plays outcomes in order through a ClosureTransport and keeps every request the client sent.
final class FakeDarktrace {
    private var outcomes: [Outcome]
    private(set) var requests: [HTTPRequest] = []
    let sleeps = Recorder<Double>()
    let logs = Recorder<String>()

    /// The fixed clock: 2025-01-15T12:30:00.999Z, so DTAPI-Date is `20250115T123000`.
    static let now: Int64 = 1_736_944_200_999
    static let date = "20250115T123000"

    init(_ outcomes: [Outcome]) {
        self.outcomes = outcomes
    }

    var transport: ClosureTransport {
        ClosureTransport { [self] (request: HTTPRequest) throws(TransportError) -> HTTPResponse in
            requests.append(request)
            guard !outcomes.isEmpty else { return HTTPResponse(status: 599, body: Array("script ran out".utf8)) }
            switch outcomes.removeFirst() {
            case .answer(let response): return response
            case .fail(let error): throw error
            }
        }
    }

    /// A client on `baseURL` with tokens `pub`/`priv`, the fixed clock and recorded sleeps and logs.
    func client(baseURL: String = "https://dt.example", retryPolicy: RetryPolicy = .standard)
        throws(DarktraceError) -> DarktraceClient {
        let sleeps = self.sleeps
        let logs = self.logs
        return try DarktraceClient(baseURL: baseURL, publicToken: "pub", privateToken: "priv", transport: transport,
                                   retryPolicy: retryPolicy, clock: { FakeDarktrace.now },
                                   sleep: { sleeps.append($0) }, log: { logs.append($0) })
    }

    /// The value of a request header (first match, case-insensitive).
    static func header(_ name: String, of request: HTTPRequest) -> String? {
        request.headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
