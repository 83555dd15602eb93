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
        case .array(let items):
            for (k, item) in items.enumerated() {
                if k > 0 { appendText(",\n", to: &out) }
                item.appendPythonStr(to: &out)
            }
        default: value.appendPythonJSONDumps(to: &out, ensureASCII: false)
        }
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
        var k = 0
        while k < n {
            let b = utf8[k]
            // One compare rejects most bytes: the four specials are 0x0A, 0x0D, 0x60 and 0x7C.
            if b > 0x0D && b != 0x60 && b != 0x7C {
                k += 1
                continue
            }
            switch b {
            case 0x0D:
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<k]))
                appendText("<br>", to: &out)
                // `\r\n` is one break.
                k += (k + 1 < n && utf8[k + 1] == 0x0A) ? 2 : 1
                runStart = k
            case 0x0A:
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<k]))
                appendText("<br>", to: &out)
                k += 1
                runStart = k
            case 0x60, 0x7C:
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<k]))
                out.append(UInt8(ascii: "\\"))
                out.append(b)
                k += 1
                runStart = k
            default:
                k += 1
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<n]))
    }

    /// Appends a string's UTF-8 bytes in one copy.
    static func appendText(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { out.append(contentsOf: $0) }
    }
}
