import SSOLifecycle

extension SQLiteTransaction {
    private static let testRunColumns = """
        id, connection_id, organization_id, configuration_fingerprint, request_id, relay_state_hash, status, created_at, \
        expires_at, completed_at, started_by, user, errors, version
        """
    private static let insertTestRunSQL = """
        INSERT INTO test_runs (\(testRunColumns)) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
        """
    private static let selectTestRun = "SELECT \(testRunColumns) FROM test_runs WHERE id = ?1"
    private static let selectTestRunByRelayState = "SELECT \(testRunColumns) FROM test_runs WHERE relay_state_hash = ?1"
    private static let selectTestRunByRequest = """
        SELECT \(testRunColumns) FROM test_runs WHERE connection_id = ?1 AND request_id = ?2 LIMIT 1
        """
    private static let selectTestRuns = """
        SELECT \(testRunColumns) FROM test_runs WHERE connection_id = ?1 ORDER BY created_at DESC, id DESC LIMIT ?2
        """
    private static let selectSuccessfulTestRun = """
        SELECT EXISTS (SELECT 1 FROM test_runs
                       WHERE connection_id = ?1 AND configuration_fingerprint = ?2 AND status = 'success')
        """
    private static let updateTestRunSQL = """
        UPDATE test_runs SET connection_id = ?2, organization_id = ?3, configuration_fingerprint = ?4, request_id = ?5,
            relay_state_hash = ?6, status = ?7, created_at = ?8, expires_at = ?9, completed_at = ?10, started_by = ?11,
            user = ?12, errors = ?13, version = version + 1
        WHERE id = ?1 AND version = ?14
        """

    private static func readTestRun(_ row: SQLiteStatement, _ coding: RecordCoding) throws(StoreError) -> TestRun {
        let id = row.text(0)
        return TestRun(id: id, connectionID: row.text(1), organizationID: row.text(2), configurationFingerprint: row.text(3),
                       requestID: row.text(4), relayStateHash: row.text(5),
                       storedStatus: try row.value(TestRunStatus.self, 6, "status of the test run '\(id)'"),
                       createdAt: row.date(7), expiresAt: row.date(8), completedAt: row.optionalDate(9),
                       startedBy: row.text(10),
                       user: try row.optionalJSON(SignedInUser.self, 11, coding, "user of the test run '\(id)'"),
                       errors: try row.json([SignInFailure].self, 12, coding, "errors of the test run '\(id)'"),
                       version: row.integer(13))
    }

    private func testRuns(_ sql: String, _ values: [SQLiteValue]) throws(StoreError) -> [TestRun] {
        let connection = try reading()
        return try connection.query(sql, values) { row throws(StoreError) in try Self.readTestRun(row, connection.coding) }
    }

    private func values(_ run: TestRun) throws(StoreError) -> [SQLiteValue] {
        let coding = try reading().coding
        return [.text(run.id), .text(run.connectionID), .text(run.organizationID), .text(run.configurationFingerprint),
                .text(run.requestID), .text(run.relayStateHash), .text(run.storedStatus.rawValue), .date(run.createdAt),
                .date(run.expiresAt), .optionalDate(run.completedAt), .text(run.startedBy),
                .optionalText(try coding.encodeIfPresent(run.user, "the signed-in user")),
                .text(try coding.encode(run.errors, "the test run's errors")), .integer(run.version)]
    }

    func insertTestRun(_ run: TestRun) throws {
        try write(Self.insertTestRunSQL, try values(run), duplicate: "A test run with this id or RelayState already exists.",
                  missingParent: "The test run's connection '\(run.connectionID)' does not exist.")
    }

    func testRun(id: String) throws -> TestRun? {
        try testRuns(Self.selectTestRun, [.text(id)]).first
    }

    func testRun(relayStateHash: String) throws -> TestRun? {
        try testRuns(Self.selectTestRunByRelayState, [.text(relayStateHash)]).first
    }

    func testRun(connectionID: String, requestID: String) throws -> TestRun? {
        try testRuns(Self.selectTestRunByRequest, [.text(connectionID), .text(requestID)]).first
    }

    func testRuns(connectionID: String, limit: Int) throws -> [TestRun] {
        try testRuns(Self.selectTestRuns, [.text(connectionID), Self.limit(limit)])
    }

    func hasSuccessfulTestRun(connectionID: String, fingerprint: String) throws -> Bool {
        try reading().query(Self.selectSuccessfulTestRun, [.text(connectionID), .text(fingerprint)]) { $0.bool(0) }.first ?? false
    }

    func updateTestRun(_ run: TestRun) throws -> TestRun {
        let changed = try write(Self.updateTestRunSQL, try values(run),
                                duplicate: "Another test run already has this RelayState.",
                                missingParent: "The test run's connection '\(run.connectionID)' does not exist.")
        guard changed == 1 else { throw Self.conflict("The test run '\(run.id)'") }
        var stored = run
        stored.version += 1
        return stored
    }
}
