import OrderedJSON
import XSOARKit

/// The fetch-incidents settings, validated (CONTRACT fix 11; LATER.md L12, L13): the same three
/// settings in all the integrations that fetch.
struct FetchSettings: Equatable {
    /// `min_score` as the user wrote it (0–100, clamped).
    var minScorePercent: Double
    /// At most this many incidents per run (1–200).
    var maxAlerts: Int
    /// Where the first fetch starts, epoch ms.
    var firstFetchMilliseconds: Int64

    static let defaultMaxAlerts = 50
    static let maxMaxAlerts = 200

    /// Reads `min_score` (0–100, default 0), `max_alerts` (alias `max_fetch`; default 50, capped
    /// at 200) and `first_fetch` (default "1 day").
    init(params: InstanceParams, nowMilliseconds: Int64) throws(ArgumentError) {
        let minText = params.string("min_score")
        if let minText {
            guard let v = DecimalNumber.parse(minText) else {
                throw .notANumber(name: "min_score", value: minText)
            }
            minScorePercent = Swift.max(0, Swift.min(100, v))
        } else {
            minScorePercent = 0
        }
        let alertsName = params.string("max_alerts") != nil ? "max_alerts" : "max_fetch"
        if let text = params.string(alertsName) {
            guard let d = DecimalNumber.parse(text), d == d.rounded(.towardZero) else {
                throw .notANumber(name: alertsName, value: text)
            }
            maxAlerts = d < 1 ? Self.defaultMaxAlerts : Int(Swift.min(d, Double(Self.maxMaxAlerts)))
        } else {
            maxAlerts = Self.defaultMaxAlerts
        }
        firstFetchMilliseconds = try Self.firstFetchMilliseconds(params: params, nowMilliseconds: nowMilliseconds)
    }

    /// `first_fetch` alone (default "1 day") as epoch ms: what a test-module probe needs when
    /// fetching is off, so the other fetch settings are not judged (L12).
    static func firstFetchMilliseconds(params: InstanceParams, nowMilliseconds: Int64) throws(ArgumentError) -> Int64 {
        let firstFetch = params.string("first_fetch") ?? "1 day"
        do {
            return try FirstFetch.epochMilliseconds(firstFetch, nowMilliseconds: nowMilliseconds)
        } catch {
            throw .invalid(name: "first_fetch", value: firstFetch,
                           reason: "use e.g. \"3 days\", \"12 hours ago\", an ISO 8601 time or epoch seconds/milliseconds")
        }
    }

    /// The lowest breach score fetched, as Darktrace's 0–1 `minscore`.
    var minScore: Double {
        minScorePercent / 100
    }

    /// `min_score` as the later Python integrations read it: `arg_to_number`, a whole number
    /// (`int(float(text))`, so "50.9" is 50).
    var minScoreWhole: Int {
        Int(minScorePercent.rounded(.towardZero))
    }

    /// The `minscore` query value as the Python integration wrote it: `str(min_score / 100)`.
    var minScoreQueryValue: String {
        PythonFloat.repr(minScore)
    }
}
