import Foundation
import SAML
import SSOCore

/// Okta Workforce Identity: a SAML 2.0 app integration created in the Okta Admin Console.
///
/// The admin either copies the app's **Metadata URL** from its Sign On tab (recommended: the
/// signing certificate rotates without anyone touching this connection) or enters the
/// **Sign on URL**, **Issuer** and **Signing Certificate** by hand. Okta orgs live under
/// `*.okta.com`, `*.oktapreview.com` (sandboxes) or `*.okta-emea.com`; a custom Okta domain
/// is accepted with a warning.
public struct OktaPlugin: SAMLProviderPlugin {
    /// Creates the plugin.
    public init() {}

    /// Host patterns of Okta orgs; anything else is a custom domain (allowed, with a warning).
    static let oktaHosts = ["*.okta.com", "*.oktapreview.com", "*.okta-emea.com"]

    // MARK: - Identity

    /// `okta`, "Okta Workforce", SAML.
    public var descriptor: ProviderDescriptor {
        ProviderDescriptor(
            id: "okta", name: "Okta Workforce",
            summary: "Okta Workforce Identity: people sign in through a SAML 2.0 app integration in your Okta org.",
            protocol: .saml)
    }

    // MARK: - Schema

    /// Two modes: the app's Metadata URL, or the Sign on URL, Issuer and Signing Certificate.
    public var schema: ConfigSchema {
        ConfigSchema(modes: [
            ConfigMode(
                id: ConfigMode.metadataURL, title: "Metadata URL",
                summary: "Recommended: paste the app's Metadata URL; certificate rotations are picked up automatically.",
                fields: [
                    ConfigField(
                        key: "metadata_url", label: "Metadata URL", kind: .url(schemes: ["https"]),
                        help: "In the Okta Admin Console, open the app's Sign On tab; in the SAML 2.0 section, under Metadata details, click Copy next to Metadata URL. It ends with /sso/saml/metadata.",
                        example: "https://example-corp.okta.com/app/exk1a2b3c4d5e6f7g8h9/sso/saml/metadata",
                        constraints: FieldConstraints(maximumLength: 2048, expectedHosts: Self.oktaHosts)),
                ]),
            ConfigMode(
                id: ConfigMode.manual, title: "Manual entry",
                summary: "Enter the Sign on URL, Issuer and Signing Certificate shown under More details on the app's Sign On tab.",
                fields: [
                    ConfigField(
                        key: "sso_url", label: "Sign on URL", kind: .url(schemes: ["https"]),
                        help: "On the app's Sign On tab, under Metadata details, click More details and copy Sign on URL. It ends with /sso/saml.",
                        example: "https://example-corp.okta.com/app/example-corp_exampleapp_1/exk1a2b3c4d5e6f7g8h9/sso/saml",
                        constraints: FieldConstraints(maximumLength: 2048, expectedHosts: Self.oktaHosts)),
                    ConfigField(
                        key: "idp_entity_id", label: "Issuer", kind: .text,
                        help: "On the app's Sign On tab, under Metadata details, click More details and copy Issuer. It starts with http://www.okta.com/ and is a name, not a web address: copy it exactly, with http.",
                        example: "http://www.okta.com/exk1a2b3c4d5e6f7g8h9",
                        constraints: FieldConstraints(maximumLength: 1024)),
                    ConfigField(
                        key: "signing_certificates", label: "Signing Certificate", kind: .certificates(minimum: 1, maximum: 5),
                        help: "On the app's Sign On tab, under More details, click Download next to Signing Certificate, open the .cert file in a text editor and paste all of it, BEGIN and END lines included. During a rotation, add the new certificate as a second one.",
                        example: "-----BEGIN CERTIFICATE-----\nMIIDqDCCApCgAwIBAgIG… (example)\n-----END CERTIFICATE-----"),
                ]),
        ])
    }

    // MARK: - What the admin enters in Okta

    /// "Single sign-on URL" and "Audience URI (SP Entity ID)", as on Okta's Configure SAML step.
    /// - Parameter settings: The host's service-provider settings.
    /// - Returns: The values in the order Okta asks for them.
    public func serviceProviderValues(for settings: ServiceProviderSettings) -> [ServiceProviderValue] {
        [
            ServiceProviderValue(
                label: "Single sign-on URL", value: settings.acsURL,
                help: "Configure SAML step, SAML Settings. Leave \"Use this for Recipient URL and Destination URL\" checked."),
            ServiceProviderValue(
                label: "Audience URI (SP Entity ID)", value: settings.entityID,
                help: "Configure SAML step, SAML Settings, right below Single sign-on URL."),
            ServiceProviderValue(
                label: "Name ID format", value: "EmailAddress",
                help: "Configure SAML step, SAML Settings."),
            ServiceProviderValue(
                label: "Application username", value: "Email",
                help: "Configure SAML step, SAML Settings: Okta sends the person's email address as the Name ID."),
        ]
    }

    /// The three attribute statements to add on the Configure SAML step.
    ///
    /// The statement *values* are Okta expression-language references to the Okta user
    /// profile (`user.email`, `user.firstName`, `user.lastName`): they exist in every org, are
    /// stable across renames, and are the ones Okta documents. The statement *names* are what
    /// we read from the assertion, case-sensitively: exactly `email`, `firstName`, `lastName`.
    /// The Name ID carries the email too (Name ID format EmailAddress, Application username
    /// Email), so sign-in still works if the `email` statement is forgotten.
    public var attributeMapping: AttributeMapping {
        AttributeMapping(entries: [
            .init(purpose: .email, attributeName: "email", sourceValue: "user.email", isRequired: true),
            .init(purpose: .firstName, attributeName: "firstName", sourceValue: "user.firstName", isRequired: false),
            .init(purpose: .lastName, attributeName: "lastName", sourceValue: "user.lastName", isRequired: false),
        ], nameIDIsEmail: true)
    }

    // MARK: - Bundled Markdown

    /// `Resources/guide.md` and `Resources/troubleshooting.md`, embedded by SwiftPM.
    public var bundledMarkdown: BundledMarkdown {
        BundledMarkdown(guide: PackageResources.guide_md, troubleshooting: PackageResources.troubleshooting_md)
    }
}
