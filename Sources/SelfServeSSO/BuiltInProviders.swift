import EntraIDProvider
import GenericSAMLProvider
import GoogleWorkspaceProvider
import OktaProvider
@_exported import SAML
@_exported import SSOCore

/// The identity providers that ship with SelfServeSSO.
public enum BuiltInProviders {
    /// Okta, Google Workspace, Microsoft Entra ID and generic SAML 2.0, in picker order.
    public static let all: [any IdentityProviderPlugin] = [
        OktaPlugin(),
        GoogleWorkspacePlugin(),
        EntraIDPlugin(),
        GenericSAMLPlugin(),
    ]

    /// A registry of the built-in providers.
    /// - Returns: The registry.
    public static func registry() -> ProviderRegistry {
        // The built-in ids are distinct and kebab-case; a test asserts it.
        try! ProviderRegistry(all)
    }
}
