/// The Darktrace Model Breaches integration (LATER.md, "DarktraceMBs"): its one dispatch table.
enum DarktraceMBs {
    static let definition = IntegrationDefinition(
        name: "DarktraceMBs",
        credentials: .later,
        commands: [
            "test-module": .testModule(mbsTestModuleCommand),
            "fetch-incidents": .fetchIncidents(mbsFetchIncidentsCommand),
            "darktrace-get-model-breach": .command(getModelBreachCommand),
            "darktrace-get-model-breach-comments": .command(getModelBreachCommentsCommand),
            "darktrace-acknowledge-model-breach": .command(acknowledgeModelBreachCommand),
            "darktrace-unacknowledge-model-breach": .command(unacknowledgeModelBreachCommand),
            "darktrace-post-comment-to-model-breach": .command(postCommentToModelBreachCommand),
            "darktrace-get-model-breach-connections": .command(getModelBreachConnectionsCommand),
            "darktrace-get-model": .command(getModelCommand),
            "darktrace-get-model-component": .command(getModelComponentCommand),
        ],
        describe: LaterErrorTexts.modelBreaches.message)
}
