import Foundation

/// Whether a transaction only reads or also writes.
public enum StoreTransactionMode: Sendable, Equatable {
    /// Reads only: sees one consistent snapshot.
    case read
    /// Reads and writes: serializable with every other write transaction.
    case write
}

/// Where the lifecycle keeps its state: organizations, domains, connections, test runs,
/// pending sign-ins, the assertion replay record, the attempt and audit logs, setup links.
///
/// The lifecycle layer owns every rule; a store keeps records and enforces the few
/// constraints below, which must hold even when several processes share one database (two
/// servers behind a load balancer), so they belong in the database itself (unique indexes,
/// conditional updates), never only in a check before the write.
///
/// SelfServeSSO ships three stores: ``InMemoryStore`` (for tests), `SQLiteStore` (the
/// embedded default) and `PostgreSQLStore` (one database shared by several servers). A host
/// may implement its own over its database; the store conformance suite in this package's
/// tests shows what each must pass.
///
/// ## Implementation requirements
/// - ``transaction(_:_:)`` runs `body` in one transaction: every change it makes is committed
///   together when it returns, and none is kept when it throws (the error is rethrown as is).
///   A ``StoreTransactionMode/read`` transaction sees one consistent snapshot; write
///   transactions are serializable with each other (SQLite: `BEGIN IMMEDIATE`; PostgreSQL:
///   `SERIALIZABLE`, retried on a serialization failure). `body` may run more than once when
///   the store retries a transaction that did not commit; it has no effect outside the
///   transaction.
/// - Every record type with a `version` uses optimistic concurrency: `insert…` stores the
///   record as given (version 1); `update…` succeeds only when the stored version equals the
///   record's, stores it with the version incremented and returns it; a stale version, or a
///   record that no longer exists, is ``StoreError/Kind/conflict``. `delete…` checks the
///   version the same way.
/// - Constraints the store enforces itself, atomically, across processes:
///   - one verified owner per domain name: inserting or updating a ``DomainRecord`` whose
///     stored status is `verified` fails with ``StoreError/Kind/constraint`` when another
///     organization holds that name verified;
///   - one record per (organization, domain name): ``StoreError/Kind/duplicate``;
///   - unique ids for every record type, and unique RelayState hashes for test runs and
///     sign-in requests, and unique setup-link token hashes: ``StoreError/Kind/duplicate``;
///   - single use of an assertion ID: see ``StoreTransaction/recordAssertionID(_:issuer:expiresAt:now:)``;
///   - the audit log is append-only: there is no way to change or remove an entry.
/// - Lists come in the order each method states; limits are honoured.
/// - Failures are ``StoreError``s with a kind and a message that names no password and no
///   file system path beyond what the host configured.
public protocol LifecycleStore: Sendable {
    /// Runs `body` in one transaction.
    /// - Parameters:
    ///   - mode: Read or write.
    ///   - body: The work; it may run more than once when the store retries.
    /// - Returns: What `body` returned.
    /// - Throws: ``StoreError`` for a store failure or conflict, or whatever `body` threw.
    func transaction<Result: Sendable>(_ mode: StoreTransactionMode,
                                       _ body: @Sendable (any StoreTransaction) throws -> Result) async throws -> Result
}

/// The records a transaction reads and writes. Used only inside
/// ``LifecycleStore/transaction(_:_:)``; every method throws ``StoreError``.
public protocol StoreTransaction {
    // MARK: Settings

    /// An installation setting (such as the service provider's base URL), or nil.
    /// - Parameter key: The setting's key.
    /// - Returns: Its value.
    func setting(_ key: String) throws -> String?
    /// Sets or (with nil) removes an installation setting.
    /// - Parameters:
    ///   - key: The key.
    ///   - value: The value, or nil to remove it.
    func setSetting(_ key: String, to value: String?) throws

    // MARK: Organizations

    /// The organization with this id, or nil.
    /// - Parameter id: The id.
    /// - Returns: The organization.
    func organization(id: String) throws -> Organization?
    /// Organizations ordered by id, starting after `id` (nil: from the first).
    /// - Parameters:
    ///   - id: The last id of the previous page, or nil.
    ///   - limit: The most to return.
    /// - Returns: The page.
    func organizations(after id: String?, limit: Int) throws -> [Organization]
    /// Inserts an organization; `duplicate` when the id exists.
    /// - Parameter organization: The record.
    func insertOrganization(_ organization: Organization) throws
    /// Updates an organization (optimistic version check).
    /// - Parameter organization: The record as read, changed.
    /// - Returns: The stored record with its new version.
    func updateOrganization(_ organization: Organization) throws -> Organization

    // MARK: Domains

    /// An organization's domains ordered by name.
    /// - Parameter organizationID: The organization.
    /// - Returns: Its domains.
    func domains(organizationID: String) throws -> [DomainRecord]
    /// One domain of an organization, or nil.
    /// - Parameters:
    ///   - organizationID: The organization.
    ///   - name: The normalized domain name.
    /// - Returns: The record.
    func domain(organizationID: String, name: String) throws -> DomainRecord?
    /// The record of the organization that holds `name` verified, or nil.
    /// - Parameter name: The normalized domain name.
    /// - Returns: The verified record.
    func verifiedDomain(name: String) throws -> DomainRecord?
    /// Inserts a domain; `duplicate` for an existing (organization, name), `constraint` when
    /// it is verified and another organization holds the name verified.
    /// - Parameter domain: The record.
    func insertDomain(_ domain: DomainRecord) throws
    /// Updates a domain (optimistic version check); `constraint` as for insert.
    /// - Parameter domain: The record as read, changed.
    /// - Returns: The stored record with its new version.
    func updateDomain(_ domain: DomainRecord) throws -> DomainRecord
    /// Deletes a domain (optimistic version check).
    /// - Parameter domain: The record as read.
    func deleteDomain(_ domain: DomainRecord) throws

    // MARK: Connections

    /// The connection with this id, or nil.
    /// - Parameter id: The id.
    /// - Returns: The connection.
    func connection(id: String) throws -> Connection?
    /// An organization's connections, oldest first.
    /// - Parameter organizationID: The organization.
    /// - Returns: Its connections.
    func connections(organizationID: String) throws -> [Connection]
    /// Every connection ordered by id, starting after `id` (for reports across organizations).
    /// - Parameters:
    ///   - id: The last id of the previous page, or nil.
    ///   - limit: The most to return.
    /// - Returns: The page.
    func connections(after id: String?, limit: Int) throws -> [Connection]
    /// Inserts a connection; `duplicate` when the id exists.
    /// - Parameter connection: The record.
    func insertConnection(_ connection: Connection) throws
    /// Updates a connection (optimistic version check).
    /// - Parameter connection: The record as read, changed.
    /// - Returns: The stored record with its new version.
    func updateConnection(_ connection: Connection) throws -> Connection
    /// Deletes a connection (optimistic version check) with its test runs and its pending
    /// sign-in requests.
    /// - Parameter connection: The record as read.
    func deleteConnection(_ connection: Connection) throws

    // MARK: Routing

    /// Where sign-ins for `domain` go: the organization holding `domain` verified and its
    /// connection whose status is active (the most recently updated one, if several), read
    /// from columns a store keeps beside the connection record (id, organization, provider,
    /// the live configuration's SSO URL, binding and fingerprint) so that no configuration is
    /// decoded. One indexed look-up, whatever the number of organizations.
    /// - Parameter domain: A normalized domain name.
    /// - Returns: The route, or nil when no active connection serves the domain.
    func activeRoute(forVerifiedDomain domain: String) throws -> ConnectionRoute?

    // MARK: Test runs

    /// Inserts a test run; `duplicate` for an existing id or RelayState hash.
    /// - Parameter run: The record.
    func insertTestRun(_ run: TestRun) throws
    /// The test run with this id, or nil.
    /// - Parameter id: The id.
    /// - Returns: The run.
    func testRun(id: String) throws -> TestRun?
    /// The test run whose RelayState hashes to this, or nil.
    /// - Parameter relayStateHash: SHA-256 (hex) of the RelayState.
    /// - Returns: The run.
    func testRun(relayStateHash: String) throws -> TestRun?
    /// The connection's test run with this AuthnRequest ID, or nil.
    /// - Parameters:
    ///   - connectionID: The connection.
    ///   - requestID: The AuthnRequest ID.
    /// - Returns: The run.
    func testRun(connectionID: String, requestID: String) throws -> TestRun?
    /// A connection's test runs, newest first.
    /// - Parameters:
    ///   - connectionID: The connection.
    ///   - limit: The most to return.
    /// - Returns: The runs.
    func testRuns(connectionID: String, limit: Int) throws -> [TestRun]
    /// Whether the connection has a successful test run of this configuration fingerprint.
    /// - Parameters:
    ///   - connectionID: The connection.
    ///   - fingerprint: The configuration fingerprint.
    /// - Returns: Whether one exists.
    func hasSuccessfulTestRun(connectionID: String, fingerprint: String) throws -> Bool
    /// Updates a test run (optimistic version check: two responses completing one run cannot
    /// both win).
    /// - Parameter run: The record as read, changed.
    /// - Returns: The stored record with its new version.
    func updateTestRun(_ run: TestRun) throws -> TestRun

    // MARK: Sign-in requests

    /// Inserts a pending sign-in; `duplicate` for an existing id or RelayState hash.
    /// - Parameter request: The record.
    func insertSignInRequest(_ request: SignInRequest) throws
    /// The pending sign-in whose RelayState hashes to this, or nil.
    /// - Parameter relayStateHash: SHA-256 (hex) of the RelayState.
    /// - Returns: The request.
    func signInRequest(relayStateHash: String) throws -> SignInRequest?
    /// Updates a sign-in request (optimistic version check: it is consumed once).
    /// - Parameter request: The record as read, changed.
    /// - Returns: The stored record with its new version.
    func updateSignInRequest(_ request: SignInRequest) throws -> SignInRequest
    /// Removes sign-in requests that expired before `date` (housekeeping).
    /// - Parameter date: The cut-off.
    /// - Returns: How many were removed.
    func deleteSignInRequests(expiredBefore date: Date) throws -> Int

    // MARK: Assertion replay

    /// Records that an assertion was used. Atomic across processes (a unique key on the
    /// issuer and the ID): of two transactions recording the same unexpired ID, one commits
    /// `true` and the other sees `false` (or fails to commit).
    /// - Parameters:
    ///   - id: The assertion's ID.
    ///   - issuer: The IdP entity ID that issued it.
    ///   - expiresAt: Until when it must be remembered.
    ///   - now: The current time; a recorded ID whose expiry has passed may be recorded anew.
    /// - Returns: `true` the first time, `false` for a replay.
    func recordAssertionID(_ id: String, issuer: String, expiresAt: Date, now: Date) throws -> Bool

    // MARK: Attempt log

    /// Appends a sign-in attempt.
    /// - Parameter attempt: The record.
    func appendAttempt(_ attempt: AttemptRecord) throws
    /// An organization's attempts, newest first.
    /// - Parameters:
    ///   - organizationID: The organization.
    ///   - limit: The most to return.
    /// - Returns: The attempts.
    func attempts(organizationID: String, limit: Int) throws -> [AttemptRecord]
    /// Removes attempts recorded before `date` (the retention limit).
    /// - Parameter date: The cut-off.
    /// - Returns: How many were removed.
    func deleteAttempts(before date: Date) throws -> Int

    // MARK: Audit log

    /// Appends an audit entry. Entries are never changed or removed.
    /// - Parameter entry: The entry.
    func appendAudit(_ entry: AuditEntry) throws
    /// An organization's audit entries, newest first (by time, then id).
    /// - Parameters:
    ///   - organizationID: The organization.
    ///   - limit: The most to return.
    /// - Returns: The entries.
    func auditEntries(organizationID: String, limit: Int) throws -> [AuditEntry]

    // MARK: Setup links

    /// Inserts a setup link; `duplicate` for an existing id or token hash.
    /// - Parameter link: The record.
    func insertSetupLink(_ link: SetupLink) throws
    /// The link with this id, or nil.
    /// - Parameter id: The id.
    /// - Returns: The link.
    func setupLink(id: String) throws -> SetupLink?
    /// The link whose token hashes to this, or nil.
    /// - Parameter tokenHash: SHA-256 (hex) of the token.
    /// - Returns: The link.
    func setupLink(tokenHash: String) throws -> SetupLink?
    /// An organization's links, newest first.
    /// - Parameter organizationID: The organization.
    /// - Returns: The links.
    func setupLinks(organizationID: String) throws -> [SetupLink]
    /// Updates a link (optimistic version check: it is exchanged once).
    /// - Parameter link: The record as read, changed.
    /// - Returns: The stored record with its new version.
    func updateSetupLink(_ link: SetupLink) throws -> SetupLink
}
