import SelfServeSSO
import Testing

/// One registered provider as a test argument, shown by its id in test output.
struct ProviderUnderTest: Sendable, CustomTestStringConvertible {
    let plugin: any IdentityProviderPlugin

    var testDescription: String { plugin.descriptor.id }

    /// Every built-in provider plus the test-defined fifth one: the conformance suite has no
    /// per-provider code, so a provider added to `BuiltInProviders.all` is tested here as is.
    static let all: [ProviderUnderTest] =
        (BuiltInProviders.all + [ExampleCorpPlugin()]).map(ProviderUnderTest.init(plugin:))
}
