import DarktraceAPI
import DarktraceIntegration
import HTTPTransport
import OrderedJSON
import Testing

/// Bad input is normal input: hostile arguments, URLs and answers never crash, never leave
/// stdout without one JSON object, and either reach the API correctly encoded and signed or are
/// refused with a message that names what is wrong.
@Suite struct HostileInputTests {
    final class Recorder: @unchecked Sendable {
        var requests: [HTTPRequest] = []
    }

    struct Outcome {
        var exit: Int32
        var entries: [JSONValue]
        var requests: [HTTPRequest]
        var text: String { entries.map { $0.stringValue ?? $0["Contents"]?.stringValue ?? "" }.joined(separator: "\n") }
    }

    static let publicToken = "hostile-public", privateToken = "hostile-private"

    static func run(_ command: String, args: JSONObject = JSONObject(), url: String = "https://dt.invalid",
                    respond: @escaping @Sendable (HTTPRequest) throws(TransportError) -> HTTPResponse = { _ in
                        HTTPResponse(status: 200, body: Array("{}".utf8))
                    }) throws -> Outcome {
        let envelope = JSONValue.object(JSONObject([
            "command": .string(command),
            "params": .object(JSONObject(["url": .string(url), "public_api_token": .string(publicToken),
                                          "private_api_token": .string(privateToken)])),
            "args": .object(args),
        ]))
        let recorder = Recorder()
        let transport = ClosureTransport { request throws(TransportError) in
            recorder.requests.append(request)
            return try respond(request)
        }
        let result = Integration.run(input: envelope.compactJSONBytes(), environment: RunEnvironment(makeTransport: { _ in transport }))
        // Exactly one JSON object, one line.
        #expect(result.stdout.last == 0x0A && result.stdout.dropLast().contains(0x0A) == false)
        let value = try JSONParser.parse(result.stdout)
        let entries = try #require(value["entries"]?.arrayValue)
        return Outcome(exit: result.exitStatus, entries: entries, requests: recorder.requests)
    }

    /// Commands with a numeric argument, and valid values for the other arguments.
    static let numericArguments: [(command: String, argument: String, others: JSONObject)] = [
        ("darktrace-get-breach", "pbid", JSONObject()),
        ("darktrace-get-comments", "pbid", JSONObject()),
        ("darktrace-acknowledge", "pbid", JSONObject()),
        ("darktrace-unacknowledge", "pbid", JSONObject()),
        ("darktrace-list-similar-devices", "did", JSONObject(["max_results": .string("2")])),
        ("darktrace-list-similar-devices", "max_results", JSONObject(["did": .string("1")])),
        ("darktrace-get-device-connection-info", "did", JSONObject(["data_type": .string("co")])),
        ("darktrace-get-device-connection-info", "destination_did", JSONObject(["did": .string("1"), "data_type": .string("co")])),
        ("darktrace-get-device-connection-info", "num_similar_devices", JSONObject(["did": .string("1"), "data_type": .string("co")])),
        ("darktrace-get-device-identity-info", "max_results", JSONObject(["query": .string("x")])),
        ("darktrace-get-entity-details", "max_results", JSONObject(["query": .string("did=1")])),
        ("darktrace-get-entity-details", "offset", JSONObject(["query": .string("did=1")])),
    ]

    static let notNumbers = ["abc", "0x5f", "1e400", "-", "1 2", "1&pbid=2", "nan", "inf", "99999999999999999999999",
                             "4.5", "\u{0}", "١٢"]

    @Test(arguments: 0..<numericArguments.count)
    func nonNumbersAreRefusedBeforeAnyRequest(_ index: Int) throws {
        let (command, argument, others) = Self.numericArguments[index]
        for bad in Self.notNumbers {
            var args = others
            args[argument] = .string(bad)
            let outcome = try Self.run(command, args: args)
            #expect(outcome.exit == 1, "\(command) \(argument)=\(bad)")
            #expect(outcome.requests.isEmpty, "\(command) \(argument)=\(bad): a request was sent")
            #expect(outcome.text.contains("\"\(argument)\""), "\(command) \(argument)=\(bad): \(outcome.text)")
        }
    }

    @Test func requiredArgumentsMissingOrBlankAreNamed() throws {
        let required: [(String, String, JSONObject)] = [
            ("darktrace-get-breach", "pbid", JSONObject()),
            ("darktrace-list-similar-devices", "did", JSONObject(["max_results": .string("2")])),
            ("darktrace-list-similar-devices", "max_results", JSONObject(["did": .string("1")])),
            ("darktrace-get-external-endpoint-details", "endpoint_type", JSONObject(["endpoint_value": .string("1.2.3.4")])),
            ("darktrace-get-external-endpoint-details", "endpoint_value", JSONObject(["endpoint_type": .string("IP")])),
            ("darktrace-get-device-connection-info", "data_type", JSONObject(["did": .string("1")])),
            ("darktrace-get-device-identity-info", "query", JSONObject()),
            ("darktrace-get-entity-details", "query", JSONObject()),
        ]
        for (command, argument, others) in required {
            for value in [nil, JSONValue.null, .string(""), .string("   "), .string(",")] {
                var args = others
                args[argument] = value
                if command != "darktrace-get-entity-details" && value == .string(",") { continue }
                let outcome = try Self.run(command, args: args)
                #expect(outcome.exit == 1 && outcome.requests.isEmpty, "\(command) \(argument)=\(String(describing: value))")
                #expect(outcome.text.contains("\"\(argument)\""), "\(outcome.text)")
            }
        }
    }

    /// Values that must reach the API exactly: spaces, quotes, reserved and non-ASCII characters.
    static let awkwardValues = ["a b", "a+b", "x&y=z", "q?#frag", "100%", "quote\"s", "'single'", "café ☕ 😀",
                                "tab\tnew\nline", "=", "/path/", "-5"]

    @Test(arguments: awkwardValues)
    func awkwardValuesAreEncodedAndSignedExactly(_ value: String) throws {
        let cases: [(String, JSONObject, String)] = [
            ("darktrace-get-device-identity-info", JSONObject(["query": .string(value)]), "query"),
            ("darktrace-get-external-endpoint-details", JSONObject(["endpoint_type": .string("hostname"), "endpoint_value": .string(value)]), "hostname"),
            ("darktrace-get-device-connection-info", JSONObject(["did": .string("1"), "data_type": .string("co"), "external_domain": .string(value)]), "externaldomain"),
        ]
        for (command, args, parameter) in cases {
            let outcome = try Self.run(command, args: args)
            let request = try #require(outcome.requests.first, "\(command): no request")
            let target = String(request.url.dropFirst("https://dt.invalid".count))
            #expect(target.utf8.allSatisfy { b in
                (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || "-._~%/?=&".utf8.contains(b)
            }, "\(command): raw reserved byte on the wire: \(target)")
            let (path, pairs) = ReplayTransport.split(target)
            let trimmed = value.trimmedForArguments
            #expect(pairs.contains(ReplayTransport.QueryPair(name: parameter, value: trimmed)), "\(command): \(pairs)")
            let signed = path + "?" + pairs.map(\.description).joined(separator: "&")
            let date = request.headers.first { $0.name == "DTAPI-Date" }?.value ?? ""
            let expected = HMACSHA1.hexDigest(key: Self.privateToken, message: signed + "\n" + Self.publicToken + "\n" + date)
            #expect(request.headers.first { $0.name == "DTAPI-Signature" }?.value == expected, "\(command): signature")
        }
    }

    @Test func serverURLsInEveryShape() throws {
        let good = [("https://dt.example.com/", "https://dt.example.com/time"),
                    ("https://dt.example.com/prefix//", "https://dt.example.com/prefix/time"),
                    ("https://user:pw@dt.example.com:8443", "https://user:pw@dt.example.com:8443/time"),
                    ("https://[::1]:8443", "https://[::1]:8443/time"),
                    (" HTTPS://DT.example.com ", "HTTPS://DT.example.com/time")]
        for (url, requested) in good {
            let outcome = try Self.run("test-module", url: url)
            #expect(outcome.requests.map(\.url) == [requested], "\(url)")
            #expect(outcome.entries == [.string("ok")])
        }
        for url in ["dt.example.com", "ftp://dt.example.com", "https://", "https:///time", "https://dt example.com", "https://dt.example.com?x=1", ""] {
            let outcome = try Self.run("test-module", url: url)
            #expect(outcome.exit == 1 && outcome.requests.isEmpty, "\(url)")
            #expect(outcome.text.contains(url.isEmpty ? "Server URL" : "Invalid Server URL"), "\(url): \(outcome.text)")
        }
    }

    /// Answers of every wrong kind: statuses, redirects, HTML, empty, truncated, wrong shapes.
    static let answers: [(String, Int, String)] = [
        ("400", 400, "{\"error\": \"bad\"}"), ("401", 401, ""), ("403", 403, "Forbidden"), ("404", 404, "{}"),
        ("405", 405, ""), ("500", 500, "<html>oops</html>"), ("501", 501, "x"), ("502", 502, ""), ("503", 503, "{}"),
        ("504", 504, ""), ("301", 301, "Moved"), ("302", 302, "Found. Redirecting to /login"), ("307", 307, ""),
        ("html 200", 200, "<!DOCTYPE html><html><body>login</body></html>"), ("empty 200", 200, ""),
        ("truncated", 200, "[{\"pbid\": 1, \"time\": 15"), ("string", 200, "\"x\""), ("number", 200, "42"),
        ("null", 200, "null"), ("true", 200, "true"), ("empty list", 200, "[]"), ("empty object", 200, "{}"),
        ("list of numbers", 200, "[1, 2, 3]"), ("list of strings", 200, "[\"a\", \"b\"]"),
        ("object of wrong types", 200, "{\"pbid\": \"x\", \"time\": \"abc\", \"devices\": \"x\", \"totalCount\": null, \"firsttime\": \"y\", \"device\": 5, \"model\": [1], \"response\": 7}"),
        ("list of odd breaches", 200, "[{\"pbid\": \"x\"}, {\"time\": -1}, {\"pbid\": 3, \"time\": \"later\", \"score\": \"high\"}, 5, null, {\"pbid\": 4, \"time\": 1e300}]"),
        ("deeply nested", 200, String(repeating: "[", count: 600) + String(repeating: "]", count: 600)),
        ("invalid UTF-8", 200, "[{\"pbid\": 1, \"name\": \"\u{FFFD}\"}]"),
    ]

    @Test(arguments: 0..<answers.count)
    func everyAnswerGivesOneResult(_ index: Int) throws {
        let (label, status, body) = Self.answers[index]
        for (command, args) in CommandCatalog.everyCommand where command != "test-module" {
            let outcome = try Self.run(command, args: args) { _ in
                HTTPResponse(status: status, headers: status / 100 == 3 ? [HTTPHeader("Location", "/login")] : [],
                             body: Array(body.utf8))
            }
            #expect(outcome.entries.count <= 1, "\(label) / \(command)")
            #expect(outcome.exit == 0 || outcome.exit == 1, "\(label) / \(command)")
            if !(200..<300).contains(status) {
                #expect(outcome.exit == 1, "\(label) / \(command)")
                #expect(outcome.text.contains("Error in API call [\(status)] - "), "\(label) / \(command): \(outcome.text)")
            }
            if outcome.exit == 1 {
                #expect(outcome.entries.first?["Type"] == .int(4), "\(label) / \(command)")
            }
        }
    }

    @Test func aHundredMegabyteErrorPageIsQuotedInPart() throws {
        let page = [UInt8](repeating: UInt8(ascii: "x"), count: 100 << 20)
        let outcome = try Self.run("darktrace-get-breach", args: JSONObject(["pbid": .string("1")])) { _ in
            HTTPResponse(status: 500, body: page)
        }
        #expect(outcome.exit == 1)
        #expect(outcome.text.count < DarktraceError.maximumQuotedBody + 200)
        #expect(outcome.text.hasSuffix("… (\((100 << 20) - DarktraceError.maximumQuotedBody) more bytes not shown)"))
    }
}

extension String {
    /// Arguments are trimmed of surrounding white space, as the kit reads them.
    var trimmedForArguments: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s.removeLast() }
        return String(s)
    }
}
