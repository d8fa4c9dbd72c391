import Foundation
import SAML
import SSOCore

/// Any SAML 2.0 identity provider (AD FS, PingFederate, OneLogin, JumpCloud, Keycloak,
/// Shibboleth, …), in generic wording.
///
/// Three modes: a metadata URL, an uploaded metadata file, or the SSO URL, IdP entity ID
/// and one to five signing certificates entered by hand. The attribute names to read are
/// configurable (`attribute_mapping`, in every mode), because every IdP has its own habits.
public struct GenericSAMLPlugin: SAMLProviderPlugin {
    /// Creates the plugin.
    public init() {}

    /// The attribute names read when the admin configures none.
    static let defaultAttributeNames: [AttributeMapping.Purpose: String] = [
        .email: "email", .firstName: "firstName", .lastName: "lastName",
    ]

    // MARK: - Identity

    /// `generic-saml`, "Generic SAML 2.0", SAML.
    public var descriptor: ProviderDescriptor {
        ProviderDescriptor(
            id: "generic-saml", name: "Generic SAML 2.0",
            summary: "Any other SAML 2.0 identity provider, such as AD FS, PingFederate, OneLogin, JumpCloud or Keycloak.",
            protocol: .saml)
    }

    // MARK: - Schema

    /// Three modes (metadata URL, metadata file, manual) and the optional attribute names.
    public var schema: ConfigSchema {
        ConfigSchema(
            modes: [
                ConfigMode(
                    id: ConfigMode.metadataURL, title: "Metadata URL",
                    summary: "Recommended when the identity provider publishes its SAML metadata at an https URL.",
                    fields: [
                        ConfigField(
                            key: "metadata_url", label: "Metadata URL", kind: .url(schemes: ["https"]),
                            help: "The address of the identity provider's SAML metadata, often shown as Metadata URL, IdP metadata or Federation metadata in the application's SAML settings.",
                            example: "https://idp.example.com/saml/metadata",
                            constraints: FieldConstraints(maximumLength: 2048)),
                    ]),
                ConfigMode(
                    id: ConfigMode.metadataFile, title: "Metadata file",
                    summary: "Upload the metadata XML when the identity provider only offers a download.",
                    fields: [
                        ConfigField(
                            key: "metadata_xml", label: "Metadata file", kind: .xmlDocument,
                            help: "The identity provider's SAML metadata file (XML starting with EntityDescriptor), from a Download metadata button in its console.",
                            example: "<md:EntityDescriptor entityID=\"https://idp.example.com/\">…</md:EntityDescriptor>",
                            constraints: FieldConstraints(maximumLength: 1_048_576)),
                    ]),
                ConfigMode(
                    id: ConfigMode.manual, title: "Manual entry",
                    summary: "Enter the SSO URL, entity ID and signing certificates by hand.",
                    fields: [
                        ConfigField(
                            key: "sso_url", label: "SSO URL", kind: .url(schemes: ["https"]),
                            help: "The identity provider's single sign-on endpoint for SAML 2.0 (HTTP-Redirect binding), often called SSO URL, Sign-on URL or Login URL.",
                            example: "https://idp.example.com/saml/sso",
                            constraints: FieldConstraints(maximumLength: 2048)),
                        ConfigField(
                            key: "idp_entity_id", label: "IdP entity ID (issuer)", kind: .text,
                            help: "The identity provider's entity ID, often called Issuer or Identity provider identifier. Copy it exactly: it is compared character by character.",
                            example: "https://idp.example.com/",
                            constraints: FieldConstraints(maximumLength: 1024)),
                        ConfigField(
                            key: "signing_certificates", label: "Signing certificates", kind: .certificates(minimum: 1, maximum: 5),
                            help: "The identity provider's SAML signing certificate as PEM text, BEGIN and END lines included (often called X.509 certificate or Token signing certificate). Up to five, for rotations.",
                            example: "-----BEGIN CERTIFICATE-----\nMIIDXTCCAkWgAwIBAgIJAO… (example)\n-----END CERTIFICATE-----"),
                    ]),
            ],
            commonFields: [
                ConfigField(
                    key: "attribute_mapping", label: "Attribute names", kind: .attributeMapping(keys: ["email", "firstName", "lastName"]),
                    isRequired: false,
                    help: "The names of the SAML attributes that carry the email address, first name and last name, exactly as the identity provider sends them. Leave out a key to use its default: email, firstName, lastName.",
                    example: "{\"email\": \"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress\"}"),
            ])
    }

    // MARK: - What the admin enters in the IdP

    /// The ACS URL and the SP entity ID in generic terms, plus the SP metadata URL when the
    /// host serves one.
    /// - Parameter settings: The host's service-provider settings.
    /// - Returns: The values.
    public func serviceProviderValues(for settings: ServiceProviderSettings) -> [ServiceProviderValue] {
        var values = [
            ServiceProviderValue(label: "Assertion Consumer Service (ACS) URL", value: settings.acsURL,
                                 help: "Also called Reply URL, Single sign-on URL or Recipient. Binding: HTTP-POST."),
            ServiceProviderValue(label: "Service provider entity ID", value: settings.entityID,
                                 help: "Also called Audience, Audience URI, Identifier or Relying party identifier."),
            ServiceProviderValue(label: "Name ID format", value: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
                                 help: "With the user's email address as the Name ID value."),
        ]
        if let metadataURL = settings.metadataURL {
            values.append(ServiceProviderValue(label: "Service provider metadata URL", value: metadataURL,
                                               help: "For identity providers that can import service provider metadata."))
        }
        return values
    }

    /// The default attribute names; an admin can override each in `attribute_mapping`.
    public var attributeMapping: AttributeMapping {
        AttributeMapping(entries: [
            .init(purpose: .email, attributeName: Self.defaultAttributeNames[.email] ?? "email",
                  sourceValue: "Email address", isRequired: true),
            .init(purpose: .firstName, attributeName: Self.defaultAttributeNames[.firstName] ?? "firstName",
                  sourceValue: "First name (given name)", isRequired: false),
            .init(purpose: .lastName, attributeName: Self.defaultAttributeNames[.lastName] ?? "lastName",
                  sourceValue: "Last name (surname)", isRequired: false),
        ], nameIDIsEmail: true)
    }

    /// The attribute mapping for one configuration: the defaults with the admin's
    /// `attribute_mapping` names applied.
    /// - Parameter configuration: A configuration of this provider.
    /// - Returns: The mapping to read assertions with.
    public func attributeMapping(for configuration: ProviderConfiguration) -> AttributeMapping {
        guard case .mapping(let names)? = configuration.values["attribute_mapping"] else { return attributeMapping }
        return AttributeMapping(entries: attributeMapping.entries.map { entry in
            let name = names[entry.purpose.rawValue]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return name.isEmpty ? entry
                : .init(purpose: entry.purpose, attributeName: name, sourceValue: entry.sourceValue, isRequired: entry.isRequired)
        }, nameIDIsEmail: attributeMapping.nameIDIsEmail)
    }

    // MARK: - Bundled Markdown

    /// `Resources/guide.md` and `Resources/troubleshooting.md`, embedded by SwiftPM.
    public var bundledMarkdown: BundledMarkdown {
        BundledMarkdown(guide: PackageResources.guide_md, troubleshooting: PackageResources.troubleshooting_md)
    }
}
