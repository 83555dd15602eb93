import XSOARKit
import DarktraceAPI

/// A failure the command layer itself finds, in the user's words.
///
/// Commands throw these and whatever the pieces they call throw (`ArgumentError`,
/// `DarktraceError`, `TableToMarkdown.RenderError`); `detail(for:describe:)` turns any of them into
/// the text of the error entry, once, in the dispatcher.
public enum CommandError: Error, Sendable, Equatable {
    /// Darktrace answered with JSON of a shape the command cannot use.
    case unexpectedAnswer(endpoint: String, expected: String, got: String)
    /// Another failure, already in the user's words (kept as the reference integration worded it).
    case failure(String)

    /// The detail after "Failed to execute … command.\nError:\n".
    public var message: String {
        switch self {
        case .unexpectedAnswer(let endpoint, let expected, let got):
            return "Unexpected answer from Darktrace \(endpoint): expected \(expected), got \(got)."
        case .failure(let text): return text
        }
    }

    /// The error entry's detail for anything a command threw; `describe` words Darktrace's
    /// failures as the running integration does.
    static func detail(for error: any Error, describe: (DarktraceError) -> String) -> String {
        switch error {
        case let e as CommandError: return e.message
        case let e as ArgumentError: return e.description
        case let e as DarktraceError: return describe(e)
        case let e as TableToMarkdown.RenderError: return e.description
        default: return "\(error)"
        }
    }
}
