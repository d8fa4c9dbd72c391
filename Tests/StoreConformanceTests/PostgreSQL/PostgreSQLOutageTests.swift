import Foundation
import SelfServeSSO
import SSOPostgreSQL
import Testing

/// A database that dies, freezes or drops a connection mid-commit: operations fail with a
/// clear `unavailable` error within the time-out (no crash, no hang), nothing is
/// half-written, nothing reported done is lost, and work resumes when the server is back.
@Suite("PostgreSQL store: outages", .enabled(if: PostgreSQLTestServer.isEnabled, PostgreSQLTestServer.skipReason),
       .timeLimit(.minutes(2)))
struct PostgreSQLOutageTests {
    typealias R = StoreRecords

    /// What a stream of writes saw.
    actor Journal {
        struct Failure {
            let id: String
            let error: StoreError
        }

        private(set) var succeeded: [String] = []
        private(set) var failures: [Failure] = []
        private(set) var longest: TimeInterval = 0
        private(set) var successesSince: [String: Int] = [:]

        func record(_ id: String, _ error: StoreError?, took seconds: TimeInterval) {
            longest = max(longest, seconds)
            if let error { failures.append(Failure(id: id, error: error)) } else { succeeded.append(id) }
        }
    }

    /// One write: an organization and its audit entry, which must be stored together or not at all.
    static func write(_ id: String, to store: PostgreSQLStore, journal: Journal) async -> Bool {
        let started = Date()
        do {
            try await store.transaction(.write) { t in
                try t.insertOrganization(R.organization(id))
                try t.appendAudit(R.audit("aud_\(id)", organization: id))
            }
            await journal.record(id, nil, took: Date().timeIntervalSince(started))
            return true
        } catch let error as StoreError {
            await journal.record(id, error, took: Date().timeIntervalSince(started))
        } catch {
            await journal.record(id, StoreError(.failure, "not a StoreError: \(error)"), took: Date().timeIntervalSince(started))
        }
        return false
    }

    /// Checks what the database holds against what the writers were told.
    static func verify(_ journal: Journal, store: PostgreSQLStore, password: String?, timeout: Double) async throws {
        let schema = store.options.schema
        let organizations = Set(try await store.execute(sql: "SELECT id FROM \(schema).organizations").compactMap { $0[0] })
        let audited = Set(try await store.execute(sql: "SELECT organization_id FROM \(schema).audit_entries").compactMap { $0[0] })
        #expect(organizations == audited, "half-written: \(organizations.symmetricDifference(audited))")
        let succeeded = await journal.succeeded
        #expect(Set(succeeded).isSubset(of: organizations), "reported done but lost: \(Set(succeeded).subtracting(organizations))")
        let failures = await journal.failures
        for failure in failures {
            #expect(failure.error.kind == .unavailable, "\(failure.error)")
            if let password { #expect(!failure.error.description.contains(password)) }
            // Only a commit whose answer was lost may have been applied.
            if !failure.error.message.contains("unknown") {
                #expect(!organizations.contains(failure.id), "\(failure.id) failed with \(failure.error) but was stored")
            }
        }
        let longest = await journal.longest
        #expect(longest < timeout + 1.5, "an operation took \(longest) s")
    }

    @Test("killing the server mid-operation: clear errors within the time-out, nothing half-written, work resumes after restart")
    func killedServer() async throws {
        _ = try PostgreSQLTestServer.requireURL()
        let server = try await PrivateServer.start()
        let timeout = 4.0
        let store = try PostgreSQLStore(connectionString: server.url, options: PostgreSQLTestServer.options(schema: "sso_outage") {
            $0.connectTimeout = 2
            $0.operationTimeout = timeout
        })
        do {
            try await store.prepare()
            let journal = Journal()
            let running = Flag()
            let writers = (0..<4).map { writer in
                Task {
                    var index = 0
                    while running.isSet {
                        index += 1
                        if await !Self.write("w\(writer)-\(index)", to: store, journal: journal) {
                            try? await Task.sleep(nanoseconds: 50_000_000)
                        }
                    }
                }
            }
            #expect(await PostgreSQLTestServer.eventually(within: 10) { await journal.succeeded.count >= 40 })
            try await server.stop(immediate: true)
            let before = await journal.succeeded.count
            #expect(await PostgreSQLTestServer.eventually(within: timeout + 10) { await journal.failures.count >= 4 })
            let readError = await #expect(throws: StoreError.self) {
                try await store.transaction(.read) { t in try t.organizations(after: nil, limit: 1) }
            }
            #expect(readError?.kind == .unavailable)
            try await server.restart()
            let resumed = await PostgreSQLTestServer.eventually(within: 15) { await journal.succeeded.count >= before + 20 }
            running.clear()
            for writer in writers { await writer.value }
            #expect(resumed, "no write succeeded after the restart")
            try await Self.verify(journal, store: store, password: URLComponents(string: server.url)?.password, timeout: timeout)
        } catch {
            store.close()
            await server.destroy()
            throw error
        }
        store.close()
        await server.destroy()
    }

    @Test("a server that freezes (sockets open, no answer): operations fail within the time-out, then resume")
    func frozenServer() async throws {
        _ = try PostgreSQLTestServer.requireURL()
        let server = try await PrivateServer.start()
        let timeout = 3.0
        let store = try PostgreSQLStore(connectionString: server.url, options: PostgreSQLTestServer.options(schema: "sso_frozen") {
            $0.connectTimeout = 2
            $0.operationTimeout = timeout
        })
        do {
            let journal = Journal()
            #expect(await Self.write("before", to: store, journal: journal))
            server.freeze(true)
            let frozenWrites = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<3 { group.addTask { await Self.write("frozen\(index)", to: store, journal: journal) } }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            let started = Date()
            await #expect(throws: StoreError.self) {
                try await store.transaction(.read) { t in try t.organization(id: "before") }
            }
            #expect(Date().timeIntervalSince(started) < timeout + 5)   // fails, it does not hang (slack for a busy machine)
            server.freeze(false)
            #expect(frozenWrites == [false, false, false])
            #expect(await PostgreSQLTestServer.eventually(within: 10) { await Self.write("after\(UUID().uuidString.prefix(4))", to: store, journal: journal) })
            try await Self.verify(journal, store: store, password: URLComponents(string: server.url)?.password, timeout: timeout)
        } catch {
            server.freeze(false)
            store.close()
            await server.destroy()
            throw error
        }
        store.close()
        await server.destroy()
    }

    @Test("a connection lost during COMMIT is reported as an unknown outcome and the body is not run again")
    func lostDuringCommit() async throws {
        let application = "sso-test-commit-\(UUID().uuidString.prefix(8))"
        try await PostgreSQLTestServer.withStore({ $0.applicationName = application }) { store in
            try await store.prepare()
            let s = store.options.schema
            // A deferred constraint trigger runs at COMMIT: it holds the commit long enough to
            // cut the connection in the middle of it.
            _ = try await store.execute(sql: """
                CREATE FUNCTION \(s).slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN PERFORM pg_sleep(4); RETURN NULL; END $$;
                CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT OR UPDATE ON \(s).settings
                    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION \(s).slow_commit()
                """)
            // The connection that cuts the other, opened first so it is ready at once.
            let admin = try PostgreSQLStore(connectionString: try PostgreSQLTestServer.requireURL(),
                                            options: PostgreSQLTestServer.options(schema: s) { $0.cachesSignInSettings = false })
            defer { admin.close() }
            _ = try await admin.execute(sql: "SELECT 1")
            let runs = Counter()
            async let outcome: Void = store.transaction(.write) { t in
                runs.increment()
                try t.setSetting("k", to: "v")
            }
            let cut = try await PostgreSQLTestServer.eventually(within: 8) {
                try await admin.execute(sql: """
                    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                    WHERE application_name = '\(application)' AND state = 'active' AND query = 'COMMIT'
                    """) == [["t"]]
            }
            #expect(cut)
            do {
                try await outcome
                Issue.record("the commit succeeded")
            } catch let error as StoreError {
                #expect(error.kind == .unavailable)
                #expect(error.message.contains("unknown"), "\(error)")
            }
            #expect(runs.value == 1)
        }
    }
}

/// A flag shared by test tasks.
final class Flag: @unchecked Sendable {
    // @unchecked: `value` is read and written only while holding `lock`.
    private let lock = NSLock()
    private var value = true

    var isSet: Bool { lock.withLock { value } }
    func clear() { lock.withLock { value = false } }
}

/// A counter shared by test tasks (and transaction bodies).
final class Counter: @unchecked Sendable {
    // @unchecked: `count` is read and written only while holding `lock`.
    private let lock = NSLock()
    private var count = 0

    var value: Int { lock.withLock { count } }
    func increment() { lock.withLock { count += 1 } }
}
