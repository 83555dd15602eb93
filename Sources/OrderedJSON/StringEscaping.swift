/// String escaping shared by the writers: JSON (compact and Python's `json.dumps`) and Python's `repr`.

private let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

/// Appends the UTF-8 bytes of `s` in one copy (`append(contentsOf: s.utf8)` goes byte by byte).
func appendUTF8(of s: String, to out: inout [UInt8]) {
    var text = s
    text.withUTF8 { out.append(contentsOf: $0) }
}

/// Appends `\u` and four lowercase hex digits, as Python's json module writes them.
private func appendUnicodeEscape(_ v: UInt32, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\\"))
    out.append(UInt8(ascii: "u"))
    for shift in stride(from: 12, through: 0, by: -4) {
        out.append(hexDigits[Int((v >> UInt32(shift)) & 0xF)])
    }
}

/// Appends a JSON string literal. With `ensureASCII` every character outside ' '...'~' is escaped
/// (surrogate pairs above U+FFFF), as Python's `json.dumps` default; without it only `"`, `\` and
/// control characters are, as `ensure_ascii=False` (and our compact output) do.
func writeJSONString(_ s: String, to out: inout [UInt8], ensureASCII: Bool) {
    out.append(UInt8(ascii: "\""))
    if !ensureASCII {
        // Runs of bytes that need no escape (nearly all of them) are copied in one piece.
        var text = s
        text.withUTF8 { utf8 in
            var runStart = 0
            for (k, b) in utf8.enumerated() where b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<k]))
                switch b {
                case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
                case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
                default: appendControlEscape(b, to: &out)
                }
                runStart = k + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
    } else {
        for scalar in s.unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0..<0x20: appendControlEscape(UInt8(v), to: &out)
            case 0x20...0x7E: out.append(UInt8(v))
            case 0x7F..<0x10000: appendUnicodeEscape(v, to: &out)
            default:
                let u = v - 0x10000
                appendUnicodeEscape(0xD800 | (u >> 10), to: &out)
                appendUnicodeEscape(0xDC00 | (u & 0x3FF), to: &out)
            }
        }
    }
    out.append(UInt8(ascii: "\""))
}

private func appendControlEscape(_ b: UInt8, to out: inout [UInt8]) {
    switch b {
    case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
    case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
    case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
    case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
    case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
    default: appendUnicodeEscape(UInt32(b), to: &out)
    }
}

/// Appends Python's `repr(str)`: single quotes unless the text holds `'` and no `"`; `\\`, `\t`,
/// `\n`, `\r` escaped; other unprintable characters as `\xNN`, `\uNNNN` or `\UNNNNNNNN`;
/// printable non-ASCII kept.
func writePythonStringRepr(_ s: String, to out: inout [UInt8]) {
    var hasSingle = false
    var hasDouble = false
    for b in s.utf8 {
        if b == UInt8(ascii: "'") { hasSingle = true } else if b == UInt8(ascii: "\"") { hasDouble = true }
    }
    let quote: UInt8 = (hasSingle && !hasDouble) ? UInt8(ascii: "\"") : UInt8(ascii: "'")
    out.append(quote)
    for scalar in s.unicodeScalars {
        let v = scalar.value
        if v == UInt32(quote) || v == 0x5C {
            out.append(0x5C)
            out.append(UInt8(v))
        } else if v == 0x09 {
            out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        } else if v == 0x0A {
            out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        } else if v == 0x0D {
            out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        } else if v < 0x20 || v == 0x7F {
            appendHexEscape(v, marker: "x", width: 2, to: &out)
        } else if v < 0x7F {
            out.append(UInt8(v))
        } else if isPythonPrintable(scalar) {
            appendUTF8(v, to: &out)
        } else if v <= 0xFF {
            appendHexEscape(v, marker: "x", width: 2, to: &out)
        } else if v <= 0xFFFF {
            appendHexEscape(v, marker: "u", width: 4, to: &out)
        } else {
            appendHexEscape(v, marker: "U", width: 8, to: &out)
        }
    }
    out.append(quote)
}

private func appendHexEscape(_ v: UInt32, marker: Unicode.Scalar, width: Int, to out: inout [UInt8]) {
    out.append(0x5C)
    out.append(UInt8(marker.value))
    for k in stride(from: width - 1, through: 0, by: -1) {
        out.append(hexDigits[Int((v >> UInt32(4 * k)) & 0xF)])
    }
}

/// Python's `str.isprintable` for one non-ASCII character: false for the categories
/// Cc, Cf, Cs, Co, Cn, Zl, Zp and Zs.
func isPythonPrintable(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .control, .format, .surrogate, .privateUse, .unassigned,
         .lineSeparator, .paragraphSeparator, .spaceSeparator:
        return false
    default:
        return true
    }
}
