// swift-tools-version:6.0
//
// SelfServeSSO: self-serve enterprise SSO setup for B2B applications.
// No package dependencies by design: everything below builds on the Swift toolchain and
// on C libraries present on every Linux machine with Swift (see DESIGN in README).
import PackageDescription

// MARK: - System libraries (reached through pkg-config; no unsafe compiler or linker flags)

let systemLibraries: [Target] = [
    .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
                   providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]),
    .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "openssl",
                   providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]),
    .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                   providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
                   providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]),
    .systemLibrary(name: "CPostgreSQL", path: "Sources/CPostgreSQL", pkgConfig: "libpq",
                   providers: [.apt(["libpq-dev"]), .brew(["libpq"])]),
    // Thin C shims whose public headers use plain C types only (libxml2's headers pull
    // in ICU, which clashes with Foundation's), plus wrappers for OpenSSL/zlib macros.
    .target(name: "CSAMLShims", dependencies: ["CLibXML2", "COpenSSL", "CZlib"],
            path: "Sources/CSAMLShims"),
    // DNS TXT queries through the C library's resolver (res_nmkquery/res_nsend, ns_parserr).
    .target(name: "CDNSShims", path: "Sources/CDNSShims",
            linkerSettings: [.linkedLibrary("resolv", .when(platforms: [.linux]))]),
]

// MARK: - Library layers (arrows point down only:
//   sso → SSOCommandLine → SelfServeSSO → SSOWeb, stores → SSOLifecycle → providers → SSOCore → SAML)

let providerNames = ["Okta", "GoogleWorkspace", "EntraID", "GenericSAML"]

let libraries: [Target] = [
    .target(name: "SAML", dependencies: ["CSAMLShims", "COpenSSL"]),
    // The troubleshooting sections that read the same for every console, embedded like the
    // providers' Markdown.
    .target(name: "SSOCore", dependencies: ["SAML"],
            resources: [.embedInCode("Resources/troubleshooting-shared.md")]),
] + providerNames.map { name in
    // One folder per provider under Providers/<Name>/; its setup guide and troubleshooting
    // guide are embedded in the binary so a copied `sso` executable needs no resource
    // bundle next to it.
    .target(name: "\(name)Provider", dependencies: ["SSOCore", "SAML"],
            path: "Providers/\(name)",
            resources: [.embedInCode("Resources/guide.md"), .embedInCode("Resources/troubleshooting.md")])
} + [
    // The self-serve lifecycle: organizations, permissions, domains and DNS verification,
    // connections, test runs, activation, routing, sign-in, attempt and audit logs, and the
    // store protocol (with an in-memory store). Takes a ProviderRegistry; names no provider.
    .target(name: "SSOLifecycle", dependencies: ["SSOCore", "SAML", "CDNSShims"],
            exclude: ["Domains/Data"]),
    // Stores: SQLite (the embedded default) and PostgreSQL (one database shared by servers).
    .target(name: "SSOSQLite", dependencies: ["SSOLifecycle", "SSOCore", "SAML", "CSQLite"]),
    .target(name: "SSOPostgreSQL", dependencies: ["SSOLifecycle", "SAML", "CPostgreSQL"]),
    // The Security tab, sign-in page, ACS and metadata endpoints as request → response values.
    .target(name: "SSOWeb", dependencies: ["SSOLifecycle", "SSOCore", "SAML"]),
    .target(name: "SelfServeSSO",
            dependencies: ["SSOCore", "SAML", "SSOLifecycle", "SSOSQLite", "SSOPostgreSQL", "SSOWeb"]
                + providerNames.map { .target(name: "\($0)Provider") }),
    // For hosts' tests (and ours): a test identity provider that signs SAML responses through
    // libcrypto over libxml2's canonicalization, and a loopback DNS responder for TXT records.
    .target(name: "SelfServeSSOTestKit", dependencies: ["SAML", "CSAMLShims", "COpenSSL"]),
    .target(name: "SSOCommandLine", dependencies: ["SelfServeSSO", "SelfServeSSOTestKit", "SSOPostgreSQL"]),
]

// MARK: - Executables

let executables: [Target] = [
    .executableTarget(name: "sso", dependencies: ["SSOCommandLine"]),
    // Release-built benchmark: `swift run -c release sso-benchmark`.
    // It also calls the C shims directly, to measure what libxml2 and libcrypto alone cost,
    // and runs sso serve's HTTP server (SSOCommandLine) for the ACS figure over loopback.
    // python3_saml_metadata.py measures python3-saml in the same run, for comparison.
    .executableTarget(name: "sso-benchmark",
                      dependencies: ["SAML", "CSAMLShims", "SelfServeSSO", "SelfServeSSOTestKit", "SSOPostgreSQL", "SSOCommandLine"],
                      exclude: ["python3_saml_metadata.py"]),
]

// MARK: - Tests (fixtures live next to each suite and are read through #filePath)

let tests: [Target] = [
    .testTarget(name: "SAMLTests", dependencies: ["SAML"], exclude: ["Fixtures"]),
    .testTarget(name: "SSOCoreTests", dependencies: ["SSOCore"], exclude: ["Fixtures"]),
    .testTarget(name: "ProviderConformanceTests", dependencies: ["SelfServeSSO", "SSOCore"],
                exclude: ["Fixtures"]),
    .testTarget(name: "SelfServeSSOTests", dependencies: ["SelfServeSSO", "SelfServeSSOTestKit"], exclude: ["Fixtures"]),
    .testTarget(name: "SSOLifecycleTests",
                dependencies: ["SSOLifecycle", "SelfServeSSO", "SelfServeSSOTestKit", "CDNSShims", "SSOPostgreSQL"],
                exclude: ["Fixtures"]),
    // One store conformance suite, run against the in-memory, SQLite and PostgreSQL stores.
    .testTarget(name: "StoreConformanceTests",
                dependencies: ["SSOLifecycle", "SSOSQLite", "SSOPostgreSQL", "SelfServeSSO", "SelfServeSSOTestKit"]),
    .testTarget(name: "SelfServeSSOTestKitTests", dependencies: ["SelfServeSSOTestKit", "SAML"]),
    .testTarget(name: "SSOWebTests", dependencies: ["SSOWeb", "SelfServeSSO", "SelfServeSSOTestKit"]),
    .testTarget(name: "SSOCommandLineTests", dependencies: ["SSOCommandLine", "SelfServeSSO", "SelfServeSSOTestKit"],
                exclude: ["Fixtures"]),
]

let package = Package(
    name: "SelfServeSSO",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "SelfServeSSO", targets: ["SelfServeSSO"]),
        .library(name: "SSOCore", targets: ["SSOCore"]),
        .library(name: "SelfServeSSOTestKit", targets: ["SelfServeSSOTestKit"]),
        .executable(name: "sso", targets: ["sso"]),
        .executable(name: "sso-benchmark", targets: ["sso-benchmark"]),
    ],
    targets: systemLibraries + libraries + executables + tests
)

// Settings applied to every Swift target in one place.
for target in package.targets where target.type != .system {
    guard !["CSAMLShims", "CDNSShims"].contains(target.name) else { continue }
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .enableUpcomingFeature("ExistentialAny"),
    ]
}
