import CCurlShim
import HTTPTransport

/// Accumulates what libcurl delivers during one transfer: the final response's headers and body.
///
/// libcurl calls back from inside `curl_easy_perform` on the calling thread, so no locking is needed;
/// the object is reached through an unretained pointer that the owning `CurlEasy` keeps alive.
final class ResponseCollector {
    private(set) var headers: [HTTPHeader] = []
    private var body: [UInt8] = []
    /// Set by the blank line closing a header block: later lines are trailers, not headers.
    private var headerBlockEnded = false

    /// Upper bound on what a `Content-Length` may pre-allocate: the header is the server's word, not ours.
    static let maximumReservation = 32 << 20

    /// Hands over the body without copying it.
    func takeBody() -> [UInt8] {
        defer { body = [] }
        return body
    }

    // MARK: Body

    func appendBody(_ bytes: UnsafeBufferPointer<UInt8>) {
        // Array growth is geometric, so appending chunk after chunk stays linear in the body size.
        body.append(contentsOf: bytes)
    }

    /// The `CURLOPT_WRITEFUNCTION` entry point; returning less than offered aborts the transfer.
    static let bodyCallback: ccurl_data_callback = { data, size, count, context in
        deliver(data, size, count, context) { $0.appendBody($1) }
    }

    // MARK: Headers

    /// Takes one raw header line as libcurl delivers it (status lines and the closing blank line included).
    func receiveHeaderLine(_ raw: UnsafeBufferPointer<UInt8>) {
        var end = raw.count
        while end > 0, raw[end - 1] == 0x0A || raw[end - 1] == 0x0D { end -= 1 }
        let line = UnsafeBufferPointer(rebasing: raw[0..<end])

        if Self.isStatusLine(line) {
            // A new response starts: an interim 1xx, or a proxy's CONNECT answer, is discarded
            // so that only the final response's fields remain.
            headers.removeAll(keepingCapacity: true)
            headerBlockEnded = false
            return
        }
        if line.isEmpty {
            headerBlockEnded = true
            return
        }
        guard !headerBlockEnded else { return }

        if line[0] == 0x20 || line[0] == 0x09 {
            // Obsolete line folding continues the previous field's value.
            guard var last = headers.popLast() else { return }
            let continuation = Self.trimmed(line)
            last.value += last.value.isEmpty ? continuation : " " + continuation
            headers.append(last)
            return
        }
        guard let colon = line.firstIndex(of: 0x3A) else { return }
        let name = String(decoding: UnsafeBufferPointer(rebasing: line[0..<colon]), as: UTF8.self)
        let value = Self.trimmed(UnsafeBufferPointer(rebasing: line[(colon + 1)...]))
        headers.append(HTTPHeader(name, value))
        reserveBody(ifContentLengthField: name, value: value)
    }

    /// The `CURLOPT_HEADERFUNCTION` entry point.
    static let headerCallback: ccurl_data_callback = { data, size, count, context in
        deliver(data, size, count, context) { $0.receiveHeaderLine($1) }
    }

    /// The shared body of both callbacks: checks libcurl's arguments, hands the chunk to the
    /// collector behind `context`, and returns the byte count that tells libcurl to go on.
    private static func deliver(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int,
                                _ context: UnsafeMutableRawPointer?,
                                to handle: (ResponseCollector, UnsafeBufferPointer<UInt8>) -> Void) -> Int {
        guard let context else { return 0 }
        let (total, overflow) = size.multipliedReportingOverflow(by: count)
        guard !overflow else { return 0 }
        guard total > 0, let data else { return total }
        let collector = Unmanaged<ResponseCollector>.fromOpaque(context).takeUnretainedValue()
        // char and UInt8 are layout-compatible, and Swift allows signed/unsigned aliasing.
        let bytes = UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self)
        handle(collector, UnsafeBufferPointer(start: bytes, count: total))
        return total
    }

    // MARK: Helpers

    private func reserveBody(ifContentLengthField name: String, value: String) {
        guard body.isEmpty, name.lowercased() == "content-length",
              let length = Int(value), length > 0 else { return }
        // A hint only: a gzip body decodes larger, and Array keeps growing geometrically past it.
        body.reserveCapacity(min(length, Self.maximumReservation))
    }

    private static func isStatusLine(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        let prefix: [UInt8] = Array("HTTP/".utf8)
        return line.count >= prefix.count && line.prefix(prefix.count).elementsEqual(prefix)
    }

    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }
}
