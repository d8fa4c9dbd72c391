import Foundation
import SelfServeSSO
import Testing

/// The metadata modes of the built-in providers, resolved from real IdP metadata documents:
/// metadata URLs through an injected fetcher, metadata files as uploaded.
@Suite("Resolving real metadata")
struct RealMetadataResolutionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let providerID: String
        let mode: String
        let fixture: String
        let entityID: String
        let nameIDFormat: String?
        var testDescription: String { "\(providerID) \(mode) \(fixture)" }
    }

    static let email = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
    static let cases: [Case] = [
        Case(providerID: "okta", mode: "metadata-url", fixture: "okta-2024.xml",
             entityID: "http://www.okta.com/exkdoocxa1VmjpXmX697", nameIDFormat: email),
        Case(providerID: "entra-id", mode: "metadata-url", fixture: "entra-2023.xml",
             entityID: "https://sts.windows.net/a9054a0f-2011-4e31-b3ac-fd8c354146ec/", nameIDFormat: nil),
        Case(providerID: "google-workspace", mode: "metadata-file", fixture: "google-2023.xml",
             entityID: "https://accounts.google.com/o/saml2?idpid=C029op2ga", nameIDFormat: email),
        Case(providerID: "generic-saml", mode: "metadata-url", fixture: "keycloak-2024.xml",
             entityID: "http://localhost:8085/realms/master", nameIDFormat: email),
        Case(providerID: "generic-saml", mode: "metadata-file", fixture: "entra-2023.xml",
             entityID: "https://sts.windows.net/a9054a0f-2011-4e31-b3ac-fd8c354146ec/", nameIDFormat: nil),
    ]

    static let metadataURLs = [
        "okta": "https://example-corp.okta.com/app/exkdoocxa1VmjpXmX697/sso/saml/metadata",
        "entra-id": "https://login.microsoftonline.com/a9054a0f-2011-4e31-b3ac-fd8c354146ec/federationmetadata/2007-06/federationmetadata.xml?appid=11111111-1111-1111-1111-111111111111",
        "generic-saml": "https://idp.example.com/realms/master/protocol/saml/descriptor",
    ]

    /// 2024-06-01: inside every fixture's validUntil.
    static let now = Date(timeIntervalSince1970: 1_717_200_000)

    @Test("a real metadata document resolves to its entity, endpoint and certificates", arguments: cases)
    func resolves(_ testCase: Case) async throws {
        let plugin = try #require(BuiltInProviders.registry().plugin(id: testCase.providerID))
        let data = try StubMetadataFetcher.fixture(testCase.fixture)
        let configuration: ProviderConfiguration
        let fetcher: StubMetadataFetcher
        if testCase.mode == "metadata-url" {
            let url = try #require(Self.metadataURLs[testCase.providerID])
            configuration = ProviderConfiguration(mode: testCase.mode, values: ["metadata_url": .text(url)])
            fetcher = StubMetadataFetcher(answers: [url: .document(data)])
        } else {
            configuration = ProviderConfiguration(mode: testCase.mode,
                                                  values: ["metadata_xml": .text(String(decoding: data, as: UTF8.self))])
            fetcher = StubMetadataFetcher(answers: [:])
        }
        let context = ValidationContext(now: Self.now, metadataFetcher: fetcher)
        let report = await plugin.validate(configuration, context: context)
        #expect(!report.hasErrors, "\(report.issues.map(\.code))")
        let settings = try await plugin.resolve(configuration, context: context)
        #expect(settings.entityID == testCase.entityID)
        #expect(!settings.signingCertificates.isEmpty)
        #expect(settings.ssoURL.host != nil)
        #expect(settings.nameIDFormat == testCase.nameIDFormat)
        let fetched = await fetcher.log.urls.map(\.absoluteString)
        #expect(fetched == (testCase.mode == "metadata-url" ? Array(repeating: Self.metadataURLs[testCase.providerID] ?? "", count: 2) : []))
    }

    @Test("a metadata URL that fails to fetch is reported on its field, with the provider's wording")
    func fetchFailure() async throws {
        let plugin = try #require(BuiltInProviders.registry().plugin(id: "okta"))
        let url = "https://example-corp.okta.com/app/exkgone/sso/saml/metadata"
        let context = ValidationContext(now: Self.now, metadataFetcher: StubMetadataFetcher(answers: [:]))
        let report = await plugin.validate(ProviderConfiguration(mode: "metadata-url", values: ["metadata_url": .text(url)]),
                                           context: context)
        let issue = try #require(report.issues.first { $0.code == "fetch.http-status" })
        #expect(issue.field == "metadata_url" && issue.severity == .error)
        #expect(issue.fixHint.contains("Sign On tab"))
    }

    @Test("a fetched document that is not metadata is an error on the metadata URL")
    func notMetadata() async throws {
        let plugin = try #require(BuiltInProviders.registry().plugin(id: "entra-id"))
        let url = "https://login.microsoftonline.com/common/federationmetadata/2007-06/federationmetadata.xml?appid=1"
        let fetcher = StubMetadataFetcher(answers: [url: .document(Data("<html><body>Sign in</body></html>".utf8))])
        let report = await plugin.validate(ProviderConfiguration(mode: "metadata-url", values: ["metadata_url": .text(url)]),
                                           context: ValidationContext(now: Self.now, metadataFetcher: fetcher))
        #expect(report.issues.contains { $0.code == "metadata.not-metadata" && $0.field == "metadata_url" })
        #expect(report.hasErrors)
    }

    @Test("a metadata URL with a syntax error is never fetched")
    func noFetchOnSyntaxError() async throws {
        let plugin = try #require(BuiltInProviders.registry().plugin(id: "generic-saml"))
        let fetcher = StubMetadataFetcher(answers: [:])
        let report = await plugin.validate(
            ProviderConfiguration(mode: "metadata-url", values: ["metadata_url": .text("http://idp.example.com/metadata")]),
            context: ValidationContext(now: Self.now, metadataFetcher: fetcher))
        #expect(report.codes.contains("metadata-url.not-https"))
        #expect(await fetcher.log.urls.isEmpty)
    }

    @Test("resolving a metadata URL without a fetcher says so")
    func resolveWithoutFetcher() async throws {
        let plugin = try #require(BuiltInProviders.registry().plugin(id: "okta"))
        let configuration = ProviderConfiguration(
            mode: "metadata-url", values: ["metadata_url": .text("https://example-corp.okta.com/app/exk1/sso/saml/metadata")])
        await #expect(throws: ResolutionError.self) {
            try await plugin.resolve(configuration, context: ValidationContext(now: Self.now))
        }
        do {
            _ = try await plugin.resolve(configuration, context: ValidationContext(now: Self.now))
        } catch {
            #expect(error.report.codes == ["metadata-url.not-fetched"])
        }
    }

    @Test("the generic provider applies the admin's attribute names")
    func genericAttributeNames() throws {
        let plugin = try #require(BuiltInProviders.registry().plugin(id: "generic-saml") as? GenericSAMLPlugin)
        let claim = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"
        let mapping = plugin.attributeMapping(for: ProviderConfiguration(mode: "manual", values: ["attribute_mapping": .mapping(["email": claim])]))
        #expect(mapping.attributeName(for: .email) == claim)
        #expect(mapping.attributeName(for: .firstName) == "firstName")
        #expect(plugin.attributeMapping(for: ProviderConfiguration(mode: "manual")) == plugin.attributeMapping)
    }
}

extension RealMetadataResolutionTests {
    @Test("metadata whose sign-on URL is http is usable with a warning")
    func insecureSSOURL() async throws {
        let plugin = try #require(BuiltInProviders.registry().plugin(id: "generic-saml"))
        let xml = String(decoding: try StubMetadataFetcher.fixture("keycloak-2024.xml"), as: UTF8.self)
        let report = await plugin.validate(ProviderConfiguration(mode: "metadata-file", values: ["metadata_xml": .text(xml)]),
                                           context: ValidationContext(now: Self.now))
        #expect(!report.hasErrors)
        #expect(report.warnings.contains { $0.code == "metadata.insecure-sso-url" && $0.field == "metadata_xml" })
    }
}
