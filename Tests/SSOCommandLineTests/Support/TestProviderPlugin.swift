import Foundation
import SelfServeSSO
import SSOCommandLine

/// A small provider defined in the tests, so command tests do not depend on the wording of
/// the built-in providers: a metadata URL mode that must be https, and a manual mode.
struct TestProviderPlugin: IdentityProviderPlugin {
    let descriptor = ProviderDescriptor(id: "test-idp", name: "Test IdP",
                                        summary: "A provider used by the command line tests.", protocol: .saml)

    let schema = ConfigSchema(modes: [
        ConfigMode(id: ConfigMode.metadataURL, title: "Metadata URL", summary: "Paste the metadata URL.", fields: [
            ConfigField(key: "metadata_url", label: "Metadata URL", kind: .url(schemes: ["https"]),
                        help: "Copy it from the Test IdP console.", example: "https://idp.example.com/metadata"),
        ]),
        ConfigMode(id: ConfigMode.manual, title: "Manual", summary: "Enter the values yourself.", fields: [
            ConfigField(key: "sso_url", label: "SSO URL", kind: .url(schemes: ["https"]), help: "The sign-on URL."),
            ConfigField(key: "issuer", label: "Issuer", kind: .text, isRequired: false, help: "The IdP entity ID."),
        ]),
    ])

    func serviceProviderValues(for settings: ServiceProviderSettings) -> [ServiceProviderValue] {
        [ServiceProviderValue(label: "Reply URL", value: settings.acsURL, help: "Paste it in the Reply URL box.")]
    }

    let attributeMapping = AttributeMapping(entries: [
        .init(purpose: .email, attributeName: "email", sourceValue: "user.email", isRequired: true),
    ], nameIDIsEmail: true)

    func validate(_ configuration: ProviderConfiguration, context: ValidationContext) async -> ValidationReport {
        var report = ValidationReport()
        guard configuration.mode == ConfigMode.metadataURL else {
            report.append(ValidationIssue(field: "mode", code: "mode.unknown", severity: .error,
                                          message: "Unknown mode.", fixHint: "Use metadata-url."))
            return report
        }
        guard let url = configuration.text("metadata_url") else {
            report.append(ValidationIssue(field: "metadata_url", code: "metadata-url.missing", severity: .error,
                                          message: "The metadata URL is missing.", fixHint: "Copy it from the console."))
            return report
        }
        if !url.hasPrefix("https://") {
            report.append(ValidationIssue(field: "metadata_url", code: "metadata-url.not-https", severity: .error,
                                          message: "The metadata URL must use https.", fixHint: "Use the https link."))
        }
        if let fetcher = context.metadataFetcher, let location = URL(string: url) {
            do {
                _ = try await fetcher.fetch(location)
            } catch {
                report.append(ValidationIssue(field: "metadata_url", code: error.code.rawValue, severity: .error,
                                              message: error.message, fixHint: "Check the link."))
            }
        }
        if !url.contains("idp.example.com") {
            report.append(ValidationIssue(field: "metadata_url", code: "metadata-url.unexpected-host", severity: .warning,
                                          message: "The host is not a Test IdP host.", fixHint: "Check the link."))
        }
        return report
    }

    func resolve(_ configuration: ProviderConfiguration, context: ValidationContext) async throws(ResolutionError)
        -> IdentityProviderSettings {
        throw ResolutionError(report: await validate(configuration, context: context))
    }

    func setupGuide() throws(SetupGuideError) -> SetupGuide {
        SetupGuide(title: "Set up Test IdP", introduction: "For {{organization_name}}.", steps: [
            SetupStep(kind: .createApp, title: "Create the app", body: "Click **New app**.", fields: []),
            SetupStep(kind: .serviceProviderValues, title: "Enter our values", body: "Reply URL: `{{acs_url}}`", fields: []),
            SetupStep(kind: .attributeMapping, title: "Map attributes", body: "Map `email`.", fields: []),
            SetupStep(kind: .assignUsers, title: "Assign users", body: "Assign people.", fields: []),
            SetupStep(kind: .identityProviderValues, title: "Copy the metadata URL", body: "Copy it.",
                      fields: ["metadata_url"]),
        ])
    }

    func fixHint(for failureCode: String) -> String? { nil }

    let examples: [ProviderExample] = []
}

extension CommandLineTool {
    /// The tool with only ``TestProviderPlugin``.
    static func withTestProvider() throws -> CommandLineTool {
        .testing(registry: try ProviderRegistry([TestProviderPlugin()]))
    }
}

/// ``TestProviderPlugin`` whose bundled guide is missing, as a broken build would have it.
struct MissingGuidePlugin: IdentityProviderPlugin {
    private let base = TestProviderPlugin()
    var descriptor: ProviderDescriptor { base.descriptor }
    var schema: ConfigSchema { base.schema }
    func serviceProviderValues(for settings: ServiceProviderSettings) -> [ServiceProviderValue] {
        base.serviceProviderValues(for: settings)
    }
    var attributeMapping: AttributeMapping { base.attributeMapping }
    func validate(_ configuration: ProviderConfiguration, context: ValidationContext) async -> ValidationReport {
        await base.validate(configuration, context: context)
    }
    func resolve(_ configuration: ProviderConfiguration, context: ValidationContext) async throws(ResolutionError)
        -> IdentityProviderSettings {
        try await base.resolve(configuration, context: context)
    }
    func setupGuide() throws(SetupGuideError) -> SetupGuide {
        throw .resourceMissing(provider: descriptor.id, resource: "Resources/guide.md")
    }
    func fixHint(for failureCode: String) -> String? { nil }
    var examples: [ProviderExample] { [] }
}
