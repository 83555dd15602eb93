import Foundation

/// Runs the real `darktrace-xsoar` executable, as the engine does: envelope on stdin, result on
/// stdout, logs on stderr, an exit status.
struct BinaryRunner {
    struct Output {
        var stdout: [UInt8]
        var stderr: String
        var exitStatus: Int32
        var timedOut: Bool
    }

    /// The repository root, found from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary: $DARKTRACE_XSOAR_BIN, else the debug build, else the release build.
    static var binaryPath: String? {
        if let p = ProcessInfo.processInfo.environment["DARKTRACE_XSOAR_BIN"] { return p }
        for config in ["debug", "release"] {
            let p = repositoryRoot.appendingPathComponent(".build/\(config)/darktrace-xsoar").path
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// Runs the binary with `input` on stdin; kills it after `timeout` seconds.
    ///
    /// stdin, stdout and stderr are temporary files, not pipes: with pipes, a helper server that
    /// another test spawns at the same moment can inherit a pipe's write end, and reading to EOF
    /// would then wait for that server to exit.
    static func run(_ input: [UInt8], environment: [String: String] = [:], timeout: Double = 60) throws -> Output {
        guard let path = binaryPath else { throw RunnerError.noBinary }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dt-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let inURL = dir.appendingPathComponent("stdin"), outURL = dir.appendingPathComponent("stdout")
        let errURL = dir.appendingPathComponent("stderr")
        try Data(input).write(to: inURL)
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let stdin = try FileHandle(forReadingFrom: inURL), stdout = try FileHandle(forWritingTo: outURL)
        let stderr = try FileHandle(forWritingTo: errURL)
        defer { try? stdin.close(); try? stdout.close(); try? stderr.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        var env = ProcessInfo.processInfo.environment
        for key in ["http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"] {
            env[key] = nil
        }
        // Under the sanitizer run, the binary gets its own ASan options (leak checking on) while
        // the test process, whose Foundation and XCTest leak by design, runs without them.
        if let binaryOptions = env["DARKTRACE_XSOAR_BIN_ASAN_OPTIONS"] { env["ASAN_OPTIONS"] = binaryOptions }
        env.merge(environment) { $1 }
        process.environment = env
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        var timedOut = false
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            _ = exited.wait(timeout: .now() + 5)
        }
        return Output(stdout: [UInt8](try Data(contentsOf: outURL)),
                      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self),
                      exitStatus: process.isRunning ? -1 : process.terminationStatus, timedOut: timedOut)
    }

    enum RunnerError: Error, CustomStringConvertible {
        case noBinary
        var description: String { "darktrace-xsoar is not built: run `swift build` first (or set DARKTRACE_XSOAR_BIN)" }
    }
}

/// A helper server (a Python script) started for a test and stopped when released.
final class ServerProcess: @unchecked Sendable {
    let process = Process()
    let port: Int

    /// Starts `python3 script args…`, waiting for the port it prints on its first line.
    init(script: URL, arguments: [String] = []) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while let byte = try out.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data([0x0A]) {
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)) else {
            process.terminate()
            throw ServerError.noPort(script.lastPathComponent)
        }
        self.port = port
    }

    deinit {
        // SIGKILL: a child spawned from a test thread may inherit a signal mask that blocks SIGTERM.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    enum ServerError: Error {
        case noPort(String)
    }
}
