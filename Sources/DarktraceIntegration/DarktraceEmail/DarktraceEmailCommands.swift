/// The Darktrace Email integration (LATER.md): its one dispatch table.
enum DarktraceEmail {
    static let definition = IntegrationDefinition(
        name: "DarktraceEmail",
        credentials: .later,
        commands: [:],
        describe: LaterErrorTexts.representative.message)
}
