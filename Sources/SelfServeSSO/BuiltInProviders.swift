// Re-exported so a host that depends on SelfServeSSO can name a built-in plugin's own API,
// such as `GenericSAMLPlugin.attributeMapping(for:)`.
@_exported import EntraIDProvider
@_exported import GenericSAMLProvider
@_exported import GoogleWorkspaceProvider
@_exported import OktaProvider
@_exported import SAML
@_exported import SSOCore
@_exported import SSOLifecycle
@_exported import SSOPostgreSQL
@_exported import SSOSQLite

/// The identity providers that ship with SelfServeSSO.
///
/// To add a provider: create `Providers/<Name>/` with its plugin and `Resources/guide.md`,
/// add `<Name>` to `providerNames` in `Package.swift`, and add one line to ``all``. The
/// conformance suite then runs its examples and checks its guide with no new test code.
public enum BuiltInProviders {
    /// Okta, Google Workspace, Microsoft Entra ID and generic SAML 2.0, in picker order.
    public static let all: [any IdentityProviderPlugin] = [
        OktaPlugin(),
        GoogleWorkspacePlugin(),
        EntraIDPlugin(),
        GenericSAMLPlugin(),
    ]

    /// A registry of the built-in providers, in the order of ``all``.
    /// - Returns: The registry.
    public static func registry() -> ProviderRegistry {
        do {
            return try ProviderRegistry(all)
        } catch {
            // Not reachable from any input: `all` is a constant whose ids the conformance
            // suite proves distinct and kebab-case (`BuiltInRegistryTests`). A broken edit
            // of the list is a programming error that those tests report before it ships.
            preconditionFailure("The built-in provider list is invalid: \(error.description)")
        }
    }
}
