@testable import SocketTransport
import Foundation
import XCTest

/// Name resolution bounded by the connect deadline, with a stand-in resolver that is slow.
final class AddressLookupTests: XCTestCase {
    /// Resolves through a stand-in that takes 0.6 s and then answers as getaddrinfo would.
    private func slowlyResolve(_ host: String, within seconds: Double) -> AddressLookup.Outcome {
        AddressLookup.resolve(host: host, port: 80, deadline: .after(seconds: seconds)) { host, service, hints, result in
            usleep(600_000)
            return getaddrinfo(host, service, hints?.assumingMemoryBound(to: addrinfo.self),
                               result.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: UnsafeMutablePointer<addrinfo>?.self) })
        }
    }

    func testSlowLookupIsAbandonedAtTheDeadline() {
        let started = Date()
        guard case .timedOut = slowlyResolve("localhost", within: 0.2) else { return XCTFail("expected timedOut") }
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertGreaterThanOrEqual(elapsed, 0.19)
        XCTAssertLessThan(elapsed, 0.5)
    }

    func testLookupWithinTheDeadlineAnswers() {
        guard case .addresses(let list) = slowlyResolve("localhost", within: 5) else { return XCTFail("expected addresses") }
        XCTAssertEqual(list.pointee.ai_socktype, Int32(SOCK_STREAM.rawValue))
        freeaddrinfo(list)
    }

    func testAddressLiteralIsResolvedAtOnceOnThisThread() {
        // A literal asks no resolver, so even the slow stand-in is called inline: it must not be
        // abandoned at a deadline far shorter than its pause.
        let started = Date()
        guard case .addresses(let list) = slowlyResolve("127.0.0.1", within: 0.05) else {
            return XCTFail("expected addresses")
        }
        freeaddrinfo(list)
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.55)
    }

    func testUnknownNameFailsWithGetaddrinfosWords() {
        guard case .failed(let detail) = AddressLookup.resolve(host: "nonexistent.invalid", port: 80,
                                                                deadline: .after(seconds: 10)) else {
            return XCTFail("expected failed")
        }
        XCTAssertFalse(detail.isEmpty)
    }

    func testPassedDeadlineTimesOutAName() {
        guard case .timedOut = slowlyResolve("localhost", within: 0.001) else { return XCTFail("expected timedOut") }
    }
}
