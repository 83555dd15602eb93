import OrderedJSON

/// Parses response bodies: JSON in UTF-8, with invalid UTF-8 replaced rather than refused
/// (as `requests` decodes text), so one bad byte in a device name does not lose a breach.
enum JSONParserFacade {
    static func parse(_ body: [UInt8]) throws(JSONParseError) -> JSONValue {
        do {
            return try JSONParser.parse(body)
        } catch {
            guard String(validating: body, as: UTF8.self) == nil else { throw error }
            return try JSONParser.parse(Array(String(decoding: body, as: UTF8.self).utf8))
        }
    }
}
