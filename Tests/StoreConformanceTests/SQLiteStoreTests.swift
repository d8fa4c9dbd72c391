import Foundation
import SSOLifecycle
import SSOSQLite
import Testing

/// What only the SQLite store has: its file, schema migrations, settings, query plans,
/// triggers, locking. The behaviour every store shares is in ``StoreConformanceTests``.
@Suite("SQLite store")
struct SQLiteStoreTests {
    /// Runs `body` with a fresh directory, removed afterwards.
    func withDirectory(_ body: (String) async throws -> Void) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await body(directory.path)
    }

    func permissions(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int) & 0o777
    }

    func openError(_ path: String, configuration: SQLiteStore.Configuration = .init()) -> StoreError? {
        do {
            _ = try SQLiteStore(path: path, configuration: configuration)
            return nil
        } catch {
            return error
        }
    }

    // MARK: The file

    @Test("A new store creates its file (0600) and missing directories (0700), with WAL files as private")
    func createsPrivateFile() async throws {
        try await withDirectory { directory in
            let path = directory + "/nested/deeper/sso.sqlite"
            let store = try SQLiteStore(path: path)
            try await store.write { try $0.insertOrganization(Fixture.organization("acme")) }
            #expect(try permissions(directory + "/nested") == 0o700)
            #expect(try permissions(directory + "/nested/deeper") == 0o700)
            #expect(try permissions(path) == 0o600)
            #expect(try permissions(path + "-wal") == 0o600)
            #expect(try permissions(path + "-shm") == 0o600)
            #expect(store.path == path)
        }
    }

    @Test("A version-1 file (before setup-link sessions) is migrated: its links keep their data and gain empty session fields")
    func migratesFromVersionOne() async throws {
        try await withDirectory { directory in
            let path = directory + "/sso.sqlite"
            let link = Fixture.setupLink("link-old", createdAt: 100)
            do {
                // A file as version 1 left it: the same tables without migration 2's columns.
                let store = try SQLiteStore(path: path)
                try await store.write { transaction throws in
                    try transaction.insertOrganization(Fixture.organization("acme"))
                    try transaction.insertSetupLink(link)
                }
                for column in ["session_token_hash", "session_expires_at", "session_ended_at"] {
                    _ = try store.rawRows("ALTER TABLE setup_links DROP COLUMN \(column)")
                }
                _ = try store.rawRows("PRAGMA user_version = 1")
            }
            let migrated = try SQLiteStore(path: path)
            #expect(try migrated.rawRows("PRAGMA user_version") == [["2"]])
            let columns = try migrated.rawRows("SELECT name FROM pragma_table_info('setup_links') ORDER BY cid").compactMap(\.first)
            #expect(columns.suffix(3) == ["session_token_hash", "session_expires_at", "session_ended_at"])
            let read = try #require(try await migrated.read { try $0.setupLink(id: "link-old") })
            #expect(read == link)
            #expect(read.sessionTokenHash == nil && read.sessionExpiresAt == nil && read.sessionEndedAt == nil)
            var used = read
            used.usedAt = Fixture.date(200)
            used.sessionTokenHash = "session-hash"
            used.sessionExpiresAt = Fixture.date(300)
            let stored = try await migrated.write { [used] transaction in try transaction.updateSetupLink(used) }
            #expect(try await migrated.read { try $0.setupLink(id: "link-old") } == stored)
        }
    }

    @Test("An empty file is migrated to the current schema; reopening keeps data and migrates nothing")
    func migratesAndReopens() async throws {
        try await withDirectory { directory in
            let path = directory + "/sso.sqlite"
            #expect(FileManager.default.createFile(atPath: path, contents: Data()))
            do {
                let store = try SQLiteStore(path: path)
                #expect(try store.rawRows("PRAGMA user_version") == [[String(SQLiteStore.schemaVersion)]])
                #expect(try store.rawRows("PRAGMA application_id") == [[String(0x5353_4F31)]])
                let tables = try store.rawRows("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").compactMap(\.first)
                #expect(tables == ["assertion_ids", "attempts", "audit", "connections", "domains", "organizations", "settings",
                                   "setup_links", "sign_in_requests", "test_runs"])
                try await store.write { try $0.insertOrganization(Fixture.organization("acme")) }
            }
            let reopened = try SQLiteStore(path: path)
            #expect(try await reopened.read { try $0.organization(id: "acme") } == Fixture.organization("acme"))
            #expect(try reopened.rawRows("PRAGMA user_version") == [[String(SQLiteStore.schemaVersion)]])
            // Two stores on one file (two processes, in effect) see each other's commits.
            let second = try SQLiteStore(path: path)
            try await second.write { try $0.insertOrganization(Fixture.organization("globex")) }
            #expect(try await reopened.read { try $0.organization(id: "globex") } != nil)
        }
    }

    @Test("A schema newer than this release is refused as corrupt, with a message saying to upgrade")
    func refusesNewerSchema() async throws {
        try await withDirectory { directory in
            let path = directory + "/sso.sqlite"
            _ = try SQLiteStore(path: path).rawRows("PRAGMA user_version = \(SQLiteStore.schemaVersion + 1)")
            let error = try #require(openError(path))
            #expect(error.kind == .corrupt)
            #expect(error.message.contains("Upgrade SelfServeSSO"))
            #expect(error.message.contains("version \(SQLiteStore.schemaVersion + 1)"))
        }
    }

    @Test("A file that is not an SQLite database is refused as corrupt and left untouched")
    func refusesNonSQLiteFile() async throws {
        try await withDirectory { directory in
            for (name, contents) in [("text", "These are not the tables you are looking for.\n"), ("short", "abc")] {
                let path = directory + "/" + name
                #expect(FileManager.default.createFile(atPath: path, contents: Data(contents.utf8)))
                let error = try #require(openError(path))
                #expect(error.kind == .corrupt, "\(error)")
                #expect(error.message.contains("not an SQLite database"))
                #expect(FileManager.default.contents(atPath: path) == Data(contents.utf8))
            }
        }
    }

    @Test("A directory is refused with a clear failure")
    func refusesDirectory() async throws {
        try await withDirectory { directory in
            let error = try #require(openError(directory))
            #expect(error.kind == .failure)
            #expect(error.message.contains("is a directory"))
            #expect(openError("")?.kind == .failure)
        }
    }

    /// Root reads any file, so the child process gives up root first (to `nobody`).
    @Test("A file this process may not read is refused with a clear failure")
    func refusesUnreadableFile() async throws {
        try await withDirectory { directory in
            let path = directory + "/sso.sqlite"
            _ = try SQLiteStore(path: path)
            #expect(chmod(path, 0) == 0)
            await #expect(processExitsWith: .success) { [path = path as String] in
                if getuid() == 0 {
                    guard setgid(65_534) == 0, setuid(65_534) == 0 else { exit(4) }
                }
                do {
                    _ = try SQLiteStore(path: path)
                    exit(2)
                } catch let error as StoreError {
                    exit(error.kind == .failure && error.message.contains("Permission denied") && error.message.contains(path) ? 0 : 3)
                } catch {
                    exit(5)
                }
            }
        }
    }

    @Test("A database of another application, or one holding other tables, is refused")
    func refusesForeignDatabases() async throws {
        try await withDirectory { directory in
            let other = directory + "/other.sqlite"
            _ = try SQLiteStore(path: other).rawRows("PRAGMA application_id = 42")
            let error = try #require(openError(other))
            #expect(error.kind == .failure)
            #expect(error.message.contains("another application"))

            let tables = directory + "/tables.sqlite"
            do {
                let store = try SQLiteStore(path: tables)
                _ = try store.rawRows("PRAGMA application_id = 0")
                _ = try store.rawRows("PRAGMA user_version = 0")
            }
            let tablesError = try #require(openError(tables))
            #expect(tablesError.kind == .failure)
            #expect(tablesError.message.contains("other tables"))
        }
    }

    // MARK: Settings, plans, triggers

    @Test("WAL journal, synchronous NORMAL, foreign keys and a 5 s busy timeout")
    func connectionSettings() async throws {
        try await withDirectory { directory in
            let store = try SQLiteStore(path: directory + "/sso.sqlite")
            #expect(try store.rawRows("PRAGMA journal_mode") == [["wal"]])
            #expect(try store.rawRows("PRAGMA synchronous") == [["1"]])
            #expect(try store.rawRows("PRAGMA foreign_keys") == [["1"]])
            #expect(try store.rawRows("PRAGMA busy_timeout") == [["5000"]])
            #expect(store.configuration == SQLiteStore.Configuration(busyTimeout: .seconds(5), readerConnections: 4))
        }
    }

    @Test("Checkpoints run in the background once the log passes 1,000 pages; every commit stays, the pages reach the database file")
    func backgroundCheckpoints() async throws {
        try await withDirectory { directory in
            let path = directory + "/sso.sqlite"
            let store = try SQLiteStore(path: path)
            try await store.write { try $0.insertOrganization(Fixture.organization("acme")) }
            // About 2 KiB of JSON per attempt: well past 1,000 pages of log in all.
            let filler = String(repeating: "x", count: 2_000)
            for batch in 0..<60 {
                try await store.write { transaction in
                    for index in 0..<40 {
                        var attempt = Fixture.attempt("att-\(batch)-\(index)", at: Int64(batch * 40 + index))
                        attempt.email = filler
                        try transaction.appendAttempt(attempt)
                    }
                }
            }
            // The background thread gets to it soon after the commit that asked.
            let deadline = Date().addingTimeInterval(20)
            while store.completedCheckpoints == 0, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(store.completedCheckpoints > 0)
            // Nothing lost, the file sound, and the pages copied into the database file itself
            // (with SQLite's own checkpoints off and none run here, it would still hold only
            // the schema, everything else being in the log).
            #expect(try await store.read { try $0.attempts(organizationID: "acme", limit: 10_000) }.count == 2_400)
            #expect(try store.rawRows("PRAGMA integrity_check") == [["ok"]])
            let file = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
            #expect(file > 2 << 20, "the database file is \(file) bytes")
        }
    }

    @Test("The route look-up searches two indexes and scans nothing")
    func routeQueryPlan() async throws {
        try await withDirectory { directory in
            let store = try SQLiteStore(path: directory + "/sso.sqlite")
            // A few rows and fresh statistics, so the plan is the one a real store gets.
            try await store.write { transaction in
                for index in 0..<20 {
                    try transaction.insertOrganization(Fixture.organization("org-\(index)"))
                    try transaction.insertDomain(Fixture.domain("org-\(index)", "d\(index).test", .verified))
                    try transaction.insertConnection(Fixture.activeConnection("conn-\(index)", organizationID: "org-\(index)"))
                }
            }
            _ = try store.rawRows("ANALYZE")
            let plan = try store.rawRows("EXPLAIN QUERY PLAN " + SQLiteStore.routeLookupSQL, ["d3.test"]).compactMap(\.last).compactMap { $0 }
            #expect(plan.count >= 2, "\(plan)")
            #expect(!plan.contains { $0.hasPrefix("SCAN") }, "\(plan)")
            #expect(plan.contains { $0.contains("USING COVERING INDEX domains_verified_name (name=?") }, "\(plan)")
            #expect(plan.contains { $0.contains("USING INDEX connections_active (organization_id=?)") }, "\(plan)")
            #expect(try await store.read { try $0.activeRoute(forVerifiedDomain: "d3.test") }?.connectionID == "conn-3")
        }
    }

    @Test("Triggers refuse changing or removing an audit entry, even through raw SQL")
    func auditTriggers() async throws {
        try await withDirectory { directory in
            let store = try SQLiteStore(path: directory + "/sso.sqlite")
            try await store.write { try $0.appendAudit(Fixture.audit("aud-1", complete: true)) }
            for sql in ["UPDATE audit SET actor = 'someone else'", "DELETE FROM audit"] {
                #expect {
                    _ = try store.rawRows(sql)
                } throws: { error in
                    let error = try #require(error as? StoreError)
                    return error.kind == .constraint && error.message.contains("append-only")
                }
            }
            #expect(try await store.read { try $0.auditEntries(organizationID: "acme", limit: 5) } == [Fixture.audit("aud-1", complete: true)])
        }
    }

    @Test("Records whose organization or connection does not exist are refused by foreign keys")
    func foreignKeys() async throws {
        try await withDirectory { directory in
            let store = try SQLiteStore(path: directory + "/sso.sqlite")
            await expectStoreError(.constraint, in: store) { try $0.insertDomain(Fixture.domain("nobody", "x.test")) }
            await expectStoreError(.constraint, in: store) { try $0.insertConnection(Fixture.connection("conn-1", organizationID: "nobody")) }
            await expectStoreError(.constraint, in: store) { try $0.insertSetupLink(Fixture.setupLink("link-1", organizationID: "nobody")) }
            await expectStoreError(.constraint, in: store) { try $0.insertTestRun(Fixture.testRun("test-1", connectionID: "nowhere")) }
            await expectStoreError(.constraint, in: store) { try $0.insertSignInRequest(Fixture.signInRequest("signin-1", connectionID: "nowhere")) }
            #expect(try store.rawRows("PRAGMA foreign_key_check").isEmpty)
        }
    }

    @Test("Stored data that no longer decodes is reported as corrupt, naming the record")
    func corruptRecords() async throws {
        try await withDirectory { directory in
            let store = try SQLiteStore(path: directory + "/sso.sqlite")
            try await store.insertOrganizations("acme")
            try await store.write { transaction in
                try transaction.insertConnection(Fixture.activeConnection("conn-1", organizationID: "acme"))
                try transaction.insertDomain(Fixture.domain("acme", "acme.test"))
            }
            _ = try store.rawRows("UPDATE connections SET configuration = '{\"submitted\": 1}'")
            _ = try store.rawRows("UPDATE domains SET status = 'owned'")
            for (what, read) in [("conn-1", { @Sendable (transaction: any StoreTransaction) throws in _ = try transaction.connection(id: "conn-1") }),
                                 ("acme.test", { @Sendable (transaction: any StoreTransaction) throws in _ = try transaction.domains(organizationID: "acme") })] {
                await #expect {
                    try await store.read(read)
                } throws: { error in
                    let error = try #require(error as? StoreError)
                    return error.kind == .corrupt && error.message.contains(what)
                }
            }
        }
    }

    @Test("A stored configuration the fast reader does not know is read by JSONDecoder, unchanged")
    func configurationFallback() async throws {
        try await withDirectory { directory in
            let store = try SQLiteStore(path: directory + "/sso.sqlite")
            try await store.insertOrganizations("acme")
            let connection = Fixture.activeConnection("conn-1", organizationID: "acme")
            try await store.write { transaction in
                try transaction.insertConnection(connection)
                try transaction.insertDomain(Fixture.domain("acme", "acme.test", .verified))
            }
            // A key from a newer release (JSONDecoder ignores it; the fast reader gives up).
            _ = try store.rawRows(#"UPDATE connections SET configuration = replace(configuration, '"fingerprint":', '"later":[1],"fingerprint":')"#)
            #expect(try store.rawRows("SELECT instr(configuration, '\"later\"') > 0 FROM connections") == [["1"]])
            #expect(try await store.read { try $0.activeRoute(forVerifiedDomain: "acme.test") } == ConnectionRoute(connection))
        }
    }

    // MARK: Locking and isolation

    @Test("A write waits for another connection's lock up to the busy timeout, then fails as unavailable")
    func busyTimeout() async throws {
        try await withDirectory { directory in
            let path = directory + "/sso.sqlite"
            let holder = try SQLiteStore(path: path)
            let waiter = try SQLiteStore(path: path, configuration: .init(busyTimeout: .milliseconds(100)))
            try holder.transactionSynchronously(.write) { transaction in
                try transaction.insertOrganization(Fixture.organization("acme"))
                // The holder keeps the write lock while the other store tries to write…
                let kind = storeErrorKind {
                    try waiter.transactionSynchronously(.write) { try $0.insertOrganization(Fixture.organization("globex")) }
                }
                #expect(kind == .unavailable)
                // …and reads through the other store do not wait, and see the last commit only.
                #expect(try waiter.transactionSynchronously(.read) { try $0.organization(id: "acme") } == nil)
            }
            #expect(try await waiter.read { try $0.organization(id: "acme") } != nil)
            #expect(try await waiter.read { try $0.organization(id: "globex") } == nil)
        }
    }

    @Test("A read transaction keeps its snapshot while another connection commits")
    func readSnapshot() async throws {
        try await withDirectory { directory in
            let path = directory + "/sso.sqlite"
            let reader = try SQLiteStore(path: path)
            let writer = try SQLiteStore(path: path)
            try await writer.insertOrganizations("acme")
            try reader.transactionSynchronously(.read) { transaction in
                #expect(try transaction.organization(id: "acme") != nil)
                try writer.transactionSynchronously(.write) { try $0.insertOrganization(Fixture.organization("globex")) }
                #expect(try transaction.organization(id: "globex") == nil)
                #expect(try transaction.organizations(after: nil, limit: 10).map(\.id) == ["acme"])
            }
            #expect(try await reader.read { try $0.organization(id: "globex") } != nil)
        }
    }

    @Test("A transaction kept past its end refuses every call")
    func transactionAfterEnd() async throws {
        try await withDirectory { directory in
            let store = try SQLiteStore(path: directory + "/sso.sqlite")
            let kept = try store.transactionSynchronously(.write) { $0 }
            #expect(storeErrorKind { _ = try kept.organization(id: "acme") } == .failure)
            #expect(storeErrorKind { try kept.insertOrganization(Fixture.organization("acme")) } == .failure)
            #expect(try await store.read { try $0.organization(id: "acme") } == nil)
        }
    }
}
