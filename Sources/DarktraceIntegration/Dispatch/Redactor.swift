import XSOARKit
import ByteText

/// Removes the tokens from text bound for stdout or stderr: a second line of defence behind
/// never putting them in messages in the first place.
struct Redactor: Sendable {
    private let secrets: [String]

    /// Tokens shorter than this are not replaced: replacing a one-letter "token" would garble
    /// every message while protecting nothing.
    static let minimumLength = 6

    init(params: InstanceParams) {
        var found: [String] = []
        // Both integrations' names: a token is a secret whatever setting it came in.
        for name in [CredentialSettings.v1, .later].flatMap({ [$0.privateName, $0.publicName] }) {
            if let s = params.string(name) { found.append(s) }
            if let s = params.string(name, preferIdentifier: true) { found.append(s) }
        }
        secrets = Array(Set(found.filter { $0.count >= Self.minimumLength })).sorted { $0.count > $1.count }
    }

    /// `text` with every token replaced by `<redacted>`.
    func redact(_ text: String) -> String {
        var out = text
        for s in secrets {
            // One search per token: replacingBytes returns the text as it is when there is no match.
            out = out.replacingBytes(of: s, with: "<redacted>")
        }
        return out
    }
}
