import SelfServeSSO
import Testing

/// The registry of built-in providers, and the registry rules a host relies on.
@Suite("Provider registry")
struct BuiltInRegistryTests {
    @Test("the built-in registry lists exactly the four providers, in picker order")
    func builtInIDs() {
        #expect(BuiltInProviders.registry().ids == ["okta", "google-workspace", "entra-id", "generic-saml"])
        #expect(BuiltInProviders.all.map(\.descriptor.name) == ["Okta Workforce", "Google Workspace", "Microsoft Entra ID", "Generic SAML 2.0"])
    }

    @Test("lookup by id finds the plugin; an unknown id finds nothing")
    func lookup() throws {
        let registry = BuiltInProviders.registry()
        for id in registry.ids {
            #expect(try #require(registry.plugin(id: id)).descriptor.id == id)
        }
        #expect(registry.plugin(id: "onelogin") == nil)
        #expect(registry.plugin(id: "") == nil)
        #expect(registry.plugin(id: "OKTA") == nil)
    }

    @Test("enumeration keeps the order the list was given in")
    func stableOrder() throws {
        let reversed = try ProviderRegistry(BuiltInProviders.all.reversed())
        #expect(reversed.ids == ["generic-saml", "entra-id", "google-workspace", "okta"])
        #expect(reversed.plugins.map(\.descriptor.id) == reversed.ids)
        #expect(try ProviderRegistry(BuiltInProviders.all).ids == BuiltInProviders.registry().ids)
    }

    @Test("a duplicate id is an error with a stable code")
    func duplicateID() {
        #expect(throws: ProviderRegistryError.duplicateID("okta")) {
            try ProviderRegistry(BuiltInProviders.all + [BuiltInProviders.all[0]])
        }
        do {
            _ = try ProviderRegistry([ExampleCorpPlugin(), ExampleCorpPlugin()])
            Issue.record("a duplicate id was accepted")
        } catch {
            #expect(error.code == "registry.duplicate-id")
            #expect(error.description.contains("example-corp-id"))
        }
    }

    @Test("an id that is not kebab-case is an error with a stable code")
    func invalidID() {
        do {
            _ = try ProviderRegistry([RenamedPlugin(id: "Example_Corp")])
            Issue.record("an invalid id was accepted")
        } catch {
            #expect(error == .invalidID("Example_Corp"))
            #expect(error.code == "registry.invalid-id")
        }
    }
}

/// ExampleCorp under another id, to feed the registry bad ids.
private struct RenamedPlugin: IdentityProviderPlugin {
    let id: String
    private let base = ExampleCorpPlugin()
    var descriptor: ProviderDescriptor {
        ProviderDescriptor(id: id, name: base.descriptor.name, summary: base.descriptor.summary, protocol: .saml)
    }
    var schema: ConfigSchema { base.schema }
    func serviceProviderValues(for settings: ServiceProviderSettings) -> [ServiceProviderValue] { base.serviceProviderValues(for: settings) }
    var attributeMapping: AttributeMapping { base.attributeMapping }
    func validate(_ configuration: ProviderConfiguration, context: ValidationContext) async -> ValidationReport {
        await base.validate(configuration, context: context)
    }
    func resolve(_ configuration: ProviderConfiguration, context: ValidationContext) async throws(ResolutionError) -> IdentityProviderSettings {
        try await base.resolve(configuration, context: context)
    }
    func setupGuide() throws(SetupGuideError) -> SetupGuide { try base.setupGuide() }
    func troubleshootingGuide() throws(SetupGuideError) -> TroubleshootingGuide { try base.troubleshootingGuide() }
    var examples: [ProviderExample] { base.examples }
}
