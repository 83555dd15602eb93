import Foundation
import OrderedJSON

/// One replay case folder: envelope.json, exchanges.json, case.json and the expected stdout.json.
struct Fixture: CustomStringConvertible, Sendable {
    let name: String
    let directory: URL

    var description: String { name }

    /// The folder holding every fixture, found from this file's path (no bundle resources needed).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// Every fixture, sorted by name.
    static func all() -> [Fixture] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.sorted().map { Fixture(name: $0, directory: root.appendingPathComponent($0)) }
            .filter { FileManager.default.fileExists(atPath: $0.directory.appendingPathComponent("case.json").path) }
    }

    func bytes(_ file: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(file)))
    }

    func json(_ file: String) throws -> JSONValue {
        try JSONParser.parse(try bytes(file))
    }

    /// The envelope exactly as stored (some are broken on purpose).
    var envelope: [UInt8] { get throws { try bytes("envelope.json") } }

    var exchanges: [ReplayTransport.Exchange] {
        get throws { (try json("exchanges.json").arrayValue ?? []).compactMap(ReplayTransport.Exchange.init(json:)) }
    }

    /// case.json: `exit`, and `now` (epoch ms the clock is frozen at).
    var meta: JSONValue { get throws { try json("case.json") } }

    var expectedStdoutURL: URL { directory.appendingPathComponent("stdout.json") }
}

/// True when goldens are being re-recorded (`RECORD_FIXTURES=1`); each recording fails its test
/// so it is never silent.
let isRecording = ProcessInfo.processInfo.environment["RECORD_FIXTURES"] == "1"
