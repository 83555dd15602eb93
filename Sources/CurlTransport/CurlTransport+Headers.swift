import HTTPTransport

extension CurlTransport {
    /// The `CURLOPT_HTTPHEADER` lines for `request`: its own fields in order, then the suppressions.
    ///
    /// A field or method that could break out of its line is refused rather than repaired: an altered
    /// header would fail the token signature with a far more confusing error. Error texts name the
    /// field but never its value, since the signature headers carry credentials.
    static func headerLines(for request: HTTPRequest) throws(TransportError) -> [String] {
        guard isToken(request.method) else {
            throw .other(detail: "the HTTP method is not a valid token; nothing was sent")
        }
        var lines: [String] = []
        lines.reserveCapacity(request.headers.count + 2)
        for header in request.headers {
            guard isToken(header.name) else {
                throw .other(detail: "the request header name \"\(printable(header.name))\" is not valid; nothing was sent")
            }
            guard !header.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }) else {
                throw .other(detail: "the request header \"\(header.name)\" contains a line break; nothing was sent")
            }
            // libcurl reads "Name:" as "remove this header"; "Name;" is its spelling of an empty value.
            lines.append(header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)")
        }
        let sendsBody = request.method == "POST" || request.body != nil
        if sendsBody, !request.headers.contains(where: { $0.name.lowercased() == "content-type" }) {
            // libcurl would otherwise label the bytes application/x-www-form-urlencoded.
            lines.append("Content-Type:")
        }
        if !request.headers.contains(where: { $0.name.lowercased() == "expect" }) {
            // No 100-continue round trip: it only adds latency, and some servers mishandle it.
            lines.append("Expect:")
        }
        return lines
    }

    /// RFC 9110 token characters, the only ones allowed in a method or a field name.
    private static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"):
                return true
            default:
                return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
            }
        }
    }

    /// A field name fit for an error text: control characters replaced, length bounded.
    private static func printable(_ text: String) -> String {
        let cleaned = String(text.unicodeScalars.prefix(64).map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) })
        return text.unicodeScalars.count > 64 ? cleaned + "…" : cleaned
    }
}
