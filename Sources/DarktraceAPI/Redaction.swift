import ByteText

/// Replaces secrets with `<redacted>` in every form text may carry them in: as they are, and as a
/// JSON serialiser writes them inside a string (a server echoing a token in its JSON error body).
///
/// Redaction must come before any cut: text cut first can end in the middle of a token, and the
/// prefix that is left no longer matches. So bodies are redacted as they arrive, whole.
public struct Redaction: Sendable {
    /// What each secret (and each form of it) becomes.
    public static let placeholder = "<redacted>"
    /// Secrets shorter than this are not replaced: replacing a one-letter "token" would garble
    /// every message while protecting nothing.
    public static let minimumLength = 6

    /// Every form of every secret, as UTF-8, longest first (so no form is left half replaced).
    private let forms: [[UInt8]]

    /// No secrets: text passes unchanged.
    public static let none = Redaction(secrets: [])

    /// Redacts `secrets` (those of `minimumLength` characters or more) in their raw and JSON forms,
    /// and in whatever more forms `extraForms` gives for each of those.
    public init(secrets: [String], extraForms: (String) -> [String] = { _ in [] }) {
        var all = Set<String>()
        for secret in secrets where secret.count >= Self.minimumLength {
            for form in Self.jsonForms(of: secret) {
                all.insert(form)
                all.formUnion(extraForms(form))
            }
        }
        forms = all.map { Array($0.utf8) }.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
    }

    /// True when there is nothing to redact.
    public var isEmpty: Bool { forms.isEmpty }

    /// `text` with every form of every secret replaced.
    public func redact(_ text: String) -> String {
        guard !forms.isEmpty else { return text }
        return String(decoding: redact(Array(text.utf8)), as: UTF8.self)
    }

    /// `bytes` with every form of every secret replaced; the same array when none occurs.
    public func redact(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        let substitute = Array(Self.placeholder.utf8)
        for form in forms {
            // One scan per form; most find nothing and copy nothing.
            guard var match = out.firstOccurrence(of: form) else { continue }
            var replaced: [UInt8] = []
            replaced.reserveCapacity(out.count)
            var copied = 0
            while true {
                replaced.append(contentsOf: out[copied..<match])
                replaced.append(contentsOf: substitute)
                copied = match + form.count
                guard let next = out.firstOccurrence(of: form, from: copied) else { break }
                match = next
            }
            replaced.append(contentsOf: out[copied...])
            out = replaced
        }
        return out
    }

    // MARK: Forms

    /// `secret` as it is and as JSON serialisers write it inside a string literal: Python's
    /// `json.dumps` (ASCII only, `\uXXXX` and surrogate pairs), `ensure_ascii=False` and
    /// JavaScript (only `"`, `\` and controls escaped), upper-case hex (Java, .NET), `\/` (PHP),
    /// and `<`, `>`, `&` escaped (Go). Duplicates removed; a plain token has one form.
    public static func jsonForms(of secret: String) -> [String] {
        var forms: [String] = [secret]
        for asciiOnly in [true, false] {
            for upperHex in [false, true] {
                for escapeSlash in [false, true] {
                    for htmlSafe in [false, true] {
                        let form = jsonEscaped(secret, asciiOnly: asciiOnly, upperHex: upperHex,
                                               escapeSlash: escapeSlash, htmlSafe: htmlSafe)
                        if !forms.contains(form) { forms.append(form) }
                    }
                }
            }
        }
        return forms
    }

    /// The inside of a JSON string literal for `text`, escaped as the options say.
    static func jsonEscaped(_ text: String, asciiOnly: Bool, upperHex: Bool, escapeSlash: Bool, htmlSafe: Bool) -> String {
        let digits = Array((upperHex ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
        var out: [UInt8] = []
        func unicodeEscape(_ value: UInt32) {
            out += [0x5C, 0x75]
            for shift in stride(from: 12, through: 0, by: -4) { out.append(digits[Int((value >> UInt32(shift)) & 0xF)]) }
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x2F where escapeSlash: out += [0x5C, 0x2F]
            case 0x08: out += [0x5C, 0x62]
            case 0x09: out += [0x5C, 0x74]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0C: out += [0x5C, 0x66]
            case 0x0D: out += [0x5C, 0x72]
            case 0..<0x20: unicodeEscape(value)
            // A `where` binds to one pattern only, so each carries its own.
            case 0x3C where htmlSafe, 0x3E where htmlSafe, 0x26 where htmlSafe,
                 0x2028 where htmlSafe, 0x2029 where htmlSafe:
                unicodeEscape(value)
            case 0x20..<0x7F: out.append(UInt8(value))
            case 0x7F..<0x10000 where asciiOnly: unicodeEscape(value)
            case 0x10000... where asciiOnly:
                unicodeEscape(0xD800 | ((value - 0x10000) >> 10))
                unicodeEscape(0xDC00 | ((value - 0x10000) & 0x3FF))
            default: out.append(contentsOf: String(scalar).utf8)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `url` with any user information (`user:password@`) replaced by `<redacted>`, for messages.
    ///
    /// Meant for text that may not parse as a URL at all, so it errs towards hiding: everything
    /// from the start of the authority (after `://`, else the start) to the last `@` before any
    /// `?` or `#` is hidden. The host stays visible, which is what the reader needs.
    public static func maskingCredentials(in url: String) -> String {
        var bytes = Array(url.utf8)
        let end = bytes.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? bytes.count
        guard let at = bytes[..<end].lastIndex(of: UInt8(ascii: "@")) else { return url }
        let start = Array(bytes[..<at]).firstOccurrence(of: Array("://".utf8)).map { $0 + 3 } ?? 0
        guard start < at else { return url }
        bytes.replaceSubrange(start..<at, with: Array(placeholder.utf8))
        return String(decoding: bytes, as: UTF8.self)
    }
}
