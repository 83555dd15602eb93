import Foundation
import OrderedJSON
import Testing

/// The built binary against a hostile server (Tests/SocketTransportTests/Servers/hostile_server.py)
/// and a closed stdout: floods end by a limit or the timeout, a gzip bomb is refused, and a reader
/// that has gone costs exit status 1, never a SIGPIPE death.
@Suite(.serialized) struct EndToEndHostileTests {
    static let hostileScript = BinaryRunner.repositoryRoot
        .appendingPathComponent("Tests/SocketTransportTests/Servers/hostile_server.py")

    /// The hostile server over http, or over https with the end-to-end suite's certificate.
    func hostile(tls: Bool = false) throws -> ServerProcess {
        guard tls else { return try ServerProcess(script: Self.hostileScript) }
        let cert = try #require(EndToEndNetworkTests.certificate, "openssl could not make a certificate")
        return try ServerProcess(script: Self.hostileScript, arguments: ["--tls", cert.cert, cert.key])
    }

    func envelope(_ command: String, url: String, timeout: String = "60") -> [UInt8] {
        let params = JSONObject(["url": .string(url), "public_api_token": .string("hostile-public"),
                                 "private_api_token": .string("hostile-private"), "insecure": .bool(true),
                                 "timeout": .string(timeout)])
        let args = command == "darktrace-get-breach" ? JSONObject(["pbid": .string("1")]) : JSONObject()
        return JSONValue.object(JSONObject(["command": .string(command), "params": .object(params), "args": .object(args)]))
            .compactJSONBytes()
    }

    /// The text of the one error entry the binary wrote.
    func errorText(_ output: BinaryRunner.Output) throws -> String {
        let entry = try #require(try JSONParser.parse(output.stdout)["entries"]?.arrayValue?.first)
        return entry["Contents"]?.stringValue ?? ""
    }

    @Test(arguments: [("continue", "the server sent more than 16 interim (1xx) responses"),
                      ("blank", "the response starts with more than 64 blank lines"),
                      ("trailer", "the response's trailer fields are larger than 64 KB"),
                      ("extension", "the response's chunk extensions are larger than 64 KB")])
    func floodIsRefusedByItsLimit(_ flood: String, _ detail: String) throws {
        for tls in [false, true] {
            let server = try hostile(tls: tls)
            let url = "\(tls ? "https" : "http")://127.0.0.1:\(server.port)/flood/\(flood)"
            let out = try BinaryRunner.run(envelope("darktrace-get-breach", url: url), timeout: 30)
            #expect(!out.timedOut && out.exitStatus == 1, "\(flood) over \(tls ? "https" : "http")")
            let text = try errorText(out)
            #expect(text.contains("Request to 127.0.0.1:\(server.port) failed: \(detail)."), "\(text)")
            #expect(!out.stderr.contains("Retrying"), "a hostile answer is not retried: \(out.stderr)")
        }
    }

    /// One-byte chunks without end pass every limit but the body size: the timeout must end them.
    /// Without the deadline check on every read this ran at 100% CPU for minutes.
    @Test func endlessChunksEndWithTheTimeout() throws {
        for tls in [false, true] {
            let server = try hostile(tls: tls)
            let url = "\(tls ? "https" : "http")://127.0.0.1:\(server.port)/flood/chunks"
            let started = Date()
            let out = try BinaryRunner.run(envelope("test-module", url: url, timeout: "1"), timeout: 60)
            let elapsed = Date().timeIntervalSince(started)
            #expect(!out.timedOut && out.exitStatus == 1)
            let text = try errorText(out)
            #expect(text.contains("Timed out waiting for 127.0.0.1:\(server.port) to answer after 1 s"), "\(text)")
            #expect(elapsed < 20, "took \(elapsed) s")
        }
    }

    /// 10 GiB of zeros in 10 MiB: refused at the 512 MB cap (scripts/hostile measures the memory).
    @Test func gzipBombIsRefused() throws {
        let server = try hostile()
        let out = try BinaryRunner.run(envelope("darktrace-get-breach", url: "http://127.0.0.1:\(server.port)/bomb/10"), timeout: 60)
        #expect(!out.timedOut && out.exitStatus == 1)
        #expect(try errorText(out).contains("the answer is larger than 512 MB, more than this integration accepts"))
    }

    /// A plain-http command whose stdout has no reader: exit status 1 and a line on stderr.
    @Test func closedStdoutIsExitStatusOne() throws {
        let binary = try #require(BinaryRunner.binaryPath, "darktrace-xsoar is not built")
        let server = try hostile()
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("dt-closed-stdout-\(UUID().uuidString)")
        try Data(envelope("test-module", url: "http://127.0.0.1:\(server.port)/ok")).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let stdout = Pipe(), stderr = Pipe()
        try stdout.fileHandleForReading.close()  // nobody will ever read: the first write gets EPIPE
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.standardInput = try FileHandle(forReadingFrom: input)
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        try stdout.fileHandleForWriting.close()
        let errors = try stderr.fileHandleForReading.readToEnd() ?? Data()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit, "killed by signal \(process.terminationStatus)")
        #expect(process.terminationStatus == 1)
        #expect(String(decoding: errors, as: UTF8.self).contains("the result could not be written to stdout: Broken pipe"))
    }
}
