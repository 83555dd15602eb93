public import DarktraceAPI
public import XSOARKit

/// Why a command failed: the typed causes, turned into the user's text in one place (`message`).
public enum CommandError: Error, Sendable, Equatable {
    /// A bad or missing argument or setting; no request was sent.
    case argument(ArgumentError)
    /// The Darktrace call failed.
    case api(DarktraceError)
    /// Darktrace answered with JSON of a shape the command cannot use.
    case unexpectedAnswer(endpoint: String, expected: String, got: String)
    /// Another failure, already in the user's words (kept as the reference integration worded it).
    case failure(String)

    /// The detail after "Failed to execute … command.\nError:\n".
    public var message: String {
        switch self {
        case .argument(let e): return e.description
        case .api(let e): return e.message
        case .unexpectedAnswer(let endpoint, let expected, let got):
            return "Unexpected answer from Darktrace \(endpoint): expected \(expected), got \(got)."
        case .failure(let text): return text
        }
    }
}

extension CommandError {
    /// Lifts a throwing call's typed error into a `CommandError`.
    static func wrap<T>(_ body: () throws(DarktraceError) -> T) throws(CommandError) -> T {
        do { return try body() } catch { throw .api(error) }
    }

    /// Lifts an argument read into a `CommandError`.
    static func arguments<T>(_ body: () throws(ArgumentError) -> T) throws(CommandError) -> T {
        do { return try body() } catch { throw .argument(error) }
    }

    /// Lifts a table rendering into a `CommandError`.
    static func rendering(_ body: () throws(TableToMarkdown.RenderError) -> String) throws(CommandError) -> String {
        do { return try body() } catch { throw .failure(error.description) }
    }
}
