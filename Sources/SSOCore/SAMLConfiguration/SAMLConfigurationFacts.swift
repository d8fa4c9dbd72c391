import Foundation
import SAML

/// What the shared checks learned about a configuration, handed to a plugin's quirks so they
/// need not parse anything again.
public struct SAMLConfigurationFacts: Sendable {
    /// What the admin submitted.
    public let configuration: ProviderConfiguration
    /// The outcome of `FieldChecks.checkAll`: mode, issues, parsed URLs, host matches, certificates.
    public let checks: FieldChecks.Result
    /// The settings the configuration resolved to, when it got that far (manual values, or
    /// metadata that was read).
    public let settings: IdentityProviderSettings?

    /// Creates the facts.
    /// - Parameters:
    ///   - configuration: The configuration.
    ///   - checks: The shared checks' outcome.
    ///   - settings: The settings, if resolved.
    public init(configuration: ProviderConfiguration, checks: FieldChecks.Result, settings: IdentityProviderSettings?) {
        self.configuration = configuration
        self.checks = checks
        self.settings = settings
    }

    /// The chosen mode's identifier, or nil when it is unknown.
    public var modeID: String? { checks.mode?.id }

    /// A URL field that parsed and has no error, for quirks about its host or path.
    /// - Parameter key: The field key.
    /// - Returns: The URL, or nil.
    public func cleanURL(_ key: String) -> URL? {
        guard let url = checks.urls[key], !hasError(key) else { return nil }
        return url
    }

    /// A text field's trimmed value when it has no error.
    /// - Parameter key: The field key.
    /// - Returns: The text, or nil.
    public func cleanText(_ key: String) -> String? {
        guard !hasError(key) else { return nil }
        return configuration.text(key)
    }

    /// Whether the shared checks found an error on the field.
    /// - Parameter key: The field key.
    /// - Returns: Whether there is an error-severity issue about it.
    public func hasError(_ key: String) -> Bool {
        checks.issues.contains { $0.severity == .error && SAMLConfigurationCheck.isAbout(key, $0.field) }
    }

    /// Whether a URL field's host is outside the field's expected host patterns.
    /// - Parameter key: The field key.
    /// - Returns: True only when the URL parsed, has no error, and its host matched none.
    public func hostIsUnexpected(_ key: String) -> Bool {
        cleanURL(key) != nil && checks.hostMatches[key] == false
    }
}
