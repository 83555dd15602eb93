import DarktraceIntegration
import Foundation
import HTTPTransport
import OrderedJSON
import Testing

/// Runs every replay fixture through the BUILT BINARY against a real local HTTP server that serves
/// the recorded answers and verifies every request's signature: the real transport and process.
@Suite(.serialized) struct EndToEndReplayTests {
    static let logFile = FileManager.default.temporaryDirectory
        .appendingPathComponent("fixture-server-\(ProcessInfo.processInfo.processIdentifier).jsonl")
    static let server: ServerProcess? = try? ServerProcess(
        script: Fixture.root.deletingLastPathComponent().appendingPathComponent("Support/fixture_server.py"),
        arguments: [Fixture.root.path, logFile.path])

    /// True when the fixture's output depends on the clock (e.g. a relative first_fetch), which
    /// the real binary reads for real: replaying it a day later changes the outcome.
    static func dependsOnClock(_ fixture: Fixture) throws -> Bool {
        let shifted = Int64(try fixture.meta["now"]?.numberValue?.intValue ?? 0) + 86_400_000
        let transport = ReplayTransport(exchanges: try fixture.exchanges, baseURL: "http://darktrace.invalid")
        let result = Integration.run(input: try fixture.envelope,
                                     environment: RunEnvironment(makeTransport: { _ in transport }, clock: { shifted }))
        let expected = try fixture.bytes("stdout.json")
        return !transport.allProblems.isEmpty || result.stdout != expected
    }

    @Test(arguments: Fixture.all())
    func binaryMatchesFixture(_ fixture: Fixture) throws {
        let server = try #require(Self.server, "fixture_server.py did not start")
        guard BinaryRunner.binaryPath != nil else {
            Issue.record("darktrace-xsoar is not built")
            return
        }
        if try Self.dependsOnClock(fixture) { return }
        let base = "http://127.0.0.1:\(server.port)/\(fixture.name)"
        let envelope = String(decoding: try fixture.envelope, as: UTF8.self).replacingOccurrences(of: "http://darktrace.invalid", with: base)
        let output = try BinaryRunner.run(Array(envelope.utf8), timeout: 30)
        #expect(!output.timedOut)
        #expect(Int(output.exitStatus) == (try fixture.meta["exit"]?.numberValue?.intValue), "\(fixture.name): exit status")
        // Outputs that quote the instance URL (the later integrations' links) name this server's
        // URL; the fixture recorded them under darktrace.invalid.
        let stdout = Array(String(decoding: output.stdout, as: UTF8.self)
            .replacingOccurrences(of: base, with: "http://darktrace.invalid").utf8)
        #expect(stdout == (try fixture.bytes("stdout.json")),
                "\(fixture.name): stdout differs:\n\(String(decoding: output.stdout, as: UTF8.self))")
        let lines = ((try? String(contentsOf: Self.logFile, encoding: .utf8)) ?? "").split(separator: "\n")
        let mine = lines.compactMap { try? JSONParser.parse(String($0)) }.filter { $0["fixture"]?.stringValue == fixture.name }
        let problems = mine.flatMap { $0["problems"]?.arrayValue ?? [] }.compactMap(\.stringValue)
        #expect(problems == [], "\(fixture.name): \(problems)")
        let recorded = try fixture.exchanges.count
        #expect(mine.count == recorded, "\(fixture.name): \(mine.count) requests sent, \(recorded) recorded")
    }
}
