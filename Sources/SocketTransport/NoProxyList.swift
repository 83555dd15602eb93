import Glibc

/// A `no_proxy` value, matched against host names with libcurl's rules.
///
/// The rules (from libcurl's `noproxy.c`): the whole value `*` excludes every host; otherwise
/// entries are separated by commas or blanks; a name entry matches the host itself and its
/// sub-domains, ignoring one leading and one trailing dot and letter case; for a host that is an
/// IP address, entries are addresses, optionally with a `/bits` CIDR prefix length.
struct NoProxyList {
    private let matchesEverything: Bool
    private let entries: [Substring]

    init(_ value: String) {
        matchesEverything = value == "*"
        entries = value.split { $0 == "," || $0 == " " || $0 == "\t" }
    }

    /// True when a request to `host` (brackets around an IPv6 literal allowed) must not use the proxy.
    func excludes(host: String) -> Bool {
        guard !host.isEmpty else { return false }
        if matchesEverything { return true }
        var name = Substring(host)
        if name.hasPrefix("["), let close = name.firstIndex(of: "]") {
            name = name[name.index(after: name.startIndex)..<close]
        }
        if let address = Self.address(name) {
            return entries.contains { Self.entry($0, containsAddress: address) }
        }
        let plainName = Self.droppingTrailingDot(name).lowercased()
        return entries.contains { Self.entry($0, matchesName: plainName) }
    }

    // MARK: Names

    private static func entry(_ entry: Substring, matchesName name: String) -> Bool {
        var token = droppingTrailingDot(entry)
        if token.hasPrefix(".") { token = token.dropFirst() }
        guard !token.isEmpty else { return false }
        let pattern = token.lowercased()
        return name == pattern || name.hasSuffix("." + pattern)
    }

    private static func droppingTrailingDot(_ text: Substring) -> Substring {
        text.hasSuffix(".") ? text.dropLast() : text
    }

    // MARK: Addresses

    /// A parsed IPv4 (4 bytes) or IPv6 (16 bytes) address.
    private struct Address {
        let bytes: [UInt8]
    }

    private static func entry(_ entry: Substring, containsAddress host: Address) -> Bool {
        let parts = entry.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let network = parts.first.flatMap({ address($0) }),
              network.bytes.count == host.bytes.count else { return false }
        let width = host.bytes.count * 8
        var bits = width
        if parts.count == 2 {
            // libcurl reads the length with atoi: leading digits only, and 0 means "whole address".
            let digits = parts[1].prefix { $0.isASCII && $0.isNumber }
            guard let parsed = Int(digits.prefix(4)) ?? (digits.isEmpty ? 0 : nil) else { return false }
            bits = parsed == 0 ? width : parsed
        }
        guard bits <= width else { return false }
        return prefixMatches(host.bytes, network.bytes, bits: bits)
    }

    private static func prefixMatches(_ lhs: [UInt8], _ rhs: [UInt8], bits: Int) -> Bool {
        let wholeBytes = bits / 8
        for index in 0..<wholeBytes where lhs[index] != rhs[index] { return false }
        let rest = bits % 8
        guard rest > 0, wholeBytes < lhs.count else { return true }
        let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - rest))
        return (lhs[wholeBytes] ^ rhs[wholeBytes]) & mask == 0
    }

    private static func address(_ text: Substring) -> Address? {
        let string = String(text)
        if let bytes = presentationToBytes(string, family: AF_INET, count: 4) { return Address(bytes: bytes) }
        if let bytes = presentationToBytes(string, family: AF_INET6, count: 16) { return Address(bytes: bytes) }
        return nil
    }

    private static func presentationToBytes(_ text: String, family: Int32, count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        let result = bytes.withUnsafeMutableBytes { buffer in inet_pton(family, text, buffer.baseAddress) }
        return result == 1 ? bytes : nil
    }
}
