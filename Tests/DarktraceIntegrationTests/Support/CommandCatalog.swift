import OrderedJSON

/// Every command with arguments that pass validation, for tests that sweep all of them.
enum CommandCatalog {
    static let everyCommand: [(name: String, args: JSONObject)] = [
        ("test-module", JSONObject()),
        ("fetch-incidents", JSONObject()),
        ("darktrace-get-breach", JSONObject(["pbid": .string("95")])),
        ("darktrace-get-comments", JSONObject(["pbid": .string("95")])),
        ("darktrace-acknowledge", JSONObject(["pbid": .string("95")])),
        ("darktrace-unacknowledge", JSONObject(["pbid": .string("95")])),
        ("darktrace-list-similar-devices", JSONObject(["did": .string("1"), "max_results": .string("2")])),
        ("darktrace-get-external-endpoint-details", JSONObject(["endpoint_type": .string("IP"), "endpoint_value": .string("1.2.3.4")])),
        ("darktrace-get-device-connection-info", JSONObject(["did": .string("1"), "data_type": .string("co")])),
        ("darktrace-get-device-identity-info", JSONObject(["query": .string("hostname:x")])),
        ("darktrace-get-entity-details", JSONObject(["query": .string("did=1")])),
    ]
}
