import DarktraceIntegration
import HTTPTransport
import OrderedJSON
import Testing

/// Drives DarktraceAIA's fetch-incidents over many runs against a simulated Darktrace whose AI
/// Analyst incident events keep arriving (many sharing a createdAt millisecond), with failures,
/// killed runs, repeated events and clock jumps between runs, and proves every qualifying event
/// is delivered exactly once, oldest first (L4), at most max_fetch a run (L13).
@Suite struct DarktraceAIAFetchSimulationTests {
    /// A Darktrace answering /aianalyst/incidentevents like the real one (createdAt >= starttime,
    /// groupScore >= mingroupscore, newest first) over the events that have "arrived" so far.
    final class SimulatedDarktrace: @unchecked Sendable {
        var visible: [JSONValue] = []
        var failNext = false
        var duplicateAnswers = false
        var oldestFirst = false
        var starttimes: [String] = []

        func answer(_ request: HTTPRequest) -> HTTPResponse {
            if failNext {
                failNext = false
                return HTTPResponse(status: 500, body: Array(#"{"error": "down"}"#.utf8))
            }
            let (path, query) = ReplayTransport.split(String(request.url.dropFirst("http://dt.invalid".count)))
            guard path == "/aianalyst/incidentevents" else { return HTTPResponse(status: 404, body: Array("{}".utf8)) }
            let startText = query.first { $0.name == "starttime" }?.value ?? "0"
            starttimes.append(startText)
            let start = Int64(startText) ?? 0
            let minScore = Double(query.first { $0.name == "mingroupscore" }?.value ?? "0") ?? 0
            var out = visible.filter { time($0) >= start && ($0["groupScore"]?.numberValue?.doubleValue ?? 0) >= minScore }
            out.sort { (time($0), $0["id"]?.stringValue ?? "") > (time($1), $1["id"]?.stringValue ?? "") }
            if oldestFirst { out.reverse() }
            if duplicateAnswers { out += out.prefix(3) }
            return HTTPResponse(status: 200, body: JSONValue.array(out).compactJSONBytes())
        }

        func time(_ event: JSONValue) -> Int64 {
            Int64(event["createdAt"]?.numberValue?.intValue ?? 0)
        }
    }

    static let now: Int64 = 1_700_000_000_000

    /// An incident event as Darktrace lists it (the fields the shaping reads).
    func event(id: String, createdAt: Int64, groupScore: String) -> JSONValue {
        .object(JSONObject([
            "id": .string(id), "createdAt": .number(JSONNumber(validatedText: String(createdAt))),
            "title": .string("Event \(id)"), "groupScore": .number(JSONNumber(validatedText: groupScore)),
            "groupCategory": .string("critical"), "aiaScore": .int(90), "summary": .string("s"), "currentGroup": .string("g"),
            "details": .array([]), "breachDevices": .array([]), "relatedBreaches": .array([]),
        ]))
    }

    func run(_ darktrace: SimulatedDarktrace, lastRun: JSONValue, maxFetch: Int, minScore: Int, now: Int64 = Self.now)
        -> (exit: Int32, incidents: [JSONValue], lastRun: JSONValue?) {
        let envelope = JSONValue.object(JSONObject([
            "integration": .string("DarktraceAIA"), "command": .string("fetch-incidents"),
            "params": .object(JSONObject([
                "url": .string("http://dt.invalid"), "publicApiKey": .string("pub-token"),
                "privateApiKey": .string("priv-token"), "max_fetch": .string(String(maxFetch)),
                "min_score": .string(String(minScore)), "first_fetch": .string("1 day"), "isFetch": .bool(true),
            ])),
            "lastRun": lastRun,
        ]))
        let transport = ClosureTransport { request in darktrace.answer(request) }
        let result = Integration.run(input: envelope.compactJSONBytes(),
                                     environment: RunEnvironment(makeTransport: { _ in transport }, clock: { now }))
        let out = (try? JSONParser.parse(result.stdout)) ?? .null
        return (result.exitStatus, out["incidents"]?.arrayValue ?? [], out["lastRun"])
    }

    /// The event id an incident was made from, read from its name ("DT eventId #ID: title").
    func eventID(_ incident: JSONValue) -> String {
        let name = incident["name"]?.stringValue ?? ""
        return String(name.dropFirst("DT eventId #".count).prefix { $0 != ":" })
    }

    @Test(arguments: [(maxFetch: 3, oldestFirst: false), (maxFetch: 7, oldestFirst: true), (maxFetch: 1, oldestFirst: false),
                      (maxFetch: 200, oldestFirst: false)])
    func everyQualifyingEventExactlyOnce(maxFetch: Int, oldestFirst: Bool) throws {
        var rng = FetchSimulationTests.LCG(state: UInt64(maxFetch * 7_919 + 17))
        let darktrace = SimulatedDarktrace()
        darktrace.oldestFirst = oldestFirst
        // 400 events in 40 batches; many share a millisecond, ids are not in time order, some are
        // older than first_fetch or below min_score.
        var pending: [[JSONValue]] = []
        var qualifying = Set<String>()
        var time = Self.now - 86_400_000 - 30_000
        for _ in 0..<40 {
            var batch: [JSONValue] = []
            for _ in 0..<10 {
                if rng.next(3) != 0 { time += Int64(rng.next(5_000)) }
                let id = String(rng.next(1 << 30), radix: 16) + "-" + String(rng.next(1 << 30), radix: 16)
                let score = ["5", "29.99", "30", "40.666309838880856", "99", "100"][rng.next(6)]
                batch.append(event(id: id, createdAt: time, groupScore: score))
                if time >= Self.now - 86_400_000 && Double(score)! >= 30 { qualifying.insert(id) }
            }
            batch.shuffle(using: &rng)
            pending.append(batch)
        }
        var delivered: [String] = []
        var lastRun = JSONValue.object(JSONObject())
        var runs = 0
        while runs < 2_000 {
            if !pending.isEmpty, rng.next(2) == 0 { darktrace.visible += pending.removeFirst() }
            darktrace.failNext = rng.next(10) == 0
            darktrace.duplicateAnswers = rng.next(4) == 0
            let before = lastRun
            // After the first run the clock may jump by up to two days: only first_fetch reads it.
            let clock = runs == 0 ? Self.now : Self.now + Int64(rng.next(4 * 86_400_000)) - 2 * 86_400_000
            let r = run(darktrace, lastRun: lastRun, maxFetch: maxFetch, minScore: 30, now: clock)
            runs += 1
            if rng.next(12) == 0 { continue }  // killed before its output was read: lastRun stays
            if r.exit != 0 {
                #expect(r.lastRun == nil, "a failed fetch must not write lastRun")
                lastRun = before
                continue
            }
            #expect(r.incidents.count <= maxFetch)
            var previousKey: (Int64, String)?
            for incident in r.incidents {
                let id = eventID(incident)
                let raw = try JSONParser.parse(Array((incident["rawJSON"]?.stringValue ?? "").utf8))
                #expect(raw["eventId"] == .string(id), "rawJSON is another event's")
                // Oldest first within a run: (createdAt, id) only grows. (Across runs an event may
                // arrive late at an earlier id of the same millisecond.)
                let created = darktrace.visible.first { $0["id"] == .string(id) }.map(darktrace.time) ?? -1
                if let previousKey { #expect(previousKey < (created, id), "delivered out of order") }
                previousKey = (created, id)
                delivered.append(id)
            }
            let newLastRun = try #require(r.lastRun)
            #expect(newLastRun.objectValue?.keys == ["last_fetch", "ids"])
            lastRun = newLastRun
            if pending.isEmpty && r.incidents.isEmpty && !darktrace.failNext { break }
        }
        let duplicates = delivered.count - Set(delivered).count
        #expect(duplicates == 0, "duplicates: \(duplicates)")
        let missing = qualifying.subtracting(delivered).count, unexpected = Set(delivered).subtracting(qualifying).count
        #expect(missing == 0 && unexpected == 0, "missing \(missing), unexpected \(unexpected) of \(qualifying.count)")
        #expect(qualifying.count > 150)
        #expect(darktrace.starttimes.allSatisfy { $0.count == 13 }, "starttime not in epoch ms (L3)")
    }

    @Test func maxFetchOf200IsHonoured() throws {
        let darktrace = SimulatedDarktrace()
        darktrace.visible = (0..<250).map { event(id: format3($0), createdAt: Self.now - 1_000 + Int64($0 / 5), groupScore: "50") }
        let first = run(darktrace, lastRun: .object(JSONObject()), maxFetch: 200, minScore: 0)
        #expect(first.incidents.count == 200)
        let second = run(darktrace, lastRun: try #require(first.lastRun), maxFetch: 200, minScore: 0)
        #expect(second.incidents.count == 50)
        #expect(Set((first.incidents + second.incidents).map(eventID)).count == 250)
    }

    @Test func pythonLastRunResumesAfterItsTime() throws {
        let darktrace = SimulatedDarktrace()
        darktrace.visible = [event(id: "a", createdAt: 1_690_000_000_000, groupScore: "90"),
                             event(id: "b", createdAt: 1_690_000_000_001, groupScore: "90")]
        let r = run(darktrace, lastRun: .object(JSONObject(["last_fetch": .int(1_690_000_000_000)])), maxFetch: 50, minScore: 0)
        #expect(r.incidents.map(eventID) == ["b"])
        #expect(r.lastRun?.compactJSON() == #"{"last_fetch":1690000000001,"ids":["b"]}"#)
    }

    @Test func firstFetchStartsAtFirstFetchInMilliseconds() {
        let darktrace = SimulatedDarktrace()
        let r = run(darktrace, lastRun: .object(JSONObject()), maxFetch: 50, minScore: 0)
        #expect(r.exit == 0 && r.incidents.isEmpty)
        #expect(darktrace.starttimes == [String(Self.now - 86_400_000)])
        #expect(r.lastRun?.compactJSON() == "{\"last_fetch\":\(Self.now - 86_400_000),\"ids\":[]}")
    }

    /// A zero-padded three-digit id, so ids sort as their numbers do.
    func format3(_ n: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, 3 - s.count)) + s
    }
}
