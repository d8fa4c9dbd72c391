import Foundation
import SelfServeSSO
import Testing

/// The shared SAML checks behind every built-in plugin, exercised directly.
@Suite("SAMLConfigurationCheck")
struct SAMLConfigurationCheckTests {
    static let wording = ProviderWording(consoleName: "the test console", hints: ["sso-url.missing": "Copy it from the test console."],
                                         nameIDFormat: ProviderWording.emailAddressFormat)
    static let certificate: String = {
        (try? String(contentsOf: ExampleCorpPlugin.fixture("example-corp-signing.pem"), encoding: .utf8)) ?? ""
    }()
    static let schema = ConfigSchema(modes: [
        ConfigMode(id: ConfigMode.manual, title: "Manual", summary: "By hand.", fields: [
            ConfigField(key: "sso_url", label: "SSO URL", kind: .url(schemes: ["https"]), help: "Where the IdP signs people in."),
            ConfigField(key: "idp_entity_id", label: "Issuer", kind: .text, help: "The IdP's entity ID."),
            ConfigField(key: "signing_certificates", label: "Certificate", kind: .certificates(minimum: 1, maximum: 5),
                        help: "The IdP's signing certificate."),
        ]),
        ConfigMode(id: "discovery", title: "Discovery", summary: "A mode the shared code does not know.", fields: [
            ConfigField(key: "issuer_url", label: "Issuer URL", kind: .url(schemes: ["https"]), help: "Where discovery starts."),
        ]),
    ])
    static let manual = ProviderConfiguration(mode: "manual", values: [
        "sso_url": .text("https://idp.example.test/sso"),
        "idp_entity_id": .text("https://idp.example.test/"),
        "signing_certificates": .text(certificate),
    ])
    static let context = ValidationContext(now: ConformanceChecks.referenceDate)

    @Test("manual values resolve with HTTP-Redirect and the provider's Name ID format")
    func manualResolves() async throws {
        let settings = try await SAMLConfigurationCheck.resolve(Self.manual, schema: Self.schema, context: Self.context,
                                                                wording: Self.wording)
        #expect(settings.ssoURL.absoluteString == "https://idp.example.test/sso")
        #expect(settings.ssoBinding == .httpRedirect)
        #expect(settings.entityID == "https://idp.example.test/")
        #expect(settings.signingCertificates.count == 1)
        #expect(settings.nameIDFormat == ProviderWording.emailAddressFormat)
    }

    @Test("an error from a plugin's quirks blocks resolution; a warning does not")
    func quirksDecide() async throws {
        let blocking: SAMLConfigurationCheck.Quirks = { _ in
            [ValidationIssue(field: "sso_url", code: "sso-url.test-quirk", severity: .error, message: "m", fixHint: "h")]
        }
        do {
            _ = try await SAMLConfigurationCheck.resolve(Self.manual, schema: Self.schema, context: Self.context,
                                                         wording: Self.wording, quirks: blocking)
            Issue.record("a configuration with a quirk error resolved")
        } catch {
            #expect(error.report.codes == ["sso-url.test-quirk"])
        }
        let warning: SAMLConfigurationCheck.Quirks = { facts in
            #expect(facts.settings != nil && facts.modeID == "manual" && facts.cleanURL("sso_url") != nil)
            return [ValidationIssue(field: "sso_url", code: "sso-url.test-note", severity: .warning, message: "m", fixHint: "h")]
        }
        let settings = try await SAMLConfigurationCheck.resolve(Self.manual, schema: Self.schema, context: Self.context,
                                                                wording: Self.wording, quirks: warning)
        #expect(settings.entityID == "https://idp.example.test/")
    }

    @Test("every issue is reported at once, with the provider's hint where it has one")
    func everythingAtOnce() async {
        let report = await SAMLConfigurationCheck.validate(ProviderConfiguration(mode: "manual", values: ["idp_entity_id": .text(" ")]),
                                                           schema: Self.schema, context: Self.context, wording: Self.wording)
        #expect(report.codes == ["sso-url.missing", "idp-entity-id.missing", "signing-certificates.missing"])
        #expect(report.issues.first { $0.code == "sso-url.missing" }?.fixHint == "Copy it from the test console.")
    }

    @Test("a mode the shared code does not know validates but does not resolve")
    func unknownToTheKit() async {
        let configuration = ProviderConfiguration(mode: "discovery", values: ["issuer_url": .text("https://idp.example.test/")])
        let report = await SAMLConfigurationCheck.validate(configuration, schema: Self.schema, context: Self.context, wording: Self.wording)
        #expect(report.issues.isEmpty)
        do {
            _ = try await SAMLConfigurationCheck.resolve(configuration, schema: Self.schema, context: Self.context, wording: Self.wording)
            Issue.record("an unknown mode resolved")
        } catch {
            #expect(error.report.codes == ["mode.not-resolvable"])
        }
    }

    @Test("a mode that is not in the schema is reported once, and nothing else is checked")
    func unknownMode() async {
        let report = await SAMLConfigurationCheck.validate(ProviderConfiguration(mode: "metadata-url"), schema: Self.schema,
                                                           context: Self.context, wording: Self.wording)
        #expect(report.codes == ["mode.unknown"])
    }

    @Test("example metadata parses as the metadata it describes")
    func exampleMetadata() throws {
        let xml = ExampleMetadata.document(entityID: "https://idp.example.test/", ssoURL: "https://idp.example.test/sso",
                                           certificatePEM: Self.certificate, validUntil: "2030-01-01T00:00:00Z")
        let metadata = try IdentityProviderMetadata.parse(Data(xml.utf8), now: ConformanceChecks.referenceDate)
        #expect(metadata.entityID == "https://idp.example.test/")
        #expect(metadata.signingCertificates.count == 1)
        #expect(metadata.singleSignOnServices.count == 2)
    }
}
