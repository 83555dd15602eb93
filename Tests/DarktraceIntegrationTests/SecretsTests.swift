import DarktraceIntegration
import Foundation
import HTTPTransport
import OrderedJSON
import Testing

/// Runs every command through every failure path with distinctive tokens and proves neither token
/// reaches stdout, and neither reaches the log (stderr), even when Darktrace echoes them back.
@Suite struct SecretsTests {
    static let publicToken = "PUB-7f3a9c1e-visible-nowhere"
    static let privateToken = "PRIV-0b5d2e8f-never-printed"

    /// Failures, several of which put the tokens into what Darktrace or the network says.
    static let failures: [(String, @Sendable (HTTPRequest) throws(TransportError) -> HTTPResponse)] = [
        ("400 echoing the tokens", { _ in HTTPResponse(status: 400, body: Array("{\"error\": \"API SIGNATURE ERROR\", \"token\": \"\(publicToken)\", \"key\": \"\(privateToken)\"}".utf8)) }),
        ("401", { _ in HTTPResponse(status: 401, body: Array("Unauthorized".utf8)) }),
        ("403 redirect", { _ in HTTPResponse(status: 302, headers: [HTTPHeader("Location", "/403")], body: Array("Found. Redirecting to /403".utf8)) }),
        ("500 text with the private token", { _ in HTTPResponse(status: 500, body: Array("stack: key=\(privateToken)".utf8)) }),
        ("503 always", { _ in HTTPResponse(status: 503, body: Array("{\"error\": \"busy\"}".utf8)) }),
        ("HTML login", { _ in HTTPResponse(status: 200, headers: [HTTPHeader("Content-Type", "text/html")], body: Array("<html>login</html>".utf8)) }),
        ("not JSON echoing the tokens", { _ in HTTPResponse(status: 200, body: Array("oops \(publicToken) \(privateToken)".utf8)) }),
        ("TLS failure naming the token", { _ throws(TransportError) in throw .tls(detail: "certificate for \(privateToken) rejected", kind: .untrustedCertificate) }),
        ("connection lost", { _ throws(TransportError) in throw .connectionLost(detail: "reset by peer \(publicToken)") }),
        ("connect refused", { _ throws(TransportError) in throw .connectionFailed(host: "127.0.0.1", detail: "refused") }),
        ("timeout", { _ throws(TransportError) in throw .timedOut(phase: .total, seconds: 60) }),
        ("wrong shape", { _ in HTTPResponse(status: 200, body: Array("\"\(privateToken)\"".utf8)) }),
    ]

    final class LogCollector: @unchecked Sendable {
        var lines: [String] = []
    }

    @Test(arguments: 0..<failures.count)
    func tokensNeverPrinted(failure index: Int) throws {
        let (label, respond) = Self.failures[index]
        for (command, args) in CommandCatalog.everyCommand {
            for privateShape in [JSONValue.string(Self.privateToken),
                                 .object(JSONObject(["identifier": .string(Self.publicToken), "password": .string(Self.privateToken)]))] {
                let envelope = JSONValue.object(JSONObject([
                    "command": .string(command),
                    "params": .object(JSONObject([
                        "url": .string("https://dt.invalid"), "public_api_token": .string(Self.publicToken),
                        "private_api_token": privateShape, "isFetch": .bool(true),
                    ])),
                    "args": .object(args),
                ]))
                let log = LogCollector()
                let result = Integration.run(input: envelope.compactJSONBytes(),
                                             environment: RunEnvironment(makeTransport: { _ in ClosureTransport(respond) },
                                                                         log: { log.lines.append($0) }))
                let stdout = String(decoding: result.stdout, as: UTF8.self)
                let stderr = log.lines.joined(separator: "\n")
                #expect(!stdout.contains(Self.privateToken), "\(label) / \(command): private token in stdout: \(stdout)")
                #expect(!stdout.contains(Self.publicToken), "\(label) / \(command): public token in stdout: \(stdout)")
                #expect(!stderr.contains(Self.privateToken), "\(label) / \(command): private token in the log")
                #expect(!stderr.contains(Self.publicToken), "\(label) / \(command): public token in the log")
                #expect(result.exitStatus == 1 || (command == "test-module" && result.exitStatus == 0),
                        "\(label) / \(command): exit \(result.exitStatus)")
            }
        }
    }

    @Test func binaryKeepsTokensOutOfStderrOnRetries() throws {
        guard BinaryRunner.binaryPath != nil else {
            Issue.record("darktrace-xsoar is not built")
            return
        }
        // Port 9 on loopback refuses: the GET is retried and every attempt is logged.
        let envelope = #"{"command":"darktrace-get-breach","params":{"url":"http://127.0.0.1:9","public_api_token":"\#(Self.publicToken)","private_api_token":"\#(Self.privateToken)"},"args":{"pbid":"95"}}"#
        let out = try BinaryRunner.run(Array(envelope.utf8), timeout: 30)
        let stdout = String(decoding: out.stdout, as: UTF8.self)
        #expect(out.exitStatus == 1)
        #expect(out.stderr.contains("Retrying"), "retries are logged: \(out.stderr)")
        for token in [Self.publicToken, Self.privateToken] {
            #expect(!stdout.contains(token))
            #expect(!out.stderr.contains(token))
        }
        #expect(stdout.contains("Could not connect to 127.0.0.1"), "\(stdout)")
    }
}
