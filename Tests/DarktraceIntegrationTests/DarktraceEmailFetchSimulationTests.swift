import DarktraceIntegration
import HTTPTransport
import OrderedJSON
import Testing

/// Drives DarktraceEmail's fetch-incidents over many runs against a simulated Darktrace/Email whose
/// emails keep arriving (many sharing a dtime_unix millisecond), with failures, killed runs,
/// repeated emails and clock jumps between runs, and proves every qualifying email is delivered
/// exactly once, oldest first (L4), at most max_fetch a run with at most max_fetch detail requests
/// (L4, L13), the search window in epoch seconds (L3).
@Suite struct DarktraceEmailFetchSimulationTests {
    /// A Darktrace/Email answering the tag list, the paged search (timeFrom/timeTo in seconds,
    /// inclusive; model_score > the anomaly value; newest first) and the details of a listed email.
    final class SimulatedDarktrace: @unchecked Sendable {
        var visible: [JSONValue] = []
        var failNext = false
        var duplicateAnswers = false
        var windows: [(Int64, Int64)] = []
        var detailRequests = 0
        var searches = 0

        func answer(_ request: HTTPRequest) -> HTTPResponse {
            let (path, query) = ReplayTransport.split(String(request.url.dropFirst("http://dt.invalid".count)))
            if path == "/agemail/api/v1.0/resources/tags" {
                return ok(#"[{"name": "Spam", "status": "critical"}, {"name": "Mailer", "status": "info"}]"#)
            }
            if failNext {
                failNext = false
                return HTTPResponse(status: 500, body: Array(#"{"error": "down"}"#.utf8))
            }
            if path == "/agemail/api/v1.0/emails/search" {
                searches += 1
                guard let body = try? JSONParser.parse(request.body ?? []),
                      let from = body["timeFrom"]?.numberValue?.intValue, let to = body["timeTo"]?.numberValue?.intValue,
                      let page = body["page"]?.numberValue?.intValue, let per = body["itemsPerPage"]?.numberValue?.intValue,
                      let min = body["query"]?["criteriaList"]?.arrayValue?.first?["value"]?.stringValue.flatMap(Double.init)
                else { return HTTPResponse(status: 400, body: Array(#"{"error": "bad body"}"#.utf8)) }
                windows.append((Int64(from), Int64(to)))
                var out = visible.filter {
                    let second = time($0) / 1000
                    return second >= from && second <= to && score($0) > min
                }
                out.sort { (time($0), $0["uuid"]?.stringValue ?? "") > (time($1), $1["uuid"]?.stringValue ?? "") }
                if duplicateAnswers { out += out.prefix(3) }
                let start = Swift.min(out.count, page * per)
                return ok(JSONValue.array(Array(out[start..<Swift.min(out.count, start + per)])).compactJSON())
            }
            detailRequests += 1
            let uuid = String(path.dropFirst("/agemail/api/v1.0/emails/".count))
            guard let email = visible.first(where: { $0["uuid"] == .string(uuid) }) else {
                return HTTPResponse(status: 404, body: Array(#"{"error": "Email not found"}"#.utf8))
            }
            #expect(query.first { $0.name == "dtime" }?.value == String(time(email)))
            return ok(email.compactJSON())
        }

        func ok(_ text: String) -> HTTPResponse {
            HTTPResponse(status: 200, headers: [HTTPHeader("Content-Type", "application/json")], body: Array(text.utf8))
        }

        func time(_ email: JSONValue) -> Int64 {
            Int64(email["dtime_unix"]?.numberValue?.intValue ?? 0)
        }

        func score(_ email: JSONValue) -> Double {
            email["model_score"]?.numberValue?.doubleValue ?? 0
        }
    }

    static let now: Int64 = 1_700_000_000_000

    /// An email as Darktrace/Email lists it.
    func email(uuid: String, time: Int64, score: Int) -> JSONValue {
        .object(JSONObject([
            "uuid": .string(uuid), "direction": .string("inbound"), "dtime": .string("t"),
            "dtime_unix": .number(JSONNumber(validatedText: String(time))), "header_from_email": .string("a@b.example"),
            "header_subject": .string("s"), "model_score": .int(score),
            "rcpts": .array([.object(JSONObject([
                "rcpt_to": .string("kelly.johnson@example.com"), "rcpt_status": .string("delivered"),
                "tags": .array([.string("Spam")]), "summary": .array([.string("x")]), "rcpt_actions_taken": .array([]),
            ]))]),
        ]))
    }

    func run(_ darktrace: SimulatedDarktrace, lastRun: JSONValue, maxFetch: Int, minScore: Int, now: Int64 = Self.now)
        -> (exit: Int32, incidents: [JSONValue], lastRun: JSONValue?) {
        let envelope = JSONValue.object(JSONObject([
            "integration": .string("DarktraceEmail"), "command": .string("fetch-incidents"),
            "params": .object(JSONObject([
                "url": .string("http://dt.invalid"), "publicApiKey": .string("pub-token"),
                "privateApiKey": .string("priv-token"), "max_fetch": .string(String(maxFetch)),
                "min_score": .string(String(minScore)), "first_fetch": .string("1 day"), "isFetch": .bool(true),
                "tag_severity": .string("Critical,Warning,Informational"), "actioned": .bool(false),
            ])),
            "lastRun": lastRun,
        ]))
        let transport = ClosureTransport { request in darktrace.answer(request) }
        let result = Integration.run(input: envelope.compactJSONBytes(),
                                     environment: RunEnvironment(makeTransport: { _ in transport }, clock: { now }))
        let out = (try? JSONParser.parse(result.stdout)) ?? .null
        return (result.exitStatus, out["incidents"]?.arrayValue ?? [], out["lastRun"])
    }

    /// The uuid an incident was made from (its rawJSON's).
    func uuid(_ incident: JSONValue) -> String {
        let raw = try? JSONParser.parse(Array((incident["rawJSON"]?.stringValue ?? "").utf8))
        return raw?["uuid"]?.stringValue ?? ""
    }

    @Test(arguments: [3, 7, 1, 200])
    func everyQualifyingEmailExactlyOnce(maxFetch: Int) throws {
        var rng = FetchSimulationTests.LCG(state: UInt64(maxFetch * 104_729 + 11))
        let darktrace = SimulatedDarktrace()
        // 400 emails in 40 batches; many share a millisecond or a second, uuids are not in time
        // order, some are older than first_fetch or at or below min_score.
        var pending: [[JSONValue]] = []
        var qualifying = Set<String>()
        var time = Self.now - 86_400_000 - 30_000
        for _ in 0..<40 {
            var batch: [JSONValue] = []
            for _ in 0..<10 {
                if rng.next(3) != 0 { time += Int64([0, 1, 2, 400, 999, 1_000, 5_000][rng.next(7)]) }
                let id = String(rng.next(1 << 30), radix: 16).uppercased() + "-" + String(rng.next(1 << 30), radix: 16) + ".1"
                let score = [5, 30, 31, 76, 100][rng.next(5)]
                batch.append(email(uuid: id, time: time, score: score))
                if time >= Self.now - 86_400_000 && score > 30 { qualifying.insert(id) }
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
            darktrace.detailRequests = 0
            let before = lastRun
            // After the first run the clock may jump by up to a day back or two forward: only
            // first_fetch and timeTo read it, and every email is older than the earliest clock.
            let clock = runs == 0 ? Self.now : Self.now + 31_000_000 + Int64(rng.next(3 * 86_400_000)) - 86_400_000
            let r = run(darktrace, lastRun: lastRun, maxFetch: maxFetch, minScore: 30, now: clock)
            runs += 1
            #expect(darktrace.detailRequests <= maxFetch, "details only for the emails returned")
            if rng.next(12) == 0 { continue }  // killed before its output was read: lastRun stays
            if r.exit != 0 {
                #expect(r.lastRun == nil, "a failed fetch must not write lastRun")
                lastRun = before
                continue
            }
            #expect(r.incidents.count <= maxFetch)
            var previous: (Int64, String)?
            for incident in r.incidents {
                let id = uuid(incident)
                let listed = darktrace.visible.first { $0["uuid"] == .string(id) }
                let key = (listed.map(darktrace.time) ?? -1, id)
                if let previous { #expect(previous < key, "delivered out of order") }
                previous = key
                delivered.append(id)
            }
            let newLastRun = try #require(r.lastRun)
            #expect(newLastRun.objectValue?.keys == ["last_fetch", "uuids"])
            lastRun = newLastRun
            if pending.isEmpty && r.incidents.isEmpty && !darktrace.failNext { break }
        }
        let duplicates = delivered.count - Set(delivered).count
        #expect(duplicates == 0, "duplicates: \(duplicates)")
        let missing = qualifying.subtracting(delivered).count, unexpected = Set(delivered).subtracting(qualifying).count
        #expect(missing == 0 && unexpected == 0, "missing \(missing), unexpected \(unexpected) of \(qualifying.count)")
        #expect(qualifying.count > 150)
        #expect(darktrace.windows.allSatisfy { $0.0 < 100_000_000_000 && $0.1 < 100_000_000_000 }, "window not in seconds (L3)")
    }

    @Test func maxFetchOf200IsHonoured() throws {
        let darktrace = SimulatedDarktrace()
        darktrace.visible = (0..<250).map { email(uuid: "E\($0 + 100)", time: Self.now - 1_000 + Int64($0 / 5), score: 90) }
        let first = run(darktrace, lastRun: .object(JSONObject()), maxFetch: 200, minScore: 0)
        #expect(first.incidents.count == 200)
        let second = run(darktrace, lastRun: try #require(first.lastRun), maxFetch: 200, minScore: 0)
        #expect(second.incidents.count == 50)
        #expect(Set((first.incidents + second.incidents).map(uuid)).count == 250)
    }

    @Test func moreThanAHundredPagesStillReachTheOldestEmails() throws {
        let darktrace = SimulatedDarktrace()
        // 2 500 emails, one a second: more than Python's 100 pages of 20.
        darktrace.visible = (0..<2_500).map { email(uuid: "M\($0 + 10_000)", time: Self.now - 3_000_000 + Int64($0) * 1_000, score: 90) }
        let r = run(darktrace, lastRun: .object(JSONObject()), maxFetch: 5, minScore: 0)
        #expect(r.incidents.map(uuid) == ["M10000", "M10001", "M10002", "M10003", "M10004"])
        #expect(darktrace.detailRequests == 5)
        #expect(darktrace.windows.count > 100 && darktrace.windows.count < 140)
    }

    @Test func pythonLastRunInMillisecondsResumesAfterItsTimeAndAsksInSeconds() throws {
        let darktrace = SimulatedDarktrace()
        darktrace.visible = [email(uuid: "A", time: 1_699_990_000_000, score: 90), email(uuid: "B", time: 1_699_990_000_001, score: 90)]
        let r = run(darktrace, lastRun: .object(JSONObject(["last_fetch": .int(1_699_990_000_000)])), maxFetch: 50, minScore: 0)
        #expect(r.incidents.map(uuid) == ["B"])
        #expect(darktrace.windows.first?.0 == 1_699_990_000)
        #expect(darktrace.windows.first?.1 == Self.now / 1000)
        #expect(r.lastRun?.compactJSON() == #"{"last_fetch":1699990000001,"uuids":["B"]}"#)
    }

    @Test func firstFetchStartsAtFirstFetchInSeconds() {
        let darktrace = SimulatedDarktrace()
        let r = run(darktrace, lastRun: .object(JSONObject()), maxFetch: 50, minScore: 0)
        #expect(r.exit == 0 && r.incidents.isEmpty)
        #expect(darktrace.windows.map(\.0) == [(Self.now - 86_400_000) / 1000])
        #expect(r.lastRun?.compactJSON() == "{\"last_fetch\":\(Self.now - 86_400_000),\"uuids\":[]}")
    }

    @Test func anEmailGoneBeforeItsDetailsIsStillDeliveredOnce() throws {
        let darktrace = SimulatedDarktrace()
        darktrace.visible = [email(uuid: "G", time: Self.now - 5_000, score: 90)]
        // The details route answers from `visible`; empty it between the search and the details.
        let listing = darktrace.visible
        let transport = ClosureTransport { request in
            if request.url.contains("/emails/G") { darktrace.visible = [] }
            let answer = darktrace.answer(request)
            if request.url.hasSuffix("/emails/search") { darktrace.visible = listing }
            return answer
        }
        let envelope = JSONValue.object(JSONObject([
            "integration": .string("DarktraceEmail"), "command": .string("fetch-incidents"),
            "params": .object(JSONObject(["url": .string("http://dt.invalid"), "publicApiKey": .string("p"),
                                          "privateApiKey": .string("q")])),
        ]))
        let result = Integration.run(input: envelope.compactJSONBytes(),
                                     environment: RunEnvironment(makeTransport: { _ in transport }, clock: { Self.now }))
        let out = try JSONParser.parse(result.stdout)
        #expect(result.exitStatus == 0)
        #expect(out["incidents"]?.arrayValue?.map(uuid) == ["G"])
        #expect(out["lastRun"]?.compactJSON() == "{\"last_fetch\":\(Self.now - 5_000),\"uuids\":[\"G\"]}")
    }
}
