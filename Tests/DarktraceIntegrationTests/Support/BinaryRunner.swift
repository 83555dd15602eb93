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
    static func run(_ input: [UInt8], environment: [String: String] = [:], timeout: Double = 60) throws -> Output {
        guard let path = binaryPath else { throw RunnerError.noBinary }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        var env = ProcessInfo.processInfo.environment
        for key in ["http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"] {
            env[key] = nil
        }
        env.merge(environment) { $1 }
        process.environment = env
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let group = DispatchGroup()
        nonisolated(unsafe) var out = Data(), err = Data()
        group.enter()
        DispatchQueue.global().async { out = stdout.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { err = stderr.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        try stdin.fileHandleForWriting.write(contentsOf: Data(input))
        try stdin.fileHandleForWriting.close()
        var timedOut = false
        if group.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            _ = group.wait(timeout: .now() + 5)
        }
        process.waitUntilExit()
        return Output(stdout: [UInt8](out), stderr: String(decoding: err, as: UTF8.self),
                      exitStatus: process.terminationStatus, timedOut: timedOut)
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
        process.terminate()
        process.waitUntilExit()
    }

    enum ServerError: Error {
        case noPort(String)
    }
}
