import Foundation
import SSOCore

/// Where a connection stands.
public enum ConnectionStatus: String, Sendable, Equatable, Codable, CaseIterable {
    /// Being set up: never served a sign-in.
    case draft
    /// Serving sign-ins for the organization's verified domains.
    case active
    /// Was active and was turned off; activating again needs no new test of an unchanged
    /// configuration.
    case inactive
}

/// An organization's enterprise SSO connection to one identity provider.
///
/// A connection holds up to two configurations: ``configuration``, the latest one saved, and
/// ``liveConfiguration``, the one serving sign-ins once activated. When an admin changes an
/// active connection the new configuration waits (``hasPendingChange``) while the live one
/// keeps serving; a successful test of the new one promotes it. Nothing untested goes live.
public struct Connection: Sendable, Equatable, Codable {
    /// An opaque identifier (`conn_` and 26 base-32 characters); it appears in the
    /// service-provider URLs (ACS URL, entity ID, metadata URL) and never changes.
    public var id: String
    /// The organization it belongs to.
    public var organizationID: String
    /// The provider plugin's id, such as `okta`.
    public var providerID: String
    /// Draft, active or inactive.
    public var status: ConnectionStatus
    /// The latest saved configuration, or nil before the first save.
    public var configuration: SavedConfiguration?
    /// The configuration serving sign-ins, or nil until the first activation.
    public var liveConfiguration: SavedConfiguration?
    /// Whether sign-ins the IdP starts (unsolicited responses, no AuthnRequest) are accepted.
    /// Off by default.
    public var allowsIdPInitiatedSignIn: Bool
    /// When the connection was created.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date
    /// The optimistic-concurrency version.
    public var version: Int

    /// Creates a connection record.
    /// - Parameters:
    ///   - id: The opaque id.
    ///   - organizationID: The organization.
    ///   - providerID: The provider id.
    ///   - status: The status.
    ///   - configuration: The latest saved configuration.
    ///   - liveConfiguration: The live configuration.
    ///   - allowsIdPInitiatedSignIn: Whether IdP-initiated sign-in is accepted.
    ///   - createdAt: Creation time.
    ///   - updatedAt: Last change.
    ///   - version: The record version.
    public init(id: String, organizationID: String, providerID: String, status: ConnectionStatus = .draft,
                configuration: SavedConfiguration? = nil, liveConfiguration: SavedConfiguration? = nil,
                allowsIdPInitiatedSignIn: Bool = false, createdAt: Date, updatedAt: Date, version: Int = 1) {
        self.id = id
        self.organizationID = organizationID
        self.providerID = providerID
        self.status = status
        self.configuration = configuration
        self.liveConfiguration = liveConfiguration
        self.allowsIdPInitiatedSignIn = allowsIdPInitiatedSignIn
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    /// Whether a saved configuration differs from the live one and waits for a successful
    /// test (only for a connection that has gone live).
    public var hasPendingChange: Bool {
        guard let live = liveConfiguration, let latest = configuration else { return false }
        return live.fingerprint != latest.fingerprint
    }

    /// The configuration a test run exercises: the latest saved one.
    public var configurationUnderTest: SavedConfiguration? { configuration }
}

/// One saved configuration of a connection: what the admin submitted, what it resolved to,
/// and a fingerprint identifying exactly those identity-provider settings.
public struct SavedConfiguration: Sendable, Equatable, Codable {
    /// What the admin submitted (mode and field values).
    public var submitted: ProviderConfiguration
    /// The identity-provider settings it resolved to.
    public var identityProvider: ResolvedIdentityProvider
    /// SHA-256 (hex) over the provider id, the resolved settings and the attribute mapping
    /// (``ResolvedIdentityProvider/fingerprint(providerID:attributeMapping:)``); a test run
    /// records the fingerprint it exercised, and activation requires a successful test of
    /// this exact one.
    public var fingerprint: String
    /// Warnings validation reported (errors block saving).
    public var warnings: [ValidationIssue]
    /// When it was saved.
    public var savedAt: Date
    /// Who saved it (``Principal/description``).
    public var savedBy: String

    /// Creates a saved configuration.
    /// - Parameters:
    ///   - submitted: The submitted configuration.
    ///   - identityProvider: The resolved settings.
    ///   - fingerprint: The fingerprint.
    ///   - warnings: Validation warnings.
    ///   - savedAt: When it was saved.
    ///   - savedBy: Who saved it.
    public init(submitted: ProviderConfiguration, identityProvider: ResolvedIdentityProvider, fingerprint: String,
                warnings: [ValidationIssue], savedAt: Date, savedBy: String) {
        self.submitted = submitted
        self.identityProvider = identityProvider
        self.fingerprint = fingerprint
        self.warnings = warnings
        self.savedAt = savedAt
        self.savedBy = savedBy
    }
}
