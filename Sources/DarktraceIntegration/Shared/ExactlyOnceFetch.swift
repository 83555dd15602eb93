import OrderedJSON
import XSOARKit

/// An item's id in a fetch cursor: pbids compare as numbers, event ids and uuids as text.
enum FetchItemID: Hashable, Comparable {
    case number(Int64)
    case text(String)

    /// The id as the API gave it: an integer (or a string of digits when `numeric`), or a string.
    init?(_ value: JSONValue, numeric: Bool) {
        switch value {
        case .number(let n) where n.isInteger:
            guard let v = Int64(n.text) else { return nil }
            self = numeric ? .number(v) : .text(n.text)
        case .string(let s) where !s.isEmpty:
            if numeric {
                guard let v = Int64(s.trimmedWhitespace) else { return nil }
                self = .number(v)
            } else {
                self = .text(s)
            }
        default:
            return nil
        }
    }

    /// The id as lastRun stores it.
    var json: JSONValue {
        switch self {
        case .number(let v): return .number(JSONNumber(validatedText: String(v)))
        case .text(let s): return .string(s)
        }
    }

    static func < (a: FetchItemID, b: FetchItemID) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x < y
        case (.text(let x), .text(let y)): return x.utf8.lexicographicallyPrecedes(y.utf8)
        case (.number, .text): return true
        case (.text, .number): return false
        }
    }
}

/// Where the previous fetch of a later integration stopped (LATER.md L4): the newest delivered
/// item's time in ms and the ids already delivered at that very ms, so items sharing a
/// millisecond are neither lost nor repeated.
struct ExactlyOnceCursor: Equatable {
    /// The next query starts here (inclusive), epoch ms.
    var lastFetch: Int64
    /// The ids delivered at `lastFetch`.
    var idsAtLastFetch: [FetchItemID]

    /// Values below this in a lastRun are epoch seconds: the Python integrations wrote seconds
    /// after a first fetch that found nothing (no ms value is that small after March 1973).
    static let smallestMilliseconds: Int64 = 100_000_000_000

    init(lastFetch: Int64, idsAtLastFetch: [FetchItemID]) {
        self.lastFetch = lastFetch
        self.idsAtLastFetch = idsAtLastFetch
    }

    /// Reads lastRun `{"last_fetch": ms, idsKey: [...]}`; nil on the first fetch. A Python lastRun
    /// `{"last_fetch": T}` (no ids) meant "everything up to and including T was delivered", so
    /// the fetch resumes at T+1.
    init?(lastRun: JSONObject, idsKey: String, numericIDs: Bool) {
        guard let raw = lastRun["last_fetch"], !raw.isNull, var t = XSOARDate.epochMilliseconds(fromJSON: raw) else {
            return nil
        }
        if t < Self.smallestMilliseconds && t > -Self.smallestMilliseconds { t *= 1000 }
        if let ids = lastRun[idsKey] {
            lastFetch = t
            idsAtLastFetch = (ids.arrayValue ?? []).compactMap { FetchItemID($0, numeric: numericIDs) }
        } else {
            lastFetch = t + 1
            idsAtLastFetch = []
        }
    }

    /// The lastRun object for the next run.
    func lastRun(idsKey: String) -> JSONValue {
        .object(JSONObject([
            "last_fetch": .number(JSONNumber(validatedText: String(lastFetch))),
            idsKey: .array(idsAtLastFetch.sorted().map(\.json)),
        ]))
    }
}

/// One item of a fetch answer with the time and id it is ordered and remembered by.
struct FetchCandidate<Item> {
    var item: Item
    var time: Int64
    var id: FetchItemID
}

/// The items not yet delivered, oldest first (time, then id), at most `limit`, and the cursor
/// after them. An id listed twice in one answer is delivered once. Linear apart from the sort.
func selectExactlyOnce<Item>(_ candidates: [FetchCandidate<Item>], after cursor: ExactlyOnceCursor, limit: Int)
    -> (items: [Item], cursor: ExactlyOnceCursor) {
    let delivered = Set(cursor.idsAtLastFetch)
    var seen = Set<FetchItemID>()
    var fresh: [FetchCandidate<Item>] = []
    for c in candidates where c.time > cursor.lastFetch || (c.time == cursor.lastFetch && !delivered.contains(c.id)) {
        if seen.insert(c.id).inserted { fresh.append(c) }
    }
    fresh.sort { ($0.time, $0.id) < ($1.time, $1.id) }
    let taken = fresh.prefix(Swift.max(0, limit))
    guard let last = taken.last else { return ([], cursor) }
    var idsAtLast = last.time == cursor.lastFetch ? cursor.idsAtLastFetch : []
    idsAtLast += taken.filter { $0.time == last.time }.map(\.id)
    return (taken.map(\.item), ExactlyOnceCursor(lastFetch: last.time, idsAtLastFetch: idsAtLast))
}
