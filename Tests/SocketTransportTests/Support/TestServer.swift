import Foundation
import XCTest

/// A helper server process from `Servers/`, listening on 127.0.0.1 at the port it printed first.
final class TestServer {
    let port: Int
    /// The file the server appends each request line to, when it was given one.
    let logURL: URL?
    private let process: Process

    /// The folder holding the Python scripts, found from this source file so any working directory works.
    static let serversDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Servers")

    /// Starts `script` with `arguments` and waits for the port line.
    init(script: String, arguments: [String] = [], logURL: URL? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var fullArguments = ["python3", "-u", Self.serversDirectory.appendingPathComponent(script).path]
        fullArguments += arguments
        if let logURL {
            _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
            fullArguments += ["--log", logURL.path]
        }
        process.arguments = fullArguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()

        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let port = Int(text), port > 0 else {
            process.terminate()
            process.waitUntilExit()
            throw TestServerError.noPort(script: script, output: text)
        }
        self.process = process
        self.port = port
        self.logURL = logURL
    }

    deinit {
        stop()
    }

    /// Ends the server process (idempotent).
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    /// `http://127.0.0.1:<port><path>` (or https).
    func url(_ path: String, scheme: String = "http") -> String {
        "\(scheme)://127.0.0.1:\(port)\(path)"
    }

    /// The request lines logged so far.
    func loggedLines() -> [String] {
        guard let logURL, let text = try? String(contentsOf: logURL, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init)
    }

    /// Forgets the lines logged so far.
    func clearLog() {
        guard let logURL else { return }
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
    }
}

enum TestServerError: Error {
    case noPort(script: String, output: String)
    case openssl(status: Int32)
}

/// A scratch directory removed when the object goes away.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("socket-transport-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func file(_ name: String) -> URL {
        url.appendingPathComponent(name)
    }
}

/// Makes a throw-away self-signed certificate (CN "not-localhost" unless told) with the openssl CLI.
func makeSelfSignedCertificate(in directory: TemporaryDirectory, name: String = "cert", commonName: String = "not-localhost",
                               subjectAltName: String? = nil) throws -> (cert: String, key: String) {
    let cert = directory.file("\(name).pem").path
    let key = directory.file("\(name)-key.pem").path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
    process.arguments = ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                         "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=\(commonName)"]
        + (subjectAltName.map { ["-addext", "subjectAltName=\($0)"] } ?? [])
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw TestServerError.openssl(status: process.terminationStatus) }
    return (cert, key)
}
