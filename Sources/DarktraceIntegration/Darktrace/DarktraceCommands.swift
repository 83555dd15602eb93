import DarktraceAPI

/// The v1 Darktrace integration (`integration.yml`, CONTRACT.md): its one dispatch table.
enum Darktrace {
    static let definition = IntegrationDefinition(
        name: "Darktrace",
        credentials: .v1,
        commands: [
            "test-module": .testModule(testModuleCommand),
            "fetch-incidents": .fetchIncidents(fetchIncidentsCommand),
            "darktrace-get-breach": .command(getBreachCommand),
            "darktrace-get-comments": .command(getCommentsCommand),
            "darktrace-acknowledge": .command(acknowledgeCommand),
            "darktrace-unacknowledge": .command(unacknowledgeCommand),
            "darktrace-list-similar-devices": .command(listSimilarDevicesCommand),
            "darktrace-get-external-endpoint-details": .command(getExternalEndpointDetailsCommand),
            "darktrace-get-device-connection-info": .command(getDeviceConnectionInfoCommand),
            "darktrace-get-device-identity-info": .command(getDeviceIdentityInfoCommand),
            "darktrace-get-entity-details": .command(getEntityDetailsCommand),
        ],
        describe: \.message)
}
