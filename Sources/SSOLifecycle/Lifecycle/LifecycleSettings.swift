import Foundation
import SAML

/// How one installation of the lifecycle behaves: the host's base URL (from which every
/// connection's service-provider URLs derive), the DNS record name prefix, and lifetimes.
public struct LifecycleSettings: Sendable, Equatable {
    /// The host's base URL, such as `https://app.example.com` or `https://app.example.com/auth`:
    /// https, or http only for a loopback host (development). No query, no fragment; a
    /// trailing slash is dropped.
    public let serviceProviderBaseURL: String
    /// The label put before a domain to name its TXT record: `_sso-verification` gives
    /// `_sso-verification.acme.com`. One or more DNS labels (letters, digits, `-`, `_`).
    public var verificationRecordPrefix: String
    /// What the TXT value starts with, before the random token: `sso-verification=`.
    public var verificationValuePrefix: String
    /// How long a domain's TXT challenge is accepted. Default 7 days.
    public var domainChallengeLifetime: TimeInterval
    /// How long a test run waits for the IdP's response. Default 15 minutes.
    public var testRunLifetime: TimeInterval
    /// How long a production sign-in waits for the IdP's response. Default 10 minutes.
    public var signInRequestLifetime: TimeInterval
    /// How long sign-in attempts are kept. Default 30 days.
    public var attemptRetention: TimeInterval
    /// Tolerated clock difference with IdPs, in seconds (0–3600). Default 120.
    public var clockSkew: TimeInterval
    /// The most domains one organization may add. Default 50.
    public var maximumDomainsPerOrganization: Int
    /// How long a setup link stays valid by default. Default 7 days.
    public var setupLinkLifetime: TimeInterval
    /// The host application's name, for guides ("Sign in to Example App").
    public var applicationName: String?

    /// Creates settings, checking the base URL.
    /// - Parameters:
    ///   - serviceProviderBaseURL: The host's base URL.
    ///   - verificationRecordPrefix: The TXT record name prefix.
    ///   - verificationValuePrefix: The TXT value prefix.
    ///   - domainChallengeLifetime: Challenge lifetime in seconds.
    ///   - testRunLifetime: Test run lifetime in seconds.
    ///   - signInRequestLifetime: Sign-in request lifetime in seconds.
    ///   - attemptRetention: Attempt retention in seconds.
    ///   - clockSkew: Clock skew in seconds.
    ///   - maximumDomainsPerOrganization: The most domains per organization.
    ///   - setupLinkLifetime: Default setup link lifetime in seconds.
    ///   - applicationName: The host application's name.
    /// - Throws: `settings.invalid-base-url` or `settings.invalid` with what is wrong.
    public init(serviceProviderBaseURL: String, verificationRecordPrefix: String = "_sso-verification",
                verificationValuePrefix: String = "sso-verification=", domainChallengeLifetime: TimeInterval = 7 * 86_400,
                testRunLifetime: TimeInterval = 15 * 60, signInRequestLifetime: TimeInterval = 10 * 60,
                attemptRetention: TimeInterval = 30 * 86_400, clockSkew: TimeInterval = 120,
                maximumDomainsPerOrganization: Int = 50, setupLinkLifetime: TimeInterval = 7 * 86_400,
                applicationName: String? = nil) throws(LifecycleError) {
        self.serviceProviderBaseURL = try Self.checkedBaseURL(serviceProviderBaseURL)
        guard Self.isValidPrefix(verificationRecordPrefix) else {
            throw LifecycleError(.settingsInvalid,
                "The TXT record prefix '\(verificationRecordPrefix)' is not one or more DNS labels (letters, digits, '-' and '_', separated by dots). Use something like _sso-verification.")
        }
        guard !verificationValuePrefix.isEmpty, verificationValuePrefix.utf8.count <= 64,
              verificationValuePrefix.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F }) else {
            throw LifecycleError(.settingsInvalid,
                "The TXT value prefix must be 1 to 64 printable ASCII characters without spaces, such as sso-verification=.")
        }
        let lifetimes = [("domain challenge", domainChallengeLifetime), ("test run", testRunLifetime),
                         ("sign-in request", signInRequestLifetime), ("attempt retention", attemptRetention),
                         ("setup link", setupLinkLifetime)]
        for (name, value) in lifetimes where !(value.isFinite && value >= 60 && value <= 366 * 86_400) {
            throw LifecycleError(.settingsInvalid,
                "The \(name) lifetime of \(value) seconds is out of range; use between 60 seconds and a year.")
        }
        guard clockSkew.isFinite, (0...ResponseValidator.maximumClockSkew).contains(clockSkew) else {
            throw LifecycleError(.settingsInvalid,
                "The clock skew of \(clockSkew) seconds is out of range; use 0 to \(Int(ResponseValidator.maximumClockSkew)) (120 suits servers kept on time by NTP).")
        }
        guard (1...10_000).contains(maximumDomainsPerOrganization) else {
            throw LifecycleError(.settingsInvalid, "The most domains per organization must be between 1 and 10,000.")
        }
        self.verificationRecordPrefix = verificationRecordPrefix
        self.verificationValuePrefix = verificationValuePrefix
        self.domainChallengeLifetime = domainChallengeLifetime
        self.testRunLifetime = testRunLifetime
        self.signInRequestLifetime = signInRequestLifetime
        self.attemptRetention = attemptRetention
        self.clockSkew = clockSkew
        self.maximumDomainsPerOrganization = maximumDomainsPerOrganization
        self.setupLinkLifetime = setupLinkLifetime
        self.applicationName = applicationName
    }

    /// Checks and normalizes a base URL: absolute, https (http only for `localhost`,
    /// `127.0.0.0/8` or `[::1]`), a host, no user info, query or fragment; one trailing slash
    /// dropped.
    /// - Parameter text: The URL as given.
    /// - Returns: The normalized URL text.
    /// - Throws: `settings.invalid-base-url` saying what is wrong.
    public static func checkedBaseURL(_ text: String) throws(LifecycleError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty else {
            throw LifecycleError(.settingsInvalidBaseURL,
                "'\(trimmed)' is not an absolute URL. Give the application's base URL, such as https://app.example.com.")
        }
        guard components.user == nil, components.password == nil else {
            throw LifecycleError(.settingsInvalidBaseURL, "The base URL must not contain a user name or password.")
        }
        guard components.query == nil, components.fragment == nil else {
            throw LifecycleError(.settingsInvalidBaseURL,
                "The base URL must not have a query (?…) or fragment (#…): identity providers compare these URLs character by character.")
        }
        let loopback = ["localhost", "::1", "[::1]"].contains(host.lowercased()) || host.hasPrefix("127.")
        switch scheme {
        case "https":
            break
        case "http" where loopback:
            break
        case "http":
            throw LifecycleError(.settingsInvalidBaseURL,
                "The base URL uses http on \(host). SAML responses carry sign-in credentials, so they must reach the application over https; http is accepted only for localhost and 127.0.0.1, for development.")
        default:
            throw LifecycleError(.settingsInvalidBaseURL, "The base URL must start with https:// (not \(scheme)://).")
        }
        var normalized = trimmed
        while normalized.hasSuffix("/") { normalized.removeLast() }
        return normalized
    }

    private static func isValidPrefix(_ prefix: String) -> Bool {
        let labels = prefix.split(separator: ".", omittingEmptySubsequences: false)
        guard !labels.isEmpty, prefix.utf8.count <= 100 else { return false }
        // DNS labels of letters, digits, hyphens and underscores: base64url's characters.
        return labels.allSatisfy { label in (1...63).contains(label.utf8.count) && RandomToken.isURLSafe(label) }
    }

    // MARK: - Service-provider URLs

    /// The Assertion Consumer Service URL of a connection: `BASE/sso/saml/acs/ID`.
    /// - Parameter connectionID: The connection id.
    /// - Returns: The URL text.
    public func acsURL(connectionID: String) -> String {
        "\(serviceProviderBaseURL)/sso/saml/acs/\(connectionID)"
    }

    /// The service-provider entity ID of a connection, which is also its metadata URL:
    /// `BASE/sso/saml/metadata/ID`.
    /// - Parameter connectionID: The connection id.
    /// - Returns: The URL text.
    public func entityID(connectionID: String) -> String {
        "\(serviceProviderBaseURL)/sso/saml/metadata/\(connectionID)"
    }
}
