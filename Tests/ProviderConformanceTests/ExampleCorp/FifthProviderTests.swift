import SelfServeSSO
import Testing

/// "Adding a fifth provider needs no new test code": a registry of the built-ins plus a
/// provider defined here passes the very checks the conformance suite runs.
@Suite("Adding a fifth provider")
struct FifthProviderTests {
    @Test("a host's registry of the built-ins plus ExampleCorp passes every conformance check")
    func registryWithFifthProvider() async throws {
        let registry = try ProviderRegistry(BuiltInProviders.all + [ExampleCorpPlugin()])
        #expect(registry.ids == ["okta", "google-workspace", "entra-id", "generic-saml", "example-corp-id"])
        let fifth = try #require(registry.plugin(id: "example-corp-id"))
        await ConformanceChecks.all(fifth)
    }

    @Test("the conformance suite's argument list picks the fifth provider up with the built-ins")
    func suiteArguments() {
        #expect(ProviderUnderTest.all.map(\.testDescription) == BuiltInProviders.all.map(\.descriptor.id) + ["example-corp-id"])
    }

    @Test("a broken fifth provider fails the checks: the suite can fail")
    func brokenProviderFails() {
        withKnownIssue("a guide with an unknown placeholder and a missing step is reported") {
            ConformanceChecks.guide(BrokenGuidePlugin())
        }
    }
}

/// ExampleCorp with a guide that uses an unknown placeholder.
private struct BrokenGuidePlugin: IdentityProviderPlugin {
    private let base = ExampleCorpPlugin()
    var descriptor: ProviderDescriptor { base.descriptor }
    var schema: ConfigSchema { base.schema }
    func serviceProviderValues(for settings: ServiceProviderSettings) -> [ServiceProviderValue] { base.serviceProviderValues(for: settings) }
    var attributeMapping: AttributeMapping { base.attributeMapping }
    func validate(_ configuration: ProviderConfiguration, context: ValidationContext) async -> ValidationReport {
        await base.validate(configuration, context: context)
    }
    func resolve(_ configuration: ProviderConfiguration, context: ValidationContext) async throws(ResolutionError) -> IdentityProviderSettings {
        try await base.resolve(configuration, context: context)
    }
    func setupGuide() throws(SetupGuideError) -> SetupGuide {
        try SetupGuide.parse(markdown: ExampleCorpPlugin.guide.replacingOccurrences(of: "{{acs_url}}", with: "{{acs_uri}}"),
                             providerID: descriptor.id)
    }
    func troubleshootingGuide() throws(SetupGuideError) -> TroubleshootingGuide { try base.troubleshootingGuide() }
    var examples: [ProviderExample] { base.examples }
}
