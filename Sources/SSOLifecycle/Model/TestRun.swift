import Foundation

/// Where a test sign-in stands.
public enum TestRunStatus: String, Sendable, Equatable, Codable, CaseIterable {
    /// Started; waiting for the IdP's response.
    case pending
    /// The response was valid and named a person of a verified domain.
    case success
    /// The response was refused; ``TestRun/errors`` says why.
    case failed
    /// No response arrived before the run expired.
    case expired
}

/// One test sign-in of a connection's configuration: the admin signs in at the IdP and the
/// package checks what comes back.
public struct TestRun: Sendable, Equatable, Codable {
    /// An opaque identifier (`test_…`).
    public var id: String
    /// The connection tested.
    public var connectionID: String
    /// Its organization.
    public var organizationID: String
    /// The fingerprint of the configuration tested; activation looks for a successful run of
    /// the exact fingerprint it activates.
    public var configurationFingerprint: String
    /// The AuthnRequest's ID; the response's `InResponseTo` must equal it.
    public var requestID: String
    /// SHA-256 (hex) of the RelayState; the RelayState itself is not stored.
    public var relayStateHash: String
    /// Pending, success or failed as stored; use ``status(at:)`` for display.
    public var storedStatus: TestRunStatus
    /// When it started.
    public var createdAt: Date
    /// When a pending run stops accepting a response.
    public var expiresAt: Date
    /// When it completed, or nil.
    public var completedAt: Date?
    /// Who started it (``Principal/description``).
    public var startedBy: String
    /// The person the IdP signed in, on success.
    public var user: SignedInUser?
    /// Every reason it failed, on failure.
    public var errors: [SignInFailure]
    /// The optimistic-concurrency version.
    public var version: Int

    /// Creates a run.
    /// - Parameters:
    ///   - id: The id.
    ///   - connectionID: The connection.
    ///   - organizationID: The organization.
    ///   - configurationFingerprint: The tested configuration's fingerprint.
    ///   - requestID: The AuthnRequest ID.
    ///   - relayStateHash: SHA-256 of the RelayState.
    ///   - storedStatus: The status.
    ///   - createdAt: Start time.
    ///   - expiresAt: Expiry.
    ///   - completedAt: Completion time.
    ///   - startedBy: Who started it.
    ///   - user: The signed-in person.
    ///   - errors: The failures.
    ///   - version: The record version.
    public init(id: String, connectionID: String, organizationID: String, configurationFingerprint: String,
                requestID: String, relayStateHash: String, storedStatus: TestRunStatus = .pending, createdAt: Date,
                expiresAt: Date, completedAt: Date? = nil, startedBy: String, user: SignedInUser? = nil,
                errors: [SignInFailure] = [], version: Int = 1) {
        self.id = id
        self.connectionID = connectionID
        self.organizationID = organizationID
        self.configurationFingerprint = configurationFingerprint
        self.requestID = requestID
        self.relayStateHash = relayStateHash
        self.storedStatus = storedStatus
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.completedAt = completedAt
        self.startedBy = startedBy
        self.user = user
        self.errors = errors
        self.version = version
    }

    /// The status at `now`: a pending run past its expiry is expired.
    /// - Parameter now: The current time.
    /// - Returns: The status.
    public func status(at now: Date) -> TestRunStatus {
        if storedStatus == .pending, now >= expiresAt { return .expired }
        return storedStatus
    }
}

/// A production sign-in waiting for the IdP's response.
public struct SignInRequest: Sendable, Equatable, Codable {
    /// An opaque identifier (`signin_…`).
    public var id: String
    /// The connection the person was routed to.
    public var connectionID: String
    /// Its organization.
    public var organizationID: String
    /// The AuthnRequest's ID.
    public var requestID: String
    /// SHA-256 (hex) of the RelayState.
    public var relayStateHash: String
    /// The email the person typed (a hint; the assertion's email is what counts).
    public var email: String
    /// Where to send the person afterwards: a relative path on the host.
    public var returnTo: String
    /// When it started.
    public var createdAt: Date
    /// When it stops accepting a response.
    public var expiresAt: Date
    /// When a response consumed it, or nil.
    public var consumedAt: Date?
    /// The optimistic-concurrency version.
    public var version: Int

    /// Creates a request.
    /// - Parameters:
    ///   - id: The id.
    ///   - connectionID: The connection.
    ///   - organizationID: The organization.
    ///   - requestID: The AuthnRequest ID.
    ///   - relayStateHash: SHA-256 of the RelayState.
    ///   - email: The typed email.
    ///   - returnTo: The relative return path.
    ///   - createdAt: Start time.
    ///   - expiresAt: Expiry.
    ///   - consumedAt: When it was consumed.
    ///   - version: The record version.
    public init(id: String, connectionID: String, organizationID: String, requestID: String, relayStateHash: String,
                email: String, returnTo: String, createdAt: Date, expiresAt: Date, consumedAt: Date? = nil,
                version: Int = 1) {
        self.id = id
        self.connectionID = connectionID
        self.organizationID = organizationID
        self.requestID = requestID
        self.relayStateHash = relayStateHash
        self.email = email
        self.returnTo = returnTo
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.consumedAt = consumedAt
        self.version = version
    }
}
