import Foundation
import SAML
import SSOCore

/// The Google Admin console's words for validation fix hints, and the Google-specific
/// checks. Fixes for failed sign-ins are in `Resources/troubleshooting.md`.
extension GoogleWorkspacePlugin {
    private static let appPage = "In the Google Admin console, go to Apps > Web and mobile apps and open the app"
    private static let download = "\(Self.appPage), then click Download metadata"

    /// How the console names things, for validation fix hints.
    public var wording: ProviderWording {
        ProviderWording(
            consoleName: "the Google Admin console",
            hints: [
                "mode.unknown": "Google Workspace has no metadata URL. Use \"metadata-file\" (upload GoogleIDPMetadata.xml, recommended) or \"manual\" (SSO URL, Entity ID and Certificate).",
                "metadata-xml.missing": "\(Self.download). Upload the downloaded GoogleIDPMetadata.xml here.",
                "metadata-xml.invalid-xml": "\(Self.download) again and upload GoogleIDPMetadata.xml unchanged; do not open and re-save it in a word processor.",
                "metadata-xml.too-large": "\(Self.download) and upload GoogleIDPMetadata.xml itself (a few kilobytes), not an archive.",
                "metadata.not-metadata": "\(Self.download) and upload GoogleIDPMetadata.xml; another XML file was uploaded.",
                "metadata.no-idp-descriptor": "This is service-provider metadata, not Google's. \(Self.download) and upload GoogleIDPMetadata.xml.",
                "metadata.expired": "\(Self.download) again: the uploaded copy has passed its validUntil date.",
                "sso-url.missing": "\(Self.download) and copy SSO URL (it contains /o/saml2/idp?idpid=).",
                "sso-url.invalid-url": "\(Self.download) and copy SSO URL unchanged; it starts with https://accounts.google.com/.",
                "sso-url.not-https": "Google's SSO URL starts with https://accounts.google.com/. Copy it again from Download metadata on the app's page.",
                "idp-entity-id.missing": "\(Self.download) and copy Entity ID (it contains /o/saml2?idpid=).",
                "idp-entity-id.too-long": "\(Self.download) and copy only the Entity ID.",
                "signing-certificates.missing": "\(Self.download), then copy Certificate (or download it) and paste all of it here.",
                "certificate.invalid": "\(Self.download), then copy Certificate and paste the whole text, including the -----BEGIN CERTIFICATE----- and -----END CERTIFICATE----- lines.",
                "certificate.too-many": "Keep only the certificate the app currently uses (shown under Download metadata), plus a new one during a rotation.",
                "certificate.expired": "\(Self.appPage) and add a new certificate for the app, then download the metadata again and use it here.",
                "certificate.expires-soon": "Google certificates last five years. \(Self.appPage), add the next certificate, and add it here beside the current one before switching the app to it.",
            ],
            nameIDFormat: ProviderWording.emailAddressFormat)
    }

    /// Google-specific checks beyond the shared ones.
    /// - Parameter facts: What the shared checks learned.
    /// - Returns: The issues found.
    public func quirks(_ facts: SAMLConfigurationFacts) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let hints = wording.hints
        if let url = facts.cleanURL("sso_url") {
            if facts.hostIsUnexpected("sso_url") {
                issues.append(FieldChecks.issue(
                    "sso_url", "sso-url.unexpected-host", .error,
                    "Google's SSO URL is on accounts.google.com, not \(url.host ?? "this host").",
                    hints, default: "\(Self.download) and copy SSO URL; it starts with https://accounts.google.com/o/saml2/idp."))
            } else if url.path == "/o/saml2" {
                issues.append(FieldChecks.issue(
                    "sso_url", "sso-url.is-entity-id", .error,
                    "This is Google's Entity ID (…/o/saml2?idpid=…), not the SSO URL (…/o/saml2/idp?idpid=…).",
                    hints, default: "\(Self.download); paste SSO URL here and Entity ID into the Entity ID field."))
            }
        }
        if let entityID = facts.cleanText("idp_entity_id") {
            if entityID.contains("/o/saml2/idp") {
                issues.append(FieldChecks.issue(
                    "idp_entity_id", "idp-entity-id.is-sso-url", .error,
                    "This is Google's SSO URL (…/o/saml2/idp?idpid=…), not the Entity ID (…/o/saml2?idpid=…).",
                    hints, default: "\(Self.download); paste Entity ID here and SSO URL into the SSO URL field."))
            } else if !entityID.hasPrefix("https://accounts.google.com/o/saml2?idpid=") {
                issues.append(FieldChecks.issue(
                    "idp_entity_id", "idp-entity-id.unexpected-format", .warning,
                    "Google's Entity ID normally looks like https://accounts.google.com/o/saml2?idpid=…; this one does not.",
                    hints, default: "\(Self.download) and copy Entity ID exactly as shown."))
            }
        }
        if facts.modeID == ConfigMode.metadataFile, let entityID = facts.settings?.entityID,
           !entityID.hasPrefix("https://accounts.google.com/") {
            issues.append(FieldChecks.issue(
                "metadata_xml", "metadata-xml.not-google", .warning,
                "This metadata describes \(entityID), not a Google Workspace identity provider.",
                hints, default: "If you meant to connect Google Workspace: \(Self.download), and upload GoogleIDPMetadata.xml. Otherwise choose the provider that issued this file."))
        }
        return issues
    }
}
