/// The Darktrace MBs integration (LATER.md): its one dispatch table.
enum DarktraceMBs {
    static let definition = IntegrationDefinition(
        name: "DarktraceMBs",
        credentials: .later,
        commands: [:],
        describe: LaterErrorTexts.modelBreaches.message)
}
