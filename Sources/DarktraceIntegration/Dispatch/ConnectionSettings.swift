import DarktraceAPI
import HTTPTransport
import XSOARKit

/// The instance settings that say how to reach Darktrace.
struct ConnectionSettings {
    var url: String
    var publicToken: String
    var privateToken: String
    var transport: TransportOptions

    /// The default and the bounds of the optional `timeout` setting, in seconds.
    static let defaultTimeout = 60.0
    static let timeoutRange = 1.0...600.0

    /// Reads `url`, the two tokens (strings or credentials objects, under the integration's
    /// names), `insecure`, `proxy`, `timeout`.
    init(params: InstanceParams, credentials names: CredentialSettings) throws(ArgumentError) {
        guard let url = params.string("url") else { throw .missingSetting(name: "url", display: "Server URL") }
        // A credentials object for the private token may carry the public token as its identifier.
        let publicToken = params.string(names.publicName, preferIdentifier: true)
            ?? params.raw[names.privateName]?["identifier"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        guard let publicToken else { throw .missingSetting(name: names.publicName, display: names.publicDisplay) }
        guard let privateToken = params.string(names.privateName) else {
            throw .missingSetting(name: names.privateName, display: names.privateDisplay)
        }
        var timeout = Self.defaultTimeout
        if let text = params.string("timeout") {
            guard let t = DecimalNumber.parse(text) else { throw .notANumber(name: "timeout", value: text) }
            guard Self.timeoutRange.contains(t) else {
                throw .outOfRange(name: "timeout", value: text, allowed: "1 to 600 seconds")
            }
            timeout = t
        }
        self.url = url
        self.publicToken = publicToken
        self.privateToken = privateToken
        self.transport = TransportOptions(verifyTLS: !(try params.bool("insecure", default: false)),
                                          useSystemProxy: try params.bool("proxy", default: false),
                                          timeoutSeconds: timeout,
                                          connectTimeoutSeconds: min(15, timeout))
    }
}
