import DarktraceAPI
import DarktraceIntegration
import Foundation
import HTTPTransport
import OrderedJSON
import Testing

/// Tokens a server echoes back escaped, or where a quote of its answer is cut, or in the Server
/// URL's user information: none of it reaches stdout or the log, in any integration's wording.
@Suite struct SecretFormsTests {
    /// A private token with what serialisers escape: a quote, a backslash, é, an astral character.
    static let privateToken = "PRIV\"sec\\ret-é-😀-0b5d2e8f"
    static let publicToken = "PUB-7f3a9c1e-visible-nowhere"

    /// Every form the private token may be written in (Python's json.dumps both ways, their
    /// bytes repr inside b'...'), and the prefixes a cut would leave.
    static let leaks: [String] = [
        privateToken, "PRIV\\\"sec\\\\ret-\\u00e9-\\ud83d\\ude00-0b5d2e8f", "PRIV\\\"sec\\\\ret-é-😀-0b5d2e8f",
        "PRIV\\\\\"sec\\\\\\\\ret-\\\\u00e9", "PRIV\"sec\\\\ret-\\xc3\\xa9", "PRIV\\\"sec", "PRIV\"sec", publicToken, "PUB-7f3a",
    ]

    /// json.dumps of `text` (ensure_ascii), as a Python server would echo it.
    static func dumps(_ text: String, ascii: Bool = true) -> String {
        ascii ? JSONValue.string(text).pythonJSONDumps() : JSONValue.string(text).compactJSON()
    }

    /// Answers, each putting the tokens somewhere a message quotes.
    static let answers: [(String, @Sendable (HTTPRequest) throws(TransportError) -> HTTPResponse)] = [
        ("400 JSON, ensure_ascii", { _ in HTTPResponse(status: 400, body: Array(#"{"error": "bad key", "key": \#(dumps(privateToken))}"#.utf8)) }),
        ("500 JSON, ensure_ascii=False", { _ in HTTPResponse(status: 500, body: Array(#"{"key": \#(dumps(privateToken, ascii: false)), "p": "\#(publicToken)"}"#.utf8)) }),
        ("404 JSON error naming the token", { _ in HTTPResponse(status: 404, body: Array(#"{"error": \#(dumps(privateToken))}"#.utf8)) }),
        ("503 page with the token across the 64 KiB cut", { _ in
            HTTPResponse(status: 503, body: Array((String(repeating: "p", count: DarktraceError.maximumQuotedBody - 10) + privateToken).utf8))
        }),
        ("200 text with the token across byte 120", { _ in
            HTTPResponse(status: 200, body: Array((String(repeating: "t", count: 110) + privateToken + publicToken).utf8))
        }),
        ("200 answer without response, token across the 1,000-character quote", { _ in
            HTTPResponse(status: 200, body: Array(#"{"error": "\#(String(repeating: "q", count: 980))\#(publicToken)"}"#.utf8))
        }),
    ]

    final class LogCollector: @unchecked Sendable {
        var lines: [String] = []
    }

    /// Runs `command` of `integration` (nil: v1) against `respond`; stdout and the log, joined.
    static func run(integration: String?, command: String, args: JSONObject, url: String = "https://dt.invalid",
                    respond: @escaping @Sendable (HTTPRequest) throws(TransportError) -> HTTPResponse) -> (String, Int32) {
        let names = integration == nil ? ("public_api_token", "private_api_token") : ("publicApiKey", "privateApiKey")
        var params = JSONObject(["url": .string(url)])
        params[names.0] = .string(publicToken)
        params[names.1] = .string(privateToken)
        var envelope = JSONObject(["command": .string(command), "params": .object(params), "args": .object(args)])
        if let integration { envelope["integration"] = .string(integration) }
        let log = LogCollector()
        let result = Integration.run(input: JSONValue.object(envelope).compactJSONBytes(),
                                     environment: RunEnvironment(makeTransport: { _ in ClosureTransport(respond) },
                                                                 log: { log.lines.append($0) }))
        return (String(decoding: result.stdout, as: UTF8.self) + "\n" + log.lines.joined(separator: "\n"), result.exitStatus)
    }

    /// One command per integration, each quoting answers its own way (v1 json.dumps, the later
    /// ones Python's bytes repr).
    static let commands: [(String?, String, JSONObject)] = [
        (nil, "darktrace-get-breach", JSONObject(["pbid": .string("95")])),
        (nil, "darktrace-acknowledge", JSONObject(["pbid": .string("95")])),
        ("DarktraceMBs", "test-module", JSONObject()),
        ("DarktraceAIA", "test-module", JSONObject()),
        ("DarktraceAdmin", "test-module", JSONObject()),
        ("DarktraceEmail", "test-module", JSONObject()),
    ]

    @Test(arguments: 0..<answers.count)
    func noFormOfATokenIsPrinted(answer index: Int) {
        let (label, respond) = Self.answers[index]
        for (integration, command, args) in Self.commands {
            let (output, _) = Self.run(integration: integration, command: command, args: args, respond: respond)
            for leak in Self.leaks {
                #expect(!output.contains(leak), "\(label) / \(integration ?? "v1") \(command): \(leak) in \(output)")
            }
        }
    }

    /// A message without secrets is exactly what it was: redaction touches nothing else.
    @Test func messagesWithoutTokensAreUnchanged() {
        let respond: @Sendable (HTTPRequest) throws(TransportError) -> HTTPResponse = { _ in
            HTTPResponse(status: 500, body: Array(#"{"détail": "é 😀 \" \\ /"}"#.utf8))
        }
        let (v1, _) = Self.run(integration: nil, command: "darktrace-get-breach", args: JSONObject(["pbid": .string("95")]), respond: respond)
        #expect(v1.contains(#"Error in API call [500] - Internal Server Error\n{\"d\\u00e9tail\": \"\\u00e9 \\ud83d\\ude00 \\\" \\\\ /\"}"#), "\(v1)")
        let (aia, _) = Self.run(integration: "DarktraceAIA", command: "test-module", args: JSONObject(), respond: respond)
        #expect(aia.contains("<redacted>") == false, "\(aia)")
    }

    @Test func serverURLCredentialsAreNeverShown() {
        for url in ["htps://admin:hunter2-secret@dt.example", "https://admin:hunter2-secret@dt example"] {
            let (output, status) = Self.run(integration: nil, command: "test-module", args: JSONObject(), url: url) { _ in
                HTTPResponse(status: 200, body: Array("{}".utf8))
            }
            #expect(status == 1)
            #expect(!output.contains("hunter2") && !output.contains("admin"), "\(output)")
            #expect(output.contains("<redacted>@"), "\(output)")
        }
    }
}
