// swift-tools-version:6.0
// The Darktrace integration for Cortex XSOAR: one envelope in on stdin, one result out on stdout.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
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
        // UTC calendar arithmetic and the clock, without Foundation.
        .target(name: "CivilTime", swiftSettings: strict),
        .target(name: "XSOARKit", dependencies: ["OrderedJSON", "CivilTime"], swiftSettings: strict),
        // The seam between the Darktrace client and the network.
        .target(name: "HTTPTransport", swiftSettings: strict),
        // Darktrace API client: signing, requests, retries, error mapping. Knows nothing of XSOAR.
        .target(name: "DarktraceAPI", dependencies: ["OrderedJSON", "HTTPTransport", "CivilTime"], swiftSettings: strict),
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
                dependencies: ["OrderedJSON", "XSOARKit", "DarktraceAPI", "HTTPTransport", "CivilTime"],
                swiftSettings: strict),
        .executableTarget(name: "darktrace-xsoar",
                          dependencies: ["DarktraceIntegration", "SocketTransport", "HTTPTransport"],
                          swiftSettings: strict),

        .testTarget(name: "OrderedJSONTests", dependencies: ["OrderedJSON"]),
        .testTarget(name: "XSOARKitTests", dependencies: ["XSOARKit", "OrderedJSON", "CivilTime"],
                    exclude: ["Snapshots"]),
        .testTarget(name: "DarktraceAPITests", dependencies: ["DarktraceAPI", "HTTPTransport", "OrderedJSON"]),
        .testTarget(name: "SocketTransportTests", dependencies: ["SocketTransport", "HTTPTransport", "CZlib"], exclude: ["Servers"]),
        .testTarget(name: "DarktraceIntegrationTests",
                    dependencies: ["DarktraceIntegration", "DarktraceAPI", "HTTPTransport", "OrderedJSON", "XSOARKit"],
                    exclude: ["Fixtures", "Support/fixture_server.py"]),
    ]
)
