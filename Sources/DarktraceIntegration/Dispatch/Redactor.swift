import XSOARKit
import DarktraceAPI

/// Removes the tokens from text bound for stdout or stderr: a second line of defence behind
/// never putting them in messages in the first place (and behind the client, which redacts
/// answers before quoting them).
///
/// Each token is found as it is, as JSON serialisers escape it (`Redaction.jsonForms`), and as
/// the later integrations quote a body (Python's `bytes` repr, `b'...'`) of any of those forms.
struct Redactor: Sendable {
    private let redaction: Redaction

    /// Tokens shorter than this are not replaced (see `Redaction.minimumLength`).
    static let minimumLength = Redaction.minimumLength

    init(params: InstanceParams) {
        var found: [String] = []
        // Both integrations' names: a token is a secret whatever setting it came in.
        for name in [CredentialSettings.v1, .later].flatMap({ [$0.privateName, $0.publicName] }) {
            if let s = params.string(name) { found.append(s) }
            if let s = params.string(name, preferIdentifier: true) { found.append(s) }
        }
        redaction = Redaction(secrets: found, extraForms: Self.bytesReprForms)
    }

    /// `form` as it appears inside `b'...'` and `b"..."` (backslashes doubled, `\xNN`, `\'`).
    static func bytesReprForms(of form: String) -> [String] {
        let bytes = Array(form.utf8)
        return [0x27, 0x22].map { String(decoding: pythonBytesReprBody(bytes, quote: $0), as: UTF8.self) }
    }

    /// `text` with every token replaced by `<redacted>`.
    func redact(_ text: String) -> String {
        redaction.redact(text)
    }
}
