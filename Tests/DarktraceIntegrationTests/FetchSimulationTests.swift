import DarktraceIntegration
import Foundation
import HTTPTransport
import OrderedJSON
import Testing

/// Drives fetch-incidents over many runs against a simulated Darktrace whose breaches keep
/// arriving, with failures, killed runs and clock jumps between them, and proves every qualifying
/// breach is delivered exactly once.
@Suite struct FetchSimulationTests {
    /// A Darktrace that answers /modelbreaches like the real one (time >= starttime, score >=
    /// minscore, newest first) over the breaches that have "arrived" so far.
    final class SimulatedDarktrace: @unchecked Sendable {
        var visible: [JSONValue] = []
        var failNext = false
        var duplicateAnswers = false
        var oldestFirst = false
        var requests = 0

        func answer(_ request: HTTPRequest) -> HTTPResponse {
            requests += 1
            if failNext {
                failNext = false
                return HTTPResponse(status: 500, body: Array(#"{"error": "down"}"#.utf8))
            }
            let (_, query) = ReplayTransport.split(String(request.url.dropFirst("http://dt.invalid".count)))
            let start = Int64(query.first { $0.name == "starttime" }?.value ?? "0") ?? 0
            let minScore = Double(query.first { $0.name == "minscore" }?.value ?? "0") ?? 0
            var out = visible.filter {
                Int64($0["time"]?.numberValue?.intValue ?? 0) >= start && ($0["score"]?.numberValue?.doubleValue ?? 0) >= minScore
            }
            out.sort { key($0) > key($1) }
            if oldestFirst { out.reverse() }
            if duplicateAnswers { out += out.prefix(3) }
            return HTTPResponse(status: 200, body: JSONValue.array(out).compactJSONBytes())
        }

        private func key(_ b: JSONValue) -> (Int, Int) {
            (b["time"]?.numberValue?.intValue ?? 0, b["pbid"]?.numberValue?.intValue ?? 0)
        }
    }

    /// A deterministic generator (so a failure reproduces).
    struct LCG: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
        mutating func next(_ bound: Int) -> Int {
            Int((next() >> 33) % UInt64(bound))
        }
    }

    static let now: Int64 = 1_700_000_000_000

    func breach(pbid: Int, time: Int64, score: String) -> JSONValue {
        .object(JSONObject([
            "pbid": .int(pbid), "time": .number(JSONNumber(validatedText: String(time))),
            "score": .number(JSONNumber(validatedText: score)), "commentCount": .int(0),
            "model": .object(JSONObject(["then": .object(JSONObject(["name": .string("M \(pbid)"), "pid": .int(pbid % 7)]))])),
            "device": .object(JSONObject(["did": .int(pbid % 11)])),
        ]))
    }

    func run(_ darktrace: SimulatedDarktrace, lastRun: JSONValue, maxAlerts: Int, minScore: Int, now: Int64 = Self.now)
        -> (exit: Int32, incidents: [JSONValue], lastRun: JSONValue?) {
        let envelope = JSONValue.object(JSONObject([
            "command": .string("fetch-incidents"),
            "params": .object(JSONObject([
                "url": .string("http://dt.invalid"), "public_api_token": .string("pub-token"),
                "private_api_token": .string("priv-token"), "max_alerts": .string(String(maxAlerts)),
                "min_score": .string(String(minScore)), "first_fetch": .string("1 day"),
            ])),
            "lastRun": lastRun,
        ]))
        let transport = ClosureTransport { request in darktrace.answer(request) }
        let result = Integration.run(input: envelope.compactJSONBytes(),
                                     environment: RunEnvironment(makeTransport: { _ in transport }, clock: { now }))
        let out = (try? JSONParser.parse(result.stdout)) ?? .null
        return (result.exitStatus, out["incidents"]?.arrayValue ?? [], out["lastRun"])
    }

    @Test(arguments: [(maxAlerts: 3, oldestFirst: false), (maxAlerts: 7, oldestFirst: true), (maxAlerts: 1, oldestFirst: false)])
    func everyQualifyingBreachExactlyOnce(maxAlerts: Int, oldestFirst: Bool) throws {
        var rng = LCG(state: UInt64(maxAlerts * 7919))
        let darktrace = SimulatedDarktrace()
        darktrace.oldestFirst = oldestFirst
        // 400 breaches in 40 batches; many share a millisecond, some are older than first_fetch.
        var pending: [[JSONValue]] = []
        var qualifying = Set<Int>()
        var pbid = 1000
        var time = Self.now - 86_400_000 - 30_000
        for _ in 0..<40 {
            var batch: [JSONValue] = []
            for _ in 0..<10 {
                if rng.next(3) != 0 { time += Int64(rng.next(5_000)) }
                pbid += 1 + rng.next(3)
                let score = ["0.05", "0.29", "0.3", "0.5", "0.99", "1"][rng.next(6)]
                batch.append(breach(pbid: pbid, time: time, score: score))
                if time >= Self.now - 86_400_000 && Double(score)! >= 0.3 { qualifying.insert(pbid) }
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
            // After the first run the clock may jump backwards (or forwards) by up to two days:
            // only first_fetch reads it, so nothing may change.
            let clock = runs == 0 ? Self.now : Self.now + Int64(rng.next(4 * 86_400_000)) - 2 * 86_400_000
            let r = run(darktrace, lastRun: lastRun, maxAlerts: maxAlerts, minScore: 30, now: clock)
            runs += 1
            if rng.next(12) == 0 {
                // Killed before its output was read: the engine creates nothing and keeps the old lastRun.
                continue
            }
            if r.exit != 0 {
                #expect(r.lastRun == nil, "a failed fetch must not write lastRun")
                lastRun = before
                continue
            }
            #expect(r.incidents.count <= maxAlerts)
            for inc in r.incidents {
                let name = inc["name"]?.stringValue ?? ""
                delivered.append(Int(name.split(separator: "#").last ?? "") ?? -1)
            }
            let newLastRun = try #require(r.lastRun)
            let oldFetch = before["last_fetch"]?.numberValue?.intValue ?? 0
            #expect((newLastRun["last_fetch"]?.numberValue?.intValue ?? 0) >= oldFetch, "lastRun regressed")
            lastRun = newLastRun
            if pending.isEmpty && r.incidents.isEmpty && !darktrace.failNext { break }
        }
        #expect(delivered.count == Set(delivered).count, "duplicates: \(delivered.count - Set(delivered).count)")
        #expect(Set(delivered) == qualifying, "missing \(qualifying.subtracting(delivered).count), unexpected \(Set(delivered).subtracting(qualifying).count)")
        #expect(qualifying.count > 200)
    }

    @Test func legacyLastRunResumesAfterItsTime() throws {
        let darktrace = SimulatedDarktrace()
        darktrace.visible = [breach(pbid: 1, time: 5_000, score: "1"), breach(pbid: 2, time: 5_001, score: "1")]
        let r = run(darktrace, lastRun: .object(JSONObject(["last_fetch": .int(5_000)])), maxAlerts: 50, minScore: 0)
        #expect(r.incidents.map { $0["name"]?.stringValue } == ["Darktrace Model Breach #2"])
        #expect(r.lastRun?.compactJSON() == #"{"last_fetch":5001,"pbids":[2]}"#)
    }
}
