public import OrderedJSON

/// tableToMarkdown's cells written as bytes: a table of a large answer is one growing buffer,
/// with no `String` made per cell, per item or per escape.
extension TableToMarkdown {
    /// Appends `formatCell(value)` unescaped: a string as is, an object as `key: flattenCell(value)`
    /// lines, anything else as `flattenCell`.
    public static func appendFormattedCell(_ value: JSONValue, to out: inout [UInt8]) {
        guard case .object(let o) = value else {
            appendFlattenedCell(value, to: &out)
            return
        }
        var first = true
        o.forEachMember { key, member in
            if !first { out.append(0x0A) }
            first = false
            appendText(key, to: &out)
            appendText(": ", to: &out)
            appendFlattenedCell(member, to: &out)
        }
    }

    /// Appends `flattenCell(value)` unescaped: a string as is, a list as its items' `str()` joined
    /// by `,\n`, anything else as `json.dumps(value, ensure_ascii=False)`.
    public static func appendFlattenedCell(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .string(let s): appendText(s, to: &out)
        case .array(let items): JSONValue.appendPythonStrs(of: items, separator: ",\n", to: &out)
        default: value.appendPythonJSONDumps(to: &out, ensureASCII: false)
        }
    }

    /// Appends the escaped cell of a list (`stringEscapeMD(flattenCell(items))`) straight into
    /// `out`: each item's `str()` is written in place and escaped where it lies, and the `,\n`
    /// between items is written as `,<br>` (the `,` keeps its `\n` from ever being part of a
    /// `\r\n`), so the cell of a whole answer is never copied through a scratch buffer.
    static func appendEscapedList(_ items: [JSONValue], to out: inout [UInt8], scratch: inout [UInt8]) {
        let last = items.count - 1
        var k = 0
        JSONValue.appendPythonStrs(of: items, to: &out) { out, start in
            escapeInPlace(&out, from: start, scratch: &scratch)
            if k < last { appendText(",<br>", to: &out) }
            k += 1
        }
    }

    /// Escapes the bytes of `out` from `start` on where they lie: only the part from the first
    /// byte that needs it (if any) is moved out through `scratch` and written back escaped.
    static func escapeInPlace(_ out: inout [UInt8], from start: Int, scratch: inout [UInt8]) {
        let first = out.withUnsafeBufferPointer { ByteScan.firstMarkdownSpecial(in: $0, from: start) }
        guard first < out.count else { return }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: out[first...])
        out.removeSubrange(first...)
        scratch.withUnsafeBufferPointer { appendEscaped(utf8: $0, to: &out) }
    }

    /// Appends `stringEscapeMD(text)` of a string.
    static func appendEscaped(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendEscaped(utf8: $0, to: &out) }
    }

    /// Appends `stringEscapeMD` of UTF-8 text: `\r\n`, `\r` and `\n` become `<br>`, `|` and `` ` ``
    /// get a backslash. The runs between those bytes (nearly all of a cell) are copied whole.
    static func appendEscaped(utf8: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let n = utf8.count
        var runStart = 0
        while true {
            let k = ByteScan.firstMarkdownSpecial(in: utf8, from: runStart)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<k]))
            guard k < n else { return }
            let b = utf8[k]
            switch b {
            case 0x0D:
                appendText("<br>", to: &out)
                // `\r\n` is one break.
                runStart = (k + 1 < n && utf8[k + 1] == 0x0A) ? k + 2 : k + 1
            case 0x0A:
                appendText("<br>", to: &out)
                runStart = k + 1
            default:
                out.append(UInt8(ascii: "\\"))
                out.append(b)
                runStart = k + 1
            }
        }
    }

    /// Appends a string's UTF-8 bytes in one copy.
    static func appendText(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { out.append(contentsOf: $0) }
    }
}

/// Where each header's value sits in a row: found once for all the rows that share one key list
/// (nearly all rows of a large table), instead of a key search per cell.
struct HeaderPlan {
    let headers: [String]
    private var keysOf: JSONObject?
    private var cached: [Int?] = []

    init(headers: [String]) {
        self.headers = headers
    }

    /// Each header's position in `row` (nil where the row lacks it).
    mutating func positions(in row: JSONObject) -> [Int?] {
        if let keysOf, keysOf.sharesKeys(with: row) { return cached }
        cached = headers.map { row.position(of: $0) }
        keysOf = row
        return cached
    }
}
