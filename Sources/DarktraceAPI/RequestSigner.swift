import CivilTime

/// Darktrace's request signature (CONTRACT §2): `DTAPI-Signature` is the hex HMAC-SHA1, keyed
/// by the private token, of `SIGNED + "\n" + public token + "\n" + date`.
public struct RequestSigner: Sendable {
    let publicToken: String
    let privateToken: String

    public init(publicToken: String, privateToken: String) {
        self.publicToken = publicToken
        self.privateToken = privateToken
    }

    /// The three DTAPI headers for a request whose signed string is `signed`.
    public func headers(signed: String, date: String) -> [(name: String, value: String)] {
        [("DTAPI-Token", publicToken), ("DTAPI-Date", date), ("DTAPI-Signature", signature(signed: signed, date: date))]
    }

    /// The signature for `signed` at `date`.
    public func signature(signed: String, date: String) -> String {
        HMACSHA1.hexDigest(key: privateToken, message: signed + "\n" + publicToken + "\n" + date)
    }

    /// The string a GET signs: the path, then `?` and the query pairs NOT percent-encoded, in wire order.
    public static func signedString(path: String, query: [QueryItem]) -> String {
        guard !query.isEmpty else { return path }
        return path + "?" + query.map(\.decoded).joined(separator: "&")
    }

    /// The string a form POST signs: the path, `?`, and the exact body.
    public static func signedString(path: String, formBody: String) -> String {
        path + "?" + formBody
    }

    /// `DTAPI-Date` for a UTC epoch time: `YYYYMMDDTHHMMSS`.
    public static func dateHeader(epochSeconds: Int64) -> String {
        let t = CivilTime.dateTime(epochSeconds: epochSeconds)
        let pad = CivilTime.zeroPadded
        return pad(t.year, 4) + pad(t.month, 2) + pad(t.day, 2) + "T" + pad(t.hour, 2) + pad(t.minute, 2) + pad(t.second, 2)
    }
}

/// One query parameter, decoded (the signer signs it as is; the wire form percent-encodes it).
public struct QueryItem: Sendable, Equatable {
    /// The parameter name.
    public var name: String
    /// The value; nil for a bare `name` with no `=` (as a /details query item may be).
    public var value: String?

    public init(_ name: String, _ value: String?) {
        self.name = name
        self.value = value
    }

    /// `name=value` as signed (not encoded).
    public var decoded: String {
        value.map { name + "=" + $0 } ?? name
    }

    /// `name=value` as sent, every reserved byte percent-encoded.
    public var encoded: String {
        value.map { percentEncode(name) + "=" + percentEncode($0) } ?? percentEncode(name)
    }
}

/// RFC 3986 percent-encoding of every byte outside the unreserved set (`A-Z a-z 0-9 - . _ ~`).
public func percentEncode(_ text: String) -> String {
    let hexDigits = Array("0123456789ABCDEF".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count)
    for b in text.utf8 {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "_"), UInt8(ascii: "~"):
            out.append(b)
        default:
            out.append(UInt8(ascii: "%"))
            out.append(hexDigits[Int(b >> 4)])
            out.append(hexDigits[Int(b & 0xF)])
        }
    }
    return String(decoding: out, as: UTF8.self)
}
