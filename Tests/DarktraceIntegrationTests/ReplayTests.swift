import DarktraceIntegration
import Foundation
import HTTPTransport
import OrderedJSON
import Testing

/// Runs every fixture through the real command path (envelope → dispatcher → command → client →
/// transport) with a replay transport, and compares stdout byte for byte.
@Suite struct ReplayTests {
    @Test(arguments: Fixture.all())
    func replay(_ fixture: Fixture) throws {
        let meta = try fixture.meta
        let now = Int64(meta["now"]?.numberValue?.intValue ?? 1_598_940_000_000)
        let transport = ReplayTransport(exchanges: try fixture.exchanges, baseURL: "http://darktrace.invalid")
        let environment = RunEnvironment(makeTransport: { _ in transport }, clock: { now })
        let result = Integration.run(input: try fixture.envelope, environment: environment)

        #expect(transport.allProblems == [], "\(fixture.name): the command strayed from the recorded exchanges")
        #expect(Int(result.exitStatus) == meta["exit"]?.numberValue?.intValue, "\(fixture.name): exit status")
        if isRecording {
            try Data(result.stdout).write(to: fixture.expectedStdoutURL)
            Issue.record("recorded \(fixture.name)/stdout.json; run again without RECORD_FIXTURES")
            return
        }
        let expected = try fixture.bytes("stdout.json")
        #expect(result.stdout == expected, "\(fixture.name): stdout differs:\n\(String(decoding: result.stdout, as: UTF8.self))")
    }
}
