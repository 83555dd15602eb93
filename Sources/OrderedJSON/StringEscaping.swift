/// String escaping shared by the writers: JSON (compact and Python's `json.dumps`) and Python's `repr`.

private let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

/// Appends the UTF-8 bytes of `s` in one copy (`append(contentsOf: s.utf8)` goes byte by byte).
func appendUTF8(of s: String, to out: inout [UInt8]) {
    var text = s
    text.withUTF8 { out.append(contentsOf: $0) }
}

/// Appends a literal's bytes in one copy (a String's `utf8` view is appended byte by byte).
func appendASCII(_ literal: StaticString, to out: inout [UInt8]) {
    literal.withUTF8Buffer { out.append(contentsOf: $0) }
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
            while true {
                let k = ByteScan.firstJSONSpecial(in: utf8, from: runStart)
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<k]))
                guard k < utf8.count else { break }
                let b = utf8[k]
                switch b {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(0x5C); out.append(b)
                default: appendControlEscape(b, to: &out)
                }
                runStart = k + 1
            }
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
    var text = s
    text.withUTF8 { writePythonStringRepr(utf8: $0, to: &out) }
}

/// `repr` of valid UTF-8 text. One pass classifies the bytes; text with nothing to escape (nearly
/// every key and value of an API answer) is then copied whole, and otherwise only the bytes
/// between escapes are looked at one by one.
func writePythonStringRepr(utf8: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
    var hasSingle = false
    var hasDouble = false
    var hasSpecial = false  // a backslash, a control character, DEL or non-ASCII
    for b in utf8 {
        if b == UInt8(ascii: "'") {
            hasSingle = true
        } else if b == UInt8(ascii: "\"") {
            hasDouble = true
        } else if b == UInt8(ascii: "\\") || b < 0x20 || b >= 0x7F {
            hasSpecial = true
        }
    }
    let quote: UInt8 = (hasSingle && !hasDouble) ? UInt8(ascii: "\"") : UInt8(ascii: "'")
    out.append(quote)
    // The chosen quote occurs in the text only when both kinds do.
    if !hasSpecial && !(hasSingle && hasDouble) {
        out.append(contentsOf: utf8)
        out.append(quote)
        return
    }
    var k = 0
    var runStart = 0
    let n = utf8.count
    while k < n {
        let b = utf8[k]
        if b >= 0x20 && b < 0x7F && b != quote && b != UInt8(ascii: "\\") {
            k += 1
            continue
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<k]))
        if b < 0x80 {
            switch b {
            case quote, UInt8(ascii: "\\"): out.append(0x5C); out.append(b)
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            default: appendHexEscape(UInt32(b), marker: "x", width: 2, to: &out)
            }
            k += 1
        } else {
            // A multi-byte sequence of valid UTF-8: its length from the lead byte.
            let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
            let end = min(n, k + length)
            var v = UInt32(b) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for j in (k + 1)..<end { v = v << 6 | (UInt32(utf8[j]) & 0x3F) }
            if let scalar = Unicode.Scalar(v), isPythonPrintable(scalar) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[k..<end]))
            } else if v <= 0xFF {
                appendHexEscape(v, marker: "x", width: 2, to: &out)
            } else if v <= 0xFFFF {
                appendHexEscape(v, marker: "u", width: 4, to: &out)
            } else {
                appendHexEscape(v, marker: "U", width: 8, to: &out)
            }
            k = end
        }
        runStart = k
    }
    out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<n]))
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
