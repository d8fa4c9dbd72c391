import SelfServeSSO
import Testing

/// One parameterized suite over every registered provider: a provider added to
/// `BuiltInProviders.all` is tested here without new test code.
@Suite("Provider conformance")
struct ProviderConformanceSuite {
    @Test("descriptor: kebab-case id, name, summary", arguments: ProviderUnderTest.all)
    func descriptor(_ provider: ProviderUnderTest) {
        ConformanceChecks.descriptor(provider.plugin)
    }

    @Test("schema: modes and fields are well formed", arguments: ProviderUnderTest.all)
    func schema(_ provider: ProviderUnderTest) {
        ConformanceChecks.schema(provider.plugin)
    }

    @Test("JSON Schema export exists and agrees with the examples", arguments: ProviderUnderTest.all)
    func jsonSchema(_ provider: ProviderUnderTest) {
        ConformanceChecks.jsonSchema(provider.plugin)
    }

    @Test("service-provider values include the ACS URL and entity ID", arguments: ProviderUnderTest.all)
    func serviceProviderValues(_ provider: ProviderUnderTest) {
        ConformanceChecks.serviceProviderValues(provider.plugin)
    }

    @Test("attribute mapping has an email entry", arguments: ProviderUnderTest.all)
    func attributeMapping(_ provider: ProviderUnderTest) {
        ConformanceChecks.attributeMapping(provider.plugin)
    }

    @Test("guide loads, fits the schema, and renders with no placeholder left", arguments: ProviderUnderTest.all)
    func guide(_ provider: ProviderUnderTest) {
        ConformanceChecks.guide(provider.plugin)
    }

    @Test("troubleshooting guide: a section for every sign-in failure code, rendered with its values", arguments: ProviderUnderTest.all)
    func troubleshooting(_ provider: ProviderUnderTest) {
        ConformanceChecks.troubleshooting(provider.plugin)
    }

    @Test("examples cover every mode, valid and invalid", arguments: ProviderUnderTest.all)
    func exampleCoverage(_ provider: ProviderUnderTest) {
        ConformanceChecks.exampleCoverage(provider.plugin)
    }

    @Test("every example produces its codes", arguments: ProviderUnderTest.all)
    func examples(_ provider: ProviderUnderTest) async {
        await ConformanceChecks.examples(provider.plugin)
    }

    @Test("valid examples resolve", arguments: ProviderUnderTest.all)
    func validExamplesResolve(_ provider: ProviderUnderTest) async {
        await ConformanceChecks.validExamplesResolve(provider.plugin)
    }

    @Test("ids are unique across registered providers")
    func idsAreUnique() {
        let ids = ProviderUnderTest.all.map(\.plugin.descriptor.id)
        #expect(Set(ids).count == ids.count, "duplicate ids in \(ids)")
    }
}
