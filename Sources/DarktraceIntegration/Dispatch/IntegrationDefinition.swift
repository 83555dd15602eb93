import DarktraceAPI
import OrderedJSON
import XSOARKit

/// One XSOAR integration this binary answers: its name, its instance settings' names, its
/// commands, and the words it uses for Darktrace's failures.
struct IntegrationDefinition: Sendable {
    /// The integration's name as the envelope's `"integration"` gives it (`"DarktraceMBs"`).
    let name: String
    /// The names of the token settings (v1: `public_api_token`; the later four: `publicApiKey`).
    let credentials: CredentialSettings
    /// Every command, by name (test-module and fetch-incidents included where it has them).
    let commands: [String: Handler]
    /// The user's text for a failed Darktrace call (each Python integration worded its own).
    let describe: @Sendable (DarktraceError) -> String
}

/// The instance settings that hold the two API tokens, with the labels the yml shows for them.
struct CredentialSettings: Sendable {
    let publicName: String
    let publicDisplay: String
    let privateName: String
    let privateDisplay: String

    /// The v1 integration's names.
    static let v1 = CredentialSettings(publicName: "public_api_token", publicDisplay: "Public API Token",
                                       privateName: "private_api_token", privateDisplay: "Private API Token")
    /// The names of the four later integrations (MBs, AIA, Admin, Email).
    static let later = CredentialSettings(publicName: "publicApiKey", publicDisplay: "Public API Token",
                                          privateName: "privateApiKey", privateDisplay: "Private API Token")
}

/// How a command runs.
enum Handler: Sendable {
    /// test-module: writes a bare verdict string ("ok" or the integration's failure text).
    case testModule(@Sendable (CommandContext) throws -> String)
    /// fetch-incidents: writes incidents and the next lastRun.
    case fetchIncidents(@Sendable (CommandContext) throws -> FetchOutcome)
    /// A War Room command: one `xxx_command(client, args)` function.
    case command(@Sendable (DarktraceClient, Arguments) throws -> CommandResult)
}

/// What test-module and fetch-incidents read beyond a command's arguments.
struct CommandContext {
    /// The client, signed with the instance's tokens.
    let client: DarktraceClient
    /// The instance settings (fetch settings live here).
    let params: InstanceParams
    /// The state the previous fetch left (empty on the first fetch).
    let lastRun: JSONObject
    /// Writes one log line to stderr, tokens already removed.
    let log: @Sendable (String) -> Void
}

/// What one fetch-incidents run returns: the incidents, oldest first, and the next lastRun.
struct FetchOutcome {
    var incidents: [JSONValue]
    var lastRun: JSONValue
}
