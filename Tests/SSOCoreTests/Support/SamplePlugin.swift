import Foundation
import SAML
import SSOCore

/// A provider defined in the test target, shaped like a built-in one, reading its guide from
/// a fixture file.
struct SamplePlugin: IdentityProviderPlugin {
    var descriptor = ProviderDescriptor(id: "sample-idp", name: "Sample IdP",
                                        summary: "A test identity provider <with> \"markup\" & ampersands.",
                                        protocol: .saml)
    var schema = SampleSchema.schema
    var guideFile = "Guides/sample.md"
    var troubleshootingFile = "Guides/sample-troubleshooting.md"

    func serviceProviderValues(for settings: ServiceProviderSettings) -> [ServiceProviderValue] {
        [ServiceProviderValue(label: "Single sign-on URL", value: settings.acsURL, help: "General tab > SAML Settings."),
         ServiceProviderValue(label: "Audience URI (SP Entity ID)", value: settings.entityID, help: "Directly below.")]
    }

    var attributeMapping = AttributeMapping(entries: [
        .init(purpose: .email, attributeName: "email", sourceValue: "user.email", isRequired: true),
        .init(purpose: .firstName, attributeName: "firstName", sourceValue: "user.firstName", isRequired: false),
        .init(purpose: .lastName, attributeName: "lastName", sourceValue: "user.lastName", isRequired: false),
    ], nameIDIsEmail: true)

    func validate(_ configuration: ProviderConfiguration, context: ValidationContext) async -> ValidationReport {
        FieldChecks.checkAll(configuration, schema: schema, context: context).report
    }

    func resolve(_ configuration: ProviderConfiguration, context: ValidationContext) async throws(ResolutionError)
        -> IdentityProviderSettings {
        throw ResolutionError(report: await validate(configuration, context: context))
    }

    func setupGuide() throws(SetupGuideError) -> SetupGuide {
        let bytes = (try? Fixture.text(guideFile)).map { Array($0.utf8) } ?? []
        return try SetupGuide.load(bytes: bytes, providerID: descriptor.id)
    }

    func troubleshootingGuide() throws(SetupGuideError) -> TroubleshootingGuide {
        let bytes = (try? Fixture.text(troubleshootingFile)).map { Array($0.utf8) } ?? []
        return try TroubleshootingGuide.load(bytes: bytes, providerID: descriptor.id)
    }

    var examples: [ProviderExample] { [] }
}
