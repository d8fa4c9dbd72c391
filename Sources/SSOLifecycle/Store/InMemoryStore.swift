import Foundation

/// A ``LifecycleStore`` that keeps everything in this process's memory: for hosts' tests and
/// for trying the package out. Transactions run one at a time; a transaction that throws
/// leaves nothing behind.
public final class InMemoryStore: LifecycleStore {
    private let lock = NSLock()
    // Guarded by `lock`: only `transaction` reads or replaces it, while holding the lock.
    nonisolated(unsafe) private var state = InMemoryStoreState()

    /// Creates an empty store.
    public init() {}

    /// Runs `body` on a copy of the state and keeps the copy when a write transaction returns.
    /// - Parameters:
    ///   - mode: Read or write.
    ///   - body: The work.
    /// - Returns: What `body` returned.
    /// - Throws: Whatever `body` threw; the state is then unchanged.
    public func transaction<Result: Sendable>(_ mode: StoreTransactionMode,
                                              _ body: @Sendable (any StoreTransaction) throws -> Result) async throws -> Result {
        try lock.withLock {
            let transaction = InMemoryTransaction(state: state, writable: mode == .write)
            let result = try body(transaction)
            if mode == .write { state = transaction.state }
            return result
        }
    }
}

/// Everything an ``InMemoryStore`` holds.
struct InMemoryStoreState {
    var settings: [String: String] = [:]
    var organizations: [String: Organization] = [:]
    /// Keyed by organization id, then domain name.
    var domains: [String: [String: DomainRecord]] = [:]
    /// Verified domain name → organization id.
    var verifiedOwners: [String: String] = [:]
    var connections: [String: Connection] = [:]
    var testRuns: [String: TestRun] = [:]
    var testRunByRelayState: [String: String] = [:]
    var signInRequests: [String: SignInRequest] = [:]
    var signInRequestByRelayState: [String: String] = [:]
    /// "issuer\nid" → expiry.
    var assertionIDs: [String: Date] = [:]
    var attempts: [AttemptRecord] = []
    var audit: [AuditEntry] = []
    var setupLinks: [String: SetupLink] = [:]
}

/// One in-memory transaction: a copy of the state, changed in place.
final class InMemoryTransaction: StoreTransaction {
    var state: InMemoryStoreState
    let writable: Bool

    init(state: InMemoryStoreState, writable: Bool) {
        self.state = state
        self.writable = writable
    }

    private func requireWritable() throws {
        guard writable else { throw StoreError(.failure, "A read transaction cannot write.") }
    }

    private static func conflict(_ what: String) -> StoreError {
        StoreError(.conflict, "\(what) was changed or removed by someone else since it was read.")
    }

    // MARK: Settings

    func setting(_ key: String) throws -> String? { state.settings[key] }

    func setSetting(_ key: String, to value: String?) throws {
        try requireWritable()
        state.settings[key] = value
    }

    // MARK: Organizations

    func organization(id: String) throws -> Organization? { state.organizations[id] }

    func organizations(after id: String?, limit: Int) throws -> [Organization] {
        let sorted = state.organizations.keys.sorted()
        let start = id.map { after in sorted.firstIndex { $0 > after } ?? sorted.endIndex } ?? sorted.startIndex
        return sorted[start...].prefix(max(0, limit)).compactMap { state.organizations[$0] }
    }

    func insertOrganization(_ organization: Organization) throws {
        try requireWritable()
        guard state.organizations[organization.id] == nil else {
            throw StoreError(.duplicate, "An organization with the id '\(organization.id)' already exists.")
        }
        state.organizations[organization.id] = organization
    }

    func updateOrganization(_ organization: Organization) throws -> Organization {
        try requireWritable()
        guard state.organizations[organization.id]?.version == organization.version else {
            throw Self.conflict("The organization '\(organization.id)'")
        }
        var stored = organization
        stored.version += 1
        state.organizations[organization.id] = stored
        return stored
    }

    // MARK: Domains

    func domains(organizationID: String) throws -> [DomainRecord] {
        (state.domains[organizationID] ?? [:]).values.sorted { $0.name < $1.name }
    }

    func domain(organizationID: String, name: String) throws -> DomainRecord? {
        state.domains[organizationID]?[name]
    }

    func verifiedDomain(name: String) throws -> DomainRecord? {
        guard let owner = state.verifiedOwners[name] else { return nil }
        return state.domains[owner]?[name]
    }

    private func checkVerifiedOwner(_ domain: DomainRecord) throws {
        guard domain.storedStatus == .verified else { return }
        if let owner = state.verifiedOwners[domain.name], owner != domain.organizationID {
            throw StoreError(.constraint, "The domain '\(domain.name)' is already verified by another organization.")
        }
    }

    private func store(_ domain: DomainRecord) {
        if state.verifiedOwners[domain.name] == domain.organizationID { state.verifiedOwners[domain.name] = nil }
        state.domains[domain.organizationID, default: [:]][domain.name] = domain
        if domain.storedStatus == .verified { state.verifiedOwners[domain.name] = domain.organizationID }
    }

    func insertDomain(_ domain: DomainRecord) throws {
        try requireWritable()
        guard state.domains[domain.organizationID]?[domain.name] == nil else {
            throw StoreError(.duplicate, "The organization already has the domain '\(domain.name)'.")
        }
        try checkVerifiedOwner(domain)
        store(domain)
    }

    func updateDomain(_ domain: DomainRecord) throws -> DomainRecord {
        try requireWritable()
        guard state.domains[domain.organizationID]?[domain.name]?.version == domain.version else {
            throw Self.conflict("The domain '\(domain.name)'")
        }
        try checkVerifiedOwner(domain)
        var stored = domain
        stored.version += 1
        store(stored)
        return stored
    }

    func deleteDomain(_ domain: DomainRecord) throws {
        try requireWritable()
        guard state.domains[domain.organizationID]?[domain.name]?.version == domain.version else {
            throw Self.conflict("The domain '\(domain.name)'")
        }
        state.domains[domain.organizationID]?[domain.name] = nil
        if state.verifiedOwners[domain.name] == domain.organizationID { state.verifiedOwners[domain.name] = nil }
    }

    // MARK: Connections

    func connection(id: String) throws -> Connection? { state.connections[id] }

    func connections(organizationID: String) throws -> [Connection] {
        state.connections.values.filter { $0.organizationID == organizationID }
            .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    func connections(after id: String?, limit: Int) throws -> [Connection] {
        let sorted = state.connections.keys.sorted()
        let start = id.map { after in sorted.firstIndex { $0 > after } ?? sorted.endIndex } ?? sorted.startIndex
        return sorted[start...].prefix(max(0, limit)).compactMap { state.connections[$0] }
    }

    func insertConnection(_ connection: Connection) throws {
        try requireWritable()
        guard state.connections[connection.id] == nil else {
            throw StoreError(.duplicate, "A connection with the id '\(connection.id)' already exists.")
        }
        state.connections[connection.id] = connection
    }

    func updateConnection(_ connection: Connection) throws -> Connection {
        try requireWritable()
        guard state.connections[connection.id]?.version == connection.version else {
            throw Self.conflict("The connection '\(connection.id)'")
        }
        var stored = connection
        stored.version += 1
        state.connections[connection.id] = stored
        return stored
    }

    func deleteConnection(_ connection: Connection) throws {
        try requireWritable()
        guard state.connections[connection.id]?.version == connection.version else {
            throw Self.conflict("The connection '\(connection.id)'")
        }
        state.connections[connection.id] = nil
        for (id, run) in state.testRuns where run.connectionID == connection.id {
            state.testRuns[id] = nil
            state.testRunByRelayState[run.relayStateHash] = nil
        }
        for (id, request) in state.signInRequests where request.connectionID == connection.id {
            state.signInRequests[id] = nil
            state.signInRequestByRelayState[request.relayStateHash] = nil
        }
    }

    // MARK: Routing

    func activeRoute(forVerifiedDomain domain: String) throws -> ConnectionRoute? {
        guard let owner = state.verifiedOwners[domain] else { return nil }
        return state.connections.values.filter { $0.organizationID == owner && $0.status == .active }
            .max { ($0.updatedAt, $0.id) < ($1.updatedAt, $1.id) }
            .flatMap(ConnectionRoute.init)
    }

    // MARK: Test runs

    func insertTestRun(_ run: TestRun) throws {
        try requireWritable()
        guard state.testRuns[run.id] == nil, state.testRunByRelayState[run.relayStateHash] == nil else {
            throw StoreError(.duplicate, "A test run with this id or RelayState already exists.")
        }
        state.testRuns[run.id] = run
        state.testRunByRelayState[run.relayStateHash] = run.id
    }

    func testRun(id: String) throws -> TestRun? { state.testRuns[id] }

    func testRun(relayStateHash: String) throws -> TestRun? {
        state.testRunByRelayState[relayStateHash].flatMap { state.testRuns[$0] }
    }

    func testRun(connectionID: String, requestID: String) throws -> TestRun? {
        state.testRuns.values.first { $0.connectionID == connectionID && $0.requestID == requestID }
    }

    func testRuns(connectionID: String, limit: Int) throws -> [TestRun] {
        Array(state.testRuns.values.filter { $0.connectionID == connectionID }
            .sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
            .prefix(max(0, limit)))
    }

    func hasSuccessfulTestRun(connectionID: String, fingerprint: String) throws -> Bool {
        state.testRuns.values.contains {
            $0.connectionID == connectionID && $0.configurationFingerprint == fingerprint && $0.storedStatus == .success
        }
    }

    func updateTestRun(_ run: TestRun) throws -> TestRun {
        try requireWritable()
        guard let existing = state.testRuns[run.id], existing.version == run.version else {
            throw Self.conflict("The test run '\(run.id)'")
        }
        if let owner = state.testRunByRelayState[run.relayStateHash], owner != run.id {
            throw StoreError(.duplicate, "Another test run has this RelayState.")
        }
        var stored = run
        stored.version += 1
        state.testRunByRelayState[existing.relayStateHash] = nil
        state.testRuns[run.id] = stored
        state.testRunByRelayState[stored.relayStateHash] = run.id
        return stored
    }

    // MARK: Sign-in requests

    func insertSignInRequest(_ request: SignInRequest) throws {
        try requireWritable()
        guard state.signInRequests[request.id] == nil, state.signInRequestByRelayState[request.relayStateHash] == nil else {
            throw StoreError(.duplicate, "A sign-in request with this id or RelayState already exists.")
        }
        state.signInRequests[request.id] = request
        state.signInRequestByRelayState[request.relayStateHash] = request.id
    }

    func signInRequest(relayStateHash: String) throws -> SignInRequest? {
        state.signInRequestByRelayState[relayStateHash].flatMap { state.signInRequests[$0] }
    }

    func updateSignInRequest(_ request: SignInRequest) throws -> SignInRequest {
        try requireWritable()
        guard let existing = state.signInRequests[request.id], existing.version == request.version else {
            throw Self.conflict("The sign-in request '\(request.id)'")
        }
        if let owner = state.signInRequestByRelayState[request.relayStateHash], owner != request.id {
            throw StoreError(.duplicate, "Another sign-in request has this RelayState.")
        }
        var stored = request
        stored.version += 1
        state.signInRequestByRelayState[existing.relayStateHash] = nil
        state.signInRequests[request.id] = stored
        state.signInRequestByRelayState[stored.relayStateHash] = request.id
        return stored
    }

    func deleteSignInRequests(expiredBefore date: Date) throws -> Int {
        try requireWritable()
        let expired = state.signInRequests.values.filter { $0.expiresAt < date }
        for request in expired {
            state.signInRequests[request.id] = nil
            state.signInRequestByRelayState[request.relayStateHash] = nil
        }
        return expired.count
    }

    // MARK: Assertion replay

    func recordAssertionID(_ id: String, issuer: String, expiresAt: Date, now: Date) throws -> Bool {
        try requireWritable()
        let key = issuer + "\n" + id
        if let existing = state.assertionIDs[key], existing > now { return false }
        state.assertionIDs[key] = expiresAt
        return true
    }

    // MARK: Attempt log

    func appendAttempt(_ attempt: AttemptRecord) throws {
        try requireWritable()
        guard !state.attempts.contains(where: { $0.id == attempt.id }) else {
            throw StoreError(.duplicate, "An attempt with the id '\(attempt.id)' already exists.")
        }
        state.attempts.append(attempt)
    }

    func attempts(organizationID: String, limit: Int) throws -> [AttemptRecord] {
        Array(state.attempts.filter { $0.organizationID == organizationID }
            .sorted { ($0.at, $0.id) > ($1.at, $1.id) }
            .prefix(max(0, limit)))
    }

    func deleteAttempts(before date: Date) throws -> Int {
        try requireWritable()
        let count = state.attempts.count
        state.attempts.removeAll { $0.at < date }
        return count - state.attempts.count
    }

    // MARK: Audit log

    func appendAudit(_ entry: AuditEntry) throws {
        try requireWritable()
        guard !state.audit.contains(where: { $0.id == entry.id }) else {
            throw StoreError(.duplicate, "An audit entry with the id '\(entry.id)' already exists.")
        }
        state.audit.append(entry)
    }

    func auditEntries(organizationID: String, limit: Int) throws -> [AuditEntry] {
        Array(state.audit.filter { $0.organizationID == organizationID }
            .sorted { ($0.at, $0.id) > ($1.at, $1.id) }
            .prefix(max(0, limit)))
    }

    // MARK: Setup links

    func insertSetupLink(_ link: SetupLink) throws {
        try requireWritable()
        guard state.setupLinks[link.id] == nil, !state.setupLinks.values.contains(where: { $0.tokenHash == link.tokenHash }) else {
            throw StoreError(.duplicate, "A setup link with this id or token already exists.")
        }
        state.setupLinks[link.id] = link
    }

    func setupLink(id: String) throws -> SetupLink? { state.setupLinks[id] }

    func setupLink(tokenHash: String) throws -> SetupLink? {
        state.setupLinks.values.first { $0.tokenHash == tokenHash }
    }

    func setupLinks(organizationID: String) throws -> [SetupLink] {
        state.setupLinks.values.filter { $0.organizationID == organizationID }
            .sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
    }

    func updateSetupLink(_ link: SetupLink) throws -> SetupLink {
        try requireWritable()
        guard state.setupLinks[link.id]?.version == link.version else {
            throw Self.conflict("The setup link '\(link.id)'")
        }
        if state.setupLinks.values.contains(where: { $0.tokenHash == link.tokenHash && $0.id != link.id }) {
            throw StoreError(.duplicate, "Another setup link has this token.")
        }
        var stored = link
        stored.version += 1
        state.setupLinks[link.id] = stored
        return stored
    }
}
