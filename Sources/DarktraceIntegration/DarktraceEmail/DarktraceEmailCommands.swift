/// The Darktrace Email integration (LATER.md, "DarktraceEmail"): its one dispatch table.
enum DarktraceEmail {
    /// AI Analyst's and Admin's wording, with Email's own 404 and 409 texts in front of it.
    static let errorTexts = LaterErrorTexts.representative.with(special: EmailTexts.statusText)

    static let definition = IntegrationDefinition(
        name: "DarktraceEmail",
        credentials: .later,
        commands: [
            "test-module": .testModule(emailTestModuleCommand),
            "fetch-incidents": .fetchIncidents(emailFetchIncidentsCommand),
            "darktrace-email-get-email": .command(getEmailCommand),
            "darktrace-email-hold-email": .command(holdEmailCommand),
            "darktrace-email-release-email": .command(releaseEmailCommand),
        ],
        describe: errorTexts.message)
}
