import DarktraceAPI
import OrderedJSON
import XSOARKit

/// darktrace-run-advanced-search-analysis: an analysis (score, trend, terms, mean) of one field
/// over an Advanced Search query; the query travels base64-encoded in the path.
func adminAdvancedSearchCommand(client: DarktraceClient, args: Arguments) throws -> CommandResult {
    let initialDate = try args.requiredString("initialDate")
    let initialTime = args.string("initialTime") ?? "00:00:00"
    let endDate = try args.requiredString("endDate")
    let endTime = args.string("endTime") ?? "00:00:00"
    let search = try args.requiredString("query")
    let operation = try args.choice("operation", among: AdvancedSearch.operations) ?? "score"
    let metric = try AdvancedSearch.metric(args.requiredString("metric"))
    let offset = try args.integer("offset", minimum: 0) ?? 0
    let query = AdvancedSearch.query(search: search, offset: offset, from: "\(initialDate)T\(initialTime)Z",
                                     to: "\(endDate)T\(endTime)Z")
    let answer = try client.get(AdvancedSearch.path(metric: metric, operation: operation, query: query))
    let hits = try AdvancedSearch.hits(of: answer)
    let markdown = try TableToMarkdown.render("Results for Advanced Search Query ", AdvancedSearch.tableRows(hits),
                                              headers: AdvancedSearch.columns.map(\.title))
    return CommandResult(outputsPrefix: "Darktrace.AdvancedSearch", outputs: .array(hits), readableOutput: markdown)
}

/// The pieces of the Advanced Search request and answer.
enum AdvancedSearch {
    /// The endpoint the metric, operation and query are appended to.
    static let endpoint = "/advancedsearch/api/analyze"
    /// The yml's predefined operations.
    static let operations = ["score", "trend", "terms", "mean"]
    /// The table's columns: the hit's key and its header (`string_to_table_header`).
    static let columns: [(key: String, title: String)] = [("id", "Id"), ("count", "Count")]

    /// The search object the Python integration builds, keys in its order (json.dumps keeps them).
    static func query(search: String, offset: Int, from: String, to: String) -> JSONValue {
        .object(JSONObject([
            "search": .string(search),
            "fields": .array([]),
            "offset": .string(String(offset)),
            "timeframe": .string("custom"),
            "graphmode": .string("count"),
            "time": .object(JSONObject([
                "from": .string(from),
                "to": .string(to),
                "user_interval": .string("0"),
            ])),
            "mode": .string(""),
            "analyze_field": .string(""),
        ]))
    }

    /// `/advancedsearch/api/analyze/{metric}/{operation}/{base64(json.dumps(query))}`.
    static func path(metric: String, operation: String, query: JSONValue) -> String {
        "\(endpoint)/\(metric)/\(operation)/\(base64Encoded(Array(query.pythonJSONDumps().utf8)))"
    }

    /// The metric as one path segment: a field name such as `@fields.source_ip`. A space, `/`,
    /// `?`, `#`, `%` or a control character would change what the request asks for (or break its
    /// signature), so such a metric is refused before any request.
    static func metric(_ text: String) throws(ArgumentError) -> String {
        let refused = text.unicodeScalars.contains { s in
            s.value <= 0x20 || s.value == 0x7F || s == "/" || s == "?" || s == "#" || s == "%"
        }
        if refused {
            throw .invalid(name: "metric", value: text,
                           reason: "a field name such as @fields.source_ip, without spaces, /, ?, # or %")
        }
        return text
    }

    /// `answer.hits.hits`: the analysis rows; an error naming what is missing otherwise.
    static func hits(of answer: JSONValue) throws(CommandError) -> [JSONValue] {
        guard case .object(let hits)? = answer["hits"] else {
            let got: String
            if let other = answer["hits"] {
                got = "\"hits\" as \(other.typeName)"
            } else {
                got = answer.objectValue == nil ? answer.typeName : "an object without \"hits\""
            }
            throw .unexpectedAnswer(endpoint: endpoint, expected: "an object with \"hits\"", got: got)
        }
        switch hits["hits"] {
        case .array(let rows)?: return rows
        case .null?, nil: return []
        case let other?:
            throw .unexpectedAnswer(endpoint: endpoint, expected: "\"hits.hits\" as a list", got: other.typeName)
        }
    }

    /// The rows with the columns' titles as keys: `tableToMarkdown(headers=("id", "count"),
    /// headerTransform=string_to_table_header)` renders the same cells under the same titles.
    static func tableRows(_ hits: [JSONValue]) -> JSONValue {
        .array(hits.map { hit -> JSONValue in
            guard case .object(let row) = hit else {
                // Python put a non-object row under the first header.
                return .object(JSONObject([columns[0].title: hit]))
            }
            var out = JSONObject()
            for column in columns {
                if let value = row[column.key] { out[column.title] = value }
            }
            return .object(out)
        })
    }
}

/// RFC 4648 base64 with padding (Python's `b64encode`).
func base64Encoded(_ bytes: [UInt8]) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    var out: [UInt8] = []
    out.reserveCapacity((bytes.count + 2) / 3 * 4)
    var i = 0
    while i < bytes.count {
        let b0 = UInt32(bytes[i])
        let b1 = i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0
        let b2 = i + 2 < bytes.count ? UInt32(bytes[i + 2]) : 0
        let n = b0 << 16 | b1 << 8 | b2
        out.append(alphabet[Int(n >> 18 & 63)])
        out.append(alphabet[Int(n >> 12 & 63)])
        out.append(i + 1 < bytes.count ? alphabet[Int(n >> 6 & 63)] : UInt8(ascii: "="))
        out.append(i + 2 < bytes.count ? alphabet[Int(n & 63)] : UInt8(ascii: "="))
        i += 3
    }
    return String(decoding: out, as: UTF8.self)
}
