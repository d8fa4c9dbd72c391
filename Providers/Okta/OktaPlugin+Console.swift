import Foundation
import SAML
import SSOCore

/// The Okta Admin Console's words for validation fix hints, and the Okta-specific checks.
/// Fixes for failed sign-ins are in `Resources/troubleshooting.md`.
extension OktaPlugin {
    private static let appPath = "In the Okta Admin Console, go to Applications > Applications and open the app"
    private static let moreDetails = "\(Self.appPath), open the Sign On tab, and under Metadata details click More details"
    private static let copyFromMoreDetails = "in the Okta Admin Console open the app's Sign On tab, click More details under Metadata details, and copy"

    /// How the console names things, for validation fix hints.
    public var wording: ProviderWording {
        ProviderWording(
            consoleName: "the Okta Admin Console",
            hints: [
                "mode.unknown": "Use \"metadata-url\" (the app's Metadata URL, recommended) or \"manual\" (Sign on URL, Issuer and Signing Certificate).",
                "metadata-url.missing": "\(Self.appPath), open the Sign On tab, and under Metadata details click Copy next to Metadata URL. Paste it here.",
                "metadata-url.invalid-url": "\(Self.appPath), open the Sign On tab, and click Copy next to Metadata URL; paste it unchanged. It looks like https://example-corp.okta.com/app/exk…/sso/saml/metadata.",
                "metadata-url.not-https": "Okta serves metadata over https only. Copy the Metadata URL again from the app's Sign On tab; it starts with https://.",
                "metadata-url.not-fetched": "Run the check again with network access so the metadata can be read, or switch to manual entry and copy Sign on URL, Issuer and Signing Certificate from More details on the app's Sign On tab.",
                "sso-url.missing": "\(Self.moreDetails). Copy Sign on URL and paste it here.",
                "sso-url.invalid-url": "\(Self.moreDetails). Copy Sign on URL unchanged; it ends with /sso/saml.",
                "sso-url.not-https": "Okta's Sign on URL always starts with https://. Copy it again from More details on the app's Sign On tab.",
                "idp-entity-id.missing": "\(Self.moreDetails). Copy Issuer (it starts with http://www.okta.com/) and paste it here.",
                "idp-entity-id.too-long": "\(Self.moreDetails). Copy only the Issuer value.",
                "signing-certificates.missing": "\(Self.moreDetails). Click Download next to Signing Certificate, open the .cert file in a text editor, and paste all of it here.",
                "signing-certificates.invalid-type": "Send the Signing Certificate as PEM text, or as an array of PEM texts when there are several.",
                "certificate.invalid": "\(Self.moreDetails). Click Download next to Signing Certificate, open the .cert file in a text editor, and paste all of it, including the -----BEGIN CERTIFICATE----- and -----END CERTIFICATE----- lines.",
                "certificate.too-many": "Keep only the active certificate from the app's Sign On tab (SAML Signing Certificates), plus the next one during a rotation.",
                "certificate.too-few": "\(Self.moreDetails) and download the Signing Certificate.",
                "certificate.expired": "\(Self.appPath), open the Sign On tab, and in SAML Signing Certificates click Generate new certificate, then Actions > Activate. Download it and paste it here (or switch to the Metadata URL, which follows rotations).",
                "certificate.expires-soon": "\(Self.appPath), open the Sign On tab, and in SAML Signing Certificates click Generate new certificate. Add it here beside the current one before you activate it in Okta.",
                "fetch.http-status": "Okta did not serve metadata at this URL. Copy the Metadata URL again from the app's Sign On tab; check that the app still exists and is active.",
                "fetch.failed": "Check that the Metadata URL opens in a browser. If your Okta org is only reachable from your network, use manual entry instead.",
                "fetch.dns-failed": "The Okta org's host name does not resolve. Copy the Metadata URL again from the app's Sign On tab.",
                "metadata.no-signing-certificate": "\(Self.appPath) and check the Sign On tab: SAML Signing Certificates must list an active certificate.",
            ],
            nameIDFormat: ProviderWording.emailAddressFormat)
    }

    /// Okta-specific checks beyond the shared ones.
    /// - Parameter facts: What the shared checks learned.
    /// - Returns: The issues found.
    public func quirks(_ facts: SAMLConfigurationFacts) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let hints = wording.hints
        if let url = facts.cleanURL("metadata_url") {
            if facts.hostIsUnexpected("metadata_url") {
                issues.append(FieldChecks.issue(
                    "metadata_url", "metadata-url.custom-domain", .warning,
                    "The Metadata URL's host \(url.host ?? "") is not an Okta org domain (*.okta.com, *.oktapreview.com, *.okta-emea.com). That is fine for a custom Okta domain.",
                    hints, default: "If you do not use a custom Okta domain, copy the Metadata URL again from the app's Sign On tab in the Okta Admin Console."))
            }
            let path = url.path
            if path.hasSuffix("/sso/saml") {
                issues.append(FieldChecks.issue(
                    "metadata_url", "metadata-url.is-sign-on-url", .error,
                    "This is the app's Sign on URL, not its Metadata URL.",
                    hints, default: "\(Self.appPath), open the Sign On tab, and under Metadata details click Copy next to Metadata URL (it ends with /sso/saml/metadata)."))
            } else if !path.hasSuffix("/sso/saml/metadata") {
                issues.append(FieldChecks.issue(
                    "metadata_url", "metadata-url.not-metadata-url", .error,
                    path.hasPrefix("/admin") ? "This is an Okta Admin Console page, not the app's Metadata URL."
                        : "This URL does not end with /sso/saml/metadata, so it is not an Okta app's Metadata URL.",
                    hints, default: "\(Self.appPath), open the Sign On tab, and under Metadata details click Copy next to Metadata URL. Do not copy the browser's address bar."))
            }
        }
        if let url = facts.cleanURL("sso_url") {
            if facts.hostIsUnexpected("sso_url") {
                issues.append(FieldChecks.issue(
                    "sso_url", "sso-url.custom-domain", .warning,
                    "The Sign on URL's host \(url.host ?? "") is not an Okta org domain (*.okta.com, *.oktapreview.com, *.okta-emea.com). That is fine for a custom Okta domain.",
                    hints, default: "If you do not use a custom Okta domain, copy Sign on URL again from More details on the app's Sign On tab."))
            }
            if url.path.hasSuffix("/metadata") {
                issues.append(FieldChecks.issue(
                    "sso_url", "sso-url.is-metadata-url", .error,
                    "This is the app's Metadata URL, not its Sign on URL.",
                    hints, default: "Either switch to the Metadata URL mode and paste it there, or \(Self.copyFromMoreDetails) Sign on URL (it ends with /sso/saml)."))
            }
        }
        if let issuer = facts.cleanText("idp_entity_id") {
            if issuer.lowercased().hasPrefix("https://"), issuer.contains("/sso/saml") {
                issues.append(FieldChecks.issue(
                    "idp_entity_id", "idp-entity-id.is-url", .error,
                    "This is one of the app's URLs, not its Issuer.",
                    hints, default: "\(Self.moreDetails) and copy Issuer: it starts with http://www.okta.com/."))
            } else if !issuer.hasPrefix("http://www.okta.com/") {
                issues.append(FieldChecks.issue(
                    "idp_entity_id", "idp-entity-id.unexpected-format", .warning,
                    "Okta's Issuer normally starts with http://www.okta.com/; this one does not.",
                    hints, default: "Unless the app's SAML Issuer ID was customized, \(Self.copyFromMoreDetails) Issuer exactly."))
            }
        }
        return issues
    }
}
