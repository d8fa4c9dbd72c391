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
    // Thin C shims whose public headers use plain C types only (libxml2's headers pull
    // in ICU, which clashes with Foundation's), plus wrappers for OpenSSL/zlib macros.
    .target(name: "CSAMLShims", dependencies: ["CLibXML2", "COpenSSL", "CZlib"],
            path: "Sources/CSAMLShims"),
]

// MARK: - Library layers (arrows point down only: sso → SelfServeSSO → providers → SSOCore → SAML)

let providerNames = ["Okta", "GoogleWorkspace", "EntraID", "GenericSAML"]

let libraries: [Target] = [
    .target(name: "SAML", dependencies: ["CSAMLShims", "COpenSSL"]),
    .target(name: "SSOCore", dependencies: ["SAML"]),
] + providerNames.map { name in
    // One folder per provider under Providers/<Name>/; its setup guide is embedded in
    // the binary so a copied `sso` executable needs no resource bundle next to it.
    .target(name: "\(name)Provider", dependencies: ["SSOCore", "SAML"],
            path: "Providers/\(name)",
            resources: [.embedInCode("Resources/guide.md")])
} + [
    .target(name: "SelfServeSSO",
            dependencies: ["SSOCore", "SAML"] + providerNames.map { .target(name: "\($0)Provider") }),
    .target(name: "SSOCommandLine", dependencies: ["SelfServeSSO"]),
]

// MARK: - Executables

let executables: [Target] = [
    .executableTarget(name: "sso", dependencies: ["SSOCommandLine"]),
    // Release-built benchmark: `swift run -c release sso-benchmark`.
    // It also calls the C shims directly, to measure what libxml2 and libcrypto alone cost.
    .executableTarget(name: "sso-benchmark", dependencies: ["SAML", "CSAMLShims"]),
]

// MARK: - Tests (fixtures live next to each suite and are read through #filePath)

let tests: [Target] = [
    .testTarget(name: "SAMLTests", dependencies: ["SAML"], exclude: ["Fixtures"]),
    .testTarget(name: "SSOCoreTests", dependencies: ["SSOCore"], exclude: ["Fixtures"]),
    .testTarget(name: "ProviderConformanceTests", dependencies: ["SelfServeSSO", "SSOCore"],
                exclude: ["Fixtures"]),
    .testTarget(name: "SelfServeSSOTests", dependencies: ["SelfServeSSO"], exclude: ["Fixtures"]),
    .testTarget(name: "SSOCommandLineTests", dependencies: ["SSOCommandLine", "SelfServeSSO"],
                exclude: ["Fixtures"]),
]

let package = Package(
    name: "SelfServeSSO",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "SelfServeSSO", targets: ["SelfServeSSO"]),
        .library(name: "SSOCore", targets: ["SSOCore"]),
        .executable(name: "sso", targets: ["sso"]),
        .executable(name: "sso-benchmark", targets: ["sso-benchmark"]),
    ],
    targets: systemLibraries + libraries + executables + tests
)

// Settings applied to every Swift target in one place.
for target in package.targets where target.type != .system {
    guard target.name != "CSAMLShims" else { continue }
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .enableUpcomingFeature("ExistentialAny"),
    ]
}
