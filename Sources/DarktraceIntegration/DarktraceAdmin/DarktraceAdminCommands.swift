/// The Darktrace Admin integration (LATER.md): its one dispatch table.
enum DarktraceAdmin {
    static let definition = IntegrationDefinition(
        name: "DarktraceAdmin",
        credentials: .later,
        commands: [:],
        describe: LaterErrorTexts.representative.message)
}
