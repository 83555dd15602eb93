/// Every integration the binary answers, by the name the envelope's `"integration"` gives.
enum Integrations {
    /// The v1 integration: also what an envelope without `"integration"` means.
    static let v1 = Darktrace.definition

    /// All five, by name.
    static let byName: [String: IntegrationDefinition] = Dictionary(
        uniqueKeysWithValues: [v1, DarktraceMBs.definition, DarktraceAIA.definition,
                               DarktraceAdmin.definition, DarktraceEmail.definition].map { ($0.name, $0) })

    /// The accepted names, sorted, for messages.
    static var names: [String] {
        byName.keys.sorted()
    }
}
