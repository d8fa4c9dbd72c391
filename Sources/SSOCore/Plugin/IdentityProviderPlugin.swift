import Foundation
import SAML

/// An identity provider that customers' IT admins can set up themselves: Okta, Google
/// Workspace, Microsoft Entra ID, any SAML 2.0 IdP, or one a contributor adds.
///
/// A plugin is a value: it describes the provider (``descriptor``), the fields an admin fills
/// in (``schema``), the service-provider values to show the admin in the provider console's
/// own words (``serviceProviderValues(for:)``), the attributes to map
/// (``attributeMapping``), validation of what the admin submitted
/// (``validate(_:context:)``), the identity-provider settings a valid configuration resolves
/// to (``resolve(_:context:)``), its bundled setup guide (``setupGuide()``) and its bundled
/// troubleshooting guide for failed sign-ins (``troubleshootingGuide()``,
/// ``fix(for:values:settings:)``).
///
/// A SAML provider usually conforms to ``SAMLProviderPlugin`` instead, which supplies
/// validation, resolution, both guides and the fixes from its data (console wording, quirks,
/// bundled Markdown).
///
/// ## Implementation requirements
/// - ``descriptor``'s `id` is stable, kebab-case, and unique in a registry: it appears in
///   URLs, stored connections and generated docs. Never rename it.
/// - Every field key that ``validate(_:context:)`` reports and every field a setup guide step
///   names exists in ``schema``.
/// - ``validate(_:context:)`` never throws and never stops at the first problem: it reports
///   every issue at once, each with a stable dotted code, a severity, a message and a fix
///   hint worded for the provider's console. A configuration with no error-severity issue
///   must resolve with ``resolve(_:context:)``.
/// - ``validate(_:context:)`` uses the network only through `context.metadataFetcher`
///   (nil means syntax-level checks only) and reads the time only from `context.now`.
/// - ``setupGuide()`` loads Markdown bundled in the provider's own target through one
///   accessor; a missing or malformed resource is a thrown ``SetupGuideError``, never a crash.
///   The guide has the five standard steps (``SetupStep/Kind``), uses only known
///   ``GuidePlaceholder``s, and each step names only fields that exist in ``schema``.
/// - ``troubleshootingGuide()`` loads Markdown bundled beside the setup guide
///   (`Resources/troubleshooting.md`) the same way, with the same rule: a missing or
///   malformed resource is a thrown ``SetupGuideError``. It answers every code of
///   ``SignInFailureCodes/all``, with the provider's own section or, where the wording really
///   is the same for every console, a shared section its Markdown lists explicitly
///   (`<!-- shared: … -->`); it uses only ``TroubleshootingPlaceholder``s. Each own section
///   names the console's fields by the labels the console shows and shows the observed and
///   expected values of the failure (`{{observed_audience}}`, `{{expected_audience}}`, …).
/// - ``fix(for:values:settings:)`` returns that section filled with the failure's values,
///   or nil for a code the guide does not answer (or a broken guide); it never throws and
///   never crashes. The default implementation does exactly this.
/// - ``examples`` holds valid and invalid configurations with the issue codes each must
///   produce; the conformance suite runs them for every registered provider.
/// - The type is `Sendable` and holds no mutable state.
public protocol IdentityProviderPlugin: Sendable {
    /// Identity and presentation: id, display name, summary, protocol.
    var descriptor: ProviderDescriptor { get }

    /// The fields the admin fills in, grouped into alternative modes.
    var schema: ConfigSchema { get }

    /// The service-provider values the admin enters in the IdP's console, labelled as that
    /// console labels them.
    /// - Parameter settings: The host's service-provider settings.
    /// - Returns: The values in the order the console asks for them.
    func serviceProviderValues(for settings: ServiceProviderSettings) -> [ServiceProviderValue]

    /// The attributes the admin must configure in the IdP, and the default mapping used to
    /// read email, first and last name out of an assertion.
    var attributeMapping: AttributeMapping { get }

    /// Validates a configuration and reports every problem at once.
    /// - Parameters:
    ///   - configuration: What the admin submitted.
    ///   - context: The clock and optional metadata fetcher to use.
    /// - Returns: The report; it has no error when the configuration can be used.
    func validate(_ configuration: ProviderConfiguration, context: ValidationContext) async -> ValidationReport

    /// The normalized SAML identity-provider settings a valid configuration produces.
    /// - Parameters:
    ///   - configuration: A configuration whose report has no error.
    ///   - context: The clock and optional metadata fetcher to use.
    /// - Returns: The identity-provider settings.
    /// - Throws: ``ResolutionError`` when the configuration does not resolve; it carries the
    ///   validation report.
    func resolve(_ configuration: ProviderConfiguration, context: ValidationContext) async throws(ResolutionError)
        -> IdentityProviderSettings

    /// The provider's setup guide, parsed from its bundled Markdown.
    /// - Returns: The guide with placeholders not yet filled.
    /// - Throws: ``SetupGuideError`` when the resource is missing or malformed.
    func setupGuide() throws(SetupGuideError) -> SetupGuide

    /// The steps to fix a failed sign-in in this provider's console, as plain text without
    /// the failure's values. Prefer ``fix(for:values:settings:)``, which fills them in; the
    /// default implementation is that fix's ``FilledTroubleshootingSection/plainText`` with
    /// no values and no settings.
    /// - Parameter failureCode: A stable failure code, such as `conditions.audience-mismatch`.
    /// - Returns: A hint, or nil when the provider has nothing to say.
    func fixHint(for failureCode: String) -> String?

    /// The provider's troubleshooting guide, parsed from its bundled Markdown, with the
    /// shared sections it lists.
    /// - Returns: The guide with placeholders not yet filled.
    /// - Throws: ``SetupGuideError`` when the resource is missing or malformed.
    func troubleshootingGuide() throws(SetupGuideError) -> TroubleshootingGuide

    /// What to change in this provider's console after a failed sign-in, with the failure's
    /// values filled in.
    /// - Parameters:
    ///   - failureCode: A code of ``SignInFailureCodes/all``.
    ///   - values: The failure's values by placeholder name: the `SAMLError`'s `details`
    ///     and the lifecycle's ``SignInDetailKey`` values.
    ///   - settings: The connection's service-provider settings.
    /// - Returns: The filled section, or nil when the guide has none for the code (or the
    ///   guide does not load, which the conformance suite catches before release).
    func fix(for failureCode: String, values: [String: String], settings: ServiceProviderSettings) -> FilledTroubleshootingSection?

    /// Valid and invalid example configurations with the issue codes each must produce.
    var examples: [ProviderExample] { get }

    /// The mapping used to read email, first and last name out of assertions for one saved
    /// configuration: ``attributeMapping`` unless the configuration overrides attribute names
    /// (as the generic SAML provider's `attribute_mapping` field does).
    /// - Parameter configuration: The connection's configuration.
    /// - Returns: The mapping to apply.
    func attributeMapping(for configuration: ProviderConfiguration) -> AttributeMapping
}

extension IdentityProviderPlugin {
    /// ``attributeMapping``: most providers' attribute names are fixed by their guide.
    /// - Parameter configuration: The connection's configuration (unused).
    /// - Returns: ``attributeMapping``.
    public func attributeMapping(for configuration: ProviderConfiguration) -> AttributeMapping {
        attributeMapping
    }
}

extension IdentityProviderPlugin {
    /// The shared, console-neutral sections only (``TroubleshootingGuide/shared()``): what a
    /// plugin that bundles no troubleshooting Markdown offers. It does not answer every
    /// code, so such a plugin does not pass the conformance suite; ``SAMLProviderPlugin``
    /// supplies the real guide from the provider's bundled Markdown.
    /// - Returns: The shared guide.
    /// - Throws: ``SetupGuideError`` when the shared resource is broken.
    public func troubleshootingGuide() throws(SetupGuideError) -> TroubleshootingGuide {
        try TroubleshootingGuide.shared()
    }

    /// The section of ``troubleshootingGuide()`` that answers `failureCode`, filled with
    /// `values` and `settings`; nil when there is none or the guide does not load.
    /// - Parameters:
    ///   - failureCode: A failure code.
    ///   - values: The failure's values by placeholder name.
    ///   - settings: The connection's service-provider settings.
    /// - Returns: The filled section.
    public func fix(for failureCode: String, values: [String: String],
                    settings: ServiceProviderSettings) -> FilledTroubleshootingSection? {
        guard let guide = try? troubleshootingGuide(), let section = guide.section(for: failureCode) else { return nil }
        return section.filled(with: values, settings: settings)
    }

    /// The plain text of ``fix(for:values:settings:)`` with no values and no settings, so
    /// every value reads as its fallback words.
    /// - Parameter failureCode: A failure code.
    /// - Returns: The hint, or nil.
    public func fixHint(for failureCode: String) -> String? {
        fix(for: failureCode, values: [:], settings: ServiceProviderSettings(acsURL: "", entityID: ""))?.plainText
    }
}
