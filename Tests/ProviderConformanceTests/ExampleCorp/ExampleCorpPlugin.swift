import Foundation
import SAML
import SSOCore

/// A fifth provider defined in the test target, exactly as a contributor would write one:
/// proof that the conformance suite needs no new test code for a new provider.
///
/// It is deliberately small: one manual mode, its wording, its guide (a string here; a
/// bundled `Resources/guide.md` in a real provider target) and its examples.
struct ExampleCorpPlugin: IdentityProviderPlugin {
    var descriptor: ProviderDescriptor {
        ProviderDescriptor(id: "example-corp-id", name: "ExampleCorp ID",
                           summary: "ExampleCorp's identity service, a stand-in provider defined by the tests.",
                           protocol: .saml)
    }

    var schema: ConfigSchema {
        ConfigSchema(modes: [
            ConfigMode(id: ConfigMode.manual, title: "Manual entry",
                       summary: "Copy the three values from the ExampleCorp ID console's SAML page.",
                       fields: [
                           ConfigField(key: "sso_url", label: "Login endpoint", kind: .url(schemes: ["https"]),
                                       help: "In the ExampleCorp ID console, open Apps > your app > SAML and copy Login endpoint.",
                                       example: "https://sso.examplecorp.test/saml/login",
                                       constraints: FieldConstraints(expectedHosts: ["sso.examplecorp.test"])),
                           ConfigField(key: "idp_entity_id", label: "Issuer name", kind: .text,
                                       help: "In the ExampleCorp ID console, open Apps > your app > SAML and copy Issuer name.",
                                       example: "https://sso.examplecorp.test/"),
                           ConfigField(key: "signing_certificates", label: "Signing key", kind: .certificates(minimum: 1, maximum: 5),
                                       help: "In the ExampleCorp ID console, open Apps > your app > SAML and download Signing key (PEM)."),
                       ]),
        ])
    }

    func serviceProviderValues(for settings: ServiceProviderSettings) -> [ServiceProviderValue] {
        [
            ServiceProviderValue(label: "Callback URL", value: settings.acsURL, help: "Apps > your app > SAML."),
            ServiceProviderValue(label: "Audience", value: settings.entityID, help: "Apps > your app > SAML."),
        ]
    }

    var attributeMapping: AttributeMapping {
        AttributeMapping(entries: [
            .init(purpose: .email, attributeName: "mail", sourceValue: "Work email", isRequired: true),
        ], nameIDIsEmail: false)
    }

    static let wording = ProviderWording(consoleName: "the ExampleCorp ID console", hints: [
        "sso-url.missing": "In the ExampleCorp ID console, open Apps > your app > SAML and copy Login endpoint.",
    ])

    static func quirks(_ facts: SAMLConfigurationFacts) -> [ValidationIssue] {
        guard facts.hostIsUnexpected("sso_url") else { return [] }
        return [FieldChecks.issue("sso_url", "sso-url.unexpected-host", .error,
                                  "ExampleCorp ID's login endpoint is on sso.examplecorp.test.", wording.hints,
                                  default: "Copy Login endpoint again from Apps > your app > SAML.")]
    }

    func validate(_ configuration: ProviderConfiguration, context: ValidationContext) async -> ValidationReport {
        await SAMLConfigurationCheck.validate(configuration, schema: schema, context: context,
                                              wording: Self.wording, quirks: Self.quirks)
    }

    func resolve(_ configuration: ProviderConfiguration, context: ValidationContext) async throws(ResolutionError)
        -> IdentityProviderSettings {
        try await SAMLConfigurationCheck.resolve(configuration, schema: schema, context: context,
                                                 wording: Self.wording, quirks: Self.quirks)
    }

    func setupGuide() throws(SetupGuideError) -> SetupGuide {
        try SetupGuide.parse(markdown: Self.guide, providerID: descriptor.id)
    }

    func fixHint(for failureCode: String) -> String? {
        switch failureCode {
        case "conditions.audience-mismatch": "In Apps > your app > SAML, set Audience to the value shown in this form."
        case "subject-confirmation.recipient-mismatch", "response.destination-mismatch":
            "In Apps > your app > SAML, set Callback URL to the value shown in this form."
        case "signature.untrusted-key": "Download Signing key again from Apps > your app > SAML and paste it here."
        case "response.issuer-mismatch": "Copy Issuer name again from Apps > your app > SAML."
        case "assertion.name-id-missing": "In Apps > your app > SAML, set Subject to Work email."
        default: nil
        }
    }

    var examples: [ProviderExample] {
        let certificate = (try? String(contentsOf: Self.fixture("example-corp-signing.pem"), encoding: .utf8)) ?? ""
        let valid: [String: ConfigValue] = [
            "sso_url": .text("https://sso.examplecorp.test/saml/login"),
            "idp_entity_id": .text("https://sso.examplecorp.test/"),
            "signing_certificates": .text(certificate),
        ]
        var otherHost = valid
        otherHost["sso_url"] = .text("https://login.elsewhere.test/saml")
        return [
            ProviderExample("manual entry", ProviderConfiguration(mode: "manual", values: valid), isValid: true),
            ProviderExample("login endpoint on another host", ProviderConfiguration(mode: "manual", values: otherHost),
                            isValid: false, expectedCodes: ["sso-url.unexpected-host"]),
            ProviderExample("nothing filled in", ProviderConfiguration(mode: "manual"), isValid: false,
                            expectedCodes: ["sso-url.missing", "idp-entity-id.missing", "signing-certificates.missing"]),
        ]
    }

    static func fixture(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(name)
    }

    static let guide = """
        # Set up single sign-on with ExampleCorp ID

        Connect {{application_name}} to ExampleCorp ID.

        ## Create the app
        <!-- step: create-app -->

        1. In the ExampleCorp ID console, open **Apps** and click **New SAML app**.

        ## Enter our values
        <!-- step: service-provider-values -->

        | Field | Value |
        | --- | --- |
        | **Callback URL** | `{{acs_url}}` |
        | **Audience** | `{{sp_entity_id}}` |

        ## Map the email
        <!-- step: attribute-mapping -->

        Send **Work email** as the attribute `mail`.

        ## Give people access
        <!-- step: assign-users -->

        Open **Access** and add the people or groups who use {{application_name}}.

        ## Copy the values back
        <!-- step: identity-provider-values; fields: sso_url, idp_entity_id, signing_certificates -->

        Copy **Login endpoint**, **Issuer name** and **Signing key** from the app's **SAML** page.
        """
}
