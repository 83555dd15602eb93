import DarktraceIntegration
import HTTPTransport
import OrderedJSON
import Testing

/// Drives DarktraceMBs's fetch-incidents over many runs against a simulated Darktrace whose model
/// breaches keep arriving (many sharing a creationTime millisecond), with failures, killed runs,
/// repeated breaches and clock jumps between runs, and proves every qualifying breach is
/// delivered exactly once, oldest first by creationTime then pbid (L4), at most max_fetch a run (L13).
@Suite struct DarktraceMBsFetchSimulationTests {
    /// A Darktrace answering /modelbreaches like the real one for the Model Breaches integration
    /// (creationTime >= starttime, score >= minscore, newest first) over the breaches that have
    /// "arrived" so far.
    final class SimulatedDarktrace: @unchecked Sendable {
        var visible: [JSONValue] = []
        var failNext = false
        var duplicateAnswers = false
        var oldestFirst = false
        var queries: [[ReplayTransport.QueryPair]] = []

        func answer(_ request: HTTPRequest) -> HTTPResponse {
            if failNext {
                failNext = false
                return HTTPResponse(status: 500, body: Array(#"{"error": "down"}"#.utf8))
            }
            let (path, query) = ReplayTransport.split(String(request.url.dropFirst("http://dt.invalid".count)))
            guard path == "/modelbreaches" else { return HTTPResponse(status: 404, body: Array("{}".utf8)) }
            queries.append(query)
            let start = Int64(value(query, "starttime") ?? "0") ?? 0
            let minScore = Double(value(query, "minscore") ?? "0") ?? 0
            var out = visible.filter { created($0) >= start && ($0["score"]?.numberValue?.doubleValue ?? 0) >= minScore }
            out.sort { (created($0), pbid($0)) > (created($1), pbid($1)) }
            if oldestFirst { out.reverse() }
            if duplicateAnswers { out += out.prefix(3) }
            return HTTPResponse(status: 200, body: JSONValue.array(out).compactJSONBytes())
        }

        func value(_ query: [ReplayTransport.QueryPair], _ name: String) -> String? {
            query.first { $0.name == name }?.value
        }

        func created(_ breach: JSONValue) -> Int64 {
            Int64(breach["creationTime"]?.numberValue?.intValue ?? 0)
        }

        func pbid(_ breach: JSONValue) -> Int {
            breach["pbid"]?.numberValue?.intValue ?? -1
        }
    }

    static let now: Int64 = 1_700_000_000_000

    /// A model breach as Darktrace lists it (the fields the shaping reads); its `time` is a few
    /// seconds before its creation, so a fetch that filtered or ordered on `time` would show.
    func breach(pbid: Int, created: Int64, lag: Int64, score: String) -> JSONValue {
        .object(JSONObject([
            "commentCount": .int(0), "pbid": .int(pbid), "time": .number(JSONNumber(validatedText: String(created - lag))),
            "creationTime": .number(JSONNumber(validatedText: String(created))),
            "model": .object(JSONObject(["then": .object(JSONObject([
                "name": .string("Model \(pbid)"), "pid": .int(pbid % 9), "category": .string("Suspicious"),
            ]))])),
            "triggeredComponents": .array([]), "score": .number(JSONNumber(validatedText: score)),
            "device": .object(JSONObject(["did": .int(pbid % 13)])),
        ]))
    }

    func run(_ darktrace: SimulatedDarktrace, lastRun: JSONValue, maxFetch: Int, minScore: Int, now: Int64 = Self.now)
        -> (exit: Int32, incidents: [JSONValue], lastRun: JSONValue?) {
        let envelope = JSONValue.object(JSONObject([
            "integration": .string("DarktraceMBs"), "command": .string("fetch-incidents"),
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

    /// The pbid an incident was made from, read from its name ("DT modelId #PBID: title").
    func pbid(_ incident: JSONValue) -> Int {
        let name = incident["name"]?.stringValue ?? ""
        return Int(name.dropFirst("DT modelId #".count).prefix { $0 != ":" }) ?? -1
    }

    @Test(arguments: [(maxFetch: 3, oldestFirst: false), (maxFetch: 7, oldestFirst: true), (maxFetch: 1, oldestFirst: false),
                      (maxFetch: 200, oldestFirst: false)])
    func everyQualifyingBreachExactlyOnce(maxFetch: Int, oldestFirst: Bool) throws {
        var rng = FetchSimulationTests.LCG(state: UInt64(maxFetch * 104_729 + 3))
        let darktrace = SimulatedDarktrace()
        darktrace.oldestFirst = oldestFirst
        // 400 breaches in 40 batches; many share a creation millisecond, pbids are not in time
        // order, some were created before first_fetch or score below min_score.
        var pending: [[JSONValue]] = []
        var qualifying = Set<Int>()
        var created = Self.now - 86_400_000 - 30_000
        var pbids = Array(1_000..<1_400)
        pbids.shuffle(using: &rng)
        for batchIndex in 0..<40 {
            var batch: [JSONValue] = []
            for j in 0..<10 {
                if rng.next(3) != 0 { created += Int64(rng.next(5_000)) }
                let pbid = pbids[batchIndex * 10 + j]
                let score = ["0.05", "0.299", "0.3", "0.729", "1", "1.0"][rng.next(6)]
                batch.append(breach(pbid: pbid, created: created, lag: Int64(1_000 + rng.next(20_000)), score: score))
                if created >= Self.now - 86_400_000 && Double(score)! >= 0.3 { qualifying.insert(pbid) }
            }
            batch.shuffle(using: &rng)
            pending.append(batch)
        }
        var delivered: [Int] = []
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
            var previousKey: (Int64, Int)?
            for incident in r.incidents {
                let id = pbid(incident)
                let raw = try JSONParser.parse(Array((incident["rawJSON"]?.stringValue ?? "").utf8))
                #expect(raw["pbid"] == .int(id), "rawJSON is another breach's")
                // Oldest first within a run: (creationTime, pbid) only grows. (Across runs a
                // breach may arrive late at a lower pbid of the same millisecond.)
                let source = darktrace.visible.first { $0["pbid"] == .int(id) }
                let key = source.map(darktrace.created) ?? -1
                if let previousKey { #expect(previousKey < (key, id), "delivered out of order") }
                previousKey = (key, id)
                // occurred and the rawJSON time are the creation time, not the breach time.
                #expect(incident["occurred"] == raw["time"])
                delivered.append(id)
            }
            let newLastRun = try #require(r.lastRun)
            #expect(newLastRun.objectValue?.keys == ["last_fetch", "pbids"])
            lastRun = newLastRun
            if pending.isEmpty && r.incidents.isEmpty && !darktrace.failNext { break }
        }
        let duplicates = delivered.count - Set(delivered).count
        #expect(duplicates == 0, "duplicates: \(duplicates)")
        let missing = qualifying.subtracting(delivered).count, unexpected = Set(delivered).subtracting(qualifying).count
        #expect(missing == 0 && unexpected == 0, "missing \(missing), unexpected \(unexpected) of \(qualifying.count)")
        #expect(qualifying.count > 150)
        #expect(darktrace.queries.allSatisfy { darktrace.value($0, "starttime")?.count == 13 }, "starttime not in epoch ms (L3)")
        #expect(darktrace.queries.allSatisfy { $0.map(\.description) == ["minscore=0.3", "starttime=\(darktrace.value($0, "starttime") ?? "")",
                                                                          "minimal=false", "deviceattop=true"] })
    }

    @Test func maxFetchOf200IsHonoured() throws {
        let darktrace = SimulatedDarktrace()
        darktrace.visible = (0..<250).map { breach(pbid: 5_000 + $0, created: Self.now - 1_000 + Int64($0 / 5), lag: 100, score: "0.5") }
        let first = run(darktrace, lastRun: .object(JSONObject()), maxFetch: 200, minScore: 0)
        #expect(first.incidents.count == 200)
        let second = run(darktrace, lastRun: try #require(first.lastRun), maxFetch: 200, minScore: 0)
        #expect(second.incidents.count == 50)
        #expect(Set((first.incidents + second.incidents).map(pbid)).count == 250)
    }

    @Test func tiesAtOneMillisecondWithMaxFetchOneComeOneByOne() throws {
        let darktrace = SimulatedDarktrace()
        let t = Self.now - 60_000
        darktrace.visible = [9, 3, 7, 5].map { breach(pbid: $0, created: t, lag: 500, score: "0.9") }
        var lastRun = JSONValue.object(JSONObject())
        var order: [Int] = []
        for _ in 0..<6 {
            let r = run(darktrace, lastRun: lastRun, maxFetch: 1, minScore: 0)
            #expect(r.incidents.count <= 1)
            order += r.incidents.map(pbid)
            lastRun = try #require(r.lastRun)
        }
        #expect(order == [3, 5, 7, 9])
        #expect(lastRun.compactJSON() == "{\"last_fetch\":\(t),\"pbids\":[3,5,7,9]}")
    }

    @Test func pythonLastRunResumesAfterItsTime() throws {
        let darktrace = SimulatedDarktrace()
        darktrace.visible = [breach(pbid: 1, created: 1_690_000_000_000, lag: 10, score: "0.9"),
                             breach(pbid: 2, created: 1_690_000_000_001, lag: 10, score: "0.9")]
        let r = run(darktrace, lastRun: .object(JSONObject(["last_fetch": .int(1_690_000_000_000)])), maxFetch: 50, minScore: 0)
        #expect(r.incidents.map(pbid) == [2])
        #expect(r.lastRun?.compactJSON() == #"{"last_fetch":1690000000001,"pbids":[2]}"#)
    }

    @Test func firstFetchStartsAtFirstFetchInMilliseconds() {
        let darktrace = SimulatedDarktrace()
        let r = run(darktrace, lastRun: .object(JSONObject()), maxFetch: 50, minScore: 0)
        #expect(r.exit == 0 && r.incidents.isEmpty)
        #expect(darktrace.queries.map { darktrace.value($0, "starttime") } == [String(Self.now - 86_400_000)])
        #expect(darktrace.queries.map { darktrace.value($0, "minscore") } == ["0.0"])
        #expect(r.lastRun?.compactJSON() == "{\"last_fetch\":\(Self.now - 86_400_000),\"pbids\":[]}")
    }
}
