/// The Darktrace AIA integration (LATER.md): its one dispatch table.
enum DarktraceAIA {
    static let definition = IntegrationDefinition(
        name: "DarktraceAIA",
        credentials: .later,
        commands: [
            "test-module": .testModule(aiaTestModuleCommand),
            "fetch-incidents": .fetchIncidents(aiaFetchIncidentsCommand),
            "darktrace-get-ai-analyst-incident-event": .command(getAIAnalystIncidentEventCommand),
            "darktrace-get-comments-for-ai-analyst-incident-event": .command(getCommentsForAIAnalystIncidentEventCommand),
            "darktrace-post-comment-to-ai-analyst-incident-event": .command(postCommentToAIAnalystIncidentEventCommand),
            "darktrace-acknowledge-ai-analyst-incident-event": .command(acknowledgeAIAnalystIncidentEventCommand),
            "darktrace-unacknowledge-ai-analyst-incident-event": .command(unacknowledgeAIAnalystIncidentEventCommand),
            "darktrace-get-ai-analyst-incident-group-from-eventId": .command(getAIAnalystIncidentGroupCommand),
        ],
        describe: LaterErrorTexts.representative.message)
}
