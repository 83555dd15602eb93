import HTTPTransport

/// Why a response could not be read in full.
enum ResponseFailure: Error, Equatable {
    /// The connection failed or the deadline passed; `sawResponse` tells whether any byte had arrived.
    case stream(StreamFailure, sawResponse: Bool)
    /// The peer closed the connection before the response was complete.
    case truncated(detail: String)
    /// The bytes are not an HTTP/1.x response.
    case malformed(detail: String)
    /// The body is larger than the reader accepts (the limit in bytes).
    case tooLarge(limit: Int)
}

/// The status line and header fields of a response.
struct ResponseHead: Equatable {
    var status: Int
    var headers: [HTTPHeader]

    /// The first value of `name` (lower-case), matched case-insensitively.
    func value(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name }?.value
    }

    /// The items of a comma-separated field value (`gzip, chunked`), trimmed and lower-cased.
    static func listItems(_ value: String) -> [String] {
        value.utf8.split(separator: UInt8(ascii: ",")).map { String(decoding: $0.trimmingBlanks, as: UTF8.self).lowercased() }
    }
}

/// Reads one HTTP/1.1 response from a connection: the head, then the body framed as the head says.
///
/// Bytes are read in large blocks into one pending buffer; the head is parsed from it and the body
/// is copied out once, so the cost stays linear in the response size.
///
/// A peer that never stops talking is bounded twice: the deadline is checked before every read
/// (not only when the socket runs dry, or a fast stream would outlive any timeout), and every part
/// that is not body (interim responses, blank lines, trailers, chunk extensions) has its own limit.
final class ResponseReader {
    private let source: any ByteSource
    private let deadline: Deadline
    private let maximumBodySize: Int
    /// Received bytes not yet consumed start at `position`.
    private var pending: [UInt8] = []
    private var position = 0
    private var sawResponse = false
    /// Bytes of chunk extensions (all of each size line but its digits) read so far.
    private var chunkExtensionBytes = 0
    /// Where each read lands before it is appended to `pending`.
    private let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: ResponseReader.blockSize, alignment: 1)

    /// The largest head accepted (libcurl allows 100 KB per field; this bounds the whole block).
    static let maximumHeadSize = 256 << 10
    /// The largest body size a `Content-Length` may pre-allocate: the header is the server's word.
    static let maximumReservation = 256 << 20
    private static let blockSize = 256 << 10
    /// The largest body accepted by default: ten times the largest Darktrace answer seen, and at
    /// 4x in memory still far from exhausting a SOAR engine; a runaway stream is refused instead.
    static let defaultMaximumBodySize = 512 << 20
    /// The most interim (1xx) responses skipped before the final one: servers send one or two.
    static let maximumInterimResponses = 16
    /// The most blank lines skipped before a status line: one after a previous body is the known case.
    static let maximumLeadingBlankLines = 64
    /// The most trailer bytes (lines and their CRLFs): nothing here uses trailer fields.
    static let maximumTrailerSize = 64 << 10
    /// The most chunk-extension bytes in one body, all chunks together: nothing here uses them.
    static let maximumChunkExtensions = 64 << 10

    init(source: any ByteSource, deadline: Deadline, maximumBodySize: Int = ResponseReader.defaultMaximumBodySize) {
        self.source = source
        self.deadline = deadline
        self.maximumBodySize = maximumBodySize
    }

    deinit {
        scratch.deallocate()
    }

    // MARK: Head

    /// Reads the head of the final response, skipping interim 1xx responses.
    func readHead() throws(ResponseFailure) -> ResponseHead {
        var interim = 0
        while true {
            let head = try parseHead(try readHeadBlock())
            guard (100..<200).contains(head.status) && head.status != 101 else { return head }
            interim += 1
            guard interim <= Self.maximumInterimResponses else {
                throw .malformed(detail: "the server sent more than \(Self.maximumInterimResponses) interim (1xx) responses")
            }
        }
    }

    /// The lines of one head block, up to the blank line that ends it.
    private func readHeadBlock() throws(ResponseFailure) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var size = 0
        var blankLines = 0
        while true {
            guard let line = try nextLine(unreadBelow: Self.maximumHeadSize - size,
                                          orElse: .malformed(detail: "the response head is larger than \(Self.maximumHeadSize >> 10) KB")) else {
                throw .truncated(detail: sawResponse ? "the connection closed in the middle of the response head"
                                                     : "Empty reply from server")
            }
            if line.isEmpty {
                guard lines.isEmpty else { return lines }
                // Stray blank lines before a status line are tolerated, a few of them.
                blankLines += 1
                guard blankLines <= Self.maximumLeadingBlankLines else {
                    throw .malformed(detail: "the response starts with more than \(Self.maximumLeadingBlankLines) blank lines")
                }
                continue
            }
            // Checked at once: a server of another protocol (SSH) may send one line and then wait.
            if lines.isEmpty { _ = try Self.status(of: line) }
            size += line.count
            lines.append(line)
        }
    }

    private func parseHead(_ lines: [ArraySlice<UInt8>]) throws(ResponseFailure) -> ResponseHead {
        guard let statusLine = lines.first else { throw .malformed(detail: "the response has no status line") }
        let status = try Self.status(of: statusLine)
        var headers: [HTTPHeader] = []
        for line in lines.dropFirst() {
            if line.first == 0x20 || line.first == 0x09 {
                // Obsolete line folding continues the previous field's value.
                guard var last = headers.popLast() else { continue }
                let continuation = Self.trimmed(line)
                last.value += last.value.isEmpty ? continuation : " " + continuation
                headers.append(last)
                continue
            }
            guard let colon = line.firstIndex(of: 0x3A) else { continue }
            headers.append(HTTPHeader(String(decoding: line[..<colon], as: UTF8.self),
                                      Self.trimmed(line[(colon + 1)...])))
        }
        return ResponseHead(status: status, headers: headers)
    }

    /// The code of an `HTTP/1.x NNN reason` status line.
    private static func status(of statusLine: ArraySlice<UInt8>) throws(ResponseFailure) -> Int {
        let parts = statusLine.split(separator: 0x20, maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].starts(with: Array("HTTP/1.".utf8)), parts[1].count == 3,
              parts[1].allSatisfy({ (0x30...0x39).contains($0) }),
              let status = Int(String(decoding: parts[1], as: UTF8.self)), status >= 100 else {
            let shown = String(decoding: statusLine.prefix(40), as: UTF8.self)
            throw .malformed(detail: "the server's answer is not HTTP/1.x (it starts \"\(shown.printable())\")")
        }
        return status
    }

    // MARK: Body

    /// Reads the body that follows `head`, as framed by its fields (`HEAD` requests have none).
    func readBody(for head: ResponseHead, method: String) throws(ResponseFailure) -> [UInt8] {
        if method == "HEAD" || head.status == 204 || head.status == 304 || (100..<200).contains(head.status) {
            return []
        }
        if let coding = head.value("transfer-encoding"), ResponseHead.listItems(coding).last == "chunked" {
            return try readChunkedBody()
        }
        var length: Int?
        for field in head.headers where field.name.lowercased() == "content-length" {
            // "5, 5" (a list of equal values) is one length; any disagreement is an error (RFC 9110 8.6).
            let items = field.value.utf8.split(separator: UInt8(ascii: ","))
            // An empty field ("Content-Length:") is invalid too, not absent: reading to close would misframe.
            guard !items.isEmpty else { throw .malformed(detail: "the response has an invalid Content-Length") }
            for item in items {
                guard let value = item.trimmingBlanks.decimalValue(maximumDigits: 18), length == nil || length == value else {
                    throw .malformed(detail: "the response has an invalid Content-Length")
                }
                length = value
            }
        }
        if let length {
            guard length <= maximumBodySize else { throw .tooLarge(limit: maximumBodySize) }
            return try readExactly(length)
        }
        return try readToEnd()
    }

    private func readExactly(_ length: Int) throws(ResponseFailure) -> [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(min(length, Self.maximumReservation))
        while body.count < length {
            if position == pending.count {
                guard try fill() else {
                    throw .truncated(detail: "transfer closed with \(length - body.count) bytes remaining to read")
                }
            }
            let take = min(length - body.count, pending.count - position)
            body.append(contentsOf: pending[position..<(position + take)])
            position += take
        }
        return body
    }

    private func readToEnd() throws(ResponseFailure) -> [UInt8] {
        var body = Array(pending[position...])
        pending = []
        position = 0
        while true {
            guard body.count <= maximumBodySize else { throw .tooLarge(limit: maximumBodySize) }
            guard try fill() else { break }
            body.append(contentsOf: pending)
            pending.removeAll(keepingCapacity: true)
        }
        return body
    }

    private func readChunkedBody() throws(ResponseFailure) -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let sizeLine = try readLine(limit: 4096, what: "chunk size")
            let digits = sizeLine.prefix { $0 != UInt8(ascii: ";") }.drop { $0 == 0x20 }.prefix { $0 != 0x20 && $0 != 0x09 }
            guard !digits.isEmpty, digits.count <= 15, digits.allSatisfy(Self.isHexDigit),
                  let size = Int(String(decoding: digits, as: UTF8.self), radix: 16) else {
                throw .malformed(detail: "the response has an invalid chunk size")
            }
            chunkExtensionBytes += sizeLine.count - digits.count
            guard chunkExtensionBytes <= Self.maximumChunkExtensions else {
                throw .malformed(detail: "the response's chunk extensions are larger than \(Self.maximumChunkExtensions >> 10) KB")
            }
            if size == 0 { break }
            guard size <= maximumBodySize - body.count else { throw .tooLarge(limit: maximumBodySize) }
            body.append(contentsOf: try readExactly(size))
            guard try readLine(limit: 2, what: "chunk end").isEmpty else {
                throw .malformed(detail: "a response chunk is longer than its size says")
            }
        }
        // Trailer fields, which nothing here uses, up to the closing blank line.
        var trailerSize = 0
        while true {
            let line = try readLine(limit: Self.maximumTrailerSize, what: "trailer")
            if line.isEmpty { return body }
            trailerSize += line.count + 2
            guard trailerSize <= Self.maximumTrailerSize else {
                throw .malformed(detail: "the response's trailer fields are larger than \(Self.maximumTrailerSize >> 10) KB")
            }
        }
    }

    /// One line of a chunked body (size line, chunk end, trailer) of at most `limit` bytes.
    private func readLine(limit: Int, what: String) throws(ResponseFailure) -> ArraySlice<UInt8> {
        // The line and its CRLF may wait unread: up to limit + 2 bytes.
        guard let line = try nextLine(unreadBelow: limit + 3, orElse: .malformed(detail: "the response's \(what) line is too long")) else {
            throw .truncated(detail: "the connection closed inside a chunked body")
        }
        return line
    }

    /// The next CRLF- (or LF-) terminated line without its terminator, or nil when the stream
    /// ends first; `tooLong` once `unreadBelow` bytes or more wait unread without a line end.
    private func nextLine(unreadBelow bound: Int,
                          orElse tooLong: @autoclosure () -> ResponseFailure) throws(ResponseFailure) -> ArraySlice<UInt8>? {
        // Counted from `position`, not absolute: `fill` may move the unread bytes to the front.
        var scanned = 0
        while true {
            if let newline = pending[(position + scanned)...].firstIndex(of: 0x0A) {
                var line = pending[position..<newline]
                if line.last == 0x0D { line = line.dropLast() }
                position = newline + 1
                return line
            }
            scanned = pending.count - position
            guard scanned < bound else { throw tooLong() }
            guard try fill() else { return nil }
        }
    }

    // MARK: Reading

    /// Reads one more block into `pending`; false at the end of the stream.
    private func fill() throws(ResponseFailure) -> Bool {
        // Checked on every read: a socket that always has data never makes the source wait.
        guard !deadline.hasPassed else { throw .stream(.timedOut, sawResponse: sawResponse) }
        if position > 0 && position == pending.count {
            pending.removeAll(keepingCapacity: true)
            position = 0
        } else if position > Self.blockSize {
            pending.removeSubrange(0..<position)
            position = 0
        }
        let count: Int
        do {
            count = try source.read(into: scratch, deadline: deadline)
        } catch {
            throw .stream(error, sawResponse: sawResponse)
        }
        guard count > 0 else { return false }
        sawResponse = true
        pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[..<count]))
        return true
    }

    // MARK: Helpers

    /// 0-9, a-f or A-F: `Int(_:radix:)` alone would also take a sign.
    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.trimmingBlanks, as: UTF8.self)
    }
}
