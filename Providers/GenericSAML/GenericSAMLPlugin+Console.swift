import Foundation
import SAML
import SSOCore

/// Generic wording for any identity provider's console, for validation fix hints, and the
/// checks that apply to every SAML identity provider. Fixes for failed sign-ins are in
/// `Resources/troubleshooting.md`.
extension GenericSAMLPlugin {
    private static let appSettings = "In your identity provider's console, open the application's SAML settings"

    /// How the console names things, for validation fix hints.
    public var wording: ProviderWording {
        ProviderWording(
            consoleName: "your identity provider's console",
            hints: [
                "mode.unknown": "Use \"metadata-url\", \"metadata-file\" or \"manual\".",
                "metadata-url.missing": "\(Self.appSettings) and copy the metadata URL (often called Metadata URL, IdP metadata or Federation metadata).",
                "metadata-url.not-https": "Use the https address of the metadata. If the identity provider only serves it over http, download the file and use the Metadata file mode.",
                "metadata-url.not-fetched": "Run the check again with network access, or upload the metadata file instead.",
                "metadata-xml.missing": "\(Self.appSettings), download the SAML metadata (XML) and upload it here.",
                "metadata-xml.invalid-xml": "Download the metadata again and upload it unchanged; it must be an XML file starting with <EntityDescriptor or <md:EntityDescriptor.",
                "metadata.no-idp-descriptor": "This file describes a service provider, not an identity provider. Download the identity provider's own metadata.",
                "sso-url.missing": "\(Self.appSettings) and copy the single sign-on URL for SAML 2.0 (HTTP-Redirect binding).",
                "idp-entity-id.missing": "\(Self.appSettings) and copy the entity ID (often called Issuer).",
                "signing-certificates.missing": "\(Self.appSettings), download the signing certificate (PEM or Base64) and paste all of it here.",
                "certificate.invalid": "Paste the signing certificate as PEM, including the -----BEGIN CERTIFICATE----- and -----END CERTIFICATE----- lines. If you have a .cer/.crt file in binary (DER) form, convert it or download the Base64 version.",
                "attribute-mapping.unknown-key": "Use only the keys email, firstName and lastName; their values are the attribute names your identity provider sends.",
                "attribute-mapping.empty-value": "Enter the attribute name your identity provider sends, or remove the key to use the default.",
            ],
            nameIDFormat: nil)
    }

    /// Hosts of the providers that have their own plugin: a generic connection to them works,
    /// but their own guide is better.
    private static let dedicatedProviders: [(pattern: String, name: String)] = [
        ("*.okta.com", "Okta Workforce"), ("*.oktapreview.com", "Okta Workforce"), ("*.okta-emea.com", "Okta Workforce"),
        ("login.microsoftonline.com", "Microsoft Entra ID"), ("accounts.google.com", "Google Workspace"),
    ]

    /// Checks for every SAML identity provider, beyond the shared ones.
    /// - Parameter facts: What the shared checks learned.
    /// - Returns: The issues found.
    public func quirks(_ facts: SAMLConfigurationFacts) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let hints = wording.hints
        for key in ["metadata_url", "sso_url"] {
            guard let host = facts.cleanURL(key)?.host,
                  let match = Self.dedicatedProviders.first(where: { FieldChecks.host(host, matches: $0.pattern) }) else { continue }
            issues.append(FieldChecks.issue(
                key, FieldChecks.code(key, "dedicated-provider"), .warning,
                "This URL belongs to \(match.name), which has its own provider with a step-by-step guide for its console.",
                hints, default: "Consider choosing \(match.name) instead of Generic SAML 2.0; this connection works either way."))
        }
        if case .mapping(let names)? = facts.configuration.values["attribute_mapping"] {
            for key in names.keys.sorted() {
                guard let name = names[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty else { continue }
                if name.hasPrefix("user.") || name.hasPrefix("${") || name.contains(" ") {
                    issues.append(FieldChecks.issue(
                        "attribute_mapping.\(key)", "attribute-mapping.looks-like-expression", .warning,
                        "\"\(name)\" looks like the expression or label that fills the attribute, not the attribute's name.",
                        hints, default: "Enter the attribute name the identity provider sends (the Name column of its attribute statements), such as email."))
                }
            }
        }
        return issues
    }
}
