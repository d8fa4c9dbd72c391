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
/// to (``resolve(_:context:)``), its bundled setup guide (``setupGuide()``) and fix hints for
/// failed test sign-ins (``fixHint(for:)``).
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

    /// The steps to fix a failed test sign-in in this provider's console.
    /// - Parameter failureCode: A stable failure code, such as `conditions.audience-mismatch`.
    /// - Returns: A hint, or nil when the provider has nothing specific to say.
    func fixHint(for failureCode: String) -> String?

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
