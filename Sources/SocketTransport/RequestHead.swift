import HTTPTransport

/// The bytes of an HTTP/1.1 request head: request line, `Host`, the caller's fields in order,
/// then the fields this transport adds.
///
/// A field or method that could break out of its line is refused rather than repaired: an altered
/// header would fail the token signature with a far more confusing error. Error texts name the
/// field but never its value, since the signature headers carry credentials.
enum RequestHead {
    /// Builds the head for `request` asking for `target` (origin form, or absolute form via a proxy).
    static func bytes(for request: HTTPRequest, url: RequestURL, target: String,
                      proxyAuthorization: String?) throws(TransportError) -> [UInt8] {
        guard isToken(request.method) else {
            throw .other(detail: "the HTTP method is not a valid token; nothing was sent")
        }
        var names = Set<String>()
        for header in request.headers {
            guard isToken(header.name) else {
                throw .other(detail: "the request header name \"\(header.name.printable(limit: 64))\" is not valid; nothing was sent")
            }
            guard !header.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }) else {
                throw .other(detail: "the request header \"\(header.name)\" contains a line break; nothing was sent")
            }
            names.insert(header.name.lowercased())
        }

        var head = "\(request.method) \(target) HTTP/1.1\r\n"
        if !names.contains("host") { head += "Host: \(url.hostHeader)\r\n" }
        for header in request.headers {
            head += "\(header.name): \(header.value)\r\n"
        }
        if let userinfo = url.userinfo, !names.contains("authorization") {
            // As requests and curl do with credentials written in the URL.
            head += "Authorization: Basic \(BasicCredentials.encode(userinfo))\r\n"
        }
        if let proxyAuthorization { head += "Proxy-Authorization: \(proxyAuthorization)\r\n" }
        if !names.contains("accept") { head += "Accept: */*\r\n" }
        if !names.contains("accept-encoding") { head += "Accept-Encoding: \(BodyDecoding.acceptedEncodings)\r\n" }
        let sendsBody = request.body != nil || request.method == "POST" || request.method == "PUT"
        if sendsBody, !names.contains("content-length") {
            head += "Content-Length: \(request.body?.count ?? 0)\r\n"
        }
        // One exchange per connection: a reused connection that turned out dead would need a
        // silent resend, and the caller, which owns retries, must see every attempt.
        if !names.contains("connection") { head += "Connection: close\r\n" }
        head += "\r\n"
        return Array(head.utf8)
    }

    /// RFC 9110 token characters, the only ones allowed in a method or a field name.
    static func isToken(_ text: String) -> Bool {
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
}
