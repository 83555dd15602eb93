public import HTTPTransport
import DarktraceAPI
public import OrderedJSON
import XSOARKit
public import CivilTime

/// What the process needs from the outside world, injected so tests can replace each piece.
public struct RunEnvironment {
    /// Creates the transport once the instance settings are known.
    public var makeTransport: (TransportOptions) -> any HTTPTransport
    /// Epoch milliseconds now.
    public var clock: @Sendable () -> Int64
    /// Waits between retries.
    public var sleep: @Sendable (Double) -> Void
    /// Writes one log line to stderr (already free of tokens when it gets here).
    public var log: @Sendable (String) -> Void

    public init(makeTransport: @escaping (TransportOptions) -> any HTTPTransport,
                clock: @escaping @Sendable () -> Int64 = CivilTime.nowMilliseconds,
                sleep: @escaping @Sendable (Double) -> Void = { _ in },
                log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.makeTransport = makeTransport
        self.clock = clock
        self.sleep = sleep
        self.log = log
    }
}

/// The process's answer: the result object for stdout and the exit status.
public struct RunResult: Sendable, Equatable {
    /// The one JSON object stdout carries.
    public var output: JSONValue
    public var exitStatus: Int32

    /// stdout's bytes: the result as compact JSON and a newline.
    public var stdout: [UInt8] {
        var bytes = output.compactJSONBytes()
        bytes.append(0x0A)
        return bytes
    }

    /// Writes stdout's bytes in chunks (a large result is never held twice in memory).
    public func writeStdout(_ write: ([UInt8]) -> Void) {
        output.writeCompactJSON(to: write)
        write([0x0A])
    }
}

/// The integration as one function: envelope bytes in, result bytes and exit status out.
public enum Integration {
    /// Exit status of a command that succeeded (test-module: that wrote its verdict).
    public static let exitSuccess: Int32 = 0
    /// Exit status of a command that failed and wrote an error entry.
    public static let exitCommandFailed: Int32 = 1
    /// Exit status when the envelope itself is unusable.
    public static let exitBadEnvelope: Int32 = 2

    /// The names of every command of the v1 integration, sorted.
    public static var commandNames: [String] {
        commandNames(of: nil) ?? []
    }

    /// The names of every command of one integration (nil: v1), sorted; nil for an unknown name.
    public static func commandNames(of integration: String?) -> [String]? {
        definition(named: integration)?.commands.keys.sorted()
    }

    /// The names of the integrations the envelope's `"integration"` may give, sorted.
    public static var integrationNames: [String] {
        Integrations.names
    }

    /// Runs one envelope to completion. Never traps: every failure becomes an error entry.
    public static func run(input: [UInt8], environment: RunEnvironment) -> RunResult {
        let envelope: Envelope
        do {
            envelope = try Envelope.decode(input)
        } catch {
            return errorResult(command: error.command ?? "darktrace-xsoar", detail: error.reason, status: exitBadEnvelope)
        }
        guard let integration = definition(named: envelope.integration) else {
            let name = shortened(envelope.integration ?? "")
            return errorResult(command: shortened(envelope.command),
                               detail: "Unknown integration \"\(name)\". This binary answers: \(Integrations.names.joined(separator: ", ")).",
                               status: exitBadEnvelope)
        }
        guard let handler = integration.commands[envelope.command] else {
            let known = integration.commands.keys.sorted().joined(separator: ", ")
            let name = shortened(envelope.command)
            return errorResult(command: name, detail: "Unknown command \"\(name)\". This integration answers: \(known).",
                               status: exitBadEnvelope)
        }
        let redactor = Redactor(params: envelope.params)
        let log: @Sendable (String) -> Void = { [log = environment.log] line in log(redactor.redact(line)) }
        do {
            return try execute(handler, of: integration, envelope: envelope, environment: environment, log: log)
        } catch {
            let detail = CommandError.detail(for: error, describe: integration.describe)
            log("\(envelope.command) failed: \(detail)")
            return errorResult(command: envelope.command, detail: redactor.redact(detail), status: exitCommandFailed)
        }
    }

    /// The definition an envelope's `"integration"` names: v1 when it names none.
    static func definition(named name: String?) -> IntegrationDefinition? {
        guard let name else { return Integrations.v1 }
        return Integrations.byName[name]
    }

    private static func execute(_ handler: Handler, of integration: IntegrationDefinition, envelope: Envelope,
                                environment: RunEnvironment, log: @escaping @Sendable (String) -> Void) throws -> RunResult {
        let settings = try ConnectionSettings(params: envelope.params, credentials: integration.credentials)
        let client = try DarktraceClient(baseURL: settings.url, publicToken: settings.publicToken,
                                         privateToken: settings.privateToken,
                                         transport: environment.makeTransport(settings.transport),
                                         clock: environment.clock, sleep: environment.sleep, log: log)
        let context = CommandContext(client: client, params: envelope.params, lastRun: envelope.lastRun, log: log)
        switch handler {
        case .testModule(let testModule):
            return output(["entries": .array([.string(try testModule(context))])], status: exitSuccess)
        case .fetchIncidents(let fetch):
            let outcome = try fetch(context)
            return output(["entries": .array([]), "incidents": .array(outcome.incidents), "lastRun": outcome.lastRun],
                          status: exitSuccess)
        case .command(let command):
            let result = try command(client, envelope.args)
            return output(["entries": .array([result.entry()])], status: exitSuccess)
        }
    }

    /// A name from the envelope, cut to 200 characters for messages.
    private static func shortened(_ name: String) -> String {
        name.count > 200 ? name.prefix(200) + "…" : name
    }

    private static func errorResult(command: String, detail: String, status: Int32) -> RunResult {
        output(["entries": .array([Entry.error(command: command, detail: detail)])], status: status)
    }

    private static func output(_ members: KeyValuePairs<String, JSONValue>, status: Int32) -> RunResult {
        RunResult(output: .object(JSONObject(members)), exitStatus: status)
    }
}
