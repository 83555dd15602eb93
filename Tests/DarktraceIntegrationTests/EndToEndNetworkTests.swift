import Foundation
import OrderedJSON
import Testing

/// The built binary against the repository's own mock Darktrace (scripts/mock_darktrace.py) over
/// real HTTP and HTTPS, and through a real forward proxy: signatures, retries, POSTs sent once,
/// timeouts, TLS verification, proxy settings and the test-module verdicts.
@Suite(.serialized) struct EndToEndNetworkTests {
    static let scripts = BinaryRunner.repositoryRoot.appendingPathComponent("scripts")
    static let mockScript = scripts.appendingPathComponent("mock_darktrace.py")
    static let proxyScript = BinaryRunner.repositoryRoot
        .appendingPathComponent("Tests/SocketTransportTests/Servers/proxy_server.py")

    /// A self-signed certificate for CN "not-localhost", made once with openssl.
    static let certificate: (cert: String, key: String)? = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dt-e2e-cert-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let cert = dir.appendingPathComponent("cert.pem").path, key = dir.appendingPathComponent("key.pem").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=not-localhost",
                       "-keyout", key, "-out", cert]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        p.waitUntilExit()
        return p.terminationStatus == 0 ? (cert, key) : nil
    }()

    func mock(_ extra: [String] = []) throws -> ServerProcess {
        try ServerProcess(script: Self.mockScript, arguments: ["--port", "0", "--lifetime", "120"] + extra)
    }

    func envelope(_ command: String, url: String, args: [String: String] = [:], params: [String: JSONValue] = [:]) -> [UInt8] {
        var p = JSONObject(["url": .string(url), "public_api_token": .string("mock-public-token"),
                            "private_api_token": .string("mock-private-token"), "insecure": .bool(false), "proxy": .bool(false)])
        for (k, v) in params { p[k] = v }
        var a = JSONObject()
        for (k, v) in args.sorted(by: { $0.key < $1.key }) { a[k] = .string(v) }
        return JSONValue.object(JSONObject(["command": .string(command), "params": .object(p), "args": .object(a)])).compactJSONBytes()
    }

    /// The mock's request log (GET /__mock__/requests), fetched with Python so the tests need no
    /// HTTP client; the answer goes through a file (see BinaryRunner.run for why not a pipe).
    func requests(_ server: ServerProcess, tls: Bool = false) throws -> [JSONValue] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("dt-requests-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let url = "\(tls ? "https" : "http")://127.0.0.1:\(server.port)/__mock__/requests"
        p.arguments = ["python3", "-c", "import ssl,urllib.request,sys; open(sys.argv[1], 'wb').write(urllib.request.urlopen('\(url)', context=ssl._create_unverified_context()).read())", file.path]
        try p.run()
        p.waitUntilExit()
        return try JSONParser.parse([UInt8](try Data(contentsOf: file))).arrayValue ?? []
    }

    func result(_ output: BinaryRunner.Output) throws -> (entries: [JSONValue], text: String) {
        let value = try JSONParser.parse(output.stdout)
        let entries = value["entries"]?.arrayValue ?? []
        let text = entries.map { $0.stringValue ?? $0["Contents"]?.stringValue ?? $0["HumanReadable"]?.stringValue ?? "" }
            .joined(separator: "\n")
        return (entries, text)
    }

    @Test func signedRequestsWithReservedCharactersVerify() throws {
        let server = try mock()
        let url = "http://127.0.0.1:\(server.port)"
        let breach = try BinaryRunner.run(envelope("darktrace-get-breach", url: url, args: ["pbid": "95"]))
        #expect(breach.exitStatus == 0)
        #expect(try result(breach).text.hasPrefix("### Darktrace Model Breach 95\n"))
        let query = "label:\"a b\" + & = ? # % café ☕"
        let search = try BinaryRunner.run(envelope("darktrace-get-device-identity-info", url: url, args: ["query": query]))
        let searchText = try result(search).text
        #expect(search.exitStatus == 0, "\(searchText)")
        let log = try requests(server)
        #expect(log.count == 2)
        #expect(log.allSatisfy { $0["signature_ok"] == .bool(true) && $0["date_ok"] == .bool(true) })
        let sent = log.last?["request"]?["query"]?.arrayValue?.last?.arrayValue
        #expect(sent == [.string("query"), .string(query)])
        let target = log.last?["target"]?.stringValue ?? ""
        #expect(!target.contains(" ") && !target.contains("+") && target.contains("%2B") && target.contains("%23"))
    }

    @Test func getIsRetriedAfter429AndPostIsSentOnce() throws {
        let server = try mock(["--fault", #"{"path": "/modelbreaches", "status": 429, "times": 1}"#,
                               "--fault", #"{"path": "/modelbreaches/95/acknowledge", "status": 503, "json": {"error": "busy"}}"#])
        let url = "http://127.0.0.1:\(server.port)"
        let get = try BinaryRunner.run(envelope("darktrace-get-breach", url: url, args: ["pbid": "95"]))
        #expect(get.exitStatus == 0)
        #expect(get.stderr.contains("HTTP 429. Retrying"))
        let post = try BinaryRunner.run(envelope("darktrace-acknowledge", url: url, args: ["pbid": "95"]))
        #expect(post.exitStatus == 1)
        #expect(try result(post).text.contains("Error in API call [503] - Service Unavailable"))
        let log = try requests(server)
        #expect(log.filter { $0["method"] == .string("GET") }.count == 2)
        #expect(log.filter { $0["method"] == .string("POST") }.count == 1)
    }

    @Test func aServerThatNeverAnswersIsAbandonedWithinTheTimeout() throws {
        let server = try mock(["--fault", #"{"path": "/time", "delay": 30}"#])
        let start = Date()
        let out = try BinaryRunner.run(envelope("test-module", url: "http://127.0.0.1:\(server.port)", params: ["timeout": .string("1")]))
        let elapsed = Date().timeIntervalSince(start)
        #expect(out.exitStatus == 1)
        #expect(try result(out).text.contains("Timed out waiting for 127.0.0.1:\(server.port) to answer after 1 s"))
        #expect(elapsed < 5, "took \(elapsed) s")
    }

    @Test func testModuleVerdicts() throws {
        let login = try mock(["--fault", #"{"path": "/time", "redirect": "/login"}"#])
        let out1 = try BinaryRunner.run(envelope("test-module", url: "http://127.0.0.1:\(login.port)"))
        #expect(try result(out1).entries == [.string("Authorization Error: make sure API Key is correctly set")])
        #expect(out1.exitStatus == 0)
        let html = try mock(["--fault", #"{"path": "/time", "html_login": true}"#])
        let out2 = try BinaryRunner.run(envelope("test-module", url: "http://127.0.0.1:\(html.port)"))
        #expect(try result(out2).entries == [.string("Authorization Error: make sure API Key is correctly set")])
        let skewed = try mock(["--clock-offset", "7200"])
        let out3 = try BinaryRunner.run(envelope("test-module", url: "http://127.0.0.1:\(skewed.port)"))
        #expect(try result(out3).text.hasPrefix("Clock Error:"))
        let plain = try mock()
        var env = envelope("test-module", url: "http://127.0.0.1:\(plain.port)")
        let ok = try BinaryRunner.run(env)
        #expect(try result(ok).entries == [.string("ok")])
        env = envelope("test-module", url: "http://127.0.0.1:\(plain.port)", params: ["private_api_token": .string("wrong-private")])
        let bad = try BinaryRunner.run(env)
        #expect(try result(bad).entries == [.string("Authorization Error: make sure API Key is correctly set")])
    }

    @Test func tlsIsVerifiedUnlessInsecure() throws {
        let cert = try #require(Self.certificate, "openssl could not make a certificate")
        let server = try mock(["--tls-cert", cert.cert, "--tls-key", cert.key])
        let url = "https://127.0.0.1:\(server.port)"
        let verified = try BinaryRunner.run(envelope("test-module", url: url))
        #expect(verified.exitStatus == 1)
        let text = try result(verified).text
        #expect(text.contains("TLS connection to 127.0.0.1:\(server.port) failed") && text.contains("certificate"), "\(text)")
        #expect(text.contains("insecure"))
        // Trusted but issued for another name: the advice is the Server URL, not "Trust any certificate".
        let misnamed = try BinaryRunner.run(envelope("test-module", url: url), environment: ["SSL_CERT_FILE": cert.cert])
        let misnamedText = try result(misnamed).text
        #expect(misnamedText.contains("IP address mismatch. The certificate does not name this host"), "\(misnamedText)")
        #expect(!misnamedText.contains("insecure"), "\(misnamedText)")
        let insecure = try BinaryRunner.run(envelope("test-module", url: url, params: ["insecure": .string("true")]))
        #expect(try result(insecure).entries == [.string("ok")])
        #expect(try requests(server, tls: true).count == 1, "the verifying attempt must not have sent a request")
    }

    /// A proxy setting that cannot work fails at once: no retries, no back-off (it cost 1.5 s).
    @Test func proxyConfigurationErrorsAreNotRetried() throws {
        let server = try mock()
        let proxyLog = FileManager.default.temporaryDirectory.appendingPathComponent("dt-e2e-proxy-auth-\(getpid()).log")
        _ = FileManager.default.createFile(atPath: proxyLog.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: proxyLog) }
        let guarded = try ServerProcess(script: Self.proxyScript, arguments: ["--log", proxyLog.path, "--require-auth", "u:p"])
        let url = "https://127.0.0.1:\(server.port)"
        for (proxy, expected) in [("socks5://127.0.0.1:1080", "the proxy URL's scheme \"socks5\" is not supported"),
                                  ("https://127.0.0.1:3128", "the proxy URL's scheme \"https\" is not supported"),
                                  ("http://[::1", "the proxy URL is not valid"),
                                  ("http://127.0.0.1:\(guarded.port)", "CONNECT tunnel failed, response 407")] {
            let out = try BinaryRunner.run(envelope("darktrace-get-breach", url: url, args: ["pbid": "95"], params: ["proxy": .bool(true)]),
                                           environment: ["https_proxy": proxy])
            let text = try result(out).text
            #expect(out.exitStatus == 1)
            #expect(text.contains(expected) && !text.contains("attempts"), "\(proxy): \(text)")
            #expect(!out.stderr.contains("Retrying"), "\(proxy): \(out.stderr)")
        }
    }

    @Test func proxySettingIsHonoured() throws {
        let server = try mock()
        let proxyLog = FileManager.default.temporaryDirectory.appendingPathComponent("dt-e2e-proxy-\(getpid()).log")
        try? FileManager.default.removeItem(at: proxyLog)
        _ = FileManager.default.createFile(atPath: proxyLog.path, contents: nil)
        let proxy = try ServerProcess(script: Self.proxyScript, arguments: ["--log", proxyLog.path])
        let env = ["http_proxy": "http://127.0.0.1:\(proxy.port)", "https_proxy": "http://127.0.0.1:\(proxy.port)"]
        let url = "http://127.0.0.1:\(server.port)"
        let direct = try BinaryRunner.run(envelope("test-module", url: url, params: ["proxy": .string("false")]), environment: env)
        #expect(try result(direct).entries == [.string("ok")])
        #expect(try String(contentsOf: proxyLog, encoding: .utf8).isEmpty, "proxy false must connect directly")
        let viaProxy = try BinaryRunner.run(envelope("test-module", url: url, params: ["proxy": .bool(true)]), environment: env)
        #expect(try result(viaProxy).entries == [.string("ok")])
        #expect(try String(contentsOf: proxyLog, encoding: .utf8).contains("127.0.0.1:\(server.port)/time"))
        let bypass = try BinaryRunner.run(envelope("test-module", url: url, params: ["proxy": .bool(true)]),
                                          environment: env.merging(["no_proxy": "127.0.0.1"]) { $1 })
        #expect(try result(bypass).entries == [.string("ok")])
        let lines = try String(contentsOf: proxyLog, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1, "no_proxy must bypass the proxy: \(lines)")
    }
}
