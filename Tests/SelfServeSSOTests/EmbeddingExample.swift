import Foundation
import SelfServeSSO

// The README's "Embedding it in a host service" example, compiled and run by
// `EmbeddingExampleTests` so it cannot rot. `ReadmeExampleTests` checks that the README shows
// exactly the code between the markers below.

// BEGIN README EXAMPLE
/// A provider id the example asks for is not registered.
struct ProviderMissing: Error {}

/// What a host's "Set up SSO" screen does with the package, end to end.
func setUpOkta(now: Date) async throws -> (guide: SetupGuide, report: ValidationReport) {
    let registry = BuiltInProviders.registry()

    // 1. The provider picker: stable ids, display names, summaries, in a stable order.
    for plugin in registry.plugins {
        print(plugin.descriptor.id, "-", plugin.descriptor.name, "-", plugin.descriptor.summary)
    }

    // 2. The setup guide, with this connection's service-provider values filled in.
    guard let okta = registry.plugin(id: "okta") else { throw ProviderMissing() }
    let settings = ServiceProviderSettings(
        acsURL: "https://app.example.com/sso/saml/acs/conn_123",
        entityID: "https://app.example.com/sso/saml/metadata/conn_123",
        organizationName: "Acme Corp")
    for value in okta.serviceProviderValues(for: settings) {
        print("\(value.label): \(value.value)")  // labelled as Okta's console labels them
    }
    let guide = try okta.setupGuide().filled(with: settings, providerID: okta.descriptor.id)
    for step in guide.steps {
        // Show each step next to the form fields it explains, as HTML.
        print("##", step.title, "explains", step.fields, "->", step.bodyHTML().prefix(60))
    }

    // 3. Validate what the admin submitted: the form posts one JSON object.
    let submitted = Data(#"""
        {"mode": "metadata-url",
         "metadata_url": "https://acme.okta.com/app/exk1a2b3c4d5e6f7g8h9/sso/saml/metadata"}
        """#.utf8)
    let configuration = try JSONDecoder().decode(ProviderConfiguration.self, from: submitted)
    let report = await okta.validate(configuration, context: ValidationContext(now: now))
    for issue in report.issues {
        print(issue.severity, issue.field, issue.code, issue.message, "Fix:", issue.fixHint)
    }
    return (guide, report)
}
// END README EXAMPLE
