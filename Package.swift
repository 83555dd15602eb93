// swift-tools-version:6.0
// The Darktrace integration for Cortex XSOAR: one envelope in on stdin, one result out on stdout.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    // No implicit _Concurrency and _StringProcessing: nothing here uses async or regexes, and
    // loading those libraries (with Dispatch and the regex parser) costs every command about
    // 0.8 ms of start-up. `ByteText` stands in for the two substring helpers that were used.
    .unsafeFlags(["-Xfrontend", "-disable-implicit-concurrency-module-import",
                  "-Xfrontend", "-disable-implicit-string-processing-module-import"]),
]

let package = Package(
    name: "darktrace-xsoar",
    products: [
        .executable(name: "darktrace-xsoar", targets: ["darktrace-xsoar"]),
    ],
    targets: [
        // JSON that keeps key order and number text (int vs float) and writes Python's formats.
        .target(name: "OrderedJSON", swiftSettings: strict),
        // The XSOAR side: envelope, arguments, entries, tableToMarkdown, dates.
        // Substring search and replacement on UTF-8 bytes (Python's `in` and `str.replace`).
        .target(name: "ByteText", swiftSettings: strict),
        // UTC calendar arithmetic and the clock, without Foundation.
        .target(name: "CivilTime", swiftSettings: strict),
        .target(name: "XSOARKit", dependencies: ["OrderedJSON", "CivilTime"], swiftSettings: strict),
        // The seam between the Darktrace client and the network.
        .target(name: "HTTPTransport", swiftSettings: strict),
        // Darktrace API client: signing, requests, retries, error mapping. Knows nothing of XSOAR.
        .target(name: "DarktraceAPI", dependencies: ["OrderedJSON", "HTTPTransport", "CivilTime", "ByteText"], swiftSettings: strict),
        // TLS client sessions from OpenSSL, loaded with dlopen on the first https request.
        .target(name: "CTLSShim", linkerSettings: [.linkedLibrary("dl")]),
        // getaddrinfo bounded by a timeout (on a detached thread).
        .target(name: "CResolver"),
        // zlib, for gzip/deflate response bodies.
        .systemLibrary(name: "CZlib"),
        // The production HTTPTransport: HTTP/1.1 on sockets; TLS verify/insecure, proxies, timeouts, gzip.
        .target(name: "SocketTransport", dependencies: ["HTTPTransport", "CTLSShim", "CResolver", "CZlib"], swiftSettings: strict),
        // The commands, fetch-incidents and the dispatcher.
        .target(name: "DarktraceIntegration",
                dependencies: ["OrderedJSON", "XSOARKit", "DarktraceAPI", "HTTPTransport", "CivilTime", "ByteText"],
                swiftSettings: strict),
        .executableTarget(name: "darktrace-xsoar",
                          dependencies: ["DarktraceIntegration", "SocketTransport", "HTTPTransport"],
                          swiftSettings: strict),

        .testTarget(name: "OrderedJSONTests", dependencies: ["OrderedJSON"]),
        .testTarget(name: "ByteTextTests", dependencies: ["ByteText"]),
        .testTarget(name: "XSOARKitTests", dependencies: ["XSOARKit", "OrderedJSON", "CivilTime"],
                    exclude: ["Snapshots"]),
        .testTarget(name: "DarktraceAPITests", dependencies: ["DarktraceAPI", "HTTPTransport", "OrderedJSON"]),
        .testTarget(name: "SocketTransportTests", dependencies: ["SocketTransport", "HTTPTransport", "CZlib"], exclude: ["Servers"]),
        .testTarget(name: "DarktraceIntegrationTests",
                    dependencies: ["DarktraceIntegration", "DarktraceAPI", "HTTPTransport", "OrderedJSON", "XSOARKit"],
                    exclude: ["Fixtures", "Support/fixture_server.py"]),
    ]
)
