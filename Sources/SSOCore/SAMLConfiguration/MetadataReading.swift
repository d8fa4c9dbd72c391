import Foundation
import SAML

/// Reads IdP metadata (an uploaded file or a fetched URL) into identity-provider settings,
/// turning every SAML-layer error into a validation issue on the field it came from.
enum MetadataReading {
    /// The outcome: settings when the metadata is usable, and every issue found.
    struct Outcome {
        var settings: IdentityProviderSettings?
        var issues: [ValidationIssue]
    }

    /// Reads a metadata document.
    /// - Parameters:
    ///   - data: The document.
    ///   - field: The field it came from (`metadata_url` or `metadata_xml`).
    ///   - context: The clock.
    ///   - wording: The provider console's words.
    /// - Returns: The settings and issues; certificate expiry is checked at `context.now`.
    static func read(_ data: Data, field: String, context: ValidationContext, wording: ProviderWording) -> Outcome {
        do {
            let settings = try parse(data, now: context.now, nameIDFormat: wording.nameIDFormat)
            // Metadata reading defers libcrypto's full parse of each certificate; a
            // configuration is about to be trusted, so it happens here.
            var issues: [ValidationIssue] = []
            for certificate in settings.signingCertificates {
                do {
                    _ = try certificate.validated()
                } catch {
                    issues.append(issue(for: error, field: field, wording: wording))
                }
            }
            guard issues.isEmpty else { return Outcome(settings: nil, issues: issues) }
            issues = certificateIssues(settings.signingCertificates, field: field, now: context.now, wording: wording)
            if settings.ssoURL.scheme?.lowercased() == "http" {
                issues.append(ValidationIssue(
                    field: field, code: "metadata.insecure-sso-url", severity: .warning,
                    message: "The metadata's single sign-on URL \(settings.ssoURL.absoluteString) uses http, so sign-in requests and the identity provider's login page travel unencrypted.",
                    fixHint: wording.hint("metadata.insecure-sso-url",
                                          otherwise: "Serve the identity provider over https and download its metadata again.")))
            }
            return Outcome(settings: settings, issues: issues)
        } catch {
            return Outcome(settings: nil, issues: [issue(for: error, field: field, wording: wording)])
        }
    }

    /// The issue for a SAML-layer error (`metadata.*`, `xml.*`, `fetch.*`, `certificate.*`):
    /// its code and message as they are, and the provider's fix hint for that code.
    /// - Parameters:
    ///   - error: The error.
    ///   - field: The field it came from.
    ///   - wording: The provider console's words.
    /// - Returns: An error-severity issue.
    static func issue(for error: SAMLError, field: String, wording: ProviderWording) -> ValidationIssue {
        let code = error.code.rawValue
        let fallback = code.hasPrefix("fetch.")
            ? "Check that the URL opens in a browser and shows XML that starts with <EntityDescriptor or <md:EntityDescriptor. Copy it again from \(wording.consoleName)."
            : "Download the metadata again from \(wording.consoleName) and use it unchanged."
        return ValidationIssue(field: field, code: code, severity: .error, message: error.message,
                               fixHint: wording.hint(code, otherwise: fallback))
    }

    /// Warnings about the metadata's signing certificates at `now` (expired, expiring within
    /// 30 days, not yet valid, weak key, SHA-1), as `FieldChecks` reports them for pasted
    /// certificates: warnings, because trust is pinned and signatures still verify.
    static func certificateIssues(_ certificates: [Certificate], field: String, now: Date,
                                  wording: ProviderWording) -> [ValidationIssue] {
        certificates.flatMap { certificate in
            certificate.warnings(now: now).map { warning in
                ValidationIssue(field: field, code: warning.code, severity: .warning, message: warning.message,
                                fixHint: wording.hint(warning.code,
                                                      otherwise: "Check the signing certificates in \(wording.consoleName)."))
            }
        }
    }

    /// Parses metadata with the SAML layer (hardened libxml2; refuses DTDs, bounded size) and
    /// picks the settings: HTTP-Redirect when offered, every signing certificate. The
    /// provider's Name ID format wins over the metadata's when it has one.
    static func parse(_ data: Data, now: Date, nameIDFormat: String?) throws(SAMLError) -> IdentityProviderSettings {
        var settings = try IdentityProviderMetadata.parse(data, now: now).settings()
        if let nameIDFormat { settings.nameIDFormat = nameIDFormat }
        return settings
    }
}
