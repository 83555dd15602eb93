/// The three ways a value is written: compact JSON for our stdout, Python's `json.dumps`, and
/// Python's `repr`/`str`, each appended to one byte buffer (linear in the output size).
extension JSONValue {
    /// Compact JSON (no spaces, UTF-8 kept, numbers as written): what the binary prints.
    public func compactJSONBytes() -> [UInt8] {
        var writer = CompactWriter(for: self, chunkSize: .max)
        writer.write(self) { _ in }
        return writer.out
    }

    /// Compact JSON as text.
    public func compactJSON() -> String {
        String(decoding: compactJSONBytes(), as: UTF8.self)
    }

    /// Compact JSON handed to `write` in chunks of about `chunkSize` bytes, so a large result goes
    /// to stdout without ever being held whole in memory (a value written twice is kept once).
    public func writeCompactJSON(chunkSize: Int = 1 << 16, to write: ([UInt8]) -> Void) {
        var writer = CompactWriter(for: self, chunkSize: chunkSize)
        writer.out.reserveCapacity(chunkSize + 1024)
        writer.write(self, to: write)
        writer.flush(to: write)
    }

    /// Python's `json.dumps(value, ensure_ascii=…)` with the default separators `, ` and `: `.
    public func pythonJSONDumps(ensureASCII: Bool = true) -> String {
        var out: [UInt8] = []
        writePythonJSON(to: &out, ensureASCII: ensureASCII)
        return String(decoding: out, as: UTF8.self)
    }

    /// Python's `repr(value)`: `{'k': 'v'}`, `[1, 2.0]`, `True`, `None`.
    public func pythonRepr() -> String {
        var out: [UInt8] = []
        writePythonRepr(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Python's `str(value)`: a string as it is, anything else as `repr`.
    public func pythonStr() -> String {
        if case .string(let s) = self { return s }
        return pythonRepr()
    }

    /// Appends Python's `repr(value)` to `out` (no `String` made on the way).
    public func appendPythonRepr(to out: inout [UInt8]) {
        writePythonRepr(to: &out)
    }

    /// Appends Python's `str(value)` to `out`: a string's own bytes, anything else as `repr`.
    public func appendPythonStr(to out: inout [UInt8]) {
        if case .string(let s) = self { appendUTF8(of: s, to: &out) } else { writePythonRepr(to: &out) }
    }

    /// Appends Python's `json.dumps(value, ensure_ascii=…)` to `out`.
    public func appendPythonJSONDumps(to out: inout [UInt8], ensureASCII: Bool = true) {
        writePythonJSON(to: &out, ensureASCII: ensureASCII)
    }

    /// Appends the number as Python prints it; an integer's text (nearly every number) is copied
    /// as it is, without a `String` in between.
    static func appendPythonNumber(_ n: JSONNumber, json: Bool, to out: inout [UInt8]) {
        if n.isInteger && n.text != "-0" {
            appendUTF8(of: n.text, to: &out)
        } else {
            appendUTF8(of: pythonNumberText(n, json: json), to: &out)
        }
    }

    /// The number as Python prints it after `json.loads`: ints normalized, floats by `repr`.
    static func pythonNumberText(_ n: JSONNumber, json: Bool) -> String {
        if n.isInteger { return n.text == "-0" ? "0" : n.text }
        return json ? PythonFloat.jsonText(n.doubleValue) : PythonFloat.repr(n.doubleValue)
    }

    func writePythonJSON(to out: inout [UInt8], ensureASCII: Bool) {
        switch self {
        case .null: appendASCII("null", to: &out)
        case .bool(let b): appendASCII(b ? "true" : "false", to: &out)
        case .number(let n): Self.appendPythonNumber(n, json: true, to: &out)
        case .string(let s): writeJSONString(s, to: &out, ensureASCII: ensureASCII)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (k, v) in a.enumerated() {
                if k > 0 { out.append(0x2C); out.append(0x20) }
                v.writePythonJSON(to: &out, ensureASCII: ensureASCII)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            out.append(UInt8(ascii: "{"))
            for (k, (key, value)) in zip(o.keyList.keys, o.values).enumerated() {
                if k > 0 { out.append(0x2C); out.append(0x20) }
                writeJSONString(key, to: &out, ensureASCII: ensureASCII)
                out.append(0x3A); out.append(0x20)
                value.writePythonJSON(to: &out, ensureASCII: ensureASCII)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    func writePythonRepr(to out: inout [UInt8]) {
        var writer = PythonReprWriter()
        writer.write(self, to: &out)
    }
}
