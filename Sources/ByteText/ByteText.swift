/// Substring search and replacement on UTF-8 bytes.
///
/// Two reasons to search bytes rather than Characters:
/// - **Speed.** The package is built without the implicit `_StringProcessing` module, where
///   `String.contains(_: String)` and `replacing(_:with:)` live. Loading that module and its regex
///   parser costs every process about 0.8 ms of start-up.
/// - **Exact matches.** Character-level search compares grapheme clusters, so it misses a token
///   followed by a combining mark ("abcdef" + U+0301), while Python's `in` and a leak check must
///   find it. For valid UTF-8, a byte match is exactly a code-point match, which is what Python does.
extension StringProtocol {
    /// True when `needle` occurs in this text, code point for code point (Python's `needle in text`).
    public func containsBytes(of needle: some StringProtocol) -> Bool {
        Array(utf8).firstOccurrence(of: Array(needle.utf8)) != nil
    }

    /// This text with every occurrence of `needle` replaced by `replacement`, left to right and
    /// without overlaps (Python's `str.replace`).
    public func replacingBytes(of needle: some StringProtocol, with replacement: some StringProtocol) -> String {
        let text = Array(utf8), pattern = Array(needle.utf8)
        guard !pattern.isEmpty, var match = text.firstOccurrence(of: pattern) else { return String(self) }
        let substitute = Array(replacement.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var copied = 0
        while true {
            out.append(contentsOf: text[copied..<match])
            out.append(contentsOf: substitute)
            copied = match + pattern.count
            guard let next = text.firstOccurrence(of: pattern, from: copied) else { break }
            match = next
        }
        out.append(contentsOf: text[copied...])
        return String(decoding: out, as: UTF8.self)
    }
}

extension Array where Element == UInt8 {
    /// The offset of the first occurrence of `pattern` at or after `start`, or nil.
    ///
    /// A plain scan, O(n·m): patterns here are tokens and short markers; the scan for the first
    /// byte is the fast part.
    public func firstOccurrence(of pattern: [UInt8], from start: Int = 0) -> Int? {
        guard let first = pattern.first else { return start <= count ? start : nil }
        guard count >= pattern.count else { return nil }
        var position = Swift.max(start, 0)
        let last = count - pattern.count
        while position <= last {
            if self[position] == first && self[position..<(position + pattern.count)].elementsEqual(pattern) {
                return position
            }
            position += 1
        }
        return nil
    }
}
