/// Why a document is not JSON: the byte offset and what was expected there.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Zero-based byte offset of the problem.
    public let offset: Int
    /// What was wrong, e.g. "expected ',' or '}' after an object member".
    public let message: String

    public var description: String { "\(message) at byte \(offset)" }
}

/// A strict RFC 8259 parser that keeps key order and number text.
///
/// It never recurses (containers live on an explicit stack), so hostile nesting cannot overflow
/// the call stack; nesting deeper than `maximumDepth` is refused with an error instead. Time and
/// memory are linear in the input size, and every array and object is built at its exact size.
public struct JSONParser {
    /// The deepest nesting accepted: far beyond any Darktrace answer, far below a stack overflow
    /// in the recursive writers.
    public static let maximumDepth = 512

    /// An open container: where its values (and an object's keys) start on the scratch stacks,
    /// and for an object the running hash of its keys.
    private enum Frame {
        case array(start: Int)
        case object(keyStart: Int, valueStart: Int, hash: KeyListCache.SequenceHash)
    }

    /// Parses one JSON document (surrounding white space allowed, nothing else after it).
    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        // The parser reads through a buffer pointer that never outlives this call: no bounds
        // check per byte, and no copy of a large body.
        let result = bytes.withUnsafeBufferPointer { buffer -> Result<JSONValue, JSONParseError> in
            var parser = JSONParser(bytes: buffer)
            do throws(JSONParseError) {
                return .success(try parser.document())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Parses one JSON document from text.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0
    /// The values of all open arrays and objects, innermost last.
    private let elements = MoveStack<JSONValue>()
    /// The keys of all open objects, innermost last (one more than values while a value is parsed).
    private let keys = MoveStack<String>()
    private var keyLists = KeyListCache()
    private let smallStrings = SmallStringCache()

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    private func fail(_ message: String, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(offset: offset ?? i, message: message)
    }

    private mutating func skipWhitespace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    private func peek() -> UInt8? {
        i < bytes.count ? bytes[i] : nil
    }

    private mutating func document() throws(JSONParseError) -> JSONValue {
        var stack: [Frame] = []
        skipWhitespace()
        if i >= bytes.count { throw fail(bytes.isEmpty ? "empty input: expected a JSON value" : "expected a JSON value") }
        parsing: while true {
            var value: JSONValue
            guard let b = peek() else { throw fail("unexpected end of input: expected a value") }
            switch b {
            case UInt8(ascii: "{"):
                i += 1
                skipWhitespace()
                if stack.count >= Self.maximumDepth { throw fail("nesting deeper than \(Self.maximumDepth) levels") }
                if peek() == UInt8(ascii: "}") {
                    i += 1
                    value = .object(JSONObject())
                } else {
                    let keyStart = keys.count
                    let hash = try memberKey(hash: KeyListCache.SequenceHash())
                    stack.append(.object(keyStart: keyStart, valueStart: elements.count, hash: hash))
                    continue parsing
                }
            case UInt8(ascii: "["):
                i += 1
                skipWhitespace()
                if stack.count >= Self.maximumDepth { throw fail("nesting deeper than \(Self.maximumDepth) levels") }
                if peek() == UInt8(ascii: "]") {
                    i += 1
                    value = .array([])
                } else {
                    stack.append(.array(start: elements.count))
                    continue parsing
                }
            case UInt8(ascii: "\""):
                value = .string(try string())
            case UInt8(ascii: "t"):
                try literal("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try literal("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try literal("null")
                value = .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = .number(try number())
            default:
                throw fail("expected a JSON value")
            }
            // Attach the finished value to its parents, closing every container that ends here.
            while true {
                guard let frame = stack.last else {
                    skipWhitespace()
                    if i != bytes.count { throw fail("unexpected data after the JSON value") }
                    return value
                }
                skipWhitespace()
                switch frame {
                case .array(let start):
                    elements.push(value)
                    switch peek() {
                    case UInt8(ascii: ","):
                        i += 1
                        skipWhitespace()
                        continue parsing
                    case UInt8(ascii: "]"):
                        i += 1
                        stack.removeLast()
                        value = .array(elements.popAll(from: start))
                    case nil:
                        throw fail("unexpected end of input: expected ',' or ']' in an array")
                    default:
                        throw fail("expected ',' or ']' after an array element")
                    }
                case .object(let keyStart, let valueStart, let hash):
                    elements.push(value)
                    switch peek() {
                    case UInt8(ascii: ","):
                        i += 1
                        skipWhitespace()
                        let next = try memberKey(hash: hash)
                        stack[stack.count - 1] = .object(keyStart: keyStart, valueStart: valueStart, hash: next)
                        continue parsing
                    case UInt8(ascii: "}"):
                        i += 1
                        stack.removeLast()
                        value = .object(closeObject(keyStart: keyStart, valueStart: valueStart, hash: hash))
                    case nil:
                        throw fail("unexpected end of input: expected ',' or '}' in an object")
                    default:
                        throw fail("expected ',' or '}' after an object member")
                    }
                }
            }
        }
    }

    /// Reads `"key"` and the `:` after it onto the key stack, leaving `i` at the member's value;
    /// returns the object's key hash with this key folded in.
    private mutating func memberKey(hash: KeyListCache.SequenceHash) throws(JSONParseError) -> KeyListCache.SequenceHash {
        guard peek() == UInt8(ascii: "\"") else {
            throw fail(i >= bytes.count ? "unexpected end of input: expected a string key" : "expected a string key")
        }
        let open = i
        keys.push(try string())
        let folded = KeyListCache.combine(hash, keyBytes: UnsafeBufferPointer(rebasing: bytes[(open + 1)..<(i - 1)]))
        skipWhitespace()
        guard peek() == UInt8(ascii: ":") else { throw fail("expected ':' after an object key") }
        i += 1
        skipWhitespace()
        return folded
    }

    /// Builds the object whose keys and values lie on the stacks from the given positions: with
    /// the shared key list of an alike earlier object when there is one.
    private mutating func closeObject(keyStart: Int, valueStart: Int, hash: KeyListCache.SequenceHash) -> JSONObject {
        let values = elements.moveOut(from: valueStart) { source, n in
            ObjectValues(count: n) { $0.moveInitialize(from: source, count: n) }
        }
        if let list = keys.withElements(from: keyStart, { keyLists.lookup($0, hash: hash) }) {
            keys.drop(from: keyStart)
            return JSONObject(keyList: list, values: values)
        }
        let parsedKeys = keys.popAll(from: keyStart)
        guard JSONObject.keysAreDistinct(parsedKeys) else {
            return JSONObject.resolvingDuplicates(keys: parsedKeys, values: values)
        }
        let list = JSONObject.KeyList(parsedKeys)
        keyLists.store(list, hash: hash)
        return JSONObject(keyList: list, values: values)
    }

    private mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let start = i
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { throw fail("invalid literal: expected '\(word)'", at: start) }
        let ok = word.withUTF8Buffer { w in
            for k in 0..<n where bytes[start + k] != w[k] { return false }
            return true
        }
        guard ok else { throw fail("invalid literal: expected '\(word)'", at: start) }
        i += n
    }

    private mutating func number() throws(JSONParseError) -> JSONNumber {
        let start = i
        var isInteger = true
        func isDigit(_ b: UInt8?) -> Bool { b.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
        if peek() == UInt8(ascii: "-") { i += 1 }
        guard let first = peek(), isDigit(first) else { throw fail("expected a digit in a number") }
        i += 1
        if first == UInt8(ascii: "0") {
            if isDigit(peek()) { throw fail("leading zeros are not allowed in a number") }
        } else {
            while isDigit(peek()) { i += 1 }
        }
        if peek() == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            guard isDigit(peek()) else { throw fail("expected a digit after the decimal point") }
            while isDigit(peek()) { i += 1 }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            isInteger = false
            i += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { i += 1 }
            guard isDigit(peek()) else { throw fail("expected a digit in the exponent") }
            while isDigit(peek()) { i += 1 }
        }
        // The text was just scanned, so it is ASCII and whether it is an integer is known.
        let text = i - start <= SmallStringCache.maximumLength
            ? smallStrings.string(in: bytes, from: start, count: i - start) { String(decoding: $0, as: UTF8.self) }
            : String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        return JSONNumber(text: text, isInteger: isInteger)
    }

    /// Reads a string starting at its opening quote; validates UTF-8 and escapes.
    private mutating func string() throws(JSONParseError) -> String {
        let open = i
        i += 1
        let contentStart = i
        // Fast path: no escapes. The bytes are OR-ed together to learn whether all are ASCII.
        var seen: UInt8 = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                let n = i - contentStart
                if seen < 0x80 && n <= SmallStringCache.maximumLength {
                    let s = smallStrings.string(in: bytes, from: contentStart, count: n) { String(decoding: $0, as: UTF8.self) }
                    i += 1
                    return s
                }
                let s = try makeString(UnsafeBufferPointer(rebasing: bytes[contentStart..<i]), isASCII: seen < 0x80, open: open)
                i += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw fail("unescaped control character in a string") }
            seen |= b
            i += 1
        }
        if i >= bytes.count { throw fail("unterminated string", at: open) }
        var buffer = Array(UnsafeBufferPointer(rebasing: bytes[contentStart..<i]))
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "\""):
                let s = try buffer.withUnsafeBufferPointer { b throws(JSONParseError) in
                    try makeString(b, isASCII: !b.contains { $0 >= 0x80 }, open: open)
                }
                i += 1
                return s
            case UInt8(ascii: "\\"):
                try escape(into: &buffer)
            case 0..<0x20:
                throw fail("unescaped control character in a string")
            default:
                buffer.append(b)
                i += 1
            }
        }
        throw fail("unterminated string", at: open)
    }

    /// A string from UTF-8 content bytes; invalid UTF-8 is refused (reported at the opening quote).
    ///
    /// ASCII, nearly every string in an API answer, needs no validation: `String(decoding:)` takes
    /// it straight. Only other text goes through `String(validating:)`, whose generic path costs a
    /// runtime metadata lookup per call.
    private func makeString(_ content: UnsafeBufferPointer<UInt8>, isASCII: Bool, open: Int) throws(JSONParseError) -> String {
        if isASCII { return String(decoding: content, as: UTF8.self) }
        guard let s = String(validating: content, as: UTF8.self) else {
            throw fail("invalid UTF-8 in a string", at: open)
        }
        return s
    }

    private mutating func escape(into buffer: inout [UInt8]) throws(JSONParseError) {
        let at = i
        i += 1
        guard let e = peek() else { throw fail("unterminated string") }
        i += 1
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(e)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate: pair it with a following \uDC00-\uDFFF, else it stands alone.
                if i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                    let save = i
                    i += 2
                    let low = try hex4()
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        i = save
                        scalar = 0xFFFD
                    }
                } else {
                    scalar = 0xFFFD
                }
            } else if (0xDC00..<0xE000).contains(scalar) {
                scalar = 0xFFFD  // a lone low surrogate cannot live in a Swift String
            }
            appendUTF8(scalar, to: &buffer)
        default:
            throw fail("invalid escape sequence", at: at)
        }
    }

    private mutating func hex4() throws(JSONParseError) -> UInt32 {
        guard i + 4 <= bytes.count else { throw fail("expected four hex digits after \\u") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let d: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - 0x30)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - 0x61 + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - 0x41 + 10)
            default: throw fail("expected four hex digits after \\u")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }
}

/// Appends the UTF-8 encoding of a Unicode scalar value.
func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
    switch v {
    case 0..<0x80:
        out.append(UInt8(v))
    case 0x80..<0x800:
        out.append(UInt8(0xC0 | (v >> 6)))
        out.append(UInt8(0x80 | (v & 0x3F)))
    case 0x800..<0x10000:
        out.append(UInt8(0xE0 | (v >> 12)))
        out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
        out.append(UInt8(0x80 | (v & 0x3F)))
    default:
        out.append(UInt8(0xF0 | (v >> 18)))
        out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
        out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
        out.append(UInt8(0x80 | (v & 0x3F)))
    }
}
