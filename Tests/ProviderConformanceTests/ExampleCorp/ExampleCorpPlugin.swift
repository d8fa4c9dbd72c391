import Foundation
import SAML
import SSOCore

/// A fifth provider defined in the test target, in the shape a contributor writes one: a
/// `SAMLProviderPlugin` that declares only data (descriptor, schema, console values,
/// wording, one quirk, examples) and Markdown. Validation, resolution, both guides and the
/// fixes come from the protocol: proof that a new provider needs no Swift beyond its data,
/// and no new test code.
///
/// It is deliberately small: one manual mode, its wording, its guide (a string here; a
/// bundled `Resources/guide.md` in a real provider target), its troubleshooting guide (a
/// fixture file here; `Resources/troubleshooting.md` in a real one) and its examples.
struct ExampleCorpPlugin: SAMLProviderPlugin {
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

    var wording: ProviderWording {
        ProviderWording(consoleName: "the ExampleCorp ID console", hints: [
            "sso-url.missing": "In the ExampleCorp ID console, open Apps > your app > SAML and copy Login endpoint.",
        ])
    }

    func quirks(_ facts: SAMLConfigurationFacts) -> [ValidationIssue] {
        guard facts.hostIsUnexpected("sso_url") else { return [] }
        return [FieldChecks.issue("sso_url", "sso-url.unexpected-host", .error,
                                  "ExampleCorp ID's login endpoint is on sso.examplecorp.test.", wording.hints,
                                  default: "Copy Login endpoint again from Apps > your app > SAML.")]
    }

    var bundledMarkdown: BundledMarkdown {
        let troubleshooting = (try? Data(contentsOf: Self.fixture("example-corp-troubleshooting.md"))).map { [UInt8]($0) } ?? []
        return BundledMarkdown(guide: Array(Self.guide.utf8), troubleshooting: troubleshooting)
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
