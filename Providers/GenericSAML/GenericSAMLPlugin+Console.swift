import Foundation
import SAML
import SSOCore

/// Generic wording for any identity provider's console: fix hints for validation issues and
/// failed sign-ins, and the checks that apply to every SAML identity provider.
extension GenericSAMLPlugin {
    private static let appSettings = "In your identity provider's console, open the application's SAML settings"

    static let wording = ProviderWording(
        consoleName: "your identity provider's console",
        hints: [
            "mode.unknown": "Use \"metadata-url\", \"metadata-file\" or \"manual\".",
            "metadata-url.missing": "\(appSettings) and copy the metadata URL (often called Metadata URL, IdP metadata or Federation metadata).",
            "metadata-url.not-https": "Use the https address of the metadata. If the identity provider only serves it over http, download the file and use the Metadata file mode.",
            "metadata-url.not-fetched": "Run the check again with network access, or upload the metadata file instead.",
            "metadata-xml.missing": "\(appSettings), download the SAML metadata (XML) and upload it here.",
            "metadata-xml.invalid-xml": "Download the metadata again and upload it unchanged; it must be an XML file starting with <EntityDescriptor or <md:EntityDescriptor.",
            "metadata.no-idp-descriptor": "This file describes a service provider, not an identity provider. Download the identity provider's own metadata.",
            "sso-url.missing": "\(appSettings) and copy the single sign-on URL for SAML 2.0 (HTTP-Redirect binding).",
            "idp-entity-id.missing": "\(appSettings) and copy the entity ID (often called Issuer).",
            "signing-certificates.missing": "\(appSettings), download the signing certificate (PEM or Base64) and paste all of it here.",
            "certificate.invalid": "Paste the signing certificate as PEM, including the -----BEGIN CERTIFICATE----- and -----END CERTIFICATE----- lines. If you have a .cer/.crt file in binary (DER) form, convert it or download the Base64 version.",
            "attribute-mapping.unknown-key": "Use only the keys email, firstName and lastName; their values are the attribute names your identity provider sends.",
            "attribute-mapping.empty-value": "Enter the attribute name your identity provider sends, or remove the key to use the default.",
        ],
        nameIDFormat: nil)

    /// Hosts of the providers that have their own plugin: a generic connection to them works,
    /// but their own guide is better.
    private static let dedicatedProviders: [(pattern: String, name: String)] = [
        ("*.okta.com", "Okta Workforce"), ("*.oktapreview.com", "Okta Workforce"), ("*.okta-emea.com", "Okta Workforce"),
        ("login.microsoftonline.com", "Microsoft Entra ID"), ("accounts.google.com", "Google Workspace"),
    ]

    /// Checks for every SAML identity provider, beyond the shared ones.
    static func quirks(_ facts: SAMLConfigurationFacts) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let hints = wording.hints
        for key in ["metadata_url", "sso_url"] {
            guard let host = facts.cleanURL(key)?.host,
                  let match = dedicatedProviders.first(where: { FieldChecks.host(host, matches: $0.pattern) }) else { continue }
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

    /// Generic steps for each sign-in failure code.
    static let signInFixHints: [String: String] = [
        "conditions.audience-mismatch":
            "The identity provider sent a different audience. \(appSettings) and set the service provider entity ID (Audience, Audience URI or Identifier) to exactly the value shown in this form.",
        "subject-confirmation.recipient-mismatch":
            "The identity provider sent the response to a different address. \(appSettings) and set the ACS URL (Reply URL, Single sign-on URL or Recipient) to exactly the value shown in this form.",
        "response.destination-mismatch":
            "The identity provider sent the response to a different address. \(appSettings) and set the ACS URL (Reply URL, Single sign-on URL or Destination) to exactly the value shown in this form.",
        "signature.untrusted-key":
            "The identity provider signed with a certificate this connection does not trust, usually after a certificate rotation. Download its current signing certificate (or its metadata) and update this form; a metadata URL follows rotations by itself.",
        "response.issuer-mismatch":
            "The identity provider sent a different issuer. \(appSettings), copy its entity ID (Issuer) exactly, and paste it into this form, or use its metadata.",
        "assertion.name-id-missing":
            "The identity provider sent no Name ID. \(appSettings) and set the Name ID format to email address with the user's email as the value.",
        "assertion.encrypted-unsupported":
            "The assertion was encrypted. \(appSettings) and turn assertion encryption off.",
        "signature.missing":
            "The response was not signed. \(appSettings) and turn on signing of the response or the assertion (RSA-SHA256).",
        "attribute.email-missing":
            "No email attribute arrived. \(appSettings), add an attribute carrying the user's email address, and enter its exact name under Attribute names in this form.",
        "conditions.unsupported":
            "The assertion carried a condition this application cannot evaluate (a custom condition type, often added by a policy or a proxy in front of the identity provider). \(appSettings) and remove the custom condition or the policy that adds it; audience restrictions, one-time use and proxy restrictions are fine.",
    ]
}
