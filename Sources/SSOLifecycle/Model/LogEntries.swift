import Foundation

/// One sign-in attempt, kept for support: every test and production attempt is recorded,
/// including malformed, expired, replayed and unknown-connection ones.
public struct AttemptRecord: Sendable, Equatable, Codable {
    /// What kind of sign-in it was.
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        /// A test run's response.
        case test
        /// A production sign-in the application started.
        case production
        /// A response the IdP sent unsolicited.
        case idpInitiated = "idp-initiated"
    }

    /// How it ended.
    public enum Outcome: String, Sendable, Equatable, Codable, CaseIterable {
        /// The person was signed in (or the test passed).
        case success
        /// It was refused.
        case failed
    }

    /// An opaque identifier (`att_…`).
    public var id: String
    /// When it happened.
    public var at: Date
    /// Test, production or IdP-initiated.
    public var kind: Kind
    /// How it ended.
    public var outcome: Outcome
    /// The organization, when known.
    public var organizationID: String?
    /// The connection, when known.
    public var connectionID: String?
    /// The test run, for a test.
    public var testRunID: String?
    /// The email, when one was read or typed.
    public var email: String?
    /// Every failure, with expected and observed values; empty on success.
    public var failures: [SignInFailure]
    /// Expected and received values worth showing even on success (issuer, audience,
    /// recipient, certificate fingerprint, email domain).
    public var details: [String: String]

    /// Creates a record.
    /// - Parameters:
    ///   - id: The id.
    ///   - at: When.
    ///   - kind: The kind.
    ///   - outcome: The outcome.
    ///   - organizationID: The organization.
    ///   - connectionID: The connection.
    ///   - testRunID: The test run.
    ///   - email: The email.
    ///   - failures: The failures.
    ///   - details: Expected and received values.
    public init(id: String, at: Date, kind: Kind, outcome: Outcome, organizationID: String?, connectionID: String?,
                testRunID: String? = nil, email: String? = nil, failures: [SignInFailure] = [],
                details: [String: String] = [:]) {
        self.id = id
        self.at = at
        self.kind = kind
        self.outcome = outcome
        self.organizationID = organizationID
        self.connectionID = connectionID
        self.testRunID = testRunID
        self.email = email
        self.failures = failures
        self.details = details
    }
}

/// One change to an organization's SSO setup, appended and never altered.
public struct AuditEntry: Sendable, Equatable, Codable {
    /// An opaque identifier (`aud_…`), increasing with time within a store.
    public var id: String
    /// When it happened.
    public var at: Date
    /// The organization, or nil for a change of the whole installation.
    public var organizationID: String?
    /// Who acted (``Principal/description``).
    public var actor: String
    /// What happened, a stable dotted name such as `domain.added` or `connection.activated`.
    public var action: String
    /// What it concerned (a domain name, a connection id), or nil.
    public var target: String?
    /// The record before the change, as JSON, or nil.
    public var before: String?
    /// The record after the change, as JSON, or nil.
    public var after: String?

    /// Creates an entry.
    /// - Parameters:
    ///   - id: The id.
    ///   - at: When.
    ///   - organizationID: The organization.
    ///   - actor: Who acted.
    ///   - action: What happened.
    ///   - target: What it concerned.
    ///   - before: The record before, as JSON.
    ///   - after: The record after, as JSON.
    public init(id: String, at: Date, organizationID: String?, actor: String, action: String, target: String?,
                before: String?, after: String?) {
        self.id = id
        self.at = at
        self.organizationID = organizationID
        self.actor = actor
        self.action = action
        self.target = target
        self.before = before
        self.after = after
    }
}

/// Where a setup link stands (see ``SetupLink/status(at:)``).
public enum SetupLinkStatus: String, Sendable, Equatable, CaseIterable {
    /// Not used yet, and not expired: it can be exchanged.
    case active
    /// Exchanged, and the session it opened is still open.
    case inUse = "in-use"
    /// Exchanged; its session has ended (expired or signed out).
    case used
    /// Never exchanged, and past its expiry.
    case expired
    /// Revoked by an admin (which also ends a session it opened).
    case revoked
}

/// A link an admin gives an IT admin who is not a user of the application: exchanged once
/// for a session scoped to one organization's SSO setup.
public struct SetupLink: Sendable, Equatable, Codable {
    /// An opaque identifier (`link_…`), shown in lists; not the secret.
    public var id: String
    /// The organization the link grants access to.
    public var organizationID: String
    /// SHA-256 (hex) of the secret token; the token itself is not stored.
    public var tokenHash: String
    /// Who created it.
    public var createdBy: String
    /// A note for the list ("For Jane at Acme IT"), or empty.
    public var note: String
    /// When it was created.
    public var createdAt: Date
    /// When it stops being accepted.
    public var expiresAt: Date
    /// When it was revoked, or nil.
    public var revokedAt: Date?
    /// When it was exchanged for a session, or nil.
    public var usedAt: Date?
    /// SHA-256 (hex) of the secret of the session it was exchanged for, or nil; the session
    /// lives in the store, so every server sharing it knows it.
    public var sessionTokenHash: String?
    /// When that session ends by itself, or nil.
    public var sessionExpiresAt: Date?
    /// When that session was ended early (signed out), or nil. Revoking a used link also
    /// ends its session.
    public var sessionEndedAt: Date?
    /// The optimistic-concurrency version.
    public var version: Int

    /// Where the link stands at `date`.
    /// - Parameter date: The time to judge at.
    /// - Returns: Revoked, in use (its session open), used, expired, or active.
    public func status(at date: Date) -> SetupLinkStatus {
        if revokedAt != nil { return .revoked }
        if hasOpenSession(at: date) { return .inUse }
        if usedAt != nil { return .used }
        return date >= expiresAt ? .expired : .active
    }

    /// Whether the session this link was exchanged for is still open at `date`: not expired,
    /// not signed out, and the link not revoked.
    /// - Parameter date: The time to judge at.
    /// - Returns: Whether the session may still act.
    public func hasOpenSession(at date: Date) -> Bool {
        guard sessionTokenHash != nil, let sessionExpiresAt else { return false }
        return revokedAt == nil && sessionEndedAt == nil && date < sessionExpiresAt
    }

    /// Creates a link record.
    /// - Parameters:
    ///   - id: The id.
    ///   - organizationID: The organization.
    ///   - tokenHash: SHA-256 of the token.
    ///   - createdBy: Who created it.
    ///   - note: A note.
    ///   - createdAt: Creation time.
    ///   - expiresAt: Expiry.
    ///   - revokedAt: Revocation time.
    ///   - usedAt: Use time.
    ///   - sessionTokenHash: SHA-256 of the session's secret.
    ///   - sessionExpiresAt: When the session ends by itself.
    ///   - sessionEndedAt: When the session was ended early.
    ///   - version: The record version.
    public init(id: String, organizationID: String, tokenHash: String, createdBy: String, note: String,
                createdAt: Date, expiresAt: Date, revokedAt: Date? = nil, usedAt: Date? = nil,
                sessionTokenHash: String? = nil, sessionExpiresAt: Date? = nil, sessionEndedAt: Date? = nil,
                version: Int = 1) {
        self.id = id
        self.organizationID = organizationID
        self.tokenHash = tokenHash
        self.createdBy = createdBy
        self.note = note
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.usedAt = usedAt
        self.sessionTokenHash = sessionTokenHash
        self.sessionExpiresAt = sessionExpiresAt
        self.sessionEndedAt = sessionEndedAt
        self.version = version
    }
}
