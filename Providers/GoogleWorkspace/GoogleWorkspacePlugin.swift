import Foundation
import SAML
import SSOCore

/// Google Workspace: a custom SAML app added in the Google Admin console.
///
/// Google publishes no metadata URL: the admin uploads the IdP metadata file
/// (`GoogleIDPMetadata.xml`, from **Download metadata**) or copies **SSO URL**, **Entity ID**
/// and **Certificate** by hand. Google's endpoints are on `accounts.google.com`; the Name ID
/// is the person's primary email.
public struct GoogleWorkspacePlugin: SAMLProviderPlugin {
    /// Creates the plugin.
    public init() {}

    // MARK: - Identity

    /// `google-workspace`, "Google Workspace", SAML.
    public var descriptor: ProviderDescriptor {
        ProviderDescriptor(
            id: "google-workspace", name: "Google Workspace",
            summary: "Google Workspace: people sign in with their Google account through a custom SAML app in the Google Admin console.",
            protocol: .saml)
    }

    // MARK: - Schema

    /// Two modes: the IdP metadata file, or SSO URL, Entity ID and Certificate.
    public var schema: ConfigSchema {
        ConfigSchema(modes: [
            ConfigMode(
                id: ConfigMode.metadataFile, title: "IdP metadata file",
                summary: "Recommended: upload GoogleIDPMetadata.xml from Download metadata on the app's page (Google has no metadata URL).",
                fields: [
                    ConfigField(
                        key: "metadata_xml", label: "IdP metadata file", kind: .xmlDocument,
                        help: "In the Google Admin console, go to Apps > Web and mobile apps, open the app and click Download metadata. Upload the downloaded GoogleIDPMetadata.xml unchanged.",
                        example: "<md:EntityDescriptor entityID=\"https://accounts.google.com/o/saml2?idpid=C01exampl\">…</md:EntityDescriptor>",
                        constraints: FieldConstraints(maximumLength: 1_048_576)),
                ]),
            ConfigMode(
                id: ConfigMode.manual, title: "Manual entry",
                summary: "Copy SSO URL, Entity ID and Certificate from Option 2 of the Google Identity Provider details.",
                fields: [
                    ConfigField(
                        key: "sso_url", label: "SSO URL", kind: .url(schemes: ["https"]),
                        help: "In the app's Download metadata dialog (or Option 2 of Google Identity Provider details), copy SSO URL. It contains /o/saml2/idp?idpid=.",
                        example: "https://accounts.google.com/o/saml2/idp?idpid=C01exampl",
                        constraints: FieldConstraints(maximumLength: 2048, expectedHosts: ["accounts.google.com"])),
                    ConfigField(
                        key: "idp_entity_id", label: "Entity ID", kind: .text,
                        help: "In the same place, copy Entity ID. It contains /o/saml2?idpid= (without /idp).",
                        example: "https://accounts.google.com/o/saml2?idpid=C01exampl",
                        constraints: FieldConstraints(maximumLength: 1024)),
                    ConfigField(
                        key: "signing_certificates", label: "Certificate", kind: .certificates(minimum: 1, maximum: 5),
                        help: "In the same place, copy Certificate (or download it) and paste all of it, BEGIN and END lines included. During a rotation, add the new certificate as a second one.",
                        example: "-----BEGIN CERTIFICATE-----\nMIIDdDCCAlygAwIBAgIGAX… (example)\n-----END CERTIFICATE-----"),
                ]),
        ])
    }

    // MARK: - What the admin enters in Google

    /// "ACS URL" and "Entity ID", as on Google's Service provider details page, and the Name ID.
    /// - Parameter settings: The host's service-provider settings.
    /// - Returns: The values in the order Google asks for them.
    public func serviceProviderValues(for settings: ServiceProviderSettings) -> [ServiceProviderValue] {
        [
            ServiceProviderValue(label: "ACS URL", value: settings.acsURL,
                                 help: "Service provider details page of the custom SAML app."),
            ServiceProviderValue(label: "Entity ID", value: settings.entityID,
                                 help: "Service provider details page, right below ACS URL."),
            ServiceProviderValue(label: "Name ID format", value: "EMAIL",
                                 help: "Service provider details page, Name ID section."),
            ServiceProviderValue(label: "Name ID", value: "Basic Information > Primary email",
                                 help: "Service provider details page, Name ID section."),
        ]
    }

    /// The app attributes to map on Google's Attribute mapping page: Google Directory
    /// attributes (Basic Information) → app attribute names that we read exactly.
    public var attributeMapping: AttributeMapping {
        AttributeMapping(entries: [
            .init(purpose: .email, attributeName: "email", sourceValue: "Primary email", isRequired: true),
            .init(purpose: .firstName, attributeName: "firstName", sourceValue: "First name", isRequired: false),
            .init(purpose: .lastName, attributeName: "lastName", sourceValue: "Last name", isRequired: false),
        ], nameIDIsEmail: true)
    }

    // MARK: - Bundled Markdown

    /// `Resources/guide.md` and `Resources/troubleshooting.md`, embedded by SwiftPM.
    public var bundledMarkdown: BundledMarkdown {
        BundledMarkdown(guide: PackageResources.guide_md, troubleshooting: PackageResources.troubleshooting_md)
    }
}
