// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Drydock",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "drydock", targets: ["drydock"]),
        .library(name: "DrydockTesting", targets: ["DrydockTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // C libraries, wrapped as system-library modules with typed shims.
        .systemLibrary(
            name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(
            name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]),
        .systemLibrary(
            name: "COpenSSLTLS", path: "Sources/COpenSSLTLS", pkgConfig: "libssl",
            providers: [.apt(["libssl-dev"])]),
        .systemLibrary(
            name: "CMicroHTTPD", path: "Sources/CMicroHTTPD", pkgConfig: "libmicrohttpd",
            providers: [.apt(["libmicrohttpd-dev"])]),
        .systemLibrary(
            name: "CLDNS", path: "Sources/CLDNS", pkgConfig: "ldns",
            providers: [.apt(["libldns-dev"])]),
        // glibc's malloc.h (malloc_trim): freed heap goes back to the system after large deletions.
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        .systemLibrary(
            name: "CXLSXWriter", path: "Sources/CXLSXWriter", pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]),
        .systemLibrary(
            name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        // Intel ISA-L: CRC-32C for S3's checksums (zlib and OpenSSL have only the IEEE CRC-32).
        .systemLibrary(
            name: "CISAL", path: "Sources/CISAL", pkgConfig: "libisal",
            providers: [.apt(["libisal-dev"])]),
        // The fork-to-exec half of isolation mode, in C: only async-signal-safe calls after fork.
        .target(name: "CIsolation", path: "Sources/CIsolation"),

        // Production code.
        .target(name: "DrydockCore"),
        .target(name: "DrydockHTTP", dependencies: ["DrydockCore", "CCurl", "CMicroHTTPD"]),
        .target(name: "DrydockCrypto", dependencies: ["DrydockCore", "COpenSSL", "CZlib", "CISAL"]),
        .target(name: "DrydockCredentials", dependencies: ["DrydockCore", "DrydockHTTP", "DrydockCrypto"]),
        .target(name: "DrydockServices", dependencies: ["DrydockCore", "DrydockHTTP", "DrydockCrypto", "DrydockCredentials"]),
        .target(name: "DrydockJobs", dependencies: ["DrydockCore", "DrydockCredentials", "DrydockServices", "DrydockCrypto", "DrydockYAML"]),
        // Located YAML/JSON reading (file:line:column errors) shared by scenario files and the host configuration.
        .target(name: "DrydockYAML", dependencies: ["DrydockCore", .product(name: "Yams", package: "Yams")]),
        // The host configuration file (`DRYDOCK_CONFIG`, else $XDG_CONFIG_HOME/drydock/config.yaml).
        .target(name: "DrydockConfig", dependencies: ["DrydockCore", "DrydockYAML"]),
        // `drydock preflight`: is this host ready to run the jobs?
        .target(
            name: "DrydockPreflight",
            dependencies: ["DrydockCore", "DrydockHTTP", "DrydockCredentials", "DrydockServices", "DrydockJobs", "DrydockConfig", "DrydockCrypto"]),
        // Typed Swift over libxlsxwriter: workbooks, formats, formulas with cached values, charts.
        .target(name: "DrydockXLSX", dependencies: ["DrydockCore", "CXLSXWriter"]),
        // `drydock report`: the monthly revenue report (sources, reconciliation, the workbook).
        .target(name: "DrydockReport", dependencies: ["DrydockCore", "DrydockCredentials", "DrydockServices", "DrydockJobs", "DrydockXLSX"]),
        // `drydock exec --isolate`: network and mount namespaces, the ldns resolver, private /etc files.
        .target(name: "DrydockIsolation", dependencies: ["DrydockCore", "CIsolation", "CLDNS"]),
        .executableTarget(
            name: "drydock",
            dependencies: [
                "DrydockCore", "DrydockHTTP", "DrydockCredentials", "DrydockServices", "DrydockJobs", "DrydockReport",
                "EmulatorKit", "Emulators", "DrydockTesting", "Interception", "DrydockHarness", "DrydockScenarios", "DrydockScenarioCatalog",
                "DrydockConfig", "DrydockPreflight", "GmailEmulator",
                .product(name: "Yams", package: "Yams"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // Emulators: transport-agnostic HTTPResponders, never depending on the production clients.
        .target(name: "EmulatorKit", dependencies: ["DrydockCore", "DrydockHTTP", "DrydockCrypto", "CMalloc", "CZlib"], path: "emulators/EmulatorKit"),
        .target(name: "GoogleOAuthEmulator", dependencies: ["EmulatorKit", "DrydockCrypto"], path: "emulators/GoogleOAuthEmulator"),
        .target(name: "GmailEmulator", dependencies: ["EmulatorKit", "GoogleOAuthEmulator"], path: "emulators/GmailEmulator", exclude: ["README.md"]),
        .target(name: "IMDSEmulator", dependencies: ["EmulatorKit", "DrydockCrypto", "DrydockHTTP"], path: "emulators/IMDSEmulator"),
        .target(name: "DynamoDBEmulator", dependencies: ["EmulatorKit", "DrydockCrypto", "IMDSEmulator", "CZlib"], path: "emulators/DynamoDBEmulator", exclude: ["README.md"]),
        .target(name: "SheetsEmulator", dependencies: ["EmulatorKit", "GoogleOAuthEmulator"], path: "emulators/SheetsEmulator", exclude: ["README.md"]),
        .target(name: "S3Emulator", dependencies: ["EmulatorKit", "DrydockCrypto", "IMDSEmulator"], path: "emulators/S3Emulator"),
        .target(name: "CloudFrontEmulator", dependencies: ["EmulatorKit", "DrydockCrypto", "IMDSEmulator"], path: "emulators/CloudFrontEmulator"),
        .target(name: "SecretsManagerEmulator", dependencies: ["EmulatorKit", "DrydockCrypto", "IMDSEmulator"], path: "emulators/SecretsManagerEmulator"),
        // Transparent interception: the sandbox CA, the host table and the TLS-terminating forward proxy.
        .target(
            name: "Interception",
            dependencies: ["DrydockCore", "DrydockHTTP", "DrydockCrypto", "EmulatorKit", "GoogleOAuthEmulator", "COpenSSLTLS"],
            path: "emulators/Interception"),
        .target(
            name: "Emulators",
            dependencies: ["DrydockCore", "EmulatorKit", "GoogleOAuthEmulator", "GmailEmulator", "SheetsEmulator", "IMDSEmulator", "DynamoDBEmulator", "S3Emulator", "CloudFrontEmulator", "SecretsManagerEmulator", "DrydockFixtures"],
            path: "emulators/Emulators"),

        // The default fixture set, shipped as a resource bundle so the binary works from any directory.
        .target(name: "DrydockFixtures", path: "fixtures", exclude: ["README.md", "tools", "deploy"], sources: ["DrydockFixtures.swift"],
                resources: [.copy("default")]),
        // The scenario catalog (`Sources/DrydockScenarioCatalog/catalog/*.yaml`): real failures a Google/AWS ops job meets, shipped
        // in the binary for `drydock scenarios list|show` and `drydock validate`.
        .target(name: "DrydockScenarioCatalog", path: "Sources/DrydockScenarioCatalog", sources: ["DrydockScenarioCatalog.swift"],
                resources: [.copy("catalog")]),

        // Test helpers shipped as a library.
        .target(
            name: "DrydockTesting",
            dependencies: ["DrydockCore", "DrydockHTTP", "EmulatorKit", "Emulators", "DrydockFixtures", "SecretsManagerEmulator"]),

        // What users run their own programs under: `drydock exec` (sandbox HOME, child environment, child
        // process with signal forwarding, journal summary, `--expect`), and the process plumbing of
        // `drydock emulators start`.
        .target(
            name: "DrydockHarness",
            dependencies: ["DrydockCore", "DrydockHTTP", "EmulatorKit", "Emulators", "DrydockFixtures", "DrydockIsolation"]),

        // Scenario files (YAML/JSON) and the runner behind `drydock validate`: each scenario in its own
        // emulators and sandbox HOME, its steps run against the built `drydock` binary or any command.
        .target(
            name: "DrydockScenarios",
            dependencies: ["DrydockCore", "DrydockHTTP", "EmulatorKit", "Emulators", "GoogleOAuthEmulator", "DrydockFixtures", "DrydockHarness", "DrydockYAML",
                           "Interception", .product(name: "Yams", package: "Yams")]),

        // Benchmarks (figures go in the README, never asserted in tests).
        .executableTarget(
            name: "drydock-bench",
            dependencies: ["DrydockCore", "DrydockCredentials", "DrydockHTTP", "DrydockServices", "DrydockTesting", "EmulatorKit",
                           "Interception", "CCurl",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // A token writer the crash-safety test kills with SIGKILL at random points.
        .executableTarget(name: "drydock-crash-writer", dependencies: ["DrydockCredentials"], path: "Tests/CrashWriter"),
        // Isolation mode without emulators, which the isolation tests run as an unprivileged user.
        .executableTarget(name: "drydock-isolation-probe", dependencies: ["DrydockIsolation"], path: "Tests/IsolationProbe"),

        .testTarget(name: "DrydockHTTPTests", dependencies: ["DrydockHTTP", "DrydockTesting"]),
        .testTarget(name: "DrydockCryptoTests", dependencies: ["DrydockCrypto"], exclude: ["Vectors"]),
        .testTarget(name: "DrydockCredentialsTests", dependencies: ["DrydockCredentials", "DrydockTesting", "EmulatorKit"]),
        .testTarget(name: "EmulatorKitTests", dependencies: ["EmulatorKit", "DrydockTesting"]),
        .testTarget(name: "GoogleOAuthEmulatorTests", dependencies: ["GoogleOAuthEmulator", "GmailEmulator", "DrydockTesting"]),
        .testTarget(name: "DrydockServicesTests", dependencies: ["DrydockServices", "DrydockTesting"]),
        .testTarget(name: "DrydockXLSXTests", dependencies: ["DrydockXLSX", "DrydockTesting"]),
        .testTarget(name: "DrydockReportTests", dependencies: ["DrydockReport", "DrydockJobs", "DrydockXLSX", "DrydockTesting"]),
        .testTarget(name: "DrydockJobsTests", dependencies: ["DrydockJobs", "DrydockTesting", "GmailEmulator"], exclude: ["Fixtures"]),
        .testTarget(name: "IMDSEmulatorTests", dependencies: ["IMDSEmulator", "DrydockCrypto", "DrydockTesting"]),
        .testTarget(name: "DynamoDBEmulatorTests", dependencies: ["DynamoDBEmulator", "DrydockTesting"]),
        .testTarget(name: "S3EmulatorTests", dependencies: ["S3Emulator", "DrydockCrypto", "DrydockTesting", "EmulatorKit", "IMDSEmulator"]),
        .testTarget(name: "CloudFrontEmulatorTests", dependencies: ["CloudFrontEmulator", "DrydockCrypto", "DrydockTesting", "EmulatorKit", "IMDSEmulator"]),
        .testTarget(
            name: "SecretsManagerEmulatorTests",
            dependencies: ["SecretsManagerEmulator", "DrydockCrypto", "DrydockTesting", "EmulatorKit", "IMDSEmulator"]),
        .testTarget(name: "GmailEmulatorTests", dependencies: ["GmailEmulator", "DrydockTesting"]),
        .testTarget(name: "SheetsEmulatorTests", dependencies: ["SheetsEmulator", "DrydockTesting"]),
        .testTarget(name: "InterceptionTests", dependencies: ["Interception", "DrydockTesting", "EmulatorKit", "DrydockCrypto"]),
        .testTarget(name: "DrydockHarnessTests", dependencies: ["DrydockHarness", "EmulatorKit", "Emulators", "DrydockFixtures", "GoogleOAuthEmulator", "DrydockTesting"]),
        .testTarget(name: "IsolationTests", dependencies: ["DrydockIsolation", "CLDNS", "DrydockHTTP", "EmulatorKit", "Emulators", "DrydockFixtures", "DrydockTesting"]),
        .testTarget(name: "ScenarioTests", dependencies: ["DrydockScenarios", "DrydockHarness", "DrydockTesting"], exclude: ["Fixtures", "Malformed", "Reproduce", "Looping", "JUnit"]),
        .testTarget(
            name: "ScenarioCatalogTests",
            dependencies: ["DrydockScenarioCatalog", "DrydockTesting", .product(name: "Yams", package: "Yams")]),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["DrydockCredentials", "DrydockServices", "DrydockJobs", "DrydockTesting", "DrydockHarness", "DrydockPreflight", "DrydockConfig"]),
        .testTarget(
            name: "DrydockPreflightTests",
            dependencies: ["DrydockPreflight", "DrydockConfig", "DrydockTesting"]),
    ],
    swiftLanguageModes: [.v6]
)

// Fuzz targets (libFuzzer), built only by CI/fuzz.sh: `DRYDOCK_FUZZ=1 swift build -c release
// --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address --product fuzz-…`. Kept out of the normal
// graph because they link only with `-sanitize=fuzzer` (which supplies libFuzzer's driver).
if Context.environment["DRYDOCK_FUZZ"] == "1" {
    let fuzzTargets: [(name: String, dependencies: [Target.Dependency])] = [
        ("gmail-query", []),
        ("gmail-mime", ["DrydockCore"]),
        ("sheets-range", []),
        ("sheets-formula", ["DrydockCore", "EmulatorKit", "GoogleOAuthEmulator"]),
        ("dynamodb-expressions", ["DrydockCore", "DrydockCrypto"]),
        ("dynamodb-items", []),
        ("dynamodb-partiql", ["DrydockCore"]),
        ("sigv4-authorization", ["DynamoDBEmulator"]),
        ("aws-routing", ["DrydockCrypto", "EmulatorKit", "Emulators"]),
        ("fault-rules", ["EmulatorKit", "GoogleOAuthEmulator", "GmailEmulator", "SheetsEmulator", "IMDSEmulator", "DynamoDBEmulator"]),
        ("oauth-token-form", ["DrydockCrypto", "EmulatorKit", "GoogleOAuthEmulator"]),
        ("dns-query", ["DrydockIsolation", "CLDNS"]),
        ("proxy-head", ["Interception"]),
        ("exec-expect", ["DrydockHarness"]),
        ("google-conventions", ["DrydockCore", "GoogleOAuthEmulator"]),
        ("s3-xml", ["DrydockCore", "DrydockCrypto", "EmulatorKit"]),
        ("s3-aws-chunked", []),
        ("cloudfront-invalidation", ["DrydockCore", "DrydockCrypto", "EmulatorKit", "CloudFrontEmulator"]),
        ("secretsmanager-request", ["DrydockCore", "DrydockCrypto", "EmulatorKit", "SecretsManagerEmulator"]),
        ("booking-formats", ["DrydockCore", "DrydockJobs", "DrydockServices", "GmailEmulator"]),
        ("gzip-bodies", ["DrydockCrypto"]),
    ]
    package.targets += [
        .systemLibrary(name: "CLibFuzzer", path: "Tests/Fuzz/CLibFuzzer"),
        .target(
            name: "FuzzSupport",
            dependencies: ["CLibFuzzer", "DrydockCore", "DrydockCrypto", "DrydockHTTP", "EmulatorKit", "Emulators", "DrydockFixtures",
                           "GoogleOAuthEmulator", "DynamoDBEmulator", "S3Emulator"],
            path: "Tests/Fuzz/FuzzSupport"),
    ] + fuzzTargets.map { target in
        .executableTarget(
            name: "fuzz-" + target.name, dependencies: ["FuzzSupport", "DrydockHTTP"] + target.dependencies,
            path: "Tests/Fuzz/" + target.name,
            // No top-level code: the entry point is the `@_cdecl` function SwiftPM links as main.
            swiftSettings: [.unsafeFlags(["-parse-as-library"])])
    }
}
