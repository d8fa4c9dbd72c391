import Foundation
import SAML
import SSOCore

/// The Google Admin console's words: fix hints for validation issues and failed sign-ins,
/// and the Google-specific checks.
extension GoogleWorkspacePlugin {
    private static let appPage = "In the Google Admin console, go to Apps > Web and mobile apps and open the app"
    private static let editSP = "\(appPage), click Service provider details, and edit"
    private static let download = "\(appPage), then click Download metadata"

    static let wording = ProviderWording(
        consoleName: "the Google Admin console",
        hints: [
            "mode.unknown": "Google Workspace has no metadata URL. Use \"metadata-file\" (upload GoogleIDPMetadata.xml, recommended) or \"manual\" (SSO URL, Entity ID and Certificate).",
            "metadata-xml.missing": "\(download). Upload the downloaded GoogleIDPMetadata.xml here.",
            "metadata-xml.invalid-xml": "\(download) again and upload GoogleIDPMetadata.xml unchanged; do not open and re-save it in a word processor.",
            "metadata-xml.too-large": "\(download) and upload GoogleIDPMetadata.xml itself (a few kilobytes), not an archive.",
            "metadata.not-metadata": "\(download) and upload GoogleIDPMetadata.xml; another XML file was uploaded.",
            "metadata.no-idp-descriptor": "This is service-provider metadata, not Google's. \(download) and upload GoogleIDPMetadata.xml.",
            "metadata.expired": "\(download) again: the uploaded copy has passed its validUntil date.",
            "sso-url.missing": "\(download) and copy SSO URL (it contains /o/saml2/idp?idpid=).",
            "sso-url.invalid-url": "\(download) and copy SSO URL unchanged; it starts with https://accounts.google.com/.",
            "sso-url.not-https": "Google's SSO URL starts with https://accounts.google.com/. Copy it again from Download metadata on the app's page.",
            "idp-entity-id.missing": "\(download) and copy Entity ID (it contains /o/saml2?idpid=).",
            "idp-entity-id.too-long": "\(download) and copy only the Entity ID.",
            "signing-certificates.missing": "\(download), then copy Certificate (or download it) and paste all of it here.",
            "certificate.invalid": "\(download), then copy Certificate and paste the whole text, including the -----BEGIN CERTIFICATE----- and -----END CERTIFICATE----- lines.",
            "certificate.too-many": "Keep only the certificate the app currently uses (shown under Download metadata), plus a new one during a rotation.",
            "certificate.expired": "\(appPage) and add a new certificate for the app, then download the metadata again and use it here.",
            "certificate.expires-soon": "Google certificates last five years. \(appPage), add the next certificate, and add it here beside the current one before switching the app to it.",
        ],
        nameIDFormat: ProviderWording.emailAddressFormat)

    /// Google-specific checks beyond the shared ones.
    static func quirks(_ facts: SAMLConfigurationFacts) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let hints = wording.hints
        if let url = facts.cleanURL("sso_url") {
            if facts.hostIsUnexpected("sso_url") {
                issues.append(FieldChecks.issue(
                    "sso_url", "sso-url.unexpected-host", .error,
                    "Google's SSO URL is on accounts.google.com, not \(url.host ?? "this host").",
                    hints, default: "\(download) and copy SSO URL; it starts with https://accounts.google.com/o/saml2/idp."))
            } else if url.path == "/o/saml2" {
                issues.append(FieldChecks.issue(
                    "sso_url", "sso-url.is-entity-id", .error,
                    "This is Google's Entity ID (…/o/saml2?idpid=…), not the SSO URL (…/o/saml2/idp?idpid=…).",
                    hints, default: "\(download); paste SSO URL here and Entity ID into the Entity ID field."))
            }
        }
        if let entityID = facts.cleanText("idp_entity_id") {
            if entityID.contains("/o/saml2/idp") {
                issues.append(FieldChecks.issue(
                    "idp_entity_id", "idp-entity-id.is-sso-url", .error,
                    "This is Google's SSO URL (…/o/saml2/idp?idpid=…), not the Entity ID (…/o/saml2?idpid=…).",
                    hints, default: "\(download); paste Entity ID here and SSO URL into the SSO URL field."))
            } else if !entityID.hasPrefix("https://accounts.google.com/o/saml2?idpid=") {
                issues.append(FieldChecks.issue(
                    "idp_entity_id", "idp-entity-id.unexpected-format", .warning,
                    "Google's Entity ID normally looks like https://accounts.google.com/o/saml2?idpid=…; this one does not.",
                    hints, default: "\(download) and copy Entity ID exactly as shown."))
            }
        }
        if facts.modeID == ConfigMode.metadataFile, let entityID = facts.settings?.entityID,
           !entityID.hasPrefix("https://accounts.google.com/") {
            issues.append(FieldChecks.issue(
                "metadata_xml", "metadata-xml.not-google", .warning,
                "This metadata describes \(entityID), not a Google Workspace identity provider.",
                hints, default: "If you meant to connect Google Workspace: \(download), and upload GoogleIDPMetadata.xml. Otherwise choose the provider that issued this file."))
        }
        return issues
    }

    /// Steps in the Google Admin console for each sign-in failure code.
    static let signInFixHints: [String: String] = [
        "conditions.audience-mismatch":
            "Google sent a different Entity ID as the audience. \(editSP) Entity ID so it is exactly the value shown in this form; click Save. Changes can take a few minutes (up to 24 hours) to apply.",
        "subject-confirmation.recipient-mismatch":
            "Google sent the response to a different address. \(editSP) ACS URL so it is exactly the value shown in this form; click Save.",
        "response.destination-mismatch":
            "Google sent the response to a different address. \(editSP) ACS URL so it is exactly the value shown in this form; click Save.",
        "signature.untrusted-key":
            "Google signed with a certificate this connection does not trust (it was rotated, or the metadata of another app was used). \(download) and upload the new GoogleIDPMetadata.xml here.",
        "response.issuer-mismatch":
            "Google sent a different Entity ID as the issuer: the metadata probably belongs to another Google app or domain. \(download) and upload it here again.",
        "assertion.name-id-missing":
            "Google sent no Name ID. \(editSP) Name ID: set Name ID format to EMAIL and Name ID to Basic Information > Primary email; click Save.",
        "attribute.email-missing":
            "No email attribute arrived. \(appPage), click SAML attribute mapping, and map Primary email to the app attribute email.",
        "response.status":
            "Google refused the sign-in. If it said app_not_configured_for_user or app_not_enabled_for_user: \(appPage), click User access, and turn the app ON for the person's organizational unit or group (changes can take up to 24 hours); also check that Entity ID matches the value shown in this form.",
    ]
}
