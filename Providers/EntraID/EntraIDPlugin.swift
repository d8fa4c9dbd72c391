import Foundation
import SAML
import SSOCore

/// Microsoft Entra ID (formerly Azure AD): a non-gallery enterprise application with SAML
/// single sign-on, set up in the Microsoft Entra admin center.
///
/// The admin copies the **App Federation Metadata Url** from the SAML Certificates section
/// (recommended) or enters **Login URL**, **Microsoft Entra Identifier** and
/// **Certificate (Base64)** by hand. Endpoints are on `login.microsoftonline.com` (or a
/// national cloud's host); the identifier is `https://sts.windows.net/<tenant-id>/`.
public struct EntraIDPlugin: SAMLProviderPlugin {
    /// Creates the plugin.
    public init() {}

    /// Microsoft's sign-in hosts: the global service and the national clouds.
    static let microsoftHosts = ["login.microsoftonline.com", "login.microsoftonline.us", "login.partner.microsoftonline.cn"]

    // MARK: - Identity

    /// `entra-id`, "Microsoft Entra ID", SAML.
    public var descriptor: ProviderDescriptor {
        ProviderDescriptor(
            id: "entra-id", name: "Microsoft Entra ID",
            summary: "Microsoft Entra ID (formerly Azure Active Directory): people sign in with their work account through an enterprise application.",
            protocol: .saml)
    }

    // MARK: - Schema

    /// Two modes: the App Federation Metadata Url, or Login URL, Microsoft Entra Identifier
    /// and Certificate (Base64).
    public var schema: ConfigSchema {
        ConfigSchema(modes: [
            ConfigMode(
                id: ConfigMode.metadataURL, title: "App Federation Metadata Url",
                summary: "Recommended: paste the App Federation Metadata Url; Microsoft's certificate rollover is followed automatically.",
                fields: [
                    ConfigField(
                        key: "metadata_url", label: "App Federation Metadata Url", kind: .url(schemes: ["https"]),
                        help: "In the Microsoft Entra admin center, open Entra ID > Enterprise apps > your application > Single sign-on; in the SAML Certificates section, copy App Federation Metadata Url. Keep its ?appid= part.",
                        example: "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/federationmetadata/2007-06/federationmetadata.xml?appid=11111111-1111-1111-1111-111111111111",
                        constraints: FieldConstraints(maximumLength: 2048, expectedHosts: Self.microsoftHosts)),
                ]),
            ConfigMode(
                id: ConfigMode.manual, title: "Manual entry",
                summary: "Copy Login URL and Microsoft Entra Identifier from the Set up section, and download Certificate (Base64).",
                fields: [
                    ConfigField(
                        key: "sso_url", label: "Login URL", kind: .url(schemes: ["https"]),
                        help: "On the application's Single sign-on page, in the section \"Set up <your application>\", copy Login URL. It ends with /saml2.",
                        example: "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/saml2",
                        constraints: FieldConstraints(maximumLength: 2048, expectedHosts: Self.microsoftHosts)),
                    ConfigField(
                        key: "idp_entity_id", label: "Microsoft Entra Identifier", kind: .text,
                        help: "In the same section, copy Microsoft Entra Identifier, including its final slash.",
                        example: "https://sts.windows.net/00000000-0000-0000-0000-000000000000/",
                        constraints: FieldConstraints(maximumLength: 1024)),
                    ConfigField(
                        key: "signing_certificates", label: "Certificate (Base64)", kind: .certificates(minimum: 1, maximum: 5),
                        help: "In the SAML Certificates section, click Download next to Certificate (Base64), open the .cer file in a text editor and paste all of it. During a rollover, add the new certificate as a second one.",
                        example: "-----BEGIN CERTIFICATE-----\nMIIC8DCCAdigAwIBAgIQ… (example)\n-----END CERTIFICATE-----"),
                ]),
        ])
    }

    // MARK: - What the admin enters in Microsoft Entra ID

    /// "Identifier (Entity ID)" and "Reply URL (Assertion Consumer Service URL)", as in the
    /// Basic SAML Configuration pane.
    /// - Parameter settings: The host's service-provider settings.
    /// - Returns: The values in the order the pane asks for them.
    public func serviceProviderValues(for settings: ServiceProviderSettings) -> [ServiceProviderValue] {
        [
            ServiceProviderValue(label: "Identifier (Entity ID)", value: settings.entityID,
                                 help: "Single sign-on > Basic SAML Configuration > Edit > Add identifier."),
            ServiceProviderValue(label: "Reply URL (Assertion Consumer Service URL)", value: settings.acsURL,
                                 help: "Single sign-on > Basic SAML Configuration > Edit > Add reply URL."),
        ]
    }

    /// The claims a new enterprise application already sends, which we read: the claim
    /// names are full URIs and are matched exactly.
    public var attributeMapping: AttributeMapping {
        AttributeMapping(entries: [
            .init(purpose: .email, attributeName: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
                  sourceValue: "user.mail", isRequired: true),
            .init(purpose: .firstName, attributeName: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
                  sourceValue: "user.givenname", isRequired: false),
            .init(purpose: .lastName, attributeName: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
                  sourceValue: "user.surname", isRequired: false),
        ], nameIDIsEmail: false)  // The Name ID is the user principal name, which need not be an email address.
    }

    // MARK: - Bundled Markdown

    /// `Resources/guide.md` and `Resources/troubleshooting.md`, embedded by SwiftPM.
    public var bundledMarkdown: BundledMarkdown {
        BundledMarkdown(guide: PackageResources.guide_md, troubleshooting: PackageResources.troubleshooting_md)
    }
}
