import Foundation
import SSOLifecycle

// Test runs, sign-in requests, the assertion replay record, the attempt and audit logs and
// setup links: never cached, always read from the transaction's snapshot.
extension PostgreSQLTransaction {
    // MARK: Test runs

    private func testRunColumns(_ run: TestRun, record: String) throws(StoreError) -> [String?] {
        [
            try storable(run.connectionID, "connection id"), try storable(run.relayStateHash, "RelayState hash"),
            try storable(run.requestID, "request id"), try storable(run.configurationFingerprint, "fingerprint"),
            run.storedStatus.rawValue, time(run.createdAt), number(run.version), record,
        ]
    }

    func insertTestRun(_ run: TestRun) throws {
        try requireWritable()
        let record = try encode(run, "test run")
        let inserted = try query(statements.testRunInsert, [try storable(run.id, "test run id")] + testRunColumns(run, record: record.text))
        guard inserted.count == 1 else {
            throw StoreError(.duplicate, "A test run with this id or RelayState already exists.")
        }
    }

    func testRun(id: String) throws -> TestRun? {
        guard let id = lookupKey(id) else { return nil }
        return try decodeFirst(try query(statements.testRunGet, [id]), as: TestRun.self)
    }

    func testRun(relayStateHash: String) throws -> TestRun? {
        guard let hash = lookupKey(relayStateHash) else { return nil }
        return try decodeFirst(try query(statements.testRunByRelayState, [hash]), as: TestRun.self)
    }

    func testRun(connectionID: String, requestID: String) throws -> TestRun? {
        guard let connectionID = lookupKey(connectionID), let requestID = lookupKey(requestID) else { return nil }
        return try decodeFirst(try query(statements.testRunByRequest, [connectionID, requestID]), as: TestRun.self)
    }

    func testRuns(connectionID: String, limit: Int) throws -> [TestRun] {
        guard let connectionID = lookupKey(connectionID) else { return [] }
        return try decodeAll(try query(statements.testRunsOfConnection, [connectionID, number(max(0, limit))]), as: TestRun.self)
    }

    func hasSuccessfulTestRun(connectionID: String, fingerprint: String) throws -> Bool {
        guard let connectionID = lookupKey(connectionID), let fingerprint = lookupKey(fingerprint) else { return false }
        return try query(statements.testRunSucceeded, [connectionID, fingerprint]).boolean(0, 0) ?? false
    }

    func updateTestRun(_ run: TestRun) throws -> TestRun {
        try requireWritable()
        guard let id = lookupKey(run.id) else { throw Self.conflict("The test run '\(run.id)'") }
        var stored = run
        stored.version += 1
        let record = try encode(stored, "test run")
        let updated = try query(statements.testRunUpdate, [id, number(run.version)] + testRunColumns(stored, record: record.text))
        guard updated.count == 1 else {
            guard try query(statements.testRunVersion, [id]).integer(0, 0) == run.version else {
                throw Self.conflict("The test run '\(run.id)'")
            }
            throw StoreError(.duplicate, "Another test run already has this RelayState.")
        }
        return stored
    }

    // MARK: Sign-in requests

    private func signInColumns(_ request: SignInRequest, record: String) throws(StoreError) -> [String?] {
        [
            try storable(request.connectionID, "connection id"), try storable(request.relayStateHash, "RelayState hash"),
            time(request.expiresAt), number(request.version), record,
        ]
    }

    func insertSignInRequest(_ request: SignInRequest) throws {
        try requireWritable()
        let record = try encode(request, "sign-in request")
        let inserted = try query(statements.signInInsert,
                                 [try storable(request.id, "sign-in request id")] + signInColumns(request, record: record.text))
        guard inserted.count == 1 else {
            throw StoreError(.duplicate, "A sign-in request with this id or RelayState already exists.")
        }
    }

    func signInRequest(relayStateHash: String) throws -> SignInRequest? {
        guard let hash = lookupKey(relayStateHash) else { return nil }
        return try decodeFirst(try query(statements.signInByRelayState, [hash]), as: SignInRequest.self)
    }

    func updateSignInRequest(_ request: SignInRequest) throws -> SignInRequest {
        try requireWritable()
        guard let id = lookupKey(request.id) else { throw Self.conflict("The sign-in request '\(request.id)'") }
        var stored = request
        stored.version += 1
        let record = try encode(stored, "sign-in request")
        let updated = try query(statements.signInUpdate, [id, number(request.version)] + signInColumns(stored, record: record.text))
        guard updated.count == 1 else {
            guard try query(statements.signInVersion, [id]).integer(0, 0) == request.version else {
                throw Self.conflict("The sign-in request '\(request.id)'")
            }
            throw StoreError(.duplicate, "Another sign-in request already has this RelayState.")
        }
        return stored
    }

    func deleteSignInRequests(expiredBefore date: Date) throws -> Int {
        try requireWritable()
        return try query(statements.signInsDeleteExpired, [time(date)]).integer(0, 0) ?? 0
    }

    // MARK: Assertion replay

    func recordAssertionID(_ id: String, issuer: String, expiresAt: Date, now: Date) throws -> Bool {
        try requireWritable()
        let recorded = try query(statements.assertionRecord, [
            try storable(issuer, "assertion issuer"), try storable(id, "assertion ID"), time(expiresAt), time(now),
        ])
        return recorded.count == 1
    }

    // MARK: Attempt log

    func appendAttempt(_ attempt: AttemptRecord) throws {
        try requireWritable()
        let record = try encode(attempt, "attempt")
        let inserted = try query(statements.attemptInsert, [
            try storable(attempt.id, "attempt id"), try attempt.organizationID.map { o throws(StoreError) in try storable(o, "organization id") },
            time(attempt.at), record.text,
        ])
        guard inserted.count == 1 else { throw StoreError(.duplicate, "An attempt with the id '\(attempt.id)' already exists.") }
    }

    func attempts(organizationID: String, limit: Int) throws -> [AttemptRecord] {
        guard let organizationID = lookupKey(organizationID) else { return [] }
        return try decodeAll(try query(statements.attemptsOfOrganization, [organizationID, number(max(0, limit))]), as: AttemptRecord.self)
    }

    func deleteAttempts(before date: Date) throws -> Int {
        try requireWritable()
        return try query(statements.attemptsDeleteBefore, [time(date)]).integer(0, 0) ?? 0
    }

    // MARK: Audit log

    func appendAudit(_ entry: AuditEntry) throws {
        try requireWritable()
        let record = try encode(entry, "audit entry")
        let inserted = try query(statements.auditInsert, [
            try storable(entry.id, "audit entry id"), try entry.organizationID.map { o throws(StoreError) in try storable(o, "organization id") },
            time(entry.at), record.text,
        ])
        guard inserted.count == 1 else { throw StoreError(.duplicate, "An audit entry with the id '\(entry.id)' already exists.") }
    }

    func auditEntries(organizationID: String, limit: Int) throws -> [AuditEntry] {
        guard let organizationID = lookupKey(organizationID) else { return [] }
        return try decodeAll(try query(statements.auditOfOrganization, [organizationID, number(max(0, limit))]), as: AuditEntry.self)
    }

    // MARK: Setup links

    private func setupLinkColumns(_ link: SetupLink, record: String) throws(StoreError) -> [String?] {
        [
            try storable(link.organizationID, "organization id"), try storable(link.tokenHash, "token hash"),
            time(link.createdAt), number(link.version), record,
        ]
    }

    func insertSetupLink(_ link: SetupLink) throws {
        try requireWritable()
        let record = try encode(link, "setup link")
        let inserted = try query(statements.setupLinkInsert,
                                 [try storable(link.id, "setup link id")] + setupLinkColumns(link, record: record.text))
        guard inserted.count == 1 else {
            throw StoreError(.duplicate, "A setup link with this id or token already exists.")
        }
    }

    func setupLink(id: String) throws -> SetupLink? {
        guard let id = lookupKey(id) else { return nil }
        return try decodeFirst(try query(statements.setupLinkGet, [id]), as: SetupLink.self)
    }

    func setupLink(tokenHash: String) throws -> SetupLink? {
        guard let hash = lookupKey(tokenHash) else { return nil }
        return try decodeFirst(try query(statements.setupLinkByToken, [hash]), as: SetupLink.self)
    }

    func setupLinks(organizationID: String) throws -> [SetupLink] {
        guard let organizationID = lookupKey(organizationID) else { return [] }
        return try decodeAll(try query(statements.setupLinksOfOrganization, [organizationID]), as: SetupLink.self)
    }

    func updateSetupLink(_ link: SetupLink) throws -> SetupLink {
        try requireWritable()
        guard let id = lookupKey(link.id) else { throw Self.conflict("The setup link '\(link.id)'") }
        var stored = link
        stored.version += 1
        let record = try encode(stored, "setup link")
        let updated = try query(statements.setupLinkUpdate, [id, number(link.version)] + setupLinkColumns(stored, record: record.text))
        guard updated.count == 1 else {
            guard try query(statements.setupLinkVersion, [id]).integer(0, 0) == link.version else {
                throw Self.conflict("The setup link '\(link.id)'")
            }
            throw StoreError(.duplicate, "Another setup link already has this token.")
        }
        return stored
    }
}
