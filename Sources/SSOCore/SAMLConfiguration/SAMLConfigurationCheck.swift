import Foundation
import SAML

/// The validation and resolution every SAML provider plugin shares, for the three standard
/// modes and their standard field keys:
///
/// | mode | fields |
/// | --- | --- |
/// | `metadata-url` | `metadata_url` |
/// | `metadata-file` | `metadata_xml` |
/// | `manual` | `sso_url`, `idp_entity_id`, `signing_certificates` |
///
/// It runs `FieldChecks.checkAll` (mode, required fields, URL shape and scheme, PEM
/// certificates and their expiry, XML well-formedness, unknown fields), then reads the
/// metadata — an uploaded file always, a metadata URL only through
/// `ValidationContext.metadataFetcher` — and finally the plugin's own quirks. A plugin's
/// `validate` and `resolve` are one line each; its wording and quirks are data.
package enum SAMLConfigurationCheck {
    /// Standard field keys.
    package enum Key {
        /// The metadata URL (mode `metadata-url`).
        package static let metadataURL = "metadata_url"
        /// The metadata document's contents (mode `metadata-file`).
        package static let metadataXML = "metadata_xml"
        /// The IdP's single sign-on URL (mode `manual`).
        package static let ssoURL = "sso_url"
        /// The IdP's entity ID, also called issuer (mode `manual`).
        package static let idpEntityID = "idp_entity_id"
        /// The IdP's signing certificates (mode `manual`).
        package static let signingCertificates = "signing_certificates"
        /// Attribute names by purpose (a common field, where a provider has one).
        package static let attributeMapping = "attribute_mapping"
    }

    /// A plugin's provider-specific checks, run after the shared ones.
    package typealias Quirks = (SAMLConfigurationFacts) -> [ValidationIssue]

    /// Validates a configuration and reports every issue at once.
    /// - Parameters:
    ///   - configuration: What the admin submitted.
    ///   - schema: The plugin's schema.
    ///   - context: The clock and optional metadata fetcher.
    ///   - wording: The provider console's words for fix hints.
    ///   - quirks: The plugin's own checks.
    /// - Returns: The report.
    package static func validate(_ configuration: ProviderConfiguration, schema: ConfigSchema,
                                 context: ValidationContext, wording: ProviderWording,
                                 quirks: Quirks = { _ in [] }) async -> ValidationReport {
        await evaluate(configuration, schema: schema, context: context, wording: wording, quirks: quirks,
                       resolving: false).report
    }

    /// Resolves a configuration to identity-provider settings.
    /// - Parameters:
    ///   - configuration: What the admin submitted.
    ///   - schema: The plugin's schema.
    ///   - context: The clock and metadata fetcher (needed for the `metadata-url` mode).
    ///   - wording: The provider console's words for fix hints.
    ///   - quirks: The plugin's own checks.
    /// - Returns: The settings.
    /// - Throws: ``ResolutionError`` carrying the report when there is an error, including
    ///   `metadata-url.not-fetched` when a metadata URL must be read but no fetcher was given.
    package static func resolve(_ configuration: ProviderConfiguration, schema: ConfigSchema,
                                context: ValidationContext, wording: ProviderWording,
                                quirks: Quirks = { _ in [] }) async throws(ResolutionError) -> IdentityProviderSettings {
        let outcome = await evaluate(configuration, schema: schema, context: context, wording: wording, quirks: quirks,
                                     resolving: true)
        guard !outcome.report.hasErrors, let settings = outcome.settings else {
            var report = outcome.report
            if !report.hasErrors {
                // A mode this shared code does not know: the plugin must resolve it itself.
                report.append(ValidationIssue(
                    field: "mode", code: "mode.not-resolvable", severity: .error,
                    message: "The mode \"\(configuration.mode)\" cannot be turned into sign-in settings.",
                    fixHint: "Use one of the standard modes: metadata-url, metadata-file or manual."))
            }
            throw ResolutionError(report: report)
        }
        return settings
    }

    // MARK: - The one pass

    static func evaluate(_ configuration: ProviderConfiguration, schema: ConfigSchema, context: ValidationContext,
                         wording: ProviderWording, quirks: Quirks,
                         resolving: Bool) async -> (report: ValidationReport, settings: IdentityProviderSettings?) {
        let checks = FieldChecks.checkAll(configuration, schema: schema, context: context, hints: wording.hints)
        var issues = checks.issues
        guard let mode = checks.mode else { return (ValidationReport(issues: issues), nil) }
        let clean = { (key: String) in !checks.issues.contains { $0.severity == .error && isAbout(key, $0.field) } }

        var settings: IdentityProviderSettings?
        switch mode.id {
        case ConfigMode.manual:
            if let ssoURL = checks.urls[Key.ssoURL], clean(Key.ssoURL),
               let entityID = configuration.text(Key.idpEntityID), clean(Key.idpEntityID),
               let certificates = checks.certificates[Key.signingCertificates], clean(Key.signingCertificates) {
                settings = IdentityProviderSettings(entityID: entityID, ssoURL: ssoURL, ssoBinding: .httpRedirect,
                                                    signingCertificates: certificates,
                                                    nameIDFormat: wording.nameIDFormat)
            }
        case ConfigMode.metadataFile:
            if let xml = configuration.text(Key.metadataXML), clean(Key.metadataXML) {
                let read = MetadataReading.read(Data(xml.utf8), field: Key.metadataXML, context: context, wording: wording)
                issues += read.issues
                settings = read.settings
            }
        case ConfigMode.metadataURL:
            if let url = checks.urls[Key.metadataURL], clean(Key.metadataURL) {
                if let fetcher = context.metadataFetcher {
                    do {
                        let data = try await fetcher.fetch(url)
                        let read = MetadataReading.read(data, field: Key.metadataURL, context: context, wording: wording)
                        issues += read.issues
                        settings = read.settings
                    } catch {
                        issues.append(MetadataReading.issue(for: error, field: Key.metadataURL, wording: wording))
                    }
                } else if resolving {
                    issues.append(ValidationIssue(
                        field: Key.metadataURL, code: "metadata-url.not-fetched", severity: .error,
                        message: "The metadata URL was not read: this check ran without network access, so the sign-on URL and certificates are not known yet.",
                        fixHint: wording.hint("metadata-url.not-fetched",
                                              otherwise: "Run the check again with network access, or use manual entry instead.")))
                }
            }
        default:
            break
        }
        let facts = SAMLConfigurationFacts(configuration: configuration, checks: checks, settings: settings)
        issues += quirks(facts)
        return (ValidationReport(issues: issues), issues.contains { $0.severity == .error } ? nil : settings)
    }

    /// Whether an issue's field path is about `key`: `key` itself, `key[1]` or `key.email`.
    static func isAbout(_ key: String, _ path: String) -> Bool {
        path == key || path.hasPrefix(key + "[") || path.hasPrefix(key + ".")
    }
}
