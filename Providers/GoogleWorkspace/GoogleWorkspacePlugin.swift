import Foundation
import SAML
import SSOCore

/// Google Workspace (skeleton; being filled in).
public struct GoogleWorkspacePlugin: IdentityProviderPlugin {
    /// Creates the plugin.
    public init() {}
    /// See IdentityProviderPlugin/descriptor.
    public var descriptor: ProviderDescriptor {
        ProviderDescriptor(id: "google-workspace", name: "Google Workspace", summary: "", protocol: .saml)
    }
    /// See IdentityProviderPlugin/schema.
    public var schema: ConfigSchema { ConfigSchema(modes: []) }
    /// See IdentityProviderPlugin/serviceProviderValues(for:).
    public func serviceProviderValues(for settings: ServiceProviderSettings) -> [ServiceProviderValue] { [] }
    /// See IdentityProviderPlugin/attributeMapping.
    public var attributeMapping: AttributeMapping { AttributeMapping(entries: [], nameIDIsEmail: true) }
    /// See IdentityProviderPlugin/validate(_:context:).
    public func validate(_ configuration: ProviderConfiguration, context: ValidationContext) async -> ValidationReport { ValidationReport() }
    /// See IdentityProviderPlugin/resolve(_:context:).
    public func resolve(_ configuration: ProviderConfiguration, context: ValidationContext) async throws(ResolutionError) -> IdentityProviderSettings {
        throw ResolutionError(report: ValidationReport())
    }
    /// See IdentityProviderPlugin/setupGuide().
    public func setupGuide() throws(SetupGuideError) -> SetupGuide {
        SetupGuide(title: String(decoding: PackageResources.guide_md, as: UTF8.self), introduction: "", steps: [])
    }
    /// See IdentityProviderPlugin/fixHint(for:).
    public func fixHint(for failureCode: String) -> String? { nil }
    /// See IdentityProviderPlugin/examples.
    public var examples: [ProviderExample] { [] }
}
