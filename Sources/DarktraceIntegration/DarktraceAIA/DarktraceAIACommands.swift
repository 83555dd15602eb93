/// The Darktrace AIA integration (LATER.md): its one dispatch table.
enum DarktraceAIA {
    static let definition = IntegrationDefinition(
        name: "DarktraceAIA",
        credentials: .later,
        commands: [:],
        describe: LaterErrorTexts.representative.message)
}
