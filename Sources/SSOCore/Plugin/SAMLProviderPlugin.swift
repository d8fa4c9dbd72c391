import SAML

/// A SAML identity provider described by its data: what differs from one SAML provider to
/// the next. Validation, resolution, the setup guide, the troubleshooting guide and the fixes
/// come from this protocol's extension, which every SAML provider shares.
///
/// A conforming type declares only:
/// - ``IdentityProviderPlugin/descriptor``, ``IdentityProviderPlugin/schema`` (the standard
///   modes and field keys, see `SAMLConfigurationCheck`),
///   ``IdentityProviderPlugin/serviceProviderValues(for:)``,
///   ``IdentityProviderPlugin/attributeMapping`` and ``IdentityProviderPlugin/examples``;
/// - ``wording``: the console's name and fix hints for validation issues, in the console's
///   words;
/// - ``quirks(_:)``: the provider's own checks, run after the shared ones (default: none);
/// - ``bundledMarkdown``: its `Resources/guide.md` and `Resources/troubleshooting.md`.
///
/// ## Implementation requirements
/// Those of ``IdentityProviderPlugin``, plus: ``quirks(_:)`` reads only the facts it is
/// given (no network, no clock) and reports issues with stable dotted codes and fix hints
/// from ``wording``; ``bundledMarkdown`` returns the bytes SwiftPM embedded, unchanged.
public protocol SAMLProviderPlugin: IdentityProviderPlugin {
    /// How the provider's console names things, for validation fix hints; and the Name ID
    /// format to request.
    var wording: ProviderWording { get }

    /// The provider's own configuration checks, run after the shared ones.
    /// - Parameter facts: What the shared checks learned (mode, parsed URLs, certificates,
    ///   resolved settings).
    /// - Returns: The issues found; empty when the configuration fits the provider.
    func quirks(_ facts: SAMLConfigurationFacts) -> [ValidationIssue]

    /// The provider's embedded setup and troubleshooting Markdown.
    var bundledMarkdown: BundledMarkdown { get }
}

extension SAMLProviderPlugin {
    /// No checks beyond the shared ones.
    /// - Parameter facts: What the shared checks learned.
    /// - Returns: No issues.
    public func quirks(_ facts: SAMLConfigurationFacts) -> [ValidationIssue] { [] }

    /// The shared checks of the standard modes (required fields, URL shape and https,
    /// expected hosts, certificates and their expiry at `context.now`, metadata read from a
    /// file, or from a URL through `context.metadataFetcher`), then ``quirks(_:)``; fix hints
    /// in ``wording``.
    /// - Parameters:
    ///   - configuration: What the admin submitted.
    ///   - context: The clock and optional metadata fetcher.
    /// - Returns: Every issue found.
    public func validate(_ configuration: ProviderConfiguration, context: ValidationContext) async -> ValidationReport {
        await SAMLConfigurationCheck.validate(configuration, schema: schema, context: context, wording: wording,
                                              quirks: { quirks($0) })
    }

    /// The manual values as entered, or the metadata read from the file or the URL (through
    /// `context.metadataFetcher`), with ``wording``'s Name ID format.
    /// - Parameters:
    ///   - configuration: A configuration whose report has no error.
    ///   - context: The clock and metadata fetcher.
    /// - Returns: The identity-provider settings.
    /// - Throws: ``ResolutionError`` with the report when it does not resolve.
    public func resolve(_ configuration: ProviderConfiguration, context: ValidationContext) async throws(ResolutionError)
        -> IdentityProviderSettings {
        try await SAMLConfigurationCheck.resolve(configuration, schema: schema, context: context, wording: wording,
                                                 quirks: { quirks($0) })
    }

    /// The setup guide parsed from ``bundledMarkdown``.
    /// - Returns: The guide, placeholders not yet filled.
    /// - Throws: ``SetupGuideError`` when the resource is empty, not UTF-8 or malformed.
    public func setupGuide() throws(SetupGuideError) -> SetupGuide {
        try SetupGuide.load(bytes: bundledMarkdown.guide, providerID: descriptor.id, resource: "Resources/guide.md")
    }

    /// The troubleshooting guide parsed from ``bundledMarkdown``, with the shared sections
    /// its Markdown lists.
    /// - Returns: The guide, placeholders not yet filled.
    /// - Throws: ``SetupGuideError`` when the resource is empty, not UTF-8 or malformed.
    public func troubleshootingGuide() throws(SetupGuideError) -> TroubleshootingGuide {
        try TroubleshootingGuide.load(bytes: bundledMarkdown.troubleshooting, providerID: descriptor.id,
                                      resource: "Resources/troubleshooting.md")
    }
}
