import SSOCore
import Testing

@Suite struct ProviderRegistryTests {
    func plugin(_ id: String) -> SamplePlugin {
        var plugin = SamplePlugin()
        plugin.descriptor = ProviderDescriptor(id: id, name: id, summary: "s", protocol: .saml)
        return plugin
    }

    @Test func keepsTheGivenOrderAndLooksUpByID() throws {
        let registry = try ProviderRegistry([plugin("zeta"), plugin("alpha"), plugin("mid-1")])
        #expect(registry.ids == ["zeta", "alpha", "mid-1"])
        #expect(registry.plugin(id: "alpha")?.descriptor.id == "alpha")
        #expect(registry.plugin(id: "missing") == nil)
    }

    @Test func duplicateIDIsAnError() {
        #expect(throws: ProviderRegistryError.duplicateID("okta")) {
            try ProviderRegistry([plugin("okta"), plugin("other"), plugin("okta")])
        }
        #expect(ProviderRegistryError.duplicateID("okta").code == "registry.duplicate-id")
    }

    @Test(arguments: ["Okta", "entra_id", "-okta", "okta-", "en--tra", "1okta", "", "ok ta", "ökta"])
    func malformedIDIsAnError(id: String) {
        #expect(throws: ProviderRegistryError.invalidID(id)) { try ProviderRegistry([plugin(id)]) }
    }

    @Test(arguments: ["okta", "google-workspace", "entra-id", "generic-saml", "a1-b2"])
    func kebabCaseIDsAreValid(id: String) {
        #expect(ProviderDescriptor.isValidID(id))
    }

    @Test func emptyRegistryIsAllowed() throws {
        let registry = try ProviderRegistry([])
        #expect(registry.ids.isEmpty)
        #expect(registry.catalogJSON() == .array([]))
    }
}
