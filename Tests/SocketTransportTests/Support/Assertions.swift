import SocketTransport
import Foundation
import HTTPTransport
import XCTest

/// Sends `request` expecting a failure and returns the error, or records a test failure.
func expectFailure(_ transport: SocketTransport, _ request: HTTPRequest,
                   file: StaticString = #filePath, line: UInt = #line) -> TransportError? {
    do {
        let response = try transport.send(request)
        XCTFail("expected a TransportError, got status \(response.status)", file: file, line: line)
        return nil
    } catch {
        return error
    }
}

/// The decoded body of a `/echo` response.
struct Echo {
    let method: String
    let path: String
    let headers: [(name: String, value: String)]
    let body: [UInt8]

    init(_ response: HTTPResponse, file: StaticString = #filePath, line: UInt = #line) throws {
        let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        guard let object,
              let method = object["method"] as? String,
              let path = object["path"] as? String,
              let pairs = object["headers"] as? [[String]],
              let encoded = object["body_base64"] as? String,
              let body = Data(base64Encoded: encoded) else {
            XCTFail("not an echo body: \(String(decoding: response.body, as: UTF8.self))", file: file, line: line)
            throw EchoError.malformed
        }
        self.method = method
        self.path = path
        headers = pairs.compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil }
        self.body = Array(body)
    }

    /// Header names as the server saw them, lower-cased.
    var headerNames: [String] { headers.map { $0.name.lowercased() } }

    /// The first value of `name`, matched case-insensitively.
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    enum EchoError: Error { case malformed }
}
