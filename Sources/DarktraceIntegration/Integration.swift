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

    /// The names of every command, sorted.
    public static var commandNames: [String] {
        CommandTable.handlers.keys.sorted()
    }

    /// Runs one envelope to completion. Never traps: every failure becomes an error entry.
    public static func run(input: [UInt8], environment: RunEnvironment) -> RunResult {
        let envelope: Envelope
        do {
            envelope = try Envelope.decode(input)
        } catch {
            return errorResult(command: error.command ?? "darktrace-xsoar", detail: error.reason, status: exitBadEnvelope)
        }
        guard let handler = CommandTable.handlers[envelope.command] else {
            let known = commandNames.joined(separator: ", ")
            let name = envelope.command.count > 200 ? envelope.command.prefix(200) + "…" : envelope.command
            return errorResult(command: name, detail: "Unknown command \"\(name)\". This integration answers: \(known).",
                               status: exitBadEnvelope)
        }
        let redactor = Redactor(params: envelope.params)
        let log: @Sendable (String) -> Void = { [log = environment.log] line in log(redactor.redact(line)) }
        do {
            return try execute(handler, envelope: envelope, environment: environment, log: log)
        } catch {
            log("\(envelope.command) failed: \(error.message)")
            return errorResult(command: envelope.command, detail: redactor.redact(error.message), status: exitCommandFailed)
        }
    }

    private static func execute(_ handler: CommandTable.Handler, envelope: Envelope, environment: RunEnvironment,
                                log: @escaping @Sendable (String) -> Void) throws(CommandError) -> RunResult {
        let settings = try CommandError.arguments { () throws(ArgumentError) in try ConnectionSettings(params: envelope.params) }
        // Fetch settings are checked before any request, so a bad setting costs no API call.
        var fetchSettings: FetchSettings?
        if case .fetchIncidents = handler {
            fetchSettings = try FetchSettings(params: envelope.params, nowMilliseconds: environment.clock())
        } else if case .testModule = handler, (try? envelope.params.bool("isFetch", default: false)) == true {
            _ = try FetchSettings(params: envelope.params, nowMilliseconds: environment.clock())
        }
        let client = try CommandError.wrap { () throws(DarktraceError) in
            try DarktraceClient(baseURL: settings.url, publicToken: settings.publicToken,
                                privateToken: settings.privateToken,
                                transport: environment.makeTransport(settings.transport),
                                clock: environment.clock, sleep: environment.sleep, log: log)
        }
        switch handler {
        case .testModule:
            let verdict = try testModuleCommand(client: client)
            return output(["entries": .array([.string(verdict)])], status: exitSuccess)
        case .fetchIncidents:
            guard let fetchSettings else { throw .failure("fetch settings were not read") }
            let outcome = try fetchIncidentsCommand(client: client, settings: fetchSettings,
                                                    lastRun: envelope.lastRun, log: log)
            return output(["entries": .array([]), "incidents": .array(outcome.incidents),
                           "lastRun": outcome.cursor.lastRun], status: exitSuccess)
        case .command(let function):
            let result = try function(client, envelope.args)
            return output(["entries": .array([result.entry()])], status: exitSuccess)
        }
    }

    private static func errorResult(command: String, detail: String, status: Int32) -> RunResult {
        output(["entries": .array([Entry.error(command: command, detail: detail)])], status: status)
    }

    private static func output(_ members: KeyValuePairs<String, JSONValue>, status: Int32) -> RunResult {
        RunResult(output: .object(JSONObject(members)), exitStatus: status)
    }
}
