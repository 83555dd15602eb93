import DarktraceAPI
import XSOARKit

/// The Darktrace Admin integration (LATER.md): its one dispatch table.
enum DarktraceAdmin {
    static let definition = IntegrationDefinition(
        name: "DarktraceAdmin",
        credentials: .later,
        commands: [
            "test-module": .testModule(adminTestModuleCommand),
            "darktrace-run-advanced-search-analysis": .command(adminAdvancedSearchCommand),
            "darktrace-get-device-connection-info": .command(adminDeviceConnectionInfoCommand),
            "darktrace-get-external-endpoint-details": .command(adminExternalEndpointDetailsCommand),
            "darktrace-get-similar-devices": .command(adminSimilarDevicesCommand),
            "darktrace-post-to-watched-list": .command(adminPostToWatchedListCommand),
            "darktrace-get-tagged-devices": .command(adminTaggedDevicesCommand),
            "darktrace-get-tags-for-device": .command(adminTagsForDeviceCommand),
            "darktrace-post-tag-to-device": .command(adminPostTagToDeviceCommand),
        ],
        describe: LaterErrorTexts.representative.message)
}

/// test-module: GET /status?format=json; "ok" when Darktrace answers, else the error entry.
///
/// The Python integration's "Forbidden" branch never fires (its client re-raises every failure as
/// a plain Exception), so a failure is always the error entry with the integration's wording.
func adminTestModuleCommand(context: CommandContext) throws -> String {
    _ = try context.client.get("/status", query: [QueryItem("format", "json")])
    return "ok"
}
