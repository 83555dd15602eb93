import DarktraceAPI
import XSOARKit

/// Every command the integration answers, by name: the one dispatch table.
enum CommandTable {
    /// How a command runs.
    enum Handler: Sendable {
        /// test-module: writes a bare verdict string.
        case testModule
        /// fetch-incidents: writes incidents and the next lastRun.
        case fetchIncidents
        /// A War Room command: one `xxx_command(client, args)` function.
        case command(@Sendable (DarktraceClient, Arguments) throws(CommandError) -> CommandResult)
    }

    static let handlers: [String: Handler] = [
        "test-module": .testModule,
        "fetch-incidents": .fetchIncidents,
        "darktrace-get-breach": .command(getBreachCommand),
        "darktrace-get-comments": .command(getCommentsCommand),
        "darktrace-acknowledge": .command(acknowledgeCommand),
        "darktrace-unacknowledge": .command(unacknowledgeCommand),
        "darktrace-list-similar-devices": .command(listSimilarDevicesCommand),
        "darktrace-get-external-endpoint-details": .command(getExternalEndpointDetailsCommand),
        "darktrace-get-device-connection-info": .command(getDeviceConnectionInfoCommand),
        "darktrace-get-device-identity-info": .command(getDeviceIdentityInfoCommand),
        "darktrace-get-entity-details": .command(getEntityDetailsCommand),
    ]
}
