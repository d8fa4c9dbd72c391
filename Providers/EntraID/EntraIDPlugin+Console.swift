import Foundation
import SAML
import SSOCore

/// The Microsoft Entra admin center's words for validation fix hints, and the Entra-specific
/// checks. Fixes for failed sign-ins are in `Resources/troubleshooting.md`.
extension EntraIDPlugin {
    private static let singleSignOn = "In the Microsoft Entra admin center, open Entra ID > Enterprise apps > All applications, select the application, and select Single sign-on"
    private static let setUpSection = "\(Self.singleSignOn); in the section \"Set up <your application>\""

    /// How the console names things, for validation fix hints.
    public var wording: ProviderWording {
        ProviderWording(
            consoleName: "the Microsoft Entra admin center",
            hints: [
                "mode.unknown": "Use \"metadata-url\" (App Federation Metadata Url, recommended) or \"manual\" (Login URL, Microsoft Entra Identifier and Certificate (Base64)).",
                "metadata-url.missing": "\(Self.singleSignOn); in SAML Certificates, copy App Federation Metadata Url and paste it here.",
                "metadata-url.invalid-url": "\(Self.singleSignOn); in SAML Certificates, copy App Federation Metadata Url unchanged. It starts with https://login.microsoftonline.com/.",
                "metadata-url.not-https": "Microsoft serves metadata over https only. Copy App Federation Metadata Url again from SAML Certificates.",
                "metadata-url.not-fetched": "Run the check again with network access so the metadata can be read, or switch to manual entry (Login URL, Microsoft Entra Identifier, Certificate (Base64)).",
                "sso-url.missing": "\(Self.setUpSection), copy Login URL.",
                "sso-url.invalid-url": "\(Self.setUpSection), copy Login URL unchanged; it ends with /saml2.",
                "sso-url.not-https": "Microsoft's Login URL starts with https://login.microsoftonline.com/. Copy it again from the Set up section.",
                "idp-entity-id.missing": "\(Self.setUpSection), copy Microsoft Entra Identifier, including its final slash.",
                "idp-entity-id.too-long": "\(Self.setUpSection), copy only Microsoft Entra Identifier.",
                "signing-certificates.missing": "\(Self.singleSignOn); in SAML Certificates, click Download next to Certificate (Base64), open the .cer file in a text editor and paste all of it here.",
                "certificate.invalid": "\(Self.singleSignOn); in SAML Certificates, download Certificate (Base64) — not Certificate (Raw), which is binary — open it in a text editor and paste all of it, BEGIN and END lines included.",
                "certificate.too-many": "Keep only the active certificate from SAML Certificates, plus the new one during a rollover.",
                "certificate.expired": "\(Self.singleSignOn); in SAML Certificates click Edit, create a new certificate, make it active, and download Certificate (Base64) again (or use the App Federation Metadata Url, which follows rollovers).",
                "certificate.expires-soon": "\(Self.singleSignOn); in SAML Certificates click Edit and create the new certificate. Add it here beside the current one before you make it active.",
                "fetch.http-status": "Microsoft did not serve metadata at this URL. Copy App Federation Metadata Url again from SAML Certificates; check the tenant and appid in it.",
                "fetch.failed": "Check that the App Federation Metadata Url opens in a browser, then try again.",
                "metadata.no-signing-certificate": "\(Self.singleSignOn) and check SAML Certificates: the application needs an active token signing certificate.",
            ],
            nameIDFormat: nil)
    }

    /// Entra-specific checks beyond the shared ones.
    /// - Parameter facts: What the shared checks learned.
    /// - Returns: The issues found.
    public func quirks(_ facts: SAMLConfigurationFacts) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let hints = wording.hints
        if let url = facts.cleanURL("metadata_url") {
            if facts.hostIsUnexpected("metadata_url") {
                issues.append(FieldChecks.issue(
                    "metadata_url", "metadata-url.unexpected-host", .error,
                    "Microsoft Entra ID serves metadata from login.microsoftonline.com (or a national cloud's host), not \(url.host ?? "this host").",
                    hints, default: "\(Self.singleSignOn); in SAML Certificates, copy App Federation Metadata Url."))
            } else if !url.path.lowercased().hasSuffix("/federationmetadata.xml") {
                issues.append(FieldChecks.issue(
                    "metadata_url", "metadata-url.not-federation-metadata", .error,
                    url.path.lowercased().hasSuffix("/saml2")
                        ? "This is the Login URL, not the App Federation Metadata Url."
                        : "This URL does not end with /federationmetadata.xml, so it is not an App Federation Metadata Url.",
                    hints, default: "\(Self.singleSignOn); in SAML Certificates, copy App Federation Metadata Url (it ends with federationmetadata.xml?appid=…)."))
            } else if !(URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems ?? []).contains(where: { $0.name.lowercased() == "appid" }) {
                issues.append(FieldChecks.issue(
                    "metadata_url", "metadata-url.no-app-id", .warning,
                    "The URL has no ?appid= part, so it describes the whole tenant rather than this application; its signing certificate may not be the application's.",
                    hints, default: "\(Self.singleSignOn); in SAML Certificates, copy App Federation Metadata Url with its ?appid= part."))
            }
        }
        if let url = facts.cleanURL("sso_url") {
            if facts.hostIsUnexpected("sso_url") {
                issues.append(FieldChecks.issue(
                    "sso_url", "sso-url.unexpected-host", .error,
                    "Microsoft Entra ID's Login URL is on login.microsoftonline.com (or a national cloud's host), not \(url.host ?? "this host").",
                    hints, default: "\(Self.setUpSection), copy Login URL."))
            } else if url.path.lowercased().hasSuffix("federationmetadata.xml") {
                issues.append(FieldChecks.issue(
                    "sso_url", "sso-url.is-metadata-url", .error,
                    "This is the App Federation Metadata Url, not the Login URL.",
                    hints, default: "Switch to the App Federation Metadata Url mode and paste it there. For manual entry, copy Login URL from the section \"Set up <your application>\" on the application's Single sign-on page."))
            }
        }
        if let identifier = facts.cleanText("idp_entity_id") {
            let lowered = identifier.lowercased()
            if lowered.hasPrefix("https://login.microsoftonline.com/") {
                issues.append(FieldChecks.issue(
                    "idp_entity_id", "idp-entity-id.is-login-url", .error,
                    "This is the Login URL, not the Microsoft Entra Identifier.",
                    hints, default: "\(Self.setUpSection), copy Microsoft Entra Identifier: it starts with https://sts.windows.net/."))
            } else if identifier.range(of: "^https://sts\\.windows\\.net/[0-9a-fA-F-]{36}$", options: .regularExpression) != nil {
                issues.append(FieldChecks.issue(
                    "idp_entity_id", "idp-entity-id.missing-trailing-slash", .error,
                    "The Microsoft Entra Identifier lacks its final slash; Microsoft sends it with the slash, so sign-in would fail.",
                    hints, default: "Add the final / (as in https://sts.windows.net/<tenant-id>/), or copy the identifier again from the Set up section."))
            } else if identifier.range(of: "^https://sts\\.windows\\.net/[0-9a-fA-F-]{36}/$", options: .regularExpression) == nil {
                issues.append(FieldChecks.issue(
                    "idp_entity_id", "idp-entity-id.unexpected-format", .warning,
                    "The Microsoft Entra Identifier normally looks like https://sts.windows.net/<tenant-id>/; this one does not (fine for a national cloud).",
                    hints, default: "\(Self.setUpSection), copy Microsoft Entra Identifier exactly."))
            }
        }
        return issues
    }
}
