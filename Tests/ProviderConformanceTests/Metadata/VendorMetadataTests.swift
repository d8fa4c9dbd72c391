import Foundation
import SelfServeSSO
import Testing

/// Every provider's validation run on real vendor metadata (origins in
/// `Fixtures/README.md`), and each provider quirk on a crafted misconfiguration.
@Suite("Real vendor metadata and provider quirks")
struct VendorMetadataTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let providerID: String
        let mode: String
        let fixture: String
        /// The metadata URL for the `metadata-url` mode.
        var url: String?
        /// When the document is read; metadata and certificates expire.
        var now: Date = Date(timeIntervalSince1970: 1_717_200_000)  // 2024-06-01
        /// The issue codes the check must report (all warnings: the configuration is valid).
        var warnings: Set<String> = []
        var testDescription: String { "\(providerID) \(mode) \(fixture)\(warnings.isEmpty ? "" : " → \(warnings.sorted())")" }
    }

    static let okta = "https://example-corp.okta.com/app/exkdoocxa1VmjpXmX697/sso/saml/metadata"
    static let entra = "https://login.microsoftonline.com/a9054a0f-2011-4e31-b3ac-fd8c354146ec/federationmetadata/2007-06/federationmetadata.xml?appid=11111111-1111-1111-1111-111111111111"
    static let spring2014 = Date(timeIntervalSince1970: 1_400_000_000)
    static let spring2020 = Date(timeIntervalSince1970: 1_588_000_000)

    static let cases: [Case] = [
        // Each vendor's own provider, as its console hands the metadata over.
        Case(providerID: "okta", mode: "metadata-url", fixture: "okta-2024.xml", url: okta),
        Case(providerID: "entra-id", mode: "metadata-url", fixture: "entra-2023.xml", url: entra),
        Case(providerID: "entra-id", mode: "metadata-url", fixture: "azuread-2014-federation.xml", url: entra, now: spring2014),
        Case(providerID: "google-workspace", mode: "metadata-file", fixture: "google-2023.xml"),
        Case(providerID: "google-workspace", mode: "metadata-file", fixture: "google-2016.xml", now: spring2020),
        // Everything else through the generic provider, as a file and as a URL.
        Case(providerID: "generic-saml", mode: "metadata-file", fixture: "keycloak-2024.xml", warnings: ["metadata.insecure-sso-url"]),
        Case(providerID: "generic-saml", mode: "metadata-file", fixture: "pingone-2023.xml"),
        Case(providerID: "generic-saml", mode: "metadata-file", fixture: "jumpcloud-2023.xml"),
        Case(providerID: "generic-saml", mode: "metadata-file", fixture: "onelogin-2016.xml", now: spring2020),
        Case(providerID: "generic-saml", mode: "metadata-file", fixture: "shibboleth-samltest.xml", now: spring2020),
        Case(providerID: "generic-saml", mode: "metadata-file", fixture: "adfs-ucar-2017.xml", now: spring2020),
        Case(providerID: "generic-saml", mode: "metadata-url", fixture: "adfs-ucar-2017.xml",
             url: "https://adfs.example.com/FederationMetadata/2007-06/FederationMetadata.xml", now: spring2020),
        Case(providerID: "generic-saml", mode: "metadata-file", fixture: "okta-2024.xml"),
        Case(providerID: "generic-saml", mode: "metadata-file", fixture: "google-2023.xml"),
        // Quirks on crafted misconfigurations: the right document in the wrong place.
        Case(providerID: "google-workspace", mode: "metadata-file", fixture: "okta-2024.xml", warnings: ["metadata-xml.not-google"]),
        Case(providerID: "google-workspace", mode: "metadata-file", fixture: "entra-2023.xml", warnings: ["metadata-xml.not-google"]),
        Case(providerID: "okta", mode: "metadata-url", fixture: "okta-2024.xml",
             url: "https://login.example.com/app/exkdoocxa1VmjpXmX697/sso/saml/metadata", warnings: ["metadata-url.custom-domain"]),
        Case(providerID: "entra-id", mode: "metadata-url", fixture: "entra-2023.xml",
             url: "https://login.microsoftonline.com/a9054a0f-2011-4e31-b3ac-fd8c354146ec/federationmetadata/2007-06/federationmetadata.xml",
             warnings: ["metadata-url.no-app-id"]),
        Case(providerID: "generic-saml", mode: "metadata-url", fixture: "okta-2024.xml", url: okta,
             warnings: ["metadata-url.dedicated-provider"]),
    ]

    static func configuration(_ testCase: Case) throws -> (ProviderConfiguration, StubMetadataFetcher) {
        let data = try StubMetadataFetcher.fixture(testCase.fixture)
        if testCase.mode == ConfigMode.metadataURL, let url = testCase.url {
            return (ProviderConfiguration(mode: testCase.mode, values: ["metadata_url": .text(url)]),
                    StubMetadataFetcher(answers: [url: .document(data)]))
        }
        return (ProviderConfiguration(mode: testCase.mode, values: ["metadata_xml": .text(String(decoding: data, as: UTF8.self))]),
                StubMetadataFetcher(answers: [:]))
    }

    @Test("validates and resolves to the document's entity", arguments: cases)
    func validatesRealMetadata(_ testCase: Case) async throws {
        let plugin = try #require(BuiltInProviders.registry().plugin(id: testCase.providerID))
        let (configuration, fetcher) = try Self.configuration(testCase)
        let context = ValidationContext(now: testCase.now, metadataFetcher: fetcher)
        let report = await plugin.validate(configuration, context: context)
        #expect(!report.hasErrors, "\(report.issues.map { "\($0.code): \($0.message)" })")
        #expect(testCase.warnings.isSubset(of: report.codes), "got \(report.codes.sorted())")
        for issue in report.issues where testCase.warnings.contains(issue.code) {
            #expect(!issue.fixHint.isEmpty && issue.severity == .warning)
        }
        let settings = try await plugin.resolve(configuration, context: context)
        let metadata = try IdentityProviderMetadata.parse(try StubMetadataFetcher.fixture(testCase.fixture), now: testCase.now)
        #expect(settings.entityID == metadata.entityID)
        #expect(settings.signingCertificates == metadata.signingCertificates)
        // The certificates a configuration resolves to have been through libcrypto's full parse.
        for certificate in settings.signingCertificates { #expect(try certificate.validated() == certificate) }
    }

    @Test("a certificate whose key libcrypto cannot read is an error when the configuration is checked")
    func unreadableKeyIsRefusedAtConfiguration() async throws {
        let plugin = try #require(BuiltInProviders.registry().plugin(id: "generic-saml"))
        var der = try StubMetadataFetcher.fixture("okta-2024.xml")
        let xml = String(decoding: der, as: UTF8.self)
        let base64 = try #require(xml.components(separatedBy: "<ds:X509Certificate>").dropFirst().first?
            .components(separatedBy: "</ds:X509Certificate>").first)
        der = try #require(Data(base64Encoded: base64.filter { !$0.isWhitespace }))
        // The modulus INTEGER of the RSA key turned into an OCTET STRING: the certificate's
        // structure is sound, its key is not.
        let header: [UInt8] = [0x30, 0x82, 0x01, 0x0A, 0x02, 0x82, 0x01, 0x01]
        let bytes = [UInt8](der)
        let start = try #require((0...(bytes.count - header.count)).first { Array(bytes[$0..<($0 + header.count)]) == header })
        der[der.startIndex + start + 4] = 0x04
        let broken = xml.replacingOccurrences(of: base64, with: der.base64EncodedString())
        let report = await plugin.validate(ProviderConfiguration(mode: "metadata-file", values: ["metadata_xml": .text(broken)]),
                                           context: ValidationContext(now: Date(timeIntervalSince1970: 1_717_200_000)))
        #expect(report.issues.contains { $0.code == "certificate.invalid" && $0.field == "metadata_xml" && $0.severity == .error },
                "\(report.codes.sorted())")
    }

    /// Every issue code a provider's quirks can report (read from its `quirks` source) is
    /// produced by one of its examples, so each quirk has a crafted misconfiguration.
    @Test("every quirk has an example that triggers it", arguments: ["Okta", "EntraID", "GoogleWorkspace", "GenericSAML"])
    func everyQuirkHasAnExample(folder: String) async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let source = try String(contentsOf: root.appendingPathComponent("Providers/\(folder)/\(folder)Plugin+Console.swift"),
                                encoding: .utf8)
        let quirks = try #require(source.range(of: "func quirks(")).upperBound
        let body = String(source[quirks...])
        var codes = Set<String>()
        let pattern = try NSRegularExpression(pattern: #"FieldChecks\.issue\(\s*"[^"]*",\s*"([a-z0-9.-]+)""#)
        for match in pattern.matches(in: body, range: NSRange(body.startIndex..., in: body)) {
            if let range = Range(match.range(at: 1), in: body) { codes.insert(String(body[range])) }
        }
        if body.contains("\"dedicated-provider\"") { codes.formUnion(["metadata-url.dedicated-provider", "sso-url.dedicated-provider"]) }
        if body.contains("\"attribute-mapping.looks-like-expression\"") { codes.insert("attribute-mapping.looks-like-expression") }
        #expect(!codes.isEmpty)
        let plugin = try #require(BuiltInProviders.all.first { "\(type(of: $0))" == "\(folder)Plugin" })
        var produced = Set<String>()
        for example in plugin.examples {
            produced.formUnion((await plugin.validate(example.configuration, context: ConformanceChecks.exampleContext)).codes)
        }
        let untriggered = codes.subtracting(produced)
        #expect(untriggered.isEmpty, "\(folder): no example triggers \(untriggered.sorted())")
    }
}
